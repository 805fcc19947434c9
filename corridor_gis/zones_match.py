"""Which feature of a boundary file is which of the plan's cities.

A feature matches a city by the text of one attribute: the city's id (``ocean``), its Chinese or English
name as the plan writes it (``海洋科技城``), a longer label that contains the Chinese name exactly once
(``海洋科技城片区``), or a short form that is unambiguous (``海洋城``: same first character, the characters
in the name's order, fitting one city only). Without ``field`` every text field is tried and the one that
matches most features (then most cities) is used. ``mapping`` (label → city id) takes precedence over the
automatic rules, e.g. for ``A区=ocean``. Point features with a matching text (DXF TEXT labels, KML pins)
name the polygon they lie in when that polygon's own attributes do not. Every feature gets a reason;
nothing is dropped silently.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd
import shapely

from .errors import InputError
from .plan import CITIES, CITY_IDS

#: suffixes that do not change which city a label names
_SUFFIXES = ("片区", "区域", "范围", "边界", "红线", "范围线", "规划范围", "用地")
_SPACES = re.compile(r"[\s\u3000]+")
#: fields that name a feature when several fields match equally well
_NAME_FIELDS = ("名称", "name", "name_zh", "zone", "layer", "id", "城", "片区")


@dataclass(frozen=True)
class FeatureMatch:
    """One feature of the file and the city it was assigned to (or ``None``) with the reason."""

    feature: int
    label: str
    city: str | None
    why: str
    #: polygon, ring (a closed line: becomes a polygon), line (open: polygonized with its city's other lines),
    #: point (a label), empty, other
    kind: str = "polygon"

    def as_dict(self) -> dict:
        return asdict(self)


def parse_mapping(text: str | None) -> dict[str, str]:
    """``"海洋科技城=ocean,青年科创城=youth"`` → ``{"海洋科技城": "ocean", …}``; refuse unknown city ids."""
    if not text:
        return {}
    out: dict[str, str] = {}
    for part in re.split(r"[,，;；]", text):
        if not part.strip():
            continue
        label, sep, city = part.rpartition("=")
        if not sep or not label.strip():
            raise InputError(None, f"--map entry {part.strip()!r} is not LABEL=CITY_ID",
                             hint='write e.g. --map "海洋科技城=ocean,青年科创城=youth,数智产业城=digital"')
        out[label.strip()] = city.strip()
    check_mapping(out)
    return out


def check_mapping(mapping: dict[str, str]) -> None:
    bad = sorted({c for c in mapping.values() if c not in CITY_IDS})
    if bad:
        raise InputError(None, f"unknown city id(s) in the mapping: {', '.join(bad)}",
                         hint=f"map labels to one of {', '.join(CITY_IDS)}")


def _norm(text: str) -> str:
    return _SPACES.sub("", text).strip()


def _is_subsequence(short: str, name: str) -> bool:
    it = iter(name)
    return all(ch in it for ch in short)


def city_for_label(value: object, mapping: dict[str, str] | None = None) -> tuple[str | None, str]:
    """The city a label names and the rule that decided it; ``(None, why)`` when none or ambiguous."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None, "empty"
    text = _norm(str(value))
    if not text:
        return None, "empty"
    if mapping:
        for label, city in mapping.items():
            if _norm(label) == text:
                return city, f"mapping {label!r} → {city}"
    lower = text.lower()
    for c in CITIES:
        if lower == c.id:
            return c.id, "the plan's city id"
        if text == c.name_zh:
            return c.id, "the plan's name"
        if lower == c.name_en.lower():
            return c.id, "the plan's English name"
    containing = [c for c in CITIES if c.name_zh in text]
    if len(containing) == 1:
        return containing[0].id, f"contains the plan's name {containing[0].name_zh}"
    if len(containing) > 1:
        return None, "names several cities: " + ", ".join(c.name_zh for c in containing)
    short = text
    for suffix in _SUFFIXES:
        short = short.removesuffix(suffix)
    if len(short) >= 2 and not short.isascii():
        fits = [c for c in CITIES if c.name_zh.startswith(short[0]) and _is_subsequence(short, c.name_zh)]
        if len(fits) == 1:
            return fits[0].id, f"short form of {fits[0].name_zh}"
        if len(fits) > 1:
            return None, "ambiguous short form: " + " or ".join(c.name_zh for c in fits)
    return None, "names no city of the plan"


