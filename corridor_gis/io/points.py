"""Import a list of institutions from CSV/XLSX/GeoPackage/GeoJSON/Shapefile as validated WGS84 points.

Nothing is dropped silently: every row that cannot be placed is returned in ``skipped`` with its row
number *as the user's spreadsheet shows it* (header = row 1, first data row = row 2; for vector files,
feature 1 = row 1) and a reason. If every row fails, :class:`InputError` names the file, the column and
what to do.

The CRS of a table is never guessed silently: if the user gives none, numbers that look like degrees are
read as WGS84 and the result says so (with a warning that lists copied from Amap/Baidu are GCJ-02/BD-09);
numbers that look like metres are refused until a projected CRS is named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyogrio.errors import DataSourceError

from .. import paths
from ..categories import normalise_category
from ..crs import CrsSpec, parse_crs, to_wgs84
from ..errors import InputError
from ..model import Dataset
from ..plan import TABLE_SUFFIXES, VECTOR_SUFFIXES, formats_sentence
from .tables import read_csv, read_xlsx

QINGDAO_BBOX = (119.5, 35.5, 121.1, 37.2)  # lon/lat, domain.md

LON_NAMES = ["lon", "lng", "long", "longitude", "x", "经度", "东经", "经度(e)", "wgs84_lon", "gcj02_lon",
             "lon_gcj02", "bd09_lon", "point_x", "經度"]
LAT_NAMES = ["lat", "latitude", "y", "纬度", "北纬", "纬度(n)", "wgs84_lat", "gcj02_lat", "lat_gcj02",
             "bd09_lat", "point_y", "緯度"]
CATEGORY_NAMES = ["category", "类别", "类型", "type", "分类", "机构类别", "kind", "類別", "類型"]
NAME_NAMES = ["name", "名称", "机构名称", "单位名称", "企业名称", "name_zh", "机构", "单位", "名稱",
              "機構名稱"]


@dataclass
class ImportOptions:
    """What the user told us (CLI flags or the import dialog); ``None`` = detect."""

    crs: str | None = None
    x: str | None = None
    y: str | None = None
    category: str | None = None
    name: str | None = None
    encoding: str | None = None
    sheet: str | int | None = None
    label: str | None = None


@dataclass
class ImportReport:
    """What happened on import, for the CLI output and the import dialog's preview."""

    columns: dict[str, str | None] = field(default_factory=dict)
    crs_given: bool = False
    crs_note: str = ""
    encoding: str | None = None
    unknown_categories: dict[str, int] = field(default_factory=dict)
    duplicates: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _norm(col: object) -> str:
    return re.sub(r"\s+", "", str(col)).lower()


def find_column(columns: list[str], wanted: list[str]) -> str | None:
    """The first column whose normalised name is in ``wanted`` (case/space-insensitive)."""
    lookup = {_norm(c): c for c in columns}
    for name in wanted:
        if _norm(name) in lookup:
            return lookup[_norm(name)]
    return None


def _resolve(path: Path, columns: list[str], given: str | None, wanted: list[str],
             role: str, required: bool) -> str | None:
    if given is not None:
        if given in columns:
            return given
        raise InputError(str(path), f"no column named {given!r} (for {role}); columns are {columns}",
                         column=given, hint=f"pass the exact header of the {role} column")
    found = find_column(columns, wanted)
    if found is None and required:
        raise InputError(
            str(path), f"cannot find the {role} column; columns are {columns}",
            hint=f"name it one of {', '.join(wanted[:6])}, or pass --{'x' if role == 'longitude' else 'y'}"
                 " COLUMN")
    return found


_NUMBER_CLEAN = re.compile(r"[°\s]|[ENSWensw]$")
_DMS = re.compile(r"^\s*(?P<d>\d+(?:\.\d+)?)\s*°\s*(?:(?P<m>\d+(?:\.\d+)?)\s*[′'分]\s*)?"
                  r"(?:(?P<s>\d+(?:\.\d+)?)\s*[″\"秒]\s*)?(?P<h>[NSEWnsew])?\s*$")


