"""The dashboard dock: the corridor's share against the 45% target, per category and per city, the
areas against plan, and the +15% growth indicators. Every figure names its dataset.

The ratio part shows a :class:`corridor_gis.report.RatioReport` — the report the CLI prints and the HTML
briefing renders — and its chart is the same SVG (:mod:`corridor_gis.chart_svg`) through QtSvg. The
indicators come from :mod:`corridor_gis.indicators`.
"""

from __future__ import annotations

from PyQt6.QtCore import Qt, pyqtSignal
from PyQt6.QtGui import QColor, QFont
from PyQt6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..analysis import RatioResult
from ..indicators import IndicatorStatus
from ..report import COLOURS, RatioReport, mark
from .chart import ShareBarChart
from .counting_box import CountingBox
from .i18n import current_language

BANNER_STYLE = "background: #fdebd0; border-left: 4px solid #e67e22; padding: 4px; font-weight: bold"
READINGS_STYLE = "color: #7e5109"


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return table


def _fill(table: QTableWidget, rows: list[list[str]], colors: list[str | None] | None = None) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            if c > 0:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if colors and colors[r] and c == len(row) - 1:
                item.setForeground(QColor(colors[r]))
            table.setItem(r, c, item)
    table.resizeRowsToContents()
    height = table.horizontalHeader().height() + sum(table.rowHeight(i) for i in range(len(rows))) + 4
    table.setFixedHeight(height)


