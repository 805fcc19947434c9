"""The briefing document (``corridor-gis report``, *文件 → 导出简报…*): one A4 sheet of two pages, as a
PDF drawn by Qt or as a DOCX written by python-docx.

Everything either format shows comes from :func:`corridor_gis.briefing.build_briefing` (headline lines,
tables, statements, sources) and the map from the print layout's own pieces (:class:`PrintMap`, legend,
ratio box, scale bar, north arrow): the two formats cannot differ in a figure.

* PDF: page 1 the map at a stated scale with its legend, ratio box and scale bar, then the headline; page
  2 the tables by category, city and level, the indicators, the statements and the data sources, at the
  largest size that fits (a third page only when even 6 pt cannot hold them: then a table continues under
  its repeated header, nothing is cut). Text is text (searchable, Chinese fixed by :func:`fix_tounicode`),
  the map is vector.
* DOCX: the map is a 300-dpi PNG of the same map block (map, legend, scale bar, north arrow) made here,
  inserted :data:`DOCX_MAP_MM` wide by :func:`corridor_gis.export.docx.write_docx`, so 1:N holds when
  the document is printed at 100%; the rest are Word headings, paragraphs and tables.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from PyQt6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF
from PyQt6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPdfWriter

from ..analysis import RatioResult
from ..briefing import Briefing, Table, brief_text, build_briefing
from ..counting import CountingChoice, count_dataset
from ..errors import InputError
from ..indicators import load_indicators, sample_path
from ..io.points import ImportReport
from ..model import Dataset, Project
from ..plan import CORRIDOR_NAME_ZH, TARGET_SHARE
from ..report import build_report
from ..storage import atomic_write
from .canvas import SEA
from .print_layout import note_parts
from .print_panel import data_note, legend, north_arrow, ratio_box, ratio_boxes, scale_bar, table
from .print_pdf import fix_tounicode, radical_to_ideograph
from .print_scale import Extent, fit_scale, format_scale, ground_extent, parse_extent, scale_bar_metres
from .print_scene import PrintMap
from .print_sheet import INK, MM_PER_INCH, Sheet

FORMATS = {".pdf": "PDF", ".docx": "DOCX"}
PAGE_MM = (210.0, 297.0)  # A4 portrait: the briefing's paper is fixed
MARGIN = 12.0
#: the map block of page 1: map frame and the column beside it (legend, ratio box, scale bar), mm
PDF_MAP_MM = (130.0, 180.0)
PDF_COLUMN_MM = 52.0
#: the DOCX picture: 170 mm (A4 less 20 mm margins) by 150 mm, of which the right column is the legend
DOCX_MAP_MM = (170.0, 150.0)
DOCX_COLUMN_MM = 44.0
GAP = 4.0
#: body sizes tried on page 2, largest first, until everything fits on the page (if even the smallest does
#: not, the rest continues on a page 3 rather than being cut off)
CONTINUED = {"zh": "（续）", "en": " (continued)"}
PAGE2_SIZES = (9.0, 8.5, 8.0, 7.5, 7.0, 6.5, 6.0)


@dataclass
class ReportOptions:
    """What the user chose (CLI flags or the dialog)."""

    title: str | None = None
    lang: str = "zh"
    target: float = TARGET_SHARE
    counting: CountingChoice | None = None
    #: the +15% indicator table; None: the bundled sample (labelled "sample (not official)")
    indicators: str | Path | None = None
    dpi: int = 300


@dataclass(frozen=True)
class ScaleBar:
    """Where the scale bar was drawn (mm on the sheet or picture) and what it measures."""

    metres: float
    paper_mm: float
    origin_mm: tuple[float, float]  # left end of the bar, top edge


@dataclass(frozen=True)
class MapPicture:
    """The DOCX's map: PNG bytes of ``size_mm`` at ``dpi``, its scale, frame and scale bar."""

    png: bytes
    size_mm: tuple[float, float]
    dpi: int
    scale: int
    frame_mm: tuple[float, float, float, float]
    bar: ScaleBar


