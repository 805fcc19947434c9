"""Read CSV files into string tables under their header row, bounded before pandas sees them.

The encoding is detected in :mod:`.encoding`, the header row (below title rows) in :mod:`.header`.
"""

from __future__ import annotations

import codecs
import csv
import io
import mmap
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import InputError
from .encoding import PREFIX_BYTES, decode_text, detect_encoding, is_clearly_foreign
from .header import frame_from_grid
from .messages import clip

__all__ = ["TableRead", "check_header_bounds", "detect_encoding", "read_csv", "read_csv_table"]

#: a header line longer than this is not a list's header (a real one is a few hundred bytes)
MAX_HEADER_BYTES = 64 * 1024
#: more fields than this in the header is not a list of institutions (and pandas renames duplicate
#: header names with a list scan per name: 10⁵ fields take minutes)
MAX_COLUMNS = 500
_SEPARATORS = (b",", b"\t", b";", b"|")


def check_header_bounds(path: Path, head: bytes, size: int) -> None:
    """Refuse, from the first bytes only, a file whose first line is not a plausible table header.

    Runs before the whole file is read or handed to pandas, so a 200 MB single-line file is refused in
    milliseconds instead of hanging for minutes.
    """
    utf16 = head.startswith(codecs.BOM_UTF16_LE) or head.startswith(codecs.BOM_UTF16_BE)
    newline = b"\n\x00" if head.startswith(codecs.BOM_UTF16_LE) else b"\n"
    end = head.find(newline, 0, MAX_HEADER_BYTES * (2 if utf16 else 1))
    first = head[: end if end >= 0 else MAX_HEADER_BYTES * (2 if utf16 else 1)]
    if end < 0 and size > len(first):
        raise InputError(str(path), f"the first line is longer than {MAX_HEADER_BYTES // 1024} KB "
                         f"(no line break in the first {len(first):,} of {size:,} bytes): not a table",
                         row=1, hint="export the list again as CSV, one institution per line under one "
                         "header line (名称,类别,经度,纬度)")
    if utf16:
        first = first.replace(b"\x00", b"")
    # Excel writes trailing separators for formatted but empty columns: they are not fields
    first = first.rstrip(b"\r\n").rstrip(b",;\t| ")
    fields = max(first.count(sep) for sep in _SEPARATORS) + 1
    if fields > MAX_COLUMNS:
        raise InputError(str(path), f"the header line has {fields:,} fields (more than {MAX_COLUMNS}): "
                         "not a list of institutions", row=1,
                         hint="check it is the right file; a list needs only name, category, longitude and "
                         "latitude columns")


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


def read_csv_table(path: Path, encoding: str | None = None, header_row: int | None = None) -> TableRead:
    """All cells as strings under the detected (or given) header row; coordinates are parsed later, row by
    row, with reasons."""
    size = path.stat().st_size
    with open(path, "rb") as fh:
        head = fh.read(2 * MAX_HEADER_BYTES + 4)
        if head.strip():
            check_header_bounds(path, head, size)
        raw = _whole_file(fh, head, size)
    if not head.strip() and not bytes(raw).strip():  # a file of blanks is short: the copy costs nothing
        raise InputError(str(path), "the file is empty", hint="export the list again with a header row")
    fast = _bytes_grid(path, raw, encoding) or _transcoded_grid(path, raw, encoding)
    grid, enc, foreign = (*fast, []) if fast is not None else _text_grid(path, bytes(raw), encoding)
    frame, header_rows = frame_from_grid(path, grid, header_row)
    read = TableRead(frame, enc, header_rows, foreign)
    if foreign:
        shown = ", ".join(map(str, foreign[:10])) + (" …" if len(foreign) > 10 else "")
        read.notes.append(f"the file is UTF-8 but row(s) {shown} are not ({len(foreign)} rows): read them as "
                          "GBK/GB18030 — check their names, and save the file as 'CSV UTF-8'")
    if header_rows and header_rows != [1]:
        read.notes.append(f"header found in row {'+'.join(map(str, header_rows))} (rows above it are a title); "
                          "set it with --header-row N")
    return read


def _whole_file(fh, head: bytes, size: int) -> bytes | mmap.mmap:
    """The file's bytes, memory-mapped: Arrow parses them where the page cache holds them. Reading a
    million-row file into a ``bytes`` (and joining it to its first bytes) writes ~170 MB of fresh memory,
    and fresh memory is what costs on a virtual machine (~0.3 s of page faults here). Files that cannot be
    mapped (empty, a pipe) are read."""
    if size > len(head):
        try:
            return mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError):
            pass
    return head + fh.read()


