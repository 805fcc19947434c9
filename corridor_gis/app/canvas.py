"""The map canvas: a QGraphicsView over a scene in EPSG:4549 metres (y flipped), like QGIS's canvas.

Two scenes, as QGIS separates its rendered map from its canvas items: the layers live in
:attr:`MapCanvas.map_scene` and are rendered into one cached image for the current view (QGIS's map render
job → QgsMapCanvasMap); the view's own scene holds only what tools draw on top (rubber bands, vertex and
snap markers). A repaint that does not change the view or a layer — every step of a vertex drag — blits the
cached image; changing a layer renders it again, once.

Zoom and pan steps (wheel, keys, pan drags: :meth:`MapCanvas.zoom_by`, :meth:`MapCanvas.pan_by`) do not
render at once: the last image is drawn scaled and shifted to the new view (one drawImage, ~1 ms, as QGIS
shows its preview), and the full render follows :data:`RENDER_DELAY_MS` after the last step, so a burst of
wheel clicks costs one render. :meth:`MapCanvas.render_now` (used by screenshots, grabs and prints) settles a
pending render at once; :meth:`MapCanvas.map_image` always returns the exact image for the current view.

Mouse and keyboard input go to the current :class:`~corridor_gis.app.tools.MapTool`; the wheel always zooms
at the cursor; arrow keys pan; +/- zoom. A scale bar and a north arrow are drawn in the foreground in
screen pixels. Signals report the cursor position and scale for the status bar.
"""

from __future__ import annotations

import math

from PyQt6.QtCore import QPointF, QRectF, QSize, Qt, QTimer, pyqtSignal
from PyQt6.QtGui import QBrush, QColor, QImage, QPainter, QRegion
from PyQt6.QtWidgets import (
    QGraphicsItem,
    QGraphicsItemGroup,
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsView,
    QWidget,
)

from .layers import CanvasLayer
from .map_decorations import draw_attribution, draw_north_arrow, draw_scale_bar
from .map_event import map_event
from .point_cloud import PointCloudItem
from .point_styles import PointStyle

SEA = "#cfe3f2"
SCREEN_DPI = 96.0
#: quiet time after the last zoom/pan step before the map is rendered in full (the preview is shown meanwhile)
RENDER_DELAY_MS = 60


class _MapViewport(QWidget):
    """The canvas's viewport: a grab (a picture of the map taken by code) waits for no pending render."""

    def grab(self, *args):
        canvas = self.parent()
        if isinstance(canvas, MapCanvas):
            canvas.render_now()
        return super().grab(*args)


