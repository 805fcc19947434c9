"""A tile basemap on the canvas: one scene item that draws the tiles for whatever view it is painted into.

On every paint the item reads the painter's world transform and device to find the visible EPSG:4549
rectangle and the device resolution, converts them to a WGS84 box (GUI thread: pyproj objects never cross
threads in this project) and chooses the zoom. Each tile it has is drawn cell by cell onto a mesh of placed
points in scene coordinates (:func:`corridor_gis.tiles.tile_grid_wgs84` → :func:`lonlat_to_scene`, an affine
map per cell), so GCJ-02 tiles land on their WGS84 places to ~0.1 tile pixel. Missing tiles are
requested from a :class:`QThreadPool` whose workers do only file and network I/O (and decode the image);
while they load, a cached lower-zoom tile is drawn scaled up. Arrivals are batched into one ``update()``,
which invalidates the canvas's map image.
"""

from __future__ import annotations

import contextlib
import math
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from PyQt6.QtCore import (
    QObject,
    QPointF,
    QRectF,
    QRunnable,
    QStandardPaths,
    Qt,
    QThreadPool,
    QTimer,
    pyqtSignal,
    pyqtSlot,
)
from PyQt6.QtGui import QColor, QFont, QImage, QPainter, QTransform
from PyQt6.QtWidgets import QGraphicsItem

from ..crs import to_wgs84
from ..tiles import (
    MBTilesSource,
    TileCache,
    TileFetcher,
    TileSource,
    grid_cells,
    source_bbox,
    tile_grid_wgs84,
    tiles_for_bbox,
    zoom_for_resolution,
)
from .geometry import lonlat_to_scene

#: below every layer (layers use z = 0, 1, …)
BASEMAP_Z = -100.0
MAX_TILES_PER_VIEW = 400
#: decoded tiles kept in memory (256 KB each): this many, or twice what the view needs if more
MEMORY_TILES = 256
#: how many lower zooms are searched for a stand-in while a tile loads
FALLBACK_LEVELS = 6

Key = tuple[int, int, int, int]  # source index, z, x, y


def default_cache_dir() -> Path:
    """The app's tile cache folder (QStandardPaths' cache location)."""
    root = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.CacheLocation)
    return Path(root or Path.home() / ".cache" / "corridor-gis") / "tiles"


class _Signals(QObject):
    """Lives in the GUI thread: a worker's ``loaded`` is queued to :meth:`deliver` there."""

    loaded = pyqtSignal(object, QImage)  # key, image (null when it failed or was no longer wanted)
    statusChanged = pyqtSignal(str)  # TileLayerItem.status(), after a batch of tiles arrived or failed

    def __init__(self, callback) -> None:
        super().__init__()
        self.callback = callback
        self.loaded.connect(self.deliver)

    @pyqtSlot(object, QImage)
    def deliver(self, key, image: QImage) -> None:
        self.callback(key, image)


