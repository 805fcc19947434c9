"""Start the desktop app (``corridor-gis gui``), or render it to a PNG (``--screenshot``)."""

from __future__ import annotations

import os
import sys
import time

from .qt_app import create_app

_T0 = time.perf_counter()
#: how long ``--screenshot`` waits for a tile or GeoTIFF basemap to finish drawing the view
BASEMAP_WAIT_S = 20.0


def _ensure_platform(screenshot: bool) -> None:
    """Screenshots need no screen: use Qt's offscreen platform unless one was chosen."""
    if screenshot and "QT_QPA_PLATFORM" not in os.environ:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


def settle_basemap(app, canvas, timeout_s: float = BASEMAP_WAIT_S) -> bool:
    """Let the canvas's tile or GeoTIFF basemap (if one is shown) fetch and draw everything the current view
    needs, for at most ``timeout_s``; True when it is complete (or there is none). The basemap item asks for
    tiles when it is painted, so the map is rendered again after every arrival, as the window would."""
    item = canvas.tile_basemap
    if item is None:
        return True
    deadline = time.monotonic() + timeout_s
    while True:
        canvas.render_now()
        canvas.map_image()  # paints the basemap for this view: it asks for what is missing
        app.processEvents()
        if item.idle() and item.complete:
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)


def run_app(project_file: str | None = None, screenshot: str | None = None,
            size: str = "1600x1000") -> int:
    _ensure_platform(bool(screenshot))
    from ..errors import InputError
    from ..model import Project

    app = create_app()
    from .window import MainWindow

    project = Project.load(project_file) if project_file else Project.bundled()
    window = MainWindow(project)
    if screenshot:
        try:
            width, height = (int(v) for v in size.lower().split("x"))
        except ValueError:
            raise InputError(None, f"--size {size!r} is not WIDTHxHEIGHT", hint="e.g. --size 1600x1000") \
                from None
        window.resize(width, height)
        window.show()
        app.processEvents()
        window.zoom_to_corridor()
        app.processEvents()
        if not settle_basemap(app, window.canvas):
            print(f"basemap still loading after {BASEMAP_WAIT_S:g} s; the screenshot shows what had arrived",
                  file=sys.stderr)
        window.grab_png(screenshot)
        from .tile_layer import remove_basemap

        remove_basemap(window.canvas)  # join the tile workers before the app goes away
        print(f"wrote {screenshot} ({width}x{height}); start to first paint "
              f"{time.perf_counter() - _T0:.2f} s")
        return 0
    window.show()
    window.offer_recovery()
    return app.exec()
