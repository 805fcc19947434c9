"""What went wrong when a list could not be read, as a code and values: the readers' :class:`InputError`
kinds, for faces that word the error themselves (the import dialog points to its own boxes where the command
line's hint names a flag).

Every raise site names its kind (``InputError(…, kind=…, params=…)``); tests/io/test_error_kinds.py reads
each from a real file. An error raised without a kind has none (``None``): a face then shows the reader's
text.
"""

from __future__ import annotations

from ..errors import InputError

#: every kind a reader raises, and what its params hold (all plain str / int unless said)
#: (``names`` below: :func:`~.messages.names_param`'s ``{"names": [...], "total": N}``)
KINDS: dict[str, str] = {
    # the file itself (points.check_file, read_points)
    "file_not_found": "",
    "is_folder": "",
    "unsupported_type": "suffix",
    # text files (csv_grid, tables, encoding)
    "empty_file": "",
    "header_too_long": "kb: the longest first line read",
    "too_many_fields": "fields (as printed, e.g. '3,000'), max",
    "wide_row": "fields, max",
    "nul_bytes": "encoding",
    "csv_unreadable": "detail: the parser's words",
    "unknown_encoding": "encoding",
    "encoding_invalid": "encoding: the one asked for; works: one that reads the whole file, or rows: the rows "
                        "that are not UTF-8 in a UTF-8 file (or neither: nothing common reads it)",
    "encoding_row": "encoding: the file's; the error's row is the row that is not in it",
    "undecodable": "",
    # workbooks (workbooks)
    "workbook_password": "",
    "workbook_unreadable": "format, detail",
    "workbook_no_sheets": "",
    "no_such_sheet": "sheet, sheets (names)",
    "sheet_empty": "sheet, sheets (names)",
    "sheet_without_list": "sheet",
    "zip_not_workbook": "suffix",
    # the table under its header (header, columns, points)
    "header_row_beyond": "rows: how many the table has (the error's row is the header row asked for)",
    "no_rows": "columns (names)",
    "no_such_column": "role: longitude|latitude|category|name, columns (names)",
    "column_not_found": "role, columns (names)",
    "no_numbers": "n, first: the first value, x, y: the columns",
    "no_numbers_twice": "n, first, x, y: two columns of each name, the first empty or not numeric",
    "crs_required": "suggestion: a CRS name or ''",
    "crs_swapped_metres": "suggestion",
    "unknown_crs": "crs: as the user wrote it",
    "none_placed": "n, vector: a vector file (no lon/lat columns); row, reason, code, code_params: the first "
                   "skipped row (io.reasons)",
    # vector files (vector, preview, points)
    "vector_unreadable": "detail",
    "vector_no_crs": "",
    "no_such_layer": "layer, layers (names)",
    "layer_required": "n, layers (names)",
    "no_geometry": "",
}


def error_kind(exc: InputError) -> tuple[str, dict] | None:
    """``(kind, params)`` of a reader's error, ``None`` when it was raised without a kind."""
    return (exc.kind, dict(exc.params)) if exc.kind is not None else None
