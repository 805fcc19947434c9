"""Make docs/img/html_geotiff.png: an HTML briefing over a GeoTIFF basemap, in headless Chromium.

The GeoTIFF is a synthetic plan sheet in EPSG:4549 (CGCS2000 / 3-degree GK, the planners' CRS), rasterised
here from the bundled OSM 街道 layer with a colour per 街道 — not a real plan; the guide says so.

    .venv/bin/python docs/make_html_geotiff_screenshot.py
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import numpy as np
import rasterio
from affine import Affine
from rasterio.features import rasterize

from corridor_gis.subdistricts import load_subdistricts

OUT = Path(__file__).resolve().parent / "img" / "html_geotiff.png"
PIXEL_M = 25.0


def plan_sheet(path: Path) -> Path:
    """A paletted sheet: each 街道 a pale colour, borders dark, outside transparent (EPSG:4549)."""
    streets = load_subdistricts().to_crs("EPSG:4549")
    west, south, east, north = streets.total_bounds
    width, height = int((east - west) / PIXEL_M), int((north - south) / PIXEL_M)
    transform = Affine(PIXEL_M, 0, west, 0, -PIXEL_M, north)
    fill = rasterize(((g, 2 + i % 6) for i, g in enumerate(streets.geometry)), (height, width), transform=transform,
                     dtype="uint8")
    borders = rasterize(((g.boundary, 1) for g in streets.geometry), (height, width), transform=transform,
                        dtype="uint8")
    data = np.where(borders == 1, 1, fill).astype("uint8")
    colours = {0: (0, 0, 0, 0), 1: (90, 90, 90, 255), 2: (246, 232, 195, 255), 3: (222, 235, 247, 255),
               4: (229, 245, 224, 255), 5: (253, 224, 221, 255), 6: (239, 237, 245, 255), 7: (255, 247, 188, 255)}
    with rasterio.open(path, "w", driver="GTiff", width=width, height=height, count=1, dtype="uint8",
                       crs="EPSG:4549", transform=transform, nodata=0, tiled=True) as dst:
        dst.write(data[None])
        dst.write_colormap(1, colours)
        dst.build_overviews([2, 4, 8])
    return path


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        sheet = plan_sheet(Path(tmp) / "规划底图_示意.tif")
        html = Path(tmp) / "briefing.html"
        subprocess.run([".venv/bin/python", "-m", "corridor_gis", "export-html", str(html), "--basemap", str(sheet),
                        "--points", "data/sample_institutions.csv"], check=True)
        subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--no-first-run", f"--user-data-dir={tmp}/profile",
                        "--window-size=1400,900", "--virtual-time-budget=8000", f"--screenshot={OUT}",
                        html.as_uri()], check=True, capture_output=True)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
