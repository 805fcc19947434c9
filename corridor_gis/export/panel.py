"""The HTML fragments of the briefing map: ratio panel with an inline-SVG bar chart, legend, footer.

Every user-provided string goes through :func:`~corridor_gis.export.safety.html_text`.
"""

from __future__ import annotations

from ..analysis import RatioResult
from ..areas import ZoneArea
from ..categories import category_name
from ..styles import LayerStyle
from .safety import html_text as t

GOOD, BAD, TARGET = "#1e8449", "#c0392b", "#e67e22"


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def bar_chart_svg(result: RatioResult, width: int = 300, height: int = 150) -> str:
    """Share per category as bars, the target as a dashed line; pure inline SVG."""
    cats = list(result.by_category.items())
    if not cats:
        return ""
    left, bottom, top = 30, 30, 10
    h = height - top - bottom
    slot = (width - left - 5) / len(cats)
    parts = [f'<svg class="cg-chart" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
             'xmlns="http://www.w3.org/2000/svg" role="img" aria-label="share per category">']
    for frac in (0, 0.5, 1):
        y = top + h * (1 - frac)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - 5}" y2="{y:.1f}" stroke="#ddd"/>'
                     f'<text x="{left - 4}" y="{y + 3:.1f}" font-size="9" text-anchor="end">'
                     f'{int(frac * 100)}%</text>')
    for i, (cat, s) in enumerate(cats):
        x = left + i * slot + slot * 0.15
        bh = h * max(0.0, min(s.share, 1.0))
        color = GOOD if s.met else BAD
        parts.append(f'<rect x="{x:.1f}" y="{top + h - bh:.1f}" width="{slot * 0.7:.1f}" height="{bh:.1f}" '
                     f'fill="{color}"/>'
                     f'<text x="{x + slot * 0.35:.1f}" y="{top + h - bh - 3:.1f}" font-size="9" '
                     f'text-anchor="middle">{_pct(s.share)}</text>'
                     f'<text x="{x + slot * 0.35:.1f}" y="{height - 14}" font-size="9" '
                     f'text-anchor="middle">{t(category_name(cat))}</text>')
    y = top + h * (1 - result.corridor.target)
    parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - 5}" y2="{y:.1f}" stroke="{TARGET}" '
                 f'stroke-width="2" stroke-dasharray="5,3"/><text x="{width - 6}" y="{y - 3:.1f}" '
                 f'font-size="9" text-anchor="end" fill="{TARGET}">目标 {_pct(result.corridor.target)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def ratio_panel(results: list[RatioResult], city_names: dict[str, str], areas: list[ZoneArea],
                title: str) -> str:
    """The right-hand panel: headline share, shortfall, tables, chart — one section per dataset."""
    out = [f'<div id="cg-panel" class="cg-box"><h1>{t(title)}</h1>']
    area_by_id = {a.id: a for a in areas}
    if not results:
        out.append("<p>没有数据集（无集聚度）。No dataset loaded.</p>")
    for result in results:
        c = result.corridor
        mark, color = ("✓", GOOD) if c.met else ("✗", BAD)
        counted = "+".join(category_name(k) for k in result.counted_categories)
        label = f"（{t(result.label)}）" if result.label else ""
        out.append(f'<section class="cg-dataset"><div class="cg-src">数据集 {t(result.dataset)}{label}'
                   f' · CRS {t(result.crs)} · {result.rows} 行，跳过 {len(result.skipped)}</div>'
                   f'<div class="cg-share" style="color:{color}">{_pct(c.share)} {mark}</div>'
                   f'<div>{c.inside} / {c.total}（{t(counted)}）目标 ≥{_pct(c.target)}</div>')
        if not c.met:
            out.append(f'<div class="cg-short">差距：新增 {c.shortfall_new} 个，或迁入 {c.shortfall_moved} 个</div>')
        out.append('<table><tr><th>类别</th><th>总数</th><th>走廊内</th><th>占比</th><th></th></tr>')
        for cat, s in result.by_category.items():
            out.append(f'<tr><td>{t(category_name(cat))}</td><td>{s.total}</td><td>{s.inside}</td>'
                       f'<td>{_pct(s.share)}</td><td style="color:{GOOD if s.met else BAD}">'
                       f'{"✓" if s.met else "✗"}</td></tr>')
        out.append("</table>" + bar_chart_svg(result))
        out.append('<table><tr><th>城</th><th>走廊内</th><th>占全市</th><th>面积 km²</th><th>规划</th></tr>')
        for cid, info in result.by_city.items():
            a = area_by_id.get(cid)
            out.append(f'<tr><td>{t(city_names.get(cid, cid))}</td><td>{info["inside"]}</td>'
                       f'<td>{_pct(info["share"])}</td><td>{a.area_km2:.2f}</td>'
                       f'<td>{a.planned_km2 if a and a.planned_km2 is not None else "—"}</td></tr>'
                       if a else f'<tr><td>{t(cid)}</td><td>{info["inside"]}</td>'
                       f'<td>{_pct(info["share"])}</td><td>—</td><td>—</td></tr>')
        out.append("</table></section>")
    out.append("</div>")
    return "".join(out)


def legend(entries: list[tuple[str, LayerStyle]], categories: list[tuple[str, str]]) -> str:
    rows = []
    for title, style in entries:
        fill = style.fill_for(next(iter(style.fill_by_id), None)) or "transparent"
        rows.append(f'<div><i style="background:{t(fill)};border:2px solid {t(style.stroke or fill)}"></i>'
                    f'{t(title)}</div>')
    for name, color in categories:
        rows.append(f'<div><i class="dot" style="background:{t(color)}"></i>{t(name)}</div>')
    return f'<div id="cg-legend" class="cg-box"><b>图例</b>{"".join(rows)}</div>'


def footer(text_parts: list[str]) -> str:
    return (f'<div id="cg-footer">{" · ".join(t(p) for p in text_parts)} · <span id="cg-click"></span>'
            "</div>")


CSS = """
.leaflet-container{background:#cfe3f2;font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif}
.cg-box{position:absolute;z-index:1000;background:rgba(255,255,255,.95);border-radius:6px;
 box-shadow:0 1px 5px rgba(0,0,0,.35);padding:8px 10px;font:12px "Noto Sans CJK SC","Microsoft YaHei",sans-serif}
#cg-panel{top:10px;right:10px;width:330px;max-height:calc(100% - 60px);overflow:auto}
#cg-panel h1{font-size:15px;margin:0 0 6px}
.cg-share{font-size:30px;font-weight:bold}
.cg-short{color:#c0392b;margin:2px 0 6px}
.cg-src{color:#666;font-size:11px;margin-bottom:4px}
#cg-panel table{border-collapse:collapse;width:100%;margin:6px 0}
#cg-panel td,#cg-panel th{border-bottom:1px solid #eee;padding:2px 4px;text-align:right}
#cg-panel td:first-child,#cg-panel th:first-child{text-align:left}
#cg-legend{bottom:96px;left:10px}
.leaflet-bottom{bottom:40px}
.leaflet-control-layers{font-size:12px;line-height:1.4}
#cg-legend i{display:inline-block;width:14px;height:10px;margin-right:6px;vertical-align:middle}
#cg-legend i.dot{width:8px;height:8px;border-radius:50%;border:0}
#cg-footer{position:absolute;z-index:1000;bottom:0;left:0;right:0;background:rgba(255,255,255,.9);
 font:11px "Noto Sans CJK SC",sans-serif;padding:3px 8px;color:#333}
.cg-popup td{padding:1px 6px 1px 0;vertical-align:top}
"""
