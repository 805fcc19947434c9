"""Column operations that scale to a million rows give the row-by-row result."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from corridor_gis.frames import take_sorted


@pytest.mark.parametrize("dtype", ["str", "string"])
def test_take_sorted_of_a_chunked_column_equals_the_take(dtype: str) -> None:
    """A column read in blocks (several Arrow chunks) gives the rows a take gives, chunk by chunk."""
    import pyarrow as pa

    chunks = [pa.array([f"机构{i}" for i in range(start, start + size)], pa.large_string())
              for start, size in ((0, 5), (5, 0), (5, 7), (12, 3))]
    values = pa.table({"name": pa.chunked_array(chunks)}).to_pandas()["name"].astype(dtype)
    assert values.array.__arrow_array__().num_chunks > 1
    for positions in ([0, 4, 5, 11, 14], [6], list(range(15)), []):
        got = take_sorted(values, np.array(positions, dtype=np.int64))
        pd.testing.assert_series_equal(got, values.take(positions).reset_index(drop=True))
