"""The map of a print layout: the canvas's own scene items, sized for paper.

The layers come from :mod:`~corridor_gis.app.layer_factory` and are added to an offscreen
:class:`~corridor_gis.app.canvas.MapCanvas`, so the print has the canvas's layers, order, styles, label
decluttering and point rendering — one drawing path. What differs on paper is only *size*: the canvas draws
pen widths, labels and markers in screen pixels (cosmetic pens, ``ItemIgnoresTransformations``), which on
a 300-dpi device would come out a third of their size. :meth:`PrintMap.prepare` scales exactly those by
``device dpi / 96 × PRINT_SIZE``, so a label is as large on paper as on a 96-dpi screen, times
``PRINT_SIZE``. Each dataset is drawn with the renderer its project saved (categorized, heatmap, clusters),
the heatmap's radius and the clusters' cells and symbols scaled alike.
"""

from __future__ import annotations

import dataclasses

from PyQt6.QtCore import QRectF
from PyQt6.QtGui import QColor, QPainter, QTransform
from PyQt6.QtWidgets import QAbstractGraphicsShapeItem, QGraphicsItem

from ..model import Dataset, Project
from .canvas import SCREEN_DPI, MapCanvas
from .layer_factory import dataset_key, map_layers
from .point_cloud import PointCloudItem
from .point_styles import PointStyle
from .print_scale import Extent

#: printed size of screen-sized symbols and labels relative to a 96-dpi screen (12 pt city names → 9.6 pt)
PRINT_SIZE = 0.8


class PrintMap:
    """An offscreen canvas holding the project's layers, ready to paint any ground extent into a frame."""

    def __init__(self, project: Project, datasets: list[Dataset], lang: str = "zh") -> None:
        self.canvas = MapCanvas()
        #: each dataset's renderer as the project saved it (符号样式: heatmap, clusters, by category), so the
        #: print shows what the screen shows, as a QGIS print layout draws the layers' renderers
        self.point_styles = {dataset_key(ds.name): PointStyle.from_settings(project.point_style(ds.name))
                             for ds in datasets}
        self.canvas.point_styles.update(self.point_styles)
        for layer in map_layers(project, datasets, lang):
            self.canvas.add_layer(layer)
        #: id(item) → (pen width, item scale, point size, pen was cosmetic) as the canvas made them
        self._base: dict[int, tuple[float, float, int, bool]] = {}

    @property
    def scene(self):
        return self.canvas.map_scene

    def prepare(self, dpi: float, scale: int) -> float:
        """Size the canvas's screen-pixel symbols for a ``dpi`` device at 1:``scale`` and declutter the
        labels there; returns the size factor. Idempotent: always relative to the canvas's own sizes.

        Cosmetic pens (widths in screen pixels) become ordinary pens of the same printed width — in scene
        metres for map features, in item units for labels and markers — because vector formats handle
        cosmetic pens differently (SVG's non-scaling-stroke is in *viewer* pixels, not paper units)."""
        factor = dpi / SCREEN_DPI * PRINT_SIZE
        device_per_metre = dpi / 0.0254 / scale
        for item in self.scene.items():
            key = id(item)
            if isinstance(item, PointCloudItem):
                base = self._base.setdefault(key, (0.0, 1.0, item.size_px, False))
                item.size_px = max(1, round(base[2] * factor))
                continue
            pen_item = isinstance(item, QAbstractGraphicsShapeItem)
            untransformed = bool(item.flags() & QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
            if not (pen_item or untransformed):
                continue
            pen = item.pen() if pen_item else None
            base = self._base.setdefault(key, (pen.widthF() if pen else 0.0, item.scale(), 0,
                                               bool(pen and pen.isCosmetic())))
            if untransformed:
                item.setScale(base[1] * factor)
            if base[3]:  # a cosmetic pen of base[0] screen pixels
                pen.setCosmetic(False)
                pen.setWidthF(base[0] if untransformed else base[0] * factor / device_per_metre)
                item.setPen(pen)
        for key, style in self.point_styles.items():  # heat radius, cluster cell and symbols on paper
            layer = self.canvas.layer(key)
            if layer is not None:
                self.canvas.set_point_style(layer, dataclasses.replace(
                    style, radius_px=max(1, round(style.radius_px * factor)),
                    cluster_px=max(1, round(style.cluster_px * factor)), symbol_scale=style.symbol_scale * factor))
        self.canvas.setTransform(QTransform.fromScale(device_per_metre, device_per_metre))
        # layers with a scale range as the screen shows them at 1:scale (the 街道: only from 1:120,000 on)
        self.canvas.apply_scale_visibility(scale)
        self.canvas.declutter_labels()
        return factor

    def paint(self, painter: QPainter, frame: QRectF, ground: Extent, background: str) -> None:
        """Paint ``ground`` (EPSG:4549) into ``frame`` (device units); the scene's y axis points south."""
        source = QRectF(ground.xmin, -ground.ymax, ground.width, ground.height)
        painter.save()
        painter.setClipRect(frame)
        painter.fillRect(frame, QColor(background))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        self.scene.render(painter, frame, source)
        painter.restore()

    def close(self) -> None:
        self.canvas.deleteLater()
