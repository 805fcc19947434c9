"""The CSV reader's two ways to a grid — Arrow straight from the bytes for regular UTF-8 files, and the
decoded-text way for everything else — give the same strings and encoding name, and the bytes way steps
aside for the files only the text way reads right."""

from __future__ import annotations

import codecs

import numpy as np
import pandas as pd
import pytest

from corridor_gis.errors import InputError
from corridor_gis.io import csv_grid, tables
from corridor_gis.io.encoding import PREFIX_BYTES


def _rows(n: int, seed: int = 3) -> list[str]:
    rng = np.random.default_rng(seed)
    labels = np.array(["国家重点实验室", "山东省重点实验室", "新型研发机构", "高新技术企业", "孵化器"])
    return [f"机构{i}号,{labels[i % 5]},{120 + rng.random():.6f},{36 + rng.random():.6f},\"青岛市崂山区{i}号，A座\""
            for i in range(n)]


def _bytes_grid(path, raw: bytes, encoding: str | None) -> tuple[pd.DataFrame, str] | None:
    """:func:`csv_grid.bytes_table` as the text way's frame (``None`` where that way must read it)."""
    fast = csv_grid.bytes_table(path, raw, encoding)
    return (tables._pandas_grid(fast[0]), fast[1]) if fast is not None else None


def _transcoded_grid(path, raw: bytes, encoding: str | None) -> tuple[pd.DataFrame, str] | None:
    """:func:`csv_grid.transcoded_table` as the text way's frame (``None`` where that way must read it)."""
    fast = csv_grid.transcoded_table(path, raw, encoding)
    return (tables._pandas_grid(fast[0]), fast[1]) if fast is not None else None


def _both(path, raw: bytes, encoding: str | None = None):
    fast = _bytes_grid(path, raw, encoding)
    text_grid, text_enc, foreign = tables._text_grid(path, raw, encoding)
    return fast, (text_grid, text_enc, foreign)


@pytest.mark.parametrize(("bom", "given"), [(False, None), (True, None), (False, "utf-8"), (False, "UTF8")])
def test_bytes_way_equals_text_way(tmp_path, bom: bool, given: str | None) -> None:
    text = "\r\n".join(["青岛市重点平台名单（2026）,,,,", "名称,类别,经度,纬度,地址", *_rows(30_000)]) + "\r\n"
    raw = (codecs.BOM_UTF8 if bom else b"") + text.encode()
    path = tmp_path / "list.csv"
    fast, (grid, enc, foreign) = _both(path, raw, given)
    assert fast is not None, "a regular file takes the bytes way"
    pd.testing.assert_frame_equal(fast[0], grid)
    assert fast[1] == enc and foreign == []
    assert grid.iloc[2, 4] == "青岛市崂山区0号，A座"


@pytest.mark.parametrize("case", ["mixed", "gbk", "utf16", "initial_space", "row_space", "tab_after_sep", "ragged",
                                  "nul", "bom_named"])
def test_files_the_bytes_way_leaves_to_the_text_way(tmp_path, case: str) -> None:
    lines = ["名称,类别,经度,纬度,地址", *_rows(40_000)]
    if case == "mixed":  # a UTF-8 list with a few GBK rows, after more than a megabyte
        raw = b"".join(line.encode("gbk") + b"\n" if i in (35_000, 35_001) else line.encode() + b"\n"
                       for i, line in enumerate(lines))
    elif case == "gbk":
        raw = ("\n".join(lines) + "\n").encode("gbk")
    elif case == "utf16":
        raw = ("\n".join(lines) + "\n").encode("utf-16")
    elif case == "initial_space":
        raw = ("\n".join(lines).replace(",", ", ", 3) + "\n").encode()
    elif case == "row_space":  # one data row far down starts with a space
        raw = ("\n".join([*lines[:30_000], " " + lines[30_000], *lines[30_001:]]) + "\n").encode()
    elif case == "tab_after_sep":
        raw = ("\n".join([*lines[:30_000], lines[30_000].replace(",", ",\t", 1), *lines[30_001:]]) + "\n").encode()
    elif case == "ragged":
        raw = ("\n".join([*lines, "甲,国家重点实验室"]) + "\n").encode()
    elif case == "nul":
        raw = ("\n".join(lines) + "\n").encode() + b"\x00"
    else:
        raw = codecs.BOM_UTF8 + ("\n".join(lines) + "\n").encode()
    given = "utf-8" if case == "bom_named" else None
    assert _bytes_grid(tmp_path / "x.csv", raw, given) is None
    if case == "mixed":  # and the text way reads it, naming the foreign rows
        _, enc, foreign = tables._text_grid(tmp_path / "x.csv", raw, None)
        assert enc == "utf-8" and foreign == [35_001, 35_002]


