"""File dialogs that start where the user last was (QGIS remembers the last folder per purpose), not in
the install folder."""

from __future__ import annotations

from pathlib import Path

from PyQt6.QtCore import QSettings
from PyQt6.QtWidgets import QFileDialog

KEY = "paths/last_dir"


def last_dir() -> str:
    folder = QSettings().value(KEY, "", str)
    return folder if folder and Path(folder).is_dir() else str(Path.home())


def remember(path: str) -> None:
    if path:
        QSettings().setValue(KEY, str(Path(path).parent))


def open_file(parent, title: str, filters: str) -> str:
    """The chosen file, or "" when cancelled."""
    path, _ = QFileDialog.getOpenFileName(parent, title, last_dir(), filters)
    remember(path)
    return path


def save_file(parent, title: str, suggested_name: str, filters: str) -> str:
    path, _ = QFileDialog.getSaveFileName(parent, title, str(Path(last_dir()) / suggested_name), filters)
    remember(path)
    return path
