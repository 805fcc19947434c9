"""Topology-aware edits of the city polygons (Qt-free; the vertex tool and the tests call these).

A vertex is addressed by :class:`VertexRef` (city id, flat index into ``shapely.get_coordinates``).
Cities that share a border share vertices with *identical* coordinates (the bundled layers are built that
way, and every edit here keeps it so): moving, inserting or deleting a vertex on a shared border applies to
every city that has it — the same rule as QGIS's topological editing, made explicit.

Validation (:func:`validate`) explains why an edit is bad: invalid polygon (with GEOS's reason), two cities
overlapping, or too few vertices. The caller decides to refuse or to flag.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon

from .check import OVERLAP_KM2
from .geomutil import closest_on_segments, ring_spans, span_of
from .measure import area_km2

#: coordinates closer than this (degrees, ~1 mm) are the same vertex
SAME_VERTEX_DEG = 1e-8

Geoms = dict[str, shapely.Geometry]


@dataclass(frozen=True)
class VertexRef:
    city: str
    index: int  # flat index into shapely.get_coordinates(geometry)


def coords(geom: shapely.Geometry) -> np.ndarray:
    return shapely.get_coordinates(geom)


def nearest_vertex(geom: shapely.Geometry, x: float, y: float) -> tuple[int, float]:
    """Flat index of the vertex nearest to (x, y) and its distance (degrees)."""
    c = coords(geom)
    d = np.hypot(c[:, 0] - x, c[:, 1] - y)
    i = int(np.argmin(d))
    return i, float(d[i])


def shared_vertices(geoms: Geoms, city: str, index: int) -> list[VertexRef]:
    """The vertex itself plus every vertex of any city at the same place (closing duplicates excluded)."""
    x, y = coords(geoms[city])[index]
    refs = []
    for cid, geom in geoms.items():
        c = coords(geom)
        spans = ring_spans(geom)
        closing = {hi for _, hi in spans}
        hits = np.flatnonzero((np.abs(c[:, 0] - x) < SAME_VERTEX_DEG) & (np.abs(c[:, 1] - y) < SAME_VERTEX_DEG))
        refs += [VertexRef(cid, int(i)) for i in hits if int(i) not in closing]
    return refs


def _set_vertex(c: np.ndarray, spans, index: int, xy) -> None:
    lo, hi = span_of(spans, index)
    c[index] = xy
    if index == lo:
        c[hi] = xy
    elif index == hi:
        c[lo] = xy


def move_vertices(geoms: Geoms, refs: list[VertexRef], x: float, y: float) -> Geoms:
    """New geometries with every referenced vertex moved to (x, y); untouched cities are the same objects."""
    out = dict(geoms)
    for cid in {r.city for r in refs}:
        geom = geoms[cid]
        c = coords(geom).copy()
        spans = ring_spans(geom)
        for r in refs:
            if r.city == cid:
                _set_vertex(c, spans, r.index, (x, y))
        out[cid] = shapely.set_coordinates(shapely.from_wkb(shapely.to_wkb(geom)), c)
    return out


def translate(geoms: Geoms, city: str, dx: float, dy: float) -> Geoms:
    """Move a whole city (its shared vertices are *not* dragged along: validation will report the overlap
    or gap this creates, as it would in QGIS without topological editing of whole features)."""
    out = dict(geoms)
    out[city] = shapely.transform(geoms[city], lambda c: c + np.array([dx, dy]))
    return out


def _rebuild(geom: shapely.Geometry, new_rings: list[np.ndarray]) -> shapely.Geometry:
    """A (Multi)Polygon with the same ring structure as ``geom`` but the given ring coordinates."""
    polys = []
    k = 0
    for part in shapely.get_parts(geom):
        n = len(shapely.get_rings(part))
        shell, holes = new_rings[k], new_rings[k + 1:k + n]
        polys.append(Polygon(shell, holes))
        k += n
    return polys[0] if len(polys) == 1 and geom.geom_type == "Polygon" else MultiPolygon(polys)


def _rings(geom: shapely.Geometry) -> list[np.ndarray]:
    return [np.asarray(r.coords) for part in shapely.get_parts(geom) for r in shapely.get_rings(part)]


def nearest_segment(geom: shapely.Geometry, x: float, y: float) -> tuple[int, int, float, np.ndarray]:
    """(ring number, segment start index within the ring, distance, projected point) nearest to (x, y)."""
    best = (0, 0, np.inf, np.array([x, y]))
    for r, ring in enumerate(_rings(geom)):
        proj, d = closest_on_segments(ring[:-1], ring[1:], x, y)
        i = int(np.argmin(d))
        if d[i] < best[2]:
            best = (r, i, float(d[i]), proj[i])
    return best


def insert_vertex(geoms: Geoms, city: str, x: float, y: float) -> Geoms:
    """Insert a vertex on the edge of ``city`` nearest to (x, y) — and on the same edge of any city that
    shares it, so the shared border stays shared."""
    ring_no, seg, _, point = nearest_segment(geoms[city], x, y)
    a, b = _rings(geoms[city])[ring_no][seg], _rings(geoms[city])[ring_no][seg + 1]
    out = dict(geoms)
    for cid, geom in geoms.items():
        rings = _rings(geom)
        changed = False
        for k, ring in enumerate(rings):
            for i in range(len(ring) - 1):
                p, q = ring[i], ring[i + 1]
                same = (np.allclose(p, a, atol=SAME_VERTEX_DEG) and np.allclose(q, b, atol=SAME_VERTEX_DEG)) or \
                       (np.allclose(p, b, atol=SAME_VERTEX_DEG) and np.allclose(q, a, atol=SAME_VERTEX_DEG))
                if same:
                    rings[k] = np.insert(ring, i + 1, point, axis=0)
                    changed = True
                    break
        if changed:
            out[cid] = _rebuild(geom, rings)
    return out


def delete_vertices(geoms: Geoms, refs: list[VertexRef]) -> Geoms:
    """Remove the referenced vertices (one per ring position); a ring keeps at least 3 distinct vertices."""
    out = dict(geoms)
    for cid in {r.city for r in refs}:
        geom = geoms[cid]
        spans = ring_spans(geom)
        rings = _rings(geom)
        for r in sorted((r for r in refs if r.city == cid), key=lambda r: -r.index):
            k = next(n for n, (lo, hi) in enumerate(spans) if lo <= r.index <= hi)
            lo, _ = spans[k]
            ring = rings[k]
            if len(ring) <= 4:
                raise ValueError(f"{cid}: a ring needs at least 3 vertices")
            local = r.index - lo
            ring = np.delete(ring[:-1], local % (len(ring) - 1), axis=0)
            rings[k] = np.vstack([ring, ring[:1]])
        out[cid] = _rebuild(geom, rings)
    return out


@dataclass(frozen=True)
class Problem:
    """Why an edit is bad, as a code and parameters; each face words it in the user's language.

    ``code`` is ``empty`` (city has no geometry), ``invalid`` (GEOS says the polygon is invalid; ``detail``
    is GEOS's reason, e.g. "Ring Self-intersection") or ``overlap`` (``city`` and ``other`` would overlap by
    ``km2``) or ``too_few`` (a ring would keep fewer than 3 vertices).
    """

    code: str
    city: str
    other: str | None = None
    km2: float = 0.0
    detail: str = ""

    def __str__(self) -> str:
        """The English wording (CLI, logs, ``validate``)."""
        if self.code == "empty":
            return f"{self.city}: empty geometry"
        if self.code == "too_few":
            return f"{self.city}: a ring needs at least 3 vertices"
        if self.code == "invalid":
            return f"{self.city}: invalid polygon ({self.detail})"
        return f"{self.city} and {self.other} would overlap by {self.km2:.4f} km²"


def find_problems(geoms: Geoms, changed: set[str] | None = None) -> list[Problem]:
    """Reasons an edit is bad (empty list = fine): empty or invalid geometry, overlaps between cities."""
    problems = []
    names = changed if changed is not None else set(geoms)
    for cid in sorted(names):
        geom = geoms[cid]
        if geom is None or geom.is_empty:
            problems.append(Problem("empty", cid))
        elif not geom.is_valid:
            reason = shapely.is_valid_reason(geom)
            problems.append(Problem("invalid", cid, detail=reason.split("[")[0].strip()))
    if problems:
        return problems
    for cid in sorted(names):
        for other, geom in geoms.items():
            if other == cid or (other in names and other < cid):
                continue
            overlap = area_km2(shapely.intersection(geoms[cid], geom))
            if overlap > OVERLAP_KM2:
                problems.append(Problem("overlap", cid, other, km2=overlap))
    return problems


def validate(geoms: Geoms, changed: set[str] | None = None) -> list[str]:
    """:func:`find_problems` worded in English."""
    return [str(p) for p in find_problems(geoms, changed)]
