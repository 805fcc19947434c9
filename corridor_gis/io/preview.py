"""What the import dialog shows before anything is imported: the first rows as the file has them, and
the detected encoding, columns and CRS suggestion."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..crs import parse_crs
from ..errors import InputError
from ..plan import VECTOR_SUFFIXES
from .columns import CATEGORY_NAMES, LAT_NAMES, LON_NAMES, NAME_NAMES, find_column, usable_category_column
from .coords import parse_numbers, suggest_crs_coded
from .crs_evidence import crs_evidence_coded
from .messages import clip, names_param
from .points import ImportOptions, check_file
from .vector import POINT_TYPES, crs_is_stated, dbf_encoding, list_layers, read_vector_frame
from .workbooks import load_table


def preview(path: str | Path, options: ImportOptions | None = None, rows: int = 20) -> tuple[pd.DataFrame, dict]:
    """The first ``rows`` rows as the user's file has them, plus detected settings.

    Returns (table, info) where info has ``encoding``, ``columns`` (detected lon/lat/category/name) and
    ``crs_suggestion``/``crs_note`` — what the import dialog shows before the user confirms — and
    ``crs_code``: (code, params) of ``crs_note`` (``layers``, ``file``, ``no_file_crs``, ``format_wgs84``,
    ``columns_not_found`` or a :func:`~corridor_gis.io.coords.suggest_crs_coded` code), which the dialog words
    in the UI's language.
    """
    path = Path(path)
    options = options or ImportOptions()
    info: dict = {"encoding": None}
    suffix = path.suffix.lower()
    check_file(path)
    if suffix in VECTOR_SUFFIXES:
        layers = list_layers(path)
        info["layers"] = [n for n, _ in layers]
        candidates = [n for n, g in layers if g in POINT_TYPES] or info["layers"]
        if options.layer is not None and options.layer not in info["layers"]:
            raise InputError(str(path), f"no layer named {options.layer!r}", hint="choose one of the file's layers",
                             kind="no_such_layer",
                             params={"layer": clip(options.layer), "layers": names_param(info["layers"])})
        layer = options.layer or (candidates[0] if len(candidates) == 1 else None)
        #: the user must pick a layer before anything is read (pyogrio would silently take the first)
        info["layer_required"] = layer is None
        info["layer"] = layer
        if layer is None:
            empty = pd.DataFrame()
            info.update(crs_suggestion=None, crs_note=f"the file has {len(candidates)} layers: choose one",
                        crs_code=("layers", {"n": len(candidates)}), crs_stated=False,
                        columns={"x": None, "y": None, "category": None, "name": None},
                        all_columns=[])
            return empty, info
        encoding = options.encoding or dbf_encoding(path)
        info["encoding"] = encoding
        gdf, file_crs = read_vector_frame(path, layer, encoding, max_features=rows)
        table = pd.DataFrame(gdf.drop(columns="geometry", errors="ignore")).astype(str)
        table["geometry"] = gdf.geometry.to_wkt() if "geometry" in gdf else ""
        stated = crs_is_stated(path, file_crs)
        info["crs_stated"] = stated
        info["crs_suggestion"] = parse_crs(file_crs).name if file_crs else None
        info["crs_note"] = (f"CRS from the file: {file_crs}" if stated else
                            "the file has no CRS" if not file_crs else
                            "CRS not stated in the file (WGS84 by the format's definition; Amap-based exports "
                            "are GCJ-02)")
        info["crs_code"] = (("file", {"crs": str(file_crs)}) if stated else ("no_file_crs", {}) if not file_crs
                            else ("format_wgs84", {}))
        columns = list(table.columns)
    else:
        read = load_table(path, options.encoding, options.sheet, options.header_row)
        table = read.frame.drop(columns="_row")
        info.update(encoding=read.encoding, header_rows=read.header_rows, notes=read.notes, coded=read.coded,
                    mixed_encoding_rows=read.foreign_rows)
        if read.sheets:
            info.update(sheet=read.sheet, sheets=read.sheets)
        columns = list(table.columns)
        info["crs_stated"] = False
        xcol, ycol = find_column(columns, LON_NAMES), find_column(columns, LAT_NAMES)
        if xcol and ycol:
            x, _ = parse_numbers(table[xcol])
            y, _ = parse_numbers(table[ycol])
            info["crs_suggestion"], info["crs_note"], code, params = suggest_crs_coded(x, y)
            info["crs_code"] = (code, params)
        else:
            info["crs_suggestion"], info["crs_note"] = None, "lon/lat columns not found: choose them"
            info["crs_code"] = ("columns_not_found", {})
        table = table.head(rows)
    category, note = usable_category_column(table, columns, find_column(columns, CATEGORY_NAMES))
    if note:
        info.setdefault("notes", []).append(note)
    info["columns"] = {"x": find_column(columns, LON_NAMES), "y": find_column(columns, LAT_NAMES),
                       "category": category, "name": find_column(columns, NAME_NAMES)}
    info["all_columns"] = columns
    if options.crs is None and not info.get("crs_stated"):
        info["crs_evidence"], info["crs_reason"], info["crs_evidence_where"] = crs_evidence_coded(path, columns,
                                                                                                  table)
    else:
        info["crs_evidence"], info["crs_reason"], info["crs_evidence_where"] = None, "", {}
    return table, info
