"""The area table behind `corridor-gis areas`, the dashboard, the HTML export and the briefing."""

from __future__ import annotations

import pytest
import shapely

from corridor_gis.areas import zone_areas
from corridor_gis.measure import area_km2
from corridor_gis.plan import CITY_BY_ID, CORRIDOR_PLANNED_KM2


def test_corridor_first_then_cities_with_their_planned_area(bundled_project):
    rows = zone_areas(bundled_project, ("corridor", "cities"))
    assert [r.id for r in rows][:1] == ["corridor"]
    assert rows[0].planned_km2 == CORRIDOR_PLANNED_KM2
    for r in rows[1:]:
        assert r.planned_km2 == CITY_BY_ID[r.id].planned_km2
        assert r.diff_km2 == pytest.approx(r.area_km2 - r.planned_km2, abs=1e-3)
        assert r.area_km2_geodesic == pytest.approx(r.area_km2, rel=2e-4)  # EPSG:4549 vs the ellipsoid


def test_a_self_intersecting_city_is_named_not_silently_measured(project):
    youth = project.city_geometries()["youth"]
    minx, miny, maxx, maxy = youth.bounds
    bowtie = shapely.Polygon([(minx, miny), (maxx, maxy), (maxx, miny), (minx, maxy)])
    project.set_city_geometry("youth", bowtie)
    row = next(r for r in zone_areas(project, ("cities",)) if r.id == "youth")
    assert row.problem and "self-intersection" in row.problem
    ok = next(r for r in zone_areas(project, ("cities",)) if r.id == "ocean")
    assert ok.problem is None and ok.area_km2 == pytest.approx(area_km2(project.city_geometries()["ocean"]), abs=1e-4)
