"""Import dialog: pick a file, preview it, map columns, choose encoding and CRS (with a suggestion), see
the skipped rows and their reasons, then confirm. Reading runs off the GUI thread with progress and
cancel; nothing changes in the project until the user presses OK.

The layout is the Qt Designer form ui/import_dialog.ui, loaded at run time. Everything above the buttons sits
in a scroll area and each table keeps a few rows' height: after a check (the label mapping table appears)
the dialog grows within the screen, and on a small screen it scrolls instead of squashing its rows.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
from PyQt6 import uic
from PyQt6.QtCore import QObject, pyqtSignal
from PyQt6.QtWidgets import QDialog, QDialogButtonBox, QTableWidget, QTableWidgetItem

from .. import paths
from ..category_map import CategoryMap, apply_category_map
from ..errors import InputError
from ..io import ImportOptions, preview, read_points
from ..io.reasons import localize
from ..plan import CATEGORY_BY_ID as CATEGORY_IDS
from ..plan import VECTOR_SUFFIXES, file_dialog_filter
from .category_map_editor import CategoryMapEditor
from .crs_words import CRS_LABELS, crs_note_words, evidence_words
from .file_dialogs import open_file
from .i18n import current_language, tr
from .import_errors import columns_not_chosen, error_words, row_reason
from .memory import release_freed_memory

AUTO = "自动"
ENCODINGS = [AUTO, "utf-8", "utf-8-sig", "gbk", "gb18030", "big5", "utf-16"]
#: the CRS choices in plain words (label, CRS name for the readers); the combo stays editable for EPSG:N
CRS_CHOICES = [(lambda: tr("来自高德/腾讯地图 GCJ-02"), "gcj02"), (lambda: tr("来自百度地图 BD-09"), "bd09"),
               (lambda: tr("GPS/天地图/北斗 WGS84/CGCS2000"), "wgs84"), (lambda: tr("投影坐标 EPSG:4549"), "EPSG:4549"),
               (lambda: tr("投影坐标 EPSG:4547"), "EPSG:4547"), (lambda: "UTM 51N EPSG:32651", "EPSG:32651")]
CHOOSE_CRS = "请选择坐标系…"
#: item data of the entry that keeps the CRS the file states
FILE_CRS = "file"
NONE = "—"
#: the reader's notes on where it found the header (the preview says it in its own sentence)
HEADER_NOTES = ("header_below_title", "sheet_header_below_title")
#: rows each table shows at least (the dialog scrolls rather than squash them): preview, skipped, labels
MIN_ROWS = {"preview": 4, "skipped": 3, "mapping": 4}
#: rows more than that minimum the dialog grows for after a check, screen allowing
GROW_ROWS = 3


def keep_rows(table: QTableWidget, rows: int) -> None:
    """Give ``table`` the minimum height that shows its header and ``rows`` rows (and a scroll bar); a
    :class:`~corridor_gis.app.rows_table.RowsTable` also prefers that height."""
    row = table.verticalHeader().defaultSectionSize()
    header = max(table.horizontalHeader().sizeHint().height(), row)  # a header without columns yet hints 0
    bar = table.horizontalScrollBar().sizeHint().height()
    table.setMinimumHeight(header + rows * row + bar + 2 * table.frameWidth())


#: the reader's stages (read_points' ``progress``) in order: the words shown on the bar, and the share of the
#: bar each stage fills (measured on a 1M-row CSV: reading the file is most of the time)
STAGES: dict[str, tuple[Callable[[], str], float]] = {
    "reading": (lambda: tr("读取"), 0.55), "checking": (lambda: tr("检查"), 0.25),
    "classifying": (lambda: tr("分类"), 0.1), "counting": (lambda: tr("统计"), 0.1)}


def overall_percent(stage: str, fraction: float) -> int:
    """How far the whole read is (0..100) when ``stage`` is ``fraction`` done: the stages before it full,
    this one in proportion. A stage the reader may add later counts as not started."""
    done = 0.0
    for name, (_words, share) in STAGES.items():
        if name == stage:
            return round(100 * (done + share * min(max(fraction, 0.0), 1.0)))
        done += share
    return round(100 * done)


def sentences(lang: str, *parts: str) -> str:
    """Sentences one after the other: Chinese runs them together after its full stop (。), English needs a
    space after its own ("… in “CRS”. The coordinates …", not "… in “CRS”.The coordinates …")."""
    return ("" if lang == "zh" else " ").join(p for p in parts if p)


class ReadCancelled(Exception):
    """Raised from the reader's progress callback once the user cancelled: stops ``read_points`` between
    stages (the only way to stop it; the partial result is thrown away)."""


class _Signals(QObject):
    """A read's signals, each naming its task first (a slot then drops what an older, cancelled read sends)."""

    done = pyqtSignal(object, object, object)  # task, dataset, report
    failed = pyqtSignal(object, object)  # task, the reader's InputError (worded on the GUI thread)
    progressed = pyqtSignal(object, str, float)  # task, stage, fraction of it done (queued to the GUI thread)
    stopped = pyqtSignal(object)  # task: the read stopped after a cancel (nothing else is emitted)


