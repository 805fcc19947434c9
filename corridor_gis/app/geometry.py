"""Lon/lat shapely geometry → Qt scene items. Scene units are EPSG:4549 metres with y flipped (Qt's y
grows downwards), so distances on screen are true metres and the scale bar needs no projection maths."""

from __future__ import annotations

import numpy as np
import shapely
from PyQt6.QtCore import QPointF
from PyQt6.QtGui import QPainterPath, QPolygonF

from ..crs import to_area_crs
from ..measure import project_to_area_crs


def lonlat_to_scene(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised lon/lat → scene x, y."""
    x, y = to_area_crs(lon, lat)
    return np.asarray(x), -np.asarray(y)


def _ring_polygon(coords: np.ndarray) -> QPolygonF:
    """EPSG:4549 coordinates → a polygon in scene coordinates (y flipped), written straight into Qt's
    buffer (as pyqtgraph does): no Python object per vertex, so the 街道 basemap builds in milliseconds."""
    polygon = QPolygonF()
    polygon.resize(len(coords))
    if len(coords):
        buffer = polygon.data()
        buffer.setsize(len(coords) * 2 * np.dtype(np.float64).itemsize)
        xy = np.frombuffer(buffer, dtype=np.float64).reshape(-1, 2)
        xy[:, 0] = coords[:, 0]
        xy[:, 1] = -coords[:, 1]
    return polygon


def geometry_path(geom: shapely.Geometry) -> QPainterPath:
    """A painter path in scene coordinates for any (multi)polygon or (multi)line."""
    path = QPainterPath()
    path.setFillRule(path.fillRule().OddEvenFill)
    if geom is None or geom.is_empty:
        return path
    projected = project_to_area_crs(geom)
    for part in shapely.get_parts(projected):
        if part.geom_type == "Polygon":
            for ring in [part.exterior, *part.interiors]:
                path.addPolygon(_ring_polygon(np.asarray(ring.coords)))
                path.closeSubpath()
        elif part.geom_type == "LineString":
            path.addPolygon(_ring_polygon(np.asarray(part.coords)[:, :2]))  # an open polyline: not closed
    return path


def label_anchor(geom: shapely.Geometry) -> QPointF:
    """Where a feature's label goes: a point guaranteed inside the polygon (or on the line)."""
    if geom.geom_type in ("LineString", "MultiLineString"):
        anchor = geom.interpolate(0.5, normalized=True)
    elif geom.geom_type == "Point":
        anchor = geom
    else:
        anchor = shapely.point_on_surface(max(shapely.get_parts(geom), key=lambda g: g.area))
    x, y = lonlat_to_scene([anchor.x], [anchor.y])
    return QPointF(float(x[0]), float(y[0]))
