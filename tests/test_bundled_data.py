"""The bundled basemap and zones: real district areas, calibrated cities, right places, lon/lat CRS."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely

from corridor_gis import paths
from corridor_gis.measure import area_km2, area_km2_geodesic
from corridor_gis.plan import QINGDAO_BBOX

QINGDAO_LON = (QINGDAO_BBOX[0], QINGDAO_BBOX[2])
QINGDAO_LAT = (QINGDAO_BBOX[1], QINGDAO_BBOX[3])

PLANNED = {"ocean": 78.56, "youth": 26.2, "digital": 85.95}
CITY_DISTRICT = {"ocean": "即墨区", "youth": "李沧区", "digital": "崂山区"}


@pytest.fixture(scope="module")
def districts() -> gpd.GeoDataFrame:
    return gpd.read_file(paths.basemap_path(), layer="districts").set_index("name_zh")


@pytest.mark.parametrize(("name", "public_km2"), [("崂山区", 420), ("李沧区", 98)])
def test_basemap_district_areas_match_public_figures(districts, name, public_km2):
    """Catches a missing GCJ-02 → WGS84 step only weakly, but a wrong CRS/unit immediately."""
    assert area_km2_geodesic(districts.geometry[name]) == pytest.approx(public_km2, rel=0.02)


def test_basemap_city_area_and_provenance():
    city = gpd.read_file(paths.basemap_path(), layer="city")
    assert area_km2_geodesic(city.geometry[0]) == pytest.approx(11238, rel=0.005)
    assert city.crs.to_epsg() == 4326
    assert "GCJ-02 -> WGS84" in city["transform"][0] and "MIT" in city["licence"][0]


@pytest.mark.parametrize("city_id", PLANNED)
def test_city_calibrated_in_both_measures(bundled_project, city_id):
    geom = bundled_project.city_geometries()[city_id]
    assert abs(area_km2(geom) - PLANNED[city_id]) <= 0.01
    assert abs(area_km2_geodesic(geom) - PLANNED[city_id]) <= 0.01


def test_corridor_is_190_71(bundled_project):
    assert abs(area_km2(bundled_project.corridor) - 190.71) <= 0.01
    assert abs(area_km2_geodesic(bundled_project.corridor) - 190.71) <= 0.01


@pytest.mark.parametrize("city_id", PLANNED)
def test_city_lies_in_its_district_on_land(bundled_project, districts, city_id):
    geom = bundled_project.city_geometries()[city_id]
    district = districts.geometry[CITY_DISTRICT[city_id]]
    outside = area_km2(shapely.difference(geom, district))
    assert outside < 1e-3, f"{city_id} spills {outside:.4f} km² outside {CITY_DISTRICT[city_id]}"


def test_youth_and_digital_share_a_border(bundled_project):
    """The 李沧/崂山 border is shared by two cities: the case boundary editing must keep together."""
    c = bundled_project.city_geometries()
    shared = shapely.intersection(c["youth"].boundary, c["digital"].boundary)
    assert shared.length > 0.01  # degrees, ~1 km+


@pytest.mark.parametrize("layer", ["corridor", "cities", "parks", "bays", "axis"])
def test_layers_are_lon_lat_in_qingdao_with_provenance(bundled_project, layer):
    gdf = bundled_project.layers[layer]
    assert gdf.crs.to_epsg() == 4326
    minx, miny, maxx, maxy = gdf.total_bounds
    assert QINGDAO_LON[0] <= minx and maxx <= QINGDAO_LON[1]
    assert QINGDAO_LAT[0] <= miny and maxy <= QINGDAO_LAT[1]
    for column in ("id", "name_zh", "name_en", "planned_km2", "source", "method",
                   "location_quality"):
        assert column in gdf.columns
    assert gdf["method"].str.len().min() > 10


def test_layer_counts(bundled_project):
    counts = {k: len(v) for k, v in bundled_project.layers.items()}
    assert counts == {"corridor": 1, "cities": 3, "parks": 10, "bays": 3, "axis": 1}
    assert bundled_project.layers["parks"]["focus_industries"].str.len().min() > 0
