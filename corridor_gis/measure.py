"""Areas and lengths of zone geometry.

Two independent measures, because a figure planners rely on deserves a cross-check:
* the planar area in EPSG:4549 (CGCS2000 / 3-degree GK CM 120E), the projection Qingdao's planners use;
* the geodesic area on the WGS84 ellipsoid (pyproj.Geod), which needs no projection at all.
Around Qingdao the two agree to ~1e-4 relative; a larger gap means the geometry is not in lon/lat.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import shapely
from pyproj import Geod
from shapely.geometry.base import BaseGeometry

from .crs import AREA_EPSG, STORAGE_EPSG, transformer

if TYPE_CHECKING:
    import geopandas as gpd

_GEOD = Geod(ellps="WGS84")
M2_PER_KM2 = 1_000_000.0


def _to_area():
    return transformer(f"EPSG:{STORAGE_EPSG}", f"EPSG:{AREA_EPSG}")


def project_to_area_crs(geom: BaseGeometry) -> BaseGeometry:
    """Lon/lat geometry → EPSG:4549 metres."""
    tr = _to_area()
    return shapely.transform(geom, lambda xy: np.column_stack(tr.transform(xy[:, 0], xy[:, 1])))


def project_from_area_crs(geom: BaseGeometry) -> BaseGeometry:
    """EPSG:4549 metres → lon/lat geometry."""
    tr = transformer(f"EPSG:{AREA_EPSG}", f"EPSG:{STORAGE_EPSG}")
    return shapely.transform(geom, lambda xy: np.column_stack(tr.transform(xy[:, 0], xy[:, 1])))


def area_km2(geom: BaseGeometry | None) -> float:
    """Planar area in EPSG:4549, km². Empty or missing geometry measures 0."""
    if geom is None or geom.is_empty:
        return 0.0
    return float(project_to_area_crs(geom).area) / M2_PER_KM2


def area_km2_geodesic(geom: BaseGeometry | None) -> float:
    """Geodesic area on the WGS84 ellipsoid, km² (orientation-independent)."""
    if geom is None or geom.is_empty:
        return 0.0
    return abs(_GEOD.geometry_area_perimeter(geom)[0]) / M2_PER_KM2


def length_km(geom: BaseGeometry | None) -> float:
    """Geodesic length of a line (or perimeter of a polygon), km."""
    if geom is None or geom.is_empty:
        return 0.0
    return _GEOD.geometry_length(geom) / 1000.0


def areas_km2(gdf: gpd.GeoDataFrame) -> np.ndarray:
    """EPSG:4549 areas of every feature of a lon/lat layer, km² (vectorised)."""
    if gdf.crs is None:
        raise ValueError("layer has no CRS; cannot measure areas")
    return gdf.to_crs(epsg=AREA_EPSG).geometry.area.to_numpy() / M2_PER_KM2
