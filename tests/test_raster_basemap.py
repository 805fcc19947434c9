"""GeoTIFF basemaps without Qt: a marked pixel renders where the vector layers put its WGS84 place, in the
file's CRS or another; zoomed-out views are decimated reads; colours, palettes, nodata and alpha; bad files
give messages naming the file and what to do. GeoTIFFs are generated in tmp with rasterio."""

from __future__ import annotations

import math
import threading

import numpy as np
import pytest
import rasterio
from rasterio.control import GroundControlPoint

from corridor_gis.crs import to_area_crs
from corridor_gis.errors import InputError
from corridor_gis.raster_basemap import DISPLAY_CRS, RasterBasemap
from tests.geotiffs import MARK, PAPER, RED, write_marked_geotiff


def red_centroid(rgba: np.ndarray) -> tuple[float, float]:
    """Centroid (col, row; pixel (i, j) covers [i, i+1)) of strongly red opaque pixels, weighted by strength."""
    r, g, b, a = (rgba[..., i].astype(float) for i in range(4))
    strength = np.where((r - np.maximum(g, b) > 10) & (a > 0), r - np.maximum(g, b), 0)
    assert strength.sum() > 0, "no red pixels in the rendered view"
    rows, cols = np.indices(strength.shape)
    return (float((cols * strength).sum() / strength.sum()) + 0.5,
            float((rows * strength).sum() / strength.sum()) + 0.5)


def view_around(lon: float, lat: float, metres_per_px: float, size: int = 400) -> tuple[tuple[float, ...], int]:
    """An EPSG:4549 view box of ``size`` px centred on a WGS84 place (how the canvas asks for its view)."""
    x, y = (float(v[0]) for v in to_area_crs([lon], [lat]))
    half = size * metres_per_px / 2
    return (x - half, y - half, x + half, y + half), size


def mark_error_m(basemap: RasterBasemap, metres_per_px: float, size: int = 400) -> float:
    """How far (m) from the mark's EPSG:4549 position (pyproj, as the vector layers place it) the red cross
    is drawn in a view centred on the mark."""
    bounds, size = view_around(*MARK, metres_per_px, size)
    view = basemap.render(bounds, size, size)
    col, row = red_centroid(view.rgba)
    west, _south, _east, north = view.bounds
    x, y = west + col * metres_per_px, north - row * metres_per_px
    mx, my = (float(v[0]) for v in to_area_crs([MARK[0]], [MARK[1]]))
    return math.hypot(x - mx, y - my)


@pytest.mark.parametrize("crs", ["EPSG:4549", "EPSG:3857", "EPSG:4326", "EPSG:4490"])
@pytest.mark.parametrize("metres_per_px", [0.5, 2.0, 8.0])
def test_marked_pixel_lands_on_its_wgs84_place(tmp_path, crs, metres_per_px):
    """Whatever the file's CRS, the mark is drawn within 5 m (and within a file pixel) of where the vector
    layers put the place: zoomed in past the file's pixels, at them and zoomed out 4×."""
    pixel = 2.0 if crs in ("EPSG:4549", "EPSG:3857") else 2.0 / 111_000
    basemap = RasterBasemap(write_marked_geotiff(tmp_path / "mark.tif", crs, pixel))
    error = mark_error_m(basemap, metres_per_px)
    print(f"{crs} at {metres_per_px} m/px: mark {error:.2f} m off")
    assert error < min(5.0, 2.5 + metres_per_px / 2)


def test_a_wrong_placement_would_be_caught(tmp_path):
    """The same cross written 600 m east (what a GCJ-02 sheet read as WGS84 looks like) fails the check above."""
    moved = (MARK[0] + 600 / (111_320 * math.cos(math.radians(MARK[1]))), MARK[1])
    basemap = RasterBasemap(write_marked_geotiff(tmp_path / "off.tif", mark=moved, size=1000))
    assert 590 < mark_error_m(basemap, 2.0, size=1000) < 610


def test_zoomed_out_view_is_a_decimated_read(tmp_path, monkeypatch):
    """A view of a big file at 1/16 of its resolution reads ~1/16 × 1/16 of the pixels, never the full raster."""
    path = write_marked_geotiff(tmp_path / "big.tif", size=4096, pixel=1.0, overviews=(2, 4, 8, 16))
    basemap = RasterBasemap(path)
    assert basemap.overviews == (2, 4, 8, 16)
    shapes = []
    read = RasterBasemap._read_rgba
    monkeypatch.setattr(RasterBasemap, "_read_rgba", lambda self, src, window, shape:
                        shapes.append((window, shape)) or read(self, src, window, shape))
    bounds, size = view_around(*MARK, 16.0, 256)
    view = basemap.render(bounds, size, size)
    (window, shape), = shapes
    assert window.width >= 4000 and window.height >= 4000  # the whole file is in view ...
    assert shape[0] <= 260 and shape[1] <= 260  # ... read at the screen's resolution
    assert view.rgba.shape[:2] == (256, 256) and view.rgba[..., 3].min() == 255


def test_only_the_covered_part_of_a_view_is_returned(tmp_path):
    """A plan sheet covering a corner of the view: the image covers the sheet (on the view's pixel grid) and
    a view beside the sheet gives no image."""
    basemap = RasterBasemap(write_marked_geotiff(tmp_path / "sheet.tif", size=100, pixel=2.0))
    bounds, size = view_around(*MARK, 4.0, 400)
    view = basemap.render(bounds, size, size)
    west, south, east, north = view.bounds
    assert view.rgba.shape == (round((north - south) / 4.0), round((east - west) / 4.0), 4)
    assert 50 <= view.rgba.shape[0] <= 53 and ((west - bounds[0]) / 4.0).is_integer()
    assert view.rgba[..., 3].mean() > 200
    far = (bounds[0] + 5000, bounds[1], bounds[2] + 5000, bounds[3])
    assert basemap.render(far, size, size).rgba is None


