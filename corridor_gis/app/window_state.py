"""Remembering the main window's size, position and docks between runs (QGIS does the same)."""

from __future__ import annotations

from PyQt6.QtCore import QByteArray, QSettings
from PyQt6.QtGui import QGuiApplication
from PyQt6.QtWidgets import QMainWindow

DEFAULT_SCREEN_SHARE = 0.85  # of the available screen, when no size was saved
FALLBACK_SIZE = (1360, 850)


def restore(window: QMainWindow) -> None:
    """As the user left it; the first time, most of the screen (never larger than the screen)."""
    settings = QSettings()
    geometry = settings.value("window/geometry", QByteArray(), QByteArray)
    if not geometry.isEmpty() and window.restoreGeometry(geometry):
        window.restoreState(settings.value("window/state", QByteArray(), QByteArray))
        return
    screen = QGuiApplication.primaryScreen()
    area = screen.availableGeometry() if screen is not None else None
    if area is not None and area.width() > 0:
        window.resize(int(area.width() * DEFAULT_SCREEN_SHARE), int(area.height() * DEFAULT_SCREEN_SHARE))
    else:
        window.resize(*FALLBACK_SIZE)


def save(window: QMainWindow) -> None:
    settings = QSettings()
    settings.setValue("window/geometry", window.saveGeometry())
    settings.setValue("window/state", window.saveState())
