"""The main window: assembly only. It builds the views — canvas in the middle, layer panel and identify on
the left, dashboard on the right, status bar with cursor position (lon/lat and EPSG:4549), scale and CRS —
and connects them to the :class:`~corridor_gis.session.Session`, which owns every piece of state.

Who does what: :class:`~corridor_gis.app.map_sync.MapLayers` keeps the canvas in step with the session,
:class:`~corridor_gis.app.edit_actions.EditActions` is the edit menu, undo stack and vertex tool,
:class:`~corridor_gis.app.project_actions.ProjectActions` the file menu, and
:class:`~corridor_gis.app.identify.Identifier` the identify tool's look-up.
"""

from __future__ import annotations

from pathlib import Path

from PyQt6.QtCore import QSettings, Qt, QTimer
from PyQt6.QtGui import QAction, QActionGroup, QKeySequence, QTransform
from PyQt6.QtWidgets import QDockWidget, QMainWindow, QToolBar

from .. import placeholder
from ..io.points import ImportReport
from ..model import Dataset, Project
from ..session import Session
from . import help_menu, window_state
from .canvas import MapCanvas
from .dashboard import Dashboard
from .edit_actions import EditActions
from .edit_tool import snap_to_district_borders
from .geography_actions import GeographyActions
from .i18n import current_language
from .identify import Identifier
from .layer_factory import basemap_layers
from .map_event import MapMouseEvent
from .map_sync import MapLayers
from .memory import release_freed_memory
from .panels import IdentifyPanel, LayerPanel
from .project_actions import APP_TITLE, ProjectActions, sample_dataset
from .status_bar import MapStatus
from .tile_layer import remove_basemap
from .tools import IdentifyTool, PanTool

#: how long the status bar says that the user's list replaced the synthetic sample
SAMPLE_MESSAGE_MS = 20_000

#: when memory freed by drawing a newly added list is given back (after the first paint)
RELEASE_AFTER_PAINT_MS = 300

#: Qt's PNG "quality" for screenshots: 0 is zlib's smallest and slowest output, 100 no compression at all
PNG_QUALITY = 80

#: the canvas's scale before the window is shown (about the whole city): layers drawn only when zoomed in (街道)
#: are built when the user first zooms in, not at start-up (the window shows the corridor, at ~1:200,000)
START_METRES_PER_PX = 150.0


def basemap_dialog(parent, canvas):
    """视图 → 底图… (the dialog and the GeoTIFF reader it brings, rasterio, load when first used)."""
    from .tile_dialog import basemap_dialog as dialog

    return dialog(parent, canvas)


def restore_basemap(canvas) -> None:
    """Re-install the tile or GeoTIFF basemap chosen last time, if any (``basemap/choice`` is the dialog's
    setting; "none" = the bundled basemap, the usual case, which needs neither the dialog nor rasterio)."""
    if str(QSettings().value("basemap/choice", "none")) == "none":
        return
    from .tile_dialog import restore_basemap as restore

    restore(canvas)


