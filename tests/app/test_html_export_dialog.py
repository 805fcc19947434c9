"""文件 → 导出 HTML 简报图 with a tile basemap on: the briefing gets the basemap the planner sees, its cached
tiles embedded when the box is ticked (no network then), online otherwise. Tiles from 127.0.0.1 only."""

from __future__ import annotations

import dataclasses
import re

from corridor_gis.app.html_export_dialog import HtmlExportDialog, shown_basemap
from corridor_gis.app.tile_layer import default_cache_dir, install_basemap, remove_basemap
from corridor_gis.export.basemap import corridor_extent, default_tile_cache_dir, tile_plan
from corridor_gis.tiles import PRESETS, TileCache, TileFetcher, write_mbtiles


def osm_on_canvas(window, tmp_path, tile_server, solid_png):
    """OpenStreetMap (served locally) shown in the app, with the corridor's z10–12 tiles in its cache."""
    server = tile_server(lambda z, x, y: solid_png(256, 256, (90, 140, 200)))
    osm = dataclasses.replace(PRESETS["osm"], url_template=server.template)
    fetcher = TileFetcher(osm, TileCache(tmp_path / "cache"))
    for z, x, y in tile_plan(osm, corridor_extent(window.project.corridor.bounds), (10, 12)):
        fetcher.get(z, x, y)
    install_basemap(window.canvas, osm, tmp_path / "cache")
    return server


def test_embedded_briefing_carries_the_apps_basemap(window, tmp_path, tile_server, solid_png):
    server = osm_on_canvas(window, tmp_path, tile_server, solid_png)
    basemap = shown_basemap(window.canvas)
    assert basemap.title == "OpenStreetMap" and basemap.cache_dir == tmp_path / "cache"
    dialog = HtmlExportDialog(basemap, window.files._write_html, str(tmp_path / "brief.html"), window)
    assert dialog.embed.isChecked() and dialog.embed.isEnabled()
    dialog.export()
    text = (tmp_path / "brief.html").read_text(encoding="utf-8")
    assert len(re.findall("data:image/png;base64,", text)) >= 20 and "\"tiles\":{" in text
    assert server.template.split("{")[0] not in text  # no address of the tile server: opens offline
    assert "© OpenStreetMap contributors" in text and "离线瓦片" in text


def test_unticked_the_briefing_loads_the_same_tiles_online(window, tmp_path, tile_server, solid_png):
    server = osm_on_canvas(window, tmp_path, tile_server, solid_png)
    dialog = HtmlExportDialog(shown_basemap(window.canvas), window.files._write_html, str(tmp_path / "b.html"),
                              window)
    dialog.embed.setChecked(False)
    dialog.export()
    text = (tmp_path / "b.html").read_text(encoding="utf-8")
    assert server.template in text and "\"tiles\":{" not in text and "在线瓦片" in text


def test_without_a_tile_basemap_the_export_is_the_plain_one(window, tmp_path, tile_server, solid_png):
    osm_on_canvas(window, tmp_path, tile_server, solid_png)
    remove_basemap(window.canvas)
    assert shown_basemap(window.canvas) is None
    assert window.export_html(str(tmp_path / "plain.html"))
    assert "瓦片" not in (tmp_path / "plain.html").read_text(encoding="utf-8")


def test_an_mbtiles_basemap_is_always_embedded(window, tmp_path, solid_png):
    path = tmp_path / "pack.mbtiles"
    write_mbtiles(path, [(10, 854, 403, solid_png(256, 256, (1, 2, 3)))], {"name": "离线包"})
    from corridor_gis.tiles import MBTilesSource

    install_basemap(window.canvas, MBTilesSource(path), tmp_path / "cache")
    basemap = shown_basemap(window.canvas)
    dialog = HtmlExportDialog(basemap, window.files._write_html, str(tmp_path / "b.html"), window)
    assert basemap.title == "离线包" and dialog.embed.isChecked() and not dialog.embed.isEnabled()


def test_tianditu_keeps_its_name_and_the_users_key(window, tmp_path):
    sources = [dataclasses.replace(PRESETS[n], key="k123") for n in ("tianditu_vec", "tianditu_cva")]
    install_basemap(window.canvas, sources, tmp_path / "cache")
    basemap = shown_basemap(window.canvas)
    assert basemap.title == "天地图 矢量 + 注记" and all(s.key == "k123" for s in basemap.sources)
    remove_basemap(window.canvas)


def test_the_cli_embeds_from_the_apps_cache_folder(qapp):
    """``export-html --embed-tiles`` (no Qt) reads the folder the app writes its tiles to."""
    assert default_tile_cache_dir() == default_cache_dir()


def test_a_geotiff_basemap_goes_into_the_briefing_as_one_image(window, tmp_path):
    from corridor_gis.app.raster_layer import install_raster_basemap
    from tests.geotiffs import write_marked_geotiff

    sheet = write_marked_geotiff(tmp_path / "ortho.tif", pixel=8.0, size=400)
    install_raster_basemap(window.canvas, sheet)
    basemap = shown_basemap(window.canvas)
    assert basemap.raster == sheet and basemap.embed
    dialog = HtmlExportDialog(basemap, window.files._write_html, str(tmp_path / "brief.html"), window)
    assert dialog.embed.isChecked() and not dialog.embed.isEnabled()  # nothing online to load instead
    dialog.export()
    text = (tmp_path / "brief.html").read_text(encoding="utf-8")
    assert "ortho.tif" in text and "GeoTIFF" in text and "data:image/png;base64," in text
    remove_basemap(window.canvas)
