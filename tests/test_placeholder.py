"""The synthetic sample as a placeholder (corridor_gis.placeholder), without Qt: the user's first list takes it
out as one undoable step, taken out it stays out (also after save and reopen), and a list the user imports
themselves is never a placeholder."""

from __future__ import annotations

import geopandas as gpd
import pytest

from corridor_gis import placeholder
from corridor_gis.io import read_points
from corridor_gis.model import POINT_STYLE_PREFIX, Dataset, Project
from corridor_gis.paths import data_dir
from corridor_gis.session import Session


def _list(name: str, n: int = 3) -> Dataset:
    gdf = gpd.GeoDataFrame({"row": range(2, 2 + n), "name": [f"机构{i}" for i in range(n)], "category": "key_lab"},
                           geometry=gpd.points_from_xy([120.45 + i * 0.01 for i in range(n)], [36.15] * n),
                           crs="EPSG:4326")
    return Dataset(name, gdf, source=f"{name}.csv", label="imported")


@pytest.fixture
def sample():
    return read_points(data_dir() / "sample_institutions.csv")


@pytest.fixture
def session(project, sample) -> Session:
    """A project as the app starts it: no list of the user's, the sample added and marked as the placeholder."""
    assert placeholder.wanted(project)
    project.add_dataset(sample[0])
    placeholder.mark(project, sample[0].name)
    s = Session(project, snap_to_districts=False)
    s.import_reports[sample[0].name] = sample[1]
    s.set_point_style(sample[0].name, {"renderer": "heatmap"})
    s.dirty = False
    return s


def test_the_first_list_replaces_the_placeholder_as_one_undoable_step(session, sample):
    session.add_dataset(_list("名单"))
    command = session.replace_placeholder("移除合成示例数据")
    assert command is not None and command.dataset is sample[0]
    session.history.push(command, session)
    assert list(session.project.datasets) == ["名单"] and session.active_dataset == "名单"
    assert placeholder.name(session.project) is None and not placeholder.wanted(session.project)
    assert session.replace_placeholder("again") is None  # nothing left to replace
    headline = session.result.as_dict()
    session.undo()  # the sample back as it was: drawn and listed, its report and style, still the placeholder
    assert list(session.project.datasets) == ["名单", sample[0].name]
    assert placeholder.name(session.project) == sample[0].name
    assert session.import_reports[sample[0].name] is sample[1]
    assert session.point_style(sample[0].name) == {"renderer": "heatmap"}
    assert session.active_dataset == "名单" and session.result.as_dict() == headline  # the headline stays the user's
    session.redo()
    assert list(session.project.datasets) == ["名单"]


def test_a_dismissed_placeholder_never_comes_back_to_the_saved_project(session, tmp_path):
    session.add_dataset(_list("名单"))
    session.history.push(session.replace_placeholder("移除合成示例数据"), session)
    path = tmp_path / "p.gpkg"
    session.save(path)
    reopened = Project.load(path)
    assert list(reopened.datasets) == ["名单"]
    assert POINT_STYLE_PREFIX + "sample_institutions" not in reopened.metadata
    session.remove_dataset("名单")  # even with no list left, the sample is not wanted in this project
    session.save(path)
    assert not Project.load(path).datasets and not placeholder.wanted(Project.load(path))


def test_removing_the_placeholder_by_hand_dismisses_it(session, tmp_path):
    session.remove_dataset("sample_institutions")
    assert not placeholder.wanted(session.project)
    session.save(tmp_path / "p.gpkg")
    assert not placeholder.wanted(Project.load(tmp_path / "p.gpkg"))


def test_a_saved_placeholder_is_still_one_when_reopened(session, tmp_path):
    session.save(tmp_path / "p.gpkg")
    reopened = Session(Project.load(tmp_path / "p.gpkg"), snap_to_districts=False)
    assert placeholder.name(reopened.project) == "sample_institutions"
    reopened.add_dataset(_list("名单"))
    assert reopened.replace_placeholder("移除合成示例数据") is not None


def test_the_sample_file_imported_by_the_user_is_theirs(session, sample):
    mine, report = read_points(data_dir() / "sample_institutions.csv")
    session.add_dataset(mine, report)  # the same name: it replaces the placeholder and is the user's list now
    assert session.replace_placeholder("移除合成示例数据") is None
    assert placeholder.name(session.project) is None
    session.add_dataset(_list("名单"))
    assert session.replace_placeholder("移除合成示例数据") is None
    assert list(session.project.datasets) == ["sample_institutions", "名单"]


def test_no_placeholder_in_a_project_with_lists_or_never_marked(project):
    project.add_dataset(_list("名单"))
    assert not placeholder.wanted(project)
    session = Session(project, snap_to_districts=False)
    session.add_dataset(_list("第二份"))
    assert session.replace_placeholder("移除合成示例数据") is None
