"""The vertex tool on a shared border: the rubber band shows the moved vertex, snapping never pulls a vertex
onto its own city's edges, refusals name the cities in words."""

from __future__ import annotations

import numpy as np
import shapely
from PyQt6.QtCore import QPoint, Qt

from corridor_gis import editing
from corridor_gis.app.geometry import lonlat_to_scene


def path_points(item) -> np.ndarray:
    path = item.path()
    return np.array([(path.elementAt(k).x, path.elementAt(k).y) for k in range(path.elementCount())])


def test_dragging_a_shared_vertex_draws_the_rubber_band_and_the_moved_vertex(window, planner, qtbot):
    planner.select_youth()
    i, (x, y) = planner.shared_vertex(window.project.city_geometries())
    planner.zoom_on(x, y, 15)
    window.act_snap.setChecked(False)
    start = planner.view_point(x, y)
    planner.drag(start, start + QPoint(14, -9), release=False)
    tool = window.vertex_tool
    assert tool.rubber.isVisible()
    moved = editing.coords(tool.pending["youth"])[i]
    sx, sy = lonlat_to_scene([moved[0]], [moved[1]])
    drawn = path_points(tool.rubber)
    # the moved shared vertex is on the band (drawn once per city: the shared border is not dissolved)
    assert (np.hypot(drawn[:, 0] - sx[0], drawn[:, 1] - sy[0]) < 1e-6).sum() >= 2
    markers = tool.markers.points
    assert np.hypot(markers[:, 0] - sx[0], markers[:, 1] - sy[0]).min() < 1e-6  # markers follow the drag
    qtbot.keyClick(window.canvas, Qt.Key.Key_Escape)
    qtbot.mouseRelease(window.canvas.viewport(), Qt.MouseButton.LeftButton, pos=start + QPoint(14, -9))


def test_snapping_never_targets_the_dragged_citys_own_edges(window, planner, qtbot):
    planner.select_youth()
    geoms = window.project.city_geometries()
    c = editing.coords(geoms["youth"])
    x, y = c[5]
    # a point a few pixels beside the middle of youth's longest edge away from the dragged vertex
    k = max(range(8, len(c) - 2), key=lambda j: np.hypot(*(c[j + 1] - c[j])))
    a, b = c[k], c[k + 1]
    mid = (a + b) / 2
    planner.zoom_on(x, y, 10)
    vp = window.canvas.viewport()
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=planner.view_point(x, y))
    normal = np.array([-(b - a)[1], (b - a)[0]])
    normal = normal / np.hypot(*normal) * 3 * window.canvas.metres_per_pixel() / 90_000  # ~3 px
    qtbot.mouseMove(vp, planner.view_point(*(mid + normal)))
    dragged = editing.coords(window.vertex_tool.pending["youth"])[5]
    seg = shapely.LineString([a, b])
    assert seg.distance(shapely.Point(dragged)) > 1e-9  # not pulled onto its own edge
    qtbot.keyClick(window.canvas, Qt.Key.Key_Escape)
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=planner.view_point(*(mid + normal)))


def test_a_refusal_names_the_cities_in_chinese_without_coordinates(window, planner):
    planner.select_youth()
    geoms = window.project.city_geometries()
    x, y = editing.coords(geoms["youth"])[3]
    far = shapely.point_on_surface(geoms["digital"])
    planner.zoom_on((x + far.x) / 2, (y + far.y) / 2, 60)
    window.act_snap.setChecked(False)
    planner.drag(planner.view_point(x, y), planner.view_point(far.x, far.y))
    text = window.status_edit.text()
    assert text.startswith("编辑被拒绝")
    assert "青年科创城" in text
    assert "youth" not in text and "digital" not in text and "Ring" not in text and "120." not in text
