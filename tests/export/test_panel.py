"""The briefing's HTML fragments from the Jinja templates: the report's fields, autoescaped."""

from __future__ import annotations

import json

from corridor_gis import paths
from corridor_gis.analysis import compute_ratio
from corridor_gis.export.panel import LegendCategory, LegendZone, environment, footer, legend, ratio_data, ratio_panel
from corridor_gis.io import read_points
from corridor_gis.report import build_report

SAMPLE = paths.data_dir() / "sample_institutions.csv"
EVIL = '<img src=x onerror=alert(1)>"\''


def test_autoescape_is_on_for_every_template():
    env = environment()
    for name in env.list_templates(extensions=["j2"]):
        if name.endswith(".html.j2"):
            assert env.get_template(name).environment.autoescape is True, name


def test_panel_shows_the_report_escaped(bundled_project):
    dataset, imported = read_points(SAMPLE)
    dataset.name = EVIL
    report = build_report(compute_ratio(bundled_project, dataset, 0.6), imported, bundled_project)
    html = ratio_panel([report], EVIL)
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert report.headline.share_text in html and report.headline.shortfall in html
    assert html.count('class="cg-share"') == 1 and "<svg" in html  # the chart is embedded inline
    assert all(c.name in html for c in report.cities)


def test_no_dataset_says_so(bundled_project):
    assert "No dataset loaded" in ratio_panel([], "t")
    assert "No dataset loaded" in ratio_panel([build_report(None, None, bundled_project)], "t")


def test_legend_and_footer_escape_user_text():
    html = legend([LegendZone(EVIL, "#fff", "#000")], [LegendCategory(EVIL, "#123456")])
    html += footer([EVIL, "导出日期 2026-01-01"])
    assert "<img" not in html and html.count("&lt;img") == 3 and " · " in html


def test_ratio_data_cannot_close_its_script():
    html = ratio_data([{"dataset": "</script><script>alert(1)</script>"}])
    assert html.count("</script>") == 1
    body = html[html.index(">") + 1:html.rindex("</script>")]
    assert json.loads(body) == [{"dataset": "</script><script>alert(1)</script>"}]
