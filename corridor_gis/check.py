"""Consistency checks of a project's zones: what ``corridor-gis check`` reports.

Checks, each with an explicit tolerance (tolerances are visible, not folklore):
* every zone layer has a CRS;
* every geometry is valid (with shapely's reason) and non-empty;
* the cities are exactly ``ocean``, ``youth``, ``digital``;
* cities do not overlap (overlap area > ``OVERLAP_KM2``);
* no gaps between cities: no sliver holes enclosed by the union of cities, and no two cities closer than
  ``NEAR_MISS_M`` without touching (a sliver gap along a shared border);
* the corridor equals the union of the cities (symmetric difference < ``OVERLAP_KM2``);
* each city's EPSG:4549 area is within ``AREA_TOL_KM2`` of its planned area.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import shapely

from .measure import area_km2, project_to_area_crs
from .model import Project
from .plan import AREA_TOLERANCE_KM2, CITY_IDS

OVERLAP_KM2 = 1e-4  # 100 m²
NEAR_MISS_M = 5.0
AREA_TOL_KM2 = AREA_TOLERANCE_KM2
SLIVER_HOLE_KM2 = 1.0


@dataclass(frozen=True)
class Finding:
    """One failed check: which layer/feature and a sentence a planner can act on."""

    layer: str
    feature: str
    message: str

    def __str__(self) -> str:
        return f"[{self.layer}/{self.feature}] {self.message}"


def check_project(project: Project) -> list[Finding]:
    """Run every check; an empty list means the project is consistent."""
    found: list[Finding] = [Finding("project", "-", note) for note in project.load_notes]
    found += _check_validity(project)
    cities = project.city_geometries()
    ids = sorted(cities)
    if ids != sorted(CITY_IDS):
        found.append(Finding("cities", "-", f"city ids are {ids}; expected {sorted(CITY_IDS)}"))
    valid = {k: g for k, g in cities.items() if g is not None and g.is_valid and not g.is_empty}
    found += _check_overlaps_and_gaps(valid)
    found += _check_corridor(project, valid)
    found += _check_areas(project)
    return found


def _check_validity(project: Project) -> list[Finding]:
    out = []
    for name, gdf in project.layers.items():
        if gdf.crs is None:
            out.append(Finding(name, "-", "layer has no CRS"))
        quality = gdf["location_quality"].astype(str).to_numpy() if "location_quality" in gdf else None
        for i, (fid, geom) in enumerate(zip(gdf.get("id", gdf.index), gdf.geometry, strict=True)):
            if geom is None or geom.is_empty:
                if quality is not None and quality[i] == "unknown":
                    continue  # a place the sources name but do not locate: no geometry rather than a guess
                out.append(Finding(name, str(fid), "geometry is empty"))
            elif not geom.is_valid:
                out.append(Finding(name, str(fid),
                                   f"invalid geometry: {shapely.is_valid_reason(geom)}"))
    return out


def _check_overlaps_and_gaps(cities: dict[str, shapely.Geometry]) -> list[Finding]:
    out = []
    projected = {k: project_to_area_crs(g) for k, g in cities.items()}
    for (a, ga), (b, gb) in itertools.combinations(projected.items(), 2):
        overlap = ga.intersection(gb).area / 1e6
        if overlap > OVERLAP_KM2:
            out.append(Finding("cities", f"{a}+{b}", f"cities overlap by {overlap:.4f} km²"))
        else:
            gap = ga.distance(gb)
            if 0 < gap < NEAR_MISS_M:
                out.append(Finding("cities", f"{a}+{b}",
                                   f"cities are {gap:.2f} m apart without touching (sliver gap "
                                   f"along a shared border; snap the border vertices)"))
    if projected:
        union = shapely.union_all(list(projected.values()))
        for part in shapely.get_parts(union):
            for ring in part.interiors:
                hole = shapely.Polygon(ring)
                # a hole bordered by one city is that city's own enclave; by two or more, a gap
                bordering = [k for k, g in projected.items() if g.distance(hole) < 1e-6]
                area = hole.area / 1e6
                if len(bordering) >= 2 and area < SLIVER_HOLE_KM2:
                    x, y = hole.representative_point().coords[0]
                    out.append(Finding("cities", "+".join(bordering),
                                       f"gap of {area:.4f} km² enclosed between cities "
                                       f"(EPSG:4549 x={x:.0f}, y={y:.0f})"))
    return out


def _check_corridor(project: Project, cities: dict[str, shapely.Geometry]) -> list[Finding]:
    corridor = project.corridor
    if corridor is None or corridor.is_empty or not corridor.is_valid or not cities:
        return []
    union = shapely.union_all(list(cities.values()))
    diff = area_km2(shapely.symmetric_difference(corridor, union))
    if diff > OVERLAP_KM2:
        return [Finding("corridor", "corridor",
                        f"corridor differs from the union of the cities by {diff:.4f} km²")]
    return []


def _check_areas(project: Project) -> list[Finding]:
    out = []
    for _, row in project.cities.iterrows():
        if str(row.get("method", "")) == "imported":
            continue  # official boundaries may differ from the plan's km²: `areas` shows it, not a failure
        planned = row.get("planned_km2")
        if planned is None or planned != planned:  # NaN
            out.append(Finding("cities", str(row["id"]), "no planned_km2 attribute"))
            continue
        area = area_km2(row.geometry)
        if not math.isfinite(area):
            out.append(Finding("cities", str(row["id"]),
                               "area cannot be measured: coordinates are not lon/lat in Qingdao (wrong CRS? "
                               "projected metres stored as EPSG:4326?)"))
        elif abs(area - planned) > AREA_TOL_KM2:
            out.append(Finding("cities", str(row["id"]),
                               f"area {area:.3f} km² differs from plan {planned:.2f} km² by "
                               f"{area - planned:+.3f} km² (tolerance ±{AREA_TOL_KM2} km²)"))
    return out
