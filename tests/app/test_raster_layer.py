"""A GeoTIFF basemap on the canvas: a marked pixel lands on the vector marker of its WGS84 place (EPSG:4549 and
EPSG:3857 files), quick view changes are folded into one render, it sits under every layer and outside
identify, the dialog names what is wrong with a bad file, and the choice comes back at the next start."""

from __future__ import annotations

import math

import pytest
from PyQt6.QtCore import QPointF, QRectF, QSettings, Qt
from PyQt6.QtGui import QImage, QPainter
from PyQt6.QtWidgets import QDialogButtonBox

from corridor_gis.app.canvas import MapCanvas
from corridor_gis.app.layer_factory import basemap_layers
from corridor_gis.app.main import create_app
from corridor_gis.app.map_event import MapMouseEvent
from corridor_gis.app.raster_layer import RasterLayerItem, install_raster_basemap
from corridor_gis.app.tile_dialog import BasemapDialog, restore_basemap
from corridor_gis.app.tile_layer import BASEMAP_Z, remove_basemap
from corridor_gis.app.window import MainWindow
from corridor_gis.raster_basemap import RasterBasemap
from tests.app.map_probe import look_at, marker_layer, projected
from tests.geotiffs import MARK, write_marked_geotiff
from tests.marked_tiles import centre_of


def settled(qtbot, canvas: MapCanvas, item: RasterLayerItem) -> QImage:
    """The map image once the raster's last paint drew the image rendered for that very view."""
    image = None

    def done() -> bool:
        nonlocal image
        image = canvas.map_image()
        return item.idle() and item.complete

    qtbot.waitUntil(done, timeout=20_000)
    return image


@pytest.mark.parametrize("crs", ["EPSG:4549", "EPSG:3857"])
@pytest.mark.parametrize("metres_per_px", [1.0, 4.0])
def test_marked_pixel_lands_on_the_vector_marker(qtbot, canvas, tmp_path, crs, metres_per_px):
    """An orthophoto with a red cross on a place (in the planners' EPSG:4549 and in web-mercator): drawn within
    5 m of the blue vector ring on that WGS84 place, zoomed in past the file's 2 m pixels and zoomed out."""
    path = write_marked_geotiff(tmp_path / "ortho.tif", crs, pixel=2.0, size=600)
    canvas.add_layer(marker_layer())
    item = install_raster_basemap(canvas, path)
    look_at(canvas, *MARK, metres_per_px=metres_per_px)
    image = settled(qtbot, canvas, item)
    image.save(str(tmp_path / "rendered.png"))
    cross, ring = centre_of(image, "red"), centre_of(image, "blue")
    error_m = math.dist(cross, ring) * metres_per_px
    exact_m = math.dist(cross, projected(canvas, *MARK)) * metres_per_px
    print(f"{crs} at {metres_per_px:g} m/px: mark {error_m:.2f} m from the vector ring, {exact_m:.2f} m from "
          f"the point's projected position; render {item.render_seconds[-1] * 1000:.0f} ms")
    assert error_m < 5.0
    assert exact_m < 2.0  # within one file pixel of the exact position
    assert item.last_error == ""


def test_view_changes_are_folded_into_one_render(qtbot, canvas, tmp_path):
    """Ten quick pans (no pause between them) read the file once, for the last view; meanwhile the old image
    is drawn at its place, so the map never goes blank."""
    item = install_raster_basemap(canvas, write_marked_geotiff(tmp_path / "pan.tif", size=800, pixel=2.0))
    look_at(canvas, *MARK, metres_per_px=2.0)
    settled(qtbot, canvas, item)
    assert len(item.render_seconds) == 1
    for step in range(1, 11):
        look_at(canvas, MARK[0] + step * 2e-5, MARK[1], metres_per_px=2.0)
        moving = canvas.map_image()
        assert not item.complete and moving.pixelColor(400, 300).alpha() == 255  # the old image, moved
    settled(qtbot, canvas, item)
    assert len(item.render_seconds) == 2


def test_basemap_is_below_every_layer_and_not_a_layer(qtbot, canvas, tmp_path):
    for layer in basemap_layers():
        canvas.add_layer(layer)
    canvas.add_layer(marker_layer())
    keys = [layer.key for layer in canvas.layers]
    item = install_raster_basemap(canvas, write_marked_geotiff(tmp_path / "below.tif", size=100))
    assert canvas.tile_basemap is item and item.zValue() == BASEMAP_Z
    assert all(item.zValue() < it.zValue() for it in canvas.map_scene.items() if it is not item)
    assert [layer.key for layer in canvas.layers] == keys  # not in the layer list: identify/snapping skip it
    assert canvas.layer("basemap_city").visible is False  # the opaque land fill would hide the image
    remove_basemap(canvas)
    assert item.scene() is None and canvas.tile_basemap is None and canvas.layer("basemap_city").visible


def test_identify_ignores_the_raster(qtbot, window, tmp_path):
    canvas = window.canvas
    look_at(canvas, *MARK, metres_per_px=4.0)
    centre = canvas.viewport().rect().center()
    scene = canvas.mapToScene(centre)
    event = MapMouseEvent(Qt.MouseButton.LeftButton, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                          QPointF(centre), scene, *MARK, 4.0)
    before = [(r.layer if hasattr(r, "layer") else r) for r in window.identifier.at(event)]
    item = install_raster_basemap(canvas, write_marked_geotiff(tmp_path / "id.tif", size=300))
    settled(qtbot, canvas, item)
    after = [(r.layer if hasattr(r, "layer") else r) for r in window.identifier.at(event)]
    assert after == before


