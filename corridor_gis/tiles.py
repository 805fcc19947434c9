"""Tile basemaps without Qt: web-mercator tile maths, URL templates and presets, GCJ-02 placement, a disk
cache and MBTiles reading.

**Placement.** Every supported source uses the web-mercator z/x/y tiling. A tile's pixel grid is linear in
web-mercator metres of the *source's own* lon/lat: WGS84 for OpenStreetMap and 天地图 (CGCS2000, centimetres
from WGS84), GCJ-02 for 高德 and 腾讯. A GCJ-02 tile corner at GCJ (lon, lat) therefore shows the place whose
WGS84 position is ``wgs84_from_gcj02(lon, lat)``. The GCJ-02 offset is *not* constant across a tile: its
formula has terms with a period of 1/3° (20 m amplitude), so around Qingdao it changes by ~35 m across one
z=12 tile, ~8 m at z=14 and ~2 m at z=16. Four corners alone (a bilinear fit) leave 5.2 m inside a z=12
tile — 0.2 of a tile pixel — and up to half a pixel at z=8, so :func:`tile_grid_wgs84` places a mesh of
:func:`grid_cells` × :func:`grid_cells` cells per tile (4 at z ≤ 10, 2 at z 11–13, 1 from z=14), which keeps
the residual under 0.11 tile pixel at every zoom and under 0.5 m from z=13 (measured in
``tests/test_tiles.py``) — instead of the ~500 m error of drawing Amap or Tencent tiles as if they were WGS84.
Each cell is so nearly a parallelogram (defect < 0.002 px) that the app may map it affinely (fast in Qt).

**Baidu is not supported**: its tiles are cut on Baidu's own Mercator variant of BD-09 (``BD09MC``) with its
own tile origin and zoom resolutions, not on web-mercator z/x/y indexes; placing them needs Baidu's
unpublished projection constants, and faking it with web-mercator indexes would put tiles kilometres off.

**Cache.** ``<cache>/<source>/<z>/<x>/<y>.png`` (whatever image format the server sent), written atomically
(temporary file + ``os.replace``) and read before the network, so a laptop that showed an area once shows it
again offline. **MBTiles** (SQLite, TMS rows) is the maintained format for offline tile packages;
:func:`write_mbtiles` packages a cache into one file for another laptop.

Nothing here touches pyproj, so fetching may run in worker threads; the app does the projection to its
scene on the GUI thread.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
import sqlite3
import tempfile
import threading
import urllib.error
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .crs import gcj02_from_wgs84, wgs84_from_gcj02
from .errors import InputError

EARTH_RADIUS_M = 6378137.0  # web-mercator sphere
MAX_LAT = 85.0511287798066
USER_AGENT = "corridor-gis/0.1 (desktop GIS for the Qingdao S&T corridor; tile cache on disk)"
TILE_CRSS = ("wgs84", "gcj02")
BAIDU_UNSUPPORTED = (
    "百度地图 (BD-09) is not supported: Baidu cuts its tiles on its own Mercator variant (BD09MC) with its own "
    "tile origin and zoom resolutions, not on web-mercator z/x/y indexes, so they cannot be placed like the "
    "other sources; faking it would put the map kilometres off. Use 高德 or 腾讯 (GCJ-02, placed correctly)."
)
_PLACEHOLDERS = {"{z}", "{x}", "{y}", "{-y}", "{s}", "{key}", "{TileMatrix}", "{TileRow}", "{TileCol}"}
_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"RIFF")


# ----------------------------------------------------------------------------------------- tile maths
def lonlat_to_tile(lon: float, lat: float, z: int) -> tuple[float, float]:
    """Fractional web-mercator tile coordinates (x to the east, y to the south) of a lon/lat at zoom z."""
    n = 2.0 ** z
    lat = max(-MAX_LAT, min(MAX_LAT, lat))
    x = (lon + 180.0) / 360.0 * n
    y = (1.0 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2.0 * n
    return x, y


def tile_to_lonlat(x: float, y: float, z: int) -> tuple[float, float]:
    """The lon/lat of fractional tile coordinates (a tile's north-west corner for integer x, y)."""
    n = 2.0 ** z
    return x / n * 360.0 - 180.0, math.degrees(math.atan(math.sinh(math.pi * (1.0 - 2.0 * y / n))))


def tile_for_lonlat(lon: float, lat: float, z: int) -> tuple[int, int]:
    """The tile (x, y) containing a lon/lat at zoom z."""
    x, y = lonlat_to_tile(lon, lat, z)
    n = 2 ** z
    return min(n - 1, max(0, math.floor(x))), min(n - 1, max(0, math.floor(y)))


def tiles_for_bbox(west: float, south: float, east: float, north: float, z: int) -> list[tuple[int, int]]:
    """Every tile (x, y) at zoom z that intersects a lon/lat box, row by row from the north-west."""
    x0, y0 = tile_for_lonlat(west, north, z)
    x1, y1 = tile_for_lonlat(east, south, z)
    return [(x, y) for y in range(y0, y1 + 1) for x in range(x0, x1 + 1)]


def ground_resolution(z: int, lat: float, tile_size: int = 256) -> float:
    """Metres on the ground per tile pixel at zoom z and latitude ``lat``."""
    return math.cos(math.radians(lat)) * 2 * math.pi * EARTH_RADIUS_M / (tile_size * 2 ** z)


def zoom_for_resolution(metres_per_pixel: float, lat: float, tile_size: int = 256,
                        min_zoom: int = 0, max_zoom: int = 22) -> int:
    """The zoom whose tile pixels are closest (in scale) to the view's device pixels, clamped."""
    if metres_per_pixel <= 0 or not math.isfinite(metres_per_pixel):
        return min_zoom
    z = math.log2(ground_resolution(0, lat, tile_size) / metres_per_pixel)
    return int(min(max_zoom, max(min_zoom, round(z))))


# ----------------------------------------------------------------------------------------------- sources
@dataclass(frozen=True)
class TileSource:
    """An XYZ (or WMTS-REST) tile service: the URL template with ``{z} {x} {y}`` (``{-y}`` for TMS rows,
    ``{TileMatrix} {TileRow} {TileCol}`` as WMTS names them), ``{s}`` for a subdomain and ``{key}`` for the
    user's key; ``crs`` is the lon/lat system the tiles are drawn in (``wgs84`` or ``gcj02``)."""

    name: str
    url_template: str
    crs: str = "wgs84"
    min_zoom: int = 0
    max_zoom: int = 18
    attribution: str = ""
    subdomains: tuple[str, ...] = ()
    tile_size: int = 256
    headers: tuple[tuple[str, str], ...] = ()
    title: str = ""
    key: str = field(default="", repr=False)  # the user's key (天地图 tk); never part of the cache path

    def __post_init__(self) -> None:
        if self.crs == "bd09":
            raise ValueError(BAIDU_UNSUPPORTED)
        if self.crs not in TILE_CRSS:
            raise ValueError(f"tile CRS must be one of {', '.join(TILE_CRSS)}, not {self.crs!r}")
        validate_template(self.url_template, self.subdomains)
        if isinstance(self.headers, dict):
            object.__setattr__(self, "headers", tuple(self.headers.items()))
        object.__setattr__(self, "subdomains", tuple(self.subdomains))

    @property
    def needs_key(self) -> bool:
        return "{key}" in self.url_template

    @property
    def cache_key(self) -> str:
        """The cache folder name: the source's name if it is a plain identifier, else a hash of the template."""
        if re.fullmatch(r"[A-Za-z0-9_.-]{1,64}", self.name):
            return self.name
        return "src-" + hashlib.sha1(self.url_template.encode()).hexdigest()[:12]

    def url(self, z: int, x: int, y: int) -> str:
        """The URL of one tile."""
        sub = self.subdomains[(x + y) % len(self.subdomains)] if self.subdomains else ""
        values = {"{z}": z, "{x}": x, "{y}": y, "{-y}": 2 ** z - 1 - y, "{s}": sub, "{key}": self.key,
                  "{TileMatrix}": z, "{TileRow}": y, "{TileCol}": x}
        url = self.url_template
        for token, value in values.items():
            url = url.replace(token, str(value))
        return url


def validate_template(template: str, subdomains: Iterable[str] = ()) -> None:
    """Refuse a template the tile maths cannot fill, with what to change."""
    if not re.match(r"^(https?|file)://", template):
        raise ValueError(f"tile URL must start with http:// or https://: {template!r}")
    tokens = set(re.findall(r"\{[^{}]*\}", template))
    if unknown := tokens - _PLACEHOLDERS:
        raise ValueError(f"unknown placeholder(s) {', '.join(sorted(unknown))} in {template!r}; "
                         "use {z} {x} {y} (or {-y} for TMS rows), {s}, {key}, or WMTS {TileMatrix} {TileRow} {TileCol}")
    has_z = "{z}" in tokens or "{TileMatrix}" in tokens
    has_x = "{x}" in tokens or "{TileCol}" in tokens
    has_y = bool(tokens & {"{y}", "{-y}", "{TileRow}"})
    if not (has_z and has_x and has_y):
        raise ValueError(f"tile URL needs a zoom, a column and a row placeholder ({{z}} {{x}} {{y}}): {template!r}")
    if "{s}" in tokens and not list(subdomains):
        raise ValueError("the tile URL uses {s} but no subdomains are given (e.g. a,b,c)")


_TDT = ("http://t{s}.tianditu.gov.cn/%s_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=%s"
        "&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk={key}")
_TDT_KW = {"crs": "wgs84", "min_zoom": 1, "max_zoom": 18, "subdomains": tuple("01234567"),
           "attribution": "© 天地图 (国家地理信息公共服务平台)"}

#: the built-in services; 天地图 needs the user's key (``dataclasses.replace(source, key=...)``)
PRESETS: dict[str, TileSource] = {s.name: s for s in (
    TileSource("osm", "https://tile.openstreetmap.org/{z}/{x}/{y}.png", max_zoom=19,
               attribution="© OpenStreetMap contributors", title="OpenStreetMap"),
    TileSource("tianditu_vec", _TDT % ("vec", "vec"), title="天地图 矢量", **_TDT_KW),
    TileSource("tianditu_cva", _TDT % ("cva", "cva"), title="天地图 矢量注记", **_TDT_KW),
    TileSource("tianditu_img", _TDT % ("img", "img"), title="天地图 影像", **_TDT_KW),
    TileSource("tianditu_cia", _TDT % ("cia", "cia"), title="天地图 影像注记", **_TDT_KW),
    TileSource("amap", "https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8"
               "&x={x}&y={y}&z={z}", crs="gcj02", min_zoom=3, max_zoom=18, subdomains=("1", "2", "3", "4"),
               attribution="© 高德地图 AutoNavi", title="高德地图"),
    TileSource("tencent", "https://rt{s}.map.gtimg.com/realtimerender?z={z}&x={x}&y={-y}&type=vector&style=0",
               crs="gcj02", min_zoom=3, max_zoom=18, subdomains=("0", "1", "2", "3"),
               attribution="© 腾讯地图 Tencent", title="腾讯地图"),
)}

#: what the user picks: a basemap is one or more sources drawn bottom first (天地图 base + its labels)
BASEMAPS: dict[str, tuple[str, ...]] = {
    "osm": ("osm",),
    "tianditu_vec": ("tianditu_vec", "tianditu_cva"),
    "tianditu_img": ("tianditu_img", "tianditu_cia"),
    "amap": ("amap",),
    "tencent": ("tencent",),
}


# ------------------------------------------------------------------------------------------- placement
def grid_cells(z: int) -> int:
    """Cells per tile side for placement: 4 at z ≤ 10, 2 at z 11–13, 1 from z=14 (see the module doc)."""
    return 4 if z <= 10 else 2 if z <= 13 else 1


def tile_grid_wgs84(source, z: int, x: int, y: int, cells: int = 1) -> np.ndarray:
    """WGS84 (lon, lat) of a (cells+1) × (cells+1) grid over the tile, shape (cells+1, cells+1, 2), rows
    from north to south, columns from west to east.

    The tile's lon/lat grid is the source's: for a GCJ-02 source the point at GCJ (lon, lat) shows the
    WGS84 place ``wgs84_from_gcj02(lon, lat)``.
    """
    steps = np.linspace(0.0, 1.0, cells + 1)
    n = 2.0 ** z
    lon = np.broadcast_to((x + steps) / n * 360.0 - 180.0, (cells + 1, cells + 1))
    lat_row = np.degrees(np.arctan(np.sinh(np.pi * (1.0 - 2.0 * (y + steps) / n))))
    lat = np.broadcast_to(lat_row[:, None], (cells + 1, cells + 1))
    if source.crs == "gcj02":
        lon, lat = wgs84_from_gcj02(lon, lat)
    return np.stack([lon, lat], axis=-1)


def tile_corners_wgs84(source, z: int, x: int, y: int) -> np.ndarray:
    """The tile's corners NW, NE, SE, SW as WGS84 (lon, lat), shape (4, 2) (GCJ-02 tiles shifted)."""
    grid = tile_grid_wgs84(source, z, x, y, 1)
    return np.array([grid[0, 0], grid[0, 1], grid[1, 1], grid[1, 0]])


def source_bbox(source, west: float, south: float, east: float, north: float) -> tuple[float, ...]:
    """A WGS84 lon/lat box in the source's own lon/lat (what its tile indexes are computed from)."""
    if source.crs != "gcj02":
        return west, south, east, north
    lon, lat = gcj02_from_wgs84([west, east, east, west], [south, south, north, north])
    return float(lon.min()), float(lat.min()), float(lon.max()), float(lat.max())


# --------------------------------------------------------------------------------------- cache & fetch
class TileCache:
    """Tiles on disk: ``root/<source>/<z>/<x>/<y>.png``; writes are atomic so a crash never leaves half a tile."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path(self, source, z: int, x: int, y: int) -> Path:
        return self.root / source.cache_key / str(z) / str(x) / f"{y}.png"

    def get(self, source, z: int, x: int, y: int) -> bytes | None:
        try:
            return self.path(source, z, x, y).read_bytes()
        except FileNotFoundError:
            return None

    def put(self, source, z: int, x: int, y: int, data: bytes) -> None:
        target = self.path(source, z, x, y)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{y}.", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def tiles(self, source) -> Iterable[tuple[int, int, int, Path]]:
        """Every cached tile of a source as (z, x, y, path)."""
        for path in (self.root / source.cache_key).glob("*/*/*.png"):
            z, x, y = path.parent.parent.name, path.parent.name, path.stem
            if z.isdigit() and x.isdigit() and y.isdigit():
                yield int(z), int(x), int(y), path


def is_image(data: bytes) -> bool:
    """A PNG, JPEG, GIF or WebP by its first bytes (servers answer errors with HTML/XML and status 200)."""
    return data.startswith(_IMAGE_MAGIC) and (not data.startswith(b"RIFF") or data[8:12] == b"WEBP")


@dataclass
class TileStats:
    """What the fetcher did, for the status bar: failures are counted and shown, never raised into painting."""

    from_cache: int = 0
    downloaded: int = 0
    failed: int = 0
    last_error: str = ""


class TileFetcher:
    """Gets tiles for one source: from an MBTiles file, or the disk cache first, then HTTP (then cached).

    Thread-safe; meant to run in worker threads (it does only file and network I/O).
    """

    def __init__(self, source, cache: TileCache | None = None, timeout: float = 6.0) -> None:
        self.source = source
        self.cache = cache
        self.timeout = timeout
        self.stats = TileStats()
        self._lock = threading.Lock()

    def count(self, what: str, error: str = "") -> None:
        """Add one to ``stats.<what>`` (and remember the error), thread-safely."""
        with self._lock:
            setattr(self.stats, what, getattr(self.stats, what) + 1)
            if error:
                self.stats.last_error = error

    def get(self, z: int, x: int, y: int) -> bytes | None:
        """The tile's image bytes, or None (counted as failed) when it cannot be had."""
        source = self.source
        if isinstance(source, MBTilesSource):
            data = source.read(z, x, y)
            self.count("from_cache" if data else "failed", "" if data else f"{z}/{x}/{y} not in {source.path.name}")
            return data
        if self.cache is not None and (data := self.cache.get(source, z, x, y)) is not None:
            self.count("from_cache")
            return data
        if source.needs_key and not source.key:
            self.count("failed", f"{source.title or source.name} needs your key (tk)")
            return None
        try:
            request = urllib.request.Request(source.url(z, x, y),
                                             headers={"User-Agent": USER_AGENT, **dict(source.headers)})
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                data = response.read()
        except urllib.error.HTTPError as exc:
            self.count("failed", f"HTTP {exc.code} for tile {z}/{x}/{y} ({source.title or source.name})")
            return None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            self.count("failed", f"no connection to {source.title or source.name}: {reason}")
            return None
        if not is_image(data):
            text = data[:120].decode("utf-8", "replace").strip()
            self.count("failed", f"{source.title or source.name} answered with no image: {text}")
            return None
        if self.cache is not None:
            try:
                self.cache.put(source, z, x, y, data)
            except OSError as exc:  # a full or read-only disk: show the tile, report the cache
                self.count("failed", f"tile cache not writable: {exc}")
        self.count("downloaded")
        return data


# ------------------------------------------------------------------------------------------------ MBTiles
class MBTilesSource:
    """Tiles from an MBTiles file (SQLite; rows in TMS order, flipped here). One connection per thread."""

    def __init__(self, path: Path, crs: str | None = None) -> None:
        self.path = Path(path)
        self._local = threading.local()
        try:
            meta = dict(self._connection().execute("SELECT name, value FROM metadata").fetchall())
            zooms = self._connection().execute("SELECT MIN(zoom_level), MAX(zoom_level) FROM tiles").fetchone()
        except sqlite3.Error as exc:
            raise InputError(str(self.path), f"not an MBTiles file ({exc})",
                             hint="choose a .mbtiles file (SQLite with 'metadata' and 'tiles' tables)") from None
        if zooms[0] is None:
            raise InputError(str(self.path), "the MBTiles file holds no tiles", hint="package some tiles first")
        self.metadata = meta
        # MBTiles is web-mercator WGS84 by definition; a package made from a GCJ-02 cache says so
        self.crs = crs or meta.get("corridor_gis_crs", "wgs84")
        if self.crs not in TILE_CRSS:
            raise ValueError(BAIDU_UNSUPPORTED if self.crs == "bd09" else f"tile CRS must be one of {TILE_CRSS}")
        self.title = meta.get("name", self.path.stem)
        self.attribution = meta.get("attribution", "")
        self.min_zoom, self.max_zoom = int(zooms[0]), int(zooms[1])
        self.tile_size = 256
        self.cache_key = "mbtiles-" + hashlib.sha1(str(self.path.resolve()).encode()).hexdigest()[:12]
        self.name = self.cache_key

    def _connection(self) -> sqlite3.Connection:
        if getattr(self._local, "db", None) is None:
            self._local.db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True)
        return self._local.db

    def read(self, z: int, x: int, y: int) -> bytes | None:
        row = self._connection().execute(
            "SELECT tile_data FROM tiles WHERE zoom_level=? AND tile_column=? AND tile_row=?",
            (z, x, 2 ** z - 1 - y)).fetchone()
        return bytes(row[0]) if row else None


