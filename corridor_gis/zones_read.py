"""Reading a boundary file as the planners' tools write it: the layer, the text encoding and the CRS.

Formats: Shapefile (.shp with .prj/.cpg, or zipped), GeoPackage, GeoJSON, KML/KMZ and DXF, all through
GDAL (pyogrio). What the drivers get wrong by default, and what we do about it (see pitfalls.md):

* A Shapefile without ``.cpg`` and without a code-page byte (LDID 0) is decoded by GDAL as ISO-8859-1, so
  GBK names turn into Latin-1 garbage: we detect the encoding from the ``.dbf`` bytes (UTF-8, GB18030, Big5)
  and pass it as ``encoding=`` (the driver's ``SHAPE_ENCODING``).
* DXF text is in the drawing's code page (``$DWGCODEPAGE``); files from Chinese CAD often declare
  ANSI_1252 while holding GBK, and GDAL's own DXF writer declares ANSI_1252 but writes UTF-8. We detect the
  real encoding and pass the driver's ``ENCODING`` open option (the per-call twin of ``DXF_ENCODING``).
* A multi-layer GeoPackage is never read "first layer and a warning": several geometry layers need a
  choice, and the message lists them. KML folders become layers in GDAL; they are read together.
* DXF has no CRS; a GeoJSON without a ``crs`` member is WGS84 by RFC 7946 but Amap-based tools write
  GCJ-02 there, so it is read as WGS84 with a note that says so.
"""

from __future__ import annotations

import re
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyogrio.errors import DataLayerError, DataSourceError
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError

from .crs import CrsSpec, parse_crs, to_wgs84
from .errors import InputError
from .io.points import check_file
from .io.tables import detect_encoding
from .plan import QINGDAO_BBOX

#: boundary file formats (suffix → what users call it)
ZONE_FORMATS: dict[str, str] = {".shp": "Shapefile", ".zip": "zipped Shapefile", ".gpkg": "GeoPackage",
                                ".geojson": "GeoJSON", ".json": "GeoJSON", ".kml": "KML", ".kmz": "KMZ",
                                ".dxf": "DXF"}
#: CRSs tried when coordinates do not land on Qingdao, most likely first (Qingdao lies in the 3-degree zone
#: of CM 120E; zone-numbered variants carry the zone in the false easting, e.g. 40 500 000 m)
CANDIDATE_CRS: tuple[str, ...] = ("EPSG:4549", "EPSG:4548", "EPSG:4550", "EPSG:4528", "EPSG:4527",
                                  "EPSG:4529", "EPSG:4509", "EPSG:4510", "EPSG:4498", "EPSG:4499",
                                  "EPSG:4490", "EPSG:4326")
#: the planners' CRS, suggested when a file states none
PLANNERS_CRS = "EPSG:4549"
_NON_ASCII = re.compile(rb"[\x80-\xff]")


@dataclass
class RawZones:
    """The features of a boundary file in the file's own coordinates, before matching."""

    path: Path
    layer: str | None
    frame: gpd.GeoDataFrame
    file_crs: CRS | None
    notes: list[str] = field(default_factory=list)
    #: a GeoJSON without a ``crs`` member: WGS84 by RFC 7946, but possibly GCJ-02 from Amap-based tools
    crs_unstated: bool = False


def formats_sentence() -> str:
    """The boundary formats in words, for CLI help and messages."""
    return ", ".join(dict.fromkeys(ZONE_FORMATS.values()))


def zone_file_dialog_filter() -> str:
    """A Qt file-dialog filter for boundary files (Qt-free: just the string)."""
    return f"{formats_sentence()} ({' '.join(f'*{s}' for s in ZONE_FORMATS)})"


def read_raw(path: str | Path, layer: str | None = None) -> RawZones:
    """Read every feature of ``path`` (one layer; all folders of a KML) with the right encoding."""
    path = Path(path)
    check_file(path)
    suffix = path.suffix.lower()
    if suffix not in ZONE_FORMATS:
        raise InputError(str(path), f"unsupported boundary file type {suffix!r}",
                         hint=f"use one of: {formats_sentence()} (in CAD, save as DXF)")
    notes: list[str] = []
    layers = _list_layers(path)
    if suffix in (".kml", ".kmz") and layer is None:
        chosen = [name for name, _ in layers]
    else:
        chosen = [_choose_layer(path, layers, layer)]
    options = _encoding_options(path, suffix, chosen[0], notes)
    frames = []
    for name in chosen:
        frame = _read_layer(path, name, options)
        if len(chosen) > 1:
            frame["folder"] = name
        frames.append(frame)
    frame = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), geometry="geometry", crs=frames[0].crs) \
        if len(frames) > 1 else frames[0]
    if len(frame) == 0:
        raise InputError(str(path), f"layer {chosen[0]!r} has no features",
                         hint="check the file in QGIS; choose the layer that holds the zone boundaries")
    file_crs = frame.crs
    unstated = suffix in (".geojson", ".json") and not _geojson_states_crs(path)
    frame = frame.set_crs(None, allow_override=True)
    frame = frame.set_geometry(shapely.force_2d(frame.geometry.to_numpy()))
    frame.insert(0, "_feature", np.arange(1, len(frame) + 1))
    return RawZones(path, chosen[0] if len(chosen) == 1 else None, frame, file_crs, notes, unstated)


