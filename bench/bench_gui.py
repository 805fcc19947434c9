"""Benchmark: the desktop app with 1,000,000 points — cold start, import into the map, repaint, zoom, one
vertex-drag step, memory. Each figure is printed with a baseline measured in the same run:

* cold start to first paint of ``corridor-gis gui --screenshot`` vs a bare PyQt6 window's first paint;
* adding the dataset (counter + layer) vs reading nothing (absolute, with the goal);
* repaint and zoom with 1M points vs the same map without points;
* one vertex-drag step (snap, topological move, rubber band, incremental recount, status text, repaint)
  driven through the canvas with QTest, with 1M points vs without points;
* resident memory after loading vs before loading.

Goals (issue #16): start <= 1.5 s, repaint <= 30 ms, zoom <= 50 ms, drag step <= 16 ms, RSS <= 600 MB.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_gui.py [N]``
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from statistics import median

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("CORRIDOR_GIS_LANG", "zh")

import geopandas as gpd
import numpy as np
from PyQt6.QtCore import QPoint, Qt
from PyQt6.QtTest import QTest

from corridor_gis import editing
from corridor_gis.app.main import create_app
from corridor_gis.app.window import MainWindow
from corridor_gis.model import Dataset, Project

BARE_WINDOW = """
import time; t0 = time.perf_counter()
from PyQt6.QtWidgets import QApplication, QMainWindow
app = QApplication([]); w = QMainWindow(); w.resize(1600, 1000); w.show(); app.processEvents(); w.grab()
print(f"first paint {time.perf_counter() - t0:.3f}")
"""


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        return int(re.search(r"VmRSS:\s+(\d+)", fh.read())[1]) / 1024


def timed(func, repeat: int = 7) -> float:
    """Median wall time of ``func`` in ms."""
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        func()
        out.append((time.perf_counter() - t0) * 1000)
    return median(out)


def cold_start() -> tuple[float, float]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    ours, bare = [], []
    for _ in range(3):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "corridor_gis", "gui", "--screenshot", "/tmp/bench_gui.png",
                        "--size", "1600x1000"], check=True, capture_output=True, env=env)
        ours.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", BARE_WINDOW], check=True, capture_output=True, env=env)
        bare.append(time.perf_counter() - t0)
    return median(ours), median(bare)


def synthetic(n: int) -> Dataset:
    rng = np.random.default_rng(7)
    lon = np.concatenate([rng.uniform(119.5, 121.1, n // 2), rng.normal(120.47, 0.05, n - n // 2)])
    lat = np.concatenate([rng.uniform(35.5, 37.2, n // 2), rng.normal(36.17, 0.04, n - n // 2)])
    cats = rng.choice(["key_lab", "new_rd", "platform", "hitech_firm"], n)
    points = gpd.GeoDataFrame({"row": np.arange(2, n + 2), "name": "", "category": cats},
                              geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")
    return Dataset("bench_1m", points, source="bench", label="synthetic benchmark")


def drag_step_ms(win: MainWindow, app, steps: int = 15) -> float:
    """Median time of one mouse-move step while dragging a shared youth/digital vertex (incl. repaint)."""
    geoms = win.project.city_geometries()
    lo, hi = editing.ring_spans(geoms["youth"])[0]
    i = next(k for k in range(lo + 1, hi - 1)
             if {r.city for r in editing.shared_vertices(geoms, "youth", k)} == {"youth", "digital"})
    x, y = editing.coords(geoms["youth"])[i]
    win.act_vertex.trigger()
    tool = win.vertex_tool
    tool.selected = "youth"
    from PyQt6.QtCore import QPointF

    from corridor_gis.app.geometry import lonlat_to_scene

    sx, sy = lonlat_to_scene([x], [y])
    c = win.canvas
    c.resetTransform()
    c.scale(1 / 15, 1 / 15)
    c.centerOn(QPointF(float(sx[0]), float(sy[0])))
    app.processEvents()
    vp = c.viewport()
    start = c.mapFromScene(QPointF(float(sx[0]), float(sy[0])))
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    times = []
    for k in range(steps):
        pos = start + QPoint(1 + k % 5, -(k % 3))
        t0 = time.perf_counter()
        QTest.mouseMove(vp, pos)
        vp.repaint()
        times.append((time.perf_counter() - t0) * 1000)
    QTest.keyClick(c, Qt.Key.Key_Escape)
    QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    win.act_pan.trigger()
    return median(times[2:])


def main(n: int = 1_000_000) -> None:
    ours, bare = cold_start()
    print(f"cold start to first paint: {ours:.2f} s vs bare PyQt6 window {bare:.2f} s "
          f"(x{ours / bare:.2f}; goal <= 1.5 s)")
    app = create_app()
    win = MainWindow(Project.bundled(), load_sample=False)
    win.resize(1600, 1000)
    win.show()
    app.processEvents()
    win.zoom_to_corridor()
    vp = win.canvas.viewport()
    base_repaint = timed(vp.repaint)
    base_zoom = timed(lambda: (win.canvas.zoom_by(1.25), vp.repaint(), win.canvas.zoom_by(0.8), vp.repaint()))
    base_drag = drag_step_ms(win, app)
    win.zoom_to_corridor()
    before = rss_mb()  # the app on the bundled zones, before the list exists in memory
    dataset = synthetic(n)
    with_frame = rss_mb()  # the 1M-row GeoDataFrame as a reader would return it
    t0 = time.perf_counter()
    win.add_dataset(dataset)
    app.processEvents()
    add_s = time.perf_counter() - t0
    after = rss_mb()
    repaint = timed(vp.repaint)
    zoom = timed(lambda: (win.canvas.zoom_by(1.25), vp.repaint(), win.canvas.zoom_by(0.8), vp.repaint())) / 2
    base_zoom /= 2
    drag = drag_step_ms(win, app)
    print(f"add {n:,} points to the map (counter + layer): {add_s:.2f} s")
    print(f"repaint: {repaint:.1f} ms vs {base_repaint:.1f} ms without points (x{repaint / base_repaint:.1f}; "
          f"goal <= 30 ms)")
    print(f"zoom step + repaint: {zoom:.1f} ms vs {base_zoom:.1f} ms without points "
          f"(x{zoom / base_zoom:.1f}; goal <= 50 ms)")
    print(f"vertex-drag step: {drag:.1f} ms vs {base_drag:.1f} ms without points (x{drag / base_drag:.1f}; "
          f"goal <= 16 ms)")
    print(f"RSS: {after:.0f} MB with the points vs {before:.0f} MB before (+{after - before:.0f} MB, of which "
          f"{with_frame - before:.0f} MB is the GeoDataFrame itself; goal <= 600 MB)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
