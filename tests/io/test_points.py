"""Readers: every format, every CRS, every bad-row reason; nothing dropped silently."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from corridor_gis import crs
from corridor_gis.errors import InputError
from corridor_gis.io import ImportOptions, read_points

RNG = np.random.default_rng(3)
LON = RNG.uniform(120.3, 120.7, 50)
LAT = RNG.uniform(36.05, 36.4, 50)
CATS = RNG.choice(["重点实验室", "新型研发机构", "创新平台", "高新技术企业"], 50)


def frame(lon=LON, lat=LAT, headers=("名称", "类别", "经度", "纬度")) -> pd.DataFrame:
    return pd.DataFrame({headers[0]: [f"机构{i}" for i in range(len(lon))], headers[1]: CATS[: len(lon)],
                         headers[2]: lon, headers[3]: lat})


def assert_same_points(dataset, lon=LON, lat=LAT, tol_deg=1e-9):
    assert len(dataset.points) == len(lon) and not dataset.skipped
    assert np.allclose(dataset.points.geometry.x, lon, atol=tol_deg, rtol=0)
    assert np.allclose(dataset.points.geometry.y, lat, atol=tol_deg, rtol=0)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16", "big5"])
def test_csv_encodings_detected(tmp_path, encoding):
    path = tmp_path / f"list_{encoding}.csv"
    df = frame()
    if encoding == "big5":  # Big5 has traditional characters only: a Taiwanese/HK-made sheet
        trad = {"重点实验室": "重點實驗室", "新型研发机构": "新型研發機構", "创新平台": "創新平台",
                "高新技术企业": "高新技術企業"}
        df = pd.DataFrame({"名稱": [f"機構{i}" for i in range(len(df))],
                           "類別": [trad[c] for c in CATS], "經度": LON, "緯度": LAT})
    df.to_csv(path, index=False, encoding=encoding)
    dataset, report = read_points(path)
    assert_same_points(dataset)
    assert dataset.points["name"].iloc[0] in ("机构0", "機構0")  # not mojibake
    assert report.unknown_categories == {}  # categories recognised in every encoding


def test_csv_forced_encoding_wrong_gives_clear_error_or_garbage_names(tmp_path):
    path = tmp_path / "gbk.csv"
    frame().to_csv(path, index=False, encoding="gbk")
    with pytest.raises(InputError) as info:
        read_points(path, ImportOptions(encoding="utf-8"))
    assert "gbk.csv" in str(info.value) and "--encoding" in str(info.value)


def test_gcj02_gbk_chinese_headers_equal_independent_count(tmp_path, bundled_project):
    """The issue's acceptance case: a GBK CSV with Chinese headers in GCJ-02."""
    from corridor_gis.analysis import compute_ratio

    glon, glat = crs.gcj02_from_wgs84(LON, LAT)
    path = tmp_path / "高德坐标.csv"
    frame(glon, glat).to_csv(path, index=False, encoding="gbk")
    dataset, report = read_points(path, ImportOptions(crs="gcj02"))
    assert dataset.crs_used == "gcj02" and report.crs_given
    assert_same_points(dataset, tol_deg=1e-7)  # < 1 cm
    result = compute_ratio(bundled_project, dataset)
    wlon, wlat = crs.wgs84_from_gcj02(glon, glat)
    independent = shapely.intersects_xy(bundled_project.corridor, wlon, wlat)
    counted = np.isin(CATS, ["重点实验室", "新型研发机构", "创新平台"])
    assert result.corridor.inside == int((independent & counted).sum())
    assert result.corridor.total == int(counted.sum())


def test_gcj02_read_as_wgs84_lands_hundreds_of_metres_off(tmp_path):
    glon, glat = crs.gcj02_from_wgs84(LON, LAT)
    path = tmp_path / "amap.csv"
    frame(glon, glat).to_csv(path, index=False)
    dataset, report = read_points(path)  # no CRS stated
    assert "GCJ-02" in report.crs_note and dataset.crs_used == "wgs84"
    assert not np.allclose(dataset.points.geometry.x, LON, atol=1e-3)


def test_bd09_input(tmp_path):
    blon, blat = crs.bd09_from_wgs84(LON, LAT)
    path = tmp_path / "baidu.csv"
    frame(blon, blat, ("name", "category", "lng", "lat")).to_csv(path, index=False)
    dataset, _ = read_points(path, ImportOptions(crs="bd09"))
    assert_same_points(dataset, tol_deg=1e-7)


def test_projected_epsg4549_input(tmp_path):
    x, y = crs.from_wgs84(LON, LAT, "EPSG:4549")
    path = tmp_path / "metres.csv"
    frame(x, y, ("name", "type", "x", "y")).to_csv(path, index=False)
    with pytest.raises(InputError, match="EPSG:4549"):  # never guessed silently
        read_points(path)
    dataset, _ = read_points(path, ImportOptions(crs="EPSG:4549"))
    assert_same_points(dataset, tol_deg=1e-8)


