"""Importing a list through the app as a planner does (文件 → 导入数据 → 检查 → OK): the figures equal the
CLI's, the point list is never turned into a GeoDataFrame (a million shapely Points would cost ~280 MB), the
check shows its progress stage by stage, and cancelling it leaves everything as it was."""

from __future__ import annotations

import json
import re
import threading

import numpy as np
import pandas as pd
import pytest
from PyQt6.QtCore import QPointF, Qt
from PyQt6.QtWidgets import QDialogButtonBox

from corridor_gis.app import import_dialog as import_dialog_module
from corridor_gis.app import panels, print_panel
from corridor_gis.app.geometry import lonlat_to_scene
from corridor_gis.app.import_dialog import ImportDialog
from corridor_gis.app.map_event import MapMouseEvent, scene_to_lonlat
from corridor_gis.cli import main

LABELS = ["重点实验室", "新型研发机构", "创新平台", "高新技术企业"]


@pytest.fixture
def park_list(tmp_path):
    """A list of 3,000 institutions around the corridor (some far outside) and two rows that cannot be placed."""
    rng = np.random.default_rng(16)
    n = 3000
    lon = np.concatenate([rng.normal(120.47, 0.05, n // 2), rng.uniform(119.6, 121.0, n - n // 2)])
    lat = np.concatenate([rng.normal(36.17, 0.04, n // 2), rng.uniform(35.6, 37.1, n - n // 2)])
    table = pd.DataFrame({"名称": [f"机构{i:05d}" for i in range(n)], "类别": rng.choice(LABELS, n),
                          "经度": lon.round(6), "纬度": lat.round(6)})
    table = pd.concat([table, pd.DataFrame({"名称": ["无坐标", "坐标错"], "类别": ["重点实验室"] * 2,
                                            "经度": [None, 200.0], "纬度": [36.1, 36.1]})])
    path = tmp_path / "园区名单.csv"
    table.to_csv(path, index=False, encoding="utf-8")
    return path


def _open(dialog: ImportDialog, path) -> None:
    dialog.pathEdit.setText(str(path))
    dialog.load_preview()
    dialog.crsCombo.setCurrentIndex(dialog.crsCombo.findData("wgs84"))


def _check(dialog: ImportDialog, qtbot) -> None:
    with qtbot.waitSignal(dialog.checked, timeout=60_000):
        dialog.checkButton.click()


def _click_at(window, lon: float, lat: float) -> MapMouseEvent:
    x, y = lonlat_to_scene([lon], [lat])
    scene = QPointF(float(x[0]), float(y[0]))
    clon, clat = scene_to_lonlat(scene)
    return MapMouseEvent(Qt.MouseButton.LeftButton, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         QPointF(window.canvas.mapFromScene(scene)), scene, clon, clat,
                         window.canvas.metres_per_pixel())


def test_imported_list_is_never_built_as_shapely_points_and_shows_the_cli_figures(
        window, qtbot, park_list, monkeypatch, capsys):
    def user_checks_and_confirms(dialog: ImportDialog) -> int:
        _open(dialog, park_list)
        _check(dialog, qtbot)
        assert dialog.buttonBox.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
        return 1  # OK

    monkeypatch.setattr(ImportDialog, "exec", user_checks_and_confirms)
    window.act_import.trigger()
    dataset = window.project.datasets["园区名单"]
    assert window.active_dataset == "园区名单" and len(dataset) == 3000
    # what a planner does next: look at the map, identify a point, read the legends
    layer = window.canvas.layer("dataset:园区名单")
    assert layer is not None
    window.canvas.viewport().repaint()
    lon, lat = dataset.lonlat()
    results = window.identify(_click_at(window, float(lon[0]), float(lat[0])))
    point = next(fields for title, _name, fields in results if title == layer.title)
    assert dict(point)["名称"] == "机构00000" and "所在区域" in dict(point)
    assert panels.legend_entries(layer)
    counts = {text for text, _symbol in print_panel.legend_entries([layer], "#ffffff")}
    shown = [re.search(r"（([\d,]+)）$", t) for t in counts]  # 类别（1,234）; the layer's title is no count
    assert sum(int(m[1].replace(",", "")) for m in shown if m) == 3000
    # and what they do with it: the HTML briefing and saving the project
    assert window.export_html(str(park_list.with_suffix(".html")))
    assert window.save_to(park_list.with_suffix(".gpkg"))
    assert dataset._points is None  # no GeoDataFrame was built (or kept) on the way

    assert main(["ratio", str(park_list), "--crs", "wgs84", "--json"]) == 0
    cli = json.loads(capsys.readouterr().out)
    gui = window.result.as_dict()
    for key in ("corridor", "by_category", "by_city", "counted_categories", "rows", "skipped"):
        assert gui[key] == cli[key], key
    assert window.dashboard.detail.text().startswith(f"{cli['corridor']['inside']} / {cli['corridor']['total']}")
    assert window.dashboard.headline.text().startswith(f"{100 * cli['corridor']['share']:.1f}%")


def test_the_check_shows_each_stage_in_order_and_reaches_100_percent(window, qtbot, park_list, monkeypatch):
    seen: list[tuple[str, int]] = []
    shown = ImportDialog._on_progress

    def watched(self, task, stage, fraction):
        shown(self, task, stage, fraction)
        seen.append((self.progress.format().split(" ")[0], self.progress.value()))

    monkeypatch.setattr(ImportDialog, "_on_progress", watched)
    dialog = ImportDialog(window)
    qtbot.addWidget(dialog)
    _open(dialog, park_list)
    _check(dialog, qtbot)
    assert dialog.progress.maximum() == 100  # a determinate bar, not a busy indicator
    stages = [s for i, (s, _v) in enumerate(seen) if i == 0 or seen[i - 1][0] != s]
    assert stages == ["读取", "检查", "分类", "统计"]
    values = [v for _s, v in seen]
    assert values == sorted(values) and values[-1] == 100 and values[0] < 100
    assert dialog.dataset is not None and not dialog.progress.isVisible()


def test_cancel_mid_read_leaves_the_project_and_the_dialog_usable(window, qtbot, park_list, monkeypatch):
    datasets = dict(window.project.datasets)
    layers = [layer.key for layer in window.canvas.layers]
    headline = window.dashboard.headline.text()
    gate = threading.Event()
    real_read = import_dialog_module.read_points

    def slow_read(path, options, progress):
        def held(stage, fraction):
            progress(stage, fraction)
            if stage == "checking" and fraction == 0.0:
                gate.wait(30)  # the user clicks 取消检查 while the coordinates are being checked

        return real_read(path, options, progress=held)

    monkeypatch.setattr(import_dialog_module, "read_points", slow_read)
    dialog = ImportDialog(window)
    qtbot.addWidget(dialog)
    _open(dialog, park_list)
    dialog.checkButton.click()
    task = dialog.task
    qtbot.waitUntil(lambda: dialog.progress.format().startswith("检查"), timeout=30_000)
    dialog.cancelButton.click()
    gate.set()
    task.thread.join(30)
    assert not task.thread.is_alive()  # the read stopped at the next stage
    qtbot.wait(50)  # anything the stopped read queued has been delivered
    assert dialog.dataset is None and dialog.summaryLabel.text() == "已取消。"
    assert not dialog.buttonBox.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    assert not dialog.progress.isVisible() and dialog.checkButton.isEnabled()
    assert window.project.datasets == datasets and [layer.key for layer in window.canvas.layers] == layers
    assert window.dashboard.headline.text() == headline
    # the dialog stays usable: the same check runs to the end, and 已取消。 goes as soon as it starts
    gate.set()
    with qtbot.waitSignal(dialog.checked, timeout=30_000):
        dialog.checkButton.click()
        assert dialog.summaryLabel.text() == "" and dialog.progress.isVisibleTo(dialog)
    assert dialog.dataset is not None and len(dialog.dataset) == 3000
    assert dialog.buttonBox.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
