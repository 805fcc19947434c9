"""The area table shown by ``corridor-gis areas``, the dashboard and the HTML export (one source)."""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass

import shapely

from .measure import area_km2, area_km2_geodesic
from .model import Project

AREA_LAYERS = ("corridor", "cities", "bays")


@dataclass(frozen=True)
class ZoneArea:
    """Area of one zone in EPSG:4549 and on the ellipsoid, against its planned area."""

    layer: str
    id: str
    name_zh: str
    planned_km2: float | None
    area_km2: float
    area_km2_geodesic: float
    diff_km2: float | None
    #: why the area is not reliable (an invalid polygon), in words; ``None`` when the polygon is valid
    problem: str | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def zone_areas(project: Project, layers: tuple[str, ...] = AREA_LAYERS) -> list[ZoneArea]:
    """One row per polygon zone, corridor first."""
    rows = []
    for layer in layers:
        gdf = project.layers.get(layer)
        if gdf is None:
            continue
        for _, feat in gdf.iterrows():
            planned = feat.get("planned_km2")
            planned = None if planned is None or (isinstance(planned, float) and math.isnan(planned)) \
                else float(planned)
            area = area_km2(feat.geometry)
            rows.append(ZoneArea(layer, str(feat["id"]), str(feat.get("name_zh", "")), planned,
                                 round(area, 4), round(area_km2_geodesic(feat.geometry), 4),
                                 None if planned is None else round(area - planned, 4),
                                 geometry_problem(feat.geometry)))
    return rows


def geometry_problem(geom: shapely.Geometry | None) -> str | None:
    """``None`` for a valid polygon, else the problem in words (GEOS's reason without raw coordinates)."""
    if geom is None or shapely.is_empty(geom):
        return "has no geometry"
    if shapely.is_valid(geom):
        return None
    reason = re.sub(r"\[.*?\]", "", shapely.is_valid_reason(geom)).strip()
    words = {"Self-intersection": "crosses itself (self-intersection)",
             "Ring Self-intersection": "has a ring touching itself",
             "Too few points": "has too few points", "Hole lies outside shell": "has a hole outside its outline",
             "Nested shells": "has nested outlines", "Interior is disconnected": "has a disconnected interior"}
    return "is not a valid polygon: " + words.get(reason, reason.lower())
