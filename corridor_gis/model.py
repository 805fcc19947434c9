"""The project: zone layers, imported point datasets and metadata, stored as one GeoPackage.

A project file is a plain GeoPackage that QGIS opens: layers ``corridor``, ``cities``, ``parks``,
``bays``, ``axis`` (EPSG:4326), one layer per imported dataset (``dataset__<name>``) and an
attributes-only ``metadata`` table (key/value). The corridor is *derived*: it is the union of the cities
and is recomputed whenever a city changes, so the two can never disagree inside the app.

Saving is atomic (temporary file in the same folder, fsync, ``os.replace``) and keeps the previous
version as ``NAME.gpkg.bak``; see :mod:`corridor_gis.storage`.
"""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyogrio.errors import DataSourceError

from . import paths
from .errors import InputError
from .gpkg_points import read_point_layer
from .plan import CITIES, CORRIDOR_ID, CORRIDOR_NAME_EN, CORRIDOR_NAME_ZH, CORRIDOR_PLANNED_KM2
from .qgis_styles import styles_table
from .storage import atomic_write

ZONE_LAYERS = ("corridor", "cities", "parks", "bays", "axis")
#: the cities as they were before the last boundary import (kept for ``compare``)
PREVIOUS_CITIES = "cities_previous"
STORED_LAYERS = (*ZONE_LAYERS, PREVIOUS_CITIES)
DATASET_PREFIX = "dataset__"
REFERENCE_PREFIX = "reference__"
STORAGE_CRS = "EPSG:4326"
STYLES_TABLE = "layer_styles"  # QGIS's GeoPackage styling extension
#: metadata key (+ dataset name) of the renderer a dataset is drawn with (JSON settings, e.g.
#: ``{"kind": "heatmap", "radius_px": 24, "cluster_px": 56}``), saved with the project as QGIS saves a
#: layer's renderer; the map and the print layouts draw a dataset without one by category
POINT_STYLE_PREFIX = "point_style:"
#: the provenance labels this program gives a list, in Chinese (the English is the label itself, as the CLI's
#: JSON carries it); a label from a file's own ``label`` column shows as it is written
LABEL_WORDS_ZH = {"imported": "导入", "synthetic sample": "合成示例，非真实数据",
                  "named in plan; approx. coordinates": "规划中点名，坐标为近似"}


def dataset_title(name: str, label: str, lang: str = "en") -> str:
    """A list's name with its provenance label, as every figure from it carries it: ``样本 (synthetic
    sample)``, ``样本（合成示例，非真实数据）`` in Chinese."""
    if not label:
        return name
    return f"{name}（{LABEL_WORDS_ZH.get(label, label)}）" if lang == "zh" else f"{name} ({label})"


