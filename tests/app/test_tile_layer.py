"""Tile basemaps on the canvas: GCJ-02 tiles line up with the vector layers, the cache works offline, MBTiles
render, failing servers never break painting, and the basemap dialog. Tiles are generated with QPainter and
served from 127.0.0.1; nothing reaches the internet."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from PyQt6.QtCore import QRectF
from PyQt6.QtGui import QImage
from PyQt6.QtWidgets import QDialogButtonBox

from corridor_gis import tiles
from corridor_gis.app.canvas import MapCanvas
from corridor_gis.app.layer_factory import basemap_layers
from corridor_gis.app.tile_layer import BASEMAP_Z, TileLayerItem, install_basemap, remove_basemap
from corridor_gis.tiles import PRESETS, TileSource
from tests.app.map_probe import look_at, marker_layer, projected
from tests.marked_tiles import MARK, centre_of, marked_tile


def settled(qtbot, canvas: MapCanvas, item: TileLayerItem) -> QImage:
    """The map image once its last paint drew every tile the view asks for (arrived or failed)."""
    image = None

    def done() -> bool:
        nonlocal image
        image = canvas.map_image()  # re-renders only after the scene reported a change
        return item.idle() and item.complete

    qtbot.waitUntil(done, timeout=20_000)
    return image


def local(server, preset: str, name: str) -> TileSource:
    """A preset (its CRS and zooms) pointed at the local server."""
    return dataclasses.replace(PRESETS[preset], name=name, url_template=server.template, subdomains=(), key="")


@pytest.fixture
def gcj_server(tile_server):
    server = tile_server(marked_tile("gcj02", label=True))
    yield server
    server.stop()


@pytest.mark.parametrize("preset", ["amap", "tencent"])
@pytest.mark.parametrize("metres_per_px", [1.0, 25.0])
def test_gcj02_preset_lines_up_with_the_vector_layers(qtbot, canvas, tmp_path, preset, metres_per_px, tile_server):
    """高德 (XYZ rows) and 腾讯 (TMS rows, ``{-y}``) tiles marked at the GCJ-02 position of a place: the mark is
    drawn where the vector layers draw that place's WGS84 position — at street scale (z=17, one cell per
    tile) and at city scale (z=12, a 2×2 placement mesh)."""
    marked = marked_tile("gcj02", label=True)
    tms = preset == "tencent"
    server = tile_server(lambda z, x, y: marked(z, x, 2 ** z - 1 - y if tms else y))
    source = dataclasses.replace(local(server, preset, f"{preset}_local"),
                                 url_template=server.template.replace("{y}", "{-y}") if tms else server.template)
    canvas.add_layer(marker_layer())
    item = install_basemap(canvas, source, tmp_path)
    look_at(canvas, *MARK, metres_per_px=metres_per_px)
    image = settled(qtbot, canvas, item)
    server.stop()
    cross, ring = centre_of(image, "red"), centre_of(image, "blue")
    error_m = math.dist(cross, ring) * metres_per_px
    exact_px = math.dist(cross, projected(canvas, *MARK))
    print(f"{preset} at {metres_per_px:g} m/px: tile mark {error_m:.2f} m from the rendered vector ring, "
          f"{exact_px * metres_per_px:.2f} m ({exact_px:.2f} px) from the point's projected position")
    assert error_m < max(5.0, metres_per_px)  # the 5 m, or one screen pixel when pixels are larger
    assert exact_px < 0.5  # at every scale: within half a screen pixel
    assert item.failed_count == 0 and server.requests


def test_gcj02_tiles_placed_as_wgs84_would_be_hundreds_of_metres_off(qtbot, canvas, gcj_server, tmp_path):
    """The same tiles declared WGS84 (what a naive basemap does): proves the test above can fail."""
    canvas.add_layer(marker_layer())
    naive = local(gcj_server, "osm", "naive_local")
    item = install_basemap(canvas, naive, tmp_path)
    look_at(canvas, *MARK, metres_per_px=4.0)
    image = settled(qtbot, canvas, item)
    error_m = math.dist(centre_of(image, "red"), centre_of(image, "blue")) * canvas.metres_per_pixel()
    assert 300 < error_m < 700


def test_cached_tiles_show_with_the_server_gone(qtbot, canvas, tmp_path, tile_server):
    server = tile_server(marked_tile("wgs84", label=True))
    source = local(server, "osm", "osm_local")
    look_at(canvas, *MARK, metres_per_px=2.0)
    item = install_basemap(canvas, source, tmp_path)
    online = settled(qtbot, canvas, item)
    downloaded = item.fetchers[0].stats.downloaded
    assert downloaded > 0 and item.failed_count == 0
    server.stop()
    offline_item = install_basemap(canvas, source, tmp_path)  # a new session: nothing in memory
    offline = settled(qtbot, canvas, offline_item)
    stats = offline_item.fetchers[0].stats
    assert (stats.from_cache, stats.downloaded, stats.failed) == (downloaded, 0, 0)
    assert offline == online


def test_mbtiles_file_renders(qtbot, canvas, tmp_path):
    render = marked_tile("wgs84", label=True)
    z = 15
    x0, y0 = tiles.tile_for_lonlat(*MARK, z)
    packed = [(z, x, y, render(z, x, y)) for x in range(x0 - 3, x0 + 4) for y in range(y0 - 3, y0 + 4)]
    tiles.write_mbtiles(tmp_path / "offline.mbtiles", packed, {"name": "offline", "attribution": "© test"})
    canvas.add_layer(marker_layer())
    item = install_basemap(canvas, tiles.MBTilesSource(tmp_path / "offline.mbtiles"), tmp_path / "cache")
    look_at(canvas, *MARK, metres_per_px=2.0)
    image = settled(qtbot, canvas, item)
    image.save(str(tmp_path / "mbtiles.png"))
    assert math.dist(centre_of(image, "red"), centre_of(image, "blue")) * 2.0 < 5.0
    assert item.attribution == "© test"


@pytest.mark.parametrize("mode", [404, 500, "slow"])
def test_failing_server_never_breaks_painting(qtbot, canvas, tmp_path, mode, tile_server):
    server = tile_server()
    server.mode, server.delay = mode, 1.0
    source = local(server, "osm", "broken")
    item = TileLayerItem(source, tmp_path)
    item.fetchers[0].timeout = 0.3
    canvas.map_scene.addItem(item)
    look_at(canvas, *MARK, metres_per_px=4.0)
    image = settled(qtbot, canvas, item)
    assert not image.isNull() and item.failed_count > 0
    assert ("HTTP" if isinstance(mode, int) else "no connection") in item.status()
    asked = len(server.requests)
    canvas.viewport().update()
    settled(qtbot, canvas, item)
    assert len(server.requests) == asked  # failed tiles are not asked again on every repaint
    item.shutdown()
    server.stop()


def test_install_puts_tiles_below_every_layer_and_hides_the_land_fill(qtbot, canvas, tmp_path):
    for layer in basemap_layers():
        canvas.add_layer(layer)
    canvas.add_layer(marker_layer())
    item = install_basemap(canvas, PRESETS["osm"], tmp_path)
    item.shutdown()  # no network in tests: nothing is painted here
    assert item.scene() is canvas.map_scene and item.zValue() == BASEMAP_Z
    assert all(item.zValue() < it.zValue() for it in canvas.map_scene.items() if it is not item)
    attribution = item.attribution_item
    assert all(attribution.zValue() > it.zValue() for it in canvas.map_scene.items() if it is not attribution)
    assert canvas.layer("basemap_city").visible is False
    assert canvas.layer("basemap_districts").visible is True  # district lines stay over the tiles
    remove_basemap(canvas)
    assert item.scene() is None and attribution.scene() is None
    assert canvas.layer("basemap_city").visible is True


def test_opacity_and_visibility_like_other_layers(qtbot, canvas, tmp_path):
    render = marked_tile("wgs84", label=True)
    z = 15
    x0, y0 = tiles.tile_for_lonlat(*MARK, z)
    packed = [(z, x, y, render(z, x, y)) for x in range(x0 - 3, x0 + 4) for y in range(y0 - 3, y0 + 4)]
    tiles.write_mbtiles(tmp_path / "o.mbtiles", packed, {"name": "o"})
    item = install_basemap(canvas, tiles.MBTilesSource(tmp_path / "o.mbtiles"), tmp_path / "cache")
    look_at(canvas, *MARK, metres_per_px=2.0)
    opaque = settled(qtbot, canvas, item).pixelColor(400, 300).alpha()
    item.setOpacity(0.5)
    qtbot.wait(50)
    half = canvas.map_image().pixelColor(400, 300).alpha()
    item.setVisible(False)
    qtbot.wait(50)
    hidden = canvas.map_image().pixelColor(400, 300).alpha()
    assert (opaque, hidden) == (255, 0) and 100 < half < 160


def test_attribution_is_drawn_in_the_map_corner(qtbot, canvas, tmp_path):
    render = marked_tile("wgs84", label=True)
    tiles.write_mbtiles(tmp_path / "a.mbtiles", [(15, *tiles.tile_for_lonlat(*MARK, 15), render(15, 0, 0))],
                        {"name": "a", "attribution": "© OpenStreetMap contributors"})
    item = install_basemap(canvas, tiles.MBTilesSource(tmp_path / "a.mbtiles"), tmp_path / "cache")
    look_at(canvas, *MARK, metres_per_px=2.0)
    image = settled(qtbot, canvas, item)
    corner = image.copy(QRectF(600, 580, 200, 20).toRect())
    assert any(corner.pixelColor(x, 10).alpha() > 0 for x in range(0, 200, 2))
    item.attribution_item.setVisible(False)  # e.g. when the lead shows it in the status bar instead
    qtbot.wait(50)
    assert canvas.map_image().copy(QRectF(600, 580, 200, 20).toRect()).pixelColor(190, 10).alpha() == 0


def test_dialog_asks_for_the_tianditu_key_and_keeps_it(qtbot, canvas, tmp_path):
    from PyQt6.QtCore import QSettings

    from corridor_gis.app.tile_dialog import BasemapDialog

    QSettings().remove("basemap")
    dialog = BasemapDialog(None, canvas, cache_dir=tmp_path)
    qtbot.addWidget(dialog)
    assert dialog.choice_id() == "none"  # the bundled offline basemap stays the default
    assert not dialog.is_enabled("baidu") and "tile origin" in dialog.tooltip("baidu")
    dialog.choose("tianditu_vec")
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()  # no key yet
    dialog.key_edit.setText("my-key")
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    sources = dialog.selected_sources()
    assert [s.name for s in sources] == ["tianditu_vec", "tianditu_cva"] and all(s.key == "my-key" for s in sources)
    dialog.accept_choice(install=False)
    assert QSettings().value("basemap/tianditu_key") == "my-key"
    again = BasemapDialog(None, canvas, cache_dir=tmp_path)
    qtbot.addWidget(again)
    assert again.key_edit.text() == "my-key" and again.choice_id() == "tianditu_vec"


def test_dialog_refuses_a_bad_custom_template_with_the_reason(qtbot, canvas, tmp_path):
    from corridor_gis.app.tile_dialog import BasemapDialog

    dialog = BasemapDialog(None, canvas, cache_dir=tmp_path)
    qtbot.addWidget(dialog)
    dialog.choose("custom")
    dialog.template_edit.setText("https://example.org/{z}/{x}.png")
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    assert "row" in dialog.problem.text()
    dialog.template_edit.setText("https://example.org/{z}/{x}/{y}.png")
    dialog.crs_combo.setCurrentIndex(dialog.crs_combo.findData("gcj02"))
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    (source,) = dialog.selected_sources()
    assert source.crs == "gcj02" and source.url(1, 1, 0) == "https://example.org/1/1/0.png"



def test_dialog_installs_packages_and_restores_the_choice(qtbot, canvas, tmp_path, tile_server):
    """A planner picks a custom GCJ-02 server, views the area once, packages the cache for the briefing laptop,
    and the next start shows the same basemap."""
    from corridor_gis.app.tile_dialog import BasemapDialog, restore_basemap

    server = tile_server(marked_tile("gcj02", label=True))
    dialog = BasemapDialog(None, canvas, cache_dir=tmp_path / "cache")
    qtbot.addWidget(dialog)
    dialog.choose("custom")
    dialog.template_edit.setText(server.template)
    dialog.crs_combo.setCurrentIndex(dialog.crs_combo.findData("gcj02"))
    dialog.accept_choice()
    item = canvas.tile_basemap
    assert item is dialog.item and item.sources[0].crs == "gcj02"
    look_at(canvas, *MARK, metres_per_px=2.0)
    settled(qtbot, canvas, item)
    downloaded = item.fetchers[0].stats.downloaded
    server.stop()
    assert dialog.package_cache(tmp_path / "briefing.mbtiles") == downloaded > 0
    packed = tiles.MBTilesSource(tmp_path / "briefing.mbtiles")
    assert packed.crs == "gcj02"  # the package keeps the placement rule

    other = MapCanvas()
    qtbot.addWidget(other)
    restored = restore_basemap(other, tmp_path / "cache")
    assert restored is not None and restored.sources[0].url_template == server.template
    restored.shutdown()


@pytest.mark.parametrize("metres_per_px", [70.0, 25.0, 9.0, 1.3])
def test_tiles_cover_the_view_without_seams(qtbot, canvas, tmp_path, metres_per_px, tile_server, solid_png):
    """Adjacent tiles and mesh cells share their edges exactly: not one pixel of the view stays uncovered."""
    server = tile_server(lambda z, x, y: solid_png(256, 256))
    item = install_basemap(canvas, local(server, "amap", "seams"), tmp_path)
    look_at(canvas, 120.52, 36.22, metres_per_px)
    image = settled(qtbot, canvas, item)
    item.attribution_item.setVisible(False)
    qtbot.wait(50)
    image = canvas.map_image().convertToFormat(QImage.Format.Format_ARGB32)
    ptr = image.constBits()
    ptr.setsize(image.sizeInBytes())
    alpha = np.frombuffer(ptr, np.uint8).reshape(image.height(), image.bytesPerLine())[:, 3:image.width() * 4:4]
    assert (alpha < 255).sum() == 0
    server.stop()
