"""The fast paths of ``ratio`` (issue #16) give the same figures as the paths they replaced.

A generated list with what real lists carry — GBK text, a title row, DMS and decimal-comma cells, blank,
non-numeric, infinite, swapped and out-of-Qingdao rows, duplicates, unknown labels, points on 街道
borders — is counted through the new code and compared with the reference algorithms (the STRtree lookup
of the 街道, the group-by duplicate search, GDAL's row-by-row GeoPackage reader).
"""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely

from corridor_gis.cli import main
from corridor_gis.io import points as points_module
from corridor_gis.io import read_points
from corridor_gis.subdistricts import load_subdistricts, subdistrict_index

LABELS = ["国家重点实验室", "山东省重点实验室", "新型研发机构", "市级技术创新中心", "高新技术企业", "孵化器", ""]


def _border_points(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Vertices of 街道 outlines (on two 街道 at once where they share a border) and points 1e-9° off."""
    coords = shapely.get_coordinates(shapely.boundary(load_subdistricts().geometry.values))
    pick = coords[rng.integers(0, len(coords), n)]
    jitter = rng.choice([0.0, 1e-9, -1e-9], size=pick.shape)
    return pick[:, 0] + jitter[:, 0], pick[:, 1] + jitter[:, 1]


def hostile_list(n: int = 3000, seed: int = 16) -> tuple[pd.DataFrame, list[str]]:
    """名称,类别,经度,纬度,地址 as text cells, with every kind of bad row; the rows as CSV lines too."""
    rng = np.random.default_rng(seed)
    lon = rng.normal(120.5, 0.15, n)
    lat = rng.normal(36.25, 0.15, n)
    k = n // 5
    lon[:k], lat[:k] = _border_points(k, rng)
    lon_text = np.array([f"{v:.9f}" for v in lon], dtype=object)
    lat_text = np.array([f"{v:.9f}" for v in lat], dtype=object)
    bad = rng.choice(n, 60, replace=False)
    kinds = ["", "n/a", "inf", "swap", "far", "dms", "comma", "spaces"]
    for j, i in enumerate(bad):
        kind = kinds[j % len(kinds)]
        if kind == "swap":
            lon_text[i], lat_text[i] = lat_text[i], lon_text[i]
        elif kind == "far":
            lon_text[i] = "116.40"
        elif kind == "dms":
            d = abs(float(lon[i]))
            lon_text[i] = f"{int(d)}°{int(d * 60 % 60)}′{d * 3600 % 60:.3f}″E"
        elif kind == "comma":
            lat_text[i] = lat_text[i].replace(".", "，")
        elif kind == "spaces":
            lon_text[i] = f"  {lon_text[i]} "
        else:
            lon_text[i] = kind
    names = np.array([f"机构{i}" for i in range(n)], dtype=object)
    dup = rng.choice(n, 40, replace=False)
    names[dup[20:]] = names[dup[:20]]
    lon_text[dup[20:]], lat_text[dup[20:]] = lon_text[dup[:20]], lat_text[dup[:20]]
    labels = np.array(LABELS, dtype=object)[rng.integers(0, len(LABELS), n)]
    labels[dup[20:]] = labels[dup[:20]]
    table = pd.DataFrame({"名称": names, "类别": labels, "经度": lon_text, "纬度": lat_text,
                          "地址": [f"青岛市崂山区{i % 97}号" for i in range(n)]})
    lines = ["2025年青岛市创新资源名录,,,,", ",".join(table.columns)]
    lines += [",".join(row) for row in table.itertuples(index=False)]
    lines.insert(50, ",,,,")  # a blank row in the middle
    return table, lines


@pytest.fixture(scope="module")
def hostile_csv(tmp_path_factory):
    _, lines = hostile_list()
    path = tmp_path_factory.mktemp("fast") / "名录_gbk.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))
    return path


def _ratio(capsys, *args) -> dict:
    assert main(["ratio", *map(str, args), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def _strtree_reference(lon, lat):
    """The straightforward lookup, as an oracle: one Point per row, an STRtree query, the first 街道 in layer
    order per point."""
    polygons = load_subdistricts().geometry.values
    out = np.full(len(lon), -1, dtype=np.int64)
    ok = np.flatnonzero(np.isfinite(lon) & np.isfinite(lat))
    hit_point, hit_poly = shapely.STRtree(polygons).query(shapely.points(lon[ok], lat[ok]), predicate="intersects")
    for point, poly in sorted(zip(hit_point, hit_poly, strict=True), reverse=True):
        out[ok[point]] = poly  # reverse order: the lowest polygon index is written last
    return out


def test_street_lookup_equals_the_strtree_lookup_on_borders_and_vertices():
    """Points on shared 街道 borders go to the first 街道 in layer order, as the STRtree lookup decides."""
    rng = np.random.default_rng(7)
    lon, lat = _border_points(20_000, rng)
    lon = np.concatenate([lon, rng.uniform(119.4, 121.2, 20_000), [np.nan, np.inf]])
    lat = np.concatenate([lat, rng.uniform(35.4, 37.3, 20_000), [36.2, 36.2]])
    fast = subdistrict_index(lon, lat)
    assert np.array_equal(fast, _strtree_reference(lon, lat))
    assert (fast >= 0).sum() > 10_000 and fast[-1] == fast[-2] == -1


def _reference_duplicates(points: gpd.GeoDataFrame) -> list[dict]:
    """The duplicate search as it was: one group-by over (name, category, x, y) rounded to 7 decimals."""
    key = pd.DataFrame({"name": points["name"], "cat": points["category"],
                        "x": points.geometry.x.round(7), "y": points.geometry.y.round(7)})
    dup = key.duplicated(keep="first")
    if not dup.any():
        return []
    first_row = key.groupby(list(key.columns), sort=False).ngroup()
    first_of_group = points["row"].groupby(first_row.to_numpy()).transform("first")
    return [{"row": int(r), "duplicate_of": int(f)}
            for r, f in zip(points["row"][dup], first_of_group[dup], strict=True)]


def test_duplicates_and_skipped_rows_of_the_hostile_list(hostile_csv):
    dataset, report = read_points(hostile_csv)
    assert report.encoding in ("gb18030", "gbk") and report.header_rows == [2]
    assert report.duplicates == _reference_duplicates(dataset.points) and len(report.duplicates) >= 20
    reasons = " ".join(s["reason"] for s in dataset.skipped)
    for words in ("missing longitude", "not a number", "not finite", "swapped", "outside Qingdao"):
        assert words in reasons
    # the DMS, decimal-comma and padded cells were placed, not skipped
    assert len(dataset.points) + len(dataset.skipped) == 3000
    assert len(dataset.skipped) < 45


def test_ratio_of_the_hostile_csv_equals_the_same_points_as_geopackage_read_both_ways(
        hostile_csv, tmp_path, capsys, monkeypatch):
    """CSV (GBK, bad rows), GeoPackage through Arrow and GeoPackage row by row: the same figures, and the
    by-街道 table equals one built from the STRtree lookup."""
    dataset, _ = read_points(hostile_csv)
    gpkg = tmp_path / "名录.gpkg"
    pts = dataset.points[["name", "category_label", "geometry"]].rename(
        columns={"name": "名称", "category_label": "类别"})
    pyogrio.write_dataframe(pts, gpkg, layer="list", driver="GPKG")
    from_csv = _ratio(capsys, hostile_csv)
    arrow = _ratio(capsys, gpkg)
    fast_points, _ = read_points(gpkg)

    real_read = pyogrio.read_dataframe

    def row_by_row(*args, use_arrow=None, **kwargs):
        return real_read(*args, **kwargs)

    monkeypatch.setattr(pyogrio, "read_dataframe", row_by_row)
    slow_points, _ = read_points(gpkg)
    rows = _ratio(capsys, gpkg)
    pd.testing.assert_frame_equal(fast_points.points, slow_points.points)
    assert arrow == rows
    for key in ("corridor", "by_category", "by_city", "by_level", "by_subdistrict", "outside_subdistricts"):
        assert from_csv[key] == arrow[key], key
    # the by-街道 table from the STRtree lookup, as ratio computed it before
    from corridor_gis.analysis import compute_ratio
    from corridor_gis.model import Project
    from corridor_gis.subdistricts import ratio_by_subdistrict

    project = Project.bundled()
    result = compute_ratio(project, dataset)
    counted = np.isin(dataset.points["category"].to_numpy(dtype=object), result.counted_categories)
    assert ratio_by_subdistrict(project, dataset, counted) == from_csv["by_subdistrict"]
    assert from_csv["corridor"]["inside"] > 0


def test_validate_names_the_raw_text_of_only_the_failed_cells(tmp_path):
    """The raw cell is still quoted in the reason after the fast path converts only failing rows."""
    path = tmp_path / "list.csv"
    path.write_text("名称,类别,经度,纬度\nA,重点实验室,120.5,36.2\nB,重点实验室,东经120度,36.2\nC,平台,,36.3\n",
                    encoding="utf-8")
    dataset, _ = read_points(path)
    assert [s["row"] for s in dataset.skipped] == [3, 4]
    assert "'东经120度'" in dataset.skipped[0]["reason"] and "missing longitude" in dataset.skipped[1]["reason"]
    assert points_module._duplicates(dataset.table, *dataset.lonlat()) == []


def test_progress_names_each_stage_and_can_stop_the_read(hostile_csv):
    seen = []
    read_points(hostile_csv, progress=lambda stage, fraction: seen.append((stage, fraction)))
    stages = list(dict.fromkeys(s for s, _ in seen))
    assert stages == ["reading", "checking", "classifying", "counting"]
    assert ("reading", 1.0) in seen and seen[-1] == ("counting", 1.0)

    class Stop(Exception):
        pass

    def stop_at_labels(stage, fraction):
        if stage == "classifying":
            raise Stop

    with pytest.raises(Stop):
        read_points(hostile_csv, progress=stop_at_labels)


def test_shared_coordinates_equal_pandas_duplicated_pairs():
    """Rows whose rounded coordinate pair repeats: the sort of packed pairs gives pandas' answer (keep=False),
    with no repeats, a few, many, and pairs too far apart to pack (hashed as pairs)."""
    rng = np.random.default_rng(11)
    x = np.round(rng.uniform(119.5, 121.1, 50_000), 6)
    y = np.round(rng.uniform(35.5, 37.2, 50_000), 6)
    for repeats in (0, 3, 5_000):
        xs, ys = x.copy(), y.copy()
        src = rng.integers(0, len(x), repeats)
        dst = rng.integers(0, len(x), repeats)
        xs[dst], ys[dst] = xs[src], ys[src]
        expected = pd.DataFrame({"x": xs.round(7), "y": ys.round(7)}).duplicated(keep=False).to_numpy()
        assert np.array_equal(points_module._shared_coordinates(xs, ys), expected)
        assert expected.any() == (repeats > 0)
    wide_x, wide_y = np.array([-1e12, 1e12, -1e12]), np.array([0.0, 1e12, 0.0])
    assert points_module._shared_coordinates(wide_x, wide_y).tolist() == [True, False, True]
