"""Map tools (one class per tool, like QgsMapTool): each owns the mouse/keyboard handling of the canvas.

Handlers return True when they consumed the event.
"""

from __future__ import annotations

from PyQt6.QtCore import QPoint, QPointF, Qt
from PyQt6.QtGui import QCursor

from .canvas import MapCanvas


class MapTool:
    """Base class: a tool is active on one canvas at a time."""

    name = "tool"

    def __init__(self, canvas: MapCanvas) -> None:
        self.canvas = canvas

    def activate(self) -> None: ...
    def deactivate(self) -> None: ...

    def cursor(self) -> QCursor:
        return QCursor(Qt.CursorShape.ArrowCursor)

    def press(self, event) -> bool:
        return False

    def move(self, event) -> bool:
        return False

    def release(self, event) -> bool:
        return False

    def double_click(self, event) -> bool:
        return False

    def key_press(self, event) -> bool:
        return False


class PanTool(MapTool):
    """Drag to pan (left button); the wheel zooms at the cursor in every tool."""

    name = "pan"

    def __init__(self, canvas: MapCanvas) -> None:
        super().__init__(canvas)
        self._last: QPoint | None = None

    def cursor(self) -> QCursor:
        return QCursor(Qt.CursorShape.OpenHandCursor)

    def press(self, event) -> bool:
        if event.button() == Qt.MouseButton.LeftButton:
            self._last = event.position().toPoint()
            self.canvas.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            return True
        return False

    def move(self, event) -> bool:
        if self._last is None:
            return False
        pos = event.position().toPoint()
        delta = pos - self._last
        self._last = pos
        self.canvas.pan_by(-delta.x(), -delta.y())
        return True

    def release(self, event) -> bool:
        if self._last is None:
            return False
        self._last = None
        self.canvas.viewport().setCursor(self.cursor())
        return True


class IdentifyTool(MapTool):
    """Click a feature to see its attributes; the window connects :attr:`identified`."""

    name = "identify"

    def __init__(self, canvas: MapCanvas, callback) -> None:
        super().__init__(canvas)
        self.callback = callback  # called with the scene point and the click tolerance in metres

    def cursor(self) -> QCursor:
        return QCursor(Qt.CursorShape.WhatsThisCursor)

    def press(self, event) -> bool:
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        point = self.canvas.mapToScene(event.position().toPoint())
        self.callback(QPointF(point), 5 * self.canvas.metres_per_pixel())
        return True


__all__ = ["IdentifyTool", "MapTool", "PanTool"]
