"""The label mapping editor of the import dialog: every distinct category label of the list with its count
and the category and level it counts as — what the rules read, editable where they cannot decide. The
decisions form a :class:`~corridor_gis.category_map.CategoryMap`, saved in the project and as a
``label,category,level`` CSV (the CLI's ``--category-map``)."""

from __future__ import annotations

import pandas as pd
from PyQt6.QtCore import pyqtSignal
from PyQt6.QtGui import QColor
from PyQt6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..categories import LEVELS, level_name
from ..category_map import UNKNOWN, CategoryMap, label_table, load_category_map, map_from_table, save_category_map
from ..errors import InputError
from ..plan import CATEGORIES
from .file_dialogs import open_file, save_file
from .i18n import current_language, tr
from .rows_table import RowsTable

COLUMNS = ("label", "count", "category", "level")
USER_COLOUR = QColor("#fdebd0")  # rows the user decided (or changed)


class CategoryMapEditor(QWidget):
    """A table of labels (count, category, level) with Save/Load CSV; emits :attr:`changed`."""

    changed = pyqtSignal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.lang = current_language()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.note = QLabel("")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.table = RowsTable(0, 4)  # prefers the few rows the import dialog gives it (it scrolls)
        self.table.setHorizontalHeaderLabels([tr("原始类别"), tr("条数"), tr("计为类别"), tr("级别")])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        layout.addWidget(self.table)
        row = QHBoxLayout()
        self.load_button = QPushButton(tr("载入对照表 CSV…"))
        self.save_button = QPushButton(tr("保存对照表 CSV…"))
        self.load_button.clicked.connect(self.load_csv)
        self.save_button.clicked.connect(self.save_csv)
        row.addStretch(1)
        row.addWidget(self.load_button)
        row.addWidget(self.save_button)
        layout.addLayout(row)
        self.labels: pd.Series | None = None
        self.base = CategoryMap()
        self.rows = pd.DataFrame(columns=[*COLUMNS, "source"])

    # ------------------------------------------------------------------------------ filling
    def set_labels(self, labels: pd.Series, overrides: CategoryMap | None = None) -> None:
        """Show every distinct label of ``labels`` with what it maps to (the user's map first)."""
        self.labels = labels
        self.base = overrides or CategoryMap()
        self._show(label_table(labels, self.base))

    def _show(self, rows: pd.DataFrame) -> None:
        self.rows = rows.reset_index(drop=True)
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.rows))
        categories = [(c.id, c.name(self.lang)) for c in CATEGORIES] + [(UNKNOWN, tr("未识别（不计入）"))]
        levels = [(lv, level_name(lv, self.lang)) for lv in LEVELS]
        for r, row in self.rows.iterrows():
            self.table.setItem(r, 0, QTableWidgetItem(str(row["label"])))
            self.table.setItem(r, 1, QTableWidgetItem(str(row["count"])))
            for col, (choices, value) in ((2, (categories, row["category"])), (3, (levels, row["level"]))):
                combo = QComboBox()
                for key, name in choices:
                    combo.addItem(name, key)
                combo.setCurrentIndex(max(0, combo.findData(value)))
                combo.currentIndexChanged.connect(lambda _i, r=r, col=col, box=combo: self._edited(r, col, box))
                self.table.setCellWidget(r, col, combo)
            self._mark(r)
        self.table.blockSignals(False)
        self.table.resizeColumnsToContents()
        self._update_note()

    def _edited(self, r: int, col: int, box: QComboBox) -> None:
        self.rows.loc[r, COLUMNS[col]] = box.currentData()
        self.rows.loc[r, "source"] = "user"
        self._mark(r)
        self._update_note()
        self.changed.emit()

    def _mark(self, r: int) -> None:
        user = self.rows.loc[r, "source"] == "user"
        for c in (0, 1):
            item = self.table.item(r, c)
            if item is not None:
                item.setBackground(USER_COLOUR if user else QColor("#ffffff"))

    def _update_note(self) -> None:
        unknown = self.rows[self.rows["category"] == UNKNOWN]
        n = int(unknown["count"].sum()) if len(unknown) else 0
        self.note.setText(tr("{0} 种标签；{1} 条记录类别未识别，不计入集聚度（可在下表中指定）。").format(
            len(self.rows), n) if n else tr("{0} 种标签，全部已识别。").format(len(self.rows)))

    # ------------------------------------------------------------------------------ result
    def category_map(self) -> CategoryMap:
        """The user's decisions: those already in the project's map plus the rows changed here."""
        merged = CategoryMap(dict(self.base.entries))
        for label, entry in map_from_table(self.rows).entries.items():
            merged.entries[label] = entry
        return merged

    def load_csv(self, path: str | None = None) -> bool:
        path = path or open_file(self, tr("载入类别对照表"), "CSV (*.csv)")
        if not path:
            return False
        try:
            loaded = load_category_map(path)
        except InputError as exc:
            QMessageBox.warning(self, tr("无法读取对照表"), str(exc))
            return False
        merged = CategoryMap({**self.base.entries, **loaded.entries})
        if self.labels is not None:
            self.set_labels(self.labels, merged)
        else:
            self.base = merged
        self.changed.emit()
        return True

    def save_csv(self, path: str | None = None) -> bool:
        path = path or save_file(self, tr("保存类别对照表"), "类别对照表.csv", "CSV (*.csv)")
        if not path:
            return False
        try:
            save_category_map(self.category_map(), path)
        except (InputError, OSError) as exc:
            QMessageBox.critical(self, tr("保存失败"), str(exc))
            return False
        return True
