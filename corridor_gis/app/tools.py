"""Map tools (one class per tool, like QgsMapTool): each owns the mouse/keyboard handling of the canvas.

Mouse handlers receive a :class:`~corridor_gis.app.map_event.MapMouseEvent` (view position, lon/lat,
EPSG:4549, snapping); key handlers the Qt key event. Handlers return True when they consumed the event.
"""

from __future__ import annotations

from collections.abc import Callable

from PyQt6.QtCore import QPoint, Qt
from PyQt6.QtGui import QCursor

from .map_event import MapMouseEvent


class MapTool:
    """Base class: a tool is active on one canvas at a time."""

    name = "tool"

    def __init__(self, canvas) -> None:
        self.canvas = canvas

    def activate(self) -> None: ...
    def deactivate(self) -> None: ...

    def cursor(self) -> QCursor:
        return QCursor(Qt.CursorShape.ArrowCursor)

    def press(self, event: MapMouseEvent) -> bool:
        return False

    def move(self, event: MapMouseEvent) -> bool:
        return False

    def release(self, event: MapMouseEvent) -> bool:
        return False

    def double_click(self, event: MapMouseEvent) -> bool:
        return False

    def key_press(self, event) -> bool:
        return False


class PanTool(MapTool):
    """Drag to pan (left button); the wheel zooms at the cursor in every tool."""

    name = "pan"

    def __init__(self, canvas) -> None:
        super().__init__(canvas)
        self._last: QPoint | None = None

    def cursor(self) -> QCursor:
        return QCursor(Qt.CursorShape.OpenHandCursor)

    def press(self, event: MapMouseEvent) -> bool:
        if event.button == Qt.MouseButton.LeftButton:
            self._last = event.view_pos.toPoint()
            self.canvas.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            return True
        return False

    def move(self, event: MapMouseEvent) -> bool:
        if self._last is None:
            return False
        pos = event.view_pos.toPoint()
        delta = pos - self._last
        self._last = pos
        self.canvas.pan_by(-delta.x(), -delta.y())
        return True

    def release(self, event: MapMouseEvent) -> bool:
        if self._last is None:
            return False
        self._last = None
        self.canvas.viewport().setCursor(self.cursor())
        return True


class IdentifyTool(MapTool):
    """Click a feature to see its attributes: ``callback`` receives the map event."""

    name = "identify"

    def __init__(self, canvas, callback: Callable[[MapMouseEvent], object]) -> None:
        super().__init__(canvas)
        self.callback = callback

    def cursor(self) -> QCursor:
        return QCursor(Qt.CursorShape.WhatsThisCursor)

    def press(self, event: MapMouseEvent) -> bool:
        if event.button != Qt.MouseButton.LeftButton:
            return False
        self.callback(event)
        return True


__all__ = ["IdentifyTool", "MapTool", "PanTool"]
