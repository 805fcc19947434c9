"""Shared fixtures: the bundled project, temporary copies, Qingdao's extent for property tests."""

from __future__ import annotations

import csv
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely

from corridor_gis.model import Project


@pytest.fixture(scope="session")
def bundled_project() -> Project:
    """The bundled zones, loaded once; tests that modify must use ``project``."""
    return Project.bundled()


@pytest.fixture
def project(bundled_project: Project) -> Project:
    """A private, modifiable copy of the bundled project."""
    return bundled_project.copy()


# ------------------------------------------------------------------------------ the bad-input corpus
BAD_CORPUS = Path(__file__).parent / "data" / "bad"


def _bad_cases() -> list[dict]:
    with open(BAD_CORPUS / "manifest.csv", encoding="utf-8") as fh:
        return [row for row in csv.DictReader(fh) if row["command"] != "sidecar"]


def pytest_generate_tests(metafunc):
    """A test that takes ``bad_case`` runs once per case of tests/data/bad/manifest.csv (made by
    tools/make_bad_corpus.py) — the cases its ``@pytest.mark.bad_corpus(select=…)`` marker selects, or all."""
    if "bad_case" in metafunc.fixturenames:
        cases = _bad_cases()
        marker = metafunc.definition.get_closest_marker("bad_corpus")
        if marker is not None:
            cases = [c for c in cases if marker.kwargs["select"](c)]
        metafunc.parametrize("bad_case", cases, ids=[c["file"] for c in cases])


@pytest.fixture
def bad_corpus() -> Path:
    """The folder of the bad-input corpus."""
    return BAD_CORPUS


@pytest.fixture
def bad_cases() -> list[dict]:
    """Every case of the bad-input corpus (file, command, args, exit, expect)."""
    return _bad_cases()


# --------------------------------------------------------------------------- files as users have them
def _lab_points(n: int, rng: np.random.Generator) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"名称": [f"机构{i}" for i in range(n)], "类别": ["重点实验室"] * n},
                            geometry=gpd.points_from_xy(rng.uniform(120.35, 120.7, n), rng.uniform(36.1, 36.4, n)),
                            crs=4326)


@pytest.fixture
def two_lists(tmp_path) -> Path:
    """A GeoPackage with the 2024 and the 2025 list (5 and 7 institutions) and a polygon layer."""
    rng = np.random.default_rng(14)
    path = tmp_path / "名单.gpkg"
    _lab_points(5, rng).to_file(path, layer="2024年名单")
    _lab_points(7, rng).to_file(path, layer="2025年名单")
    gpd.GeoDataFrame({"name": ["区"]}, geometry=[shapely.box(120.3, 36.0, 120.8, 36.5)], crs=4326).to_file(
        path, layer="范围")
    return path


#: the six labs of the government-style workbook (row 4 onwards)
GOV_RNG = np.random.default_rng(12)
GOV_LON = np.round(GOV_RNG.uniform(120.35, 120.7, 6), 6)
GOV_LAT = np.round(GOV_RNG.uniform(36.1, 36.4, 6), 6)
GOV_NAMES = [f"实验室{i}" for i in range(6)]


@pytest.fixture
def government_workbook(tmp_path):
    """Makes an .xlsx as agencies do: title (merged A1:D1) in row 1, a blank row 2, the header in row 3, six
    labs from row 4 (``bad_row``: that row's longitude is 待补充). Returns the file's path."""
    from openpyxl import Workbook

    def make(bad_row: int | None = None, name: str = "名录.xlsx") -> Path:
        wb = Workbook()
        ws = wb.active
        ws.title = "名录"
        ws["A1"] = "2025年青岛市重点实验室名录"
        ws.merge_cells("A1:D1")
        ws.append([])
        ws.append(["名称", "类别", "经度", "纬度"])
        for i, row in enumerate(zip(GOV_NAMES, ["山东省重点实验室"] * 6, GOV_LON, GOV_LAT, strict=True)):
            row = list(row)
            if bad_row is not None and i + 4 == bad_row:
                row[2] = "待补充"
            ws.append(row)
        path = tmp_path / name
        wb.save(path)
        return path

    return make
