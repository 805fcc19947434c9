"""+15% indicators: growth and status, labelled sample, clear errors."""

from __future__ import annotations

import pytest

from corridor_gis.errors import InputError
from corridor_gis.indicators import load_indicators


def test_sample_table_is_labelled_and_computed():
    items = load_indicators()
    assert {i.id for i in items} == {"patents_per_10k", "talent_total", "hitech_firms"}
    for i in items:
        assert "sample" in i.label
        assert i.growth == pytest.approx((i.current - i.baseline) / i.baseline)
        assert i.met == (i.growth >= 0.15)


def test_exactly_fifteen_percent_meets(tmp_path):
    path = tmp_path / "ind.csv"
    path.write_text("id,name_zh,baseline_year,baseline,current_year,current\n"
                    "x,高企,2023,100,2025,115\ny,人才,2023,100,2025,114.9\n", encoding="utf-8")
    a, b = load_indicators(path)
    assert a.met and not b.met


def test_bad_value_names_row_and_column(tmp_path):
    path = tmp_path / "ind.csv"
    path.write_text("id,name_zh,baseline_year,baseline,current_year,current\n"
                    "x,高企,2023,100,2025,115\ny,人才,2023,abc,2025,1\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_indicators(path)
    assert info.value.row == 3 and info.value.column == "baseline"


def test_zero_baseline_refused(tmp_path):
    path = tmp_path / "ind.csv"
    path.write_text("id,name_zh,baseline_year,baseline,current_year,current\nx,高企,2023,0,2025,1\n",
                    encoding="utf-8")
    with pytest.raises(InputError, match="positive"):
        load_indicators(path)