def _layout(path: Path, sample: str) -> tuple[str, int, int]:
    """Separator, number of fields and of filled fields, from the first lines of the decoded text."""
    try:
        sep = csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        sep = ","
    top = list(csv.reader(sample.splitlines()[:200], delimiter=sep))
    width = max((len(r) for r in top), default=1)
    filled = max((len(r) - next((i for i, c in enumerate(reversed(r)) if c.strip()), len(r)) for r in top),
                 default=1) or 1
    if filled > MAX_COLUMNS:
        raise InputError(str(path), f"a row near the top has {filled:,} fields (more than {MAX_COLUMNS})",
                         hint="check the separator and that it is a list of institutions")
    return sep, width, filled


def _text_grid(path: Path, raw: bytes, encoding: str | None) -> tuple[pd.DataFrame, str, list[int]]:
    """The grid from the decoded text (every file :func:`_bytes_grid` leaves: mixed encodings, UTF-16,
    ragged rows…): Arrow when the table is regular, else pandas, whose errors become messages."""
    text, enc, foreign = decode_text(path, raw, encoding)
    if "\x00" in text:
        raise InputError(str(path), f"the text decoded as {enc} contains NUL bytes (binary or garbled)",
                         hint="check the file is a CSV; pass --encoding if you know it (utf-16, gbk)")
    sep, width, filled = _layout(path, text[:20_000])
    # thousands of empty trailing columns (formatted cells in Excel) are left out rather than held in memory
    columns = {"names": range(width)} if width <= MAX_COLUMNS else {"names": range(filled), "usecols": range(filled)}
    utf8 = _utf8_bytes(text)
    grid = _arrow_grid(utf8, sep, width)
    if grid is None:
        buffer = io.BytesIO(utf8) if utf8 is not None else io.StringIO(text)
        try:
            grid = pd.read_csv(buffer, encoding="utf-8", sep=sep, dtype=str, keep_default_na=False, header=None,
                               skip_blank_lines=False, skipinitialspace=True, **columns)
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            raise InputError(str(path), f"not a readable CSV table ({clip(exc, 200)})",
                             hint="check the separator and that every row has the same number of columns"
                             ) from None
        grid = grid.fillna("")
    return grid, enc, foreign


#: UTF-8's multi-byte characters never contain a byte of , ; | tab CR LF space or a double quote (all its
#: continuation bytes are >= 0x80), so a UTF-8 CSV's structure can be read off its bytes
_UTF8 = {"utf-8", "utf-8-sig", "ascii"}
#: encodings (as :func:`codecs.lookup` names them) whose text Arrow may decode as it parses: ASCII is itself
#: in them and a NUL byte is a NUL character, so :func:`_transcoded_grid`'s byte checks answer for the text
_TRANSCODED = {"gb18030", "gbk", "gb2312", "big5", "big5hkscs", "cp950"}
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
#: the raw bytes of a file: a ``bytes`` or a read-only memory map of it (see :func:`_whole_file`)
Raw = bytes | mmap.mmap


def _bytes_grid(path: Path, raw: Raw, encoding: str | None) -> tuple[pd.DataFrame, str] | None:
    """The grid of a regular UTF-8 table, parsed by Arrow straight from the file's bytes (a million rows:
    no decode of the whole text in Python and no encode back to UTF-8 for the parser, ~0.3 s). ``None``
    whenever the file needs :func:`_text_grid` (or :func:`_transcoded_grid`): another encoding, a BOM under
    a named encoding, NUL bytes, a first megabyte that is not UTF-8, bytes that are not UTF-8 later on (Arrow
    checks; maybe a UTF-8 list with a few GBK rows), or a table Arrow cannot read as pandas would (see
    :func:`_arrow_grid`). Same strings and encoding name as that path."""
    bom = raw[:len(codecs.BOM_UTF8)] == codecs.BOM_UTF8
    if (bom and encoding) or raw.find(b"\x00") >= 0:  # under a named encoding a BOM stays text (decode_text)
        return None
    body = memoryview(raw)[len(codecs.BOM_UTF8):] if bom else raw
    enc = encoding or ("utf-8-sig" if bom else "utf-8")
    try:
        if codecs.lookup(enc).name not in _UTF8:
            return None
        sample = _decode_start(body, "utf-8")
    except (LookupError, UnicodeDecodeError):
        return None
    sep, width, _ = _layout(path, sample[:20_000])
    grid = _arrow_grid(body, sep, width)
    return (grid, enc) if grid is not None else None


