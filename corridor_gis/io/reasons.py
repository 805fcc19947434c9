"""The reader's messages as codes and parameters, worded in the user's language by the faces.

The reader keeps writing the English sentence (``ratio --json`` and scripts rely on ``reason``) and adds
the code and parameters (``ImportReport.coded_rows`` by row, ``ImportReport.coded`` by sentence); the
CLI's text output (``--lang``), the import dialog and the dashboard word them in Chinese or English with
:func:`skip_reason` and :func:`localize`. A message without a code (a rare
one, or from an older project) is shown as written.
"""

from __future__ import annotations

from collections.abc import Mapping

from .messages import clip

#: code → (English, Chinese); placeholders are the params' names
MESSAGES: dict[str, tuple[str, str]] = {
    # why a row could not be placed (skipped rows)
    "missing_x": ("missing longitude in column {column}", "经度列 {column} 为空"),
    "missing_y": ("missing latitude in column {column}", "纬度列 {column} 为空"),
    "not_number_x": ("not a number in column {column}: {value}", "经度列 {column} 不是数字：{value}"),
    "not_number_y": ("not a number in column {column}: {value}", "纬度列 {column} 不是数字：{value}"),
    "not_finite": ("coordinate is not finite (inf)", "坐标不是有限数值（inf）"),
    "swapped_degrees": ("longitude and latitude look swapped (x={x}, y={y}); swap the columns or pass --x/--y",
                        "经度与纬度似乎互换了（x={x}，y={y}）：请交换两列，或指定经度列、纬度列"),
    "swapped_metres": ("X and Y look swapped (x={x} is a northing, y={y} an easting in {crs})",
                       "X 与 Y 似乎互换了（x={x} 是北坐标，y={y} 是东坐标，{crs}）：请交换两列"),
    "out_of_range": ("out of range for {crs} degrees (x={x}, y={y}); projected metres? pass --crs EPSG:N",
                     "超出 {crs} 经纬度范围（x={x}，y={y}）：是投影坐标（米）吗？请选择投影坐标系"),
    "outside": ("outside Qingdao (lon {lon}, lat {lat} after {crs} → WGS84)",
                "不在青岛范围内（按 {crs} 换算为 WGS84 后经度 {lon}、纬度 {lat}；"
                "青岛约为经度 119.5–121.1、纬度 35.5–37.2）"),
    "empty_geometry": ("empty geometry", "几何为空"),
    "not_point": ("not a point geometry (import points, e.g. centroids)", "不是点要素（请导入点，例如面的中心点）"),
    # notes and CRS advice
    "offshore": ("{n} row(s) lie in the sea more than ~500 m from land (rows {rows}): a geocoding error or a "
                 "wrong CRS? They are counted as given.",
                 "{n} 行位于离岸约 500 米以外的海上（第 {rows} 行）：是地理编码错误还是坐标系不对？这些行按原样计入。"),
    "crs_unstated_degrees": ("CRS not stated: coordinates look like degrees, read as WGS84. Lists copied from Amap "
                             "(高德) or Tencent are GCJ-02 and from Baidu BD-09, ~300-600 m off: if so, re-import "
                             "with --crs gcj02 or --crs bd09",
                             "未说明坐标系：坐标看似经纬度，按 WGS84 读取。从高德或腾讯地图复制的名单是 GCJ-02，"
                             "从百度复制的是 BD-09，相差约 300–600 米；如是，请按 GCJ-02 或 BD-09 重新导入"),
    "crs_unstated_evidence": ("CRS not stated, read as WGS84; the names say {crs}: re-import as {crs}",
                              "未说明坐标系：坐标看似经纬度，按 WGS84 读取。从高德或腾讯地图复制的名单是 GCJ-02，"
                              "从百度复制的是 BD-09。文件名或列名提示为 {crs}：如是，请按 {crs} 重新导入"),
    "crs_unstated_evidence_wgs84": ("CRS not stated, read as WGS84; the names say WGS84 too",
                                    "未说明坐标系：坐标看似经纬度，按 WGS84 读取（文件名或列名也提示为 WGS84）。"
                                    "从高德或腾讯地图复制的名单是 GCJ-02，从百度复制的是 BD-09"),
    "crs_given": ("CRS given: {crs}", "已指定坐标系：{crs}"),
    # how the table was read (notes)
    "foreign_rows": ("the file is UTF-8 but row(s) {rows} are not ({n} rows): read them as GBK/GB18030 — check "
                     "their names, and save the file as 'CSV UTF-8'",
                     "文件是 UTF-8，但第 {rows} 行不是（共 {n} 行）：已按 GBK/GB18030 读取，请核对这些行的名称，"
                     "并将文件另存为“CSV UTF-8”"),
    "header_below_title": ("header found in row {rows} (rows above it are a title)",
                           "表头在第 {rows} 行（其上为标题行）；如不对，请在“表头所在行”中指定"),
    "sheet_header_below_title": ("header found in row {rows} of sheet '{sheet}' (rows above it are a title)",
                                 "表头在工作表“{sheet}”的第 {rows} 行（其上为标题行）；如不对，请在“表头所在行”中指定"),
    "sheet_chosen": ("read sheet '{sheet}', which holds the list (the first sheet '{first}' has no "
                     "longitude/latitude header)",
                     "读取了工作表“{sheet}”，名单在其中（第一个工作表“{first}”没有经纬度表头）；"
                     "如需其他工作表，请在“工作表”中选择"),
    "sheet_read": ("read sheet '{sheet}' of {sheets}", "读取了工作表“{sheet}”（工作表有 {sheets}）；如需其他工作表，"
                   "请在“工作表”中选择"),
    "sheet_too_wide": ("sheet '{sheet}' is {columns} columns wide: only the first {max} were read",
                       "工作表“{sheet}”有 {columns} 列：只读取了前 {max} 列"),
    "named_but_workbook": ("the file is named {suffix} but is a workbook: read as a workbook",
                           "文件扩展名是 {suffix}，但内容是工作簿：已按工作簿读取"),
    "named_but_text": ("the file is named {suffix} but is text: read as CSV",
                       "文件扩展名是 {suffix}，但内容是文本：已按 CSV 读取"),
    "duplicate_column": ("column '{column}' appears more than once; the first one was used",
                         "列“{column}”出现不止一次：使用了第一列"),
    "layer_read": ("read layer '{layer}' of {layers}", "读取了图层“{layer}”（图层有 {layers}）；如需其他图层，"
                   "请在“图层”中选择"),
    "dbf_encoding": ("the Shapefile does not state its text encoding (no .cpg): attributes read as {encoding}",
                     "Shapefile 未说明文字编码（没有 .cpg 文件）：属性按 {encoding} 读取（自动识别）；"
                     "如不对，请在“编码”中选择"),
    "crs_from_file": ("CRS from the file: {crs}", "坐标系取自文件：{crs}"),
}


