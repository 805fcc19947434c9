"""Read CSV and XLSX files into raw string tables, detecting the text encoding of CSVs.

Chinese spreadsheets arrive as UTF-8, UTF-8 with BOM (Excel's "CSV UTF-8"), GBK/GB18030 (Excel's
default on Chinese Windows), sometimes Big5 or UTF-16. We try the strict candidates in order and fall
back to charset-normalizer; the user can always force one.
"""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

import charset_normalizer
import pandas as pd

from ..errors import InputError
from .messages import clip

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
    fields = max(first.count(sep) for sep in _SEPARATORS) + 1
    if fields > MAX_COLUMNS:
        raise InputError(str(path), f"the header line has {fields:,} fields (more than {MAX_COLUMNS}): "
                         "not a list of institutions", row=1,
                         hint="check it is the right file; a list needs only name, category, longitude and "
                         "latitude columns")


def detect_encoding(raw: bytes, candidates: tuple[str, ...] | None = None) -> str:
    """Best encoding for a CSV's bytes (BOMs first, then strict UTF-8, GB18030, then a detector).

    ``candidates`` limits the detector (pitfalls.md: for a Shapefile's .dbf, charset-normalizer's default
    guesses cp949 where utf_8/gb18030/big5 resolves GBK and Big5 correctly)."""
    if raw.startswith(codecs.BOM_UTF16_LE) or raw.startswith(codecs.BOM_UTF16_BE):
        return "utf-16"
    if raw.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        raw.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    # GB18030 decodes almost any bytes, so "it decoded" proves nothing: score the candidates by how much of
    # the text is plausible (ASCII, common CJK ideographs, CJK punctuation) and take the best.
    scored = []
    for enc in ("gb18030", "big5"):
        try:
            text = _decode_prefix(raw, enc)
        except UnicodeDecodeError:
            continue
        scored.append((_plausibility(text), enc))
    if scored:
        score, enc = max(scored)
        if score > 0.95:
            return enc
    best = charset_normalizer.from_bytes(raw[:200_000], cp_isolation=list(candidates) if candidates else None
                                         ).best()
    if best is None:
        raise UnicodeDecodeError("unknown", raw[:1], 0, 1, "no encoding fits")
    return best.encoding


def _decode_prefix(raw: bytes, encoding: str, size: int = 200_000) -> str:
    """Decode the first ``size`` bytes; a multi-byte character cut at the end of the sample is not an error."""
    prefix = raw[:size]
    try:
        return prefix.decode(encoding)
    except UnicodeDecodeError as exc:
        if len(prefix) == size and exc.start >= size - 4:
            return prefix[: exc.start].decode(encoding)
        raise


def _plausibility(text: str) -> float:
    """Share of characters that are ASCII, common CJK ideographs or CJK/full-width punctuation."""
    if not text:
        return 0.0
    ok = sum(1 for ch in text if ch < "\x80" or "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f"
             or "\uff00" <= ch <= "\uffef")
    return ok / len(text)


def read_csv(path: Path, encoding: str | None = None) -> tuple[pd.DataFrame, str]:
    """All cells as strings (coordinates are parsed later, row by row, with reasons)."""
    size = path.stat().st_size
    with open(path, "rb") as fh:
        head = fh.read(2 * MAX_HEADER_BYTES + 4)
        if head.strip():
            check_header_bounds(path, head, size)
        raw = head + fh.read()
    if not raw.strip():
        raise InputError(str(path), "the file is empty", hint="export the list again with a header row")
    try:
        enc = encoding or detect_encoding(raw)
        text = raw.decode(enc)
    except (UnicodeDecodeError, LookupError) as exc:
        raise InputError(
            str(path), f"cannot decode the text ({exc.reason if hasattr(exc, 'reason') else exc})",
            hint="save the file as 'CSV UTF-8' in Excel, or pass the encoding (e.g. --encoding gbk)",
        ) from None
    if "\x00" in text:
        raise InputError(str(path), f"the text decoded as {enc} contains NUL bytes (binary or garbled)",
                         hint="check the file is a CSV; pass --encoding if you know it (utf-16, gbk)")
    try:
        dialect = csv.Sniffer().sniff(text[:20_000], delimiters=",;\t|")
        sep = dialect.delimiter
    except csv.Error:
        sep = ","
    try:
        frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False,
                            skipinitialspace=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise InputError(str(path), f"not a readable CSV table ({clip(exc, 200)})",
                         hint="check the separator and that every row has the same number of columns"
                         ) from None
    return frame, enc


def read_xlsx(path: Path, sheet: str | int | None = None) -> tuple[pd.DataFrame, str, list[str]]:
    """One sheet as strings; returns (table, sheet name, all sheet names)."""
    try:
        book = pd.ExcelFile(path, engine="openpyxl")
    except Exception as exc:  # openpyxl raises many types (zipfile, KeyError, InvalidFileException)
        raise InputError(str(path), f"not a readable .xlsx workbook ({type(exc).__name__}: {exc})",
                         hint="save it again from Excel as .xlsx, or export it as CSV") from None
    names = [str(s) for s in book.sheet_names]
    chosen = names[0] if sheet is None else (names[sheet] if isinstance(sheet, int) else str(sheet))
    if chosen not in names:
        raise InputError(str(path), f"no sheet named {chosen!r}; sheets are {names}",
                         hint="pass one of the sheet names")
    frame = pd.read_excel(book, sheet_name=chosen, dtype=str, keep_default_na=False)
    return frame, chosen, names
