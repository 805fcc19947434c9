"""``corridor-gis export-html --basemap …``: presets, URL templates (``--tiles`` is the same) and MBTiles files,
embedding from the tile cache, and the messages for what cannot work. Tiles come from 127.0.0.1 or files."""

from __future__ import annotations

import dataclasses
import re

import pytest

from corridor_gis.cli import main
from corridor_gis.export.basemap import corridor_extent, tile_plan
from corridor_gis.model import Project
from corridor_gis.tiles import BAIDU_UNSUPPORTED, PRESETS, TileCache, TileFetcher, write_mbtiles

DATA_URI = re.compile(r"data:image/png;base64,")


def run(capsys, *args) -> tuple[int, str, str]:
    code = main(["export-html", *map(str, args)])
    out = capsys.readouterr()
    return code, out.out, out.err


def cached_osm(tmp_path, tile_server, solid_png, zooms=(10, 12)):
    """The app's cache after viewing the corridor with OpenStreetMap (served locally, under the preset's name)."""
    server = tile_server(lambda z, x, y: solid_png(256, 256, (90, 140, 200)))
    osm = dataclasses.replace(PRESETS["osm"], url_template=server.template)
    fetcher = TileFetcher(osm, TileCache(tmp_path / "cache"))
    plan = tile_plan(osm, corridor_extent(Project.bundled().corridor.bounds), zooms)
    for z, x, y in plan:
        fetcher.get(z, x, y)
    server.stop()
    return len(plan)


def test_preset_online_names_the_provider(tmp_path, capsys):
    out = tmp_path / "b.html"
    code, stdout, _ = run(capsys, out, "--basemap", "osm")
    text = out.read_text(encoding="utf-8")
    assert code == 0 and "basemap OpenStreetMap loads online" in stdout
    assert "https://tile.openstreetmap.org/{z}/{x}/{y}.png" in text and "© OpenStreetMap contributors" in text


def test_gcj02_preset_online_uses_the_placing_layer(tmp_path, capsys):
    out = tmp_path / "b.html"
    assert run(capsys, out, "--basemap", "amap")[0] == 0
    text = out.read_text(encoding="utf-8")
    assert "L.CorridorTiles" in text and '"crs":"gcj02"' in text and "GCJ-02" in text
    assert "L.tileLayer(" not in text  # never drawn as if it were WGS84


def test_tiles_is_another_name_for_a_basemap_url(tmp_path, capsys, tile_server):
    template = tile_server().template
    a, b = tmp_path / "a.html", tmp_path / "b.html"
    assert run(capsys, a, "--tiles", template)[0] == 0
    assert run(capsys, b, "--basemap", template)[0] == 0
    strip = re.compile(r"(_[0-9a-f]{32})|(导出日期 \S+)")
    assert strip.sub("", a.read_text(encoding="utf-8")) == strip.sub("", b.read_text(encoding="utf-8"))
    assert template in a.read_text(encoding="utf-8")


def test_embed_from_the_cache_opens_offline(tmp_path, capsys, tile_server, solid_png):
    wanted = cached_osm(tmp_path, tile_server, solid_png)
    out = tmp_path / "b.html"
    code, stdout, _ = run(capsys, out, "--basemap", "osm", "--embed-tiles", "--embed-zoom", "10-12",
                          "--tile-cache", tmp_path / "cache")
    text = out.read_text(encoding="utf-8")
    assert code == 0 and "opens offline" in stdout and f"{wanted}/{wanted}" in stdout
    assert len(DATA_URI.findall(text)) >= wanted
    assert "tile.openstreetmap.org" not in text and "127.0.0.1" not in text


def test_embedding_a_range_the_cache_lacks_says_what_to_do(tmp_path, capsys, tile_server, solid_png):
    cached_osm(tmp_path, tile_server, solid_png)
    code, _, err = run(capsys, tmp_path / "b.html", "--basemap", "osm", "--embed-tiles", "--embed-zoom", "15-16",
                       "--tile-cache", tmp_path / "cache")
    assert code == 2 and "no tile of OpenStreetMap" in err and "15–16" in err and str(tmp_path / "cache") in err
    assert not (tmp_path / "b.html").exists()