class Dataset:
    """An imported point dataset (institutions, firms...) in WGS84 with the provenance shown to users.

    ``label`` is what every figure computed from it must carry, e.g. ``"synthetic sample"``.

    A million-row list is held as its attribute table plus two coordinate arrays (:meth:`lonlat`); the
    GeoDataFrame (:attr:`points`) is built only when a face asks for it (saving, drawing, identify). Building
    a million shapely Points costs ~1 s and ~150 MB, and the figures need only the coordinates: counting, the
    CRS check and the 街道 table read :meth:`lonlat` and :attr:`table`. Once built, the GeoDataFrame is the
    dataset (its columns are :attr:`table`); the points never move, so the coordinates stay valid.
    """

    def __init__(self, name: str, points: gpd.GeoDataFrame | None = None, source: str = "",
                 crs_used: str = "wgs84", label: str = "", skipped: list[dict] | None = None,
                 crs_stated: bool = True, *, table: pd.DataFrame | None = None,
                 lon: np.ndarray | None = None, lat: np.ndarray | None = None) -> None:
        if (points is None) == (table is None):
            raise ValueError("a dataset needs either points (a GeoDataFrame) or a table with lon/lat")
        if table is not None and (lon is None or lat is None or len(lon) != len(table) or len(lat) != len(table)):
            raise ValueError("a table needs lon and lat arrays of its length")
        self.name = name
        self.source = source
        self.crs_used = crs_used
        self.label = label
        self.skipped: list[dict] = skipped if skipped is not None else []
        #: whether the file or the user stated the CRS (False: degrees read as WGS84 by default, so the figures
        #: get a CRS-sensitivity check)
        self.crs_stated = crs_stated
        self._points = points
        self._table = table
        self._lonlat = (np.asarray(lon, dtype=np.float64), np.asarray(lat, dtype=np.float64)) \
            if table is not None else None

    def __repr__(self) -> str:
        return f"Dataset({self.name!r}, {len(self)} points, source={self.source!r}, crs_used={self.crs_used!r})"

    def __len__(self) -> int:
        return len(self.table)

    @property
    def title(self) -> str:
        """Name plus label, for any figure computed from this dataset (English label: :meth:`title_in`)."""
        return dataset_title(self.name, self.label)

    def title_in(self, lang: str) -> str:
        """Name plus label in ``lang`` (:func:`dataset_title`)."""
        return dataset_title(self.name, self.label, lang)

    @property
    def table(self) -> pd.DataFrame:
        """The attributes (``row``, ``name``, ``category``, ``category_label``, ``level`` and the file's other
        columns), one row per point in the order of :meth:`lonlat`; the GeoDataFrame once it is built."""
        return self._points if self._points is not None else self._table

    @property
    def points(self) -> gpd.GeoDataFrame:
        """The points as a GeoDataFrame in EPSG:4326 (built on first use, then kept)."""
        if self._points is None:
            self._points = self.geodataframe()
            self._table = None
        return self._points

    def geodataframe(self) -> gpd.GeoDataFrame:
        """The points as a GeoDataFrame, without keeping one that was not built yet (saving a million-row
        list should not leave ~200 MB of shapely Points behind)."""
        if self._points is not None:
            return self._points
        lon, lat = self.lonlat()
        return gpd.GeoDataFrame(self._table, geometry=gpd.points_from_xy(lon, lat), crs=STORAGE_CRS)

    @points.setter
    def points(self, value: gpd.GeoDataFrame) -> None:
        self._points, self._table, self._lonlat = value, None, None

    def lonlat(self) -> tuple[np.ndarray, np.ndarray]:
        """Longitudes and latitudes (WGS84) as float64 arrays in row order; read once from the geometry of a
        dataset that came as a GeoDataFrame."""
        if self._lonlat is None:
            geoms = self._points.geometry.to_numpy()
            self._lonlat = (shapely.get_x(geoms), shapely.get_y(geoms))
        return self._lonlat

    def replace(self, table: pd.DataFrame) -> Dataset:
        """The same dataset with other attributes (same rows, same order): e.g. categories read again."""
        lon, lat = self.lonlat()
        return Dataset(self.name, None, self.source, self.crs_used, self.label, list(self.skipped),
                       self.crs_stated, table=pd.DataFrame(table.drop(columns="geometry", errors="ignore")),
                       lon=lon, lat=lat)

    def copy(self) -> Dataset:
        """An independent copy (undo snapshots, what-if versions)."""
        if self._points is not None:
            return Dataset(self.name, self._points.copy(), self.source, self.crs_used, self.label,
                           list(self.skipped), self.crs_stated)
        lon, lat = self.lonlat()
        return Dataset(self.name, None, self.source, self.crs_used, self.label, list(self.skipped),
                       self.crs_stated, table=self._table.copy(), lon=lon.copy(), lat=lat.copy())


@dataclass
class Reference:
    """A read-only reference layer (roads, parcels, a land-use plan, 街道) in WGS84, with its provenance.

    Shown on the map, listed by identify, and a snapping target while editing; never counted.
    """

    name: str
    features: gpd.GeoDataFrame
    source: str = ""
    crs_used: str = ""
    note: str = ""


