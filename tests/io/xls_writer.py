"""A minimal Excel 97-2003 (.xls, BIFF8 in an OLE compound file) writer for tests: one sheet of strings and
numbers. No maintained Python library writes .xls any more (xlwt is archived), and users still send them."""

from __future__ import annotations

import struct
from pathlib import Path

_END, _FREE, _FATSECT, _NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF


def _rec(kind: int, data: bytes) -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def _bof(dt: int) -> bytes:
    return _rec(0x0809, struct.pack("<HHHHII", 0x0600, dt, 0x0DBB, 0x07CC, 0, 0x06))


def _biff(sheet: str, rows: list[list[object]]) -> bytes:
    strings = list(dict.fromkeys(str(v) for r in rows for v in r if isinstance(v, str)))
    sst = struct.pack("<II", len(strings), len(strings)) + b"".join(
        struct.pack("<HB", len(s), 1) + s.encode("utf-16-le") for s in strings)
    cells = b""
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if isinstance(v, str):
                cells += _rec(0x00FD, struct.pack("<HHHI", r, c, 0, strings.index(v)))
            elif v is not None:
                cells += _rec(0x0203, struct.pack("<HHHd", r, c, 0, float(v)))
    width = max((len(r) for r in rows), default=0)
    body = (_bof(0x0010) + _rec(0x0200, struct.pack("<IIHHH", 0, len(rows), 0, width, 0)) + cells
            + _rec(0x000A, b""))
    name = struct.pack("<BB", len(sheet), 1) + sheet.encode("utf-16-le")
    globals_head = _bof(0x0005) + _rec(0x0042, struct.pack("<H", 1200))
    boundsheet_len = 4 + 6 + len(name)
    sst_rec = _rec(0x00FC, sst)
    offset = len(globals_head) + boundsheet_len + len(sst_rec) + 4
    boundsheet = _rec(0x0085, struct.pack("<IBB", offset, 0, 0) + name)
    return globals_head + boundsheet + sst_rec + _rec(0x000A, b"") + body


def _dir_entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
    raw = (name.encode("utf-16-le") + b"\0\0") if name else b""
    return (raw.ljust(64, b"\0") + struct.pack("<HBB", len(raw), kind, 1 if kind else 0)
            + struct.pack("<III", _NOSTREAM, _NOSTREAM, child) + b"\0" * 16 + struct.pack("<I", 0)
            + b"\0" * 16 + struct.pack("<IQ", start, size))


def write_xls(path: Path, rows: list[list[object]], sheet: str = "Sheet1") -> Path:
    """Write ``rows`` (str, int/float or None cells) as a one-sheet .xls workbook."""
    stream = _biff(sheet, rows)
    stream = stream.ljust(max(4096, -(-len(stream) // 512) * 512), b"\0")  # > mini-stream cutoff
    n = len(stream) // 512
    fat = [_FATSECT, _END] + [2 + i + 1 for i in range(n - 1)] + [_END]
    fat += [_FREE] * (128 - len(fat))
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
              + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, _END, 0, _END, 0)
              + struct.pack("<I", 0) + struct.pack("<I", _FREE) * 108)
    directory = (_dir_entry("Root Entry", 5, 1, _END, 0)
                 + _dir_entry("Workbook", 2, _NOSTREAM, 2, len(stream))
                 + _dir_entry("", 0, _NOSTREAM, 0, 0) * 2)
    path.write_bytes(header + struct.pack("<128I", *fat) + directory + stream)
    return path
