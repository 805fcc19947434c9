"""Bringing outside geography in: official zone boundaries (文件 → 导入区域边界…) and reference layers
(文件 → 添加参考图层…), from any vector file, with the same reader and CRS rules as the CLI's
``import-zones``. A file without a CRS is asked for one (the planners' EPSG:4549 first); a layer chooser
appears for multi-layer files."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PyQt6.QtCore import QObject
from PyQt6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ..errors import InputError
from ..plan import CITIES
from ..reference import read_reference
from ..session import Session
from ..zones_read import list_zone_layers, zone_file_dialog_filter
from .file_dialogs import open_file
from .i18n import tr

if TYPE_CHECKING:
    from ..zones_import import ZoneImport

#: CRSs offered when a file states none, the planners' first
CRS_CHOICES = ["EPSG:4549", "EPSG:4548", "EPSG:4550", "EPSG:4490", "wgs84", "gcj02", "bd09"]


class GeographyActions(QObject):
    """File-menu actions that add zones or reference layers to the session."""

    def __init__(self, window: QMainWindow, session: Session, push) -> None:
        super().__init__(window)
        self.window = window
        self.session = session
        self.push = push

    def _choose_layer(self, path: str) -> tuple[bool, str | None]:
        layers = [name for name, _kind in list_zone_layers(path)]
        if len(layers) <= 1 or path.lower().endswith((".kml", ".kmz")):
            return True, None
        name, ok = QInputDialog.getItem(self.window, tr("选择图层"), tr("文件有多个图层，请选择："), layers, 0, False)
        return ok, name if ok else None

    def _read(self, reader, path: str):
        """Call ``reader(path, layer, crs)``; when the file states no CRS, ask once and try again."""
        ok, layer = self._choose_layer(path)
        if not ok:
            return None
        crs = None
        while True:
            try:
                return reader(path, layer, crs)
            except InputError as exc:
                if crs is not None or "states no CRS" not in str(exc):
                    QMessageBox.warning(self.window, tr("无法读取文件"), str(exc))
                    return None
                question = tr("文件没有说明坐标系。规划部门常用 EPSG:4549（CGCS2000 / 3度带 120°E）。请选择：")
                crs, ok = QInputDialog.getItem(self.window, tr("坐标系"), question + "\n\n" + str(exc),
                                               CRS_CHOICES, 0, False)
                if not ok:
                    return None

    def add_reference_dialog(self) -> bool:
        path = open_file(self.window, tr("添加参考图层"), zone_file_dialog_filter())
        if not path:
            return False
        ref = self._read(lambda p, layer, crs: read_reference(p, layer, crs), path)
        if ref is None:
            return False
        self.session.add_reference(ref)
        self.window.statusBar().showMessage(
            tr("已添加参考图层 {0}（{1} 个要素，{2}）").format(ref.name, len(ref.features), ref.crs_used), 8000)
        return True

    def import_zones_dialog(self) -> bool:
        from ..zones_import import read_zone_file  # the zone importer loads when first used, not at start-up

        path = open_file(self.window, tr("导入区域边界"), zone_file_dialog_filter())
        if not path:
            return False
        zone_import = self._read(lambda p, layer, crs: read_zone_file(p, layer, crs), path)
        if zone_import is None:
            return False
        dialog = ZonesImportDialog(zone_import, self.window)
        if not dialog.exec():
            return False
        return self.apply(dialog.zone_import, dialog.official.isChecked())

    def apply(self, zone_import: ZoneImport, official: bool) -> bool:
        """Replace the cities by the imported ones as one undoable step (the old ones stay for compare)."""
        from ..zones_import import apply_zone_import

        if not zone_import.cities:
            QMessageBox.warning(self.window, tr("无法导入"), tr("没有要素对应到三城中的任何一城。"))
            return False
        self.session.replace_zones(apply_zone_import(self.session.project, zone_import, official),
                                   tr("导入区域边界"), self.push)
        return True


class ZonesImportDialog(QDialog):
    """What the file holds before anything changes: which feature is which city (editable), areas against
    the plan, and what to look at (overlaps, gaps, encoding, CRS)."""

    def __init__(self, zone_import: ZoneImport, parent=None) -> None:
        super().__init__(parent)
        self.zone_import = zone_import
        self.setWindowTitle(tr("导入区域边界"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"{zone_import.path.name} · CRS {zone_import.crs_used}\n{zone_import.crs_note}"))
        self.matches = QTableWidget(0, 4)
        self.matches.setHorizontalHeaderLabels([tr("要素"), tr("标注"), tr("城"), tr("依据")])
        layout.addWidget(self.matches)
        self.areas = QLabel("")
        self.areas.setWordWrap(True)
        layout.addWidget(self.areas)
        self.findings = QLabel("")
        self.findings.setWordWrap(True)
        self.findings.setStyleSheet("color: #a04000")
        layout.addWidget(self.findings)
        self.official = QCheckBox(tr("这是官方边界（来自规划部门）"))
        layout.addWidget(self.official)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._fill()
        self.resize(720, 520)

    def _fill(self) -> None:
        zi = self.zone_import
        self.matches.setRowCount(len(zi.matches))
        choices = [("", tr("（不导入）"))] + [(c.id, c.name_zh) for c in CITIES]
        for r, m in enumerate(zi.matches):
            self.matches.setItem(r, 0, QTableWidgetItem(str(m.feature)))
            self.matches.setItem(r, 1, QTableWidgetItem(m.label))
            combo = QComboBox()
            for cid, name in choices:
                combo.addItem(name, cid)
            combo.setCurrentIndex(next(i for i, (cid, _) in enumerate(choices) if cid == (m.city or "")))
            combo.currentIndexChanged.connect(lambda _i, row=r, box=combo: self._pick(row, box.currentData()))
            self.matches.setCellWidget(r, 2, combo)
            self.matches.setItem(r, 3, QTableWidgetItem(m.why))
        self.matches.resizeColumnsToContents()
        lines = [f"{a.name_zh}: {a.area_km2:.2f} km²（{tr('规划')} {a.planned_km2:.2f}，{a.diff_km2:+.2f}）"
                 for a in zi.areas]
        lines.append(tr("走廊合计") + f": {zi.corridor_km2:.2f} km²")
        self.areas.setText("\n".join(lines))
        self.findings.setText("\n".join(f.message for f in zi.findings))

    def _pick(self, row: int, city: str) -> None:
        from ..zones_import import reassign

        feature = self.zone_import.matches[row].feature
        self.zone_import = reassign(self.zone_import, {feature: city or None})
        self.matches.blockSignals(True)
        self._fill()
        self.matches.blockSignals(False)
