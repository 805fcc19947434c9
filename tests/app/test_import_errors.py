"""What the import dialog says when a list cannot be read: the UI's language, the file, row and column, and
the dialog's own boxes (编码, 工作表, 图层, 表头所在行, 经度列 …) instead of the command line's flags — and the
project stays as it was. An error the dialog has no words for is shown as the reader wrote it."""

from __future__ import annotations

import re

import geopandas as gpd
import pytest
from PyQt6.QtCore import QCoreApplication
from PyQt6.QtWidgets import QDialogButtonBox

from corridor_gis import paths
from corridor_gis.app.i18n import TsTranslator
from corridor_gis.app.import_dialog import ImportDialog
from corridor_gis.errors import InputError

LIST = "名称,类别,经度,纬度\n" + "".join(f"实验室{i},重点实验室,120.{40 + i},36.{10 + i}\n" for i in range(5))


@pytest.fixture
def open_dialog(window, qtbot):
    """``open_dialog(path)``: the import dialog on ``path``, previewed; checks afterwards that the project
    did not change (datasets, cities) and that OK stays disabled."""
    before = (list(window.project.datasets), window.project.city_geometries())
    dialogs = []

    def make(path, lang: str | None = None) -> ImportDialog:
        dialog = ImportDialog(window)
        if lang:
            dialog.lang = lang
        qtbot.addWidget(dialog)
        dialog.pathEdit.setText(str(path))
        dialog.load_preview()
        dialogs.append(dialog)
        return dialog

    yield make
    assert list(window.project.datasets) == before[0]
    assert all(g.equals_exact(before[1][k], 0) for k, g in window.project.city_geometries().items())
    for dialog in dialogs:
        assert dialog.dataset is None
        assert not dialog.buttonBox.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


def _check(dialog, qtbot) -> str:
    if dialog.chosen_crs() is None:
        dialog.crsCombo.setCurrentIndex(dialog.crsCombo.findData("wgs84"))
    with qtbot.waitSignal(dialog.checked, timeout=30_000):
        dialog.checkButton.click()
    return dialog.summaryLabel.text()


def _dialogs_words(text: str) -> None:
    """Chinese, no command-line flag, none of the reader's English advice."""
    assert re.search("[\u4e00-\u9fff]", text)
    assert "--" not in text and "What to do" not in text and "pass " not in text, text


def test_a_list_read_in_the_wrong_encoding_names_the_row_and_the_encoding_that_works(open_dialog, tmp_path):
    path = tmp_path / "名单.csv"
    path.write_bytes(LIST.encode("gbk"))
    dialog = open_dialog(path)
    assert dialog.error is None  # detected as GB18030
    dialog.encodingCombo.setCurrentText("utf-8")  # the user forces UTF-8: the preview reads again and fails
    text = dialog.summaryLabel.text()
    assert dialog.error == text
    assert text.startswith("文件“名单.csv”第 1 行：这一行不是有效的 utf-8 文本")
    assert "整个文件按 gb18030 可以读取：请在“编码”中选择“自动”（自动识别）或 gb18030" in text
    _dialogs_words(text)
    # the reader's own text (as the command line prints it) is kept, as the message's tooltip
    assert "--encoding gb18030" in dialog.summaryLabel.toolTip()


def test_a_utf8_list_with_gbk_rows_read_as_utf8_lists_those_rows(open_dialog, tmp_path):
    path = tmp_path / "名单.csv"
    path.write_bytes(LIST.encode() + "乙,重点实验室,120.45,36.15\n".encode("gbk"))
    dialog = open_dialog(path)
    dialog.encodingCombo.setCurrentText("utf-8")
    text = dialog.summaryLabel.text()
    assert text.startswith("文件“名单.csv”第 7 行：")
    assert "只有第 7 行不是：请在“编码”中选择“自动”" in text
    _dialogs_words(text)


def test_a_gbk_list_with_one_foreign_row_names_that_row(open_dialog, tmp_path):
    path = tmp_path / "名单.csv"
    rows = "".join(f"崂山实验室{i},重点实验室,120.{i:06d},36.1\n" for i in range(9_000))
    path.write_bytes(("名称,类别,经度,纬度\n" + rows).encode("gbk") + b"\x80\x80,x,1,2\n")
    text = open_dialog(path).summaryLabel.text()
    assert text.startswith("文件“名单.csv”第 9002 行：文件按 gb18030 编码读取，但这一行不是")
    _dialogs_words(text)


