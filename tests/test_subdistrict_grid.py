"""The shipped 街道 lookup grid: built from the bundled layer, and the grid-accelerated 街道 of a point is
exactly the one found by testing every point (shared borders and vertices included)."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from corridor_gis import subdistricts
from corridor_gis.subdistrict_grid import BORDER, OUTSIDE, build_grid, file_digest, load_grid, save_grid


def test_the_shipped_grid_belongs_to_the_shipped_layer() -> None:
    # a stale grid would be ignored (correct but slow): the bundled one must match the bundled layer
    assert subdistricts._grid() is not None


@pytest.mark.slow
def test_rebuilding_the_grid_gives_the_shipped_one() -> None:
    rebuilt = build_grid(subdistricts._layer().geometry.values)
    shipped = subdistricts._grid()
    assert (rebuilt.x0, rebuilt.y0, rebuilt.cell) == (shipped.x0, shipped.y0, shipped.cell)
    np.testing.assert_array_equal(rebuilt.labels, shipped.labels)


def test_grid_lookup_equals_testing_every_point() -> None:
    polygons = subdistricts._layer().geometry.values
    rng = np.random.default_rng(5)
    minx, miny, maxx, maxy = shapely.total_bounds(polygons)
    lon = rng.uniform(minx - 0.02, maxx + 0.02, 300_000)
    lat = rng.uniform(miny - 0.02, maxy + 0.02, 300_000)
    # every vertex of every 街道: points on shared borders, where the first 街道 in layer order wins
    v = shapely.get_coordinates(polygons)
    lon, lat = np.concatenate([lon, v[:, 0], [np.nan]]), np.concatenate([lat, v[:, 1], [np.nan]])
    expected = subdistricts._sweep_index(lon, lat)
    got = subdistricts.subdistrict_index(lon, lat)
    assert (got >= 0).sum() > 100_000 and len(set(got[got >= 0].tolist())) > 100
    np.testing.assert_array_equal(got, expected)


def test_toy_grid_labels_and_a_stale_file(tmp_path) -> None:
    left, right = shapely.box(0, 0, 0.05, 0.05), shapely.box(0.05, 0, 0.1, 0.05)
    grid = build_grid(np.array([left, right]), cell=0.01)
    # inside one square, on the shared border, in a cell the outline crosses, off the grid, not a number
    labels = grid.lookup(np.array([0.025, 0.075, 0.05, 0.005, 0.3, np.nan]),
                         np.array([0.025, 0.025, 0.025, 0.025, 0.0, 0.0]))
    assert labels.tolist() == [0, 1, BORDER, BORDER, OUTSIDE, OUTSIDE]
    path = tmp_path / "grid.npz"
    save_grid(grid, path, "abc")
    assert load_grid(path, "abc") is not None
    assert load_grid(path, "another layer") is None  # never used for a layer it was not built from
    assert load_grid(tmp_path / "missing.npz", "abc") is None
    assert file_digest(path) != file_digest(subdistricts.subdistricts_path())
