"""The window fits the screen the first time and comes back as the user left it."""

from __future__ import annotations

from PyQt6.QtGui import QGuiApplication

from corridor_gis.app.window import MainWindow


def test_first_start_fits_the_screen_and_size_is_remembered(qtbot, project, asked, tmp_path, monkeypatch):
    monkeypatch.setenv("CORRIDOR_GIS_RECOVERY_DIR", str(tmp_path / "recovery"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    from PyQt6.QtCore import QSettings

    QSettings().clear()
    first = MainWindow(project)
    qtbot.addWidget(first)
    screen = QGuiApplication.primaryScreen().availableGeometry()
    assert first.width() <= screen.width() and first.height() <= screen.height()
    wanted = (screen.width() * 3 // 4, screen.height() * 2 // 3)
    first.resize(*wanted)
    first.show()
    qtbot.waitExposed(first)
    assert first.close()
    second = MainWindow(project.copy())
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == wanted
