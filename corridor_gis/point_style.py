"""A point list's renderer (符号样式) as the project saves it: by category, heatmap or point clusters, as QGIS
offers its categorized, heatmap and point-cluster renderers.

One definition for every face: the canvas and the print layout draw with it (:mod:`corridor_gis.app.
point_styles`), the HTML briefing reproduces it in the page (:mod:`corridor_gis.export.point_layers`), and the
project keeps :meth:`PointStyle.settings` in its metadata (``Project.point_style``). Qt-free.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

CATEGORIZED = "categorized"
HEATMAP = "heatmap"
CLUSTER = "cluster"
KINDS = (CATEGORIZED, HEATMAP, CLUSTER)

#: heatmap ramp stops (density 0..1 → colour, opacity); transparent at 0, so empty places show the map
HEAT_RAMP: tuple[tuple[float, str, float], ...] = (
    (0.0, "#3b0f70", 0.0),
    (0.08, "#3b0f70", 0.45),
    (0.3, "#8c2981", 0.65),
    (0.55, "#de4968", 0.8),
    (0.8, "#fe9f6d", 0.9),
    (1.0, "#fcfdbf", 0.95),
)
#: fill and outline of a cluster circle (distinct from every category and zone colour)
CLUSTER_FILL = "#00798c"
CLUSTER_OUTLINE = "#ffffff"
CLUSTER_TEXT = "#ffffff"


@dataclass(frozen=True)
class PointStyle:
    """The renderer of one point layer and its settings (a value: replace it to change the style)."""

    kind: str = CATEGORIZED
    #: heatmap kernel radius, screen pixels (QGIS's default is 10 mm ≈ 38 px; a tighter one suits a city)
    radius_px: int = 24
    #: cluster grid cell, screen pixels
    cluster_px: int = 56
    #: size of the cluster symbols (circle, outline, count) relative to the screen: a print layout draws on a
    #: 300-dpi device and scales them with its other screen-sized symbols (not saved with the project)
    symbol_scale: float = 1.0

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown point style {self.kind!r}; one of {', '.join(KINDS)}")

    def settings(self) -> dict[str, str | int]:
        """The style as plain JSON-able settings, as the project's metadata keeps it."""
        return {"kind": self.kind, "radius_px": int(self.radius_px), "cluster_px": int(self.cluster_px)}

    @classmethod
    def from_settings(cls, settings: dict | None) -> PointStyle:
        """The style saved as :meth:`settings`; the default (by category) for ``None`` or for what this version
        cannot read (an unknown kind, a missing or non-numeric size: a project from another version opens)."""
        if not settings:
            return cls()
        default = cls()
        try:
            return cls(str(settings.get("kind", default.kind)),
                       int(settings.get("radius_px", default.radius_px)),
                       int(settings.get("cluster_px", default.cluster_px)))
        except (TypeError, ValueError):
            return default


def _ramp_rgb() -> np.ndarray:
    return np.array([[int(colour[i:i + 2], 16) for i in (1, 3, 5)] for _, colour, _ in HEAT_RAMP], dtype=np.float64)


def ramp_rgba(size: int = 256) -> np.ndarray:
    """The heat ramp as ``size`` × RGBA (0..255 floats, not premultiplied), interpolated between its stops."""
    at = np.linspace(0.0, 1.0, size)
    pos = [s[0] for s in HEAT_RAMP]
    rgb = _ramp_rgb()
    channels = [np.interp(at, pos, rgb[:, k]) for k in range(3)]
    channels.append(np.interp(at, pos, [255 * a for _, _, a in HEAT_RAMP]))
    return np.stack(channels, axis=1)


def ramp_color(value: float) -> str:
    """The ramp's colour (opaque, ``#rrggbb``) at density ``value`` in 0..1 — for legends and tests."""
    pos = [s[0] for s in HEAT_RAMP]
    rgb = _ramp_rgb()
    return "#" + "".join(f"{round(float(np.interp(value, pos, rgb[:, k]))):02x}" for k in range(3))
