"""Import dialog: pick a file, preview it, map columns, choose encoding and CRS (with a suggestion), see
the skipped rows and their reasons, then confirm. Reading runs off the GUI thread with progress and
cancel; nothing changes in the project until the user presses OK.

The layout is the Qt Designer form ui/import_dialog.ui, loaded at run time.
"""

from __future__ import annotations

import threading

from PyQt6 import uic
from PyQt6.QtCore import QObject, pyqtSignal
from PyQt6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QTableWidgetItem

from .. import paths
from ..errors import InputError
from ..io import ImportOptions, preview, read_points

AUTO = "自动"
ENCODINGS = [AUTO, "utf-8", "utf-8-sig", "gbk", "gb18030", "big5", "utf-16"]
CRS_CHOICES = ["wgs84", "cgcs2000", "gcj02", "bd09", "EPSG:4549", "EPSG:4547", "EPSG:32651"]
NONE = "—"
FILE_FILTER = ("点数据 (*.csv *.txt *.tsv *.xlsx *.xlsm *.xls *.ods *.gpkg *.geojson *.json *.shp *.zip *.kml *.kmz)"
               ";;所有文件 (*)")


class _Signals(QObject):
    done = pyqtSignal(object, object)  # dataset, report
    failed = pyqtSignal(str)


