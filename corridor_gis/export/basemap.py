"""Tile basemaps in the HTML briefing map: the presets, custom templates and MBTiles files of
:mod:`corridor_gis.tiles`, shown in the browser where the desktop app shows them.

* WGS84 / web-mercator sources online (OpenStreetMap, 天地图, a custom template) are a ``folium.TileLayer``.
* GCJ-02 sources (高德, 腾讯) and every embedded basemap are drawn by our own Leaflet GridLayer
  (``templates/gcj_tiles.js``): it places each GCJ-02 tile cell by cell on its WGS84 position with the same
  formula and mesh as the app (:func:`corridor_gis.tiles.grid_cells`), so the tiles line up with the
  WGS84 zones and points instead of lying ~500 m off.
* ``embed=True`` puts the tiles covering the corridor (zooms :data:`DEFAULT_EMBED_ZOOMS` unless chosen)
  into the page as data: URIs, read from the app's tile cache on disk or from an MBTiles file — never from
  the network (bulk downloading breaks the providers' tile policies). A tile that is not there is not drawn;
  a lower zoom's tile stands in when one is embedded. Over ``max_mb`` the export stops with the numbers.

Without a basemap the export is exactly what it was: the bundled offline district basemap, no tiles.
"""

from __future__ import annotations

import base64
import dataclasses
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..tiles import (
    BAIDU_UNSUPPORTED,
    BASEMAPS,
    PRESETS,
    MBTilesSource,
    TileCache,
    TileSource,
    source_bbox,
    tiles_for_bbox,
    validate_template,
)

#: the GeoTIFF names the file dialogs offer (raster_basemap.RASTER_SUFFIXES; not imported: rasterio loads
#: only when a GeoTIFF is used)
RASTER_SUFFIXES = (".tif", ".tiff", ".gtiff")
DEFAULT_EMBED_ZOOMS = (10, 14)
DEFAULT_EMBED_MAX_MB = 40.0
#: the corridor's box is widened by this share on every side, so panning a little still shows tiles
EXTENT_MARGIN = 0.1
GCJ02_NOTE = "高德/腾讯瓦片为 GCJ-02 坐标，已逐格纠偏到 WGS84 位置（与矢量图层对齐）"
#: the basemaps' names as the app's 视图 → 底图 lists them (tiles.PRESETS titles for single sources)
BASEMAP_TITLES = {"osm": "OpenStreetMap", "tianditu_vec": "天地图 矢量 + 注记", "tianditu_img": "天地图 影像 + 注记",
                  "amap": "高德地图", "tencent": "腾讯地图"}
_MIME = {b"\x89PNG": "image/png", b"\xff\xd8\xff": "image/jpeg", b"GIF8": "image/gif", b"RIFF": "image/webp"}


def default_tile_cache_dir() -> Path:
    """The desktop app's tile cache folder without Qt: where ``QStandardPaths.CacheLocation`` puts it for
    the organisation and application ``corridor-gis`` (``corridor_gis.app.tile_layer.default_cache_dir``)."""
    app = Path("corridor-gis") / "corridor-gis"
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / app / "cache" / "tiles"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / app / "tiles"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / app / "tiles"


@dataclass
class HtmlBasemap:
    """A tile basemap for the briefing: its sources bottom first (天地图 base + labels), and whether and how
    its tiles are embedded. ``cache_dir``: the tile cache to embed from (the app's by default)."""

    title: str
    sources: list = field(default_factory=list)
    embed: bool = False
    zooms: tuple[int, int] = DEFAULT_EMBED_ZOOMS
    max_mb: float = DEFAULT_EMBED_MAX_MB
    cache_dir: Path | None = None
    #: after an export: what was embedded (tiles found of those wanted, MB), for the CLI and the dialog
    summary: str = ""
    #: a GeoTIFF basemap (drawn as one embedded image, :mod:`.raster_overlay`) instead of tiles
    raster: Path | None = None

    @property
    def attribution(self) -> str:
        return " · ".join(dict.fromkeys(s.attribution for s in self.sources if s.attribution))

    @property
    def is_gcj02(self) -> bool:
        return any(s.crs == "gcj02" for s in self.sources)


