"""The dashboard dock: the corridor's share against the 45% target, per category and per city, the
areas against plan, and the +15% growth indicators. Every figure names its dataset.

All numbers come from :mod:`corridor_gis.analysis`, :mod:`corridor_gis.areas` and
:mod:`corridor_gis.indicators` — the same functions the CLI and the HTML export use.
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
from ..areas import ZoneArea
from ..categories import category_name
from ..indicators import IndicatorStatus
from .chart import ShareBarChart
from .i18n import current_language

GOOD, BAD = "#1e8449", "#c0392b"


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def _mark(ok: bool) -> str:
    return "✓" if ok else "✗"


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
    """Shows a :class:`RatioResult` plus areas and indicators; emits the chosen dataset's name."""

    datasetChosen = pyqtSignal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        lang = current_language()
        self.lang = lang
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
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
        box = QGroupBox(self.tr("科创大走廊集聚度（目标 ≥45%）"))
        v = QVBoxLayout(box)
        v.addWidget(self.headline)
        v.addWidget(self.detail)
        v.addWidget(self.provenance)
        layout.addWidget(box)

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

    # -------------------------------------------------------------------------------- figures
    def show_ratio(self, result: RatioResult | None, city_names: dict[str, str],
                   areas: list[ZoneArea]) -> None:
        self.result = result
        area_by_id = {a.id: a for a in areas}
        if result is None:
            self.headline.setText("—")
            self.detail.setText(self.tr("没有数据集：用“导入数据”加载机构名单"))
            self.provenance.setText("")
            _fill(self.category_table, [])
            self.chart.set_data([], 0.45)
        else:
            c = result.corridor
            color = GOOD if c.met else BAD
            self.headline.setText(f"{_pct(c.share)} {_mark(c.met)}")
            self.headline.setStyleSheet(f"color: {color}")
            counted = "+".join(category_name(k, self.lang) for k in result.counted_categories)
            text = f"{c.inside} / {c.total}（{counted}）"
            if not c.met:
                text += "\n" + self.tr("差距：新增 {0} 个，或迁入 {1} 个").format(c.shortfall_new,
                                                                             c.shortfall_moved)
            self.detail.setText(text)
            label = f"（{result.label}）" if result.label else ""
            self.provenance.setText(
                self.tr("数据集：") + f"{result.dataset}{label} · CRS {result.crs} · "
                + self.tr("{0} 行，跳过 {1} 行").format(result.rows, len(result.skipped)))
            rows, colors = [], []
            for cat, s in result.by_category.items():
                rows.append([category_name(cat, self.lang), str(s.total), str(s.inside), _pct(s.share),
                             _mark(s.met)])
                colors.append(GOOD if s.met else BAD)
            _fill(self.category_table, rows, colors)
            self.chart.set_data([(category_name(k, self.lang), s.share)
                                 for k, s in result.by_category.items()], c.target)
        city_rows = []
        for cid, name in city_names.items():
            a = area_by_id.get(cid)
            inside = result.by_city.get(cid, {}) if result else {}
            city_rows.append([name, str(inside.get("inside", "—")),
                              _pct(inside["share"]) if inside else "—",
                              f"{a.area_km2:.2f}" if a else "—",
                              f"{a.planned_km2:.2f}" if a and a.planned_km2 is not None else "—",
                              f"{a.diff_km2:+.2f}" if a and a.diff_km2 is not None else "—"])
        corridor = area_by_id.get("corridor")
        if corridor:
            inside = result.corridor if result else None
            city_rows.append([self.tr("走廊合计"), str(inside.inside) if inside else "—",
                              _pct(inside.share) if inside else "—", f"{corridor.area_km2:.2f}",
                              f"{corridor.planned_km2:.2f}" if corridor.planned_km2 else "—",
                              f"{corridor.diff_km2:+.2f}" if corridor.diff_km2 is not None else "—"])
        _fill(self.city_table, city_rows)

    def show_indicators(self, items: list[IndicatorStatus], source: str) -> None:
        rows, colors = [], []
        for i in items:
            rows.append([i.name_zh if self.lang == "zh" else (i.name_en or i.name_zh),
                         f"{i.baseline:g} ({i.baseline_year})", f"{i.current:g} ({i.current_year})",
                         f"{100 * i.growth:+.1f}%", _mark(i.met)])
            colors.append(GOOD if i.met else BAD)
        _fill(self.indicator_table, rows, colors)
        labels = sorted({i.label for i in items if i.label})
        self.indicator_note.setText(self.tr("来源：") + f"{source} · " + ", ".join(labels))
