"""Readers: any common table or vector file → validated WGS84 points, with row-level reasons."""

from .points import ImportOptions, read_points

__all__ = ["ImportOptions", "read_points"]
