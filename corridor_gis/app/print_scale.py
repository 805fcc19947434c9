"""The numbers behind a printed map: paper sizes, the map extent, a round scale 1:N and a round scale bar.

Qt-free on purpose (plain arithmetic and pyproj), so the rules can be read and tested on their own.
Scale, as QGIS's print layout defines it for a map item: ``N = ground metres / paper metres``. The map
frame is ``frame_mm`` wide on paper, so it shows ``frame_mm / 1000 * N`` metres of EPSG:4549 ground.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import shapely

from ..crs import to_area_crs
from ..errors import InputError
from ..measure import project_to_area_crs
from ..model import Project
from ..plan import CITY_IDS

#: ISO 216 sheets in millimetres, portrait (width, height)
PAPER_MM: dict[str, tuple[float, float]] = {"A4": (210.0, 297.0), "A3": (297.0, 420.0)}
#: mantissas of "round" scales (1:50,000, 1:75,000, 1:100,000, 1:150,000 …), as on printed map series
ROUND_SCALE_STEPS = (1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 7.5)
#: mantissas of a round scale-bar length (1, 2, 5 × 10^k metres)
ROUND_BAR_STEPS = (1.0, 2.0, 5.0)
#: extra room around the requested extent (each side, share of its size) before the scale is chosen
EXTENT_MARGIN = 0.04


@dataclass(frozen=True)
class Extent:
    """A rectangle of EPSG:4549 ground in metres (x east, y north)."""

    xmin: float
    ymin: float
    xmax: float
    ymax: float

    @property
    def width(self) -> float:
        return self.xmax - self.xmin

    @property
    def height(self) -> float:
        return self.ymax - self.ymin

    @property
    def centre(self) -> tuple[float, float]:
        return (self.xmin + self.xmax) / 2, (self.ymin + self.ymax) / 2

    def grown(self, share: float) -> Extent:
        dx, dy = self.width * share, self.height * share
        return Extent(self.xmin - dx, self.ymin - dy, self.xmax + dx, self.ymax + dy)

    @classmethod
    def around(cls, centre: tuple[float, float], width: float, height: float) -> Extent:
        cx, cy = centre
        return cls(cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)


def paper_size_mm(paper: str, landscape: bool) -> tuple[float, float]:
    """(width, height) of the sheet in millimetres."""
    key = paper.upper()
    if key not in PAPER_MM:
        raise InputError(None, f"paper {paper!r} is not supported", hint=f"use one of {', '.join(PAPER_MM)}")
    w, h = PAPER_MM[key]
    return (h, w) if landscape else (w, h)


def parse_extent(spec: str | Extent, project: Project) -> Extent:
    """``corridor`` | ``city:ID`` | ``W,S,E,N`` (WGS84 degrees) → the EPSG:4549 rectangle to print; an
    :class:`Extent` (e.g. the canvas's current view) is used as it is."""
    if isinstance(spec, Extent):
        if not (spec.width > 0 and spec.height > 0):
            raise InputError(None, "the map view to print is empty", hint="zoom the map to the area to print")
        return spec
    spec = (spec or "corridor").strip()
    if spec == "corridor":
        return _bounds(project_to_area_crs(project.corridor))
    if spec.startswith("city:"):
        city_id = spec.removeprefix("city:")
        cities = project.city_geometries()
        if city_id not in cities:
            raise InputError(None, f"--extent {spec!r}: no city {city_id!r} in the project",
                             hint=f"use city:{' or city:'.join(CITY_IDS)}")
        return _bounds(project_to_area_crs(cities[city_id]))
    try:
        west, south, east, north = (float(v) for v in spec.split(","))
    except ValueError:
        raise InputError(None, f"--extent {spec!r} is not corridor, city:ID or W,S,E,N",
                         hint="e.g. --extent corridor, --extent city:youth or --extent 120.3,36.0,120.8,36.5 "
                              "(WGS84 longitude/latitude)") from None
    if not (west < east and south < north):
        raise InputError(None, f"--extent {spec!r}: needs west < east and south < north",
                         hint="give W,S,E,N in that order (longitude, latitude, longitude, latitude)")
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= 90 and -90 <= north <= 90):
        raise InputError(None, f"--extent {spec!r} is not in degrees",
                         hint="give WGS84 longitude/latitude, e.g. 120.3,36.0,120.8,36.5")
    # the box's edges, densified, so the projected rectangle covers the whole lon/lat box
    t = np.linspace(0.0, 1.0, 21)
    lon = np.concatenate([west + (east - west) * t, np.full_like(t, east), east - (east - west) * t,
                          np.full_like(t, west)])
    lat = np.concatenate([np.full_like(t, south), south + (north - south) * t, np.full_like(t, north),
                          north - (north - south) * t])
    x, y = to_area_crs(lon, lat)
    return Extent(float(np.min(x)), float(np.min(y)), float(np.max(x)), float(np.max(y)))


