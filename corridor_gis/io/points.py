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

import dataclasses
import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyogrio
import shapely

from .. import paths
from ..categories import classify_column, classify_labels
from ..crs import CrsSpec, parse_crs, to_wgs84
from ..errors import InputError
from ..frames import take_sorted
from ..model import Dataset
from ..plan import TABLE_SUFFIXES, VECTOR_SUFFIXES, formats_sentence
from ..spatial_index import grid_membership
from .columns import (
    CATEGORY_NAMES,
    LAT_NAMES,
    LEVEL_NAMES,
    LON_NAMES,
    NAME_NAMES,
    find_column,
    resolve_column,
    usable_category_column,
)
from .coords import in_qingdao, metres_swapped, parse_numbers, suggest_crs
from .crs_evidence import advice, crs_evidence
from .messages import clip, name_list, names_param, quoted
from .reasons import add_note, zh_names
from .vector import choose_layer, crs_is_stated, dbf_encoding, point_table, read_gpkg_points, read_vector_frame
from .workbooks import load_table

if TYPE_CHECKING:  # category_map reads CSVs through this package: imported for the type only
    from ..category_map import CategoryMap

__all__ = ["CATEGORY_NAMES", "LAT_NAMES", "LON_NAMES", "NAME_NAMES", "ImportOptions", "ImportReport",
           "check_file", "find_column", "parse_numbers", "read_points", "suggest_crs"]


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
    #: layer of a multi-layer file (GeoPackage, KML); required when more than one could hold the list
    layer: str | None = None
    #: the header's row number as the spreadsheet shows it (1-based); ``None`` = find it
    header_row: int | None = None
    #: the user's decisions for labels the rules cannot read (``label,category,level``); None = rules only
    category_map: CategoryMap | None = None


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
    #: the layer read and every layer of the file (vector files)
    layer: str | None = None
    layers: list[str] = field(default_factory=list)
    #: the sheet read (workbooks) and the header's row number(s) as the spreadsheet shows them
    sheet: str | None = None
    header_rows: list[int] = field(default_factory=list)
    #: rows whose bytes were not in the file's main encoding (read in the one named in ``notes``)
    mixed_encoding_rows: list[int] = field(default_factory=list)
    #: what the file or column names say about an unstated CRS (see io.crs_evidence)
    crs_evidence: str | None = None
    crs_reason: str = ""
    #: the English text of a note or of ``crs_note`` → (code, params), so faces can word it in Chinese
    #: (:func:`corridor_gis.io.reasons.localize`)
    coded: dict[str, tuple[str, dict]] = field(default_factory=dict)
    #: a skipped row's reason as (code, params), by spreadsheet row (``skipped`` keeps row + English reason)
    coded_rows: dict[int, tuple[str, dict]] = field(default_factory=dict)

    def to_json(self) -> str:
        """The report as JSON, kept in a saved project so its notes (points at sea, duplicates, unknown labels,
        the CRS note) are still shown, and exported, after the project is opened again."""
        doc = dataclasses.asdict(self)
        doc["coded_rows"] = {str(row): list(value) for row, value in self.coded_rows.items()}
        doc["coded"] = {text: list(value) for text, value in self.coded.items()}
        return json.dumps(doc, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> ImportReport:
        """A report saved by :meth:`to_json` (fields this version does not know are left out)."""
        doc = json.loads(text)
        known = {f.name for f in dataclasses.fields(cls)}
        report = cls(**{k: v for k, v in doc.items() if k in known})
        report.coded_rows = {int(row): (code, params) for row, (code, params) in report.coded_rows.items()}
        report.coded = {text: (code, params) for text, (code, params) in report.coded.items()}
        return report


def read_points(path: str | Path, options: ImportOptions | None = None,
                progress: Progress | None = None) -> tuple[Dataset, ImportReport]:
    """Read, convert to WGS84 and validate a point list. Raises :class:`InputError` if nothing usable.

    ``progress(stage, fraction)`` is told each stage as it starts (``fraction`` 0) and ends (1): ``reading``,
    ``checking`` (coordinates and CRS), ``classifying`` (labels), ``counting`` (duplicates, points at sea);
    and, where the reader knows its position within ``reading`` (a workbook's rows), fractions in between. A
    face may raise from it to stop the read there (the app's cancel button)."""
    path = Path(path)
    options = options or ImportOptions()
    progress = progress or _no_progress
    check_file(path)
    suffix = path.suffix.lower()
    report = ImportReport()
    progress("reading", 0.0)
    if suffix in VECTOR_SUFFIXES:
        frame, x, y, crs = _read_vector(path, options, report)
    elif suffix in TABLE_SUFFIXES or suffix == "":
        frame, x, y, crs = _read_table(path, options, report, progress)
    else:
        raise InputError(str(path), f"unsupported file type {quoted(suffix)}",
                         hint=f"use one of: {formats_sentence()}", kind="unsupported_type",
                         params={"suffix": clip(suffix)})
    progress("reading", 1.0)
    return _validate(path, frame, x, y, crs, options, report, progress)


#: a reader's progress callback: (stage, fraction of it done)
Progress = Callable[[str, float], None]


def _no_progress(stage: str, fraction: float) -> None:
    """No face is listening (the CLI)."""


def check_file(path: Path) -> None:
    """Refuse a missing path or a folder with a clear message."""
    if not path.exists():
        raise InputError(str(path), "file not found", hint="check the path and spelling", kind="file_not_found")
    if path.is_dir():
        raise InputError(str(path), "this is a folder, not a file", hint="choose the file inside it", kind="is_folder")


def _read_table(path, options, report, progress: Progress = _no_progress):
    read = load_table(path, options.encoding, options.sheet, options.header_row,
                      progress=lambda fraction: progress("reading", fraction))
    frame = read.frame
    report.encoding, report.sheet, report.header_rows = read.encoding, read.sheet, read.header_rows
    report.mixed_encoding_rows = read.foreign_rows
    report.notes.extend(read.notes)
    report.coded.update(read.coded)
    if len(read.sheets) > 1:
        if find_column([str(c) for c in frame.columns], LON_NAMES) is None and options.x is None:
            raise InputError(str(path), f"sheet {quoted(read.sheet)} has no longitude column; the workbook has "
                             f"sheets {name_list(read.sheets)}", column=None,
                             hint="choose the sheet with the list: --sheet NAME (or in the import dialog)",
                             kind="sheet_without_list", params={"sheet": clip(read.sheet)})
        if not any("--sheet" in n for n in read.notes):
            add_note(report.notes, report.coded, f"read sheet {quoted(read.sheet)} of {name_list(read.sheets)}; "
                     "choose another with --sheet", "sheet_read", sheet=clip(read.sheet), sheets=zh_names(read.sheets))
    frame.columns = [str(c).strip() for c in frame.columns]
    if "_row" not in frame.columns:
        frame["_row"] = np.arange(2, len(frame) + 2)
    columns = [c for c in frame.columns if not c.startswith("_")]
    if len(frame) == 0:
        last = report.header_rows[-1] if report.header_rows else 1
        raise InputError(str(path), f"the table has a header ({name_list(columns)}) but no rows",
                         row=last + 1, hint="add the institutions below the header row", kind="no_rows",
                         params={"columns": names_param(columns)})
    xcol = resolve_column(path, columns, options.x, LON_NAMES, "longitude", True)
    ycol = resolve_column(path, columns, options.y, LAT_NAMES, "latitude", True)
    for col in (xcol, ycol):
        if f"{col}.1" in columns:
            add_note(report.notes, report.coded, f"column {quoted(col)} appears more than once; the first one was used",
                     "duplicate_column", column=clip(col))
    report.columns.update({"x": xcol, "y": ycol})
    x, okx = parse_numbers(frame[xcol])
    y, oky = parse_numbers(frame[ycol])
    frame = frame.assign(_x_ok=okx, _y_ok=oky, _x_raw=frame[xcol], _y_raw=frame[ycol])
    if options.crs:
        crs = _parse_user_crs(path, options.crs)
        report.crs_given = True
        report.crs_note = f"CRS given: {crs.label}"
        report.coded[report.crs_note] = ("crs_given", {"crs": crs.label})
    else:
        first_row = int(frame["_row"].iloc[0])
        if not (np.isfinite(x) & np.isfinite(y)).any():
            first = next((v for v in frame[xcol].astype(str) if v.strip()), "")
            hint = ("write decimal degrees such as 120.4567 (or DMS such as 120°27′30″E) and check that the right "
                    "columns were detected (--x/--y)")
            params = {"n": len(frame), "first": clip(first), "x": clip(xcol), "y": clip(ycol)}
            if twice := f"{xcol}.1" in columns or f"{ycol}.1" in columns:
                hint = (f"the file has two columns named {quoted(xcol)}/{quoted(ycol)} and the first one is empty "
                        f"or not numeric: delete or rename it, or pass --x '{xcol}.1' --y '{ycol}.1'")
            raise InputError(str(path), f"none of the {len(frame)} rows has a number in the coordinate columns "
                             f"(first value: {quoted(first)})", row=first_row, column=xcol, hint=hint,
                             kind="no_numbers_twice" if twice else "no_numbers", params=params)
        name, note = suggest_crs(x, y)
        if name is None or name != "wgs84":
            hint = f"pass --crs {name or 'EPSG:<code>'} (or choose it in the import dialog)"
            params = {"suggestion": name or ""}
            if swapped := metres_swapped(x, y):
                hint = (f"swap the columns: pass --x {quoted(ycol)} --y {quoted(xcol)} --crs EPSG:4549 "
                        "(or choose them in the import dialog)")
            raise InputError(str(path), f"{note}; the CRS must be stated", column=xcol, hint=hint,
                             kind="crs_swapped_metres" if swapped else "crs_required", params=params)
        crs = parse_crs(name)
        report.crs_note = note
        report.coded[note] = ("crs_unstated_degrees", {})
        _add_evidence(path, columns, frame, report)
    return frame, x, y, crs


def _add_evidence(path: Path, columns: list[str], frame: pd.DataFrame | None, report: ImportReport) -> None:
    """Add what the names say about the unstated CRS to the warning (the reading itself stays WGS84)."""
    report.crs_evidence, report.crs_reason = crs_evidence(path, columns, frame)
    if report.crs_reason:
        report.crs_note += f" — {advice(report.crs_evidence, report.crs_reason)}"
        if report.crs_evidence in ("gcj02", "bd09"):
            report.coded[report.crs_note] = ("crs_unstated_evidence", {"crs": report.crs_evidence.upper()
                                                                       .replace("GCJ02", "GCJ-02")
                                                                       .replace("BD09", "BD-09")})
        elif report.crs_evidence:
            report.coded[report.crs_note] = ("crs_unstated_evidence_wgs84", {})


#: the vector reader's per-row reasons (io.vector) → their codes
_VECTOR_REASONS = {"empty geometry": "empty_geometry",
                   "not a point geometry (import points, e.g. centroids)": "not_point"}



def _parse_user_crs(path: Path, text: str) -> CrsSpec:
    try:
        return parse_crs(text)
    except ValueError as exc:
        raise InputError(str(path), clip(exc, 300), hint="use wgs84, cgcs2000, gcj02, bd09 or EPSG:N",
                         kind="unknown_crs", params={"crs": clip(text)}) from None


def _read_vector(path, options, report):
    layer, report.layers = choose_layer(path, options.layer)
    report.layer = layer
    if len(report.layers) > 1:
        add_note(report.notes, report.coded, f"read layer {quoted(layer)} of {name_list(report.layers)}", "layer_read",
                 layer=clip(layer), layers=zh_names(report.layers))
    encoding = options.encoding or dbf_encoding(path)
    if encoding and not options.encoding:
        add_note(report.notes, report.coded, f"the Shapefile does not state its text encoding (no .cpg): attributes "
                 f"read as {encoding} (detected); pass --encoding to override", "dbf_encoding", encoding=encoding)
    report.encoding = encoding
    fast = read_gpkg_points(path, layer) if not encoding else None
    if fast is not None:
        frame, x, y, file_crs = fast
    else:
        gdf, file_crs = read_vector_frame(path, layer, encoding)
        frame, x, y = point_table(path, gdf)
    if options.crs:
        crs = _parse_user_crs(path, options.crs)
        report.crs_given = True
        report.crs_note = f"CRS given: {crs.label} (overrides the file's)"
    elif file_crs is None:
        name, note = suggest_crs(x, y)
        if name != "wgs84":
            raise InputError(str(path), f"the file has no CRS (.prj missing?) and {note}",
                             hint="pass --crs EPSG:<code>, or add the .prj file", kind="vector_no_crs")
        crs = parse_crs(name)
        report.crs_note = "the file has no CRS; " + note
    else:
        crs = _parse_user_crs(path, file_crs)
        if crs_is_stated(path, file_crs):
            report.crs_given = True
            report.crs_note = f"CRS from the file: {crs.label}"
            report.coded[report.crs_note] = ("crs_from_file", {"crs": crs.label})
        else:
            kind = "KML" if path.suffix.lower() in (".kml", ".kmz") else "GeoJSON without a 'crs' member"
            report.crs_note = (f"CRS not stated ({kind} is WGS84 by definition), read as WGS84. Files exported "
                               "from Amap (高德)-based tools are GCJ-02 and from Baidu BD-09, ~300-600 m off: if "
                               "so, re-import with --crs gcj02 or --crs bd09")
    if not report.crs_given:
        _add_evidence(path, [c for c in frame.columns if not str(c).startswith("_")], frame, report)
    report.columns.update({"x": "(geometry)", "y": "(geometry)"})
    return frame, x, y, crs


def _validate(path, frame, x, y, crs: CrsSpec, options, report, progress: Progress = _no_progress):
    progress("checking", 0.0)
    n = len(frame)
    rows = frame["_row"].to_numpy(dtype=np.int64)
    # the reason (and its code, io.reasons, with parameters) of each row that cannot be placed, by position:
    # dicts, not million-row object arrays, which are fresh memory to fill for the few rows that fail
    reason: dict[int, str] = {}
    code: dict[int, str] = {}
    params: dict[int, dict] = {}
    if "_geom_reason" in frame:
        geom_reason = frame["_geom_reason"].to_numpy()
        failed = geom_reason != ""
        reason.update((i, geom_reason[i]) for i in np.flatnonzero(failed).tolist())
    else:
        failed = np.zeros(n, bool)
    xok, yok = frame["_x_ok"].to_numpy(bool), frame["_y_ok"].to_numpy(bool)
    xcol, ycol = report.columns.get("x"), report.columns.get("y")
    # the raw text is needed only for the rows that failed (converting a million cells costs ~0.3 s)
    bad_x = np.flatnonzero(~xok & ~failed)
    xraw = frame["_x_raw"].iloc[bad_x].astype(str).to_numpy()
    for i, raw in zip(bad_x.tolist(), xraw, strict=True):
        empty = raw.strip() in ("", "nan")
        reason[i] = f"missing longitude in column {quoted(xcol)}" if empty \
            else f"not a number in column {quoted(xcol)}: {quoted(raw)}"
        code[i], params[i] = ("missing_x", {"column": quoted(xcol)}) if empty else \
            ("not_number_x", {"column": quoted(xcol), "value": quoted(raw)})
    failed[bad_x] = True
    bad_y = np.flatnonzero(~yok & ~failed)
    yraw = frame["_y_raw"].iloc[bad_y].astype(str).to_numpy()
    for i, raw in zip(bad_y.tolist(), yraw, strict=True):
        empty = raw.strip() in ("", "nan")
        reason[i] = f"missing latitude in column {quoted(ycol)}" if empty \
            else f"not a number in column {quoted(ycol)}: {quoted(raw)}"
        code[i], params[i] = ("missing_y", {"column": quoted(ycol)}) if empty else \
            ("not_number_y", {"column": quoted(ycol), "value": quoted(raw)})
    failed[bad_y] = True
    bad_inf = ~failed & ~(np.isfinite(x) & np.isfinite(y))
    for i in np.flatnonzero(bad_inf).tolist():
        reason[i], code[i] = "coordinate is not finite (inf)", "not_finite"
    pending = ~failed & ~bad_inf
    out_of_range = pending & crs.is_geographic & ((np.abs(x) > 180) | (np.abs(y) > 90))
    convertible = pending & ~out_of_range
    if convertible.all():  # the usual list: no copies in and out of a million-row selection
        lon, lat = to_wgs84(x, y, crs)
    else:
        lon, lat = np.full(n, np.nan), np.full(n, np.nan)
        if convertible.any():
            lon[convertible], lat[convertible] = to_wgs84(x[convertible], y[convertible], crs)
    inside = in_qingdao(lon, lat)
    misplaced = pending & ~inside
    swapped = np.zeros(n, bool)
    if misplaced.any():
        slon, slat = to_wgs84(y[misplaced], x[misplaced], crs)
        swapped[misplaced] = in_qingdao(slon, slat)
    for i in np.flatnonzero(misplaced).tolist():
        if swapped[i] and crs.is_geographic:
            reason[i] = (f"longitude and latitude look swapped (x={x[i]:g}, y={y[i]:g}); swap the "
                         "columns or pass --x/--y")
            code[i], params[i] = "swapped_degrees", {"x": f"{x[i]:g}", "y": f"{y[i]:g}"}
        elif swapped[i]:
            reason[i] = (f"X and Y look swapped (x={x[i]:.0f} is a northing, y={y[i]:.0f} an easting in "
                         f"{crs.name}); swap the columns: pass --x {quoted(ycol)} --y {quoted(xcol)}")
            code[i], params[i] = "swapped_metres", {"x": f"{x[i]:.0f}", "y": f"{y[i]:.0f}", "crs": crs.name}
        elif out_of_range[i]:
            reason[i] = (f"out of range for {crs.name} degrees (x={x[i]:g}, y={y[i]:g}); projected "
                         "metres? pass --crs EPSG:N")
            code[i], params[i] = "out_of_range", {"x": f"{x[i]:g}", "y": f"{y[i]:g}", "crs": crs.name}
        else:
            reason[i] = (f"outside Qingdao (lon {lon[i]:.4f}, lat {lat[i]:.4f} after {crs.name} → WGS84;"
                         " Qingdao is lon 119.5-121.1, lat 35.5-37.2)")
            code[i], params[i] = "outside", {"lon": f"{lon[i]:.4f}", "lat": f"{lat[i]:.4f}", "crs": crs.name}
    good = pending & ~misplaced
    all_good = bool(good.all())
    bad = np.flatnonzero(~good).tolist()
    skipped = [{"row": int(rows[i]), "reason": str(reason[i])} for i in bad]
    for i in bad:
        row_code = code.get(i) or _VECTOR_REASONS.get(str(reason[i]))
        if row_code:
            report.coded_rows[int(rows[i])] = (row_code, params.get(i, {}))
    if not good.any():
        first = skipped[0]["reason"] if skipped else "no rows"
        raise InputError(
            str(path), f"none of the {n} rows could be placed (first problem: {first})",
            column=f"{xcol}/{ycol}",
            hint="check the lon/lat columns and the CRS (--crs wgs84|gcj02|bd09|EPSG:N); "
                 "see the reasons with --json", kind="none_placed", params=_first_problem(n, skipped, report))
    if not all_good:
        lon, lat = lon[good], lat[good]
    # which points are on land (GEOS and numpy, mostly without the interpreter's lock) on another core while
    # the labels are classified; the job ends on its own if the read stops first
    pool = ThreadPoolExecutor(max_workers=1)
    on_land = pool.submit(_on_land, lon, lat)
    pool.shutdown(wait=False)
    columns = [c for c in frame.columns if not c.startswith("_")]
    cat_col = _category_column(path, frame, columns, options, report)
    name_col = resolve_column(path, columns, options.name, NAME_NAMES, "name", False)
    report.columns.update({"category": cat_col, "name": name_col})
    keep = frame[columns] if all_good else frame.loc[good, columns]
    # category and level by meaning, each distinct label once (a handful of labels, up to millions of rows);
    # a separate level column (级别), when the list has one, gives the level
    level_col = find_column(columns, LEVEL_NAMES)
    level_labels = keep[level_col].astype(str) if level_col and level_col != cat_col else None
    progress("classifying", 0.0)
    if cat_col:
        labels, classes, is_unknown = classify_column(keep[cat_col], options.category_map, level_labels)
    else:
        labels = pd.Series("(none)", index=keep.index)
        classes = classify_labels(labels, options.category_map, level_labels)
        is_unknown = np.zeros(len(labels), dtype=bool)
    canonical = classes["category"]
    unknown = labels[is_unknown]
    report.unknown_categories = {}
    for k, v in unknown.value_counts().items():  # labels clipped: a hostile cell must not flood the summary
        report.unknown_categories[clip(k)] = report.unknown_categories.get(clip(k), 0) + int(v)
    # the attributes and the coordinates; no shapely Points (the Dataset builds them if a face needs them)
    points = pd.DataFrame(
        # ``.array``: the columns stay Arrow strings (``.to_numpy()`` would turn each into Python objects and
        # the frame back into Arrow, ~0.3 s per column at 1M rows); same dtype and values
        {"row": rows if all_good else rows[good], "name": keep[name_col].astype(str).array if name_col else "",
         "category": canonical.array, "category_label": labels.array,
         "level": classes["level"].array})
    extra = [c for c in keep.columns if c not in (xcol, ycol, cat_col, name_col) and c not in points.columns]
    if extra:
        points = pd.concat([points, pd.DataFrame({c: keep[c].astype(str).array for c in extra})], axis=1)
    progress("counting", 0.0)
    report.duplicates = _duplicates(points, lon, lat)
    at_sea = points["row"].to_numpy()[~on_land.result()]
    if len(at_sea):
        shown = ", ".join(str(r) for r in at_sea[:10]) + (" …" if len(at_sea) > 10 else "")
        note = (f"{len(at_sea)} row(s) lie in the sea more than ~500 m from land (rows {shown}): "
                "a geocoding error or a wrong CRS? They are counted as given.")
        report.notes.append(note)
        report.coded[note] = ("offshore", {"n": len(at_sea), "rows": shown})
    progress("counting", 1.0)
    label = options.label or _label_from(keep)
    dataset = Dataset(path.stem, None, source=str(path), crs_used=crs.name, label=label,
                      skipped=skipped, crs_stated=report.crs_given, table=points, lon=lon, lat=lat)
    return dataset, report


def _first_problem(n: int, skipped: list[dict], report: ImportReport) -> dict:
    """``none_placed``'s params: how many rows, and the first skipped row with its reason and the reason's code
    (a face words it as it words the skipped rows, :func:`~corridor_gis.io.reasons.skip_reason`)."""
    if not skipped:
        return {"n": n, "vector": report.columns.get("x") == "(geometry)"}
    row = skipped[0]["row"]
    code, params = report.coded_rows.get(row, (None, {}))
    return {"n": n, "row": row, "reason": skipped[0]["reason"], "code": code, "code_params": params,
            "vector": report.columns.get("x") == "(geometry)"}


def _category_column(path: Path, frame: pd.DataFrame, columns: list[str], options: ImportOptions,
                     report: ImportReport) -> str | None:
    """The category column — never an empty one silently: when the detected column is blank and another
    category column (a second 类别, or 类型 beside 类别) has values, that one is used, with a note."""
    col = resolve_column(path, columns, options.category, CATEGORY_NAMES, "category", False)
    if options.category is not None:
        return col
    col, note = usable_category_column(frame, columns, col)
    if note:
        report.notes.append(note)
    return col


@cache
def _land_wkb() -> bytes:
    """Qingdao's land, simplified and grown by ~500 m (coastal institutions sit on piers and reclaimed land),
    as WKB: each check builds its own geometry from it (:func:`_on_land`)."""
    city = pyogrio.read_dataframe(paths.basemap_path(), layer="city").geometry.iloc[0]
    return shapely.to_wkb(shapely.buffer(shapely.simplify(city, 0.001), 0.005))


def _on_land(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Whether each point lies on Qingdao's land grown by ~500 m; the others are in the sea. The test runs on
    a geometry of its own (~1 ms to build), prepared here: a GEOS prepared geometry is not safe to share
    between threads (libgeos/geos#825), and the reader runs this on a thread of its own, maybe twice at once."""
    return grid_membership(shapely.from_wkb(_land_wkb()), x, y, closed=False)


def _label_from(keep: pd.DataFrame) -> str:
    """Provenance label carried by the data itself (our bundled files have a ``label`` column)."""
    if "label" in keep.columns and keep["label"].nunique() == 1:
        return str(keep["label"].iloc[0])
    return "imported"


def _shared_coordinates(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Rows whose coordinate pair, rounded to 7 decimals, occurs more than once. The pair is packed into one
    int64 (in units of 1e-7°, which the rounding makes exact) so that one integer sort does it: ~60 ms a
    million rows instead of ~0.3 s hashing float pairs; pairs that do not fit are hashed as pairs. Worked in
    place: each million-row temporary is fresh memory, which costs more than the arithmetic on a VM."""
    xr, yr = np.round(x, 7), np.round(y, 7)
    # packable when finite and within ±1e11 degrees (1e-7° units fit an int64); lon/lat always are
    if len(x) and np.isfinite(xr).all() and np.isfinite(yr).all() and max(np.abs(xr).max(), np.abs(yr).max()) < 1e11:
        xi, yi = _units(xr), _units(yr)
        xi -= xi.min()
        yi -= yi.min()
        span = int(yi.max()) + 1
        if (int(xi.max()) + 1) * span < 2**62:
            xi *= span
            xi += yi
            return _repeated(xi)
    return pd.DataFrame({"x": xr, "y": yr}).duplicated(keep=False).to_numpy()


def _repeated(keys: np.ndarray) -> np.ndarray:
    """Mask of the keys that occur more than once (``duplicated(keep=False)``), by one sort: ~2/3 of a hash
    pass's time and a sixth of its fresh memory at a million keys, and nearly free when nothing repeats."""
    ordered = np.sort(keys)
    same = ordered[1:] == ordered[:-1]
    if not same.any():
        return np.zeros(len(keys), dtype=bool)
    return np.isin(keys, ordered[1:][same])


def _units(rounded: np.ndarray) -> np.ndarray:
    """Degrees rounded to 7 decimals → int64 in units of 1e-7° (``rounded`` is overwritten)."""
    rounded *= 1e7
    np.rint(rounded, out=rounded)
    return rounded.astype(np.int64)


def _duplicates(points: pd.DataFrame, x: np.ndarray, y: np.ndarray) -> list[dict]:
    """Rows with the same name, category and coordinates (rounded to 7 decimals) as an earlier row (reported,
    not removed).

    Rows of one such group share their rounded coordinates, so only rows whose coordinates occur more than
    once are compared by name and category (a float pair hashes ~10x faster than a row with two strings;
    most lists have few repeated coordinates), and only those rows' name, category and row are taken."""
    shared = np.flatnonzero(_shared_coordinates(x, y))
    if not len(shared):
        return []
    rows = points["row"].to_numpy()[shared]
    key = pd.DataFrame({"name": take_sorted(points["name"], shared).array,
                        "cat": take_sorted(points["category"], shared).array,
                        "x": np.round(x[shared], 7), "y": np.round(y[shared], 7)})
    dup = key.duplicated(keep="first").to_numpy()
    if not dup.any():
        return []
    group = key.groupby(list(key.columns), sort=False).ngroup().to_numpy()
    first_of_group = pd.Series(rows).groupby(group).transform("first").to_numpy()
    return [{"row": int(r), "duplicate_of": int(f)} for r, f in zip(rows[dup], first_of_group[dup], strict=True)]
