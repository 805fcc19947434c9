"""The grid shortcuts must give exactly the answer of testing every point with shapely: a point on a
border, a vertex or an edge counts the same either way (the headline's closed-polygon rule)."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from corridor_gis.model import Project
from corridor_gis.spatial_index import PointIndex, grid_membership, stable_cell_order


def _points_with_border_cases(geom: shapely.Geometry, n: int = 200_000, seed: int = 7):
    """Random points over the bbox plus every vertex and every edge midpoint of ``geom``."""
    rng = np.random.default_rng(seed)
    minx, miny, maxx, maxy = geom.bounds
    lon = rng.uniform(minx - 0.05, maxx + 0.05, n)
    lat = rng.uniform(miny - 0.05, maxy + 0.05, n)
    v = shapely.get_coordinates(geom)
    return (np.concatenate([lon, v[:, 0], (v[:-1, 0] + v[1:, 0]) / 2]),
            np.concatenate([lat, v[:, 1], (v[:-1, 1] + v[1:, 1]) / 2]))


@pytest.mark.parametrize("closed", [True, False])
@pytest.mark.parametrize("zone", ["corridor", "digital"])
def test_grid_membership_equals_shapely_on_every_point(closed: bool, zone: str) -> None:
    project = Project.bundled()
    geom = project.corridor if zone == "corridor" else \
        project.cities.set_index("id").geometry[zone]
    lon, lat = _points_with_border_cases(geom)
    exact = (shapely.intersects_xy if closed else shapely.contains_xy)(geom, lon, lat)
    got = grid_membership(geom, lon, lat, closed=closed)
    assert got.sum() > 1000 and (~got).sum() > 1000
    np.testing.assert_array_equal(got, exact)


def test_grid_membership_matches_the_point_index() -> None:
    geom = Project.bundled().corridor
    lon, lat = _points_with_border_cases(geom, 50_000, seed=11)
    index = PointIndex(lon, lat, np.zeros(len(lon), dtype=np.int64), 1)
    np.testing.assert_array_equal(grid_membership(geom, lon, lat), index.membership(geom))


def test_grid_membership_of_nothing() -> None:
    geom = Project.bundled().corridor
    assert not grid_membership(geom, np.array([0.0, np.nan]), np.array([0.0, np.nan])).any()
    assert grid_membership(shapely.Polygon(), np.array([120.4]), np.array([36.2])).tolist() == [False]



@pytest.mark.parametrize("n_cells", [1, 300, 1 << 16, (1 << 16) + 1, 302_000, 1 << 32])
def test_cell_order_is_numpys_stable_argsort(n_cells):
    """The radix cell order is the permutation a stable sort gives (ties keep their row order)."""
    rng = np.random.default_rng(n_cells % 1000)
    cells = rng.integers(0, n_cells, 50_000).astype(np.int64)
    cells[:100] = n_cells - 1  # the widest cell number, and many ties
    assert np.array_equal(stable_cell_order(cells, n_cells), np.argsort(cells, kind="stable"))
