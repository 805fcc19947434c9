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
    # labels as agencies write them: the mapping editor shows what each counts as
    table.loc[:9, "类别"] = ["山东省重点实验室", "省级新型研发机构", "孵化器", "国家级企业技术中心", "省级以上创新平台",
                           "青岛市重点实验室", "众创空间", "高新技术企业", "國家重點實驗室", "餐饮企业"]
    folder = Path(tempfile.mkdtemp())
    src = folder / "高德坐标名单.csv"
    table.to_csv(src, index=False, encoding="gbk")
    dialog = ImportDialog(win)
    dialog.resize(900, 900)
    dialog.pathEdit.setText(str(src))
    dialog.load_preview()
    dialog.crsCombo.setCurrentIndex(dialog.crsCombo.findData("gcj02"))
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
    win.vertex_tool.rubber.reset()
    win.session.cancel_preview()  # the preview above was driven by hand: put the counters back
    win.act_pan.trigger()

    # the 街道 layer when zoomed in (OSM, with its attribution in the corner)
    youth = win.project.city_geometries()["youth"].representative_point()
    sx, sy = lonlat_to_scene([youth.x], [youth.y])
    c.resetTransform()
    c.scale(1 / 30, 1 / 30)
    c.centerOn(QPointF(float(sx[0]), float(sy[0])))
    c.zoom_by(1.0)
    app.processEvents()
    win.grab().save(str(IMG / "subdistricts.png"))

    # official boundaries: the import dialog on a Shapefile in EPSG:4549 with GBK names
    from shapely import affinity

    from corridor_gis.app.geography_actions import ZonesImportDialog
    from corridor_gis.zones_import import read_zone_file

    cities = win.project.cities.to_crs("EPSG:4549")
    official = cities[["name_zh", "geometry"]].rename(columns={"name_zh": "名称"})
    official["geometry"] = [affinity.scale(g, 0.99, 0.99) for g in official.geometry]
    shp = folder / "三城边界.shp"
    official.to_file(shp, encoding="gbk")
    zones_dialog = ZonesImportDialog(read_zone_file(shp), win)
    zones_dialog.show()
    app.processEvents()
    zones_dialog.grab().save(str(IMG / "import_zones.png"))
    zones_dialog.close()

    # HTML briefing map in headless Chromium, led by the dashboard's dataset
    out = folder / "brief.html"
    export_html(win.project, [win.session.dataset()], out)
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
