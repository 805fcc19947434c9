"""What-if dialog: two boundary versions side by side (areas and ratio) — the same computation as
``corridor-gis compare`` (:func:`corridor_gis.whatif.compare`)."""

from __future__ import annotations

from PyQt6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout

from ..whatif import compare


class WhatIfDialog(QDialog):
    def __init__(self, a, b, dataset, a_name: str, b_name: str, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("方案对比"))
        self.doc = compare(a, b, dataset)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"A：{a_name}    B：{b_name}" + (f"    · {dataset.title}" if dataset else "")))
        rows = []
        for za, zb in zip(self.doc["a"]["areas"], self.doc["b"]["areas"], strict=True):
            rows.append([za["name_zh"], f"{za['area_km2']:.3f}", f"{zb['area_km2']:.3f}",
                         f"{zb['area_km2'] - za['area_km2']:+.3f}"])
        if dataset is not None:
            ra, rb = self.doc["a"]["ratio"]["corridor"], self.doc["b"]["ratio"]["corridor"]
            rows.append([self.tr("走廊集聚度"), f"{100 * ra['share']:.2f}%", f"{100 * rb['share']:.2f}%",
                         f"{100 * (rb['share'] - ra['share']):+.2f}"])
            for cid in self.doc["a"]["ratio"]["by_city"]:
                ca, cb = self.doc["a"]["ratio"]["by_city"][cid], self.doc["b"]["ratio"]["by_city"][cid]
                rows.append([f"{cid} " + self.tr("走廊内"), str(ca["inside"]), str(cb["inside"]),
                             f"{cb['inside'] - ca['inside']:+d}"])
        self.table = QTableWidget(len(rows), 4)
        self.table.setHorizontalHeaderLabels([self.tr("项目"), "A", "B", "B−A"])
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, 380)
