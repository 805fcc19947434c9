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

    # two lists of the user's (the first replaces the synthetic sample: tests/app/test_placeholder_sample.py)
    first = Dataset("去年名单", sample.points.iloc[50:120].copy(), source="last_year.csv", label="imported")
    window.add_dataset(first)
    mine = Dataset("我的名单", sample.points.iloc[:50].copy(), source="mine.csv", label="imported")
    mine.points["geometry"] = [youth] * 50  # all inside: 100 %
    window.add_dataset(mine)
    window.dashboard.dataset_combo.setCurrentText(first.name)  # the user picks the other list again
    assert window.active_dataset == first.name
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

    first = Dataset("first", sample.points.iloc[10:30].copy(), source="first.csv", label="imported")
    window.add_dataset(first)  # replaces the synthetic sample (tests/app/test_placeholder_sample.py)
    window.add_dataset(Dataset("second", sample.points.iloc[:10].copy(), source="second.csv", label="imported",
                               skipped=[{"row": 4, "reason": "missing latitude"}]))
    window.dashboard.dataset_combo.setCurrentText(first.name)
    path = tmp_path / "two.gpkg"
    assert window.save_to(str(path))
    assert window.open_project(str(path))
    assert window.active_dataset == first.name
    assert window.project.datasets["second"].skipped == [{"row": 4, "reason": "missing latitude"}]
    assert window.dashboard.dataset_combo.currentText() == first.name


class BusyProbe:
    """Stands in for a long writer: records the cursor and the status bar the user sees while it runs, then
    returns ``result`` or raises ``error``."""

    def __init__(self, window, result=None, error: Exception | None = None) -> None:
        self.window, self.result, self.error = window, result, error
        self.seen: list[tuple[object, str]] = []

    def __call__(self, *args, **kwargs):
        from PyQt6.QtWidgets import QApplication

        cursor = QApplication.overrideCursor()
        self.seen.append((cursor.shape() if cursor is not None else None, self.window.statusBar().currentMessage()))
        if self.error is not None:
            raise self.error
        return self.result


def test_saving_shows_a_wait_cursor_and_a_status_message_then_restores_both(window, tmp_path, monkeypatch):
    from PyQt6.QtCore import Qt
    from PyQt6.QtWidgets import QApplication

    probe = BusyProbe(window, result=tmp_path / "p.gpkg")
    monkeypatch.setattr(window.session, "save", probe)
    assert window.save_to(str(tmp_path / "p.gpkg"))
    assert probe.seen == [(Qt.CursorShape.WaitCursor, "正在保存…")]
    assert QApplication.overrideCursor() is None
    assert window.statusBar().currentMessage().startswith("已保存 ")


def test_a_failed_save_restores_the_cursor_and_the_status_bar_before_the_error(window, tmp_path, monkeypatch):
    from PyQt6.QtCore import Qt
    from PyQt6.QtWidgets import QApplication

    from corridor_gis.errors import InputError

    probe = BusyProbe(window, error=InputError(str(tmp_path), "磁盘已满"))
    monkeypatch.setattr(window.session, "save", probe)
    shown = []

    def critical(parent, title, text, *args, **kwargs):
        shown.append((text, QApplication.overrideCursor(), window.statusBar().currentMessage()))

    monkeypatch.setattr(QMessageBox, "critical", critical)
    assert not window.save_to(str(tmp_path / "p.gpkg"))
    assert probe.seen == [(Qt.CursorShape.WaitCursor, "正在保存…")]
    assert len(shown) == 1 and "磁盘已满" in shown[0][0]
    assert shown[0][1:] == (None, "")  # the error is read with the normal cursor, no stale 正在保存…
    assert QApplication.overrideCursor() is None and window.statusBar().currentMessage() == ""


def test_html_export_shows_a_wait_cursor_and_a_status_message(window, tmp_path, monkeypatch):
    from PyQt6.QtCore import Qt
    from PyQt6.QtWidgets import QApplication

    import corridor_gis.export.html as html

    probe = BusyProbe(window, result=tmp_path / "b.html")
    monkeypatch.setattr(html, "export_html", probe)
    assert window.export_html(str(tmp_path / "b.html"))
    assert probe.seen == [(Qt.CursorShape.WaitCursor, "正在导出 HTML…")]
    assert QApplication.overrideCursor() is None
    assert window.statusBar().currentMessage().startswith("已导出 ")


def test_opening_a_project_shows_a_wait_cursor_and_a_status_message(window, tmp_path, monkeypatch):
    from PyQt6.QtCore import Qt
    from PyQt6.QtWidgets import QApplication

    path = tmp_path / "other.gpkg"
    Project.bundled().save(path)
    probe = BusyProbe(window, result=Project.load(path))
    monkeypatch.setattr(Project, "load", probe)
    assert window.open_project(str(path))
    assert probe.seen == [(Qt.CursorShape.WaitCursor, "正在打开项目…")]
    assert QApplication.overrideCursor() is None and window.statusBar().currentMessage() == ""