@pytest.mark.parametrize(("raw", "expected"), [
    (b"", "文件“名单.csv”：文件是空的：请重新导出名单"),
    (b"x" * 70_000 + b"\n1\n", "文件“名单.csv”第 1 行：第一行超过 64 KB 仍没有换行，不是表格"),
    (b",".join(b"c%d" % i for i in range(600)) + b"\n1\n", "文件“名单.csv”第 1 行：表头有 600 个字段（超过 500 个），"
                                                          "不像机构名单"),
    (b"\x00\x01\x02" * 100 + bytes(range(128, 256)) * 40, "文件“名单.csv”："),
])
def test_files_that_are_not_lists(open_dialog, tmp_path, raw, expected):
    path = tmp_path / "名单.csv"
    path.write_bytes(raw)
    text = open_dialog(path).summaryLabel.text()
    assert text.startswith(expected), text
    _dialogs_words(text)


def test_a_header_without_rows_and_a_header_row_beyond_the_table(open_dialog, qtbot, tmp_path):
    path = tmp_path / "名单.csv"
    path.write_text("名称,类别,经度,纬度\n", encoding="utf-8")
    dialog = open_dialog(path)
    text = _check(dialog, qtbot)
    assert text.startswith("文件“名单.csv”第 2 行：表头（名称、类别、经度、纬度）下面没有数据行")
    assert "请在“表头所在行”中指定" in text
    path.write_text(LIST, encoding="utf-8")
    dialog.load_preview()
    dialog.headerRowSpin.setValue(40)  # beyond the table: the preview reads again and says so
    text = dialog.summaryLabel.text()
    assert text.startswith("文件“名单.csv”第 40 行：表格只有 6 行，没有这一行：请在“表头所在行”中改为表头的行号")
    _dialogs_words(text)


def test_lon_lat_and_category_columns_missing(open_dialog, qtbot, tmp_path):
    path = tmp_path / "名单.csv"
    path.write_text("名称,类别,东西,纬度\n甲,重点实验室,120.45,36.15\n", encoding="utf-8")
    dialog = open_dialog(path)
    text = _check(dialog, qtbot)
    assert text == ("文件“名单.csv”：找不到经度列（文件的列为 名称、类别、东西、纬度）：请在“经度列”中选择；"
                    "表头不在第一行时，先在“表头所在行”中指定。")
    # the list is saved again without its 类别 column while the dialog is open, 类别 still chosen in 类别列
    path.write_text(LIST, encoding="utf-8")
    dialog.load_preview()
    assert dialog.categoryCombo.currentText() == "类别"
    path.write_text(LIST.replace("类别,", "").replace("重点实验室,", ""), encoding="utf-8")
    text = _check(dialog, qtbot)
    assert text == "文件“名单.csv”“类别”列：没有这一列（文件的列为 名称、经度、纬度）：请在“类别列”中重新选择。"


def test_every_row_unplaceable_says_the_first_rows_reason_and_the_boxes(open_dialog, qtbot, tmp_path):
    path = tmp_path / "名单.csv"
    path.write_text("名称,经度,纬度\n甲,36.11,120.45\n乙,36.12,120.46\n", encoding="utf-8")
    text = _check(open_dialog(path), qtbot)
    assert text.startswith("文件“名单.csv”“经度/纬度”列：全部 2 行都无法定位。"
                           "第一个问题在第 2 行：经度与纬度似乎互换了")
    assert text.endswith("请检查“经度列”“纬度列”和“坐标系”的选择。")
    _dialogs_words(text)