def list_zone_layers(path: str | Path) -> list[tuple[str, str | None]]:
    """(name, geometry type) of every layer of a boundary file, for a layer chooser."""
    path = Path(path)
    check_file(path)
    return _list_layers(path)


def _source(path: Path) -> str | Path:
    """What GDAL opens: the file, or for a zip whose Shapefile sits in a folder, that folder inside it."""
    if path.suffix.lower() != ".zip":
        return path
    try:
        with zipfile.ZipFile(path) as archive:
            folders = {str(Path(n).parent) for n in archive.namelist() if n.lower().endswith(".shp")}
    except (zipfile.BadZipFile, OSError):
        return path  # GDAL says what is wrong
    if len(folders) == 1 and folders != {"."}:
        return f"/vsizip/{path.resolve().as_posix()}/{folders.pop()}"
    return path


def _list_layers(path: Path) -> list[tuple[str, str | None]]:
    try:
        return [(str(n), None if g is None else str(g)) for n, g in pyogrio.list_layers(_source(path))]
    except (DataSourceError, OSError) as exc:
        raise InputError(str(path), f"not a readable vector file ({exc})",
                         hint="check it opens in QGIS; a Shapefile needs its .shx and .dbf beside it") from None


def _choose_layer(path: Path, layers: list[tuple[str, str | None]], layer: str | None) -> str:
    names = [n for n, _ in layers]
    listing = ", ".join(f"{n} ({g or 'no geometry'})" for n, g in layers)
    if layer is not None:
        if layer not in names:
            raise InputError(str(path), f"no layer {layer!r}; the file has: {listing}",
                             hint="pass one of these names with --layer")
        return layer
    spatial = [n for n, g in layers if g is not None]
    if len(spatial) == 1 or len(names) == 1:
        return spatial[0] if spatial else names[0]
    if not spatial:
        raise InputError(str(path), f"no layer has geometry; the file has: {listing}",
                         hint="choose a file with the zone polygons")
    raise InputError(str(path), f"the file has {len(spatial)} layers with geometry: {listing}",
                     hint="choose the one with the zone boundaries: --layer NAME (in the app: pick it in the list)")


def _read_layer(path: Path, layer: str, options: dict) -> gpd.GeoDataFrame:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # GDAL's "non-closed ring" and similar notices
            frame = pyogrio.read_dataframe(_source(path), layer=layer, **options)
    except (DataSourceError, DataLayerError, OSError, ValueError) as exc:
        raise InputError(str(path), f"cannot read layer {layer!r} ({exc})",
                         hint="check the file opens in QGIS") from None
    if not isinstance(frame, gpd.GeoDataFrame):
        raise InputError(str(path), f"layer {layer!r} has no geometry", hint="choose the layer with the polygons")
    return frame


# ---------------------------------------------------------------------------------------------- encodings
def _encoding_options(path: Path, suffix: str, layer: str, notes: list[str]) -> dict:
    if suffix == ".shp":
        dbf = next((p for p in (path.with_suffix(".dbf"), path.with_suffix(".DBF")) if p.exists()), None)
        has_cpg = any(path.with_suffix(s).exists() for s in (".cpg", ".CPG"))
        return _dbf_encoding(None if dbf is None else dbf.read_bytes(), has_cpg, notes)
    if suffix == ".zip":
        return _zipped_shapefile_encoding(path, layer, notes)
    if suffix == ".dxf":
        return _dxf_encoding(path, notes)
    return {}