def test_a_quoted_comma_space_is_read_by_arrow_as_pandas_reads_it(tmp_path) -> None:
    """``"青岛市, 崂山区"`` holds a separator-space pair inside quotes: not a leading blank, so Arrow reads the
    file, with pandas' strings (what the text way's pandas reading gives)."""
    text = "\n".join(["名称,类别,经度,纬度,地址", *_rows(2_000)]).replace("，A座", ", A座") + "\n"
    raw = text.encode()
    fast = _bytes_grid(tmp_path / "x.csv", raw, None)
    assert fast is not None
    import io

    by_pandas = pd.read_csv(io.BytesIO(raw), encoding="utf-8", sep=",", dtype=str, keep_default_na=False,
                            header=None, skip_blank_lines=False, skipinitialspace=True)
    pd.testing.assert_frame_equal(fast[0], by_pandas, check_dtype=False)
    assert fast[0].iloc[1, 4] == "青岛市崂山区0号, A座"


def _gbk_list(n: int = 40_000) -> str:
    return "\r\n".join(["青岛市重点平台名单（2026）,,,,", "名称,类别,经度,纬度,地址", *_rows(n)]) + "\r\n"


@pytest.mark.parametrize(("encoding", "given"), [("gbk", None), ("gbk", "gbk"), ("gb18030", "GB18030"),
                                                 ("gbk", "cp936")])
def test_transcoded_way_equals_text_way(tmp_path, encoding: str, given: str | None) -> None:
    """A GBK list decoded by Arrow block by block gives the text way's strings and encoding name."""
    raw = _gbk_list().encode(encoding)
    assert len(raw) > PREFIX_BYTES, "detection on the first megabyte needs a bigger file"
    path = tmp_path / "list.csv"
    fast = _transcoded_grid(path, raw, given)
    grid, enc, foreign = tables._text_grid(path, raw, given)
    assert fast is not None, "a regular GBK file is decoded by Arrow"
    pd.testing.assert_frame_equal(fast[0], grid)
    assert fast[1] == enc and foreign == []
    assert grid.iloc[2, 0] == "机构0号"


@pytest.mark.parametrize("case", ["mixed", "small", "bom", "nul", "bad_bytes_late", "utf16"])
def test_files_the_transcoded_way_leaves_to_the_text_way(tmp_path, case: str) -> None:
    """The transcoded way steps aside wherever the text way decides differently or words a problem: a UTF-8
    list with a few GBK rows, a file too small to judge by its first megabyte, a BOM, NUL bytes, bytes that
    are not GBK after the first megabyte, UTF-16."""
    lines = _gbk_list().split("\r\n")
    given = None
    if case == "mixed":
        raw = b"\n".join(line.encode("gbk") if i in (35_000, 35_001) else line.encode() for i, line in enumerate(lines))
    elif case == "small":
        raw = "\n".join(lines[:2_000]).encode("gbk")
    elif case == "bom":
        raw = codecs.BOM_UTF8 + "\n".join(lines).encode("gbk")
    elif case == "nul":
        raw = "\n".join(lines).encode("gbk") + b"\x00"
    elif case == "bad_bytes_late":
        given = "gbk"  # \x80 is no GBK lead byte: the text way names its row
        raw = "\n".join(lines).encode("gbk") + b"\n\x80\x80,a,1,2,3\n"
    else:
        raw = "\n".join(lines).encode("utf-16")
    assert _transcoded_grid(tmp_path / "x.csv", raw, given) is None
    if case == "bad_bytes_late":
        with pytest.raises(InputError) as err:
            tables._text_grid(tmp_path / "x.csv", raw, given)
        assert err.value.row == len(lines) + 1


def test_a_gbk_list_reads_whole_through_the_table_reader(tmp_path) -> None:
    """End to end through ``read_csv_table`` (the file memory-mapped): the header under the title row, every
    row, the detected encoding."""
    path = tmp_path / "list.csv"
    path.write_bytes(_gbk_list().encode("gbk"))
    read = tables.read_csv_table(path)
    assert read.encoding == "gb18030" and read.header_rows == [2]
    assert len(read.frame) == 40_000 and list(read.frame.columns[:4]) == ["名称", "类别", "经度", "纬度"]
    assert read.frame["地址"].iloc[-1] == "青岛市崂山区39999号，A座"


def test_a_gbk_list_with_one_broken_row_names_that_row(tmp_path) -> None:
    """A GBK list (detected) with one row of bytes that are not GBK, far down: the message names the row and
    says what to do, instead of 'cannot decode in any common encoding'."""
    path = tmp_path / "list.csv"
    path.write_bytes(_gbk_list().encode("gbk") + b"\x80\x80,x,1,2,3\r\n")
    with pytest.raises(InputError) as err:
        tables.read_csv_table(path)
    assert err.value.row == 40_003 and "gb18030" in str(err.value) and "row 40003" in err.value.hint
