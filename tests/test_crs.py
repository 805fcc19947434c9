"""GCJ-02 / BD-09 / EPSG transforms: round trips < 0.5 m, agreement with two independent libraries."""

from __future__ import annotations

import eviltransform
import numpy as np
import prcoords
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyproj import Geod

from corridor_gis import crs
from corridor_gis.plan import QINGDAO_BBOX

QINGDAO_LON = (QINGDAO_BBOX[0], QINGDAO_BBOX[2])
QINGDAO_LAT = (QINGDAO_BBOX[1], QINGDAO_BBOX[3])

GEOD = Geod(ellps="WGS84")
lons = st.floats(*QINGDAO_LON, allow_nan=False)
lats = st.floats(*QINGDAO_LAT, allow_nan=False)


def metres(lon1, lat1, lon2, lat2) -> np.ndarray:
    return np.asarray(GEOD.inv(lon1, lat1, lon2, lat2)[2])


@settings(max_examples=300, deadline=None)
@given(lons, lats)
def test_gcj02_round_trip_under_half_a_metre(lon, lat):
    glon, glat = crs.gcj02_from_wgs84(lon, lat)
    back_lon, back_lat = crs.wgs84_from_gcj02(glon, glat)
    assert metres(lon, lat, back_lon, back_lat) < 0.5


@settings(max_examples=300, deadline=None)
@given(lons, lats)
def test_bd09_round_trip_under_half_a_metre(lon, lat):
    blon, blat = crs.bd09_from_wgs84(lon, lat)
    back_lon, back_lat = crs.wgs84_from_bd09(blon, blat)
    assert metres(lon, lat, back_lon, back_lat) < 0.5


def test_gcj02_offset_is_hundreds_of_metres_in_qingdao():
    """The offset that moves firms across a border: if this were ~0, the transform would be missing."""
    lon, lat = 120.45, 36.15
    off = metres(lon, lat, *crs.gcj02_from_wgs84(lon, lat))
    assert 200 < off < 800


def _grid(n=40):
    rng = np.random.default_rng(7)
    return rng.uniform(*QINGDAO_LON, n), rng.uniform(*QINGDAO_LAT, n)


def test_forward_matches_eviltransform_and_prcoords():
    lon, lat = _grid()
    glon, glat = crs.gcj02_from_wgs84(lon, lat)
    for i in range(len(lon)):
        e_lat, e_lon = eviltransform.wgs2gcj(lat[i], lon[i])
        p = prcoords.wgs_gcj(prcoords.Coords(lat[i], lon[i]))
        assert metres(glon[i], glat[i], e_lon, e_lat) < 0.01
        assert metres(glon[i], glat[i], p.lon, p.lat) < 0.01
        b = prcoords.wgs_bd(prcoords.Coords(lat[i], lon[i]))
        blon, blat = crs.bd09_from_wgs84(lon[i], lat[i])
        assert metres(blon, blat, b.lon, b.lat) < 0.01


def test_inverse_matches_prcoords_and_eviltransform():
    """prcoords' iterative inverse agrees to a centimetre; eviltransform's 'exact' stops at ~0.1 m."""
    lon, lat = _grid()
    wlon, wlat = crs.wgs84_from_gcj02(lon, lat)
    blon, blat = crs.wgs84_from_bd09(lon, lat)
    for i in range(len(lon)):
        p = prcoords.gcj_wgs_bored(prcoords.Coords(lat[i], lon[i]))
        assert metres(wlon[i], wlat[i], p.lon, p.lat) < 0.01
        e_lat, e_lon = eviltransform.gcj2wgs_exact(lat[i], lon[i])
        assert metres(wlon[i], wlat[i], e_lon, e_lat) < 0.5
        b = prcoords.bd_wgs_bored(prcoords.Coords(lat[i], lon[i]))
        assert metres(blon[i], blat[i], b.lon, b.lat) < 0.05  # prcoords stops at ~2 cm


def test_identity_outside_china():
    lon, lat = np.array([2.35, -74.0]), np.array([48.85, 40.7])  # Paris, New York
    assert np.array_equal(crs.gcj02_from_wgs84(lon, lat)[0], lon)
    assert np.allclose(crs.wgs84_from_gcj02(lon, lat)[1], lat)


def test_vectorised_with_nan_rows():
    lon = np.array([120.4, np.nan, 120.6])
    lat = np.array([36.1, 36.2, np.nan])
    out_lon, out_lat = crs.wgs84_from_gcj02(lon, lat)
    assert np.isfinite(out_lon[0]) and np.isnan(out_lon[1]) and np.isnan(out_lat[2])


@pytest.mark.parametrize(("text", "name"), [
    ("WGS84", "wgs84"), ("epsg:4326", "wgs84"), ("GCJ-02", "gcj02"), ("bd09", "bd09"),
    ("4490", "cgcs2000"), ("EPSG:4549", "EPSG:4549"), (32651, "EPSG:32651"),
])
def test_parse_crs(text, name):
    assert crs.parse_crs(text).name == name


@pytest.mark.parametrize("bad", ["mars2", "EPSG:999999", ""])
def test_parse_crs_rejects_unknown(bad):
    with pytest.raises(ValueError, match="CRS"):
        crs.parse_crs(bad)


def test_projected_epsg_round_trip():
    lon, lat = np.array([120.45]), np.array([36.15])
    x, y = crs.from_wgs84(lon, lat, "EPSG:4549")
    assert 500_000 < x[0] < 600_000 and 3_990_000 < y[0] < 4_010_000  # CM 120E, false easting 500 km
    back = crs.to_wgs84(x, y, "EPSG:4549")
    assert metres(lon, lat, *back) < 1e-3


@pytest.mark.parametrize("name", ["wgs84", "cgcs2000", "gcj02", "bd09", "EPSG:4549", "EPSG:32651"])
def test_every_named_crs_round_trips(name):
    lon, lat = _grid(200)
    x, y = crs.from_wgs84(lon, lat, name)
    back_lon, back_lat = crs.to_wgs84(x, y, name)
    assert metres(lon, lat, back_lon, back_lat).max() < 0.5


@pytest.mark.parametrize("pair", sorted(crs.PINNED_PIPELINES))
def test_pinned_pipelines_are_the_ones_proj_chooses(pair):
    """The pinned WGS84 <-> EPSG:4549 pipelines are PROJ's own choice, so areas and positions stay identical
    to a transformer built from the EPSG codes (a PROJ that chose otherwise makes this fail)."""
    from pyproj import Transformer

    chosen = Transformer.from_crs(*pair, always_xy=True)
    assert chosen.definition == crs.PINNED_PIPELINES[pair]
    rng = np.random.default_rng(4549)
    if pair[0].endswith("4326"):
        x, y = rng.uniform(119.5, 121.1, 10_000), rng.uniform(35.5, 37.2, 10_000)
    else:
        x, y = rng.uniform(330_000, 610_000, 10_000), rng.uniform(3_930_000, 4_120_000, 10_000)
    ours = crs.transformer(*pair).transform(x, y)
    theirs = chosen.transform(x, y)
    assert np.array_equal(ours[0], theirs[0]) and np.array_equal(ours[1], theirs[1])
