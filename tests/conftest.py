"""Shared fixtures: the bundled project, temporary copies, Qingdao's extent for property tests."""

from __future__ import annotations

import csv
import http.server
import struct
import threading
import time
import zlib
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely

from corridor_gis.model import Project


@pytest.fixture(scope="session")
def bundled_project() -> Project:
    """The bundled zones, loaded once; tests that modify must use ``project``."""
    return Project.bundled()


@pytest.fixture
def project(bundled_project: Project) -> Project:
    """A private, modifiable copy of the bundled project."""
    return bundled_project.copy()


# ------------------------------------------------------------------------------ the bad-input corpus
BAD_CORPUS = Path(__file__).parent / "data" / "bad"


def _bad_cases() -> list[dict]:
    with open(BAD_CORPUS / "manifest.csv", encoding="utf-8") as fh:
        return [row for row in csv.DictReader(fh) if row["command"] != "sidecar"]


def pytest_generate_tests(metafunc):
    """A test that takes ``bad_case`` runs once per case of tests/data/bad/manifest.csv (made by
    tools/make_bad_corpus.py) — the cases its ``@pytest.mark.bad_corpus(select=…)`` marker selects, or all."""
    if "bad_case" in metafunc.fixturenames:
        cases = _bad_cases()
        marker = metafunc.definition.get_closest_marker("bad_corpus")
        if marker is not None:
            cases = [c for c in cases if marker.kwargs["select"](c)]
        metafunc.parametrize("bad_case", cases, ids=[c["file"] for c in cases])


@pytest.fixture
def bad_corpus() -> Path:
    """The folder of the bad-input corpus."""
    return BAD_CORPUS


@pytest.fixture
def bad_cases() -> list[dict]:
    """Every case of the bad-input corpus (file, command, args, exit, expect)."""
    return _bad_cases()


# --------------------------------------------------------------------------- files as users have them
def _lab_points(n: int, rng: np.random.Generator) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"名称": [f"机构{i}" for i in range(n)], "类别": ["重点实验室"] * n},
                            geometry=gpd.points_from_xy(rng.uniform(120.35, 120.7, n), rng.uniform(36.1, 36.4, n)),
                            crs=4326)


@pytest.fixture
def two_lists(tmp_path) -> Path:
    """A GeoPackage with the 2024 and the 2025 list (5 and 7 institutions) and a polygon layer."""
    rng = np.random.default_rng(14)
    path = tmp_path / "名单.gpkg"
    _lab_points(5, rng).to_file(path, layer="2024年名单")
    _lab_points(7, rng).to_file(path, layer="2025年名单")
    gpd.GeoDataFrame({"name": ["区"]}, geometry=[shapely.box(120.3, 36.0, 120.8, 36.5)], crs=4326).to_file(
        path, layer="范围")
    return path


#: the six labs of the government-style workbook (row 4 onwards)
GOV_RNG = np.random.default_rng(12)
GOV_LON = np.round(GOV_RNG.uniform(120.35, 120.7, 6), 6)
GOV_LAT = np.round(GOV_RNG.uniform(36.1, 36.4, 6), 6)
GOV_NAMES = [f"实验室{i}" for i in range(6)]


@pytest.fixture
def government_workbook(tmp_path):
    """Makes an .xlsx as agencies do: title (merged A1:D1) in row 1, a blank row 2, the header in row 3, six
    labs from row 4 (``bad_row``: that row's longitude is 待补充). Returns the file's path."""
    from openpyxl import Workbook

    def make(bad_row: int | None = None, name: str = "名录.xlsx") -> Path:
        wb = Workbook()
        ws = wb.active
        ws.title = "名录"
        ws["A1"] = "2025年青岛市重点实验室名录"
        ws.merge_cells("A1:D1")
        ws.append([])
        ws.append(["名称", "类别", "经度", "纬度"])
        for i, row in enumerate(zip(GOV_NAMES, ["山东省重点实验室"] * 6, GOV_LON, GOV_LAT, strict=True)):
            row = list(row)
            if bad_row is not None and i + 4 == bad_row:
                row[2] = "待补充"
            ws.append(row)
        path = tmp_path / name
        wb.save(path)
        return path

    return make


# ------------------------------------------------------------------------------ a local tile server
def png(width: int = 4, height: int = 4, rgb: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A small solid PNG (no Qt in core tests)."""
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


class TileServer:
    """An HTTP tile server on 127.0.0.1 (random free port) serving ``render(z, x, y) -> bytes``.

    ``mode``: ``"ok"``, an HTTP status (404, 500), ``"slow"`` (answers after ``delay`` s) or ``"html"``
    (an error page with status 200, as 天地图 does for a bad key). ``requests`` lists the paths asked for.
    """

    def __init__(self, render: Callable[[int, int, int], bytes] = lambda z, x, y: png()) -> None:
        self.render, self.mode, self.delay, self.requests = render, "ok", 2.0, []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests.append(self.path)
                if server.mode == "slow":
                    time.sleep(server.delay)
                if isinstance(server.mode, int):
                    self.send_error(server.mode)
                    return
                if server.mode == "html":
                    body, kind = b"<html><body>Invalid key</body></html>", "text/html"
                else:
                    z, x, y = (int(v) for v in self.path.strip("/").removesuffix(".png").split("/"))
                    body, kind = server.render(z, x, y), "image/png"
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", kind)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):  # the client timed out first
                    pass

            def log_message(self, *args) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def template(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/{{z}}/{{x}}/{{y}}.png"

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def tile_server():
    """Starts :class:`TileServer` s on 127.0.0.1 (``tile_server(render)``); all are stopped after the test."""
    started: list[TileServer] = []

    def start(render: Callable[[int, int, int], bytes] | None = None) -> TileServer:
        srv = TileServer(render) if render is not None else TileServer()
        started.append(srv)
        return srv

    yield start
    for srv in started:
        srv.stop()


@pytest.fixture
def solid_png():
    """``solid_png(width, height, rgb)``: a small solid PNG, made without Qt."""
    return png
