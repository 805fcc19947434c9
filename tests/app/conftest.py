"""Qt test fixtures: the main window on the bundled project, offscreen."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("CORRIDOR_GIS_LANG", "zh")
# QSettings (window size, last folders) go to a throw-away folder, never the developer's own settings
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="corridor-gis-settings-")

import pytest

from corridor_gis.app.main import create_app
from corridor_gis.app.window import MainWindow


@pytest.fixture
def asked(monkeypatch):
    """Modal questions are answered (default: Discard) and recorded, so no test can hang on a dialog."""
    from PyQt6.QtWidgets import QMessageBox

    class Questions(list):
        answer: dict

    questions = Questions()
    answer = {"value": QMessageBox.StandardButton.Discard}

    def fake_question(parent, title, text, *args, **kwargs):
        questions.append(text)
        return answer["value"]

    monkeypatch.setattr(QMessageBox, "question", fake_question)
    questions.answer = answer
    return questions


@pytest.fixture
def window(qtbot, project, asked, tmp_path, monkeypatch):
    monkeypatch.setenv("CORRIDOR_GIS_RECOVERY_DIR", str(tmp_path / "recovery"))
    create_app()
    win = MainWindow(project)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    win.zoom_to_corridor()
    return win