def write_mbtiles(path: Path, tiles: Iterable[tuple[int, int, int, bytes]], metadata: dict[str, str]) -> int:
    """Write (z, x, y, image bytes) tiles into a new MBTiles file, atomically; returns the number written.
    Used to package a disk cache (:func:`cache_to_mbtiles`) for a laptop that never goes online."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".mbtiles.tmp", dir=path.parent)
    os.close(fd)
    count = 0
    try:
        with sqlite3.connect(tmp) as db:
            db.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
            db.execute("CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, "
                        "tile_data BLOB)")
            db.execute("CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row)")
            db.executemany("INSERT INTO metadata VALUES (?, ?)", sorted({"format": "png", **metadata}.items()))
            for z, x, y, data in tiles:
                db.execute("INSERT OR REPLACE INTO tiles VALUES (?, ?, ?, ?)", (z, x, 2 ** z - 1 - y, data))
                count += 1
        db.close()
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return count


def cache_to_mbtiles(cache: TileCache, source: TileSource, path: Path) -> int:
    """Package every cached tile of ``source`` into one MBTiles file (its CRS noted in the metadata)."""
    tiles = ((z, x, y, p.read_bytes()) for z, x, y, p in cache.tiles(source))
    return write_mbtiles(path, tiles, {"name": source.title or source.name, "attribution": source.attribution,
                                       "type": "baselayer", "corridor_gis_crs": source.crs})
