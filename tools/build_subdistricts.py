"""Build data/subdistricts.gpkg: Qingdao's 135 街道/镇 (OSM admin_level 8) as a small bundled layer.

Source: ../shared/data/qingdao_admin_osm.geojson, an OpenStreetMap extract (about 2023), licence ODbL 1.0,
© OpenStreetMap contributors. Everything derived from it stays under ODbL and carries the attribution in
its ``source``/``licence`` attributes. Run once:

    .venv/bin/python tools/build_subdistricts.py [SOURCE.geojson]

What it does, and why it stays faithful:
* keeps the admin_level 8 features with ``name_zh`` (OSM ``name`` where ``name:zh`` is empty), ``osm_id``,
  ``wikidata`` and ``division_code`` (OSM has it for only some 街道; never invented);
* ``district`` = the admin_level 6 district holding the largest part of the 街道 (EPSG:4549 areas);
* keeps OSM's vertices as they are (no simplification: see ``build``), so shared borders stay shared.
"""

from __future__ import annotations

import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import shapely

ROOT = Path(__file__).resolve().parent.parent
SOURCE = Path("/work/shared/data/qingdao_admin_osm.geojson")
OUT = ROOT / "data" / "subdistricts.gpkg"
LAYER = "subdistricts"
SOURCE_TEXT = "OpenStreetMap"
LICENCE = "ODbL 1.0, © OpenStreetMap contributors"


def _multipolygon(geom: shapely.Geometry) -> shapely.MultiPolygon:
    """The polygonal parts of a (repaired) geometry as one MultiPolygon."""
    geom = geom if geom.is_valid else shapely.make_valid(geom)
    polys = [p for part in shapely.get_parts(geom) for p in shapely.get_parts(part)
             if p.geom_type == "Polygon" and not p.is_empty]
    return shapely.MultiPolygon(polys)


def build(source: Path = SOURCE, out: Path = OUT) -> gpd.GeoDataFrame:
    admin = gpd.read_file(source)
    level = admin["admin_level"].astype(int)
    streets = admin[level == 8].reset_index(drop=True)
    districts = admin[level == 6].reset_index(drop=True)
    m_streets = streets.to_crs("EPSG:4549")
    m_districts = districts.to_crs("EPSG:4549")
    names = streets["name_zh"].where(streets["name_zh"].notna() & (streets["name_zh"] != ""), streets["name"])
    district = []
    for geom in m_streets.geometry:
        shares = shapely.area(shapely.intersection(m_districts.geometry.values, geom))
        district.append(str(m_districts["name_zh"].iloc[int(np.argmax(shares))]))
    assert shapely.coverage_is_valid(m_streets.geometry.values), "source 街道 overlap: not a coverage"
    # not simplified: OSM's 街道 are already generalised; coverage_simplify at 3-8 m saved only 7-15 % of the
    # vertices while moving borders by up to 28 m (measured), so the layer keeps OSM's own vertices
    lonlat = [_multipolygon(g) for g in streets.geometry.values]
    assert shapely.coverage_is_valid(np.array(lonlat, dtype=object)), "output 街道 overlap"
    layer = gpd.GeoDataFrame({
        "name_zh": names.astype(str),
        "district": district,
        "division_code": streets["division_code"].astype("string"),
        "osm_id": streets["osm_id"].astype("int64"),
        "wikidata": streets["wikidata"].astype("string"),
        "source": SOURCE_TEXT,
        "licence": LICENCE,
        "method": "OSM admin_level 8 (extract about 2023), vertices as in OSM",
    }, geometry=lonlat, crs="EPSG:4326")
    out.unlink(missing_ok=True)
    pyogrio.write_dataframe(layer, out, layer=LAYER, driver="GPKG")
    print(f"wrote {out} ({out.stat().st_size / 1e3:.0f} kB): {len(layer)} 街道, "
          f"{shapely.get_num_coordinates(layer.geometry.values).sum()} vertices, "
          f"names unique: {layer['name_zh'].is_unique}")
    return layer


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE)
