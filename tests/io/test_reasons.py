"""The reader's messages as codes: skip reasons, the CRS advice and the sea-point warning in the user's
language (issue 12.6); the English text stays what `ratio --json` and scripts read."""

from __future__ import annotations

import pytest

from corridor_gis.cli import main
from corridor_gis.io import read_points
from corridor_gis.io.reasons import MESSAGES, localize, skip_reason

ROWS = ("名称,类别,经度,纬度\n甲,重点实验室,120.45,36.15\n乙,重点实验室,,36.15\n"
        "丙,重点实验室,36.15,120.45\n丁,重点实验室,120.61,36.05\n戊,重点实验室,abc,36.1\n")


@pytest.fixture
def hostile(tmp_path):
    path = tmp_path / "名单.csv"
    path.write_text(ROWS, encoding="utf-8")
    return path


def test_skipped_rows_carry_codes_and_read_in_chinese_or_english(hostile):
    dataset, report = read_points(hostile)
    reasons = {item["row"]: item for item in dataset.skipped}
    assert {row: report.coded_rows[row][0] for row in reasons} == {3: "missing_x", 4: "swapped_degrees",
                                                                  6: "not_number_x"}
    assert skip_reason(reasons[3], report.coded_rows, "en") == reasons[3]["reason"]  # English = as written
    assert skip_reason(reasons[3], report.coded_rows, "zh") == "经度列 '经度' 为空"
    assert "互换" in skip_reason(reasons[4], report.coded_rows, "zh")
    assert skip_reason(reasons[4], None, "zh") == reasons[4]["reason"]  # no codes at hand: as written


def test_crs_advice_and_sea_warning_read_in_chinese(hostile):
    _, report = read_points(hostile)
    assert "GCJ-02" in report.crs_note and "高德或腾讯" in localize(report.crs_note, report.coded, "zh")
    sea = next(n for n in report.notes if "sea" in n)
    assert "海上" in localize(sea, report.coded, "zh") and localize(sea, report.coded, "en") == sea


def test_every_message_has_both_languages_with_the_same_placeholders():
    import string

    for code, (en, zh) in MESSAGES.items():
        names = {f for _, f, _, _ in string.Formatter().parse(zh) if f}
        assert names <= {f for _, f, _, _ in string.Formatter().parse(en) if f} | {"crs"}, code
        assert zh and en


def test_cli_keeps_english_unless_lang_zh(hostile, capsys):
    assert main(["ratio", str(hostile)]) == 0
    english = capsys.readouterr().out
    assert "missing longitude in column" in english and "lie in the sea" in english
    assert main(["ratio", str(hostile), "--lang", "zh"]) == 0
    chinese = capsys.readouterr().out
    assert "经度列 '经度' 为空" in chinese and "海上" in chinese and "未说明坐标系" in chinese
    assert main(["ratio", str(hostile), "--json"]) == 0
    assert "missing longitude in column" in capsys.readouterr().out  # JSON reasons stay English
