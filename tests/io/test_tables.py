"""The CSV reader's two ways to a grid — Arrow straight from the bytes for regular UTF-8 files, and the
decoded-text way for everything else — give the same strings and encoding name, and the bytes way steps
aside for the files only the text way reads right."""

from __future__ import annotations

import codecs

import numpy as np
import pandas as pd
import pytest

from corridor_gis.io import tables


def _rows(n: int, seed: int = 3) -> list[str]:
    rng = np.random.default_rng(seed)
    labels = np.array(["国家重点实验室", "山东省重点实验室", "新型研发机构", "高新技术企业", "孵化器"])
    return [f"机构{i}号,{labels[i % 5]},{120 + rng.random():.6f},{36 + rng.random():.6f},\"青岛市崂山区{i}号，A座\""
            for i in range(n)]


def _both(path, raw: bytes, encoding: str | None = None):
    fast = tables._bytes_grid(path, raw, encoding)
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
    assert tables._bytes_grid(tmp_path / "x.csv", raw, given) is None
    if case == "mixed":  # and the text way reads it, naming the foreign rows
        _, enc, foreign = tables._text_grid(tmp_path / "x.csv", raw, None)
        assert enc == "utf-8" and foreign == [35_001, 35_002]


def test_a_quoted_comma_space_is_read_by_arrow_as_pandas_reads_it(tmp_path) -> None:
    """``"青岛市, 崂山区"`` holds a separator-space pair inside quotes: not a leading blank, so Arrow reads the
    file, with pandas' strings (what the text way's pandas reading gives)."""
    text = "\n".join(["名称,类别,经度,纬度,地址", *_rows(2_000)]).replace("，A座", ", A座") + "\n"
    raw = text.encode()
    fast = tables._bytes_grid(tmp_path / "x.csv", raw, None)
    assert fast is not None
    import io

    by_pandas = pd.read_csv(io.BytesIO(raw), encoding="utf-8", sep=",", dtype=str, keep_default_na=False,
                            header=None, skip_blank_lines=False, skipinitialspace=True)
    pd.testing.assert_frame_equal(fast[0], by_pandas, check_dtype=False)
    assert fast[0].iloc[1, 4] == "青岛市崂山区0号, A座"