class Dashboard(QWidget):
    """Shows a :class:`RatioReport` (ratio, cities with areas, notes) and the indicators; emits the chosen
    dataset's name."""

    datasetChosen = pyqtSignal(str)
    #: the user changed what the headline counts (a CountingChoice)
    countingChanged = pyqtSignal(object)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        lang = current_language()
        self.lang = lang
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = self.scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        layout = QVBoxLayout(body)

        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("数据集")))
        self.dataset_combo = QComboBox()
        self.dataset_combo.currentTextChanged.connect(self._on_dataset)
        row.addWidget(self.dataset_combo, 1)
        layout.addLayout(row)

        self.headline = QLabel("—")
        font = QFont("Noto Sans CJK SC", 30)
        font.setBold(True)
        self.headline.setFont(font)
        self.headline.setObjectName("headline")
        self.detail = QLabel("")
        self.detail.setWordWrap(True)
        self.provenance = QLabel("")
        self.provenance.setWordWrap(True)
        self.provenance.setObjectName("provenance")
        # the report's notes: unknown categories in words, the reader's warnings
        self.notes = QLabel("")
        self.notes.setWordWrap(True)
        self.notes.setObjectName("notes")
        self.notes.setVisible(False)
        # the CRS-sensitivity readings (whenever the CRS was not stated) and, prominent, a verdict that flips
        self.crs_banner = QLabel("")
        self.crs_banner.setWordWrap(True)
        self.crs_banner.setObjectName("crs_banner")
        self.crs_banner.setVisible(False)
        box = QGroupBox(self.tr("科创大走廊集聚度（目标 ≥45%）"))
        v = QVBoxLayout(box)
        v.addWidget(self.crs_banner)
        v.addWidget(self.headline)
        v.addWidget(self.detail)
        v.addWidget(self.notes)
        v.addWidget(self.provenance)
        self.boundaries = QLabel("")  # indicative, user-supplied or official: what every figure rests on
        self.boundaries.setWordWrap(True)
        self.boundaries.setObjectName("provenance")
        v.addWidget(self.boundaries)
        layout.addWidget(box)
        self.counting = CountingBox()
        self.counting.changed.connect(self.countingChanged.emit)
        layout.addWidget(self.counting)

        self.category_table = _table([self.tr("类别"), self.tr("总数"), self.tr("走廊内"), self.tr("占比"),
                                      self.tr("目标")])
        self.chart = ShareBarChart()
        box = QGroupBox(self.tr("按类别"))
        v = QVBoxLayout(box)
        v.addWidget(self.category_table)
        v.addWidget(self.chart)
        layout.addWidget(box)

        self.city_table = _table([self.tr("城"), self.tr("走廊内"), self.tr("占全市"), self.tr("面积 km²"),
                                  self.tr("规划 km²"), self.tr("差")])
        box = QGroupBox(self.tr("按城（三城）"))
        v = QVBoxLayout(box)
        v.addWidget(self.city_table)
        layout.addWidget(box)

        self.subdistrict_table = _table([self.tr("街道/镇"), self.tr("区"), self.tr("走廊内"), self.tr("总数"),
                                         self.tr("占比")])
        self.subdistrict_note = QLabel("")
        self.subdistrict_note.setObjectName("provenance")
        box = QGroupBox(self.tr("按街道（走廊涉及的街道/镇）"))
        v = QVBoxLayout(box)
        v.addWidget(self.subdistrict_table)
        v.addWidget(self.subdistrict_note)
        layout.addWidget(box)

        self.indicator_table = _table([self.tr("指标"), self.tr("基期"), self.tr("当期"), self.tr("增长"),
                                       self.tr("≥15%")])
        self.indicator_note = QLabel("")
        self.indicator_note.setWordWrap(True)
        self.indicator_note.setObjectName("provenance")
        box = QGroupBox(self.tr("增长指标（目标 +15%）"))
        v = QVBoxLayout(box)
        v.addWidget(self.indicator_table)
        v.addWidget(self.indicator_note)
        layout.addWidget(box)
        layout.addStretch(1)
        self.result: RatioResult | None = None
        self.report: RatioReport | None = None

    # ------------------------------------------------------------------------------- datasets
    def set_datasets(self, names: list[str], current: str | None) -> None:
        self.dataset_combo.blockSignals(True)
        self.dataset_combo.clear()
        self.dataset_combo.addItems(names)
        if current in names:
            self.dataset_combo.setCurrentText(current)
        self.dataset_combo.blockSignals(False)

    def _on_dataset(self, name: str) -> None:
        if name:
            self.datasetChosen.emit(name)

    def minimum_width(self) -> int:
        """The width that shows the dashboard's rows without scrolling sideways (English words are longer
        than Chinese: "What is counted" with its four categories needs ~600 px, Chinese ~430)."""
        scroll = self.scroll
        return (scroll.widget().minimumSizeHint().width() + scroll.verticalScrollBar().sizeHint().width()
                + 2 * scroll.frameWidth())

    # -------------------------------------------------------------------------------- figures
    def show_report(self, report: RatioReport | None) -> None:
        """Fill the headline, detail, notes, provenance, category table, chart and city table from
        ``report`` (:func:`corridor_gis.report.build_report`, the report the CLI prints and the HTML shows)."""
        self.report = report
        h = report.headline if report else None
        if h is None:
            self.headline.setText("—")
            self.headline.setStyleSheet("")
            self.detail.setText(report.provenance if report else self.tr("没有数据集：用“导入数据”加载机构名单"))
            self.provenance.setText("")
            self.provenance.setToolTip("")
            self.notes.setText("")
            self.notes.setVisible(False)
            self.crs_banner.setVisible(False)
            _fill(self.category_table, [])
            self.chart.set_chart(None)
        else:
            self.headline.setText(f"{h.share_text} {h.mark}")
            self.headline.setStyleSheet(f"color: {h.colour}")
            counted = f"（{h.counted_text}）" if report.lang == "zh" else f" ({h.counted_text}) "
            self.detail.setText(f"{h.inside} / {h.total}{counted}{h.target_text}"
                                + (f"\n{h.shortfall}" if h.shortfall else ""))
            self.provenance.setText(report.provenance)
            self.provenance.setToolTip(report.crs_sentence)
            self.notes.setText("\n".join(f"• {note}" for note in report.notes))
            self.notes.setVisible(bool(report.notes))
            self._show_crs(report)
            _fill(self.category_table, [[r.name, str(r.total), str(r.inside), r.share_text, r.mark]
                                        for r in report.categories],
                  [COLOURS[r.role] for r in report.categories])
            self.chart.set_chart(report.chart)
        self.boundaries.setText(report.boundaries if report else "")
        _fill(self.city_table, [[c.name, c.inside_text, c.share_text, c.area_text, c.planned_text, c.diff_text]
                                for c in (report.cities if report else [])])
        streets = report.subdistricts if report else []
        _fill(self.subdistrict_table, [[s.name, s.district, str(s.inside), str(s.total), s.share_text]
                                       for s in streets])
        self.subdistrict_note.setText(self.tr("街道边界：") + report.subdistrict_source if streets else "")

    def _show_crs(self, report: RatioReport) -> None:
        if not report.crs_readings:
            self.crs_banner.setVisible(False)
            return
        warning = bool(report.crs_warning)
        self.crs_banner.setText(f"⚠ {report.crs_warning}" if warning else report.crs_readings)
        self.crs_banner.setToolTip(report.crs_readings)
        self.crs_banner.setStyleSheet(BANNER_STYLE if warning else READINGS_STYLE)
        self.crs_banner.setVisible(True)

    def show_indicators(self, items: list[IndicatorStatus], source: str) -> None:
        rows, colors = [], []
        for i in items:
            rows.append([i.name_zh if self.lang == "zh" else (i.name_en or i.name_zh),
                         f"{i.baseline:g} ({i.baseline_year})", f"{i.current:g} ({i.current_year})",
                         f"{100 * i.growth:+.1f}%", mark(i.met)])
            colors.append(COLOURS["met" if i.met else "not_met"])
        _fill(self.indicator_table, rows, colors)
        labels = sorted({i.label for i in items if i.label})
        self.indicator_note.setText(self.tr("来源：") + f"{source} · " + ", ".join(labels))