def _bounds(geom: shapely.Geometry) -> Extent:
    xmin, ymin, xmax, ymax = geom.bounds
    return Extent(xmin, ymin, xmax, ymax)


def round_up(value: float, steps: tuple[float, ...]) -> float:
    """The smallest ``step × 10^k`` that is ≥ ``value``."""
    exp = 10.0 ** math.floor(math.log10(value))
    for k in (exp, exp * 10):
        for m in steps:
            if m * k >= value * (1 - 1e-12):
                return m * k
    raise AssertionError("unreachable: the next decade always has a step")


def round_down(value: float, steps: tuple[float, ...]) -> float:
    """The largest ``step × 10^k`` that is ≤ ``value``."""
    exp = 10.0 ** math.floor(math.log10(value))
    return max(m * exp for m in steps if m * exp <= value * (1 + 1e-12))


def fit_scale(extent: Extent, frame_mm: tuple[float, float]) -> int:
    """The round scale denominator at which ``extent`` (plus a small margin) fits the map frame."""
    grown = extent.grown(EXTENT_MARGIN)
    needed = max(grown.width / (frame_mm[0] / 1000), grown.height / (frame_mm[1] / 1000))
    return round(round_up(needed, ROUND_SCALE_STEPS))


def ground_extent(centre: tuple[float, float], frame_mm: tuple[float, float], scale: int) -> Extent:
    """The ground the frame shows at 1:``scale`` around ``centre`` (same aspect as the frame)."""
    return Extent.around(centre, frame_mm[0] / 1000 * scale, frame_mm[1] / 1000 * scale)


def scale_bar_metres(scale: int, max_mm: float) -> float:
    """A round bar length (1, 2, 5 × 10^k m) whose printed length is at most ``max_mm``."""
    return round_down(max_mm / 1000 * scale, ROUND_BAR_STEPS)


def paper_mm(ground_m: float, scale: int) -> float:
    """Printed length in mm of ``ground_m`` metres at 1:``scale``."""
    return ground_m / scale * 1000


def parse_scale(text: str) -> int:
    """``250000``, ``250,000`` or ``1:250000`` → 250000 (the N of 1:N)."""
    cleaned = "".join(str(text).split()).replace(",", "").replace("_", "").replace("：", ":").removeprefix("1:")
    if not cleaned.isdigit() or int(cleaned) < 100:
        raise InputError(None, f"scale {text!r} is not a map scale",
                         hint="give the denominator N of 1:N, e.g. 250000 or 1:250000")
    return int(cleaned)


def format_scale(scale: int) -> str:
    """``1:250,000`` — the form printed on the sheet."""
    return f"1:{scale:,}"


def format_length(metres: float) -> str:
    """``5 km`` / ``500 m``."""
    return f"{metres / 1000:g} km" if metres >= 1000 else f"{metres:g} m"
