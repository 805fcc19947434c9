"""Coordinate reference systems by name, including China's obfuscated web-map systems.

Named systems: ``wgs84`` (EPSG:4326), ``cgcs2000`` (EPSG:4490; centimetres from WGS84, treated as equal),
``gcj02`` (Amap/Tencent "Mars coordinates"), ``bd09`` (Baidu) and any ``EPSG:N`` that PROJ knows.

GCJ-02 and BD-09 are not in PROJ (PROJ #982, wontfix), so they are implemented here with numpy from the
public forward formulas; the inverses iterate the forward transform (fixed-point) until the residual is
below a millimetre, with a cap on iterations. Outside China the GCJ-02 offset is zero, as in the
reference implementations (eviltransform, prcoords).

All functions take and return ``(lon, lat)`` / ``(x, y)`` in that order, as numpy arrays.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError

#: The CRS used for all areas and lengths: CGCS2000 / 3-degree Gauss-Kruger CM 120E (metres).
AREA_EPSG = 4549
#: The storage CRS of every layer (lon/lat).
STORAGE_EPSG = 4326

_A = 6378245.0  # Krasovsky 1940 semi-major axis used by GCJ-02
_EE = 0.00669342162296594323  # its first eccentricity squared
_X_PI = np.pi * 3000.0 / 180.0

Array = NDArray[np.float64]

NAMED = {
    "wgs84": "WGS84 (EPSG:4326)",
    "cgcs2000": "CGCS2000 (EPSG:4490)",
    "gcj02": "GCJ-02 (Amap/Tencent, 'Mars coordinates')",
    "bd09": "BD-09 (Baidu)",
}
_ALIASES = {
    "wgs84": "wgs84", "wgs-84": "wgs84", "epsg:4326": "wgs84", "4326": "wgs84",
    "cgcs2000": "cgcs2000", "epsg:4490": "cgcs2000", "4490": "cgcs2000",
    "gcj02": "gcj02", "gcj-02": "gcj02", "gcj": "gcj02", "mars": "gcj02", "amap": "gcj02",
    "bd09": "bd09", "bd-09": "bd09", "baidu": "bd09",
}


@dataclass(frozen=True)
class CrsSpec:
    """A normalised CRS name: one of :data:`NAMED` or ``EPSG:N``."""

    name: str

    @property
    def is_geographic(self) -> bool:
        if self.name in NAMED:
            return True
        return _pyproj_crs(self.name).is_geographic

    @property
    def label(self) -> str:
        if self.name in NAMED:
            return NAMED[self.name]
        crs = _pyproj_crs(self.name)
        return f"{crs.name} ({self.name})"


def parse_crs(text: str | int) -> CrsSpec:
    """Normalise a user's CRS name (``'GCJ-02'``, ``'epsg:4549'``, ``4326``) or raise ``ValueError``."""
    key = str(text).strip().lower()
    if key in _ALIASES:
        return CrsSpec(_ALIASES[key])
    code = key.removeprefix("epsg:")
    if code.isdigit():
        name = f"EPSG:{int(code)}"
        try:
            _pyproj_crs(name)
        except CRSError as exc:
            raise ValueError(f"unknown CRS {text!r}: {exc}") from None
        return CrsSpec(name)
    raise ValueError(
        f"unknown CRS {text!r}; use one of {', '.join(NAMED)} or EPSG:<code> (e.g. EPSG:4549)"
    )


# pyproj objects must not be shared between threads (one created on the GUI thread and used by an import
# worker segfaulted), so the caches are per thread.
_local = threading.local()


def _thread_cache() -> dict:
    if not hasattr(_local, "cache"):
        _local.cache = {}
    return _local.cache


def _pyproj_crs(name: str) -> CRS:
    cache = _thread_cache()
    key = ("crs", name)
    if key not in cache:
        cache[key] = CRS.from_user_input(name)
    return cache[key]


