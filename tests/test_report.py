"""The ratio report as every face shows it: sentences in both languages, rows from the same core
functions (analysis, areas), chart data = the categories."""

from __future__ import annotations

import pandas as pd
import pytest

from corridor_gis import paths
from corridor_gis.analysis import ShareStats, compute_ratio
from corridor_gis.areas import zone_areas
from corridor_gis.io import read_points
from corridor_gis.plan import CITIES, TARGET_CATEGORIES
from corridor_gis.report import COLOURS, build_report, pct, unknown_sentence

SAMPLE = paths.data_dir() / "sample_institutions.csv"
UNKNOWN = {"孵化器": 9, "众创空间": 5, "大学": 3, "医院": 2}


@pytest.fixture(scope="module")
def eight(tmp_path_factory):
    """The sample's first 600 rows with 19 rows relabelled into 4 unknown categories: 8 categories."""
    table = pd.read_csv(SAMPLE).head(600)
    labels = [label for label, n in UNKNOWN.items() for _ in range(n)]
    table.loc[table.index[:len(labels)], "类别"] = labels
    path = tmp_path_factory.mktemp("eight") / "八类名单.csv"
    table.to_csv(path, index=False)
    return read_points(path)


@pytest.fixture(scope="module")
def sample():
    return read_points(SAMPLE)


def test_pct_is_one_format():
    assert pct(0.4412) == "44.1%" and pct(0.45) == "45.0%" and pct(None) == "—"


def test_shortfall_sentence_zh_and_en(bundled_project, sample):
    dataset, imported = sample
    result = compute_ratio(bundled_project, dataset, target=0.6)  # far above the sample's share: not met
    c = result.corridor
    assert not c.met and c.shortfall_new > 0
    zh = build_report(result, imported, bundled_project, "zh")
    en = build_report(result, imported, bundled_project, "en")
    assert zh.headline.shortfall == f"差距：新增 {c.shortfall_new} 个，或迁入 {c.shortfall_moved} 个"
    assert en.headline.shortfall == f"Shortfall: {c.shortfall_new} new inside, or {c.shortfall_moved} moved inside"
    assert zh.headline.mark == "✗" and zh.headline.colour == COLOURS["not_met"]
    assert zh.headline.share_text == pct(c.share)


def test_met_has_no_shortfall(bundled_project, sample):
    dataset, imported = sample
    report = build_report(compute_ratio(bundled_project, dataset, target=0.1), imported, bundled_project)
    assert report.headline.met and report.headline.shortfall is None and report.headline.mark == "✓"
    assert report.headline.role == "met"


def test_unknown_categories_in_words_not_a_dict(bundled_project, eight):
    dataset, imported = eight
    assert imported.unknown_categories == UNKNOWN
    result = compute_ratio(bundled_project, dataset)
    zh = build_report(result, imported, bundled_project, "zh")
    en = build_report(result, imported, bundled_project, "en")
    assert zh.unknown_sentence == "另有 19 条记录类别未识别，未计入（标签：孵化器 9、众创空间 5、大学 3、医院 2）"
    assert en.unknown_sentence == ("19 more rows have an unrecognised category and are not counted "
                                   "(labels: 孵化器 9, 众创空间 5, 大学 3, 医院 2)")
    assert zh.unknown_sentence in zh.notes and "{" not in " ".join(zh.notes)
    # a dataset reopened from a project has no import report: the same sentence from the counts
    assert build_report(result, None, bundled_project, "zh").unknown_sentence == zh.unknown_sentence


def test_unknown_sentence_when_unknown_labels_are_the_share():
    sentence = unknown_sentence({"甲": 3}, counted=True, lang="zh")
    assert "全部记录" in sentence and "未计入" not in sentence
    many = unknown_sentence({f"L{i}": 1 for i in range(12)}, counted=False, lang="en")
    assert many.startswith("12 more rows") and many.endswith("…)")
    assert unknown_sentence({"x" * 500: 1}, counted=False).count("x") < 50  # user input is bounded


