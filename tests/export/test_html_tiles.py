"""Tile basemaps in the HTML briefing map, in a real browser: the page's GCJ-02 formula is the app's, GCJ-02
tiles from a local server land on the WGS84 zones (rendered and measured), embedded tiles open with the
network off, missing tiles are simply not drawn, and the footer names the provider. Tiles are generated here
and served from 127.0.0.1; nothing reaches the internet."""

from __future__ import annotations

import dataclasses
import json
import math
import re

import numpy as np
import pytest
from PyQt6.QtGui import QColor, QImage

from corridor_gis import tiles
from corridor_gis.crs import gcj02_from_wgs84, wgs84_from_gcj02
from corridor_gis.errors import InputError
from corridor_gis.export.basemap import HtmlBasemap, corridor_extent, tile_plan
from corridor_gis.export.html import HtmlOptions, export_html
from corridor_gis.export.panel import static_text
from corridor_gis.tiles import PRESETS, TileCache, TileFetcher
from tests.marked_tiles import MARK, centre_of, marked_tile

EXTERNAL = re.compile(r"<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=\s*[\"']?(https?:)?//", re.I)


def local(server, preset: str) -> tiles.TileSource:
    """A preset (its CRS, zooms, title, attribution) pointed at the local server."""
    return dataclasses.replace(PRESETS[preset], url_template=server.template, subdomains=(), key="")


def export(project, tmp_path, basemap: HtmlBasemap, name: str = "brief.html"):
    return export_html(project, [], tmp_path / name, HtmlOptions(basemap=basemap))


def tiles_page(browser, path, offline: bool, size=(900, 700)):
    """Open ``path`` and record every request (offline: the context has no network at all)."""
    context = browser.new_context(offline=offline, viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-map-ready='1']", timeout=20_000)
    return context, page, requests, errors


def show_mark(page, zoom: int) -> None:
    """Centre the map on MARK at ``zoom``, leave only the tile layers, draw a blue vector ring at MARK (as
    the page draws its points: a Leaflet circle marker on the map's canvas) and wait for every tile."""
    page.evaluate("""([lat, lon, zoom]) => new Promise((resolve) => {
        const map = window.cgMap;
        map.eachLayer((l) => { if (!(l instanceof L.GridLayer)) { map.removeLayer(l); } });
        document.querySelectorAll('.cg-box, #cg-footer, .leaflet-control-container').forEach(
            (e) => { e.style.display = 'none'; });
        L.circleMarker([lat, lon], {radius: 20, color: '#0000ff', weight: 2, fill: false}).addTo(map);
        map.setView([lat, lon], zoom, {animate: false});
        const grids = []; map.eachLayer((l) => { if (l instanceof L.GridLayer) { grids.push(l); } });
        const done = () => grids.every((g) => !g.isLoading());
        const wait = () => done() ? setTimeout(resolve, 150) : setTimeout(wait, 50);
        wait();
    })""", [MARK[1], MARK[0], zoom])


def mark_error(page, zoom: int) -> tuple[float, float, float]:
    """(metres between the tile's cross and the vector ring, px from the point's projected position, m/px)."""
    show_mark(page, zoom)
    shot = page.screenshot()
    image = QImage.fromData(shot)
    cross, ring = centre_of(image, "red"), centre_of(image, "blue")
    exact = page.evaluate("([lat, lon]) => { const p = window.cgMap.latLngToContainerPoint([lat, lon]);"
                          " return [p.x - 0.5, p.y - 0.5]; }", [MARK[1], MARK[0]])
    metres_per_px = tiles.ground_resolution(zoom, MARK[1])
    return math.dist(cross, ring) * metres_per_px, math.dist(cross, exact), metres_per_px


# ------------------------------------------------------------------------------ the formula in the browser
@pytest.fixture(scope="module")
def js(browser):
    """A blank page with our tile script (without Leaflet: the pure functions only)."""
    context = browser.new_context(offline=True)
    page = context.new_page()
    page.set_content("<html><body></body></html>")
    page.add_script_tag(content=static_text("gcj_tiles.js"))
    yield page
    context.close()


