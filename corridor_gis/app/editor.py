"""Edit controller: the one place where city geometries change in the app.

Every change goes through :class:`EditCitiesCommand` on the project's ``QUndoStack`` (like
QgsVectorLayerUndoCommand: old and new geometry), so undo/redo restore geometry, areas and ratios exactly.
While the user drags, :meth:`EditController.preview` updates the ratio *incrementally* (only points near
the moved edges are re-tested) and emits the live figures; :meth:`commit` validates and pushes the command.
"""

from __future__ import annotations

import shapely
from PyQt6.QtCore import QObject, pyqtSignal
from PyQt6.QtGui import QUndoCommand, QUndoStack

from .. import editing
from ..analysis import CORRIDOR
from ..measure import area_km2
from ..model import safe_union
from ..snapping import SnapIndex
from ..spatial_index import changed_bbox
from .i18n import tr

REFUSE, FLAG = "refuse", "flag"


def _union_bbox(boxes):
    boxes = [b for b in boxes if b[2] >= b[0] and b[3] >= b[1]]
    if not boxes:
        return (0.0, 0.0, -1.0, -1.0)
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
            max(b[3] for b in boxes))


class EditCitiesCommand(QUndoCommand):
    """Replace some cities' geometries; undo puts the old ones back."""

    def __init__(self, controller: EditController, old: editing.Geoms, new: editing.Geoms, text: str) -> None:
        super().__init__(text)
        self.controller = controller
        self.old = {k: old[k] for k in new}
        self.new = dict(new)

    def redo(self) -> None:
        self.controller.apply(self.new)

    def undo(self) -> None:
        self.controller.apply(self.old)


class EditController(QObject):
    """Owns the undo stack, the snapping index and the live figures of the window's project."""

    liveFigures = pyqtSignal(str)
    refused = pyqtSignal(str)
    applied = pyqtSignal(set)  # ids of the changed cities

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.undo_stack = QUndoStack(self)
        self.snap_index = SnapIndex()
        self.policy = REFUSE
        self.topological = True
        self.flagged: dict[str, list[str]] = {}
        self._preview_from: editing.Geoms | None = None
        self.reindex_all()

    @property
    def project(self):
        return self.window.project

    def geoms(self) -> editing.Geoms:
        return self.project.city_geometries()

    # ----------------------------------------------------------------------------- snapping
    def reindex_all(self) -> None:
        """Rebuild every snapping source (after opening a project; edits re-index one city)."""
        self.snap_index.sources.clear()
        for cid, geom in self.geoms().items():
            self.snap_index.set_source(f"city:{cid}", geom)
        for layer in self.window.canvas.layers:
            if layer.key == "basemap_districts":
                self.snap_index.set_source("districts", shapely.union_all(layer.gdf.geometry.boundary.values))

    # ------------------------------------------------------------------------------ figures
    def _counters(self):
        return self.window.counters.values()

    def _update_counters(self, new: editing.Geoms, old: editing.Geoms, corridor) -> None:
        boxes = []
        for cid, geom in new.items():
            box = changed_bbox(old[cid], geom)
            boxes.append(box)
            for counter in self._counters():
                counter.update_zone(cid, geom, box)
        for counter in self._counters():
            counter.update_zone(CORRIDOR, corridor, _union_bbox(boxes))

    def live_text(self, geoms: editing.Geoms, changed: set[str]) -> str:
        names = dict(zip(self.project.cities["id"], self.project.cities["name_zh"], strict=True))
        planned = dict(zip(self.project.cities["id"], self.project.cities["planned_km2"], strict=True))
        parts = []
        for cid in sorted(changed):
            a = area_km2(geoms[cid])
            p = float(planned.get(cid) or 0)
            diff = f"{a - p:+.2f} km², {100 * (a - p) / p:+.2f}%" if p else ""
            parts.append(f"{names.get(cid, cid)} {a:.2f} km²（" + tr("规划") + f" {p:.2f}，{diff}）")
        counter = self.window.counters.get(self.window.active_dataset)
        if counter is not None:
            result = counter.result()
            parts.append(tr("集聚度") + f" {100 * result.corridor.share:.1f}% {'✓' if result.corridor.met else '✗'}")
        return " · ".join(parts)

    def preview(self, new: editing.Geoms) -> str:
        """Live figures for a geometry being dragged (nothing is committed)."""
        if self._preview_from is None:
            self._preview_from = self.geoms()
        current = {cid: next(iter(self._counters())).zones[cid] for cid in new} if self.window.counters \
            else {cid: self._preview_from[cid] for cid in new}
        merged = {**self._preview_from, **new}
        corridor = safe_union(list(merged.values()))
        self._update_counters(new, current, corridor)
        text = self.live_text(merged, set(new))
        invalid = [cid for cid, g in new.items() if not g.is_valid]
        if invalid:
            text += " · ⚠ " + "，".join(invalid) + " " + tr("无效（自相交）")
        self.liveFigures.emit(text)
        return text

    def cancel_preview(self) -> None:
        """Esc: counters back to the committed geometry."""
        if self._preview_from is None:
            return
        committed = self._preview_from
        self._preview_from = None
        if self.window.counters:
            counter = next(iter(self._counters()))
            dragged = {cid: counter.zones[cid] for cid in committed}
            changed = {cid: g for cid, g in committed.items() if not dragged[cid].equals_exact(g, 0)}
            if changed:
                self._update_counters(changed, dragged, self.project.corridor)
        self.liveFigures.emit("")

    # ------------------------------------------------------------------------------- commit
    def commit(self, new: editing.Geoms, text: str) -> bool:
        """Validate and push an edit; a refused edit restores the committed state and says why."""
        old = self._preview_from or self.geoms()
        problems = editing.validate({**old, **new}, set(new))
        if problems and self.policy == REFUSE:
            self.cancel_preview()
            message = tr("编辑被拒绝：") + "；".join(problems)
            self.refused.emit(message)
            return False
        self._preview_from = None
        self.undo_stack.push(EditCitiesCommand(self, old, new, text))
        for cid in new:
            self.flagged.pop(cid, None)
        if problems:
            for p in problems:
                self.flagged.setdefault(p.split(":")[0].split(" ")[0], []).append(p)
            self.refused.emit(tr("已标红（未拒绝）：") + "；".join(problems))
        return True

    def apply(self, geoms: editing.Geoms) -> None:
        """Put geometries into the project and bring every view up to date (undo/redo land here)."""
        old = self.geoms()
        changed = {cid for cid, g in geoms.items() if not old[cid].equals_exact(g, 0)}
        for cid, geom in geoms.items():
            self.project.cities.loc[self.project.cities["id"] == cid, "geometry"] = geom
        self.project.layers["corridor"] = self.project.derived_corridor()
        stale = {cid: self._counter_geom(cid, old) for cid in geoms}
        self._update_counters(geoms, stale, self.project.corridor)
        for cid in changed:
            self.snap_index.set_source(f"city:{cid}", geoms[cid])
        self.applied.emit(changed)

    def _counter_geom(self, cid: str, fallback: editing.Geoms):
        counter = next(iter(self._counters()), None)
        return counter.zones[cid] if counter is not None else fallback[cid]
