"""Map mouse events (like QGIS's QgsMapMouseEvent): a Qt mouse event plus where it is on the map.

The canvas turns every mouse event into a :class:`MapMouseEvent` before a map tool sees it, so tools never
convert coordinates themselves: the event carries the view position, lon/lat (WGS84), EPSG:4549 metres,
and — on demand — the snapped point. :func:`search_radius_deg` is the one definition of "near the
cursor" (identify, vertex picking, snapping) in map units.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from PyQt6.QtCore import QPointF, Qt

from ..crs import to_wgs84
from ..snapping import Match, SnapIndex

#: how near the cursor a feature or vertex must be, in screen pixels (QGIS's default search radius is
#: similar: 10 px for snapping, a few px for identify)
SEARCH_RADIUS_PX = 10
IDENTIFY_RADIUS_PX = 5
_METRES_PER_DEGREE_LAT = 111_320.0


def search_radius_deg(metres_per_pixel: float, lat: float, pixels: float = SEARCH_RADIUS_PX) -> float:
    """A radius of ``pixels`` on screen in degrees at latitude ``lat``.

    Converted with the length of one degree of *longitude* there (the shorter one: ~90 km at 36°N), so
    the radius in degrees is never smaller than what the user sees in any direction.
    """
    metres = pixels * metres_per_pixel
    return metres / (_METRES_PER_DEGREE_LAT * max(math.cos(math.radians(lat)), 1e-6))


def scene_to_lonlat(point: QPointF) -> tuple[float, float]:
    """Scene point (EPSG:4549 metres, y flipped) → lon/lat."""
    lon, lat = to_wgs84([point.x()], [-point.y()], "EPSG:4549")
    return float(lon[0]), float(lat[0])


@dataclass
class MapMouseEvent:
    """A mouse event on the map canvas, in every coordinate a tool needs."""

    button: Qt.MouseButton
    buttons: Qt.MouseButton
    modifiers: Qt.KeyboardModifier
    view_pos: QPointF
    scene_pos: QPointF
    lon: float
    lat: float
    metres_per_pixel: float
    _snap: Match | None = field(default=None, repr=False)

    @property
    def x(self) -> float:
        """EPSG:4549 easting (m)."""
        return self.scene_pos.x()

    @property
    def y(self) -> float:
        """EPSG:4549 northing (m)."""
        return -self.scene_pos.y()

    def search_radius_deg(self, pixels: float = SEARCH_RADIUS_PX) -> float:
        return search_radius_deg(self.metres_per_pixel, self.lat, pixels)

    def search_radius_m(self, pixels: float = SEARCH_RADIUS_PX) -> float:
        return pixels * self.metres_per_pixel

    def snap(self, index: SnapIndex, exclude_points: set[tuple[float, float]] | None = None,
             exclude_segments_of: set[str] | None = None) -> Match | None:
        """Snap the cursor with ``index`` (None when nothing is near or snapping is off)."""
        self._snap = index.snap(self.lon, self.lat, self.search_radius_deg(), exclude_points, exclude_segments_of)
        return self._snap

    def snapped_lonlat(self) -> tuple[float, float]:
        """The last snap's point, or the cursor's lon/lat when nothing was snapped."""
        return (self._snap.x, self._snap.y) if self._snap else (self.lon, self.lat)

    def has_shift(self) -> bool:
        return bool(self.modifiers & Qt.KeyboardModifier.ShiftModifier)


def map_event(canvas, event) -> MapMouseEvent:
    """Wrap a Qt mouse event of ``canvas``'s viewport."""
    view = event.position()
    scene = canvas.mapToScene(view.toPoint())
    lon, lat = scene_to_lonlat(scene)
    return MapMouseEvent(event.button(), event.buttons(), event.modifiers(), QPointF(view), QPointF(scene),
                         lon, lat, canvas.metres_per_pixel())
