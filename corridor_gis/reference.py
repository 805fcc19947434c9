"""Reference layers from any vector file a planner is given — roads or parcels as DXF from the design
institute, a land-use plan as Shapefile, KML from a colleague — read with the same reader, encoding
detection and CRS rules as official zone boundaries (:mod:`corridor_gis.zones_read`): a file without a CRS
is asked for one and must land on Qingdao."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd

from .model import STORAGE_CRS, Reference
from .zones_read import check_lands_on_qingdao, datum_warning, read_raw, resolve_crs, to_lonlat

#: attribute columns kept for identify (a CAD drawing can have dozens of empty ones)
MAX_COLUMNS = 30


def read_reference(path: str | Path, layer: str | None = None, crs: str | None = None,
                   name: str | None = None) -> Reference:
    """A reference layer in WGS84 with its provenance; raises :class:`~corridor_gis.errors.InputError` when the
    file cannot be read or placed (no CRS stated, or coordinates that do not land on Qingdao)."""
    raw = read_raw(path, layer)
    spec, crs_note = resolve_crs(raw, crs)
    lonlat = to_lonlat(raw.frame.geometry.to_numpy(), spec)
    check_lands_on_qingdao(raw, lonlat, spec, crs_note)
    columns = [c for c in raw.frame.columns if c not in ("geometry", "_feature")][:MAX_COLUMNS]
    features = gpd.GeoDataFrame(raw.frame[columns].astype(str), geometry=list(lonlat), crs=STORAGE_CRS)
    features = features[~features.geometry.is_empty & features.geometry.notna()].reset_index(drop=True)
    notes = [*raw.notes, crs_note]
    if (warning := datum_warning(spec)) is not None:
        notes.append(warning)
    label = spec.label if hasattr(spec, "label") else spec.name
    return Reference(name or Path(path).stem, features, source=Path(path).name, crs_used=label,
                     note="; ".join(notes))
