"""Start the desktop app (``corridor-gis gui``), or render it to a PNG (``--screenshot``)."""

from __future__ import annotations

import os
import time

from .qt_app import create_app

_T0 = time.perf_counter()


def _ensure_platform(screenshot: bool) -> None:
    """Screenshots need no screen: use Qt's offscreen platform unless one was chosen."""
    if screenshot and "QT_QPA_PLATFORM" not in os.environ:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


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
        window.grab_png(screenshot)
        from .tile_layer import remove_basemap

        remove_basemap(window.canvas)  # join the tile workers before the app goes away
        print(f"wrote {screenshot} ({width}x{height}); start to first paint "
              f"{time.perf_counter() - _T0:.2f} s")
        return 0
    window.show()
    window.offer_recovery()
    return app.exec()