@dataclass
class Project:
    """Zone layers + datasets + metadata. Plain Python: the GUI, CLI and exports all read this."""

    layers: dict[str, gpd.GeoDataFrame]
    datasets: dict[str, Dataset] = field(default_factory=dict)
    metadata: dict[str, str] = field(default_factory=dict)
    path: Path | None = None
    #: problems found while loading (e.g. a layer without CRS); reported by ``check``
    load_notes: list[str] = field(default_factory=list)
    references: dict[str, Reference] = field(default_factory=dict)

    def point_style(self, name: str) -> dict | None:
        """The renderer settings saved for dataset ``name`` (a JSON object as the app wrote it), or ``None``
        when none was chosen or what is stored is not a JSON object (then it is drawn by category)."""
        raw = self.metadata.get(POINT_STYLE_PREFIX + name)
        if raw is None:
            return None
        try:
            settings = json.loads(raw)
        except json.JSONDecodeError:
            return None
        return settings if isinstance(settings, dict) else None

    # ----------------------------------------------------------------- loading
    @classmethod
    def bundled(cls) -> Project:
        """The zone layers shipped with the app (layers/zones.gpkg)."""
        project = cls.load(paths.zones_path())
        project.path = None
        project.metadata.setdefault("title", CORRIDOR_NAME_ZH)
        return project

    @classmethod
    def load(cls, path: str | Path) -> Project:
        """Read a project GeoPackage; raise :class:`InputError` naming the file and what to do."""
        with warnings.catch_warnings():
            # GDAL warns when a GeoPackage is named *.bak: opening the backup is intended
            warnings.filterwarnings("ignore", message=".*non conformant file extension")
            return cls._load(Path(path))

    @classmethod
    def _load(cls, path: Path) -> Project:
        if not path.exists():
            raise InputError(str(path), "file not found", hint="check the path and spelling")
        try:
            names = [row[0] for row in pyogrio.list_layers(path)]
        except (DataSourceError, OSError) as exc:
            raise InputError(
                str(path), f"not a readable GeoPackage ({exc})",
                hint="open a .gpkg saved by corridor-gis or QGIS; if it was cut off during copying, "
                     "use the NAME.gpkg.bak beside it",
            ) from None
        missing = [n for n in ("cities",) if n not in names]
        if missing:
            raise InputError(
                str(path), f"missing layer(s) {', '.join(missing)}; found {', '.join(names) or 'none'}",
                hint="a project needs at least a 'cities' layer with ids ocean, youth, digital",
            )
        notes: list[str] = []
        layers: dict[str, gpd.GeoDataFrame] = {}
        datasets: dict[str, Dataset] = {}
        references: dict[str, Reference] = {}
        metadata: dict[str, str] = {}
        try:
            for name in names:
                if name == STYLES_TABLE:
                    continue  # written from layers/styles.json at every save
                if name == "metadata":
                    table = pyogrio.read_dataframe(path, layer=name, read_geometry=False)
                    metadata = dict(zip(table["key"].astype(str), table["value"].astype(str),
                                        strict=True))
                    continue
                if name.startswith(DATASET_PREFIX) and (fast := _saved_points(path, name)) is not None:
                    ds_name = name.removeprefix(DATASET_PREFIX)
                    table, lon, lat = fast
                    datasets[ds_name] = Dataset(ds_name, None, table=table, lon=lon, lat=lat)
                    continue
                gdf = pyogrio.read_dataframe(path, layer=name)
                gdf = _to_storage_crs(gdf, f"{path}:{name}", notes)
                if name.startswith(DATASET_PREFIX):
                    ds_name = name.removeprefix(DATASET_PREFIX)
                    datasets[ds_name] = Dataset(ds_name, gdf)
                elif name.startswith(REFERENCE_PREFIX):
                    ref_name = name.removeprefix(REFERENCE_PREFIX)
                    references[ref_name] = Reference(ref_name, gdf)
                elif name in STORED_LAYERS:
                    layers[name] = gdf
        except (DataSourceError, OSError, KeyError, ValueError) as exc:
            raise InputError(str(path), f"cannot read the project ({exc})",
                             hint="the file may be truncated; try NAME.gpkg.bak") from None
        # metadata may come after dataset layers in the file: attach provenance afterwards
        for kind, items in (("dataset", datasets), ("reference", references)):
            for item_name, item in items.items():
                info = json.loads(metadata.get(f"{kind}:{item_name}", "{}"))
                for key, value in info.items():
                    if hasattr(item, key):
                        setattr(item, key, value)
        layers["cities"] = _with_city_ids(layers["cities"], path)
        project = cls(layers, datasets, metadata, path, notes, references)
        if "corridor" not in layers:
            project.layers["corridor"] = project.derived_corridor()
        return project

    # ------------------------------------------------------------------ access
    @property
    def cities(self) -> gpd.GeoDataFrame:
        return self.layers["cities"]

    @property
    def corridor(self) -> shapely.Geometry:
        """The corridor polygon (union of the cities)."""
        return self.layers["corridor"].geometry.iloc[0]

    def city_geometries(self) -> dict[str, shapely.Geometry]:
        """City id → geometry, in the file's order."""
        return dict(zip(self.cities["id"], self.cities.geometry, strict=True))

    def city_names(self, lang: str = "zh") -> dict[str, str]:
        """City id → the name this project gives it (``name_zh``/``name_en``), the plan's name as fallback."""
        column = "name_zh" if lang == "zh" else "name_en"
        own = self.cities[column] if column in self.cities else [None] * len(self.cities)
        fallback = {c.id: c.name(lang) for c in CITIES}
        return {str(cid): str(name) if isinstance(name, str) and name else fallback.get(str(cid), str(cid))
                for cid, name in zip(self.cities["id"], own, strict=True)}

    def derived_corridor(self) -> gpd.GeoDataFrame:
        """A one-row corridor layer computed as the union of the cities, keeping existing attributes."""
        union = safe_union(list(self.cities.geometry.values))
        old = self.layers.get("corridor")
        if old is not None and len(old) == 1:
            new = old.copy()
            new.loc[new.index[0], "geometry"] = union
            return new
        return gpd.GeoDataFrame(
            [{"id": CORRIDOR_ID, "name_zh": CORRIDOR_NAME_ZH, "name_en": CORRIDOR_NAME_EN,
              "planned_km2": CORRIDOR_PLANNED_KM2, "source": "union of cities", "method": "derived",
              "location_quality": "indicative", "geometry": union}], crs=STORAGE_CRS)

    def set_city_geometry(self, city_id: str, geom: shapely.Geometry) -> None:
        """Replace one city's geometry and re-derive the corridor."""
        self.set_city_geometries({city_id: geom})

    def set_city_geometries(self, geoms: dict[str, shapely.Geometry]) -> None:
        """Replace some cities' geometries and re-derive the corridor once."""
        cities = self.cities
        for city_id, geom in geoms.items():
            mask = cities["id"] == city_id
            if not mask.any():
                raise KeyError(f"no city with id {city_id!r}")
            cities.loc[mask, "geometry"] = geom
        self.layers["corridor"] = self.derived_corridor()

    def add_dataset(self, dataset: Dataset) -> None:
        self.datasets[dataset.name] = dataset

    def copy(self) -> Project:
        """A deep copy (what-if versions, undo snapshots)."""
        return Project({k: v.copy() for k, v in self.layers.items()},
                       {k: d.copy() for k, d in self.datasets.items()},
                       dict(self.metadata), self.path, list(self.load_notes),
                       {k: Reference(r.name, r.features.copy(), r.source, r.crs_used, r.note)
                        for k, r in self.references.items()})

    # ------------------------------------------------------------------ saving
    def save(self, path: str | Path | None = None) -> Path:
        """Write the whole project atomically to one GeoPackage; keep the old file as ``.bak``."""
        target = Path(path) if path is not None else self.path
        if target is None:
            raise ValueError("no path given and the project has never been saved")
        meta = dict(self.metadata)
        for name, ds in self.datasets.items():
            meta[f"dataset:{name}"] = json.dumps(
                {"source": ds.source, "crs_used": ds.crs_used, "label": ds.label, "skipped": ds.skipped,
                 "crs_stated": ds.crs_stated},
                ensure_ascii=False)
        for name, ref in self.references.items():
            meta[f"reference:{name}"] = json.dumps({"source": ref.source, "crs_used": ref.crs_used,
                                                    "note": ref.note}, ensure_ascii=False)

        def write(tmp: Path) -> None:
            for name in STORED_LAYERS:
                if name in self.layers:
                    pyogrio.write_dataframe(self.layers[name], tmp, layer=name, driver="GPKG")
            for name, ds in self.datasets.items():
                pyogrio.write_dataframe(ds.geodataframe(), tmp, layer=DATASET_PREFIX + name, driver="GPKG")
            for name, ref in self.references.items():
                pyogrio.write_dataframe(ref.features, tmp, layer=REFERENCE_PREFIX + name, driver="GPKG")
            table = pd.DataFrame({"key": list(meta), "value": [str(v) for v in meta.values()]})
            pyogrio.write_dataframe(table, tmp, layer="metadata", driver="GPKG")
            zones = {k: v for k, v in self.layers.items() if k in ZONE_LAYERS}
            pyogrio.write_dataframe(styles_table(zones), tmp, layer=STYLES_TABLE, driver="GPKG")

        atomic_write(target, write)
        self.path = target
        return target


