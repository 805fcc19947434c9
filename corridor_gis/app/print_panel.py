"""The furniture of a print layout: legend, ratio box, scale bar, north arrow, data note and tables.

Every block draws on a :class:`~corridor_gis.app.print_sheet.Sheet` at a given top-left (mm) and returns
the height it used, so the layout can stack blocks in a column. Texts are real text (searchable in PDF/SVG).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PyQt6.QtCore import Qt
from PyQt6.QtGui import QColor

from ..analysis import RatioResult
from ..briefing import Table
from ..categories import category_name
from ..plan import CATEGORIES, CATEGORY_BY_ID, TARGET_SHARE
from ..report import COLOURS
from .canvas import SCREEN_DPI
from .layers import CanvasLayer
from .point_styles import CLUSTER, CLUSTER_FILL, CLUSTER_OUTLINE, HEATMAP, PointStyle, ramp_color
from .print_scale import format_length, format_scale, paper_mm
from .print_scene import PRINT_SIZE
from .print_sheet import INK, MM_PER_INCH, Sheet

MET = "#1e8449"
NOT_MET = "#c0392b"
SWATCH_W, SWATCH_H = 8.0, 4.5  # mm
ROW = 5.6  # mm per legend row


def _px_to_mm(px: float) -> float:
    """A screen-pixel width of a style, as printed (see print_scene.PRINT_SIZE)."""
    return px * MM_PER_INCH / SCREEN_DPI * PRINT_SIZE


def _alpha(colour: str | None, opacity: float) -> QColor | None:
    if not colour:
        return None
    c = QColor(colour)
    c.setAlphaF(opacity)
    return c


def _swatch(sheet: Sheet, x: float, y: float, layer: CanvasLayer, fill: str | None) -> None:
    """A legend symbol drawn with the layer's own style (same colours, opacity, dash, width)."""
    style = layer.style
    kind = layer.gdf.geometry.geom_type.iloc[0] if len(layer.gdf) else "Polygon"
    dash = Qt.PenStyle.DashLine if style.dash else Qt.PenStyle.SolidLine
    width = max(_px_to_mm(style.width), 0.15)
    if kind == "Point":
        sheet.circle(x + SWATCH_W / 2, y + SWATCH_H / 2, _px_to_mm(style.point_size) / 2 * 1.4,
                     fill or "#ffffff", style.stroke or INK, width)
    elif "Line" in kind:
        c = _alpha(style.stroke, style.opacity)
        sheet.line(x, y + SWATCH_H / 2, x + SWATCH_W, y + SWATCH_H / 2, c.name(QColor.NameFormat.HexArgb), width,
                   dash)
    else:
        fill_c = _alpha(fill, style.opacity)
        sheet.box(x, y, SWATCH_W, SWATCH_H, fill_c, style.stroke, width, dash)


def _categories(layer: CanvasLayer) -> list[tuple[str, str, int]]:
    """(category, colour, count) of a dataset layer in the plan's order, unknown labels after; the colours
    are the ones its point cloud was drawn with (CanvasLayer.category_colors, np.unique order)."""
    labels = layer.gdf["category"].astype(str) if "category" in layer.gdf else None
    if labels is None:
        return [("(none)", layer.category_colors[0] if layer.category_colors else INK, len(layer.gdf))]
    names = [str(n) for n in np.unique(labels.to_numpy())]
    colours = dict(zip(names, layer.category_colors, strict=True))
    counts = labels.value_counts()
    order = [c.id for c in CATEGORIES if c.id in colours] + [n for n in names if n not in CATEGORY_BY_ID]
    return [(n, colours[n], int(counts[n])) for n in order]


#: the print's heatmap classes: the ramp is scaled to the points in the printed frame (its top: the 99.5th
#: percentile of the frame's cells), as on screen to the view
HEAT_LEGEND = (("低密度（相对本图范围）", 0.1), ("中密度", 0.5), ("高密度（本图中最密）", 1.0))
CLUSTER_LEGEND = "聚合（圆上数字为点数）"


