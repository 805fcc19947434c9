"""Official boundaries and reference layers brought in through the app as a planner would."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pyogrio
import pytest
import shapely
from PyQt6.QtCore import QPoint, Qt
from PyQt6.QtWidgets import QDialog
from shapely import affinity

from corridor_gis import editing
from corridor_gis.analysis import compute_ratio
from corridor_gis.app import geography_actions
from corridor_gis.measure import area_km2


@pytest.fixture
def official_shp(project, tmp_path):
    """The cities a little smaller, as a GBK Shapefile in EPSG:4549 without .cpg (as design institutes send)."""
    cities = project.cities.to_crs("EPSG:4549")
    shrunk = [affinity.scale(g, 0.99, 0.99) for g in cities.geometry]
    frame = gpd.GeoDataFrame({"名称": cities["name_zh"].tolist()}, geometry=shrunk, crs="EPSG:4549")
    path = tmp_path / "三城边界.shp"
    pyogrio.write_dataframe(frame, path, encoding="gbk")
    path.with_suffix(".cpg").unlink(missing_ok=True)
    return path, {cid: g for cid, g in zip(project.cities["id"], frame.to_crs("EPSG:4326").geometry, strict=True)}


def test_importing_official_boundaries_through_the_dialog_is_undoable(window, official_shp, monkeypatch):
    path, expected = official_shp
    monkeypatch.setattr(geography_actions, "open_file", lambda *a: str(path))
    shown = []

    def accept(dialog):
        shown.append([dialog.matches.cellWidget(r, 2).currentText() for r in range(dialog.matches.rowCount())])
        dialog.official.setChecked(True)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(geography_actions.ZonesImportDialog, "exec", accept)
    before = window.project.city_geometries()
    assert window.geography.import_zones_dialog()
    assert shown == [["海洋科技城", "青年科创城", "数智产业城"]]  # matched by the GBK names
    for cid, geom in window.project.city_geometries().items():
        assert area_km2(geom) == pytest.approx(area_km2(expected[cid]), rel=1e-9)
    assert set(window.project.cities["location_quality"]) == {"official"}
    assert window.result.as_dict() == compute_ratio(window.project, window.session.dataset()).as_dict()
    assert window.windowTitle().startswith("*")
    window.act_undo.trigger()
    for cid, geom in window.project.city_geometries().items():
        assert geom.equals_exact(before[cid], 0)


def test_a_reference_layer_is_a_snapping_target_while_editing(window, planner, qtbot, monkeypatch, tmp_path):
    geoms = window.project.city_geometries()
    c = editing.coords(geoms["youth"])
    everyone = np.vstack([editing.coords(g) for g in geoms.values()])

    def clear_side(i):
        """A north-south road ~40 m beside vertex i, on a side where no other vertex is within ~60 m."""
        x, y = c[i]
        others = everyone[np.hypot(everyone[:, 0] - x, everyone[:, 1] - y) > 1e-9]
        return next((d for d in (0.00045, -0.00045, 0.0009, -0.0009)
                     if np.hypot(others[:, 0] - (x + d), others[:, 1] - y).min() > 0.0007), None)

    i = next(i for i in range(5, len(c)) if clear_side(i) is not None)
    x, y = c[i]
    dx = clear_side(i)
    road = shapely.LineString([(x + dx, y - 0.01), (x + dx, y + 0.01)])
    path = tmp_path / "道路.geojson"
    gpd.GeoDataFrame({"名称": ["规划路"]}, geometry=[road], crs="EPSG:4326").to_file(path)
    monkeypatch.setattr(geography_actions, "open_file", lambda *a: str(path))
    assert window.geography.add_reference_dialog()
    assert "道路" in [window.layer_panel.topLevelItem(i).text(0) for i in range(window.layer_panel.topLevelItemCount())]
    planner.select_youth()
    planner.zoom_on(x, y, 2)
    vp = window.canvas.viewport()
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=planner.view_point(x, y))
    qtbot.mouseMove(vp, planner.view_point(x + dx, y) + QPoint(3, 0))  # a few pixels off the road
    dragged = editing.coords(window.vertex_tool.pending["youth"])[i]
    assert road.distance(shapely.Point(dragged)) < 1e-9  # snapped onto the road
    assert np.isclose(dragged[0], x + dx)
    qtbot.keyClick(window.canvas, Qt.Key.Key_Escape)
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=planner.view_point(x, y))
