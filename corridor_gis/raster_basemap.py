"""A GeoTIFF (an orthophoto, a scanned and georeferenced plan sheet) as an offline basemap, without Qt.

:class:`RasterBasemap` opens and validates the file once (a clear :class:`~corridor_gis.errors.InputError`
when it is not a raster, has no CRS or does not lie over Qingdao), then renders any view on demand:
:meth:`RasterBasemap.render` returns an RGBA image on the view's own pixel grid in the map's display CRS
(EPSG:4549, the canvas's scene; any CRS works — EPSG:4326 for a lon/lat box, EPSG:3857 for web tiles).

**How a view is read** (the way QGIS's raster renderer and GDAL's ``gdalwarp`` do it, with rasterio, which
bundles GDAL): the view's box is taken into the file's CRS (densified edges, so a rotated grid is covered),
only that window of the file is read, and at a resolution matching the screen — a decimated ``out_shape``
read, for which GDAL takes the file's overviews when it has them — never the full raster for a zoomed-out
view. The window is turned into RGBA (palette → its colours, one band → grey, RGB as is; 16-bit and float
bands stretched between the 2nd and 98th percentile measured once at open; alpha from the dataset mask:
the alpha band, nodata or an internal mask) and warped with :func:`rasterio.warp.reproject` onto the
view's grid: bilinear when the screen is coarser than the file, nearest when zoomed in past the file's own
pixels (they show as pixels, as in QGIS). Palette indexes are never interpolated.

Files georeferenced by ground control points only (common for scanned sheets) are placed by the affine fit
of their GCPs. GDAL dataset handles and pyproj objects are not thread-safe, so each thread reads through its
own handle and transformer (``threading.local``): the app renders in a long-lived worker thread while printing
may render on the GUI thread. (Not in a QThreadPool task: PyQt clears a pooled thread's ``threading.local``
after every task, and PROJ crashed re-creating its objects there.)
"""

from __future__ import annotations

import math
import re
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import rasterio
from affine import Affine
from pyproj import CRS, Transformer
from pyproj.exceptions import ProjError
from rasterio.enums import ColorInterp, Resampling
from rasterio.errors import CRSError, NotGeoreferencedWarning, RasterioError, RasterioIOError
from rasterio.transform import from_gcps
from rasterio.warp import reproject
from rasterio.windows import Window

from .errors import InputError
from .plan import QINGDAO_BBOX

#: the canvas's scene CRS (EPSG:4549 metres; the scene's y axis is the negated northing)
DISPLAY_CRS = "EPSG:4549"
#: what the file dialog offers (GDAL reads more: any raster it opens with a CRS is accepted)
RASTER_SUFFIXES = (".tif", ".tiff", ".gtiff")
#: the longest side (pixels) read at open to measure the stretch of 16-bit or float bands
STATS_SIDE = 1024
#: source pixels per screen pixel below which pixels are drawn as pixels (nearest), above it smoothed
NEAREST_BELOW = 1.1
#: a render larger than this many pixels is refused (a print at 300 dpi on A3 is ~17 Mpx)
MAX_RENDER_PIXELS = 60_000_000
_ASSIGN_HINT = ("assign the CRS the sheet was drawn in — for Qingdao's plans usually EPSG:4549 (CGCS2000 / "
                "3-degree Gauss-Krüger CM 120°E) — in QGIS (Raster → Projections → Assign Projection) or with "
                "`gdal_edit.py -a_srs EPSG:4549 FILE`, or save a .prj / .aux.xml beside it, then choose it again")


@dataclass(frozen=True)
class RasterView:
    """A rendered view: ``rgba`` (height, width, 4) uint8, straight (not premultiplied) alpha, covering
    ``bounds`` (west, south, east, north in the requested CRS) on the requested pixel grid. Only the part of
    the view the file covers is returned; ``rgba`` is None when the file covers nothing of the view."""

    rgba: np.ndarray | None
    bounds: tuple[float, float, float, float]


