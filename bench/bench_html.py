"""Benchmark: how long a briefing map with 10,000 points takes to open in headless Chromium.

Measured in one run against a baseline (the same map with no points), from navigation start to the
page's own ``data-map-ready`` marker, median of 5 loads each. Goal: 10,000 points ready in <= 2 s.

Run: ``.venv/bin/python bench/bench_html.py [N]``
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

import geopandas as gpd
import numpy as np
from playwright.sync_api import sync_playwright

from corridor_gis.export.html import export_html
from corridor_gis.model import Dataset, Project


def points(n: int) -> Dataset:
    rng = np.random.default_rng(1)
    gdf = gpd.GeoDataFrame({"name": [f"机构{i}" for i in range(n)],
                            "category": rng.choice(["key_lab", "new_rd", "platform", "hitech_firm"], n),
                            "row": np.arange(2, n + 2)},
                           geometry=gpd.points_from_xy(rng.normal(120.5, 0.12, n), rng.normal(36.2, 0.1, n)),
                           crs="EPSG:4326")
    return Dataset("bench", gdf, label="synthetic benchmark points")


def load_times(browser, path: Path, repeat: int = 5) -> list[float]:
    out = []
    for _ in range(repeat):
        ctx = browser.new_context(offline=True, viewport={"width": 1400, "height": 900})
        page = ctx.new_page()
        t0 = time.perf_counter()
        page.goto(path.as_uri())
        page.wait_for_selector("body[data-map-ready='1']", timeout=60_000)
        out.append(time.perf_counter() - t0)
        ctx.close()
    return out


def main(n: int = 10_000) -> None:
    project = Project.bundled()
    folder = Path(tempfile.mkdtemp())
    t0 = time.perf_counter()
    empty = export_html(project, [], folder / "empty.html")
    t_empty_export = time.perf_counter() - t0
    t0 = time.perf_counter()
    full = export_html(project, [points(n)], folder / "points.html")
    t_export = time.perf_counter() - t0
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        base = median(load_times(browser, empty))
        with_points = median(load_times(browser, full))
        browser.close()
    print(f"export: {t_export:.2f} s for {n:,} points ({t_export / t_empty_export:.1f}x the empty map), "
          f"file {full.stat().st_size / 1e6:.1f} MB")
    print(f"open in Chromium: empty map {base:.2f} s; with {n:,} points {with_points:.2f} s "
          f"({with_points / base:.2f}x the empty map); goal <= 2 s: {'met' if with_points <= 2 else 'NOT met'}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
