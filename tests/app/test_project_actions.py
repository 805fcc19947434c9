"""File actions as a planner meets them: unsaved work is never discarded without a question, the briefing is
made from the dataset chosen on the dashboard, the active dataset and skipped rows survive a save."""

from __future__ import annotations

import json

from PyQt6.QtWidgets import QMessageBox

from corridor_gis.model import Project


def embedded_ratios(path) -> list[dict]:
    text = path.read_text(encoding="utf-8")
    start = text.index('id="cg-ratio-data">') + len('id="cg-ratio-data">')
    return json.loads(text[start:text.index("</script>", start)])


def test_opening_another_project_with_unsaved_edits_asks_first(window, planner, asked, tmp_path):
    other = tmp_path / "other.gpkg"
    Project.bundled().save(other)
    planner.edit_shared_border()
    edited = window.project.city_geometries()["youth"]
    asked.answer["value"] = QMessageBox.StandardButton.Cancel
    assert not window.open_project(str(other))
    assert asked and "未保存" in asked[-1]
    assert window.project.city_geometries()["youth"].equals_exact(edited, 0)  # nothing lost
    assert window.windowTitle().startswith("*")
    asked.answer["value"] = QMessageBox.StandardButton.Discard
    assert window.open_project(str(other))
    assert window.project.path == other and not window.windowTitle().startswith("*")


def test_recovered_work_counts_as_unsaved(window, asked, tmp_path):
    window.session.load(window.project.copy(), recovered=True)
    assert window.windowTitle().startswith("*")
    asked.answer["value"] = QMessageBox.StandardButton.Cancel
    assert not window.open_project(str(tmp_path / "whatever.gpkg"))
    assert asked and "未保存" in asked[-1]


def test_briefing_leads_with_the_dataset_chosen_on_the_dashboard(window, tmp_path, project):
    sample = window.project.datasets[window.active_dataset]
    youth = project.city_geometries()["youth"].representative_point()
    from corridor_gis.model import Dataset

    mine = Dataset("我的名单", sample.points.iloc[:50].copy(), source="mine.csv", label="imported")
    mine.points["geometry"] = [youth] * 50  # all inside: 100 %
    window.add_dataset(mine)
    window.dashboard.dataset_combo.setCurrentText(sample.name)  # the user picks the sample again
    assert window.active_dataset == sample.name
    window.dashboard.dataset_combo.setCurrentText("我的名单")
    assert window.active_dataset == "我的名单"
    out = tmp_path / "brief.html"
    assert window.export_html(str(out))
    ratios = embedded_ratios(out)
    assert [r["dataset"] for r in ratios] == ["我的名单"]  # led by, and only, the chosen list
    assert ratios[0]["corridor"] == window.result.as_dict()["corridor"]


def test_active_dataset_survives_save_and_reopen(window, tmp_path):
    sample = window.project.datasets[window.active_dataset]
    from corridor_gis.model import Dataset

    window.add_dataset(Dataset("second", sample.points.iloc[:10].copy(), source="second.csv", label="imported",
                               skipped=[{"row": 4, "reason": "missing latitude"}]))
    window.dashboard.dataset_combo.setCurrentText(sample.name)
    path = tmp_path / "two.gpkg"
    assert window.save_to(str(path))
    assert window.open_project(str(path))
    assert window.active_dataset == sample.name
    assert window.project.datasets["second"].skipped == [{"row": 4, "reason": "missing latitude"}]
    assert window.dashboard.dataset_combo.currentText() == sample.name
