"""Make the screenshots of docs/guide.md (offscreen Qt + headless Chromium). Re-run after UI changes:

    QT_QPA_PLATFORM=offscreen uv run python tools/make_screenshots.py
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("CORRIDOR_GIS_RECOVERY_DIR", tempfile.mkdtemp())

from PyQt6.QtCore import QPointF

from corridor_gis import crs, editing, paths
from corridor_gis.app.geometry import lonlat_to_scene
from corridor_gis.app.import_dialog import ImportDialog
from corridor_gis.app.main import create_app
from corridor_gis.app.window import MainWindow
from corridor_gis.export.html import export_html
from corridor_gis.model import Project

IMG = Path(__file__).resolve().parent.parent / "docs" / "img"


def main() -> None:
    IMG.mkdir(parents=True, exist_ok=True)
    app = create_app()
    win = MainWindow(Project.bundled())
    win.resize(1600, 1000)
    win.show()
    app.processEvents()
    win.zoom_to_corridor()
    app.processEvents()
    win.grab().save(str(IMG / "main_window.png"))

    # import dialog on a GCJ-02 list with a bad row
    import pandas as pd

    table = pd.read_csv(paths.data_dir() / "sample_institutions.csv").head(30).drop(columns=["坐标系"])
    glon, glat = crs.gcj02_from_wgs84(table["经度"], table["纬度"])
    table["经度"], table["纬度"] = glon.round(6), glat.round(6).astype(object)
    table.loc[4, "纬度"] = "未知"
    folder = Path(tempfile.mkdtemp())
    src = folder / "高德坐标名单.csv"
    table.to_csv(src, index=False, encoding="gbk")
    dialog = ImportDialog(win)
    dialog.pathEdit.setText(str(src))
    dialog.load_preview()
    dialog.crsCombo.setCurrentText("gcj02")
    dialog.show()
    dialog.task = None
    from corridor_gis.io import read_points

    dataset, report = read_points(src, dialog.options())
    dialog._on_done(dataset, report)
    app.processEvents()
    dialog.grab().save(str(IMG / "import_dialog.png"))
    dialog.close()

    # vertex tool on the shared border, mid-edit
    geoms = win.project.city_geometries()
    lo, hi = editing.ring_spans(geoms["youth"])[0]
    i = next(k for k in range(lo + 1, hi - 1) if {r.city for r in editing.shared_vertices(geoms, "youth", k)}
             == {"youth", "digital"})
    x, y = editing.coords(geoms["youth"])[i]
    win.act_vertex.trigger()
    win.vertex_tool.selected = "youth"
    win.vertex_tool.picked = i
    win.vertex_tool.refresh_markers()
    refs = editing.shared_vertices(geoms, "youth", i)
    new = editing.move_vertices(geoms, refs, x + 0.004, y - 0.002)
    pending = {c: new[c] for c in ("youth", "digital")}
    win.vertex_tool._show_pending(pending)
    win.editor.preview(pending)
    sx, sy = lonlat_to_scene([x], [y])
    c = win.canvas
    c.resetTransform()
    c.scale(1 / 25, 1 / 25)
    c.centerOn(QPointF(float(sx[0]), float(sy[0])))
    app.processEvents()
    win.grab().save(str(IMG / "editing.png"))
    win.vertex_tool.cancel()

    # HTML briefing map in headless Chromium
    out = folder / "brief.html"
    export_html(win.project, list(win.project.datasets.values()), out)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(out.as_uri())
        page.wait_for_selector("body[data-map-ready='1']")
        page.screenshot(path=str(IMG / "html_export.png"))
        browser.close()
    print(f"screenshots in {IMG}")


if __name__ == "__main__":
    main()
