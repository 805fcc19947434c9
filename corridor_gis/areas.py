"""The area table shown by ``corridor-gis areas``, the dashboard and the HTML export (one source)."""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

import shapely

from .measure import area_km2, area_km2_geodesic

if TYPE_CHECKING:  # the model (and geopandas) only as a type: `corridor-gis areas` reads zones without them
    from .model import Project
    from .zones_light import LightZones

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


def zone_areas(project: Project | LightZones, layers: tuple[str, ...] = AREA_LAYERS) -> list[ZoneArea]:
    """One row per polygon zone, corridor first. ``project`` is a :class:`~corridor_gis.model.Project` or the
    same zones read by :func:`corridor_gis.zones_light.read_zone_layers` (records instead of frames)."""
    rows = []
    for layer in layers:
        features = project.layers.get(layer)
        if features is None:
            continue
        for feat in (f for _, f in features.iterrows()) if hasattr(features, "iterrows") else features:
            planned = feat.get("planned_km2")
            planned = None if planned is None or (isinstance(planned, float) and math.isnan(planned)) \
                else float(planned)
            name = feat.get("name_zh", "")
            geom = feat["geometry"]
            area = area_km2(geom)
            rows.append(ZoneArea(layer, str(feat["id"]), "" if name is None else str(name), planned,
                                 round(area, 4), round(area_km2_geodesic(geom), 4),
                                 None if planned is None else round(area - planned, 4),
                                 geometry_problem(geom)))
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
