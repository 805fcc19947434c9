"""Readers: any common table or vector file → validated WGS84 points, with row-level reasons.

``read_points``, ``ImportOptions`` and ``preview`` are imported on first use (PEP 562), so a module that
needs only a helper of this package (``io.messages`` for the CLI's error text) does not pay for the readers'
imports (geopandas, the workbook and encoding libraries) — ``corridor-gis areas`` reads no list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__all__ = ["ImportOptions", "preview", "read_points"]

if TYPE_CHECKING:
    from .points import ImportOptions, read_points
    from .preview import preview


def __getattr__(name: str):
    if name in ("ImportOptions", "read_points"):
        from . import points

        return getattr(points, name)
    if name == "preview":
        from .preview import preview

        return preview
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
