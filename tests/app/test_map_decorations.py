"""The scale bar and the north arrow as a user reads them on the map: the length written at the bar's end,
a white box that fits the bar and its labels, the north arrow on a box of its own over dense points."""

from __future__ import annotations

import numpy as np
from PyQt6.QtGui import QColor, QImage, QPainter

from corridor_gis.app.map_decorations import draw_north_arrow, draw_scale_bar

GREY = QColor("#7f7f7f")  # stands for dense points: neither the box's white nor the text's black


def draw(func, *args) -> tuple[np.ndarray, object]:
    """Draw one decoration on a 400×300 grey image; (pixels as (h, w, 3) RGB ints, what it returned)."""
    image = QImage(400, 300, QImage.Format.Format_RGB32)
    image.fill(GREY)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    result = func(painter, *args)
    painter.end()
    ptr = image.constBits()
    ptr.setsize(image.sizeInBytes())
    bgra = np.frombuffer(ptr, np.uint8).reshape(300, image.bytesPerLine() // 4, 4)[:, :400]
    return bgra[..., 2::-1].astype(int), result


def test_scale_bar_writes_the_length_at_the_bar_end_and_its_box_fits(qapp):
    px, _ = draw(draw_scale_bar, 50.0, 300)  # 50 m/px: a 5 km bar of 100 px
    dark = px.max(axis=-1) < 90
    bar_row, bar_start, bar_end = 300 - 28 + 3, 20, 120  # the bar's middle row, from x = 20 to x = 120
    assert dark[bar_row, bar_start + 1:bar_start + 24].all()  # its first (black) segment
    # the labels: dark pixels above the bar, less the box's left and right edges (dark in every row)
    text = dark[bar_row - 20:bar_row - 4]
    text_cols = np.flatnonzero(text.any(axis=0) & ~text.all(axis=0))
    assert text_cols.size
    middle = (text_cols > bar_start + 15) & (text_cols < bar_end - 30)
    assert not middle.any()  # nothing written mid-bar ("5 km" used to sit there)
    near_end = text_cols[text_cols > bar_end - 30]
    assert near_end.size and near_end.min() < bar_end < near_end.max()  # "5 km" centred on the bar's end
    assert text_cols.min() < bar_start + 6  # "0" over the start
    # the white box: from a little left of the bar to a little right of the length label, no further
    white = (px[bar_row - 15].min(axis=-1) > 200)
    box_cols = np.flatnonzero(white)
    assert box_cols.max() - near_end.max() < 12
    assert bar_start - box_cols.min() < 14


def test_north_arrow_sits_on_a_light_box(qapp):
    px, _ = draw(draw_north_arrow, 400)
    dark = px.max(axis=-1) < 90  # the arrow and its "N"
    ys, xs = np.nonzero(dark)
    around = px[ys.min() - 3:ys.max() + 4, xs.min() - 3:xs.max() + 4]
    rest = ~dark[ys.min() - 3:ys.max() + 4, xs.min() - 3:xs.max() + 4]
    light = around.min(axis=-1) > 200
    assert light[rest].mean() > 0.8  # white, not the points' grey, all around the arrow and the "N"
    assert (np.abs(px[5, 5] - [127, 127, 127]) < 3).all()  # the rest of the map is untouched