#: the operations PROJ chooses between the storage CRS and the area CRS (WGS84 lon/lat <-> CGCS2000 3-degree
#: Gauss-Kruger CM 120E), pinned as pipelines: building them from the EPSG codes searches proj.db (~70 ms,
#: once in every process that measures an area); from the pipeline it takes <1 ms, with identical results.
#: tests/test_crs.py fails if PROJ would choose otherwise.
PINNED_PIPELINES = {
    (f"EPSG:{STORAGE_EPSG}", f"EPSG:{AREA_EPSG}"):
        "proj=pipeline step proj=unitconvert xy_in=deg xy_out=rad "
        "step proj=tmerc lat_0=0 lon_0=120 k=1 x_0=500000 y_0=0 ellps=GRS80",
    (f"EPSG:{AREA_EPSG}", f"EPSG:{STORAGE_EPSG}"):
        "proj=pipeline step inv proj=tmerc lat_0=0 lon_0=120 k=1 x_0=500000 y_0=0 ellps=GRS80 "
        "step proj=unitconvert xy_in=rad xy_out=deg",
}


def transformer(src: str, dst: str) -> Transformer:
    """An always-xy pyproj transformer between two PROJ-known CRSs, cached per thread."""
    cache = _thread_cache()
    key = ("tr", src, dst)
    if key not in cache:
        pinned = PINNED_PIPELINES.get((src, dst))
        cache[key] = Transformer.from_pipeline(pinned) if pinned else Transformer.from_crs(src, dst, always_xy=True)
    return cache[key]


def _as_arrays(x: ArrayLike, y: ArrayLike) -> tuple[Array, Array]:
    return np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)


def out_of_china(lon: ArrayLike, lat: ArrayLike) -> NDArray[np.bool_]:
    """True where GCJ-02 applies no offset (the rough box the reference implementations use)."""
    lon, lat = _as_arrays(lon, lat)
    return (lon < 72.004) | (lon > 137.8347) | (lat < 0.8293) | (lat > 55.8271)


def _gcj_delta(lon: Array, lat: Array) -> tuple[Array, Array]:
    x = lon - 105.0
    y = lat - 35.0
    sx = np.sqrt(np.abs(x))
    common = (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sx + common
    dlat += (20.0 * np.sin(y * np.pi) + 40.0 * np.sin(y / 3.0 * np.pi)) * 2.0 / 3.0
    dlat += (160.0 * np.sin(y / 12.0 * np.pi) + 320.0 * np.sin(y * np.pi / 30.0)) * 2.0 / 3.0
    dlon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sx + common
    dlon += (20.0 * np.sin(x * np.pi) + 40.0 * np.sin(x / 3.0 * np.pi)) * 2.0 / 3.0
    dlon += (150.0 * np.sin(x / 12.0 * np.pi) + 300.0 * np.sin(x / 30.0 * np.pi)) * 2.0 / 3.0
    radlat = lat / 180.0 * np.pi
    magic = 1.0 - _EE * np.sin(radlat) ** 2
    sqrtmagic = np.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1.0 - _EE)) / (magic * sqrtmagic) * np.pi)
    dlon = (dlon * 180.0) / (_A / sqrtmagic * np.cos(radlat) * np.pi)
    outside = out_of_china(lon, lat)
    return np.where(outside, 0.0, dlon), np.where(outside, 0.0, dlat)


def gcj02_from_wgs84(lon: ArrayLike, lat: ArrayLike) -> tuple[Array, Array]:
    """WGS84 → GCJ-02 (the public forward formula)."""
    lon, lat = _as_arrays(lon, lat)
    dlon, dlat = _gcj_delta(lon, lat)
    return lon + dlon, lat + dlat


def bd09_from_gcj02(lon: ArrayLike, lat: ArrayLike) -> tuple[Array, Array]:
    """GCJ-02 → BD-09 (Baidu's public forward formula)."""
    x, y = _as_arrays(lon, lat)
    z = np.sqrt(x * x + y * y) + 0.00002 * np.sin(y * _X_PI)
    theta = np.arctan2(y, x) + 0.000003 * np.cos(x * _X_PI)
    return z * np.cos(theta) + 0.0065, z * np.sin(theta) + 0.006


