"""`check`: passes on the bundled zones, names the problem on broken ones."""

from __future__ import annotations

import shapely
from shapely import affinity

from corridor_gis.check import check_project


def messages(project) -> str:
    return "\n".join(str(f) for f in check_project(project))


def test_bundled_zones_pass(project):
    assert check_project(project) == []


def test_overlapping_cities_fail_naming_the_pair(project):
    c = project.city_geometries()
    grown = shapely.buffer(c["youth"], 0.003)  # ~300 m into 崂山
    project.set_city_geometry("youth", grown)
    text = messages(project)
    assert "youth+digital" in text and "overlap" in text


def test_uncalibrated_area_fails(project):
    c = project.city_geometries()
    project.set_city_geometry("ocean", affinity.scale(c["ocean"], 0.99, 0.99))
    text = messages(project)
    assert "[cities/ocean]" in text and "differs from plan" in text


def test_sliver_gap_between_cities_is_found(project):
    c = project.city_geometries()
    shrunk = shapely.buffer(c["youth"], -0.00002)  # ~2 m away from the shared border
    project.set_city_geometry("youth", shrunk)
    assert "apart without touching" in messages(project)


def test_corridor_not_union_of_cities(project):
    project.layers["corridor"].loc[0, "geometry"] = project.city_geometries()["ocean"]
    assert "differs from the union" in messages(project)


def test_invalid_geometry_is_named(project):
    bowtie = shapely.Polygon([(120.4, 36.1), (120.5, 36.2), (120.5, 36.1), (120.4, 36.2)])
    project.cities.loc[project.cities["id"] == "youth", "geometry"] = bowtie
    assert "invalid geometry: Self-intersection" in messages(project)


def test_missing_crs_is_reported(project):
    project.layers["bays"] = project.layers["bays"].set_crs(None, allow_override=True)
    assert "[bays/-] layer has no CRS" in messages(project)


def test_projected_metres_labelled_lonlat_are_caught(project):
    """A layer written in EPSG:4549 metres but labelled EPSG:4326: the check must not pass it."""
    from corridor_gis.measure import project_to_area_crs

    for cid, geom in project.city_geometries().items():
        project.set_city_geometry(cid, project_to_area_crs(geom))
    assert "wrong CRS" in messages(project)