def resolve_basemap(spec: str, key: str | None = None, crs: str | None = None, attribution: str = "",
                    embed: bool = False) -> HtmlBasemap:
    """A basemap from what the user typed: a preset id of :data:`corridor_gis.tiles.BASEMAPS` (``osm``,
    ``tianditu_vec``, ``tianditu_img``, ``amap``, ``tencent``) or of a single source (``tianditu_cva`` …), an
    XYZ/WMTS URL template (``crs`` says its lon/lat system, WGS84 by default), or an ``.mbtiles`` file
    (always embedded: it has no address a browser could ask). Bad input raises :class:`InputError`."""
    spec = spec.strip()
    if spec.lower() in ("baidu", "bd09"):
        raise InputError(None, BAIDU_UNSUPPORTED, hint="use --basemap amap or tencent")
    if spec in BASEMAPS or spec in PRESETS:
        sources = [PRESETS[name] for name in BASEMAPS.get(spec, (spec,))]
        if any(s.needs_key for s in sources):
            if key:
                sources = [dataclasses.replace(s, key=key) for s in sources]
            elif not embed:
                raise InputError(None, f"{BASEMAP_TITLES.get(spec, spec)} needs your 天地图 key (tk) to load tiles",
                                 hint="give --tile-key KEY (console.tianditu.gov.cn), or --embed-tiles to use the "
                                      "tiles the app has cached")
        title = BASEMAP_TITLES.get(spec) or sources[0].title or spec
        return HtmlBasemap(title, sources, embed=embed)
    if re.match(r"^https?://", spec, re.I):
        try:
            validate_template(spec)
            source = TileSource("custom", spec, crs=crs or "wgs84", attribution=attribution, title="自定义底图",
                                key=key or "")
        except ValueError as exc:
            raise InputError(None, str(exc), hint="a URL with {z} {x} {y} (or {-y}), e.g. "
                                                  "https://tile.example.org/{z}/{x}/{y}.png") from None
        return HtmlBasemap("自定义底图", [source], embed=embed)
    path = Path(spec)
    if path.suffix.lower() in RASTER_SUFFIXES:
        if not path.is_file():
            raise InputError(str(path), "GeoTIFF file not found", hint="check the path")
        return HtmlBasemap(path.name, [], embed=True, raster=path)
    if path.suffix.lower() == ".mbtiles" or path.is_file():
        if not path.is_file():
            raise InputError(str(path), "MBTiles file not found", hint="check the path")
        try:
            source = MBTilesSource(path, crs=crs)
        except ValueError as exc:
            raise InputError(str(path), str(exc)) from None
        return HtmlBasemap(source.title, [source], embed=True)
    choices = ", ".join([*BASEMAPS, "URL template", "FILE.mbtiles"])
    raise InputError(None, f"unknown basemap {spec!r}", hint=f"use one of {choices}")


def parse_zooms(text: str) -> tuple[int, int]:
    """``"10-14"`` (or ``"12"``) → (10, 14); a range the tile maths cannot use raises InputError."""
    match = re.fullmatch(r"\s*(\d{1,2})\s*(?:-\s*(\d{1,2})\s*)?", text or "")
    low, high = (int(match.group(1)), int(match.group(2) or match.group(1))) if match else (-1, -1)
    if not match or not 0 <= low <= high <= 22:
        raise InputError(None, f"--embed-zoom {text!r} is not a zoom range", hint="write MIN-MAX, e.g. 10-14 (0–22)")
    return low, high


def corridor_extent(bounds: tuple[float, float, float, float], margin: float = EXTENT_MARGIN) -> tuple[float, ...]:
    """The corridor's lon/lat box (west, south, east, north) widened by ``margin`` of its size on each side."""
    west, south, east, north = bounds
    dx, dy = (east - west) * margin, (north - south) * margin
    return west - dx, south - dy, east + dx, north + dy


@dataclass
class EmbeddedTiles:
    """One source's tiles for the page: ``tiles`` maps ``"z/x/y"`` to a data: URI."""

    source: object
    tiles: dict[str, str]
    wanted: int
    nbytes: int


def _data_uri(data: bytes) -> str:
    mime = next((m for magic, m in _MIME.items() if data.startswith(magic)), "image/png")
    return f"data:{mime};base64," + base64.b64encode(data).decode("ascii")


def _read(source, cache: TileCache | None, z: int, x: int, y: int) -> bytes | None:
    if isinstance(source, MBTilesSource):
        return source.read(z, x, y)
    return cache.get(source, z, x, y) if cache is not None else None


def tile_plan(source, extent: tuple[float, ...], zooms: tuple[int, int]) -> list[tuple[int, int, int]]:
    """Every (z, x, y) of ``source`` covering a WGS84 box at the zooms (GCJ-02 sources: in their own tiling)."""
    low = max(zooms[0], getattr(source, "min_zoom", 0))
    high = min(zooms[1], getattr(source, "max_zoom", 22))
    box = source_bbox(source, *extent)
    return [(z, x, y) for z in range(low, high + 1) for x, y in tiles_for_bbox(*box, z)]


