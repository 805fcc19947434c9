"""A GeoTIFF basemap (an orthophoto, a georeferenced plan sheet) in the HTML briefing: the part over the
corridor, warped to web mercator by :class:`~corridor_gis.raster_basemap.RasterBasemap` (the same reader
and warp as the app's GeoTIFF basemap), encoded as one PNG and embedded as a Leaflet ImageOverlay.

Leaflet draws an ImageOverlay by stretching it linearly between its corners in the map's web-mercator
pixels, so an image rendered on a web-mercator grid lands exactly where the app draws the file. The page
needs no network and no tile server; the resolution is capped (:data:`MAX_SIDE` pixels on the longer
side, a few metres per pixel over the corridor's ~50 km), never finer than the file's own pixels.
"""

from __future__ import annotations

import base64
import math
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..crs import transformer
from ..errors import InputError

MERCATOR = "EPSG:3857"
#: the longer side of the embedded image (pixels): ~12 m per pixel over the corridor plus its margin
MAX_SIDE = 4096


@dataclass(frozen=True)
class RasterOverlay:
    """The embedded image: a PNG data URI and its corners in lat/lon (south-west, north-east)."""

    data_uri: str
    bounds: tuple[tuple[float, float], tuple[float, float]]
    width: int
    height: int
    metres_per_pixel: float
    megabytes: float


def render_overlay(path: Path, extent: tuple[float, float, float, float], max_side: int = MAX_SIDE
                   ) -> RasterOverlay:
    """The GeoTIFF's part inside ``extent`` (west, south, east, north in WGS84) as one PNG on web mercator.
    A file that does not cover the extent raises :class:`InputError` naming the file."""
    from ..raster_basemap import RasterBasemap

    raster = RasterBasemap(path)
    try:
        to_merc = transformer("EPSG:4326", MERCATOR)
        west, south = to_merc.transform(extent[0], extent[1])
        east, north = to_merc.transform(extent[2], extent[3])
        # never finer than the file's own pixels; never more than max_side on the longer side
        step = max(max(east - west, north - south) / max_side, raster.pixel_size_in(MERCATOR))
        width, height = max(1, math.ceil((east - west) / step)), max(1, math.ceil((north - south) / step))
        view = raster.render((west, south, east, north), width, height, crs=MERCATOR)
    finally:
        raster.close()
    if view.rgba is None or not view.rgba[..., 3].any():
        raise InputError(str(path), "the GeoTIFF covers nothing of the corridor's map extent",
                         hint="choose a file over the corridor, or export without --basemap")
    w, s, e, n = view.bounds
    to_lonlat = transformer(MERCATOR, "EPSG:4326")
    lon0, lat0 = to_lonlat.transform(w, s)
    lon1, lat1 = to_lonlat.transform(e, n)
    png = encode_png(view.rgba)
    return RasterOverlay(f"data:image/png;base64,{base64.b64encode(png).decode('ascii')}",
                         ((lat0, lon0), (lat1, lon1)), view.rgba.shape[1], view.rgba.shape[0],
                         (e - w) / view.rgba.shape[1] * math.cos(math.radians((lat0 + lat1) / 2)),
                         len(png) / 1e6)


def encode_png(rgba: np.ndarray) -> bytes:
    """RGBA (height, width, 4) uint8 → PNG bytes, through GDAL's PNG driver (rasterio; no imaging library)."""
    from rasterio.errors import NotGeoreferencedWarning
    from rasterio.io import MemoryFile

    height, width = rgba.shape[:2]
    with warnings.catch_warnings(), MemoryFile() as memory:
        warnings.simplefilter("ignore", NotGeoreferencedWarning)  # a plain picture: its place is in the page
        with memory.open(driver="PNG", width=width, height=height, count=4, dtype="uint8") as png:
            png.write(np.moveaxis(rgba, 2, 0))
        return memory.read()
