"""The working session: one owner for the app's state, with events (Qt-free, psygnal as in napari).

A :class:`Session` owns the project, its datasets and their counters, the active dataset, the edit history
(commands on the model), the edit policy and flags, the snapping index and the what-if baseline; how each
dataset is drawn (its renderer's settings, kept in the project's metadata). Views
never change that state themselves: they call the session and re-draw when it emits an event —

* ``project_replaced()``: another project was opened or recovered (everything is new);
* ``zones_changed(ids)``: the geometry of these cities (and so the corridor) changed;
* ``datasets_changed()``: a dataset was added or removed;
* ``references_changed()``: a reference layer was added or removed;
* ``active_dataset_changed(name)``: the dataset behind the headline changed;
* ``figures_changed()``: the ratio may have changed (zones, datasets, the active dataset);
* ``preview_changed(live)``: figures while a vertex is dragged (``None`` when the drag ends);
* ``modified_changed(modified)``: the project has or no longer has unsaved work;
* ``edit_refused(problems)`` / ``edit_flagged(problems)``: an edit was refused, or accepted and flagged.

The Qt app wraps this: its ``QUndoStack`` pushes :class:`EditCities` commands through
:meth:`EditHistory.push` (as QGIS's undo commands change the layer and the views react to its signals).
"""

from __future__ import annotations

import dataclasses
import json
from functools import cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import shapely
from psygnal import Signal

from . import editing, paths, placeholder
from .analysis import ConcentrationCounter, RatioResult
from .category_map import METADATA_KEY as CATEGORY_MAP_KEY
from .category_map import CategoryMap
from .counting import CountingChoice, needs_sensitivity
from .editing import Geoms, Problem
from .history import CityArea, EditCities, EditHistory, LiveFigures, ReplaceZones
from .io.points import ImportReport
from .measure import area_km2
from .model import POINT_STYLE_PREFIX, Dataset, Project, Reference, safe_union
from .plan import CORRIDOR_ID, TARGET_SHARE
from .report import RatioReport, build_report
from .sensitivity import crs_sensitivity
from .snapping import SnapIndex
from .spatial_index import changed_bbox
from .subdistricts import ATTRIBUTION as SUBDISTRICT_ATTRIBUTION
from .subdistricts import ratio_by_subdistrict, subdistrict_index

REFUSE, FLAG = "refuse", "flag"
#: project metadata key of the dataset the headline was computed from
ACTIVE_DATASET_KEY = "active_dataset"
#: project metadata key (+ dataset name) of a dataset's import report, so its notes survive save and reopen
IMPORT_REPORT_PREFIX = "import_report:"


@cache
def district_borders() -> shapely.Geometry:
    """The basemap's district borders, a snapping target (read once per process)."""
    gdf = pyogrio.read_dataframe(paths.basemap_path(), layer="districts")
    return shapely.union_all(gdf.geometry.boundary.values)


def _union_bbox(boxes: list[tuple[float, float, float, float]]) -> tuple[float, float, float, float]:
    boxes = [b for b in boxes if b[2] >= b[0] and b[3] >= b[1]]
    if not boxes:
        return (0.0, 0.0, -1.0, -1.0)
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
            max(b[3] for b in boxes))


