"""One scene item that draws a whole point dataset (hundreds of thousands of points) in one pass.

QGraphicsScene with one item per point collapses beyond ~10k items. Instead this item rasterises the points
itself: on every paint it maps the (pre-projected) scene coordinates to device pixels with numpy, writes
small squares into an ARGB buffer, and blits that buffer once. Cost is O(points) numpy work, ~tens of ms
for 1M points, and independent of Qt's item machinery.
"""

from __future__ import annotations

import numpy as np
from PyQt6.QtCore import QRectF
from PyQt6.QtGui import QColor, QImage, QPainter
from PyQt6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget


def _argb(color: str, alpha: float = 1.0) -> np.uint32:
    c = QColor(color)
    a = round(255 * alpha)
    # premultiplied ARGB32, as QImage.Format_ARGB32_Premultiplied expects
    r, g, b = (round(v * a / 255) for v in (c.red(), c.green(), c.blue()))
    return np.uint32((a << 24) | (r << 16) | (g << 8) | b)


class PointCloudItem(QGraphicsItem):
    """Draws points at scene coordinates ``x``, ``y`` coloured by ``codes`` (index into ``colors``)."""

    def __init__(self, x: np.ndarray, y: np.ndarray, codes: np.ndarray, colors: list[str],
                 size_px: int = 3) -> None:
        super().__init__()
        self.x = np.asarray(x, dtype=np.float64)
        self.y = np.asarray(y, dtype=np.float64)
        self.codes = np.asarray(codes, dtype=np.int64)
        self.size_px = max(1, int(size_px))
        self.set_colors(colors)
        if len(self.x):
            self._rect = QRectF(self.x.min(), self.y.min(), np.ptp(self.x) or 1.0, np.ptp(self.y) or 1.0)
        else:
            self._rect = QRectF()

    def set_colors(self, colors: list[str]) -> None:
        self.palette = np.array([_argb(c) for c in colors] or [_argb("#333333")], dtype=np.uint32)
        self.update()

    def boundingRect(self) -> QRectF:
        pad = 1.0
        return self._rect.adjusted(-pad, -pad, pad, pad)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        device = painter.device()
        width, height = device.width(), device.height()
        if width <= 0 or height <= 0 or not len(self.x):
            return
        t = painter.worldTransform()
        px = (t.m11() * self.x + t.m21() * self.y + t.dx()).astype(np.int64)
        py = (t.m12() * self.x + t.m22() * self.y + t.dy()).astype(np.int64)
        half = self.size_px // 2
        visible = (px >= half) & (px < width - half) & (py >= half) & (py < height - half)
        px, py, colors = px[visible], py[visible], self.palette[self.codes[visible] % len(self.palette)]
        buffer = np.zeros((height, width), dtype=np.uint32)
        for oy in range(-half, self.size_px - half):
            for ox in range(-half, self.size_px - half):
                buffer[py + oy, px + ox] = colors
        image = QImage(buffer.data, width, height, width * 4, QImage.Format.Format_ARGB32_Premultiplied)
        painter.save()
        painter.resetTransform()
        painter.drawImage(0, 0, image)
        painter.restore()