def _dot(colour: str, radius: float = 1.1):
    return lambda sh, x, y: sh.circle(x + SWATCH_W / 2, y + SWATCH_H / 2, radius, colour, colour, 0.1)


def _ramp_box(colour: str):
    return lambda sh, x, y: sh.box(x, y, SWATCH_W, SWATCH_H, colour, None, 0.1)


def _dataset_rows(layer: CanvasLayer, style: PointStyle) -> list[tuple[str, object]]:
    """A dataset's classes as its renderer draws them (QGIS's legend follows the renderer): the heatmap's
    ramp; or the cluster symbol and then the categories of the points shown alone; or the categories."""
    if style.kind == HEATMAP:
        return [(text, _ramp_box(ramp_color(level))) for text, level in HEAT_LEGEND]
    rows = [(f"{category_name(name)}（{count:,}）", _dot(colour)) for name, colour, count in _categories(layer)]
    if style.kind == CLUSTER:
        rows.insert(0, (CLUSTER_LEGEND, lambda sh, x, y: sh.circle(x + SWATCH_W / 2, y + SWATCH_H / 2, 2.0,
                                                                   CLUSTER_FILL, CLUSTER_OUTLINE, 0.25)))
    return rows


def legend_entries(layers: list[CanvasLayer], sea: str,
                   point_style: Callable[[str], PointStyle] | None = None) -> list[tuple[str, object]]:
    """(text, symbol) rows of the legend, top layer first as in QGIS; each city by name; a dataset's classes
    under its title (symbol ``None`` = a heading), as ``point_style(layer key)`` draws it (by category when
    not given). A symbol is ``draw(sheet, x, y)``."""
    rows: list[tuple[str, object]] = []
    for layer in reversed(layers):
        if not (layer.visible and layer.in_scale):  # not drawn at this scale: not in the legend either
            continue
        if layer.is_dataset:
            rows.append((layer.title, None))
            rows += _dataset_rows(layer, point_style(layer.key) if point_style else PointStyle())
        elif layer.key == "cities" and "id" in layer.gdf:
            for fid, name in zip(layer.gdf["id"].astype(str), layer.gdf["name_zh"].astype(str), strict=True):
                rows.append((name, lambda sh, x, y, lyr=layer, f=fid: _swatch(sh, x, y, lyr, lyr.style.fill_for(f))))
        else:
            rows.append((layer.title, lambda sh, x, y, lyr=layer: _swatch(sh, x, y, lyr, lyr.style.fill)))
    rows.append(("海域", lambda sh, x, y: sh.box(x, y, SWATCH_W, SWATCH_H, sea, "#9fb7c9", 0.15)))
    return rows


def legend(sheet: Sheet, columns: list[tuple[float, float, float, float]], layers: list[CanvasLayer],
           sea: str, point_style: Callable[[str], PointStyle] | None = None) -> float:
    """图例 flowing down ``columns`` (x, y, w, h in mm; the last one takes whatever is left); returns the
    height used in the first column. ``point_style`` (layer key → renderer) makes each dataset's rows match
    how the map draws it."""
    x, y, w, h = columns[0]
    y += sheet.text(x, y, w, "图例", 10, bold=True) + 1.0
    used = y - columns[0][1]
    column = 0
    for text, symbol in legend_entries(layers, sea, point_style):
        x, top, w, h = columns[column]
        if y + ROW > top + h:
            if column + 1 == len(columns):
                sheet.text(x, y, w, "…", 7.5)
                break
            column += 1
            x, y, w, h = columns[column]
        if symbol is None:
            y += sheet.text(x, y, w, text, 7.5, bold=True) + 0.6
        else:
            symbol(sheet, x, y + (ROW - SWATCH_H) / 2 - 0.6)
            sheet.text(x + SWATCH_W + 2.5, y, w - SWATCH_W - 2.5, text, 7.5)
            y += ROW
        if column == 0:
            used = y - columns[0][1]
    return used


