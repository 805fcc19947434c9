"""Project load/save: round trip, atomic save with backup, clear errors on bad files."""

from __future__ import annotations

import errno
import os

import pytest
import shapely

from corridor_gis.errors import InputError
from corridor_gis.measure import area_km2
from corridor_gis.model import Project


def test_save_load_round_trip(project, tmp_path):
    path = project.save(tmp_path / "p.gpkg")
    again = Project.load(path)
    for name, gdf in project.layers.items():
        assert len(again.layers[name]) == len(gdf)
        assert list(again.layers[name]["id"]) == list(gdf["id"])
        for a, b in zip(again.layers[name].geometry, gdf.geometry, strict=True):
            assert shapely.equals_exact(a, b, 1e-12)


def test_save_keeps_previous_version_as_bak(project, tmp_path):
    path = tmp_path / "p.gpkg"
    project.save(path)
    first_area = area_km2(project.corridor)
    youth = project.city_geometries()["youth"]
    project.set_city_geometry("youth", shapely.affinity.scale(youth, 0.9, 0.9))
    project.save(path)
    bak = Project.load(tmp_path / "p.gpkg.bak")
    assert area_km2(bak.corridor) == pytest.approx(first_area)
    assert area_km2(Project.load(path).corridor) < first_area
    assert not [f for f in os.listdir(tmp_path) if f.endswith(".tmp.gpkg")]


def test_editing_a_city_rederives_the_corridor(project):
    before = area_km2(project.corridor)
    youth = project.city_geometries()["youth"]
    project.set_city_geometry("youth", shapely.affinity.scale(youth, 0.5, 0.5))
    assert area_km2(project.corridor) < before - 10


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="file not found"):
        Project.load(tmp_path / "nope.gpkg")


def test_not_a_geopackage(tmp_path):
    bad = tmp_path / "bad.gpkg"
    bad.write_text("hello, not a database")
    with pytest.raises(InputError) as info:
        Project.load(bad)
    assert "bad.gpkg" in str(info.value) and "What to do" in str(info.value)


def test_truncated_project(project, tmp_path):
    path = project.save(tmp_path / "p.gpkg")
    data = path.read_bytes()
    cut = tmp_path / "cut.gpkg"
    cut.write_bytes(data[: len(data) // 3])
    with pytest.raises(InputError, match=r"cut\.gpkg"):
        Project.load(cut)


@pytest.mark.parametrize("errno_", [errno.ENOSPC, errno.EACCES])
def test_failed_save_leaves_original_and_no_temp(project, tmp_path, monkeypatch, errno_):
    """Disk full / permission denied at the last step: message, original file untouched."""
    path = project.save(tmp_path / "p.gpkg")
    before = path.read_bytes()
    real_replace = os.replace

    def failing_replace(src, dst):
        if str(dst) == str(path):
            raise OSError(errno_, os.strerror(errno_))
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(InputError, match="could not save"):
        project.save(path)
    assert path.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["p.gpkg", "p.gpkg.bak"]


def test_cities_layer_without_id_gets_the_plans_ids_or_a_clear_refusal(bundled_project, tmp_path):
    """QGIS can save a cities layer without the id field: ids come from the names, or the file is refused."""
    import pyogrio

    from corridor_gis.plan import CITY_IDS

    cities = bundled_project.cities.drop(columns="id")
    pyogrio.write_dataframe(cities, tmp_path / "named.gpkg", layer="cities")
    assert Project.load(tmp_path / "named.gpkg").cities["id"].tolist() == list(CITY_IDS)
    pyogrio.write_dataframe(cities.drop(columns=["name_zh", "name_en"]), tmp_path / "bare.gpkg", layer="cities")
    with pytest.raises(InputError, match="no 'id' field") as info:
        Project.load(tmp_path / "bare.gpkg")
    assert "bare.gpkg" in str(info.value) and "What to do" in str(info.value)


def test_reference_layers_round_trip_with_provenance(bundled_project, tmp_path):
    """A reference layer (roads, parcels…) is stored in the project GeoPackage as its own layer."""
    import geopandas as gpd

    from corridor_gis.model import Reference

    project = bundled_project.copy()
    roads = gpd.GeoDataFrame({"name": ["滨海大道"]}, geometry=[shapely.LineString([(120.6, 36.3), (120.65, 36.35)])],
                             crs="EPSG:4326")
    project.references["道路"] = Reference("道路", roads, source="roads.dxf", crs_used="EPSG:4549", note="CAD")
    path = project.save(tmp_path / "with_refs.gpkg")
    back = Project.load(path).references["道路"]
    assert (back.source, back.crs_used, back.note) == ("roads.dxf", "EPSG:4549", "CAD")
    assert back.features.geometry.iloc[0].equals_exact(roads.geometry.iloc[0], 1e-12)
    assert back.features["name"].tolist() == ["滨海大道"]


def test_a_dataset_round_trips_as_table_and_coordinates(bundled_project, tmp_path):
    """A list read from CSV is saved and opened again with the same attributes, coordinates and figures —
    saved from its table and coordinates (no GeoDataFrame needed) and opened the same way."""
    import numpy as np
    import pandas as pd
    import pyogrio

    from corridor_gis.analysis import compute_ratio
    from corridor_gis.io import read_points

    csv = tmp_path / "list.csv"
    csv.write_text("名称,类别,经度,纬度\n" + "".join(
        f"机构{i},{'国家重点实验室' if i % 3 else '高新技术企业'},{120.3 + i * 0.0013:.6f},{36.05 + i * 0.0011:.6f}\n"
        for i in range(400)), encoding="utf-8")
    dataset, _ = read_points(csv)
    project = bundled_project.copy()
    project.add_dataset(dataset)
    before = compute_ratio(project, dataset)
    project.save(tmp_path / "p.gpkg")
    assert dataset.points is not None  # still usable after saving
    opened = Project.load(tmp_path / "p.gpkg").datasets["list"]
    np.testing.assert_array_equal(opened.lonlat()[0], dataset.lonlat()[0])
    np.testing.assert_array_equal(opened.lonlat()[1], dataset.lonlat()[1])
    pd.testing.assert_frame_equal(pd.DataFrame(opened.table), pd.DataFrame(dataset.table.drop(columns="geometry")),
                                  check_dtype=False)
    assert compute_ratio(project, opened).as_dict() == before.as_dict()
    # a dataset layer QGIS wrote in another CRS is still read (and converted) the full way
    gk = tmp_path / "gk.gpkg"
    project.save(gk)
    pyogrio.write_dataframe(dataset.points.to_crs("EPSG:4549"), gk, layer="dataset__list", driver="GPKG")
    again = Project.load(gk).datasets["list"]
    np.testing.assert_allclose(again.lonlat()[0], dataset.lonlat()[0], atol=1e-9)


def test_a_lists_title_carries_its_label_in_each_language():
    """The labels this program gives read in Chinese in the Chinese faces; a file's own label as written."""
    from corridor_gis.model import dataset_title

    assert dataset_title("样本", "synthetic sample", "zh") == "样本（合成示例，非真实数据）"
    assert dataset_title("样本", "synthetic sample") == "样本 (synthetic sample)"
    assert dataset_title("名录", "imported", "zh") == "名录（导入）"
    assert dataset_title("名录", "市科技局 2025", "zh") == "名录（市科技局 2025）"
    assert dataset_title("名录", "", "zh") == "名录"
