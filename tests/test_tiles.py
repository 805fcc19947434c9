"""Tile basemaps without Qt: tile maths, templates and presets, GCJ-02 placement, the disk cache, MBTiles and
failing servers. Tiles come from a local server on 127.0.0.1 (:class:`TileServer`); nothing reaches the
internet."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from pyproj import Transformer

from corridor_gis import tiles
from corridor_gis.crs import gcj02_from_wgs84, wgs84_from_gcj02
from corridor_gis.errors import InputError
from corridor_gis.tiles import (
    PRESETS,
    MBTilesSource,
    TileCache,
    TileFetcher,
    TileSource,
    grid_cells,
    tile_corners_wgs84,
    tile_for_lonlat,
    tile_grid_wgs84,
    tiles_for_bbox,
    zoom_for_resolution,
)

QINGDAO = (120.3826, 36.0671)  # 五四广场 area


@pytest.fixture
def server(tile_server):
    return tile_server()


# ------------------------------------------------------------------------------------------ tile maths
def _tile_by_pyproj(lon: float, lat: float, z: int) -> tuple[int, int]:
    """Independent: EPSG:3857 metres → tile index."""
    x, y = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True).transform(lon, lat)
    half = math.pi * 6378137.0
    size = 2 * half / 2 ** z
    return math.floor((x + half) / size), math.floor((half - y) / size)


@pytest.mark.parametrize("z", [0, 1, 5, 10, 12, 15, 18])
@pytest.mark.parametrize("lonlat", [QINGDAO, (120.68, 36.37), (-0.1276, 51.5072), (151.21, -33.87)])
def test_tile_index_matches_web_mercator(lonlat, z):
    assert tile_for_lonlat(*lonlat, z) == _tile_by_pyproj(*lonlat, z)


def test_qingdao_tile_at_zoom_12():
    assert tile_for_lonlat(*QINGDAO, 12) == (3417, 1607)
    west, north = tiles.tile_to_lonlat(3417, 1607, 12)
    east, south = tiles.tile_to_lonlat(3418, 1608, 12)
    assert west <= QINGDAO[0] < east and south < QINGDAO[1] <= north


def test_tiles_for_bbox_covers_the_box_row_by_row():
    got = tiles_for_bbox(120.30, 36.00, 120.50, 36.20, 12)
    x0, y0 = tile_for_lonlat(120.30, 36.20, 12)
    x1, y1 = tile_for_lonlat(120.50, 36.00, 12)
    assert got[0] == (x0, y0) and got[-1] == (x1, y1)
    assert len(got) == (x1 - x0 + 1) * (y1 - y0 + 1) == len(set(got))


@pytest.mark.parametrize("mpp", [0.5, 1.0, 7.0, 40.0, 300.0])
def test_zoom_gives_tile_pixels_closest_to_the_view(mpp):
    z = zoom_for_resolution(mpp, 36.1)
    assert 2 ** -0.5 <= tiles.ground_resolution(z, 36.1) / mpp <= 2 ** 0.5
    assert zoom_for_resolution(mpp, 36.1, max_zoom=10) <= 10


# -------------------------------------------------------------------------------------- sources and URLs
def test_templates_fill_tms_rows_subdomains_and_keys():
    tencent = PRESETS["tencent"]
    assert "y=2488" in tencent.url(12, 3417, 1607)  # 2**12 - 1 - 1607: rows counted from the south
    assert tencent.url(12, 3417, 1607).startswith("https://rt")
    assert tencent.crs == PRESETS["amap"].crs == "gcj02"
    vec = dataclasses.replace(PRESETS["tianditu_vec"], key="abc123")
    assert vec.needs_key and "tk=abc123" in vec.url(12, 3417, 1607)
    assert "TILEMATRIX=12&TILEROW=1607&TILECOL=3417" in vec.url(12, 3417, 1607)
    assert "abc123" not in repr(vec) and vec.cache_key == "tianditu_vec"
    assert PRESETS["osm"].attribution == "© OpenStreetMap contributors"
    wmts = TileSource("wmts", "https://example.org/wmts/{TileMatrix}/{TileRow}/{TileCol}.png")
    assert wmts.url(3, 5, 2) == "https://example.org/wmts/3/2/5.png"


@pytest.mark.parametrize("template, words", [
    ("https://example.org/{z}/{x}.png", "row"),
    ("https://example.org/{z}/{x}/{y}/{zoom}.png", "{zoom}"),
    ("https://{s}.example.org/{z}/{x}/{y}.png", "subdomains"),
    ("example.org/{z}/{x}/{y}.png", "http"),
])
def test_bad_custom_templates_are_refused_with_what_to_fix(template, words):
    with pytest.raises(ValueError, match=words.replace("{", r"\{").replace("}", r"\}")):
        TileSource("custom", template)


def test_baidu_is_refused_with_the_reason():
    with pytest.raises(ValueError, match="tile origin"):
        TileSource("baidu", "https://maponline0.bdimg.com/tile/?x={x}&y={y}&z={z}", crs="bd09")


# ------------------------------------------------------------------------------------------ placement
def test_gcj_tile_corners_are_the_gcj_grid_moved_to_wgs84():
    x, y = tile_for_lonlat(*QINGDAO, 14)
    amap, osm = tile_corners_wgs84(PRESETS["amap"], 14, x, y), tile_corners_wgs84(PRESETS["osm"], 14, x, y)
    glon, glat = gcj02_from_wgs84(amap[:, 0], amap[:, 1])
    assert np.allclose(glon, osm[:, 0], atol=1e-8) and np.allclose(glat, osm[:, 1], atol=1e-8)
    shift_m = np.hypot((osm[:, 0] - amap[:, 0]) * 111320 * math.cos(math.radians(36.07)),
                       (osm[:, 1] - amap[:, 1]) * 110574)
    assert (shift_m > 300).all() and (shift_m < 700).all()  # the ~500 m a naive placement would be off


@pytest.mark.parametrize("z", [8, 10, 11, 12, 13, 14, 15, 16, 18])
def test_mesh_placement_of_gcj_tiles_is_within_a_tenth_of_a_pixel(z):
    """Inside a tile the GCJ-02 offset varies by metres (tens at z=12); the placement mesh interpolates it
    bilinearly per cell. Compare with the exact offset on a 64×64 grid over tiles across the corridor."""
    worst_px = worst_m = 0.0
    for lon, lat in [QINGDAO, (120.45, 36.2), (120.62, 36.38), (120.9, 36.5)]:
        x, y = tile_for_lonlat(lon, lat, z)
        cells = grid_cells(z)
        coarse = tile_grid_wgs84(PRESETS["amap"], z, x, y, cells)
        exact = tile_grid_wgs84(PRESETS["amap"], z, x, y, 64)
        t = np.linspace(0, cells, 65)
        i = np.minimum(t.astype(int), cells - 1)
        f = (t - i)[:, None]
        rows = coarse[i] * (1 - f[:, :, None]) + coarse[i + 1] * f[:, :, None]
        interp = rows[:, i] * (1 - f[None, :, :]) + rows[:, i + 1] * f[None, :, :]
        err = interp - exact
        metres = float(np.hypot(err[..., 0] * 111320 * math.cos(math.radians(lat)), err[..., 1] * 110574).max())
        worst_m = max(worst_m, metres)
        worst_px = max(worst_px, metres / tiles.ground_resolution(z, lat))
    assert worst_px < 0.11
    if z >= 13:
        assert worst_m < 0.5


def test_mesh_cells_are_parallelograms():
    """So the app can map each cell affinely (Qt's fast path): the defect is a thousandth of a pixel."""
    for z in (8, 11, 14):
        x, y = tile_for_lonlat(120.45, 36.2, z)
        g = tile_grid_wgs84(PRESETS["amap"], z, x, y, grid_cells(z))
        defect = g[:-1, :-1] + g[1:, 1:] - g[:-1, 1:] - g[1:, :-1]
        metres = np.hypot(defect[..., 0] * 111320 * math.cos(math.radians(36.2)), defect[..., 1] * 110574)
        assert metres.max() / tiles.ground_resolution(z, 36.2) < 0.01


def test_the_offset_really_varies_inside_a_z12_tile():
    """Why a mesh and not four corners: the offset changes by tens of metres across a z=12 tile."""
    x, y = tile_for_lonlat(120.45, 36.2, 12)
    grid = tile_grid_wgs84(PRESETS["osm"], 12, x, y, 16)
    lon, lat = wgs84_from_gcj02(grid[..., 0], grid[..., 1])
    d = np.hypot((lon - grid[..., 0]) * 111320 * math.cos(math.radians(36.2)), (lat - grid[..., 1]) * 110574)
    assert d.max() - d.min() > 10


# ------------------------------------------------------------------------------------- cache and fetching
def test_second_fetch_comes_from_disk_with_the_server_stopped(server, tmp_path, solid_png):
    source = TileSource("local", server.template)
    fetcher = TileFetcher(source, TileCache(tmp_path))
    first = fetcher.get(12, 3417, 1607)
    assert first == solid_png() and fetcher.stats.downloaded == 1
    assert (tmp_path / "local" / "12" / "3417" / "1607.png").read_bytes() == first
    assert not list(tmp_path.rglob("*.tmp"))  # atomic write leaves no temporary file
    server.stop()
    offline = TileFetcher(source, TileCache(tmp_path), timeout=0.5)
    assert offline.get(12, 3417, 1607) == first
    assert (offline.stats.from_cache, offline.stats.downloaded, offline.stats.failed) == (1, 0, 0)
    assert offline.get(12, 3418, 1607) is None and offline.stats.failed == 1
    assert "no connection" in offline.stats.last_error


@pytest.mark.parametrize("mode, words", [(404, "HTTP 404"), (500, "HTTP 500"), ("html", "no image"),
                                         ("slow", "no connection")])
def test_failing_server_counts_failures_and_never_raises(server, tmp_path, mode, words):
    server.mode = mode
    fetcher = TileFetcher(TileSource("local", server.template), TileCache(tmp_path), timeout=0.3)
    assert fetcher.get(12, 3417, 1607) is None
    assert fetcher.stats.failed == 1 and words in fetcher.stats.last_error
    assert not list(tmp_path.rglob("*.png"))  # nothing bad is cached


def test_key_required_source_without_key_does_not_call_the_server(server, tmp_path):
    source = TileSource("keyed", server.template + "?tk={key}", title="天地图")
    fetcher = TileFetcher(source, TileCache(tmp_path))
    assert fetcher.get(1, 0, 0) is None and "needs your key" in fetcher.stats.last_error
    assert server.requests == []


# ------------------------------------------------------------------------------------------------ MBTiles
def test_mbtiles_round_trip_with_tms_rows(tmp_path, solid_png):
    path = tmp_path / "青岛.mbtiles"
    red, blue = solid_png(rgb=(255, 0, 0)), solid_png(rgb=(0, 0, 255))
    assert tiles.write_mbtiles(path, [(12, 3417, 1607, red), (12, 3418, 1607, blue)],
                               {"name": "test", "attribution": "© test"}) == 2
    import sqlite3

    with sqlite3.connect(path) as db:  # stored in TMS order, as the MBTiles spec says
        assert db.execute("SELECT tile_row FROM tiles WHERE tile_column=3417").fetchone()[0] == 2 ** 12 - 1 - 1607
    source = MBTilesSource(path)
    assert (source.min_zoom, source.max_zoom, source.attribution, source.crs) == (12, 12, "© test", "wgs84")
    fetcher = TileFetcher(source)
    assert fetcher.get(12, 3417, 1607) == red and fetcher.get(12, 3418, 1607) == blue
    assert fetcher.get(12, 3419, 1607) is None and fetcher.stats.failed == 1


def test_cache_packaged_as_mbtiles_keeps_its_crs(server, tmp_path, solid_png):
    source = dataclasses.replace(PRESETS["amap"], name="amap_local", url_template=server.template, subdomains=())
    cache = TileCache(tmp_path / "cache")
    fetcher = TileFetcher(source, cache)
    for x in (3417, 3418):
        fetcher.get(12, x, 1607)
    assert tiles.cache_to_mbtiles(cache, source, tmp_path / "pack.mbtiles") == 2
    packed = MBTilesSource(tmp_path / "pack.mbtiles")
    assert packed.crs == "gcj02" and packed.read(12, 3418, 1607) == solid_png()


def test_not_an_mbtiles_file_names_the_file(tmp_path):
    bad = tmp_path / "notes.mbtiles"
    bad.write_text("hello")
    with pytest.raises(InputError, match=r"notes\.mbtiles"):
        MBTilesSource(bad)