def safe_union(geoms: list[shapely.Geometry]) -> shapely.Geometry:
    """Union of polygons that may be invalid mid-edit (GEOS refuses those; repair a copy first)."""
    try:
        return shapely.union_all(geoms)
    except shapely.errors.GEOSException:
        return shapely.union_all([shapely.make_valid(g) for g in geoms])


def _saved_points(path: Path, layer: str) -> tuple[pd.DataFrame, np.ndarray, np.ndarray] | None:
    """A saved dataset as (attributes, lon, lat) without a shapely Point per row (a million-row project opens
    ~2 s sooner and ~150 MB lighter); ``None`` unless the layer holds plain WGS84 points, which every dataset
    this app saves does (others are read as GeoDataFrames, converted by :func:`_to_storage_crs`)."""
    read = read_point_layer(path, layer)
    if read is None:
        return None
    table, lon, lat, crs = read
    if crs != STORAGE_CRS or not (np.isfinite(lon).all() and np.isfinite(lat).all()):
        return None
    return table, lon, lat


def _to_storage_crs(gdf: gpd.GeoDataFrame, where: str, notes: list[str]) -> gpd.GeoDataFrame:
    """Bring a layer to EPSG:4326; a layer with no CRS is assumed lon/lat and noted for ``check``."""
    if gdf.crs is None:
        notes.append(f"{where}: layer has no CRS (assumed EPSG:4326 lon/lat)")
        return gdf.set_crs(STORAGE_CRS)
    if gdf.crs.to_epsg() != 4326:
        return gdf.to_crs(STORAGE_CRS)
    return gdf


def _with_city_ids(cities: gpd.GeoDataFrame, path: Path) -> gpd.GeoDataFrame:
    """The cities layer with its ``id`` column; a layer saved without one (QGIS allows that) gets the plan's
    ids from its Chinese or English names, otherwise the file is refused with what to do."""
    if "id" in cities.columns:
        return cities
    by_name = {c.name_zh: c.id for c in CITIES} | {c.name_en: c.id for c in CITIES}
    for column in ("name_zh", "name", "名称", "name_en"):
        if column in cities.columns:
            ids = cities[column].astype(str).str.strip().map(by_name)
            if ids.notna().all():
                return cities.assign(id=ids.to_numpy())
    expected = ", ".join(f"{c.id} ({c.name_zh})" for c in CITIES)
    raise InputError(str(path), "the 'cities' layer has no 'id' field, and its names do not match the plan's "
                     "cities", column="id",
                     hint=f"add a text field 'id' with {expected} (in QGIS: the attribute table's field "
                          "calculator), or a 'name_zh' field with the Chinese names")
