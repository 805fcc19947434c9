"""Coordinates read off a GeoPackage's WKB column: exactly shapely's, chunk by chunk, and ``None`` (the usual
reading) for anything that is not a plain little-endian 2D point."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest
import shapely

from corridor_gis.gpkg_points import _wkb_point_xy


def _wkb(points, **kwargs) -> list[bytes]:
    return list(shapely.to_wkb(points, **kwargs))


def test_chunked_points_read_as_shapely_reads_them() -> None:
    rng = np.random.default_rng(5)
    xy = rng.uniform([119.5, 35.5], [121.1, 37.2], (2_500, 2))
    wkb = _wkb(shapely.points(xy), byte_order=1)
    column = pa.chunked_array([pa.array(wkb[:1000], pa.binary()), pa.array([], pa.binary()),
                               pa.array(wkb[1000:], pa.binary())])
    x, y = _wkb_point_xy(column)
    assert np.array_equal(x, xy[:, 0]) and np.array_equal(y, xy[:, 1])
    lx, ly = _wkb_point_xy(pa.chunked_array([pa.array(wkb, pa.large_binary())]))
    assert np.array_equal(lx, xy[:, 0]) and np.array_equal(ly, xy[:, 1])
    sliced = pa.array(wkb, pa.binary()).slice(7, 100)  # an offset into the buffers
    sx, sy = _wkb_point_xy(sliced)
    assert np.array_equal(sx, xy[7:107, 0]) and np.array_equal(sy, xy[7:107, 1])


@pytest.mark.parametrize("case", ["big_endian", "3d", "null", "line", "empty_column"])
def test_anything_but_plain_points_is_left_to_the_usual_reading(case: str) -> None:
    points = shapely.points([[120.1, 36.1], [120.2, 36.2]])
    if case == "big_endian":
        values = _wkb(points, byte_order=0)
    elif case == "3d":
        values = _wkb(shapely.points([[120.1, 36.1, 5.0], [120.2, 36.2, 6.0]]), byte_order=1)
    elif case == "null":
        values = [*_wkb(points, byte_order=1), None]
    elif case == "line":
        values = [*_wkb(points, byte_order=1), shapely.to_wkb(shapely.linestrings([[0, 0], [1, 1]]))]
    else:
        values = []
    assert _wkb_point_xy(pa.chunked_array([pa.array(values, pa.binary())], pa.binary())) is None
