"""Layer panel (visibility, order by drag, opacity, colours, labels, point renderer, zoom to, remove) and
the identify results panel."""

from __future__ import annotations

from PyQt6.QtCore import Qt, pyqtSignal
from PyQt6.QtGui import QAction, QActionGroup, QColor, QIcon, QPixmap
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QInputDialog,
    QMenu,
    QTreeWidget,
    QTreeWidgetItem,
)

from ..categories import category_name
from .canvas import MapCanvas
from .i18n import current_language, tr
from .layers import CanvasLayer
from .point_styles import CATEGORIZED, CLUSTER, CLUSTER_FILL, HEATMAP, PointStyle, ramp_color

KEY_ROLE = Qt.ItemDataRole.UserRole


def color_icon(color: str) -> QIcon:
    pix = QPixmap(16, 16)
    pix.fill(QColor(color))
    return QIcon(pix)


def swatch(layer: CanvasLayer) -> QIcon:
    return color_icon(layer.style.fill_for(next(iter(layer.style.fill_by_id), None))
                      or layer.style.fill or layer.style.stroke or "#888888")


def legend_entries(layer: CanvasLayer, point_style: PointStyle | None = None) -> list[tuple[str, str]]:
    """Symbol classes under a layer, as QGIS shows its renderers: one per category or city; a heatmap's ramp
    from low to high density, relative to the current view; a cluster symbol, then the categories of the
    points shown alone."""
    kind = point_style.kind if point_style is not None else CATEGORIZED
    if layer.is_dataset and kind == HEATMAP:
        # the ramp is scaled to the points on screen (its top: the 99.5th percentile of the view's cells), so
        # the same colour means another density after a zoom or pan: the legend says so
        return [(tr("低密度（相对当前视图）"), ramp_color(0.1)), (tr("中密度"), ramp_color(0.5)),
                (tr("高密度（当前视图中最密）"), ramp_color(1.0))]
    if layer.is_dataset and layer.category_names:
        # in the UI's language, as the dashboard names them (the cities keep the names the map labels show)
        lang = current_language()
        entries = [(category_name(n, lang), layer.style.fill_for(category=n) or "#34495e")
                   for n in layer.category_names]
        return [(tr("聚合（圆上数字为点数）"), CLUSTER_FILL), *entries] if kind == CLUSTER else entries
    if layer.style.fill_by_id and "name_zh" in layer.gdf:
        return [(str(n), layer.style.fill_by_id.get(str(i), layer.style.fill or "#888888"))
                for i, n in zip(layer.gdf["id"], layer.gdf["name_zh"], strict=True)]
    return []