def add_note(notes: list[str], coded: dict[str, tuple[str, dict]], text: str, code: str, **params: object) -> None:
    """Add the reader's English note ``text`` to ``notes`` and its code and params to ``coded``, for the faces
    that word it (:func:`localize`)."""
    notes.append(text)
    coded[text] = (code, params)


def zh_names(names: list[object], limit: int = 10) -> str:
    """Names for a Chinese sentence: “甲”、“乙” … (共 N 个)."""
    shown = "、".join(f"“{clip(n, 40)}”" for n in names[:limit])
    return shown + (f" …（共 {len(names)} 个）" if len(names) > limit else "")


def render(code: str, params: Mapping[str, object], lang: str = "en") -> str:
    english, chinese = MESSAGES[code]
    return (chinese if lang == "zh" else english).format(**params)


def skip_reason(item: Mapping, coded_rows: Mapping[int, tuple[str, dict]] | None, lang: str = "en") -> str:
    """A skipped row's reason in ``lang`` (the reader's English text when its code is not at hand)."""
    coded = (coded_rows or {}).get(item.get("row"))
    if lang != "zh" or coded is None or coded[0] not in MESSAGES:
        return str(item.get("reason", ""))
    return render(coded[0], coded[1], lang)


def localize(text: str, coded: Mapping[str, tuple[str, dict]], lang: str = "en") -> str:
    """A reader's note or CRS sentence in ``lang``: ``coded`` maps the English text to (code, params)."""
    if lang != "zh" or text not in coded:
        return text
    code, params = coded[text]
    return render(code, params, lang)
