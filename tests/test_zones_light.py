"""``corridor-gis areas`` reads plain project files without pandas/geopandas: the rows must be the full
reader's, and anything unusual must fall back to the full reader (its conversions and messages)."""

from __future__ import annotations

import json
import subprocess
import sys

import pyogrio
import shapely

from corridor_gis import paths
from corridor_gis.areas import AREA_LAYERS, zone_areas
from corridor_gis.model import Project
from corridor_gis.zones_light import gpkg_geometry, read_zone_layers


def test_bundled_zones_read_light_give_the_same_rows() -> None:
    light = read_zone_layers(paths.zones_path(), AREA_LAYERS)
    assert light is not None
    assert zone_areas(light) == zone_areas(Project.bundled())


def test_an_edited_saved_project_gives_the_same_rows(tmp_path) -> None:
    project = Project.bundled()
    youth = project.cities.set_index("id").geometry["youth"]
    project.set_city_geometry("youth", shapely.affinity.scale(youth, 0.9, 0.9))
    path = project.save(tmp_path / "edited.gpkg")
    light = read_zone_layers(path, AREA_LAYERS)
    assert light is not None
    assert zone_areas(light) == zone_areas(Project.load(path))
    assert zone_areas(light)[0].area_km2 < 190.7  # the edit is seen, not the bundled zones


def test_unusual_files_take_the_full_reader(tmp_path) -> None:
    project = Project.bundled()
    other_crs = tmp_path / "gk.gpkg"
    for name in ("corridor", "cities"):
        pyogrio.write_dataframe(project.layers[name].to_crs("EPSG:4549"), other_crs, layer=name, driver="GPKG")
    assert read_zone_layers(other_crs, AREA_LAYERS) is None
    no_ids = tmp_path / "no_ids.gpkg"
    pyogrio.write_dataframe(project.layers["corridor"], no_ids, layer="corridor", driver="GPKG")
    pyogrio.write_dataframe(project.cities.drop(columns="id"), no_ids, layer="cities", driver="GPKG")
    assert read_zone_layers(no_ids, AREA_LAYERS) is None
    no_corridor = tmp_path / "cities_only.gpkg"
    pyogrio.write_dataframe(project.cities, no_corridor, layer="cities", driver="GPKG")
    assert read_zone_layers(no_corridor, AREA_LAYERS) is None
    not_gpkg = tmp_path / "x.gpkg"
    not_gpkg.write_text("not a database")
    assert read_zone_layers(not_gpkg, AREA_LAYERS) is None


def test_cli_areas_of_a_reprojected_project_equals_the_full_reader(tmp_path) -> None:
    project = Project.bundled()
    path = tmp_path / "gk.gpkg"
    for name in ("corridor", "cities", "bays"):
        pyogrio.write_dataframe(project.layers[name].to_crs("EPSG:4549"), path, layer=name, driver="GPKG")
    out = subprocess.run([sys.executable, "-m", "corridor_gis", "areas", "--project", str(path), "--json"],
                         capture_output=True, text=True, check=True).stdout
    rows = json.loads(out)["zones"]
    assert [r["id"] for r in rows][:4] == ["corridor", "ocean", "youth", "digital"]
    assert rows == [r.as_dict() for r in zone_areas(Project.load(path))]


def test_gpkg_geometry_blobs() -> None:
    wkb = shapely.to_wkb(shapely.box(0, 0, 1, 1))
    no_envelope = b"GP\x00\x01" + (4326).to_bytes(4, "little") + wkb
    with_envelope = b"GP\x00\x03" + (4326).to_bytes(4, "little") + bytes(32) + wkb
    assert gpkg_geometry(no_envelope).equals(shapely.box(0, 0, 1, 1))
    assert gpkg_geometry(with_envelope).equals(shapely.box(0, 0, 1, 1))
    assert gpkg_geometry(b"GP\x00\x11" + bytes(4) + wkb) is None  # the empty flag
    assert gpkg_geometry(None) is None
