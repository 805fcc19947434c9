"""Each list of the HTML briefing in the point style saved for it (符号样式): a heatmap or clusters as the app
draws them, under the zone borders, in a page that stays small for a long list and opens offline; by
category when nothing (or nothing readable) was saved. The figures do not depend on the style."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from PyQt6.QtGui import QColor, QImage

from corridor_gis.export import point_layers
from corridor_gis.export.html import HtmlOptions, export_html
from corridor_gis.export.point_layers import WEIGHTED_MAX, saved_style
from corridor_gis.model import POINT_STYLE_PREFIX, Dataset
from corridor_gis.point_density import weighted_points, world_pixels
from corridor_gis.styles import style_for

from .test_html_density import _border_vertex, long_list


def styled(project, dataset: Dataset, kind: str, **settings):
    """``project`` with ``kind`` saved for ``dataset`` as the app saves it (Session.set_point_style)."""
    project.metadata[POINT_STYLE_PREFIX + dataset.name] = json.dumps({"kind": kind, **settings}, sort_keys=True)
    return project


# ---------------------------------------------------------------------------------- the app's style, read alike
def test_only_the_lists_own_style_counts(project):
    project.metadata[POINT_STYLE_PREFIX + "other"] = json.dumps({"kind": "heatmap"})
    project.metadata[POINT_STYLE_PREFIX + "list"] = "not json"
    assert saved_style(project, "list").kind == "categorized"
    assert saved_style(project, "missing").kind == "categorized"


# ---------------------------------------------------------------------------------- merged entries, exact counts
def grid_counts(lon, lat, weight, zoom: int, cell: int) -> dict[tuple[int, int], int]:
    """Grid clusters as the page computes them: cells of ``cell`` world pixels at ``zoom``."""
    x, y = world_pixels(lon, lat, zoom)
    keys = np.stack([np.floor(x / cell), np.floor(y / cell)], axis=1).astype(np.int64)
    cells, inverse = np.unique(keys, axis=0, return_inverse=True)
    sums = np.bincount(inverse.ravel(), weights=weight)
    return {tuple(c): int(s) for c, s in zip(cells.tolist(), sums.tolist(), strict=True)}


def test_merged_entries_cluster_as_the_points_do():
    rng = np.random.default_rng(3)
    n = 200_000
    lon, lat = rng.normal(120.45, 0.08, n), rng.normal(36.2, 0.06, n)
    codes = rng.integers(0, 4, n)
    merged = weighted_points(lon, lat, codes, 20_000)
    assert len(merged.weight) <= 20_000 and merged.weight.sum() == n and merged.zoom < 18
    for zoom in range(merged.zoom - 3, merged.zoom + 1):
        assert grid_counts(merged.lon, merged.lat, merged.weight, zoom, 56) == grid_counts(
            lon, lat, np.ones(n), zoom, 56), zoom
    alone = merged.weight == 1  # a point alone in its pixel keeps its place and its category
    order = np.lexsort((lat, lon))
    found = np.searchsorted(lon[order], merged.lon[alone])
    assert np.allclose(lon[order][found], merged.lon[alone])


def test_a_short_list_keeps_its_points():
    rng = np.random.default_rng(4)
    lon, lat = rng.uniform(120.2, 120.7, 3000), rng.uniform(36.0, 36.4, 3000)
    merged = weighted_points(lon, lat, np.arange(3000) % 3, WEIGHTED_MAX)
    assert merged.zoom == 18 and len(merged.weight) == 3000
    assert sorted(merged.lon.tolist()) == pytest.approx(sorted(lon.tolist()))


# ---------------------------------------------------------------------------------- in the browser, offline
def _near_border(v, lat: float, lon: float, colour: str) -> int:
    """The smallest RGB distance to ``colour`` in the 5×5 pixels around (lat, lon) of a screenshot."""
    x, y = v.page.evaluate("([lat, lon]) => { const p = window.cgMap.latLngToContainerPoint([lat, lon]);"
                           " return [p.x, p.y]; }", [lat, lon])
    shot = QImage.fromData(v.page.screenshot())
    want = QColor(colour)
    return min(abs(c.red() - want.red()) + abs(c.green() - want.green()) + abs(c.blue() - want.blue())
               for c in (QColor(shot.pixel(int(x) + dx, int(y) + dy)) for dx in range(-2, 3) for dy in range(-2, 3)))


def test_clusters_count_every_point_under_the_borders(visit, project, tmp_path):
    lon, lat = _border_vertex(project)
    n = WEIGHTED_MAX + 20_000  # longer than the page keeps entries for
    ds = long_list(n, 0.02, (lon, lat))
    out = export_html(styled(project, ds, "cluster"), [ds], tmp_path / "clusters.html", HtmlOptions())
    assert out.stat().st_size < 3e6
    v = visit(out)
    assert v.errors == [] and v.external_requests() == []
    assert v.page.locator("body").get_attribute("data-points") == str(n)
    drawn = v.page.evaluate("() => { const d = window.cgPointLayers[0].drawn;"
                            " return {counts: d.clusters.map(c => c.n), singles: d.singles}; }")
    assert sum(drawn["counts"]) + drawn["singles"] == n  # every point in view is in a cluster or drawn alone
    # the same clusters as the app's grid over the points themselves at the page's zoom
    zoom = v.page.evaluate("() => window.cgMap.getZoom()")
    merged = weighted_points(ds.lonlat()[0], ds.lonlat()[1], np.zeros(n), WEIGHTED_MAX)
    assert zoom <= merged.zoom
    raw = grid_counts(*ds.lonlat(), np.ones(n), zoom, 56)
    assert sorted(drawn["counts"]) == sorted(c for c in raw.values() if c > 1)
    assert v.page.locator(".leaflet-pane canvas.cg-clusters").count() == 1
    assert _near_border(v, lat, lon, style_for("corridor").stroke) < 60, "the corridor border is under the clusters"
    legend = v.page.locator("#cg-legend").text_content()
    assert "聚合（圆上数字为点数）" in legend and "新型研发机构" in legend  # the lone points' categories too


def test_a_click_on_a_cluster_zooms_in_on_it(visit, project, tmp_path):
    ds = long_list(5_000, 0.01)
    out = export_html(styled(project, ds, "cluster"), [ds], tmp_path / "click.html", HtmlOptions())
    v = visit(out)
    before = v.page.evaluate("() => window.cgMap.getZoom()")
    x, y = v.page.evaluate("() => { const c = window.cgPointLayers[0].drawn.clusters"
                           ".reduce((a, b) => (b.n > a.n ? b : a)); return [c.x, c.y]; }")
    box = v.page.locator(".folium-map").bounding_box()
    v.page.mouse.click(box["x"] + x, box["y"] + y)
    v.page.wait_for_function(f"() => window.cgMap.getZoom() > {before}", timeout=5000)
    # the zone under the circle does not keep its popup open (it fades out with the zoom)
    v.page.wait_for_function("() => !document.querySelector('.leaflet-popup')", timeout=3000)


def test_a_heatmap_is_drawn_in_the_apps_ramp_under_the_borders(visit, project, tmp_path):
    lon, lat = _border_vertex(project)
    n = 60_000
    ds = long_list(n, 0.004, (lon, lat))
    out = export_html(styled(project, ds, "heatmap", radius_px=30), [ds], tmp_path / "heat.html", HtmlOptions())
    assert out.stat().st_size < 3e6
    text = out.read_text(encoding="utf-8")
    assert "Leaflet.heat 0.2.0 (BSD-2)" in text and '"radius_px":30' in text
    v = visit(out)
    assert v.errors == [] and v.external_requests() == []
    assert v.page.locator("body").get_attribute("data-points") == str(n)
    assert v.page.locator(".leaflet-pane canvas.leaflet-heatmap-layer").count() == 1
    assert v.page.evaluate("() => document.querySelector('canvas.leaflet-heatmap-layer').parentElement"
                           " === window.cgMap.getPane('cgPoints')")
    # the list's overlay in the layer control can be ticked (not greyed out at the map's zoom)
    assert v.page.locator(".leaflet-control-layers-overlays input[disabled]").count() == 0
    assert _near_border(v, lat, lon, style_for("corridor").stroke) < 60, "the corridor border is under the heat"
    # every heat pixel is a colour of the app's ramp (with its opacity), and the densest reach its top
    pixels = v.page.evaluate("""() => { const c = document.querySelector('canvas.leaflet-heatmap-layer');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data, out = new Set();
        for (let i = 0; i < d.length; i += 4) { if (d[i + 3]) { out.add([d[i], d[i+1], d[i+2], d[i+3]].join()); } }
        return Array.from(out); }""")
    ramp = np.array(point_layers.ramp_rgba()).reshape(-1, 4)
    seen = np.array([[int(c) for c in p.split(",")] for p in pixels])
    opaque = seen[seen[:, 3] >= 64]  # fainter ones lose their colour to the canvas's premultiplied storage
    gap = np.abs(opaque[:, None, :] - ramp[None, :, :]).max(axis=2).min(axis=1)
    assert len(opaque) > 50 and gap.max() <= 6, "heat drawn in other colours than the app's ramp"
    assert seen[:, 3].max() >= ramp[250, 3]  # the densest place reaches the ramp's top
    legend = v.page.locator("#cg-legend").text_content()
    assert "相对当前视图" in legend and "新型研发机构" not in legend


def test_a_million_rows_stay_a_small_page(project, tmp_path):
    n = 1_000_000
    rng = np.random.default_rng(5)
    lon, lat = rng.normal(120.45, 0.12, n), rng.normal(36.2, 0.1, n)
    table = pd.DataFrame({"row": np.arange(2, n + 2), "name": "", "category": "platform"})
    ds = Dataset("million", None, source="million.csv", label="synthetic test list", table=table, lon=lon, lat=lat)
    for kind in ("heatmap", "cluster"):
        out = export_html(styled(project, ds, kind), [ds], tmp_path / f"{kind}.html", HtmlOptions())
        assert out.stat().st_size < 3e6, kind  # a marker per point: ~60 MB


def test_nothing_saved_is_by_category_as_before(project, tmp_path):
    ds = long_list(2_000)
    project.metadata[POINT_STYLE_PREFIX + "another_list"] = json.dumps({"kind": "heatmap"})
    text = export_html(project, [ds], tmp_path / "plain.html", HtmlOptions()).read_text(encoding="utf-8")
    assert "L.HeatLayer" not in text and "L.CgClusters" not in text and '"lon"' in text


def test_two_lists_each_in_their_style(visit, project, tmp_path):
    heat, dots = long_list(3_000), long_list(500, 0.02, (120.7, 36.33))
    dots.name = "dots"
    out = export_html(styled(project, heat, "heatmap"), [heat, dots], tmp_path / "two.html", HtmlOptions())
    v = visit(out)
    assert v.errors == []
    assert v.page.locator("body").get_attribute("data-points") == "3500"
    labels = v.page.locator(".leaflet-control-layers-overlays").text_content()
    assert "热力图，3,000 点" in labels and "聚合" not in labels
    assert v.page.locator("#cg-legend i.heat").count() == 3 and v.page.locator("#cg-legend i.dot").count() == 2
