"""CRS sensitivity: would the verdict change if the list's coordinates were GCJ-02 or BD-09, not WGS84?

A list whose CRS was stated neither in the file nor by the user is read as WGS84 (with a warning). Lists
copied from Amap/Tencent are GCJ-02 and from Baidu BD-09, 300–600 m off around Qingdao: enough to move
institutions near a border to the other side and flip the verdict (issue 12: 43.6% ✗ as WGS84, 46.4% ✓
as GCJ-02). This module re-interprets the stored lon/lat as GCJ-02 and as BD-09 (converted to WGS84 by
:mod:`corridor_gis.crs`) and counts each reading with the same counted categories and levels, so every
face can show the three shares side by side and a prominent line when the verdict differs.

Only points that could change side are converted and re-tested: a point farther from the corridor's
boundary than the largest offset in the list's extent (:func:`offset_bound`, never more than
:data:`MAX_OFFSET_DEG`, the bound for all of China) keeps its side.
A coarse grid finds the near points; the counts start from the grid index's count
(:class:`~corridor_gis.spatial_index.PointIndex` inside the counter) and add the near points' changes, so
the check costs milliseconds at 100,000 points (``bench/bench_sensitivity.py``).
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import shapely

from .analysis import CORRIDOR, DEFAULT_TARGET, ConcentrationCounter
from .crs import parse_crs, to_wgs84
from .model import Dataset, Project

#: the readings compared, in the order shown
READINGS: tuple[str, ...] = ("wgs84", "gcj02", "bd09")
#: bound on the distance (degrees) between a point's WGS84 reading and its GCJ-02 / BD-09 reading anywhere
#: in China: measured maxima 0.0110° (GCJ-02) and 0.0193° (BD-09), checked in tests/test_sensitivity.py
MAX_OFFSET_DEG: dict[str, float] = {"gcj02": 0.014, "bd09": 0.025}
#: bound on how fast the offset changes with position (degrees per degree): measured maxima 0.0075 (GCJ-02)
#: and 0.025 (BD-09), checked in tests/test_sensitivity.py
OFFSET_LIPSCHITZ = 0.05
#: the near-boundary grid never has more cells than this (its cells grow for a very wide extent)
_MAX_CELLS = 4_000_000
_BOUND_STEP_DEG = 0.02
_MAX_BOUND_NODES = 20_000


def offset_bound(region: tuple[float, float, float, float], reading: str) -> float:
    """An upper bound (degrees) on the distance between a point's stored position and its position read
    as ``reading``, for any point in ``region`` (minx, miny, maxx, maxy).

    The offset is evaluated on grid nodes over the region; a point is within ``step·√2`` of a node on its
    side of the (axis-aligned) edge of China, so adding ``OFFSET_LIPSCHITZ·step·√2`` bounds it. Around
    Qingdao this is ~0.007° for GCJ-02 and ~0.016° for BD-09, about half the China-wide bound, so half as
    many points are converted. Never more than :data:`MAX_OFFSET_DEG`.
    """
    x0, y0, x1, y1 = region
    if not (x1 >= x0 and y1 >= y0):
        return 0.0
    step = max(_BOUND_STEP_DEG, np.sqrt((x1 - x0 + 1e-9) * (y1 - y0 + 1e-9) / _MAX_BOUND_NODES))
    gx, gy = np.meshgrid(np.arange(x0 - step, x1 + 2 * step, step), np.arange(y0 - step, y1 + 2 * step, step))
    gx, gy = gx.ravel(), gy.ravel()
    x, y = to_wgs84(gx, gy, reading)
    local = float(np.hypot(x - gx, y - gy).max()) + OFFSET_LIPSCHITZ * step * np.sqrt(2)
    return min(local, MAX_OFFSET_DEG[reading])


def near_boundary(lon: np.ndarray, lat: np.ndarray, geom: shapely.Geometry, distance: float) -> np.ndarray:
    """Mask of the points that may lie within ``distance`` degrees of ``geom``'s boundary (a superset).

    A grid over the boundary's bbox (cells of ``distance / 4``, grown by a margin): the boundary, sampled
    every quarter cell, marks its cells; a point is near when a marked cell lies within
    ``k = ceil(distance / cell) + 1`` cells of its own (a 2-D prefix sum answers that per point in O(1)).
    Points beyond the margin are farther than ``distance`` from the bbox, so not near. No buffer of the
    boundary is built and no point is tested exactly.
    """
    near = np.zeros(len(lon), dtype=bool)
    if not len(lon) or geom is None or geom.is_empty:
        return near
    bx0, by0, bx1, by1 = geom.bounds
    cell = max(distance / 4, max(bx1 - bx0, by1 - by0) / np.sqrt(_MAX_CELLS), 1e-9)
    k = int(np.ceil(distance / cell)) + 1
    margin = 2 * k + 2
    x0, y0 = bx0 - margin * cell, by0 - margin * cell
    width = int(np.ceil((bx1 - x0) / cell)) + margin + 1
    height = int(np.ceil((by1 - y0) / cell)) + margin + 1
    samples = shapely.get_coordinates(shapely.segmentize(shapely.boundary(geom), cell / 4))
    sx = np.floor((samples[:, 0] - x0) / cell).astype(np.int64)
    sy = np.floor((samples[:, 1] - y0) / cell).astype(np.int64)
    marks = np.zeros((height + 1, width + 1), dtype=np.int32)
    marks[sy + 1, sx + 1] = 1
    table = marks.cumsum(axis=0).cumsum(axis=1)
    with np.errstate(invalid="ignore"):
        fx, fy = np.floor((lon - x0) / cell), np.floor((lat - y0) / cell)
    fits = (fx >= k) & (fx < width - k) & (fy >= k) & (fy < height - k)
    px, py = fx[fits].astype(np.int64), fy[fits].astype(np.int64)
    r0, r1, c0, c1 = py - k, py + k + 1, px - k, px + k + 1
    near[fits] = (table[r1, c1] - table[r0, c1] - table[r1, c0] + table[r0, c0]) > 0
    return near


def crs_sensitivity(project: Project, dataset: Dataset, target: float = DEFAULT_TARGET,
                    counted_categories: Iterable[str] | str | None = None,
                    counted_levels: Iterable[str] | str | None = None,
                    counter: ConcentrationCounter | None = None) -> dict:
    """``{"wgs84": {"share", "met"}, "gcj02": {…}, "bd09": {…}, "verdict_depends_on_crs": bool}`` for a
    dataset whose stored lon/lat were read as WGS84 without a stated CRS.

    The ``wgs84`` entry is the headline as computed (:func:`~corridor_gis.analysis.compute_ratio` with the
    same choice); the others count the same rows read as GCJ-02 and as BD-09. ``counter``: one already
    built for this dataset and choice with the project's corridor (the app's live counter); its corridor
    count is reused and only the near-boundary points are converted and re-tested.
    """
    if parse_crs(dataset.crs_used or "wgs84").name not in ("wgs84", "cgcs2000"):
        raise ValueError(f"dataset {dataset.name!r} was read as {dataset.crs_used}, not as WGS84: the check "
                         "re-reads WGS84 degrees as GCJ-02/BD-09 and does not apply")
    corridor = project.corridor
    if counter is None:
        counter = ConcentrationCounter(dataset, {CORRIDOR: corridor}, target, counted_categories,
                                       counted_levels)
    base = counter.counts[CORRIDOR]
    corridor = counter.zones[CORRIDOR]
    out: dict = {"wgs84": _entry(counter, base)}
    # the two readings are independent numpy and GEOS work (mostly without the interpreter's lock): one thread
    # each, so the check takes the time of the slower one (BD-09, converted through GCJ-02). Each thread tests
    # points against its own copy of the corridor (the same coordinates): a GEOS prepared geometry builds its
    # indexes lazily and is not safe to query from two threads (libgeos/geos#825), and the caller may be
    # querying the counter's corridor meanwhile (``ratio`` builds the 街道 tables beside this check)
    wkb = shapely.to_wkb(corridor)
    with ThreadPoolExecutor(max_workers=len(READINGS) - 1) as pool:
        changes = pool.map(lambda reading: _change_read_as(counter, shapely.from_wkb(wkb), reading), READINGS[1:])
        for reading, change in zip(READINGS[1:], changes, strict=True):
            out[reading] = _entry(counter, base + change)
    out["verdict_depends_on_crs"] = len({out[r]["met"] for r in READINGS}) > 1
    return out


def _change_read_as(counter: ConcentrationCounter, corridor: shapely.Geometry, reading: str) -> np.ndarray:
    """How the corridor's count per (category, level) pair changes when the counter's points are read as
    ``reading``: only points within the offset's bound of the boundary can change side, so only they are
    converted and tested again. ``corridor`` is this call's own geometry (it is prepared here)."""
    index = counter.index  # the points in the grid's order, with their codes
    n = len(counter.pairs)
    shapely.prepare(corridor)
    grow = MAX_OFFSET_DEG[reading]  # bound the offset where points may change side
    bx0, by0, bx1, by1 = corridor.bounds
    region = (max(bx0 - grow, float(index.lon.min(initial=np.inf))),
              max(by0 - grow, float(index.lat.min(initial=np.inf))),
              min(bx1 + grow, float(index.lon.max(initial=-np.inf))),
              min(by1 + grow, float(index.lat.max(initial=-np.inf))))
    distance = offset_bound(region, reading)
    near = np.flatnonzero(near_boundary(index.lon, index.lat, corridor, distance))
    lon, lat, codes = index.lon[near], index.lat[near], index.codes[near]
    was = np.bincount(codes[shapely.intersects_xy(corridor, lon, lat)], minlength=n)
    x, y = to_wgs84(lon, lat, reading)
    now = np.bincount(codes[shapely.intersects_xy(corridor, x, y)], minlength=n)
    return now - was


def _entry(counter: ConcentrationCounter, counts: np.ndarray) -> dict:
    stats = counter.headline(counts)
    return {"share": stats.share, "met": stats.met}


def sensitivity_line(doc: dict, lang: str = "zh") -> str:
    """The prominent line for a verdict that depends on the CRS (empty when it does not)."""
    if not doc.get("verdict_depends_on_crs"):
        return ""
    parts = []
    for reading, label in (("wgs84", "WGS84"), ("gcj02", "GCJ-02"), ("bd09", "BD-09")):
        s = doc[reading]
        parts.append(f"{label} {100 * s['share']:.1f}% {'✓' if s['met'] else '✗'}")
    shares = " · ".join(parts)
    if lang == "zh":
        return f"注意：结论取决于坐标系（{shares}）。请确认数据来源的坐标系：高德/腾讯为 GCJ-02，百度为 BD-09。"
    return (f"Warning: the verdict depends on the CRS ({shares}). State the list's CRS: Amap/Tencent lists "
            "are GCJ-02, Baidu lists BD-09.")
