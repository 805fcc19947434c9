"""A GeoTIFF basemap in the HTML briefing: the embedded image puts a marked pixel where the zones put its
WGS84 place (Leaflet stretches an ImageOverlay linearly in web mercator), opens offline, and bad files are
refused with the file named."""

from __future__ import annotations

import base64
import math
import re

import numpy as np
import pytest
from rasterio.io import MemoryFile

from corridor_gis.cli import main
from corridor_gis.errors import InputError
from corridor_gis.export.raster_overlay import encode_png, render_overlay
from tests.geotiffs import MARK, write_marked_geotiff


def _mercator_y(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def _decode(data_uri: str) -> np.ndarray:
    png = base64.b64decode(data_uri.split(",", 1)[1])
    with MemoryFile(png) as memory, memory.open() as src:
        return np.moveaxis(src.read(), 0, 2)


@pytest.mark.parametrize("crs", ["EPSG:4549", "EPSG:3857"])
def test_the_marked_pixel_lands_on_its_place(tmp_path, crs: str) -> None:
    path = write_marked_geotiff(tmp_path / "sheet.tif", crs, pixel=4.0, size=600)
    extent = (MARK[0] - 0.02, MARK[1] - 0.02, MARK[0] + 0.02, MARK[1] + 0.02)
    overlay = render_overlay(path, extent, max_side=1024)
    rgba = _decode(overlay.data_uri)
    assert rgba.shape[:2] == (overlay.height, overlay.width)
    red = (rgba[..., 0] > 200) & (rgba[..., 1] < 80) & (rgba[..., 3] > 0)
    rows, cols = np.nonzero(red)
    row, col = np.median(rows) + 0.5, np.median(cols) + 0.5
    (south, west), (north, east) = overlay.bounds
    # where Leaflet puts that pixel: linear in longitude and in mercator y between the corners
    lon = west + (east - west) * col / overlay.width
    y = _mercator_y(north) - (_mercator_y(north) - _mercator_y(south)) * row / overlay.height
    lat = math.degrees(2 * math.atan(math.exp(y)) - math.pi / 2)
    metres = math.hypot((lon - MARK[0]) * 111_320 * math.cos(math.radians(MARK[1])), (lat - MARK[1]) * 110_574)
    assert metres < max(5.0, overlay.metres_per_pixel), f"{metres:.1f} m off"


def test_never_finer_than_the_file(tmp_path) -> None:
    path = write_marked_geotiff(tmp_path / "coarse.tif", pixel=20.0, size=300)
    extent = (MARK[0] - 0.05, MARK[1] - 0.05, MARK[0] + 0.05, MARK[1] + 0.05)
    overlay = render_overlay(path, extent, max_side=4096)
    assert overlay.metres_per_pixel > 15  # ~20 m pixels are not blown up to 2-3 m


def test_a_file_beside_the_corridor_is_refused(tmp_path) -> None:
    path = write_marked_geotiff(tmp_path / "far.tif", size=50, mark=(120.9, 36.9))
    with pytest.raises(InputError, match="covers nothing"):
        render_overlay(path, (120.3, 36.0, 120.5, 36.2))


def test_png_round_trip() -> None:
    rgba = np.zeros((3, 5, 4), np.uint8)
    rgba[1, 2] = (255, 0, 0, 255)
    assert np.array_equal(_decode("data:image/png;base64," + base64.b64encode(encode_png(rgba)).decode()), rgba)


def test_cli_export_with_a_geotiff_opens_offline(tmp_path, capsys) -> None:
    path = write_marked_geotiff(tmp_path / "ortho.tif", pixel=8.0, size=400)
    out = tmp_path / "brief.html"
    assert main(["export-html", str(out), "--basemap", str(path)]) == 0
    html = out.read_text(encoding="utf-8")
    assert "data:image/png;base64," in html and "ortho.tif" in html and "GeoTIFF" in html
    # no resource from the network (a link in the attribution is not one)
    assert not re.search(r"<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=\s*[\"']?(https?:)?//", html, re.I)
    assert not re.search(r"url\(\s*[\"']?(https?:)?//", html, re.I)
    assert "ortho.tif" in capsys.readouterr().out


def test_cli_a_text_file_named_tif_is_exit_2(tmp_path, capsys) -> None:
    bad = tmp_path / "notes.tif"
    bad.write_text("not an image")
    assert main(["export-html", str(tmp_path / "b.html"), "--basemap", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "notes.tif" in err and "raster" in err
    assert not (tmp_path / "b.html").exists()
