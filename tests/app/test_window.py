"""The main window as a user meets it: layers, visibility, navigation, identify, dashboard = CLI."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import shapely
from PyQt6.QtCore import QPoint, QPointF, Qt
from PyQt6.QtGui import QImage

from corridor_gis import paths
from corridor_gis.app.geometry import lonlat_to_scene
from corridor_gis.app.map_event import MapMouseEvent, scene_to_lonlat
from corridor_gis.cli import main


def render(window) -> np.ndarray:
    image = window.canvas.viewport().grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    ptr = image.constBits()
    ptr.setsize(image.sizeInBytes())
    return np.frombuffer(ptr, np.uint8).reshape(image.height(), image.bytesPerLine()).copy()


def map_event_at(window, scene: QPointF) -> MapMouseEvent:
    """A left click at a scene point, as the canvas hands it to a map tool."""
    lon, lat = scene_to_lonlat(scene)
    view = QPointF(window.canvas.mapFromScene(scene))
    return MapMouseEvent(Qt.MouseButton.LeftButton, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         view, scene, lon, lat, window.canvas.metres_per_pixel())


def test_layers_listed_top_first(window):
    panel = window.layer_panel
    titles = [panel.topLevelItem(i).text(0) for i in range(panel.topLevelItemCount())]
    # zones above the point cloud (#16: borders and labels are never buried under the points)
    assert titles.index("三城") < titles.index("科创大走廊") < next(i for i, t in enumerate(titles)
                                                             if t.startswith("sample_institutions"))
    for title in ("三城", "科创大走廊", "湾区", "高新区园区", "滨海大道（轴线）", "区（市）界", "青岛市陆域"):
        assert title in titles
    assert titles[-1] == "青岛市陆域"


def test_toggle_visibility_changes_render(window, qtbot):
    before = render(window)
    panel = window.layer_panel
    item = next(panel.topLevelItem(i) for i in range(panel.topLevelItemCount())
                if panel.topLevelItem(i).text(0) == "三城")
    item.setCheckState(0, Qt.CheckState.Unchecked)
    qtbot.wait(50)
    after = render(window)
    assert not window.canvas.layer("cities").visible
    assert (before != after).mean() > 0.01
    item.setCheckState(0, Qt.CheckState.Checked)
    qtbot.wait(50)
    assert np.array_equal(render(window), before)


def test_reorder_changes_z_order(window):
    canvas = window.canvas
    bays = canvas.layer("bays")
    canvas.move_layer(bays, len(canvas.layers) - 1)
    assert bays.group.zValue() == max(lyr.group.zValue() for lyr in canvas.layers)
    assert window.layer_panel.topLevelItem(0).text(0) == "湾区"


def test_identify_known_point_returns_the_city(window):
    youth = window.project.city_geometries()["youth"]
    p = shapely.point_on_surface(youth)
    x, y = lonlat_to_scene([p.x], [p.y])
    window.layer_panel.set_labels(window.canvas.layer("cities"), True)
    results = window.identify(map_event_at(window, QPointF(float(x[0]), float(y[0]))))
    titles = [(layer, feature) for layer, feature, _ in results]
    assert ("三城", "青年科创城") in titles
    fields = dict(next(f for layer, feat, f in results if feat == "青年科创城"))
    assert fields["method"].startswith("indicative")
    assert abs(float(fields["面积 km² (EPSG:4549)"]) - 26.2) < 0.01
    assert window.identify_panel.topLevelItemCount() == len(results)


def test_identify_by_clicking_with_the_tool(window, qtbot):
    window.act_identify.trigger()
    ocean = shapely.point_on_surface(window.project.city_geometries()["ocean"])
    x, y = lonlat_to_scene([ocean.x], [ocean.y])
    view_pos = window.canvas.mapFromScene(QPointF(float(x[0]), float(y[0])))
    qtbot.mouseClick(window.canvas.viewport(), Qt.MouseButton.LeftButton, pos=view_pos)
    texts = [window.identify_panel.topLevelItem(i).text(1)
             for i in range(window.identify_panel.topLevelItemCount())]
    assert "海洋科技城" in texts


def test_pan_and_zoom(window, qtbot):
    canvas = window.canvas
    center = canvas.mapToScene(canvas.viewport().rect().center())
    qtbot.keyClick(canvas, Qt.Key.Key_Right)
    assert canvas.mapToScene(canvas.viewport().rect().center()).x() > center.x()
    scale = canvas.scale_denominator()
    qtbot.keyClick(canvas, Qt.Key.Key_Plus)
    assert canvas.scale_denominator() < scale
    window.act_pan.trigger()
    start = canvas.mapToScene(canvas.viewport().rect().center())
    vp = canvas.viewport()
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=QPoint(400, 400))
    qtbot.mouseMove(vp, QPoint(300, 400))
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=QPoint(300, 400))
    assert canvas.mapToScene(canvas.viewport().rect().center()).x() > start.x()


def test_status_bar_shows_lonlat_and_epsg4549(window):
    youth = shapely.point_on_surface(window.project.city_geometries()["youth"])
    x, y = lonlat_to_scene([youth.x], [youth.y])
    window.canvas.cursorMoved.emit(float(x[0]), float(y[0]))
    assert f"{youth.x:.5f}°E" in window.status_lonlat.text()
    assert "EPSG:4549" in window.status_crs.text()


def test_dashboard_equals_cli(window, capsys):
    sample = str(paths.data_dir() / "sample_institutions.csv")
    assert main(["ratio", sample, "--json"]) == 0
    cli = json.loads(capsys.readouterr().out)
    gui = window.result.as_dict()
    for key in ("corridor", "by_category", "by_city", "counted_categories", "rows", "label"):
        assert gui[key] == cli[key]
    share = f"{100 * cli['corridor']['share']:.1f}%"
    assert window.dashboard.headline.text().startswith(share)
    assert "合成示例，非真实数据" in window.dashboard.provenance.text()  # the sample label, in the UI's language
    table = window.dashboard.category_table
    assert table.item(0, 0).text() == "重点实验室"
    assert table.item(0, 2).text() == str(cli["by_category"]["key_lab"]["inside"])


def test_screenshot_mode_writes_a_non_blank_png(tmp_path):
    out = tmp_path / "shot.png"
    result = subprocess.run([sys.executable, "-m", "corridor_gis", "gui", "--screenshot", str(out),
                             "--size", "1200x800"], capture_output=True, text=True, timeout=120,
                            env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen",
                                 "XDG_CONFIG_HOME": str(tmp_path / "config")})  # a first start
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1200, 800)
    colours = {image.pixel(x, y) for x in range(0, 1200, 37) for y in range(0, 800, 29)}
    assert len(colours) > 20


def test_export_html_action_writes_the_same_figures(window, tmp_path):
    out = tmp_path / "from_app.html"
    assert window.export_html(str(out))
    text = out.read_text(encoding="utf-8")
    start = text.index('id="cg-ratio-data">') + len('id="cg-ratio-data">')
    embedded = json.loads(text[start:text.index("</script>", start)])[0]
    assert embedded["corridor"] == window.result.as_dict()["corridor"]


def test_labels_never_overlap_and_city_names_win(window, qtbot):
    canvas = window.canvas
    for factor in (1.0, 0.5, 0.5, 4.0):  # at several scales
        canvas.zoom_by(factor)
        view = canvas.viewportTransform()
        shown = [lbl for lyr in canvas.layers for lbl in lyr.label_items if lbl.isVisible()]
        rects = [lbl.deviceTransform(view).mapRect(lbl.boundingRect()) for lbl in shown]
        for i in range(len(rects)):
            for j in range(i + 1, len(rects)):
                assert not rects[i].intersects(rects[j])
    assert all(lbl.isVisible() for lbl in canvas.layer("cities").label_items)


def test_loading_an_indicator_table(window, tmp_path, monkeypatch):
    from PyQt6.QtWidgets import QMessageBox

    good = tmp_path / "官方指标.csv"
    good.write_text("id,name_zh,baseline_year,baseline,current_year,current,label\n"
                    "hitech_firms,高新技术企业数量,2022,1000,2025,1200,official 2025\n", encoding="utf-8")
    assert window.load_indicator_table(str(good))
    table = window.dashboard.indicator_table
    assert table.rowCount() == 1 and table.item(0, 3).text() == "+20.0%"
    assert "官方指标.csv" in window.dashboard.indicator_note.text()
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a, **k: shown.append(text))
    bad = tmp_path / "bad.csv"
    bad.write_text("id,name_zh\n", encoding="utf-8")
    assert not window.load_indicator_table(str(bad))
    assert shown and "bad.csv" in shown[0]
    assert table.rowCount() == 1  # what was shown stays


def test_subdistricts_show_when_zoomed_in_with_their_attribution(window):
    """The OSM 街道 layer is drawn only at large scales, and its ODbL attribution with it."""
    canvas = window.canvas
    layer = canvas.layer("basemap_subdistricts")
    window.zoom_full()
    assert not layer.in_scale and not layer.group.isVisible()
    assert not any(label.isVisible() for label in layer.label_items)  # nor its labels
    assert not any("OpenStreetMap" in a for a in canvas.attributions())
    youth = shapely.point_on_surface(window.project.city_geometries()["youth"])
    x, y = lonlat_to_scene([youth.x], [youth.y])
    canvas.resetTransform()
    canvas.scale(1 / 20, 1 / 20)  # 20 m per pixel: about 1:75,000
    canvas.centerOn(QPointF(float(x[0]), float(y[0])))
    canvas.zoom_by(1.0)
    assert layer.in_scale and layer.group.isVisible()
    assert "© OpenStreetMap contributors (ODbL)" in canvas.attributions()


def test_identify_names_the_subdistrict_of_a_point(window):
    sample = window.project.datasets[window.active_dataset]
    layer = window.canvas.layer(f"dataset:{sample.name}")
    pos = int(np.flatnonzero(sample.table["category"].to_numpy() == "key_lab")[0])
    _, _, fields = window.identifier.describe(layer, pos)
    values = dict(fields)
    assert "所在街道/镇" in values and "行号" in values and values["类别"] == "重点实验室"


def test_identify_keeps_the_value_column_visible_in_a_narrow_panel(window):
    panel = window.identify_panel
    window.identify_dock.resize(260, 400)
    youth = shapely.point_on_surface(window.project.city_geometries()["youth"])
    x, y = lonlat_to_scene([youth.x], [youth.y])
    window.identify(map_event_at(window, QPointF(float(x[0]), float(y[0]))))
    assert panel.columnWidth(0) <= panel.viewport().width() * 0.45 + 1
    assert panel.columnWidth(0) < panel.viewport().width()  # the value column starts inside the panel


def test_switching_labels_off_takes_them_off_the_map(window, qtbot):
    """显示标注 off: the names leave the picture at once (the scene did not report labels being hidden)."""
    canvas = window.canvas
    cities = canvas.layer("cities")
    assert any(label.isVisible() for label in cities.label_items)
    before = render(window)
    window.layer_panel.set_labels(cities, False)
    qtbot.waitUntil(lambda: not np.array_equal(render(window), before), timeout=5000)
    window.layer_panel.set_labels(cities, True)
    qtbot.waitUntil(lambda: np.array_equal(render(window), before), timeout=5000)



def test_the_bundled_sample_opens_without_a_crs_warning(window):
    """The synthetic sample was generated in WGS84: a first start warns about no CRS the user never chose."""
    dataset = window.project.datasets[window.active_dataset]
    assert dataset.label == "synthetic sample" and dataset.crs_stated
    assert "未说明坐标系" not in window.dashboard.detail.text() + window.dashboard.notes.text()
    assert window.session.sensitivity() is None