class MapCanvas(QGraphicsView):
    """Renders :class:`CanvasLayer` s; delegates input to a map tool."""

    cursorMoved = pyqtSignal(float, float)  # scene x, y
    scaleChanged = pyqtSignal(float)
    layersChanged = pyqtSignal()
    pointStyleChanged = pyqtSignal(str)  # layer key: the user chose another renderer (kept in the project)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setViewport(_MapViewport())
        self.setScene(QGraphicsScene(self))
        #: the layers (basemap, zones, point clouds, labels); rendered into :attr:`_map_image`
        self.map_scene = QGraphicsScene(self)
        self.map_scene.changed.connect(self._on_map_changed)
        self._map_image: tuple[tuple, QImage] | None = None
        #: the last full render (view key, image), kept for the preview even after a layer changed
        self._last_render: tuple[tuple, QImage] | None = None
        #: True between a zoom/pan step and the delayed full render: paints show the preview
        self._deferring = False
        self._render_timer = QTimer(self)
        self._render_timer.setSingleShot(True)
        self._render_timer.setInterval(RENDER_DELAY_MS)
        self._render_timer.timeout.connect(self.render_now)
        self.setBackgroundBrush(QBrush(QColor(SEA)))
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        # a huge scene rect so panning is never clamped by the items' extent
        self.scene().setSceneRect(QRectF(-2e6, -6e6, 4e6, 4e6))
        self.map_scene.setSceneRect(self.scene().sceneRect())
        self.layers: list[CanvasLayer] = []  # bottom first
        #: ids of layers added while outside their scale range, whose items are built when first in range
        self._unbuilt: set[int] = set()
        #: the online/offline tile basemap under every layer (corridor_gis.app.tile_layer), if one is shown
        self.tile_basemap = None
        self.tool = None
        #: the renderer chosen for each point layer (by key), kept while the layer is rebuilt or re-added in
        #: this session; layers without an entry are drawn by category
        self.point_styles: dict[str, PointStyle] = {}

    # ------------------------------------------------------------------------------ layers
    def add_layer(self, layer: CanvasLayer, index: int | None = None) -> None:
        if index is None:
            self.layers.append(layer)
        else:
            self.layers.insert(index, layer)
        self._build_or_defer(layer)
        self.restack()

    def add_layers(self, layers: list[CanvasLayer]) -> None:
        """Add several layers on top, in order (bottom first), restacking once (start-up, a new project)."""
        for layer in layers:
            self.layers.append(layer)
            self._build_or_defer(layer)
        self.restack()

    def remove_layer(self, layer: CanvasLayer) -> None:
        layer.remove_from(self.map_scene)
        self.layers.remove(layer)
        self._unbuilt.discard(id(layer))
        self.restack()

    def layer(self, key: str) -> CanvasLayer | None:
        return next((lyr for lyr in self.layers if lyr.key == key), None)

    def refresh_layer(self, layer: CanvasLayer) -> None:
        """Re-draw one layer from its data (after an edit): its items only, at its place in the stack."""
        self._build(layer, float(self.layers.index(layer)))
        self.declutter_labels()
        self.viewport().update()

    def _in_scale(self, layer: CanvasLayer) -> bool:
        return layer.style.max_scale is None or self.scale_denominator() <= layer.style.max_scale

    def _build(self, layer: CanvasLayer, z: float) -> None:
        layer.build(self.map_scene, z)
        self._unbuilt.discard(id(layer))
        self._after_build(layer)

    def _build_or_defer(self, layer: CanvasLayer) -> None:
        """Build a layer's items now, or — when the view is outside its scale range (the 街道 layer at the
        city's scale: hundreds of outlines and labels) — when the view first comes into range. Meanwhile the
        layer has an empty group, so it is in the panel and hidden like any layer out of range."""
        if self._in_scale(layer):
            self._build(layer, 0.0)
            return
        layer.remove_from(self.map_scene)
        layer.group = QGraphicsItemGroup()
        layer.feature_items, layer.label_items = [], []
        self.map_scene.addItem(layer.group)
        layer.in_scale = False
        self._unbuilt.add(id(layer))

    def _after_build(self, layer: CanvasLayer) -> None:
        """What the canvas adds to a layer's fresh items: its point style, and a cached picture of each label.

        Labels keep their pixel size at every zoom (they ignore the view's scale), so each is drawn once into a
        pixmap (at the screen's pixel ratio) and blitted on every render after that, instead of stroking its
        halo and glyph outlines again on every zoom step — a third of a render of the bundled map.
        """
        self._apply_point_style(layer)
        ratio = max(1.0, self.devicePixelRatioF())
        for label in layer.label_items:
            size = label.boundingRect().size() * ratio
            label.setCacheMode(QGraphicsItem.CacheMode.ItemCoordinateCache,
                               QSize(math.ceil(size.width()), math.ceil(size.height())))

    def point_style(self, key: str) -> PointStyle:
        """The renderer of the point layer ``key`` (categorized unless one was chosen)."""
        return self.point_styles.get(key, PointStyle())

    def set_point_style(self, layer: CanvasLayer, style: PointStyle) -> None:
        """Draw the point layer ``layer`` with ``style`` (categorized, heatmap or clusters); the map image is
        rendered again, the legend follows. What is counted does not depend on it."""
        self.point_styles[layer.key] = style
        self._apply_point_style(layer)
        self._on_map_changed([])  # now, not when the scene reports the change: a grab right after sees it
        self.layersChanged.emit()
        self.pointStyleChanged.emit(layer.key)

    def _apply_point_style(self, layer: CanvasLayer) -> None:
        for item in layer.feature_items:
            if isinstance(item, PointCloudItem):
                item.set_point_style(self.point_style(layer.key))

    def restack(self) -> None:
        """Re-apply z-order (list order), visibility and opacity to every layer.

        The outlines of the boundary layers (区界, 街道; :attr:`CanvasLayer.outlines_on_top`) go just above
        the topmost point layer, in the boundary layers' own order, and below every layer above that (the
        zones): at 15 m/px a dense point cloud would otherwise cover them (issue #16)."""
        top_points = max((z for z, lyr in enumerate(self.layers) if lyr.is_dataset), default=-1)
        for z, layer in enumerate(self.layers):
            layer.outline_z = max(z, top_points) + 0.5 + z / (2 * len(self.layers) + 2)
            layer.apply(float(z))
        self.apply_scale_visibility()
        self.declutter_labels()
        self.viewport().update()
        self.layersChanged.emit()

    def apply_scale_visibility(self, denominator: float | None = None) -> None:
        """Show or hide layers with a scale range (e.g. 街道 only when zoomed in) for the current scale, or for
        1:``denominator`` (a print layout's scale: the canvas's own is measured at a 96-dpi screen)."""
        denominator = self.scale_denominator() if denominator is None else denominator
        for z, layer in enumerate(self.layers):
            in_scale = layer.style.max_scale is None or denominator <= layer.style.max_scale
            if in_scale and id(layer) in self._unbuilt:
                self._build(layer, float(z))
            if in_scale != layer.in_scale:
                layer.in_scale = in_scale
                layer.apply(float(z))

    def attributions(self) -> list[str]:
        """Attributions of the layers drawn now (shown in the map corner)."""
        return list(dict.fromkeys(lyr.style.attribution for lyr in self.layers
                                  if lyr.style.attribution and lyr.visible and lyr.in_scale))

    def declutter_labels(self) -> None:
        """Hide labels that would overlap a label already placed: area names first, then the upper layers.
        Re-run whenever the scale changes (overlaps do not change while panning)."""
        candidates = []
        for z, layer in enumerate(self.layers):
            if layer.visible and layer.in_scale and layer.labels_on:
                candidates += [(label.priority, z, label) for label in layer.label_items]
        placed: list[QRectF] = []
        view = self.viewportTransform()
        for _priority, _z, label in sorted(candidates, key=lambda c: (-c[0], -c[1])):
            rect = label.deviceTransform(view).mapRect(label.boundingRect()).adjusted(-2, -2, 2, 2)
            free = not any(rect.intersects(other) for other in placed)
            label.setVisible(free)
            if free:
                placed.append(rect)

    def move_layer(self, layer: CanvasLayer, new_index: int) -> None:
        self.layers.remove(layer)
        self.layers.insert(new_index, layer)
        self.restack()

    # -------------------------------------------------------------------------- navigation
    def zoom_to(self, rect: QRectF, margin: float = 0.05) -> None:
        if rect.isEmpty():
            return
        r = rect.adjusted(-rect.width() * margin, -rect.height() * margin,
                          rect.width() * margin, rect.height() * margin)
        self.fitInView(r, Qt.AspectRatioMode.KeepAspectRatio)
        self.apply_scale_visibility()
        self.declutter_labels()
        self.scaleChanged.emit(self.scale_denominator())

    def zoom_to_layer(self, layer: CanvasLayer) -> None:
        if id(layer) in self._unbuilt:  # its extent comes from its items
            self._build(layer, float(self.layers.index(layer)))
        if layer.group is not None:
            self.zoom_to(layer.group.childrenBoundingRect())

    def zoom_by(self, factor: float, under_mouse: bool = False) -> None:
        """Zoom by ``factor`` about the view centre, or about the cursor (the wheel)."""
        self._defer_render()
        if not under_mouse:
            self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.scale(factor, factor)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.apply_scale_visibility()
        self.declutter_labels()
        self.scaleChanged.emit(self.scale_denominator())

    def pan_by(self, dx_px: float, dy_px: float) -> None:
        self._defer_render()
        center = self.mapToScene(self.viewport().rect().center())
        per_px = 1.0 / self.transform().m11()
        self.centerOn(center + QPointF(dx_px * per_px, dy_px * per_px))

    def metres_per_pixel(self) -> float:
        return 1.0 / self.transform().m11() if self.transform().m11() else 1.0

    def scale_denominator(self) -> float:
        """Map scale 1:N at a nominal 96 dpi screen."""
        return self.metres_per_pixel() / (0.0254 / SCREEN_DPI)

    # ------------------------------------------------------------------------------- input
    def set_tool(self, tool) -> None:
        if self.tool is not None:
            self.tool.deactivate()
        self.tool = tool
        if tool is not None:
            tool.activate()
            self.viewport().setCursor(tool.cursor())

    def wheelEvent(self, event) -> None:
        steps = event.angleDelta().y() / 120.0
        if steps:
            self.zoom_by(1.25 ** steps, under_mouse=True)

    def keyPressEvent(self, event) -> None:
        key = event.key()
        step = 80
        moves = {Qt.Key.Key_Left: (-step, 0), Qt.Key.Key_Right: (step, 0),
                 Qt.Key.Key_Up: (0, -step), Qt.Key.Key_Down: (0, step)}
        if key in moves:
            self.pan_by(*moves[key])
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(1.25)
        elif key == Qt.Key.Key_Minus:
            self.zoom_by(0.8)
        elif self.tool is None or not self.tool.key_press(event):
            super().keyPressEvent(event)

    def mousePressEvent(self, event) -> None:
        if self.tool is None or not self.tool.press(map_event(self, event)):
            super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        p = self.mapToScene(event.position().toPoint())
        self.cursorMoved.emit(p.x(), p.y())
        if self.tool is None or not self.tool.move(map_event(self, event)):
            super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        if self.tool is None or not self.tool.release(map_event(self, event)):
            super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:
        if self.tool is None or not self.tool.double_click(map_event(self, event)):
            super().mouseDoubleClickEvent(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.apply_scale_visibility()
        self.scaleChanged.emit(self.scale_denominator())

    # ------------------------------------------------------------------------- map image
    def _on_map_changed(self, _regions) -> None:
        self._map_image = None
        self.viewport().update()

    def _view_key(self) -> tuple:
        t = self.transform()
        corner = self.mapToScene(0, 0)
        size = self.viewport().size()
        return (t.m11(), t.m12(), t.m21(), t.m22(), corner.x(), corner.y(), size.width(), size.height(),
                self.devicePixelRatioF())

    def map_image(self) -> QImage:
        """The layers rendered for the current view (cached until the view or a layer changes)."""
        key = self._view_key()
        if self._map_image is None or self._map_image[0] != key:
            ratio = self.devicePixelRatioF()
            size = self.viewport().size()
            image = QImage(max(1, round(size.width() * ratio)), max(1, round(size.height() * ratio)),
                           QImage.Format.Format_ARGB32_Premultiplied)
            image.setDevicePixelRatio(ratio)
            image.fill(Qt.GlobalColor.transparent)
            painter = QPainter(image)
            painter.setRenderHints(self.renderHints())
            source = self.mapToScene(self.viewport().rect()).boundingRect()
            self.map_scene.render(painter, QRectF(0, 0, size.width(), size.height()), source,
                                  Qt.AspectRatioMode.IgnoreAspectRatio)
            painter.end()
            self._map_image = self._last_render = (key, image)
        return self._map_image[1]

    def _defer_render(self) -> None:
        """A zoom/pan step: paint the preview until the view has been still for RENDER_DELAY_MS."""
        self._deferring = True
        self._render_timer.start()

    def render_pending(self) -> bool:
        """True while the map shows a preview and its full render is still to come."""
        return self._deferring and (self._map_image is None or self._map_image[0] != self._view_key())

    def render_now(self) -> None:
        """Settle a pending render now (screenshots, grabs and prints call this before they take the picture);
        the next paint draws the exact image for the current view."""
        self._render_timer.stop()
        if self._deferring:
            self._deferring = False
            self.viewport().update()

    def _draw_preview(self, painter: QPainter) -> bool:
        """Draw the last full render scaled and shifted to the current view; False when there is none."""
        if self._last_render is None:
            return False
        (m11, _m12, _m21, m22, cx, cy, width, height, ratio), image = self._last_render
        if ratio != self.devicePixelRatioF() or not m11 or not m22:
            return False
        t = self.transform()
        corner = self.mapToScene(0, 0)
        # a scene point s is at (s - corner) * m in a view: old device → new device is a scale and a shift
        sx, sy = t.m11() / m11, t.m22() / m22
        target = QRectF((cx - corner.x()) * t.m11(), (cy - corner.y()) * t.m22(), width * sx, height * sy)
        painter.drawImage(target, image, QRectF(0, 0, image.width(), image.height()))
        self._fill_land(painter, QRegion(self.viewport().rect()).subtracted(QRegion(target.toRect())))
        return True

    def _fill_land(self, painter: QPainter, uncovered: QRegion) -> None:
        """Paint the land polygons of the offline basemap (fill only, no borders) in the strip a pan or a
        zoom-out uncovered, so the preview shows land there, not the sea-coloured background, until the full
        render follows. Not done under a tile or raster basemap (its picture is not one colour)."""
        land = self.layer("basemap_city")
        if (uncovered.isEmpty() or land is None or self.tile_basemap is not None or not land.style.fill
                or not (land.visible and land.in_scale)):
            return
        painter.save()
        painter.setClipRegion(uncovered)
        painter.setTransform(self.viewportTransform())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(land.style.fill))
        painter.setOpacity(land.style.opacity)
        for item in land.feature_items:
            if isinstance(item, QGraphicsPathItem):
                painter.drawPath(item.path())
        painter.restore()

    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:
        super().drawBackground(painter, rect)
        painter.save()
        painter.resetTransform()
        if not (self.render_pending() and self._draw_preview(painter)):
            painter.drawImage(0, 0, self.map_image())
        painter.restore()

    # -------------------------------------------------------------------------- decorations
    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:
        painter.save()
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        draw_scale_bar(painter, self.metres_per_pixel(), self.viewport().height())
        draw_north_arrow(painter, self.viewport().width())
        draw_attribution(painter, " · ".join(self.attributions()), self.viewport().width(),
                         self.viewport().height())
        painter.restore()
