"""Import dialog flow: preview, suggestion, skipped rows shown, bad file leaves the project unchanged."""

from __future__ import annotations

import pandas as pd
from PyQt6.QtWidgets import QDialogButtonBox

from corridor_gis import crs
from corridor_gis.app.import_dialog import ImportDialog


def _check(dialog, qtbot):
    with qtbot.waitSignal(dialog.checked, timeout=30_000):
        dialog.checkButton.click()


def test_bad_file_shows_error_and_keeps_project(window, qtbot, tmp_path):
    before = list(window.project.datasets)
    bad = tmp_path / "坏文件.csv"
    bad.write_text("名称,经度,纬度\n甲,abc,\n乙,,xyz\n", encoding="utf-8")
    dialog = ImportDialog(window)
    qtbot.addWidget(dialog)
    dialog.pathEdit.setText(str(bad))
    dialog.load_preview()
    dialog.crsCombo.setCurrentText("wgs84")
    _check(dialog, qtbot)
    assert dialog.dataset is None
    assert dialog.summaryLabel.text().startswith("文件“坏文件.csv”“经度/纬度”列：全部 2 行都无法定位。"
                                                 "第一个问题在第 2 行：经度列 '经度' 不是数字：'abc'。")
    assert not dialog.buttonBox.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    assert list(window.project.datasets) == before


def test_gcj02_list_with_skipped_rows(window, qtbot, tmp_path):
    glon, glat = crs.gcj02_from_wgs84([120.45, 120.68, 120.30], [36.15, 36.36, 36.10])
    table = pd.DataFrame({"单位名称": ["甲", "乙", "丙", "丁"], "类型": ["重点实验室"] * 4,
                          "东经": [*glon, None], "北纬": [*glat, 36.1]})
    path = tmp_path / "amap.csv"
    table.to_csv(path, index=False, encoding="gbk")
    dialog = ImportDialog(window)
    qtbot.addWidget(dialog)
    dialog.pathEdit.setText(str(path))
    dialog.load_preview()
    assert dialog.previewTable.rowCount() == 4
    assert dialog.xCombo.currentText() == "东经" and dialog.nameCombo.currentText() == "单位名称"
    assert "GCJ-02" in dialog.crsNote.text()  # the warning is shown before confirming
    dialog.crsCombo.setCurrentText("gcj02")
    _check(dialog, qtbot)
    assert dialog.skippedTable.rowCount() == 1 and dialog.skippedTable.item(0, 0).text() == "5"
    assert dialog.dataset.crs_used == "gcj02"
    window.add_dataset(dialog.dataset)
    assert window.active_dataset == "amap"
    assert window.result.corridor.total == 3
    assert window.canvas.layer("dataset:amap") is not None


def test_choosing_the_sheet_of_a_workbook(window, qtbot, bad_corpus):
    dialog = ImportDialog(window)
    qtbot.addWidget(dialog)
    dialog.pathEdit.setText(str(bad_corpus / "several_sheets.xlsx"))
    dialog.load_preview()
    assert dialog.sheetCombo.isEnabled()
    assert [dialog.sheetCombo.itemText(i) for i in range(dialog.sheetCombo.count())] == ["说明", "机构"]
    dialog.sheetCombo.setCurrentText("机构")  # the preview follows the chosen sheet
    assert dialog.xCombo.currentText() == "经度"
    dialog.crsCombo.setCurrentIndex(dialog.crsCombo.findData("wgs84"))  # no silent default: chosen
    _check(dialog, qtbot)
    assert dialog.dataset is not None and len(dialog.dataset) == 8


def test_choosing_the_layer_of_a_geopackage(window, qtbot, two_lists):
    path = two_lists
    dialog = ImportDialog(window)
    qtbot.addWidget(dialog)
    dialog.pathEdit.setText(str(path))
    dialog.load_preview()
    assert dialog.layerCombo.isEnabled() and dialog.layerCombo.currentData() is None  # no silent first layer
    assert [dialog.layerCombo.itemData(i) for i in range(dialog.layerCombo.count())] == [
        None, "2024年名单", "2025年名单", "范围"]
    assert not dialog.checkButton.isEnabled()
    dialog.layerCombo.setCurrentIndex(dialog.layerCombo.findData("2025年名单"))
    assert dialog.previewTable.rowCount() == 7 and dialog.checkButton.isEnabled()
    _check(dialog, qtbot)
    assert dialog.dataset is not None and len(dialog.dataset) == 7