class LayerPanel(QTreeWidget):
    """The layer list, top = drawn last (as in QGIS). Drag to reorder; right-click for actions."""

    removeRequested = pyqtSignal(str)

    def __init__(self, canvas: MapCanvas, parent=None) -> None:
        super().__init__(parent)
        self.canvas = canvas
        self.setHeaderHidden(True)
        self.setRootIsDecorated(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu)
        self.itemChanged.connect(self._on_item_changed)
        self.itemDoubleClicked.connect(lambda item, _c: self._zoom(item))
        canvas.layersChanged.connect(self.refresh)
        self._updating = False

    def refresh(self) -> None:
        """Rebuild the list from the canvas's layers (top of the list = top of the map)."""
        self._updating = True
        self.clear()
        for layer in reversed(self.canvas.layers):
            item = QTreeWidgetItem([layer.title])
            item.setData(0, KEY_ROLE, layer.key)
            item.setIcon(0, swatch(layer))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsDragEnabled)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsDropEnabled)
            item.setCheckState(0, Qt.CheckState.Checked if layer.visible else Qt.CheckState.Unchecked)
            self.addTopLevelItem(item)
            for name, color in legend_entries(layer, self.canvas.point_style(layer.key)):
                child = QTreeWidgetItem([name])
                child.setIcon(0, color_icon(color))
                child.setFlags(Qt.ItemFlag.ItemIsEnabled)
                item.addChild(child)
            item.setExpanded(True)
        self._updating = False

    def layer_of(self, item: QTreeWidgetItem) -> CanvasLayer | None:
        return self.canvas.layer(item.data(0, KEY_ROLE))

    def _on_item_changed(self, item: QTreeWidgetItem, _column: int) -> None:
        if self._updating:
            return
        layer = self.layer_of(item)
        if layer is not None:
            layer.visible = item.checkState(0) == Qt.CheckState.Checked
            layer.apply(layer.group.zValue() if layer.group else 0)
            self.canvas.viewport().update()

    def dropEvent(self, event) -> None:
        super().dropEvent(event)
        keys = [self.topLevelItem(i).data(0, KEY_ROLE) for i in range(self.topLevelItemCount())]
        self.refresh()  # legend children dropped on a layer are put back in place
        order = {key: i for i, key in enumerate(reversed(keys))}
        self.canvas.layers.sort(key=lambda lyr: order.get(lyr.key, -1))
        self.canvas.restack()

    def _zoom(self, item: QTreeWidgetItem) -> None:
        layer = self.layer_of(item)
        if layer is not None:
            self.canvas.zoom_to_layer(layer)

    def _menu(self, pos) -> None:
        item = self.itemAt(pos)
        if item is None:
            return
        layer = self.layer_of(item)
        menu = QMenu(self)
        menu.addAction(self.tr("缩放到图层"), lambda: self._zoom(item))
        labels = QAction(self.tr("显示标注"), menu, checkable=True, checked=layer.labels_on)
        labels.toggled.connect(lambda on: self.set_labels(layer, on))
        menu.addAction(labels)
        menu.addAction(self.tr("不透明度…"), lambda: self._ask_opacity(layer))
        menu.addAction(self.tr("填充颜色…"), lambda: self._ask_color(layer, "fill"))
        menu.addAction(self.tr("边线颜色…"), lambda: self._ask_color(layer, "stroke"))
        if layer.is_dataset:
            self._add_point_style_menu(menu, layer)
        if layer.removable:
            menu.addSeparator()
            menu.addAction(self.tr("移除图层"), lambda: self.removeRequested.emit(layer.key))
        menu.exec(self.viewport().mapToGlobal(pos))

    def _add_point_style_menu(self, menu: QMenu, layer: CanvasLayer) -> None:
        """符号样式: the point renderers as a radio group, and the heatmap's radius."""
        sub = menu.addMenu(self.tr("符号样式"))
        current = self.canvas.point_style(layer.key)
        group = QActionGroup(sub)
        # QGIS's Categorized, Heatmap and Point cluster renderers
        titles = ((CATEGORIZED, self.tr("按类别显示点")), (HEATMAP, self.tr("热力图")), (CLUSTER, self.tr("点聚合")))
        for kind, title in titles:
            act = QAction(title, sub, checkable=True, checked=current.kind == kind)
            act.triggered.connect(lambda _c, kind=kind: self.set_point_style(layer, kind))
            group.addAction(act)
            sub.addAction(act)
        sub.addSeparator()
        sub.addAction(self.tr("热力图半径…"), lambda: self._ask_heat_radius(layer))

    def set_point_style(self, layer: CanvasLayer, kind: str, radius_px: int | None = None) -> None:
        """Draw a point layer as points by category, a heatmap or clusters (keeps the other settings)."""
        current = self.canvas.point_style(layer.key)
        style = PointStyle(kind, radius_px if radius_px is not None else current.radius_px, current.cluster_px)
        self.canvas.set_point_style(layer, style)

    def _ask_heat_radius(self, layer: CanvasLayer) -> None:
        current = self.canvas.point_style(layer.key)
        value, ok = QInputDialog.getInt(self, layer.title, self.tr("热力图半径（像素）"), current.radius_px, 4, 200)
        if ok:
            self.set_point_style(layer, HEATMAP, value)

    def set_labels(self, layer: CanvasLayer, on: bool) -> None:
        layer.labels_on = on
        self.canvas.restack()

    def set_opacity(self, layer: CanvasLayer, opacity: float) -> None:
        layer.style.opacity = max(0.0, min(1.0, opacity))
        self.canvas.restack()

    def set_color(self, layer: CanvasLayer, which: str, color: str) -> None:
        setattr(layer.style, which, color)
        if which == "fill":
            layer.style.fill_by_id = {}
        layer.restyle()
        self.canvas.restack()

    def _ask_opacity(self, layer: CanvasLayer) -> None:
        value, ok = QInputDialog.getInt(self, layer.title, self.tr("不透明度 (%)"),
                                        round(layer.style.opacity * 100), 0, 100)
        if ok:
            self.set_opacity(layer, value / 100)

    def _ask_color(self, layer: CanvasLayer, which: str) -> None:
        current = QColor(getattr(layer.style, which) or "#888888")
        color = QColorDialog.getColor(current, self, layer.title)
        if color.isValid():
            self.set_color(layer, which, color.name())


class IdentifyPanel(QTreeWidget):
    """Attributes of the features under the last identify click, grouped by layer."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setColumnCount(2)
        self.setHeaderLabels([self.tr("字段"), self.tr("值")])
        self.setAlternatingRowColors(True)

    def show_results(self, results: list[tuple[str, str, list[tuple[str, str]]]]) -> None:
        """``results`` = [(layer title, feature title, [(field, value), ...]), ...]."""
        self.clear()
        if not results:
            self.addTopLevelItem(QTreeWidgetItem([self.tr("（此处没有要素）"), ""]))
            return
        for layer_title, feature_title, fields in results:
            top = QTreeWidgetItem([layer_title, feature_title])
            for name, value in fields:
                child = QTreeWidgetItem([name, value])
                child.setToolTip(0, name)
                child.setToolTip(1, value)
                top.addChild(child)
            self.addTopLevelItem(top)
            top.setExpanded(True)
        self.resizeColumnToContents(0)
        # the value column must stay visible in a narrow dock: field names get at most 45% of the width
        self.setColumnWidth(0, min(self.columnWidth(0), int(self.viewport().width() * 0.45)))