def _transcoded_grid(path: Path, raw: Raw, encoding: str | None) -> tuple[pd.DataFrame, str] | None:
    """The grid of a regular GBK/GB18030 (or Big5) table, decoded by Arrow block by block as it parses.

    Decoding a million-row GBK file whole and encoding it back to UTF-8 for the parser writes ~200 MB of
    fresh memory (the text and its UTF-8 copy) — most of the cost of such a read on a virtual machine;
    block by block, with the same Python codec, the blocks reuse their memory. The encoding is the one
    :func:`~corridor_gis.io.encoding.decode_text` would choose: given, or detected from the first megabyte
    when that already shows the file is not UTF-8 (a UTF-8 file with a few foreign rows needs the whole
    file: :func:`_text_grid`). ``None`` for anything else, and whenever a block does not decode or the
    table is not Arrow's (:func:`_arrow_grid`): the text way then reads it and words the problem."""
    if raw[:3] in _BOMS or raw[:2] in _BOMS or raw.find(b"\x00") >= 0:
        return None
    try:
        if encoding is None:
            if len(raw) <= PREFIX_BYTES or not is_clearly_foreign(raw[:PREFIX_BYTES]):
                return None
            encoding = detect_encoding(raw[:PREFIX_BYTES])
        if codecs.lookup(encoding).name not in _TRANSCODED:
            return None
        sample = _decode_start(raw, encoding)
    except (LookupError, UnicodeDecodeError):
        return None
    sep, width, _ = _layout(path, sample[:20_000])
    grid = _arrow_grid(raw, sep, width, encoding)
    return (grid, encoding) if grid is not None else None


def _decode_start(data: Raw | memoryview, encoding: str, size: int = 1 << 20) -> str:
    """The first ``size`` bytes decoded; a character cut at the end of the sample is not an error."""
    prefix = bytes(data[:size])
    try:
        return prefix.decode(encoding)
    except UnicodeDecodeError as exc:
        if len(data) > size and exc.start >= size - 4:
            return prefix[: exc.start].decode(encoding)
        raise


def _arrow_grid(data: Raw | memoryview | None, sep: str, width: int, encoding: str = "utf8"
                ) -> pd.DataFrame | None:
    """The grid read by Arrow's multi-threaded CSV parser, or ``None`` when the file needs pandas' reading.

    For a regular table — every record has ``width`` fields, no field starts with a space (pandas'
    ``skipinitialspace`` would drop it) and no quoted field spans lines — both parsers give the same strings,
    Arrow in a fraction of the time (a million rows: ~0.2 s instead of ~2.5 s with pandas' conversion to Arrow
    strings). Anything else (ragged rows, blank lines, initial spaces) is left to pandas, whose messages and
    row numbers the readers' tests pin down. ``data`` is read where it lies (a memory map is not copied);
    text in another ``encoding`` is decoded block by block as Arrow reads it."""
    if data is None or width < 2 or width > MAX_COLUMNS:
        return None
    import pyarrow as pa
    from pyarrow import csv as pacsv

    names = [str(i) for i in range(width)]
    try:
        table = pacsv.read_csv(
            pa.BufferReader(pa.py_buffer(data)),
            read_options=pacsv.ReadOptions(column_names=names, block_size=8 << 20, encoding=encoding),
            parse_options=pacsv.ParseOptions(delimiter=sep, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()),
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False))
    except (pa.ArrowInvalid, UnicodeError):  # ragged rows, bytes that are not UTF-8 (or not ``encoding``) …
        return None
    if _leading_blank(table):
        return None
    grid = table.to_pandas()
    grid.columns = range(width)
    return grid


def _leading_blank(table) -> bool:
    """Whether any field as Arrow parsed it starts with a space or a tab (a line starting with one, or one
    after a separator): pandas' ``skipinitialspace`` drops it, Arrow keeps it, so such a file is pandas'.
    One vectorised test per column (~30 ms a million rows) instead of searching the whole file's bytes or
    text for every separator-space pair (~0.35 s); a quoted field holding ", " no longer counts."""
    import pyarrow.compute as pc

    return any(pc.any(pc.or_(pc.starts_with(column, " "), pc.starts_with(column, "\t"))).as_py()
               for column in table.columns)


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
