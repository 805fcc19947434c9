"""Reusable scene items for map tools (like QgsRubberBand and QgsVertexMarker): kept in map coordinates,
drawn above every layer, with pen widths and marker sizes in screen pixels."""

from __future__ import annotations

import numpy as np
import shapely
from PyQt6.QtCore import QPointF, QRectF, Qt
from PyQt6.QtGui import QBrush, QColor, QPainterPath, QPen
from PyQt6.QtWidgets import QGraphicsEllipseItem, QGraphicsItem, QGraphicsPathItem

from .geometry import geometry_path, lonlat_to_scene

RUBBER_Z, MARKERS_Z, SNAP_Z = 19_000, 20_000, 21_000


class RubberBand(QGraphicsPathItem):
    """The outline (and a light fill) of geometries being edited: each geometry drawn on its own, so a
    border two cities share — and a vertex moved on it — stays visible."""

    def __init__(self, color: str = "#e74c3c") -> None:
        super().__init__()
        pen = QPen(QColor(color), 2, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        self.setPen(pen)
        fill = QColor(color)
        fill.setAlpha(40)
        self.setBrush(QBrush(fill))
        self.setZValue(RUBBER_Z)
        self.setVisible(False)

    def set_geometries(self, geoms: list[shapely.Geometry]) -> None:
        path = QPainterPath()
        for geom in geoms:
            path.addPath(geometry_path(geom))
        self.setPath(path)
        self.setVisible(bool(geoms))

    def reset(self) -> None:
        self.setPath(QPainterPath())
        self.setVisible(False)


class VertexMarkers(QGraphicsItem):
    """Small squares at a geometry's vertices, drawn in screen pixels; the current vertex highlighted."""

    def __init__(self) -> None:
        super().__init__()
        self.points = np.empty((0, 2))
        self.current: int | None = None
        self.setZValue(MARKERS_Z)
        self.setVisible(False)

    def set_geometry(self, geom: shapely.Geometry | None, current: int | None = None) -> None:
        self.prepareGeometryChange()
        if geom is None:
            self.points = np.empty((0, 2))
        else:
            c = shapely.get_coordinates(geom)
            x, y = lonlat_to_scene(c[:, 0], c[:, 1])
            self.points = np.column_stack([x, y])
        self.current = current
        self.setVisible(geom is not None)
        self.update()

    def boundingRect(self) -> QRectF:
        if not len(self.points):
            return QRectF()
        (x0, y0), (x1, y1) = self.points.min(axis=0), self.points.max(axis=0)
        return QRectF(x0, y0, x1 - x0, y1 - y0).adjusted(-5000, -5000, 5000, 5000)

    def paint(self, painter, option, widget=None) -> None:
        t = painter.worldTransform()
        painter.save()
        painter.resetTransform()
        painter.setPen(QPen(QColor("#c0392b"), 1))
        for i, (x, y) in enumerate(self.points):
            p = t.map(QPointF(x, y))
            size = 7 if i == self.current else 5
            painter.setBrush(QBrush(QColor("#c0392b" if i == self.current else "#ffffff")))
            painter.drawRect(QRectF(p.x() - size / 2, p.y() - size / 2, size, size))
        painter.restore()


class SnapMarker(QGraphicsEllipseItem):
    """A magenta circle where the cursor snaps (screen-sized)."""

    def __init__(self) -> None:
        super().__init__(-6, -6, 12, 12)
        self.setPen(QPen(QColor("#ff00ff"), 2))
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setZValue(SNAP_Z)
        self.setVisible(False)

    def show_at(self, lonlat: tuple[float, float] | None) -> None:
        if lonlat is None:
            self.setVisible(False)
            return
        x, y = lonlat_to_scene([lonlat[0]], [lonlat[1]])
        self.setPos(QPointF(float(x[0]), float(y[0])))
        self.setVisible(True)
