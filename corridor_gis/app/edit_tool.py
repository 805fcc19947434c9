"""The vertex tool (like QGIS's): click a city to select it and show its vertices; drag a vertex (shared
vertices move in every city that has them), Shift+drag inside to move the whole city, double-click an edge
to add a vertex, Del to delete the picked vertex, Esc to cancel a drag. Snapping to other cities and
district borders, with a visible marker. While dragging only the rubber band and the markers move and the
session previews the figures; the edit is committed as one undo command on release (QgsVertexTool does
the same)."""

from __future__ import annotations

from collections.abc import Callable

import shapely
from PyQt6.QtCore import Qt
from PyQt6.QtGui import QCursor

from .. import editing
from ..editing import Problem
from ..history import EditCities
from ..session import Session
from .i18n import tr
from .map_event import MapMouseEvent
from .rubber_band import RubberBand, SnapMarker, VertexMarkers
from .tools import MapTool


def snap_to_district_borders(session: Session) -> None:
    """Make the district borders a snapping target of ``session`` (nothing to do once they are). The main
    window creates its session without them: indexing their ~6,000 border lines takes ~60 ms that the first
    paint does not need; it adds them after that paint, or when the vertex tool is picked, whichever comes
    first."""
    if not session.snap_to_districts:
        session.snap_to_districts = True
        session.reindex_snapping()


class VertexTool(MapTool):
    """Edits the session's cities; ``push`` applies a command through the app's undo stack."""

    name = "vertex"

    def __init__(self, canvas, session: Session, push: Callable[[EditCities], None]) -> None:
        super().__init__(canvas)
        self.session = session
        self.push = push
        self.selected: str | None = None
        self.picked: int | None = None
        self.drag_refs: list[editing.VertexRef] | None = None
        self.move_start: tuple[float, float] | None = None
        self.origin: editing.Geoms | None = None
        self.pending: editing.Geoms | None = None
        self.markers = VertexMarkers()
        self.rubber = RubberBand()
        self.snap_marker = SnapMarker()
        for item in (self.markers, self.rubber, self.snap_marker):
            canvas.scene().addItem(item)
        session.zones_changed.connect(self._on_zones_changed)
        session.project_replaced.connect(self._on_project_replaced)

    def cursor(self) -> QCursor:
        return QCursor(Qt.CursorShape.CrossCursor)

    def deactivate(self) -> None:
        self.cancel()
        self.markers.setVisible(False)
        self.snap_marker.setVisible(False)

    def activate(self) -> None:
        snap_to_district_borders(self.session)
        self.refresh_markers()

    # ------------------------------------------------------------------------------ helpers
    def _on_zones_changed(self, _ids: set) -> None:
        self.refresh_markers()

    def _on_project_replaced(self) -> None:
        self._end_drag()
        self.selected = self.picked = None
        self.refresh_markers()

    def refresh_markers(self, geoms: editing.Geoms | None = None) -> None:
        """Vertex markers of the selected city: the committed geometry, or the one being dragged."""
        geoms = geoms or self.session.geometries()
        geom = geoms.get(self.selected) if self.selected and self.canvas.tool is self else None
        self.markers.set_geometry(geom, self.picked)

    def _snap(self, event: MapMouseEvent, dragged: set[str] = frozenset(),
              own_points: set[tuple[float, float]] | None = None) -> tuple[float, float]:
        """The cursor snapped to vertices (not the dragged ones) and edges (not the dragged cities')."""
        match = event.snap(self.session.snap_index, own_points, {f"city:{c}" for c in dragged})
        self.snap_marker.show_at((match.x, match.y) if match else None)
        return event.snapped_lonlat()

    def _show_pending(self, pending: editing.Geoms) -> None:
        self.rubber.set_geometries(list(pending.values()))
        if self.selected in pending:
            self.refresh_markers(pending)  # the markers are the selected city's: no need for the others

    # -------------------------------------------------------------------------------- events
    def press(self, event: MapMouseEvent) -> bool:
        if event.button != Qt.MouseButton.LeftButton:
            return False
        lon, lat = event.lon, event.lat
        geoms = self.session.geometries()
        if self.selected:
            index, dist = editing.nearest_vertex(geoms[self.selected], lon, lat)
            if dist <= event.search_radius_deg():
                self.picked = index
                self.origin = geoms
                self.drag_refs = editing.shared_vertices(geoms, self.selected, index) \
                    if self.session.topological else [editing.VertexRef(self.selected, index)]
                self.refresh_markers()
                return True
            if event.has_shift() and shapely.intersects_xy(geoms[self.selected], lon, lat):
                self.origin = geoms
                self.move_start = (lon, lat)
                return True
        hit = [cid for cid, g in geoms.items() if shapely.intersects_xy(g, lon, lat)]
        self.selected = hit[0] if hit else None
        self.picked = None
        self.refresh_markers()
        return True

    def move(self, event: MapMouseEvent) -> bool:
        if self.origin is None:
            if self.selected:
                self._snap(event)
            return False
        if self.drag_refs is not None:
            own = {tuple(float(v) for v in editing.coords(self.origin[r.city])[r.index]) for r in self.drag_refs}
            x, y = self._snap(event, {r.city for r in self.drag_refs}, own)
            new = editing.move_vertices(self.origin, self.drag_refs, x, y)
        else:
            new = editing.translate(self.origin, self.selected, event.lon - self.move_start[0],
                                    event.lat - self.move_start[1])
        self.pending = {cid: new[cid] for cid in {r.city for r in self.drag_refs or []} or {self.selected}}
        self._show_pending(self.pending)
        self.session.preview(self.pending)
        return True

    def release(self, event: MapMouseEvent) -> bool:
        if self.origin is None:
            return False
        pending, kind = self.pending, tr("移动顶点") if self.drag_refs is not None else tr("移动要素")
        self._end_drag()
        if pending:
            self.session.commit(pending, kind, self.push)
        self.refresh_markers()
        return True

    def double_click(self, event: MapMouseEvent) -> bool:
        if not self.selected:
            return False
        geoms = self.session.geometries()
        _, _, dist, _ = editing.nearest_segment(geoms[self.selected], event.lon, event.lat)
        if dist > event.search_radius_deg():
            return False
        new = editing.insert_vertex(geoms, self.selected, event.lon, event.lat)
        changed = {cid: g for cid, g in new.items() if g is not geoms[cid]}
        self.session.commit(changed, tr("添加顶点"), self.push)
        return True

    def key_press(self, event) -> bool:
        if event.key() == Qt.Key.Key_Escape:
            self.cancel()
            return True
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.selected and self.picked is not None:
            geoms = self.session.geometries()
            refs = editing.shared_vertices(geoms, self.selected, self.picked) if self.session.topological \
                else [editing.VertexRef(self.selected, self.picked)]
            try:
                new = editing.delete_vertices(geoms, refs)
            except ValueError:
                self.session.edit_refused.emit([Problem("too_few", self.selected)])
                return True
            self.picked = None
            self.session.commit({r.city: new[r.city] for r in refs}, tr("删除顶点"), self.push)
            return True
        return False

    def cancel(self) -> None:
        """Esc: drop the drag, put figures back."""
        if self.origin is not None:
            self._end_drag()
            self.session.cancel_preview()
            self.refresh_markers()

    def _end_drag(self) -> None:
        self.origin = self.pending = self.drag_refs = self.move_start = None
        self.rubber.reset()
        self.snap_marker.setVisible(False)
