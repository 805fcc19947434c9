"""What the canvas draws over the map in screen pixels: the scale bar, the north arrow and the attributions
of the layers shown (split from :mod:`corridor_gis.app.canvas`, which renders the map itself)."""

from __future__ import annotations

import math

from PyQt6.QtCore import QPointF, QRectF, Qt
from PyQt6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen, QPolygonF

FONT = "Noto Sans CJK SC"


def draw_scale_bar(painter: QPainter, metres_per_pixel: float, view_height: int) -> QRectF:
    """A four-segment bar of a round length (1, 2 or 5 × 10ⁿ m) of at most ~150 px, bottom left, in a
    nearly opaque white box fitted to the bar and its labels; returns the box.

    As QGIS's scale bar: "0" is centred over the bar's start and the length ("5 km") over its end, so the
    length reads where it is measured (one string "0        5 km" put it mid-bar)."""
    mpp = metres_per_pixel
    target = 150 * mpp  # metres in ~150 px
    exp = 10 ** math.floor(math.log10(target))
    nice = max(m * exp for m in (1, 2, 5) if m * exp <= target)
    px = nice / mpp
    x0, y0 = 20, view_height - 28
    label = f"{nice / 1000:g} km" if nice >= 1000 else f"{nice:g} m"
    painter.setFont(QFont(FONT, 9))
    metrics = painter.fontMetrics()
    zero_w, label_w = metrics.horizontalAdvance("0"), metrics.horizontalAdvance(label)
    left = x0 - max(8.0, zero_w / 2 + 5)
    right = x0 + px + max(8.0, label_w / 2 + 5)
    box = QRectF(left, y0 - 22, right - left, 34)
    painter.setPen(QPen(QColor("#222222"), 1))
    painter.setBrush(QColor(255, 255, 255, 235))  # labels under the box must not read through its text
    painter.drawRect(box)
    for i in range(4):
        painter.setBrush(QColor("#222222") if i % 2 == 0 else QColor("#ffffff"))
        painter.drawRect(QRectF(x0 + i * px / 4, y0, px / 4, 6))
    painter.drawText(QPointF(x0 - zero_w / 2, y0 - 6), "0")
    painter.drawText(QPointF(x0 + px - label_w / 2, y0 - 6), label)
    return box


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


def draw_north_arrow(painter: QPainter, view_width: int) -> QRectF:
    """EPSG:4549 grid north, top right; the convergence from true north is < 0.6° over Qingdao. Drawn on a
    small white rounded box (as the scale bar's) so it stays legible over dense points; returns the box."""
    x, y = view_width - 36, 22
    arrow = QPolygonF([QPointF(x, y), QPointF(x + 10, y + 30), QPointF(x, y + 24), QPointF(x - 10, y + 30)])
    path = QPainterPath()
    font = QFont(FONT, 11)
    font.setBold(True)
    path.addText(x - 6, y + 48, font, "N")
    box = arrow.boundingRect().united(path.boundingRect()).adjusted(-6, -6, 6, 5)
    painter.setPen(QPen(QColor(34, 34, 34, 90), 1))
    painter.setBrush(QColor(255, 255, 255, 235))
    painter.drawRoundedRect(box, 4, 4)
    painter.setPen(QPen(QColor("#222222"), 1))
    painter.setBrush(QColor("#222222"))
    painter.drawPolygon(arrow)
    painter.drawPath(path)
    return box
