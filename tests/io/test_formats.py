"""Files as users really have them (issue 14, items 3 and 7): encodings, duplicate columns, workbooks in
disguise, KML/KMZ, and whether the file really states its CRS."""

from __future__ import annotations

import json
import zipfile

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from openpyxl import Workbook

from corridor_gis import crs
from corridor_gis.errors import InputError
from corridor_gis.io import ImportOptions, read_points

RNG = np.random.default_rng(7)
LON = np.round(RNG.uniform(120.35, 120.7, 8), 6)
LAT = np.round(RNG.uniform(36.1, 36.4, 8), 6)
NAMES = [f"青岛机构{i}" for i in range(8)]
CATS = ["重点实验室", "新型研发机构", "创新平台", "高新技术企业"] * 2


def gdf() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"名称": NAMES, "类别": CATS}, geometry=gpd.points_from_xy(LON, LAT), crs=4326)


def gbk_shapefile_without_cpg(path):
    """As GDAL writes GBK without ENCODING=: no .cpg and no code-page byte in the .dbf."""
    gdf().to_file(path, encoding="gbk")
    path.with_suffix(".cpg").unlink(missing_ok=True)
    dbf = bytearray(path.with_suffix(".dbf").read_bytes())
    dbf[29] = 0
    path.with_suffix(".dbf").write_bytes(bytes(dbf))
    return path


def test_gbk_shapefile_without_cpg_is_decoded_and_says_so(tmp_path):
    path = gbk_shapefile_without_cpg(tmp_path / "名单.shp")
    dataset, report = read_points(path)
    assert list(dataset.points["name"]) == NAMES
    assert report.columns["category"] == "类别" and report.unknown_categories == {}
    assert report.encoding == "gb18030"
    assert any("no .cpg" in n and "gb18030" in n for n in report.notes)


def test_empty_first_category_column_is_not_used_silently(tmp_path):
    path = tmp_path / "dup.csv"
    path.write_text("名称,类别,经度,纬度,类别\n" + "".join(
        f"{n},,{a},{b},{c}\n" for n, a, b, c in zip(NAMES, LON, LAT, CATS, strict=True)), encoding="utf-8")
    dataset, report = read_points(path)
    assert report.columns["category"] == "类别.1"
    assert list(dataset.points["category"]) == ["key_lab", "new_rd", "platform", "hitech_firm"] * 2
    assert any("'类别' is empty" in n and "'类别.1'" in n for n in report.notes)


def test_utf8_file_with_a_few_gbk_rows_names_them(tmp_path):
    path = tmp_path / "mixed.csv"
    lines = ["名称,类别,经度,纬度".encode()]
    for i, (n, c, a, b) in enumerate(zip(NAMES, CATS, LON, LAT, strict=True)):
        lines.append(f"{n},{c},{a},{b}".encode("gbk" if i in (1, 3, 5) else "utf-8"))
    path.write_bytes(b"\n".join(lines) + b"\n")
    dataset, report = read_points(path)
    assert list(dataset.points["name"]) == NAMES  # every name right, none lost
    assert report.mixed_encoding_rows == [3, 5, 7] and report.encoding == "utf-8"
    assert any("3, 5, 7" in n for n in report.notes)
    with pytest.raises(InputError) as info:  # the old advice (--encoding gbk) fails: say what works
        read_points(path, ImportOptions(encoding="gbk"))
    text = str(info.value)
    assert "row 1" in text and "leave out --encoding" in text and "3, 5, 7" in text


def _xlsx(path):
    wb = Workbook()
    wb.active.append(["名称", "类别", "经度", "纬度"])
    for row in zip(NAMES, CATS, LON, LAT, strict=True):
        wb.active.append(list(row))
    wb.save(path)
    return path


def test_csv_that_is_really_a_workbook_is_read_as_one(tmp_path):
    path = _xlsx(tmp_path / "名单.csv")
    dataset, report = read_points(path)
    assert len(dataset.points) == 8 and list(dataset.points["name"]) == NAMES
    assert any("named .csv but is an Excel workbook" in n for n in report.notes)


