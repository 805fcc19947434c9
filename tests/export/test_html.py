"""The HTML briefing map in a real browser with networking off: complete, same figures as the CLI,
hostile names shown as text, nothing fetched from the internet."""

from __future__ import annotations

import json
import re

import geopandas as gpd
import numpy as np
import pytest
from PyQt6.QtGui import QImage

from corridor_gis import paths
from corridor_gis.cli import main
from corridor_gis.errors import InputError
from corridor_gis.export.html import HtmlOptions, export_html
from corridor_gis.io import read_points
from corridor_gis.model import Dataset

SAMPLE = paths.data_dir() / "sample_institutions.csv"
HOSTILE = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "${alert(1)}`x`",
           "</script><script>alert(2)</script>", "\u2028\\'); alert(3); //"]


@pytest.fixture(scope="module")
def sample_html(tmp_path_factory):
    out = tmp_path_factory.mktemp("html") / "brief.html"
    assert main(["export-html", str(out), "--points", str(SAMPLE)]) == 0
    return out


def test_no_external_references_in_the_file(sample_html):
    text = sample_html.read_text(encoding="utf-8")
    assert not re.search(r"<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=\s*[\"']?(https?:)?//", text, re.I)
    assert not re.search(r"url\(\s*[\"']?(https?:)?//", text, re.I)
    assert not re.search(r"@import", text)


def test_opens_offline_completely(visit, sample_html):
    v = visit(sample_html)
    body = v.page.locator("body")
    assert v.external_requests() == []
    assert v.errors == []
    assert body.get_attribute("data-resources") == "0"
    assert v.page.locator(".leaflet-container").count() == 1
    # corridor 1 + cities 3 + parks 9 placed (未来科技产业园 has no known location) + bays 3 + axis 1
    assert body.get_attribute("data-zone-features") == "17"
    assert body.get_attribute("data-points") == "5000"
    assert v.page.locator(".leaflet-control-layers-overlays label").count() == 8


def test_panel_equals_cli_json(visit, sample_html, capsys):
    assert main(["ratio", str(SAMPLE), "--json"]) == 0
    cli = json.loads(capsys.readouterr().out)
    v = visit(sample_html)
    embedded = json.loads(v.page.locator("#cg-ratio-data").text_content())[0]
    for key in ("corridor", "by_category", "by_city", "counted_categories", "rows", "skipped", "crs", "label"):
        assert embedded[key] == cli[key], key
    shown = v.page.locator(".cg-share").first.text_content()
    assert shown.startswith(f"{100 * cli['corridor']['share']:.1f}%")
    footer = v.page.locator("#cg-footer").text_content()
    assert "合成示例，非真实数据" in footer and "示意" in footer and "EPSG:4549" in footer


def test_zone_popup_by_click(visit, sample_html):
    v = visit(sample_html)
    # click the middle of the screen after fitting the youth city: its popup lists its attributes
    v.page.evaluate("""() => { const m = window[document.querySelector('.folium-map').id];
        m.eachLayer(l => { if (l.feature && l.feature.properties.title === '青年科创城')
            m.fitBounds(l.getBounds(), {animate: false}); }); }""")
    v.page.wait_for_timeout(400)
    box = v.page.locator(".folium-map").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    v.page.mouse.move(x, y)  # as a user does: hover, then click
    v.page.wait_for_timeout(100)
    v.page.mouse.click(x, y)
    popup = v.page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=5000)
    assert "青年科创城" in popup.text_content() and "indicative" in popup.text_content()


def _hostile_dataset(tmp_path) -> Dataset:
    n = len(HOSTILE)
    pts = gpd.GeoDataFrame({"name": HOSTILE, "category": ["key_lab"] * n, "row": np.arange(2, n + 2)},
                           geometry=gpd.points_from_xy(np.linspace(120.44, 120.47, n), [36.15] * n),
                           crs="EPSG:4326")
    return Dataset('<img src=x onerror=alert("ds")>', pts, source=str(tmp_path / "x.csv"), label="test")


def test_hostile_names_are_text_only(visit, tmp_path, project):
    project.cities.loc[project.cities["id"] == "youth", "name_zh"] = HOSTILE[1]
    out = export_html(project, [_hostile_dataset(tmp_path)], tmp_path / "hostile.html",
                      HtmlOptions(title=HOSTILE[0]))
    v = visit(out)
    assert v.errors == [] and v.dialogs == []
    page = v.page
    assert page.locator("img[src='x']").count() == 0
    assert HOSTILE[0] in page.locator("#cg-panel h1").text_content()
    assert page.locator(".leaflet-control-layers-overlays").text_content().count('<img src=x onerror=alert("ds")>') == 1
    # open every point's popup: the names appear as text, and nothing runs
    texts = page.evaluate("""() => { const m = window[document.querySelector('.folium-map').id]; const out = [];
        m.eachLayer(l => { if (l instanceof L.CircleMarker && l.getPopup() && !l.feature) {
            l.openPopup();
            out.push(l.getPopup().getElement().querySelector('.leaflet-popup-content').textContent); } });
        return out; }""")
    for name in HOSTILE:
        assert any(name in t for t in texts), (name, texts)
    assert page.locator(".leaflet-popup-content img, .leaflet-popup-content script").count() == 0
    assert v.dialogs == [] and v.errors == []