def test_an_empty_sheet_and_an_unreadable_workbook(open_dialog, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "空表"
    sheet = book.create_sheet("机构")
    for line in LIST.splitlines():
        sheet.append(line.split(","))
    path = tmp_path / "名单.xlsx"
    book.save(path)
    dialog = open_dialog(path)
    assert dialog.sheetCombo.currentText() == "机构"  # the sheet with the list, found
    dialog.sheetCombo.setCurrentText("空表")
    text = dialog.summaryLabel.text()
    assert text == "文件“名单.xlsx”：工作表“空表”是空的：请在“工作表”中选择名单所在的工作表。"
    broken = tmp_path / "坏.xlsx"
    broken.write_bytes(path.read_bytes()[:2_000])
    text = open_dialog(broken).summaryLabel.text()
    assert text.startswith("文件“坏.xlsx”：无法读取该 .xlsx 工作簿（")
    assert text.endswith("请在 Excel/WPS 中打开并另存为 .xlsx，或将工作表导出为“CSV UTF-8”。")


def test_an_unreadable_layer(open_dialog, tmp_path):
    path = tmp_path / "名单.shp"
    gpd.GeoDataFrame({"名称": ["甲"]}, geometry=gpd.points_from_xy([120.45], [36.15]), crs=4326).to_file(path)
    path.with_suffix(".shx").unlink()
    text = open_dialog(path).summaryLabel.text()
    assert text.startswith("文件“名单.shp”：无法读取该矢量文件（")
    assert text.endswith("请检查能否在 QGIS 中打开；Shapefile 需要同一文件夹中的 .shx 和 .dbf 文件。")


def test_an_error_without_words_is_shown_as_the_reader_wrote_it(open_dialog, tmp_path, monkeypatch):
    unknown = InputError(str(tmp_path / "名单.csv"), "a problem no face words yet", row=3, hint="pass --future")
    monkeypatch.setattr("corridor_gis.app.import_dialog.preview", lambda *a, **k: (_ for _ in ()).throw(unknown))
    dialog = open_dialog(tmp_path / "名单.csv")
    assert dialog.summaryLabel.text() == str(unknown)  # nothing lost: file, row, message and advice
    # and words that do not fit this version's values fall back the same way
    odd = InputError(str(tmp_path / "名单.csv"), "sheet 'x' is empty", kind="sheet_empty", params={"other": 1})
    monkeypatch.setattr("corridor_gis.app.import_dialog.preview", lambda *a, **k: (_ for _ in ()).throw(odd))
    dialog.load_preview()
    assert dialog.summaryLabel.text() == str(odd)


def test_the_english_ui_words_the_error_in_english_with_its_boxes(open_dialog, tmp_path):
    translator = TsTranslator(paths.ui_dir() / "translations" / "corridor_gis_en.ts")
    QCoreApplication.installTranslator(translator)
    try:
        path = tmp_path / "list.csv"
        path.write_bytes(LIST.encode("gbk"))
        dialog = open_dialog(path, lang="en")
        dialog.encodingCombo.setCurrentText("utf-8")
        text = dialog.summaryLabel.text()
    finally:
        QCoreApplication.removeTranslator(translator)
    assert text == ("File “list.csv”, row 1: this row is not valid utf-8 text; the whole file reads as gb18030: "
                    "choose “Auto” (detected) or gb18030 under “Encoding”.")


def test_both_coordinate_columns_missing_in_chinese_and_in_english(open_dialog, qtbot, tmp_path):
    """Neither 经度 nor 纬度 found: one sentence for the pair — in English with "or", "them" and "and" and the
    file's columns listed with commas, not Chinese enumeration commas run into the boxes' quotes."""
    path = tmp_path / "list.csv"
    path.write_text("名称,类别,地址\n崂山实验室,国家重点实验室,即墨区鳌山卫\n", encoding="utf-8")
    assert _check(open_dialog(path), qtbot) == (
        "文件“list.csv”：找不到经度、纬度列（文件的列为 名称、类别、地址）：请在“经度列”“纬度列”中选择；"
        "表头不在第一行时，先在“表头所在行”中指定。")
    translator = TsTranslator(paths.ui_dir() / "translations" / "corridor_gis_en.ts")
    QCoreApplication.installTranslator(translator)
    try:
        dialog = open_dialog(path, lang="en")
        note = dialog.crsNote.text()
        text = _check(dialog, qtbot)
    finally:
        QCoreApplication.removeTranslator(translator)
    assert text == ("File “list.csv”: no longitude or latitude column found (the file's columns are 名称, 类别, 地址): "
                    "choose them under “Longitude column” and “Latitude column”; if the header is not the first "
                    "row, set “Header row” first.")
    assert note == ("The file does not state its CRS: choose it in “CRS”. No longitude/latitude column found: "
                    "choose them in “Longitude column” and “Latitude column”.")


def test_the_english_crs_evidence_reads_as_a_sentence(open_dialog, tmp_path):
    path = tmp_path / "名单_高德.csv"
    path.write_text(LIST, encoding="utf-8")
    translator = TsTranslator(paths.ui_dir() / "translations" / "corridor_gis_en.ts")
    QCoreApplication.installTranslator(translator)
    try:
        dialog = open_dialog(path, lang="en")
        note, chosen = dialog.crsNote.text(), dialog.chosen_crs()
    finally:
        QCoreApplication.removeTranslator(translator)
    assert chosen == "gcj02"
    assert note == "Preselected from evidence: 高德 (Amap) is mentioned in the file name: probably GCJ-02."


def test_english_skipped_rows_point_to_the_boxes_not_to_flags(window, qtbot, tmp_path):
    """A row with lon/lat swapped and a row in metres, in the English UI: the skipped-rows table says which box
    to change (the reader's English says ``pass --x/--y`` and ``pass --crs EPSG:N``, for the command line)."""
    path = tmp_path / "list.csv"
    path.write_text(LIST + "swapped,重点实验室,36.12,120.46\nmetres,重点实验室,512345,4012345\n", encoding="utf-8")
    translator = TsTranslator(paths.ui_dir() / "translations" / "corridor_gis_en.ts")
    QCoreApplication.installTranslator(translator)
    try:
        dialog = ImportDialog(window)
        qtbot.addWidget(dialog)
        dialog.lang = "en"
        dialog.pathEdit.setText(str(path))
        dialog.load_preview()
        _check(dialog, qtbot)
        table = dialog.skippedTable
        reasons = {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}
    finally:
        QCoreApplication.removeTranslator(translator)
    assert reasons == {
        "7": "longitude and latitude look swapped (x=36.12, y=120.46): swap the columns under “Longitude column” "
             "and “Latitude column”",
        "8": "out of range for wgs84 degrees (x=512345, y=4.01234e+06): projected metres? choose the projected "
             "CRS under “CRS”"}


def test_how_the_table_was_read_is_said_in_the_dialogs_words(window, qtbot, tmp_path):
    """The reader's notes (which sheet, a header under a title, rows in another encoding) read in Chinese with
    the dialog's boxes, in the preview and after the check, not as the command line's English with its flags."""
    from openpyxl import Workbook

    book = tmp_path / "名录.xlsx"
    wb = Workbook()
    wb.active.title = "填表说明"
    wb.active.append(["请填写经纬度"])
    ws = wb.create_sheet("名单")
    for line in LIST.splitlines():
        ws.append(line.split(","))
    wb.save(book)
    mixed = tmp_path / "混合.csv"
    mixed.write_bytes(("2025年名录,,,\n" + LIST).encode() + "乙,重点实验室,120.45,36.15\n".encode("gbk"))
    expected = {book: "读取了工作表“名单”", mixed: "文件是 UTF-8，但第 8 行不是（共 1 行）：已按 GBK/GB18030 读取"}
    for path, words in expected.items():
        dialog = ImportDialog(window)
        qtbot.addWidget(dialog)
        dialog.pathEdit.setText(str(path))
        dialog.load_preview()
        assert words in dialog.summaryLabel.text()
        if path == book:  # the preview says why this sheet; the check, which one of which
            why = "（第一个工作表“填表说明”没有经纬度表头）；如需其他工作表，请在“工作表”中选择"
            assert why in dialog.summaryLabel.text()
        text = _check(dialog, qtbot)
        assert words in text
        _dialogs_words(text)
    assert "表头在第 2 行（其上为标题行）" in text  # the CSV's title row, said after the check


def test_a_file_that_cannot_be_read_leaves_no_rows_of_the_last_one_in_the_preview(open_dialog, tmp_path):
    good = tmp_path / "名单.csv"
    good.write_bytes(LIST.encode("gbk"))
    dialog = open_dialog(good)
    assert dialog.previewTable.rowCount() == 5
    dialog.encodingCombo.setCurrentText("utf-8")  # the same file forced into the wrong encoding
    dialog.load_preview()
    assert dialog.error and dialog.previewTable.rowCount() == 0 and dialog.previewTable.columnCount() == 0
    empty = tmp_path / "空.csv"
    empty.write_bytes(b"")
    dialog.encodingCombo.setCurrentIndex(0)
    dialog.pathEdit.setText(str(good))
    dialog.load_preview()
    assert dialog.previewTable.rowCount() == 5
    dialog.pathEdit.setText(str(empty))
    dialog.load_preview()
    assert dialog.previewTable.rowCount() == 0