def test_password_protected_workbook(tmp_path):
    # an encrypted Office file is an OLE compound file holding an "EncryptedPackage" stream (MS-OFFCRYPTO)
    body = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1000 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 500
    for name in ("名单.xlsx", "名单.csv"):
        (tmp_path / name).write_bytes(body)
        with pytest.raises(InputError) as info:
            read_points(tmp_path / name)
        assert "password-protected" in str(info.value) and "文件 → 信息 → 保护工作簿" in str(info.value)


def test_projected_metres_with_x_and_y_swapped_get_a_swap_hint(tmp_path):
    x, y = crs.from_wgs84(LON, LAT, "EPSG:4549")
    path = tmp_path / "swapped_metres.csv"
    pd.DataFrame({"名称": NAMES, "X": np.round(y, 1), "Y": np.round(x, 1)}).to_csv(path, index=False)
    with pytest.raises(InputError) as info:
        read_points(path)
    assert "swapped" in str(info.value) and "--x 'Y' --y 'X' --crs EPSG:4549" in str(info.value)
    with pytest.raises(InputError) as info:  # the user stated the CRS: the per-row reason says swap
        read_points(path, ImportOptions(crs="EPSG:4549"))
    assert "X and Y look swapped" in str(info.value) and "--x 'Y' --y 'X'" in str(info.value)


def test_dms_written_with_du_fen_miao(tmp_path):
    path = tmp_path / "dms.csv"
    path.write_text("名称,经度,纬度\n甲,120度29分42秒,36度7分30秒\n乙,120°29分42秒,36°7′30″N\n", encoding="utf-8")
    dataset, _ = read_points(path)
    assert len(dataset.points) == 2 and not dataset.skipped
    assert np.allclose(dataset.points.geometry.x, 120 + 29 / 60 + 42 / 3600)
    assert np.allclose(dataset.points.geometry.y, 36 + 7 / 60 + 30 / 3600)


def _kml(path):
    gdf().rename(columns={"名称": "Name"}).to_file(path, driver="KML")
    return path


def test_kml_and_kmz_are_read_and_their_crs_counts_as_not_stated(tmp_path):
    kml = _kml(tmp_path / "收藏点.kml")
    kmz = tmp_path / "收藏点.kmz"
    with zipfile.ZipFile(kmz, "w") as z:
        z.write(kml, "doc.kml")
    for path in (kml, kmz):
        dataset, report = read_points(path)
        assert len(dataset.points) == 8 and np.allclose(dataset.points.geometry.x, LON)
        assert not report.crs_given and "GCJ-02" in report.crs_note


def test_geojson_states_its_crs_only_with_a_crs_member(tmp_path):
    doc = json.loads(gdf().to_json())
    doc.pop("crs", None)
    plain = tmp_path / "amap_export.geojson"
    plain.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    _, report = read_points(plain)
    assert not report.crs_given and "--crs gcj02" in report.crs_note  # same warning as a CSV of degrees
    doc["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}
    stated = tmp_path / "stated.geojson"
    stated.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert read_points(stated)[1].crs_given
    gdf().to_file(tmp_path / "stated.gpkg")
    assert read_points(tmp_path / "stated.gpkg")[1].crs_given


def test_old_xls_is_read(tmp_path):
    from tests.io.xls_writer import write_xls

    rows = [["2025年青岛市重点实验室名录"], [], ["名称", "类别", "经度", "纬度"]]
    rows += [[n, c, a, b] for n, c, a, b in zip(NAMES, CATS, LON, LAT, strict=True)]
    path = write_xls(tmp_path / "名录.xls", rows, sheet="名录")
    dataset, report = read_points(path)
    assert list(dataset.points["name"]) == NAMES and np.allclose(dataset.points.geometry.x, LON)
    assert report.sheet == "名录" and report.header_rows == [3] and list(dataset.points["row"]) == list(range(4, 12))


def test_broken_xls_is_a_clear_message_not_a_rust_panic(tmp_path):
    from tests.io.xls_writer import write_xls

    good = write_xls(tmp_path / "good.xls", [["名称", "经度", "纬度"], ["甲", 120.4, 36.1]])
    broken = tmp_path / "截断.xls"
    broken.write_bytes(good.read_bytes()[:1500])  # the stream's sectors are missing
    with pytest.raises(InputError) as info:
        read_points(broken)
    assert "not a readable Excel 97-2003 (.xls) workbook" in str(info.value)
