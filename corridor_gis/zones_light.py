"""The zone layers of a project GeoPackage read with the standard library's sqlite3 — for ``corridor-gis
areas``, which should not pay ~0.6 s importing pandas and geopandas to measure seven polygons.

A GeoPackage is an SQLite file whose geometries are WKB behind a small header (OGC 12-128r18 §2.1.3), so
the zones can be read with ``sqlite3`` and :func:`shapely.from_wkb`. Only the plain case takes this path:
every needed layer present in EPSG:4326 and the cities carrying their ``id``. Anything else (another CRS, a
layer without ``id``, a derived corridor, an unreadable file) returns ``None`` and the caller loads the full
:class:`~corridor_gis.model.Project`, whose messages and conversions stay the one source. The two paths give
the same rows (``tests/test_zones_light.py``).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

import shapely

#: the envelope's size by the header's envelope indicator (flags bits 1-3)
_ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}


@dataclass
class LightZones:
    """Zone layers as lists of records (attribute dicts with a shapely ``geometry``), in file order."""

    path: Path | None
    layers: dict[str, list[dict]]


def gpkg_geometry(blob: bytes | None) -> shapely.Geometry | None:
    """A GeoPackage geometry blob → shapely (``None`` for NULL or an empty geometry)."""
    if blob is None:
        return None
    if blob[:2] != b"GP":
        raise ValueError("not a GeoPackage geometry blob")
    flags = blob[3]
    if flags & 0b10000:  # the empty-geometry flag
        return None
    envelope = _ENVELOPE_BYTES.get((flags >> 1) & 0b111)
    if envelope is None:
        raise ValueError("invalid GeoPackage envelope indicator")
    return shapely.from_wkb(blob[8 + envelope:])


def read_zone_layers(path: Path, layers: tuple[str, ...], required: tuple[str, ...] = ("corridor", "cities")
                     ) -> LightZones | None:
    """The ``layers`` present in ``path`` (all of ``required`` must be), or ``None`` when the file needs the
    full project reader (see the module docstring)."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        geometry_columns = {
            table: (column, srs) for table, column, srs in con.execute(
                "SELECT c.table_name, c.column_name, s.organization || ':' || s.organization_coordsys_id "
                "FROM gpkg_geometry_columns c JOIN gpkg_spatial_ref_sys s ON s.srs_id = c.srs_id")}
        if any(name not in geometry_columns for name in required):
            return None
        out: dict[str, list[dict]] = {}
        for name in layers:
            if name not in geometry_columns:
                continue
            column, srs = geometry_columns[name]
            if srs.upper() != "EPSG:4326":
                return None
            cursor = con.execute(f'SELECT * FROM "{name}" ORDER BY rowid')
            fields = [d[0] for d in cursor.description]
            records = []
            for row in cursor:
                record = dict(zip(fields, row, strict=True))
                record["geometry"] = gpkg_geometry(record.pop(column))
                records.append(record)
            out[name] = records
    except (sqlite3.Error, ValueError, shapely.errors.GEOSException):
        return None
    finally:
        con.close()
    if any(record.get("id") in (None, "") for record in out.get("cities", [])):
        return None
    return LightZones(path, out)