def _text_columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if c not in ("geometry", "_feature")
            and (frame[c].dtype == object or pd.api.types.is_string_dtype(frame[c]))]


def choose_field(frame: pd.DataFrame, mapping: dict[str, str] | None) -> str | None:
    """The text field whose values name the most features (then the most distinct cities)."""
    best: tuple[int, int, int] | None = None
    chosen = None
    for column in _text_columns(frame):
        cities = [city_for_label(v, mapping)[0] for v in frame[column].to_numpy()]
        hits = [c for c in cities if c is not None]
        if not hits:
            continue
        named = any(column.lower().startswith(n) for n in _NAME_FIELDS)
        score = (len(hits), len(set(hits)), int(named))
        if best is None or score > best:
            best, chosen = score, column
    return chosen


def _kind(geom: object) -> str:
    if geom is None or shapely.is_empty(geom):
        return "empty"
    dim = shapely.get_dimensions(geom)
    if dim == 1 and all(shapely.is_closed(part) for part in shapely.get_parts(geom)):
        return "ring"  # a closed (poly)line, as CAD draws a boundary: read as a polygon
    return {0: "point", 1: "line", 2: "polygon"}.get(int(dim), "other")


def match_features(frame: pd.DataFrame, field: str | None, mapping: dict[str, str] | None,
                   path: str) -> tuple[list[FeatureMatch], str | None]:
    """A :class:`FeatureMatch` per feature, and the field used."""
    if field is not None and field not in frame.columns:
        listing = ", ".join(_text_columns(frame)) or "none"
        raise InputError(path, f"no field {field!r}; text fields: {listing}", column=field,
                         hint="pass one of these with --field")
    used = field or choose_field(frame, mapping)
    geoms = frame.geometry.to_numpy()
    kinds = [_kind(g) for g in geoms]
    matches: list[FeatureMatch] = []
    for i, (fid, kind) in enumerate(zip(frame["_feature"], kinds, strict=True)):
        label = "" if used is None else frame[used].iloc[i]
        label = "" if label is None or (isinstance(label, float) and np.isnan(label)) else str(label)
        if used is None:
            city, why = None, "no text field names a city (use --field and --map)"
        else:
            city, why = city_for_label(label, mapping)
            why = f"{used} = {label!r}: {why}"
        if kind == "empty":
            city, why = None, "empty geometry"
        matches.append(FeatureMatch(int(fid), label, city, why, kind))
    matches = _labels_inside(frame, matches, mapping)
    return matches, used


def _labels_inside(frame: pd.DataFrame, matches: list[FeatureMatch],
                   mapping: dict[str, str] | None) -> list[FeatureMatch]:
    """Polygons named by no attribute take the city of the text label points lying inside them (CAD style)."""
    labels = []
    columns = _text_columns(frame)
    geoms = frame.geometry.to_numpy()
    for i, m in enumerate(matches):
        if m.kind != "point":
            continue
        geom = geoms[i]
        for column in columns:
            value = frame[column].iloc[i]
            city, _ = city_for_label(value, mapping)
            if city is not None:
                labels.append((geom, city, value))
                break
    if not labels:
        return matches
    out = []
    for m, geom in zip(matches, frame.geometry.to_numpy(), strict=True):
        if m.city is None and m.kind in ("polygon", "ring"):
            area = shapely.polygonize(shapely.get_parts(geom)) if m.kind == "ring" else geom
            inside = {(city, text) for pt, city, text in labels if shapely.covers(area, pt)}
            if len({c for c, _ in inside}) == 1:
                city, text = next(iter(inside))
                m = FeatureMatch(m.feature, str(text), city, f"label {text!r} lies inside", m.kind)
        elif m.kind == "point" and m.city is not None:
            m = FeatureMatch(m.feature, m.label, None, m.why + " (a label point, names the polygon around it)",
                             m.kind)
        out.append(m)
    return out
