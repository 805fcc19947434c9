"""Benchmark: what a tile basemap adds to one render of the map image — after a layer change (same view) and
after a pan (new view) — tiles already in memory, against the same map without tiles measured in the same
run. GCJ-02 tiles (高德-style, placed on a mesh of up to 4×4 cells per tile) at three scales: the corridor
overview, a city, a street block.

Tiles are generated and served from 127.0.0.1 (no internet). Goal (issue #16): a render <= 50 ms.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_tiles.py``
"""

from __future__ import annotations

import dataclasses
import os
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PyQt6.QtCore import QPointF

from corridor_gis import tiles
from corridor_gis.app.geometry import lonlat_to_scene
from corridor_gis.app.main import create_app
from corridor_gis.app.tile_layer import install_basemap, remove_basemap
from corridor_gis.app.window import MainWindow
from corridor_gis.model import Project
from tests.test_tiles import TileServer, png

SCALES = (("corridor overview", 60.0), ("city", 12.0), ("street block", 1.5))
CENTRE = (120.52, 36.22)


def render_ms(app, canvas, pan: bool, rounds: int = 31) -> tuple[float, float]:
    """A render after a layer changed (same view: the tile layer blits its raster) or after a 1-px pan (new view:
    the tiles are drawn again)."""
    times = []
    for i in range(rounds):
        if pan:
            canvas.pan_by(1 if i % 2 else -1, 0)
        canvas._map_image = None  # as a changed layer does: the next map_image() renders again
        t0 = time.perf_counter()
        canvas.map_image()
        times.append((time.perf_counter() - t0) * 1000)
    return min(times), median(times)


def main() -> None:
    app = create_app()
    server = TileServer(lambda z, x, y: png(256, 256, (230, 225, 215)))
    win = MainWindow(Project.bundled())
    win.resize(1400, 900)
    win.show()
    canvas = win.canvas
    source = dataclasses.replace(tiles.PRESETS["amap"], name="bench", url_template=server.template, subdomains=())
    with tempfile.TemporaryDirectory() as cache:
        print("one render of the map image, ms (min / median of 31); the machine is shared, trust the minimum")
        print(f"{'scale':<18} {'case':<14} {'no tiles':>14} {'with tiles':>14} {'ratio(min)':>10} {'tiles':>6} "
              f"{'zoom':>5}")
        for name, mpp in SCALES:
            x, y = lonlat_to_scene([CENTRE[0]], [CENTRE[1]])
            canvas.resetTransform()
            canvas.scale(1 / mpp, 1 / mpp)
            canvas.centerOn(QPointF(float(x[0]), float(y[0])))
            remove_basemap(canvas)
            base = render_ms(app, canvas, False), render_ms(app, canvas, True)
            item = install_basemap(canvas, source, Path(cache))
            deadline = time.time() + 60
            while not (item.idle() and item.complete) and time.time() < deadline:
                app.processEvents()
                canvas.map_image()
                time.sleep(0.01)
            with_tiles = render_ms(app, canvas, False), render_ms(app, canvas, True)
            zoom = max(k[1] for k in item._wanted) if item._wanted else -1
            for case, b, w in zip(("layer changed", "pan (new view)"), base, with_tiles, strict=True):
                print(f"{name:<18} {case:<14} {b[0]:>6.1f} / {b[1]:>5.1f} {w[0]:>6.1f} / {w[1]:>5.1f} "
                      f"{w[0] / b[0]:>10.2f} {len(item._wanted):>6} {zoom:>5}")
        remove_basemap(canvas)
    server.stop()


if __name__ == "__main__":
    main()
