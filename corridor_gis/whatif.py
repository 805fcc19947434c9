"""What-if: areas and concentration ratio of two boundary versions side by side.

The one computation behind ``corridor-gis compare`` and the app's comparison dialog: both lay out the
same :meth:`Comparison.rows`, whose figures come from :func:`corridor_gis.report.build_report`.
"""

from __future__ import annotations

from dataclasses import dataclass

from .analysis import DEFAULT_TARGET, RatioResult
from .areas import ZoneArea, zone_areas
from .counting import CountingChoice, count_dataset
from .model import Dataset, Project
from .report import RatioReport, build_report, text


@dataclass(frozen=True)
class CompareRow:
    """One line of the comparison: what, the value in A and in B, and B − A — all as shown."""

    label: str
    a: str
    b: str
    diff: str


@dataclass
class Side:
    """One boundary version: its project, zone areas and (given a dataset) ratio."""

    project: Project
    areas: list[ZoneArea]
    result: RatioResult | None

    def as_dict(self) -> dict:
        doc = {"project": str(self.project.path or "current"), "areas": [z.as_dict() for z in self.areas]}
        if self.result is not None:
            doc["ratio"] = self.result.as_dict()
        return doc

    def report(self, lang: str = "zh") -> RatioReport:
        return build_report(self.result, None, self.project, lang, self.areas)


@dataclass
class Comparison:
    a: Side
    b: Side

    def as_dict(self) -> dict:
        """``{"a": {...}, "b": {...}}``: what ``corridor-gis compare --json`` prints."""
        return {"a": self.a.as_dict(), "b": self.b.as_dict()}

    def rows(self, lang: str = "zh") -> list[CompareRow]:
        """Areas (km², EPSG:4549) of each city and the corridor; with a dataset, the corridor's share and
        each city's inside count."""
        ra, rb = self.a.report(lang), self.b.report(lang)
        rows = []
        for ca, cb in zip(ra.cities, rb.cities, strict=True):
            if ca.area_km2 is not None and cb.area_km2 is not None:
                rows.append(CompareRow(f"{ca.name} km²", f"{ca.area_km2:.3f}", f"{cb.area_km2:.3f}",
                                       f"{cb.area_km2 - ca.area_km2:+.3f}"))
        if ra.headline and rb.headline:
            ha, hb = ra.headline, rb.headline
            rows.append(CompareRow(text("headline_title", lang), f"{ha.share_text} {ha.mark}",
                                   f"{hb.share_text} {hb.mark}", f"{100 * (hb.share - ha.share):+.2f} pts"))
            for ca, cb in zip(ra.cities, rb.cities, strict=True):
                if ca.inside is not None and cb.inside is not None and not ca.is_total:
                    rows.append(CompareRow(f"{ca.name} {text('inside', lang)}", str(ca.inside), str(cb.inside),
                                           f"{cb.inside - ca.inside:+d}"))
        return rows


def compare_versions(a: Project, b: Project, dataset: Dataset | None,
                     target: float = DEFAULT_TARGET, choice: CountingChoice | None = None) -> Comparison:
    """Both versions measured and (given a dataset) counted by the core functions, as ``choice`` says."""
    def side(project: Project) -> Side:
        if dataset is None:
            return Side(project, zone_areas(project, ("corridor", "cities")), None)
        result = count_dataset(project, dataset, target, choice, sensitivity=False).result
        return Side(project, zone_areas(project, ("corridor", "cities")), result)

    return Comparison(side(a), side(b))


def compare(a: Project, b: Project, dataset: Dataset | None, target: float = DEFAULT_TARGET) -> dict:
    """``{"a": {...}, "b": {...}}`` with areas (corridor, cities) and, given a dataset, the ratio."""
    return compare_versions(a, b, dataset, target).as_dict()