def test_xlsx_with_two_sheets(tmp_path):
    path = tmp_path / "list.xlsx"
    with pd.ExcelWriter(path) as xl:
        frame().to_excel(xl, sheet_name="机构", index=False)
        pd.DataFrame({"说明": ["notes"]}).to_excel(xl, sheet_name="说明", index=False)
    dataset, report = read_points(path)
    assert_same_points(dataset)
    assert any("--sheet" in n for n in report.notes)


@pytest.mark.parametrize("suffix", [".gpkg", ".geojson", ".shp"])
def test_vector_formats(tmp_path, suffix):
    gdf = gpd.GeoDataFrame({"name": [f"n{i}" for i in range(len(LON))], "category": CATS},
                           geometry=gpd.points_from_xy(LON, LAT), crs="EPSG:4326")
    path = tmp_path / f"points{suffix}"
    gdf.to_file(path)
    dataset, report = read_points(path)
    assert_same_points(dataset)
    assert "from the file" in report.crs_note


def test_vector_in_projected_crs_is_converted(tmp_path):
    gdf = gpd.GeoDataFrame({"name": ["a"] * len(LON)}, geometry=gpd.points_from_xy(LON, LAT),
                           crs="EPSG:4326").to_crs(4549)
    path = tmp_path / "p.gpkg"
    gdf.to_file(path)
    dataset, _ = read_points(path)
    assert_same_points(dataset, tol_deg=1e-8)


def test_bad_rows_listed_with_spreadsheet_row_numbers(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_text(
        "名称,类别,经度,纬度\n"
        "ok,重点实验室,120.45,36.15\n"        # row 2
        "blank,重点实验室,,36.15\n"          # row 3
        "text,创新平台,abc,36.1\n"           # row 4
        "swapped,创新平台,36.15,120.45\n"    # row 5
        "beijing,创新平台,116.4,39.9\n"      # row 6
        "inf,创新平台,inf,36.1\n"            # row 7
        "huge,创新平台,500,36.1\n"           # row 8
        "ok2,火星基地,120.46,36.16\n"        # row 9: unknown category kept
        "ok,重点实验室,120.45,36.15\n",      # row 10: duplicate of row 2
        encoding="utf-8")
    dataset, report = read_points(path)
    reasons = {s["row"]: s["reason"] for s in dataset.skipped}
    assert set(reasons) == {3, 4, 5, 6, 7, 8}
    assert "missing longitude" in reasons[3] and "'经度'" in reasons[3]
    assert "not a number" in reasons[4] and "'abc'" in reasons[4]
    assert "swapped" in reasons[5]
    assert "outside Qingdao" in reasons[6]
    assert "not finite" in reasons[7]
    assert "out of range" in reasons[8]
    assert list(dataset.points["row"]) == [2, 9, 10]
    assert report.unknown_categories == {"火星基地": 1}
    assert report.duplicates == [{"row": 10, "duplicate_of": 2}]


def test_all_rows_bad_is_an_error_naming_file_and_column(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("name,lon,lat\na,x,y\nb,,\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_points(path, ImportOptions(crs="wgs84"))
    text = str(info.value)
    assert "bad.csv" in text and "lon/lat" in text and "none of the 2 rows" in text


@pytest.mark.parametrize(("content", "message"), [
    ("", "empty"),
    ("名称,经度,纬度\n", "no rows"),
    ("name,foo,bar\na,1,2\n", "cannot find the longitude column"),
])
def test_structural_errors(tmp_path, content, message):
    path = tmp_path / "f.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        read_points(path)


def test_given_column_missing(tmp_path):
    path = tmp_path / "f.csv"
    frame().to_csv(path, index=False)
    with pytest.raises(InputError, match="no column named 'LON'"):
        read_points(path, ImportOptions(x="LON"))


def test_non_point_and_empty_geometries_skipped(tmp_path):
    gdf = gpd.GeoDataFrame({"name": ["pt", "poly", "empty"]},
                           geometry=[shapely.Point(120.45, 36.15), shapely.box(120.4, 36.1, 120.5, 36.2),
                                     shapely.Point()], crs="EPSG:4326")
    path = tmp_path / "g.gpkg"
    gdf.to_file(path)
    dataset, _ = read_points(path)
    assert len(dataset.points) == 1
    assert [s["row"] for s in dataset.skipped] == [2, 3]
    assert "not a point" in dataset.skipped[0]["reason"]


def test_unsupported_suffix(tmp_path):
    path = tmp_path / "a.docx"
    path.write_bytes(b"PK")
    with pytest.raises(InputError, match="unsupported file type"):
        read_points(path)


def test_large_gbk_file_cut_mid_character_is_still_detected(tmp_path):
    """The detector samples the first 200 kB; a GBK character split by the cut must not mislead it."""
    path = tmp_path / "big_gbk.csv"
    with open(path, "w", encoding="gbk") as fh:
        fh.write("名称,类别,经度,纬度\n")
        fh.writelines(f"机构{i},重点实验室,120.{i % 1000:03d}5,36.15\n" for i in range(12_000))
    from corridor_gis.io.tables import detect_encoding

    raw = path.read_bytes()
    for pad in range(40):  # shift the content so the 200 kB sample ends inside a character at least once
        assert detect_encoding(b" " * pad + raw) == "gb18030"
    dataset, _ = read_points(path)
    assert len(dataset.points) == 12_000
