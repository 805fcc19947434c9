"""Benchmark: the map canvas's rendering with N points, per point style, against the same map without points
(measured in the same run):

* zoom step as the user feels it: zoom_by + repaint, which draws the preview (last image scaled);
* pan step: pan_by + repaint (preview shifted);
* the full render that follows when the view is still (zoom_by, render_now, repaint), per point style
  (points by category, heatmap, clusters).

Goals (issue #16): repaint <= 30 ms, zoom step <= 50 ms.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_render.py [N]``
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("CORRIDOR_GIS_LANG", "zh")


# the same timer and synthetic list as bench_gui.py (this folder is on sys.path when a bench runs)
from bench_gui import synthetic, timed

from corridor_gis.app.main import create_app
from corridor_gis.app.point_styles import CATEGORIZED, CLUSTER, HEATMAP
from corridor_gis.app.window import MainWindow
from corridor_gis.model import Project


def measure(win: MainWindow) -> dict[str, float]:
    canvas = win.canvas
    vp = canvas.viewport()

    def zoom_preview() -> None:
        canvas.zoom_by(1.25)
        vp.repaint()
        canvas.zoom_by(0.8)
        vp.repaint()

    def pan_preview() -> None:
        canvas.pan_by(40, 0)
        vp.repaint()
        canvas.pan_by(-40, 0)
        vp.repaint()

    def zoom_full() -> None:
        for factor in (1.25, 0.8):
            canvas.zoom_by(factor)
            canvas.render_now()
            vp.repaint()

    win.zoom_to_corridor()
    canvas.render_now()
    vp.repaint()
    return {"zoom step (preview)": timed(zoom_preview) / 2, "pan step (preview)": timed(pan_preview) / 2,
            "full render after a zoom": timed(zoom_full) / 2, "repaint": timed(vp.repaint)}


def main(n: int = 1_000_000) -> None:
    app = create_app()
    win = MainWindow(Project.bundled(), load_sample=False)
    win.resize(1600, 1000)
    win.show()
    app.processEvents()
    base = measure(win)
    win.add_dataset(synthetic(n))
    app.processEvents()
    layer = next(lyr for lyr in win.canvas.layers if lyr.is_dataset)
    print(f"{n:,} points, window 1600x1000; baseline = the same map without points")
    for kind in (CATEGORIZED, HEATMAP, CLUSTER):
        win.layer_panel.set_point_style(layer, kind)
        figures = measure(win)
        for name, ms in figures.items():
            print(f"{kind:>11} {name:<26} {ms:6.1f} ms vs {base[name]:5.1f} ms without points "
                  f"(x{ms / base[name]:.1f})")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
