"""Importing official-style zone boundaries (corridor_gis.zones_import) and ``corridor-gis import-zones``.

The fixtures are generated here, in tmp: the bundled cities projected to EPSG:4549 and warped a little
(a smooth shift of tens of metres, the same for every city so shared borders stay shared), written the way
planners receive them: a Shapefile in EPSG:4549 with GBK attributes and no .cpg, the same as a DXF of closed
LWPOLYLINEs in GBK, a GeoJSON and a KML. Areas are compared with an independent computation on the
generated input geometry (shapely area in EPSG:4549 of the file's own coordinates; pyproj.Geod in lon/lat).
"""

from __future__ import annotations

import json
import zipfile

import geopandas as gpd
import numpy as np
import pyogrio
import pytest
import shapely
from pyproj import Geod, Transformer

from corridor_gis.cli import main
from corridor_gis.errors import InputError
from corridor_gis.model import PREVIOUS_CITIES, Project
from corridor_gis.plan import CITIES, CITY_IDS
from corridor_gis.zones_import import apply_zone_import, read_zone_file, reassign
from corridor_gis.zones_match import city_for_label, parse_mapping

REL = 1e-6
GEOD = Geod(ellps="WGS84")


def _warp(xy: np.ndarray) -> np.ndarray:
    """A smooth shift of up to ~40 m: areas change, shared borders stay shared."""
    x, y = xy[:, 0], xy[:, 1]
    return np.column_stack([x + 40 * np.sin(y / 3000.0), y + 30 * np.cos(x / 4000.0)])


@pytest.fixture(scope="module")
def official() -> gpd.GeoDataFrame:
    """The official-style cities in EPSG:4549: 名称 (Chinese name), 编号, one feature per polygon part."""
    cities = Project.bundled().cities.to_crs("EPSG:4549")
    rows = []
    for _, c in cities.iterrows():
        parts = list(shapely.get_parts(c.geometry))
        if c["id"] == "digital" and len(parts) == 1:  # two features for one city, as official files have
            x = parts[0].centroid.x
            w, s, e, n = parts[0].bounds
            parts = [parts[0].intersection(shapely.box(w - 1, s - 1, x, n + 1)),
                     parts[0].intersection(shapely.box(x, s - 1, e + 1, n + 1))]
        for k, part in enumerate(parts):
            rows.append({"名称": c["name_zh"], "编号": f"{c['id']}-{k + 1}",
                         "geometry": shapely.transform(part, _warp)})
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4549")


def _expected_4549(frame: gpd.GeoDataFrame) -> dict[str, float]:
    """Independent: shapely area (km²) of the union of each city's parts, in the file's own metres."""
    by_name = {c.name_zh: c.id for c in CITIES}
    return {by_name[name]: shapely.union_all(list(g.geometry)).area / 1e6 for name, g in frame.groupby("名称")}


def _expected_geodesic(frame: gpd.GeoDataFrame) -> dict[str, float]:
    lonlat = frame.to_crs("EPSG:4326")
    by_name = {c.name_zh: c.id for c in CITIES}
    return {by_name[name]: abs(GEOD.geometry_area_perimeter(shapely.union_all(list(g.geometry)))[0]) / 1e6
            for name, g in lonlat.groupby("名称")}


def _write_gbk_shapefile(frame: gpd.GeoDataFrame, path) -> None:
    """A Shapefile in GBK without .cpg and without a code-page byte, as older Chinese tools write it."""
    pyogrio.write_dataframe(frame, path, driver="ESRI Shapefile", encoding="GBK")
    path.with_suffix(".cpg").unlink(missing_ok=True)
    dbf = path.with_suffix(".dbf")
    raw = bytearray(dbf.read_bytes())
    raw[29] = 0
    dbf.write_bytes(bytes(raw))


