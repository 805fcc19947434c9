"""Chinese by default, English from ui/translations: every UI string has a translation."""

from __future__ import annotations

import importlib.util
import xml.etree.ElementTree as ET

from PyQt6.QtCore import QCoreApplication
from PyQt6.QtGui import QKeySequence

from corridor_gis import paths
from corridor_gis.app.i18n import TsTranslator
from corridor_gis.app.panels import KEY_ROLE
from corridor_gis.app.window import MainWindow


def _tool():
    spec = importlib.util.spec_from_file_location("update_translations",
                                                  paths.resource_root() / "tools" / "update_translations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_ui_string_is_translated():
    ts = paths.ui_dir() / "translations" / "corridor_gis_en.ts"
    root = ET.parse(ts).getroot()
    translated = {m.findtext("source"): m.findtext("translation") for m in root.iter("message")}
    missing = [s for s in _tool().source_strings() if not translated.get(s)]
    assert missing == [], f"run tools/update_translations.py and translate: {missing}"


def test_english_window(qtbot, project, qapp):
    translator = TsTranslator(paths.ui_dir() / "translations" / "corridor_gis_en.ts")
    QCoreApplication.installTranslator(translator)
    try:
        win = MainWindow(project)
        qtbot.addWidget(win)
        menus = [a.text() for a in win.menuBar().actions()]
        assert menus[:4] == ["File", "Edit", "View", "Tools"]
        assert win.layers_dock.windowTitle() == "Layers"
        # the map tools in the toolbar and the Tools menu (their labels were tr(variable): never extracted)
        assert (win.act_pan.text(), win.act_identify.text()) == ("Pan", "Identify features")
    finally:
        QCoreApplication.removeTranslator(translator)


def test_chinese_is_the_default(window):
    assert next(a.text() for a in window.menuBar().actions()) == "文件"


def test_english_layer_panel_names_the_categories_as_the_dashboard_does(qtbot, project, qapp, monkeypatch, tmp_path):
    """The symbol classes under a point layer (the sample's four categories) in English, not 重点实验室 beside a
    dashboard that says Key laboratory; on a first start the dashboard is wide enough for its English rows."""
    from PyQt6.QtCore import QSettings

    monkeypatch.setenv("CORRIDOR_GIS_LANG", "en")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # a first start: no saved layout
    QSettings().clear()
    translator = TsTranslator(paths.ui_dir() / "translations" / "corridor_gis_en.ts")
    QCoreApplication.installTranslator(translator)
    try:
        win = MainWindow(project)
        qtbot.addWidget(win)
        panel = win.layer_panel
        dataset = next(panel.topLevelItem(i) for i in range(panel.topLevelItemCount())
                       if str(panel.topLevelItem(i).data(0, KEY_ROLE)).startswith("dataset:"))
        classes = {dataset.child(i).text(0) for i in range(dataset.childCount())}
        table = win.dashboard.category_table
        on_dashboard = {table.item(r, 0).text() for r in range(table.rowCount())}
        detail, provenance = win.dashboard.detail.text(), win.dashboard.provenance.text()
        layer_title = dataset.text(0)
        win.resize(1600, 1000)
        win.show()
        qapp.processEvents()
        sideways = win.dashboard.scroll.horizontalScrollBar().maximum()  # the longer English words fit
        rd_box = win.dashboard.counting.boxes["new_rd"]
        rd_shortcut = QKeySequence.mnemonic(rd_box.text()).isEmpty()  # "R&D": an ampersand, no Alt+D
    finally:
        QCoreApplication.removeTranslator(translator)
    assert "Key laboratory" in classes and classes <= on_dashboard, (classes, on_dashboard)
    # the headline's detail and the list's label in English, with English brackets
    assert "（" not in detail and " (Key laboratory" in detail, detail
    assert "sample_institutions (synthetic sample)" in provenance
    assert layer_title == "sample_institutions (synthetic sample)"
    assert sideways == 0
    assert rd_shortcut and rd_box.text().replace("&&", "&") == "New R&D institution"


def test_live_figures_are_worded_in_each_language(qapp):
    """The status-bar line while a vertex is dragged: Chinese as before; English with its own brackets and
    commas, not km²（planned 85.95，+0.07 …）."""
    from corridor_gis.app.messages import live_text
    from corridor_gis.history import CityArea, LiveFigures

    live = LiveFigures([CityArea("digital", "Digital-Intelligence Industry City", 86.0234, 85.95)], 0.5, True,
                       invalid=["Youth Innovation City", "Ocean Science & Technology City"])
    assert live_text(live) == ("Digital-Intelligence Industry City 86.02 km²（规划 85.95，+0.07 km², +0.09%） · "
                               "集聚度 50.0% ✓ · ⚠ Youth Innovation City，Ocean Science & Technology City "
                               "无效（自相交）")
    translator = TsTranslator(paths.ui_dir() / "translations" / "corridor_gis_en.ts")
    QCoreApplication.installTranslator(translator)
    try:
        text = live_text(live)
    finally:
        QCoreApplication.removeTranslator(translator)
    assert text == ("Digital-Intelligence Industry City 86.02 km² (planned 85.95, +0.07 km², +0.09%) · Share 50.0% ✓ · "
                    "⚠ Youth Innovation City, Ocean Science & Technology City invalid (self-intersection)")
