"""`corridor-gis ratio` / `compare` as users run them."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import shapely

from corridor_gis import crs, paths
from corridor_gis.cli import main

SAMPLE = str(paths.data_dir() / "sample_institutions.csv")


def run_json(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else None), err


def test_ratio_sample_json_equals_independent_count(capsys, bundled_project):
    code, doc, _ = run_json(capsys, "ratio", SAMPLE, "--json")
    assert code == 0
    table = pd.read_csv(SAMPLE)
    inside = shapely.intersects_xy(bundled_project.corridor, table["经度"], table["纬度"])
    counted = table["类别"].isin(["重点实验室", "新型研发机构", "创新平台"]).to_numpy()
    assert doc["corridor"]["inside"] == int((inside & counted).sum())
    assert doc["corridor"]["total"] == int(counted.sum())
    assert doc["rows"] == len(table) and doc["skipped"] == []
    assert doc["label"] == "synthetic sample"
    assert doc["crs"] == "wgs84" and "GCJ-02" in doc["crs_note"]
    assert set(doc["by_category"]) == {"key_lab", "new_rd", "platform", "hitech_firm"}


def test_ratio_table_in_chinese_with_marks(capsys):
    assert main(["ratio", SAMPLE]) == 0
    out = capsys.readouterr().out
    assert "重点实验室" in out and "%" in out and ("✓" in out or "✗" in out)
    assert "synthetic sample" in out


def test_ratio_gbk_gcj02(tmp_path, capsys, bundled_project):
    table = pd.read_csv(SAMPLE).head(800)
    glon, glat = crs.gcj02_from_wgs84(table["经度"], table["纬度"])
    table["经度"], table["纬度"] = np.round(glon, 7), np.round(glat, 7)
    table.loc[3, "经度"] = None  # a bad row: reported with its spreadsheet row number (5)
    path = tmp_path / "机构名单 GBK.csv"
    table.to_csv(path, index=False, encoding="gbk")
    code, doc, _ = run_json(capsys, "ratio", str(path), "--crs", "gcj02", "--json")
    assert code == 0
    assert doc["skipped"] == [{"row": 5, "reason": "missing longitude in column '经度'"}]
    wlon, wlat = crs.wgs84_from_gcj02(glon, glat)
    keep = np.ones(len(table), bool)
    keep[3] = False
    inside = shapely.intersects_xy(bundled_project.corridor, wlon, wlat) & keep
    counted = table["类别"].isin(["重点实验室", "新型研发机构", "创新平台"]).to_numpy()
    assert doc["corridor"]["inside"] == int((inside & counted).sum())


def test_ratio_bad_input_exit_2(tmp_path, capsys):
    path = tmp_path / "空.csv"
    path.write_text("名称,经度,纬度\n", encoding="utf-8")
    code, doc, err = run_json(capsys, "ratio", str(path), "--json")
    assert code == 2 and doc is None
    assert "空.csv" in err and "What to do" in err


def test_compare_two_versions(tmp_path, capsys, project):
    a = project.save(tmp_path / "plan.gpkg")
    youth = project.city_geometries()["youth"]
    project.set_city_geometry("youth", shapely.buffer(youth, -0.003))
    b = project.save(tmp_path / "proposal.gpkg")
    code, doc, _ = run_json(capsys, "compare", str(a), str(b), "--points", SAMPLE, "--json")
    assert code == 0
    area = {side: {z["id"]: z["area_km2"] for z in doc[side]["areas"]} for side in ("a", "b")}
    assert area["b"]["youth"] < area["a"]["youth"] - 1
    assert doc["b"]["ratio"]["by_city"]["youth"]["inside"] <= doc["a"]["ratio"]["by_city"]["youth"]["inside"]
    assert doc["a"]["ratio"]["corridor"]["total"] == doc["b"]["ratio"]["corridor"]["total"]


def test_ratio_text_is_the_report(tmp_path, capsys, bundled_project):
    """The terminal shows the report's sentences: shortfall, unknown labels in words (never a dict)."""
    from corridor_gis.analysis import compute_ratio
    from corridor_gis.io import read_points
    from corridor_gis.report import build_report

    table = pd.read_csv(SAMPLE).head(400)
    table.loc[table.index[:5], "类别"] = ["孵化器"] * 3 + ["医院"] * 2
    path = tmp_path / "名单.csv"
    table.to_csv(path, index=False)
    for lang in ("zh", "en"):
        assert main(["ratio", str(path), "--target", "0.9", "--lang", lang]) == 0
        out = capsys.readouterr().out
        report = build_report(compute_ratio(bundled_project, read_points(path)[0], 0.9),
                              read_points(path)[1], bundled_project, lang)
        assert report.headline.shortfall in out and report.headline.share_text in out
        assert f"note: {report.unknown_sentence}" in out
        assert "{" not in out and "'孵化器'" not in out
    assert main(["ratio", str(path)]) == 0
    assert "note: 另有 5 条记录类别未识别，未计入（标签：孵化器 3、医院 2）" in capsys.readouterr().out


