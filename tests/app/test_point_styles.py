"""Point styles (符号样式) as a user sees them: points by category, heatmap, clusters — each drawn where the
points are and nowhere else, zones/borders/labels always above them, and the figures untouched."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely
from PyQt6.QtCore import QPointF, Qt
from PyQt6.QtGui import QColor, QImage
from PyQt6.QtWidgets import QApplication

from corridor_gis.app.canvas import MapCanvas
from corridor_gis.app.geometry import lonlat_to_scene
from corridor_gis.app.layers import CanvasLayer
from corridor_gis.app.point_styles import CATEGORIZED, CLUSTER, CLUSTER_FILL, HEAT_RAMP, HEATMAP, ramp_color
from corridor_gis.model import Dataset
from corridor_gis.plan import CATEGORIES
from corridor_gis.styles import style_for

CENTRE = (120.40, 36.20)  # lon, lat of the test blob
KEY_LAB = next(c.colour for c in CATEGORIES if c.id == "key_lab")


def blob(n: int, lon: float, lat: float, spread: float, category: str = "key_lab",
         seed: int = 3) -> gpd.GeoDataFrame:
    rng = np.random.default_rng(seed)
    return gpd.GeoDataFrame({"row": np.arange(2, n + 2), "name": "", "category": category},
                            geometry=gpd.points_from_xy(rng.normal(lon, spread, n), rng.normal(lat, spread, n)),
                            crs="EPSG:4326")


def pixels(image: QImage) -> np.ndarray:
    """(height, width, 4) uint8 of B, G, R, A (not premultiplied)."""
    argb = image.convertToFormat(QImage.Format.Format_ARGB32)
    ptr = argb.constBits()
    ptr.setsize(argb.sizeInBytes())
    return np.frombuffer(ptr, np.uint8).reshape(argb.height(), argb.bytesPerLine() // 4, 4)[:, :argb.width()].copy()


def near(px: np.ndarray, color: str, tol: int = 40) -> np.ndarray:
    """Mask of pixels whose RGB is within ``tol`` (per channel) of ``color`` and that are mostly opaque."""
    c = QColor(color)
    bgr = np.array([c.blue(), c.green(), c.red()])
    return (np.abs(px[..., :3].astype(int) - bgr).max(axis=-1) <= tol) & (px[..., 3] > 100)


def view_at(canvas: MapCanvas, lon: float, lat: float, metres_per_px: float) -> QPointF:
    x, y = lonlat_to_scene([lon], [lat])
    centre = QPointF(float(x[0]), float(y[0]))
    canvas.resetTransform()
    canvas.scale(1 / metres_per_px, 1 / metres_per_px)
    canvas.centerOn(centre)
    return centre


@pytest.fixture
def canvas(canvas):
    """The bare canvas (tests/app/conftest.py) holding one point layer: 5,000 key labs in a blob of ~1 km."""
    view = canvas
    layer = CanvasLayer("dataset:blob", "blob", blob(5000, *CENTRE, 0.004), style_for("dataset"))
    view.add_layer(layer)
    view_at(view, *CENTRE, metres_per_px=10.0)
    return view


def set_style(canvas: MapCanvas, kind: str) -> np.ndarray:
    from corridor_gis.app.point_styles import PointStyle

    canvas.set_point_style(canvas.layer("dataset:blob"), PointStyle(kind))
    return pixels(canvas.map_image())


def regions(px: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The dense middle (±40 px around the blob) and the empty corners (80 px squares)."""
    h, w = px.shape[:2]
    middle = px[h // 2 - 40:h // 2 + 40, w // 2 - 40:w // 2 + 40]
    corners = np.concatenate([px[:80, :80], px[:80, -80:], px[-80:, :80], px[-80:, -80:]])
    return middle, corners


def test_points_by_category_draw_the_category_colour_only_where_points_are(canvas):
    middle, corners = regions(set_style(canvas, CATEGORIZED))
    assert near(middle, KEY_LAB).mean() > 0.3
    assert (corners[..., 3] == 0).all()


def test_heatmap_draws_the_ramp_where_points_are_dense_and_nothing_where_there_are_none(canvas):
    middle, corners = regions(set_style(canvas, HEATMAP))
    hot = near(middle, ramp_color(1.0), tol=60)
    assert hot.mean() > 0.2  # the top of the ramp at the blob's centre
    assert not near(middle, KEY_LAB, tol=20).any()  # no category squares: a density surface
    assert (corners[..., 3] == 0).all()
    # the whole ramp, low to high, shows from the blob's edge to its centre
    ramp_seen = [near(canvas_pixels(canvas), color, tol=50).any() for _, color, _ in HEAT_RAMP[1:]]
    assert all(ramp_seen)


def canvas_pixels(canvas: MapCanvas) -> np.ndarray:
    return pixels(canvas.map_image())


def test_clusters_draw_counted_circles_where_points_are(canvas):
    middle, corners = regions(set_style(canvas, CLUSTER))
    assert near(middle, CLUSTER_FILL).mean() > 0.2
    assert (corners[..., 3] == 0).all()
    # the circles' numbers add up to the points drawn in them (here: all 5,000, none alone in a cell)
    from corridor_gis.app.point_cloud import PointCloudItem
    from corridor_gis.app.point_styles import cluster_points

    item = next(i for i in canvas.layer("dataset:blob").feature_items if isinstance(i, PointCloudItem))
    t = canvas.viewportTransform()
    px = item._xf * np.float32(t.m11()) + np.float32(t.dx())
    py = item._yf * np.float32(t.m22()) + np.float32(t.dy())
    clusters = cluster_points(px, py, 800, 600, item.point_style, (t.dx(), t.dy()))
    assert clusters.count.sum() + len(clusters.singles) == 5000


def test_a_point_alone_in_its_cell_is_drawn_as_itself(canvas):
    lonely = CanvasLayer("dataset:one", "one", blob(1, CENTRE[0] + 0.02, CENTRE[1], 0.0), style_for("dataset"))
    canvas.add_layer(lonely)
    from corridor_gis.app.point_styles import PointStyle

    canvas.set_point_style(lonely, PointStyle(CLUSTER))
    x, y = lonlat_to_scene([CENTRE[0] + 0.02], [CENTRE[1]])
    at = canvas.mapFromScene(QPointF(float(x[0]), float(y[0])))
    px = canvas_pixels(canvas)
    spot = px[at.y() - 4:at.y() + 5, at.x() - 4:at.x() + 5]
    assert near(spot, KEY_LAB).any() and not near(spot, CLUSTER_FILL).any()


# ------------------------------------------------------------------------------------------ in the window
def dense_dataset_over(window) -> tuple[QPointF, Dataset]:
    """A dense dataset (60,000 points) centred on a point of the corridor's border inside 青年科创城's reach."""
    youth = window.project.city_geometries()["youth"]
    corridor = window.project.layers["corridor"].geometry.iloc[0]
    border = shapely.get_exterior_ring(corridor.geoms[0] if hasattr(corridor, "geoms") else corridor)
    on_border = border.interpolate(border.project(shapely.point_on_surface(youth)))
    data = blob(60_000, on_border.x, on_border.y, 0.02, category="platform", seed=11)  # not the border red
    return QPointF(on_border.x, on_border.y), Dataset("dense", data, source="test", label="dense")


def grab_canvas(window) -> np.ndarray:
    return pixels(window.canvas.viewport().grab().toImage())


@pytest.mark.parametrize("kind", [CATEGORIZED, HEATMAP, CLUSTER])
def test_zone_borders_and_labels_stay_above_the_points(window, kind):
    from corridor_gis.app.point_styles import PointStyle

    lonlat, dataset = dense_dataset_over(window)
    window.add_dataset(dataset)
    canvas = window.canvas
    layer = canvas.layer("dataset:dense")
    for other in canvas.layers:  # only the dense points: the sample's key labs share the border's red
        other.visible = other.visible and (other is layer or not other.is_dataset)
    view_at(canvas, lonlat.x(), lonlat.y(), metres_per_px=25.0)
    canvas.zoom_by(1.0)  # label placement for this view
    layer.visible = False
    canvas.restack()
    without = grab_canvas(window)
    layer.visible = True
    canvas.restack()
    canvas.set_point_style(layer, PointStyle(kind))
    with_points = grab_canvas(window)
    assert (with_points != without).any(axis=-1).mean() > 0.05  # the points are drawn…
    # …but not over the corridor's border where it runs through them: every border pixel near the blob's
    # centre looks the same with and without the points
    x, y = lonlat_to_scene([lonlat.x()], [lonlat.y()])
    at = canvas.mapFromScene(QPointF(float(x[0]), float(y[0])))
    box = (slice(at.y() - 80, at.y() + 80), slice(at.x() - 80, at.x() + 80))
    border = near(without[box], style_for("corridor").stroke, tol=10)  # fully covered by the line
    assert border.sum() > 30
    changed = np.abs(with_points[box][border].astype(int) - without[box][border]).max(axis=-1) > 12
    assert changed.mean() < 0.01
    # nor over the labels: every glyph pixel of every shown label is the same with the points
    view = canvas.viewportTransform()
    glyphs = 0
    for label in (lbl for lyr in canvas.layers for lbl in lyr.label_items if lbl.isVisible()):
        r = label.deviceTransform(view).mapRect(label.boundingRect()).toRect().intersected(canvas.viewport().rect())
        if r.isEmpty():
            continue
        region = (slice(r.top(), r.bottom()), slice(r.left(), r.right()))
        dark = without[region][..., :3].max(axis=-1) < 60
        glyphs += int(dark.sum())
        assert (np.abs(with_points[region][dark].astype(int) - without[region][dark]).max(initial=0)) <= 12
    assert glyphs > 50


#: a point on the border of 李沧区 and 城阳区, and one on a 街道 border inside 李沧区 ~2 km away (lon, lat)
ON_DISTRICT_BORDER = (120.3606, 36.2240)
ON_SUBDISTRICT_BORDER = (120.3743, 36.2102)


def test_district_and_subdistrict_borders_stay_above_dense_points(window):
    """200,000 points over 李沧区 at 15 m/px (past 1:120,000, so the 街道 are shown): the 区界 and 街道 lines
    look the same with and without the points; only the points' own pixels change."""
    data = blob(200_000, (ON_DISTRICT_BORDER[0] + ON_SUBDISTRICT_BORDER[0]) / 2,
                (ON_DISTRICT_BORDER[1] + ON_SUBDISTRICT_BORDER[1]) / 2, 0.02, category="platform", seed=5)
    window.add_dataset(Dataset("dense", data, source="test", label="dense"))
    canvas = window.canvas
    layer = canvas.layer("dataset:dense")
    for other in canvas.layers:  # the basemap and the dense points only
        other.visible = other is layer or other.key.startswith("basemap_")
    view_at(canvas, *ON_DISTRICT_BORDER, metres_per_px=15.0)
    canvas.zoom_by(1.0)  # scale-dependent visibility for this view
    assert canvas.scale_denominator() < 120_000 and canvas.layer("basemap_subdistricts").in_scale
    layer.visible = False
    canvas.restack()
    QApplication.processEvents()  # the scene reports the change; the map is rendered again
    without = grab_canvas(window)
    layer.visible = True
    canvas.restack()
    QApplication.processEvents()
    with_points = grab_canvas(window)
    for key, (lon, lat) in (("basemap_districts", ON_DISTRICT_BORDER),
                            ("basemap_subdistricts", ON_SUBDISTRICT_BORDER)):
        x, y = lonlat_to_scene([lon], [lat])
        at = canvas.mapFromScene(QPointF(float(x[0]), float(y[0])))
        box = (slice(at.y() - 30, at.y() + 30), slice(at.x() - 30, at.x() + 30))
        assert (with_points[box] != without[box]).any(axis=-1).mean() > 0.3, key  # the points are there…
        # the border line: the pixels (mostly) covered by its dashes, well darker than the land around them
        land = np.median(without[box].reshape(-1, 4), axis=0)
        line = np.abs(without[box].astype(int) - land).max(axis=-1) > 60
        assert line.sum() > 10, key
        # over the points, a line pixel keeps its colour (bar a few antialiased edges showing the points)
        changed = np.abs(with_points[box][line].astype(int) - without[box][line]).max(axis=-1) > 40
        assert changed.mean() < 0.25, key  # 0.67–0.77 with the lines under the points


def test_boundary_layers_stay_one_entry_in_the_panel_and_hide_as_one(window):
    """The 区界 layer is one row of the layer panel; unticking it hides its lines above the points too."""
    from corridor_gis.app.panels import KEY_ROLE

    panel = window.layer_panel
    keys = [panel.topLevelItem(i).data(0, KEY_ROLE) for i in range(panel.topLevelItemCount())]
    assert keys.count("basemap_districts") == 1
    layer = window.canvas.layer("basemap_districts")
    assert layer.outline_group is not None and layer.outline_group.isVisible()
    top_points = max(lyr.group.zValue() for lyr in window.canvas.layers if lyr.is_dataset)
    assert top_points < layer.outline_group.zValue() < window.canvas.layer("cities").group.zValue()  # zones on top
    row = next(panel.topLevelItem(i) for i in range(panel.topLevelItemCount())
               if panel.topLevelItem(i).data(0, KEY_ROLE) == "basemap_districts")
    row.setCheckState(0, Qt.CheckState.Unchecked)
    assert not layer.outline_group.isVisible() and not layer.group.isVisible()
    window.layer_panel.set_opacity(layer, 0.4)
    assert layer.outline_group.opacity() == pytest.approx(0.4)


def test_figures_and_dashboard_do_not_depend_on_the_style(window):
    from corridor_gis.app.point_styles import PointStyle

    layer = next(lyr for lyr in window.canvas.layers if lyr.is_dataset)
    dashboard = window.dashboard

    def shown():
        return (window.result.as_dict(), dashboard.headline.text(), dashboard.detail.text())

    before = shown()
    for kind in (HEATMAP, CLUSTER, CATEGORIZED):
        window.layer_panel.set_point_style(layer, kind)
        assert window.canvas.point_style(layer.key) == PointStyle(kind)
        assert shown() == before


def test_style_menu_lists_the_three_renderers_and_the_legend_follows(window, qtbot, monkeypatch):
    from PyQt6.QtWidgets import QMenu

    panel = window.layer_panel
    layer = next(lyr for lyr in window.canvas.layers if lyr.is_dataset)
    item = next(panel.topLevelItem(i) for i in range(panel.topLevelItemCount())
                if panel.topLevelItem(i).text(0) == layer.title)
    seen: list[list[str]] = []

    def fake_exec(menu, *args):
        sub = next(a.menu() for a in menu.actions() if a.menu() is not None and a.text() == "符号样式")
        seen.append([a.text() for a in sub.actions() if a.text()])
        next(a for a in sub.actions() if a.text() == "热力图").trigger()

    monkeypatch.setattr(QMenu, "exec", fake_exec)
    panel._menu(panel.visualItemRect(item).center())
    assert seen == [["按类别显示点", "热力图", "点聚合", "热力图半径…"]]
    assert window.canvas.point_style(layer.key).kind == HEATMAP
    item = next(panel.topLevelItem(i) for i in range(panel.topLevelItemCount())
                if panel.topLevelItem(i).text(0) == layer.title)
    # the ramp is scaled to what is on screen, and the legend says so
    assert [item.child(i).text(0) for i in range(item.childCount())] == [
        "低密度（相对当前视图）", "中密度", "高密度（当前视图中最密）"]


def test_the_style_survives_the_layer_being_rebuilt(window):
    from corridor_gis.app.point_cloud import PointCloudItem

    layer = next(lyr for lyr in window.canvas.layers if lyr.is_dataset)
    window.layer_panel.set_point_style(layer, CLUSTER)
    window.canvas.refresh_layer(layer)
    cloud = next(i for i in layer.feature_items if isinstance(i, PointCloudItem))
    assert cloud.point_style.kind == CLUSTER


# --------------------------------------------------------------------- cluster counts and the map's labels
def zone_over_blob() -> CanvasLayer:
    """A labelled city (青年科创城) whose name sits on the blob's middle, where the biggest clusters are."""
    lon, lat = CENTRE
    gdf = gpd.GeoDataFrame({"id": ["youth"], "name_zh": ["青年科创城"]},
                           geometry=[shapely.box(lon - 0.01, lat - 0.01, lon + 0.01, lat + 0.01)], crs="EPSG:4326")
    return CanvasLayer("cities", "三城", gdf, style_for("cities"))


def cloud_of(canvas: MapCanvas, key: str = "dataset:blob"):
    from corridor_gis.app.point_cloud import PointCloudItem

    return next(i for i in canvas.layer(key).feature_items if isinstance(i, PointCloudItem))


def label_box(canvas: MapCanvas, layer: CanvasLayer):
    (label,) = layer.label_items
    assert label.isVisible()
    return label.deviceTransform(canvas.viewportTransform()).mapRect(label.boundingRect())


def test_cluster_counts_give_way_to_zone_labels(canvas, qtbot):
    """QGIS's engine places labels without overlaps, the zones' names first: no cluster count is written under
    青年科创城's name; the counts its name would cover move beside their circles."""
    zone = zone_over_blob()
    canvas.add_layer(zone)
    zone.labels_on = False
    canvas.restack()
    set_style(canvas, CLUSTER)

    def counts():
        canvas.map_image()  # the picture the canvas shows now (re-rendered once the scene reports a change)
        return cloud_of(canvas).count_labels

    def moved(text: str) -> bool:
        return any(c is not None and c.text == text and c.moved for c in counts())

    # the name put on the biggest cluster (its count sits on its circle while the name is hidden)
    biggest = max((c for c in counts() if c), key=lambda c: int(c.text.replace(",", "")))
    assert not biggest.moved
    zone.label_items[0].setPos(canvas.mapToScene(biggest.box.center().toPoint()))
    zone.labels_on = True
    canvas.restack()
    name = label_box(canvas, zone)
    assert name.intersects(biggest.box)
    qtbot.waitUntil(lambda: moved(biggest.text), timeout=5000)  # moved beside its circle, not dropped
    assert not any(c is not None and c.box.intersects(name) for c in counts())
    # hidden again, the name no longer pushes the count away
    zone.labels_on = False
    canvas.restack()
    qtbot.waitUntil(lambda: not moved(biggest.text), timeout=5000)


def test_a_count_under_a_label_leaves_no_ink_there():
    """Pixels: where a label lies, the clusters' picture is the circles alone (no digit drawn there), and the
    count is written beside its circle instead."""
    from PyQt6.QtCore import QRectF
    from PyQt6.QtGui import QPainter

    from corridor_gis.app.point_styles import Clusters, PointStyle, draw_clusters

    style = PointStyle(CLUSTER)
    clusters = Clusters(np.array([100.0, 220.0]), np.array([100.0, 100.0]), np.array([875, 42]),
                        np.array([], dtype=np.int64))
    label = QRectF(60, 92, 80, 16)  # a zone name across the first circle's middle

    def draw(obstacles):
        image = QImage(320, 200, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(0)
        painter = QPainter(image)
        counts = draw_clusters(painter, clusters, style, "zh", obstacles)
        painter.end()
        return pixels(image), counts

    circles_only, none = draw([QRectF(0, 0, 320, 200)])  # every count crowded out: circles alone
    assert none == [None, None]
    free, centred = draw([])
    under, counts = draw([label])
    rows, cols = slice(92, 108), slice(60, 140)
    assert not np.array_equal(free[rows, cols], circles_only[rows, cols])  # unlabelled: "875" is drawn there
    assert np.array_equal(under[rows, cols], circles_only[rows, cols])
    assert counts[0].moved and counts[0].text == "875" and not counts[0].box.intersects(label)
    assert not counts[1].moved and counts[1].box == centred[1].box  # a count no label covers stays put