def ratio_box(sheet: Sheet, x: float, y: float, w: float, result: RatioResult, dataset_title: str,
              compact: bool = False) -> float:
    """集聚度: the headline share against the target, the verdict, inside/total and the dataset; ``compact``
    puts share, target and verdict on one line (for a second dataset). Returns the height used."""
    c = result.corridor
    top = y
    pad = 2.0
    inner_x, inner_w = x + pad, w - 2 * pad
    y += pad
    share = f"{100 * c.share:.1f}%"
    target = f"目标 ≥ {100 * c.target:g}%"
    verdict_colour = MET if c.met else NOT_MET
    if compact:
        verdict = "达标" if c.met else f"未达标（差 {c.shortfall_new:,} 个）"
        y += sheet.text(inner_x, y, inner_w, f"集聚度 {share}　{target}　{verdict}", 9, bold=True,
                        colour=verdict_colour) + 0.4
    else:
        counted = "、".join(category_name(k) for k in result.counted_categories)
        y += sheet.text(inner_x, y, inner_w, f"走廊集聚度（{counted}）", 8, bold=True) + 0.5
        share_h = sheet.text(inner_x, y, inner_w, share, 20, bold=True, colour=verdict_colour)
        sheet.text(inner_x + sheet.text_width(share, 20, True) + 3, y + 2.2, inner_w - 25, target, 8.5)
        y += share_h
        verdict = "达标" if c.met else \
            f"未达标：还差 {c.shortfall_new:,} 个（新增）或 {c.shortfall_moved:,} 个（迁入）"
        y += sheet.text(inner_x, y, inner_w, verdict, 8.5, bold=True, colour=verdict_colour) + 0.5
    y += sheet.text(inner_x, y, inner_w, f"走廊内 {c.inside:,} / 全市 {c.total:,}", 8) + 0.5
    y += sheet.text(inner_x, y, inner_w, f"数据集：{dataset_title}；坐标 {result.crs}", 7) + pad
    if c.target != TARGET_SHARE:
        y += sheet.text(inner_x, y, inner_w, f"（目标按用户设定，规划为 {100 * TARGET_SHARE:g}%）", 6.5)
    sheet.box(x, top, w, y - top, None, verdict_colour, 0.35)
    return y - top


def ratio_boxes(sheet: Sheet, x: float, y: float, w: float, bottom: float,
                results: list[tuple[RatioResult, str]]) -> float:
    """One box per dataset down to ``bottom`` (mm): the first in full, later ones compact; what does not
    fit is named in one line instead of overlapping the scale bar. Returns the y below the last block."""
    for i, (result, title) in enumerate(results):
        for compact in ((False, True) if i == 0 else (True,)):
            height = ratio_box(sheet.measuring(), x, y, w, result, title, compact)
            if y + height <= bottom:
                ratio_box(sheet, x, y, w, result, title, compact)
                y += height + 2.5
                break
        else:
            line = f"另有 {len(results) - i} 个数据集的集聚度未列出（见 corridor-gis ratio）"
            if y + sheet.measuring().text(x, y, w, line, 7) <= bottom:
                y += sheet.text(x, y, w, line, 7)
            break
    return y


def scale_bar(sheet: Sheet, x: float, y: float, scale: int, bar_m: float) -> tuple[float, float]:
    """比例尺 1:N and a bar of ``bar_m`` ground metres in four segments; returns (bar length mm, height)."""
    top = y
    y += sheet.text(x, y, 60, f"比例尺 {format_scale(scale)}", 9, bold=True) + 1.2
    length = paper_mm(bar_m, scale)
    seg = length / 4
    height = 1.6
    for i in range(4):
        sheet.box(x + i * seg, y, seg, height, INK if i % 2 == 0 else "#ffffff", INK, 0.15)
    y += height + 0.6
    for frac in (0.0, 0.5, 1.0):
        label = format_length(bar_m * frac) if frac == 1.0 else f"{bar_m * frac / 1000:g}"
        tw = sheet.text_width(label, 7)
        sheet.text(x + frac * length - tw / 2, y, tw + 1, label, 7)
    y += 3.8
    return length, y - top


