"""What-if dialog: two boundary versions side by side (areas and ratio) — the same rows as
``corridor-gis compare`` (:meth:`corridor_gis.whatif.Comparison.rows`)."""

from __future__ import annotations

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout

from ..whatif import compare_versions
from .i18n import current_language


class WhatIfDialog(QDialog):
    def __init__(self, a, b, dataset, a_name: str, b_name: str, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("方案对比"))
        self.comparison = compare_versions(a, b, dataset)
        self.doc = self.comparison.as_dict()
        layout = QVBoxLayout(self)
        shown = f"    · {dataset.title_in(current_language())}" if dataset else ""
        layout.addWidget(QLabel(f"A：{a_name}    B：{b_name}{shown}"))
        rows = self.comparison.rows(current_language())
        self.table = QTableWidget(len(rows), 4)
        self.table.setHorizontalHeaderLabels([self.tr("项目"), "A", "B", "B−A"])
        for r, row in enumerate(rows):
            for c, text in enumerate((row.label, row.a, row.b, row.diff)):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, 380)