def test_file_name_is_the_attribution_in_the_map_corner(qtbot, canvas, tmp_path):
    item = install_raster_basemap(canvas, write_marked_geotiff(tmp_path / "崂山正射影像2024.tif", size=900))
    look_at(canvas, *MARK, metres_per_px=2.0)
    assert item.attribution == "崂山正射影像2024.tif"
    image = settled(qtbot, canvas, item)
    corner = image.copy(QRectF(600, 580, 200, 20).toRect())
    paper = image.pixelColor(400, 300)
    assert any(corner.pixelColor(x, 10) != paper for x in range(0, 200, 2))
    item.attribution_item.setVisible(False)
    qtbot.wait(50)
    assert canvas.map_image().copy(QRectF(600, 580, 200, 20).toRect()).pixelColor(190, 10) == paper


def test_printed_without_waiting(qtbot, canvas, tmp_path):
    """A PDF (no second paint) gets the file rendered at once, at the device's resolution."""
    from PyQt6.QtGui import QPageSize, QPdfWriter

    item = install_raster_basemap(canvas, write_marked_geotiff(tmp_path / "print.tif", size=300))
    look_at(canvas, *MARK, metres_per_px=2.0)
    pdf = QPdfWriter(str(tmp_path / "map.pdf"))
    pdf.setPageSize(QPageSize(QPageSize.PageSizeId.A5))
    pdf.setResolution(150)
    painter = QPainter(pdf)
    source = canvas.mapToScene(canvas.viewport().rect()).boundingRect()
    canvas.map_scene.render(painter, QRectF(0, 0, pdf.width(), pdf.height()), source)
    painter.end()
    assert item.last_error == "" and len(item.render_seconds) == 0  # drawn synchronously, no worker
    assert (tmp_path / "map.pdf").stat().st_size > 5_000  # the image is in it


# ------------------------------------------------------------------------------------------- dialog
def dialog_for(qtbot, canvas, path) -> BasemapDialog:
    dialog = BasemapDialog(None, canvas)
    qtbot.addWidget(dialog)
    dialog.choose("geotiff")
    dialog.geotiff_edit.setText(str(path))
    return dialog


def ok_enabled(dialog: BasemapDialog) -> bool:
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


def test_dialog_names_what_is_wrong_with_a_bad_file(qtbot, canvas, tmp_path):
    text_file = tmp_path / "说明.tif"
    text_file.write_text("not an image", encoding="utf-8")
    cases = {
        write_marked_geotiff(tmp_path / "no_crs.tif", crs=None): "no coordinate system",
        write_marked_geotiff(tmp_path / "far.tif", crs="EPSG:4326", pixel=1e-4, mark=(114.06, 22.54)):
            "not over Qingdao",
        text_file: "not a raster image",
    }
    for path, reason in cases.items():
        dialog = dialog_for(qtbot, canvas, path)
        assert not ok_enabled(dialog)
        assert path.name in dialog.problem.text() and reason in dialog.problem.text()
        dialog.accept_choice()
        assert canvas.tile_basemap is None and dialog.result() == 0  # nothing installed, the dialog stays
    assert QSettings().value("basemap/choice") in (None, "none")


def test_dialog_installs_and_the_next_start_restores_it(qtbot, canvas, tmp_path):
    path = write_marked_geotiff(tmp_path / "plan_sheet.tif", size=300)
    dialog = dialog_for(qtbot, canvas, path)
    assert ok_enabled(dialog) and dialog.problem.text() == ""
    assert "300×300 px" in dialog.note.text() and "EPSG:4549" in dialog.note.text()
    assert "overviews" in dialog.note.text()  # no pyramids: the dialog says so and how to build them
    dialog.opacity.setValue(60)
    dialog.accept_choice()
    item = canvas.tile_basemap
    assert isinstance(item, RasterLayerItem) and item is dialog.item and item.opacity() == pytest.approx(0.6)
    assert QSettings().value("basemap/choice") == "geotiff"
    assert QSettings().value("basemap/geotiff_path") == str(path)

    other = MapCanvas()
    qtbot.addWidget(other)
    restored = restore_basemap(other)
    assert isinstance(restored, RasterLayerItem) and restored.basemap.path == path
    assert restored.opacity() == pytest.approx(0.6)
    remove_basemap(other)

    path.rename(tmp_path / "moved.tif")  # the file is gone: the bundled basemap, no error at start-up
    third = MapCanvas()
    qtbot.addWidget(third)
    assert restore_basemap(third) is None and third.tile_basemap is None


def test_window_restores_the_geotiff_at_start(qtbot, project, asked, tmp_path, monkeypatch):
    monkeypatch.setenv("CORRIDOR_GIS_RECOVERY_DIR", str(tmp_path / "recovery"))
    path = write_marked_geotiff(tmp_path / "start.tif", size=200)
    create_app()
    settings = QSettings()
    settings.setValue("basemap/choice", "geotiff")
    settings.setValue("basemap/geotiff_path", str(path))
    win = MainWindow(project)
    qtbot.addWidget(win)
    item = win.canvas.tile_basemap
    assert isinstance(item, RasterLayerItem) and item.basemap.path == path
    assert isinstance(item.basemap, RasterBasemap)
    remove_basemap(win.canvas)