def _dms(text: str) -> float:
    """Degrees-minutes-seconds (120°27′30″E) → decimal degrees; NaN if not DMS."""
    m = _DMS.match(text)
    if not m:
        return np.nan
    value = float(m["d"]) + float(m["m"] or 0) / 60 + float(m["s"] or 0) / 3600
    return -value if (m["h"] or "").upper() in ("S", "W") else value


def parse_numbers(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Strings → floats (decimal degrees/metres, or DMS like 120°27′30″E); ok is False for blank or
    unparseable cells. Plain numbers take the fast C path; only the rest is cleaned and re-parsed."""
    numbers = pd.to_numeric(values, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan, copy=True)
    retry = np.flatnonzero(np.isnan(numbers))
    if len(retry):
        text = values.iloc[retry].astype("string").fillna("").str.strip()
        cleaned = text.str.replace(_NUMBER_CLEAN, "", regex=True).str.replace("，", ".", regex=False)
        again = pd.to_numeric(cleaned, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
        dms = np.isnan(again) & text.str.contains("°", regex=False).to_numpy(dtype=bool, na_value=False)
        if dms.any():
            again[dms] = [_dms(v) for v in text.to_numpy()[dms]]
        numbers[retry] = again
    return numbers, ~np.isnan(numbers)


def suggest_crs(x: np.ndarray, y: np.ndarray) -> tuple[str | None, str]:
    """A suggestion for a table without a stated CRS, and the sentence that explains it."""
    finite = np.isfinite(x) & np.isfinite(y)
    if not finite.any():
        return None, "no numeric coordinates to judge the CRS from"
    mx, my = np.nanmedian(np.abs(x[finite])), np.nanmedian(np.abs(y[finite]))
    if mx <= 360 and my <= 360:
        return "wgs84", ("CRS not stated: coordinates look like degrees, read as WGS84. Lists copied from "
                         "Amap (高德) or Tencent are GCJ-02 and from Baidu BD-09, ~300-600 m off: if so, "
                         "re-import with --crs gcj02 or --crs bd09")
    if 300_000 < mx < 700_000 and 3_900_000 < my < 4_200_000:
        return "EPSG:4549", ("coordinates look like metres in CGCS2000 / 3-degree GK CM 120E "
                             "(EPSG:4549, Qingdao's planning CRS)")
    return None, "coordinates look like projected metres of an unknown CRS"


def read_points(path: str | Path, options: ImportOptions | None = None) -> tuple[Dataset, ImportReport]:
    """Read, convert to WGS84 and validate a point list. Raises :class:`InputError` if nothing usable."""
    path = Path(path)
    options = options or ImportOptions()
    check_file(path)
    suffix = path.suffix.lower()
    report = ImportReport()
    if suffix in VECTOR_SUFFIXES:
        frame, x, y, crs, row_offset = _read_vector(path, options, report)
    elif suffix in TABLE_SUFFIXES or suffix == "":
        frame, x, y, crs, row_offset = _read_table(path, options, report)
    else:
        raise InputError(str(path), f"unsupported file type {suffix!r}",
                         hint=f"use one of: {formats_sentence()}")
    return _validate(path, frame, x, y, crs, row_offset, options, report)


def check_file(path: Path) -> None:
    """Refuse a missing path or a folder with a clear message."""
    if not path.exists():
        raise InputError(str(path), "file not found", hint="check the path and spelling")
    if path.is_dir():
        raise InputError(str(path), "this is a folder, not a file", hint="choose the file inside it")


def _read_table(path, options, report):
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        frame, sheet, sheets = read_xlsx(path, options.sheet)
        if len(sheets) > 1:
            report.notes.append(f"read sheet {sheet!r} of {sheets}; choose another with --sheet")
            if find_column([str(c) for c in frame.columns], LON_NAMES) is None and options.x is None:
                raise InputError(str(path), f"sheet {sheet!r} has no longitude column; the workbook has "
                                 f"sheets {sheets}", column=None,
                                 hint="choose the sheet with the list: --sheet NAME (or in the import dialog)")
    else:
        frame, report.encoding = read_csv(path, options.encoding)
    frame.columns = [str(c).strip() for c in frame.columns]
    columns = list(frame.columns)
    if len(frame) == 0:
        raise InputError(str(path), f"the table has a header ({', '.join(columns)}) but no rows",
                         row=2, hint="add the institutions below the header row")
    dupes = {c for c in columns if columns.count(c) > 1 or re.fullmatch(r".+\.\d+", c)}
    xcol = _resolve(path, columns, options.x, LON_NAMES, "longitude", True)
    ycol = _resolve(path, columns, options.y, LAT_NAMES, "latitude", True)
    for col in (xcol, ycol):
        if col in dupes or f"{col}.1" in columns:
            report.notes.append(f"column {col!r} appears more than once; the first one was used")
    report.columns.update({"x": xcol, "y": ycol})
    x, okx = parse_numbers(frame[xcol])
    y, oky = parse_numbers(frame[ycol])
    frame = frame.assign(_x_ok=okx, _y_ok=oky, _x_raw=frame[xcol], _y_raw=frame[ycol])
    if options.crs:
        crs = _parse_user_crs(path, options.crs)
        report.crs_given = True
        report.crs_note = f"CRS given: {crs.label}"
    else:
        if not (np.isfinite(x) & np.isfinite(y)).any():
            first = next((v for v in frame[xcol].astype(str) if v.strip()), "")
            hint = ("write decimal degrees such as 120.4567 (or DMS such as 120°27′30″E) and check that the right "
                    "columns were detected (--x/--y)")
            if f"{xcol}.1" in columns or f"{ycol}.1" in columns:
                hint = (f"the file has two columns named {xcol!r}/{ycol!r} and the first one is empty or not "
                        f"numeric: delete or rename it, or pass --x '{xcol}.1' --y '{ycol}.1'")
            raise InputError(str(path), f"none of the {len(frame)} rows has a number in the coordinate columns "
                             f"(first value: {first!r})", row=2, column=xcol, hint=hint)
        name, note = suggest_crs(x, y)
        if name is None or name != "wgs84":
            raise InputError(str(path), f"{note}; the CRS must be stated", column=xcol,
                             hint=f"pass --crs {name or 'EPSG:<code>'} (or choose it in the import dialog)")
        crs = parse_crs(name)
        report.crs_note = note
    return frame, x, y, crs, 2


def _parse_user_crs(path: Path, text: str) -> CrsSpec:
    try:
        return parse_crs(text)
    except ValueError as exc:
        raise InputError(str(path), str(exc), hint="use wgs84, cgcs2000, gcj02, bd09 or EPSG:N") from None


def _read_vector(path, options, report):
    try:
        frame = pyogrio.read_dataframe(path)
    except (DataSourceError, OSError, ValueError) as exc:
        raise InputError(str(path), f"not a readable vector file ({exc})",
                         hint="check it opens in QGIS; a Shapefile needs its .shx/.dbf beside it") from None
    if "geometry" not in frame or not isinstance(frame, gpd.GeoDataFrame):
        raise InputError(str(path), "the layer has no geometry column",
                         hint="use a point layer, or a table with lon/lat columns (CSV/XLSX)")
    geoms = frame.geometry.values
    kinds = shapely.get_type_id(geoms)
    # MultiPoints with one part are points; anything else is reported per row
    single = shapely.get_num_geometries(geoms) == 1
    pts = np.where((kinds == 4) & single, shapely.get_geometry(geoms, 0), geoms)
    is_point = shapely.get_type_id(pts) == 0
    empty = shapely.is_empty(pts) | pd.isna(pts)
    ok = is_point & ~empty
    x = np.full(len(frame), np.nan)
    y = np.full(len(frame), np.nan)
    if ok.any():
        x[ok] = shapely.get_x(pts[ok])
        y[ok] = shapely.get_y(pts[ok])
    reasons = np.where(empty, "empty geometry",
                       np.where(~is_point, "not a point geometry (import points, e.g. centroids)", ""))
    frame = pd.DataFrame(frame.drop(columns="geometry"))
    frame["_geom_reason"] = reasons
    frame["_x_ok"] = ok
    frame["_y_ok"] = ok
    frame["_x_raw"] = x
    frame["_y_raw"] = y
    if options.crs:
        crs = _parse_user_crs(path, options.crs)
        report.crs_given = True
        report.crs_note = f"CRS given: {crs.label} (overrides the file's)"
    else:
        file_crs = pyogrio.read_info(path).get("crs")
        if file_crs is None:
            name, note = suggest_crs(x, y)
            if name != "wgs84":
                raise InputError(str(path), f"the file has no CRS (.prj missing?) and {note}",
                                 hint="pass --crs EPSG:<code>, or add the .prj file")
            crs = parse_crs(name)
            report.crs_note = "the file has no CRS; " + note
        else:
            crs = _parse_user_crs(path, file_crs)
            report.crs_given = True
            report.crs_note = f"CRS from the file: {crs.label}"
    report.columns.update({"x": "(geometry)", "y": "(geometry)"})
    return frame, x, y, crs, 1


def _validate(path, frame, x, y, crs: CrsSpec, row_offset, options, report):
    n = len(frame)
    rows = np.arange(n) + row_offset
    reason = np.array(frame.get("_geom_reason", pd.Series([""] * n)).to_numpy(), dtype=object)
    xok, yok = frame["_x_ok"].to_numpy(bool), frame["_y_ok"].to_numpy(bool)
    xraw, yraw = frame["_x_raw"].astype(str).to_numpy(), frame["_y_raw"].astype(str).to_numpy()
    xcol, ycol = report.columns.get("x"), report.columns.get("y")
    for i in np.flatnonzero(~xok & (reason == "")):
        reason[i] = f"missing longitude in column {xcol!r}" if xraw[i].strip() in ("", "nan") \
            else f"not a number in column {xcol!r}: {xraw[i]!r}"
    for i in np.flatnonzero(~yok & (reason == "")):
        reason[i] = f"missing latitude in column {ycol!r}" if yraw[i].strip() in ("", "nan") \
            else f"not a number in column {ycol!r}: {yraw[i]!r}"
    bad_inf = (reason == "") & ~(np.isfinite(x) & np.isfinite(y))
    reason[bad_inf] = "coordinate is not finite (inf)"
    pending = reason == ""
    out_of_range = pending & crs.is_geographic & ((np.abs(x) > 180) | (np.abs(y) > 90))
    convertible = pending & ~out_of_range
    lon = np.full(n, np.nan)
    lat = np.full(n, np.nan)
    if convertible.any():
        lon[convertible], lat[convertible] = to_wgs84(x[convertible], y[convertible], crs)
    inside = _in_qingdao(lon, lat)
    misplaced = pending & ~inside
    swapped = np.zeros(n, bool)
    if crs.is_geographic and misplaced.any():
        slon, slat = to_wgs84(y[misplaced], x[misplaced], crs)
        swapped[misplaced] = _in_qingdao(slon, slat)
    for i in np.flatnonzero(misplaced):
        if swapped[i]:
            reason[i] = (f"longitude and latitude look swapped (x={x[i]:g}, y={y[i]:g}); swap the "
                         "columns or pass --x/--y")
        elif out_of_range[i]:
            reason[i] = (f"out of range for {crs.name} degrees (x={x[i]:g}, y={y[i]:g}); projected "
                         "metres? pass --crs EPSG:N")
        else:
            reason[i] = (f"outside Qingdao (lon {lon[i]:.4f}, lat {lat[i]:.4f} after {crs.name} → WGS84;"
                         " Qingdao is lon 119.5-121.1, lat 35.5-37.2)")
    good = reason == ""
    skipped = [{"row": int(rows[i]), "reason": str(reason[i])} for i in np.flatnonzero(~good)]
    if not good.any():
        first = skipped[0]["reason"] if skipped else "no rows"
        raise InputError(
            str(path), f"none of the {n} rows could be placed (first problem: {first})",
            column=f"{xcol}/{ycol}",
            hint="check the lon/lat columns and the CRS (--crs wgs84|gcj02|bd09|EPSG:N); "
                 "see the reasons with --json")
    columns = list(frame.columns)
    cat_col = _resolve(path, columns, options.category, CATEGORY_NAMES, "category", False)
    name_col = _resolve(path, columns, options.name, NAME_NAMES, "name", False)
    report.columns.update({"category": cat_col, "name": name_col})
    keep = frame.loc[good, [c for c in columns if not c.startswith("_")]].copy()
    labels = keep[cat_col].astype(str).str.strip() if cat_col else pd.Series("(none)", index=keep.index)
    # normalise each distinct label once (a list has a handful of labels and up to millions of rows)
    known = {v: normalise_category(v) for v in labels.unique()}
    canonical = labels.map({v: k or (v if v else "(none)") for v, k in known.items()})
    unknown = labels[labels.map(known).isna() & (labels != "(none)")]
    report.unknown_categories = {str(k): int(v) for k, v in unknown.value_counts().items()}
    points = gpd.GeoDataFrame(
        {"row": rows[good], "name": keep[name_col].astype(str).to_numpy() if name_col else "",
         "category": canonical.to_numpy(), "category_label": labels.to_numpy()},
        geometry=gpd.points_from_xy(lon[good], lat[good]), crs="EPSG:4326")
    for col in keep.columns:
        if col not in (xcol, ycol, cat_col, name_col) and col not in points.columns:
            points[col] = keep[col].astype(str).to_numpy()
    report.duplicates = _duplicates(points)
    at_sea = _offshore_rows(points)
    if at_sea:
        shown = ", ".join(str(r) for r in at_sea[:10]) + (" …" if len(at_sea) > 10 else "")
        report.notes.append(f"{len(at_sea)} row(s) lie in the sea more than ~500 m from land (rows {shown}): "
                            "a geocoding error or a wrong CRS? They are counted as given.")
    label = options.label or _label_from(keep)
    dataset = Dataset(path.stem, points, source=str(path), crs_used=crs.name, label=label,
                      skipped=skipped)
    return dataset, report


@cache
def _land() -> shapely.Geometry:
    """Qingdao's land, simplified and grown by ~500 m (coastal institutions sit on piers and reclaimed land)."""
    city = pyogrio.read_dataframe(paths.basemap_path(), layer="city").geometry.iloc[0]
    land = shapely.buffer(shapely.simplify(city, 0.001), 0.005)
    shapely.prepare(land)
    return land


def _offshore_rows(points: gpd.GeoDataFrame) -> list[int]:
    inside = shapely.contains_xy(_land(), points.geometry.x.to_numpy(), points.geometry.y.to_numpy())
    return [int(r) for r in points["row"].to_numpy()[~inside]]


def _in_qingdao(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    minx, miny, maxx, maxy = QINGDAO_BBOX
    with np.errstate(invalid="ignore"):
        return (lon >= minx) & (lon <= maxx) & (lat >= miny) & (lat <= maxy)


def _label_from(keep: pd.DataFrame) -> str:
    """Provenance label carried by the data itself (our bundled files have a ``label`` column)."""
    if "label" in keep.columns and keep["label"].nunique() == 1:
        return str(keep["label"].iloc[0])
    return "imported"


def _duplicates(points: gpd.GeoDataFrame) -> list[dict]:
    """Rows with the same name, category and coordinates as an earlier row (reported, not removed)."""
    key = pd.DataFrame({"name": points["name"], "cat": points["category"],
                        "x": points.geometry.x.round(7), "y": points.geometry.y.round(7)})
    dup = key.duplicated(keep="first")
    if not dup.any():
        return []
    first_row = key.groupby(list(key.columns), sort=False).ngroup()
    first_of_group = points["row"].groupby(first_row.to_numpy()).transform("first")
    return [{"row": int(r), "duplicate_of": int(f)}
            for r, f in zip(points["row"][dup], first_of_group[dup], strict=True)]