def _zipped_shapefile_encoding(path: Path, layer: str, notes: list[str]) -> dict:
    """As for a Shapefile, reading the layer's .dbf/.cpg inside the archive."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = {Path(n).name.lower(): n for n in archive.namelist()}
            dbf = members.get(f"{layer.lower()}.dbf")
            has_cpg = f"{layer.lower()}.cpg" in members
            return _dbf_encoding(None if dbf is None else archive.read(dbf), has_cpg, notes)
    except (zipfile.BadZipFile, OSError, KeyError):
        return {}  # GDAL reports what is wrong with the archive


def _dbf_encoding(raw: bytes | None, has_cpg: bool, notes: list[str]) -> dict:
    """``encoding=`` for a Shapefile whose .dbf does not say its code page (no .cpg, LDID 0)."""
    if raw is None or has_cpg or len(raw) < 32 or raw[29] != 0:
        return {}  # a .cpg or the language driver id names the code page; GDAL honours both
    header_len = int.from_bytes(raw[8:10], "little")
    records = raw[header_len:]
    first = _NON_ASCII.search(records)
    if first is None:
        return {}
    # the detector reads a prefix: start it where the text is (a cut character costs one unit of score)
    encoding = detect_encoding(records[max(0, first.start() - 64):])
    notes.append(f"the Shapefile has no .cpg: attribute text detected as {encoding.upper()}")
    return {"encoding": encoding}


_CODEPAGE = re.compile(rb"\$DWGCODEPAGE\s*\r?\n\s*3\s*\r?\n\s*([^\r\n]+)")
_ACADVER = re.compile(rb"\$ACADVER\s*\r?\n\s*1\s*\r?\n\s*AC(\d+)")


def _dxf_encoding(path: Path, notes: list[str]) -> dict:
    """The ``ENCODING`` open option when a DXF's text is not in the code page its header declares."""
    raw = path.read_bytes()
    if raw.isascii():
        return {}
    version = _ACADVER.search(raw[:20_000])
    if version and int(version.group(1)) >= 1021:
        return {}  # AutoCAD 2007+ DXF is UTF-8 by definition; GDAL knows
    page = _CODEPAGE.search(raw[:20_000])
    declared = page.group(1).strip().decode("ascii", "replace").upper() if page else "none"
    # every text value is one line of its own: give the detector the complete non-ASCII lines only
    text = b"\n".join(line for line in raw.splitlines() if not line.isascii())
    encoding = detect_encoding(text)
    if encoding.lower() in ("utf-8", "utf-8-sig"):
        encoding = "UTF-8"
    elif encoding.lower() in ("gb18030", "gbk", "gb2312"):
        if declared in ("ANSI_936", "GBK", "GB2312"):
            return {}
        encoding = "CP936"
    else:
        encoding = encoding.upper()
    notes.append(f"DXF text read as {encoding} (the drawing declares code page {declared})")
    return {"ENCODING": encoding}


def _geojson_states_crs(path: Path) -> bool:
    head = path.read_bytes()[:100_000]
    return re.search(rb'"crs"\s*:', head) is not None


# ------------------------------------------------------------------------------------------------ the CRS
def resolve_crs(raw: RawZones, crs: str | None) -> tuple[CrsSpec | CRS, str]:
    """The CRS to read the coordinates in, and the sentence saying where it came from."""
    if crs:
        try:
            spec = parse_crs(crs)
        except ValueError as exc:
            raise InputError(str(raw.path), str(exc), hint="use EPSG:<code> (e.g. EPSG:4549), wgs84, cgcs2000, "
                                                           "gcj02 or bd09") from None
        stated = f"; the file says {raw.file_crs.name}" if raw.file_crs is not None else ""
        return spec, f"CRS given: {spec.label}{stated}"
    if raw.file_crs is None:
        landing = _landing_candidates(raw)
        found = (f"its coordinates land on Qingdao with {', '.join(landing)}" if landing else
                 "its coordinates land on Qingdao with none of " + ", ".join(CANDIDATE_CRS))
        raise InputError(str(raw.path), f"the file states no CRS ({_why_no_crs(raw.path)}); {found}",
                         hint=f"say which CRS the coordinates are in: --crs {landing[0] if landing else PLANNERS_CRS}"
                              f" (the planners' CRS is {PLANNERS_CRS}, CGCS2000 / 3-degree GK CM 120E)")
    if raw.crs_unstated:
        return parse_crs("wgs84"), ("the GeoJSON states no CRS: read as WGS84 (RFC 7946). Files exported from "
                                    "Amap-based tools are GCJ-02 (~500 m off): if so, import again with --crs gcj02")
    epsg = raw.file_crs.to_epsg()
    if epsg is not None:
        spec = parse_crs(f"EPSG:{epsg}")
        return spec, f"CRS from the file: {spec.label}"
    return raw.file_crs, f"CRS from the file: {raw.file_crs.name}"


#: older Chinese datums: PROJ has no public transformation to CGCS2000/WGS84 for them (only a ballpark)
_OLD_DATUMS = ("Xian 1980", "Beijing 1954", "New Beijing")