def test_compare_text_names_the_cities(tmp_path, capsys, project):
    a = project.save(tmp_path / "plan.gpkg")
    project.set_city_geometry("youth", shapely.buffer(project.city_geometries()["youth"], -0.003))
    b = project.save(tmp_path / "proposal.gpkg")
    assert main(["compare", str(a), str(b), "--points", SAMPLE]) == 0
    out = capsys.readouterr().out
    assert "青年科创城 km²" in out and "科创大走廊集聚度" in out and "pts" in out


def test_ratio_json_has_the_ratio_by_subdistrict_with_its_attribution(capsys):
    """`by_subdistrict` (街道) adds up to the headline: inside the 街道 plus outside any 街道 = corridor."""
    assert main(["ratio", str(paths.data_dir() / "sample_institutions.csv"), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    inside = sum(v["inside"] for v in doc["by_subdistrict"].values())
    assert inside + doc["outside_subdistricts"]["inside"] == doc["corridor"]["inside"]
    assert "OpenStreetMap" in doc["subdistrict_source"]
    assert any(v["in_corridor"] and v["district"] == "崂山区" for v in doc["by_subdistrict"].values())


def test_crs_sensitivity_is_in_the_json_exactly_when_the_crs_was_not_stated(tmp_path, capsys):
    sample = str(paths.data_dir() / "sample_institutions.csv")
    assert main(["ratio", sample, "--json"]) == 0
    unstated = json.loads(capsys.readouterr().out)
    block = unstated["crs_sensitivity"]
    assert set(block) == {"wgs84", "gcj02", "bd09", "verdict_depends_on_crs"}
    assert block["wgs84"]["share"] == unstated["corridor"]["share"]  # read as WGS84: the headline itself
    assert block["verdict_depends_on_crs"] == (len({block[k]["met"] for k in ("wgs84", "gcj02", "bd09")}) > 1)
    assert main(["ratio", sample, "--crs", "wgs84", "--json"]) == 0
    assert "crs_sensitivity" not in json.loads(capsys.readouterr().out)



def test_count_and_level_choose_what_the_headline_counts(tmp_path, capsys):
    path = tmp_path / "levels.csv"
    path.write_text("名称,类别,经度,纬度\n"
                    "A,国家重点实验室,120.47,36.12\nB,山东省重点实验室,120.47,36.12\nC,青岛市重点实验室,120.30,36.30\n"
                    "D,高新技术企业,120.47,36.12\nE,餐饮企业,120.47,36.12\n", encoding="utf-8")
    assert main(["ratio", str(path), "--crs", "wgs84", "--json"]) == 0
    default = json.loads(capsys.readouterr().out)
    assert default["corridor"]["total"] == 3 and default["unknown_rows"] == 1  # labs only; 餐饮企业 left out
    assert main(["ratio", str(path), "--crs", "wgs84", "--level", "provincial+", "--json"]) == 0
    provincial = json.loads(capsys.readouterr().out)
    assert provincial["corridor"]["total"] == 2 and set(provincial["counted_levels"]) == {"national", "provincial"}
    assert main(["ratio", str(path), "--crs", "wgs84", "--count", "key_lab,hitech_firm", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["corridor"]["total"] == 4
    assert main(["ratio", str(path), "--crs", "wgs84"]) == 0
    assert "另有 1 条记录类别未识别，未计入" in capsys.readouterr().out  # in words, not a dict