def test_category_rows_and_chart_are_by_category(bundled_project, eight):
    dataset, imported = eight
    result = compute_ratio(bundled_project, dataset)
    report = build_report(result, imported, bundled_project, "zh")
    assert [r.id for r in report.categories] == list(result.by_category)
    assert len(report.chart.bars) == 8
    for row, bar, (cid, s) in zip(report.categories, report.chart.bars, result.by_category.items(), strict=True):
        assert (row.total, row.inside, row.met) == (s.total, s.inside, s.met)
        assert (bar.name, bar.share, bar.met, bar.label) == (row.name, s.share, s.met, pct(s.share))
        assert row.counted == (cid in TARGET_CATEGORIES)
        assert row.known == (cid in {"key_lab", "new_rd", "platform", "hitech_firm"})
    assert report.categories[0].name == "重点实验室"
    assert build_report(result, imported, bundled_project, "en").categories[0].name == "Key laboratory"
    assert report.chart.target == result.corridor.target and report.chart.target_label == "目标 45.0%"


def test_city_rows_come_from_the_areas_module(bundled_project, sample):
    dataset, imported = sample
    result = compute_ratio(bundled_project, dataset)
    areas = {a.id: a for a in zone_areas(bundled_project, ("corridor", "cities"))}
    report = build_report(result, imported, bundled_project, "zh")
    assert [r.id for r in report.cities] == [c.id for c in CITIES] + ["corridor"]
    for row in report.cities:
        a = areas[row.id]
        assert (row.area_km2, row.planned_km2, row.diff_km2) == (a.area_km2, a.planned_km2, a.diff_km2)
        if row.is_total:
            assert (row.inside, row.share) == (result.corridor.inside, result.corridor.share)
        else:
            assert (row.inside, row.share) == (result.by_city[row.id]["inside"], result.by_city[row.id]["share"])
    assert [r.name for r in report.cities[:3]] == list(bundled_project.cities["name_zh"])
    en = build_report(result, imported, bundled_project, "en")
    assert en.cities[0].name == bundled_project.cities["name_en"].iloc[0] and en.cities[-1].name == "Corridor total"


def test_provenance_names_dataset_label_crs_and_file(bundled_project, sample):
    dataset, imported = sample
    report = build_report(compute_ratio(bundled_project, dataset), imported, bundled_project, source=dataset.source)
    assert report.label == "synthetic sample" and "sample_institutions（合成示例，非真实数据）" in report.provenance
    en = build_report(compute_ratio(bundled_project, dataset), imported, bundled_project, "en")
    assert "sample_institutions (synthetic sample)" in en.provenance
    assert report.source == "sample_institutions.csv" and "/" not in report.source
    assert "GCJ-02" in report.crs_sentence  # the reader's warning about unstated CRS travels with it
    assert report.duplicates == len(imported.duplicates) and report.placed == report.rows - report.skipped


def test_no_dataset_gives_areas_only(bundled_project):
    report = build_report(None, None, bundled_project, "en")
    assert report.headline is None and report.categories == [] and len(report.cities) == 4
    assert all(r.inside is None and r.area_km2 for r in report.cities)


def test_unreachable_target_sentence(bundled_project, sample):
    dataset, _ = sample
    result = compute_ratio(bundled_project, dataset, target=1.0)
    assert ShareStats.of(1, 2, 1.0).shortfall_new == -1
    assert "仅靠新增无法达到" in build_report(result, None, bundled_project).headline.shortfall


def test_an_unknown_label_gets_figures_but_no_verdict(bundled_project, eight):
    """孵化器 is listed with its counts, but neither ✓/✗ nor a shortfall: the target is the plan's
    categories' (the CLI text, the dashboard and the HTML panel all show the row's mark)."""
    dataset, imported = eight
    result = compute_ratio(bundled_project, dataset)
    rows = {r.id: r for r in build_report(result, imported, bundled_project, "zh").categories}
    for label in UNKNOWN:
        assert (rows[label].mark, rows[label].role, rows[label].shortfall) == ("—", "unknown", None)
        assert rows[label].total == UNKNOWN[label]
    assert rows["key_lab"].mark in ("✓", "✗") and rows["key_lab"].role in ("met", "not_met")