def datum_warning(crs: CrsSpec | CRS) -> str | None:
    """A sentence when the CRS is on Xian 1980 / Beijing 1954: converting those to CGCS2000 needs local
    parameters that are not public, so PROJ applies no shift and the zones may be off by tens of metres."""
    if isinstance(crs, CrsSpec):
        if not crs.name.startswith("EPSG:"):
            return None
        crs = CRS.from_user_input(crs.name)
    datum = crs.datum.name if crs.datum is not None else ""
    if any(old in datum for old in _OLD_DATUMS):
        return (f"the file is on the {datum} datum: PROJ converts it to CGCS2000/WGS84 only approximately "
                "(no public parameters; tens of metres, up to ~100 m in Shandong). Ask the sender for a "
                "CGCS2000 copy (EPSG:4549) before relying on boundary-near counts")
    return None


def _why_no_crs(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".dxf":
        return "DXF drawings never carry one"
    if suffix == ".shp":
        return "the .prj file is missing"
    return "no CRS in the file"


def to_lonlat(geoms: np.ndarray, crs: CrsSpec | CRS) -> np.ndarray:
    """Geometries in ``crs`` → WGS84 lon/lat (GCJ-02/BD-09 too, through :mod:`corridor_gis.crs`)."""
    if isinstance(crs, CrsSpec):
        def fn(xy: np.ndarray) -> np.ndarray:
            return np.column_stack(to_wgs84(xy[:, 0], xy[:, 1], crs))
    else:
        tr = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)

        def fn(xy: np.ndarray) -> np.ndarray:
            return np.column_stack(tr.transform(xy[:, 0], xy[:, 1]))
    return shapely.transform(geoms, fn)


def landing_mask(geoms: np.ndarray) -> np.ndarray:
    """Per geometry: non-empty, finite and inside Qingdao's bounding box (domain.md)."""
    geoms = np.asarray(geoms, dtype=object)
    present = ~(pd.isna(geoms) | shapely.is_empty(geoms))
    out = np.zeros(len(geoms), dtype=bool)
    if present.any():
        bounds = shapely.bounds(geoms[present])
        minx, miny, maxx, maxy = QINGDAO_BBOX
        with np.errstate(invalid="ignore"):
            out[present] = (np.isfinite(bounds).all(axis=1) & (bounds[:, 0] >= minx) & (bounds[:, 2] <= maxx)
                            & (bounds[:, 1] >= miny) & (bounds[:, 3] <= maxy))
    return out


def _landing_candidates(raw: RawZones) -> list[str]:
    """The CRSs of :data:`CANDIDATE_CRS` that put at least half of the features on Qingdao.

    Half, not all: CAD drawings carry a frame, a legend or a north arrow at paper coordinates."""
    geoms = raw.frame.geometry.to_numpy()
    geoms = geoms[~(pd.isna(geoms) | shapely.is_empty(geoms))]
    if len(geoms) > 200:  # enough to judge; keeps the error fast on big files
        geoms = geoms[:: len(geoms) // 200]
    out = []
    for name in CANDIDATE_CRS:
        try:
            moved = to_lonlat(geoms, parse_crs(name))
        except (ValueError, CRSError):
            continue
        if len(moved) and landing_mask(moved).mean() >= 0.5:
            out.append(name)
    return out


def check_lands_on_qingdao(raw: RawZones, lonlat: np.ndarray, crs: CrsSpec | CRS, crs_note: str) -> None:
    """Refuse coordinates when the chosen CRS puts no feature on Qingdao, naming the CRS that fits.

    Single features outside (a CAD frame) are not refused here: the import lists them as not imported."""
    if landing_mask(lonlat).any():
        return
    coords = shapely.get_coordinates(lonlat)
    finite = coords[np.isfinite(coords).all(axis=1)]
    where = (f"lon {finite[:, 0].min():.3f}…{finite[:, 0].max():.3f}, lat {finite[:, 1].min():.3f}…"
             f"{finite[:, 1].max():.3f}" if len(finite) else "nowhere (the transform failed)")
    landing = _landing_candidates(raw)
    name = crs.name
    minx, miny, maxx, maxy = QINGDAO_BBOX
    if landing:
        label = parse_crs(landing[0]).label
        found = f"the coordinates land on Qingdao with {label}" + (
            f" (also: {', '.join(landing[1:])})" if len(landing) > 1 else "")
        hint = f"import again with --crs {landing[0]}"
    else:
        found = "none of " + ", ".join(CANDIDATE_CRS) + " puts them on Qingdao either"
        hint = "ask the sender which CRS the file is in and pass it with --crs EPSG:<code>"
    raise InputError(str(raw.path), f"read in {name} ({crs_note}), the zones lie at {where}, outside Qingdao "
                     f"(lon {minx}…{maxx}, lat {miny}…{maxy}); {found}", hint=hint)
