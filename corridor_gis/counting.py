"""Counting a dataset as the user chose, once, for every face: the counter (for live edits), the result,
and — when the CRS was stated neither in the file nor by the user — the CRS-sensitivity check.

The CLI (``ratio``, ``export-html``), the session (dashboard) and the HTML export all call
:func:`count_dataset`, so the choice of categories and levels and the sensitivity rule are applied the same
way everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from .analysis import ConcentrationCounter, RatioResult
from .category_map import CategoryMap
from .crs import parse_crs
from .model import Dataset, Project
from .plan import TARGET_SHARE
from .sensitivity import crs_sensitivity

#: CRS names under which the stored lon/lat are the file's own numbers (read as WGS84/CGCS2000)
_READ_AS_DEGREES = ("wgs84", "cgcs2000")


@dataclass(frozen=True)
class CountingChoice:
    """The user's choice: ``categories`` (ids, or ``("all",)``; ``None`` = the plan's default),
    ``levels`` (``None`` = every level) and the category map (``None`` = the rules alone)."""

    categories: tuple[str, ...] | None = None
    levels: frozenset[str] | None = None
    category_map: CategoryMap | None = None

    def counter_kwargs(self) -> dict:
        """Keyword arguments for ``compute_ratio`` / ``ConcentrationCounter`` / ``crs_sensitivity``."""
        return {"counted_categories": self.categories, "counted_levels": self.levels}


@dataclass
class Counted:
    counter: ConcentrationCounter
    result: RatioResult
    #: ``crs_sensitivity``'s document, present exactly when the CRS was not stated
    sensitivity: dict | None = None


def needs_sensitivity(dataset: Dataset) -> bool:
    """True when the figures rest on an unstated CRS: degrees read as WGS84 by default."""
    try:
        return not dataset.crs_stated and parse_crs(dataset.crs_used).name in _READ_AS_DEGREES
    except ValueError:
        return False


def count_dataset(project: Project, dataset: Dataset, target: float = TARGET_SHARE,
                  choice: CountingChoice | None = None, sensitivity: bool = True) -> Counted:
    """Count ``dataset`` for ``project``'s zones as ``choice`` says (the plan's default when None); with
    ``sensitivity``, add the CRS-sensitivity check when the dataset's CRS was not stated."""
    kwargs = (choice or CountingChoice()).counter_kwargs()
    counter = ConcentrationCounter.for_project(project, dataset, target, **kwargs)
    result = counter.result()
    return Counted(counter, result, sensitivity_of(project, dataset, counter, target, choice) if sensitivity else None)


def sensitivity_of(project: Project, dataset: Dataset, counter: ConcentrationCounter, target: float = TARGET_SHARE,
                   choice: CountingChoice | None = None) -> dict | None:
    """The CRS-sensitivity document for ``counter`` (built for ``dataset`` with ``choice``), or ``None`` when
    the dataset's CRS was stated. Reads the counter and the project, changes neither (the command line
    calls it after the 街道 tables, whose counts it does not need)."""
    if not needs_sensitivity(dataset):
        return None
    return crs_sensitivity(project, dataset, target, counter=counter,
                           **(choice or CountingChoice()).counter_kwargs())
