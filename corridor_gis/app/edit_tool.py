"""The vertex tool (like QGIS's): click a city to select it and show its vertices; drag a vertex (shared
vertices move in every city that has them), Shift+drag inside to move the whole city, double-click an edge
to add a vertex, Del to delete the last picked vertex, Esc to cancel a drag. Snapping to other cities and
district borders, with a visible marker. While dragging only rubber bands move; the edit is committed as
one undo command on release (QgsVertexTool does the same)."""

from __future__ import annotations

import numpy as np
import shapely
from PyQt6.QtCore import QPointF, QRectF, Qt
from PyQt6.QtGui import QBrush, QColor, QCursor, QPen
from PyQt6.QtWidgets import QGraphicsEllipseItem, QGraphicsItem, QGraphicsPathItem

from .. import editing
from ..crs import to_wgs84
from ..model import safe_union
from .geometry import geometry_path, lonlat_to_scene
from .i18n import tr
from .tools import MapTool

TOLERANCE_PX = 10
METRES_PER_DEGREE = 100_000.0  # between 1° of lon (~90 km) and of lat (~111 km) at 36°N


class VertexMarkers(QGraphicsItem):
    """Small squares at a geometry's vertices, drawn in screen pixels."""

    def __init__(self) -> None:
        super().__init__()
        self.points = np.empty((0, 2))
        self.current: int | None = None
        self.setZValue(20_000)

    def set_geometry(self, geom: shapely.Geometry | None, current: int | None = None) -> None:
        self.prepareGeometryChange()
        if geom is None:
            self.points = np.empty((0, 2))
        else:
            c = editing.coords(geom)
            x, y = lonlat_to_scene(c[:, 0], c[:, 1])
            self.points = np.column_stack([x, y])
        self.current = current
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
        painter.setBrush(QBrush(QColor("#ffffff")))
        for i, (x, y) in enumerate(self.points):
            p = t.map(QPointF(x, y))
            size = 7 if i == self.current else 5
            if i == self.current:
                painter.setBrush(QBrush(QColor("#c0392b")))
            painter.drawRect(QRectF(p.x() - size / 2, p.y() - size / 2, size, size))
            if i == self.current:
                painter.setBrush(QBrush(QColor("#ffffff")))
        painter.restore()


