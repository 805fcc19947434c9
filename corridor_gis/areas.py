"""The area table shown by ``corridor-gis areas``, the dashboard and the HTML export (one source)."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

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
                                 None if planned is None else round(area - planned, 4)))
    return rows
