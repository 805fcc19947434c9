"""Project files and data in and out: open, save, save as, import a list or an indicator table, export the
briefing map, recovery after a crash, and the unsaved-work question (QGIS asks before discarding edits,
on quit and on opening another project alike; recovered work counts as unsaved)."""

from __future__ import annotations

from pathlib import Path

from PyQt6.QtCore import QObject
from PyQt6.QtWidgets import QMainWindow, QMessageBox

from .. import paths
from ..errors import InputError
from ..indicators import load_indicators, sample_path
from ..model import Project
from ..session import Session
from . import recovery
from .busy import busy
from .file_dialogs import last_dir, open_file, remember, save_file
from .i18n import tr
from .memory import release_freed_memory

APP_TITLE = "corridor-gis · 青岛科创大走廊"


def sample_dataset():
    """The bundled synthetic sample and its import report, shown until the user imports a real list. Its
    points were generated in WGS84 (its 坐标系 column says so), so it is read as stated WGS84: a first start
    shows no "CRS not stated" warning and no CRS check about a file the user never chose."""
    from ..io import ImportOptions, read_points

    dataset, report = read_points(paths.data_dir() / "sample_institutions.csv", ImportOptions(crs="wgs84"))
    dataset.crs_stated = report.crs_given
    return dataset, report


