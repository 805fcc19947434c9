"""A long list in the HTML briefing: one embedded density image under the zone borders (as the app draws
it) instead of a marker per point — a small file that opens quickly, figures unchanged."""

from __future__ import annotations

import numpy as np
import pandas as pd
from PyQt6.QtGui import QColor, QImage

from corridor_gis.export.html import EXACT_POINTS_MAX, HtmlOptions, export_html
from corridor_gis.model import Dataset
from corridor_gis.styles import style_for

#: where the long list is packed: 李沧/崂山, on the corridor's border
CENTRE = (120.45, 36.17)


def long_list(n: int, spread: float = 0.01, centre: tuple[float, float] = CENTRE) -> Dataset:
    """``n`` institutions packed within ~``spread`` degrees of ``centre``."""
    rng = np.random.default_rng(16)
    lon, lat = rng.normal(centre[0], spread, n), rng.normal(centre[1], spread, n)
    table = pd.DataFrame({"row": np.arange(2, n + 2), "name": "",
                          "category": rng.choice(["new_rd", "platform"], n)})  # blue, green: not the border's red
    return Dataset("long_list", None, source="long_list.csv", label="synthetic test list", table=table,
                   lon=lon, lat=lat)


def test_a_long_list_is_one_image_under_the_borders(visit, project, tmp_path):
    n = EXACT_POINTS_MAX + 10_000
    lon, lat = _border_vertex(project)  # the list is packed on it: the border runs through opaque pixels
    out = export_html(project, [long_list(n, 0.004, (lon, lat))], tmp_path / "long.html", HtmlOptions())
    assert out.stat().st_size < 8e6  # a marker per point: ~60 bytes each, plus the popups' data
    v = visit(out)
    assert v.errors == [] and v.external_requests() == []
    body = v.page.locator("body")
    assert body.get_attribute("data-points") == str(n)
    assert v.page.locator(".leaflet-pane img.leaflet-image-layer").count() == 1
    v.page.wait_for_function("() => { const i = document.querySelector('img.leaflet-image-layer');"
                             " return i.complete && i.naturalWidth > 0; }", timeout=20_000)
    v.page.wait_for_timeout(300)  # decoded and painted
    # the corridor's border keeps its colour above the image, in the middle of the dense area
    x, y = v.page.evaluate("([lat, lon]) => { const p = window.cgMap.latLngToContainerPoint([lat, lon]);"
                           " return [p.x, p.y]; }", [lat, lon])
    shot = QImage.fromData(v.page.screenshot())
    # the points are drawn: many pixels of the categories' colours around the list's centre
    cx, cy = v.page.evaluate("([lat, lon]) => { const p = window.cgMap.latLngToContainerPoint([lat, lon]);"
                             " return [p.x, p.y]; }", [lat, lon])
    colours = [QColor(style_for("dataset").fill_for(category=c)) for c in ("new_rd", "platform")]
    drawn = sum(any(abs(QColor(shot.pixel(int(cx) + dx, int(cy) + dy)).hue() - c.hue()) < 12 and
                    QColor(shot.pixel(int(cx) + dx, int(cy) + dy)).saturation() > 60 for c in colours)
                for dx in range(-12, 13, 2) for dy in range(-12, 13, 2))
    assert drawn > 30, "the density image is not drawn"
    stroke = QColor(style_for("corridor").stroke)
    near = [QColor(shot.pixel(int(x) + dx, int(y) + dy)) for dx in range(-2, 3) for dy in range(-2, 3)]
    assert min(abs(c.red() - stroke.red()) + abs(c.green() - stroke.green()) + abs(c.blue() - stroke.blue())
               for c in near) < 60, "the corridor border is buried under the points"


def test_a_short_list_keeps_a_marker_per_point(project, tmp_path):
    out = export_html(project, [long_list(2_000)], tmp_path / "short.html", HtmlOptions())
    text = out.read_text(encoding="utf-8")
    assert '"density"' not in text and '"lon"' in text


def _border_vertex(project) -> tuple[float, float]:
    """The corridor border vertex nearest :data:`CENTRE` (李沧/崂山)."""
    import shapely

    coords = shapely.get_coordinates(project.corridor.boundary)
    d = np.hypot(coords[:, 0] - CENTRE[0], coords[:, 1] - CENTRE[1])
    return tuple(coords[int(np.argmin(d))])


def test_the_scale_bar_is_metric_only(visit, project, tmp_path):
    out = export_html(project, [long_list(100)], tmp_path / "scale.html", HtmlOptions())
    lines = visit(out).page.locator(".leaflet-control-scale-line").all_text_contents()
    assert len(lines) == 1 and lines[0].strip().endswith(("km", " m")), lines
