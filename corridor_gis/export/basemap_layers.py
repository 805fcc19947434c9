"""Put a tile basemap (:class:`~corridor_gis.export.basemap.HtmlBasemap`) on the folium map: online WGS84
sources as ``folium.TileLayer``; GCJ-02 sources and embedded tiles as our GridLayer (``templates/gcj_tiles.js``,
inlined into the page only when used), created by the page script from the ``tiles`` entries returned here.
The footer lines name the provider (their attribution is a condition of use), the GCJ-02 correction and
whether the page needs the network for its tiles."""

from __future__ import annotations

from dataclasses import dataclass, field

import folium
from branca.element import Element

from .basemap import (
    GCJ02_NOTE,
    EmbeddedTiles,
    HtmlBasemap,
    collect_tiles,
    corridor_extent,
    embedded_summary,
    js_source,
)
from .panel import static_text
from .raster_overlay import render_overlay
from .safety import html_text

#: the map's deepest zoom (folium's default); tiles beyond a source's own maximum are scaled up
MAP_MAX_ZOOM = 18


@dataclass
class TileLayers:
    """What :func:`add_basemap` did: ``layers`` for the page script (one per GridLayer source), the footer
    lines, and the embedded tiles (empty when online)."""

    layers: list[dict] = field(default_factory=list)
    footer: list[str] = field(default_factory=list)
    embedded: list[EmbeddedTiles] = field(default_factory=list)
    summary: str = ""


def add_basemap(m: folium.Map, basemap: HtmlBasemap, bounds: tuple[float, float, float, float]) -> TileLayers:
    """Add the basemap's layers to ``m`` (bottom first: the first source is the base layer, the others
    overlays such as 天地图's labels) and return what the page script and the footer need."""
    out = TileLayers()
    if basemap.raster is not None:
        return _add_raster(m, basemap, bounds, out)
    if basemap.embed:
        out.embedded = collect_tiles(basemap, bounds)
        out.summary = basemap.summary = embedded_summary(out.embedded, basemap.zooms)
    online_wgs84 = not basemap.embed and not basemap.is_gcj02
    for index, source in enumerate(basemap.sources):
        title = basemap.title if index == 0 else (getattr(source, "title", "") or source.name)
        if online_wgs84:
            folium.TileLayer(js_source(source)["url"], attr=html_text(source.attribution or basemap.title),
                             name=html_text(title), overlay=index > 0, control=True, show=True,
                             subdomains=list(source.subdomains) or "abc", min_zoom=0, max_zoom=MAP_MAX_ZOOM,
                             max_native_zoom=source.max_zoom).add_to(m)
            continue
        tiles = out.embedded[index].tiles if basemap.embed else None
        out.layers.append({"title": html_text(title), "base": index == 0, "zIndex": index + 1,
                           "attribution": html_text(source.attribution), "max_zoom": MAP_MAX_ZOOM,
                           "source": js_source(source, tiles)})
    if out.layers:
        m.get_root().header.add_child(Element(f"<script>{static_text('gcj_tiles.js')}</script>"),
                                      name="cg_tiles_js")
    attribution = basemap.attribution or basemap.title
    out.footer.append(f"瓦片底图：{basemap.title}（{attribution}）")
    if basemap.is_gcj02:
        out.footer.append(GCJ02_NOTE)
    out.footer.append(out.summary if basemap.embed else "在线瓦片（需联网）")
    return out


def _add_raster(m: folium.Map, basemap: HtmlBasemap, bounds: tuple[float, float, float, float],
                out: TileLayers) -> TileLayers:
    """A GeoTIFF basemap: the file's part over the corridor (plus the margin) as one embedded image."""
    overlay = render_overlay(basemap.raster, corridor_extent(bounds, margin=0.5))  # more context than tiles
    folium.raster_layers.ImageOverlay(overlay.data_uri, bounds=[list(c) for c in overlay.bounds],
                                      name=html_text(basemap.title), overlay=False, control=True, show=True,
                                      zindex=1).add_to(m)
    out.summary = basemap.summary = (f"离线嵌入 GeoTIFF 影像 {overlay.width}×{overlay.height} 像素（约 "
                                     f"{overlay.metres_per_pixel:.0f} 米/像素，{overlay.megabytes:.1f} MB）")
    out.footer.append(f"影像底图：{basemap.title}（用户提供的 GeoTIFF）")
    out.footer.append(out.summary)
    return out
