"""Start the desktop app (``corridor-gis gui``), or render it to a PNG (``--screenshot``)."""

from __future__ import annotations

import gc
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


def _start_up_done() -> None:
    """Start-up has built what lives as long as the app (modules, classes, the window): keep the cyclic
    garbage collector off those ~100,000 objects from now on (``gc.freeze``) and switch it back on.

    :func:`run_app` turns the collector off while it imports and builds the window: the collections that
    would otherwise run ~260 times during start-up find next to nothing to free (~1,000 objects) but walk
    every object each time (~90 ms before the first paint). Frozen objects are skipped by later collections
    too, so they stay short (a vertex drag's steps) and so does the interpreter's exit (~0.2 s less). The
    price: a start-up object that later ends up in unreachable reference cycles is freed only at exit — at
    most the bundled zones and the 5,000-row sample once another project replaces them, a few MB."""
    gc.freeze()
    gc.enable()


def after_first_paint(widget, callback) -> None:
    """Call ``callback`` once, on the event loop's next turn after ``widget`` was first painted: for work the
    first picture does not need (on a real screen the window is exposed some time after ``show``, so a
    zero-delay timer set at ``show`` would run before the paint, not after it)."""
    from PyQt6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        def eventFilter(self, watched, event) -> bool:
            if event.type() == QEvent.Type.Paint:
                watched.removeEventFilter(self)
                QTimer.singleShot(0, callback)
                self.deleteLater()
            return False

    widget.installEventFilter(FirstPaint(widget))


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

    if screenshot:
        try:
            width, height = (int(v) for v in size.lower().split("x"))
        except ValueError:
            raise InputError(None, f"--size {size!r} is not WIDTHxHEIGHT", hint="e.g. --size 1600x1000") \
                from None
    gc.disable()  # until the window is shown: see _start_up_done
    try:
        from ..model import Project

        app = create_app()
        from .window import MainWindow

        project = Project.load(project_file) if project_file else Project.bundled()
        window = MainWindow(project)
        if screenshot:
            window.resize(width, height)
        window.show()
        if screenshot:
            app.processEvents()
    finally:
        _start_up_done()
    if screenshot:
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
    after_first_paint(window.canvas.viewport(), window.finish_start_up)
    window.offer_recovery()
    return app.exec()