def _invert(forward, lon: ArrayLike, lat: ArrayLike, max_iter: int = 10, tol_deg: float = 1e-9):
    """Invert a small-offset forward transform by fixed-point iteration.

    Starts from ``target - (forward(target) - target)`` and corrects by the residual; the offsets vary slowly,
    so 2-4 iterations reach < 1e-9 degrees (~0.1 mm). ``max_iter`` caps the work on pathological input.
    """
    tx, ty = _as_arrays(lon, lat)
    fx, fy = forward(tx, ty)
    x, y = 2.0 * tx - fx, 2.0 * ty - fy
    for _ in range(max_iter):
        fx, fy = forward(x, y)
        rx, ry = tx - fx, ty - fy
        x, y = x + rx, y + ry
        if np.all(np.abs(rx[np.isfinite(rx)]) < tol_deg) and np.all(
            np.abs(ry[np.isfinite(ry)]) < tol_deg
        ):
            break
    return x, y


def wgs84_from_gcj02(lon: ArrayLike, lat: ArrayLike) -> tuple[Array, Array]:
    """GCJ-02 → WGS84, iterated to < 1e-9 degrees."""
    return _invert(gcj02_from_wgs84, lon, lat)


def gcj02_from_bd09(lon: ArrayLike, lat: ArrayLike) -> tuple[Array, Array]:
    """BD-09 → GCJ-02, iterated (Baidu's own closed-form inverse is only good to a few metres)."""
    return _invert(bd09_from_gcj02, lon, lat)


def bd09_from_wgs84(lon: ArrayLike, lat: ArrayLike) -> tuple[Array, Array]:
    return bd09_from_gcj02(*gcj02_from_wgs84(lon, lat))


def wgs84_from_bd09(lon: ArrayLike, lat: ArrayLike) -> tuple[Array, Array]:
    """BD-09 → WGS84 goes through GCJ-02."""
    return wgs84_from_gcj02(*gcj02_from_bd09(lon, lat))


#: the systems PROJ does not know, converted here: name -> (to WGS84, from WGS84)
_OBFUSCATED = {"gcj02": (wgs84_from_gcj02, gcj02_from_wgs84), "bd09": (wgs84_from_bd09, bd09_from_wgs84)}
_SAME_AS_STORAGE = ("wgs84", "cgcs2000")


def _convert(x: ArrayLike, y: ArrayLike, crs: CrsSpec | str, to_storage: bool) -> tuple[Array, Array]:
    spec = crs if isinstance(crs, CrsSpec) else parse_crs(crs)
    x, y = _as_arrays(x, y)
    if spec.name in _SAME_AS_STORAGE:
        return x.copy(), y.copy()
    if spec.name in _OBFUSCATED:
        return _OBFUSCATED[spec.name][0 if to_storage else 1](x, y)
    storage = f"EPSG:{STORAGE_EPSG}"
    src, dst = (spec.name, storage) if to_storage else (storage, spec.name)
    out_x, out_y = transformer(src, dst).transform(x, y)
    return np.asarray(out_x, dtype=np.float64), np.asarray(out_y, dtype=np.float64)


def to_wgs84(x: ArrayLike, y: ArrayLike, crs: CrsSpec | str) -> tuple[Array, Array]:
    """Convert coordinates in ``crs`` to WGS84 lon/lat (the storage CRS)."""
    return _convert(x, y, crs, to_storage=True)


def from_wgs84(lon: ArrayLike, lat: ArrayLike, crs: CrsSpec | str) -> tuple[Array, Array]:
    """Convert WGS84 lon/lat to ``crs`` (used for exports and for tests of the inverse)."""
    return _convert(lon, lat, crs, to_storage=False)


def to_area_crs(lon: ArrayLike, lat: ArrayLike) -> tuple[Array, Array]:
    """WGS84 lon/lat → EPSG:4549 metres (for measuring and for the status bar)."""
    return _convert(lon, lat, f"EPSG:{AREA_EPSG}", to_storage=False)
