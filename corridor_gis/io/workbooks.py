"""Workbooks as agencies send them: .xlsx, old .xls (through python-calamine), a ".csv" that is really a
workbook, a password-protected file; the sheet that holds the list found when it is not the first."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import python_calamine

from ..errors import InputError
from .header import SEARCH_ROWS, detect_header, frame_from_grid, has_lon_lat
from .messages import clip, name_list, names_param, quoted
from .reasons import add_note
from .tables import MAX_COLUMNS, TableRead, read_csv_table

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
#: the stream an Office file encrypted with a password keeps its content in (MS-OFFCRYPTO)
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
#: how many times a sheet's rows report their progress as they are converted to text (every 5 %)
PROGRESS_STEPS = 20
#: told the fraction of a sheet's rows converted so far (read_points' ``progress`` for its reading stage)
RowsProgress = Callable[[float], None]
PASSWORD_HINT = ("open it in Excel/WPS, remove the password (文件 → 信息 → 保护工作簿 → 用密码进行加密, clear it), "
                 "save, and import again")


def sniff(path: Path) -> str:
    """What the bytes say the file is: 'xlsx', 'ods', 'xls', 'encrypted', 'zip' or 'text'."""
    with open(path, "rb") as fh:
        head = fh.read(8)
        if head.startswith(ZIP_MAGIC):
            try:
                with zipfile.ZipFile(path) as z:
                    names = z.namelist()
            except zipfile.BadZipFile:
                return "xlsx" if path.suffix.lower() in WORKBOOK_SUFFIXES else "zip"
            if any(n.startswith("xl/") for n in names):
                return "xlsx"
            return "ods" if "content.xml" in names else "zip"
        if head == OLE_MAGIC:
            fh.seek(0)
            body = fh.read(8 << 20)
            return "encrypted" if _ENCRYPTED in body else "xls"
    return "text"


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()


@contextlib.contextmanager
def _native_stderr_held():
    """Hold what native code writes to fd 2 (Rust's panic hook prints a backtrace there) and pass it on only
    when the call succeeded; a panic is reported as our own message instead."""
    try:
        saved = os.dup(2)
    except OSError:
        yield
        return
    with tempfile.TemporaryFile() as held:
        os.dup2(held.fileno(), 2)
        ok = False
        try:
            yield
            ok = True
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            if ok:
                held.seek(0)
                text = held.read()
                if text:
                    os.write(2, text)


def _calamine(path: Path, kind: str, action):
    """Run a python-calamine call; any failure becomes an :class:`InputError`.

    A malformed workbook can make calamine's Rust code panic, which pyo3 raises as ``PanicException`` —
    a ``BaseException``, so ``except Exception`` would let it through as a traceback."""
    try:
        with _native_stderr_held():
            return action()
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except BaseException as exc:  # CalamineError, OSError, ValueError, or a Rust panic
        what = {"xls": "Excel 97-2003 (.xls)", "xlsx": ".xlsx", "ods": "OpenDocument (.ods)"}.get(kind, ".xlsx")
        if "password" in str(exc).lower() or "encrypt" in str(exc).lower():
            raise InputError(str(path), "the workbook is password-protected", hint=PASSWORD_HINT,
                             kind="workbook_password") from None
        detail = f"{type(exc).__name__}: {clip(exc, 160)}"
        raise InputError(str(path), f"not a readable {what} workbook ({detail})",
                         hint="open it in Excel/WPS and save it again as .xlsx, or export the sheet as "
                              "'CSV UTF-8'", kind="workbook_unreadable", params={"format": what, "detail": detail}
                         ) from None


def _open(path: Path, kind: str):
    if kind == "encrypted":
        raise InputError(str(path), "the workbook is password-protected", hint=PASSWORD_HINT, kind="workbook_password")

    def load():
        with open(path, "rb") as fh:
            return python_calamine.CalamineWorkbook.from_filelike(fh)

    return _calamine(path, kind, load)


def _sheet(path: Path, kind: str, book, name: str, loaded: dict | None = None):
    """The sheet ``name``, parsed (calamine parses a whole sheet here: ~0.7 s for 200,000 rows); ``loaded``
    keeps the last one parsed, so the sheet found to hold the list is not parsed a second time to read it."""
    if loaded is not None and name in loaded:
        return loaded[name]
    sheet = _calamine(path, kind, lambda: book.get_sheet_by_name(name))
    if loaded is not None:
        loaded.clear()  # one sheet at a time: the others are let go
        loaded[name] = sheet
    return sheet


def _grid(path: Path, kind: str, book, name: str, nrows: int | None = None,
          progress: RowsProgress | None = None, loaded: dict | None = None) -> tuple[pd.DataFrame, int]:
    """The sheet's cells as strings from A1 (row numbers as shown: index + 1), merged cells filled;
    ``progress`` is told how far the conversion of the rows to text is; ``loaded``: see :func:`_sheet`."""
    sheet = _sheet(path, kind, book, name, loaded)
    width = sheet.width if sheet.width > MAX_COLUMNS else 0
    rows = _calamine(path, kind, lambda: sheet.to_python(skip_empty_area=False, nrows=nrows))
    if width:
        rows = [r[:MAX_COLUMNS] for r in rows]
    grid = pd.DataFrame(_text_rows(rows, progress), dtype=str) if rows else pd.DataFrame()
    grid = grid.fillna("")
    for (r0, c0), (r1, c1) in _calamine(path, kind, lambda: sheet.merged_cell_ranges) or []:
        if r0 < len(grid) and c0 < grid.shape[1]:
            value = grid.iat[r0, c0]
            grid.iloc[r0:min(r1 + 1, len(grid)), c0:min(c1 + 1, grid.shape[1])] = value
    return grid, width


def _text_rows(rows: list[list], progress: RowsProgress | None) -> list[list[str]]:
    """Every cell as text (:func:`_cell`), telling ``progress`` every :data:`PROGRESS_STEPS`-th of the rows:
    the one part of reading a workbook whose position is known (calamine parses a sheet in one call). A
    ``progress`` that raises (the app's cancel) stops the read there."""
    if progress is None:
        return [[_cell(v) for v in r] for r in rows]
    step = -(-len(rows) // PROGRESS_STEPS)
    text: list[list[str]] = []
    for start in range(0, len(rows), step):
        text.extend([_cell(v) for v in r] for r in rows[start:start + step])
        progress(len(text) / len(rows))
    return text


def read_workbook_table(path: Path, sheet: str | int | None = None, header_row: int | None = None,
                        kind: str | None = None, progress: RowsProgress | None = None) -> TableRead:
    """The list in a workbook: the sheet named, or the first whose header has lon/lat columns (``progress``:
    see :func:`_text_rows`)."""
    kind = kind or sniff(path)
    book = _open(path, kind)
    names = [str(s) for s in book.sheet_names]
    if not names:
        raise InputError(str(path), "the workbook has no sheets", hint="save it again from Excel/WPS",
                         kind="workbook_no_sheets")
    notes: list[str] = []
    coded: dict[str, tuple[str, dict]] = {}
    loaded: dict = {}  # the sheet parsed last (see _sheet)
    if sheet is None:
        chosen = next((n for n in names[:50] if _holds_list(path, kind, book, n, loaded)), names[0])
        if chosen != names[0]:
            add_note(notes, coded, f"read sheet {quoted(chosen)}, which holds the list (the first sheet "
                     f"{quoted(names[0])} has no longitude/latitude header); choose another with --sheet",
                     "sheet_chosen", sheet=clip(chosen), first=clip(names[0]))
    else:
        chosen = names[sheet] if isinstance(sheet, int) and 0 <= sheet < len(names) else str(sheet)
        if chosen not in names:
            raise InputError(str(path), f"no sheet named {quoted(chosen)}; sheets are {name_list(names)}",
                             hint="pass one of the sheet names", kind="no_such_sheet",
                             params={"sheet": clip(chosen), "sheets": names_param(names)})
    grid, too_wide = _grid(path, kind, book, chosen, progress=progress, loaded=loaded)
    if too_wide:
        add_note(notes, coded, f"sheet {quoted(chosen)} is {too_wide:,} columns wide: only the first {MAX_COLUMNS} "
                 "were read", "sheet_too_wide", sheet=clip(chosen), columns=f"{too_wide:,}", max=MAX_COLUMNS)
    if grid.empty:
        raise InputError(str(path), f"sheet {quoted(chosen)} is empty; sheets are {name_list(names)}",
                         hint="choose the sheet with the list: --sheet NAME (or in the import dialog)",
                         kind="sheet_empty", params={"sheet": clip(chosen), "sheets": names_param(names)})
    frame, header_rows = frame_from_grid(path, grid, header_row)
    if header_rows != [1]:
        rows = "+".join(map(str, header_rows))
        add_note(notes, coded, f"header found in row {rows} of sheet {quoted(chosen)} (rows above it are a title); set "
                 "it with --header-row N", "sheet_header_below_title", rows=rows, sheet=clip(chosen))
    return TableRead(frame, None, header_rows, [], chosen, names, notes, coded)


def _holds_list(path: Path, kind: str, book, name: str, loaded: dict | None = None) -> bool:
    grid, _ = _grid(path, kind, book, name, nrows=SEARCH_ROWS, loaded=loaded)
    if grid.empty:
        return False
    rows = grid.to_numpy().tolist()
    return any(has_lon_lat([c.strip() for c in rows[i]]) for i in detect_header(rows))


def load_table(path: Path, encoding: str | None = None, sheet: str | int | None = None,
               header_row: int | None = None, progress: RowsProgress | None = None) -> TableRead:
    """Any table file by what its bytes are, not only by its name: a ".csv" saved as a workbook is read
    as the workbook it is (with a note), a ".xlsx" that is not a workbook is refused saying what it is.
    ``progress`` is told how far a workbook's rows are read (a CSV is read by the CSV core, which says
    nothing until it is done)."""
    kind = sniff(path)
    suffix = path.suffix.lower()
    if kind in ("xlsx", "xls", "ods", "encrypted"):
        read = read_workbook_table(path, sheet, header_row, kind, progress)
        if suffix not in WORKBOOK_SUFFIXES:
            what = {"xls": "an Excel 97-2003 workbook (.xls)", "ods": "an OpenDocument spreadsheet (.ods)"
                    }.get(kind, "an Excel workbook (.xlsx)")
            text = f"the file is named {suffix or '(no suffix)'} but is {what}: read as a workbook"
            read.notes.insert(0, text)
            read.coded[text] = ("named_but_workbook", {"suffix": suffix or "（无）"})
        return read
    if suffix in WORKBOOK_SUFFIXES:
        if kind == "zip":
            raise InputError(str(path), f"not a readable {suffix} workbook: it is a zip archive without a "
                             "workbook inside", hint="unpack it, or save the list again from Excel/WPS as .xlsx",
                             kind="zip_not_workbook", params={"suffix": suffix})
        read = read_csv_table(path, encoding, header_row)
        text = f"the file is named {suffix} but is text: read as CSV"
        read.notes.insert(0, text)
        read.coded[text] = ("named_but_text", {"suffix": suffix})
        return read
    return read_csv_table(path, encoding, header_row)
