"""Make docs/img/html_basemap.png: an HTML briefing with a GCJ-02 tile basemap, embedded, in headless Chromium.

No internet is used (or available where the docs are built): the "高德" tiles are drawn here the way a GCJ-02
web map draws them — Qingdao's land and 街道 borders (bundled data) shifted *into* GCJ-02 — and served from
127.0.0.1 under the amap preset, cached, then embedded with ``--embed-tiles``'s code. The screenshot shows the
page's correction at work: the tiles' district lines fall on the page's own WGS84 district lines (dashed).

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/make_html_basemap_screenshot.py
"""

from __future__ import annotations

import dataclasses
import http.server
import tempfile
import threading
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from playwright.sync_api import sync_playwright
from PyQt6.QtCore import QBuffer, QByteArray, QIODevice, QPointF
from PyQt6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen

from corridor_gis import paths, tiles
from corridor_gis.crs import gcj02_from_wgs84
from corridor_gis.export.basemap import HtmlBasemap, corridor_extent, tile_plan
from corridor_gis.export.html import HtmlOptions, export_html
from corridor_gis.io import read_points
from corridor_gis.model import Project

OUT = Path(__file__).resolve().parent / "img" / "html_basemap.png"
ZOOMS = (10, 13)


def gcj(geoms: gpd.GeoSeries) -> list:
    """The geometries as a GCJ-02 map draws them."""
    return [shapely.transform(g, lambda xy: np.column_stack(gcj02_from_wgs84(xy[:, 0], xy[:, 1]))) for g in geoms]


LAND = gcj(gpd.read_file(paths.basemap_path(), layer="city").geometry)
DISTRICTS = gcj(gpd.read_file(paths.basemap_path(), layer="districts").geometry)
STREETS = gcj(gpd.read_file(paths.data_dir() / "subdistricts.gpkg").geometry)


def path_of(geom, z: int, x: int, y: int) -> QPainterPath:
    path = QPainterPath()
    for poly in getattr(geom, "geoms", [geom]):
        for ring in [poly.exterior, *poly.interiors]:
            coords = np.asarray(ring.coords)
            fx = (coords[:, 0] + 180.0) / 360.0 * 2 ** z
            fy = (1.0 - np.arcsinh(np.tan(np.radians(coords[:, 1]))) / np.pi) / 2.0 * 2 ** z
            points = [QPointF((a - x) * 256, (b - y) * 256) for a, b in zip(fx, fy, strict=True)]
            path.moveTo(points[0])
            for p in points[1:]:
                path.lineTo(p)
            path.closeSubpath()
    return path


def render(z: int, x: int, y: int) -> bytes:
    image = QImage(256, 256, QImage.Format.Format_RGB32)
    image.fill(QColor(170, 211, 223))  # sea
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    for geom in LAND:
        painter.fillPath(path_of(geom, z, x, y), QColor(242, 239, 233))
    painter.setPen(QPen(QColor(200, 190, 200), 1.0))
    for geom in STREETS:
        painter.drawPath(path_of(geom, z, x, y))
    painter.setPen(QPen(QColor(120, 90, 140), 2.0))
    for geom in DISTRICTS:
        painter.drawPath(path_of(geom, z, x, y))
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data)


def main() -> None:
    QGuiApplication([])

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            z, x, y = (int(v) for v in self.path.strip("/").removesuffix(".png").split("/"))
            body = render(z, x, y)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    template = f"http://127.0.0.1:{httpd.server_address[1]}/{{z}}/{{x}}/{{y}}.png"
    amap = dataclasses.replace(tiles.PRESETS["amap"], url_template=template, subdomains=())
    project = Project.bundled()
    with tempfile.TemporaryDirectory() as tmp:
        fetcher = tiles.TileFetcher(amap, tiles.TileCache(Path(tmp)))
        for z, x, y in tile_plan(amap, corridor_extent(project.corridor.bounds), ZOOMS):
            fetcher.get(z, x, y)
        httpd.shutdown()
        dataset, report = read_points(paths.data_dir() / "sample_institutions.csv")
        basemap = HtmlBasemap("高德地图", [amap], embed=True, zooms=ZOOMS, cache_dir=Path(tmp))
        out = export_html(project, [dataset], Path(tmp) / "brief.html", HtmlOptions(basemap=basemap), [report])
        print(basemap.summary)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_context(offline=True, viewport={"width": 1400, "height": 900}).new_page()
            page.goto(out.as_uri())
            page.wait_for_selector("body[data-map-ready='1']")
            page.evaluate("() => { window.cgMap.setView([36.17, 120.47], 13, {animate: false}); }")
            page.wait_for_timeout(1500)
            page.screenshot(path=str(OUT))
            browser.close()
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
