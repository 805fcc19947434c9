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


def test_vertex_markers_are_drawn_in_vertex_order_with_the_current_one_highlighted(canvas):
    """Each marker covers the ones before it (its white fill over their outlines); the current vertex is the
    bigger red one."""
    from PyQt6.QtCore import QPointF
    from PyQt6.QtGui import QColor

    from corridor_gis.app.geometry import lonlat_to_scene
    from corridor_gis.app.rubber_band import VertexMarkers

    canvas.resetTransform()
    canvas.scale(1 / 10, 1 / 10)  # 10 m a pixel
    lon, lat = 120.45, 36.15
    sx, sy = lonlat_to_scene([lon], [lat])
    canvas.centerOn(QPointF(float(sx[0]), float(sy[0])))
    metres_per_degree = 90_000  # of longitude at 36°N: 3 px ≈ 30 m ≈ 0.00033°
    step = 30 / metres_per_degree
    # vertex 2 sits 3 px right of vertex 1 (the ring's closing vertex repeats vertex 0, far from both)
    ring = shapely.Polygon([(lon - 10 * step, lat), (lon, lat), (lon + step, lat), (lon + 10 * step, lat),
                            (lon + 10 * step, lat + 0.5)])
    markers = VertexMarkers()
    canvas.scene().addItem(markers)
    markers.set_geometry(ring, current=3)
    image = canvas.viewport().grab().toImage()

    def view_point(k: int) -> QPoint:
        x, y = lonlat_to_scene([shapely.get_coordinates(ring)[k][0]], [shapely.get_coordinates(ring)[k][1]])
        return canvas.mapFromScene(QPointF(float(x[0]), float(y[0])))

    def at(k: int, dx: int = 0) -> QColor:
        p = view_point(k)
        return image.pixelColor(p.x() + dx, p.y())

    # between the two overlapping markers, the outline that shows is vertex 2's left one (drawn over vertex
    # 1's fill), not vertex 1's right one (covered by vertex 2's fill)
    a, b = view_point(1), view_point(2)
    row = [image.pixelColor(x, a.y()) for x in range(a.x(), b.x() + 1)]
    reddest = max(range(len(row)), key=lambda k: row[k].red() - row[k].green())
    assert row[reddest].red() - row[reddest].green() > 60 and a.x() + reddest < (a.x() + b.x()) / 2
    assert at(1, -1).lightness() > 200 and at(2, 1).lightness() > 200  # both filled white
    assert (at(3).red(), at(3).green(), at(3).blue()) == (0xC0, 0x39, 0x2B)  # the current vertex: red
    assert at(3, 3).red() - at(3, 3).green() > 60  # 7 px wide: its outline 3 px from its centre
    canvas.scene().removeItem(markers)