def test_the_pages_gcj02_formula_is_the_apps(js):
    """The JS port against corridor_gis.crs at 20,000 points over China (and some outside, offset 0):
    forward and iterated inverse agree to 1e-9 degrees (0.1 mm)."""
    rng = np.random.default_rng(15)
    lon = np.concatenate([rng.uniform(73, 135, 15_000), rng.uniform(119.5, 121.1, 4_000),
                          rng.uniform(-180, 180, 1_000)])
    lat = np.concatenate([rng.uniform(18, 53, 15_000), rng.uniform(35.5, 37.2, 4_000), rng.uniform(-80, 80, 1_000)])
    out = np.array(js.evaluate("""([lon, lat]) => lon.map((x, i) => {
        const f = CorridorTiles.gcjFromWgs(x, lat[i]), b = CorridorTiles.wgsFromGcj(x, lat[i]);
        return [f[0], f[1], b[0], b[1]]; })""", [lon.tolist(), lat.tolist()]))
    fx, fy = gcj02_from_wgs84(lon, lat)
    bx, by = wgs84_from_gcj02(lon, lat)
    assert np.abs(out[:, 0] - fx).max() < 1e-9 and np.abs(out[:, 1] - fy).max() < 1e-9
    assert np.abs(out[:, 2] - bx).max() < 1e-9 and np.abs(out[:, 3] - by).max() < 1e-9
    near = (lon > 119.5) & (lon < 121.1) & (lat > 35.5) & (lat < 37.2)
    offset_m = np.hypot((fx - lon)[near] * 90_000, (fy - lat)[near] * 111_000)
    assert offset_m.min() > 300  # the offset the page corrects is real here


@pytest.mark.parametrize("z", [8, 10, 12, 13, 14, 17])
def test_the_pages_tile_mesh_is_the_apps(js, z):
    """For the web-mercator tile holding MARK, the source tiles the page draws and their mesh nodes are
    where corridor_gis.tiles.tile_grid_wgs84 (the app's placement) puts them, to 1e-6 tile pixels; together
    they cover the tile."""
    tx, ty = tiles.tile_for_lonlat(*MARK, z)
    plan = js.evaluate("([z, x, y]) => CorridorTiles.placements('gcj02', z, x, y, 256)", [z, tx, ty])
    source = PRESETS["amap"]
    assert 1 <= len(plan) <= 9
    for p in plan:
        cells = tiles.grid_cells(z)
        assert p["cells"] == cells
        grid = tiles.tile_grid_wgs84(source, z, p["x"], p["y"], cells)
        fx, fy = np.vectorize(lambda lo, la: tiles.lonlat_to_tile(lo, la, z))(grid[..., 0], grid[..., 1])
        expected = np.stack([(fx - tx) * 256, (fy - ty) * 256], axis=-1).reshape(-1, 2)
        assert np.abs(np.array(p["nodes"]) - expected).max() < 1e-6
    # the placed source tiles cover the whole target tile (corners of the target inside their union)
    boxes = [(min(n[0] for n in p["nodes"]), min(n[1] for n in p["nodes"]),
              max(n[0] for n in p["nodes"]), max(n[1] for n in p["nodes"])) for p in plan]
    for cx, cy in ((0.5, 0.5), (255.5, 0.5), (0.5, 255.5), (255.5, 255.5), (128, 128)):
        assert any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes)


# ------------------------------------------------------------------------------------- rendered, measured
@pytest.mark.slow
@pytest.mark.parametrize("preset", ["amap", "tencent"])
def test_gcj02_tiles_line_up_with_the_vector_layers_in_the_browser(browser, tmp_path, tile_server, project, preset):
    """A GCJ-02 preset online (pointed at the local server; 腾讯 with TMS rows): the tile's mark at the
    GCJ-02 position of a place is drawn where Leaflet draws that place's WGS84 position — at street scale
    (z=17, one cell per tile) and city scale (z=12, a 2×2 mesh) — within the issue's 5 m (or one screen pixel
    where pixels are larger), and within half a pixel of the projected point."""
    render = marked_tile("gcj02")
    tms = preset == "tencent"
    server = tile_server(lambda z, x, y: render(z, x, 2 ** z - 1 - y if tms else y))
    source = local(server, preset)
    if tms:
        source = dataclasses.replace(source, url_template=server.template.replace("{y}", "{-y}"))
    out = export(project, tmp_path, HtmlBasemap(source.title, [source]))
    context, page, requests, errors = tiles_page(browser, out, offline=False)
    try:
        for zoom in (17, 12):
            error_m, exact_px, metres_per_px = mark_error(page, zoom)
            print(f"{preset} z={zoom}: tile mark {error_m:.2f} m from the vector ring, {exact_px:.2f} px "
                  f"({exact_px * metres_per_px:.2f} m) from the projected point")
            assert error_m < max(5.0, metres_per_px)
            assert exact_px < 0.5
    finally:
        context.close()
    assert errors == []
    assert server.requests and all(u.startswith(("file:", "data:", "blob:", "http://127.0.0.1")) for u in requests)


