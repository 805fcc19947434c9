"""Make docs/img/point_styles.png: the three point styles (符号样式) side by side on the same 200,000 points.

The points are synthetic (a spread over the city and a dense cluster near 青年科创城), drawn by the app's own
window: points by category, heatmap, clusters — each panel is the map canvas as the user sees it.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/make_point_styles_screenshot.py
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("CORRIDOR_GIS_LANG", "zh")
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="corridor-gis-docs-")  # not the user's settings

import geopandas as gpd
import numpy as np
from PyQt6.QtCore import QPointF, QRectF, Qt
from PyQt6.QtGui import QColor, QFont, QImage, QPainter

from corridor_gis.app.main import create_app
from corridor_gis.app.point_styles import CATEGORIZED, CLUSTER, HEATMAP
from corridor_gis.app.window import MainWindow
from corridor_gis.model import Dataset, Project

OUT = Path(__file__).parent / "img" / "point_styles.png"
PANEL = (620, 560)
TITLES = {CATEGORIZED: "按类别显示点 · Points by category", HEATMAP: "热力图 · Heatmap",
          CLUSTER: "点聚合 · Point clusters"}


def synthetic(n: int) -> Dataset:
    rng = np.random.default_rng(16)
    spread = n // 2
    lon = np.concatenate([rng.uniform(120.05, 120.75, spread), rng.normal(120.42, 0.035, n - spread)])
    lat = np.concatenate([rng.uniform(36.0, 36.45, spread), rng.normal(36.19, 0.03, n - spread)])
    cats = rng.choice(["key_lab", "new_rd", "platform", "hitech_firm"], n, p=[0.1, 0.1, 0.2, 0.6])
    points = gpd.GeoDataFrame({"row": np.arange(2, n + 2), "name": "", "category": cats},
                              geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")
    return Dataset("points_200k", points, source="docs", label="synthetic")


def main() -> None:
    app = create_app()
    win = MainWindow(Project.bundled(), load_sample=False)
    win.resize(PANEL[0] + 560, PANEL[1] + 120)
    win.show()
    app.processEvents()
    win.add_dataset(synthetic(200_000))
    app.processEvents()
    win.resizeDocks([win.layers_dock, win.dashboard_dock], [250, 300], Qt.Orientation.Horizontal)
    app.processEvents()
    win.zoom_to_corridor()
    canvas = win.canvas
    layer = next(lyr for lyr in canvas.layers if lyr.is_dataset)
    panels = []
    for kind in (CATEGORIZED, HEATMAP, CLUSTER):
        win.layer_panel.set_point_style(layer, kind)
        image = canvas.viewport().grab().toImage()
        w, h = min(PANEL[0], image.width()), min(PANEL[1], image.height())
        x0, y0 = (image.width() - w) // 2, (image.height() - h) // 2
        panels.append((kind, image.copy(x0, y0, w, h)))
    gap, head = 12, 34
    width = sum(p.width() for _, p in panels) + gap * (len(panels) + 1)
    height = max(p.height() for _, p in panels) + head + gap
    sheet = QImage(width, height, QImage.Format.Format_RGB32)
    sheet.fill(QColor("#ffffff"))
    painter = QPainter(sheet)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    font = QFont("Noto Sans CJK SC", 13)
    font.setBold(True)
    painter.setFont(font)
    x = gap
    for kind, panel in panels:
        painter.setPen(QColor("#222222"))
        painter.drawText(QRectF(x, 0, panel.width(), head), Qt.AlignmentFlag.AlignCenter, TITLES[kind])
        painter.drawImage(QPointF(x, head), panel)
        painter.setPen(QColor("#999999"))
        painter.drawRect(QRectF(x, head, panel.width() - 1, panel.height() - 1))
        x += panel.width() + gap
    painter.end()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(str(OUT), "PNG")
    print(f"wrote {OUT} ({sheet.width()}x{sheet.height()})")


if __name__ == "__main__":
    main()
