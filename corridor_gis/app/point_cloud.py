"""One scene item that draws a whole point dataset (hundreds of thousands of points) in one pass.

QGraphicsScene with one item per point collapses beyond ~10k items. Instead this item rasterises the points
itself: on every paint it maps the (pre-projected) scene coordinates to device pixels with numpy, writes
small squares into an ARGB buffer, and blits that buffer once. Cost is O(points) numpy work, ~tens of ms
for 1M points, and independent of Qt's item machinery.

The raster is cached for the view it was made for (transform and device size): a repaint that does not
change the view — a rubber band moving during a vertex drag, a status update — blits the cached image
(~1 ms) instead of re-rasterising (QGIS keeps a per-layer render cache for the same reason).

The renderer — points by category, heatmap or point clusters — is a :class:`~corridor_gis.app.point_styles.
PointStyle` set with :meth:`PointCloudItem.set_point_style`; each renders in the same paint path into the
same cached image, so the canvas's layer order (zones, borders and labels above the points) holds for all.
"""

from __future__ import annotations

import numpy as np
from PyQt6.QtCore import QRectF
from PyQt6.QtGui import QColor, QImage, QPainter, QTransform
from PyQt6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from ..point_density import ALPHA_BY_COUNT as _ALPHA_BY_COUNT  # the HTML briefing's opacities too
from .i18n import current_language
from .point_styles import CLUSTER, HEATMAP, PointStyle, cluster_points, draw_clusters, heatmap_image

#: beyond this share of the device's pixels, visible points are drawn as a density raster
DENSE_SHARE = 0.1


def _argb(color: str, alpha: float = 1.0) -> np.uint32:
    c = QColor(color)
    a = round(255 * alpha)
    # premultiplied ARGB32, as QImage.Format_ARGB32_Premultiplied expects
    r, g, b = (round(v * a / 255) for v in (c.red(), c.green(), c.blue()))
    return np.uint32((a << 24) | (r << 16) | (g << 8) | b)