class RasterBasemap:
    """An opened, validated raster basemap: renders views (:meth:`render`), thread-safely."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._handles: list[rasterio.io.DatasetReader] = []
        self._lock = threading.Lock()
        self._footprints: dict[str, tuple[float, float, float, float]] = {}
        src = self._open()
        self.width, self.height, self.count = src.width, src.height, src.count
        self.dtypes = tuple(src.dtypes)
        self.crs = src.crs
        self.transform = self._georeference(src)
        self.overviews = tuple(src.overviews(1)) if self.count else ()
        self.kind, self.bands = _colour_bands(src)
        self.palette = _palette_lut(src) if self.kind == "palette" else None
        self.wgs84_bounds = self._check_lands_on_qingdao()
        self.stretch = self._measure_stretch(src) if self.kind != "palette" and self.dtypes[0] != "uint8" else None

    # --------------------------------------------------------------------------------------- opening
    @property
    def name(self) -> str:
        """The file's name, shown as the basemap's attribution in the map corner."""
        return self.path.name

    def _open(self) -> rasterio.io.DatasetReader:
        """This thread's handle on the file (opened on first use)."""
        src = getattr(self._local, "src", None)
        if src is None:
            if not self.path.is_file():
                raise InputError(str(self.path), "file not found", hint="choose the GeoTIFF again (it may have moved)")
            try:
                with warnings.catch_warnings():  # a file without georeference is refused below, with advice
                    warnings.simplefilter("ignore", NotGeoreferencedWarning)
                    src = rasterio.open(self.path)
            except RasterioIOError as exc:
                raise InputError(str(self.path), f"not a raster image GDAL can read ({_first_line(exc)})",
                                 hint="choose a GeoTIFF (.tif) — an orthophoto or a georeferenced plan sheet; "
                                      "an MBTiles tile package is chosen as 「MBTiles 文件」") from None
            if src.count == 0 or src.width == 0 or src.height == 0:
                src.close()
                raise InputError(str(self.path), "the file holds no raster bands",
                                 hint="choose a GeoTIFF with an image in it")
            self._local.src = src
            with self._lock:
                self._handles.append(src)
        return src

    def _georeference(self, src) -> Affine:
        """The pixel → CRS transform, from the geotransform or (scanned sheets) the affine fit of the GCPs."""
        gcps, gcp_crs = src.gcps
        if src.transform.is_identity and gcps:
            if gcp_crs is None:
                raise InputError(str(self.path), "the file has ground control points but no coordinate system",
                                 hint=_ASSIGN_HINT)
            self.crs = gcp_crs
            return from_gcps(gcps)
        if src.crs is None:
            raise InputError(str(self.path), "the image has no coordinate system (no CRS in its GeoTIFF keys, "
                             "no .prj or .aux.xml beside it), so it cannot be placed on the map",
                             hint=_ASSIGN_HINT)
        if src.transform.is_identity:
            raise InputError(str(self.path), f"the image has a CRS ({crs_label(src.crs)}) but no georeference "
                             "(no geotransform, no tie points, no world file)",
                             hint="georeference it in QGIS (Raster → Georeferencer) and save it as a GeoTIFF")
        return src.transform

    def _check_lands_on_qingdao(self) -> tuple[float, float, float, float]:
        """The file's extent in WGS84; refuses one that does not overlap Qingdao, saying where it lands."""
        qw, qs, qe, qn = QINGDAO_BBOX
        try:
            west, south, east, north = self.footprint_in("EPSG:4326")
        except InputError:
            where = "nowhere on Earth (its coordinates are outside what that CRS can hold)"
        else:
            if west <= qe and east >= qw and south <= qn and north >= qs:
                return west, south, east, north
            where = f"lon {west:.4f}…{east:.4f}, lat {south:.4f}…{north:.4f}"
            if max(abs(west), abs(east)) > 360 or max(abs(south), abs(north)) > 90:
                where += " — beyond any longitude and latitude: these are projected metres, not degrees"
        crs = crs_label(self.crs)
        raise InputError(str(self.path), f"read in its CRS {crs}, the image lies at {where}, not over Qingdao "
                         f"(lon {qw}…{qe}, lat {qs}…{qn})",
                         hint="the CRS stored in the file is probably wrong (a sheet drawn in EPSG:4549 labelled "
                              "otherwise is the common case): " + _ASSIGN_HINT)

    def _measure_stretch(self, src) -> tuple[np.ndarray, np.ndarray]:
        """Per colour band: the 2nd and 98th percentile of valid pixels, from a small decimated read."""
        factor = max(1.0, max(self.width, self.height) / STATS_SIDE)
        shape = (max(1, round(self.height / factor)), max(1, round(self.width / factor)))
        data = src.read(self.bands, out_shape=(len(self.bands), *shape), resampling=Resampling.nearest)
        valid = src.dataset_mask(out_shape=shape) > 0
        lows, highs = [], []
        for band in data.astype(np.float64):
            values = band[valid & np.isfinite(band)]
            low, high = np.percentile(values, (2, 98)) if values.size else (0.0, 1.0)
            if high <= low and values.size:  # a flat sheet with a few marks: the full range instead
                low, high = values.min(), values.max()
            lows.append(low)
            highs.append(high if high > low else low + 1)
        return np.array(lows), np.array(highs)

    # --------------------------------------------------------------------------------------- geometry
    def footprint_in(self, crs: str) -> tuple[float, float, float, float]:
        """The file's extent (west, south, east, north) in ``crs``, edges densified (cached)."""
        if crs not in self._footprints:
            xs, ys = _outline(self.transform, self.width, self.height)
            try:
                west, south, east, north = self._transform_bounds(self.crs, crs, (xs.min(), ys.min(), xs.max(),
                                                                                  ys.max()))
            except (CRSError, ProjError, RasterioError) as exc:
                raise InputError(str(self.path), f"its CRS {self.crs} cannot be transformed to {crs} ({exc})",
                                 hint=_ASSIGN_HINT) from None
            self._footprints[crs] = (west, south, east, north)
        return self._footprints[crs]

    def _transform_bounds(self, src, dst, bounds) -> tuple[float, float, float, float]:
        """A box from ``src`` into ``dst`` (densified edges), through a pyproj transformer kept per thread:
        building the transformation is what costs (50 ms for EPSG:3857 → EPSG:4549, measured), not using it."""
        cache = self._local.__dict__.setdefault("transformers", {})
        key = (str(src), str(dst))
        if key not in cache:
            cache[key] = Transformer.from_crs(_pyproj(src), _pyproj(dst), always_xy=True)
        west, south, east, north = cache[key].transform_bounds(*bounds, densify_pts=21)
        if not all(map(math.isfinite, (west, south, east, north))):
            raise ProjError(f"the box {bounds} has no place in {dst}")
        return west, south, east, north

    def pixel_size_in(self, crs: str) -> float:
        """The file's pixel size in ``crs`` units (the mean over its extent): below it, a view is zoomed in past
        the file's own pixels."""
        west, south, east, north = self.footprint_in(crs)
        return math.sqrt((east - west) * (north - south) / (self.width * self.height))

    # ---------------------------------------------------------------------------------------- reading
    def render(self, bounds: tuple[float, float, float, float], width: int, height: int,
               crs: str = DISPLAY_CRS) -> RasterView:
        """The image for a view: ``bounds`` (west, south, east, north in ``crs``) drawn on ``width`` × ``height``
        pixels (north up). Returns only the part the file covers, on the same pixel grid."""
        west, south, east, north = bounds
        if width <= 0 or height <= 0 or east <= west or north <= south:
            return RasterView(None, bounds)
        if width * height > MAX_RENDER_PIXELS:
            raise ValueError(f"a {width}×{height} render is too large (at most {MAX_RENDER_PIXELS:,} pixels)")
        px, py = (east - west) / width, (north - south) / height
        fw, fs, fe, fn = self.footprint_in(crs)
        # the covered part of the view, snapped outward to the view's pixel grid
        c0 = max(0, math.floor((fw - west) / px))
        c1 = min(width, math.ceil((fe - west) / px))
        r0 = max(0, math.floor((north - fn) / py))
        r1 = min(height, math.ceil((north - fs) / py))
        if c1 <= c0 or r1 <= r0:
            return RasterView(None, bounds)
        part = (west + c0 * px, north - r1 * py, west + c1 * px, north - r0 * py)
        rgba = self._warp(part, c1 - c0, r1 - r0, crs)
        if rgba is None:
            return RasterView(None, bounds)
        return RasterView(rgba, part)

    def _warp(self, bounds: tuple[float, float, float, float], width: int, height: int, crs: str) -> np.ndarray | None:
        src = self._open()
        window, full = self._source_window(bounds, crs)
        if window is None:
            return None
        # source pixels per view pixel (over the whole view box, before it was clipped to the file)
        per_px = min(full[0] / width, full[1] / height)
        factor = max(1.0, per_px)
        shape = (max(1, math.ceil(window.height / factor)), max(1, math.ceil(window.width / factor)))
        rgba = self._read_rgba(src, window, shape)
        read_transform = (self.transform @ Affine.translation(window.col_off, window.row_off)
                          @ Affine.scale(window.width / shape[1], window.height / shape[0]))
        west, south, east, north = bounds
        view_transform = Affine((east - west) / width, 0, west, 0, -(north - south) / height, north)
        out = np.zeros((4, height, width), np.uint8)
        # at (about) the file's own resolution or finer: nearest keeps its pixels crisp, as QGIS does
        zoomed_in = per_px < NEAREST_BELOW
        with warnings.catch_warnings():  # arrays with explicit transforms: GDAL's "no geotransform" is spurious
            warnings.simplefilter("ignore", NotGeoreferencedWarning)
            reproject(rgba, out, src_transform=read_transform, src_crs=self.crs, dst_transform=view_transform,
                      dst_crs=crs, src_alpha=4, dst_alpha=4, init_dest_nodata=True,
                      resampling=Resampling.nearest if zoomed_in else Resampling.bilinear)
        return np.ascontiguousarray(out.transpose(1, 2, 0))

    def _source_window(self, bounds, crs: str) -> tuple[Window | None, tuple[float, float]]:
        """The file's pixel window under a view box (2 pixels margin for resampling, clipped to the file), and
        the unclipped window's size (to measure source pixels per view pixel)."""
        west, south, east, north = bounds
        try:
            sw, ss, se, sn = self._transform_bounds(crs, self.crs, (west, south, east, north))
        except (CRSError, ProjError, RasterioError):
            return None, (0.0, 0.0)
        xs = np.array([sw, se, se, sw])
        ys = np.array([ss, ss, sn, sn])
        cols, rows = ~self.transform @ (xs, ys)
        c0, c1, r0, r1 = np.min(cols), np.max(cols), np.min(rows), np.max(rows)
        full = (c1 - c0, r1 - r0)
        c0, r0 = max(0, math.floor(c0) - 2), max(0, math.floor(r0) - 2)
        c1, r1 = min(self.width, math.ceil(c1) + 2), min(self.height, math.ceil(r1) + 2)
        if c1 <= c0 or r1 <= r0:
            return None, full
        return Window(c0, r0, c1 - c0, r1 - r0), full

    def _read_rgba(self, src, window: Window, shape: tuple[int, int]) -> np.ndarray:
        """A window of the file as RGBA (4, *shape) uint8, decimated by GDAL (overviews when present)."""
        # palette indexes and masks must not be interpolated; colours may be (GDAL picks the overview)
        resampling = Resampling.nearest if self.kind == "palette" else Resampling.bilinear
        data = src.read(self.bands, window=window, out_shape=(len(self.bands), *shape), resampling=resampling)
        alpha = src.dataset_mask(window=window, out_shape=shape)
        rgba = np.empty((4, *shape), np.uint8)
        if self.kind == "palette":
            lut = self.palette
            colours = lut[np.clip(data[0].astype(np.int64), 0, len(lut) - 1)]
            rgba[:3] = colours[..., :3].transpose(2, 0, 1)
            alpha = np.minimum(alpha, colours[..., 3])
        else:
            grey_or_rgb = self._to_uint8(data)
            rgba[:3] = grey_or_rgb if len(grey_or_rgb) == 3 else grey_or_rgb[0]
        rgba[3] = alpha
        return rgba

    def _to_uint8(self, data: np.ndarray) -> np.ndarray:
        if self.stretch is None:
            return data.astype(np.uint8, copy=False)
        low, high = self.stretch
        scaled = (data.astype(np.float64) - low[:, None, None]) / (high - low)[:, None, None] * 255.0
        return np.clip(np.nan_to_num(scaled), 0, 255).astype(np.uint8)

    def close(self) -> None:
        """Close every thread's handle (after the workers have stopped)."""
        with self._lock:
            for src in self._handles:
                src.close()
            self._handles.clear()
        self._local = threading.local()

    def describe(self) -> str:
        """One line for the user: size, bands, CRS, overviews."""
        kinds = {"palette": "palette", "grey": "single band", "rgb": "RGB"}
        overviews = f", overviews 1/{', 1/'.join(map(str, self.overviews))}" if self.overviews else ", no overviews"
        return (f"{self.name}: {self.width}×{self.height} px, {kinds[self.kind]} {self.dtypes[0]}, "
                f"{crs_label(self.crs)}{overviews}")


