"""The pandas-free half of reading a CSV list: its bytes (memory-mapped) and the grid of strings Arrow parses
from them, or word that the file needs the decoded-text way (:mod:`.tables`).

Kept free of pandas so a command can start this read on a thread while the interpreter still imports the
libraries that will check and count the rows (:func:`read_grid`, :mod:`corridor_gis.background`).
"""

from __future__ import annotations

import codecs
import csv
import mmap
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .. import background
from ..errors import InputError
from . import transcode
from .encoding import PREFIX_BYTES, detect_encoding, is_clearly_foreign

if TYPE_CHECKING:
    import pyarrow as pa

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
                         "header line (名称,类别,经度,纬度)", kind="header_too_long",
                         params={"kb": str(MAX_HEADER_BYTES // 1024)})
    if utf16:
        first = first.replace(b"\x00", b"")
    # Excel writes trailing separators for formatted but empty columns: they are not fields
    first = first.rstrip(b"\r\n").rstrip(b",;\t| ")
    fields = max(first.count(sep) for sep in _SEPARATORS) + 1
    if fields > MAX_COLUMNS:
        raise InputError(str(path), f"the header line has {fields:,} fields (more than {MAX_COLUMNS}): "
                         "not a list of institutions", row=1,
                         hint="check it is the right file; a list needs only name, category, longitude and "
                         "latitude columns", kind="too_many_fields",
                         params={"fields": f"{fields:,}", "max": str(MAX_COLUMNS)})


@dataclass
class GridRead:
    """A CSV file's bytes and, when Arrow could parse them as the text way would, its grid as an Arrow table
    (columns ``"0"``, ``"1"`` … of strings, no header) with the encoding name the text way would give."""

    raw: Raw
    table: pa.Table | None = None
    encoding: str | None = None


def read_grid(path: Path, encoding: str | None = None, transcoding: transcode.Transcoding | None = None
              ) -> GridRead:
    """The file's bytes and its Arrow grid (UTF-8 straight from the bytes, GBK/GB18030 transcoded block by
    block), after the checks that refuse it from its first bytes. Raises :class:`InputError` for a file
    that is not a table (see :func:`check_header_bounds`) or is empty. ``transcoding``: the file's UTF-8
    text being written by a child process (:func:`start_reading`), used in place of Arrow's transcoding."""
    try:
        return _read_grid(path, encoding, transcoding)
    finally:
        if transcoding is not None:
            transcoding.close()


def _read_grid(path: Path, encoding: str | None, transcoding: transcode.Transcoding | None) -> GridRead:
    size = path.stat().st_size
    with open(path, "rb") as fh:
        head = fh.read(2 * MAX_HEADER_BYTES + 4)
        if head.strip():
            check_header_bounds(path, head, size)
        raw = whole_file(fh, head, size)
        if transcoding is not None and transcoding.source != transcode.identity(fh.fileno()):
            transcoding = None  # the file changed since the child read it: its text is not this file's
    if not head.strip() and not bytes(raw).strip():  # a file of blanks is short: the copy costs nothing
        raise InputError(str(path), "the file is empty", hint="export the list again with a header row",
                         kind="empty_file")
    fast = bytes_table(path, raw, encoding) or transcoded_table(path, raw, encoding, transcoding)
    return GridRead(raw, *fast) if fast is not None else GridRead(raw)


def start_reading(path: Path, encoding: str | None = None) -> None:
    """Start :func:`read_grid` of ``path`` on a thread (Arrow parses without the interpreter's lock), for a
    command that still has its libraries to import; :func:`~corridor_gis.io.tables.read_csv_table` collects
    it if the file and the encoding asked for are still the same (:func:`grid_key`). A GBK/GB18030 list is
    first handed to a forked child to transcode (:mod:`.transcode`): the fork comes before pyarrow is
    imported, which starts threads of its own. Arrow's modules are imported here, before the thread starts,
    so the thread does not import them beside the caller's imports (only charset-normalizer, for a file the
    strict encodings do not fit, loads on the thread)."""
    transcoding = _start_transcoding(path, encoding)
    import pyarrow.compute
    import pyarrow.csv  # noqa: F401

    background.start(grid_key(path, encoding), read_grid, path, encoding, transcoding)


def _start_transcoding(path: Path, encoding: str | None) -> transcode.Transcoding | None:
    """A child transcoding the file to UTF-8 when :func:`transcoded_table` may decode it (else ``None``); the
    child itself chooses the encoding (:func:`transcoding_encoding`), off this thread's interpreter time."""
    try:
        with open(path, "rb") as fh:
            source = transcode.identity(fh.fileno())
            raw = whole_file(fh, b"", source[2])
    except OSError:
        return None
    if not _may_transcode(raw, encoding):
        return None
    return transcode.start(raw, lambda: transcoding_encoding(raw, encoding), source)


def grid_key(path: Path, encoding: str | None) -> tuple:
    """What a started read must match to be used: the file as it is now and the encoding asked for."""
    return background.file_key("csv_grid", path, encoding)


def whole_file(fh, head: bytes, size: int) -> bytes | mmap.mmap:
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


def layout(path: Path, sample: str) -> tuple[str, int, int]:
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
                         hint="check the separator and that it is a list of institutions", kind="wide_row",
                         params={"fields": f"{filled:,}", "max": str(MAX_COLUMNS)})
    return sep, width, filled


#: UTF-8's multi-byte characters never contain a byte of , ; | tab CR LF space or a double quote (all its
#: continuation bytes are >= 0x80), so a UTF-8 CSV's structure can be read off its bytes
_UTF8 = {"utf-8", "utf-8-sig", "ascii"}
#: encodings (as :func:`codecs.lookup` names them) whose text Arrow may decode as it parses: ASCII is itself
#: in them and a NUL byte is a NUL character, so :func:`transcoded_table`'s byte checks answer for the text
_TRANSCODED = {"gb18030", "gbk", "gb2312", "big5", "big5hkscs", "cp950"}
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
#: the raw bytes of a file: a ``bytes`` or a read-only memory map of it (see :func:`whole_file`)
Raw = bytes | mmap.mmap


def bytes_table(path: Path, raw: Raw, encoding: str | None) -> tuple[pa.Table, str] | None:
    """The grid of a regular UTF-8 table, parsed by Arrow straight from the file's bytes (a million rows:
    no decode of the whole text in Python and no encode back to UTF-8 for the parser, ~0.3 s). ``None``
    whenever the file needs the text way (:mod:`.tables`) or :func:`transcoded_table`: another encoding, a
    BOM under a named encoding, NUL bytes, a first megabyte that is not UTF-8, bytes that are not UTF-8 later
    on (Arrow checks; maybe a UTF-8 list with a few GBK rows), or a table Arrow cannot read as pandas would
    (see :func:`arrow_table`). Same strings and encoding name as the text way."""
    bom = raw[:len(codecs.BOM_UTF8)] == codecs.BOM_UTF8
    if (bom and encoding) or raw.find(b"\x00") >= 0:  # under a named encoding a BOM stays text (decode_text)
        return None
    body = memoryview(raw)[len(codecs.BOM_UTF8):] if bom else raw
    enc = encoding or ("utf-8-sig" if bom else "utf-8")
    try:
        if codecs.lookup(enc).name not in _UTF8:
            return None
        sample = decode_start(body, "utf-8")
    except (LookupError, UnicodeDecodeError):
        return None
    sep, width, _ = layout(path, sample[:20_000])
    table = arrow_table(body, sep, width)
    return (table, enc) if table is not None else None


def transcoded_table(path: Path, raw: Raw, encoding: str | None, transcoding: transcode.Transcoding | None = None
                     ) -> tuple[pa.Table, str] | None:
    """The grid of a regular GBK/GB18030 (or Big5) table, decoded by Arrow block by block as it parses.

    Decoding a million-row GBK file whole and encoding it back to UTF-8 for the parser writes ~200 MB of
    fresh memory (the text and its UTF-8 copy) — most of the cost of such a read on a virtual machine;
    block by block, with the same Python codec, the blocks reuse their memory. The encoding is the one
    :func:`~corridor_gis.io.encoding.decode_text` would choose (:func:`transcoding_encoding`). ``None`` for
    anything else, and whenever a block does not decode or the table is not Arrow's (:func:`arrow_table`): the
    text way then reads it and words the problem. With a ``transcoding`` child (:mod:`.transcode`) Arrow
    parses the UTF-8 text it wrote, the same text decoded by the same codec in another process."""
    utf8 = transcoding.result() if transcoding is not None else None
    encoding = transcoding.encoding if utf8 is not None else transcoding_encoding(raw, encoding)
    if encoding is None:
        return None
    try:
        sample = decode_start(raw, encoding)
    except UnicodeDecodeError:
        return None
    sep, width, _ = layout(path, sample[:20_000])
    table = arrow_table(utf8, sep, width) if utf8 is not None else arrow_table(raw, sep, width, encoding)
    return (table, encoding) if table is not None else None


def transcoding_encoding(raw: Raw, encoding: str | None) -> str | None:
    """The encoding :func:`transcoded_table` decodes ``raw`` with: the one given, or the one detected from the
    first megabyte when that already shows the file is not UTF-8 (a UTF-8 file with a few foreign rows needs
    the whole file: the text way, :mod:`.tables`); ``None`` when it is not one of Arrow's (:data:`_TRANSCODED`)
    or the file may not be transcoded at all (:func:`_may_transcode`)."""
    if not _may_transcode(raw, encoding):
        return None
    try:
        encoding = encoding if encoding is not None else detect_encoding(raw[:PREFIX_BYTES])
        return encoding if codecs.lookup(encoding).name in _TRANSCODED else None
    except (LookupError, UnicodeDecodeError):
        return None


def _may_transcode(raw: Raw, encoding: str | None) -> bool:
    """The quick half of :func:`transcoding_encoding`: no BOM, no NUL bytes, and one of Arrow's encodings given
    or a first megabyte that already shows the file is not UTF-8."""
    if raw[:3] in _BOMS or raw[:2] in _BOMS or raw.find(b"\x00") >= 0:
        return False
    if encoding is not None:
        try:
            return codecs.lookup(encoding).name in _TRANSCODED
        except LookupError:
            return False
    return len(raw) > PREFIX_BYTES and is_clearly_foreign(raw[:PREFIX_BYTES])


def decode_start(data: Raw | memoryview, encoding: str, size: int = 1 << 20) -> str:
    """The first ``size`` bytes decoded; a character cut at the end of the sample is not an error."""
    prefix = bytes(data[:size])
    try:
        return prefix.decode(encoding)
    except UnicodeDecodeError as exc:
        if len(data) > size and exc.start >= size - 4:
            return prefix[: exc.start].decode(encoding)
        raise


def arrow_table(data: Raw | memoryview | None, sep: str, width: int, encoding: str = "utf8") -> pa.Table | None:
    """The grid read by Arrow's multi-threaded CSV parser, or ``None`` when the file needs pandas' reading.

    For a regular table — every record has ``width`` fields, no field starts with a space (pandas'
    ``skipinitialspace`` would drop it) and no quoted field spans lines — both parsers give the same strings,
    Arrow in a fraction of the time (a million rows: ~0.2 s instead of ~2.5 s with pandas' conversion to Arrow
    strings). Anything else (ragged rows, blank lines, initial spaces) is left to pandas, whose messages and
    row numbers the readers' tests pin down. ``data`` is read where it lies (a memory map is not copied);
    text in another ``encoding`` is decoded block by block as Arrow reads it. Columns are ``large_string``,
    pandas' own string storage, so the frame takes them without a cast (a copy of every offset)."""
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
            convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(names, pa.large_string()),
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False))
    except (pa.ArrowInvalid, UnicodeError):  # ragged rows, bytes that are not UTF-8 (or not ``encoding``) …
        return None
    return None if _leading_blank(table) else table


def _leading_blank(table) -> bool:
    """Whether any field as Arrow parsed it starts with a space or a tab (a line starting with one, or one
    after a separator): pandas' ``skipinitialspace`` drops it, Arrow keeps it, so such a file is pandas'.
    One vectorised test per column (~30 ms a million rows) instead of searching the whole file's bytes or
    text for every separator-space pair (~0.35 s); a quoted field holding ", " no longer counts."""
    import pyarrow.compute as pc

    return any(pc.any(pc.or_(pc.starts_with(column, " "), pc.starts_with(column, "\t"))).as_py()
               for column in table.columns)
