"""Which column holds what: the names users give their lon/lat/category/name columns, and the lookup that
finds them (case- and space-insensitive) or says clearly which column is missing."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..errors import InputError
from .messages import name_list, names_param, quoted

LON_NAMES = ["lon", "lng", "long", "longitude", "x", "经度", "东经", "经度(e)", "wgs84_lon", "gcj02_lon",
             "lon_gcj02", "bd09_lon", "point_x", "經度"]
LAT_NAMES = ["lat", "latitude", "y", "纬度", "北纬", "纬度(n)", "wgs84_lat", "gcj02_lat", "lat_gcj02",
             "bd09_lat", "point_y", "緯度"]
CATEGORY_NAMES = ["category", "类别", "类型", "type", "分类", "机构类别", "kind", "類別", "類型"]
#: a separate designation-level column (国家级/省级/市级…), when a list has one
LEVEL_NAMES = ["级别", "level", "等级", "认定级别", "級別"]
NAME_NAMES = ["name", "名称", "机构名称", "单位名称", "企业名称", "name_zh", "机构", "单位", "名稱",
              "機構名稱"]
#: every name we recognise, for finding the header row of a spreadsheet
KNOWN_NAMES = [*LON_NAMES, *LAT_NAMES, *CATEGORY_NAMES, *NAME_NAMES]


def norm(col: object) -> str:
    """A column name as compared: no spaces, lower case."""
    return re.sub(r"\s+", "", str(col)).lower()


def find_column(columns: list[str], wanted: list[str]) -> str | None:
    """The first column whose normalised name is in ``wanted`` (case/space-insensitive)."""
    lookup: dict[str, str] = {}
    for c in columns:
        lookup.setdefault(norm(c), c)
    for name in wanted:
        if norm(name) in lookup:
            return lookup[norm(name)]
    return None


def resolve_column(path: Path, columns: list[str], given: str | None, wanted: list[str],
                   role: str, required: bool) -> str | None:
    """The column the user named (must exist), or the detected one; ``InputError`` when required and absent."""
    if given is not None:
        if given in columns:
            return given
        raise InputError(str(path), f"no column named {quoted(given)} (for {role}); columns are "
                         f"{name_list(columns)}", column=given, hint=f"pass the exact header of the {role} column",
                         kind="no_such_column", params={"role": role, "columns": names_param(columns)})
    found = find_column(columns, wanted)
    if found is None and required:
        raise InputError(
            str(path), f"cannot find the {role} column; columns are {name_list(columns)}",
            hint=f"name it one of {', '.join(wanted[:6])}, or pass --{'x' if role == 'longitude' else 'y'}"
                 " COLUMN (or --header-row N if the header is not the first row)",
            kind="column_not_found", params={"role": role, "columns": names_param(columns)})
    return found


def unique_names(names: list[object]) -> list[str]:
    """Header cells → unique column names in one linear pass: blanks become ``column N`` (1-based, as the
    spreadsheet counts), repeats get ``.1``, ``.2`` as pandas names them (pandas' own renaming scans a list
    per name, quadratic in the number of columns)."""
    seen: dict[str, int] = {}
    out = []
    for i, raw in enumerate(names):
        name = "" if raw is None else str(raw).strip()
        if not name or name.lower() == "nan":
            name = f"column {i + 1}"
        base, k = name, seen.get(name, 0)
        while name in seen:
            k += 1
            name = f"{base}.{k}"
        seen[base] = k
        seen[name] = 0
        out.append(name)
    return out


def usable_category_column(frame, columns: list[str], found: str | None) -> tuple[str | None, str | None]:
    """The category column to use instead of ``found`` when ``found`` is empty, and the note saying so.

    A second 类别 (or 类型 beside 类别) with values is used; when every candidate is empty the note says
    every row has an unknown category; when ``found`` repeats with values, the note names the ignored ones."""
    if found is None:
        return None, None

    def blank(c: str) -> bool:
        """Every cell blank: every distinct value is (a million rows, a handful of values)."""
        distinct = pd.Series(frame[c].unique(), dtype=frame[c].dtype)
        return bool(distinct.astype(str).str.strip().isin(["", "nan", "None"]).all())

    same = [c for c in columns if c == found or (c.startswith(f"{found}.") and c[len(found) + 1:].isdigit())]
    others = [c for c in columns if c not in same and find_column([c], CATEGORY_NAMES)]
    if blank(found):
        alt = next((c for c in [*same[1:], *others] if not blank(c)), None)
        if alt is not None:
            return alt, (f"the category column {quoted(found)} is empty: categories read from column "
                         f"{quoted(alt)} instead (pass --category to choose)")
        return found, f"the category column {quoted(found)} is empty: every row has an unknown category"
    if len(same) > 1:
        return found, (f"column {quoted(found)} appears {len(same)} times: categories read from the first; "
                       f"{name_list(same[1:])} ignored (pass --category to choose)")
    return found, None

