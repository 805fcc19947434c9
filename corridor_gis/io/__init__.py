"""Readers: any common table or vector file → validated WGS84 points, with row-level reasons."""

from .points import ImportOptions, read_points
from .preview import preview

__all__ = ["ImportOptions", "preview", "read_points"]