def _write_dxf(frame: gpd.GeoDataFrame, path, codepage: str = "ANSI_936", label_points: bool = False,
               drawing_frame: bool = False) -> None:
    """A minimal R2000 DXF: each polygon ring a closed LWPOLYLINE on the layer named after the city (GBK);
    optionally an A3 drawing frame at paper coordinates (layer 图框), as CAD sheets have."""
    out = ["0", "SECTION", "2", "HEADER", "9", "$ACADVER", "1", "AC1015", "9", "$DWGCODEPAGE", "3", codepage,
           "0", "ENDSEC", "0", "SECTION", "2", "ENTITIES"]
    handle = 0x100
    if drawing_frame:
        out += ["0", "LWPOLYLINE", "5", "FF", "100", "AcDbEntity", "8", "图框", "100", "AcDbPolyline", "90", "4",
                "70", "1"]
        for x, y in ((0, 0), (420, 0), (420, 297), (0, 297)):
            out += ["10", str(x), "20", str(y)]
    for _, row in frame.iterrows():
        layer = "0" if label_points else row["名称"]
        ring = list(row.geometry.exterior.coords)[:-1]
        handle += 1
        out += ["0", "LWPOLYLINE", "5", f"{handle:X}", "100", "AcDbEntity", "8", layer, "100", "AcDbPolyline",
                "90", str(len(ring)), "70", "1"]
        for x, y in ring:
            out += ["10", f"{x:.4f}", "20", f"{y:.4f}"]
        if label_points:
            p = row.geometry.representative_point()
            handle += 1
            out += ["0", "TEXT", "5", f"{handle:X}", "100", "AcDbEntity", "8", "标注", "100", "AcDbText",
                    "10", f"{p.x:.4f}", "20", f"{p.y:.4f}", "40", "100", "1", row["名称"]]
    out += ["0", "ENDSEC", "0", "EOF"]
    path.write_bytes(("\r\n".join(out) + "\r\n").encode("gbk"))


