"""Generate tests/data/bad/: the bad-input corpus, one file per way users' data goes wrong, and
manifest.csv saying what each must produce (command, exit code, a fragment of the message).

    uv run python tools/make_bad_corpus.py
"""

from __future__ import annotations

import csv
import json
import shutil
import sys
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from openpyxl import Workbook

from corridor_gis import crs
from corridor_gis.model import Project

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "bad"
sys.path.insert(0, str(ROOT))
from tests.io.xls_writer import write_xls  # noqa: E402 — the test helper that writes Excel 97-2003

rng = np.random.default_rng(404)
LON = np.round(rng.uniform(120.35, 120.7, 8), 6)
LAT = np.round(rng.uniform(36.08, 36.4, 8), 6)
NAMES = [f"机构{i}" for i in range(8)]
CATS = ["重点实验室", "创新平台", "新型研发机构", "高新技术企业"] * 2
rows: list[dict] = []


def table(lon=LON, lat=LAT, headers=("名称", "类别", "经度", "纬度"), names=NAMES) -> pd.DataFrame:
    return pd.DataFrame({headers[0]: names, headers[1]: CATS[: len(names)], headers[2]: lon, headers[3]: lat})


def add(name, expect, command="ratio", code=2, args=""):
    rows.append({"file": name, "command": command, "args": args, "exit": code, "expect": expect})


def csv_file(name, frame, encoding="utf-8", expect="", code=2, args="", **kw):
    frame.to_csv(OUT / name, index=False, encoding=encoding, **kw)
    add(name, expect, code=code, args=args)


