"""The session model without Qt: what a planner's edits, undo, save and dataset choice do to the state and
which events the views get."""

from __future__ import annotations

import geopandas as gpd
import pytest

from corridor_gis import editing
from corridor_gis.analysis import compute_ratio
from corridor_gis.model import Dataset, Project
from corridor_gis.session import REFUSE, Session


def _points(lon_lat_cat: list[tuple[float, float, str]], name: str) -> Dataset:
    lon, lat, cat = zip(*lon_lat_cat, strict=True)
    gdf = gpd.GeoDataFrame({"row": range(2, 2 + len(lon)), "name": [f"n{i}" for i in range(len(lon))],
                            "category": list(cat)}, geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")
    return Dataset(name, gdf, source=f"{name}.csv", label="test", skipped=[{"row": 99, "reason": "bad"}])


@pytest.fixture
def session(project) -> Session:
    youth = project.city_geometries()["youth"].representative_point()
    ocean = project.city_geometries()["ocean"].representative_point()
    project.add_dataset(_points([(youth.x, youth.y, "key_lab"), (ocean.x, ocean.y, "platform"),
                                 (120.0, 36.0, "key_lab"), (120.1, 36.1, "new_rd")], "list_a"))
    return Session(project, snap_to_districts=False)


def shared_vertex_move(session: Session, dx: float = 0.0003, dy: float = 0.0002) -> editing.Geoms:
    geoms = session.geometries()
    lo, hi = editing.ring_spans(geoms["youth"])[0]
    i = next(i for i in range(lo + 1, hi - 1)
             if {r.city for r in editing.shared_vertices(geoms, "youth", i)} == {"youth", "digital"})
    refs = editing.shared_vertices(geoms, "youth", i)
    x, y = editing.coords(geoms["youth"])[i]
    new = editing.move_vertices(geoms, refs, x + dx, y + dy)
    return {c: new[c] for c in ("youth", "digital")}


def recorder(*signals):
    seen: list[str] = []
    for signal in signals:
        signal.connect(lambda *args, name=signal.name: seen.append(name))
    return seen


def test_edit_undo_redo_keep_figures_equal_to_a_full_recount(session):
    before = session.geometries()
    seen = recorder(session.zones_changed, session.figures_changed, session.modified_changed)
    new = shared_vertex_move(session)
    assert session.commit(new, "move")
    assert seen[:2] == ["zones_changed", "figures_changed"] and "modified_changed" in seen
    assert session.is_modified()
    assert session.result.as_dict() == compute_ratio(session.project, session.dataset()).as_dict()
    assert session.geometries()["youth"].equals_exact(new["youth"], 0)
    session.undo()
    assert all(session.geometries()[c].equals_exact(before[c], 0) for c in before)
    assert not session.is_modified()
    session.redo()
    assert session.geometries()["digital"].equals_exact(new["digital"], 0)
    assert session.result.as_dict() == compute_ratio(session.project, session.dataset()).as_dict()


def test_preview_moves_counts_and_cancel_restores_them(session):
    committed = session.result.as_dict()
    live = session.preview(shared_vertex_move(session, 0.002, 0.001))
    assert {a.city for a in live.areas} == {"youth", "digital"}
    assert live.areas[0].planned_km2 is not None
    session.cancel_preview()
    assert session.result.as_dict() == committed
    assert not session.is_modified()


def test_refused_edit_reports_codes_and_leaves_the_project(session):
    session.policy = REFUSE
    geoms = session.geometries()
    deep = geoms["digital"].representative_point()
    refs = [editing.VertexRef("youth", 3)]
    bad = editing.move_vertices(geoms, refs, deep.x, deep.y)
    refused = []
    session.edit_refused.connect(refused.append)
    assert not session.commit({"youth": bad["youth"]}, "bad")
    assert refused and refused[0][0].city == "youth" and refused[0][0].code in ("invalid", "overlap")
    assert session.geometries()["youth"].equals_exact(geoms["youth"], 0)
    assert session.history.index == 0


def test_active_dataset_and_skipped_rows_survive_save_and_reopen(session, tmp_path):
    second = _points([(120.45, 36.15, "key_lab")], "list_b")
    chosen = []
    session.active_dataset_changed.connect(chosen.append)
    session.add_dataset(second)
    assert chosen == ["list_b"] and session.active_dataset == "list_b"
    session.choose_dataset("list_a")
    session.commit(shared_vertex_move(session), "move")
    path = session.save(tmp_path / "p.gpkg")
    assert not session.is_modified()
    reopened = Session(Project.load(path), snap_to_districts=False)
    assert reopened.active_dataset == "list_a"
    assert reopened.project.datasets["list_a"].skipped == [{"row": 99, "reason": "bad"}]
    assert reopened.result.as_dict() == session.result.as_dict()


def test_removing_the_active_dataset_falls_back_to_another(session):
    session.add_dataset(_points([(120.45, 36.15, "key_lab")], "list_b"))
    session.remove_dataset("list_b")
    assert session.active_dataset == "list_a"
    session.remove_dataset("list_a")
    assert session.active_dataset is None and session.result is None


def test_loading_another_project_resets_history_and_counts_recovered_work_as_unsaved(session, bundled_project):
    session.commit(shared_vertex_move(session), "move")
    replaced = recorder(session.project_replaced)
    session.load(bundled_project.copy(), recovered=True)
    assert replaced == ["project_replaced"]
    assert session.history.index == 0
    assert session.is_modified()  # recovered work counts as unsaved


def test_a_reference_layer_is_a_snapping_target_until_removed(session):
    from shapely import LineString

    from corridor_gis.model import Reference

    road = LineString([(120.40, 36.20), (120.42, 36.22)])
    seen = recorder(session.references_changed)
    session.add_reference(Reference("道路", gpd.GeoDataFrame(geometry=[road], crs="EPSG:4326"), source="roads.shp"))
    assert seen == ["references_changed"]
    match = session.snap_index.snap(120.4101, 36.2099, 0.001)
    assert match is not None and match.source == "ref:道路"
    session.remove_reference("道路")
    again = session.snap_index.snap(120.4101, 36.2099, 0.001)
    assert again is None or again.source != "ref:道路"


def test_importing_boundaries_is_one_undoable_step_with_figures_recounted(session):
    from shapely import affinity

    before = {k: session.project.layers[k] for k in ("cities", "corridor")}
    imported = session.project.copy()
    for cid, geom in imported.city_geometries().items():
        imported.set_city_geometry(cid, affinity.scale(geom, 0.98, 0.98))
    imported.layers["cities_previous"] = before["cities"].copy()
    session.replace_zones(imported, "import official zones")
    assert session.history.index == 1 and session.is_modified()
    assert "cities_previous" in session.project.layers
    assert session.result.as_dict() == compute_ratio(session.project, session.dataset()).as_dict()
    session.undo()
    assert "cities_previous" not in session.project.layers
    assert session.project.layers["cities"] is before["cities"]
    assert session.result.as_dict() == compute_ratio(session.project, session.dataset()).as_dict()


def test_the_what_if_baseline_keeps_the_boundaries_not_a_copy_of_the_lists(session):
    from corridor_gis.whatif import compare_versions

    before = session.project.copy()
    session.set_baseline()
    assert session.baseline.datasets == {}  # a million-row list is not duplicated
    assert session.project.datasets.keys() == {"list_a"}
    assert session.commit(shared_vertex_move(session), "move")  # the current version differs from the baseline
    dataset = session.project.datasets["list_a"]
    ours = compare_versions(session.baseline, session.project, dataset).as_dict()
    full_copy = compare_versions(before, session.project, dataset).as_dict()
    assert ours == full_copy


def test_import_notes_survive_save_and_reopen_and_never_follow_another_project(session, tmp_path,
                                                                                bundled_project):
    """Points at sea, duplicates, unknown labels and the CRS note are shown (and exported) after the project is
    opened again, in the UI's language (codes kept); a project opened next does not inherit them."""
    from corridor_gis import paths
    from corridor_gis.io import read_points

    dataset, report = read_points(paths.data_dir() / "sample_institutions.csv")
    report.notes.append("12 row(s) lie in the sea")
    report.coded["12 row(s) lie in the sea"] = ("offshore", {"n": 12, "rows": "7, 9"})
    report.duplicates = [{"row": 5, "duplicate_of": 3}]
    report.coded_rows[4] = ("outside", {"lon": "1.0000", "lat": "2.0000", "crs": "wgs84"})
    session.add_dataset(dataset, report)
    before = session.report("zh")
    path = session.save(tmp_path / "p.gpkg")
    reopened = Session(Project.load(path), snap_to_districts=False)
    again = reopened.import_reports[dataset.name]
    assert again == report
    assert reopened.report("zh") == before
    session.load(bundled_project.copy())
    assert session.import_reports == {}


def test_point_style_is_kept_in_the_metadata_saved_and_pruned_with_its_dataset(session, tmp_path):
    """The renderer chosen for a list is unsaved work, survives save and reopen, and leaves with its list."""
    from corridor_gis.session import POINT_STYLE_PREFIX

    assert session.point_style("list_a") is None  # never chosen: the app draws by category
    modified: list[bool] = []
    session.modified_changed.connect(modified.append)
    session.set_point_style("list_a", {"kind": "heatmap", "radius_px": 40, "cluster_px": 56})
    assert session.is_modified() and modified[-1] is True
    path = session.save(tmp_path / "styled.gpkg")
    reopened = Session(Project.load(path), snap_to_districts=False)
    assert reopened.point_style("list_a") == {"kind": "heatmap", "radius_px": 40, "cluster_px": 56}
    modified.clear()
    reopened.set_point_style("list_a", {"kind": "heatmap", "radius_px": 40, "cluster_px": 56})
    assert not reopened.is_modified() and modified == []  # the same style again is no change
    reopened.remove_dataset("list_a")
    reopened.save(tmp_path / "without.gpkg")
    assert not any(k.startswith(POINT_STYLE_PREFIX) for k in Project.load(tmp_path / "without.gpkg").metadata)


def test_a_point_style_this_version_cannot_read_is_no_style(session):
    from corridor_gis.session import POINT_STYLE_PREFIX

    session.project.metadata[POINT_STYLE_PREFIX + "list_a"] = "{not json"
    assert session.point_style("list_a") is None
    session.project.metadata[POINT_STYLE_PREFIX + "list_a"] = '["heatmap"]'
    assert session.point_style("list_a") is None


def test_live_figures_name_the_project_now_open_after_a_drag(session):
    """Planned areas and names are read once per drag: a drag shows the project's own, and the next drag,
    after another project's cities were renamed in, shows the new names, not the first drag's."""
    live = session.preview(shared_vertex_move(session, 0.002, 0.001))
    names = session.project.city_names(session.lang)
    assert [a.name for a in live.areas] == [names[a.city] for a in live.areas]
    session.cancel_preview()
    session.project.cities.loc[session.project.cities["id"] == "youth", "name_zh"] = "青年城（改名）"
    session.project.cities.loc[session.project.cities["id"] == "youth", "name_en"] = "Youth (renamed)"
    live = session.preview(shared_vertex_move(session, 0.002, 0.001))
    assert any(a.name in ("青年城（改名）", "Youth (renamed)") for a in live.areas if a.city == "youth")
    session.cancel_preview()