class ReadTask:
    """``read_points`` in a worker thread; progress and results come back through queued signals.

    A Python ``threading.Thread``, not a QThreadPool thread: pyproj >= 3.7 segfaults in threads that Python
    did not create (pyproj #1509, fixed upstream in #1539), and reading a list converts CRSs.

    :meth:`cancel` sets a flag; the reader's next progress call raises :class:`ReadCancelled`, so the read
    stops at the next stage and emits only ``stopped``.
    """

    def __init__(self, path: str, options: ImportOptions) -> None:
        self.path, self.options = path, options
        self.signals = _Signals()
        self.cancelled = False
        self.thread = threading.Thread(target=self.run, name="corridor-gis import", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def cancel(self) -> None:
        """Ask the read to stop (it does at the next stage; the dialog need not wait)."""
        self.cancelled = True

    def _progress(self, stage: str, fraction: float) -> None:
        if self.cancelled:
            raise ReadCancelled
        self.signals.progressed.emit(self, stage, fraction)

    def run(self) -> None:
        try:
            dataset, report = read_points(self.path, self.options, progress=self._progress)
        except ReadCancelled:
            self.signals.stopped.emit(self)
            return
        except InputError as exc:
            if not self.cancelled:
                self.signals.failed.emit(self, exc)
            else:
                self.signals.stopped.emit(self)
            return
        if self.cancelled:
            self.signals.stopped.emit(self)
        else:
            self.signals.done.emit(self, dataset, report)


class ImportDialog(QDialog):
    """After ``exec()`` returns Accepted, :attr:`dataset` holds the validated dataset."""

    checked = pyqtSignal()  # emitted when a check finished (success or failure); for tests

    def __init__(self, parent=None, category_map: CategoryMap | None = None) -> None:
        super().__init__(parent)
        uic.loadUi(str(paths.ui_dir() / "import_dialog.ui"), self)
        #: the project's label decisions; the mapping editor starts from them and adds the user's edits
        self.project_map = category_map or CategoryMap()
        self.lang = current_language()
        self.mapping = CategoryMapEditor(self)
        self.mapping.setVisible(False)
        self.mapping.changed.connect(self._apply_mapping)
        self.contentsLayout.addWidget(self.mapping, 2)
        self.contentsLayout.setStretchFactor(self.previewTable, 1)
        self.contentsLayout.setStretchFactor(self.skippedTable, 1)
        keep_rows(self.previewTable, MIN_ROWS["preview"])
        keep_rows(self.skippedTable, MIN_ROWS["skipped"])
        keep_rows(self.mapping.table, MIN_ROWS["mapping"])
        self.dataset = None
        self.report = None
        self._filling = False
        self._last_path: str | None = None
        self.error: str | None = None
        self.task: ReadTask | None = None
        self.encodingCombo.addItems([self.tr(AUTO), *ENCODINGS[1:]])
        self._fill_crs(None)
        self.crsCombo.currentTextChanged.connect(self._crs_changed)
        self.skippedTable.setColumnCount(2)
        self.skippedTable.setHorizontalHeaderLabels([self.tr("行"), self.tr("原因")])
        self.skippedTable.horizontalHeader().setStretchLastSection(True)
        self.progress.setVisible(False)
        self.progressLabel.setVisible(False)  # the stage's words beside a busy bar (which shows no text)
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
        path = open_file(self, self.tr("导入数据"), file_dialog_filter() + ";;" + self.tr("所有文件") + " (*)")
        if path:
            self.pathEdit.setText(path)
            self.load_preview()

    def options(self) -> ImportOptions:
        def pick(combo):
            text = combo.currentText()
            return None if text in (NONE, "", self.tr(AUTO)) else text

        chosen = self.chosen_crs()
        return ImportOptions(crs=None if chosen in (None, FILE_CRS) else chosen, encoding=pick(self.encodingCombo),
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
            # rows from an earlier read (another file, or this one in another encoding) would look like this
            # read's: the preview is emptied
            self.previewTable.setRowCount(0)
            self.previewTable.setColumnCount(0)
            self._show_input_error(exc)
            return
        finally:
            # the preview reads the whole file (header, encoding and CRS evidence): ~200 MB of garbage for a
            # 1M-row CSV, given back before the user starts the check
            release_freed_memory()
        self.error = None
        self.summaryLabel.setToolTip("")  # the last error's reader text no longer applies
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
        self._offer_crs(info, keep_choice=same_file)
        self.summaryLabel.setStyleSheet("")
        if info.get("layer_required"):
            self.summaryLabel.setText(self.tr("文件中有多个图层：请先在“图层”中选择要导入的名单。"))
        else:
            found = info.get("header_rows") or []
            header = ""
            if found and found != [1] and not self.headerRowSpin.value():
                header = self.tr("表头：第 {0} 行（自动识别，可在“表头所在行”中更改）。").format(
                    "+".join(map(str, found)))
            coded = info.get("coded") or {}
            # the header sentence above says where the header is: the reader's note on it is left out
            notes = [localize(n, coded, self.lang) for n in info.get("notes") or []
                     if not (header and coded.get(n, ("",))[0] in HEADER_NOTES)]
            self.summaryLabel.setText(header + self.tr("检查后显示可导入的行和跳过的行。")
                                      + "".join(" " + n for n in notes))
        self._layer_ok = not info.get("layer_required")
        self._update_buttons()
        self.fit_to_screen()

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

    # -------------------------------------------------------------------------------------- CRS
    def _fill_crs(self, stated: str | None) -> None:
        """The choices: the file's own CRS when it states one, else an explicit 请选择 entry first."""
        self._filling = True
        self.crsCombo.clear()
        if stated:
            self.crsCombo.addItem(self.tr("文件中注明：") + stated, FILE_CRS)
        else:
            self.crsCombo.addItem(self.tr(CHOOSE_CRS), None)
        for label, name in CRS_CHOICES:
            self.crsCombo.addItem(label(), name)
        self.crsCombo.setCurrentIndex(0)
        self._filling = False

    def chosen_crs(self) -> str | None:
        """The CRS the user chose (a reader CRS name, :data:`FILE_CRS`, or a typed EPSG:N); ``None`` = not yet."""
        text = self.crsCombo.currentText().strip()
        index = self.crsCombo.findText(text)
        if index >= 0:
            return self.crsCombo.itemData(index)
        return text or None

    def _offer_crs(self, info: dict, keep_choice: bool) -> None:
        """No silent default: a stated CRS is shown as such; otherwise the combo starts on 请选择坐标系, or on
        what the evidence (names, a 坐标系 column, metre-sized numbers) says, with the reason shown."""
        previous = self.chosen_crs() if keep_choice else None
        stated = info.get("crs_suggestion") if info.get("crs_stated") else None
        self._fill_crs(stated)
        evidence, reason = info.get("crs_evidence"), info.get("crs_reason", "")
        suggestion = info.get("crs_suggestion")
        if previous not in (None, FILE_CRS):
            self.crsCombo.setCurrentText(self.crsCombo.itemText(i) if (i := self.crsCombo.findData(previous)) >= 0
                                         else previous)
        elif not stated and evidence:
            self.crsCombo.setCurrentIndex(self.crsCombo.findData(evidence))
        elif not stated and suggestion and suggestion != "wgs84":  # metre-sized numbers are evidence too
            index = self.crsCombo.findData(suggestion)
            if index >= 0:
                self.crsCombo.setCurrentIndex(index)
        note = crs_note_words(info)
        why = evidence_words(evidence, info.get("crs_evidence_where") or {}, reason)
        if stated:
            text = note
        elif evidence or (suggestion and suggestion != "wgs84"):
            text = self.tr("已按依据预选：") + (why or note)
        else:
            text = sentences(self.lang, self.tr("文件未注明坐标系，请在“坐标系”中选择。"), why, note)
        self.crsNote.setText(text)
        self._update_buttons()

    def _crs_changed(self, _text: str = "") -> None:
        if self._filling:
            return
        if self.dataset is not None:  # checked with another CRS: the figures would not match the choice
            self.dataset = None
            self.summaryLabel.setText(self.tr("坐标系已更改：请重新检查。"))
        self._update_buttons()

    def _update_buttons(self) -> None:
        """Check needs a layer and a CRS choice; OK needs a successful check with the current choice."""
        ready = getattr(self, "_layer_ok", True) and self.chosen_crs() is not None
        self.checkButton.setEnabled(ready and not getattr(self, "_running", False))
        self._ok().setEnabled(ready and self.dataset is not None)

    # ------------------------------------------------------------------------------------ check
    def run_check(self) -> None:
        path = self.pathEdit.text().strip()
        if not path:
            return
        missing = self.missing_columns(path)
        if missing:  # said here, with the boxes to use, instead of the reader's «pass --x COLUMN»
            columns = [self.xCombo.itemText(i) for i in range(1, self.xCombo.count())]
            self._show_error(columns_not_chosen(path, missing, columns))
            self.checked.emit()
            return
        self.cancel_task()
        self.dataset, self.error = None, None
        self._ok().setEnabled(False)
        # what the last check (or cancel, or error) said no longer holds: the progress bar speaks meanwhile
        self.summaryLabel.setStyleSheet("")
        self.summaryLabel.clear()
        self.summaryLabel.setToolTip("")
        self._running = True
        self._busy(STAGES["reading"][0]())  # until the reader can say how far it is (see _on_progress)
        self.progress.setFormat(STAGES["reading"][0]() + " %p%")
        self.progress.setVisible(True)
        self.cancelButton.setVisible(True)
        self.checkButton.setEnabled(False)
        task = ReadTask(path, self.options())
        # each signal names its task: a result that was already queued when the user cancelled is dropped
        task.signals.progressed.connect(self._on_progress)
        task.signals.done.connect(self._on_task_done)
        task.signals.failed.connect(self._on_task_failed)
        self.task = task
        task.start()

    def missing_columns(self, path: str) -> list[str]:
        """The roles (``longitude``, ``latitude``) whose box (经度列, 纬度列) is left on — for a table file (a
        vector file has geometry); nothing before a preview filled the boxes."""
        if Path(path).suffix.lower() in VECTOR_SUFFIXES or self.xCombo.count() == 0:
            return []
        boxes = ((self.xCombo, "longitude"), (self.yCombo, "latitude"))
        return [role for combo, role in boxes if combo.currentText() in (NONE, "")]

    def _current(self, task: ReadTask) -> bool:
        return task is self.task and not task.cancelled

    def _on_progress(self, task: ReadTask, stage: str, fraction: float) -> None:
        """Show the reader's stage in words and the whole read's progress on the bar.

        Reading a CSV runs inside Arrow's multi-threaded parser, and a workbook's sheet is parsed in one call:
        the reader says only that reading started. Until it says how far it is (a workbook's rows as they are
        converted, or the next stage) the bar is Qt's busy indicator (range 0..0), which moves on its own,
        instead of a bar frozen at 0 %; from then on it is determinate again."""
        if not self._current(task):
            return
        words = STAGES[stage][0]() if stage in STAGES else stage
        self.progress.setFormat(f"{words} %p%")
        if stage == "reading" and fraction <= 0.0:
            self._busy(words)
            return
        if self.progress.maximum() == 0:
            self.progress.setRange(0, 100)
            self.progressLabel.setVisible(False)  # the bar says the stage again
        self.progress.setValue(max(self.progress.value(), overall_percent(stage, fraction)))

    def _busy(self, words: str) -> None:
        """Qt's busy indicator, the stage's words beside it (a busy bar draws no text)."""
        self.progress.setRange(0, 0)
        self.progressLabel.setText(words + "…")
        self.progressLabel.setVisible(True)

    def _on_task_done(self, task: ReadTask, dataset, report) -> None:
        if self._current(task):
            self._on_done(dataset, report)

    def _on_task_failed(self, task: ReadTask, exc: InputError) -> None:
        if self._current(task):
            self._on_failed(exc)

    def cancel_task(self) -> None:
        """Stop a running read; its result (if it still comes) is dropped. Nothing the user had changes."""
        if self.task is not None:
            self.task.cancel()
            self.task = None

    def cancel_check(self) -> None:
        self.cancel_task()
        self._idle()
        self.summaryLabel.setText(self.tr("已取消。"))

    def reject(self) -> None:
        """Closing the dialog stops a read still running (the thread would otherwise read on for nothing)."""
        self.cancel_task()
        super().reject()

    def _idle(self) -> None:
        self._running = False
        self.progress.setVisible(False)
        self.progressLabel.setVisible(False)
        self.cancelButton.setVisible(False)
        self._update_buttons()

    def _on_done(self, dataset, report) -> None:
        self._idle()
        if isinstance(dataset.table, gpd.GeoDataFrame):
            # pyproj objects must not cross threads: give points read as a GeoDataFrame a CRS created on this
            # (GUI) thread. A list read as table + lon/lat (what read_points returns) has no CRS object, and
            # its GeoDataFrame is never built here (a million shapely Points: ~280 MB, ~1 s)
            dataset.points = dataset.table.set_crs("EPSG:4326", allow_override=True)
        self.dataset, self.report = dataset, report
        skipped = dataset.skipped
        self.skippedTable.setRowCount(len(skipped))
        for r, item in enumerate(skipped):
            self.skippedTable.setItem(r, 0, QTableWidgetItem(str(item["row"])))
            self.skippedTable.setItem(r, 1, QTableWidgetItem(row_reason(item, report.coded_rows, self.lang)))
        # the CRS by its name (GCJ-02, not the reader's id gcj02); the reader's "CRS given: GCJ-02 (Amap/Tencent,
        # 'Mars coordinates')" only repeats the user's choice in the box above, in English: left out
        text = self.tr("可导入 {0} 行，跳过 {1} 行，重复 {2} 行。坐标系：{3}。").format(
            len(dataset), len(skipped), len(report.duplicates), CRS_LABELS.get(dataset.crs_used, dataset.crs_used))
        if report.coded.get(report.crs_note, ("", {}))[0] != "crs_given":
            text += " " + localize(report.crs_note, report.coded, self.lang)
        if report.notes:
            text += " " + " ".join(localize(n, report.coded, self.lang) for n in report.notes)
        self.mapping.set_labels(dataset.table["category_label"], self.project_map)
        self.mapping.setVisible(True)
        if self.project_map:
            self._apply_mapping()
        self.summaryLabel.setStyleSheet("")
        self.summaryLabel.setText(text)
        self._update_buttons()
        self.fit_to_screen()
        release_freed_memory()  # the read's temporaries (several times the list's size) are garbage now
        self.checked.emit()

    def fit_to_screen(self) -> None:
        """Grow to show the whole form (the label table appeared) as far as the screen's free area allows,
        and keep the dialog on the screen; what still does not fit scrolls. Never shrinks what the user set."""
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        if screen is None:
            return
        frame = self.frameGeometry().size() - self.size()  # title bar and borders
        room_w, room_h = screen.width() - frame.width(), screen.height() - frame.height()
        margins = self.layout().contentsMargins()
        # every table at its few rows, and room for a few more labels in the mapping table
        extra = GROW_ROWS * self.mapping.table.verticalHeader().defaultSectionSize()
        wanted = (self.contents.minimumSizeHint().height() + extra + self.buttonBox.sizeHint().height()
                  + self.layout().spacing() + margins.top() + margins.bottom())
        self.resize(min(self.width(), room_w), min(max(self.height(), wanted), room_h))
        geometry = self.frameGeometry()
        x = min(max(geometry.x(), screen.x()), screen.right() - geometry.width() + 1)
        y = min(max(geometry.y(), screen.y()), screen.bottom() - geometry.height() + 1)
        if (x, y) != (geometry.x(), geometry.y()):
            self.move(x, y)

    def _apply_mapping(self) -> None:
        """Read the labels again with the user's decisions (no re-read of the file)."""
        if self.dataset is None:
            return
        chosen = self.mapping.category_map()
        self.dataset = apply_category_map(self.dataset, chosen)
        if self.report is not None:
            cats = self.dataset.table["category"].astype(str)
            labels = self.dataset.table["category_label"].astype(str)
            unknown = labels[~cats.isin(list(CATEGORY_IDS)) & (labels != "(none)")]
            self.report.unknown_categories = {str(k): int(v) for k, v in unknown.value_counts().items()}

    def category_map(self) -> CategoryMap:
        """The label decisions to keep in the project (the project's plus those made here)."""
        return self.mapping.category_map()

    def _on_failed(self, exc: InputError) -> None:
        self._idle()
        self._show_input_error(exc)
        self.checked.emit()

    def _show_input_error(self, exc: InputError) -> None:
        """The reader's error in the dialog's words (:func:`~.import_errors.error_words`); the reader's own
        text, as the command line prints it, stays at hand as the message's tooltip."""
        self._show_error(error_words(exc, self.lang))
        self.summaryLabel.setToolTip(str(exc))

    def _show_error(self, message: str) -> None:
        self.error = message
        self.dataset = None
        self._ok().setEnabled(False)
        self.summaryLabel.setStyleSheet("color: #c0392b")
        self.summaryLabel.setText(message)
        self.summaryLabel.setToolTip("")
