"""CRS sensitivity: the share read as WGS84, GCJ-02 and BD-09 equals converting every point and counting by
brute force; a verdict that flips with the CRS is flagged; the bounds that let us skip far points hold."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely

from corridor_gis.analysis import ConcentrationCounter, compute_ratio
from corridor_gis.crs import to_wgs84
from corridor_gis.model import Dataset
from corridor_gis.sensitivity import (
    MAX_OFFSET_DEG,
    OFFSET_LIPSCHITZ,
    READINGS,
    crs_sensitivity,
    near_boundary,
    offset_bound,
    sensitivity_line,
)

TARGET = ["key_lab", "new_rd", "platform"]


def dataset(lon, lat, cats, levels=None) -> Dataset:
    pts = gpd.GeoDataFrame({"category": cats}, geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")
    if levels is not None:
        pts["level"] = levels
    return Dataset("t", pts, label="test points")


def near_corridor(n, seed):
    """Points crowded on the corridor's cities (many within a few hundred metres of the boundary)."""
    rng = np.random.default_rng(seed)
    lon = np.concatenate([rng.normal(120.47, 0.06, n // 2), rng.normal(120.65, 0.06, n - n // 2)])
    lat = np.concatenate([rng.normal(36.17, 0.05, n // 2), rng.normal(36.36, 0.05, n - n // 2)])
    cats = rng.choice([*TARGET, "hitech_firm", "高校"], n)
    levels = rng.choice(["national", "provincial", "municipal", "district", "unknown"], n)
    return lon, lat, cats, levels


def brute_force(project, lon, lat, counted, reading):
    x, y = (lon, lat) if reading == "wgs84" else to_wgs84(lon, lat, reading)
    inside = shapely.intersects_xy(project.corridor, x, y)
    total = int(counted.sum())
    return int((inside & counted).sum()) / total if total else 0.0


@pytest.mark.parametrize("levels_spec", [None, "provincial+"])
def test_readings_equal_brute_force(bundled_project, levels_spec):
    lon, lat, cats, levels = near_corridor(30_000, seed=1)
    ds = dataset(lon, lat, cats, levels)
    doc = crs_sensitivity(bundled_project, ds, counted_levels=levels_spec)
    counted = np.isin(cats, TARGET)
    if levels_spec:
        counted &= np.isin(levels, ["national", "provincial"])
    for reading in READINGS:
        assert doc[reading]["share"] == pytest.approx(brute_force(bundled_project, lon, lat, counted, reading),
                                                      abs=1e-15)
    assert set(doc) == {"wgs84", "gcj02", "bd09", "verdict_depends_on_crs"}
    assert all(set(doc[r]) == {"share", "met"} for r in READINGS)
    # the readings do differ on such a list: the check is not comparing a number with itself
    assert doc["gcj02"]["share"] != doc["wgs84"]["share"] != doc["bd09"]["share"]


def test_wgs84_reading_is_the_headline(bundled_project):
    lon, lat, cats, _ = near_corridor(5000, seed=2)
    ds = dataset(lon, lat, cats)
    four = [*TARGET, "hitech_firm"]
    doc = crs_sensitivity(bundled_project, ds, counted_categories=four)
    result = compute_ratio(bundled_project, ds, counted_categories=four)
    assert doc["wgs84"] == {"share": result.corridor.share, "met": result.corridor.met}


def test_reusing_the_apps_counter_gives_the_same_answer(bundled_project):
    lon, lat, cats, levels = near_corridor(5000, seed=3)
    ds = dataset(lon, lat, cats, levels)
    counter = ConcentrationCounter.for_project(bundled_project, ds, counted_levels="municipal+")
    assert crs_sensitivity(bundled_project, ds, counter=counter) == \
        crs_sensitivity(bundled_project, ds, counted_levels="municipal+")


def test_a_verdict_that_depends_on_the_crs_is_flagged(bundled_project):
    """40 inside either way, 20 outside as WGS84 but inside as GCJ-02, 40 outside: 40% ✗ vs 60% ✓."""
    lon, lat, *_ = near_corridor(60_000, seed=4)
    corridor = bundled_project.corridor
    as_wgs = shapely.intersects_xy(corridor, lon, lat)
    as_gcj = shapely.intersects_xy(corridor, *to_wgs84(lon, lat, "gcj02"))
    movers = np.flatnonzero(~as_wgs & as_gcj)[:20]
    inside = np.flatnonzero(as_wgs & as_gcj)[:40]
    outside = np.flatnonzero(~as_wgs & ~as_gcj & ~shapely.intersects_xy(corridor, *to_wgs84(lon, lat, "bd09")))[:40]
    assert len(movers) == 20
    pick = np.concatenate([inside, movers, outside])
    doc = crs_sensitivity(bundled_project, dataset(lon[pick], lat[pick], ["key_lab"] * 100))
    assert doc["wgs84"] == {"share": 0.4, "met": False}
    assert doc["gcj02"] == {"share": 0.6, "met": True}
    assert doc["verdict_depends_on_crs"] is True
    line = sensitivity_line(doc, "zh")
    assert "WGS84 40.0% ✗" in line and "GCJ-02 60.0% ✓" in line and "高德" in line
    assert sensitivity_line(doc, "en").startswith("Warning: the verdict depends on the CRS")


def test_a_verdict_far_from_the_target_does_not_depend_on_the_crs(bundled_project):
    p = shapely.point_on_surface(bundled_project.city_geometries()["digital"])
    doc = crs_sensitivity(bundled_project, dataset([p.x] * 10, [p.y] * 10, ["key_lab"] * 10))
    assert doc["verdict_depends_on_crs"] is False and doc["gcj02"] == {"share": 1.0, "met": True}
    assert sensitivity_line(doc) == ""


def test_empty_dataset(bundled_project):
    doc = crs_sensitivity(bundled_project, dataset([], [], []))
    assert doc["wgs84"] == doc["gcj02"] == doc["bd09"] == {"share": 0.0, "met": False}
    assert doc["verdict_depends_on_crs"] is False


# ---------------------------------------------------------------- the bounds behind skipping far points
def test_offset_bounds_hold_across_china():
    rng = np.random.default_rng(5)
    n = 400_000
    x, y = rng.uniform(72.1, 137.7, n), rng.uniform(0.9, 55.7, n)
    h = 0.01
    angle = rng.uniform(0, 2 * np.pi, n)
    x2, y2 = x + h * np.cos(angle), y + h * np.sin(angle)
    for reading in ("gcj02", "bd09"):
        a, b = to_wgs84(x, y, reading)
        assert np.hypot(a - x, b - y).max() < MAX_OFFSET_DEG[reading]
        a2, b2 = to_wgs84(x2, y2, reading)
        change = np.hypot((a2 - x2) - (a - x), (b2 - y2) - (b - y)) / h
        inside_china = (np.minimum(x, x2) > 72.004) & (np.maximum(x, x2) < 137.8347) & \
            (np.minimum(y, y2) > 0.8293) & (np.maximum(y, y2) < 55.8271)
        assert change[inside_china].max() < OFFSET_LIPSCHITZ


@pytest.mark.parametrize("reading", ["gcj02", "bd09"])
def test_local_offset_bound_covers_every_point_of_its_region(reading):
    region = (120.2, 35.9, 120.9, 36.6)
    bound = offset_bound(region, reading)
    rng = np.random.default_rng(6)
    x, y = rng.uniform(region[0], region[2], 200_000), rng.uniform(region[1], region[3], 200_000)
    a, b = to_wgs84(x, y, reading)
    assert np.hypot(a - x, b - y).max() <= bound < MAX_OFFSET_DEG[reading]


@pytest.mark.parametrize("distance", [0.003, 0.007, 0.016])
def test_near_boundary_finds_every_point_within_the_distance(bundled_project, distance):
    lon, lat, *_ = near_corridor(50_000, seed=7)
    near = near_boundary(lon, lat, bundled_project.corridor, distance)
    dist = shapely.distance(shapely.boundary(bundled_project.corridor), shapely.points(lon, lat))
    assert near[dist <= distance].all()
    assert near.mean() < 3 * (dist <= distance).mean()  # and not much more: that is the saving


def test_refuses_a_dataset_read_in_another_crs(bundled_project):
    ds = dataset([120.47], [36.17], ["key_lab"])
    ds.crs_used = "gcj02"
    with pytest.raises(ValueError, match="not as WGS84"):
        crs_sensitivity(bundled_project, ds)
