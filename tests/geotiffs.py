"""Generated GeoTIFFs for the GeoTIFF basemap tests (the app's, the core's and the HTML export's): a grey
sheet with a red cross whose centre is a known WGS84 place."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import rasterio
from affine import Affine
from rasterio.enums import ColorInterp
from rasterio.warp import transform as gdal_transform

#: the marked place (WGS84), in 崂山 inside the corridor (the tile tests' too: tests/marked_tiles.py)
MARK = (120.4712, 36.1586)
PAPER = (236, 236, 230)
RED = (255, 0, 0)


def write_marked_geotiff(path: Path, crs: str | None = "EPSG:4549", pixel: float = 2.0, size: int = 500,
                         kind: str = "rgb", mark: tuple[float, float] = MARK, overviews: tuple[int, ...] = (),
                         nodata_border: int = 0, dtype: str = "uint8", tiled: bool = True) -> Path:
    """A GeoTIFF of ``size`` × ``size`` pixels of ``pixel`` CRS units, grey paper with a red cross (1-pixel lines,
    5-pixel arms) whose centre pixel's centre is the WGS84 place ``mark``. ``kind``: ``rgb``, ``palette``
    (index 1 = paper, 2 = red) or ``grey`` (paper 200, mark 20; ``dtype`` uint16 multiplies by 100).
    ``nodata_border`` pixels around the edge are nodata (0, or the alpha-less palette index 0)."""
    mx, my = gdal_transform("EPSG:4326", crs or "EPSG:4549", [mark[0]], [mark[1]])
    centre = size // 2
    transform = Affine(pixel, 0, mx[0] - (centre + 0.5) * pixel, 0, -pixel, my[0] + (centre + 0.5) * pixel)
    cross = np.zeros((size, size), bool)
    cross[centre, centre - 5:centre + 6] = True
    cross[centre - 5:centre + 6, centre] = True
    border = np.zeros((size, size), bool)
    if nodata_border:
        border[:nodata_border], border[-nodata_border:] = True, True
        border[:, :nodata_border], border[:, -nodata_border:] = True, True
    profile = {"driver": "GTiff", "width": size, "height": size, "transform": transform, "dtype": dtype}
    if tiled:
        profile.update(tiled=True, blockxsize=256, blockysize=256)
    if crs is not None:
        profile["crs"] = crs
    if kind == "rgb":
        data = np.empty((3, size, size), dtype)
        for band in range(3):
            data[band] = np.where(cross, RED[band], PAPER[band])
        data[:, border] = 0
        profile.update(count=3, photometric="RGB", nodata=0 if nodata_border else None)
    elif kind == "palette":
        data = np.where(cross, 2, 1).astype(dtype)[None]
        data[:, border] = 0
        profile.update(count=1, nodata=0 if nodata_border else None)
    else:
        scale = 100 if dtype == "uint16" else 1
        data = (np.where(cross, 20, 200) * scale).astype(dtype)[None]
        data[:, border] = 0
        profile.update(count=1, nodata=0 if nodata_border else None)
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(data)
        if kind == "palette":
            dst.write_colormap(1, {0: (0, 0, 0, 0), 1: (*PAPER, 255), 2: (*RED, 255)})
            dst.colorinterp = [ColorInterp.palette]
        if overviews:
            dst.build_overviews(list(overviews))
    return path