@pytest.mark.slow
def test_gcj02_tiles_drawn_as_wgs84_would_be_hundreds_of_metres_off(browser, tmp_path, tile_server, project):
    """The same tiles declared WGS84 (a naive folium.TileLayer): proves the measurement above can fail."""
    server = tile_server(marked_tile("gcj02"))
    naive = dataclasses.replace(local(server, "osm"), title="naive")
    out = export(project, tmp_path, HtmlBasemap("naive", [naive]))
    context, page, _, _ = tiles_page(browser, out, offline=False)
    try:
        error_m, _, _ = mark_error(page, 15)
    finally:
        context.close()
    assert 300 < error_m < 700


def fill_cache(cache_dir, source, project, zooms, skip=lambda z, x, y: False) -> int:
    """What the app does while the planner looks at the corridor: fetch its tiles once into the disk cache."""
    fetcher = TileFetcher(source, TileCache(cache_dir))
    plan = [t for t in tile_plan(source, corridor_extent(project.corridor.bounds), zooms) if not skip(*t)]
    for z, x, y in plan:
        assert fetcher.get(z, x, y) is not None
    return len(plan)


@pytest.mark.slow
def test_embedded_gcj02_tiles_open_offline_and_line_up(browser, tmp_path, tile_server, project):
    """--embed-tiles: the cached tiles go into the file as data: URIs; with the network off and the server
    gone, the page makes no request, still draws the mark on its WGS84 place, and names the provider."""
    server = tile_server(marked_tile("gcj02"))
    source = local(server, "amap")
    fetched = fill_cache(tmp_path / "cache", source, project, (12, 14))
    server.stop()
    basemap = HtmlBasemap(source.title, [source], embed=True, zooms=(12, 14), cache_dir=tmp_path / "cache")
    out = export(project, tmp_path, basemap)
    text = out.read_text(encoding="utf-8")
    assert not EXTERNAL.search(text) and "127.0.0.1" not in text
    assert text.count("data:image/png;base64,") >= fetched
    assert f"{fetched}/{fetched}" in basemap.summary
    context, page, requests, errors = tiles_page(browser, out, offline=True)
    try:
        footer = page.locator("#cg-footer").text_content()
        assert "© 高德地图 AutoNavi" in footer and "GCJ-02" in footer and "离线瓦片" in footer
        error_m, exact_px, metres_per_px = mark_error(page, 14)
        assert error_m < max(5.0, metres_per_px) and exact_px < 0.5
        error_m, exact_px, metres_per_px = mark_error(page, 16)  # beyond the embedded zooms: z=14 scaled up
        assert error_m < 5.0 and exact_px < 0.5
    finally:
        context.close()
    assert errors == []
    assert [u for u in requests if not u.startswith(("file:", "data:", "blob:"))] == []


@pytest.mark.slow
def test_a_tile_missing_from_the_cache_is_simply_not_drawn(browser, tmp_path, tile_server, project, solid_png):
    """Tiles the planner never looked at are not in the file: the page leaves them empty (or draws a lower
    zoom's tile) and asks no server for them."""
    osm = local(tile_server(lambda z, x, y: solid_png(256, 256, (40, 160, 60))), "osm")
    mx, my = tiles.tile_for_lonlat(*MARK, 13)
    fill_cache(tmp_path / "cache", osm, project, (13, 13), skip=lambda z, x, y: (x, y) == (mx, my))
    basemap = HtmlBasemap("OpenStreetMap", [osm], embed=True, zooms=(13, 13), cache_dir=tmp_path / "cache")
    out = export(project, tmp_path, basemap)
    context, page, requests, errors = tiles_page(browser, out, offline=True)
    try:
        show_mark(page, 13)
        drawn = page.evaluate("""() => { const out = {}; document.querySelectorAll('canvas.leaflet-tile').forEach(
            (c) => { out[c.style.transform || c.style.left + ',' + c.style.top] = c.getAttribute('data-drawn'); });
            return Object.values(out); }""")
        centre = page.evaluate("() => { const s = window.cgMap.getSize(); return [s.x / 2, s.y / 2]; }")
        shot = QImage.fromData(page.screenshot())
        pixel = QColor(shot.pixel(int(centre[0]), int(centre[1])))
        footer = page.locator("#cg-footer").text_content()
    finally:
        context.close()
    assert "0" in drawn and "1" in drawn  # the missing tile drew nothing, its neighbours their tile
    assert (pixel.red(), pixel.green(), pixel.blue()) != (40, 160, 60)  # MARK's tile is the missing one
    assert "© OpenStreetMap contributors" in footer
    assert errors == [] and [u for u in requests if not u.startswith(("file:", "data:", "blob:"))] == []