def test_screenshot_is_not_blank(visit, sample_html, tmp_path):
    v = visit(sample_html)
    shot = tmp_path / "brief.png"
    v.page.screenshot(path=str(shot))
    image = QImage(str(shot))
    colours = {image.pixel(x, y) for x in range(0, image.width(), 23) for y in range(0, image.height(), 19)}
    assert len(colours) > 50


def test_failed_export_leaves_existing_file(tmp_path, monkeypatch, bundled_project):
    out = tmp_path / "brief.html"
    out.write_text("previous briefing", encoding="utf-8")
    import corridor_gis.export.html as html_mod

    def boom(*_a, **_k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(html_mod, "render_html", lambda *a, **k: "<html>new</html>")
    monkeypatch.setattr("pathlib.Path.write_text", boom)
    with pytest.raises(InputError, match="could not save"):
        export_html(bundled_project, [], out)
    monkeypatch.undo()
    assert out.read_text(encoding="utf-8") == "previous briefing"
    assert [p.name for p in tmp_path.iterdir()] == ["brief.html"]


def test_bad_points_file_exit_2(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("名称,经度,纬度\n", encoding="utf-8")
    assert main(["export-html", str(tmp_path / "o.html"), "--points", str(bad)]) == 2
    assert not (tmp_path / "o.html").exists()
    assert "bad.csv" in capsys.readouterr().err


def test_named_institutions_layer(tmp_path):
    ds, _ = read_points(paths.data_dir() / "named_institutions.csv")
    out = export_html(__import__("corridor_gis.model", fromlist=["Project"]).Project.bundled(), [ds],
                      tmp_path / "named.html")
    assert "崂山实验室" in out.read_text(encoding="utf-8")


def _relabelled(n_unknown: int, tmp_path):
    """The sample with rows relabelled into 4 unknown categories: 8 categories, a different share."""
    import pandas as pd

    table = pd.read_csv(SAMPLE)
    labels = ["孵化器", "众创空间", "大学科技园区管理委员会", "医院"] * (n_unknown // 4)
    table.loc[table.index[:len(labels)], "类别"] = labels
    path = tmp_path / "八类名单.csv"
    table.to_csv(path, index=False)
    return read_points(path)


def test_the_lead_dataset_heads_the_briefing(visit, tmp_path, bundled_project):
    """Issue 14.2: the dataset the user chose comes first and large; only the datasets passed are drawn."""
    from corridor_gis.analysis import compute_ratio
    from corridor_gis.report import build_report

    eight, imported = _relabelled(400, tmp_path)
    sample, _ = read_points(SAMPLE)
    lead_share = build_report(compute_ratio(bundled_project, eight), imported, bundled_project).headline
    other_share = build_report(compute_ratio(bundled_project, sample), None, bundled_project).headline
    assert lead_share.share_text != other_share.share_text
    for first, second in ((eight, sample), (sample, eight)):
        out = export_html(bundled_project, [first, second], tmp_path / f"{first.name}.html")
        v = visit(out)
        lead = v.page.locator(".cg-lead .cg-share")
        expected = lead_share if first is eight else other_share
        assert lead.count() == 1 and lead.text_content().startswith(expected.share_text)
        assert v.page.locator(".cg-share").first.text_content() == lead.text_content()
        assert first.title_in("zh") in v.page.locator(".cg-lead .cg-src").text_content()
        assert v.page.locator("body").get_attribute("data-points") == str(len(first.points) + len(second.points))
    alone = export_html(bundled_project, [eight, sample], tmp_path / "alone.html", HtmlOptions(lead_only=True))
    v = visit(alone)
    assert v.page.locator(".cg-dataset").count() == 1
    assert v.page.locator("body").get_attribute("data-points") == str(len(eight.points))
    assert sample.title_in("zh") not in v.page.locator(".leaflet-control-layers-overlays").text_content()


def test_panel_says_unknown_categories_in_words(visit, tmp_path, bundled_project):
    eight, imported = _relabelled(400, tmp_path)
    out = export_html(bundled_project, [eight], tmp_path / "eight.html", import_reports=[imported])
    v = visit(out)
    notes = v.page.locator(".cg-lead .cg-notes").text_content()
    assert "另有 400 条记录类别未识别，未计入（标签：" in notes and "{" not in notes
    assert "GCJ-02" not in notes  # the CRS note is in the source line, not repeated as a note
    chart = v.page.locator("#cg-panel svg.cg-chart")
    assert chart.count() == 1 and chart.locator("rect").count() > 8
    assert v.errors == [] and v.external_requests() == []
