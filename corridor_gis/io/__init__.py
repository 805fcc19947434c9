"""Readers: any common table or vector file → validated WGS84 points, with row-level reasons.

The names below load on first use (PEP 562), so a module of this package that needs no pandas
(:mod:`.csv_grid`, :mod:`.encoding`, :mod:`.messages`) can be imported without it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .points import ImportOptions, read_points
    from .preview import preview

__all__ = ["ImportOptions", "preview", "read_points"]
_HOMES = {"ImportOptions": "points", "read_points": "points", "preview": "preview"}


def __getattr__(name: str):
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    # bound here for good: importing the submodule ``preview`` just set this package's ``preview`` to the
    # module, which would otherwise shadow the function of the same name
    globals()[name] = value
    return value
