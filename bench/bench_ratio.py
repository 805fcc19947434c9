"""Benchmark: counting 1,000,000 points in the corridor, measured against baselines in the same run.

Prints ratios, not absolute times (machines differ; ratios from one run are comparable):
* geopandas.sjoin (same points, same polygon) — the textbook way;
* a numpy bbox pass (4 comparisons per point) — the floor for "touch every point once";
* prepared shapely contains_xy with a bbox prefilter — the plain vectorised way;
* ours: grid index (built once per dataset) + cell classification (once per geometry) + count;
* incremental recount after one vertex move (the live-drag path).

Run: ``make bench`` or ``.venv/bin/python bench/bench_ratio.py [N]``.
"""

from __future__ import annotations

import sys
import time
from statistics import median

import geopandas as gpd
import numpy as np
import shapely

from corridor_gis.model import Project
from corridor_gis.spatial_index import PointIndex, changed_bbox


def timeit(func, repeat=5):
    """Median wall time of ``repeat`` calls (seconds) and the last result."""
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = func()
        times.append(time.perf_counter() - t0)
    return median(times), out


def main(n: int = 1_000_000) -> None:
    rng = np.random.default_rng(42)
    lon = rng.uniform(119.5, 121.1, n)
    lat = rng.uniform(35.5, 37.2, n)
    # make the corridor matter: a quarter of the points clustered around it
    k = n // 4
    lon[:k] = rng.normal(120.55, 0.12, k)
    lat[:k] = rng.normal(36.25, 0.12, k)
    codes = rng.integers(0, 4, n)
    corridor = Project.bundled().corridor
    minx, miny, maxx, maxy = corridor.bounds

    def bbox_pass():
        return int(((lon >= minx) & (lon <= maxx) & (lat >= miny) & (lat <= maxy)).sum())

    def prepared_contains():
        m = (lon >= minx) & (lon <= maxx) & (lat >= miny) & (lat <= maxy)
        shapely.prepare(corridor)
        return int(shapely.intersects_xy(corridor, lon[m], lat[m]).sum())

    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")
    zone = gpd.GeoDataFrame(geometry=[corridor], crs="EPSG:4326")

    def sjoin():
        return len(gpd.sjoin(points, zone, predicate="intersects"))

    t_bbox, _ = timeit(bbox_pass, 9)
    t_prep, n_prep = timeit(prepared_contains, 3)
    t_sjoin, n_sjoin = timeit(sjoin, 1)
    t_build, index = timeit(lambda: PointIndex(lon, lat, codes, 4), 1)
    t_classify, classes = timeit(lambda: index.classify(corridor), 3)
    t_count, counts = timeit(lambda: index.count(corridor, classes), 9)
    n_ours = int(counts.sum())
    assert n_ours == n_prep == n_sjoin, (n_ours, n_prep, n_sjoin)

    # incremental: move one vertex of the youth city by ~100 m, 20 different vertices
    youth = Project.bundled().city_geometries()["youth"]
    coords = shapely.get_coordinates(youth)
    base = index.count(youth)
    deltas = []
    for v in np.linspace(1, len(coords) - 2, 20).astype(int):
        moved = coords.copy()
        moved[v] += (0.001, 0.0007)
        new = shapely.set_coordinates(shapely.from_wkb(shapely.to_wkb(youth)), moved)
        bbox = changed_bbox(youth, new)
        t, delta = timeit(lambda new=new, bbox=bbox: index.count_delta(youth, new, bbox), 5)
        deltas.append(t)
        assert np.array_equal(base + delta, index.count(new))
    t_incr = median(deltas)

    full = t_classify + t_count
    print(f"points: {n:,}; inside corridor: {n_ours:,}; boundary cells: {len(classes.boundary)}, "
          f"inside cells: {len(classes.inside)}")
    print(f"{'method':42} {'ms':>9} {'vs bbox pass':>13} {'sjoin / this':>13}")
    rows = [("numpy bbox pass (floor)", t_bbox), ("geopandas.sjoin", t_sjoin),
            ("prepared intersects_xy + bbox prefilter", t_prep),
            ("ours: classify + count (new geometry)", full), ("ours: count (classified geometry)", t_count),
            ("ours: incremental, one vertex move", t_incr), ("ours: index build (once per dataset)", t_build)]
    for name, t in rows:
        print(f"{name:42} {t * 1e3:9.2f} {t / t_bbox:12.2f}x {t_sjoin / t:12.1f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
