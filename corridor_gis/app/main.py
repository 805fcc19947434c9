"""Start the desktop app (``corridor-gis gui``), or render it to a PNG (``--screenshot``)."""

from __future__ import annotations

import os
import sys
import time

from .. import paths

_T0 = time.perf_counter()


def _ensure_platform(screenshot: bool) -> None:
    """Screenshots need no screen: use Qt's offscreen platform unless one was chosen."""
    if screenshot and "QT_QPA_PLATFORM" not in os.environ:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


def create_app(argv: list[str] | None = None):
    """The QApplication with our font, stylesheet and translator (idempotent)."""
    from PyQt6.QtGui import QFont, QFontDatabase
    from PyQt6.QtWidgets import QApplication

    from .i18n import current_language, install_translator

    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    app.setOrganizationName("corridor-gis")
    app.setApplicationName("corridor-gis")
    families = set(QFontDatabase.families())
    for family in ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei",
                   "Microsoft YaHei", "PingFang SC"):
        if family in families:
            app.setFont(QFont(family, 10))
            break
    qss = paths.ui_dir() / "style.qss"
    if qss.exists():
        app.setStyleSheet(qss.read_text(encoding="utf-8"))
    app._translator = install_translator(app, current_language())  # keep a reference
    return app


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
        print(f"wrote {screenshot} ({width}x{height}); start to first paint "
              f"{time.perf_counter() - _T0:.2f} s")
        return 0
    window.show()
    window.offer_recovery()
    return app.exec()