@dataclass
class ReportResult:
    """What was written: the numbers a test or a user can check."""

    path: Path
    format: str
    pages: int
    scale: int
    map_mm: tuple[float, float]      # the map frame on paper (PDF) or the picture's size (DOCX)
    #: the map frame on page 1 (PDF) or in the picture (DOCX): x, y, w, h in mm
    frame_mm: tuple[float, float, float, float]
    bar: ScaleBar
    briefing: Briefing
    results: list[RatioResult]
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


def _family() -> str:
    from PyQt6.QtWidgets import QApplication

    return QApplication.font().family()


def make_briefing(project: Project, datasets: list[Dataset], options: ReportOptions,
                  import_reports: list[ImportReport | None] | None = None) -> tuple[Briefing, list[RatioResult]]:
    """Count every dataset as chosen (``datasets[0]`` leads) and build the briefing; raises
    :class:`InputError` for an unreadable indicator table."""
    reports = list(import_reports) if import_reports is not None else [None] * len(datasets)
    counted = [count_dataset(project, ds, options.target, options.counting) for ds in datasets]
    ratio_reports = [build_report(c.result, rep, project, options.lang, source=ds.source, sensitivity=c.sensitivity)
                     for c, ds, rep in zip(counted, datasets, reports, strict=True)]
    lead = ratio_reports[0] if ratio_reports else build_report(None, None, project, options.lang)
    indicator_path = Path(options.indicators) if options.indicators else sample_path()
    if not indicator_path.is_file():  # load_indicators would raise a bare FileNotFoundError
        raise InputError(str(indicator_path), "the indicator table does not exist",
                         hint="give the CSV of the +15% indicators (see data/indicators_sample.csv for the columns)")
    indicators = load_indicators(indicator_path)
    title = options.title or project.metadata.get("title") or CORRIDOR_NAME_ZH
    briefing = build_briefing(lead, counted[0].result if counted else None, project, title=title,
                              date=dt.date.today().isoformat(), indicators=indicators,
                              indicator_source=indicator_path.name, others=ratio_reports[1:])
    return briefing, [c.result for c in counted]


def map_block(sheet: Sheet, print_map: PrintMap, x: float, y: float, map_w: float, h: float, column_w: float,
              scale: int, ground: Extent, results: list[tuple[RatioResult, str]]) -> ScaleBar:
    """The map frame ``map_w`` × ``h`` at (x, y) with the north arrow, and beside it a column of
    ``column_w``: legend, the ratio boxes (if ``results``) and the scale bar at the bottom. Returns where
    the scale bar was drawn and how long it is."""
    print_map.paint(sheet.painter, sheet.rect(x, y, map_w, h), ground, SEA)
    sheet.box(x, y, map_w, h, None, "#222222", 0.35)
    north_arrow(sheet, x + map_w - 9.0, y + 3.0)
    cx = x + map_w + GAP
    cw = column_w
    bar_top = y + h - 15.0
    # the lead's ratio box first (measured), the legend takes the room above it
    boxes_h = ratio_box(sheet.measuring(), cx, y, cw, results[0][0], results[0][1]) + 3.0 if results else 0.0
    legend_h = legend(sheet, [(cx, y, cw, bar_top - 3.0 - boxes_h - y)], print_map.canvas.layers, SEA,
                      print_map.canvas.point_style)
    if results:
        ratio_boxes(sheet, cx, y + legend_h + 3.0, cw, bar_top - 3.0, results)
    bar_m = scale_bar_metres(scale, cw - 8.0)
    length, _ = scale_bar(sheet, cx + 1.0, bar_top, scale, bar_m)
    # the bar's top edge is below its "比例尺 1:N" caption (as print_layout reports it)
    caption_h = sheet.text_height(f"比例尺 {format_scale(scale)}", 9, True) + 1.2
    return ScaleBar(bar_m, length, (cx + 1.0, bar_top + caption_h))


