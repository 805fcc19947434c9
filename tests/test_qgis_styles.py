"""Saved projects carry the app's styles for QGIS (GeoPackage ``layer_styles`` table, QML)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pyogrio

from corridor_gis.model import Project
from corridor_gis.styles import style_for


def parse(qml: str) -> ET.Element:
    return ET.fromstring(qml.split(">", 1)[1])  # drop the DOCTYPE line


def test_every_zone_layer_has_a_default_style(project, tmp_path):
    path = project.save(tmp_path / "p.gpkg")
    project.save(path)  # saving again replaces, never duplicates
    table = pyogrio.read_dataframe(path, layer="layer_styles")
    assert sorted(table["f_table_name"]) == sorted(["corridor", "cities", "parks", "bays", "axis"])
    assert table["useAsDefault"].all() and (table["f_geometry_column"] == "geom").all()
    for qml in table["styleQML"]:
        assert parse(qml).tag == "qgis"


def test_cities_are_categorized_with_the_app_colours(project, tmp_path):
    path = project.save(tmp_path / "p.gpkg")
    table = pyogrio.read_dataframe(path, layer="layer_styles").set_index("f_table_name")
    root = parse(table.loc["cities", "styleQML"])
    renderer = root.find("renderer-v2")
    assert renderer.get("type") == "categorizedSymbol" and renderer.get("attr") == "id"
    labels = {c.get("value"): c.get("label") for c in renderer.iter("category")}
    assert labels == {"ocean": "海洋科技城", "youth": "青年科创城", "digital": "数智产业城"}
    colours = [o.get("value") for o in renderer.iter("Option") if o.get("name") == "color"]
    expected = style_for("cities").fill_by_id["ocean"].lstrip("#")
    assert colours[0].startswith(",".join(str(int(expected[i:i + 2], 16)) for i in (0, 2, 4)))
    assert root.find("labeling/settings/text-style").get("fieldName") == "name_zh"


def test_styles_table_is_not_read_back_as_a_layer(project, tmp_path):
    path = project.save(tmp_path / "p.gpkg")
    assert set(Project.load(path).layers) == {"corridor", "cities", "parks", "bays", "axis"}
