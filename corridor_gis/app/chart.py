"""A small bar chart of share per category with the target line, painted with QPainter.

(No matplotlib: it would add ~0.5 s to every cold start for one chart.)
"""

from __future__ import annotations

from PyQt6.QtCore import QRectF, Qt
from PyQt6.QtGui import QColor, QFont, QPainter, QPen
from PyQt6.QtWidgets import QSizePolicy, QWidget

from .i18n import tr

MET, NOT_MET = QColor("#27ae60"), QColor("#c0392b")


class ShareBarChart(QWidget):
    """Bars = share inside the corridor per category; dashed line = target."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.bars: list[tuple[str, float]] = []
        self.target = 0.45
        self.setMinimumHeight(150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_data(self, bars: list[tuple[str, float]], target: float) -> None:
        self.bars, self.target = bars, target
        self.update()

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("#ffffff"))
        if not self.bars:
            return
        font = QFont("Noto Sans CJK SC", 8)
        p.setFont(font)
        left, right, top, bottom = 34, 8, 10, 34
        w, h = self.width() - left - right, self.height() - top - bottom
        p.setPen(QPen(QColor("#999999"), 1))
        for frac in (0, 0.25, 0.5, 0.75, 1.0):
            y = top + h * (1 - frac)
            p.drawLine(left - 3, int(y), left + w, int(y))
            p.drawText(QRectF(0, y - 8, left - 5, 16), Qt.AlignmentFlag.AlignRight, f"{int(frac * 100)}%")
        slot = w / len(self.bars)
        for i, (name, share) in enumerate(self.bars):
            x = left + i * slot + slot * 0.18
            bh = h * max(0.0, min(share, 1.0))
            p.fillRect(QRectF(x, top + h - bh, slot * 0.64, bh), MET if share >= self.target else NOT_MET)
            p.setPen(QColor("#222222"))
            p.drawText(QRectF(x - slot * 0.18, top + h - bh - 14, slot, 14),
                       Qt.AlignmentFlag.AlignCenter, f"{100 * share:.1f}%")
            p.drawText(QRectF(left + i * slot, top + h + 3, slot, bottom - 3),
                       Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap, name)
        y = top + h * (1 - self.target)
        pen = QPen(QColor("#e67e22"), 2, Qt.PenStyle.DashLine)
        p.setPen(pen)
        p.drawLine(left, int(y), left + w, int(y))
        p.drawText(QRectF(left + w - 80, y - 16, 80, 14), Qt.AlignmentFlag.AlignRight,
                   tr("目标") + f" {100 * self.target:.0f}%")