def _scale_for(project: Project, frame_mm: tuple[float, float]) -> tuple[int, Extent]:
    extent = parse_extent("corridor", project)
    scale = fit_scale(extent, frame_mm)
    return scale, ground_extent(extent.centre, frame_mm, scale)


def map_picture(project: Project, datasets: list[Dataset], dpi: int = 300,
                size_mm: tuple[float, float] = DOCX_MAP_MM, lang: str = "zh") -> MapPicture:
    """The map block as a PNG of ``size_mm`` at ``dpi`` (the DOCX's picture), with its scale and bar."""
    from .qt_app import create_app

    app = create_app()  # noqa: F841 — keep the QApplication alive while painting
    w, h = size_mm
    map_w = w - DOCX_COLUMN_MM - GAP
    scale, ground = _scale_for(project, (map_w, h))
    image = QImage(round(w / MM_PER_INCH * dpi), round(h / MM_PER_INCH * dpi), QImage.Format.Format_RGB32)
    image.setDotsPerMeterX(round(dpi / 0.0254))
    image.setDotsPerMeterY(round(dpi / 0.0254))
    image.fill(0xFFFFFFFF)
    print_map = PrintMap(project, datasets, lang)
    try:
        print_map.prepare(dpi, scale)
        painter = QPainter(image)
        try:
            sheet = Sheet(painter, dpi, w, h, _family())
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            bar = map_block(sheet, print_map, 0.2, 0.2, map_w - 0.4, h - 0.4, DOCX_COLUMN_MM, scale, ground, [])
        finally:
            painter.end()
    finally:
        print_map.close()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.convertToFormat(QImage.Format.Format_RGB888).save(buffer, "PNG"):
        raise OSError("could not encode the map picture as PNG")
    buffer.close()
    return MapPicture(bytes(data), size_mm, dpi, scale, (0.2, 0.2, map_w - 0.4, h - 0.4), bar)


def _page1(sheet: Sheet, briefing: Briefing, print_map: PrintMap, scale: int, ground: Extent,
           results: list[tuple[RatioResult, str]], notes: list[str]) -> tuple[tuple, ScaleBar]:
    """Page 1: title, the map block, the headline and the data note; returns the map frame and bar."""
    w, h = PAGE_MM
    inner = w - 2 * MARGIN
    y = MARGIN
    y += sheet.text(MARGIN, y, inner, briefing.title, 16, bold=True) + 0.5
    y += sheet.text(MARGIN, y, inner, f"{briefing.subtitle} · {format_scale(scale)} · A4 · EPSG:4549", 8.5,
                    colour="#444444") + 1.0
    sheet.line(MARGIN, y, w - MARGIN, y, INK, 0.4)
    y += 3.0
    map_w, map_h = PDF_MAP_MM
    frame = (MARGIN, y, map_w, map_h)
    bar = map_block(sheet, print_map, MARGIN, y, map_w, map_h, PDF_COLUMN_MM, scale, ground, results)
    y += map_h + 5.0
    note_h = sheet.measuring().text(0, 0, inner, "\n".join(notes), 6.5) + 2.0
    y += sheet.text(MARGIN, y, inner, brief_text("key_figures", briefing.lang), 10.5, bold=True) + 1.0
    report = briefing.report
    colour = report.headline.colour if report.headline else INK
    for i, line in enumerate(briefing.headline_lines):
        is_warning = bool(report.crs_warning) and line == report.crs_warning
        y += sheet.text(MARGIN, y, inner, line, 11 if i == 0 else 9, bold=i == 0 or is_warning,
                        colour=colour if i == 0 or is_warning else INK) + 0.8
    for line in briefing.others:
        y += sheet.text(MARGIN, y, inner, line, 8.5) + 0.6
    data_note(sheet, MARGIN, h - MARGIN - note_h + 2.0, inner, notes)
    return frame, bar


