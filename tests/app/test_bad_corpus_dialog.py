"""The same bad-input corpus through the app: a message in the dialog, and the open project unchanged."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from PyQt6.QtWidgets import QDialogButtonBox, QMessageBox

from corridor_gis.app.import_dialog import ImportDialog

# the dialog can only pick existing columns, so cases that name a missing column are CLI-only; a file with
# several layers is not an error in the dialog but a required choice (tests/app/test_import_dialog.py)
# and a table in metres is not an error in the dialog: the dialog shows its suggestion (EPSG:4549) for the
# user to confirm (tested below), where the CLI refuses to guess
SUGGESTED = "metres_labelled_lonlat.csv"


def dialog_case(c: dict) -> bool:
    return (c["command"] == "ratio" and c["exit"] == "2" and c["file"] != SUGGESTED and "--x" not in c["args"]
            and "--category" not in c["args"] and "--layer" not in c["expect"])


@pytest.mark.bad_corpus(select=dialog_case)
def test_import_dialog_shows_the_error_and_keeps_the_project(bad_case, bad_corpus, window, qtbot):
    case = bad_case
    before_datasets = list(window.project.datasets)
    before_cities = window.project.city_geometries()
    dialog = ImportDialog(window)
    qtbot.addWidget(dialog)
    dialog.pathEdit.setText(str(bad_corpus / case["file"]))
    dialog.load_preview()
    args = shlex.split(case["args"])
    if "--crs" in args:
        dialog.crsCombo.setCurrentText(args[args.index("--crs") + 1])
    elif dialog.error is None and dialog.chosen_crs() is None:
        # no silent default in the dialog: choose what the CLI reads degrees as, explicitly
        dialog.crsCombo.setCurrentIndex(dialog.crsCombo.findData("wgs84"))
    if dialog.error is None:
        with qtbot.waitSignal(dialog.checked, timeout=30_000):
            dialog.checkButton.click()
    assert dialog.error is not None and dialog.dataset is None
    text = dialog.summaryLabel.text()
    # in the dialog's words: the file named, what to do with its boxes, no command-line flag, none of the
    # reader's English advice (that stays in the message's tooltip)
    assert text.startswith(f"文件“{Path(case['file']).name}”"), text
    assert "请" in text and "--" not in text and "What to do" not in text, text
    assert not dialog.buttonBox.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    assert list(window.project.datasets) == before_datasets
    assert all(g.equals_exact(before_cities[k], 0) for k, g in window.project.city_geometries().items())


@pytest.mark.bad_corpus(select=lambda c: c["command"] == "areas")
def test_opening_a_bad_project_shows_a_message_and_keeps_the_current_one(bad_case, bad_corpus, window, monkeypatch):
    case = bad_case
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a, **k: shown.append(text))
    before = window.project
    assert not window.open_project(str(bad_corpus / case["file"]))
    assert shown and case["file"] in shown[0] and "What to do" in shown[0]
    assert window.project is before


def test_metres_get_the_suggested_crs_shown_before_confirming(window, qtbot, bad_corpus):
    dialog = ImportDialog(window)
    qtbot.addWidget(dialog)
    dialog.pathEdit.setText(str(bad_corpus / SUGGESTED))
    dialog.load_preview()
    assert "EPSG:4549" in dialog.crsNote.text() and "EPSG:4549" in dialog.crsCombo.currentText()
    assert dialog.chosen_crs() == "EPSG:4549"  # preselected from the numbers, the reason shown
    with qtbot.waitSignal(dialog.checked, timeout=30_000):
        dialog.checkButton.click()
    assert dialog.dataset is not None and dialog.dataset.crs_used == "EPSG:4549"
    assert "EPSG:4549" in dialog.summaryLabel.text()
