"""Benchmark: the CRS sensitivity check (the share as WGS84, GCJ-02 and BD-09) at 100,000 points.

Baseline in the same run: one plain count — :func:`corridor_gis.analysis.compute_ratio` on the same list
(build the counter, count the corridor and the three cities). Measured:

* ``standalone``: :func:`crs_sensitivity` building its own corridor counter (what a caller without a counter
  pays);
* ``with counter``: reusing the counter the ratio was computed with (what the CLI and the app pay on top of
  the ratio: the near-boundary points converted and re-tested).

Points: half spread over Qingdao, half clustered on the corridor's cities (institutions crowd there), so
many lie near the boundary — the expensive case. Best of 9 runs (least disturbed by other processes).

Run: ``.venv/bin/python bench/bench_sensitivity.py [N]``
"""

from __future__ import annotations

import sys
import time

import geopandas as gpd
import numpy as np

from corridor_gis.analysis import ConcentrationCounter, compute_ratio
from corridor_gis.model import Dataset, Project
from corridor_gis.sensitivity import crs_sensitivity


def _timed(fn, repeat: int = 9) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main(n: int = 100_000) -> None:
    rng = np.random.default_rng(12)
    lon = np.concatenate([rng.uniform(119.5, 121.1, n // 2), rng.normal(120.5, 0.1, n - n // 2)])
    lat = np.concatenate([rng.uniform(35.5, 37.2, n // 2), rng.normal(36.2, 0.1, n - n // 2)])
    cats = rng.choice(["key_lab", "new_rd", "platform", "hitech_firm"], n)
    points = gpd.GeoDataFrame({"category": cats}, geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")
    dataset = Dataset("bench", points)
    project = Project.bundled()
    counter = ConcentrationCounter.for_project(project, dataset)

    plain = _timed(lambda: compute_ratio(project, dataset))
    standalone = _timed(lambda: crs_sensitivity(project, dataset))
    reused = _timed(lambda: crs_sensitivity(project, dataset, counter=counter))
    doc = crs_sensitivity(project, dataset, counter=counter)
    print(f"{n:,} points; shares: " + ", ".join(f"{k} {100 * doc[k]['share']:.2f}%" for k in ("wgs84", "gcj02",
                                                                                         "bd09")))
    print(f"plain count (compute_ratio)          {1000 * plain:8.1f} ms   1.00x")
    print(f"crs_sensitivity standalone           {1000 * standalone:8.1f} ms   {standalone / plain:.2f}x")
    print(f"crs_sensitivity with the counter     {1000 * reused:8.1f} ms   {reused / plain:.2f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
