"""The concentration ratio: counts equal brute force, incremental recount equals full recount,
shortfalls are the smallest numbers that meet the target."""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor_gis.analysis import ConcentrationCounter, ShareStats, compute_ratio, counting_notes, zones_containing
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


# ------------------------------------------------------------------------- what is counted
LEVEL_CHOICES = ["national", "provincial", "municipal", "district", "unknown"]


def leveled_dataset(n, seed=3):
    lon, lat, cats = random_points(n, seed=seed)
    levels = np.random.default_rng(seed + 1).choice(LEVEL_CHOICES, n)
    ds = make_dataset(lon, lat, cats)
    ds.points["level"] = levels
    return ds, lon, lat, cats, levels


def test_default_choice_without_levels_is_todays_result(bundled_project):
    lon, lat, cats = random_points(5000, seed=2)
    result = compute_ratio(bundled_project, make_dataset(lon, lat, cats))
    assert result.counted_levels == LEVEL_CHOICES
    assert result.by_level == {"unknown": result.corridor}
    assert result.unknown_rows == int((cats == "高校").sum())
    assert not result.category_unavailable
    doc = result.as_dict()
    assert list(doc)[:9] == ["dataset", "label", "crs", "rows", "skipped", "counted_categories", "corridor",
                             "by_category", "by_city"]
    assert doc["counted_levels"] == LEVEL_CHOICES and doc["category_unavailable"] is False


def test_levels_are_counted_as_chosen(bundled_project):
    ds, lon, lat, cats, levels = leveled_dataset(20_000)
    inside = shapely.intersects_xy(bundled_project.corridor, lon, lat)
    target = np.isin(cats, ["key_lab", "new_rd", "platform"])
    default = compute_ratio(bundled_project, ds)
    assert (default.corridor.inside, default.corridor.total) == (int((inside & target).sum()), int(target.sum()))
    for level in LEVEL_CHOICES:
        sel = target & (levels == level)
        assert (default.by_level[level].inside, default.by_level[level].total) == (
            int((inside & sel).sum()), int(sel.sum()))
    chosen = compute_ratio(bundled_project, ds, counted_levels="provincial+")
    sel = target & np.isin(levels, ["national", "provincial"])
    assert (chosen.corridor.inside, chosen.corridor.total) == (int((inside & sel).sum()), int(sel.sum()))
    assert chosen.counted_levels == ["national", "provincial"]
    assert set(chosen.by_level) == set(LEVEL_CHOICES)  # what was left out stays visible
    lab = (cats == "key_lab") & np.isin(levels, ["national", "provincial"])
    assert chosen.by_category["key_lab"].total == int(lab.sum())
    youth = shapely.intersects_xy(bundled_project.city_geometries()["youth"], lon, lat)
    assert chosen.by_city["youth"]["inside"] == int((youth & sel).sum())


def test_counted_categories_are_a_choice(bundled_project):
    lon, lat, cats = random_points(10_000, seed=4)
    inside = shapely.intersects_xy(bundled_project.corridor, lon, lat)
    four = ["key_lab", "new_rd", "platform", "hitech_firm"]
    result = compute_ratio(bundled_project, make_dataset(lon, lat, cats), counted_categories=four)
    counted = np.isin(cats, four)
    assert (result.corridor.inside, result.corridor.total) == (int((inside & counted).sum()), int(counted.sum()))
    assert result.counted_categories == four
    everything = compute_ratio(bundled_project, make_dataset(lon, lat, cats), counted_categories="all")
    assert everything.corridor.total == len(cats) and everything.unknown_rows == 0


def test_no_recognised_category_counts_nothing_and_says_so(bundled_project):
    """Earlier versions silently counted every row when no target category was present."""
    lon, lat, _ = random_points(300, seed=8)
    result = compute_ratio(bundled_project, make_dataset(lon, lat, ["(none)"] * 300))
    assert result.category_unavailable and result.corridor.total == 0 and result.unknown_rows == 300
    assert "300" in result.category_note and result.as_dict()["category_unavailable"] is True
    assert any("类别" in note for note in counting_notes(result, "zh"))
    explicit = compute_ratio(bundled_project, make_dataset(lon, lat, ["(none)"] * 300), counted_categories="all")
    assert explicit.corridor.total == 300 and not explicit.category_unavailable


def test_a_firm_list_is_not_folded_into_the_headline(bundled_project):
    lon, lat, _ = random_points(200, seed=9)
    result = compute_ratio(bundled_project, make_dataset(lon, lat, ["hitech_firm"] * 200))
    assert result.corridor.total == 0 and result.counted_categories == []
    assert not result.category_unavailable  # the category is known, just not counted
    assert result.by_category["hitech_firm"].total == 200
    assert counting_notes(result, "en")[0].startswith("No row is in the counted categories")


def test_counting_notes_say_what_was_left_out_in_words(bundled_project):
    ds, *_ , cats, levels = leveled_dataset(1000, seed=12)
    result = compute_ratio(bundled_project, ds, counted_levels="municipal+")
    unknown = int((cats == "高校").sum())
    excluded = int((np.isin(cats, ["key_lab", "new_rd", "platform"]) & np.isin(levels, ["district", "unknown"])).sum())
    assert counting_notes(result, "zh") == [f"另有 {unknown} 条记录类别未识别，未计入。",
                                            f"另有 {excluded} 条记录不属于所选级别（国家级、省级、市级），未计入。"]
    assert counting_notes(result, "en")[0] == f"{unknown} more row(s) of unknown category were left out."


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(["youth", "digital", "ocean"]), st.integers(0, 10_000),
       st.floats(-0.01, 0.01), st.floats(-0.01, 0.01))
def test_incremental_recount_with_levels_equals_full_recount(bundled_project, zone, vertex, dx, dy):
    ds, *_ = leveled_dataset(20_000, seed=13)
    counter = ConcentrationCounter.for_project(bundled_project, ds, counted_levels="provincial+")
    old = counter.zones[zone]
    new = _move_vertex(old, vertex % len(shapely.get_coordinates(old)), dx, dy)
    counter.update_zone(zone, new)
    fresh = ConcentrationCounter.for_project(bundled_project, ds, counted_levels="provincial+")
    fresh.set_zone(zone, new)
    assert np.array_equal(counter.counts[zone], fresh.counts[zone])
    assert counter.result().by_city[zone] == fresh.result().by_city[zone]