def padded(image: QImage) -> QImage:
    """The tile premultiplied (Qt's fast path, palette PNGs too) with a 1-pixel border repeating its edge pixels,
    so cells can be drawn overlapping by half a pixel — no seams between tiles — without moving any content."""
    argb = image.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
    ptr = argb.constBits()
    ptr.setsize(argb.sizeInBytes())
    rows = np.frombuffer(ptr, np.uint32).reshape(argb.height(), argb.bytesPerLine() // 4)[:, :argb.width()]
    edge = np.ascontiguousarray(np.pad(rows, 1, mode="edge"))
    out = QImage(edge.data, edge.shape[1], edge.shape[0], edge.shape[1] * 4,
                 QImage.Format.Format_ARGB32_Premultiplied)
    return out.copy()  # own the pixels (``edge`` is freed with this frame)


class _FetchTask(QRunnable):
    """Fetch and decode one tile in a worker thread (no pyproj here)."""

    def __init__(self, fetcher: TileFetcher, key: Key, wanted, signals: _Signals) -> None:
        super().__init__()
        self.fetcher, self.key, self.wanted, self.signals = fetcher, key, wanted, signals

    def run(self) -> None:
        image = QImage()
        if self.key in self.wanted():  # the view may have moved on while this waited in the queue
            _, z, x, y = self.key
            data = self.fetcher.get(z, x, y)
            if data is not None:
                if image.loadFromData(data):
                    image = padded(image)
                else:
                    self.fetcher.count("failed", f"tile {z}/{x}/{y} is not a readable image")
        # the layer may have been removed (or the app quit) while this tile was on its way
        with contextlib.suppress(RuntimeError):
            self.signals.loaded.emit(self.key, image)


class TileLayerItem(QGraphicsItem):
    """Draws one basemap (one or more tile sources, bottom first) for the view it is painted into."""

    def __init__(self, sources: TileSource | MBTilesSource | Sequence, cache_dir: Path | None = None,
                 title: str = "", threads: int = 2) -> None:
        super().__init__()
        self.sources = list(sources) if isinstance(sources, list | tuple) else [sources]
        cache = TileCache(cache_dir) if cache_dir is not None else None
        self.fetchers = [TileFetcher(s, cache) for s in self.sources]
        self.title = title or " + ".join(getattr(s, "title", "") or s.name for s in self.sources)
        #: the providers' attribution, drawn above every layer in the map's bottom-right corner
        self.attribution_item = AttributionItem(self)
        self._images: OrderedDict[Key, QImage] = OrderedDict()
        self._failed: set[Key] = set()
        self._pending: set[Key] = set()
        self._wanted: frozenset[Key] = frozenset()
        self._meshes: dict[Key, list[list[QPointF]]] = {}
        self._raster: tuple[tuple, QImage] | None = None
        self._generation = 0  # bumped when tiles arrive or fail: the cached raster is then stale
        #: the last paint drew every tile it wanted (or knew it had failed)
        self.complete = False
        self.pool = QThreadPool()
        self.pool.setMaxThreadCount(threads)  # OpenStreetMap's policy: at most 2 connections
        self._signals = _Signals(self._on_loaded)
        self.hid_land = False  # set by install_basemap when it hid the bundled land fill
        self._repaint = QTimer()
        self._repaint.setSingleShot(True)
        self._repaint.setInterval(40)
        self._repaint.timeout.connect(self._flush)
        self.setZValue(BASEMAP_Z)

    # ------------------------------------------------------------------------------------------ status
    @property
    def attribution(self) -> str:
        """The providers' attribution: :attr:`attribution_item` draws it in the map's corner; the status bar may
        show it instead (then hide that item)."""
        return " · ".join(dict.fromkeys(s.attribution for s in self.sources if s.attribution))

    def status(self) -> str:
        """One line for the status bar: tiles from disk, downloaded, failed and the last error."""
        stats = [f.stats for f in self.fetchers]
        text = (f"{self.title}: {sum(s.from_cache for s in stats)} 缓存 / {sum(s.downloaded for s in stats)} 下载 / "
                f"{sum(s.failed for s in stats)} 失败")
        errors = [s.last_error for s in stats if s.last_error]
        return text + (f" — {errors[-1]}" if errors else "")

    @property
    def status_changed(self):
        """A signal with :meth:`status` after each batch of arrivals or failures (for the status bar)."""
        return self._signals.statusChanged

    @property
    def failed_count(self) -> int:
        return sum(f.stats.failed for f in self.fetchers)

    def idle(self) -> bool:
        """No tile is being fetched (tests wait for this)."""
        return not self._pending

    def reload(self) -> None:
        """Forget failures (the network is back) and draw again."""
        self._failed.clear()
        self._generation += 1
        self.update()

    def shutdown(self) -> None:
        """Drop queued requests and wait for running ones (before the item is thrown away)."""
        self._wanted = frozenset()
        self.pool.clear()
        self.pool.waitForDone(10_000)

    # ------------------------------------------------------------------------------------------ painting
    def boundingRect(self) -> QRectF:
        scene = self.scene()
        return scene.sceneRect() if scene is not None else QRectF(-2e6, -6e6, 4e6, 4e6)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        """Into an image (the canvas's map image): draw the tiles once per view into a raster of the device's
        size and blit it, so re-rendering the map after an edit of a zone costs a blit, not the tiles (QGIS's
        per-layer render cache). Other devices (PDF, printer) get the tiles drawn directly."""
        device = painter.device()
        if not isinstance(device, QImage):
            self._paint_tiles(painter)
            return
        t = painter.worldTransform()
        key = (t.m11(), t.m12(), t.m21(), t.m22(), t.dx(), t.dy(), device.width(), device.height(),
               device.devicePixelRatioF(), self._generation)
        if self._raster is None or self._raster[0] != key:
            raster = QImage(device.width(), device.height(), QImage.Format.Format_ARGB32_Premultiplied)
            raster.setDevicePixelRatio(device.devicePixelRatioF())
            raster.fill(Qt.GlobalColor.transparent)
            raster_painter = QPainter(raster)
            raster_painter.setTransform(t)
            self._paint_tiles(raster_painter)
            raster_painter.end()
            self._raster = (key, raster)
        painter.save()
        painter.resetTransform()
        painter.drawImage(0, 0, self._raster[1])
        painter.restore()

    def _paint_tiles(self, painter: QPainter) -> None:
        view = self._visible_rect(painter)
        if view is None:
            return
        scale = math.sqrt(abs(painter.worldTransform().determinant())) * painter.device().devicePixelRatioF()
        metres_per_px = 1.0 / scale if scale > 0 else 0.0
        west, south, east, north = self._wgs84_box(view)
        lat = (south + north) / 2
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)  # antialiased edges leave seams
        wanted: set[Key] = set()
        for index, source in enumerate(self.sources):
            z = zoom_for_resolution(metres_per_px, lat, source.tile_size, 0, source.max_zoom)
            tiles = tiles_for_bbox(*source_bbox(source, west, south, east, north), z)
            while len(tiles) > MAX_TILES_PER_VIEW and z > 0:
                z -= 1
                tiles = tiles_for_bbox(*source_bbox(source, west, south, east, north), z)
            if z < source.min_zoom:
                continue
            for x, y in tiles:
                key = (index, z, x, y)
                wanted.add(key)
                self._draw_tile(painter, key)
        self._wanted = frozenset(wanted)
        self.complete = all(key in self._images or key in self._failed for key in wanted)
        for key in wanted - self._pending - self._failed - self._images.keys():
            self._request(key)
        painter.restore()

    def _visible_rect(self, painter: QPainter) -> QRectF | None:
        device = painter.device()
        ratio = device.devicePixelRatioF() or 1.0
        inverse, ok = painter.worldTransform().inverted()
        if not ok:
            return None
        rect = inverse.mapRect(QRectF(0, 0, device.width() / ratio, device.height() / ratio))
        if painter.hasClipping():
            rect = rect.intersected(painter.clipBoundingRect())
        return rect.intersected(self.boundingRect()) if rect.isValid() else None

    @staticmethod
    def _wgs84_box(rect: QRectF) -> tuple[float, float, float, float]:
        # corners and edge midpoints: EPSG:4549's grid is rotated a little against lon/lat
        xs = np.array([rect.left(), rect.center().x(), rect.right()])
        ys = np.array([rect.top(), rect.center().y(), rect.bottom()])
        gx, gy = np.meshgrid(xs, ys)
        lon, lat = to_wgs84(gx.ravel(), -gy.ravel(), "EPSG:4549")
        return float(lon.min()), float(lat.min()), float(lon.max()), float(lat.max())

    def _mesh(self, key: Key) -> list[list[QPointF]]:
        """The tile's placement grid in scene coordinates (cached: the projection runs once per tile)."""
        mesh = self._meshes.get(key)
        if mesh is None:
            index, z, x, y = key
            grid = tile_grid_wgs84(self.sources[index], z, x, y, grid_cells(z))
            sx, sy = lonlat_to_scene(grid[..., 0].ravel(), grid[..., 1].ravel())
            side = grid.shape[0]
            points = [QPointF(float(a), float(b)) for a, b in zip(sx, sy, strict=True)]
            mesh = [points[row * side:(row + 1) * side] for row in range(side)]
            if len(self._meshes) > 20_000:
                self._meshes.clear()
            self._meshes[key] = mesh
        return mesh

    def _draw_tile(self, painter: QPainter, key: Key) -> None:
        """Draw the tile cell by cell, each cell's part of the image mapped affinely onto its placed corners
        (cells are parallelograms to < 0.01 px, and affine image drawing is Qt's fast path). Qt's transformed
        image fill is not watertight along shared edges, so each cell is drawn half a source pixel larger on
        every side, with the pixels that really lie there (the neighbour cell's, or the tile's repeated edge)."""
        image, source_rect = self._image_for(key)
        if image is None:
            return
        mesh = self._mesh(key)
        cells = len(mesh) - 1
        w, h = source_rect.width() / cells, source_rect.height() / cells
        base = painter.transform()
        for row in range(cells):
            for col in range(cells):
                nw, ne = mesh[row][col], mesh[row][col + 1]
                sw, se = mesh[row + 1][col], mesh[row + 1][col + 1]
                ex, ey = (ne - nw + se - sw) / (2 * w), (sw - nw + se - ne) / (2 * h)  # per source pixel
                centre = (nw + ne + sw + se) / 4
                src = QRectF(source_rect.left() + col * w, source_rect.top() + row * h, w, h)
                origin = centre - ex * src.center().x() - ey * src.center().y()
                painter.setTransform(QTransform(ex.x(), ex.y(), ey.x(), ey.y(), origin.x(), origin.y()) * base)
                overlap = src.adjusted(-0.5, -0.5, 0.5, 0.5)  # same transform: content stays in place
                painter.drawImage(overlap, image, overlap)
        painter.setTransform(base)

    def _image_for(self, key: Key) -> tuple[QImage | None, QRectF]:
        """The tile's image, or the part of a cached lower-zoom tile that covers it."""
        # images carry a 1-pixel border (see padded()): the tile itself starts at (1, 1)
        if (image := self._images.get(key)) is not None:
            self._images.move_to_end(key)
            return image, QRectF(1, 1, image.width() - 2, image.height() - 2)
        index, z, x, y = key
        for up in range(1, min(FALLBACK_LEVELS, z) + 1):
            parent = self._images.get((index, z - up, x >> up, y >> up))
            if parent is not None:
                size = (parent.width() - 2) / 2 ** up
                mask = 2 ** up - 1
                return parent, QRectF(1 + (x & mask) * size, 1 + (y & mask) * size, size, size)
        return None, QRectF()

    # ------------------------------------------------------------------------------------------ fetching
    def _request(self, key: Key) -> None:
        self._pending.add(key)
        task = _FetchTask(self.fetchers[key[0]], key, lambda: self._wanted, self._signals)
        self.pool.start(task)

    def _on_loaded(self, key: Key, image: QImage) -> None:
        self._pending.discard(key)
        self._generation += 1
        if image.isNull():
            if key in self._wanted:
                self._failed.add(key)  # not asked again until reload(): a dead server must not be hammered
        else:
            self._images[key] = image
            while len(self._images) > max(MEMORY_TILES, 2 * len(self._wanted)):
                self._images.popitem(last=False)
        if not self._repaint.isActive():
            self._repaint.start()

    def _flush(self) -> None:
        self.update()
        self._signals.statusChanged.emit(self.status())


