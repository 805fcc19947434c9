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


@pytest.mark.parametrize("case", ["mixed", "gbk", "utf16", "initial_space", "ragged", "nul", "bom_named"])
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
