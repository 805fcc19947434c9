"""The bundled 街道 layer (data/subdistricts.gpkg, OSM, ODbL) and the ratio by 街道."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely

from corridor_gis.analysis import compute_ratio
from corridor_gis.io import read_points
from corridor_gis.measure import area_km2
from corridor_gis.model import Dataset, Project
from corridor_gis.paths import data_dir
from corridor_gis.subdistricts import (
    ATTRIBUTION,
    corridor_subdistricts,
    load_subdistricts,
    outside_subdistricts,
    ratio_by_subdistrict,
    subdistrict_of,
    subdistrict_tables,
)


@pytest.fixture(scope="module")
def sample() -> Dataset:
    return read_points(data_dir() / "sample_institutions.csv")[0]


def test_layer_carries_the_odbl_attribution_and_names():
    layer = load_subdistricts()
    assert len(layer) == 135
    assert layer["name_zh"].is_unique
    assert set(layer["source"]) == {"OpenStreetMap"}
    assert set(layer["licence"]) == {"ODbL 1.0, © OpenStreetMap contributors"}
    assert "OpenStreetMap" in ATTRIBUTION and "ODbL" in ATTRIBUTION
    assert layer.crs.to_epsg() == 4326 and layer.geometry.is_valid.all()
    laoshan = set(layer.loc[layer["district"] == "崂山区", "name_zh"])
    assert laoshan == {"中韩街道", "金家岭街道", "沙子口街道", "北宅街道", "王哥庄街道"}
    # the README's figures for the source data (EPSG:4549 km²) survive bundling
    areas = dict(zip(layer["name_zh"], [area_km2(g) for g in layer.geometry], strict=True))
    assert areas["中韩街道"] == pytest.approx(28.7, abs=0.05)
    assert areas["王哥庄街道"] == pytest.approx(134.2, abs=0.05)


def test_a_known_point_of_laoshan_names_its_street():
    # 北九水 scenic area (approx. 120.597, 36.222; > 1 km inside the border) lies in 崂山区 北宅街道
    assert list(subdistrict_of([120.597], [36.222])) == ["北宅街道"]
    assert list(subdistrict_of([121.9, np.nan], [36.2, 36.2])) == [None, None]  # sea / no coordinate


def test_vectorised_lookup_equals_one_polygon_test_per_point():
    layer = load_subdistricts()
    rng = np.random.default_rng(3)
    lon, lat = rng.uniform(120.2, 120.8, 2000), rng.uniform(35.95, 36.5, 2000)
    names = subdistrict_of(lon, lat)
    for x, y, name in zip(lon[:200], lat[:200], names[:200], strict=True):
        hits = layer.loc[layer.geometry.intersects(shapely.Point(x, y)), "name_zh"].tolist()
        assert (hits[:1] or [None])[0] == name


def test_a_point_on_a_shared_border_counts_in_one_street_only():
    layer = load_subdistricts()
    a = layer.loc[layer["name_zh"] == "金家岭街道"].geometry.iloc[0]
    b = layer.loc[layer["name_zh"] == "中韩街道"].geometry.iloc[0]
    shared = shapely.get_coordinates(shapely.intersection(a.boundary, b.boundary))
    # a vertex of the shared border that no third 街道 touches
    x, y = next((x, y) for x, y in shared if shapely.intersects_xy(layer.geometry.values, x, y).sum() == 2)
    assert shapely.intersects_xy(a, x, y) and shapely.intersects_xy(b, x, y)
    names = subdistrict_of([x], [y])
    assert names[0] in ("金家岭街道", "中韩街道")
    points = gpd.GeoDataFrame({"category": ["key_lab"]}, geometry=[shapely.Point(x, y)], crs="EPSG:4326")
    counts = ratio_by_subdistrict(Project.bundled(), Dataset("border", points), ["key_lab"])
    assert sum(v["total"] for v in counts.values()) == 1


def test_corridor_streets_and_their_shares():
    project = Project.bundled()
    rows = corridor_subdistricts(project)
    names = [r.name_zh for r in rows]
    assert {"中韩街道", "金家岭街道", "鳌山卫街道", "世园街道"} <= set(names)
    assert all(0 < r.share_in_corridor <= 1 + 1e-9 for r in rows)
    # the parts add up to the corridor less what lies outside OSM's 街道 (coast differences)
    total = sum(r.inside_km2 for r in rows)
    assert 0.95 * area_km2(project.corridor) < total <= area_km2(project.corridor) + 1e-6
    assert sum(r.share_of_corridor for r in rows) == pytest.approx(total / area_km2(project.corridor))


def test_ratio_by_street_adds_up_to_the_counted_rows_in_qingdaos_streets(sample):
    project = Project.bundled()
    result = compute_ratio(project, sample)
    counts = ratio_by_subdistrict(project, sample, result.counted_categories)
    counted = sample.points[sample.points["category"].isin(result.counted_categories)]
    # independent: a spatial join against the layer (any 街道 holding the point)
    joined = gpd.sjoin(counted, load_subdistricts()[["name_zh", "geometry"]], predicate="intersects")
    in_streets = joined.index.unique()
    assert sum(v["total"] for v in counts.values()) == len(in_streets)
    inside = shapely.intersects_xy(project.corridor, counted.loc[in_streets].geometry.x,
                                   counted.loc[in_streets].geometry.y)
    assert sum(v["inside"] for v in counts.values()) == int(inside.sum())
    assert sum(v["inside"] for v in counts.values()) <= result.corridor.inside
    single = joined.groupby(level=0)["name_zh"].first().value_counts()
    for name, v in counts.items():
        assert v["total"] == single.get(name, 0)
        assert v["share"] == pytest.approx(v["inside"] / v["total"] if v["total"] else 0.0)
    # with the points in no 街道 the table adds up to the headline
    rest = outside_subdistricts(project, sample, result.counted_categories)
    assert sum(v["total"] for v in counts.values()) + rest["total"] == result.corridor.total
    assert sum(v["inside"] for v in counts.values()) + rest["inside"] == result.corridor.inside
    in_corridor = [n for n, v in counts.items() if v["in_corridor"]]
    assert in_corridor == [r.name_zh for r in corridor_subdistricts(project)]


def test_both_tables_from_one_placement_equal_each_table(bundled_project, sample):
    """``ratio`` builds the 街道 table and the 'in no 街道' counts from one placement of the counted points."""
    by_street, outside = subdistrict_tables(bundled_project, sample)
    assert by_street == ratio_by_subdistrict(bundled_project, sample)
    assert outside == outside_subdistricts(bundled_project, sample)
    assert sum(r["total"] for r in by_street.values()) + outside["total"] > 0
