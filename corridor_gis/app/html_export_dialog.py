"""*文件 → 导出 HTML 简报图…* with a tile basemap on: the briefing shows the basemap the planner sees.

The dialog is small on purpose: the output file, the basemap's name, and one check box «嵌入底图瓦片（离线可用）»
that puts the tiles this app has cached for the corridor into the file (no network needed to open it). Left
unchecked, the page loads the same tiles online. An MBTiles basemap is always embedded (a browser cannot read
the file). Without a tile basemap the export is the plain offline briefing, as before (no dialog beyond the
file name). The export is :func:`corridor_gis.export.html.export_html`, the CLI's.
"""

from __future__ import annotations

from pathlib import Path

from PyQt6.QtWidgets import QCheckBox, QFormLayout, QLabel, QWidget

from ..errors import InputError
from ..export.basemap import BASEMAP_TITLES, HtmlBasemap
from ..tiles import BASEMAPS, MBTilesSource
from .export_dialog import ExportDialog


def shown_basemap(canvas) -> HtmlBasemap | None:
    """The tile basemap shown on ``canvas`` as an HTML basemap (its sources with the user's key, its cache
    folder), or None when the bundled offline basemap is what the planner sees."""
    item = getattr(canvas, "tile_basemap", None)
    if item is None or not item.isVisible():
        return None
    raster = getattr(getattr(item, "basemap", None), "path", None)
    if raster is not None:  # a GeoTIFF basemap: embedded as one image over the corridor
        return HtmlBasemap(raster.name, [], embed=True, raster=raster)
    names = tuple(getattr(s, "name", "") for s in item.sources)
    preset = next((key for key, sources in BASEMAPS.items() if sources == names), None)
    title = BASEMAP_TITLES.get(preset or "", "") or item.title
    caches = [f.cache for f in item.fetchers if f.cache is not None]
    basemap = HtmlBasemap(title, list(item.sources), cache_dir=caches[0].root if caches else None)
    basemap.embed = always_embedded(basemap)
    return basemap


def always_embedded(basemap: HtmlBasemap) -> bool:
    """An MBTiles or GeoTIFF basemap has no address a browser could load: it always goes into the file."""
    return basemap.raster is not None or any(isinstance(s, MBTilesSource) for s in basemap.sources)


class HtmlExportDialog(ExportDialog):
    """Output file, basemap name, embed check box; OK runs ``write_html(path, basemap)`` (an InputError, e.g.
    too many tiles, is shown and the dialog stays open)."""

    def __init__(self, basemap: HtmlBasemap, write_html, suggested: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.basemap, self.write_html = basemap, write_html
        self.setWindowTitle(self.tr("导出 HTML 简报图"))
        form = QFormLayout()
        form.addRow(self.tr("输出文件"), self.output_row(suggested, self.tr("导出 HTML 简报图"), "HTML (*.html)"))
        form.addRow(self.tr("底图"), QLabel(basemap.title))
        self.embed = QCheckBox(self.tr("嵌入底图瓦片（离线可用）"))
        self.embed.setChecked(True)
        self.embed.setEnabled(not always_embedded(basemap))
        self.embed.setToolTip(self.tr("把本机已缓存的走廊范围瓦片写入文件，打开时不需联网；不勾选则在线加载瓦片。"))
        form.addRow("", self.embed)
        if basemap.attribution:
            form.addRow(self.tr("版权"), QLabel(basemap.attribution))
        self.finish(form)

    def export(self):
        self.basemap.embed = self.embed.isChecked() or always_embedded(self.basemap)
        text = self.output.text().strip()
        if not text:
            raise InputError(None, self.tr("没有输出文件"), hint=self.tr("选择要写入的 .html 文件"))
        path = Path(text)
        return self.write(lambda: self.write_html(str(path), self.basemap))
