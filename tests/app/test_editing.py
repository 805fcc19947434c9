"""Boundary editing driven through the canvas like a planner: drag a shared vertex between 李沧 and 崂山,
watch figures, undo, redo, refused edits, save/reopen, recovery."""

from __future__ import annotations

import numpy as np
import shapely
from PyQt6.QtCore import QPoint, QPointF, Qt
from PyQt6.QtWidgets import QMessageBox

from corridor_gis import editing
from corridor_gis.analysis import compute_ratio
from corridor_gis.app import recovery
from corridor_gis.app.geometry import lonlat_to_scene
from corridor_gis.measure import area_km2
from corridor_gis.model import Project


def view_point(window, lon, lat) -> QPoint:
    x, y = lonlat_to_scene([lon], [lat])
    return window.canvas.mapFromScene(QPointF(float(x[0]), float(y[0])))


def shared_vertex(geoms):
    lo, hi = editing.ring_spans(geoms["youth"])[0]

    def shared(i):
        return {r.city for r in editing.shared_vertices(geoms, "youth", i)} == {"youth", "digital"}

    i = next(i for i in range(lo + 1, hi - 1) if shared(i - 1) and shared(i) and shared(i + 1))
    return i, editing.coords(geoms["youth"])[i]


def valid_offset(window, geoms, i, start: QPoint) -> QPoint:
    """A screen offset for the shared vertex that gives a valid edit (the test is about the UI, not luck)."""
    refs = editing.shared_vertices(geoms, "youth", i)
    for dx, dy in [(12, -8), (-12, 8), (12, 8), (-12, -8), (8, 0), (-8, 0), (0, 8), (0, -8)]:
        p = window.canvas.mapToScene(start + QPoint(dx, dy))
        from corridor_gis.crs import to_wgs84

        lon, lat = to_wgs84([p.x()], [-p.y()], "EPSG:4549")
        new = editing.move_vertices(geoms, refs, float(lon[0]), float(lat[0]))
        if not editing.validate(new, {"youth", "digital"}):
            return QPoint(dx, dy)
    raise AssertionError("no valid offset")


def zoom_on(window, lon, lat, metres_per_px=15.0):
    x, y = lonlat_to_scene([lon], [lat])
    c = window.canvas
    c.resetTransform()
    c.scale(1 / metres_per_px, 1 / metres_per_px)
    c.centerOn(QPointF(float(x[0]), float(y[0])))


def drag(qtbot, window, start: QPoint, end: QPoint, steps=5):
    vp = window.canvas.viewport()
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=start)
    for k in range(1, steps + 1):
        p = start + (end - start) * (k / steps)
        qtbot.mouseMove(vp, p)
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=end)


def edit_shared_border(qtbot, window, fraction: float = 1.0) -> int:
    """Select 青年科创城, drag a vertex of its border with 数智产业城 to a valid place; returns the vertex."""
    select_youth(qtbot, window)
    i, (x, y) = shared_vertex(window.project.city_geometries())
    zoom_on(window, x, y, 15)
    window.act_snap.setChecked(False)
    start = view_point(window, x, y)
    drag(qtbot, window, start, start + valid_offset(window, window.project.city_geometries(), i, start) * fraction)
    return i


def select_youth(qtbot, window):
    window.act_vertex.trigger()
    inside = shapely.point_on_surface(window.project.city_geometries()["youth"])
    zoom_on(window, inside.x, inside.y, 40)
    qtbot.mouseClick(window.canvas.viewport(), Qt.MouseButton.LeftButton, pos=view_point(window, inside.x, inside.y))
    assert window.vertex_tool.selected == "youth"


def test_drag_shared_border_moves_both_cities_live_undo_redo(window, qtbot):
    before = {k: v for k, v in window.project.city_geometries().items()}
    share_before = window.result.corridor.share
    select_youth(qtbot, window)
    i, (x, y) = shared_vertex(before)
    zoom_on(window, x, y, 15)
    start = view_point(window, x, y)
    window.act_snap.setChecked(False)
    end = start + valid_offset(window, before, i, start)
    live = []
    window.editor.liveFigures.connect(live.append)
    drag(qtbot, window, start, end)
    after = window.project.city_geometries()
    assert not after["youth"].equals(before["youth"]) and not after["digital"].equals(before["digital"])
    moved = editing.coords(after["youth"])[i]
    assert any(np.allclose(p, moved) for p in editing.coords(after["digital"]))  # still shared
    assert any("青年科创城" in t and "km²" in t and "集聚度" in t for t in live)  # live figures while dragging
    # figures after the edit equal a full recount of the new geometry
    dataset = window.project.datasets[window.active_dataset]
    assert window.result.as_dict() == compute_ratio(window.project, dataset).as_dict()
    assert window.windowTitle().startswith("*")
    # corridor follows the cities
    assert abs(area_km2(window.project.corridor) - sum(area_km2(g) for g in after.values())) < 1e-6
    window.act_undo.trigger()
    restored = window.project.city_geometries()
    for cid in before:
        assert restored[cid].equals_exact(before[cid], 0)
    assert window.result.corridor.share == share_before
    assert not window.windowTitle().startswith("*")
    window.act_redo.trigger()
    assert window.project.city_geometries()["youth"].equals_exact(after["youth"], 0)


