"""Probing where things land on a bare map canvas (tile and GeoTIFF basemap tests): point the view at a place,
ask where a WGS84 point projects, and a blue vector ring at the marked place to measure against."""

from __future__ import annotations

import geopandas as gpd
from PyQt6.QtCore import QPointF
from shapely.geometry import Point

from corridor_gis.app.canvas import MapCanvas
from corridor_gis.app.geometry import lonlat_to_scene
from corridor_gis.app.layers import CanvasLayer
from corridor_gis.styles import LayerStyle
from tests.marked_tiles import MARK


def look_at(canvas: MapCanvas, lon: float, lat: float, metres_per_px: float) -> None:
    """Centre the view on (lon, lat) at ``metres_per_px``."""
    x, y = lonlat_to_scene([lon], [lat])
    canvas.resetTransform()
    canvas.scale(1 / metres_per_px, 1 / metres_per_px)
    canvas.centerOn(QPointF(float(x[0]), float(y[0])))


def projected(canvas: MapCanvas, lon: float, lat: float) -> tuple[float, float]:
    """Where the vector layers put a WGS84 point, in device pixels (pixel (i, j) covers [i, i+1))."""
    x, y = lonlat_to_scene([lon], [lat])
    p = canvas.viewportTransform().map(QPointF(float(x[0]), float(y[0])))
    return p.x() - 0.5, p.y() - 0.5


def marker_layer() -> CanvasLayer:
    """The marked place as a vector point layer: a blue ring centred on it."""
    gdf = gpd.GeoDataFrame({"id": ["mark"]}, geometry=[Point(*MARK)], crs="EPSG:4326")
    return CanvasLayer("mark", "mark", gdf, LayerStyle(title_zh="mark", title_en="mark", fill=None,
                                                       stroke="#0000ff", width=2, point_size=40))