# ------------------------------------------------------------------------------------------ in the file
def test_online_wgs84_preset_is_a_leaflet_tile_layer_with_attribution(tmp_path, tile_server, project):
    server = tile_server()
    osm = local(server, "osm")
    out = export(project, tmp_path, HtmlBasemap("OpenStreetMap", [osm]))
    text = out.read_text(encoding="utf-8")
    assert "L.tileLayer(" in text and json.dumps(server.template) in text
    assert "© OpenStreetMap contributors" in text and "在线瓦片（需联网）" in text
    assert "L.CorridorTiles" not in text  # the GridLayer script only when it is used


def test_the_default_export_has_no_tiles(tmp_path, project):
    text = export_html(project, [], tmp_path / "plain.html").read_text(encoding="utf-8")
    assert "L.tileLayer(" not in text and "L.CorridorTiles" not in text and "瓦片" not in text
    assert not EXTERNAL.search(text)


def test_embedding_over_the_cap_stops_with_the_numbers(tmp_path, tile_server, project, solid_png):
    server = tile_server(lambda z, x, y: solid_png(256, 256, (x % 256, y % 256, z)))
    osm = local(server, "osm")
    count = fill_cache(tmp_path / "cache", osm, project, (10, 13))
    (tmp_path / "old.html").write_text("previous briefing", encoding="utf-8")
    low = [TileCache(tmp_path / "cache").get(osm, z, x, y) for z, x, y in
           tile_plan(osm, corridor_extent(project.corridor.bounds), (10, 11))]
    cap_mb = (sum(map(len, low)) + 10) / 1e6  # zooms 10-11 fit, 10-12 do not
    basemap = HtmlBasemap("OpenStreetMap", [osm], embed=True, zooms=(10, 13), max_mb=cap_mb,
                          cache_dir=tmp_path / "cache")
    with pytest.raises(InputError) as err:
        export(project, tmp_path, basemap, "old.html")
    message = str(err.value)
    assert f"embedding {count} tiles of OpenStreetMap" in message and "MB" in message
    assert "--embed-zoom 10-11" in message and "--embed-max-mb" in message
    assert (tmp_path / "old.html").read_text(encoding="utf-8") == "previous briefing"  # nothing lost


@pytest.mark.slow
def test_placed_gcj02_tiles_cover_the_view_without_seams(browser, tmp_path, tile_server, project, solid_png):
    """Solid tiles placed cell by cell (4×4, 2×2 and 1 cell per tile) leave no gap or seam between cells or
    tiles: every screen pixel has the tile's colour."""
    server = tile_server(lambda z, x, y: solid_png(256, 256, (40, 160, 60)))
    source = local(server, "amap")
    out = export(project, tmp_path, HtmlBasemap(source.title, [source]))
    context, page, _, errors = tiles_page(browser, out, offline=False)
    try:
        for zoom in (10, 12, 15):
            show_mark(page, zoom)
            page.evaluate("() => { window.cgMap.eachLayer((l) => { if (l instanceof L.CircleMarker) {"
                          " window.cgMap.removeLayer(l); } }); }")
            page.wait_for_timeout(100)
            image = QImage.fromData(page.screenshot()).convertToFormat(QImage.Format.Format_RGB32)
            ptr = image.constBits()
            ptr.setsize(image.sizeInBytes())
            bgra = np.frombuffer(ptr, np.uint8).reshape(image.height(), image.width(), 4).astype(int)
            off = np.abs(bgra[..., :3] - (60, 160, 40)).max(axis=-1) > 3
            assert off.sum() == 0, f"z={zoom}: {off.sum()} pixels not covered, e.g. at {np.argwhere(off)[:3]}"
    finally:
        context.close()
    assert errors == []
