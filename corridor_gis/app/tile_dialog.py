"""视图 → 底图…: choose the basemap — the bundled offline one (default), OpenStreetMap, 天地图 (the user's
key, kept in QSettings), 高德 / 腾讯 (GCJ-02, placed on their WGS84 places), a custom XYZ/WMTS-REST template,
an MBTiles file, or a GeoTIFF (an orthophoto or a georeferenced plan sheet in any CRS, checked when chosen:
:mod:`corridor_gis.raster_basemap`). Baidu is listed but disabled, with the reason
(:data:`corridor_gis.tiles.BAIDU_UNSUPPORTED`). The choice is kept in QSettings (``basemap/…``) and
:func:`restore_basemap` installs it again at the next start.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PyQt6.QtCore import QSettings, Qt
from PyQt6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..errors import InputError
from ..raster_basemap import RASTER_SUFFIXES, RasterBasemap
from ..tiles import (
    BAIDU_UNSUPPORTED,
    BASEMAPS,
    PRESETS,
    MBTilesSource,
    TileCache,
    TileSource,
    cache_to_mbtiles,
    validate_template,
)
from .raster_layer import RasterLayerItem, install_raster_basemap
from .tile_layer import TileLayerItem, default_cache_dir, install_basemap, remove_basemap

CHOICES = (
    ("none", "内置离线底图（区界，默认）", "The bundled district outlines: works offline, no tiles."),
    ("osm", "OpenStreetMap", "© OpenStreetMap contributors. WGS84; cached on disk after the first view."),
    ("tianditu_vec", "天地图 矢量 + 注记", "CGCS2000 (= WGS84 here). Needs your 天地图 key (tk)."),
    ("tianditu_img", "天地图 影像 + 注记", "CGCS2000 (= WGS84 here). Needs your 天地图 key (tk)."),
    ("amap", "高德地图", "GCJ-02 tiles, moved onto their WGS84 places (not ~500 m off)."),
    ("tencent", "腾讯地图", "GCJ-02 tiles, moved onto their WGS84 places (not ~500 m off)."),
    ("baidu", "百度地图（不支持）", BAIDU_UNSUPPORTED),
    ("custom", "自定义 XYZ / WMTS 模板…", "A URL with {z} {x} {y} ({-y} for TMS), {s}, or WMTS {TileMatrix} "
                                        "{TileRow} {TileCol}."),
    ("mbtiles", "MBTiles 文件（离线瓦片包）…", "An offline tile package (.mbtiles)."),
    ("geotiff", "GeoTIFF 文件（正射影像、规划图）…", "An orthophoto or a georeferenced plan sheet (.tif) in any CRS "
                                              "(EPSG:4549, 4490, 3857, 4326…); shown offline, under every layer."),
)
GEOTIFF_FILTER = "GeoTIFF (" + " ".join(f"*{s}" for s in RASTER_SUFFIXES) + ");;所有文件 (*)"
NO_OVERVIEWS_NOTE = ("该文件没有金字塔（overviews），缩小查看时需读取整幅影像，可能较慢：可在 QGIS（栅格 → 杂项 → "
                     "构建金字塔）或用 gdaladdo 生成。 No overviews: zoomed-out views read the whole file.")
CRS_CHOICES = (("wgs84", "WGS84 / CGCS2000"), ("gcj02", "GCJ-02（高德、腾讯坐标）"))


class BasemapDialog(QDialog):
    """Pick a basemap; OK installs it on the canvas (or restores the bundled one) and remembers the choice."""

    def __init__(self, parent: QWidget | None, canvas, cache_dir: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("底图")
        self.canvas, self.cache_dir = canvas, cache_dir
        self.item: TileLayerItem | None = None
        settings = QSettings()
        self.list = QListWidget()
        for cid, title, tip in CHOICES:
            entry = QListWidgetItem(title)
            entry.setData(Qt.ItemDataRole.UserRole, cid)
            entry.setToolTip(tip)
            if cid == "baidu":
                entry.setFlags(entry.flags() & ~Qt.ItemFlag.ItemIsEnabled & ~Qt.ItemFlag.ItemIsSelectable)
            self.list.addItem(entry)
        self.key_edit = QLineEdit(str(settings.value("basemap/tianditu_key", "") or ""))
        self.key_edit.setPlaceholderText("天地图密钥 tk（console.tianditu.gov.cn 申请，类型选「服务器端」）")
        self.template_edit = QLineEdit(str(settings.value("basemap/custom_template", "") or ""))
        self.template_edit.setPlaceholderText("https://example.org/tiles/{z}/{x}/{y}.png")
        self.crs_combo = QComboBox()
        for code, title in CRS_CHOICES:
            self.crs_combo.addItem(title, code)
        self.crs_combo.setCurrentIndex(max(0, self.crs_combo.findData(settings.value("basemap/custom_crs", "wgs84"))))
        self.max_zoom = QSpinBox()
        self.max_zoom.setRange(1, 22)
        self.max_zoom.setValue(int(settings.value("basemap/custom_max_zoom", 18)))
        self.attribution_edit = QLineEdit(str(settings.value("basemap/custom_attribution", "") or ""))
        self.mbtiles_edit = QLineEdit(str(settings.value("basemap/mbtiles_path", "") or ""))
        self.geotiff_edit = QLineEdit(str(settings.value("basemap/geotiff_path", "") or ""))
        self.geotiff_edit.setPlaceholderText("正射影像或已配准的规划图 (.tif)")
        self._geotiff: tuple[str, RasterBasemap | InputError] | None = None  # the last path checked, and how
        self.baidu_note = QLabel("百度地图（BD-09）的瓦片用百度自己的投影、瓦片原点和级别分辨率切分，不是 web 墨卡托 "
                                 "z/x/y，无法准确叠加，因此不提供。")
        self.baidu_note.setWordWrap(True)
        self.baidu_note.setToolTip(BAIDU_UNSUPPORTED)
        self.baidu_note.setStyleSheet("color: #666666")
        self.package_button = QPushButton("把已缓存的瓦片打包为 MBTiles…")
        self.package_button.setToolTip("One file with every tile of this basemap cached so far, for a laptop "
                                       "that never goes online (choose it there as an MBTiles basemap).")
        self.package_button.clicked.connect(self._package)
        browse = QPushButton("浏览…")
        browse.clicked.connect(self._browse)
        mbtiles_row = QHBoxLayout()
        mbtiles_row.addWidget(self.mbtiles_edit)
        mbtiles_row.addWidget(browse)
        browse_geotiff = QPushButton("浏览…")
        browse_geotiff.clicked.connect(self._browse_geotiff)
        geotiff_row = QHBoxLayout()
        geotiff_row.addWidget(self.geotiff_edit)
        geotiff_row.addWidget(browse_geotiff)
        self.opacity = QSlider(Qt.Orientation.Horizontal)
        self.opacity.setRange(10, 100)
        self.opacity.setValue(int(settings.value("basemap/opacity", 100)))
        self.note = QLabel(wordWrap=True)
        self.problem = QLabel(wordWrap=True)
        self.problem.setStyleSheet("color: #b03a2e")
        form = QFormLayout()
        form.addRow("天地图密钥", self.key_edit)
        form.addRow("URL 模板", self.template_edit)
        form.addRow("瓦片坐标系", self.crs_combo)
        form.addRow("最大级别", self.max_zoom)
        form.addRow("版权说明", self.attribution_edit)
        form.addRow("MBTiles", mbtiles_row)
        form.addRow("GeoTIFF", geotiff_row)
        form.addRow("不透明度", self.opacity)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept_choice)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addWidget(self.baidu_note)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.problem)
        layout.addWidget(self.package_button)
        layout.addWidget(self.buttons)
        for signal in (self.list.currentItemChanged, self.key_edit.textChanged, self.template_edit.textChanged,
                       self.mbtiles_edit.textChanged, self.geotiff_edit.textChanged,
                       self.crs_combo.currentIndexChanged):
            signal.connect(self._refresh)
        self.choose(str(settings.value("basemap/choice", "none")))
        self.finished.connect(lambda _result: self._drop_geotiff())

    # ----------------------------------------------------------------------------------------- choice
    def _entry(self, cid: str) -> QListWidgetItem:
        return next(self.list.item(i) for i in range(self.list.count())
                    if self.list.item(i).data(Qt.ItemDataRole.UserRole) == cid)

    def choose(self, cid: str) -> None:
        if cid not in {c[0] for c in CHOICES} or cid == "baidu":
            cid = "none"
        self.list.setCurrentItem(self._entry(cid))
        self._refresh()

    def choice_id(self) -> str:
        current = self.list.currentItem()
        return current.data(Qt.ItemDataRole.UserRole) if current is not None else "none"

    def is_enabled(self, cid: str) -> bool:
        return bool(self._entry(cid).flags() & Qt.ItemFlag.ItemIsEnabled)

    def tooltip(self, cid: str) -> str:
        return self._entry(cid).toolTip()

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "MBTiles", self.mbtiles_edit.text(), "MBTiles (*.mbtiles)")
        if path:
            self.mbtiles_edit.setText(path)

    def _browse_geotiff(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "GeoTIFF", self.geotiff_edit.text(), GEOTIFF_FILTER)
        if path:
            self.geotiff_edit.setText(path)

    def geotiff(self) -> RasterBasemap:
        """The GeoTIFF in the path field, opened and checked once per path (raises InputError with what is
        wrong: not found, not a raster, no CRS, not over Qingdao)."""
        path = self.geotiff_edit.text().strip()
        if not path:
            raise ValueError("请选择 GeoTIFF 文件 / choose a GeoTIFF file")
        if self._geotiff is None or self._geotiff[0] != path:
            self._drop_geotiff()
            try:
                self._geotiff = (path, RasterBasemap(path))
            except InputError as exc:
                self._geotiff = (path, exc)
        result = self._geotiff[1]
        if isinstance(result, InputError):
            raise result
        return result

    def _drop_geotiff(self) -> None:
        """Close the file checked last unless a basemap item now owns it."""
        if self._geotiff is not None and isinstance(self._geotiff[1], RasterBasemap):
            owner = self.item if isinstance(self.item, RasterLayerItem) else None
            if owner is None or owner.basemap is not self._geotiff[1]:
                self._geotiff[1].close()
        self._geotiff = None

    # ------------------------------------------------------------------------------------- validation
    def selected_sources(self) -> list:
        """The chosen sources (bottom first; a GeoTIFF is one :class:`RasterBasemap`); raises
        ValueError/InputError with what is wrong."""
        cid = self.choice_id()
        if cid == "none":
            return []
        if cid in BASEMAPS:
            sources = [PRESETS[name] for name in BASEMAPS[cid]]
            if any(s.needs_key for s in sources):
                key = self.key_edit.text().strip()
                if not key:
                    raise ValueError("天地图需要您的密钥 (tk)。The 天地图 tiles need your key.")
                sources = [dataclasses.replace(s, key=key) for s in sources]
            return sources
        if cid == "custom":
            template = self.template_edit.text().strip()
            validate_template(template)
            return [TileSource("custom", template, crs=self.crs_combo.currentData(), max_zoom=self.max_zoom.value(),
                               attribution=self.attribution_edit.text().strip(), title="自定义底图")]
        if cid == "mbtiles":
            path = Path(self.mbtiles_edit.text().strip())
            if not path.is_file():
                raise ValueError(f"没有找到 MBTiles 文件 / file not found: {path}")
            return [MBTilesSource(path, crs=self.crs_combo.currentData())]
        if cid == "geotiff":
            return [self.geotiff()]
        raise ValueError(BAIDU_UNSUPPORTED)

    def _refresh(self, *_args) -> None:
        cid = self.choice_id()
        self.key_edit.setEnabled(cid.startswith("tianditu"))
        for widget in (self.template_edit, self.max_zoom, self.attribution_edit):
            widget.setEnabled(cid == "custom")
        self.crs_combo.setEnabled(cid in ("custom", "mbtiles"))
        self.mbtiles_edit.setEnabled(cid == "mbtiles")
        self.geotiff_edit.setEnabled(cid == "geotiff")
        self.package_button.setEnabled(cid not in ("none", "mbtiles", "geotiff"))
        note = self._entry(cid).toolTip()
        problem = ""
        try:
            sources = self.selected_sources()
        except (ValueError, InputError) as exc:
            problem = str(exc)
        else:
            if cid == "geotiff":
                note = sources[0].describe() + ("" if sources[0].overviews else "\n" + NO_OVERVIEWS_NOTE)
        self.note.setText(note)
        self.problem.setText(problem)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)

    def package_cache(self, target: Path) -> int:
        """Write the chosen basemap's cached tiles (all its layers) into one MBTiles file; returns the count.
        A basemap of several layers (天地图 base + labels) is packaged per layer: ``NAME.<layer>.mbtiles``."""
        sources = [s for s in self.selected_sources() if isinstance(s, TileSource)]
        cache = TileCache(self.cache_dir if self.cache_dir is not None else default_cache_dir())
        total = 0
        for source in sources:
            path = target if len(sources) == 1 else target.with_name(f"{target.stem}.{source.name}{target.suffix}")
            total += cache_to_mbtiles(cache, source, path)
        return total

    def _package(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "MBTiles", "basemap.mbtiles", "MBTiles (*.mbtiles)")
        if not path:
            return
        try:
            count = self.package_cache(Path(path))
        except (ValueError, InputError, OSError) as exc:
            QMessageBox.warning(self, "MBTiles", str(exc))
            return
        QMessageBox.information(self, "MBTiles", f"{count} 个瓦片已写入 {path}")

    # ----------------------------------------------------------------------------------------- accept
    def accept_choice(self, install: bool = True) -> None:
        """Remember the choice (and the key) and put the basemap on the canvas."""
        try:
            sources = self.selected_sources()
        except (ValueError, InputError) as exc:
            self.problem.setText(str(exc))
            return
        settings = QSettings()
        settings.setValue("basemap/choice", self.choice_id())
        settings.setValue("basemap/tianditu_key", self.key_edit.text().strip())
        settings.setValue("basemap/custom_template", self.template_edit.text().strip())
        settings.setValue("basemap/custom_crs", self.crs_combo.currentData())
        settings.setValue("basemap/custom_max_zoom", self.max_zoom.value())
        settings.setValue("basemap/custom_attribution", self.attribution_edit.text().strip())
        settings.setValue("basemap/mbtiles_path", self.mbtiles_edit.text().strip())
        settings.setValue("basemap/geotiff_path", self.geotiff_edit.text().strip())
        settings.setValue("basemap/opacity", self.opacity.value())
        if install:
            if sources:
                self.item = install_sources(self.canvas, sources, self.cache_dir)
                self.item.setOpacity(self.opacity.value() / 100)
            else:
                remove_basemap(self.canvas)
        self.accept()


def install_sources(canvas, sources: list, cache_dir: Path | None = None) -> TileLayerItem | RasterLayerItem:
    """Install what the dialog chose: a GeoTIFF as a raster basemap, tile sources as a tile basemap."""
    if len(sources) == 1 and isinstance(sources[0], RasterBasemap):
        return install_raster_basemap(canvas, sources[0])
    return install_basemap(canvas, sources, cache_dir)


def basemap_dialog(parent: QWidget | None, canvas,
                   cache_dir: Path | None = None) -> TileLayerItem | RasterLayerItem | None:
    """Show the dialog; returns the installed basemap item, or None (bundled basemap or cancelled)."""
    dialog = BasemapDialog(parent, canvas, cache_dir)
    dialog.exec()
    return dialog.item


def restore_basemap(canvas, cache_dir: Path | None = None) -> TileLayerItem | RasterLayerItem | None:
    """Re-install the basemap chosen in an earlier session (call once at start-up); None for the bundled one.
    A choice that no longer works (a moved MBTiles or GeoTIFF file) falls back to the bundled basemap."""
    dialog = BasemapDialog(None, canvas, cache_dir)
    try:
        sources = dialog.selected_sources()
    except (ValueError, InputError):
        dialog._drop_geotiff()
        return None
    finally:
        dialog.deleteLater()
    if not sources:
        return None
    item = install_sources(canvas, sources, cache_dir)
    item.setOpacity(int(QSettings().value("basemap/opacity", 100)) / 100)
    return item