def test_mbtiles_file_is_embedded(tmp_path, capsys, solid_png):
    extent = corridor_extent(Project.bundled().corridor.bounds)
    source = dataclasses.replace(PRESETS["osm"], max_zoom=11)
    tiles = [(z, x, y, solid_png(256, 256, (200, 200, 90))) for z, x, y in tile_plan(source, extent, (10, 11))]
    path = tmp_path / "qingdao.mbtiles"
    write_mbtiles(path, tiles, {"name": "青岛离线包", "attribution": "© OpenStreetMap contributors",
                                "corridor_gis_crs": "gcj02"})
    out = tmp_path / "b.html"
    code, stdout, _ = run(capsys, out, "--basemap", path)
    text = out.read_text(encoding="utf-8")
    assert code == 0 and "opens offline" in stdout and f"{len(tiles)}/{len(tiles)}" in stdout
    assert len(DATA_URI.findall(text)) >= len(tiles) and '"crs":"gcj02"' in text  # the package's own CRS


@pytest.mark.parametrize(("args", "expected"), [
    (["--basemap", "baidu"], BAIDU_UNSUPPORTED[:40]),
    (["--basemap", "google"], "unknown basemap 'google'"),
    (["--basemap", "tianditu_vec"], "--tile-key"),
    (["--basemap", "https://example.org/tiles.png"], "{z} {x} {y}"),
    (["--basemap", "missing.mbtiles"], "MBTiles file not found"),
    (["--basemap", "osm", "--embed-tiles", "--embed-zoom", "14-10"], "is not a zoom range"),
    (["--basemap", "osm", "--embed-zoom", "10-12"], "--embed-zoom needs --embed-tiles"),
    (["--embed-tiles"], "need a --basemap"),
])
def test_what_cannot_work_is_exit_2_with_the_reason(tmp_path, capsys, args, expected):
    code, _, err = run(capsys, tmp_path / "b.html", *args)
    assert code == 2 and expected in err
    assert not (tmp_path / "b.html").exists()


def test_tianditu_key_goes_into_the_online_page_only(tmp_path, capsys):
    out = tmp_path / "b.html"
    assert run(capsys, out, "--basemap", "tianditu_vec", "--tile-key", "abc123")[0] == 0
    text = out.read_text(encoding="utf-8")
    assert "tk=abc123" in text and "{key}" not in text and "天地图" in text



def test_the_style_saved_in_the_project_draws_the_list_of_that_name(tmp_path, capsys):
    """``--project P --points LIST``: the heatmap saved in P for LIST's dataset (its file's stem) draws it; the
    figures are those of the plain briefing."""
    import json

    from corridor_gis import paths
    from corridor_gis.model import POINT_STYLE_PREFIX

    sample = paths.data_dir() / "sample_institutions.csv"
    project = Project.bundled()
    project.metadata[POINT_STYLE_PREFIX + sample.stem] = json.dumps({"kind": "heatmap", "radius_px": 20})
    project.metadata[POINT_STYLE_PREFIX + "another"] = json.dumps({"kind": "cluster"})
    saved = project.save(tmp_path / "styled.gpkg")
    styled, plain = tmp_path / "styled.html", tmp_path / "plain.html"
    assert run(capsys, styled, "--project", saved, "--points", sample)[0] == 0
    assert run(capsys, plain, "--points", sample)[0] == 0
    text = styled.read_text(encoding="utf-8")
    assert '"kind":"heatmap"' in text and '"radius_px":20' in text and "L.HeatLayer" in text
    assert "L.HeatLayer" not in plain.read_text(encoding="utf-8")

    def figures(path):
        found = re.search(r'<script[^>]*id="cg-ratio-data"[^>]*>(.*?)</script>', path.read_text(encoding="utf-8"),
                          re.S)
        return json.loads(found.group(1))

    assert figures(styled) == figures(plain)
