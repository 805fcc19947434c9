"""Hostile sizes: a single-line file of many MB is refused from its first bytes (it used to hang pandas
for minutes), and no message echoes unbounded input (a 0.5 MB header once became a 447,368-char error)."""

from __future__ import annotations

import pytest

from corridor_gis.errors import InputError
from corridor_gis.io import ImportOptions, read_points

MAX_MESSAGE = 1500  # a readable paragraph; the message + hint of any InputError stays under it


def _single_line(path, megabytes: float, field: str = "c") -> None:
    n = int(megabytes * 1_000_000 / (len(field) + 6))
    path.write_text(",".join(f"{field}{i % 997:05d}" for i in range(n)), encoding="utf-8")


def test_multi_megabyte_single_line_is_refused_with_a_short_message(tmp_path):
    path = tmp_path / "one_line.csv"
    _single_line(path, 4)
    with pytest.raises(InputError) as info:
        read_points(path)
    text = str(info.value)
    assert "one_line.csv" in text and "no line break" in text and "What to do" in text
    assert len(text) < MAX_MESSAGE


def test_wide_header_is_refused_before_pandas(tmp_path):
    """A header of 5,000 short fields (30 KB, under the byte bound) is refused by its field count."""
    path = tmp_path / "wide.csv"
    path.write_text(",".join(f"经度{i}" for i in range(5000)) + "\n" + ",".join("1" for _ in range(5000)) + "\n",
                    encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_points(path)
    text = str(info.value)
    assert "5,000 fields" in text and len(text) < MAX_MESSAGE


def test_missing_column_message_lists_a_bounded_number_of_columns(tmp_path):
    path = tmp_path / "many_columns.csv"
    header = [f"字段{i}" for i in range(300)]
    path.write_text(",".join(header) + "\n" + ",".join("x" for _ in header) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_points(path)
    text = str(info.value)
    assert "cannot find the longitude column" in text
    assert "'字段0'" in text and "… 288 more" in text and "'字段299'" not in text
    assert len(text) < MAX_MESSAGE


def test_huge_cell_is_clipped_in_skipped_reasons_and_errors(tmp_path):
    path = tmp_path / "long_cell.csv"
    junk = "坏" * 100_000
    path.write_text(f"名称,经度,纬度\n甲,{junk},36.1\n乙,120.4,36.1\n", encoding="utf-8")
    dataset, _ = read_points(path)
    [skipped] = dataset.skipped
    assert skipped["row"] == 2 and "not a number" in skipped["reason"]
    assert len(skipped["reason"]) < 200 and "100,000 characters" in skipped["reason"]
    with pytest.raises(InputError) as info:
        read_points(path, ImportOptions(x=junk))
    assert len(str(info.value)) < MAX_MESSAGE


def test_empty_trailing_columns_are_not_fields(tmp_path):
    """Excel writes a separator for every formatted-but-empty column: 3,000 of them are not a wide header."""
    path = tmp_path / "trailing.csv"
    pad = "," * 3000
    path.write_text(f"名称,经度,纬度{pad}\n甲,120.45,36.15{pad}\n乙,120.5,36.2{pad}\n", encoding="utf-8")
    dataset, _ = read_points(path)
    assert list(dataset.points["name"]) == ["甲", "乙"] and list(dataset.points["row"]) == [2, 3]


def test_unknown_category_labels_are_clipped_in_the_report(tmp_path):
    path = tmp_path / "label.csv"
    path.write_text(f"名称,类别,经度,纬度\n甲,{'怪' * 50_000},120.45,36.15\n", encoding="utf-8")
    _, report = read_points(path)
    [(label, count)] = report.unknown_categories.items()
    assert count == 1 and len(label) < 120 and "50,000 characters" in label