class Session:
    """Project + datasets + counters + active dataset + edit history + baseline, with events."""

    project_replaced = Signal()
    zones_changed = Signal(set)
    datasets_changed = Signal()
    references_changed = Signal()
    active_dataset_changed = Signal(object)
    figures_changed = Signal()
    preview_changed = Signal(object)
    modified_changed = Signal(bool)
    edit_refused = Signal(list)
    edit_flagged = Signal(list)

    def __init__(self, project: Project, target: float = TARGET_SHARE, snap_to_districts: bool = True,
                 lang: str = "zh") -> None:
        self.target = target
        self.lang = lang
        self.history = EditHistory()
        self.history.changed.connect(self._emit_modified)
        self.snap_index = SnapIndex()
        self.snap_to_districts = snap_to_districts
        self.policy = REFUSE
        self.topological = True
        self.project: Project = project
        self.counters: dict[str, ConcentrationCounter] = {}
        #: what the reader reported when a dataset was imported in this session (CRS note, duplicates…)
        self.import_reports: dict[str, ImportReport] = {}
        #: what the headline counts (categories, levels): the plan's default until the user chooses
        self.choice = CountingChoice()
        self._sensitivity: dict[str, dict] = {}  # dataset → CRS-sensitivity document, for current zones
        self._streets: dict[str, np.ndarray] = {}  # dataset → each point's 街道 row
        self.active_dataset: str | None = None
        self.baseline: Project | None = None
        self.recovered = False
        self.dirty = False
        self.flagged: dict[str, list[Problem]] = {}
        self._preview_from: Geoms | None = None
        #: (planned km², names) of the cities while a drag is previewed (see :meth:`preview`)
        self._drag_labels: tuple[dict, dict[str, str]] | None = None
        self._reset(project)

    # ------------------------------------------------------------------------------ project
    def _reset(self, project: Project) -> None:
        self.project = project
        self.counters = {name: self._counter(ds) for name, ds in project.datasets.items()}
        self._sensitivity = {}
        self._streets = {}
        wanted = project.metadata.get(ACTIVE_DATASET_KEY)
        self.active_dataset = wanted if wanted in project.datasets else next(iter(project.datasets), None)
        self.import_reports = {name: ImportReport.from_json(project.metadata[IMPORT_REPORT_PREFIX + name])
                               for name in project.datasets if IMPORT_REPORT_PREFIX + name in project.metadata}
        self.flagged = {}
        self._preview_from = self._drag_labels = None
        self.reindex_snapping()

    def load(self, project: Project, recovered: bool = False) -> None:
        """Make ``project`` the session's project: counters, history and flags start afresh."""
        self._reset(project)
        self.recovered = recovered
        self.dirty = False
        self.history.clear()
        self.project_replaced.emit()
        self.datasets_changed.emit()
        self.active_dataset_changed.emit(self.active_dataset)
        self.figures_changed.emit()
        self._emit_modified()

    def save(self, path: str | Path | None = None) -> Path:
        """Save atomically (with a backup) and mark the session clean; the active dataset is remembered."""
        if self.active_dataset:
            self.project.metadata[ACTIVE_DATASET_KEY] = self.active_dataset
        else:
            self.project.metadata.pop(ACTIVE_DATASET_KEY, None)
        for key in [k for k in self.project.metadata if k.startswith(IMPORT_REPORT_PREFIX)]:
            del self.project.metadata[key]
        for name, report in self.import_reports.items():
            if name in self.project.datasets:
                self.project.metadata[IMPORT_REPORT_PREFIX + name] = report.to_json()
        for key in [k for k in self.project.metadata if k.startswith(POINT_STYLE_PREFIX)]:
            if key.removeprefix(POINT_STYLE_PREFIX) not in self.project.datasets:
                del self.project.metadata[key]  # the style of a list no longer in the project
        target = self.project.save(path)
        self.recovered = False
        self.dirty = False
        self.history.set_clean()
        return target

    def is_modified(self) -> bool:
        """Unsaved work: edits since the last save, datasets or layers added or removed, label decisions,
        or work recovered after a crash."""
        return self.recovered or self.dirty or not self.history.is_clean()

    def _touch(self) -> None:
        """Something outside the edit history changed (a dataset, a layer, the label map)."""
        self.dirty = True
        self._emit_modified()

    def category_map(self) -> CategoryMap:
        """The project's label decisions (``label,category,level``), kept in its metadata."""
        return CategoryMap.from_metadata(self.project.metadata)

    def set_category_map(self, mapping: CategoryMap) -> None:
        if mapping.to_json() != self.category_map().to_json():
            self.project.metadata[CATEGORY_MAP_KEY] = mapping.to_json()
            self._touch()

    def point_style(self, name: str) -> dict | None:
        """The renderer settings chosen for dataset ``name`` (:meth:`Project.point_style`), ``None`` if none."""
        return self.project.point_style(name)

    def set_point_style(self, name: str, settings: dict) -> None:
        """Remember how dataset ``name`` is drawn (saved with the project; also in the crash-recovery file,
        which copies the metadata). A change is unsaved work, as a renderer change is in QGIS."""
        value = json.dumps(settings, ensure_ascii=False, sort_keys=True)
        if self.project.metadata.get(POINT_STYLE_PREFIX + name) != value:
            self.project.metadata[POINT_STYLE_PREFIX + name] = value
            self._touch()

    def _emit_modified(self) -> None:
        self.modified_changed.emit(self.is_modified())

    def set_baseline(self, project: Project | None = None) -> None:
        """The boundaries that what-if comparisons start from (default: the current ones). Zones, metadata and
        references only: a comparison counts the session's current dataset on both versions, so a copy of the
        lists here would only double their memory (~100 MB for a million rows)."""
        self.baseline = dataclasses.replace(project or self.project, datasets={}).copy()

    # ----------------------------------------------------------------------------- datasets
    def add_dataset(self, dataset: Dataset, import_report: ImportReport | None = None, activate: bool = True) -> None:
        """Add (or replace) a dataset and make it the one behind the headline (unless ``activate`` is False).
        A list imported under the placeholder sample's name is the user's (:mod:`.placeholder`)."""
        if dataset.name == placeholder.name(self.project):
            placeholder.adopt(self.project)
        self.project.add_dataset(dataset)
        self.import_reports.pop(dataset.name, None)
        if import_report is not None:
            self.import_reports[dataset.name] = import_report
            dataset.crs_stated = import_report.crs_given
        self.counters[dataset.name] = self._counter(dataset)
        self._touch()
        self._sensitivity.pop(dataset.name, None)
        self._streets.pop(dataset.name, None)
        self.datasets_changed.emit()
        if activate:
            self._set_active(dataset.name)

    def remove_dataset(self, name: str) -> None:
        """Take a dataset out of the project; the placeholder sample, once taken out, stays out."""
        if name == placeholder.name(self.project):
            placeholder.dismiss(self.project)
        self.project.datasets.pop(name, None)
        self.counters.pop(name, None)
        self.import_reports.pop(name, None)
        self._touch()
        self.datasets_changed.emit()
        if self.active_dataset == name or self.active_dataset not in self.counters:
            self._set_active(next(iter(self.project.datasets), None))

    def replace_placeholder(self, text: str) -> placeholder.ReplaceSample | None:
        """The command that takes the placeholder sample out as the user's first list comes in (the app pushes
        it on its undo stack), or ``None`` when there is no placeholder."""
        return placeholder.ReplaceSample.of(self, text)

    def choose_dataset(self, name: str | None) -> None:
        """Make ``name`` the dataset behind the headline (unknown names are ignored)."""
        if name in self.counters or name is None:
            self._set_active(name)

    def _set_active(self, name: str | None) -> None:
        changed = name != self.active_dataset
        self.active_dataset = name
        if changed:
            self.active_dataset_changed.emit(name)
        self.figures_changed.emit()

    def _counter(self, dataset: Dataset) -> ConcentrationCounter:
        return ConcentrationCounter.for_project(self.project, dataset, self.target, **self.choice.counter_kwargs())

    def set_counting(self, choice: CountingChoice) -> None:
        """Count other categories or levels (every dataset is recounted; the default is the plan's)."""
        self.choice = choice
        self.counters = {name: self._counter(ds) for name, ds in self.project.datasets.items()}
        self._sensitivity = {}
        self.figures_changed.emit()

    def sensitivity(self) -> dict | None:
        """The active dataset's share and verdict as WGS84, GCJ-02 and BD-09 — exactly when its CRS was not
        stated (recomputed after an edit, cached otherwise)."""
        dataset = self.dataset()
        if dataset is None or not needs_sensitivity(dataset):
            return None
        if dataset.name not in self._sensitivity:
            self._sensitivity[dataset.name] = crs_sensitivity(
                self.project, dataset, self.target, counter=self.counters[dataset.name],
                **self.choice.counter_kwargs())
        return self._sensitivity[dataset.name]

    def dataset(self) -> Dataset | None:
        """The active dataset."""
        return self.project.datasets.get(self.active_dataset) if self.active_dataset else None

    def report(self, lang: str | None = None) -> RatioReport:
        """The report every face shows: the active dataset's figures, areas, notes and chart data."""
        dataset = self.dataset()
        return build_report(self.result, self.import_reports.get(self.active_dataset or ""), self.project,
                            lang or self.lang, source=dataset.source if dataset else "",
                            sensitivity=self.sensitivity(), by_subdistrict=self.by_subdistrict(),
                            subdistrict_source=SUBDISTRICT_ATTRIBUTION)

    def by_subdistrict(self) -> dict | None:
        """The active dataset's counts per 街道 (OSM) for the current zones and counting choice."""
        dataset = self.dataset()
        if dataset is None:
            return None
        if dataset.name not in self._streets:  # points do not move: their 街道 are found once
            self._streets[dataset.name] = subdistrict_index(*dataset.lonlat())
        return ratio_by_subdistrict(self.project, dataset, self.counters[dataset.name].counted_rows(),
                                    self._streets[dataset.name])

    @property
    def result(self) -> RatioResult | None:
        """The figures of the active dataset for the current zones (counts kept up to date incrementally)."""
        counter = self.counters.get(self.active_dataset) if self.active_dataset else None
        return counter.result() if counter else None

    # ------------------------------------------------------------------------------- zones
    def geometries(self) -> Geoms:
        return self.project.city_geometries()

    def city_name(self, city_id: str) -> str:
        """The city's name as the project has it (fall back to the id)."""
        return self.project.city_names(self.lang).get(city_id, city_id)

    def reindex_snapping(self) -> None:
        """Rebuild every snapping source (after a project is loaded; edits re-index one city)."""
        self.snap_index.sources.clear()
        for cid, geom in self.geometries().items():
            self.snap_index.set_source(f"city:{cid}", geom)
        if self.snap_to_districts:
            self.snap_index.set_source("districts", district_borders())
        for ref in self.project.references.values():
            self._index_reference(ref)

    def _index_reference(self, ref: Reference) -> None:
        """A reference layer's edges and vertices as snapping targets (borders are aligned to roads)."""
        geoms = ref.features.geometry.to_numpy()
        lines = [shapely.boundary(g) if g.geom_type.endswith("Polygon") else g for g in geoms
                 if g is not None and not g.is_empty and g.geom_type != "Point"]
        self.snap_index.set_source(f"ref:{ref.name}", shapely.union_all(lines) if lines else None)

    # --------------------------------------------------------------------------- references
    def add_reference(self, ref: Reference) -> None:
        """Add (or replace) a read-only reference layer; it becomes a snapping target."""
        self.project.references[ref.name] = ref
        self._index_reference(ref)
        self._touch()
        self.references_changed.emit()

    def remove_reference(self, name: str) -> None:
        self.project.references.pop(name, None)
        self.snap_index.set_source(f"ref:{name}", None)
        self._touch()
        self.references_changed.emit()

    def _counted_zone(self, city_id: str, fallback: Geoms) -> shapely.Geometry:
        """The geometry the counters currently hold for a city (the dragged one during a preview)."""
        counter = next(iter(self.counters.values()), None)
        return counter.zones[city_id] if counter is not None else fallback[city_id]

    def _update_counters(self, new: Geoms, old: Geoms, corridor: shapely.Geometry) -> None:
        boxes = []
        for cid, geom in new.items():
            box = changed_bbox(old[cid], geom)
            boxes.append(box)
            for counter in self.counters.values():
                counter.update_zone(cid, geom, box)
        for counter in self.counters.values():
            counter.update_zone(CORRIDOR_ID, corridor, _union_bbox(boxes))

    def set_geometries(self, geoms: Geoms) -> None:
        """Put city geometries into the project and bring counters and snapping up to date (commands
        land here)."""
        old = self.geometries()
        changed = {cid for cid, g in geoms.items() if not old[cid].equals_exact(g, 0)}
        stale = {cid: self._counted_zone(cid, old) for cid in geoms}
        self.project.set_city_geometries(geoms)
        self._update_counters(geoms, stale, self.project.corridor)
        self._sensitivity = {}
        for cid in changed:
            self.snap_index.set_source(f"city:{cid}", geoms[cid])
        self.zones_changed.emit(changed)
        self.figures_changed.emit()

    def set_zone_layers(self, layers: dict[str, gpd.GeoDataFrame | None]) -> None:
        """Replace whole zone layers (commands land here): every zone is recounted, snapping re-indexed."""
        for key, gdf in layers.items():
            if gdf is None:
                self.project.layers.pop(key, None)
            else:
                self.project.layers[key] = gdf
        zones = {CORRIDOR_ID: self.project.corridor, **self.geometries()}
        for counter in self.counters.values():
            for zone_id, geom in zones.items():
                counter.set_zone(zone_id, geom)
        self.reindex_snapping()
        self._sensitivity = {}
        self.zones_changed.emit(set(self.geometries()))
        self.figures_changed.emit()

    def replace_zones(self, project: Project, text: str, push=None) -> None:
        """Take the zone layers of ``project`` (e.g. :func:`~corridor_gis.zones_import.apply_zone_import`'s
        result) as one undoable command."""
        keys = [k for k in project.layers if k not in self.project.layers or
                project.layers[k] is not self.project.layers[k]]
        command = ReplaceZones({k: self.project.layers.get(k) for k in keys},
                               {k: project.layers[k] for k in keys}, text)
        (push or (lambda cmd: self.history.push(cmd, self)))(command)
        self.project.metadata.update({k: v for k, v in project.metadata.items() if k not in self.project.metadata
                                      or k == "zones_import"})

    # ------------------------------------------------------------------------------ editing
    def live_figures(self, geoms: Geoms, changed: set[str]) -> LiveFigures:
        planned, names = self._drag_labels or self._city_labels()
        areas = [CityArea(cid, names.get(cid, cid), area_km2(geoms[cid]),
                          float(planned[cid]) if planned.get(cid) == planned.get(cid) and planned.get(cid)
                          is not None else None)
                 for cid in sorted(changed)]
        result = self.result
        invalid = [names.get(cid, cid) for cid in sorted(changed) if not geoms[cid].is_valid]
        return LiveFigures(areas, result.corridor.share if result else None,
                           result.corridor.met if result else None, invalid)

    def _city_labels(self) -> tuple[dict, dict[str, str]]:
        """Planned km² and name of each city, as the project has them (read from its tables)."""
        cities = self.project.cities
        planned = dict(zip(cities["id"], cities.get("planned_km2"), strict=True)) if "planned_km2" in cities else {}
        return planned, self.project.city_names(self.lang)

    def preview(self, new: Geoms) -> LiveFigures:
        """Figures for geometries being dragged (nothing is committed): counters move incrementally. The cities'
        planned areas and names are read once per drag, not from the project's tables at every step."""
        if self._preview_from is None:
            self._preview_from = self.geometries()
            self._drag_labels = self._city_labels()
        current = {cid: self._counted_zone(cid, self._preview_from) for cid in new}
        merged = {**self._preview_from, **new}
        self._update_counters(new, current, safe_union(list(merged.values())))
        live = self.live_figures(merged, set(new))
        self.preview_changed.emit(live)
        return live

    def cancel_preview(self) -> None:
        """Esc, or a refused edit: counters back to the committed geometry."""
        if self._preview_from is None:
            return
        committed, self._preview_from = self._preview_from, None
        self._drag_labels = None
        if self.counters:
            dragged = {cid: self._counted_zone(cid, committed) for cid in committed}
            changed = {cid: g for cid, g in committed.items() if not dragged[cid].equals_exact(g, 0)}
            if changed:
                self._update_counters(changed, dragged, self.project.corridor)
        self.preview_changed.emit(None)

    def commit(self, new: Geoms, text: str, push=None) -> bool:
        """Validate and apply an edit as one undoable command; a refused edit restores the committed state.

        ``push`` applies the command (the app passes its QUndoStack's push so both histories stay in step);
        by default the session's own history applies it.
        """
        old = self._preview_from or self.geometries()
        problems = editing.find_problems({**old, **new}, set(new))
        if problems and self.policy == REFUSE:
            self.cancel_preview()
            self.edit_refused.emit(problems)
            return False
        self._preview_from = self._drag_labels = None
        # the preview ends before the edit lands: the edit's own zones_changed then says the final figures,
        # which the end of the preview (no figures) would otherwise blank
        self.preview_changed.emit(None)
        command = EditCities({k: old[k] for k in new}, dict(new), text)
        (push or (lambda cmd: self.history.push(cmd, self)))(command)
        for cid in new:
            self.flagged.pop(cid, None)
        if problems:
            for p in problems:
                self.flagged.setdefault(p.city, []).append(p)
            self.edit_flagged.emit(problems)
        return True

    def undo(self) -> None:
        self.history.undo(self)

    def redo(self) -> None:
        self.history.redo(self)