class ProjectActions(QObject):
    """File-menu actions of ``window`` over ``session``."""

    def __init__(self, window: QMainWindow, session: Session) -> None:
        super().__init__(window)
        self.window = window
        self.session = session

    # ---------------------------------------------------------------------------- unsaved work
    def confirm_discard(self) -> bool:
        """True when there is no unsaved work, or the user saved it or chose to discard it."""
        if not self.session.is_modified():
            return True
        answer = QMessageBox.question(
            self.window, APP_TITLE, tr("项目有未保存的修改，是否保存？"),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel)
        if answer == QMessageBox.StandardButton.Cancel:
            return False
        return answer != QMessageBox.StandardButton.Save or self.save()

    # ------------------------------------------------------------------------------- projects
    def open_dialog(self) -> None:
        if not self.confirm_discard():
            return
        path = open_file(self.window, tr("打开项目"), "GeoPackage (*.gpkg)")
        if path:
            self.open(path, confirmed=True)

    def open(self, path: str, confirmed: bool = False) -> bool:
        """Open a project file (asks first when there is unsaved work, unless already asked). Reading a
        1M-row project and drawing it take seconds: a wait cursor and 正在打开项目… say so meanwhile."""
        if not confirmed and not self.confirm_discard():
            return False
        try:
            with busy(self.window, tr("正在打开项目…")):
                project = Project.load(path)
                self.session.load(project)  # the map and the dashboard redraw: part of the wait
        except InputError as exc:
            QMessageBox.warning(self.window, tr("无法打开项目"), str(exc))
            return False
        recovery.clear()
        return True

    def save(self) -> bool:
        if self.session.project.path is None:
            return self.save_as()
        return self.save_to(self.session.project.path)

    def save_as(self) -> bool:
        path = save_file(self.window, tr("项目另存为"), "corridor.gpkg", "GeoPackage (*.gpkg)")
        return bool(path) and self.save_to(path)

    def save_to(self, path) -> bool:
        """Save the project to ``path``: a wait cursor and 正在保存… while it runs (1M rows: ~10 s), then
        已保存 … or the error (shown once the cursor and the status bar are back)."""
        try:
            with busy(self.window, tr("正在保存…")):
                try:
                    self.session.save(path)
                finally:
                    release_freed_memory()  # saving builds each list's points for the file (~280 MB per 1M rows)
        except InputError as exc:
            QMessageBox.critical(self.window, tr("保存失败"), str(exc))
            return False
        remember(str(path))
        self.window.statusBar().showMessage(tr("已保存 {0}").format(path), 5000)
        recovery.clear()
        return True

    def offer_recovery(self) -> bool:
        """At start: if a recovery file exists, offer to reopen it (the work of a crashed session)."""
        if recovery.pending() is None:
            return False
        answer = QMessageBox.question(self.window, APP_TITLE, tr("发现上次未保存的工作（自动保存），是否恢复？"))
        if answer != QMessageBox.StandardButton.Yes:
            recovery.clear()
            return False
        try:
            with busy(self.window, tr("正在打开项目…")):
                project = recovery.load_recovered()
                self.session.load(project, recovered=True)
        except InputError as exc:
            QMessageBox.warning(self.window, tr("无法打开项目"), str(exc))
            return False
        return True

    # ---------------------------------------------------------------------------------- data
    def import_dialog(self) -> None:
        from .import_dialog import ImportDialog

        dialog = ImportDialog(self.window, self.session.category_map())
        if dialog.exec() and dialog.dataset is not None:
            self.session.set_category_map(dialog.category_map())
            self.window.add_dataset(dialog.dataset, dialog.report)

    def import_indicators_dialog(self) -> None:
        path = open_file(self.window, tr("导入指标表"), "CSV (*.csv)")
        if path:
            self.load_indicator_table(path)

    def load_indicator_table(self, path: str | None = None) -> bool:
        """Show an indicator table on the dashboard (the bundled sample when ``path`` is None); what was
        shown stays on error."""
        try:
            items = load_indicators(path)
        except InputError as exc:
            if path is None:
                self.window.statusBar().showMessage(str(exc), 10000)
            else:
                QMessageBox.warning(self.window, tr("无法读取指标表"), str(exc))
            return False
        self.window.dashboard.show_indicators(items, Path(path).name if path else sample_path().name)
        return True

    def export_map_dialog(self) -> None:
        """A print layout at a stated scale (PDF/SVG/PNG) of the chosen dataset, or of the current view."""
        from .print_dialog import export_map_dialog

        dataset = self.session.dataset()
        result = export_map_dialog(self.window, self.session.project, [dataset] if dataset else [],
                                   canvas=self.window.canvas)
        if result is not None:
            self.window.statusBar().showMessage(tr("已导出 {0}").format(result.path), 8000)

    def export_report_dialog(self) -> None:
        """The briefing document (DOCX/PDF) of the dashboard's dataset."""
        from .print_report_dialog import export_report_dialog

        export_report_dialog(self.window, self.session)

    def export_html_dialog(self) -> None:
        """The briefing map: with a tile basemap on, a small dialog (file, basemap, «embed its tiles»); without
        one, just the file name (the plain offline briefing)."""
        from .html_export_dialog import HtmlExportDialog, shown_basemap

        basemap = shown_basemap(getattr(self.window, "canvas", None))
        if basemap is None:
            path = save_file(self.window, tr("导出 HTML 简报图"), "briefing.html", "HTML (*.html)")
            if path:
                self.export_html(path)
            return
        dialog = HtmlExportDialog(basemap, self._write_html, str(Path(last_dir()) / "briefing.html"), self.window)
        if dialog.exec() and dialog.result_ is not None:
            remember(str(dialog.result_))
            self._exported(dialog.result_, basemap)

    def export_html(self, path: str, basemap=None) -> bool:
        """The same export as ``corridor-gis export-html``, led by the dataset chosen on the dashboard
        (the only one drawn and counted, as the briefing's figures must be the dashboard's); ``basemap``: an
        :class:`~corridor_gis.export.basemap.HtmlBasemap` (None: the bundled offline basemap)."""
        try:
            out = self._write_html(path, basemap)
        except InputError as exc:
            QMessageBox.critical(self.window, tr("导出失败"), str(exc))
            return False
        self._exported(out, basemap)
        return True

    def _write_html(self, path: str, basemap=None) -> Path:
        """Write the briefing (raises InputError: a bad list, too many tiles to embed, none cached), with a
        wait cursor and 正在导出 HTML… meanwhile (1M rows: ~9 s)."""
        from ..export.html import HtmlOptions, export_html

        dataset = self.session.dataset()
        report = self.session.import_reports.get(self.session.active_dataset or "")
        with busy(self.window, tr("正在导出 HTML…")):
            return export_html(self.session.project, [dataset] if dataset is not None else [], path,
                               HtmlOptions(basemap=basemap),
                               import_reports=[report] if dataset is not None else None)

    def _exported(self, path, basemap) -> None:
        message = tr("已导出 {0}").format(path)
        if basemap is not None and basemap.embed:
            message += f" · {basemap.summary}"
        self.window.statusBar().showMessage(message, 8000)
