"""Why a list could not be read, as the import dialog says it: in the UI's language, naming the file, the row
and the column, and pointing to the dialog's own boxes (编码, 工作表, 表头所在行, 经度列 …) where the reader's
hint names a command-line flag (``--encoding``, ``--header-row N``).

The words come from the error's kind and values (:func:`corridor_gis.io.error_kinds.error_kind`), as
:func:`~corridor_gis.app.crs_words.crs_note_words` words the preview's CRS note. An error of a kind not
worded here (or with values this version does not expect) is shown as the reader wrote it: nothing it says is
lost.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..errors import InputError
from ..io.error_kinds import error_kind
from ..io.messages import MAX_NAMES
from ..io.reasons import skip_reason
from .i18n import tr

#: a column role (io.columns) → the dialog's box for it
BOXES: dict[str, Callable[[], str]] = {"longitude": lambda: tr("经度列"), "latitude": lambda: tr("纬度列"),
                                       "category": lambda: tr("类别列"), "name": lambda: tr("名称列")}
#: a column role in words
ROLES: dict[str, Callable[[], str]] = {"longitude": lambda: tr("经度"), "latitude": lambda: tr("纬度"),
                                       "category": lambda: tr("类别"), "name": lambda: tr("名称")}


def where(exc: InputError) -> str:
    """``文件“名单.csv”第 3 行“经度”列：`` — the parts the error has (a vector file's "(geometry)" is no column)."""
    if not exc.file:
        return ""
    name = Path(exc.file).name or exc.file
    column = exc.column if exc.column and "(geometry)" not in exc.column else None
    if exc.row is not None and column:
        return tr("文件“{0}”第 {1} 行“{2}”列：").format(name, exc.row, column)
    if exc.row is not None:
        return tr("文件“{0}”第 {1} 行：").format(name, exc.row)
    if column:
        return tr("文件“{0}”“{1}”列：").format(name, column)
    return tr("文件“{0}”：").format(name)


def list_separator() -> str:
    """The enumeration comma of the UI's language: 、 in Chinese, ", " in English (a translated string)."""
    return tr("、")


def names(param: dict) -> str:
    """A list of names (:func:`~corridor_gis.io.messages.names_param`) as the UI writes it: 名称、类别、经度…
    (名称, 类别, 经度 … in English)"""
    shown = list_separator().join(param["names"])
    more = param["total"] - len(param["names"])
    return shown + (tr("…（共 {0} 个）").format(param["total"]) if more > 0 else "")


#: a skipped row's reason (by its code) in the English UI where the reader's English names a command-line flag:
#: the dialog's boxes instead (the Chinese wording already names no flag)
DIALOG_REASONS_EN: dict[str, str] = {
    "swapped_degrees": "longitude and latitude look swapped (x={x}, y={y}): swap the columns under "
                       "“Longitude column” and “Latitude column”",
    "out_of_range": "out of range for {crs} degrees (x={x}, y={y}): projected metres? choose the projected CRS "
                    "under “CRS”",
}


def row_reason(item: dict, coded_rows: dict | None, lang: str) -> str:
    """Why a row was skipped, as the skipped-rows table says it: :func:`~corridor_gis.io.reasons.skip_reason`,
    except that the English UI points to the dialog's boxes where the reader's English says ``--x/--y`` or
    ``--crs EPSG:N``."""
    coded = (coded_rows or {}).get(item.get("row"))
    if lang != "zh" and coded is not None and coded[0] in DIALOG_REASONS_EN:
        try:
            return DIALOG_REASONS_EN[coded[0]].format(**coded[1])
        except (KeyError, IndexError, ValueError):  # values this version does not expect: the reader's words
            pass
    return skip_reason(item, coded_rows, lang)


def _encoding_invalid(p: dict, _lang: str) -> str:
    if "works" in p:
        return tr("这一行不是有效的 {encoding} 文本；整个文件按 {works} 可以读取：请在“编码”中选择“自动”"
                  "（自动识别）或 {works}。").format(**p)
    if "rows" in p:
        return tr("这一行不是有效的 {encoding} 文本；文件是 UTF-8，只有第 {rows} 行不是：请在“编码”中选择“自动”"
                  "（这些行按 GBK 读取，并在结果中列出），或改正这些行后另存为“CSV UTF-8”。").format(**p)
    return tr("这一行不是有效的 {encoding} 文本，常用编码也都无法读取整个文件：请在 Excel/WPS 中另存为"
              "“CSV UTF-8”后重新导入。").format(**p)


def _none_placed(p: dict, lang: str) -> str:
    """All rows failed: how many, the first row's reason as the skipped-rows table words it, and the boxes that
    decide where rows land (a vector file has no coordinate columns to choose)."""
    text = tr("全部 {0} 行都无法定位。").format(p["n"])
    if "row" in p:
        coded = {p["row"]: (p["code"], p.get("code_params") or {})} if p.get("code") else None
        reason = row_reason({"row": p["row"], "reason": p["reason"]}, coded, lang)
        text += tr("第一个问题在第 {0} 行：{1}。").format(p["row"], reason)
    return text + (tr("请检查“坐标系”的选择，或在“图层”中选择点图层。") if p.get("vector")
                   else tr("请检查“经度列”“纬度列”和“坐标系”的选择。"))


def _column(p: dict, _lang: str, given: bool) -> str:
    box, role = BOXES[p["role"]](), ROLES[p["role"]]()
    if given:
        return tr("没有这一列（文件的列为 {0}）：请在“{1}”中重新选择。").format(names(p["columns"]), box)
    return tr("找不到{0}列（文件的列为 {1}）：请在“{2}”中选择；表头不在第一行时，先在“表头所在行”中指定。"
              ).format(role, names(p["columns"]), box)


#: kind → its words (params, UI language) → the sentence after :func:`where`
WORDS: dict[str, Callable[[dict, str], str]] = {
    "file_not_found": lambda p, _l: tr("找不到该文件：请检查路径，或用“浏览…”选择文件。"),
    "is_folder": lambda p, _l: tr("这是一个文件夹，不是文件：请用“浏览…”选择其中的名单文件。"),
    "unsupported_type": lambda p, _l: tr("不支持 {suffix} 文件：请选择 CSV、Excel（XLSX/XLS）、GeoPackage、GeoJSON、"
                                         "Shapefile 或 KML 文件。").format(**p),
    "empty_file": lambda p, _l: tr("文件是空的：请重新导出名单，第一行为表头（名称,类别,经度,纬度）。"),
    "header_too_long": lambda p, _l: tr("第一行超过 {kb} KB 仍没有换行，不是表格：请重新导出为 CSV，第一行为表头"
                                        "（名称,类别,经度,纬度），其下每行一个机构。").format(**p),
    "too_many_fields": lambda p, _l: tr("表头有 {fields} 个字段（超过 {max} 个），不像机构名单：请确认选对了文件；"
                                        "名单只需名称、类别、经度、纬度几列。").format(**p),
    "wide_row": lambda p, _l: tr("开头的某一行有 {fields} 个字段（超过 {max} 个）：请检查分隔符，并确认这是机构名单。"
                                 ).format(**p),
    "nul_bytes": lambda p, _l: tr("按 {encoding} 解码后含有 NUL 字节（二进制文件或乱码）：请确认这是 CSV 文本文件；"
                                  "如知道其编码（如 utf-16、gbk），请在“编码”中选择。").format(**p),
    "csv_unreadable": lambda p, _l: tr("无法按 CSV 表格读取（{detail}）：请检查分隔符，以及每行的列数是否相同。"
                                       ).format(**p),
    "unknown_encoding": lambda p, _l: tr("未知的编码“{encoding}”：请在“编码”中选择“自动”或列出的编码。").format(**p),
    "encoding_invalid": _encoding_invalid,
    "encoding_row": lambda p, _l: tr("文件按 {encoding} 编码读取，但这一行不是（从别的文件复制来的？）：请改正或删除"
                                     "这一行，或在 Excel/WPS 中另存为“CSV UTF-8”。").format(**p),
    "undecodable": lambda p, _l: tr("常用编码（UTF-8、GBK/GB18030、Big5、UTF-16）都无法读取这些文本：请确认这是 CSV "
                                    "文本文件，并在 Excel/WPS 中另存为“CSV UTF-8”。"),
    "workbook_password": lambda p, _l: tr("工作簿设有密码：请在 Excel/WPS 中打开，取消密码（文件 → 信息 → 保护工作簿 → "
                                          "用密码进行加密，清空），保存后重新导入。"),
    "workbook_unreadable": lambda p, _l: tr("无法读取该 {format} 工作簿（{detail}）：请在 Excel/WPS 中打开并另存为 "
                                            ".xlsx，或将工作表导出为“CSV UTF-8”。").format(**p),
    "workbook_no_sheets": lambda p, _l: tr("工作簿中没有工作表：请在 Excel/WPS 中重新保存。"),
    "no_such_sheet": lambda p, _l: tr("没有名为“{sheet}”的工作表：请在“工作表”中选择。").format(**p),
    "sheet_empty": lambda p, _l: tr("工作表“{sheet}”是空的：请在“工作表”中选择名单所在的工作表。").format(**p),
    "sheet_without_list": lambda p, _l: tr("工作表“{sheet}”中没有经度列：请在“工作表”中选择名单所在的工作表。"
                                           ).format(**p),
    "zip_not_workbook": lambda p, _l: tr("文件名为 {suffix}，却是不含工作簿的 zip 压缩包：请先解压，或在 Excel/WPS 中"
                                         "另存为 .xlsx。").format(**p),
    "header_row_beyond": lambda p, _l: tr("表格只有 {rows} 行，没有这一行：请在“表头所在行”中改为表头的行号（与 "
                                          "Excel/WPS 显示的一致），或选“自动”。").format(**p),
    "no_rows": lambda p, _l: tr("表头（{0}）下面没有数据行：请在表头下方填入机构；表头不是这一行时，请在"
                                "“表头所在行”中指定。").format(names(p["columns"])),
    "no_such_column": lambda p, lang: _column(p, lang, given=True),
    "column_not_found": lambda p, lang: _column(p, lang, given=False),
    "no_numbers": lambda p, _l: tr("{n} 行的坐标列中都没有数字（第一个值：{first}）：请在“经度列”“纬度列”中检查所选"
                                   "的列；坐标应写成十进制度（如 120.4567）或度分秒（如 120°27′30″E）。").format(**p),
    "no_numbers_twice": lambda p, _l: tr("文件中有两个名为“{x}”/“{y}”的列，第一列为空或不是数字：请在“经度列”“纬度列”"
                                         "中选择“{x}.1”“{y}.1”，或在文件中删除或重命名多余的列。").format(**p),
    "crs_required": lambda p, _l: tr("坐标看似米制坐标，必须说明坐标系：请在“坐标系”中选择（如 EPSG:4549）。"),
    "crs_swapped_metres": lambda p, _l: tr("坐标看似 X、Y 互换的米制坐标：请在“经度列”“纬度列”中交换两列，并在"
                                           "“坐标系”中选择 EPSG:4549。"),
    "unknown_crs": lambda p, _l: tr("无法识别坐标系“{crs}”：请在“坐标系”中选择，或输入 EPSG 编号（如 EPSG:4549）。"
                                    ).format(**p),
    "none_placed": _none_placed,
    "vector_unreadable": lambda p, _l: tr("无法读取该矢量文件（{detail}）：请检查能否在 QGIS 中打开；Shapefile 需要"
                                          "同一文件夹中的 .shx 和 .dbf 文件。").format(**p),
    "vector_no_crs": lambda p, _l: tr("文件没有坐标系（缺少 .prj 文件？），坐标也不像经纬度：请在“坐标系”中选择"
                                      "（如 EPSG:4549），或补上 .prj 文件。"),
    "no_such_layer": lambda p, _l: tr("没有名为“{layer}”的图层：请在“图层”中选择。").format(**p),
    "layer_required": lambda p, _l: tr("文件中有 {n} 个可能是名单的图层：请在“图层”中选择要导入的一个。").format(**p),
    "no_geometry": lambda p, _l: tr("该图层没有几何列：请在“图层”中选择点图层，或导入带经纬度列的表格（CSV/XLSX）。"),
}


def columns_not_chosen(path: str, roles: list[str], columns: list[str]) -> str:
    """The dialog's own refusal to check a table whose 经度列/纬度列 box is left on —, worded as
    ``column_not_found`` is (the file's columns listed, the boxes to use)."""
    listed = names({"names": columns[:MAX_NAMES], "total": len(columns)})
    start = tr("文件“{0}”：").format(Path(path).name)
    if len(roles) == 2:  # both: a sentence of its own, so that English can say "or", "them" and "and"
        return start + tr("找不到{0}、{1}列（文件的列为 {2}）：请在“{3}”“{4}”中选择；表头不在第一行时，先在“表头所在行”"
                          "中指定。").format(ROLES[roles[0]](), ROLES[roles[1]](), listed, BOXES[roles[0]](),
                                         BOXES[roles[1]]())
    return start + tr("找不到{0}列（文件的列为 {1}）：请在“{2}”中选择；表头不在第一行时，先在“表头所在行”中指定。"
                      ).format(ROLES[roles[0]](), listed, BOXES[roles[0]]())


def error_words(exc: InputError, lang: str = "zh") -> str:
    """What the dialog says about ``exc``: where (file, row, column) and what to do with its boxes, in the UI's
    language; the reader's own text when the kind is not worded here or its values are not as expected."""
    coded = error_kind(exc)
    if coded is None or coded[0] not in WORDS:
        return str(exc)
    kind, params = coded
    try:
        sentence = WORDS[kind](params, lang)
    except (KeyError, IndexError, ValueError):  # values this version does not know: the reader's words
        return str(exc)
    return where(exc) + sentence
