"""Layer styles shared by the desktop app and the HTML export (one source: layers/styles.json)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache

from . import paths
from .plan import CATEGORIES, CITIES, OTHER_CATEGORY_COLOUR


@dataclass
class LayerStyle:
    """How a layer is drawn. ``fill``/``stroke`` are ``#RRGGBB`` or ``None`` (not drawn)."""

    title_zh: str
    title_en: str
    fill: str | None = None
    stroke: str | None = None
    width: float = 1.0
    opacity: float = 1.0
    label: str | None = None
    dash: bool = False
    point_size: float = 6.0
    fill_by_id: dict[str, str] = field(default_factory=dict)
    fill_by_category: dict[str, str] = field(default_factory=dict)
    #: drawn only at scales larger than 1:max_scale (QGIS's scale-dependent visibility); None = always
    max_scale: float | None = None
    #: shown in the map corner while the layer is drawn (e.g. OSM's ODbL attribution)
    attribution: str | None = None

    def fill_for(self, feature_id: str | None = None, category: str | None = None) -> str | None:
        if feature_id is not None and feature_id in self.fill_by_id:
            return self.fill_by_id[feature_id]
        if category is not None and category in self.fill_by_category:
            return self.fill_by_category[category]
        return self.fill

    def title(self, lang: str = "zh") -> str:
        return self.title_zh if lang == "zh" else self.title_en


@cache
def _raw() -> dict:
    with open(paths.layers_dir() / "styles.json", encoding="utf-8") as fh:
        return {k: v for k, v in json.load(fh).items() if not k.startswith("_")}


def layer_order() -> list[str]:
    """Style keys in drawing order, bottom first."""
    return list(_raw())


def style_for(key: str) -> LayerStyle:
    """A fresh (mutable) style for a layer key; unknown keys get the dataset style."""
    raw = _raw()
    style = LayerStyle(**raw.get(key, raw["dataset"]))
    if key == "cities":
        style.fill_by_id = {c.id: c.colour for c in CITIES}
    elif key not in raw or key == "dataset":
        style.fill_by_category = {**{c.id: c.colour for c in CATEGORIES}, "other": OTHER_CATEGORY_COLOUR}
    return style