# -------------------------------------------------------------------------------------------- helpers
def crs_label(crs) -> str:
    """``EPSG:4549`` when the CRS has a code, else its name from the WKT (never a whole WKT in a message)."""
    epsg = crs.to_epsg() if crs is not None else None
    if epsg:
        return f"EPSG:{epsg}"
    match = re.match(r'\s*\w+\["([^"]+)"', crs.to_wkt()) if crs is not None else None
    return match.group(1) if match else "an unnamed CRS"


def _pyproj(crs) -> CRS:
    """A pyproj CRS from a rasterio CRS or a name (``EPSG:4549``)."""
    return CRS.from_user_input(crs.to_wkt() if hasattr(crs, "to_wkt") else crs)


def _first_line(exc: Exception) -> str:
    return str(exc).splitlines()[0][:300] if str(exc) else type(exc).__name__


def _outline(transform: Affine, width: int, height: int, steps: int = 8) -> tuple[np.ndarray, np.ndarray]:
    """Points along the raster's edge in its CRS (a rotated geotransform's extent is not its corners' box)."""
    t = np.linspace(0.0, 1.0, steps + 1)
    cols = np.concatenate([t * width, np.full_like(t, width), t[::-1] * width, np.zeros_like(t)])
    rows = np.concatenate([np.zeros_like(t), t * height, np.full_like(t, height), t[::-1] * height])
    xs, ys = transform @ (cols, rows)
    return np.asarray(xs), np.asarray(ys)


def _colour_bands(src) -> tuple[str, list[int]]:
    """How to colour the file: ``palette`` (band 1 through its colour table), ``rgb`` (the red, green and blue
    bands by their colour interpretation, else bands 1–3) or ``grey`` (band 1)."""
    interp = list(src.colorinterp)
    if interp and interp[0] == ColorInterp.palette:
        try:
            src.colormap(1)
            return "palette", [1]
        except ValueError:
            pass
    colour = [interp.index(c) + 1 for c in (ColorInterp.red, ColorInterp.green, ColorInterp.blue) if c in interp]
    if len(colour) == 3:
        return "rgb", colour
    non_alpha = [i + 1 for i, c in enumerate(interp) if c != ColorInterp.alpha]
    if len(non_alpha) >= 3:
        return "rgb", non_alpha[:3]
    return "grey", non_alpha[:1] or [1]


def _palette_lut(src) -> np.ndarray:
    """The colour table of band 1 as a (n, 4) uint8 lookup table (missing entries transparent)."""
    colormap = src.colormap(1)
    size = max(256, max(colormap) + 1)
    lut = np.zeros((size, 4), np.uint8)
    for index, rgba in colormap.items():
        lut[index] = rgba
    return lut
