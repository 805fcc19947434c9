"""Text encodings of CSV files and Shapefile attributes.

Chinese spreadsheets arrive as UTF-8, UTF-8 with BOM (Excel's "CSV UTF-8"), GBK/GB18030 (Excel's
default on Chinese Windows), sometimes Big5 or UTF-16 — and sometimes as UTF-8 with a few rows pasted in
from a GBK file. We try the strict candidates in order, repair mixed files row by row (naming the rows),
and fall back to charset-normalizer; the user can always force one.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from ..errors import InputError
from .messages import clip

#: encodings tried for rows that are not UTF-8 in an otherwise UTF-8 file
MIXED_CANDIDATES = ("gb18030", "big5")
#: a file is "UTF-8 with a few foreign rows" when at most this share of its non-ASCII lines fail UTF-8
MIXED_SHARE = 0.2
#: the lines of this many first bytes decide whether a file can be "mostly UTF-8" before all are split
PREFIX_BYTES = 1 << 20
_PLAUSIBLE = re.compile("[\x00-\x7f\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]")


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
    import charset_normalizer  # the last resort: loaded only when the strict candidates fail

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
    ok = len(text) - len(_PLAUSIBLE.sub("", text))
    return ok / len(text)




def _mixed_utf8(raw: bytes) -> tuple[str, list[int], str] | None:
    """A UTF-8 file with a few lines in another encoding: (text, 1-based line numbers of those lines,
    their encoding), each such line decoded in the first candidate that decodes it; ``None`` if the file
    is not mostly UTF-8."""
    # a GBK file gives up within its first lines: decide on a prefix before splitting a 100 MB file
    if len(raw) > PREFIX_BYTES and is_clearly_foreign(raw[:PREFIX_BYTES]):
        return None
    lines = raw.split(b"\n")
    bad = _foreign_lines(lines)
    if not bad:
        return None
    used = MIXED_CANDIDATES[0]
    for enc in MIXED_CANDIDATES:
        try:
            for i in bad:
                lines[i].decode(enc)
        except UnicodeDecodeError:
            continue
        used = enc
        break
    foreign = set(bad)
    text = "\n".join(line.decode(used, "replace") if i in foreign else line.decode("utf-8")
                     for i, line in enumerate(lines))
    return text, [i + 1 for i in bad], used


def is_clearly_foreign(prefix: bytes) -> bool:
    """Whether the first bytes of a file already show it is not "UTF-8 with a few foreign rows" (the early
    give-up of :func:`_mixed_utf8`'s scan), so its encoding can be detected without the whole file."""
    return _foreign_lines(prefix.split(b"\n")[:-1], complete=False) is None


def _foreign_lines(lines: list[bytes], complete: bool = True) -> list[int] | None:
    """Indexes of the non-UTF-8 lines, or ``None`` when the lines are not mostly UTF-8 (more than
    :data:`MIXED_SHARE` of the non-ASCII lines fail, or none succeeds). With ``complete=False`` the lines
    are the first of a file: only the early give-up (more than 50 failed lines, too large a share so far)
    answers ``None``, as it would in the whole file's scan."""
    bad, good_non_ascii = [], 0
    for i, line in enumerate(lines):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            good_non_ascii += 1
        except UnicodeDecodeError:
            bad.append(i)
            if len(bad) > max(3, MIXED_SHARE * (good_non_ascii + len(bad))) and len(bad) > 50:
                return None
    if complete and bad and (good_non_ascii == 0 or len(bad) > max(3, MIXED_SHARE * (good_non_ascii + len(bad)))):
        return None
    return bad


def _row_of(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


def decode_text(path: Path, raw: bytes, encoding: str | None) -> tuple[str, str, list[int]]:
    """(text, encoding used, line numbers read in another encoding) — or an ``InputError`` naming the row
    that does not decode and advice that was tested to work."""
    if encoding:
        try:
            return raw.decode(encoding), encoding, []
        except LookupError:
            raise InputError(str(path), f"unknown encoding {clip(encoding, 40)!r}",
                             hint="use utf-8, gbk, gb18030, big5 or utf-16, or leave it to be detected",
                             kind="unknown_encoding", params={"encoding": clip(encoding, 40)}) from None
        except UnicodeDecodeError as exc:
            row = _row_of(raw, exc.start)
            hint, works = _working_advice(path, raw)
            raise InputError(str(path), f"not valid {encoding} text (bytes {raw[exc.start:exc.start + 4]!r})",
                             row=row, hint=hint, kind="encoding_invalid", params={"encoding": encoding, **works}
                             ) from None
    has_bom = raw.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if not has_bom:
        try:
            return raw.decode("utf-8"), "utf-8", []
        except UnicodeDecodeError:
            # before the GB18030 scoring, which would read a UTF-8 file with three GBK rows as all-GB18030
            mixed = _mixed_utf8(raw)
            if mixed is not None:
                text, rows, _ = mixed
                return text, "utf-8", rows
    try:
        enc = detect_encoding(raw)
        return raw.decode(enc), enc, []
    except UnicodeDecodeError as exc:
        if exc.encoding != "unknown":  # the text is in ``enc`` but for a row that is not (pasted in?)
            row = _row_of(raw, exc.start)
            raise InputError(str(path), f"the text reads as {exc.encoding} but this row does not (bytes "
                             f"{raw[exc.start:exc.start + 4]!r})", row=row,
                             hint=f"correct or delete row {row} (copied from another file?), or save the list "
                             "from Excel/WPS as 'CSV UTF-8'", kind="encoding_row",
                             params={"encoding": exc.encoding}) from None
    except LookupError:
        pass
    raise InputError(str(path), "cannot decode the text in any common encoding (UTF-8, GBK/GB18030, Big5, "
                     "UTF-16)", hint="check it is a CSV text file; save it from Excel/WPS as 'CSV UTF-8'",
                     kind="undecodable")


def _working_advice(path: Path, raw: bytes) -> tuple[str, dict]:
    """What to do about a forced encoding that fails, after testing what does work: the command line's words,
    and the finding as values (``works``: an encoding that reads the file, or ``rows``: the rows that are not
    UTF-8 in a UTF-8 file; neither when nothing common reads it)."""
    try:
        _, enc, rows = decode_text(path, raw, None)
    except InputError:
        return "save the file from Excel/WPS as 'CSV UTF-8' and import it again", {}
    if rows:
        return (f"the file is UTF-8 except rows {_rows_text(rows)}: leave out --encoding (those rows are then read "
                "as GBK and named in the report), or fix them and save as 'CSV UTF-8'", {"rows": _rows_text(rows)})
    return f"the file reads as {enc}: leave out --encoding (it is detected) or pass --encoding {enc}", {"works": enc}


def _rows_text(rows: list[int], limit: int = 10) -> str:
    return ", ".join(map(str, rows[:limit])) + (f" … ({len(rows)} rows)" if len(rows) > limit else "")
