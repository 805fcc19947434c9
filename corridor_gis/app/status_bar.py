"""The status bar's map readouts: the edit line (live figures, refusals), the cursor in lon/lat and in
EPSG:4549 metres, the scale, and the display CRS — updated from the canvas's signals."""

from __future__ import annotations

from PyQt6.QtWidgets import QLabel, QStatusBar

from ..crs import to_wgs84
from .canvas import MapCanvas
from .i18n import tr


class MapStatus:
    """Labels added to ``bar`` and connected to ``canvas``."""

    def __init__(self, bar: QStatusBar, canvas: MapCanvas) -> None:
        self.lonlat, self.xy, self.scale = QLabel(""), QLabel(""), QLabel("")
        self.crs = QLabel(tr("显示 CRS: EPSG:4549 (CGCS2000 / 3° GK CM 120E)"))
        self.edit = QLabel("")
        self.edit.setObjectName("live")
        bar.addWidget(self.edit, 1)
        for w in (self.lonlat, self.xy, self.scale, self.crs):
            bar.addPermanentWidget(w)
        canvas.cursorMoved.connect(self.show_cursor)
        canvas.scaleChanged.connect(self.show_scale)

    def show_cursor(self, x: float, y: float) -> None:
        """Scene x, y (EPSG:4549 metres, y flipped) in both readouts."""
        lon, lat = to_wgs84([x], [-y], "EPSG:4549")
        self.lonlat.setText(f"{lon[0]:.5f}°E {lat[0]:.5f}°N")
        self.xy.setText(f"x {x:,.0f} m  y {-y:,.0f} m")

    def show_scale(self, denominator: float) -> None:
        self.scale.setText(f"1:{denominator:,.0f}")
