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
def canvas(qtbot):
    """A bare map canvas (800 x 600), shown; any basemap installed on it is taken off afterwards."""
    from corridor_gis.app.canvas import MapCanvas
    from corridor_gis.app.tile_layer import remove_basemap

    create_app()
    view = MapCanvas()
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.show()
    qtbot.waitExposed(view)
    yield view
    remove_basemap(view)


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


class Planner:
    """Drives the canvas as a planner does: select 青年科创城, drag a vertex of its border with 数智产业城."""

    def __init__(self, qtbot, window) -> None:
        self.qtbot = qtbot
        self.window = window

    def view_point(self, lon, lat):
        from PyQt6.QtCore import QPointF

        from corridor_gis.app.geometry import lonlat_to_scene

        x, y = lonlat_to_scene([lon], [lat])
        return self.window.canvas.mapFromScene(QPointF(float(x[0]), float(y[0])))

    @staticmethod
    def shared_vertex(geoms):
        """A vertex of youth inside its border with digital (its neighbours are shared too)."""
        from corridor_gis import editing

        lo, hi = editing.ring_spans(geoms["youth"])[0]

        def shared(i):
            return {r.city for r in editing.shared_vertices(geoms, "youth", i)} == {"youth", "digital"}

        i = next(i for i in range(lo + 1, hi - 1) if shared(i - 1) and shared(i) and shared(i + 1))
        return i, editing.coords(geoms["youth"])[i]

    def valid_offset(self, geoms, i, start):
        """A screen offset for the shared vertex that gives a valid edit (the test is about the UI, not luck)."""
        from PyQt6.QtCore import QPoint

        from corridor_gis import editing
        from corridor_gis.crs import to_wgs84

        refs = editing.shared_vertices(geoms, "youth", i)
        for dx, dy in [(12, -8), (-12, 8), (12, 8), (-12, -8), (8, 0), (-8, 0), (0, 8), (0, -8)]:
            p = self.window.canvas.mapToScene(start + QPoint(dx, dy))
            lon, lat = to_wgs84([p.x()], [-p.y()], "EPSG:4549")
            new = editing.move_vertices(geoms, refs, float(lon[0]), float(lat[0]))
            if not editing.validate(new, {"youth", "digital"}):
                return QPoint(dx, dy)
        raise AssertionError("no valid offset")

    def zoom_on(self, lon, lat, metres_per_px=15.0):
        from PyQt6.QtCore import QPointF

        from corridor_gis.app.geometry import lonlat_to_scene

        x, y = lonlat_to_scene([lon], [lat])
        c = self.window.canvas
        c.resetTransform()
        c.scale(1 / metres_per_px, 1 / metres_per_px)
        c.centerOn(QPointF(float(x[0]), float(y[0])))

    def drag(self, start, end, steps=5, release=True):
        from PyQt6.QtCore import Qt

        vp = self.window.canvas.viewport()
        self.qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=start)
        for k in range(1, steps + 1):
            self.qtbot.mouseMove(vp, start + (end - start) * (k / steps))
        if release:
            self.qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=end)

    def select_youth(self):
        import shapely
        from PyQt6.QtCore import Qt

        self.window.act_vertex.trigger()
        inside = shapely.point_on_surface(self.window.project.city_geometries()["youth"])
        self.zoom_on(inside.x, inside.y, 40)
        self.qtbot.mouseClick(self.window.canvas.viewport(), Qt.MouseButton.LeftButton,
                              pos=self.view_point(inside.x, inside.y))
        assert self.window.vertex_tool.selected == "youth"

    def edit_shared_border(self, fraction: float = 1.0) -> int:
        """Drag a vertex of the youth/digital border to a valid place; returns the vertex index."""
        self.select_youth()
        i, (x, y) = self.shared_vertex(self.window.project.city_geometries())
        self.zoom_on(x, y, 15)
        self.window.act_snap.setChecked(False)
        start = self.view_point(x, y)
        self.drag(start, start + self.valid_offset(self.window.project.city_geometries(), i, start) * fraction)
        return i


@pytest.fixture
def planner(qtbot, window) -> Planner:
    return Planner(qtbot, window)


@pytest.fixture(autouse=True)
def no_saved_basemap():
    """A tile basemap chosen in one test (saved in the settings) must not follow the next windows: they would
    fetch from a local test server that is gone."""
    yield
    from PyQt6.QtCore import QSettings

    QSettings().remove("basemap")
