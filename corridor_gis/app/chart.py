"""The dashboard's bar chart: the report's SVG (:func:`corridor_gis.chart_svg.bar_chart_svg`, the chart of
the HTML briefing) drawn by QtSvg — one chart, one palette, on every face.

The SVG is regenerated at the widget's width (text stays at its design size instead of being scaled),
and the widget takes the SVG's height.
"""

from __future__ import annotations

from PyQt6.QtCore import QByteArray, Qt
from PyQt6.QtSvgWidgets import QSvgWidget
from PyQt6.QtWidgets import QSizePolicy

from ..chart_svg import bar_chart_svg
from ..report import ChartData

MIN_WIDTH = 260


class ShareBarChart(QSvgWidget):
    """Bars = share inside the corridor per category; dashed line = target (label in the legend)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.chart_data: ChartData | None = None
        self.svg = ""
        self.renderer().setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(MIN_WIDTH)
        self.setFixedHeight(0)

    def set_chart(self, chart: ChartData | None) -> None:
        """Show ``chart`` (a report's chart data); ``None`` or no bars hides the chart."""
        self.chart_data = chart
        self._render()

    def _render(self) -> None:
        chart = self.chart_data
        self.svg = bar_chart_svg(chart, width=max(MIN_WIDTH, self.width())) if chart else ""
        self.load(QByteArray(self.svg.encode("utf-8")))
        self.setFixedHeight(self.renderer().defaultSize().height() if self.svg else 0)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width() and self.chart_data is not None:
            self._render()
