"""Make Chinese in Qt's PDFs searchable: fix the ToUnicode maps that name radicals instead of characters.

CJK fonts such as Noto Sans CJK / Source Han Sans map a character and its radical form to the same glyph
(青 U+9752 and ⻘ U+2ED8; 山 U+5C71 and ⼭ U+2F2D). A PDF stores glyphs, plus a ToUnicode map from glyph
back to text, and Qt's PDF engine (QFontSubset::getReverseMap) takes the *lowest* code point of a glyph: the
radical. The page looks right, but copying or searching "青年科创城" fails. The same bug is known in
wkhtmltopdf (#4414, also Qt) and PDFBox (PR #470).

Fix, after Qt has written the file: in each ToUnicode CMap, replace a radical by the unified ideograph that
the font maps to the same glyph. Qt writes these CMaps uncompressed and every BMP code point is four hex
digits, so the replacement keeps every byte offset: the file's cross-reference table stays valid.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from PyQt6.QtGui import QFont, QRawFont

#: Kangxi Radicals and CJK Radicals Supplement: code points no layout text of ours means
RADICALS = range(0x2E80, 0x2FE0)
#: CJK Unified Ideographs (the characters we do mean)
IDEOGRAPHS = range(0x4E00, 0xA000)

_CMAP = re.compile(rb"(/CMapName\s*/Adobe-Identity-UCS.*?endcmap)", re.S)
_HEX4 = re.compile(rb"<([0-9A-Fa-f]{4})>")


@cache
def radical_to_ideograph(family: str, bold: bool = False) -> dict[int, int]:
    """Radical code point → the unified ideograph sharing its glyph in ``family`` (empty if none share)."""
    font = QFont(family)
    font.setBold(bold)
    raw = QRawFont.fromFont(font)
    if not raw.isValid():
        return {}
    radicals = "".join(map(chr, RADICALS))
    ideographs = "".join(map(chr, IDEOGRAPHS))
    by_glyph: dict[int, int] = {}
    for cp, glyph in zip(IDEOGRAPHS, raw.glyphIndexesForString(ideographs), strict=True):
        if glyph:
            by_glyph.setdefault(glyph, cp)
    out = {}
    for cp, glyph in zip(RADICALS, raw.glyphIndexesForString(radicals), strict=True):
        if glyph and glyph in by_glyph:
            out[cp] = by_glyph[glyph]
    return out


def fix_tounicode(pdf: Path, mapping: dict[int, int]) -> int:
    """Rewrite radicals in the PDF's ToUnicode CMaps in place; returns how many entries changed."""
    data = pdf.read_bytes()
    changed = 0

    def fix_line(line: bytes) -> bytes:
        nonlocal changed
        codes = list(_HEX4.finditer(line))
        if b"[" in line:  # <first> <last> [<dst> <dst> …]: every code after the bracket is a destination
            targets = [c for c in codes if c.start() > line.index(b"[")]
        elif len(codes) == 2 or (len(codes) == 3 and codes[0].group(1) == codes[1].group(1)):
            targets = codes[-1:]  # bfchar <src> <dst>, or a one-glyph bfrange <src> <src> <dst>
        else:
            targets = []  # a multi-glyph range with one start value: leave it as Qt wrote it
        out = bytearray(line)
        for code in targets:
            cp = int(code.group(1), 16)
            if cp in mapping:
                out[code.start(1):code.end(1)] = b"%04X" % mapping[cp]
                changed += 1
        return bytes(out)

    def fix_cmap(match: re.Match) -> bytes:
        head, _, body = match.group(1).partition(b"endcodespacerange")
        return head + b"endcodespacerange" + b"\n".join(fix_line(line) for line in body.split(b"\n"))

    fixed = _CMAP.sub(fix_cmap, data)
    if changed:
        assert len(fixed) == len(data), "a ToUnicode fix must keep the file's byte offsets"
        pdf.write_bytes(fixed)
    return changed
