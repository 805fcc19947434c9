"""The plan's facts, stated once (seed 002): the three cities sum to the corridor's 190.71 km²."""

from __future__ import annotations

from corridor_gis import plan


def test_the_three_cities_sum_to_the_corridor():
    assert round(sum(c.planned_km2 for c in plan.CITIES), 2) == plan.CORRIDOR_PLANNED_KM2 == 190.71
    assert plan.CITY_IDS == ("ocean", "youth", "digital")


def test_the_headline_categories_and_target_are_the_plans():
    assert plan.TARGET_CATEGORIES == ("key_lab", "new_rd", "platform")
    assert plan.TARGET_SHARE == 0.45 and plan.TARGET_GROWTH == 0.15
    assert set(plan.TARGET_CATEGORIES) <= set(plan.CATEGORY_BY_ID)


def test_every_readable_format_is_in_the_dialog_filter_and_the_sentence():
    patterns = plan.file_dialog_filter()
    for suffix in plan.TABLE_SUFFIXES | plan.VECTOR_SUFFIXES:
        assert f"*{suffix}" in patterns
    assert "KML" in plan.formats_sentence() and "Excel 97-2003" in plan.formats_sentence()
