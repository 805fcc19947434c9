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

from . import background


def read_point_layer(path: Path, layer: str | None) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, str | None] | None:
    """(attributes, x, y, CRS as GDAL names it) of a layer of 2D points in little-endian WKB without nulls;
    ``None`` for anything else or a file GDAL cannot read this way (the caller reads it the usual way)."""
    try:
        meta, table = background.collect(_arrow_key(path, layer), _read_arrow, path, layer)
    except (DataSourceError, DataLayerError, UnicodeDecodeError, OSError, ValueError):
        return None
    name = meta.get("geometry_name") or "wkb_geometry"
    if name not in table.column_names:
        return None
    xy = _wkb_point_xy(table[name])
    if xy is None:
        return None
    return table.drop_columns([name]).to_pandas(), xy[0], xy[1], meta.get("crs")


def _read_arrow(path: Path, layer: str | None):
    """(metadata, Arrow table) of a layer, as GDAL streams it."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="More than one layer found")
        return pyogrio.read_arrow(path, **({"layer": layer} if layer is not None else {}))


def start_reading(path: Path, layer: str | None = None) -> None:
    """Start GDAL's read of ``path``'s point list on a thread (GDAL works without the interpreter's lock)
    while a command imports the rest of what it needs: the layer the reader will choose
    (:func:`~corridor_gis.io.vector.choose_layer`: the one asked for, or the only point layer). Nothing starts
    when the reader would refuse the file; it says why itself. :func:`read_point_layer` collects the read for
    the same file, unchanged, and the same layer; otherwise it reads the file itself."""
    from .errors import InputError
    from .io.vector import choose_layer  # the reader's own choice (a function import: io.vector imports us)

    try:
        layer, _ = choose_layer(path, layer)
    except InputError:
        return
    if layer is not None:
        background.start(_arrow_key(path, layer), _read_arrow, path, layer)


def _arrow_key(path: Path, layer: str | None) -> tuple:
    """What a started read must match to be used: the file as it is now and the layer."""
    return background.file_key("gpkg_layer", path, layer)


def _wkb_point_xy(column) -> tuple[np.ndarray, np.ndarray] | None:
    """x, y of a WKB column whose every value is a 21-byte little-endian 2D Point; else ``None``.

    Read chunk by chunk through strided views of the WKB bytes, straight into the two output arrays: no
    concatenated copy of the column and no million-row temporaries (fresh memory is what costs most here)."""
    import pyarrow as pa

    chunks = column.chunks if hasattr(column, "chunks") else [column]
    n = sum(len(chunk) for chunk in chunks)
    if n == 0:
        return None
    x, y = np.empty(n), np.empty(n)
    start = 0
    for chunk in chunks:
        array = _binary_storage(chunk)
        if array is None:
            return None
        k = len(array)
        if k == 0:
            continue
        _, offsets_buf, data_buf = array.buffers()
        offsets = np.frombuffer(offsets_buf, dtype=np.int64 if pa.types.is_large_binary(array.type) else np.int32)
        offsets = offsets[array.offset: array.offset + k + 1]
        if not (np.diff(offsets) == 21).all():
            return None
        first = int(offsets[0])
        order, kind = _field(data_buf, first, k, "u1"), _field(data_buf, first + 1, k, "<u4")
        if not ((order == 1).all() and (kind == 1).all()):  # little-endian, type 1 = 2D Point
            return None
        x[start: start + k] = _field(data_buf, first + 5, k, "<f8")
        y[start: start + k] = _field(data_buf, first + 13, k, "<f8")
        start += k
    return x, y


def _field(buffer, at: int, count: int, dtype: str) -> np.ndarray:
    """One field of ``count`` consecutive 21-byte WKB points, as a view (no copy) starting at byte ``at``."""
    return np.ndarray((count,), dtype=dtype, buffer=buffer, offset=at, strides=(21,))


def _binary_storage(array):
    """The binary array holding a chunk's WKB (an extension type's storage), or ``None`` for nulls or another
    type."""
    import pyarrow as pa

    if isinstance(array.type, pa.ExtensionType):
        array = array.storage
    if array.null_count or not (pa.types.is_binary(array.type) or pa.types.is_large_binary(array.type)):
        return None
    return array
