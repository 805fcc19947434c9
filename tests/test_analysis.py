"""The concentration ratio: counts equal brute force, incremental recount equals full recount,
shortfalls are the smallest numbers that meet the target."""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor_gis.analysis import ConcentrationCounter, ShareStats, compute_ratio, zones_containing
from corridor_gis.geomutil import ring_spans, span_of
from corridor_gis.model import Dataset
from corridor_gis.spatial_index import PointIndex, changed_bbox


def make_dataset(lon, lat, cats) -> Dataset:
    pts = gpd.GeoDataFrame({"category": cats}, geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")
    return Dataset("test", pts, label="test points")


def random_points(n, seed=0, box=(120.35, 36.05, 120.75, 36.45)):
    rng = np.random.default_rng(seed)
    lon = rng.uniform(box[0], box[2], n)
    lat = rng.uniform(box[1], box[3], n)
    cats = rng.choice(["key_lab", "new_rd", "platform", "hitech_firm", "高校"], n)
    return lon, lat, cats


# ------------------------------------------------------------------------------------ ShareStats
@given(st.integers(0, 400), st.integers(0, 400), st.sampled_from([0.45, 0.3, 0.5, 0.9, 0.15]))
def test_shortfalls_are_minimal(inside, extra, target):
    total = inside + extra
    s = ShareStats.of(inside, total, target)
    def meets(i, t):
        return t > 0 and i * 100 >= round(target * 100) * t
    assert s.met == meets(inside, total)
    if s.met:
        assert s.shortfall_new == s.shortfall_moved == 0
        return
    k = s.shortfall_new
    assert meets(inside + k, total + k) and not meets(inside + k - 1, total + k - 1)
    m = s.shortfall_moved
    if total == 0:
        assert m == 0  # nothing exists that could move
        return
    assert meets(inside + m, total) and (m == 0 or not meets(inside + m - 1, total))


def test_exact_target_is_met():
    assert ShareStats.of(45, 100, 0.45).met  # 0.45 * 100 in floating point is 45.00000000000001


# ---------------------------------------------------------------------------------- counting
def test_counts_equal_brute_force(bundled_project):
    lon, lat, cats = random_points(20_000)
    result = compute_ratio(bundled_project, make_dataset(lon, lat, cats))
    inside = shapely.intersects_xy(bundled_project.corridor, lon, lat)
    counted = np.isin(cats, ["key_lab", "new_rd", "platform"])
    assert result.corridor.inside == int((inside & counted).sum())
    assert result.corridor.total == int(counted.sum())
    for cat, s in result.by_category.items():
        assert s.inside == int((inside & (cats == cat)).sum())
    for cid, geom in bundled_project.city_geometries().items():
        assert result.by_city[cid]["inside"] == int(
            (shapely.intersects_xy(geom, lon, lat) & counted).sum())
    assert result.counted_categories == ["key_lab", "new_rd", "platform"]
    assert "高校" in result.by_category  # unknown category kept


def test_boundary_points_count_as_inside(bundled_project):
    youth = bundled_project.city_geometries()["youth"]
    coords = shapely.get_coordinates(youth.exterior if youth.geom_type == "Polygon" else youth)[:200]
    mids = (coords[:-1] + coords[1:]) / 2  # points on edges (up to float rounding)
    lon = np.concatenate([coords[:, 0], mids[:, 0]])
    lat = np.concatenate([coords[:, 1], mids[:, 1]])
    expected = int(shapely.intersects_xy(youth, lon, lat).sum())
    assert expected >= len(coords)  # every vertex is on the boundary
    counter = ConcentrationCounter.for_project(bundled_project,
                                               make_dataset(lon, lat, ["key_lab"] * len(lon)))
    assert counter.result().by_city["youth"]["inside"] == expected


def test_membership_matches_shapely(bundled_project):
    lon, lat, _ = random_points(5000, seed=5)
    index = PointIndex(lon, lat, np.zeros(len(lon), int), 1)
    mask = index.membership(bundled_project.corridor)
    assert np.array_equal(mask, shapely.intersects_xy(bundled_project.corridor, lon, lat))


def test_zones_containing(bundled_project):
    c = bundled_project.city_geometries()["youth"]
    p = shapely.point_on_surface(c)
    assert zones_containing(bundled_project, p.x, p.y) == ["corridor", "youth"]


# ------------------------------------------------------------------------------ incremental
def _move_vertex(geom, index, dx, dy):
    coords = shapely.get_coordinates(geom).copy()
    lo, hi = span_of(ring_spans(geom), index)
    coords[index] += (dx, dy)
    if index == lo:  # keep the ring closed
        coords[hi] = coords[index]
    elif index == hi:
        coords[lo] = coords[index]
    return shapely.set_coordinates(shapely.from_wkb(shapely.to_wkb(geom)), coords)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["youth", "digital", "ocean"]), st.integers(0, 10_000),
       st.floats(-0.01, 0.01), st.floats(-0.01, 0.01))
def test_incremental_recount_equals_full_recount(bundled_project, zone, vertex, dx, dy):
    lon, lat, cats = random_points(30_000, seed=11)
    ds = make_dataset(lon, lat, cats)
    counter = ConcentrationCounter.for_project(bundled_project, ds)
    old = counter.zones[zone]
    n = len(shapely.get_coordinates(old))
    new = _move_vertex(old, vertex % n, dx, dy)
    counter.update_zone(zone, new)
    full = PointIndex(lon, lat, counter.index.codes[np.argsort(counter.index.order)], len(
        counter.categories)).count(new)
    assert np.array_equal(counter.counts[zone], full)


def test_changed_bbox_covers_the_moved_edges(bundled_project):
    geom = bundled_project.city_geometries()["youth"]
    new = _move_vertex(geom, 5, 0.0004, -0.0003)
    assert new.is_valid
    minx, miny, maxx, maxy = changed_bbox(geom, new)
    diff = shapely.symmetric_difference(geom, new)
    dminx, dminy, dmaxx, dmaxy = diff.bounds
    assert minx <= dminx and miny <= dminy and maxx >= dmaxx and maxy >= dmaxy
    assert (maxx - minx) < 0.05  # local, not the whole city
    assert changed_bbox(geom, geom)[2] < changed_bbox(geom, geom)[0]  # nothing changed: empty


def test_result_json_shape(bundled_project):
    lon, lat, cats = random_points(100)
    doc = compute_ratio(bundled_project, make_dataset(lon, lat, cats)).as_dict()
    assert set(doc["corridor"]) == {"total", "inside", "share", "target", "met", "shortfall_new",
                                    "shortfall_moved"}
    assert set(doc["by_city"]) == {"ocean", "youth", "digital"}
    assert all(set(v) == {"inside", "share"} for v in doc["by_city"].values())
    assert math.isclose(doc["corridor"]["target"], 0.45)


def test_empty_dataset_needs_one_new_item(bundled_project):
    lon, lat, cats = random_points(0)
    result = compute_ratio(bundled_project, make_dataset(lon, lat, cats))
    c = result.corridor
    assert (c.total, c.inside, c.share, c.met, c.shortfall_new, c.shortfall_moved) == (0, 0, 0.0, False, 1, 0)


def test_single_point_inside_meets_the_target(bundled_project):
    p = shapely.point_on_surface(bundled_project.city_geometries()["digital"])
    result = compute_ratio(bundled_project, make_dataset([p.x], [p.y], ["key_lab"]))
    assert (result.corridor.total, result.corridor.inside, result.corridor.met) == (1, 1, True)
    assert result.by_city["digital"] == {"inside": 1, "share": 1.0}