def _page2(sheet: Sheet, briefing: Briefing, pt: float, new_page=None) -> tuple[float, int]:
    """Tables, statements and sources from the top of a page at body size ``pt``; returns the y reached
    (mm) and the pages used. With ``new_page`` a block that would cross the bottom margin starts a new
    page (nothing is cut off); without it (measuring) the column simply runs on."""
    w = PAGE_MM[0]
    inner = w - 2 * MARGIN
    bottom = PAGE_MM[1] - MARGIN
    lang = briefing.lang
    pages = 1

    def room(y: float, height: float) -> float:
        nonlocal pages
        if new_page is None or y + height <= bottom:
            return y
        new_page()
        pages += 1
        return MARGIN

    y = MARGIN
    y += sheet.text(MARGIN, y, inner, briefing.title, 11, bold=True) + 1.0
    sheet.line(MARGIN, y, w - MARGIN, y, INK, 0.4)
    y += 3.0
    for t in briefing.tables:
        title = t.title
        while True:  # as many rows as fit on this page; the rest under the repeated header on the next
            part = t if new_page is None else _rows_that_fit(sheet, t, y, bottom, pt)
            if part is None:  # not even one row fits here
                y = room(y, bottom)
                part = _rows_that_fit(sheet, t, y, bottom, pt) or t
            y += table(sheet, MARGIN, y, inner, part, pt) + 4.0
            if len(part.rows) == len(t.rows):
                break
            y = room(y, bottom)
            t = replace(t, title=title + CONTINUED[lang], rows=t.rows[len(part.rows):],
                        roles=t.roles[len(part.rows):], totals=t.totals[len(part.rows):])
    for heading, lines, size in ((brief_text("statements", lang), briefing.statements, pt),
                                 (brief_text("sources", lang), briefing.sources, pt - 0.5)):
        if not lines:
            continue
        heading_h = sheet.measuring().text(MARGIN, y, inner, heading, pt + 1.5, bold=True) + 1.0
        y = room(y, heading_h + sheet.measuring().text(MARGIN + 3.0, y, inner - 3.0, lines[0], size))
        y += sheet.text(MARGIN, y, inner, heading, pt + 1.5, bold=True) + 1.0
        for line in lines:
            bold = bool(briefing.report.crs_warning) and line == briefing.report.crs_warning
            y = room(y, sheet.measuring().text(MARGIN + 3.0, y, inner - 3.0, line, size, bold=bold))
            sheet.text(MARGIN, y, 3.0, "•", size)
            y += sheet.text(MARGIN + 3.0, y, inner - 3.0, line, size, bold=bold) + 0.7
        y += 3.0
    return y, pages


def _rows_that_fit(sheet: Sheet, t: Table, y: float, bottom: float, pt: float) -> Table | None:
    """``t`` cut to the most leading rows that fit between ``y`` and ``bottom`` (its note only when
    complete); None when not even one row fits."""
    inner = PAGE_MM[0] - 2 * MARGIN

    def part(k: int) -> Table:
        return replace(t, rows=t.rows[:k], roles=t.roles[:k], totals=t.totals[:k],
                       note=t.note if k == len(t.rows) else "")

    lo, hi = 0, len(t.rows)  # the answer k is in [lo, hi]; rows[:0] always "fits" as a bound
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if y + table(sheet.measuring(), MARGIN, y, inner, part(mid), pt) <= bottom:
            lo = mid
        else:
            hi = mid - 1
    return part(lo) if lo else None