class VertexTool(MapTool):
    """Edits the cities of the window's project through its :class:`EditController`."""

    name = "vertex"

    def __init__(self, canvas, window) -> None:
        super().__init__(canvas)
        self.window = window
        self.selected: str | None = None
        self.picked: int | None = None
        self.drag_refs: list[editing.VertexRef] | None = None
        self.move_start: tuple[float, float] | None = None
        self.origin: editing.Geoms | None = None
        self.pending: editing.Geoms | None = None
        self.markers = VertexMarkers()
        self.rubber = QGraphicsPathItem()
        pen = QPen(QColor("#e74c3c"), 2, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        self.rubber.setPen(pen)
        self.rubber.setBrush(QBrush(QColor(231, 76, 60, 40)))
        self.rubber.setZValue(19_000)
        self.snap_marker = QGraphicsEllipseItem(-6, -6, 12, 12)
        self.snap_marker.setPen(QPen(QColor("#ff00ff"), 2))
        self.snap_marker.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.snap_marker.setZValue(21_000)
        for item in (self.markers, self.rubber, self.snap_marker):
            item.setVisible(False)
            canvas.scene().addItem(item)

    @property
    def controller(self):
        return self.window.editor

    def cursor(self) -> QCursor:
        return QCursor(Qt.CursorShape.CrossCursor)

    def deactivate(self) -> None:
        self.cancel()
        self.markers.setVisible(False)
        self.snap_marker.setVisible(False)

    def activate(self) -> None:
        self.refresh_markers()

    # ------------------------------------------------------------------------------ helpers
    def lonlat(self, event) -> tuple[float, float]:
        p = self.canvas.mapToScene(event.position().toPoint())
        lon, lat = to_wgs84([p.x()], [-p.y()], "EPSG:4549")
        return float(lon[0]), float(lat[0])

    def tolerance_deg(self) -> float:
        return TOLERANCE_PX * self.canvas.metres_per_pixel() / METRES_PER_DEGREE

    def refresh_markers(self) -> None:
        geoms = self.controller.geoms()
        geom = geoms.get(self.selected) if self.selected else None
        self.markers.set_geometry(geom, self.picked)
        self.markers.setVisible(geom is not None)

    def _show_snap(self, match) -> None:
        if match is None:
            self.snap_marker.setVisible(False)
            return
        x, y = lonlat_to_scene([match.x], [match.y])
        self.snap_marker.setPos(QPointF(float(x[0]), float(y[0])))
        self.snap_marker.setVisible(True)

    def _snap(self, lon: float, lat: float, exclude=None) -> tuple[float, float]:
        match = self.controller.snap_index.snap(lon, lat, self.tolerance_deg(), exclude)
        self._show_snap(match)
        return (match.x, match.y) if match else (lon, lat)

    def _show_rubber(self, geoms: editing.Geoms) -> None:
        self.rubber.setPath(geometry_path(safe_union(list(geoms.values()))))
        self.rubber.setVisible(True)

    # -------------------------------------------------------------------------------- events
    def press(self, event) -> bool:
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        lon, lat = self.lonlat(event)
        geoms = self.controller.geoms()
        if self.selected:
            index, dist = editing.nearest_vertex(geoms[self.selected], lon, lat)
            if dist <= self.tolerance_deg():
                self.picked = index
                self.origin = geoms
                self.drag_refs = editing.shared_vertices(geoms, self.selected, index) \
                    if self.controller.topological else [editing.VertexRef(self.selected, index)]
                self.refresh_markers()
                return True
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier and \
                    shapely.intersects_xy(geoms[self.selected], lon, lat):
                self.origin = geoms
                self.move_start = (lon, lat)
                return True
        hit = [cid for cid, g in geoms.items() if shapely.intersects_xy(g, lon, lat)]
        self.selected = hit[0] if hit else None
        self.picked = None
        self.refresh_markers()
        return True

    def move(self, event) -> bool:
        if self.origin is None:
            if self.selected:
                lon, lat = self.lonlat(event)
                self._snap(lon, lat)
            return False
        lon, lat = self.lonlat(event)
        if self.drag_refs is not None:
            own = {tuple(editing.coords(self.origin[r.city])[r.index]) for r in self.drag_refs}
            x, y = self._snap(lon, lat, exclude={(float(a), float(b)) for a, b in own})
            new = editing.move_vertices(self.origin, self.drag_refs, x, y)
        else:
            new = editing.translate(self.origin, self.selected, lon - self.move_start[0], lat - self.move_start[1])
        self.pending = {cid: new[cid] for cid in {r.city for r in self.drag_refs or []} or {self.selected}}
        self._show_rubber(self.pending)
        self.controller.preview(self.pending)
        return True

    def release(self, event) -> bool:
        if self.origin is None:
            return False
        pending, kind = self.pending, tr("移动顶点") if self.drag_refs is not None else tr("移动要素")
        self._end_drag()
        if pending:
            self.controller.commit(pending, kind)
        self.refresh_markers()
        return True

    def double_click(self, event) -> bool:
        if not self.selected:
            return False
        lon, lat = self.lonlat(event)
        geoms = self.controller.geoms()
        _, _, dist, _ = editing.nearest_segment(geoms[self.selected], lon, lat)
        if dist > self.tolerance_deg():
            return False
        new = editing.insert_vertex(geoms, self.selected, lon, lat)
        changed = {cid: g for cid, g in new.items() if g is not geoms[cid]}
        self.controller.commit(changed, tr("添加顶点"))
        self.refresh_markers()
        return True

    def key_press(self, event) -> bool:
        if event.key() == Qt.Key.Key_Escape:
            self.cancel()
            return True
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.selected and self.picked is not None:
            geoms = self.controller.geoms()
            refs = editing.shared_vertices(geoms, self.selected, self.picked) if self.controller.topological \
                else [editing.VertexRef(self.selected, self.picked)]
            try:
                new = editing.delete_vertices(geoms, refs)
            except ValueError as exc:
                self.controller.refused.emit(tr("编辑被拒绝：") + str(exc))
                return True
            self.picked = None
            self.controller.commit({r.city: new[r.city] for r in refs}, tr("删除顶点"))
            self.refresh_markers()
            return True
        return False

    def cancel(self) -> None:
        """Esc: drop the drag, put figures back."""
        if self.origin is not None:
            self._end_drag()
            self.controller.cancel_preview()
            self.refresh_markers()

    def _end_drag(self) -> None:
        self.origin = self.pending = self.drag_refs = self.move_start = None
        self.rubber.setVisible(False)
        self.snap_marker.setVisible(False)