def test_header_row_box_reads_the_table_under_the_given_row(window, qtbot, tmp_path, government_workbook):
    path = tmp_path / "标题.csv"
    path.write_text("2025年名录,,,\n单位：个,,,\n机构,种类,E,N\n甲,重点实验室,120.45,36.15\n乙,重点实验室,120.5,36.2\n",
                    encoding="utf-8")
    dialog = ImportDialog(window)
    qtbot.addWidget(dialog)
    dialog.pathEdit.setText(str(path))
    dialog.load_preview()
    dialog.headerRowSpin.setValue(3)  # as the spreadsheet shows it; the preview follows
    assert [dialog.previewTable.horizontalHeaderItem(i).text() for i in range(4)] == ["机构", "种类", "E", "N"]
    assert dialog.previewTable.rowCount() == 2
    dialog.xCombo.setCurrentText("E")
    dialog.yCombo.setCurrentText("N")
    dialog.crsCombo.setCurrentText("wgs84")
    _check(dialog, qtbot)
    assert list(dialog.dataset.table["row"]) == [4, 5]  # the header is not a data row
    # a government workbook: the header below the title is found without help
    dialog.pathEdit.setText(str(government_workbook()))
    dialog.load_preview()
    assert dialog.headerRowSpin.value() == 0 and dialog.xCombo.currentText() == "经度"


def _degrees_csv(path):
    pd.DataFrame({"名称": ["甲", "乙"], "类别": ["重点实验室"] * 2, "经度": [120.45, 120.5],
                  "纬度": [36.15, 36.2]}).to_csv(path, index=False)
    return path


def test_no_silent_crs_default(window, qtbot, tmp_path):
    dialog = ImportDialog(window)
    qtbot.addWidget(dialog)
    dialog.pathEdit.setText(str(_degrees_csv(tmp_path / "名单.csv")))
    dialog.load_preview()
    labels = [dialog.crsCombo.itemText(i) for i in range(dialog.crsCombo.count())]
    assert labels[:5] == ["请选择坐标系…", "来自高德/腾讯地图 GCJ-02", "来自百度地图 BD-09",
                          "GPS/天地图/北斗 WGS84/CGCS2000", "投影坐标 EPSG:4549"]
    assert dialog.chosen_crs() is None and "未注明坐标系" in dialog.crsNote.text()
    ok = dialog.buttonBox.button(QDialogButtonBox.StandardButton.Ok)
    assert not dialog.checkButton.isEnabled() and not ok.isEnabled()
    dialog.crsCombo.setCurrentIndex(dialog.crsCombo.findData("gcj02"))
    assert dialog.checkButton.isEnabled()
    _check(dialog, qtbot)
    assert dialog.dataset.crs_used == "gcj02" and ok.isEnabled()
    dialog.crsCombo.setCurrentIndex(dialog.crsCombo.findData("bd09"))  # a new choice needs a new check
    assert dialog.dataset is None and not ok.isEnabled()


def test_crs_preselected_from_evidence_with_the_reason(window, qtbot, tmp_path):
    dialog = ImportDialog(window)
    qtbot.addWidget(dialog)
    dialog.pathEdit.setText(str(_degrees_csv(tmp_path / "高德导出名单.csv")))
    dialog.load_preview()
    assert dialog.chosen_crs() == "gcj02" and "高德" in dialog.crsNote.text()
    _check(dialog, qtbot)
    assert dialog.dataset.crs_used == "gcj02"


def test_the_checked_summary_names_the_crs_once_in_the_uis_words(window, qtbot, tmp_path):
    """After a check the summary says 坐标系：GCJ-02 — not the reader's id (gcj02) followed by its English
    "CRS given: GCJ-02 (Amap/Tencent, 'Mars coordinates')", which repeated the box's choice."""
    path = tmp_path / "名单.csv"
    path.write_text("名称,类别,经度,纬度\n甲,重点实验室,120.45,36.15\n乙,重点实验室,,36.15\n", encoding="utf-8")
    dialog = ImportDialog(window)
    qtbot.addWidget(dialog)
    dialog.pathEdit.setText(str(path))
    dialog.load_preview()
    dialog.crsCombo.setCurrentIndex(dialog.crsCombo.findData("gcj02"))
    _check(dialog, qtbot)
    assert dialog.summaryLabel.text() == "可导入 1 行，跳过 1 行，重复 0 行。坐标系：GCJ-02。"
    assert dialog.dataset.crs_used == "gcj02"


