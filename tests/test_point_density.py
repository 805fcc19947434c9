"""The density raster: each pixel takes the colour of a point in it and an opacity that grows with the
count; on web mercator its corners put every point in its own pixel."""

from __future__ import annotations

import numpy as np

from corridor_gis.crs import transformer
from corridor_gis.point_density import ALPHA_BY_COUNT, density_image, density_rgba


def test_colour_and_opacity_by_count():
    ix = np.array([0, 2, 2, 2, 1])
    iy = np.array([0, 1, 1, 1, 1])
    codes = np.array([0, 1, 1, 1, 0])
    rgba = density_rgba(ix, iy, codes, ["#ff0000", "#00ff00"], 3, 2)
    assert tuple(rgba[0, 0]) == (255, 0, 0, min(255, int(ALPHA_BY_COUNT[1])))
    assert tuple(rgba[1, 2]) == (0, 255, 0, min(255, int(ALPHA_BY_COUNT[3])))
    assert rgba[1, 2, 3] > rgba[0, 0, 3]  # three points more opaque than one
    assert rgba[0, 1, 3] == 0 and rgba[0, 2, 3] == 0  # empty pixels are transparent


def test_each_point_lands_in_its_pixel_on_web_mercator():
    rng = np.random.default_rng(3)
    lon, lat = rng.uniform(120.2, 120.8, 2000), rng.uniform(36.0, 36.5, 2000)
    lon[0], lat[0] = 120.5, 36.25
    image = density_image(lon, lat, np.zeros(2000, dtype=np.int64), ["#0000ff"], max_side=512)
    h, w = image.rgba.shape[:2]
    assert max(h, w) <= 512
    to_merc = transformer("EPSG:4326", "EPSG:3857")
    (s, west), (n, e) = image.south_west, image.north_east
    x0, y0 = to_merc.transform(west, s)
    x1, y1 = to_merc.transform(e, n)
    x, y = to_merc.transform(lon[0], lat[0])
    col, row = int((x - x0) / (x1 - x0) * w), int((y1 - y) / (y1 - y0) * h)
    assert image.rgba[row, col, 3] > 0 and tuple(image.rgba[row, col, :3]) == (0, 0, 255)
    assert (image.rgba[..., 3] > 0).sum() <= 2000
