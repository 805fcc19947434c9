"""Boundary editing driven through the canvas like a planner: drag a shared vertex between 李沧 and 崂山,
watch figures, undo, redo, refused edits, save/reopen, recovery."""

from __future__ import annotations

import numpy as np
import shapely
from PyQt6.QtCore import QPoint, Qt
from PyQt6.QtWidgets import QMessageBox

from corridor_gis import editing
from corridor_gis.analysis import compute_ratio
from corridor_gis.app import recovery
from corridor_gis.measure import area_km2
from corridor_gis.model import Project


def test_drag_shared_border_moves_both_cities_live_undo_redo(window, qtbot, planner):
    before = {k: v for k, v in window.project.city_geometries().items()}
    share_before = window.result.corridor.share
    planner.select_youth()
    i, (x, y) = planner.shared_vertex(before)
    planner.zoom_on(x, y, 15)
    start = planner.view_point(x, y)
    window.act_snap.setChecked(False)
    end = start + planner.valid_offset(before, i, start)
    live = []
    window.editor.liveFigures.connect(live.append)
    planner.drag(start, end)
    after = window.project.city_geometries()
    assert not after["youth"].equals(before["youth"]) and not after["digital"].equals(before["digital"])
    moved = editing.coords(after["youth"])[i]
    assert any(np.allclose(p, moved) for p in editing.coords(after["digital"]))  # still shared
    assert any("青年科创城" in t and "km²" in t and "集聚度" in t for t in live)  # live figures while dragging
    # after the release the status bar keeps the edit's final figures (as after an undo)
    final = window.session.live_figures(after, {"youth", "digital"})
    assert window.status_edit.text() and f"{final.areas[1].area_km2:.2f}" in window.status_edit.text()
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


def test_invalid_edit_is_refused_with_reason(window, qtbot, planner):
    planner.select_youth()
    geoms = window.project.city_geometries()
    c = editing.coords(geoms["youth"])
    x, y = c[3]
    far = shapely.point_on_surface(geoms["digital"])  # drag a vertex deep into 数智产业城
    planner.zoom_on((x + far.x) / 2, (y + far.y) / 2, 60)
    window.act_snap.setChecked(False)
    planner.drag(planner.view_point(x, y), planner.view_point(far.x, far.y))
    assert window.project.city_geometries()["youth"].equals_exact(geoms["youth"], 0)
    assert "编辑被拒绝" in window.status_edit.text()
    assert window.editor.undo_stack.count() == 0
    dataset = window.project.datasets[window.active_dataset]
    assert window.result.as_dict() == compute_ratio(window.project, dataset).as_dict()


def test_the_live_figures_show_while_dragging_even_after_a_status_message(window, qtbot, planner):
    """A status-bar message (已保存 …, or 已导入 … for 20 s after the first import) hides the bar's normal
    widgets, the edit line among them: a drag clears it, so the live areas are seen while they change."""
    planner.select_youth()
    geoms = window.project.city_geometries()
    i, (x, y) = planner.shared_vertex(geoms)
    planner.zoom_on(x, y, 15)
    window.act_snap.setChecked(False)
    window.statusBar().showMessage("已保存 项目.gpkg", 60_000)
    assert not window.status_edit.isVisible()  # what a message does to the edit line
    start = planner.view_point(x, y)
    planner.drag(start, start + planner.valid_offset(geoms, i, start), release=False)
    assert window.statusBar().currentMessage() == ""
    assert window.status_edit.isVisible() and "青年科创城" in window.status_edit.text()
    qtbot.mouseRelease(window.canvas.viewport(), Qt.MouseButton.LeftButton,
                       pos=start + planner.valid_offset(geoms, i, start))


def test_escape_cancels_a_drag(window, qtbot, planner):
    planner.select_youth()
    geoms = window.project.city_geometries()
    _i, (x, y) = planner.shared_vertex(geoms)
    planner.zoom_on(x, y, 15)
    vp = window.canvas.viewport()
    start = planner.view_point(x, y)
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(vp, start + QPoint(30, 30))
    qtbot.keyClick(window.canvas, Qt.Key.Key_Escape)
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=start + QPoint(30, 30))
    assert window.project.city_geometries()["youth"].equals_exact(geoms["youth"], 0)
    dataset = window.project.datasets[window.active_dataset]
    assert window.result.as_dict() == compute_ratio(window.project, dataset).as_dict()


