"""The import check's progress bar while the file is read: Qt's busy indicator (with 读取… beside it) while the
reader cannot say how far it is — a CSV read by Arrow — and a bar that moves while a workbook's rows are read;
determinate again for the later stages; 取消检查 stops a workbook's read among its rows."""

from __future__ import annotations

import threading

import pytest
from PyQt6.QtWidgets import QDialogButtonBox

from corridor_gis.app import import_dialog as import_dialog_module
from corridor_gis.app.import_dialog import ImportDialog, overall_percent

ROWS = 3_000


def _rows():
    for i in range(ROWS):
        yield [f"机构{i}", "重点实验室", round(120.4 + i * 1e-4, 6), round(36.1 + i * 1e-4, 6)]


@pytest.fixture
def csv_list(tmp_path):
    path = tmp_path / "名单.csv"
    path.write_text("名称,类别,经度,纬度\n" + "".join(",".join(map(str, r)) + "\n" for r in _rows()),
                    encoding="utf-8")
    return path


@pytest.fixture
def workbook_list(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["名称", "类别", "经度", "纬度"])
    for row in _rows():
        sheet.append(row)
    path = tmp_path / "名单.xlsx"
    book.save(path)
    return path


@pytest.fixture
def watched(monkeypatch):
    """What the bar shows after each progress report: (stage words, maximum, value, words beside the bar)."""
    seen: list[tuple[str, int, int, str | None]] = []
    shown = ImportDialog._on_progress

    def watch(self, task, stage, fraction):
        shown(self, task, stage, fraction)
        beside = self.progressLabel.text() if self.progressLabel.isVisibleTo(self) else None
        seen.append((self.progress.format().split(" ")[0], self.progress.maximum(), self.progress.value(), beside))

    monkeypatch.setattr(ImportDialog, "_on_progress", watch)
    return seen


def _dialog(window, qtbot, path) -> ImportDialog:
    dialog = ImportDialog(window)
    qtbot.addWidget(dialog)
    dialog.pathEdit.setText(str(path))
    dialog.load_preview()
    dialog.crsCombo.setCurrentIndex(dialog.crsCombo.findData("wgs84"))
    return dialog


def test_a_csv_read_shows_a_busy_bar_then_the_stages(window, qtbot, csv_list, watched):
    dialog = _dialog(window, qtbot, csv_list)
    with qtbot.waitSignal(dialog.checked, timeout=30_000):
        dialog.checkButton.click()
        assert dialog.progress.maximum() == 0 and dialog.progressLabel.text() == "读取…"  # busy from the click
    assert watched[0] == ("读取", 0, -1, "读取…")  # the reader said only that reading started: busy
    determinate = watched[1:]
    assert determinate and all(maximum == 100 and beside is None for _w, maximum, _v, beside in determinate)
    assert [v for _w, _m, v, _b in determinate] == sorted(v for _w, _m, v, _b in determinate)
    assert determinate[-1][2] == 100 and dialog.dataset is not None and len(dialog.dataset) == ROWS
    assert not dialog.progress.isVisible() and not dialog.progressLabel.isVisible()


def test_a_workbook_moves_the_bar_while_its_rows_are_read(window, qtbot, workbook_list, watched):
    dialog = _dialog(window, qtbot, workbook_list)
    with qtbot.waitSignal(dialog.checked, timeout=30_000):
        dialog.checkButton.click()
    reading = [v for words, maximum, v, _b in watched if words == "读取" and maximum == 100]
    share = overall_percent("checking", 0.0)  # where the reading stage ends on the bar
    assert len({v for v in reading if 0 < v < share}) >= 10  # it moves, step by step, within reading's share
    assert reading == sorted(reading)
    assert watched[-1][1:3] == (100, 100) and len(dialog.dataset) == ROWS


def test_cancel_while_a_workbooks_rows_are_read_stops_the_read_there(window, qtbot, workbook_list, monkeypatch):
    datasets = dict(window.project.datasets)
    gate, told = threading.Event(), []
    real_read = import_dialog_module.read_points

    def read_held(path, options, progress):
        def held(stage, fraction):
            told.append((stage, fraction))
            progress(stage, fraction)
            if stage == "reading" and 0.0 < fraction < 1.0:
                gate.wait(30)  # the user clicks 取消检查 while the rows are read

        return real_read(path, options, progress=held)

    monkeypatch.setattr(import_dialog_module, "read_points", read_held)
    dialog = _dialog(window, qtbot, workbook_list)
    dialog.checkButton.click()
    task = dialog.task
    qtbot.waitUntil(lambda: any(0.0 < f < 1.0 for _s, f in told), timeout=30_000)
    dialog.cancelButton.click()
    assert not dialog.progress.isVisible() and not dialog.progressLabel.isVisible()
    gate.set()
    task.thread.join(30)
    assert not task.thread.is_alive()
    assert {s for s, _f in told} == {"reading"}  # stopped among the rows: never reached checking
    # the next report after the click (the second of twenty) raised in the worker: the read stopped there
    assert sum(1 for _s, f in told if 0.0 < f < 1.0) == 2
    qtbot.wait(50)
    assert dialog.dataset is None and dialog.summaryLabel.text() == "已取消。"
    assert not dialog.buttonBox.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    assert window.project.datasets == datasets