def test_a_stated_crs_is_kept_and_said(window, qtbot, tmp_path):
    import geopandas as gpd

    path = tmp_path / "stated.gpkg"
    gpd.GeoDataFrame({"名称": ["甲"]}, geometry=gpd.points_from_xy([120.45], [36.15]), crs=4326).to_file(path)
    dialog = ImportDialog(window)
    qtbot.addWidget(dialog)
    dialog.pathEdit.setText(str(path))
    dialog.load_preview()
    assert dialog.crsCombo.currentText().startswith("文件中注明") and dialog.options().crs is None
    assert dialog.checkButton.isEnabled()


def test_notes_about_the_file_are_shown(window, qtbot, tmp_path, government_workbook):
    dialog = ImportDialog(window)
    qtbot.addWidget(dialog)
    path = tmp_path / "dup.csv"
    path.write_text("名称,类别,经度,纬度,类别\n甲,,120.45,36.15,重点实验室\n", encoding="utf-8")
    dialog.pathEdit.setText(str(path))
    dialog.load_preview()
    dialog.crsCombo.setCurrentIndex(dialog.crsCombo.findData("wgs84"))
    _check(dialog, qtbot)
    assert dialog.categoryCombo.currentText() == "类别.1"  # never an empty category column silently
    assert list(dialog.dataset.table["category"]) == ["key_lab"]
    dialog.pathEdit.setText(str(government_workbook()))
    dialog.load_preview()
    assert "表头：第 3 行" in dialog.summaryLabel.text()


def test_the_mapping_editor_lists_labels_and_the_users_choice_counts(window, qtbot, tmp_path):
    """Labels the rules cannot place (孵化器) are listed with their count; choosing 创新平台 for them counts them
    in the headline, the choice is kept in the project and saved as a label,category,level CSV."""
    path = tmp_path / "名单.csv"
    path.write_text("名称,类别,经度,纬度\n"
                    "甲,山东省重点实验室,120.47,36.12\n乙,孵化器,120.47,36.12\n丙,孵化器,120.47,36.12\n"
                    "丁,餐饮企业,120.30,36.30\n", encoding="utf-8")
    dialog = ImportDialog(window, window.session.category_map())
    qtbot.addWidget(dialog)
    dialog.pathEdit.setText(str(path))
    dialog.load_preview()
    dialog.crsCombo.setCurrentIndex(dialog.crsCombo.findData("wgs84"))
    _check(dialog, qtbot)
    editor = dialog.mapping
    assert editor.isVisibleTo(dialog)
    rows = {editor.table.item(r, 0).text(): r for r in range(editor.table.rowCount())}
    assert editor.table.item(rows["孵化器"], 1).text() == "2"
    combo = editor.table.cellWidget(rows["孵化器"], 2)
    assert combo.currentData() == "unknown"
    assert editor.table.cellWidget(rows["山东省重点实验室"], 3).currentData() == "provincial"
    assert "3 条记录类别未识别" in editor.note.text()
    combo.setCurrentIndex(combo.findData("platform"))
    assert set(dialog.dataset.table["category"]) == {"key_lab", "platform", "餐饮企业"}
    csv_path = tmp_path / "对照表.csv"
    assert editor.save_csv(str(csv_path))
    assert "孵化器,platform" in csv_path.read_text(encoding="utf-8-sig")
    window.session.set_category_map(dialog.category_map())
    window.add_dataset(dialog.dataset)
    assert window.result.corridor.total == 3 and window.result.corridor.inside == 3
    assert "孵化器" in window.session.category_map()
    assert window.windowTitle().startswith("*")  # a new list and a label decision are unsaved work


def test_skip_reasons_and_crs_advice_are_in_the_uis_language(window, qtbot, tmp_path):
    """Issue 12.6: the Chinese UI words the reader's reasons and advice in Chinese (the row numbers as the
    spreadsheet shows them)."""
    path = tmp_path / "名单.csv"
    path.write_text("名称,类别,经度,纬度\n甲,重点实验室,120.45,36.15\n乙,重点实验室,,36.15\n", encoding="utf-8")
    dialog = ImportDialog(window)
    qtbot.addWidget(dialog)
    dialog.pathEdit.setText(str(path))
    dialog.load_preview()
    dialog.crsCombo.setCurrentIndex(dialog.crsCombo.findData("wgs84"))
    _check(dialog, qtbot)
    assert dialog.skippedTable.item(0, 0).text() == "3"
    assert dialog.skippedTable.item(0, 1).text() == "经度列 '经度' 为空"


