"""Qt test fixtures: the main window on the bundled project, offscreen."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("CORRIDOR_GIS_LANG", "zh")

import pytest

from corridor_gis.app.main import create_app
from corridor_gis.app.window import MainWindow


@pytest.fixture
def window(qtbot, project):
    create_app()
    win = MainWindow(project)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    win.zoom_to_corridor()
    return win
