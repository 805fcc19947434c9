"""The one bar chart of the ratio report, as an SVG string (no Qt): share inside the corridor per
category, the target as a dashed line.

The HTML briefing embeds it inline and the dashboard draws the same string through QtSvg, so both show
one chart in one palette (:data:`corridor_gis.report.COLOURS`). Written for SVG Tiny 1.2 (what QtSvg
renders): plain rect/line/text, ``transform="rotate"``, no CSS.

Readable with many categories: the legend (met, not met, target) sits above the plot, so the target's
label can never collide with a value label, and a value label the dashed target line would cross is
lifted above the line; category names are rotated when they do not fit under their
bar and shortened to a bounded length (the table beside the chart has the full name).
"""

from __future__ import annotations

import math
from html import escape

from .report import COLOURS, ChartData

FONT = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"
FONT_SIZE = 10
NAME_MAX_PX = 120  # a longer category name is shortened with "…" (the table shows it in full)
ROTATE_DEG = 40
TARGET_STROKE = 2
#: a text's box around its baseline, in em: generous for the CJK fonts above (digits reach ~0.73 em)
ASCENT_EM, DESCENT_EM = 0.85, 0.22
LABEL_GAP = 3  # px between a bar's top (or the target line) and its value label


def text_width(s: str, size: float = FONT_SIZE) -> float:
    """Estimated width of ``s`` in px: CJK and other wide characters one em, the rest ~0.6 em."""
    return sum(size if ord(ch) > 0x2E7F else 0.6 * size for ch in s)


def text_box_y(baseline: float, size: float) -> tuple[float, float]:
    """Top and bottom (px, y down) of a text of font size ``size`` on ``baseline``: the box the labels
    are kept apart with."""
    return baseline - ASCENT_EM * size, baseline + DESCENT_EM * size


def value_baseline(bar_top: float, target_y: float, size: float) -> float:
    """Baseline of a bar's value label: just above the bar, or, when the target line would run through
    the label there (a share just below, at or just above the target), just above the line instead.

    Above, not below, the line: below it the label would sit on the bar of a share just under the
    target. The label only ever moves up, so it never meets its own bar.
    """
    baseline = bar_top - LABEL_GAP
    top, bottom = text_box_y(baseline, size)
    half = TARGET_STROKE / 2
    if top < target_y + half + 1 and bottom > target_y - half - 1:
        baseline = target_y - half - LABEL_GAP - DESCENT_EM * size
    return baseline


def _short(name: str) -> str:
    if text_width(name) <= NAME_MAX_PX:
        return name
    while name and text_width(name + "…") > NAME_MAX_PX:
        name = name[:-1]
    return name + "…"


def _t(value: object) -> str:
    return escape(str(value), quote=True)


def bar_chart_svg(chart: ChartData, width: int = 320, plot_height: int = 120) -> str:
    """The chart as an ``<svg>`` element; empty string when there are no bars."""
    bars = chart.bars
    if not bars:
        return ""
    left, right, legend_h = 34, 8, 22
    names = [_short(b.name) for b in bars]
    slot = (width - left - right) / len(bars)
    widest = max(text_width(n) for n in names)
    rotate = widest > slot - 4
    name_h = (widest * math.sin(math.radians(ROTATE_DEG)) + FONT_SIZE + 6) if rotate else FONT_SIZE + 8
    value_size = FONT_SIZE if slot >= 40 else FONT_SIZE - 1.5
    top = legend_h + value_size + 6  # room for the value label of a 100% bar under the legend
    height = math.ceil(top + plot_height + name_h + 4)
    base = top + plot_height
    out = [f'<svg class="cg-chart" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" role="img" aria-label="{_t(chart.aria_label)}" '
           f'font-family="{FONT}" font-size="{FONT_SIZE}">',
           f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>']
    # legend above the plot: met, not met, target
    x = left
    for key, label in (("met", chart.met_label), ("not_met", chart.not_met_label)):
        colour = COLOURS[key]
        out.append(f'<rect x="{x}" y="6" width="10" height="10" fill="{colour}"/>'
                   f'<text id="legend-{key}" x="{x + 14}" y="15" fill="#333333">{_t(label)}</text>')
        x += 14 + text_width(label) + 14
    out.append(f'<line x1="{x:.1f}" y1="11" x2="{x + 18:.1f}" y2="11" stroke="{COLOURS["target"]}" '
               f'stroke-width="2" stroke-dasharray="5,3"/><text id="legend-target" x="{x + 22:.1f}" y="15" '
               f'fill="{COLOURS["target"]}">{_t(chart.target_label)}</text>')
    for frac in (0.0, 0.5, 1.0):
        y = base - plot_height * frac
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#dddddd"/>'
                   f'<text x="{left - 4}" y="{y + 3:.1f}" font-size="9" text-anchor="end" fill="#666666">'
                   f'{int(frac * 100)}%</text>')
    for i, (bar, name) in enumerate(zip(bars, names, strict=True)):
        cx = left + (i + 0.5) * slot
        bh = plot_height * max(0.0, min(bar.share, 1.0))
        colour = COLOURS["met" if bar.met else "not_met"]
        out.append(f'<rect id="bar-{i}" x="{cx - slot * 0.35:.1f}" y="{base - bh:.1f}" width="{slot * 0.7:.1f}" '
                   f'height="{bh:.1f}" fill="{colour}"/>')
        if rotate:
            ty = base + FONT_SIZE + 2
            out.append(f'<text id="name-{i}" x="{cx + 3:.1f}" y="{ty:.1f}" text-anchor="end" fill="#222222" '
                       f'transform="rotate(-{ROTATE_DEG} {cx + 3:.1f} {ty:.1f})">{_t(name)}</text>')
        else:
            out.append(f'<text id="name-{i}" x="{cx:.1f}" y="{base + FONT_SIZE + 4:.1f}" text-anchor="middle" '
                       f'fill="#222222">{_t(name)}</text>')
    # the target line over the bars (its label is in the legend, not in the plot), then the value labels
    # on a white halo; a label whose box would meet the line moves above it, so no figure is struck through
    y = base - plot_height * max(0.0, min(chart.target, 1.0))
    out.append(f'<line id="target-line" x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" '
               f'stroke="{COLOURS["target"]}" stroke-width="{TARGET_STROKE}" stroke-dasharray="5,3"/>')
    for i, bar in enumerate(bars):
        cx = left + (i + 0.5) * slot
        ty = value_baseline(base - plot_height * max(0.0, min(bar.share, 1.0)), y, value_size)
        label = (f'x="{cx:.1f}" y="{ty:.1f}" font-size="{value_size}" text-anchor="middle"')
        out.append(f'<text {label} fill="#ffffff" stroke="#ffffff" stroke-width="3">{_t(bar.label)}</text>'
                   f'<text id="value-{i}" {label} fill="#222222">{_t(bar.label)}</text>')
    out.append("</svg>")
    return "".join(out)