class AttributionItem(QGraphicsItem):
    """The tile providers' attribution in the bottom-right corner of whatever the map is rendered into, above
    every layer and label (the licences ask for it to be visible: OpenStreetMap's, 天地图's, Amap's)."""

    Z = 1e9

    def __init__(self, tiles: TileLayerItem) -> None:
        super().__init__()
        self.tiles = tiles
        self.setZValue(self.Z)

    def boundingRect(self) -> QRectF:
        return self.tiles.boundingRect()

    def paint(self, painter: QPainter, option, widget=None) -> None:
        text = self.tiles.attribution
        if not text or not self.tiles.isVisible():
            return
        device = painter.device()
        ratio = device.devicePixelRatioF() or 1.0
        painter.save()
        painter.resetTransform()
        painter.setFont(QFont("Noto Sans CJK SC", 8))
        metrics = painter.fontMetrics()
        box = QRectF(0, 0, metrics.horizontalAdvance(text) + 8, metrics.height() + 2)
        box.moveBottomRight(QPointF(device.width() / ratio, device.height() / ratio))
        painter.fillRect(box, QColor(255, 255, 255, 200))
        painter.setPen(QColor("#333333"))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()


def install_basemap(canvas, source, cache_dir: Path | None = None) -> TileLayerItem:
    """Put a tile basemap into ``canvas.map_scene`` below every layer and return its item.

    ``source``: a :class:`TileSource`, an :class:`MBTilesSource`, or a list of them (drawn bottom first).
    The bundled land fill (layer ``basemap_city``) is opaque, so it is hidden while a tile basemap shows;
    :func:`remove_basemap` shows it again. Any basemap already installed is replaced.
    """
    remove_basemap(canvas)
    return place_basemap(canvas, TileLayerItem(source, cache_dir if cache_dir is not None else default_cache_dir()))


def place_basemap(canvas, item):
    """Put a basemap item (tiles or a GeoTIFF) and its attribution on the canvas as *the* basemap, hiding the
    opaque bundled land fill under it (:func:`remove_basemap` shows it again)."""
    canvas.map_scene.addItem(item)
    canvas.map_scene.addItem(item.attribution_item)
    canvas.tile_basemap = item
    land = canvas.layer("basemap_city")
    if land is not None and land.visible:
        land.visible = False
        item.hid_land = True
        canvas.restack()
    return item


def remove_basemap(canvas) -> None:
    """Take the tile basemap off the canvas (the bundled offline basemap shows again)."""
    item = getattr(canvas, "tile_basemap", None)
    if item is None:
        return
    item.shutdown()
    canvas.map_scene.removeItem(item)
    canvas.map_scene.removeItem(item.attribution_item)
    canvas.tile_basemap = None
    land = canvas.layer("basemap_city")
    if land is not None and getattr(item, "hid_land", False):
        land.visible = True
        canvas.restack()
