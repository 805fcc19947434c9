"""A GeoTIFF basemap on the canvas: one scene item under every layer that shows the file for the current view.

The item keeps one image: the file rendered for one view, exactly on that view's device pixels
(:meth:`corridor_gis.raster_basemap.RasterBasemap.render`, warped to EPSG:4549, the scene's CRS). When the
view changes (pan, zoom, resize) it draws the image it has at its scene place — moved and scaled, so panning
shows the map at once, slightly soft until the new image arrives — and asks for the new view after a short
pause (debounced), in the item's worker thread: a 1600×1000 view of an 8000² tiled RGB orthophoto costs
40–260 ms (measured: 40 ms zoomed in, 160–260 ms with the whole file in view through its overviews, 330–460 ms
without overviews), too long for the GUI thread while panning. One render runs at a
time; requests that arrive meanwhile are folded into the latest view (as QGIS's canvas cancels a stale
render job). Devices other than an image (a PDF or printer) are drawn synchronously at their resolution.

The item is a basemap, not a layer: it is not in ``canvas.layers``, so identify and snapping never see it;
``canvas.tile_basemap`` holds it like a tile basemap, so :func:`~corridor_gis.app.tile_layer.remove_basemap`
(window close, screenshot exit, choosing another basemap) takes it off and joins its worker.
"""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PyQt6.QtCore import QObject, QRectF, QTimer, pyqtSignal, pyqtSlot
from PyQt6.QtGui import QImage, QPainter
from PyQt6.QtWidgets import QGraphicsItem
from rasterio.errors import RasterioError

from ..errors import InputError
from ..raster_basemap import RasterBasemap, RasterView
from .tile_layer import BASEMAP_Z, AttributionItem, place_basemap, remove_basemap

#: pause (ms) after the last view change before the file is read for the new view
DEBOUNCE_MS = 60


@dataclass(frozen=True)
class ViewRequest:
    """One view to render: its key (transform and device size), EPSG:4549 box and pixel size."""

    key: tuple
    bounds: tuple[float, float, float, float]
    width: int
    height: int


def view_to_qimage(view: RasterView) -> QImage:
    """A rendered view as a premultiplied QImage (Qt's fast path); null when the file covers nothing."""
    if view.rgba is None:
        return QImage()
    rgba = np.ascontiguousarray(view.rgba)
    height, width = rgba.shape[:2]
    image = QImage(rgba.data, width, height, width * 4, QImage.Format.Format_RGBA8888)
    return image.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)  # a copy that owns its pixels


def scene_rect(bounds: tuple[float, float, float, float]) -> QRectF:
    """An EPSG:4549 box as a scene rectangle (the scene's y is the negated northing)."""
    west, south, east, north = bounds
    return QRectF(west, -north, east - west, north - south)


class _Signals(QObject):
    """Lives in the GUI thread: a worker's ``rendered`` is queued to it."""

    rendered = pyqtSignal(object, QImage, QRectF, str, float)  # key, image, scene rect, error, seconds

    def __init__(self, callback) -> None:
        super().__init__()
        self.callback = callback
        self.rendered.connect(self.deliver)

    @pyqtSlot(object, QImage, QRectF, str, float)
    def deliver(self, key, image: QImage, rect: QRectF, error: str, seconds: float) -> None:
        self.callback(key, image, rect, error, seconds)


class _RenderThread(threading.Thread):
    """The item's worker: renders the latest requested view, one at a time.

    A long-lived Python thread, not a QThreadPool task: PyQt drops a pooled thread's Python state after each
    task, which clears its ``threading.local`` data — the GDAL handle and the pyproj transformer that
    :class:`RasterBasemap` keeps per thread — and re-creating pyproj objects there crashed PROJ (measured:
    a segfault in ``proj_create`` on the second task)."""

    def __init__(self, basemap: RasterBasemap, signals: _Signals) -> None:
        super().__init__(name=f"raster-basemap {basemap.name}", daemon=True)
        self.basemap, self.signals = basemap, signals
        self.requests: queue.SimpleQueue[ViewRequest | None] = queue.SimpleQueue()

    def run(self) -> None:
        while (request := self._latest()) is not None:
            start = time.perf_counter()
            image, rect, error = QImage(), QRectF(), ""
            try:
                view = self.basemap.render(request.bounds, request.width, request.height)
                image, rect = view_to_qimage(view), scene_rect(view.bounds)
            except (InputError, RasterioError, ValueError, MemoryError) as exc:  # shown in the status
                error = str(exc).splitlines()[0]
            with contextlib.suppress(RuntimeError):  # the item may be gone (the app quit) meanwhile
                self.signals.rendered.emit(request.key, image, rect, error, time.perf_counter() - start)

    def _latest(self) -> ViewRequest | None:
        """The newest queued request (older ones are stale); None means stop."""
        request = self.requests.get()
        while request is not None and not self.requests.empty():
            request = self.requests.get()
        return request


