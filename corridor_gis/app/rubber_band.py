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
    """Small squares at a geometry's vertices, drawn in screen pixels; the current vertex highlighted.

    Painted on every step of a vertex drag, so the vertices are mapped to the screen in one numpy pass and
    only those on screen are drawn, the brush set once per colour (mapping, brush and rectangle for every
    one of a city's ~350 vertices cost ~2.5 ms a step). Each marker is filled and outlined before the next
    one covers it, as before (``drawRects`` would fill them all first, then outline them all)."""

    #: side of a marker and of the current vertex's marker, in screen pixels
    SIZE, CURRENT_SIZE = 5, 7

    def __init__(self) -> None:
        super().__init__()
        self.points = np.empty((0, 2))
        self.current: int | None = None
        self._bounds = QRectF()
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
        if len(self.points):
            (x0, y0), (x1, y1) = self.points.min(axis=0), self.points.max(axis=0)
            self._bounds = QRectF(x0, y0, x1 - x0, y1 - y0).adjusted(-5000, -5000, 5000, 5000)
        else:
            self._bounds = QRectF()
        self.setVisible(geom is not None)
        self.update()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(self, painter, option, widget=None) -> None:
        if not len(self.points):
            return
        t = painter.worldTransform()
        x = t.m11() * self.points[:, 0] + t.m21() * self.points[:, 1] + t.dx()
        y = t.m12() * self.points[:, 0] + t.m22() * self.points[:, 1] + t.dy()
        screen = QRectF(painter.viewport()).adjusted(-self.CURRENT_SIZE, -self.CURRENT_SIZE,
                                                     self.CURRENT_SIZE, self.CURRENT_SIZE)
        shown = np.flatnonzero((x >= screen.left()) & (x <= screen.right()) & (y >= screen.top())
                               & (y <= screen.bottom()))
        current = self.current if self.current is not None and 0 <= self.current < len(self.points) else None
        painter.save()
        painter.resetTransform()
        painter.setPen(QPen(QColor("#c0392b"), 1))
        # in vertex order, as each marker covers the ones before it: plain ones, the current one, plain ones
        before, after = (shown, shown[:0]) if current is None else (shown[shown < current], shown[shown > current])
        for run, size, colour in ((before, self.SIZE, "#ffffff"), ([current] if current is not None else [],
                                                                     self.CURRENT_SIZE, "#c0392b"),
                                  (after, self.SIZE, "#ffffff")):
            if len(run):
                painter.setBrush(QBrush(QColor(colour)))
                half = size / 2
                draw = painter.drawRect
                for left, top in zip((x[run] - half).tolist(), (y[run] - half).tolist(), strict=True):
                    draw(QRectF(left, top, size, size))
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
