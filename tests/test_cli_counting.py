"""--count, --level and --category-map: parsed into one CountingChoice, bad values refused with exit 2."""

from __future__ import annotations

import argparse

import pytest

from corridor_gis.analysis import compute_ratio
from corridor_gis.cli_counting import CountingChoice, add_counting_options, counting_from
from corridor_gis.errors import InputError


def parse(*argv: str) -> CountingChoice:
    parser = argparse.ArgumentParser()
    add_counting_options(parser)
    return counting_from(parser.parse_args(list(argv)))


def test_defaults_are_the_plans_choice():
    choice = parse()
    assert choice == CountingChoice(None, None, None)
    assert choice.counter_kwargs() == {"counted_categories": None, "counted_levels": None}


def test_count_and_level():
    choice = parse("--count", "hitech_firm, key_lab,new_rd,platform", "--level", "provincial+")
    assert choice.categories == ("key_lab", "new_rd", "platform", "hitech_firm")  # the plan's order
    assert choice.levels == {"national", "provincial"}
    assert parse("--count", "all").categories == ("all",)
    assert parse("--count", "重点实验室,High-tech enterprise").categories == ("key_lab", "hitech_firm")


def test_category_map_is_loaded(tmp_path):
    path = tmp_path / "map.csv"
    path.write_text("label,category,level\n孵化器,platform,municipal\n", encoding="gbk")
    assert parse("--category-map", str(path)).category_map.entries == {"孵化器": ("platform", "municipal")}


@pytest.mark.parametrize("argv, words", [
    (("--count", "key_lab,labs"), "unknown category 'labs' in --count"),
    (("--count", ","), "--count is empty"),
    (("--level", "regional"), "--level 'regional'"),
])
def test_bad_values_are_input_errors(argv, words):
    with pytest.raises(InputError) as info:
        parse(*argv)
    assert words in str(info.value) and "What to do" in str(info.value)


def test_bad_map_names_its_row(tmp_path):
    path = tmp_path / "map.csv"
    path.write_text("label,category,level\n孵化器,incubator,\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        parse("--category-map", str(path))
    assert (info.value.row, info.value.column) == (2, "category")


def test_choice_drives_the_count(bundled_project):
    import geopandas as gpd
    import shapely

    from corridor_gis.model import Dataset

    p = shapely.point_on_surface(bundled_project.city_geometries()["youth"])
    pts = gpd.GeoDataFrame({"category": ["key_lab", "hitech_firm", "platform"],
                            "level": ["national", "national", "municipal"]},
                           geometry=gpd.points_from_xy([p.x] * 3, [p.y] * 3), crs="EPSG:4326")
    choice = parse("--count", "key_lab,platform,hitech_firm", "--level", "provincial+")
    result = compute_ratio(bundled_project, Dataset("t", pts), **choice.counter_kwargs())
    assert result.corridor.total == 2 and result.counted_levels == ["national", "provincial"]
