"""The dashboard shows the ratio report: the same strings as the CLI and the HTML briefing, one chart."""

from __future__ import annotations

import pandas as pd
import pytest

from corridor_gis import paths
from corridor_gis.analysis import compute_ratio
from corridor_gis.app.dashboard import Dashboard
from corridor_gis.chart_svg import bar_chart_svg
from corridor_gis.cli import main
from corridor_gis.export.html import HtmlOptions, render_html
from corridor_gis.io import read_points
from corridor_gis.report import COLOURS, build_report

SAMPLE = paths.data_dir() / "sample_institutions.csv"


@pytest.fixture(scope="module")
def eight(tmp_path_factory):
    """The sample with 400 rows relabelled into 4 unknown categories (8 categories in all)."""
    table = pd.read_csv(SAMPLE)
    labels = ["孵化器", "众创空间", "大学科技园区管理委员会", "医院"] * 100
    table.loc[table.index[:len(labels)], "类别"] = labels
    path = tmp_path_factory.mktemp("eight") / "八类名单.csv"
    table.to_csv(path, index=False)
    return path, *read_points(path)


@pytest.fixture
def dashboard(qtbot):
    board = Dashboard()
    qtbot.addWidget(board)
    board.resize(480, 1100)
    board.show()
    qtbot.waitExposed(board)
    return board


def test_show_report_fills_every_part(dashboard, bundled_project, eight):
    _, dataset, imported = eight
    report = build_report(compute_ratio(bundled_project, dataset), imported, bundled_project, "zh")
    dashboard.show_report(report)
    h = report.headline
    assert dashboard.headline.text() == f"{h.share_text} {h.mark}"
    assert COLOURS[h.role] in dashboard.headline.styleSheet()
    assert h.shortfall in dashboard.detail.text() and h.counted_text in dashboard.detail.text()
    assert report.unknown_sentence in dashboard.notes.text() and dashboard.notes.isVisible()
    assert dashboard.provenance.text() == report.provenance
    table = dashboard.category_table
    assert table.rowCount() == 8
    assert [table.item(r, 3).text() for r in range(8)] == [c.share_text for c in report.categories]
    cities = dashboard.city_table
    assert [cities.item(r, 0).text() for r in range(cities.rowCount())] == [c.name for c in report.cities]
    assert cities.item(3, 3).text() == report.cities[3].area_text
    # the chart is the report's SVG (the HTML's chart), at the widget's width
    assert dashboard.chart.chart_data == report.chart
    assert dashboard.chart.svg == bar_chart_svg(report.chart, width=dashboard.chart.width())
    assert dashboard.chart.renderer().isValid() and dashboard.chart.height() > 150


def test_a_reopened_dataset_without_import_report_still_states_unknown_rows(dashboard, bundled_project, eight):
    _, dataset, _ = eight
    result = compute_ratio(bundled_project, dataset)
    report = build_report(result, None, bundled_project, "zh")
    dashboard.show_report(report)
    assert dashboard.report.headline == report.headline and dashboard.report.cities == report.cities
    assert report.unknown_sentence and report.unknown_sentence in dashboard.notes.text()


def test_no_dataset_clears_but_keeps_areas(dashboard, bundled_project, eight):
    _, dataset, imported = eight
    dashboard.show_report(build_report(compute_ratio(bundled_project, dataset), imported, bundled_project))
    dashboard.show_report(build_report(None, None, bundled_project))
    assert dashboard.headline.text() == "—" and dashboard.category_table.rowCount() == 0
    assert dashboard.chart.height() == 0 and not dashboard.notes.isVisible()
    assert dashboard.city_table.rowCount() == 4 and dashboard.city_table.item(0, 1).text() == "—"
    dashboard.show_report(None)
    assert dashboard.city_table.rowCount() == 0


def test_cli_html_and_dashboard_say_the_same(dashboard, bundled_project, eight, capsys):
    """One report, three faces: the same share string and the same sentences everywhere."""
    path, dataset, imported = eight
    report = build_report(compute_ratio(bundled_project, dataset, 0.5), imported, bundled_project, "zh")
    h = report.headline
    assert not h.met and h.shortfall
    assert main(["ratio", str(path), "--target", "0.5"]) == 0
    cli = capsys.readouterr().out
    html = render_html(bundled_project, [dataset], HtmlOptions(target=0.5), [imported])
    dashboard.show_report(report)
    table = dashboard.category_table
    cells = [table.item(r, c).text() for r in range(table.rowCount()) for c in range(table.columnCount())]
    gui = "\n".join([dashboard.headline.text(), dashboard.detail.text(), dashboard.notes.text(), *cells])
    for face in (cli, html, gui):
        assert h.share_text in face and h.shortfall in face and report.unknown_sentence in face
        assert h.target_text in face
        for row in report.categories:
            assert row.share_text in face


def test_dashboard_screenshot(dashboard, bundled_project, eight, tmp_path):
    _, dataset, imported = eight
    dashboard.show_report(build_report(compute_ratio(bundled_project, dataset), imported, bundled_project))
    out = tmp_path / "dashboard.png"
    assert dashboard.grab().save(str(out), "PNG")
    image = dashboard.chart.grab().toImage()
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 5)}
    assert any((c & 0xFFFFFF) == int(COLOURS["not_met"][1:], 16) for c in colours)  # bars drawn in the palette


def test_counting_choice_on_the_dashboard_changes_the_headline_like_the_cli(window, capsys):
    """Check 高新技术企业 and pick 省级以上: the headline equals `ratio --count … --level provincial+`."""
    import json

    from corridor_gis import paths
    from corridor_gis.cli import main

    box = window.dashboard.counting
    box.boxes["hitech_firm"].setChecked(True)
    box.level.setCurrentIndex(2)  # 省级以上
    assert "非规划口径" in box.title()
    sample = str(paths.data_dir() / "sample_institutions.csv")
    assert main(["ratio", sample, "--count", "key_lab,new_rd,platform,hitech_firm", "--level", "provincial+",
                 "--json"]) == 0
    cli = json.loads(capsys.readouterr().out)
    gui = window.result.as_dict()
    assert gui["corridor"] == cli["corridor"] and gui["counted_levels"] == cli["counted_levels"]
    assert window.dashboard.headline.text().startswith(f"{100 * cli['corridor']['share']:.1f}%")
    box.restore_plan()
    assert window.result.as_dict()["counted_categories"] == ["key_lab", "new_rd", "platform"]


def test_unstated_crs_shows_the_three_readings_on_the_dashboard(window, tmp_path):
    """A list that states no CRS: the dashboard shows its share as WGS84, GCJ-02 and BD-09."""
    path = tmp_path / "名单.csv"
    path.write_bytes((paths.data_dir() / "sample_institutions.csv").read_bytes())
    dataset, report = read_points(path)
    dataset.crs_stated = report.crs_given
    assert not window.dashboard.crs_banner.isVisibleTo(window.dashboard)  # the bundled sample is WGS84
    window.add_dataset(dataset)
    banner = window.dashboard.crs_banner
    assert banner.isVisibleTo(window.dashboard)
    text = banner.text() + banner.toolTip()
    assert "WGS84" in text and "GCJ-02" in text and "BD-09" in text


def test_the_corridors_subdistricts_are_listed_with_the_osm_attribution(window):
    table = window.dashboard.subdistrict_table
    report = window.session.report()
    assert table.rowCount() == len(report.subdistricts) > 5
    assert table.item(0, 0).text() == report.subdistricts[0].name
    assert "OpenStreetMap" in window.dashboard.subdistrict_note.text()
    assert "示意" in window.dashboard.boundaries.text()  # which boundaries the figures rest on
