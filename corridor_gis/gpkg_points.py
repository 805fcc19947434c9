"""Point layers of a GeoPackage read through Arrow with the coordinates taken off the WKB bytes.

A million shapely Points cost ~2 s to build from WKB and ~150 MB to hold; the figures need only two float
arrays. Used by the point reader (importing a list) and by the project loader (a saved dataset). Kept apart
from both so that neither imports the other.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pyogrio
from pyogrio.errors import DataLayerError, DataSourceError


def read_point_layer(path: Path, layer: str | None) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, str | None] | None:
    """(attributes, x, y, CRS as GDAL names it) of a layer of 2D points in little-endian WKB without nulls;
    ``None`` for anything else or a file GDAL cannot read this way (the caller reads it the usual way)."""
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="More than one layer found")
            meta, table = pyogrio.read_arrow(path, **({"layer": layer} if layer is not None else {}))
    except (DataSourceError, DataLayerError, UnicodeDecodeError, OSError, ValueError):
        return None
    name = meta.get("geometry_name") or "wkb_geometry"
    if name not in table.column_names:
        return None
    xy = _wkb_point_xy(table[name])
    if xy is None:
        return None
    return table.drop_columns([name]).to_pandas(), xy[0], xy[1], meta.get("crs")


def _wkb_point_xy(column) -> tuple[np.ndarray, np.ndarray] | None:
    """x, y of a WKB column whose every value is a 21-byte little-endian 2D Point; else ``None``."""
    import pyarrow as pa

    array = column.combine_chunks() if hasattr(column, "combine_chunks") else column
    if array.null_count or not (pa.types.is_binary(array.type) or pa.types.is_large_binary(array.type)):
        if not isinstance(array.type, pa.ExtensionType) or array.null_count:
            return None
        array = array.storage
        if not (pa.types.is_binary(array.type) or pa.types.is_large_binary(array.type)):
            return None
    n = len(array)
    _, offsets_buf, data_buf = array.buffers()
    offsets = np.frombuffer(offsets_buf, dtype=np.int64 if pa.types.is_large_binary(array.type) else np.int32)
    offsets = offsets[array.offset: array.offset + n + 1]
    if n == 0 or not (np.diff(offsets) == 21).all():
        return None
    data = np.frombuffer(data_buf, dtype=np.uint8)[offsets[0]: offsets[-1]].reshape(n, 21)
    if not ((data[:, 0] == 1).all() and (data[:, 1:5].copy().view("<u4").ravel() == 1).all()):
        return None
    coords = data[:, 5:21].copy().view("<f8")
    return coords[:, 0].copy(), coords[:, 1].copy()
