"""Read CSV files into string tables under their header row, bounded before pandas sees them.

The encoding is detected in :mod:`.encoding`, the header row (below title rows) in :mod:`.header`.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import background
from ..errors import InputError
from .csv_grid import (
    MAX_COLUMNS,
    MAX_HEADER_BYTES,
    arrow_table,
    check_header_bounds,
    grid_key,
    layout,
    read_grid,
)
from .encoding import decode_text, detect_encoding
from .header import frame_from_grid
from .messages import clip
from .reasons import add_note

__all__ = ["MAX_COLUMNS", "MAX_HEADER_BYTES", "TableRead", "check_header_bounds", "detect_encoding", "read_csv",
           "read_csv_table"]


@dataclass
class TableRead:
    """A table as read: the rows under the header (``_row`` = the spreadsheet's row number) and how."""

    frame: pd.DataFrame
    encoding: str | None = None
    header_rows: list[int] = field(default_factory=list)
    #: rows decoded in another encoding than the file's (a UTF-8 file with a few GBK rows)
    foreign_rows: list[int] = field(default_factory=list)
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: the code and params of each note (:func:`~.reasons.note`), for the faces that word it
    coded: dict[str, tuple[str, dict]] = field(default_factory=dict)


def read_csv_table(path: Path, encoding: str | None = None, header_row: int | None = None) -> TableRead:
    """All cells as strings under the detected (or given) header row; coordinates are parsed later, row by
    row, with reasons. The bytes and Arrow's grid come from :func:`~.csv_grid.read_grid`: from the read a
    command started early on a thread (:func:`~.csv_grid.start_reading`) when there is one for this file as
    it is now."""
    read = background.collect(grid_key(path, encoding), read_grid, path, encoding)
    if read.table is not None:
        grid, enc, foreign = _pandas_grid(read.table), read.encoding, []
    else:
        grid, enc, foreign = _text_grid(path, bytes(read.raw), encoding)
    frame, header_rows = frame_from_grid(path, grid, header_row)
    table = TableRead(frame, enc, header_rows, foreign)
    if foreign:
        shown = ", ".join(map(str, foreign[:10])) + (" …" if len(foreign) > 10 else "")
        add_note(table.notes, table.coded, f"the file is UTF-8 but row(s) {shown} are not ({len(foreign)} rows): read "
                 "them as GBK/GB18030 — check their names, and save the file as 'CSV UTF-8'", "foreign_rows",
                 rows=shown, n=len(foreign))
    if header_rows and header_rows != [1]:
        rows = "+".join(map(str, header_rows))
        add_note(table.notes, table.coded, f"header found in row {rows} (rows above it are a title); set it with "
                 "--header-row N", "header_below_title", rows=rows)
    return table


def _pandas_grid(table) -> pd.DataFrame:
    """Arrow's grid as the text way's frame: string columns named 0, 1, …"""
    grid = table.to_pandas()
    grid.columns = range(table.num_columns)
    return grid


def _text_grid(path: Path, raw: bytes, encoding: str | None) -> tuple[pd.DataFrame, str, list[int]]:
    """The grid from the decoded text (every file :func:`~.csv_grid.bytes_table` and
    :func:`~.csv_grid.transcoded_table` leave: mixed encodings, UTF-16, ragged rows…): Arrow when the table is
    regular, else pandas, whose errors become messages."""
    text, enc, foreign = decode_text(path, raw, encoding)
    if "\x00" in text:
        raise InputError(str(path), f"the text decoded as {enc} contains NUL bytes (binary or garbled)",
                         hint="check the file is a CSV; pass --encoding if you know it (utf-16, gbk)",
                         kind="nul_bytes", params={"encoding": enc})
    sep, width, filled = layout(path, text[:20_000])
    # thousands of empty trailing columns (formatted cells in Excel) are left out rather than held in memory
    columns = {"names": range(width)} if width <= MAX_COLUMNS else {"names": range(filled), "usecols": range(filled)}
    utf8 = _utf8_bytes(text)
    table = arrow_table(utf8, sep, width)
    grid = _pandas_grid(table) if table is not None else None
    if grid is None:
        buffer = io.BytesIO(utf8) if utf8 is not None else io.StringIO(text)
        try:
            grid = pd.read_csv(buffer, encoding="utf-8", sep=sep, dtype=str, keep_default_na=False, header=None,
                               skip_blank_lines=False, skipinitialspace=True, **columns)
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            raise InputError(str(path), f"not a readable CSV table ({clip(exc, 200)})",
                             hint="check the separator and that every row has the same number of columns",
                             kind="csv_unreadable", params={"detail": clip(exc, 200)}) from None
        grid = grid.fillna("")
    return grid, enc, foreign


def _utf8_bytes(text: str) -> bytes | None:
    """The decoded text as UTF-8 bytes for the parsers. Handed a ``StringIO``, pandas re-encodes it in
    small chunks (``pandas.io.common._BytesIOWrapper``): ~5 s of a 1M-row read; one ``encode`` takes ~0.1 s.
    ``None`` for text that cannot be UTF-8 (a lone surrogate from a broken UTF-16 file): pandas reads the
    text itself."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return None


def read_csv(path: Path, encoding: str | None = None) -> tuple[pd.DataFrame, str]:
    """The table and its encoding (see :func:`read_csv_table`)."""
    read = read_csv_table(path, encoding)
    return read.frame, read.encoding or ""
