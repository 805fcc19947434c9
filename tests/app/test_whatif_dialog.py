"""The what-if dialog lays out the same rows as ``corridor-gis compare``."""

from __future__ import annotations

import shapely

from corridor_gis import paths
from corridor_gis.app.whatif_dialog import WhatIfDialog
from corridor_gis.io import read_points
from corridor_gis.whatif import compare_versions


def test_dialog_rows_are_the_comparison_rows(qtbot, project):
    dataset, _ = read_points(paths.data_dir() / "sample_institutions.csv")
    b = project.copy()
    b.set_city_geometry("youth", shapely.buffer(b.city_geometries()["youth"], -0.003))
    dialog = WhatIfDialog(project, b, dataset, "基准", "当前")
    qtbot.addWidget(dialog)
    rows = compare_versions(project, b, dataset).rows("zh")
    table = dialog.table
    shown = [tuple(table.item(r, c).text() for c in range(4)) for r in range(table.rowCount())]
    assert shown == [(r.label, r.a, r.b, r.diff) for r in rows]
    assert any(label == "青年科创城 km²" and diff.startswith("-") for label, _, _, diff in shown)