def north_arrow(sheet: Sheet, cx: float, top: float) -> None:
    """Grid north of EPSG:4549 (the map's y axis; within 0.6° of true north over Qingdao)."""
    sheet.circle(cx, top + 7.0, 6.2, "#ffffff", "#888888", 0.15)
    sheet.polygon([(cx, top + 1.8), (cx + 3.2, top + 11.0), (cx, top + 9.0)], INK)
    sheet.polygon([(cx, top + 1.8), (cx - 3.2, top + 11.0), (cx, top + 9.0)], "#ffffff", INK)
    width = sheet.text_width("N", 8, True)
    sheet.text(cx - width / 2, top + 9.3, width + 1, "N", 8, bold=True)


def data_note(sheet: Sheet, x: float, y: float, w: float, parts: list[str], pt: float = 6.5) -> float:
    """The small print: datasets, CRS, date, indicative boundaries, attributions. Parts are kept whole on
    a line where they fit (CJK text may otherwise wrap inside a word such as 底图)."""
    lines: list[str] = []
    for part in parts:
        if lines and sheet.text_width(lines[-1] + "　" + part, pt) <= w:
            lines[-1] += "　" + part
        else:
            lines.append(part)
    return sheet.text(x, y, w, "\n".join(lines), pt, colour="#444444")


TABLE_PAD = 1.2  # mm around a cell's text
HEADER_FILL = "#e8ecef"
RULE = "#9aa5ad"


def _column_widths(sheet: Sheet, table: Table, w: float, pt: float) -> list[float]:
    """Widths (mm) summing to ``w``: each column as wide as its widest text where that fits, else shared
    out in proportion (the widest columns wrap)."""
    natural = [max(sheet.text_width(t, pt, bold=(r == 0)) for r, t in
                   enumerate([header, *(row[i] for row in table.rows)])) + 2 * TABLE_PAD + 0.5
               for i, header in enumerate(table.headers)]
    total = sum(natural)
    if total <= w:  # room to spare: half to the first column (names), half shared by the others
        spare = w - total
        if len(natural) == 1:
            return [w]
        return [natural[0] + spare / 2, *(n + spare / 2 / (len(natural) - 1) for n in natural[1:])]
    return [n * w / total for n in natural]


def table(sheet: Sheet, x: float, y: float, w: float, table: Table, pt: float = 7.5) -> float:
    """A :class:`~corridor_gis.report.Table` as a ruled table ``w`` mm wide with its title above and its
    note below: header row shaded, number columns right-aligned, total rows bold, the verdict column in
    the row's colour (:data:`~corridor_gis.report.COLOURS`). Returns the height used (mm)."""
    top = y
    y += sheet.text(x, y, w, table.title, pt + 1.5, bold=True) + 1.0
    widths = _column_widths(sheet, table, w, pt)
    lines = [(table.headers, True, None, True)] + [
        (row, table.totals[i], table.roles[i], False) for i, row in enumerate(table.rows)]
    sheet.line(x, y, x + w, y, INK, 0.3)
    for cells, bold, role, header in lines:
        heights = [sheet.measuring().text(0, 0, cw - 2 * TABLE_PAD, t, pt, bold=bold) for t, cw in zip(cells, widths,
                                                                                                      strict=True)]
        h = max(heights) + 2 * TABLE_PAD
        if header:
            sheet.box(x, y, w, h, HEADER_FILL, None)
        cx = x
        for i, (t, cw) in enumerate(zip(cells, widths, strict=True)):
            colour = COLOURS[role] if role and i == table.verdict_column else INK
            align = Qt.AlignmentFlag.AlignRight if table.numeric[i] and not header else Qt.AlignmentFlag.AlignLeft
            sheet.text(cx + TABLE_PAD, y + TABLE_PAD, cw - 2 * TABLE_PAD, t, pt, bold=bold, colour=colour,
                       align=align)
            cx += cw
        y += h
        sheet.line(x, y, x + w, y, INK if header else RULE, 0.3 if header else 0.1)
    sheet.line(x, y, x + w, y, INK, 0.3)
    if table.note:
        y += 0.8 + sheet.text(x, y + 0.8, w, table.note, pt - 1, colour="#444444")
    return y - top
