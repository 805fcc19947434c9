"""Spreadsheets as agencies make them (issue 12.5): title rows, blank rows, merged and two-row headers, the
list on another sheet. The header is never data, and row numbers stay the spreadsheet's own."""

from __future__ import annotations

import json

import numpy as np
import pytest
from openpyxl import Workbook

from corridor_gis.cli import main
from corridor_gis.errors import InputError
from corridor_gis.io import ImportOptions, preview, read_points

RNG = np.random.default_rng(12)
LON = np.round(RNG.uniform(120.35, 120.7, 6), 6)
LAT = np.round(RNG.uniform(36.1, 36.4, 6), 6)
NAMES = [f"实验室{i}" for i in range(6)]
CATS = ["山东省重点实验室"] * 6


def two_row_header_workbook(path):
    """名称 and 类别 merged over rows 2-3, 坐标 merged over C2:D2 above 经度 | 纬度."""
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "重点实验室名单"
    ws.append(["名称", "类别", "坐标", None])
    ws.append([None, None, "经度", "纬度"])
    ws.merge_cells("A2:A3")
    ws.merge_cells("B2:B3")
    ws.merge_cells("C2:D2")
    for row in zip(NAMES, CATS, LON, LAT, strict=True):
        ws.append(list(row))
    wb.save(path)
    return path


def test_title_rows_above_the_header(tmp_path, government_workbook):
    dataset, report = read_points(government_workbook(bad_row=7))
    assert report.header_rows == [3]
    assert len(dataset.points) == 5 and "名称" not in set(dataset.points["name"])  # header never data
    assert list(dataset.points["row"]) == [4, 5, 6, 8, 9]
    assert dataset.skipped == [{"row": 7, "reason": "not a number in column '经度': '待补充'"}]
    assert any("header found in row 3" in n for n in report.notes)


def test_two_row_header_with_merged_cells(tmp_path):
    dataset, report = read_points(two_row_header_workbook(tmp_path / "两行表头.xlsx"))
    assert report.header_rows == [2, 3]
    assert report.columns == {"x": "经度", "y": "纬度", "category": "类别", "name": "名称"}
    assert list(dataset.points["row"]) == [4, 5, 6, 7, 8, 9]
    assert np.allclose(dataset.points.geometry.x, LON)


def _list_on_second_sheet(path):
    """A workbook whose first sheet is instructions and whose second, 名单, holds the list."""
    wb = Workbook()
    wb.active.title = "填表说明"
    wb.active.append(["请按要求填写经纬度"])
    ws = wb.create_sheet("名单")
    ws.append(["名称", "类别", "经度", "纬度"])
    for row in zip(NAMES, CATS, LON, LAT, strict=True):
        ws.append(list(row))
    wb.save(path)
    return path


def test_the_sheet_that_holds_the_list_is_chosen_with_a_note(tmp_path):
    path = _list_on_second_sheet(tmp_path / "多表.xlsx")
    dataset, report = read_points(path)
    assert report.sheet == "名单" and len(dataset.points) == 6
    assert any("'名单'" in n and "'填表说明'" in n for n in report.notes)


def test_header_row_given_by_the_user(tmp_path, capsys):
    path = tmp_path / "标题.csv"
    rows = ["2025年青岛市新型研发机构名录,,,", "单位：个,,,", "机构,种类,E,N"]
    rows += [f"{n},新型研发机构,{a},{b}" for n, a, b in zip(NAMES, LON, LAT, strict=True)]
    path.write_text("\n".join(rows) + "\n", encoding="gbk")
    dataset, report = read_points(path, ImportOptions(header_row=3, x="E", y="N"))
    assert report.header_rows == [3] and list(dataset.points["row"]) == [4, 5, 6, 7, 8, 9]
    with pytest.raises(InputError, match="beyond the table"):
        read_points(path, ImportOptions(header_row=40))
    assert main(["ratio", str(path), "--header-row", "3", "--x", "E", "--y", "N", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["rows"] == 6


def test_preview_shows_the_table_under_its_header(tmp_path, government_workbook):
    table, info = preview(government_workbook())
    assert list(table.columns) == ["名称", "类别", "经度", "纬度"] and len(table) == 6
    assert info["header_rows"] == [3] and info["columns"]["x"] == "经度"


def test_each_sheet_is_parsed_once_when_the_list_is_looked_for(tmp_path, monkeypatch):
    """calamine parses a whole sheet to give its first rows (~0.7 s for 200,000 rows): the sheet found to
    hold the list is read from that parse, not parsed a second time."""
    from corridor_gis.io import workbooks

    path = _list_on_second_sheet(tmp_path / "多表.xlsx")
    parsed: list[str] = []
    real_open = workbooks._open

    class Counted:
        def __init__(self, book):
            self.book, self.sheet_names = book, book.sheet_names

        def get_sheet_by_name(self, name):
            parsed.append(name)
            return self.book.get_sheet_by_name(name)

    monkeypatch.setattr(workbooks, "_open", lambda p, kind: Counted(real_open(p, kind)))
    dataset, report = read_points(path)
    assert report.sheet == "名单" and len(dataset) == 6
    assert parsed == ["填表说明", "名单"]