class RasterLayerItem(QGraphicsItem):
    """Draws a :class:`RasterBasemap` for the view it is painted into (see the module doc)."""

    def __init__(self, basemap: RasterBasemap, debounce_ms: int = DEBOUNCE_MS) -> None:
        super().__init__()
        self.basemap = basemap
        self.title = basemap.name
        #: the file's name in the map's bottom-right corner, above every layer
        self.attribution_item = AttributionItem(self)
        self.hid_land = False  # set by install_raster_basemap when it hid the bundled land fill
        self._image: tuple[tuple, QImage, QRectF] | None = None  # key, image, scene rect
        self._request: ViewRequest | None = None
        self._running: tuple | None = None
        #: the last paint drew the image made for its own view (tests and screenshots wait for this)
        self.complete = False
        self.last_error = ""
        self.render_seconds: list[float] = []
        self._signals = _Signals(self._on_rendered)
        self._worker = _RenderThread(basemap, self._signals)
        self._worker.start()
        self._timer = QTimer()
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self._start)
        self.setZValue(BASEMAP_Z)

    # ------------------------------------------------------------------------------------------ status
    @property
    def attribution(self) -> str:
        """The file's name (a user's own orthophoto or plan sheet: the name says where the picture is from)."""
        return self.basemap.name

    def status(self) -> str:
        """One line for the status bar: the file, and the last render time or error."""
        text = self.basemap.describe()
        if self.render_seconds:
            text += f" — {self.render_seconds[-1] * 1000:.0f} ms"
        return text + (f" — {self.last_error}" if self.last_error else "")

    def idle(self) -> bool:
        """No render is waiting or running (tests wait for this)."""
        return self._running is None and not self._timer.isActive()

    def shutdown(self) -> None:
        """Stop asking, wait for a running render and close the file (before the item is thrown away)."""
        self._timer.stop()
        self._request = None
        self._worker.requests.put(None)
        self._worker.join(30)
        self.basemap.close()

    # ------------------------------------------------------------------------------------------ painting
    def boundingRect(self) -> QRectF:
        scene = self.scene()
        return scene.sceneRect() if scene is not None else QRectF(-2e6, -6e6, 4e6, 4e6)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        request = self._view_request(painter)
        if request is None:
            return
        if not isinstance(painter.device(), QImage):  # PDF, printer: no second chance, render now
            self._paint_now(painter, request)
            return
        if self._image is not None:
            key, image, rect = self._image
            if not image.isNull():
                painter.save()
                if key != request.key:  # another view's image, at its place, while the new one renders
                    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
                painter.drawImage(rect, image)
                painter.restore()
            if key == request.key:
                self.complete = True
                return
        self.complete = False
        if self._request is None or self._request.key != request.key:
            self._request = request
            self._timer.start()  # (re)started: the file is read once the view has rested

    def _view_request(self, painter: QPainter) -> ViewRequest | None:
        """The painter's view: its device pixels and the EPSG:4549 box they cover."""
        device = painter.device()
        t = painter.worldTransform()
        inverse, ok = t.inverted()
        if not ok or t.m12() or t.m21():  # the canvas never rotates; a rotated device is not drawn
            return None
        width, height = device.width(), device.height()
        if width <= 0 or height <= 0:
            return None
        ratio = device.devicePixelRatioF() or 1.0
        rect = inverse.mapRect(QRectF(0, 0, width / ratio, height / ratio))
        bounds = (rect.left(), -rect.bottom(), rect.right(), -rect.top())
        key = (t.m11(), t.m22(), t.dx(), t.dy(), width, height, ratio)
        return ViewRequest(key, bounds, width, height)

    def _paint_now(self, painter: QPainter, request: ViewRequest) -> None:
        try:
            view = self.basemap.render(request.bounds, request.width, request.height)
        except (InputError, RasterioError, ValueError, MemoryError) as exc:
            self.last_error = str(exc).splitlines()[0]
            return
        image = view_to_qimage(view)
        if not image.isNull():
            painter.drawImage(scene_rect(view.bounds), image)

    # ------------------------------------------------------------------------------------------ rendering
    def _start(self) -> None:
        """Render the latest requested view, unless a render is running (then it follows that one)."""
        if self._running is not None or self._request is None:
            return
        request = self._request
        self._running = request.key
        self._worker.requests.put(request)

    def _on_rendered(self, key, image: QImage, rect: QRectF, error: str, seconds: float) -> None:
        self._running = None
        self.last_error = error
        self.render_seconds = [*self.render_seconds[-19:], seconds]
        if not error:
            self._image = (key, image, rect)
        elif self._request is not None and self._request.key == key:
            self._request = None  # do not retry a failing view on every repaint
            self._image = (key, QImage(), QRectF())
        self.update()
        if self._request is not None and self._request.key != key and not self._timer.isActive():
            self._start()  # the view moved on while this one rendered


def install_raster_basemap(canvas, basemap: RasterBasemap | str | Path,
                           debounce_ms: int = DEBOUNCE_MS) -> RasterLayerItem:
    """Put a GeoTIFF basemap into ``canvas.map_scene`` below every layer and return its item.

    Like :func:`~corridor_gis.app.tile_layer.install_basemap`: any basemap already installed is replaced, the
    opaque bundled land fill is hidden while the file shows, and ``remove_basemap`` undoes both.
    ``basemap`` may be a path (opened and checked here: :class:`~corridor_gis.errors.InputError` if bad).
    """
    if not isinstance(basemap, RasterBasemap):
        basemap = RasterBasemap(basemap)
    remove_basemap(canvas)
    return place_basemap(canvas, RasterLayerItem(basemap, debounce_ms))


__all__ = ["RasterLayerItem", "install_raster_basemap", "view_to_qimage"]
