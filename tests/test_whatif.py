"""The what-if comparison behind ``corridor-gis compare`` and the app's dialog."""

from __future__ import annotations

import shapely

from corridor_gis import paths
from corridor_gis.analysis import compute_ratio
from corridor_gis.areas import zone_areas
from corridor_gis.io import read_points
from corridor_gis.report import pct
from corridor_gis.whatif import compare, compare_versions

SAMPLE = paths.data_dir() / "sample_institutions.csv"


def _shrunk(project):
    b = project.copy()
    b.set_city_geometry("youth", shapely.buffer(b.city_geometries()["youth"], -0.003))
    return b


def test_json_document_is_areas_and_ratio_of_each_side(project):
    dataset, _ = read_points(SAMPLE)
    b = _shrunk(project)
    doc = compare(project, b, dataset)
    assert set(doc) == {"a", "b"}
    assert doc["a"]["areas"] == [z.as_dict() for z in zone_areas(project, ("corridor", "cities"))]
    assert doc["b"]["ratio"] == compute_ratio(b, dataset).as_dict()
    assert "ratio" not in compare(project, b, None)["a"]


def test_rows_show_the_change(project):
    dataset, _ = read_points(SAMPLE)
    b = _shrunk(project)
    comparison = compare_versions(project, b, dataset)
    rows = {r.label: r for r in comparison.rows("zh")}
    youth = rows["青年科创城 km²"]
    assert float(youth.diff) < -1 and float(youth.b) < float(youth.a)
    assert rows["海洋科技城 km²"].diff == "+0.000"
    share = rows["科创大走廊集聚度"]
    ra, rb = comparison.a.result.corridor, comparison.b.result.corridor
    assert share.a.startswith(pct(ra.share)) and share.b.startswith(pct(rb.share))
    assert share.diff == f"{100 * (rb.share - ra.share):+.2f} pts"
    inside = rows["青年科创城 走廊内"]
    assert int(inside.diff) == comparison.b.result.by_city["youth"]["inside"] - \
        comparison.a.result.by_city["youth"]["inside"] <= 0
    en = [r.label for r in comparison.rows("en")]
    assert "Corridor concentration" in en and any(label.endswith(" inside") for label in en)


def test_rows_without_dataset_are_areas_only(project):
    rows = compare_versions(project, project, None).rows()
    assert [r.label for r in rows] == [f"{n} km²" for n in project.cities["name_zh"]] + ["走廊合计 km²"]
