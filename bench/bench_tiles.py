"""Benchmark: what a tile basemap adds to one render of the map image (zooming or panning), tiles already in
memory, against the same map without tiles measured in the same run. GCJ-02 tiles (高德-style, placed on a
mesh of up to 8×8 cells per tile) at three scales: the corridor overview, a city, a street block.

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


def render_ms(app, canvas, rounds: int = 15) -> float:
    times = []
    for _ in range(rounds):
        canvas._map_image = None  # as a changed layer or a new view does: the next map_image() renders again
        t0 = time.perf_counter()
        canvas.map_image()
        times.append((time.perf_counter() - t0) * 1000)
    return median(times)


def main() -> None:
    app = create_app()
    server = TileServer(lambda z, x, y: png(256, 256, (230, 225, 215)))
    win = MainWindow(Project.bundled())
    win.resize(1400, 900)
    win.show()
    canvas = win.canvas
    source = dataclasses.replace(tiles.PRESETS["amap"], name="bench", url_template=server.template, subdomains=())
    with tempfile.TemporaryDirectory() as cache:
        print(f"{'scale':<20} {'no tiles ms':>12} {'tiles ms':>9} {'ratio':>6} {'tiles':>6} {'zoom':>5}")
        for name, mpp in SCALES:
            x, y = lonlat_to_scene([CENTRE[0]], [CENTRE[1]])
            canvas.resetTransform()
            canvas.scale(1 / mpp, 1 / mpp)
            canvas.centerOn(QPointF(float(x[0]), float(y[0])))
            remove_basemap(canvas)
            base = render_ms(app, canvas)
            item = install_basemap(canvas, source, Path(cache))
            deadline = time.time() + 60
            while not (item.idle() and item.complete) and time.time() < deadline:
                app.processEvents()
                canvas.map_image()
                time.sleep(0.01)
            with_tiles = render_ms(app, canvas)
            zoom = max(k[1] for k in item._wanted) if item._wanted else -1
            print(f"{name:<20} {base:>12.1f} {with_tiles:>9.1f} {with_tiles / base:>6.2f} {len(item._wanted):>6} "
                  f"{zoom:>5}")
        remove_basemap(canvas)
    server.stop()


if __name__ == "__main__":
    main()
