"""What a file says about its unstated CRS: names like 高德/amap/百度/gcj02 in the file name or the column
names, or a 坐标系 column whose values name a system. Evidence only: the CLI keeps reading degrees as WGS84
and adds the sentence to its warning; the import dialog preselects from it and shows why."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from .columns import norm

#: (pattern, CRS name, words for the sentence); explicit system names first, then the map providers
_RULES: tuple[tuple[str, str, str], ...] = (
    (r"bd-?09", "bd09", "BD-09"),
    (r"gcj-?02", "gcj02", "GCJ-02"),
    (r"wgs-?84", "wgs84", "WGS84"),
    (r"cgcs-?2000|国家2000|2000国家大地坐标", "wgs84", "CGCS2000"),
    (r"百度|baidu", "bd09", "百度 (Baidu)"),
    (r"高德|amap|gaode|autonavi", "gcj02", "高德 (Amap)"),
    (r"腾讯|tencent|(?<![a-z])qq(?![a-z])|火星", "gcj02", "腾讯 (Tencent)"),
    (r"天地图|tianditu", "wgs84", "天地图 (Tianditu)"),
    (r"北斗|beidou|(?<![a-z])gps(?![a-z])", "wgs84", "GPS/北斗"),
)
#: columns that name the coordinate system of each row
SYSTEM_COLUMNS = ("坐标系", "坐标系统", "坐标类型", "crs", "srs", "coordsys", "coordinate_system", "坐標系")
LABELS = {"gcj02": "GCJ-02", "bd09": "BD-09", "wgs84": "WGS84/CGCS2000"}


def _find(text: str) -> list[tuple[str, str]]:
    """(CRS name, what was seen) for every rule the text matches, explicit system names first."""
    low = text.lower()
    return [(name, words) for pattern, name, words in _RULES if re.search(pattern, low)]


def _conclude(found: list[tuple[str, str]], where: str, place: dict) -> tuple[str | None, str, dict] | None:
    if not found:
        return None
    systems = dict.fromkeys(name for name, _ in found)
    seen = list(dict.fromkeys(w for _, w in found))
    if len(systems) > 1:
        return None, f"{where} names {' and '.join(seen)}: conflicting, choose the CRS yourself", \
            {**place, "seen": seen}
    name, words = found[0]
    return name, f"{where} says {words}: probably {LABELS[name]}", {**place, "seen": [words]}


def crs_evidence(path: str | Path, columns: list[str], frame_or_values: pd.DataFrame | None = None
                 ) -> tuple[str | None, str]:
    """(CRS name or ``None``, the sentence saying why). ``None`` with an empty sentence = no evidence."""
    name, sentence, _where = crs_evidence_coded(path, columns, frame_or_values)
    return name, sentence


def crs_evidence_coded(path: str | Path, columns: list[str], frame_or_values: pd.DataFrame | None = None
                       ) -> tuple[str | None, str, dict]:
    """:func:`crs_evidence` and where the evidence was seen, for a face to word in its language:
    ``{"where": "file_name" | "column_names" | "column", "column": …, "value": …, "seen": [words]}``
    (empty without evidence)."""
    path = Path(path)
    for text, where, place in ((path.stem, "the file name", {"where": "file_name"}),
                               (" ".join(map(str, columns)), "the column names", {"where": "column_names"})):
        result = _conclude(_find(text), where, place)
        if result is not None:
            return result
    if isinstance(frame_or_values, pd.DataFrame):
        system = next((c for c in columns if norm(c) in SYSTEM_COLUMNS and c in frame_or_values), None)
        if system is not None:
            values = frame_or_values[system].astype(str).str.strip()
            values = values[values != ""]
            if len(values):
                common = str(values.value_counts().index[0])
                result = _conclude(_find(common), f"the column {system!r} ({common[:40]!r})",
                                   {"where": "column", "column": str(system), "value": common[:40]})
                if result is not None:
                    return result
    return None, "", {}


def advice(name: str | None, reason: str) -> str:
    """The sentence the CLI adds to its CRS warning (``--crs`` only when it would change the reading)."""
    if not reason:
        return ""
    if name in ("gcj02", "bd09"):
        return f"{reason}, pass --crs {name}"
    return reason
