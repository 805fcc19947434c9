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

The renderer's settings, ramp and symbol are :mod:`corridor_gis.point_style`'s, the app's own.
"""

from __future__ import annotations

import numpy as np

from .. import point_style
from ..model import Dataset, Project
from ..point_density import weighted_points
from ..point_style import (
    CLUSTER,
    CLUSTER_FILL,
    CLUSTER_OUTLINE,
    CLUSTER_TEXT,
    HEATMAP,
    PointStyle,
    ramp_color,
)
from .panel import LegendCategory
from .safety import html_text

#: entries a heatmap or cluster list may put in the page: ~25 bytes each, so ~1.3 MB at most
WEIGHTED_MAX = 50_000


def saved_style(project: Project, name: str) -> PointStyle:
    """The style saved in ``project`` for the dataset called ``name``, read as the app reads it; by category
    when none was saved or what is saved cannot be read (another version's kind, a non-numeric size)."""
    return PointStyle.from_settings(project.point_style(name))


def ramp_rgba(size: int = 256) -> list[int]:
    """The heat ramp as ``size`` RGBA colours (flat, 0..255, not premultiplied), as the app interpolates it:
    the page colours each heat pixel by its intensity through this table."""
    return np.round(point_style.ramp_rgba(size)).astype(int).ravel().tolist()


def styled_payload(dataset: Dataset, style: PointStyle, lon: np.ndarray, lat: np.ndarray, codes: np.ndarray,
                   categories: list[str], colors: list[str], radius: int) -> dict:
    """The page data of a list drawn as a heatmap or as clusters: its entries (mean lon/lat, weight, category
    code) at most :data:`WEIGHTED_MAX`, the style's settings, and ``count`` (the points, = the weights' sum)."""
    merged = weighted_points(lon, lat, codes, WEIGHTED_MAX)
    n = len(lon)
    if style.kind == HEATMAP:
        title = f"{dataset.title_in('zh')}（热力图，{n:,} 点）"
        settings = {"radius_px": max(2, style.radius_px), "ramp": ramp_rgba()}
    else:
        title = f"{dataset.title_in('zh')}（聚合，{n:,} 点）"
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