class ReadTask:
    """``read_points`` in a worker thread; results come back through queued signals.

    A Python ``threading.Thread``, not a QThreadPool thread: pyproj >= 3.7 segfaults in threads that Python
    did not create (pyproj #1509, fixed upstream in #1539), and reading a list converts CRSs.
    """

    def __init__(self, path: str, options: ImportOptions) -> None:
        self.path, self.options = path, options
        self.signals = _Signals()
        self.cancelled = False
        self.thread = threading.Thread(target=self.run, name="corridor-gis import", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def run(self) -> None:
        try:
            dataset, report = read_points(self.path, self.options)
        except InputError as exc:
            if not self.cancelled:
                self.signals.failed.emit(str(exc))
            return
        if not self.cancelled:
            self.signals.done.emit(dataset, report)


class ImportDialog(QDialog):
    """After ``exec()`` returns Accepted, :attr:`dataset` holds the validated dataset."""

    checked = pyqtSignal()  # emitted when a check finished (success or failure); for tests

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        uic.loadUi(str(paths.ui_dir() / "import_dialog.ui"), self)
        self.dataset = None
        self.report = None
        self._filling = False
        self._last_path: str | None = None
        self.error: str | None = None
        self.task: ReadTask | None = None
        self.encodingCombo.addItems([self.tr(AUTO), *ENCODINGS[1:]])
        self.crsCombo.addItems([self.tr(AUTO), *CRS_CHOICES])
        self.skippedTable.setColumnCount(2)
        self.skippedTable.setHorizontalHeaderLabels([self.tr("行"), self.tr("原因")])
        self.skippedTable.horizontalHeader().setStretchLastSection(True)
        self.progress.setVisible(False)
        self.cancelButton.setVisible(False)
        self.browseButton.clicked.connect(self.browse)
        self.pathEdit.editingFinished.connect(self.load_preview)
        self.encodingCombo.currentIndexChanged.connect(self._reload)
        self.sheetCombo.currentIndexChanged.connect(self._reload)
        self.sheetCombo.setEnabled(False)
        self.layerCombo.currentIndexChanged.connect(self._reload)
        self.layerCombo.setEnabled(False)
        self.headerRowSpin.valueChanged.connect(self._reload)
        self.checkButton.clicked.connect(self.run_check)
        self.cancelButton.clicked.connect(self.cancel_check)
        self.buttonBox.accepted.connect(self.accept)
        self.buttonBox.rejected.connect(self.reject)
        self._ok().setEnabled(False)

    def _reload(self, _index: int = 0) -> None:
        if not self._filling:
            self.load_preview()

    def _ok(self):
        return self.buttonBox.button(QDialogButtonBox.StandardButton.Ok)

    def browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("导入数据"), "", self.tr(FILE_FILTER))
        if path:
            self.pathEdit.setText(path)
            self.load_preview()

    def options(self) -> ImportOptions:
        def pick(combo):
            text = combo.currentText()
            return None if text in (NONE, "", self.tr(AUTO)) else text

        return ImportOptions(crs=pick(self.crsCombo), encoding=pick(self.encodingCombo),
                             x=pick(self.xCombo), y=pick(self.yCombo),
                             category=pick(self.categoryCombo), name=pick(self.nameCombo),
                             sheet=pick(self.sheetCombo) if self.sheetCombo.isEnabled() else None,
                             layer=self.layerCombo.currentData() if self.layerCombo.isEnabled() else None,
                             header_row=self.headerRowSpin.value() or None)

    # ---------------------------------------------------------------------------------- preview
    def load_preview(self) -> None:
        path = self.pathEdit.text().strip()
        self._ok().setEnabled(False)
        self.dataset = None
        if not path:
            return
        same_file = path == self._last_path
        if not same_file:
            self._filling = True
            self.headerRowSpin.setValue(0)
            self._filling = False
        self._last_path = path
        chosen = self.options()
        try:
            table, info = preview(path, ImportOptions(encoding=chosen.encoding,
                                                      sheet=chosen.sheet if same_file else None,
                                                      layer=chosen.layer if same_file else None,
                                                      header_row=chosen.header_row))
        except InputError as exc:
            self._show_error(str(exc))
            return
        self.error = None
        self._filling = True
        sheets = info.get("sheets") or []
        self.sheetCombo.clear()
        self.sheetCombo.addItems(sheets)
        self.sheetCombo.setEnabled(len(sheets) > 1)
        if info.get("sheet"):
            self.sheetCombo.setCurrentText(info["sheet"])
        self._fill_layers(info)
        self._filling = False
        self.previewTable.setColumnCount(len(table.columns))
        self.previewTable.setRowCount(len(table))
        self.previewTable.setHorizontalHeaderLabels([str(c) for c in table.columns])
        for r in range(len(table)):
            for c in range(len(table.columns)):
                self.previewTable.setItem(r, c, QTableWidgetItem(str(table.iat[r, c])))
        columns = [NONE, *info["all_columns"]]
        for combo, role in ((self.xCombo, "x"), (self.yCombo, "y"), (self.categoryCombo, "category"),
                            (self.nameCombo, "name")):
            combo.clear()
            combo.addItems(columns)
            detected = info["columns"].get(role)
            combo.setCurrentText(detected if detected else NONE)
        suggestion = info.get("crs_suggestion")
        self.crsNote.setText(self.tr("建议：") + (suggestion or "?") + " — " + info.get("crs_note", ""))
        if suggestion and self.crsCombo.currentText() == self.tr(AUTO):
            self.crsCombo.setCurrentText(suggestion)
        self.summaryLabel.setStyleSheet("")
        if info.get("layer_required"):
            self.summaryLabel.setText(self.tr("文件中有多个图层：请先在“图层”中选择要导入的名单。"))
        else:
            self.summaryLabel.setText(self.tr("检查后显示可导入的行和跳过的行。"))
        self.checkButton.setEnabled(not info.get("layer_required"))

    def _fill_layers(self, info: dict) -> None:
        """Offer every layer of a multi-layer file; with no single point layer the user must choose."""
        layers = info.get("layers") or []
        self.layerCombo.clear()
        if info.get("layer_required"):
            self.layerCombo.addItem(self.tr("请选择图层…"), None)
        for name in layers:
            self.layerCombo.addItem(name, name)
        if info.get("layer"):
            self.layerCombo.setCurrentIndex(self.layerCombo.findData(info["layer"]))
        self.layerCombo.setEnabled(len(layers) > 1)

    # ------------------------------------------------------------------------------------ check
    def run_check(self) -> None:
        path = self.pathEdit.text().strip()
        if not path:
            return
        self.dataset, self.error = None, None
        self._ok().setEnabled(False)
        self.progress.setVisible(True)
        self.cancelButton.setVisible(True)
        self.checkButton.setEnabled(False)
        self.task = ReadTask(path, self.options())
        self.task.signals.done.connect(self._on_done)
        self.task.signals.failed.connect(self._on_failed)
        self.task.start()

    def cancel_check(self) -> None:
        if self.task is not None:
            self.task.cancelled = True
        self._idle()
        self.summaryLabel.setText(self.tr("已取消。"))

    def _idle(self) -> None:
        self.progress.setVisible(False)
        self.cancelButton.setVisible(False)
        self.checkButton.setEnabled(True)

    def _on_done(self, dataset, report) -> None:
        self._idle()
        # pyproj objects must not cross threads: give the points a CRS created on this (GUI) thread
        dataset.points = dataset.points.set_crs("EPSG:4326", allow_override=True)
        self.dataset, self.report = dataset, report
        skipped = dataset.skipped
        self.skippedTable.setRowCount(len(skipped))
        for r, item in enumerate(skipped):
            self.skippedTable.setItem(r, 0, QTableWidgetItem(str(item["row"])))
            self.skippedTable.setItem(r, 1, QTableWidgetItem(item["reason"]))
        text = self.tr("可导入 {0} 行，跳过 {1} 行，重复 {2} 行。坐标系：{3}。").format(
            len(dataset.points), len(skipped), len(report.duplicates), dataset.crs_used)
        text += " " + report.crs_note
        if report.unknown_categories:
            text += " " + self.tr("未识别的类别（保留）：") + str(report.unknown_categories)
        self.summaryLabel.setStyleSheet("")
        self.summaryLabel.setText(text)
        self._ok().setEnabled(True)
        self.checked.emit()

    def _on_failed(self, message: str) -> None:
        self._idle()
        self._show_error(message)
        self.checked.emit()

    def _show_error(self, message: str) -> None:
        self.error = message
        self.dataset = None
        self._ok().setEnabled(False)
        self.summaryLabel.setStyleSheet("color: #c0392b")
        self.summaryLabel.setText(message)