def collect_tiles(basemap: HtmlBasemap, bounds: tuple[float, float, float, float]) -> list[EmbeddedTiles]:
    """Read the tiles to embed from the cache or MBTiles file (no network), within the size cap.

    Raises InputError when none is there (nothing would show) or when they exceed ``basemap.max_mb``; the
    message gives the numbers and the zoom range that would fit."""
    extent = corridor_extent(bounds)
    cache = TileCache(basemap.cache_dir or default_tile_cache_dir())
    embedded, sizes = [], {}
    for source in basemap.sources:
        tiles, wanted, nbytes = {}, 0, 0
        for z, x, y in tile_plan(source, extent, basemap.zooms):
            wanted += 1
            data = _read(source, cache, z, x, y)
            if data:
                tiles[f"{z}/{x}/{y}"] = _data_uri(data)
                nbytes += len(data)
                sizes[z] = sizes.get(z, 0) + len(data)
        embedded.append(EmbeddedTiles(source, tiles, wanted, nbytes))
    found = sum(len(e.tiles) for e in embedded)
    where = _where(basemap, cache)
    low, high = basemap.zooms
    if not found:
        raise InputError(where, f"no tile of {basemap.title} for the corridor at zooms {low}–{high}",
                         hint="show this basemap over the corridor in the app first (it keeps what it shows on "
                              "disk), or give an MBTiles file with --basemap FILE.mbtiles, or another --embed-zoom")
    total = sum(e.nbytes for e in embedded)
    if total > basemap.max_mb * 1e6:
        fits, running = None, 0
        for z in range(low, high + 1):
            running += sizes.get(z, 0)
            if running <= basemap.max_mb * 1e6:
                fits = z
        advice = (f"--embed-zoom {low}-{fits} ({sum(sizes.get(z, 0) for z in range(low, fits + 1)) / 1e6:.1f} MB)"
                  if fits is not None else f"fewer zoom levels (zoom {low} alone is {sizes.get(low, 0) / 1e6:.1f} MB)")
        raise InputError(where, f"embedding {found} tiles of {basemap.title} ({total / 1e6:.1f} MB, zooms "
                                f"{low}–{high}) exceeds the {basemap.max_mb:g} MB cap of one HTML file",
                         hint=f"choose {advice}, or raise the cap (--embed-max-mb)")
    return embedded


def _where(basemap: HtmlBasemap, cache: TileCache) -> str:
    mbtiles = [s for s in basemap.sources if isinstance(s, MBTilesSource)]
    return str(mbtiles[0].path) if mbtiles else str(cache.root)


def js_source(source, tiles: dict[str, str] | None = None) -> dict:
    """What the page's GridLayer needs of a source: its CRS and either its embedded tiles or its URL template
    (the user's key filled in: a browser cannot load 天地图 tiles without it)."""
    out = {"crs": source.crs, "title": getattr(source, "title", "") or source.name,
           "attribution": source.attribution, "min_zoom": getattr(source, "min_zoom", 0),
           "max_zoom": getattr(source, "max_zoom", 18)}
    if tiles is not None:
        zooms = sorted({int(k.split("/", 1)[0]) for k in tiles})
        out.update(tiles=tiles, min_zoom=zooms[0] if zooms else out["min_zoom"],
                   max_zoom=zooms[-1] if zooms else out["max_zoom"])
    else:
        out.update(url=leaflet_template(source), subdomains=list(source.subdomains))
    return out


def leaflet_template(source: TileSource) -> str:
    """The source's template as Leaflet reads it: the key filled in, WMTS names as ``{z} {y} {x}``."""
    url = source.url_template.replace("{key}", source.key)
    for wmts, xyz in (("{TileMatrix}", "{z}"), ("{TileRow}", "{y}"), ("{TileCol}", "{x}")):
        url = url.replace(wmts, xyz)
    return url


def embedded_summary(embedded: list[EmbeddedTiles], zooms: tuple[int, int]) -> str:
    """One line for the CLI and the footer: tiles embedded of those covering the corridor, and their size."""
    found, wanted = sum(len(e.tiles) for e in embedded), sum(e.wanted for e in embedded)
    mb = sum(e.nbytes for e in embedded) / 1e6
    return f"离线瓦片 {found}/{wanted} 个（级别 {zooms[0]}–{zooms[1]}，{mb:.1f} MB）"

