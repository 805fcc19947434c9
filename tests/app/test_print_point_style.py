"""A print layout draws each list with the renderer chosen on screen (符号样式), as a QGIS print layout draws
its layers' renderers: heatmap, clusters or points by category, the legend listing the same classes. The
pages are rasterised with poppler and their map frames measured; the legend read back with pdftotext."""

from __future__ import annotations

import json
import subprocess

import numpy as np
import pytest

from corridor_gis import paths
from corridor_gis.app.point_styles import CLUSTER, CLUSTER_FILL, HEATMAP, ramp_color
from corridor_gis.app.print_layout import PrintOptions, export_map
from corridor_gis.io import read_points
from corridor_gis.model import POINT_STYLE_PREFIX
from corridor_gis.plan import CATEGORIES
from corridor_gis.styles import style_for

from .test_print_layout import crop, near, pixels, rgb

DPI = 100
KEY_LAB = next(c.colour for c in CATEGORIES if c.id == "key_lab")
HEAT_CLASSES = ["低密度（相对本图范围）", "中密度", "高密度（本图中最密）"]


@pytest.fixture(scope="module")
def sample():
    return read_points(paths.data_dir() / "sample_institutions.csv")[0]


@pytest.fixture(scope="module")
def printed(tmp_path_factory, bundled_project, sample):
    """kind → (map frame pixels, page text) of an A4 landscape PDF of the corridor with the sample list drawn
    in that style (``None``: no style saved, as an old project)."""
    folder = tmp_path_factory.mktemp("styles")
    pages = {}
    for kind in (None, HEATMAP, CLUSTER):
        project = bundled_project.copy()
        project.add_dataset(sample)
        if kind is not None:
            project.metadata[POINT_STYLE_PREFIX + sample.name] = json.dumps({"kind": kind, "radius_px": 24,
                                                                              "cluster_px": 56})
        result = export_map(project, [sample], folder / f"{kind}.pdf", PrintOptions("A4", landscape=True))
        subprocess.run(["pdftoppm", "-r", str(DPI), "-png", "-singlefile", str(result.path), str(folder / str(kind))],
                       check=True)
        text = subprocess.run(["pdftotext", str(result.path), "-"], check=True, capture_output=True,
                              text=True).stdout
        pages[kind] = (crop(pixels(folder / f"{kind}.png"), result.map_frame_mm, DPI), text)
    return pages


def share(frame: np.ndarray, colour: str, opacity: float = 0.85, tolerance: float = 20) -> float:
    """Share of the frame's pixels showing ``colour`` drawn at ``opacity`` (the point layer's, 0.85) on land."""
    land = rgb(style_for("basemap_city").fill)
    return float(near(frame, rgb(colour) * opacity + land * (1 - opacity), tolerance).mean())


def test_without_a_saved_style_the_print_draws_points_by_category(printed):
    frame, text = printed[None]
    assert share(frame, KEY_LAB) > 2e-4 and share(frame, CLUSTER_FILL) < 1e-3  # 创新平台 dots: teal too
    assert "重点实验室（320）" in text and not any(c in text for c in HEAT_CLASSES)


def test_heatmap_prints_as_a_heatmap_with_its_ramp_in_the_legend(printed):
    frame, text = printed[HEATMAP]
    categorized, _ = printed[None]
    hot = 0.95 * 0.85  # the ramp's top opacity in the point layer
    assert share(frame, ramp_color(1.0), hot) > 2e-4 > share(categorized, ramp_color(1.0), hot)  # the hot spot
    assert share(frame, KEY_LAB) < share(categorized, KEY_LAB) / 20  # no points by category
    assert all(c in text for c in HEAT_CLASSES) and "重点实验室（320）" not in text


def test_clusters_print_as_clusters_with_the_cluster_symbol_in_the_legend(printed):
    frame, text = printed[CLUSTER]
    categorized, _ = printed[None]
    assert share(frame, CLUSTER_FILL) > 1e-2 > 1e-3 > share(categorized, CLUSTER_FILL)
    assert share(frame, KEY_LAB) < share(categorized, KEY_LAB) / 2  # only points alone in their cell
    assert "聚合（圆上数字为点数）" in text and "重点实验室（320）" in text  # then the lone points' categories


def test_the_print_dialog_prints_the_style_chosen_in_the_window(window, tmp_path):
    """The planner's path: 符号样式 → 热力图 on the layer, then 导出地图…: the sheet's legend is the heatmap's."""
    from corridor_gis.app.layer_factory import dataset_key
    from corridor_gis.app.print_dialog import ExportMapDialog

    window.layer_panel.set_point_style(window.canvas.layer(dataset_key(window.active_dataset)), HEATMAP)
    dialog = ExportMapDialog(window.project, list(window.project.datasets.values()), window)
    dialog.output.setText(str(tmp_path / "heat.pdf"))
    result = dialog.export()
    text = subprocess.run(["pdftotext", str(result.path), "-"], check=True, capture_output=True, text=True).stdout
    assert all(c in text for c in HEAT_CLASSES)
