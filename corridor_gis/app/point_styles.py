"""How a point dataset is drawn — QGIS's point renderers, vectorised for a million points.

* **Categorized** (QGIS "Categorized"): each point a small square of its category's colour; beyond a share of
  the screen's pixels a density raster (see :mod:`corridor_gis.app.point_cloud`).
* **Heatmap** (QGIS "Heatmap"): kernel density in screen space. Points are binned to a coarse grid (a few
  pixels per cell), the grid is blurred by a separable Gaussian of the chosen radius in pixels, and the
  density goes through a colour ramp whose lowest end is transparent, so the map stays visible where there
  are no points. Only numpy (no scipy): the grid is small, the blur is a sum of shifted rows.
* **Point cluster** (QGIS "Point cluster"): grid clustering in screen space. One circle per occupied cell
  at the mean position of its points, sized by their number and labelled with it; a cell that holds one
  point shows that point exactly. The map's own labels (zones, districts, 街道) take priority: a count they
  would cover moves beside its circle, or is left out when there is no free place (QGIS's labelling engine).

Every style renders into one ARGB image of the device's size (the canvas caches it): these functions do the
per-view work; nothing here touches the counted figures, which come from the core whatever the style.
Grid cells are anchored to the map, not to the window, so panning does not make clusters or heat jump.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PyQt6.QtCore import QPointF, QRectF, Qt
from PyQt6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QImage, QPainter, QPainterPath, QPen

from ..point_style import (
    CATEGORIZED,
    CLUSTER,
    CLUSTER_FILL,
    CLUSTER_OUTLINE,
    CLUSTER_TEXT,
    HEAT_RAMP,
    HEATMAP,
    KINDS,
    PointStyle,
    ramp_color,
    ramp_rgba,
)

LABEL_FONT = "Noto Sans CJK SC"


def _ramp_lut(size: int = 256) -> np.ndarray:
    """``size`` premultiplied ARGB32 colours interpolated between the ramp's stops (:func:`ramp_rgba`)."""
    r, g, b, a = ramp_rgba(size).T
    a8 = np.round(a).astype(np.uint32)
    premul = [np.round(c * a / 255).astype(np.uint32) for c in (r, g, b)]
    return (a8 << 24) | (premul[0] << 16) | (premul[1] << 8) | premul[2]


HEAT_LUT = _ramp_lut()


def _gaussian_blur(grid: np.ndarray, sigma: float, reach: int) -> np.ndarray:
    """Separable Gaussian blur of a 2-D float grid, kernel truncated at ``reach`` cells (zeros outside)."""
    offsets = np.arange(-reach, reach + 1)
    kernel = np.exp(-0.5 * (offsets / sigma) ** 2)
    kernel /= kernel.sum()
    out = grid
    for axis in (0, 1):
        padded = np.pad(out, [(reach, reach) if a == axis else (0, 0) for a in (0, 1)])
        n = out.shape[axis]
        acc = np.zeros_like(out)
        for k, w in enumerate(kernel):
            acc += w * (padded[k:k + n] if axis == 0 else padded[:, k:k + n])
        out = acc
    return out


