"""Multi-layer files: the layer is chosen explicitly, never the first one silently (pyogrio's default)."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely

from corridor_gis.cli import main
from corridor_gis.errors import InputError
from corridor_gis.io import ImportOptions, preview, read_points

RNG = np.random.default_rng(14)


def points(n: int) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"名称": [f"机构{i}" for i in range(n)], "类别": ["重点实验室"] * n},
                            geometry=gpd.points_from_xy(RNG.uniform(120.35, 120.7, n), RNG.uniform(36.1, 36.4, n)),
                            crs=4326)


def test_several_point_layers_need_a_choice(tmp_path, two_lists):
    path = two_lists
    with pytest.raises(InputError) as info:
        read_points(path)
    text = str(info.value)
    assert "'2024年名单'" in text and "'2025年名单'" in text and "范围" not in text
    assert "--layer NAME" in text


def test_the_named_layer_is_read(tmp_path, two_lists):
    path = two_lists
    dataset, report = read_points(path, ImportOptions(layer="2025年名单"))
    assert len(dataset.points) == 7
    assert report.layer == "2025年名单" and report.layers == ["2024年名单", "2025年名单", "范围"]
    with pytest.raises(InputError, match="no layer named '2026'"):
        read_points(path, ImportOptions(layer="2026"))


def test_the_only_point_layer_is_taken_with_a_note(tmp_path):
    path = tmp_path / "one.gpkg"
    gpd.GeoDataFrame({"name": ["区"]}, geometry=[shapely.box(120.3, 36.0, 120.8, 36.5)], crs=4326).to_file(
        path, layer="范围")
    points(4).to_file(path, layer="名单")
    dataset, report = read_points(path)
    assert len(dataset.points) == 4 and report.layer == "名单"
    assert any("名单" in n and "范围" in n for n in report.notes)


def test_cli_layer_option(tmp_path, capsys, two_lists):
    path = two_lists
    assert main(["ratio", str(path)]) == 2
    assert "--layer NAME" in capsys.readouterr().err
    assert main(["ratio", str(path), "--layer", "2024年名单", "--json"]) == 0
    assert '"rows": 5' in capsys.readouterr().out


def test_preview_lists_the_layers_and_waits_for_a_choice(tmp_path, two_lists):
    path = two_lists
    table, info = preview(path)
    assert info["layers"] == ["2024年名单", "2025年名单", "范围"] and info["layer_required"]
    assert table.empty
    table, info = preview(path, ImportOptions(layer="2025年名单"))
    assert len(table) == 7 and not info["layer_required"]
