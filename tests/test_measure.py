"""Areas in EPSG:4549 and on the ellipsoid agree around Qingdao; a wrong CRS shows at once."""

from __future__ import annotations

import pytest
import shapely

from corridor_gis.measure import area_km2, area_km2_geodesic, length_km, project_from_area_crs


def test_one_km_square_in_epsg4549_measures_one_km2_both_ways():
    square = project_from_area_crs(shapely.box(540_000, 4_000_000, 541_000, 4_001_000))
    assert area_km2(square) == pytest.approx(1.0, rel=1e-9)
    assert area_km2_geodesic(square) == pytest.approx(1.0, rel=2e-4)  # GK scale distortion near CM


def test_orientation_does_not_matter():
    poly = shapely.box(120.4, 36.1, 120.5, 36.2)
    assert area_km2_geodesic(poly.reverse()) == pytest.approx(area_km2_geodesic(poly))


def test_empty_and_missing_measure_zero():
    assert area_km2(None) == area_km2_geodesic(shapely.Polygon()) == length_km(None) == 0.0


def test_axis_length_is_tens_of_km(bundled_project):
    axis = bundled_project.layers["axis"].geometry.iloc[0]
    assert 30 < length_km(axis) < 60  # 滨海大道 from 崂山 to 蓝谷; the plan says the corridor is 53 km long


def test_metres_mistaken_for_degrees_do_not_measure():
    """What a wrong CRS looks like: a 1 km square in metres read as lon/lat has no area (NaN), never a
    plausible-looking number; the project loader and `check` rely on this to flag it."""
    import math

    metres_as_degrees = shapely.box(540_000, 4_000_000, 541_000, 4_001_000)
    assert math.isnan(area_km2(metres_as_degrees))
