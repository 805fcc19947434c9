"""Evidence for an unstated CRS (issue 12.4, reader half): names say GCJ-02/BD-09/WGS84; nothing is changed
silently — the CLI still reads degrees as WGS84 and only adds the sentence to its warning."""

from __future__ import annotations

import pandas as pd
import pytest

from corridor_gis.io import preview, read_points
from corridor_gis.io.crs_evidence import crs_evidence

COLUMNS = ["名称", "类别", "经度", "纬度"]


@pytest.mark.parametrize(("name", "expected"), [
    ("高德地图导出_2025", "gcj02"), ("amap_poi", "gcj02"), ("gaode坐标", "gcj02"), ("腾讯位置", "gcj02"),
    ("qq_map_list", "gcj02"), ("institutions_gcj02", "gcj02"), ("百度拾取", "bd09"), ("baidu", "bd09"),
    ("list_BD09", "bd09"), ("WGS84名单", "wgs84"), ("GPS采集", "wgs84"), ("天地图标注", "wgs84"),
    ("北斗定位", "wgs84"), ("名单2025", None), ("squall_list", None),  # 'qq' only as a word
])
def test_file_names(name, expected):
    found, reason = crs_evidence(f"/data/{name}.csv", COLUMNS)
    assert found == expected
    assert bool(reason) == (expected is not None)


def test_column_names_and_a_system_column():
    assert crs_evidence("list.csv", ["name", "gcj02_lon", "gcj02_lat"])[0] == "gcj02"
    frame = pd.DataFrame({"名称": ["甲", "乙", "丙"], "坐标系": ["百度坐标", "百度坐标", ""]})
    found, reason = crs_evidence("list.csv", ["名称", "坐标系"], frame)
    assert found == "bd09" and "坐标系" in reason


def test_conflicting_names_give_no_preselection():
    found, reason = crs_evidence("百度转高德.csv", COLUMNS)
    assert found is None and "conflicting" in reason


def test_cli_keeps_wgs84_and_adds_the_evidence_to_the_warning(tmp_path):
    path = tmp_path / "高德导出名单.csv"
    pd.DataFrame({"名称": ["甲", "乙"], "经度": [120.45, 120.5], "纬度": [36.15, 36.2]}).to_csv(path, index=False)
    dataset, report = read_points(path)
    assert dataset.crs_used == "wgs84" and not report.crs_given  # no silent change
    assert report.crs_evidence == "gcj02"
    assert "the file name says 高德 (Amap): probably GCJ-02, pass --crs gcj02" in report.crs_note
    _, info = preview(path)
    assert info["crs_evidence"] == "gcj02" and "高德" in info["crs_reason"]


def test_unstated_geojson_gets_the_evidence_too(tmp_path):
    path = tmp_path / "高德收藏点.geojson"
    path.write_text('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"名称": "甲"}, '
                    '"geometry": {"type": "Point", "coordinates": [120.45, 36.15]}}]}', encoding="utf-8")
    dataset, report = read_points(path)
    assert dataset.crs_used == "wgs84" and not report.crs_given
    assert report.crs_evidence == "gcj02" and "pass --crs gcj02" in report.crs_note
