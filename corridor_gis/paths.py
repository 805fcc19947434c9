"""Where the bundled resources (layers/, data/, ui/) live.

Three layouts are supported: a source checkout or editable install (folders beside the package), a wheel
(copied into ``corridor_gis/_bundled``) and a PyInstaller build (under ``sys._MEIPASS``).
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

_PKG = Path(__file__).resolve().parent


@cache
def resource_root() -> Path:
    """The folder that holds ``layers/``, ``data/`` and ``ui/``."""
    candidates = []
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        candidates.append(Path(frozen))
    candidates += [_PKG.parent, _PKG / "_bundled"]
    for root in candidates:
        if (root / "layers" / "zones.gpkg").exists():
            return root
    raise FileNotFoundError(
        "Bundled layers not found (looked in: " + ", ".join(str(c) for c in candidates) + ")"
    )


def layers_dir() -> Path:
    return resource_root() / "layers"


def data_dir() -> Path:
    return resource_root() / "data"


def ui_dir() -> Path:
    return resource_root() / "ui"


def zones_path() -> Path:
    """The bundled zone layers (corridor, cities, parks, bays, axis)."""
    return layers_dir() / "zones.gpkg"


def basemap_path() -> Path:
    """The offline basemap (Qingdao and its districts, WGS84)."""
    return data_dir() / "basemap.gpkg"
