"""Drawing on a sheet of paper in millimetres: one small helper over a QPainter on any device.

The painter stays in device units (1/dpi inch) so that fonts given in points come out at their true size on
QPdfWriter, QSvgGenerator and QImage alike (each reports the dpi it was given); :class:`Sheet` converts
millimetres to device units. Text is drawn with ``drawText`` — real text, selectable and searchable in PDF and SVG.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from PyQt6.QtCore import QPointF, QRectF, Qt
from PyQt6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen, QPolygonF

MM_PER_INCH = 25.4
INK = "#222222"


@dataclass
class Sheet:
    """A painter on a page of ``width_mm`` × ``height_mm`` at ``dpi`` device units per inch."""

    painter: QPainter
    dpi: float
    width_mm: float
    height_mm: float
    family: str
    #: measure only: text returns its height, nothing is drawn (to fit blocks before drawing them)
    dry: bool = False

    def measuring(self) -> Sheet:
        """The same sheet, measuring instead of drawing."""
        return replace(self, dry=True)

    def u(self, mm: float) -> float:
        """Millimetres → device units."""
        return mm * self.dpi / MM_PER_INCH

    def rect(self, x: float, y: float, w: float, h: float) -> QRectF:
        return QRectF(self.u(x), self.u(y), self.u(w), self.u(h))

    def point(self, x: float, y: float) -> QPointF:
        return QPointF(self.u(x), self.u(y))

    def font(self, pt: float, bold: bool = False) -> QFont:
        font = QFont(self.family)
        font.setPointSizeF(pt)
        font.setBold(bold)
        # Noto Sans CJK's 'locl' swaps digits in Latin runs ("wgs84", "A4") for glyphs outside the font's
        # cmap; Qt's PDF writer then has no text for them and "84" vanishes from copy and search. The SC
        # font's default glyphs are already the Simplified Chinese forms, so nothing is lost by turning it off.
        font.setFeature(QFont.Tag("locl"), 0)
        # ligatures ("official" → "o" + "ﬃ" + "cial") make words unsearchable in the PDF: spell them out
        font.setFeature(QFont.Tag("liga"), 0)
        return font

    def pen(self, colour: str = INK, width_mm: float = 0.25, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
        pen = QPen(QColor(colour), self.u(width_mm))
        pen.setStyle(style)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        return pen

    def text(self, x: float, y: float, w: float, text: str, pt: float, bold: bool = False,
             colour: str = INK, align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft) -> float:
        """Draw ``text`` wrapped to ``w`` mm with its top at ``y``; returns the height used in mm."""
        font = self.font(pt, bold)
        flags = int(align | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap)
        metrics = QFontMetricsF(font, self.painter.device())
        bounds = metrics.boundingRect(QRectF(0, 0, self.u(w), 1e9), flags, text)
        if self.dry:
            return bounds.height() * MM_PER_INCH / self.dpi
        self.painter.save()
        self.painter.setFont(font)
        self.painter.setPen(QColor(colour))
        self.painter.drawText(QRectF(self.u(x), self.u(y), self.u(w), bounds.height()), flags, text)
        self.painter.restore()
        return bounds.height() * MM_PER_INCH / self.dpi

    def text_height(self, text: str, pt: float, bold: bool = False) -> float:
        """Height of one line of ``text`` in mm (as :meth:`text` advances for it)."""
        metrics = QFontMetricsF(self.font(pt, bold), self.painter.device())
        return metrics.boundingRect(QRectF(0, 0, 1e9, 1e9), int(Qt.AlignmentFlag.AlignTop), text).height() \
            * MM_PER_INCH / self.dpi

    def text_width(self, text: str, pt: float, bold: bool = False) -> float:
        """Width of one line of ``text`` in mm."""
        metrics = QFontMetricsF(self.font(pt, bold), self.painter.device())
        return metrics.horizontalAdvance(text) * MM_PER_INCH / self.dpi

    def box(self, x: float, y: float, w: float, h: float, fill: str | QColor | None, stroke: str | None = INK,
            width_mm: float = 0.25, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> None:
        if self.dry:
            return
        self.painter.save()
        self.painter.setPen(self.pen(stroke, width_mm, style) if stroke else QPen(Qt.PenStyle.NoPen))
        self.painter.setBrush(QBrush(QColor(fill)) if fill is not None else QBrush(Qt.BrushStyle.NoBrush))
        self.painter.drawRect(self.rect(x, y, w, h))
        self.painter.restore()

    def line(self, x1: float, y1: float, x2: float, y2: float, colour: str, width_mm: float,
             style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> None:
        if self.dry:
            return
        self.painter.save()
        pen = self.pen(colour, width_mm, style)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        self.painter.setPen(pen)
        self.painter.drawLine(self.point(x1, y1), self.point(x2, y2))
        self.painter.restore()

    def circle(self, cx: float, cy: float, r: float, fill: str, stroke: str, width_mm: float) -> None:
        if self.dry:
            return
        self.painter.save()
        self.painter.setPen(self.pen(stroke, width_mm))
        self.painter.setBrush(QColor(fill))
        self.painter.drawEllipse(self.point(cx, cy), self.u(r), self.u(r))
        self.painter.restore()

    def polygon(self, points: list[tuple[float, float]], fill: str, stroke: str | None = None) -> None:
        if self.dry:
            return
        self.painter.save()
        self.painter.setPen(self.pen(stroke, 0.2) if stroke else QPen(Qt.PenStyle.NoPen))
        self.painter.setBrush(QColor(fill))
        self.painter.drawPolygon(QPolygonF([self.point(x, y) for x, y in points]))
        self.painter.restore()
