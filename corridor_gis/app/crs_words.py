"""The import preview's CRS sentences in the UI's language: the reader's CRS note and the evidence behind a
preselected CRS, worded from their codes (the reader's ``crs_note`` is the command line's English, with its
flags) and pointing to the dialog's own boxes. Moved out of :mod:`.import_dialog`, which holds the form."""

from __future__ import annotations

from ..io.crs_evidence import LABELS as CRS_LABELS
from .i18n import tr


def crs_note_words(info: dict) -> str:
    """The preview's CRS sentence in the UI's language, pointing to the dialog's own boxes (the reader's
    ``crs_note`` is the CLI's English, with its flags); the reader's text when it brings no code."""
    code, params = info.get("crs_code") or ("", {})
    words = {
        "layers": lambda: tr("文件中有 {0} 个图层：请先在“图层”中选择。").format(params.get("n", "")),
        "file": lambda: tr("坐标系取自文件：{0}").format(params.get("crs", "")),
        "no_file_crs": lambda: tr("文件没有坐标系（缺少 .prj 文件？）。"),
        "format_wgs84": lambda: tr("按文件格式的定义为 WGS84；基于高德的工具导出的是 GCJ-02。"),
        "columns_not_found": lambda: tr("未找到经度/纬度列：请在“经度列”“纬度列”中选择。"),
        "no_numbers": lambda: tr("坐标列中没有数值，无法判断坐标系：请检查“经度列”“纬度列”。"),
        "degrees": lambda: tr("坐标看似经纬度。从高德或腾讯地图复制的名单是 GCJ-02，从百度复制的是 BD-09"
                              "（相差约 300–600 米），GPS/天地图/北斗为 WGS84。"),
        "gk_metres": lambda: tr("坐标看似青岛规划用的米制坐标 CGCS2000 / 3° 高斯-克吕格 120°E（EPSG:4549）。"),
        "gk_swapped": lambda: tr("坐标看似 X、Y 互换的 EPSG:4549 米制坐标（经度列约 {0}，纬度列约 {1}）："
                                 "请在“经度列”“纬度列”中交换两列。").format(params.get("x", ""), params.get("y", "")),
        "unknown_metres": lambda: tr("坐标看似未知投影的米制坐标：请在“坐标系”中输入其 EPSG 编号（如 EPSG:4549）。"),
    }
    return words[code]() if code in words else str(info.get("crs_note", ""))


def evidence_words(evidence: str | None, where: dict, reason: str) -> str:
    """What the file's names say about its CRS (the preselection's reason), in the UI's language; the
    reader's sentence when it brings no details; empty without evidence."""
    if not reason:
        return ""
    if not where:
        return reason + "。"
    seen = tr("、").join(where.get("seen") or [])
    place = {"file_name": lambda: tr("文件名"), "column_names": lambda: tr("列名"),
             "column": lambda: tr("“{0}”列（{1}）").format(where.get("column", ""), where.get("value", ""))}
    at = place[where["where"]]() if where.get("where") in place else ""
    if evidence is None:
        return tr("{0}提到 {1}，互相矛盾：请自行选择。").format(at, seen)
    return tr("{0}提到 {1}，可能是 {2}。").format(at, seen, CRS_LABELS.get(evidence, evidence))
