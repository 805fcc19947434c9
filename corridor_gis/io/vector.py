"""Vector files (GeoPackage, GeoJSON, Shapefile, KML/KMZ) → a table of point coordinates with per-row
reasons, the layer chosen explicitly, the attribute encoding of a Shapefile detected, and the CRS marked
as *stated* only when the file really states one."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyogrio.errors import DataLayerError, DataSourceError

from ..errors import InputError
from ..gpkg_points import read_point_layer
from .messages import clip, name_list, names_param, quoted
from .tables import detect_encoding

#: formats whose CRS is fixed by the format (WGS84) but whose real-world files are often GCJ-02
#: (exported from Amap-based tools): a CRS read from them counts as not stated
UNSTATED_CRS_SUFFIXES = (".kml", ".kmz")
#: the only encodings Chinese Shapefiles come in (pitfalls.md: a wider detector guesses cp949)
DBF_ENCODINGS = ("utf_8", "gb18030", "big5")
POINT_TYPES = ("Point", "MultiPoint", "Point Z", "MultiPoint Z", "3D Point", "3D MultiPoint", "Unknown")


def _open_error(path: Path, exc: Exception) -> InputError:
    return InputError(str(path), f"not a readable vector file ({clip(exc, 200)})",
                      hint="check it opens in QGIS; a Shapefile needs its .shx/.dbf beside it",
                      kind="vector_unreadable", params={"detail": clip(exc, 200)})


def list_layers(path: Path) -> list[tuple[str, str]]:
    """(layer name, geometry type) of every layer in the file."""
    try:
        return [(str(n), str(g)) for n, g in pyogrio.list_layers(path)]
    except (DataSourceError, OSError, ValueError) as exc:
        raise _open_error(path, exc) from None


def choose_layer(path: Path, layer: str | None) -> tuple[str | None, list[str]]:
    """The layer to read: the one named, or the only point layer; ``InputError`` listing them otherwise.

    pyogrio would read the first layer of a multi-layer GeoPackage with only a warning (pitfalls.md): a
    list of 2024 and 2025 institutions would silently give the 2024 figure.
    """
    layers = list_layers(path)
    names = [n for n, _ in layers]
    if layer is not None:
        if layer not in names:
            raise InputError(str(path), f"no layer named {quoted(layer)}; layers are {name_list(names)}",
                             hint="pass one of the layer names with --layer NAME", kind="no_such_layer",
                             params={"layer": clip(layer), "layers": names_param(names)})
        return layer, names
    if len(layers) <= 1:
        return (names[0] if names else None), names
    points = [n for n, g in layers if g in POINT_TYPES]
    if len(points) == 1:
        return points[0], names
    candidates = points or names
    raise InputError(str(path), f"the file has {len(candidates)} layers that could hold the list: "
                     f"{name_list(candidates)}", hint="choose one with --layer NAME (or in the import dialog)",
                     kind="layer_required", params={"n": len(candidates), "layers": names_param(candidates)})


def dbf_encoding(path: Path) -> str | None:
    """The attribute encoding of a Shapefile that does not state one (.cpg missing, no code page byte),
    detected among UTF-8, GB18030 and Big5; ``None`` when the file states it or its text is plain ASCII."""
    if path.suffix.lower() != ".shp":
        return None
    stem = path.with_suffix("")
    sidecars = {p.suffix.lower(): p for p in stem.parent.glob(stem.name + ".*") if p.stem == stem.name}
    dbf = sidecars.get(".dbf")
    if ".cpg" in sidecars or dbf is None:
        return None
    raw = dbf.read_bytes()
    if len(raw) < 32 or raw[29] != 0:  # byte 29: the language driver id (a code page GDAL honours)
        return None
    header_len = int.from_bytes(raw[8:10], "little")
    records = raw[header_len:]
    if records.isascii():
        return None
    try:
        return detect_encoding(records, DBF_ENCODINGS)
    except UnicodeDecodeError:
        return None


def geojson_states_crs(path: Path) -> bool:
    """True when a GeoJSON file has a top-level ``crs`` member (RFC 7946 dropped it: without it the
    coordinates are WGS84 by definition, but Amap-based tools write GCJ-02 without saying so)."""
    member = re.compile(r'"crs"\s*:\s*\{\s*"(type|properties)"')
    with open(path, "rb") as fh:
        head = fh.read(1 << 20).decode("utf-8", "replace")
        fh.seek(max(0, path.stat().st_size - (64 << 10)))
        tail = fh.read().decode("utf-8", "replace")
    features = head.find('"features"')
    before = head[:features] if features >= 0 else head
    # GDAL writes the member before "features"; a serialiser that sorts or appends keys writes it after
    after = tail[tail.rfind("]"):] if "]" in tail else ""
    return member.search(before) is not None or member.search(after) is not None


def crs_is_stated(path: Path, file_crs: str | None) -> bool:
    """Whether the file itself states its CRS (see :func:`geojson_states_crs`, KML)."""
    suffix = path.suffix.lower()
    if file_crs is None or suffix in UNSTATED_CRS_SUFFIXES:
        return False
    if suffix in (".geojson", ".json"):
        return geojson_states_crs(path)
    return True


def read_vector_frame(path: Path, layer: str | None, encoding: str | None, max_features: int | None = None
                      ) -> tuple[gpd.GeoDataFrame, str | None]:
    """The layer as a GeoDataFrame and its CRS (as GDAL reads it).

    A GeoPackage (UTF-8 by its specification) is read through Arrow: at 1M points ~3x faster than GDAL's
    row-by-row path, whose strings become Python objects first. Any other format, or a GeoPackage Arrow
    cannot read, takes the row path (GDAL recodes Shapefile/KML text there)."""
    kwargs = {"layer": layer} if layer is not None else {}
    if encoding:
        kwargs["encoding"] = encoding
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="More than one layer found")
            frame = None
            if path.suffix.lower() == ".gpkg" and not encoding:
                try:
                    frame = pyogrio.read_dataframe(path, max_features=max_features, use_arrow=True, **kwargs)
                except (DataSourceError, DataLayerError, UnicodeDecodeError):
                    frame = None  # read again below, where a problem gets its own message
            if frame is None:
                frame = pyogrio.read_dataframe(path, max_features=max_features, **kwargs)
            info = pyogrio.read_info(path, **({"layer": layer} if layer is not None else {}))
    except (DataSourceError, DataLayerError, OSError, ValueError) as exc:
        raise _open_error(path, exc) from None
    return frame, info.get("crs")


def read_gpkg_points(path: Path, layer: str | None) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, str | None] | None:
    """A GeoPackage point layer straight from Arrow (:func:`corridor_gis.gpkg_points.read_point_layer`): the
    table :func:`point_table` would give, without a shapely geometry per row. ``None`` when the layer is not
    plain 2D points (then :func:`read_vector_frame` reads it the usual way)."""
    if path.suffix.lower() != ".gpkg":
        return None
    read = read_point_layer(path, layer)
    if read is None:
        return None
    attrs, x, y, crs = read
    empty = np.isnan(x) & np.isnan(y)  # WKB writes POINT EMPTY as NaN NaN
    return _with_geometry_columns(attrs, x, y, ~empty, empty), x, y, crs


def _with_geometry_columns(table: pd.DataFrame, x: np.ndarray, y: np.ndarray, ok: np.ndarray,
                           empty: np.ndarray, is_point: np.ndarray | None = None) -> pd.DataFrame:
    """The attributes plus the columns the validator reads: per-row reason (only when a row has one: a
    million-row text column costs ~0.5 s to build), ok flags, raw x/y, row number."""
    extra = {}
    if (is_point is not None and not is_point.all()) or empty.any():
        # object array: a fixed-width text array of 1M reasons would take ~200 MB
        reasons = np.full(len(table), "", dtype=object)
        if is_point is not None:
            reasons[~is_point] = "not a point geometry (import points, e.g. centroids)"
        reasons[empty] = "empty geometry"
        extra["_geom_reason"] = reasons
    columns = pd.DataFrame({**extra, "_x_ok": ok, "_y_ok": ok, "_x_raw": x, "_y_raw": y,
                            "_row": np.arange(1, len(table) + 1)}, index=table.index, copy=False)
    # beside the attributes without a copy (``assign`` copies every array it is given: ~25 MB at 1M rows)
    return pd.concat([table, columns], axis=1)


def point_table(path: Path, frame: gpd.GeoDataFrame) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Attributes plus x/y of each feature; rows that are not single points carry a reason."""
    if "geometry" not in frame or not isinstance(frame, gpd.GeoDataFrame):
        raise InputError(str(path), "the layer has no geometry column",
                         hint="use a point layer, or a table with lon/lat columns (CSV/XLSX)", kind="no_geometry")
    geoms = np.asarray(frame.geometry.values)
    kinds = shapely.get_type_id(geoms)
    multi = kinds == 4
    if multi.any():  # MultiPoints with one part are points; anything else is reported per row
        single = shapely.get_num_geometries(geoms) == 1
        pts = np.where(multi & single, shapely.get_geometry(geoms, 0), geoms)
        is_point = shapely.get_type_id(pts) == 0
    else:  # the usual point layer: no second pass over a million geometries
        pts, is_point = geoms, kinds == 0
    empty = shapely.is_empty(pts) | (kinds < 0)
    ok = is_point & ~empty
    x = np.full(len(frame), np.nan)
    y = np.full(len(frame), np.nan)
    if ok.any():
        x[ok] = shapely.get_x(pts[ok])
        y[ok] = shapely.get_y(pts[ok])
    return _with_geometry_columns(pd.DataFrame(frame.drop(columns="geometry")), x, y, ok, empty, is_point), x, y