class MainWindow(QMainWindow):
    """One session at a time; every figure is computed by the core from :attr:`session`."""

    def __init__(self, project: Project, load_sample: bool = True) -> None:
        super().__init__()
        self.lang = current_language()
        # the synthetic sample as a placeholder, in a project without lists whose placeholder was never dismissed
        sample = sample_dataset() if load_sample and placeholder.wanted(project) else None
        if sample is not None:
            project.add_dataset(sample[0])
            placeholder.mark(project, sample[0].name)
        # the district borders become a snapping target after the first paint (finish_start_up)
        self.session = Session(project, lang=self.lang, snap_to_districts=False)
        if sample is not None:
            self.session.import_reports[sample[0].name] = sample[1]
        self.canvas = MapCanvas(self)
        self.canvas.setTransform(QTransform.fromScale(1 / START_METRES_PER_PX, 1 / START_METRES_PER_PX))
        self.setCentralWidget(self.canvas)
        self._build_docks()
        self.status = MapStatus(self.statusBar(), self.canvas)
        self.status_lonlat, self.status_crs, self.status_edit = self.status.lonlat, self.status.crs, self.status.edit
        self.files = ProjectActions(self, self.session)
        self.editor = EditActions(self, self.session, self.status_edit)
        self.geography = GeographyActions(self, self.session, self.editor.undo_stack.push_command)
        self.identifier = Identifier(self.session, self.canvas)
        self._build_actions()
        self.canvas.add_layers(basemap_layers(self.lang))
        restore_basemap(self.canvas)  # the tile basemap chosen last time, if any (cached tiles work offline)
        self.map_layers = MapLayers(self.session, self.canvas, self.lang)
        self.map_layers.show_project()
        s = self.session
        s.figures_changed.connect(self.refresh_figures)
        s.datasets_changed.connect(self._on_datasets_changed)
        s.active_dataset_changed.connect(lambda _name: self._on_datasets_changed())
        s.modified_changed.connect(lambda _m: self.update_title())
        s.project_replaced.connect(self.update_title)
        self._on_datasets_changed()
        self.refresh_figures()
        self.files.load_indicator_table()
        self.canvas.set_tool(self.pan_tool)
        self.update_title()
        window_state.restore(self)

    # ------------------------------------------------------------------ the session's state
    @property
    def project(self) -> Project:
        return self.session.project

    @property
    def result(self):
        return self.session.result

    @property
    def active_dataset(self) -> str | None:
        return self.session.active_dataset

    @property
    def vertex_tool(self):
        return self.editor.vertex_tool

    def finish_start_up(self) -> None:
        """What the first picture does not need, done once the window is on screen (``run_app`` calls it
        after the first paint): the district borders' snapping index (~60 ms). The vertex tool builds it
        itself when it is picked before that."""
        snap_to_district_borders(self.session)

    # ------------------------------------------------------------------------------ building
    def _build_docks(self) -> None:
        self.layer_panel = LayerPanel(self.canvas)
        self.layer_panel.removeRequested.connect(self._remove_layer)
        self.dashboard = Dashboard()
        self.dashboard.datasetChosen.connect(self.session.choose_dataset)
        self.dashboard.countingChanged.connect(self.session.set_counting)
        self.identify_panel = IdentifyPanel()
        for title, widget, area, name in [
            (self.tr("图层"), self.layer_panel, Qt.DockWidgetArea.LeftDockWidgetArea, "layers"),
            (self.tr("集聚度仪表板"), self.dashboard, Qt.DockWidgetArea.RightDockWidgetArea, "dashboard"),
            (self.tr("要素识别"), self.identify_panel, Qt.DockWidgetArea.LeftDockWidgetArea, "identify"),
        ]:
            dock = QDockWidget(title, self)
            dock.setObjectName(name)
            dock.setWidget(widget)
            self.addDockWidget(area, dock)
            setattr(self, f"{name}_dock", dock)
        self.resizeDocks([self.layers_dock, self.dashboard_dock], [250, max(500, self.dashboard.minimum_width())],
                         Qt.Orientation.Horizontal)

    def _build_actions(self) -> None:
        f = self.files
        menu_file = self.menuBar().addMenu(self.tr("文件"))
        self.act_open = menu_file.addAction(self.tr("打开项目…"), QKeySequence.StandardKey.Open, f.open_dialog)
        self.act_save = menu_file.addAction(self.tr("保存项目"), QKeySequence.StandardKey.Save, f.save)
        menu_file.addAction(self.tr("项目另存为…"), QKeySequence.StandardKey.SaveAs, f.save_as)
        menu_file.addSeparator()
        self.act_import = menu_file.addAction(self.tr("导入数据…"), QKeySequence("Ctrl+I"), f.import_dialog)
        menu_file.addAction(self.tr("导入指标表…"), f.import_indicators_dialog)
        menu_file.addAction(self.tr("导入区域边界…"), self.geography.import_zones_dialog)
        menu_file.addAction(self.tr("添加参考图层…"), self.geography.add_reference_dialog)
        self.act_export_html = menu_file.addAction(self.tr("导出 HTML 简报图…"), QKeySequence("Ctrl+E"),
                                                   f.export_html_dialog)
        menu_file.addAction(self.tr("导出地图…"), QKeySequence("Ctrl+P"), f.export_map_dialog)
        menu_file.addAction(self.tr("导出简报…"), f.export_report_dialog)
        menu_file.addSeparator()
        menu_file.addAction(self.tr("退出"), QKeySequence.StandardKey.Quit, self.close)

        menu_view = self.menuBar().addMenu(self.tr("视图"))
        self.act_zoom_corridor = menu_view.addAction(self.tr("缩放到走廊"), QKeySequence("Ctrl+1"),
                                                     self.zoom_to_corridor)
        menu_view.addAction(self.tr("缩放到全市"), QKeySequence("Ctrl+0"), self.zoom_full)
        menu_view.addAction(self.tr("放大"), QKeySequence.StandardKey.ZoomIn, lambda: self.canvas.zoom_by(1.25))
        menu_view.addAction(self.tr("缩小"), QKeySequence.StandardKey.ZoomOut, lambda: self.canvas.zoom_by(0.8))
        menu_view.addAction(self.tr("底图…"), lambda: basemap_dialog(self, self.canvas))
        menu_view.addSeparator()
        for dock in (self.layers_dock, self.dashboard_dock, self.identify_dock):
            menu_view.addAction(dock.toggleViewAction())

        menu_tools = self.menuBar().addMenu(self.tr("工具"))
        group = QActionGroup(self)
        self.pan_tool = PanTool(self.canvas)
        self.identify_tool = IdentifyTool(self.canvas, self.identify)
        # the labels are tr() literals, not tr(variable): tools/update_translations.py finds only literals
        for name, label, key, tool, checked in (("act_pan", self.tr("平移"), "P", self.pan_tool, True),
                                                ("act_identify", self.tr("识别要素"), "I", self.identify_tool,
                                                 False)):
            act = QAction(label, self, checkable=True, checked=checked)
            act.setShortcut(QKeySequence(key))
            act.triggered.connect(lambda _c, tool=tool: self.canvas.set_tool(tool))
            group.addAction(act)
            menu_tools.addAction(act)
            setattr(self, name, act)

        help_menu.build(self, self.lang)

        bar = QToolBar(self.tr("地图"), self)
        bar.setObjectName("map_toolbar")
        self.addToolBar(bar)
        for act in (self.act_open, self.act_save, self.act_import, self.act_export_html, None, self.act_pan,
                    self.act_identify, self.act_zoom_corridor):
            bar.addSeparator() if act is None else bar.addAction(act)
        self.editor.build(group, bar, self.menuBar().actions()[1], self.identify_dock)
        for name in ("act_undo", "act_redo", "act_vertex", "act_snap", "act_topo"):
            setattr(self, name, getattr(self.editor, name))

    # ------------------------------------------------------------------------------ views
    def refresh_figures(self) -> None:
        self.dashboard.show_report(self.session.report(self.lang))

    def _on_datasets_changed(self) -> None:
        self.dashboard.set_datasets(list(self.session.project.datasets), self.session.active_dataset)

    def _remove_layer(self, key: str) -> None:
        kind, _, name = key.partition(":")
        (self.session.remove_reference if kind == "reference" else self.session.remove_dataset)(name)
        release_freed_memory()  # a removed million-row list is ~200 MB

    def identify(self, event: MapMouseEvent) -> list:
        """Features under a map click, top layer first; shown in the identify panel."""
        results = self.identifier.at(event)
        self.identify_panel.show_results(results)
        self.identify_dock.raise_()
        return results

    def update_title(self) -> None:
        path = self.session.project.path
        name = Path(path).name if path else self.tr("内置区域（示意）")
        self.setWindowTitle(f"{'*' if self.session.is_modified() else ''}{name} — {APP_TITLE}")

    # -------------------------------------------------------------------- user actions
    def add_dataset(self, dataset: Dataset, report: ImportReport | None = None) -> None:
        """Add an imported list (counted, drawn, behind the headline), then give what the import freed back
        to the operating system (a 1M-row read leaves ~300 MB in the allocators' caches).

        The user's first list replaces the synthetic sample the app showed as a placeholder
        (:mod:`corridor_gis.placeholder`): one step on the undo stack, said in the status bar."""
        self.session.add_dataset(dataset, report)
        replace = self.session.replace_placeholder(self.tr("移除合成示例数据"))
        if replace is not None:
            self.editor.undo_stack.push_command(replace)
            self.statusBar().showMessage(self.tr("已导入“{0}”；内置的合成示例数据“{1}”已移除，不再显示、不计入、"
                                                 "不保存（撤销 Ctrl+Z 可恢复）。").format(dataset.name,
                                                                                replace.dataset.name),
                                         SAMPLE_MESSAGE_MS)
        release_freed_memory()
        # and again once the map has drawn the new layer (the first raster of a million points leaves ~30 MB)
        QTimer.singleShot(RELEASE_AFTER_PAINT_MS, release_freed_memory)

    def open_project(self, path: str) -> bool:
        return self.files.open(path)

    def save_to(self, path) -> bool:
        return self.files.save_to(path)

    def export_html(self, path: str) -> bool:
        return self.files.export_html(path)

    def load_indicator_table(self, path: str) -> bool:
        return self.files.load_indicator_table(path)

    def offer_recovery(self) -> bool:
        return self.files.offer_recovery()

    def zoom_to_corridor(self) -> None:
        if (layer := self.canvas.layer("corridor")) is not None:
            self.canvas.zoom_to_layer(layer)

    def zoom_full(self) -> None:
        if (layer := self.canvas.layer("basemap_city")) is not None:
            self.canvas.zoom_to_layer(layer)

    # ------------------------------------------------------------------- window lifecycle
    def closeEvent(self, event) -> None:
        from . import recovery

        if not self.files.confirm_discard():
            event.ignore()
            return
        window_state.save(self)
        remove_basemap(self.canvas)  # joins the tile workers
        recovery.clear()
        event.accept()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not getattr(self, "_zoomed", False):
            self._zoomed = True
            self.zoom_to_corridor()

    def grab(self, *args):
        """The window as a picture, the map fully rendered for its current view (no zoom preview)."""
        self.canvas.render_now()
        return super().grab(*args)

    def grab_png(self, path: str) -> None:
        """The window as a PNG file (``--screenshot``): zlib's fast levels (Qt's quality 80) write a 1600 x 1000
        window in ~55 ms instead of ~80 ms for a file ~1 % larger; the pixels are the same (PNG is lossless)."""
        self.grab().save(path, "PNG", PNG_QUALITY)


__all__ = ["MainWindow"]
