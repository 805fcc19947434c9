"""The bundled synthetic sample is the app's placeholder, not a layer of the user's: the first list a planner
imports replaces it — nothing made up stays drawn on the map, listed on the dashboard, exported or saved
beside the real list — with a status-bar message and one step on the undo stack; a project saved after that
does not bring it back when reopened."""

from __future__ import annotations

import json

import pytest
from PyQt6.QtWidgets import QDialogButtonBox

from corridor_gis.app.import_dialog import ImportDialog
from corridor_gis.app.window import MainWindow
from corridor_gis.cli import main
from corridor_gis.model import Project

SAMPLE = "sample_institutions"


@pytest.fixture
def real_list(tmp_path):
    path = tmp_path / "重点实验室名单.csv"
    path.write_text("名称,类别,经度,纬度\n崂山实验室,重点实验室,120.68,36.36\n国家深海基地,重点实验室,120.68,36.37\n"
                    "山东大学（青岛）,重点实验室,120.69,36.37\n某研究院,新型研发机构,120.30,36.30\n", encoding="utf-8")
    return path


def _import(window, qtbot, monkeypatch, path) -> None:
    """文件 → 导入数据…: choose the file, WGS84, 检查, OK."""
    def user_checks_and_confirms(dialog: ImportDialog) -> int:
        dialog.pathEdit.setText(str(path))
        dialog.load_preview()
        dialog.crsCombo.setCurrentIndex(dialog.crsCombo.findData("wgs84"))
        with qtbot.waitSignal(dialog.checked, timeout=30_000):
            dialog.checkButton.click()
        assert dialog.buttonBox.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
        return 1

    monkeypatch.setattr(ImportDialog, "exec", user_checks_and_confirms)
    window.act_import.trigger()


def _embedded_ratios(path) -> list[dict]:
    text = path.read_text(encoding="utf-8")
    start = text.index('id="cg-ratio-data">') + len('id="cg-ratio-data">')
    return json.loads(text[start:text.index("</script>", start)])


def test_the_first_import_replaces_the_sample_everywhere(window, qtbot, monkeypatch, real_list, tmp_path, capsys):
    assert list(window.project.datasets) == [SAMPLE] and window.canvas.layer(f"dataset:{SAMPLE}") is not None
    assert "合成示例，非真实数据" in window.dashboard.provenance.text()  # labelled while it is shown
    assert window.canvas.layer(f"dataset:{SAMPLE}").title == f"{SAMPLE}（合成示例，非真实数据）"  # layer panel
    _import(window, qtbot, monkeypatch, real_list)
    name = real_list.stem
    assert list(window.project.datasets) == [name] and window.active_dataset == name
    assert window.canvas.layer(f"dataset:{SAMPLE}") is None  # not drawn among the real points
    combo = window.dashboard.dataset_combo
    assert [combo.itemText(i) for i in range(combo.count())] == [name]  # not one click from the headline
    message = window.statusBar().currentMessage()
    assert f"已导入“{name}”" in message and f"合成示例数据“{SAMPLE}”已移除" in message and "Ctrl+Z" in message
    assert window.editor.undo_stack.count() == 1 and window.act_undo.text() == "撤销 移除合成示例数据"
    # the headline, the briefing and the saved project: the real list only, figures as the CLI's
    assert main(["ratio", str(real_list), "--crs", "wgs84", "--json"]) == 0
    cli = json.loads(capsys.readouterr().out)
    assert window.result.as_dict()["corridor"] == cli["corridor"]
    assert window.dashboard.headline.text().startswith(f"{100 * cli['corridor']['share']:.1f}%")
    assert "synthetic" not in window.dashboard.provenance.text()
    out = tmp_path / "brief.html"
    assert window.export_html(str(out))
    assert [r["dataset"] for r in _embedded_ratios(out)] == [name] and SAMPLE not in out.read_text("utf-8")
    saved = tmp_path / "项目.gpkg"
    assert window.save_to(str(saved))
    assert list(Project.load(saved).datasets) == [name]


def test_undo_brings_the_sample_back_beside_the_users_list_and_redo_removes_it(window, qtbot, monkeypatch,
                                                                                real_list):
    _import(window, qtbot, monkeypatch, real_list)
    headline = window.dashboard.headline.text()
    window.act_undo.trigger()
    assert list(window.project.datasets) == [real_list.stem, SAMPLE]
    assert window.canvas.layer(f"dataset:{SAMPLE}") is not None
    assert window.active_dataset == real_list.stem and window.dashboard.headline.text() == headline
    window.act_redo.trigger()
    assert list(window.project.datasets) == [real_list.stem] and window.canvas.layer(f"dataset:{SAMPLE}") is None


def test_a_project_saved_after_the_sample_was_replaced_opens_without_it(window, qtbot, monkeypatch, real_list,
                                                                        tmp_path):
    _import(window, qtbot, monkeypatch, real_list)
    window.session.remove_dataset(real_list.stem)  # even with no list left when it is saved
    saved = tmp_path / "项目.gpkg"
    assert window.save_to(str(saved))
    reopened = MainWindow(Project.load(saved))  # as `corridor-gis gui 项目.gpkg` starts
    qtbot.addWidget(reopened)
    assert not reopened.project.datasets and reopened.canvas.layer(f"dataset:{SAMPLE}") is None
    assert reopened.active_dataset is None


def test_a_project_saved_with_the_untouched_sample_still_treats_it_as_the_placeholder(window, qtbot, monkeypatch,
                                                                                      real_list, tmp_path):
    saved = tmp_path / "项目.gpkg"
    assert window.save_to(str(saved))
    assert window.open_project(str(saved))
    assert list(window.project.datasets) == [SAMPLE]
    _import(window, qtbot, monkeypatch, real_list)
    assert list(window.project.datasets) == [real_list.stem]


def test_a_second_list_is_added_beside_the_first(window, qtbot, monkeypatch, real_list, tmp_path):
    _import(window, qtbot, monkeypatch, real_list)
    second = tmp_path / "新型研发机构.csv"
    second.write_text("名称,类别,经度,纬度\n甲,新型研发机构,120.45,36.15\n", encoding="utf-8")
    window.statusBar().clearMessage()
    _import(window, qtbot, monkeypatch, second)
    assert list(window.project.datasets) == [real_list.stem, second.stem]
    assert window.editor.undo_stack.count() == 1 and "合成示例" not in window.statusBar().currentMessage()
