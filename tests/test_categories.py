"""Category labels as agencies write them: category and level by meaning, the reader's vectorised helper,
level specs."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from corridor_gis.categories import (
    CATEGORIES,
    LEVELS,
    Classification,
    category_name,
    classify,
    classify_column,
    classify_labels,
    normalise_category,
    parse_levels,
)
from corridor_gis.category_map import CategoryMap

TABLE = Path(__file__).parent / "data" / "labels.csv"
with open(TABLE, encoding="utf-8") as fh:
    LABELS = list(csv.DictReader(fh))


def test_table_is_big_enough():
    assert len(LABELS) >= 60
    assert {row["category"] for row in LABELS} == {"key_lab", "new_rd", "platform", "hitech_firm", "unknown"}
    assert set(row["level"] for row in LABELS) == set(LEVELS)


@pytest.mark.parametrize("row", LABELS, ids=[r["label"] or "(blank)" for r in LABELS])
def test_label_table(row):
    expected = Classification(None if row["category"] == "unknown" else row["category"], row["level"])
    assert classify(row["label"]) == expected


def test_issue_labels_left_out_before_are_recognised():
    """The four labels that cost 609 of 1,499 institutions in issue 12."""
    got = [classify(x) for x in ("山东省重点实验室", "省级新型研发机构", "省级以上创新平台", "国家级企业技术中心")]
    assert [(c.category, c.level) for c in got] == [
        ("key_lab", "provincial"), ("new_rd", "provincial"), ("platform", "provincial"), ("platform", "national")]


@pytest.mark.parametrize("label, cid", [
    # the exact synonyms of earlier versions keep their meaning
    ("重点实验室", "key_lab"), ("国家重点实验室", "key_lab"), ("市重点实验室", "key_lab"), ("key lab", "key_lab"),
    ("key laboratory", "key_lab"), ("laboratory", "key_lab"), ("keylab", "key_lab"), ("新型研发机构", "new_rd"),
    ("new r&d", "new_rd"), ("new rd", "new_rd"), ("r&d institution", "new_rd"), ("new_rd", "new_rd"),
    ("rd institute", "new_rd"), ("工程研究中心", "platform"), ("制造业创新中心", "platform"),
    ("platform", "platform"), ("innovation center", "platform"), ("高新技术企业", "hitech_firm"),
    ("高新技術企業", "hitech_firm"), ("hitech firm", "hitech_firm"), ("hitech_firm", "hitech_firm"),
    ("firm", "hitech_firm"), ("high tech", "hitech_firm"), ("High-Tech Enterprise", "hitech_firm"),
])
def test_old_synonyms_still_map(label, cid):
    assert normalise_category(label) == cid


def test_whitespace_case_and_full_width_do_not_matter():
    assert classify("  山东省 重点实验室 ") == classify("山东省重点实验室")
    assert classify("ＳＴＡＴＥ　ＫＥＹ　ＬＡＢ") == Classification("key_lab", "national")
    assert classify(None) == classify(float("nan")) == Classification(None, "unknown")


def test_category_name_shows_unknown_labels_as_given():
    assert category_name("key_lab") == "重点实验室"
    assert category_name("key_lab", "en") == "Key laboratory"
    assert category_name("火星基地") == "火星基地"


def test_classify_labels_matches_the_reader_contract():
    labels = pd.Series(["国家重点实验室", "餐饮企业", "", "(none)", "高企", "国家重点实验室"],
                       index=[5, 6, 7, 8, 9, 10])
    out = classify_labels(labels)
    assert list(out.index) == [5, 6, 7, 8, 9, 10]
    assert list(out["category"]) == ["key_lab", "餐饮企业", "(none)", "(none)", "hitech_firm", "key_lab"]
    assert list(out["level"]) == ["national", "unknown", "unknown", "unknown", "unknown", "national"]


def test_classify_labels_with_overrides():
    m = CategoryMap()
    m.set("孵化器", "platform", "municipal")
    m.set("研究所", "unknown")
    m.set("重点实验室", "key_lab", "provincial")
    out = classify_labels(pd.Series(["孵化器", "研究所", "重点实验室", "省级重点实验室"]), m)
    assert list(out["category"]) == ["platform", "研究所", "key_lab", "key_lab"]
    assert list(out["level"]) == ["municipal", "unknown", "provincial", "provincial"]


def test_classify_labels_classifies_each_distinct_label_once(monkeypatch):
    import corridor_gis.categories as mod

    seen = []
    real = mod.classify
    monkeypatch.setattr(mod, "classify", lambda label: seen.append(label) or real(label))
    labels = pd.Series(np.repeat(["国家重点实验室", "高企", "中学"], 100_000))
    out = mod.classify_labels(labels)
    assert sorted(seen) == sorted(["国家重点实验室", "高企", "中学"])
    assert (out["category"].to_numpy()[:100_000] == "key_lab").all()


@pytest.mark.parametrize("spec, levels", [
    ("national", {"national"}),
    ("provincial+", {"national", "provincial"}),
    ("municipal+", {"national", "provincial", "municipal"}),
    ("district+", {"national", "provincial", "municipal", "district"}),
    ("all", set(LEVELS)),
    ("national,municipal", {"national", "municipal"}),
    ("provincial+, unknown", {"national", "provincial", "unknown"}),
    ("省级以上", {"national", "provincial"}),
    ("市级及以上", {"national", "provincial", "municipal"}),
])
def test_parse_levels(spec, levels):
    assert parse_levels(spec) == levels


@pytest.mark.parametrize("spec", ["regional", "provincial++", "", "unknown+"])
def test_parse_levels_refuses_unknown_specs(spec):
    with pytest.raises(ValueError):
        parse_levels(spec)


def test_a_separate_level_column_states_the_level():
    labels = pd.Series(["重点实验室", "国家重点实验室", "创新平台", "孵化器", "新型研发机构"])
    level_column = pd.Series(["省级", "省级", "", "市级", "National"])
    m = CategoryMap()
    m.set("孵化器", "platform", "district")
    out = classify_labels(labels, m, level_labels=level_column)
    assert list(out["category"]) == ["key_lab", "key_lab", "platform", "platform", "new_rd"]
    # the column wins over the label's prefix; a blank cell keeps the label's; the user's map wins over both
    assert list(out["level"]) == ["provincial", "provincial", "unknown", "district", "national"]


@pytest.mark.parametrize("index", [None, np.arange(300) * 2 + 7])
def test_classify_column_equals_the_row_by_row_steps(index):
    """One hash of a raw category column gives what stripping each cell, classifying the labels and picking
    the labels the rules do not know give row by row (missing cells, padded and clean labels, an index)."""
    raw = [" 国家重点实验室", None, "省级新型研发机构 ", "孵化器", "", np.nan, "孵化器 ", "(none)", "高新技术企业",
           "市级技术创新中心"] * 30
    values = pd.Series(raw, dtype="str", index=index)
    labels, classes, unknown = classify_column(values)
    expected_labels = values.astype(str).str.strip()
    pd.testing.assert_series_equal(labels, expected_labels)
    pd.testing.assert_frame_equal(classes, classify_labels(expected_labels))
    row_by_row = ~classes["category"].isin(list(CATEGORIES)) & (expected_labels != "(none)")
    assert np.array_equal(unknown, row_by_row.to_numpy()) and unknown.any()
    clean = pd.Series(["国家重点实验室", "孵化器"] * 5, dtype="str")
    assert classify_column(clean)[0] is clean  # nothing to strip: the column itself
