"""Each point list of the HTML briefing in the style the planner saved for it (符号样式), as qgis2web exports a
QGIS layer with its renderer.

* **by category** (the default, and for what this version cannot read): a circle per point, or one density
  image for a long list — drawn by :mod:`corridor_gis.export.html` as before.
* **heatmap**: Leaflet.heat (vendored, :mod:`corridor_gis.export.assets`) with the app's colour ramp and
  kernel radius in screen pixels; the ramp's top is rescaled to the points in view (the app's rule), so the
  legend says the scale is relative.
* **clusters**: the app's grid clustering (cells of ``cluster_px`` screen pixels anchored to the map, one
  circle per cell at the mean position of its points with their number on it; a point alone in its cell is
  drawn as itself in its category's colour), recomputed by the page at each zoom.

Both styles read the list as :func:`~corridor_gis.point_density.weighted_points`: at most
:data:`WEIGHTED_MAX` entries whatever the list's length (a million-row list stays a page of ~1 MB), with
exact counts. Both are drawn under the zone borders (a pane under Leaflet's overlay pane), like the density
image. The style only changes the picture: figures come from the counter whatever it is.

The app's renderer settings and ramp live in :mod:`corridor_gis.app.point_styles` (Qt); this module keeps a
copy of the few constants the page needs, and a test checks that they match.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..model import Dataset, Project
from ..point_density import weighted_points
from .panel import LegendCategory
from .safety import html_text

CATEGORIZED = "categorized"
HEATMAP = "heatmap"
CLUSTER = "cluster"
KINDS = (CATEGORIZED, HEATMAP, CLUSTER)

#: entries a heatmap or cluster list may put in the page: ~25 bytes each, so ~1.3 MB at most
WEIGHTED_MAX = 50_000

#: the app's heatmap ramp (density 0..1 → colour, opacity), transparent at 0: app/point_styles.HEAT_RAMP
HEAT_RAMP: tuple[tuple[float, str, float], ...] = (
    (0.0, "#3b0f70", 0.0),
    (0.08, "#3b0f70", 0.45),
    (0.3, "#8c2981", 0.65),
    (0.55, "#de4968", 0.8),
    (0.8, "#fe9f6d", 0.9),
    (1.0, "#fcfdbf", 0.95),
)
#: the app's cluster symbol: app/point_styles.CLUSTER_FILL, CLUSTER_OUTLINE, CLUSTER_TEXT
CLUSTER_FILL = "#00798c"
CLUSTER_OUTLINE = "#ffffff"
CLUSTER_TEXT = "#ffffff"
#: the app's defaults (app/point_styles.PointStyle): heat kernel radius and cluster cell, screen pixels
DEFAULT_RADIUS_PX = 24
DEFAULT_CLUSTER_PX = 56


@dataclass(frozen=True)
class SavedStyle:
    """The renderer saved for a list (``Project.point_style``), read as the app reads it."""

    kind: str = CATEGORIZED
    radius_px: int = DEFAULT_RADIUS_PX
    cluster_px: int = DEFAULT_CLUSTER_PX


def saved_style(project: Project, name: str) -> SavedStyle:
    """The style saved in ``project`` for the dataset called ``name``; by category when none was saved or what
    is saved cannot be read (another version's kind, a non-numeric size) — the app's rule
    (``PointStyle.from_settings``), so the page and the app draw the same list alike."""
    settings = project.point_style(name)
    if not settings:
        return SavedStyle()
    try:
        style = SavedStyle(str(settings.get("kind", CATEGORIZED)),
                           int(settings.get("radius_px", DEFAULT_RADIUS_PX)),
                           int(settings.get("cluster_px", DEFAULT_CLUSTER_PX)))
    except (TypeError, ValueError):
        return SavedStyle()
    return style if style.kind in KINDS else SavedStyle()


def ramp_rgba(size: int = 256) -> list[int]:
    """The heat ramp as ``size`` RGBA colours (flat, 0..255, not premultiplied), as the app interpolates it:
    the page colours each heat pixel by its intensity through this table."""
    at = np.linspace(0.0, 1.0, size)
    pos = [s[0] for s in HEAT_RAMP]
    rgb = np.array([[int(c[i:i + 2], 16) for i in (1, 3, 5)] for _, c, _ in HEAT_RAMP], dtype=np.float64)
    channels = [np.interp(at, pos, rgb[:, k]) for k in range(3)]
    channels.append(np.interp(at, pos, [255 * a for _, _, a in HEAT_RAMP]))
    return np.round(np.stack(channels, axis=1)).astype(int).ravel().tolist()


def ramp_color(value: float) -> str:
    """The ramp's opaque colour at density ``value`` (0..1), for the legend (the app's ``ramp_color``)."""
    pos = [s[0] for s in HEAT_RAMP]
    rgb = [round(float(np.interp(value, pos, [int(c[1 + 2 * k:3 + 2 * k], 16) for _, c, _ in HEAT_RAMP])))
           for k in range(3)]
    return "#" + "".join(f"{v:02x}" for v in rgb)


def styled_payload(dataset: Dataset, style: SavedStyle, lon: np.ndarray, lat: np.ndarray, codes: np.ndarray,
                   categories: list[str], colors: list[str], radius: int) -> dict:
    """The page data of a list drawn as a heatmap or as clusters: its entries (mean lon/lat, weight, category
    code) at most :data:`WEIGHTED_MAX`, the style's settings, and ``count`` (the points, = the weights' sum)."""
    merged = weighted_points(lon, lat, codes, WEIGHTED_MAX)
    n = len(lon)
    if style.kind == HEATMAP:
        title = f"{dataset.title}（热力图，{n:,} 点）"
        settings = {"radius_px": max(2, style.radius_px), "ramp": ramp_rgba()}
    else:
        title = f"{dataset.title}（聚合，{n:,} 点）"
        settings = {"cluster_px": max(8, style.cluster_px), "fill": CLUSTER_FILL, "outline": CLUSTER_OUTLINE,
                    "text": CLUSTER_TEXT}
    return {"title": html_text(title), "categories": categories, "colors": colors, "count": n,
            "style": {"kind": style.kind, **settings},
            "weighted": {"lon": np.round(merged.lon, 6).tolist(), "lat": np.round(merged.lat, 6).tolist(),
                         "w": merged.weight.tolist(), "cat": merged.code.tolist(), "zoom": merged.zoom},
            "radius": radius}


#: the heatmap's legend, the app's words: the ramp is scaled to the points in view
HEAT_LEGEND = (("低密度（相对当前视图）", 0.1), ("中密度", 0.5), ("高密度（当前视图中最密）", 1.0))
CLUSTER_LEGEND = "聚合（圆上数字为点数）"


def legend_symbols(kind: str, categories: list[LegendCategory]) -> list[LegendCategory]:
    """The symbol classes of a list in style ``kind``, as the app's layer panel lists them: the heat ramp
    from low to high (relative to the view), or the cluster symbol then the categories of the lone points,
    or the categories."""
    if kind == HEATMAP:
        return [LegendCategory(name, ramp_color(at), "heat") for name, at in HEAT_LEGEND]
    if kind == CLUSTER:
        return [LegendCategory(CLUSTER_LEGEND, CLUSTER_FILL, "cluster"), *categories]
    return list(categories)