def test_invalid_edit_is_refused_with_reason(window, qtbot):
    select_youth(qtbot, window)
    geoms = window.project.city_geometries()
    c = editing.coords(geoms["youth"])
    x, y = c[3]
    far = shapely.point_on_surface(geoms["digital"])  # drag a vertex deep into 数智产业城
    zoom_on(window, (x + far.x) / 2, (y + far.y) / 2, 60)
    window.act_snap.setChecked(False)
    drag(qtbot, window, view_point(window, x, y), view_point(window, far.x, far.y))
    assert window.project.city_geometries()["youth"].equals_exact(geoms["youth"], 0)
    assert "编辑被拒绝" in window.status_edit.text()
    assert window.editor.undo_stack.count() == 0
    dataset = window.project.datasets[window.active_dataset]
    assert window.result.as_dict() == compute_ratio(window.project, dataset).as_dict()


def test_escape_cancels_a_drag(window, qtbot):
    select_youth(qtbot, window)
    geoms = window.project.city_geometries()
    _i, (x, y) = shared_vertex(geoms)
    zoom_on(window, x, y, 15)
    vp = window.canvas.viewport()
    start = view_point(window, x, y)
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(vp, start + QPoint(30, 30))
    qtbot.keyClick(window.canvas, Qt.Key.Key_Escape)
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=start + QPoint(30, 30))
    assert window.project.city_geometries()["youth"].equals_exact(geoms["youth"], 0)
    dataset = window.project.datasets[window.active_dataset]
    assert window.result.as_dict() == compute_ratio(window.project, dataset).as_dict()


def test_snapping_pulls_the_vertex_onto_a_target(window, qtbot):
    select_youth(qtbot, window)
    geoms = window.project.city_geometries()
    c = editing.coords(geoms["youth"])
    x, y = c[5]
    target = c[8]
    zoom_on(window, x, y, 10)
    vp = window.canvas.viewport()
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=view_point(window, x, y))
    qtbot.mouseMove(vp, view_point(window, *target) + QPoint(3, 2))  # a few pixels off the target vertex
    dragged = editing.coords(window.vertex_tool.pending["youth"])
    assert np.array_equal(dragged[5], target)  # snapped exactly onto the vertex
    assert window.vertex_tool.snap_marker.isVisible()
    window.act_snap.setChecked(False)
    qtbot.mouseMove(vp, view_point(window, *target) + QPoint(4, 2))
    assert not np.array_equal(editing.coords(window.vertex_tool.pending["youth"])[5], target)
    qtbot.keyClick(window.canvas, Qt.Key.Key_Escape)
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=view_point(window, *target))
    assert window.project.city_geometries()["youth"].equals_exact(geoms["youth"], 0)


def test_double_click_adds_and_delete_removes_a_vertex(window, qtbot):
    select_youth(qtbot, window)
    geoms = window.project.city_geometries()
    c = editing.coords(geoms["ocean"])
    window.vertex_tool.selected = "ocean"
    mid = (c[0] + c[1]) / 2
    zoom_on(window, *mid, 10)
    n = len(c)
    qtbot.mouseDClick(window.canvas.viewport(), Qt.MouseButton.LeftButton, pos=view_point(window, *mid))
    assert len(editing.coords(window.project.city_geometries()["ocean"])) == n + 1
    new_c = editing.coords(window.project.city_geometries()["ocean"])
    k = int(np.argmin(np.hypot(*(new_c - mid).T)))
    qtbot.mousePress(window.canvas.viewport(), Qt.MouseButton.LeftButton, pos=view_point(window, *new_c[k]))
    qtbot.mouseRelease(window.canvas.viewport(), Qt.MouseButton.LeftButton, pos=view_point(window, *new_c[k]))
    qtbot.keyClick(window.canvas, Qt.Key.Key_Delete)
    assert len(editing.coords(window.project.city_geometries()["ocean"])) == n


def test_save_reopen_and_figures_match_cli(window, qtbot, tmp_path):
    edit_shared_border(qtbot, window)
    path = tmp_path / "edited.gpkg"
    assert window.save_to(str(path))
    assert not window.windowTitle().startswith("*")
    reopened = Project.load(path)
    for cid, g in window.project.city_geometries().items():
        assert shapely.equals_exact(reopened.city_geometries()[cid], g, 1e-12)
    dataset = window.project.datasets[window.active_dataset]
    assert compute_ratio(reopened, dataset).as_dict()["corridor"] == window.result.as_dict()["corridor"]


def test_autosave_is_offered_after_a_crash(window, qtbot, asked):
    for _ in range(3):  # three edits trigger an autosave
        edit_shared_border(qtbot, window, 0.5)
    assert window.editor.undo_stack.count() == 3
    qtbot.waitUntil(lambda: recovery.pending() is not None, timeout=10_000)
    edited = window.project.city_geometries()["youth"]
    # "crash": a new window starts and is offered the recovery file
    from corridor_gis.app.window import MainWindow

    asked.answer["value"] = QMessageBox.StandardButton.Yes
    fresh = MainWindow(Project.bundled())
    qtbot.addWidget(fresh)
    qtbot.waitUntil(lambda: recovery.pending() is not None and recovery.pending().stat().st_size > 0)
    assert fresh.offer_recovery()
    assert shapely.equals_exact(fresh.project.city_geometries()["youth"], edited, 1e-9)
    assert fresh.windowTitle().startswith("*")


def test_closing_with_unsaved_edits_asks(window, qtbot, asked):
    edit_shared_border(qtbot, window)
    asked.answer["value"] = QMessageBox.StandardButton.Cancel
    assert not window.close()
    assert asked and "未保存" in asked[-1]
    asked.answer["value"] = QMessageBox.StandardButton.Discard
    assert window.close()
