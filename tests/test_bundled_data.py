"""The bundled basemap and zones: real district areas, calibrated cities, right places, lon/lat CRS."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely
from pyproj import Geod

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


def test_shared_border_has_identical_vertices(bundled_project):
    """Along the shared border every vertex of one city is exactly a vertex of the other (no slivers)."""
    c = bundled_project.city_geometries()
    youth_xy = {tuple(xy) for xy in shapely.get_coordinates(c["youth"])}
    digital_xy = {tuple(xy) for xy in shapely.get_coordinates(c["digital"])}
    for mine, other, theirs in [(youth_xy, c["digital"], digital_xy), (digital_xy, c["youth"], youth_xy)]:
        near = shapely.buffer(other.boundary, 1e-9)
        on_border = {xy for xy in mine if shapely.intersects_xy(near, *xy)}
        assert len(on_border) > 20
        assert on_border <= theirs


@pytest.fixture(scope="module")
def subdistricts() -> gpd.GeoDataFrame:
    return gpd.read_file(paths.data_dir() / "subdistricts.gpkg", layer="subdistricts").set_index("name_zh")


def test_youth_west_edge_follows_heilongjiang_road(bundled_project, subdistricts):
    """西至黑龙江路: the OSM border of 虎山路街道 with 九水/世园街道 runs along 黑龙江中路; the city's west edge
    is that border (the first build's edge was ~1.45 km east of the road)."""
    youth = bundled_project.city_geometries()["youth"]
    east = shapely.union_all([subdistricts.geometry["九水街道"], subdistricts.geometry["世园街道"]])
    road = shapely.intersection(subdistricts.geometry["虎山路街道"].boundary, east.boundary)
    assert road.length > 0.03  # ~4 km of road
    assert shapely.buffer(youth.boundary, 1e-5).contains(road)  # 1e-5° ≈ 1 m
    assert youth.bounds[0] <= road.bounds[0] + 1e-9


def test_digital_south_edge_is_hongkong_east_road_not_the_coast(bundled_project, districts):
    """南至香港东路: the shore between the road and the sea (麦岛, 海川路) is 崂山 land but outside the city."""
    digital = bundled_project.city_geometries()["digital"]
    laoshan = districts.geometry["崂山区"]
    for lon, lat in [(120.440, 36.072), (120.450, 36.079)]:  # ~0.4 km inland, ~0.4 km south of the road
        assert shapely.intersects_xy(laoshan, lon, lat)
        assert not shapely.intersects_xy(digital, lon, lat)
    assert shapely.intersects_xy(digital, 120.468, 36.100)  # north of the road: in


def test_ocean_reaches_north_into_wenquan(bundled_project, subdistricts):
    """北至大田路 (in 温泉街道): the ocean city reaches the north border of 温泉街道 (the first build stopped at
    36.425°N, inside 鳌山卫)."""
    ocean = bundled_project.city_geometries()["ocean"]
    north = ocean.bounds[3]
    assert north > 36.48
    top = next(xy for xy in shapely.get_coordinates(ocean) if xy[1] == north)
    assert shapely.intersects_xy(subdistricts.geometry["温泉街道"].buffer(1e-6), *top)


def test_corridor_north_south_span_closer_to_plan(bundled_project):
    """南北向长53公里: the span between the corridor's southernmost and northernmost latitudes is 46.4 km (was
    41.4). It cannot reach 53 km while 大田路 lies in 温泉街道 (whose north border is at ~36.50°N, 48.5 km from
    香港东路): the plan's 53 km is a length along the NNE-running corridor, whose end-to-end extent is now
    ~56 km."""
    w, s, e, n = bundled_project.corridor.bounds
    span_km = Geod(ellps="WGS84").inv((w + e) / 2, s, (w + e) / 2, n)[2] / 1000
    assert 46.0 <= span_km <= 53.0


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


@pytest.mark.parametrize("layer", ["corridor", "cities", "parks", "bays", "axis"])
def test_every_feature_states_source_method_and_location_quality(bundled_project, layer):
    gdf = bundled_project.layers[layer]
    for column in ("source", "method", "location_quality"):
        values = gdf[column]
        assert values.notna().all() and (values.astype(str).str.strip().str.len() > 0).all(), column


def test_cities_are_indicative_and_name_their_sources(bundled_project):
    cities = bundled_project.layers["cities"].set_index("id")
    assert set(cities["location_quality"]) == {"indicative"}
    assert cities["method"].str.contains("calibrated").all()
    assert cities["source"].str.contains("OpenStreetMap").all()


def test_new_tech_zone_is_in_huangdao(bundled_project, districts):
    """Sources name it the 高新区's 黄岛新技术产业开发试验区; the first build had it in 李沧 (~30 km off)."""
    park = bundled_project.layers["parks"].set_index("id").loc["new_tech_zone"]
    assert park.district == "黄岛区"
    assert shapely.intersects_xy(districts.geometry["黄岛区"], park.geometry.x, park.geometry.y)
    assert park.location_quality.startswith("district-only")


def test_future_tech_park_location_is_unknown(bundled_project):
    """No source locates 青岛未来科技产业园: its quality says unknown, and any point is declared a placeholder."""
    park = bundled_project.layers["parks"].set_index("id").loc["future_tech"]
    assert park.location_quality == "unknown"
    assert park.geometry is None or park.geometry.is_empty or "NOT the park's location" in park.method


def test_ocean_belt_is_described_as_a_belt_along_binhai_avenue(bundled_project):
    belt = bundled_project.layers["parks"].set_index("id").loc["ocean_belt"]
    assert "滨海大道" in belt.location_quality and "belt" in belt.location_quality
    if belt.geometry.geom_type == "LineString":
        assert belt.geometry.equals(bundled_project.layers["axis"].geometry.iloc[0])


def test_layer_counts(bundled_project):
    counts = {k: len(v) for k, v in bundled_project.layers.items()}
    assert counts == {"corridor": 1, "cities": 3, "parks": 10, "bays": 3, "axis": 1}
    assert bundled_project.layers["parks"]["focus_industries"].str.len().min() > 0