@pytest.mark.parametrize("kind, dtype", [("rgb", "uint8"), ("palette", "uint8"), ("grey", "uint8"),
                                         ("grey", "uint16")])
def test_colours_nodata_and_alpha(tmp_path, kind, dtype):
    """Paper and mark keep their colours (a palette through its table, 16-bit grey stretched) and the nodata
    border is transparent."""
    basemap = RasterBasemap(write_marked_geotiff(tmp_path / f"{kind}.tif", kind=kind, dtype=dtype, size=200,
                                                 pixel=2.0, nodata_border=20))
    bounds, size = view_around(*MARK, 2.0, 201)  # the mark in the middle of the middle screen pixel
    rgba = basemap.render(bounds, size, size).rgba
    centre = rgba[rgba.shape[0] // 2, rgba.shape[1] // 2]
    paper = rgba[rgba.shape[0] // 2 + 40, rgba.shape[1] // 2 + 40]
    corner = rgba[3, 3]
    assert corner[3] == 0  # nodata → transparent
    assert paper[3] == 255 and centre[3] == 255
    if kind == "grey":
        assert paper[0] == paper[1] == paper[2] and paper[0] > 150 > centre[0]
    else:
        assert tuple(paper[:3]) == PAPER and tuple(centre[:3]) == RED


@pytest.mark.filterwarnings("ignore::rasterio.errors.NotGeoreferencedWarning")  # writing it, before the GCPs
def test_scanned_sheet_placed_by_its_control_points(tmp_path):
    """A sheet georeferenced only by GCPs (no geotransform) is placed by their affine fit."""
    ref = write_marked_geotiff(tmp_path / "ref.tif", size=200)
    with rasterio.open(ref) as src:
        t, data, profile = src.transform, src.read(), src.profile
    gcps = [GroundControlPoint(row, col, *(t @ (col, row))) for row, col in ((0, 0), (0, 200), (200, 0), (200, 200))]
    profile.pop("transform")
    profile.pop("crs")
    with rasterio.open(tmp_path / "gcp.tif", "w", **profile) as dst:
        dst.write(data)
        dst.gcps = (gcps, rasterio.crs.CRS.from_epsg(4549))
    assert mark_error_m(RasterBasemap(tmp_path / "gcp.tif"), 1.0) < 1.5


def test_renders_from_several_threads(tmp_path):
    """The app renders in a worker while printing renders on the GUI thread: each thread its own handle."""
    basemap = RasterBasemap(write_marked_geotiff(tmp_path / "t.tif", size=600))
    bounds, size = view_around(*MARK, 3.0, 300)
    expected = basemap.render(bounds, size, size).rgba
    results: list[np.ndarray] = []
    threads = [threading.Thread(target=lambda: results.append(basemap.render(bounds, size, size).rgba))
               for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 4 and all(np.array_equal(r, expected) for r in results)
    basemap.close()


# ----------------------------------------------------------------------------------------- bad input
def test_no_crs_names_the_file_and_what_to_do(tmp_path):
    path = write_marked_geotiff(tmp_path / "规划图.tif", crs=None)
    with pytest.raises(InputError) as err:
        RasterBasemap(path)
    text = str(err.value)
    assert "规划图.tif" in text and "no coordinate system" in text
    assert "EPSG:4549" in text and "gdal_edit" in text


def test_far_away_says_where_it_lands(tmp_path):
    """A Shenzhen orthophoto, and a 4549 sheet mislabelled EPSG:3857 (lands in the Gulf of Guinea) or
    EPSG:4326 (millions of degrees)."""
    path = write_marked_geotiff(tmp_path / "shenzhen.tif", crs="EPSG:4326", pixel=1e-4, mark=(114.06, 22.54))
    with pytest.raises(InputError) as err:
        RasterBasemap(path)
    assert "shenzhen.tif" in str(err.value) and "lon 114.0" in str(err.value) and "lat 22.5" in str(err.value)
    assert "not over Qingdao" in str(err.value)
    mislabelled = write_marked_geotiff(tmp_path / "mislabelled.tif")
    with rasterio.open(mislabelled, "r+") as dst:
        dst.crs = "EPSG:3857"
    with pytest.raises(InputError) as err:
        RasterBasemap(mislabelled)
    assert "EPSG:3857" in str(err.value) and "lon 4.8" in str(err.value) and "EPSG:4549" in str(err.value)
    with rasterio.open(mislabelled, "r+") as dst:
        dst.crs = "EPSG:4326"  # metres read as degrees
    with pytest.raises(InputError) as err:
        RasterBasemap(mislabelled)
    assert "EPSG:4326" in str(err.value) and "projected metres, not degrees" in str(err.value)


def test_a_text_file_renamed_tif_is_not_a_raster(tmp_path):
    path = tmp_path / "notes.tif"
    path.write_text("这不是图像 / not an image\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        RasterBasemap(path)
    assert "notes.tif" in str(err.value) and "not a raster image" in str(err.value)
    assert "GeoTIFF" in str(err.value)
    with pytest.raises(InputError, match="file not found"):
        RasterBasemap(tmp_path / "gone.tif")


def test_describe_and_display_crs(tmp_path):
    basemap = RasterBasemap(write_marked_geotiff(tmp_path / "d.tif", size=300, overviews=(2, 4)))
    assert basemap.describe() == "d.tif: 300×300 px, RGB uint8, EPSG:4549, overviews 1/2, 1/4"
    assert basemap.name == "d.tif" and DISPLAY_CRS == "EPSG:4549"
    assert basemap.pixel_size_in("EPSG:4549") == pytest.approx(2.0, rel=1e-3)
