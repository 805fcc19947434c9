"""Coordinates as users write them: numbers, decimal commas, DMS (120°27′30″E, 120度29分42秒), and what the
numbers' size says about the CRS (degrees, EPSG:4549 metres, metres with X/Y swapped)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..plan import QINGDAO_BBOX

_NUMBER_CLEAN = re.compile(r"[°\s]|[ENSWensw]$")
_DMS = re.compile(r"^\s*(?P<d>\d+(?:\.\d+)?)\s*[°度]\s*(?:(?P<m>\d+(?:\.\d+)?)\s*[′'分]\s*)?"
                  r"(?:(?P<s>\d+(?:\.\d+)?)\s*[″\"秒]\s*)?(?P<h>[NSEWnsew东西南北])?\s*$")
_SOUTH_WEST = ("S", "W", "南", "西")


def dms(text: str) -> float:
    """Degrees-minutes-seconds (120°27′30″E, 120度29分42秒) → decimal degrees; NaN if not DMS."""
    m = _DMS.match(text)
    if not m:
        return np.nan
    value = float(m["d"]) + float(m["m"] or 0) / 60 + float(m["s"] or 0) / 3600
    return -value if (m["h"] or "").upper() in _SOUTH_WEST else value


def parse_numbers(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Strings → floats (decimal degrees/metres, or DMS like 120°27′30″E); ok is False for blank or
    unparseable cells. Plain numbers take the fast C path; only the rest is cleaned and re-parsed."""
    numbers = _arrow_numbers(values)
    if numbers is None:
        numbers = pd.to_numeric(values, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan, copy=True)
    retry = np.flatnonzero(np.isnan(numbers))
    if len(retry):
        text = values.iloc[retry].astype("string").fillna("").str.strip()
        cleaned = text.str.replace(_NUMBER_CLEAN, "", regex=True).str.replace("，", ".", regex=False)
        again = pd.to_numeric(cleaned, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
        is_dms = np.isnan(again) & text.str.contains("[°度]", regex=True).to_numpy(dtype=bool, na_value=False)
        if is_dms.any():
            again[is_dms] = [dms(v) for v in text.to_numpy()[is_dms]]
        numbers[retry] = again
    return numbers, ~np.isnan(numbers)


def _arrow_numbers(values: pd.Series) -> np.ndarray | None:
    """Arrow strings that are all plain numbers (or blank) → floats in one vectorised cast (~15 ms a million;
    ``pd.to_numeric`` takes ~0.3 s); ``None`` when any cell is something else (DMS, decimal comma, a typo),
    which :func:`parse_numbers` then reads cell by cell with reasons."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not isinstance(values.dtype, pd.StringDtype) or values.dtype.storage != "pyarrow":
        return None
    strings = pa.chunked_array(values.array._pa_array) if hasattr(values.array, "_pa_array") else None
    if strings is None:
        return None
    # blank cells are missing, as pandas reads them (nulled only when there are any: a copy of every string)
    blank = pc.equal(strings, "")
    if pc.any(blank).as_py():
        strings = pc.if_else(blank, pa.scalar(None, strings.type), strings)
    try:
        numbers = pc.cast(strings, pa.float64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    if numbers.null_count:
        numbers = pc.fill_null(numbers, np.nan)
    out = np.asarray(numbers.to_numpy(), dtype=np.float64)
    return out if out.flags.writeable else out.copy()  # several chunks are joined into a new array already


def _gk_metres(mx: float, my: float) -> bool:
    """Median |x|, |y| in the range of EPSG:4549 (CGCS2000 / 3° GK CM 120°E) around Qingdao."""
    return 300_000 < mx < 700_000 and 3_900_000 < my < 4_200_000


def suggest_crs(x: np.ndarray, y: np.ndarray) -> tuple[str | None, str]:
    """A suggestion for a table without a stated CRS, and the sentence that explains it."""
    name, note, _code, _params = suggest_crs_coded(x, y)
    return name, note


def suggest_crs_coded(x: np.ndarray, y: np.ndarray) -> tuple[str | None, str, str, dict]:
    """:func:`suggest_crs` with what the numbers look like as a code and its parameters (``no_numbers``,
    ``degrees``, ``gk_metres``, ``gk_swapped``, ``unknown_metres``), so the import dialog can say it in the
    UI's language and point to its own boxes instead of the CLI's flags."""
    finite = np.isfinite(x) & np.isfinite(y)
    if not finite.any():
        return None, "no numeric coordinates to judge the CRS from", "no_numbers", {}
    # no NaN is left to skip: the plain median of the temporary |x|, partitioned in place
    mx, my = (float(np.median(np.abs(v[finite]), overwrite_input=True)) for v in (x, y))
    if mx <= 360 and my <= 360:
        return "wgs84", ("CRS not stated: coordinates look like degrees, read as WGS84. Lists copied from "
                         "Amap (高德) or Tencent are GCJ-02 and from Baidu BD-09, ~300-600 m off: if so, "
                         "re-import with --crs gcj02 or --crs bd09"), "degrees", {}
    if _gk_metres(mx, my):
        return "EPSG:4549", ("coordinates look like metres in CGCS2000 / 3-degree GK CM 120E "
                             "(EPSG:4549, Qingdao's planning CRS)"), "gk_metres", {}
    if _gk_metres(my, mx):
        return None, ("coordinates look like EPSG:4549 metres with X and Y swapped (the x column holds "
                      f"northings ~{mx:,.0f}, the y column eastings ~{my:,.0f})"), "gk_swapped", \
            {"x": f"{mx:,.0f}", "y": f"{my:,.0f}"}
    return None, "coordinates look like projected metres of an unknown CRS", "unknown_metres", {}


def metres_swapped(x: np.ndarray, y: np.ndarray) -> bool:
    """True when the x column holds northings and the y column eastings of EPSG:4549."""
    finite = np.isfinite(x) & np.isfinite(y)
    return bool(finite.any()) and _gk_metres(np.nanmedian(np.abs(y[finite])), np.nanmedian(np.abs(x[finite])))


def in_qingdao(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Inside Qingdao's bounding box (WGS84)."""
    minx, miny, maxx, maxy = QINGDAO_BBOX
    with np.errstate(invalid="ignore"):
        return (lon >= minx) & (lon <= maxx) & (lat >= miny) & (lat <= maxy)
