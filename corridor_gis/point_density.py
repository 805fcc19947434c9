"""Points drawn as a density raster: what a map shows when points outnumber its pixels.

Drawn one by one, a million points only cover one another (and everything under them) and cost a marker
each; as a raster each pixel shows the colour of a point in it with an opacity that grows with the number
of points there (QGIS's heatmap idea, one pass over the points). The app's point cloud does this on screen
(:mod:`corridor_gis.app.point_cloud`); the HTML briefing embeds one such image on web mercator
(:func:`density_image`). Counts never come from here: this is a picture of where the points are.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .crs import transformer

MERCATOR = "EPSG:3857"
#: the density image's finest pixel: a web-mercator pixel at zoom 12 (~31 m on the ground at Qingdao), the
#: level of a district view; the briefing opens at zoom 10-11, where each screen pixel sums a few image
#: pixels. Finer pixels would each hold a point or none and, shrunk to the screen, fade to nothing.
FINEST_STEP = 2 * math.pi * 6378137 / (256 * 2**12)

#: opacity (0..256) of a density pixel by the number of points in it: 1 point faint, 16+ opaque
ALPHA_BY_COUNT = np.minimum(256, np.round(256 * (0.45 + 0.55 * np.log1p(np.arange(17)) / np.log1p(16)))
                            ).astype(np.uint16)


@dataclass(frozen=True)
class DensityImage:
    """An RGBA image (height, width, 4; uint8, not premultiplied) and its corners in lat/lon."""

    rgba: np.ndarray
    south_west: tuple[float, float]
    north_east: tuple[float, float]
    metres_per_pixel: float


def density_rgba(ix: np.ndarray, iy: np.ndarray, codes: np.ndarray, colors: list[str], width: int,
                 height: int) -> np.ndarray:
    """Pixels (``ix``, ``iy``: column and row, already inside the image) → RGBA: each pixel takes the colour
    (``colors[code]``, ``#rrggbb``) of a point in it and the opacity :data:`ALPHA_BY_COUNT` of its count."""
    cells = iy.astype(np.int64) * width + ix
    rgb = np.array([[int(c[i:i + 2], 16) for i in (1, 3, 5)] for c in colors] or [[0, 0, 0]], dtype=np.uint8)
    out = np.zeros((width * height, 4), dtype=np.uint8)
    out[cells, :3] = rgb[codes]
    counts = np.minimum(np.bincount(cells, minlength=width * height), ALPHA_BY_COUNT.size - 1)
    out[:, 3] = np.minimum(ALPHA_BY_COUNT[counts], 255).astype(np.uint8)
    out[counts == 0] = 0
    return out.reshape(height, width, 4)


def density_image(lon: np.ndarray, lat: np.ndarray, codes: np.ndarray, colors: list[str],
                  max_side: int = 4096) -> DensityImage:
    """The points as one density image on web mercator over their extent (pixels of :data:`FINEST_STEP`, or
    coarser so that the longer side stays within ``max_side``), for a Leaflet ImageOverlay: Leaflet stretches
    an overlay linearly in web-mercator pixels, so an image on a web-mercator grid puts every pixel in place."""
    to_merc = transformer("EPSG:4326", MERCATOR)
    x, y = to_merc.transform(np.asarray(lon, dtype=np.float64), np.asarray(lat, dtype=np.float64))
    x, y = np.asarray(x), np.asarray(y)
    west, east, south, north = float(x.min()), float(x.max()), float(y.min()), float(y.max())
    step = max(max(east - west, north - south) / (max_side - 1), FINEST_STEP)
    width = int((east - west) / step) + 1
    height = int((north - south) / step) + 1
    ix = np.minimum(((x - west) / step).astype(np.int64), width - 1)
    iy = np.minimum(((north - y) / step).astype(np.int64), height - 1)
    rgba = density_rgba(ix, iy, np.asarray(codes), colors, width, height)
    to_lonlat = transformer(MERCATOR, "EPSG:4326")
    lon0, lat0 = to_lonlat.transform(west, north - height * step)
    lon1, lat1 = to_lonlat.transform(west + width * step, north)
    mid = math.radians((lat0 + lat1) / 2)
    return DensityImage(rgba, (float(lat0), float(lon0)), (float(lat1), float(lon1)), step * math.cos(mid))


#: the deepest zoom whose web-mercator pixels :func:`weighted_points` merges points in (~0.5 m at Qingdao)
WEIGHTED_FINEST_ZOOM = 18


@dataclass(frozen=True)
class WeightedPoints:
    """Points merged per web-mercator pixel of zoom ``zoom``: each entry is the mean position of the points in
    one pixel, their number (``weight``) and the category code of one of them (``code``; exact for weight 1).

    Grid clusters drawn from these (cells anchored to the world's pixel grid) hold the same points as those
    drawn from the points themselves at every zoom up to ``zoom`` (a cluster cell there is a whole number of
    these pixels), and the weights sum to the number of points, so a page can cluster or heat a million-row
    list from a bounded number of entries.
    """

    lon: np.ndarray
    lat: np.ndarray
    weight: np.ndarray
    code: np.ndarray
    zoom: int


def world_pixels(lon: np.ndarray, lat: np.ndarray, zoom: int) -> tuple[np.ndarray, np.ndarray]:
    """Leaflet's world pixel coordinates (spherical mercator, 256 px tiles, origin top-left) at ``zoom``."""
    size = 256.0 * 2.0**zoom
    lat_r = np.radians(np.clip(np.asarray(lat, dtype=np.float64), -85.0511287798, 85.0511287798))
    x = (np.asarray(lon, dtype=np.float64) + 180.0) / 360.0 * size
    y = (0.5 - np.log(np.tan(np.pi / 4 + lat_r / 2)) / (2 * np.pi)) * size
    return x, y


def weighted_points(lon: np.ndarray, lat: np.ndarray, codes: np.ndarray, max_entries: int,
                    finest_zoom: int = WEIGHTED_FINEST_ZOOM) -> WeightedPoints:
    """The points merged per pixel of the deepest zoom (at most ``finest_zoom``) at which at most
    ``max_entries`` pixels hold points: the page's size is bounded by ``max_entries`` whatever the list's
    length, and the positions stay exact where points are sparse (a list of ``max_entries`` points or fewer
    only merges points sharing a ~0.5 m pixel). Vectorised: one ``np.unique`` per zoom tried."""
    lon, lat = np.asarray(lon, dtype=np.float64), np.asarray(lat, dtype=np.float64)
    codes = np.asarray(codes)
    if len(lon) == 0:
        empty = np.zeros(0)
        return WeightedPoints(empty, empty, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), finest_zoom)
    x, y = world_pixels(lon, lat, finest_zoom)
    ix, iy = x.astype(np.int64), y.astype(np.int64)
    zoom = finest_zoom
    while True:
        shift = finest_zoom - zoom
        keys = ((ix >> shift) << 32) | (iy >> shift)
        cells, inverse, weight = np.unique(keys, return_inverse=True, return_counts=True)
        if len(cells) <= max_entries or zoom == 0:
            break
        zoom -= 1
    inverse = inverse.ravel()
    mean_lon = np.bincount(inverse, weights=lon, minlength=len(cells)) / weight
    mean_lat = np.bincount(inverse, weights=lat, minlength=len(cells)) / weight
    code = np.zeros(len(cells), dtype=np.int64)
    code[inverse] = codes  # one point's category per pixel (the last written): exact where the weight is 1
    return WeightedPoints(mean_lon, mean_lat, weight.astype(np.int64), code, zoom)