def main() -> None:
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    t = table()
    # --- encodings, each with a defect, so the message proves the text was decoded right
    missing_lat = t.drop(columns=["纬度"])
    csv_file("gbk_missing_lat.csv", missing_lat, "gbk", "cannot find the latitude column; columns are ['名称'")
    csv_file("utf8_bom_missing_lat.csv", missing_lat, "utf-8-sig", "columns are ['名称'")
    csv_file("utf16_missing_lat.csv", missing_lat, "utf-16", "columns are ['名称'")
    big5 = pd.DataFrame({"名稱": [f"機構{i}" for i in range(8)], "經度": LON})
    csv_file("big5_missing_lat.csv", big5, "big5", "columns are ['名稱', '經度']")
    csv_file("gb18030_swapped.csv", table(LAT, LON), "gb18030", "look swapped")
    (OUT / "garbled_bytes.csv").write_bytes(bytes(rng.integers(0, 256, 4000, dtype=np.uint8)))
    add("garbled_bytes.csv", "")
    (OUT / "empty.csv").write_bytes(b"")
    add("empty.csv", "the file is empty")
    (OUT / "header_only.csv").write_text("名称,类别,经度,纬度\n", encoding="utf-8")
    add("header_only.csv", "no rows")
    (OUT / "one_column.csv").write_text("名称\n甲\n乙\n", encoding="utf-8")
    add("one_column.csv", "cannot find the longitude column")
    # --- hostile sizes (14.5): refused from the first bytes, with a short message
    (OUT / "one_line_200kb.csv").write_text(",".join(f"c{i % 997:05d}" for i in range(30_000)), encoding="utf-8")
    add("one_line_200kb.csv", "no line break")
    (OUT / "wide_header.csv").write_text(",".join(f"f{i}" for i in range(3000)) + "\n1,2\n", encoding="utf-8")
    add("wide_header.csv", "3,000 fields")
    # --- columns
    csv_file("renamed_columns.csv", table(headers=("单位", "种类", "E", "N")), expect="cannot find the longitude")
    dup = t.copy()
    dup.insert(2, "经度 ", [""] * 8)
    dup.columns = ["名称", "类别", "经度", "经度", "纬度"]
    csv_file("duplicate_lon_columns.csv", dup, expect="two columns named")
    csv_file("given_column_missing.csv", t, expect="no column named 'LNG'", args="--x LNG")
    csv_file("category_column_missing.csv", t, expect="no column named '分类'", args="--category 分类")
    # --- coordinates
    csv_file("swapped_lat_lon.csv", table(LAT, LON), expect="look swapped")
    x, y = crs.from_wgs84(LON, LAT, "EPSG:4549")
    csv_file("metres_labelled_lonlat.csv", table(np.round(x, 1), np.round(y, 1)), expect="look like metres")
    csv_file("metres_with_wrong_crs.csv", table(np.round(x, 1), np.round(y, 1)), expect="out of range",
             args="--crs wgs84")
    bad_values = table(["nan", "inf", "abc", "", "-inf", "NaN", "120.4.5", "东经120"],
                       ["36.1"] * 8)
    csv_file("nan_inf_text.csv", bad_values, expect="none of the 8 rows", args="--crs wgs84")
    csv_file("nan_inf_text_no_crs.csv", bad_values, expect="has a number")
    csv_file("other_province.csv", table(np.full(8, 116.40), np.full(8, 39.90)), expect="outside Qingdao")
    csv_file("zeros.csv", table(np.zeros(8), np.zeros(8)), expect="outside Qingdao")
    csv_file("lat_out_of_range.csv", table(LON, np.full(8, 95.0)), expect="out of range")
    csv_file("dms_strings.csv", table([f"120°{20 + i}′30″E" for i in range(8)], [f"36°{6 + i}′N" for i in range(8)]),
             expect="", code=0)
    csv_file("dms_du_fen_miao.csv", table([f"120度{20 + i}分30秒" for i in range(8)],
                                          [f"36度{6 + i}分" for i in range(8)]), expect="", code=0)
    gx, gy = crs.from_wgs84(LON, LAT, "EPSG:4549")
    csv_file("swapped_metres.csv", table(np.round(gy, 1), np.round(gx, 1), headers=("名称", "类别", "X", "Y")),
             expect="--x 'Y' --y 'X' --crs EPSG:4549")
    csv_file("dms_garbage.csv", table([f"120度{i}" for i in range(8)], [f"36度{i}" for i in range(8)]),
             expect="decimal degrees")
    csv_file("decimal_comma.csv", table([str(v).replace(".", ",") for v in LON],
                                        [str(v).replace(".", ",") for v in LAT]), expect="", sep=";")
    csv_file("bad_crs_name.csv", t, expect="unknown CRS", args="--crs mars2000")
    csv_file("epsg_unknown.csv", t, expect="unknown CRS", args="--crs EPSG:999999")
    # --- accepted with a report (exit 0): the message is in the output, nothing is dropped silently
    sea = table(np.full(8, 120.75), np.full(8, 36.0))
    csv_file("sea_points.csv", sea, expect="lie in the sea", code=0)
    html = table(names=["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "${x}`y`", "a&b",
                        "</script>", "\u2028", "'); drop", "正常"])
    csv_file("html_names.csv", html, expect="", code=0)
    dups = pd.concat([t.head(3), t.head(3)])
    csv_file("duplicate_rows.csv", dups, expect='"duplicate_of": 2', code=0, args="--json")
    unknown = t.assign(类别=["火星基地"] * 8)
    csv_file("unknown_categories.csv", unknown, expect="火星基地", code=0)
    csv_file("tab_separated.tsv", t, expect="", code=0, sep="\t")
    mixed = t.copy().astype(object)
    mixed.loc[2, "经度"] = ""
    mixed.loc[5, "纬度"] = "abc"
    csv_file("some_rows_bad.csv", mixed, expect='"row": 4', code=0, args="--json")
    # --- spreadsheets
    wb = Workbook()
    ws = wb.active
    ws.title = "名单"
    ws.append(["机构名单（2025）", None, None, None])
    ws.merge_cells("A1:D1")
    ws.append(["名称", "类别", "经度", "纬度"])
    for r in t.itertuples(index=False):
        ws.append(list(r))
    wb.save(OUT / "merged_title_row.xlsx")
    add("merged_title_row.xlsx", "header found in row 2", code=0)
    wb = Workbook()
    wb.active.title = "说明"
    wb.active.append(["本表说明"])
    ws = wb.create_sheet("机构")
    ws.append(["名称", "类别", "经度", "纬度"])
    for r in t.itertuples(index=False):
        ws.append(list(r))
    wb.save(OUT / "several_sheets.xlsx")
    add("several_sheets.xlsx", "which holds the list", code=0)
    (OUT / "truncated.xlsx").write_bytes((OUT / "several_sheets.xlsx").read_bytes()[:300])
    add("truncated.xlsx", "not a readable .xlsx")
    (OUT / "legacy_xls_renamed.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    add("legacy_xls_renamed.xlsx", "not a readable Excel 97-2003")
    # --- workbooks and encodings as users have them (14.3, 14.7, 12.5)
    wb = Workbook()
    ws = wb.active
    ws.append(["重点实验室名单", None, None, None])
    ws.append(["名称", "类别", "坐标", None])
    ws.append([None, None, "经度", "纬度"])
    for cell in ("A2:A3", "B2:B3", "C2:D2"):
        ws.merge_cells(cell)
    for r in t.itertuples(index=False):
        ws.append(list(r))
    wb.save(OUT / "two_row_header.xlsx")
    add("two_row_header.xlsx", "header found in row 2+3", code=0)
    (OUT / "title_row.csv").write_text("2025年青岛市重点实验室名录,,,\n\n" + t.to_csv(index=False), encoding="gbk")
    add("title_row.csv", "header found in row 3", code=0)
    wb = Workbook()
    wb.active.append(list(t.columns))
    for r in t.itertuples(index=False):
        wb.active.append(list(r))
    wb.save(OUT / "workbook_named_csv.csv")
    add("workbook_named_csv.csv", "is an Excel workbook", code=0)
    xls = write_xls(OUT / "old_excel.xls", [["2025年名录"], [], list(t.columns), *map(list, t.itertuples(index=False))])
    add("old_excel.xls", "header found in row 3", code=0)
    (OUT / "truncated.xls").write_bytes(xls.read_bytes()[:1500])
    add("truncated.xls", "not a readable Excel 97-2003")
    (OUT / "password_protected.xlsx").write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1000 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 500)
    add("password_protected.xlsx", "password-protected")
    lines = [",".join(t.columns).encode()] + [",".join(map(str, r)).encode("gbk" if i in (1, 4, 6) else "utf-8")
                                              for i, r in enumerate(t.itertuples(index=False))]
    (OUT / "utf8_with_gbk_rows.csv").write_bytes(b"\n".join(lines) + b"\n")
    add("utf8_with_gbk_rows.csv", "row(s) 3, 6, 8 are not", code=0)
    dup_cat = t.copy()
    dup_cat.insert(1, "类别 ", [""] * 8)
    dup_cat.columns = ["名称", "类别", "类别", "经度", "纬度"]
    csv_file("duplicate_category_blank.csv", dup_cat, expect="is empty: categories read from", code=0)
    # --- vector files
    pts = gpd.GeoDataFrame({"name": NAMES, "category": CATS}, geometry=gpd.points_from_xy(LON, LAT))
    doc = json.loads(pts.to_json())
    doc["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}}
    (OUT / "wrong_crs_member.geojson").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    add("wrong_crs_member.geojson", "EPSG:3857")
    shp = pts.set_crs(4326).to_crs(4549)
    shp.to_file(OUT / "no_prj.shp")
    (OUT / "no_prj.prj").unlink()
    add("no_prj.shp", ".prj missing")
    for ext in ("shx", "dbf", "cpg"):
        if (OUT / f"no_prj.{ext}").exists():
            rows.append({"file": f"no_prj.{ext}", "command": "sidecar", "args": "", "exit": 0, "expect": ""})
    pts.set_crs(4326).to_file(OUT / "shp_without_shx.shp")
    (OUT / "shp_without_shx.shx").unlink()
    add("shp_without_shx.shp", "not a readable vector file")
    for ext in ("dbf", "prj", "cpg"):
        if (OUT / f"shp_without_shx.{ext}").exists():
            rows.append({"file": f"shp_without_shx.{ext}", "command": "sidecar", "args": "", "exit": 0,
                         "expect": ""})
    bowtie = shapely.Polygon([(120.40, 36.10), (120.50, 36.20), (120.50, 36.10), (120.40, 36.20)])
    gpd.GeoDataFrame({"name": ["自相交", "方"]}, geometry=[bowtie, shapely.box(120.4, 36.1, 120.5, 36.2)],
                     crs=4326).to_file(OUT / "self_intersecting_polygons.gpkg")
    add("self_intersecting_polygons.gpkg", "not a point geometry")
    empty_doc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "空"}, "geometry": None},
        {"type": "Feature", "properties": {"name": "空2"}, "geometry": {"type": "Point", "coordinates": []}}]}
    (OUT / "empty_geometries.geojson").write_text(json.dumps(empty_doc, ensure_ascii=False), encoding="utf-8")
    add("empty_geometries.geojson", "")
    zm = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": f"z{i}", "category": "key_lab"},
         "geometry": {"type": "Point", "coordinates": [float(a), float(b), 12.5]}} for i, (a, b) in
        enumerate(zip(LON, LAT, strict=True))]}
    (OUT / "z_points.geojson").write_text(json.dumps(zm), encoding="utf-8")
    add("z_points.geojson", "", code=0)
    plain = json.loads(pts.set_crs(4326).to_json())
    plain.pop("crs", None)
    (OUT / "amap_no_crs.geojson").write_text(json.dumps(plain, ensure_ascii=False), encoding="utf-8")
    add("amap_no_crs.geojson", "--crs gcj02", code=0)
    pts.set_crs(4326).to_file(OUT / "points.kml", driver="KML")
    add("points.kml", "KML is WGS84 by definition", code=0)
    with zipfile.ZipFile(OUT / "points.kmz", "w") as z:
        z.write(OUT / "points.kml", "doc.kml")
    add("points.kmz", "Amap", code=0)
    pts.set_crs(4326).to_file(OUT / "gbk_no_cpg.shp", encoding="gbk")
    (OUT / "gbk_no_cpg.cpg").unlink(missing_ok=True)
    dbf = bytearray((OUT / "gbk_no_cpg.dbf").read_bytes())
    dbf[29] = 0  # no code-page byte either, as GDAL writes GBK without ENCODING=
    (OUT / "gbk_no_cpg.dbf").write_bytes(bytes(dbf))
    add("gbk_no_cpg.shp", "attributes read as gb18030", code=0)
    for ext in ("shx", "dbf", "prj"):
        rows.append({"file": f"gbk_no_cpg.{ext}", "command": "sidecar", "args": "", "exit": 0, "expect": ""})
    two = OUT / "two_point_layers.gpkg"  # 14.4: never the first layer silently
    pts.set_crs(4326).head(5).to_file(two, layer="2024年名单")
    pts.set_crs(4326).to_file(two, layer="2025年名单")
    add("two_point_layers.gpkg", "--layer NAME")
    (OUT / "not_geojson.json").write_text('{"hello": [1, 2, 3]}', encoding="utf-8")
    add("not_geojson.json", "")
    (OUT / "unsupported.docx").write_bytes(b"PK\x03\x04")
    add("unsupported.docx", "unsupported file type")
    folder = OUT / "a_folder.csv"
    folder.mkdir()
    (folder / "README").write_text("a folder named like a file", encoding="utf-8")
    add("a_folder.csv", "folder, not a file")
    sub = OUT / "目录 带空格"
    sub.mkdir()
    (sub / "坏 文件.csv").write_text("名称,经度,纬度\n", encoding="utf-8")
    add("目录 带空格/坏 文件.csv", "no rows")
    # --- projects (areas --project)
    project = Project.bundled()
    good = OUT / "_good_project.gpkg"
    project.save(good)
    (OUT / "truncated_project.gpkg").write_bytes(good.read_bytes()[:5000])
    add("truncated_project.gpkg", "", command="areas")
    (OUT / "not_a_geopackage.gpkg").write_text("PRAGMA nothing", encoding="utf-8")
    add("not_a_geopackage.gpkg", "not a readable GeoPackage", command="areas")
    only_parks = OUT / "project_without_cities.gpkg"
    project.layers["parks"].to_file(only_parks, layer="parks")
    add("project_without_cities.gpkg", "missing layer(s) cities", command="areas")
    good.unlink()
    for suffix in ("-wal", "-shm", ".bak"):
        p = Path(str(good) + suffix)
        if p.exists():
            p.unlink()
    # --- indicators
    (OUT / "indicators_bad_value.csv").write_text(
        "id,name_zh,baseline_year,baseline,current_year,current\nx,高企,2023,一千,2025,1200\n", encoding="utf-8")
    add("indicators_bad_value.csv", "row 2, column 'baseline'", command="indicators")
    (OUT / "indicators_missing_columns.csv").write_text("id,名称\nx,y\n", encoding="utf-8")
    add("indicators_missing_columns.csv", "missing column(s)", command="indicators")
    with open(OUT / "manifest.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=["file", "command", "args", "exit", "expect"])
        writer.writeheader()
        writer.writerows(rows)
    inputs = [r for r in rows if r["command"] != "sidecar"]
    print(f"wrote {len(inputs)} corpus inputs (+ sidecar files) to {OUT}")


if __name__ == "__main__":
    main()
