"""The point renderer (符号样式) is part of the project, as QGIS saves a layer's renderer: chosen in the layer
menu, saved, and the map draws the list the same way when the project is opened again (also after a restart,
in a new window); a project that saved no style opens with points by category."""

from __future__ import annotations

import pytest

from corridor_gis.app.layer_factory import dataset_key
from corridor_gis.app.point_cloud import PointCloudItem
from corridor_gis.app.point_styles import CATEGORIZED, CLUSTER, HEATMAP, PointStyle
from corridor_gis.app.window import MainWindow
from corridor_gis.model import Project


def drawn_style(window: MainWindow, name: str) -> PointStyle:
    """The renderer the point cloud on the canvas really draws with."""
    layer = window.canvas.layer(dataset_key(name))
    clouds = [item for item in layer.feature_items if isinstance(item, PointCloudItem)]
    assert clouds
    return clouds[0].point_style


def legend(window: MainWindow, name: str) -> list[str]:
    panel = window.layer_panel
    for i in range(panel.topLevelItemCount()):
        item = panel.topLevelItem(i)
        if panel.layer_of(item) is window.canvas.layer(dataset_key(name)):
            return [item.child(k).text(0) for k in range(item.childCount())]
    raise AssertionError(f"no layer for {name}")


@pytest.fixture
def second_window(qtbot, asked):
    """Opens a project in a new main window, as after a restart."""
    def make(path) -> MainWindow:
        win = MainWindow(Project.load(path))
        qtbot.addWidget(win)
        win.resize(1000, 700)
        win.show()
        qtbot.waitExposed(win)
        return win
    return make


@pytest.mark.parametrize("kind", [HEATMAP, CLUSTER])
def test_chosen_style_survives_save_and_reopen(window, tmp_path, second_window, kind):
    name = window.active_dataset
    layer = window.canvas.layer(dataset_key(name))
    window.layer_panel.set_point_style(layer, kind, radius_px=40)  # the layer menu's 符号样式 / 热力图半径
    assert window.windowTitle().startswith("*")  # a renderer change is unsaved work
    path = tmp_path / "styled.gpkg"
    assert window.save_to(str(path))
    reopened = second_window(path)
    assert drawn_style(reopened, name) == PointStyle(kind, radius_px=40)
    assert legend(reopened, name) == legend(window, name)  # the legend follows the restored renderer
    assert not reopened.windowTitle().startswith("*")  # restoring it is not a change


def test_a_project_without_a_saved_style_opens_by_category(window, tmp_path):
    """An old project (no style in its metadata) is drawn by category — also when the project open before it
    drew a list of the same name as a heatmap."""
    name = window.active_dataset
    old = tmp_path / "old.gpkg"
    assert window.save_to(str(old))  # nothing chosen: no style saved
    window.layer_panel.set_point_style(window.canvas.layer(dataset_key(name)), HEATMAP)
    assert drawn_style(window, name).kind == HEATMAP
    assert window.open_project(str(old))
    assert drawn_style(window, name).kind == CATEGORIZED
    assert window.canvas.point_style(dataset_key(name)).kind == CATEGORIZED


def test_from_settings_reads_only_what_it_knows():
    assert PointStyle.from_settings(PointStyle(CLUSTER, 30, 80).settings()) == PointStyle(CLUSTER, 30, 80)
    assert PointStyle.from_settings(None) == PointStyle()
    assert PointStyle.from_settings({"kind": "hexbin"}) == PointStyle()  # a renderer of a later version
    assert PointStyle.from_settings({"kind": HEATMAP, "radius_px": "wide"}) == PointStyle()
