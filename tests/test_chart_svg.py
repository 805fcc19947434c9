"""The one bar chart (HTML and dashboard): drawn from the report's chart data, readable with 8 categories."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PyQt6.QtCore import QByteArray
from PyQt6.QtGui import QImage, QPainter
from PyQt6.QtSvg import QSvgRenderer

from corridor_gis.chart_svg import bar_chart_svg
from corridor_gis.report import COLOURS, Bar, ChartData, pct

SVG = "{http://www.w3.org/2000/svg}"
NAMES = ["重点实验室", "新型研发机构", "创新平台", "高新技术企业", "孵化器", "众创空间",
         "大学科技园区管理委员会附属研究所", "医院"]


def chart(shares, names=NAMES, target=0.45) -> ChartData:
    bars = [Bar(n, s, pct(s), s >= target) for n, s in zip(names, shares, strict=True)]
    return ChartData(bars, target, f"目标 {pct(target)}", met_label="达标", not_met_label="未达标")


def _mask(svg: str, keep_id: str, scale: int = 2) -> np.ndarray:
    """Pixels drawn by the text element ``keep_id`` alone (everything else removed)."""
    ET.register_namespace("", SVG[1:-1])
    root = ET.fromstring(svg)
    for el in list(root):
        if el.get("id") != keep_id:
            root.remove(el)
    renderer = QSvgRenderer(QByteArray(ET.tostring(root)))
    size = renderer.defaultSize() * scale
    image = QImage(size, QImage.Format.Format_ARGB32)
    image.fill(0xFFFFFFFF)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    ptr = image.constBits()
    ptr.setsize(image.sizeInBytes())
    pixels = np.frombuffer(ptr, np.uint32).reshape(size.height(), image.bytesPerLine() // 4)[:, :size.width()]
    return pixels != 0xFFFFFFFF


@pytest.mark.parametrize("shares", [
    [0.457, 0.527, 0.389, 0.304, 0.41, 0.225, 0.367, 0.317],   # the case: values around the target
    [1.0, 0.999, 0.5, 0.45, 0.451, 0.0, 1.0, 0.449],            # equal neighbours, 0% and 100%
])
def test_eight_categories_no_label_overlaps(qapp, shares):
    svg = bar_chart_svg(chart(shares))
    ids = [el.get("id") for el in ET.fromstring(svg).iter(f"{SVG}text") if el.get("id")] + ["target-line"]
    assert len([i for i in ids if i.startswith("value-")]) == 8 and "legend-target" in ids
    masks = {i: _mask(svg, i) for i in ids}
    assert all(m.any() for m in masks.values())  # each label is drawn
    for a in ids:
        for b in ids:
            if a < b:
                assert not (masks[a] & masks[b]).any(), (a, b)


def test_palette_and_target_from_one_place():
    svg = bar_chart_svg(chart([0.5, 0.2], NAMES[:2]))
    root = ET.fromstring(svg)
    fills = [r.get("fill") for r in root.iter(f"{SVG}rect")]
    assert COLOURS["met"] in fills and COLOURS["not_met"] in fills
    assert root.find(f".//{SVG}text[@id='legend-target']").text == "目标 45.0%"
    assert [t.text for t in root.iter(f"{SVG}text") if (t.get("id") or "").startswith("name-")] == NAMES[:2]


def test_names_are_text_not_markup():
    svg = bar_chart_svg(chart([0.5], ['<script>alert(1)</script>"&']))
    assert "<script>" not in svg
    assert ET.fromstring(svg).find(f".//{SVG}text[@id='name-0']").text.startswith("<script>")


def test_no_bars_no_chart():
    assert bar_chart_svg(ChartData([], 0.45, "")) == ""


def _target_y(root: ET.Element) -> float:
    line = root.find(f".//{SVG}line[@id='target-line']")
    assert line is not None and line.get("y1") == line.get("y2")
    return float(line.get("y1"))


#: shares just below, at and just above the 45% target: where a label above its bar meets the line
NEAR_TARGET = [0.43, 0.44, 0.445, 0.449, 0.45, 0.451, 0.455, 0.46, 0.47]


@pytest.mark.parametrize("width", [320, 200])  # 200: narrow slots, the smaller value font
def test_target_line_never_crosses_a_value_label_box(width):
    """The dashed 45% line runs clear of every value label's box (font size around its baseline)."""
    svg = bar_chart_svg(chart(NEAR_TARGET, [f"类{i}" for i in range(len(NEAR_TARGET))]), width=width)
    root = ET.fromstring(svg)
    line_y = _target_y(root)
    half_stroke = 1.0
    for i in range(len(NEAR_TARGET)):
        text = root.find(f".//{SVG}text[@id='value-{i}']")
        baseline, size = float(text.get("y")), float(text.get("font-size"))
        top, bottom = baseline - 0.85 * size, baseline + 0.22 * size  # a CJK font's box, generously
        assert bottom < line_y - half_stroke or top > line_y + half_stroke, (NEAR_TARGET[i], top, bottom, line_y)
        bar = root.find(f".//{SVG}rect[@id='bar-{i}']")
        assert bottom <= float(bar.get("y")), "the label stays above its own bar"


@pytest.mark.parametrize("share", [0.43, 0.435, 0.44, 0.449, 0.45, 0.451, 0.46])
def test_target_line_drawn_pixels_miss_the_value_label(qapp, share):
    """As QtSvg draws it (the dashboard): no pixel of the figure is also a pixel of the target line."""
    svg = bar_chart_svg(chart([share, 0.2], NAMES[:2]))
    line, label = _mask(svg, "target-line"), _mask(svg, "value-0")
    assert line.any() and label.any()
    assert not (line & label).any()