def _dxf_frame(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The geometry as the DXF holds it (coordinates rounded to 0.1 mm)."""
    return frame.set_geometry(shapely.set_precision(frame.geometry.values, 1e-4))


def _assert_areas(zi, expected: dict[str, float], geodesic: dict[str, float] | None = None) -> None:
    assert set(zi.cities) == set(CITY_IDS)
    for a in zi.areas:
        assert a.area_km2 == pytest.approx(expected[a.id], rel=REL)
        if geodesic is not None:
            assert a.area_km2_geodesic == pytest.approx(geodesic[a.id], rel=REL)


# ------------------------------------------------------------------------------------------- formats
def test_gbk_shapefile_without_cpg_matches_by_chinese_name_and_measures_independently(official, tmp_path):
    shp = tmp_path / "官方边界.shp"
    _write_gbk_shapefile(official, shp)
    assert not shp.with_suffix(".cpg").exists()
    zi = read_zone_file(shp)
    assert zi.field == "名称"
    assert "EPSG:4549" in zi.crs_used
    assert any("GB18030" in f.message for f in zi.findings if f.kind == "encoding")
    assert {m.label for m in zi.matches} == {c.name_zh for c in CITIES}
    # digital has two parts in two features, unioned into one city
    digital = next(a for a in zi.areas if a.id == "digital")
    assert len(digital.features) == 2
    _assert_areas(zi, _expected_4549(official), _expected_geodesic(official))
    assert not zi.unmatched


def test_dxf_closed_lwpolylines_in_gbk_become_polygons(official, tmp_path):
    dxf = tmp_path / "边界.dxf"
    _write_dxf(official, dxf, codepage="ANSI_1252")  # declared wrongly, as Chinese CAD files often are
    zi = read_zone_file(dxf, crs="EPSG:4549")
    assert zi.field == "Layer"
    assert any("CP936" in f.message for f in zi.findings if f.kind == "encoding")
    _assert_areas(zi, _expected_4549(_dxf_frame(official)))


def test_dxf_drawing_frame_at_paper_coordinates_is_listed_not_fatal(official, tmp_path):
    dxf = tmp_path / "sheet.dxf"
    _write_dxf(official, dxf, drawing_frame=True)
    zi = read_zone_file(dxf, crs="EPSG:4549")
    assert [(m.feature, m.label) for m in zi.unmatched] == [(1, "图框")]
    assert "outside Qingdao" in zi.unmatched[0].why
    _assert_areas(zi, _expected_4549(_dxf_frame(official)))
    with pytest.raises(InputError, match="EPSG:4549"):
        read_zone_file(dxf)  # no CRS: the frame does not hide which CRS fits


def test_dxf_polygons_named_by_text_labels_inside(official, tmp_path):
    dxf = tmp_path / "labels.dxf"
    _write_dxf(official, dxf, label_points=True)
    zi = read_zone_file(dxf, crs="EPSG:4549")
    polygons = [m for m in zi.matches if m.kind == "ring"]
    assert len(polygons) == len(official)
    assert all(m.city is not None and "lies inside" in m.why for m in polygons)
    _assert_areas(zi, _expected_4549(_dxf_frame(official)))


def test_geojson_and_kml_in_wgs84(official, tmp_path):
    lonlat = official.to_crs("EPSG:4326")
    geojson = tmp_path / "zones.geojson"
    pyogrio.write_dataframe(lonlat, geojson, driver="GeoJSON", RFC7946="YES")  # no "crs" member
    kml = tmp_path / "zones.kml"
    pyogrio.write_dataframe(lonlat.rename(columns={"名称": "Name"}), kml, driver="KML")
    geodesic = _expected_geodesic(official)
    unstated = read_zone_file(geojson)
    assert [f for f in unstated.findings if f.kind == "crs" and "gcj02" in f.message]
    assert not [f for f in read_zone_file(geojson, crs="wgs84").findings if f.kind == "crs"]
    for path in (geojson, kml):
        written = pyogrio.read_dataframe(path)  # the file's own coordinates
        name = "名称" if "名称" in written.columns else "Name"
        own = {c.name_zh: c.id for c in CITIES}
        expected = {own[n]: shapely.union_all(list(g.to_crs("EPSG:4549").geometry)).area / 1e6
                    for n, g in written.groupby(name)}
        zi = read_zone_file(path)
        _assert_areas(zi, expected, geodesic if path == geojson else None)
    kmz = tmp_path / "zones.kmz"
    with zipfile.ZipFile(kmz, "w") as z:
        z.write(kml, "doc.kml")
    assert read_zone_file(kmz).areas == read_zone_file(kml).areas


def test_zipped_gbk_shapefile(official, tmp_path):
    shp = tmp_path / "官方.shp"
    _write_gbk_shapefile(official, shp)
    archive = tmp_path / "官方.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for suffix in (".shp", ".shx", ".dbf", ".prj"):
            z.write(shp.with_suffix(suffix), f"边界/官方{suffix}")
    zi = read_zone_file(archive)
    assert zi.field == "名称"
    _assert_areas(zi, _expected_4549(official))


def test_geopackage_with_several_layers_needs_a_choice(official, tmp_path):
    gpkg = tmp_path / "many.gpkg"
    pyogrio.write_dataframe(official, gpkg, layer="三城边界")
    pyogrio.write_dataframe(official.iloc[:1], gpkg, layer="other")
    with pytest.raises(InputError, match="三城边界") as err:
        read_zone_file(gpkg)
    assert "--layer" in err.value.hint
    assert len(read_zone_file(gpkg, layer="三城边界").cities) == 3


# -------------------------------------------------------------------------------------------- the CRS
def test_file_without_crs_asks_for_one_and_names_the_planners_crs(official, tmp_path):
    shp = tmp_path / "noprj.shp"
    _write_gbk_shapefile(official, shp)
    shp.with_suffix(".prj").unlink()
    with pytest.raises(InputError) as err:
        read_zone_file(shp)
    assert "no CRS" in err.value.message and "EPSG:4549" in err.value.message
    assert "--crs EPSG:4549" in err.value.hint
    dxf = tmp_path / "z.dxf"
    _write_dxf(official, dxf)
    with pytest.raises(InputError, match="DXF drawings never carry one"):
        read_zone_file(dxf)


def test_wrong_crs_names_the_likely_one(official, tmp_path):
    shp = tmp_path / "wrong.shp"
    _write_gbk_shapefile(official, shp)
    with pytest.raises(InputError) as err:
        read_zone_file(shp, crs="EPSG:4548")
    assert "outside Qingdao" in err.value.message
    assert "EPSG:4549" in err.value.message and err.value.hint == "import again with --crs EPSG:4549"
    # a .prj that lies is caught the same way
    shp.with_suffix(".prj").write_text(_prj(4548))
    with pytest.raises(InputError, match="EPSG:4549"):
        read_zone_file(shp)


def test_zone_numbered_gauss_kruger_is_recognised(official, tmp_path):
    """Coordinates with the zone number in the false easting (40 500 000) → EPSG:4528 is named."""
    shift = np.array([40_000_000, 0])
    zoned = official.set_geometry(shapely.transform(official.geometry.values, lambda xy: xy + shift))
    shp = tmp_path / "zone40.shp"
    _write_gbk_shapefile(zoned, shp)
    shp.with_suffix(".prj").unlink()
    with pytest.raises(InputError) as err:
        read_zone_file(shp)
    assert "EPSG:4528" in err.value.message
    _assert_areas(read_zone_file(shp, crs="EPSG:4528"), _expected_4549(official))


def test_xian_1980_datum_is_imported_with_a_warning(official, tmp_path):
    shp = tmp_path / "xian80.shp"
    _write_gbk_shapefile(official, shp)
    shp.with_suffix(".prj").write_text(_prj(2385))  # Xian 1980 / 3-degree GK CM 120E
    zi = read_zone_file(shp)
    assert [f for f in zi.findings if f.kind == "crs" and "Xian 1980" in f.message and "CGCS2000" in f.message]
    assert not [f for f in read_zone_file(shp, crs="EPSG:4549").findings if f.kind == "crs"]


def _prj(epsg: int) -> str:
    from pyproj import CRS

    return CRS.from_epsg(epsg).to_wkt("WKT1_ESRI")


# ------------------------------------------------------------------------------------------- matching
def test_extra_unmatched_feature_is_listed_not_dropped(official, tmp_path):
    extra = official.iloc[:1].copy()
    extra["名称"] = "其他片区"
    extra = extra.set_geometry(extra.geometry.translate(20_000, 0))
    frame = gpd.GeoDataFrame([*official.to_dict("records"), *extra.to_dict("records")], crs=official.crs)
    shp = tmp_path / "extra.shp"
    _write_gbk_shapefile(frame, shp)
    zi = read_zone_file(shp)
    assert [m.label for m in zi.unmatched] == ["其他片区"]
    assert zi.unmatched[0].feature == len(frame)
    assert any(f.kind == "unmatched" and "其他片区" in f.message for f in zi.findings)
    _assert_areas(zi, _expected_4549(official))


def test_short_forms_and_mapping():
    assert city_for_label("海洋城")[0] == "ocean"
    assert city_for_label("青年科创城片区")[0] == "youth"
    assert city_for_label("DIGITAL")[0] == "digital"
    assert city_for_label("城")[0] is None
    assert city_for_label("海洋科技城、青年科创城")[0] is None
    assert city_for_label("A区", {"A区": "youth"}) == ("youth", "mapping 'A区' → youth")
    assert parse_mapping("海洋科技城=ocean，B=digital") == {"海洋科技城": "ocean", "B": "digital"}
    with pytest.raises(InputError, match="unknown city id"):
        parse_mapping("A=harbour")


def test_field_and_mapping_for_codes(official, tmp_path):
    frame = official.assign(代码=["Z1", "Z2", "Z3", "Z3"][: len(official)])
    gpkg = tmp_path / "codes.gpkg"
    pyogrio.write_dataframe(frame.drop(columns="名称"), gpkg)
    mapping = {"Z1": "ocean", "Z2": "youth", "Z3": "digital"}
    zi = read_zone_file(gpkg, field="代码", mapping=mapping)
    _assert_areas(zi, _expected_4549(official))
    with pytest.raises(InputError, match="no field"):
        read_zone_file(gpkg, field="名字")


def test_overlap_is_reported_with_its_area(official, tmp_path):
    moved = official.copy()
    youth = moved["名称"] == "青年科创城"
    moved.loc[youth, "geometry"] = moved.loc[youth, "geometry"].buffer(200)
    gpkg = tmp_path / "overlap.gpkg"
    pyogrio.write_dataframe(moved, gpkg)
    zi = read_zone_file(gpkg)
    overlaps = [f for f in zi.findings if f.kind == "overlap"]
    expected = sum(moved.loc[youth].geometry.iloc[0].intersection(g).area for g in moved.loc[~youth].geometry) / 1e6
    assert expected > 0.01 and len(overlaps) >= 1
    reported = sum(float(f.message.split("overlap by ")[1].split(" ")[0]) for f in overlaps)
    assert reported == pytest.approx(expected, abs=2e-4)


# ---------------------------------------------------------------------------------------------- apply
def test_apply_keeps_previous_cities_and_sets_provenance(official, tmp_path):
    shp = tmp_path / "official.shp"
    _write_gbk_shapefile(official, shp)
    base = Project.bundled()
    before = base.cities.geometry.copy()
    zi = read_zone_file(shp)
    new = apply_zone_import(base, zi, official=True)
    assert base.cities.geometry.equals(before)  # pure: the old project is untouched
    assert new.layers[PREVIOUS_CITIES].geometry.equals(before)
    assert set(new.cities["source"]) == {"official.shp"}
    assert set(new.cities["method"]) == {"imported"}
    assert set(new.cities["location_quality"]) == {"official"}
    assert set(apply_zone_import(base, zi, official=False).cities["location_quality"]) == {"user-supplied"}
    union = shapely.union_all(list(new.cities.geometry))
    assert shapely.symmetric_difference(new.corridor, union).area < 1e-12
    tr = Transformer.from_crs("EPSG:4326", "EPSG:4549", always_xy=True)
    corridor_m = shapely.transform(new.corridor, lambda xy: np.column_stack(tr.transform(xy[:, 0], xy[:, 1])))
    assert corridor_m.area / 1e6 == pytest.approx(shapely.union_all(list(official.geometry)).area / 1e6, rel=REL)


# ------------------------------------------------------------------------------------------------ CLI
def test_cli_import_then_areas_check_ratio_and_html(official, tmp_path, capsys):
    shp = tmp_path / "official.shp"
    _write_gbk_shapefile(official, shp)
    out = tmp_path / "project.gpkg"
    assert main(["import-zones", str(shp), "--out", str(out), "--official"]) == 0
    text = capsys.readouterr().out
    assert "海洋科技城" in text and "official.shp" in text and "190.71" in text
    assert main(["areas", "--project", str(out), "--json"]) == 0
    areas = {z["id"]: z for z in json.loads(capsys.readouterr().out)["zones"]}
    for cid, expected in _expected_4549(official).items():
        assert areas[cid]["area_km2"] == pytest.approx(expected, abs=1e-4)  # the table rounds to 4 decimals
    assert areas["corridor"]["area_km2"] == pytest.approx(
        shapely.union_all(list(official.geometry)).area / 1e6, abs=1e-4)
    # check runs; the official areas differ from the plan, which check reports (exit 1) — nothing else
    code = main(["check", "--project", str(out), "--json"])
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert code == (1 if findings else 0)
    assert all("differs from plan" in f["message"] for f in findings)
    project = Project.load(out)
    assert PREVIOUS_CITIES in project.layers and len(project.layers[PREVIOUS_CITIES]) == 3
    # the ratio on the imported boundaries equals an independent point-in-polygon count
    sample = tmp_path / "pts.csv"
    rng = np.random.default_rng(7)
    minx, miny, maxx, maxy = project.corridor.bounds
    lon, lat = rng.uniform(minx - 0.05, maxx + 0.05, 400), rng.uniform(miny - 0.05, maxy + 0.05, 400)
    sample.write_text("name,lon,lat,category\n" + "".join(
        f"p{i},{x:.7f},{y:.7f},key_lab\n" for i, (x, y) in enumerate(zip(lon, lat, strict=True))), encoding="utf-8")
    assert main(["ratio", str(sample), "--project", str(out), "--json"]) == 0
    ratio = json.loads(capsys.readouterr().out)
    tr = Transformer.from_crs("EPSG:4326", "EPSG:4549", always_xy=True)
    px, py = tr.transform(lon, lat)
    official_union = shapely.union_all(list(official.geometry))
    assert ratio["corridor"]["inside"] == int(shapely.intersects_xy(official_union, px, py).sum())
    html = tmp_path / "map.html"
    assert main(["export-html", str(html), "--project", str(out), "--points", str(sample)]) == 0
    assert html.stat().st_size > 10_000


def test_cli_json_and_bad_input(official, tmp_path, capsys):
    shp = tmp_path / "o.shp"
    _write_gbk_shapefile(official, shp)
    out = tmp_path / "p.gpkg"
    assert main(["import-zones", str(shp), "--out", str(out), "--json", "--map", "海洋科技城=ocean"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["import"]["field"] == "名称" and doc["out"] == str(out)
    assert {z["id"] for z in doc["areas"]} >= {"corridor", *CITY_IDS}
    assert main(["import-zones", str(shp), "--out", str(out), "--crs", "EPSG:4548"]) == 2
    assert "EPSG:4549" in capsys.readouterr().err
    assert main(["import-zones", str(tmp_path / "missing.shp"), "--out", str(out)]) == 2
    assert main(["import-zones", str(shp), "--out", str(out), "--map", "x"]) == 2
    codes = tmp_path / "codes.gpkg"
    pyogrio.write_dataframe(official.drop(columns="名称"), codes)
    assert main(["import-zones", str(codes), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "no feature names" in err and "编号" in err and "--map" in err
    assert Project.load(out).cities["source"].tolist() == ["o.shp"] * 3  # a failed import changed nothing


# ------------------------------------------------------------------------------ more of what CAD/GIS write
def test_dxf_written_by_gdal_hatches_and_utf8_under_a_1252_header(official, tmp_path):
    """GDAL's DXF writer makes HATCH entities and writes UTF-8 text under a header declaring ANSI_1252."""
    dxf = tmp_path / "gdal.dxf"
    pyogrio.write_dataframe(official.rename(columns={"名称": "Layer"})[["Layer", "geometry"]], dxf, driver="DXF")
    assert b"HATCH" in dxf.read_bytes() and b"ANSI_1252" in dxf.read_bytes()
    zi = read_zone_file(dxf, crs="EPSG:4549")
    assert any("UTF-8" in f.message for f in zi.findings if f.kind == "encoding")
    assert {m.kind for m in zi.matches} == {"polygon"}
    _assert_areas(zi, _expected_4549(official))


def test_boundary_drawn_as_open_segments_is_polygonized(official, tmp_path):
    """A city outlined by several open lines on its layer still becomes its polygon."""
    youth = official[official["名称"] == "青年科创城"].geometry.iloc[0]
    coords = shapely.get_coordinates(youth.exterior)
    half = len(coords) // 2
    lines = [shapely.LineString(coords[: half + 1]), shapely.LineString(coords[half:])]
    frame = gpd.GeoDataFrame({"名称": ["青年科创城"] * 2}, geometry=lines, crs="EPSG:4549")
    gpkg = tmp_path / "lines.gpkg"
    pyogrio.write_dataframe(frame, gpkg)
    zi = read_zone_file(gpkg)
    assert list(zi.cities) == ["youth"]
    assert zi.areas[0].area_km2 == pytest.approx(youth.area / 1e6, rel=REL)
    assert any("formed from 2 open line(s)" in f.message for f in zi.findings)


def test_invalid_polygon_is_repaired_and_reported(official, tmp_path):
    youth = official[official["名称"] == "青年科创城"].geometry.iloc[0]
    x0, y0, x1, y1 = youth.bounds
    bowtie = shapely.Polygon([(x0, y0), (x1, y1), (x1, y0), (x0, y1)])  # self-intersecting: two triangles
    frame = gpd.GeoDataFrame({"名称": ["青年科创城"]}, geometry=[bowtie], crs="EPSG:4549")
    gpkg = tmp_path / "bowtie.gpkg"
    pyogrio.write_dataframe(frame, gpkg)
    zi = read_zone_file(gpkg)
    assert any(f.kind == "validity" and "Self-intersection" in f.message for f in zi.findings)
    assert zi.cities["youth"].is_valid
    assert zi.areas[0].area_km2 == pytest.approx(shapely.make_valid(bowtie).area / 1e6, rel=REL)


def test_missing_city_keeps_its_previous_boundary_and_says_so(official, tmp_path):
    gpkg = tmp_path / "two.gpkg"
    pyogrio.write_dataframe(official[official["名称"] != "青年科创城"], gpkg)
    zi = read_zone_file(gpkg)
    assert zi.missing_cities == ["youth"]
    assert any(f.kind == "missing" and f.subject == "youth" for f in zi.findings)
    base = Project.bundled()
    new = apply_zone_import(base, zi, official=True)
    youth = new.cities.set_index("id").loc["youth"]
    assert youth.geometry.equals(base.cities.set_index("id").loc["youth"].geometry)
    assert youth["method"] != "imported"
    assert new.layers["corridor"]["location_quality"].iloc[0] == "mixed"


def test_picking_cities_by_hand(official, tmp_path):
    gpkg = tmp_path / "codes.gpkg"
    pyogrio.write_dataframe(official.drop(columns="名称"), gpkg)  # 编号 like "ocean-1": names no city exactly
    zi = read_zone_file(gpkg)
    assert not zi.cities and len(zi.unmatched) == len(official)
    picks = {i + 1: c for i, c in enumerate(["ocean", "youth", "digital", "digital"])}
    picked = reassign(zi, picks)
    assert all(m.why == "picked by the user" for m in picked.matches)
    _assert_areas(picked, _expected_4549(official))
    assert zi.features is not None and len(zi.features) == len(official)


def test_geojson_with_a_crs_member_in_projected_metres(official, tmp_path):
    geojson = tmp_path / "gk.geojson"
    pyogrio.write_dataframe(official, geojson, driver="GeoJSON", RFC7946="NO")
    assert b'"crs"' in geojson.read_bytes()
    zi = read_zone_file(geojson)
    assert "EPSG:4549" in zi.crs_used and not any(f.kind == "crs" for f in zi.findings)
    _assert_areas(zi, _expected_4549(official))


def test_cli_base_project_is_kept_and_old_output_backed_up(official, tmp_path, capsys):
    shp = tmp_path / "o.shp"
    _write_gbk_shapefile(official, shp)
    base = tmp_path / "base.gpkg"
    Project.bundled().save(base)
    before = base.read_bytes()
    out = tmp_path / "out.gpkg"
    assert main(["import-zones", str(shp), "--out", str(out), "--base", str(base)]) == 0
    assert main(["import-zones", str(shp), "--out", str(out), "--base", str(base)]) == 0
    assert "kept as .bak" in capsys.readouterr().out
    assert base.read_bytes() == before
    assert out.with_name("out.gpkg.bak").exists()
    assert set(Project.load(out).cities["location_quality"]) == {"user-supplied"}
