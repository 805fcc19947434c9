"""The map of a print layout: the canvas's own scene items, sized for paper.

The layers come from :mod:`~corridor_gis.app.layer_factory` and are added to an offscreen
:class:`~corridor_gis.app.canvas.MapCanvas`, so the print has the canvas's layers, order, styles, label
decluttering and point rendering — one drawing path. What differs on paper is only *size*: the canvas draws
pen widths, labels and markers in screen pixels (cosmetic pens, ``ItemIgnoresTransformations``), which on
a 300-dpi device would come out a third of their size. :func:`size_for_device` scales exactly those by
``device dpi / 96 × PRINT_SIZE``, so a label is as large on paper as on a 96-dpi screen, times
``PRINT_SIZE``.
"""

from __future__ import annotations

from PyQt6.QtCore import QRectF
from PyQt6.QtGui import QColor, QPainter, QTransform
from PyQt6.QtWidgets import QAbstractGraphicsShapeItem, QGraphicsItem

from ..model import Dataset, Project
from .canvas import SCREEN_DPI, MapCanvas
from .layer_factory import basemap_layers, dataset_layer, zone_layers
from .point_cloud import PointCloudItem
from .print_scale import Extent

#: printed size of screen-sized symbols and labels relative to a 96-dpi screen (12 pt city names → 9.6 pt)
PRINT_SIZE = 0.8


class PrintMap:
    """An offscreen canvas holding the project's layers, ready to paint any ground extent into a frame."""

    def __init__(self, project: Project, datasets: list[Dataset], lang: str = "zh") -> None:
        self.canvas = MapCanvas()
        for layer in [*basemap_layers(lang), *zone_layers(project, lang), *map(dataset_layer, datasets)]:
            self.canvas.add_layer(layer)
        self._base: dict[int, tuple[float, float, int]] = {}  # id(item) → (pen width, scale, point size)

    @property
    def scene(self):
        return self.canvas.scene()

    def size_for_device(self, dpi: float) -> float:
        """Scale screen-pixel sizes (cosmetic pens, labels, markers, point squares) for a ``dpi`` device;
        returns the factor. Idempotent: always relative to the canvas's original sizes."""
        factor = dpi / SCREEN_DPI * PRINT_SIZE
        for item in self.scene.items():
            key = id(item)
            if isinstance(item, PointCloudItem):
                base = self._base.setdefault(key, (0.0, 1.0, item.size_px))
                item.size_px = max(1, round(base[2] * factor))
                continue
            pen_item = isinstance(item, QAbstractGraphicsShapeItem)
            untransformed = bool(item.flags() & QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
            if not (pen_item or untransformed):
                continue
            base = self._base.setdefault(key, (item.pen().widthF() if pen_item else 0.0, item.scale(), 0))
            if pen_item and item.pen().isCosmetic():
                pen = item.pen()
                pen.setWidthF(base[0] * factor)
                item.setPen(pen)
            if untransformed:
                item.setScale(base[1] * factor)
        return factor

    def declutter(self, device_per_metre: float) -> None:
        """Hide labels that would overlap at this printed scale (the canvas's own rule)."""
        self.canvas.setTransform(QTransform.fromScale(device_per_metre, device_per_metre))
        self.canvas.declutter_labels()

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
