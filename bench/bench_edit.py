"""Benchmark: one live update while dragging a shared 李沧/崂山 border vertex, with 1,000,000 points loaded.

An update = move the vertex in both cities (topological edit), union the corridor, incremental recount of
the two cities and the corridor, areas of the two cities, and the ratio result — what the app does on every
mouse move (minus painting). Baseline in the same run: a full recount of the same zones (classify + count).
Goal: <= 16 ms per update (one frame at 60 fps).

Run: ``.venv/bin/python bench/bench_edit.py [N]``
"""

from __future__ import annotations

import sys
import time
from statistics import median

import geopandas as gpd
import numpy as np
import shapely

from corridor_gis import editing
from corridor_gis.analysis import CORRIDOR, ConcentrationCounter
from corridor_gis.measure import area_km2
from corridor_gis.model import Dataset, Project
from corridor_gis.spatial_index import changed_bbox


def main(n: int = 1_000_000) -> None:
    rng = np.random.default_rng(7)
    lon = np.concatenate([rng.uniform(119.5, 121.1, n // 2), rng.normal(120.47, 0.05, n - n // 2)])
    lat = np.concatenate([rng.uniform(35.5, 37.2, n // 2), rng.normal(36.17, 0.04, n - n // 2)])
    cats = rng.choice(["key_lab", "new_rd", "platform", "hitech_firm"], n)
    points = gpd.GeoDataFrame({"category": cats}, geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")
    project = Project.bundled()
    t0 = time.perf_counter()
    counter = ConcentrationCounter.for_project(project, Dataset("bench", points))
    t_build = time.perf_counter() - t0

    geoms = project.city_geometries()
    lo, hi = editing.ring_spans(geoms["youth"])[0]

    def shared(i):
        return {r.city for r in editing.shared_vertices(geoms, "youth", i)} == {"youth", "digital"}

    i = next(i for i in range(lo + 1, hi - 1) if shared(i - 1) and shared(i) and shared(i + 1))
    refs = editing.shared_vertices(geoms, "youth", i)
    x0, y0 = editing.coords(geoms["youth"])[i]
    current = dict(geoms)
    times = []
    for step in range(1, 61):  # a one-second drag, ~30 m per frame
        t0 = time.perf_counter()
        new = editing.move_vertices(geoms, refs, x0 + 0.0003 * step / 6, y0 + 0.0002 * np.sin(step / 5))
        boxes = []
        for cid in ("youth", "digital"):
            box = changed_bbox(current[cid], new[cid])
            boxes.append(box)
            counter.update_zone(cid, new[cid], box)
        corridor = shapely.union_all([new[c] for c in ("ocean", "youth", "digital")])
        bbox = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
                max(b[3] for b in boxes))
        counter.update_zone(CORRIDOR, corridor, bbox)
        _ = area_km2(new["youth"]), area_km2(new["digital"])
        result = counter.result()
        times.append(time.perf_counter() - t0)
        current = {**current, "youth": new["youth"], "digital": new["digital"]}
    # correctness in the same run: incremental == full recount
    full = ConcentrationCounter(counter.dataset, {CORRIDOR: corridor, **{c: current[c] for c in current}})
    assert full.result().as_dict() == result.as_dict()

    def full_recount():
        for zone in (CORRIDOR, "youth", "digital"):
            counter.index.count(counter.zones[zone])

    fulls = []
    for _ in range(5):
        t0 = time.perf_counter()
        full_recount()
        fulls.append(time.perf_counter() - t0)
    per_update, baseline = median(times), median(fulls)
    print(f"points: {n:,}; index build {t_build:.2f} s (once per dataset)")
    print(f"live update (median of 60 drag steps): {per_update * 1e3:.2f} ms; max after the first step "
          f"{max(times[1:]) * 1e3:.2f} ms; first step {times[0] * 1e3:.2f} ms (creates the PROJ transformer)")
    print(f"full recount of the same 3 zones:      {baseline * 1e3:.2f} ms "
          f"({baseline / per_update:.1f}x the live update)")
    print(f"goal <= 16 ms per update: {'met' if per_update <= 0.016 else 'NOT met'}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
