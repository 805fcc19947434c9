"""Generated tiles with a mark, for the tests that check where tiles land (app canvas and HTML briefing).

A tile server in the tests serves tiles drawn here: grey paper, a grid line at the tile edges and a red cross
(1 px wide, 12 px arms) at :data:`MARK` as a map in the given CRS draws it. A test then finds the red cross and
a blue vector ring at the same place in a rendered image and measures the distance between them.
"""

from __future__ import annotations

import numpy as np
from PyQt6.QtCore import QBuffer, QByteArray, QIODevice, QPointF
from PyQt6.QtGui import QColor, QFont, QImage, QPainter, QPen

from corridor_gis import tiles
from corridor_gis.crs import gcj02_from_wgs84
from tests.geotiffs import MARK  # one marked place for tiles and GeoTIFFs: 崂山, inside the corridor


def png_bytes(image: QImage) -> bytes:
    """``image`` encoded as PNG, as a tile server sends it."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data)


def marked_tile(crs: str, label: bool = False):
    """A tile renderer ``render(z, x, y) -> PNG bytes`` with the red cross at the marked place as a ``crs`` map
    draws it (for GCJ-02 at its GCJ-02 lon/lat); ``label``: write z/x/y in the corner (for looking at)."""
    lon, lat = gcj02_from_wgs84(*MARK) if crs == "gcj02" else MARK
    lon, lat = float(np.asarray(lon)), float(np.asarray(lat))

    def render(z: int, x: int, y: int) -> bytes:
        image = QImage(256, 256, QImage.Format.Format_RGB32)
        image.fill(QColor(236, 236, 230))
        painter = QPainter(image)
        painter.setPen(QPen(QColor(170, 170, 170), 1))
        painter.drawRect(0, 0, 255, 255)
        if label:
            painter.setFont(QFont("DejaVu Sans", 10))
            painter.drawText(QPointF(6, 16), f"{z}/{x}/{y}")
        fx, fy = tiles.lonlat_to_tile(lon, lat, z)
        px, py = (fx - x) * 256, (fy - y) * 256
        if -20 < px < 276 and -20 < py < 276:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(QPen(QColor(255, 0, 0), 1.0))
            painter.drawLine(QPointF(px - 12, py), QPointF(px + 12, py))
            painter.drawLine(QPointF(px, py - 12), QPointF(px, py + 12))
        painter.end()
        return png_bytes(image)

    return render


def centre_of(image: QImage, channel: str) -> tuple[float, float]:
    """Centroid (px) of strongly red or blue pixels of ``image``, weighted by strength."""
    argb = image.convertToFormat(QImage.Format.Format_ARGB32)  # kept alive while its bits are read
    ptr = argb.constBits()
    ptr.setsize(argb.sizeInBytes())
    rows = np.frombuffer(ptr, np.uint8).reshape(argb.height(), argb.bytesPerLine())
    bgra = rows[:, :argb.width() * 4].reshape(argb.height(), argb.width(), 4).astype(float)
    b, g, r = bgra[..., 0], bgra[..., 1], bgra[..., 2]
    strength = (r - np.maximum(g, b)) if channel == "red" else (b - np.maximum(g, r))
    strength = np.where(strength > 60, strength, 0)
    assert strength.sum() > 0, f"no {channel} pixels in the rendered map"
    ys, xs = np.indices(strength.shape)
    return float((xs * strength).sum() / strength.sum()), float((ys * strength).sum() / strength.sum())
