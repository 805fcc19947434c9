"""Find the header row of a table as agencies make them: title rows above it ("2025年青岛市重点实验室名录"),
blank rows, merged header cells, two-row headers (坐标 over 经度 | 纬度). Row numbers stay the
spreadsheet's own (1-based), so skipped-row reasons point at the row the user sees."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import InputError
from .columns import CATEGORY_NAMES, LAT_NAMES, LON_NAMES, NAME_NAMES, norm, unique_names

#: how many rows from the top are searched for the header
SEARCH_ROWS = 30
_LON, _LAT = {norm(n) for n in LON_NAMES}, {norm(n) for n in LAT_NAMES}
_KNOWN = _LON | _LAT | {norm(n) for n in (*CATEGORY_NAMES, *NAME_NAMES)}


def _cells(row: list[str]) -> list[str]:
    return [c.strip() for c in row]


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", ""))
    except ValueError:
        return False
    return True


def has_lon_lat(row: list[str]) -> bool:
    names = {norm(c) for c in row if c}
    return bool(names & _LON) and bool(names & _LAT)


def _known(row: list[str]) -> int:
    """How many different column names we recognise in the row."""
    return len({norm(c) for c in row if c} & _KNOWN)


def _is_lower_header(upper: list[str], lower: list[str]) -> bool:
    """``lower`` completes ``upper`` as the second row of a two-row header: it holds names (no numbers)
    that the upper row lacks (坐标 | — over 经度 | 纬度)."""
    filled = [c for c in lower if c]
    if not filled or any(_is_number(c) for c in filled):
        return False
    if has_lon_lat(lower) and not has_lon_lat(upper):
        return True
    return (_known(lower) >= 1 and has_lon_lat(upper + lower)
            and any(lo and not up for up, lo in zip(upper, lower, strict=False)))


def detect_header(top: list[list[str]]) -> list[int]:
    """0-based indices (one or two) of the header row(s) among the first rows of a table."""
    rows = [_cells(r) for r in top[:SEARCH_ROWS]]
    if not rows:
        return [0]
    pick = next((i for i, r in enumerate(rows) if has_lon_lat(r)), None)
    if pick is None:
        pick = next((i for i, r in enumerate(rows) if _known(r) >= 2), None)
    if pick is None:  # the first row as wide as the table that is not numbers
        width = max(sum(1 for c in r if c) for r in rows)
        pick = next((i for i, r in enumerate(rows) if sum(1 for c in r if c) >= max(2, 0.6 * width)
                     and not any(_is_number(c) for c in r if c)), 0)
    return _with_neighbour(rows, pick)


def _with_neighbour(rows: list[list[str]], pick: int) -> list[int]:
    # the row above counts only with two different names (a merged title row repeats one text)
    if pick > 0 and _is_lower_header(rows[pick - 1], rows[pick]) and len({c for c in rows[pick - 1] if c}) >= 2:
        return [pick - 1, pick]
    if pick + 1 < len(rows) and _is_lower_header(rows[pick], rows[pick + 1]):
        return [pick, pick + 1]
    return [pick]


def header_names(rows: list[list[str]]) -> list[str]:
    """Column names from one or two header rows: the lower cell where there is one, else the upper."""
    if len(rows) == 1:
        return unique_names(rows[0])
    upper, lower = _cells(rows[0]), _cells(rows[1])
    width = max(len(upper), len(lower))
    upper += [""] * (width - len(upper))
    lower += [""] * (width - len(lower))
    names = [lo or up for up, lo in zip(upper, lower, strict=True)]
    counts: dict[str, int] = {}
    for n in names:
        counts[n] = counts.get(n, 0) + 1
    # 2024年 | 2025年 over 数量 | 数量: keep both parts where the lower name alone repeats
    names = [f"{up}{lo}" if lo and up and counts[lo] > 1 and up != lo else n
             for up, lo, n in zip(upper, lower, names, strict=True)]
    return unique_names(names)


def frame_from_grid(path, grid: pd.DataFrame, header_row: int | None, first_row_number: int = 1
                    ) -> tuple[pd.DataFrame, list[int]]:
    """A string grid (no header) → the table under its header, with ``_row`` = the spreadsheet's row number.

    ``header_row`` is 1-based as the spreadsheet shows it (``None`` = detect). Blank rows are dropped (they
    are not data); the header row(s) never become data. Returns (table, header row numbers)."""
    n = len(grid)
    if header_row is not None:
        idx = header_row - first_row_number
        if not 0 <= idx < n:
            raise InputError(str(path), f"--header-row {header_row} is beyond the table's {n} rows",
                             row=header_row, hint="give the row number of the header as the spreadsheet shows it",
                             kind="header_row_beyond", params={"rows": n})
        top = grid.iloc[idx: idx + 2].to_numpy().tolist()
        found = [idx + i for i in _with_neighbour(top, 0)] if len(top) > 1 else [idx]
    else:
        found = detect_header(grid.iloc[:SEARCH_ROWS].to_numpy().tolist())
    # the header rows are consecutive: a slice, not a take (a take of a few rows from a chunked Arrow string
    # column concatenates the whole column first)
    names = header_names(grid.iloc[found[0]: found[-1] + 1].to_numpy().tolist())
    body = grid.iloc[found[-1] + 1:]
    body.columns = names
    body = body.assign(_row=np.arange(found[-1] + 1, n) + first_row_number)
    blank = (body[names] == "").all(axis=1).to_numpy() if names else np.ones(len(body), bool)
    # trailing columns with neither a name nor any value (a stray formatted cell) are not data
    keep = [c for c in names if not (c.startswith("column ") and (body[c] == "").all())]
    # no blank row (the usual case): select the columns without copying a million rows
    body = body[[*keep, "_row"]] if not blank.any() else body.loc[~blank, [*keep, "_row"]]
    body = body.reset_index(drop=True)
    return body, [i + first_row_number for i in found]