def _write_pdf(path: Path, briefing: Briefing, print_map: PrintMap, scale: int, ground: Extent,
               results: list[tuple[RatioResult, str]], notes: list[str], dpi: int) -> tuple[tuple, ScaleBar, int]:
    """Write the PDF; returns page 1's map frame and scale bar, and the number of pages."""
    writer = QPdfWriter(str(path))
    writer.setResolution(dpi)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageOrientation(QPageLayout.Orientation.Portrait)
    writer.setPageMargins(QMarginsF(0, 0, 0, 0))
    writer.setTitle(briefing.title)
    writer.setCreator("corridor-gis")
    family = _family()
    painter = QPainter(writer)
    try:
        sheet = Sheet(painter, dpi, *PAGE_MM, family)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        drawn = _page1(sheet, briefing, print_map, scale, ground, results, notes)
        writer.newPage()
        bottom = PAGE_MM[1] - MARGIN
        pt = next((p for p in PAGE2_SIZES if _page2(sheet.measuring(), briefing, p)[0] <= bottom), PAGE2_SIZES[-1])
        _, pages = _page2(sheet, briefing, pt, writer.newPage)
    finally:
        painter.end()
    fix_tounicode(path, radical_to_ideograph(family) | radical_to_ideograph(family, bold=True))
    return (*drawn, 1 + pages)


def export_report(project: Project, datasets: list[Dataset], out: str | Path, options: ReportOptions | None = None,
                  import_reports: list[ImportReport | None] | None = None) -> ReportResult:
    """Write the briefing to ``out`` (.pdf or .docx, by the suffix), atomically; ``datasets[0]`` leads.
    Raises :class:`InputError` (nothing written) for a bad suffix or indicator table."""
    from .qt_app import create_app

    started = time.perf_counter()
    options = options or ReportOptions()
    out = Path(out)
    fmt = FORMATS.get(out.suffix.lower())
    if fmt is None:
        raise InputError(str(out), f"cannot write a briefing as {out.suffix or 'a file without suffix'!r}",
                         hint="name the output .docx (Word/WPS) or .pdf")
    if not 72 <= options.dpi <= 600:
        raise InputError(None, f"dpi {options.dpi} is out of range", hint="use 72 to 600 (300 for print)")
    briefing, results = make_briefing(project, datasets, options, import_reports)
    app = create_app()  # noqa: F841 — keep the QApplication alive while painting
    if fmt == "DOCX":
        from ..export.docx import write_docx

        picture = map_picture(project, datasets, options.dpi, DOCX_MAP_MM, options.lang)
        caption = _caption(picture.scale, DOCX_MAP_MM[0], briefing.lang)
        write_docx(briefing, out, picture.png, DOCX_MAP_MM[0], caption)
        return ReportResult(out, fmt, 0, picture.scale, DOCX_MAP_MM, picture.frame_mm, picture.bar, briefing,
                            results, time.perf_counter() - started)
    scale, ground = _scale_for(project, PDF_MAP_MM)
    print_map = PrintMap(project, datasets, options.lang)
    titles = [(r, ds.title_in(options.lang)) for r, ds in zip(results, datasets, strict=True)]
    notes = note_parts(project, datasets)
    drawn: dict[str, tuple] = {}
    try:
        print_map.prepare(options.dpi, scale)

        def write(tmp: Path) -> None:
            drawn["page1"] = _write_pdf(tmp, briefing, print_map, scale, ground, titles, notes, options.dpi)

        atomic_write(out, write, backup=False)
    finally:
        print_map.close()
    frame, bar, pages = drawn["page1"]
    return ReportResult(out, fmt, pages, scale, PDF_MAP_MM, frame, bar, briefing, results,
                        time.perf_counter() - started)


def _caption(scale: int, width_mm: float, lang: str) -> str:
    if lang == "zh":
        return (f"比例尺 {format_scale(scale)}（图宽 {width_mm:g} mm，按 100% 打印时成立）· EPSG:4549 · "
                "指北针为坐标网北")
    return f"Scale {format_scale(scale)} (picture {width_mm:g} mm wide, true when printed at 100%) · EPSG:4549 · " \
           "north arrow: grid north"
