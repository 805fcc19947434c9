"""Start-up as the user meets it: the 街道 layer is built when first zoomed into, and ``--screenshot`` waits for
a tile basemap to arrive before it takes the picture."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import shapely
from PyQt6.QtCore import QPointF
from PyQt6.QtGui import QImage

from corridor_gis.app.geometry import lonlat_to_scene

MAGENTA = (200, 40, 200)


def test_the_subdistrict_layer_is_built_when_first_zoomed_into(window):
    canvas = window.canvas
    layer = canvas.layer("basemap_subdistricts")
    assert layer is not None and not layer.in_scale
    assert layer.feature_items == [] and layer.label_items == []  # nothing built at the corridor's scale
    youth = shapely.point_on_surface(window.project.city_geometries()["youth"])
    x, y = lonlat_to_scene([youth.x], [youth.y])
    canvas.resetTransform()
    canvas.scale(1 / 20, 1 / 20)
    canvas.centerOn(QPointF(float(x[0]), float(y[0])))
    canvas.zoom_by(1.0)
    assert layer.in_scale and layer.group.isVisible()
    assert len(layer.feature_items) > 100 and any(label.isVisible() for label in layer.label_items)
    window.zoom_full()
    assert not layer.group.isVisible()


def test_zoom_to_a_layer_not_yet_built_goes_to_its_extent(window):
    canvas = window.canvas
    layer = canvas.layer("basemap_subdistricts")
    canvas.zoom_to_layer(layer)
    shown = canvas.mapToScene(canvas.viewport().rect()).boundingRect()
    assert shown.contains(layer.group.childrenBoundingRect().center())
    assert len(layer.feature_items) > 100


def test_screenshot_waits_for_the_tile_basemap(tmp_path, tile_server, solid_png):
    """A tile basemap chosen last time, served slowly (0.5 s a tile): the screenshot shows its tiles."""
    server = tile_server(lambda z, x, y: solid_png(256, 256, MAGENTA))
    server.mode, server.delay = "slow", 0.5
    config = tmp_path / "config" / "corridor-gis"
    config.mkdir(parents=True)
    (config / "corridor-gis.conf").write_text(
        f"[basemap]\nchoice=custom\ncustom_template={server.template}\ncustom_crs=wgs84\n", encoding="utf-8")
    out = tmp_path / "shot.png"
    result = subprocess.run([sys.executable, "-m", "corridor_gis", "gui", "--screenshot", str(out),
                             "--size", "1200x800"], capture_output=True, text=True, timeout=120,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen",
                                 "XDG_CONFIG_HOME": str(tmp_path / "config"),
                                 "XDG_CACHE_HOME": str(tmp_path / "cache")})
    assert result.returncode == 0, result.stderr
    assert "still loading" not in result.stderr
    assert server.requests  # the tiles were asked for…
    image = QImage(str(out)).convertToFormat(QImage.Format.Format_RGB32)
    ptr = image.constBits()
    ptr.setsize(image.sizeInBytes())
    px = np.frombuffer(ptr, np.uint8).reshape(image.height(), -1, 4)[..., :3].astype(int)
    magenta = (np.abs(px - MAGENTA[::-1]).max(axis=-1) < 12).mean()
    assert magenta > 0.05  # …and are in the picture (the sea and open land show the tiles' colour)


def _district_border_point(window) -> tuple[float, float]:
    from corridor_gis.session import district_borders

    border = shapely.get_parts(district_borders())[0]
    point = border.interpolate(0.5, normalized=True)
    return point.x, point.y


def test_the_vertex_tool_snaps_to_district_borders_when_picked_first(window):
    """The window indexes the district borders after its first paint; picking the vertex tool before that
    makes them a snapping target at once."""
    x, y = _district_border_point(window)
    window.act_vertex.trigger()
    match = window.session.snap_index.snap(x, y, 1e-4)
    assert match is not None and match.source == "districts"


def test_district_borders_are_indexed_after_the_first_paint(qtbot, window):
    from PyQt6.QtWidgets import QWidget

    from corridor_gis.app.main import after_first_paint

    x, y = _district_border_point(window)
    widget = QWidget()
    qtbot.addWidget(widget)
    calls: list[str] = []
    after_first_paint(widget, lambda: calls.append("painted"))
    after_first_paint(widget, window.finish_start_up)
    assert not calls
    widget.show()
    qtbot.waitUntil(lambda: calls == ["painted"])
    qtbot.wait(10)
    assert calls == ["painted"]  # once
    match = window.session.snap_index.snap(x, y, 1e-4)
    assert match is not None and match.source == "districts"