def _rows_shown(table) -> int:
    """How many rows of ``table`` its viewport shows whole (from the top)."""
    height = table.viewport().height()
    return sum(1 for r in range(table.rowCount()) if table.rowViewportPosition(r) + table.rowHeight(r) <= height)


def test_after_a_check_nothing_is_squashed_and_the_dialog_stays_on_screen(window, qtbot, tmp_path):
    """A list with labels the rules do not know (the mapping table appears), three skipped rows and no stated
    CRS: after the check every box keeps its height, the CRS note is whole, the skipped rows and a few labels
    and preview rows are shown, and the dialog fits the screen (the offscreen screen is 800 px high)."""
    labels = ["重点实验室", "工程技术研究中心", "新型研发机构", "孵化器", "众创空间", "神秘机构甲", "某某中心乙",
              "其他"]
    table = pd.DataFrame({"单位名称": [f"单位{i}" for i in range(40)], "类别": [labels[i % 8] for i in range(40)],
                          "经度": [120.40 + i * 0.005 for i in range(40)],
                          "纬度": [36.15 + i * 0.003 for i in range(40)]}).astype(object)
    table.loc[3, "经度"], table.loc[7, "纬度"], table.loc[11, "经度"] = None, "abc", 200
    path = tmp_path / "名单.csv"
    table.to_csv(path, index=False)
    dialog = ImportDialog(window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.pathEdit.setText(str(path))
    dialog.load_preview()
    dialog.crsCombo.setCurrentIndex(dialog.crsCombo.findData("wgs84"))
    _check(dialog, qtbot)
    qtbot.wait(50)  # the resize and the scroll area's layout
    assert dialog.mapping.isVisible() and dialog.skippedTable.rowCount() == 3
    assert dialog.screen().availableGeometry().contains(dialog.frameGeometry())
    for combo in (dialog.encodingCombo, dialog.crsCombo, dialog.xCombo, dialog.yCombo, dialog.categoryCombo,
                  dialog.nameCombo):
        assert combo.height() >= combo.sizeHint().height(), combo.objectName()
    note = dialog.crsNote
    assert note.text() and note.height() >= note.heightForWidth(note.width())  # the whole note, wrapped
    assert _rows_shown(dialog.skippedTable) == 3
    assert _rows_shown(dialog.previewTable) >= 4
    assert _rows_shown(dialog.mapping.table) >= 4


def test_the_crs_note_and_the_missing_column_message_speak_the_dialogs_language(window, qtbot, tmp_path):
    """No English and no command-line flags in the Chinese dialog: the CRS note says to choose in 坐标系 (not
    «read as WGS84 … re-import with --crs gcj02», while the box says 请选择坐标系); a CRS stated in the file is
    said in Chinese; without a longitude column the dialog says to choose it in 经度列 (not «pass --x»)."""
    import geopandas as gpd

    dialog = ImportDialog(window)
    qtbot.addWidget(dialog)
    dialog.pathEdit.setText(str(_degrees_csv(tmp_path / "名单.csv")))
    dialog.load_preview()
    note = dialog.crsNote.text()
    assert "请在“坐标系”中选择" in note and "GCJ-02" in note and "BD-09" in note
    assert "--" not in note and "CRS" not in note and "read as" not in note
    stated = tmp_path / "stated.gpkg"
    gpd.GeoDataFrame({"名称": ["甲"]}, geometry=gpd.points_from_xy([120.45], [36.15]), crs=4326).to_file(stated)
    dialog.pathEdit.setText(str(stated))
    dialog.load_preview()
    assert dialog.crsNote.text() == "坐标系取自文件：EPSG:4326"
    no_lon = tmp_path / "缺经度.csv"
    no_lon.write_text("名称,类别,东西,纬度\n甲,重点实验室,120.45,36.15\n", encoding="utf-8")
    dialog.pathEdit.setText(str(no_lon))
    dialog.load_preview()
    assert "请在“经度列”“纬度列”中选择" in dialog.crsNote.text()
    dialog.crsCombo.setCurrentIndex(dialog.crsCombo.findData("wgs84"))
    _check(dialog, qtbot)
    text = dialog.summaryLabel.text()
    assert dialog.dataset is None and dialog.error == text
    assert "请在“经度列”中选择" in text and "--" not in text and "cannot find" not in text
    dialog.xCombo.setCurrentText("东西")  # choosing the column in the box is enough
    _check(dialog, qtbot)
    assert dialog.dataset is not None and len(dialog.dataset) == 1
