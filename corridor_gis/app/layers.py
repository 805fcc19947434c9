"""Map layers on the canvas: one :class:`CanvasLayer` per vector layer or point dataset.

A layer owns a group of scene items (features + labels) and its :class:`~corridor_gis.styles.LayerStyle`;
visibility, opacity, order (z value) and style are properties of the layer, applied to its items. The
geometry itself stays in the :class:`~corridor_gis.model.Project`; the layer only renders it.

A point dataset's layer holds the :class:`~corridor_gis.model.Dataset` itself and reads its attribute table
and lon/lat arrays, never ``Dataset.points``: a million shapely Points would cost ~280 MB and ~1 s, and the
map, identify and legends need only the coordinates and the categories.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
from PyQt6.QtCore import QPointF, Qt
from PyQt6.QtGui import QBrush, QColor, QFont, QPainterPath, QPen
from PyQt6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsItemGroup,
    QGraphicsPathItem,
    QGraphicsScene,
)

from ..model import Dataset
from ..styles import LayerStyle
from .geometry import geometry_path, label_anchor, lonlat_to_scene
from .point_cloud import PointCloudItem

FEATURE_ROLE = 0  # QGraphicsItem.data(0) = (layer key, row position)
LABEL_FONT = "Noto Sans CJK SC"


def make_pen(color: str | None, width: float, dash: bool = False) -> QPen:
    if not color:
        return QPen(Qt.PenStyle.NoPen)
    pen = QPen(QColor(color), width)
    pen.setCosmetic(True)  # width in pixels, whatever the zoom
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    if dash:
        pen.setStyle(Qt.PenStyle.DashLine)
    return pen


def make_brush(color: str | None) -> QBrush:
    return QBrush(QColor(color)) if color else QBrush(Qt.BrushStyle.NoBrush)


class LabelItem(QGraphicsPathItem):
    """A text label with a white halo that keeps its pixel size at every zoom."""

    def __init__(self, text: str, anchor: QPointF, size: int = 11, beside: bool = False) -> None:
        #: placement priority when labels collide: area names before point names (as QGIS's engine does)
        self.priority = 1 if beside else 2
        path = QPainterPath()
        font = QFont(LABEL_FONT, size)
        font.setBold(True)
        path.addText(0, 0, font, text)
        rect = path.boundingRect()
        # centred on polygons; beside a point marker (to its right) so the marker stays visible
        path.translate(-rect.center() + (QPointF(rect.width() / 2 + 9, 0) if beside else QPointF(0, 0)))
        super().__init__(path)
        self.setPos(anchor)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setPen(QPen(QColor(255, 255, 255, 230), 3))
        self.setBrush(QBrush(QColor("#222222")))
        self.setZValue(1000)

    def itemChange(self, change, value):
        # the scene reports no change when an item that ignores the view's scale is hidden (it has no extent
        # in scene units without a view), so the canvas kept drawing a label switched off, and cluster counts
        # kept avoiding it: say so to the whole scene (one repaint per event-loop pass, however many labels)
        if change == QGraphicsItem.GraphicsItemChange.ItemVisibleHasChanged and self.scene() is not None:
            self.scene().update()
        return super().itemChange(change, value)

    def paint(self, painter, option, widget=None):
        # halo first (stroke), then the fill on top, so the halo never covers the glyphs
        painter.setRenderHint(painter.RenderHint.Antialiasing)
        painter.strokePath(self.path(), self.pen())
        painter.fillPath(self.path(), self.brush())


@dataclass
class CanvasLayer:
    """A layer as the user sees it in the layer panel."""

    key: str
    title: str
    #: the features (a GeoDataFrame); for a point dataset its attribute table (``Dataset.table``, no geometry)
    gdf: gpd.GeoDataFrame | pd.DataFrame
    style: LayerStyle
    visible: bool = True
    labels_on: bool = True
    removable: bool = False
    group: QGraphicsItemGroup | None = None
    feature_items: list[QGraphicsItem] = field(default_factory=list)
    label_items: list[QGraphicsItem] = field(default_factory=list)
    category_colors: list[str] = field(default_factory=list)
    #: a point layer's category values (sorted), the classes of its legend
    category_names: list[str] = field(default_factory=list)
    #: False while the map's scale is outside the style's visible range
    in_scale: bool = True
    #: the point dataset this layer draws (``None`` for vector layers)
    dataset: Dataset | None = None
    #: draw the outlines in their own group above the point clouds (district and 街道 borders): a polygon's
    #: fill stays at the layer's place in the stack, its border line is never buried under dense points.
    #: Still one layer in the panel; visibility and opacity apply to both parts.
    outlines_on_top: bool = False
    #: the outlines drawn above the points (only when :attr:`outlines_on_top`), one per polygon feature
    outline_group: QGraphicsItemGroup | None = None
    outline_items: list[QGraphicsItem] = field(default_factory=list)
    #: the z value of :attr:`outline_group`, set by the canvas (just above the topmost point layer)
    outline_z: float | None = None

    @property
    def is_dataset(self) -> bool:
        return self.key.startswith("dataset:")

    def lonlat(self) -> tuple[np.ndarray, np.ndarray]:
        """A point layer's longitudes and latitudes (WGS84) in row order: the dataset's cached arrays, so no
        shapely Points are built; read from the geometry for a layer made from a GeoDataFrame."""
        if self.dataset is not None:
            return self.dataset.lonlat()
        pts = self.gdf.geometry
        return pts.x.to_numpy(), pts.y.to_numpy()

    def build(self, scene: QGraphicsScene, z: float) -> None:
        """(Re)create the scene items from the layer's data and style."""
        self.remove_from(scene)
        self.group = QGraphicsItemGroup()
        self.feature_items, self.label_items, self.outline_items = [], [], []
        if self.is_dataset:
            self._build_cloud()
        else:
            self._build_features()
        for item in self.feature_items:
            self.group.addToGroup(item)
        scene.addItem(self.group)
        if self.outline_items:
            self.outline_group = QGraphicsItemGroup()
            for item in self.outline_items:
                self.outline_group.addToGroup(item)
            scene.addItem(self.outline_group)
        # labels live outside the group, above every layer, so no layer's fill covers another's labels
        for label in self.label_items:
            scene.addItem(label)
        self.apply(z)

    def _build_features(self) -> None:
        style = self.style
        ids = self.gdf["id"].astype(str).tolist() if "id" in self.gdf.columns else [None] * len(self.gdf)
        for pos, (fid, geom) in enumerate(zip(ids, self.gdf.geometry, strict=True)):
            if geom is None or geom.is_empty:
                continue
            if geom.geom_type == "Point":
                x, y = lonlat_to_scene([geom.x], [geom.y])
                r = style.point_size / 2
                item = QGraphicsEllipseItem(-r, -r, 2 * r, 2 * r)
                item.setPos(QPointF(float(x[0]), float(y[0])))
                item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
                item.setPen(make_pen(style.stroke, style.width))
                item.setBrush(make_brush(style.fill_for(fid)))
            else:
                path = geometry_path(geom)
                item = QGraphicsPathItem(path)
                item.setPen(make_pen(style.stroke, style.width, style.dash))
                fill = style.fill_for(fid) if geom.geom_type.endswith("Polygon") else None
                item.setBrush(make_brush(fill))
                if self.outlines_on_top:  # the fill stays here, the line goes to the group above the points
                    item.setPen(make_pen(None, 0))
                    outline = QGraphicsPathItem(path)
                    outline.setPen(make_pen(style.stroke, style.width, style.dash))
                    outline.setBrush(make_brush(None))
                    outline.setData(FEATURE_ROLE, (self.key, pos))
                    self.outline_items.append(outline)
            item.setData(FEATURE_ROLE, (self.key, pos))
            self.feature_items.append(item)
            if style.label and style.label in self.gdf.columns:
                text = str(self.gdf[style.label].iloc[pos])
                is_point = geom.geom_type == "Point"
                self.label_items.append(LabelItem(text, label_anchor(geom), 9 if is_point else 12,
                                                  beside=is_point))

    def _build_cloud(self) -> None:
        x, y = lonlat_to_scene(*self.lonlat())
        # categories by hashing (pd.factorize), not sorting a million strings; names sorted for the legend
        cats = self.gdf["category"] if "category" in self.gdf else pd.Series(["(none)"] * len(self.gdf))
        codes, uniques = pd.factorize(cats.astype("string").fillna("(none)"), sort=True)
        names = [str(u) for u in uniques]
        self.category_names = names
        self.category_colors = [self.style.fill_for(category=str(n)) or "#34495e" for n in names]
        item = PointCloudItem(x, y, codes, self.category_colors, int(self.style.point_size))
        item.setData(FEATURE_ROLE, (self.key, -1))
        self.feature_items.append(item)

    def remove_from(self, scene: QGraphicsScene) -> None:
        """Take this layer's items off the scene."""
        if self.group is not None:
            scene.removeItem(self.group)
            self.group = None
        if self.outline_group is not None:
            if self.outline_group.scene() is scene:
                scene.removeItem(self.outline_group)
            self.outline_group = None
        self.outline_items = []
        for label in self.label_items:
            if label.scene() is scene:
                scene.removeItem(label)
        self.label_items = []

    def apply(self, z: float) -> None:
        """Push visibility, opacity, z-order and label switch to the items."""
        if self.group is None:
            return
        self.group.setZValue(z)
        shown = self.visible and self.in_scale
        self.group.setVisible(shown)
        self.group.setOpacity(self.style.opacity)
        if self.outline_group is not None:
            self.outline_group.setZValue(self.outline_z if self.outline_z is not None else z + 0.5)
            self.outline_group.setVisible(shown)
            self.outline_group.setOpacity(self.style.opacity)
        for label in self.label_items:
            label.setZValue(10_000 + z)
            label.setVisible(shown and self.labels_on)

    def restyle(self) -> None:
        """Apply a changed fill/stroke without rebuilding geometry."""
        ids = self.gdf["id"].astype(str).tolist() if "id" in self.gdf.columns else []
        for item in self.feature_items:
            if isinstance(item, PointCloudItem):
                item.set_colors([self.style.fill or c for c in self.category_colors])
                continue
            _, pos = item.data(FEATURE_ROLE)
            fid = ids[pos] if ids else None
            outlined = self.outlines_on_top and not isinstance(item, QGraphicsEllipseItem)
            item.setPen(make_pen(None if outlined else self.style.stroke, self.style.width, self.style.dash))
            if isinstance(item, QGraphicsEllipseItem) or item.brush().style() != Qt.BrushStyle.NoBrush:
                item.setBrush(make_brush(self.style.fill if self.style.fill_by_id == {} else
                                         self.style.fill_for(fid)))
        for outline in self.outline_items:
            outline.setPen(make_pen(self.style.stroke, self.style.width, self.style.dash))