def heatmap_image(px: np.ndarray, py: np.ndarray, width: int, height: int, style: PointStyle,
                  phase: tuple[float, float] = (0.0, 0.0)) -> QImage:
    """Kernel density of device positions ``px``, ``py`` (float) as a ``width`` × ``height`` image.

    ``phase`` is the map origin's device position modulo nothing in particular (its dx, dy): grid cells start
    at multiples of the cell size from it, so the grid moves with the map. Points up to one radius outside
    the device still warm its edge. The ramp's top is the 99.5th percentile of the occupied cells, so one
    very dense spot does not wash out the rest (QGIS's "maximum: automatic" takes the maximum).
    """
    radius = max(2, int(style.radius_px))
    cell = max(1, radius // 6)
    reach = math.ceil(radius / cell)
    # grid origin: a cell boundary at or left of -radius, aligned to the map
    ox = (phase[0] % cell) - cell * (reach + 1)
    oy = (phase[1] % cell) - cell * (reach + 1)
    gw = math.ceil((width - ox) / cell) + reach + 1
    gh = math.ceil((height - oy) / cell) + reach + 1
    gx = np.floor((px - np.float32(ox)) * np.float32(1 / cell)).astype(np.int32)
    gy = np.floor((py - np.float32(oy)) * np.float32(1 / cell)).astype(np.int32)
    keep = (gx >= 0) & (gx < gw) & (gy >= 0) & (gy < gh)
    ids = gy[keep] * gw + gx[keep]
    grid = np.bincount(ids, minlength=gw * gh).astype(np.float64).reshape(gh, gw)
    heat = _gaussian_blur(grid, sigma=reach / 2.5, reach=reach)
    occupied = heat[heat > 1e-9]
    if occupied.size == 0:
        image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        return image
    top = max(float(np.percentile(occupied, 99.5)), 1e-9)
    level = np.clip(heat / top, 0.0, 1.0)
    index = np.where(heat > 1e-9, np.maximum(1, np.round(level * 255)), 0).astype(np.intp)
    argb = np.ascontiguousarray(HEAT_LUT[index])
    small = QImage(argb.data, gw, gh, gw * 4, QImage.Format.Format_ARGB32_Premultiplied).copy()
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    painter.drawImage(QRectF(ox, oy, gw * cell, gh * cell), small)
    painter.end()
    return image


def compact_count(n: int, lang: str = "zh") -> str:
    """A cluster's count in a few characters: 875, 1.2k / 1.2万, 35k / 35万."""
    if n < 1000:
        return str(n)
    if lang == "zh":
        return f"{n:,}" if n < 10_000 else f"{n / 10_000:.3g}万"
    return f"{n / 1000:.3g}k" if n < 1_000_000 else f"{n / 1e6:.3g}M"


@dataclass
class Clusters:
    """Occupied cells of a cluster grid: mean device position and number of points; ``singles`` holds the
    indices (into the positions given) of the points alone in their cell."""

    x: np.ndarray
    y: np.ndarray
    count: np.ndarray
    singles: np.ndarray


def cluster_points(px: np.ndarray, py: np.ndarray, width: int, height: int, style: PointStyle,
                   phase: tuple[float, float] = (0.0, 0.0)) -> Clusters:
    """Grid clusters of device positions ``px``, ``py``: cells of ``style.cluster_px`` anchored to the map
    (``phase`` = the map origin's device position), over the device and one cell around it, so a cluster at
    the edge counts the points just outside too."""
    cell = max(8, int(style.cluster_px))
    ox = (phase[0] % cell) - cell
    oy = (phase[1] % cell) - cell
    gw = math.ceil((width - ox) / cell) + 1
    gh = math.ceil((height - oy) / cell) + 1
    gx = np.floor((px - np.float32(ox)) * np.float32(1 / cell)).astype(np.int32)
    gy = np.floor((py - np.float32(oy)) * np.float32(1 / cell)).astype(np.int32)
    keep = np.flatnonzero((gx >= 0) & (gx < gw) & (gy >= 0) & (gy < gh))
    ids = gy[keep] * gw + gx[keep]
    count = np.bincount(ids, minlength=gw * gh)
    sx = np.bincount(ids, weights=px[keep], minlength=gw * gh)
    sy = np.bincount(ids, weights=py[keep], minlength=gw * gh)
    many = np.flatnonzero(count > 1)
    singles = keep[count[ids] == 1]
    return Clusters(sx[many] / count[many], sy[many] / count[many], count[many], singles)


#: a count moved off its circle is written in the circle's colour on a white halo (it lies on the map)
MOVED_COUNT_HALO = "#ffffff"
#: room kept around a label the counts give way to, device pixels (as the canvas's label decluttering)
OBSTACLE_PAD = 2.0


@dataclass
class CountLabel:
    """Where a cluster's count was written (device pixels): on its circle, or beside it when a map label
    covers the circle's middle (``moved``)."""

    text: str
    box: QRectF
    moved: bool


def cluster_radius(n: int, style: PointStyle) -> float:
    """A cluster circle's radius in device pixels: its area grows with the log of ``n``, at most 45% of a cell."""
    return min(max(8, int(style.cluster_px)) * 0.45, (9.0 + 4.0 * math.log10(n)) * style.symbol_scale)


def _count_candidates(x: float, y: float, r: float, w: float, h: float, scale: float = 1.0) -> list[QRectF]:
    """Boxes of a count around a circle, in QGIS's "around point" order: right, left, above, below, then the
    four corners."""
    gap = 2.0 * scale
    right, left = x + r + gap, x - r - gap - w
    above, below = y - r - gap - h, y + r + gap
    mid_x, mid_y = x - w / 2, y - h / 2
    return [QRectF(right, mid_y, w, h), QRectF(left, mid_y, w, h), QRectF(mid_x, above, w, h),
            QRectF(mid_x, below, w, h), QRectF(right - r / 3, above + r / 3, w, h),
            QRectF(left + r / 3, above + r / 3, w, h), QRectF(right - r / 3, below - r / 3, w, h),
            QRectF(left + r / 3, below - r / 3, w, h)]


def place_counts(clusters: Clusters, style: PointStyle, sizes: list[tuple[float, float]], texts: list[str],
                 obstacles: list[QRectF]) -> list[CountLabel | None]:
    """Where each cluster's count goes so that none lies under a map label (zone, district, 街道 names):
    those labels are placed first and take priority, as in QGIS's labelling engine. A count stays on its
    circle when its box is clear of every obstacle; otherwise it moves beside the circle, to the first free
    place around it (clear of the labels, of every other circle and of the counts moved before it); when
    there is none it is left out (``None``), as QGIS drops a label it cannot place. ``sizes`` are the
    counts' text sizes (w, h) in device pixels, ``obstacles`` the labels' device boxes."""
    padded = [o.adjusted(-OBSTACLE_PAD, -OBSTACLE_PAD, OBSTACLE_PAD, OBSTACLE_PAD) for o in obstacles]
    circles = []
    for x, y, n in zip(clusters.x.tolist(), clusters.y.tolist(), clusters.count.tolist(), strict=True):
        r = cluster_radius(n, style)
        circles.append(QRectF(x - r, y - r, 2 * r, 2 * r))
    placed: list[CountLabel | None] = []
    moved: list[QRectF] = []
    for i, (x, y, n) in enumerate(zip(clusters.x.tolist(), clusters.y.tolist(), clusters.count.tolist(),
                                      strict=True)):
        w, h = sizes[i]
        centred = QRectF(x - w / 2, y - h / 2, w, h)
        if not any(centred.intersects(o) for o in padded):
            placed.append(CountLabel(texts[i], centred, moved=False))
            continue
        blocked = padded + moved + [c for k, c in enumerate(circles) if k != i]
        spot = next((box for box in _count_candidates(x, y, cluster_radius(n, style), w, h, style.symbol_scale)
                     if not any(box.intersects(o) for o in blocked)), None)
        placed.append(CountLabel(texts[i], spot, moved=True) if spot is not None else None)
        if spot is not None:
            moved.append(spot)
    return placed


def draw_clusters(painter: QPainter, clusters: Clusters, style: PointStyle, lang: str = "zh",
                  obstacles: list[QRectF] | None = None) -> list[CountLabel | None]:
    """One circle per cluster, its area growing with the log of its count, with the count on it — or beside
    it where a map label (``obstacles``, device boxes) would cover it (:func:`place_counts`). Returns where
    each count went."""
    font = QFont(LABEL_FONT)
    font.setPointSizeF(8 * style.symbol_scale)
    font.setBold(True)
    painter.setFont(font)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    metrics = QFontMetricsF(font, painter.device())
    texts = [compact_count(n, lang) for n in clusters.count.tolist()]
    # the box the glyphs fill (digits: no descent), so a count and a label touch only where ink would
    sizes = [(metrics.horizontalAdvance(t), metrics.capHeight() + 2 * style.symbol_scale) for t in texts]
    counts = place_counts(clusters, style, sizes, texts, obstacles or [])
    pen = QPen(QColor(CLUSTER_OUTLINE), 1.5 * style.symbol_scale)
    brush = QBrush(QColor(CLUSTER_FILL))
    for x, y, n in zip(clusters.x.tolist(), clusters.y.tolist(), clusters.count.tolist(), strict=True):
        r = cluster_radius(n, style)
        painter.setPen(pen)
        painter.setBrush(brush)
        painter.drawEllipse(QPointF(x, y), r, r)
    text_pen = QPen(QColor(CLUSTER_TEXT))
    halo = QPen(QColor(MOVED_COUNT_HALO), 3 * style.symbol_scale)
    halo.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    for count in counts:
        if count is None:
            continue
        box = count.box
        baseline = QPointF(box.left(), box.bottom() - style.symbol_scale)  # the digits' ink fills the box
        if not count.moved:
            painter.setPen(text_pen)
            painter.drawText(baseline, count.text)
            continue
        # beside the circle, on the map: the circle's colour on a white halo (as the canvas's labels)
        path = QPainterPath()
        path.addText(baseline, painter.font(), count.text)
        painter.strokePath(path, halo)
        painter.fillPath(path, QBrush(QColor(CLUSTER_FILL)))
    return counts


__all__ = ["CATEGORIZED", "CLUSTER", "CLUSTER_FILL", "CLUSTER_OUTLINE", "CLUSTER_TEXT", "HEATMAP", "HEAT_RAMP", "KINDS",
           "CountLabel", "PointStyle", "cluster_points", "compact_count", "draw_clusters", "heatmap_image",
           "place_counts", "ramp_color"]