def test_snapping_pulls_the_vertex_onto_a_target(window, qtbot, planner):
    planner.select_youth()
    geoms = window.project.city_geometries()
    c = editing.coords(geoms["youth"])
    x, y = c[5]
    # a target vertex 150 m+ (15 px at 10 m/px) from the dragged one with no other vertex within 100 m (10 px):
    # the drag is a real move and the snap is unambiguous, however densely the border is digitised
    metres = np.column_stack([(c[:, 0] - x) * 90e3, (c[:, 1] - y) * 111e3])
    j = next(k for k in range(6, len(c))
             if np.hypot(*metres[k]) > 150
             and np.sort(np.hypot(*(metres - metres[k]).T))[1] > 100)
    target = c[j]
    planner.zoom_on(x, y, 10)
    vp = window.canvas.viewport()
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=planner.view_point(x, y))
    qtbot.mouseMove(vp, planner.view_point(*target) + QPoint(3, 2))  # a few pixels off the target vertex
    dragged = editing.coords(window.vertex_tool.pending["youth"])
    assert np.array_equal(dragged[5], target)  # snapped exactly onto the vertex
    assert window.vertex_tool.snap_marker.isVisible()
    window.act_snap.setChecked(False)
    qtbot.mouseMove(vp, planner.view_point(*target) + QPoint(4, 2))
    assert not np.array_equal(editing.coords(window.vertex_tool.pending["youth"])[5], target)
    qtbot.keyClick(window.canvas, Qt.Key.Key_Escape)
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=planner.view_point(*target))
    assert window.project.city_geometries()["youth"].equals_exact(geoms["youth"], 0)


def test_double_click_adds_and_delete_removes_a_vertex(window, qtbot, planner):
    planner.select_youth()
    geoms = window.project.city_geometries()
    c = editing.coords(geoms["ocean"])
    window.vertex_tool.selected = "ocean"
    mid = (c[0] + c[1]) / 2
    planner.zoom_on(*mid, 10)
    n = len(c)
    qtbot.mouseDClick(window.canvas.viewport(), Qt.MouseButton.LeftButton, pos=planner.view_point(*mid))
    assert len(editing.coords(window.project.city_geometries()["ocean"])) == n + 1
    new_c = editing.coords(window.project.city_geometries()["ocean"])
    k = int(np.argmin(np.hypot(*(new_c - mid).T)))
    qtbot.mousePress(window.canvas.viewport(), Qt.MouseButton.LeftButton, pos=planner.view_point(*new_c[k]))
    qtbot.mouseRelease(window.canvas.viewport(), Qt.MouseButton.LeftButton, pos=planner.view_point(*new_c[k]))
    qtbot.keyClick(window.canvas, Qt.Key.Key_Delete)
    assert len(editing.coords(window.project.city_geometries()["ocean"])) == n


def test_save_reopen_and_figures_match_cli(window, qtbot, planner, tmp_path):
    planner.edit_shared_border()
    path = tmp_path / "edited.gpkg"
    assert window.save_to(str(path))
    assert not window.windowTitle().startswith("*")
    reopened = Project.load(path)
    for cid, g in window.project.city_geometries().items():
        assert shapely.equals_exact(reopened.city_geometries()[cid], g, 1e-12)
    dataset = window.project.datasets[window.active_dataset]
    assert compute_ratio(reopened, dataset).as_dict()["corridor"] == window.result.as_dict()["corridor"]


def test_autosave_is_offered_after_a_crash(window, qtbot, planner, asked):
    for _ in range(3):  # three edits trigger an autosave
        planner.edit_shared_border(0.5)
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


def test_closing_with_unsaved_edits_asks(window, qtbot, planner, asked):
    planner.edit_shared_border()
    asked.answer["value"] = QMessageBox.StandardButton.Cancel
    assert not window.close()
    assert asked and "未保存" in asked[-1]
    asked.answer["value"] = QMessageBox.StandardButton.Discard
    assert window.close()
