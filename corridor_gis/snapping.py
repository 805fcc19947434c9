"""Snapping as a core service (like QgsSnappingUtils): per-layer indexes of vertices and segments, and
``snap(x, y, tolerance)`` → the best :class:`Match` (vertex before segment, then nearest).

Indexes are built per source (one city, one basemap layer) and replaced individually when that source
changes, so an edit re-indexes one city, not the whole map (QGIS QEP #275's stale-index problem).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from .geomutil import closest_on_segments


@dataclass(frozen=True)
class Match:
    kind: str  # "vertex" or "segment"
    x: float
    y: float
    source: str
    distance: float


class _SourceIndex:
    def __init__(self, geom: shapely.Geometry) -> None:
        lines = shapely.get_parts(shapely.boundary(geom)) if geom.geom_type.endswith("Polygon") \
            else shapely.get_parts(geom)
        segs = []
        for line in lines:
            c = shapely.get_coordinates(line)
            if len(c) >= 2:
                segs.append(np.hstack([c[:-1], c[1:]]))
        self.segments = np.vstack(segs) if segs else np.empty((0, 4))
        self.vertices = self.segments[:, :2] if len(self.segments) else np.empty((0, 2))
        self.tree = shapely.STRtree(shapely.linestrings(self.segments.reshape(-1, 2, 2))) \
            if len(self.segments) else None


class SnapIndex:
    """Snap targets by source name; ``exclude`` lets a tool ignore the vertices it is dragging."""

    def __init__(self) -> None:
        self.sources: dict[str, _SourceIndex] = {}
        self.enabled = True

    def set_source(self, name: str, geom: shapely.Geometry | None) -> None:
        if geom is None or geom.is_empty:
            self.sources.pop(name, None)
        else:
            self.sources[name] = _SourceIndex(geom)

    def snap(self, x: float, y: float, tolerance: float,
             exclude: set[tuple[float, float]] | None = None,
             exclude_segments_of: set[str] | None = None) -> Match | None:
        """Nearest vertex within ``tolerance`` (degrees), else nearest point on a segment, else None.

        ``exclude`` are vertices that are not targets (the ones being dragged); ``exclude_segments_of`` are
        sources whose edges are not targets (a dragged city's own edges: snapping a vertex onto its own
        city's edge would make the ring touch itself, and the edit would be refused on release).
        """
        if not self.enabled:
            return None
        box = shapely.box(x - tolerance, y - tolerance, x + tolerance, y + tolerance)
        own = [self.sources[n] for n in exclude_segments_of or () if n in self.sources]
        best_v: Match | None = None
        best_s: Match | None = None
        for name, src in self.sources.items():
            if src.tree is None:
                continue
            idx = src.tree.query(box)
            if not len(idx):
                continue
            seg = src.segments[idx]
            for pts in (seg[:, :2], seg[:, 2:]):
                d = np.hypot(pts[:, 0] - x, pts[:, 1] - y)
                if exclude:
                    keep = np.array([(float(a), float(b)) not in exclude for a, b in pts])
                    d = np.where(keep, d, np.inf)
                i = int(np.argmin(d))
                if d[i] <= tolerance and (best_v is None or d[i] < best_v.distance):
                    best_v = Match("vertex", float(pts[i, 0]), float(pts[i, 1]), name, float(d[i]))
            if exclude_segments_of and name in exclude_segments_of:
                continue
            proj, d = closest_on_segments(seg[:, :2], seg[:, 2:], x, y)
            if own:  # a point on another source's edge that is also a dragged city's edge (a shared border)
                d = np.where(_on_any(proj, own), np.inf, d)
            i = int(np.argmin(d))
            if d[i] <= tolerance and (best_s is None or d[i] < best_s.distance):
                best_s = Match("segment", float(proj[i, 0]), float(proj[i, 1]), name, float(d[i]))
        return best_v or best_s


def _on_any(points: np.ndarray, sources: list[_SourceIndex], tol: float = 1e-9) -> np.ndarray:
    """Which points lie on an edge of any of ``sources``."""
    hit = np.zeros(len(points), dtype=bool)
    geoms = shapely.points(points)
    for src in sources:
        if src.tree is not None:
            idx = src.tree.query(geoms, predicate="dwithin", distance=tol)
            hit[np.unique(idx[0])] = True
    return hit
