"""Zoom and pan as the user sees them: the last picture moves at once, the full render follows when the view
is still, and every picture taken by code (grab, screenshot) is the final one."""

from __future__ import annotations

import numpy as np
from PyQt6.QtGui import QImage

from corridor_gis.app.canvas import MapCanvas


def pixels(image: QImage) -> np.ndarray:
    rgb = image.convertToFormat(QImage.Format.Format_RGB32)
    ptr = rgb.constBits()
    ptr.setsize(rgb.sizeInBytes())
    return np.frombuffer(ptr, np.uint8).reshape(rgb.height(), rgb.bytesPerLine() // 4, 4)[:, :rgb.width()].copy()


def painted(canvas: MapCanvas) -> np.ndarray:
    """What the viewport paints now, preview included (QWidget.render, unlike grab, settles nothing)."""
    viewport = canvas.viewport()
    image = QImage(viewport.size(), QImage.Format.Format_RGB32)
    viewport.render(image)
    return pixels(image)


def settle(qtbot, canvas: MapCanvas) -> None:
    qtbot.waitUntil(lambda: not canvas.render_pending(), timeout=5000)


def test_a_pan_step_moves_the_last_picture_at_once_then_renders_it_in_full(window, qtbot):
    canvas = window.canvas
    settle(qtbot, canvas)
    before = painted(canvas)
    corner = canvas.mapToScene(0, 0)
    canvas.pan_by(100, 0)
    assert canvas.render_pending()
    preview = painted(canvas)
    moved = canvas.mapFromScene(corner)  # where the old top-left pixel is now (about -100, 0)
    dx, dy = -moved.x(), -moved.y()
    assert abs(dx - 100) <= 1 and abs(dy) <= 1
    h, w = preview.shape[:2]
    # the old picture, moved with the map (decorations — scale bar, north arrow — left out of the comparison)
    rows, cols = slice(80, h - 80), slice(80, w - 220)
    shifted = before[80 + dy:h - 80 + dy, 80 + dx:w - 220 + dx]
    assert np.abs(preview[rows, cols].astype(int) - shifted).max(axis=-1).mean() < 0.5
    settle(qtbot, canvas)
    final = painted(canvas)
    assert np.array_equal(final, pixels(canvas.viewport().grab().toImage()))


def test_a_grab_right_after_a_zoom_is_the_final_picture(window, qtbot):
    canvas = window.canvas
    settle(qtbot, canvas)
    canvas.zoom_by(1.6)
    preview = painted(canvas)
    grabbed = pixels(canvas.viewport().grab().toImage())
    assert not canvas.render_pending()
    assert (preview != grabbed).any(axis=-1).mean() > 0.01  # the preview is a stretched picture…
    qtbot.wait(2 * 60)
    assert np.array_equal(painted(canvas), grabbed)  # …the grab was the real one
    canvas.zoom_by(1 / 1.6)
    window_shot = window.grab()  # the window's own grab (screenshots) settles too
    assert not canvas.render_pending() and not window_shot.isNull()


def test_a_burst_of_zoom_steps_renders_the_map_once(window, qtbot, monkeypatch):
    canvas = window.canvas
    settle(qtbot, canvas)
    renders = []
    render = canvas.map_scene.render
    monkeypatch.setattr(canvas.map_scene, "render", lambda *a: (renders.append(1), render(*a)))
    for factor in (1.25, 1.25, 1.25, 0.8, 1.25):
        canvas.zoom_by(factor)
        canvas.viewport().repaint()
    assert renders == []
    settle(qtbot, canvas)
    canvas.viewport().repaint()
    assert len(renders) == 1


def test_the_strip_a_pan_uncovers_over_land_shows_land_not_sea(window, qtbot):
    from PyQt6.QtCore import QPointF
    from PyQt6.QtGui import QColor

    from corridor_gis.app.canvas import SEA
    from corridor_gis.app.geometry import lonlat_to_scene
    from corridor_gis.styles import style_for

    canvas = window.canvas
    x, y = lonlat_to_scene([120.45], [36.30])  # inland 城阳区: land all around at 15 m/px
    canvas.resetTransform()
    canvas.scale(1 / 15, 1 / 15)
    canvas.centerOn(QPointF(float(x[0]), float(y[0])))
    canvas.render_now()
    settle(qtbot, canvas)
    painted(canvas)
    canvas.pan_by(120, 0)
    assert canvas.render_pending()
    preview = painted(canvas)
    h, w = preview.shape[:2]
    strip = (slice(90, h - 60), slice(w - 110, w - 10))  # the uncovered right edge, below the north arrow

    def share(px: np.ndarray, colour: str) -> float:
        c = QColor(colour)
        return float((np.abs(px[..., :3].astype(int) - [c.blue(), c.green(), c.red()]).max(axis=-1) <= 6).mean())

    assert share(preview[strip], SEA) < 0.02  # not the sea's blue…
    assert share(preview[strip], style_for("basemap_city").fill) > 0.8  # …the land's paper colour
    settle(qtbot, canvas)
    assert share(painted(canvas)[strip], SEA) < 0.02  # (it is land in the full render too)
