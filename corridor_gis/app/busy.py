"""Feedback while a long file operation blocks the window (saving or opening a 1M-row project, writing the
HTML briefing take several seconds): a wait cursor, and, as QGIS does, a status-bar message saying what is
running. Both are put back when the operation ends, also when it fails."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QApplication, QMainWindow


@contextmanager
def wait_cursor() -> Iterator[None]:
    """The wait cursor over the whole application until the block ends (however it ends)."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


@contextmanager
def busy(window: QMainWindow, message: str) -> Iterator[None]:
    """A wait cursor and ``message`` (e.g. 正在保存…) in ``window``'s status bar while the block runs.

    The status bar is repainted at once: the block holds the event loop, so a message that waits for the next
    paint would never be seen. Afterwards the message is cleared (the caller then reports the outcome)."""
    bar = window.statusBar()
    bar.showMessage(message)
    bar.repaint()
    try:
        with wait_cursor():
            yield
    finally:
        if bar.currentMessage() == message:
            bar.clearMessage()
