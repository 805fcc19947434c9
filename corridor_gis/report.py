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
from .io.points import ImportReport
from .io.reasons import localize, skip_reason
from .model import Project, dataset_title
from .plan import CATEGORY_BY_ID, CORRIDOR_ID, TARGET_SHARE
from .sensitivity import sensitivity_line

LANGS = ("zh", "en")
#: the one palette of verdicts: bars, headline, marks and the target line on every face
COLOURS: dict[str, str] = {"met": "#1e8449", "not_met": "#c0392b", "target": "#e67e22", "unknown": "#7f8c8d"}
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


@dataclass(frozen=True)
class SubdistrictRow:
    """A 街道 the corridor crosses: counted points in it, and how many of those the corridor holds."""

    name: str
    district: str
    inside: int
    total: int
    share_text: str


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
    #: the three readings in one line whenever the CRS was not stated ("" when it was)
    crs_readings: str = ""
    #: which boundaries the figures rest on (indicative, user-supplied or official), in words
    boundaries: str = ""
    #: the corridor's 街道 (OSM) with their counts, when computed; and the attribution they carry
    subdistricts: list[SubdistrictRow] = field(default_factory=list)
    subdistrict_source: str = ""

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


def boundary_sentence(project: Project, lang: str = "zh") -> str:
    """Which boundaries every figure rests on, in words: indicative (digitised by us), user-supplied or
    official (imported, with the file), as the cities' ``method``/``location_quality``/``source`` say."""
    cities = project.cities
    methods = {str(v) for v in cities.get("method", [])}
    qualities = {str(v) for v in cities.get("location_quality", [])}
    sources = sorted({str(v) for v in cities.get("source", []) if str(v)})
    zh = lang == "zh"
    if any("indicative" in m for m in methods) or "indicative" in qualities:
        if "imported" in methods:
            return "区域边界：部分为导入，部分为示意" if zh else "Boundaries: partly imported, partly indicative"
        return ("区域边界为示意（依规划文字数字化并按规划面积校准），非官方" if zh else
                "Boundaries are indicative (digitised from the plan's wording, calibrated to its areas), not official")
    where = "、".join(sources) if sources else "—"
    if qualities == {"official"}:
        return f"区域边界：官方（导入自 {where}）" if zh else f"Boundaries: official (imported from {where})"
    return (f"区域边界：用户提供（导入自 {where}），未确认为官方" if zh else
            f"Boundaries: user-supplied (imported from {where}), not confirmed as official")


def _subdistrict_rows(by_subdistrict: dict | None) -> list[SubdistrictRow]:
    """The 街道 the corridor crosses, in ``ratio_by_subdistrict``'s order (largest part of the corridor first)."""
    return [SubdistrictRow(name, v["district"], v["inside"], v["total"], pct(v["share"]) if v["total"] else "—")
            for name, v in (by_subdistrict or {}).items() if v.get("in_corridor")]


def _crs_readings(doc: dict, lang: str) -> str:
    parts = [f"{label} {pct(doc[key]['share'])} {mark(doc[key]['met'])}"
             for key, label in (("wgs84", "WGS84"), ("gcj02", "GCJ-02"), ("bd09", "BD-09"))]
    return (("坐标系未说明，按三种坐标系分别为：" if lang == "zh" else "CRS not stated; read as: ")
            + " · ".join(parts))


def build_report(result: RatioResult | None, import_report: ImportReport | None, project: Project | None,
                 lang: str = "zh", areas: list[ZoneArea] | None = None, source: str = "",
                 city_names: dict[str, str] | None = None, sensitivity: dict | None = None,
                 by_subdistrict: dict | None = None, subdistrict_source: str = "",
                 messages_lang: str | None = None) -> RatioReport:
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
    title = dataset_title(result.dataset, result.label, lang)
    coded = import_report.coded if import_report else {}
    words = messages_lang or lang  # the reader's messages (the CLI keeps them English unless --lang zh)
    note = localize(import_report.crs_note, coded, words) if import_report and import_report.crs_note else ""
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
    # a label the rules do not know (孵化器) is listed with its figures but given no verdict against the target
    categories = [
        CategoryRow(cid, category_label(cid, lang), s.total, s.inside, s.share, pct(s.share), s.met,
                    mark(s.met) if cid in CATEGORY_BY_ID else "—",
                    ("met" if s.met else "not_met") if cid in CATEGORY_BY_ID else "unknown",
                    s.shortfall_new, s.shortfall_moved,
                    None if s.met or cid not in CATEGORY_BY_ID else
                    text("cat_shortfall", lang).format(new=s.shortfall_new, moved=s.shortfall_moved),
                    cid in CATEGORY_BY_ID, cid in result.counted_categories)
        for cid, s in result.by_category.items()]
    unknown = _unknown_labels(result, import_report)
    unknown_counted = any(label in result.counted_categories for label in unknown)
    sentence = unknown_sentence(unknown, unknown_counted, lang)
    notes = [localize(n, coded, words) for n in import_report.notes] if import_report else []
    if sentence:
        notes.append(sentence)
    notes += counting_notes(result, lang, unknown=sentence is None)
    crs_warning = sensitivity_line(sensitivity, lang) if sensitivity else ""
    crs_readings = _crs_readings(sensitivity, lang) if sensitivity else ""
    chart = ChartData([Bar(r.name, r.share, r.share_text, r.met) for r in categories], c.target,
                      text("target_short", lang).format(pct=pct(c.target)), text("headline_title", lang),
                      text("met", lang), text("not_met", lang), text("chart_aria", lang))
    coded_rows = import_report.coded_rows if import_report else None
    skipped_rows = [{**item, "reason": skip_reason(item, coded_rows, words)} for item in result.skipped]
    return RatioReport(
        lang=lang, dataset=result.dataset, label=result.label, title=title, source=source_name,
        crs=result.crs, crs_note=note, crs_sentence=crs_sentence, rows=result.rows, placed=result.rows - skipped,
        skipped=skipped, duplicates=duplicates, rows_sentence=rows_sentence, provenance=provenance,
        headline=headline, categories=categories, cities=cities, notes=notes, unknown_sentence=sentence,
        skipped_rows=skipped_rows, chart=chart, sensitivity=sensitivity, crs_warning=crs_warning,
        crs_readings=crs_readings, subdistricts=_subdistrict_rows(by_subdistrict),
        boundaries=boundary_sentence(project, lang) if project is not None else "",
        subdistrict_source=subdistrict_source if by_subdistrict else "")
