"""Per-distinct column operations give the row-by-row result (missing values included)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from corridor_gis.frames import per_distinct


def test_per_distinct_equals_the_row_by_row_result() -> None:
    values = pd.Series([" 国家重点实验室", None, "省级 ", "国家重点实验室 ", np.nan, "省级 "] * 50, dtype="str")
    expected = values.astype(str).str.strip()
    got = per_distinct(values, lambda s: s.astype(str).str.strip())
    pd.testing.assert_series_equal(got, expected)


def test_per_distinct_of_clean_values_equals_the_row_by_row_result() -> None:
    """Labels that need no cleaning come back unchanged, with their index (a sliced frame keeps its rows)."""
    values = pd.Series(["国家重点实验室", "省级", "高新技术企业"] * 50, dtype="str", index=np.arange(150) * 2 + 7)
    expected = values.astype(str).str.strip()
    got = per_distinct(values, lambda s: s.astype(str).str.strip())
    pd.testing.assert_series_equal(got, expected)
