"""What went wrong when a list could not be read, as a code and values: the readers' :class:`InputError`
kinds, for faces that word the error themselves (the import dialog points to its own boxes where the command
line's hint names a flag).

Most raise sites name their kind (``InputError(…, kind=…, params=…)``). The CSV reader's core
(:mod:`.csv_grid`, :mod:`.tables`, :mod:`.encoding`) raises without one for now: :func:`error_kind` recognises
those errors by their message, which its tests and the CLI's pin (tests/io/test_error_kinds.py reads each of
them from a real file, so a changed wording fails there, not silently in the dialog). Once a raise site there
names its kind, its entry in :data:`RECOGNISED` is no longer used and can go.

An error whose kind is neither named nor recognised has none (``None``): a face then shows the reader's text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..errors import InputError

#: every kind a reader raises, and what its params hold (all plain str / int unless said)
#: (``names`` below: :func:`~.messages.names_param`'s ``{"names": [...], "total": N}``)
KINDS: dict[str, str] = {
    # the file itself (points.check_file, read_points)
    "file_not_found": "",
    "is_folder": "",
    "unsupported_type": "suffix",
    # text files (csv_grid, tables, encoding: recognised below)
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


def _groups(match: re.Match) -> dict:
    return {k: v for k, v in match.groupdict().items() if v is not None}


def _encoding_invalid(exc: InputError, match: re.Match) -> dict:
    """The encoding asked for, and what the reader found does read the file (its tested advice)."""
    params = _groups(match)
    hint = exc.hint or ""
    if works := re.search(r"the file reads as (\S+): ", hint):
        params["works"] = works[1]
    elif rows := re.search(r"the file is UTF-8 except rows (.+?): leave out", hint):
        params["rows"] = rows[1]
    return params


def _unquoted(_exc: InputError, match: re.Match) -> dict:
    return {"encoding": match["encoding"][1:-1]}


#: (kind, pattern of the message, params from the match) for raise sites that name no kind yet
RECOGNISED: list[tuple[str, re.Pattern, Callable[[InputError, re.Match], dict]]] = [
    ("empty_file", re.compile(r"the file is empty\Z"), lambda _e, m: {}),
    ("header_too_long", re.compile(r"the first line is longer than (?P<kb>\d+) KB \(no line break"),
     lambda _e, m: _groups(m)),
    ("too_many_fields", re.compile(r"the header line has (?P<fields>[\d,]+) fields \(more than (?P<max>\d+)\)"),
     lambda _e, m: _groups(m)),
    ("wide_row", re.compile(r"a row near the top has (?P<fields>[\d,]+) fields \(more than (?P<max>\d+)\)"),
     lambda _e, m: _groups(m)),
    ("nul_bytes", re.compile(r"the text decoded as (?P<encoding>\S+) contains NUL bytes"), lambda _e, m: _groups(m)),
    ("csv_unreadable", re.compile(r"not a readable CSV table \((?P<detail>.*)\)\Z", re.DOTALL),
     lambda _e, m: _groups(m)),
    ("unknown_encoding", re.compile(r"unknown encoding (?P<encoding>(['\"]).*\2)\Z"), _unquoted),
    ("encoding_invalid", re.compile(r"not valid (?P<encoding>\S+) text \(bytes "), _encoding_invalid),
    ("encoding_row", re.compile(r"the text reads as (?P<encoding>\S+) but this row does not"),
     lambda _e, m: _groups(m)),
    ("undecodable", re.compile(r"cannot decode the text in any common encoding"), lambda _e, m: {}),
]


def error_kind(exc: InputError) -> tuple[str, dict] | None:
    """``(kind, params)`` of a reader's error: the kind it was raised with, else the one its message is
    recognised as (:data:`RECOGNISED`); ``None`` when neither says."""
    if exc.kind is not None:
        return exc.kind, dict(exc.params)
    for kind, pattern, params in RECOGNISED:
        if match := pattern.match(exc.message):
            return kind, params(exc, match)
    return None
