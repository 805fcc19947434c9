"""The QApplication as every part of the app wants it — our font, stylesheet and translator — for the
window, the screenshot mode and the offscreen print layouts alike (so printing never needs the window)."""

from __future__ import annotations

import sys

from .. import paths


def create_app(argv: list[str] | None = None):
    """The QApplication with our font, stylesheet and translator (idempotent)."""
    from PyQt6.QtGui import QFont, QFontDatabase
    from PyQt6.QtWidgets import QApplication

    from .i18n import current_language, install_translator
    from .memory import use_returning_arrow_pool

    use_returning_arrow_pool()  # before any list is read: freed memory can go back to the OS after imports
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
