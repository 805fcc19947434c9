"""What-if: areas and concentration ratio of two boundary versions side by side.

The one computation behind ``corridor-gis compare`` and the app's comparison dialog.
"""

from __future__ import annotations

from .analysis import DEFAULT_TARGET, compute_ratio
from .areas import zone_areas
from .model import Dataset, Project


def compare(a: Project, b: Project, dataset: Dataset | None, target: float = DEFAULT_TARGET) -> dict:
    """``{"a": {...}, "b": {...}}`` with areas (corridor, cities) and, given a dataset, the ratio."""
    out = {}
    for key, project in (("a", a), ("b", b)):
        doc = {"project": str(project.path or "current"),
               "areas": [z.as_dict() for z in zone_areas(project, ("corridor", "cities"))]}
        if dataset is not None:
            doc["ratio"] = compute_ratio(project, dataset, target).as_dict()
        out[key] = doc
    return out