class PointCloudItem(QGraphicsItem):
    """Draws points at scene coordinates ``x``, ``y`` coloured by ``codes`` (index into ``colors``)."""

    def __init__(self, x: np.ndarray, y: np.ndarray, codes: np.ndarray, colors: list[str],
                 size_px: int = 3, *, point_style: PointStyle | None = None) -> None:
        super().__init__()
        self.x = np.asarray(x, dtype=np.float64)
        self.y = np.asarray(y, dtype=np.float64)
        self.codes = np.asarray(codes, dtype=np.int64)
        # what every paint needs, computed once: float32 is exact to ~0.05 m at Qingdao's coordinates
        self._xf = self.x.astype(np.float32)
        self._yf = self.y.astype(np.float32)
        self.size_px = max(1, int(size_px))
        self._cache: tuple[tuple, QImage] | None = None
        #: the renderer (categorized / heatmap / cluster); see :meth:`set_point_style`
        self.point_style = point_style or PointStyle()
        self._lang = current_language()
        self.count_labels: list = []
        self.set_colors(colors)
        if len(self.x):
            self._rect = QRectF(self.x.min(), self.y.min(), np.ptp(self.x) or 1.0, np.ptp(self.y) or 1.0)
        else:
            self._rect = QRectF()

    def set_colors(self, colors: list[str]) -> None:
        self.palette = np.array([_argb(c) for c in colors] or [_argb("#333333")], dtype=np.uint32)
        self._colors = self.palette[self.codes % len(self.palette)]
        self._cache = None
        self.update()

    def set_point_style(self, style: PointStyle) -> None:
        """Draw with another renderer from the next paint on (the data and the counts are untouched)."""
        if style != self.point_style:
            self.point_style = style
            self._cache = None
            self.update()

    def boundingRect(self) -> QRectF:
        pad = 1.0
        return self._rect.adjusted(-pad, -pad, pad, pad)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        device = painter.device()
        width, height = device.width(), device.height()
        if width <= 0 or height <= 0 or not len(self.x):
            return
        t = painter.worldTransform()
        labels = self._label_boxes(t) if self.point_style.kind == CLUSTER else ()
        key = (t.m11(), t.m12(), t.m21(), t.m22(), t.dx(), t.dy(), width, height, self.point_style, labels)
        if self._cache is None or self._cache[0] != key:
            self._cache = (key, self._rasterise(t, width, height, labels))
        painter.save()
        painter.resetTransform()
        painter.drawImage(0, 0, self._cache[1])
        painter.restore()

    def _label_boxes(self, t: QTransform) -> tuple[tuple[float, float, float, float], ...]:
        """Device boxes (x, y, w, h) of the map labels shown now (zone, district, 街道 names): the cluster
        counts give way to them. Labels keep their pixel size, so their boxes follow from the view alone."""
        from .layers import LabelItem  # layers builds this item: imported here, not at module load

        scene = self.scene()
        if scene is None:
            return ()
        inverse, _ok = self.sceneTransform().inverted()
        scene_to_device = inverse * t
        boxes = []
        for item in scene.items():
            if isinstance(item, LabelItem) and item.isVisible():
                box = item.deviceTransform(scene_to_device).mapRect(item.boundingRect())
                boxes.append((box.x(), box.y(), box.width(), box.height()))
        return tuple(sorted(boxes))

    def _rasterise(self, t, width: int, height: int, labels: tuple = ()) -> QImage:
        """The points in an image of the device's size, drawn by the layer's renderer; cluster counts give
        way to the map labels at ``labels`` (device boxes)."""
        style = self.point_style
        if style.kind not in (HEATMAP, CLUSTER):
            return self._rasterise_points(t, width, height)
        # the canvas never rotates: x and y map independently (m12 = m21 = 0)
        px = self._xf * np.float32(t.m11()) + np.float32(t.dx())
        py = self._yf * np.float32(t.m22()) + np.float32(t.dy())
        phase = (t.dx(), t.dy())
        if style.kind == HEATMAP:
            return heatmap_image(px, py, width, height, style, phase)
        clusters = cluster_points(px, py, width, height, style, phase)
        image = self._rasterise_points(t, width, height, subset=clusters.singles)
        painter = QPainter(image)
        #: where each cluster's count went in the last picture (on its circle, beside it, or left out)
        self.count_labels = draw_clusters(painter, clusters, style, self._lang,
                                          [QRectF(*box) for box in labels])
        painter.end()
        return image

    def _rasterise_points(self, t, width: int, height: int, subset: np.ndarray | None = None) -> QImage:
        """The points (or those at indices ``subset``) in an image of the device's size (numpy, no per-point Qt calls).

        Level of detail: while the visible points are fewer than :data:`DENSE_SHARE` of the pixels, each
        is a small square of its category's colour (exact points); beyond that they would only cover one
        another, so each pixel shows the colour of a point in it with an opacity that grows with the number
        of points there — a density raster (QGIS's heatmap idea), at the cost of one pass over the points.
        """
        # the canvas never rotates: x and y map independently (m12 = m21 = 0)
        xf, yf, colors = self._xf, self._yf, self._colors
        if subset is not None:
            xf, yf, colors = xf[subset], yf[subset], colors[subset]
        ix = (xf * np.float32(t.m11()) + np.float32(t.dx())).astype(np.int32)
        iy = (yf * np.float32(t.m22()) + np.float32(t.dy())).astype(np.int32)
        half = self.size_px // 2
        outside = (ix < half) | (ix >= width - half) | (iy < half) | (iy >= height - half)
        cells = iy * width + ix
        dump = width * height  # one spare pixel past the image collects the points outside it
        cells[outside] = dump
        buffer = np.zeros(dump + 1, dtype=np.uint32)
        if len(cells) - np.count_nonzero(outside) > DENSE_SHARE * dump:
            buffer[cells] = colors
            counts = np.minimum(np.bincount(cells, minlength=dump + 1)[:dump], _ALPHA_BY_COUNT.size - 1)
            hit = np.flatnonzero(counts)
            buffer[hit] = _scale_premultiplied(buffer[hit], _ALPHA_BY_COUNT[counts[hit]])
        else:
            inside = np.flatnonzero(~outside)
            cells, colors = cells[inside], colors[inside]
            for oy in range(-half, self.size_px - half):
                for ox in range(-half, self.size_px - half):
                    buffer[cells + (oy * width + ox)] = colors
        buffer = buffer[:dump]
        image = QImage(buffer.data, width, height, width * 4, QImage.Format.Format_ARGB32_Premultiplied)
        return image.copy()  # own the pixels: the numpy buffer goes away




def _scale_premultiplied(argb: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    """Multiply premultiplied ARGB32 pixels by ``alpha`` (0..256), every channel alike, in integers."""
    channels = argb.view(np.uint8).reshape(-1, 4).astype(np.uint16)
    channels *= alpha[:, None]
    return (channels >> 8).astype(np.uint8).reshape(-1).view(np.uint32)
