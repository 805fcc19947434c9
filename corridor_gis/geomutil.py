"""Small geometry helpers shared by the spatial index, the editing core and snapping."""

from __future__ import annotations

import numpy as np
import shapely


def ring_spans(geom: shapely.Geometry) -> list[tuple[int, int]]:
    """(first, last) flat index of every ring or line, in ``shapely.get_coordinates`` order.

    For a closed ring, ``last`` is the closing vertex (a copy of ``first``).
    """
    spans = []
    start = 0
    for part in shapely.get_parts(geom):
        rings = shapely.get_rings(part) if part.geom_type == "Polygon" else [part]
        for ring in rings:
            n = len(ring.coords)
            spans.append((start, start + n - 1))
            start += n
    return spans


def span_of(spans: list[tuple[int, int]], index: int) -> tuple[int, int]:
    """The span that holds flat coordinate ``index``."""
    for lo, hi in spans:
        if lo <= index <= hi:
            return lo, hi
    raise IndexError(index)


def closest_on_segments(a: np.ndarray, b: np.ndarray, x: float, y: float) -> tuple[np.ndarray, np.ndarray]:
    """For segments ``a[i]``–``b[i]`` (n×2 arrays): the closest point of each to (x, y) and its distance."""
    p = np.array([x, y])
    ab = b - a
    t = np.clip(np.einsum("ij,ij->i", p - a, ab) / np.maximum(np.einsum("ij,ij->i", ab, ab), 1e-30), 0, 1)
    proj = a + ab * t[:, None]
    return proj, np.hypot(*(proj - p).T)
