"""What the canvas draws over the map in screen pixels: the scale bar, the north arrow and the attributions
of the layers shown (split from :mod:`corridor_gis.app.canvas`, which renders the map itself)."""

from __future__ import annotations

import math

from PyQt6.QtCore import QPointF, QRectF, Qt
from PyQt6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen, QPolygonF

FONT = "Noto Sans CJK SC"


def draw_scale_bar(painter: QPainter, metres_per_pixel: float, view_height: int) -> None:
    """A four-segment bar of a round length (1, 2 or 5 × 10ⁿ m) of at most ~150 px, bottom left."""
    mpp = metres_per_pixel
    target = 150 * mpp  # metres in ~150 px
    exp = 10 ** math.floor(math.log10(target))
    nice = max(m * exp for m in (1, 2, 5) if m * exp <= target)
    px = nice / mpp
    x0, y0 = 20, view_height - 28
    painter.setPen(QPen(QColor("#222222"), 1))
    painter.setBrush(QColor(255, 255, 255, 235))  # labels under the box must not read through its text
    painter.drawRect(QRectF(x0 - 8, y0 - 22, px + 60, 34))
    for i in range(4):
        painter.setBrush(QColor("#222222") if i % 2 == 0 else QColor("#ffffff"))
        painter.drawRect(QRectF(x0 + i * px / 4, y0, px / 4, 6))
    label = f"{nice / 1000:g} km" if nice >= 1000 else f"{nice:g} m"
    painter.setFont(QFont(FONT, 9))
    painter.drawText(QPointF(x0, y0 - 6), f"0        {label}")


def draw_attribution(painter: QPainter, text: str, view_width: int, view_height: int) -> None:
    """The attributions of the layers drawn now, in a white box in the bottom-right corner (none: nothing)."""
    if not text:
        return
    painter.setFont(QFont(FONT, 8))
    metrics = painter.fontMetrics()
    width, height = metrics.horizontalAdvance(text) + 10, metrics.height() + 4
    box = QRectF(view_width - width - 4, view_height - height - 4, width, height)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(255, 255, 255, 210))
    painter.drawRect(box)
    painter.setPen(QColor("#333333"))
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)


def draw_north_arrow(painter: QPainter, view_width: int) -> None:
    """EPSG:4549 grid north, top right; the convergence from true north is < 0.6° over Qingdao."""
    x, y = view_width - 36, 22
    arrow = QPolygonF([QPointF(x, y), QPointF(x + 10, y + 30), QPointF(x, y + 24), QPointF(x - 10, y + 30)])
    painter.setPen(QPen(QColor("#222222"), 1))
    painter.setBrush(QColor("#222222"))
    painter.drawPolygon(arrow)
    path = QPainterPath()
    font = QFont(FONT, 11)
    font.setBold(True)
    path.addText(x - 6, y + 48, font, "N")
    painter.drawPath(path)
