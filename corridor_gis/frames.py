"""Column operations on pandas frames that scale to a million rows (shared by the readers and the rules)."""

from __future__ import annotations

import numpy as np
import pandas as pd


def take_sorted(values: pd.Series, positions: np.ndarray) -> pd.Series:
    """``values.take(positions)`` with a fresh index, for ascending ``positions`` (a few rows of a million).

    Arrow's take on a chunked string column (a CSV read in blocks, a GeoPackage read in batches) first
    concatenates every chunk, ~20 ms and the column's size in fresh memory per column, whether it takes four
    rows or a million; here each chunk gives its own rows. Same values and dtype as the take."""
    array = values.array
    chunked = array.__arrow_array__() if isinstance(values.dtype, pd.StringDtype) and \
        hasattr(array, "__arrow_array__") else None
    if chunked is None or getattr(chunked, "num_chunks", 1) <= 1:
        return values.take(positions).reset_index(drop=True)
    import pyarrow as pa

    starts = np.cumsum([0] + [len(chunk) for chunk in chunked.chunks])
    which = np.searchsorted(starts, positions, side="right") - 1
    pieces = [chunked.chunk(k).take(pa.array(positions[which == k] - starts[k])) for k in np.unique(which)]
    taken = pa.chunked_array(pieces, type=chunked.type)
    return pd.Series(pd.arrays.ArrowStringArray(taken), dtype=values.dtype, name=values.name)
