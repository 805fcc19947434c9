"""Reference layers from a planner's files: placed in WGS84 from their own CRS, refused with the likely CRS
when they do not land on Qingdao."""

from __future__ import annotations

import geopandas as gpd
import pyogrio
import pytest
import shapely

from corridor_gis.errors import InputError
from corridor_gis.reference import read_reference


@pytest.fixture
def roads_4549(tmp_path):
    """Two roads in EPSG:4549 metres (CGCS2000 / 3-degree GK CM 120E), with Chinese names."""
    wgs = gpd.GeoDataFrame({"名称": ["滨海大道", "香港东路"]},
                           geometry=[shapely.LineString([(120.60, 36.30), (120.65, 36.35)]),
                                     shapely.LineString([(120.40, 36.06), (120.45, 36.07)])], crs="EPSG:4326")
    path = tmp_path / "道路.gpkg"
    pyogrio.write_dataframe(wgs.to_crs("EPSG:4549"), path, layer="roads")
    return path, wgs


def test_a_projected_file_comes_in_as_wgs84_with_provenance(roads_4549):
    path, wgs = roads_4549
    ref = read_reference(path)
    assert ref.name == "道路" and ref.source == "道路.gpkg" and "4549" in ref.crs_used
    assert ref.features["名称"].tolist() == ["滨海大道", "香港东路"]
    for got, want in zip(ref.features.geometry, wgs.geometry, strict=True):
        assert shapely.hausdorff_distance(got, want) < 1e-7  # ~1 cm


def test_a_file_without_crs_is_refused_naming_the_crs_that_fits(roads_4549, tmp_path):
    path, _ = roads_4549
    bare = gpd.read_file(path).set_crs(None, allow_override=True)
    no_crs = tmp_path / "no_crs.shp"
    bare.to_file(no_crs, encoding="utf-8")
    no_crs.with_suffix(".prj").unlink(missing_ok=True)
    with pytest.raises(InputError, match="EPSG:4549") as info:
        read_reference(no_crs)
    assert "no_crs.shp" in str(info.value)
    assert read_reference(no_crs, crs="EPSG:4549").features.geometry.iloc[0].length > 0
