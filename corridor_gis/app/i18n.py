"""Translations: the UI is written in Chinese; English comes from ui/translations/corridor_gis_en.ts.

The .ts file is Qt Linguist's XML format (editable in Qt Linguist). PyQt6 wheels ship no ``lrelease``,
so instead of compiling to .qm we load the .ts at run time with a small QTranslator subclass. Language is
chosen by the ``CORRIDOR_GIS_LANG`` environment variable or the saved setting (zh by default); as in
QGIS, switching language takes effect on the next start.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path

from PyQt6.QtCore import QCoreApplication, QLibraryInfo, QSettings, QTranslator

from .. import paths

LANGUAGES = {"zh": "中文", "en": "English"}


class TsTranslator(QTranslator):
    """A QTranslator backed by a Qt Linguist .ts file (context-independent lookup as a fallback)."""

    def __init__(self, ts_path: Path) -> None:
        super().__init__()
        self.by_context: dict[tuple[str, str], str] = {}
        self.by_source: dict[str, str] = {}
        root = ET.parse(ts_path).getroot()
        for context in root.iter("context"):
            name = context.findtext("name", "")
            for message in context.iter("message"):
                source = message.findtext("source", "")
                translation = message.findtext("translation", "")
                if source and translation:
                    self.by_context[(name, source)] = translation
                    self.by_source.setdefault(source, translation)

    def translate(self, context, source_text, disambiguation=None, n=-1):
        if source_text is None:
            return None
        return self.by_context.get((context, source_text)) or self.by_source.get(source_text)

    def isEmpty(self) -> bool:
        return not self.by_source


def current_language() -> str:
    env = os.environ.get("CORRIDOR_GIS_LANG")
    if env in LANGUAGES:
        return env
    value = QSettings().value("ui/language", "zh")
    return value if value in LANGUAGES else "zh"


def set_language(lang: str) -> None:
    QSettings().setValue("ui/language", lang)


def install_qt_translator(app: QCoreApplication, lang: str) -> QTranslator | None:
    """Qt's own strings (OK/Cancel/Save in standard dialogs) from the translations Qt ships."""
    translator = QTranslator(app)
    locale = "zh_CN" if lang == "zh" else "en"
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(f"qtbase_{locale}", folder):
        app.installTranslator(translator)
        return translator
    return None


def install_translator(app: QCoreApplication, lang: str) -> QTranslator | None:
    """Install the translator for ``lang`` (our strings are written in Chinese, the source language)."""
    app._qt_translator = install_qt_translator(app, lang)  # keep a reference
    if lang == "zh":
        return None
    path = paths.ui_dir() / "translations" / f"corridor_gis_{lang}.ts"
    translator = TsTranslator(path)
    app.installTranslator(translator)
    return translator


def tr(text: str) -> str:
    """Translate a UI string outside a QObject."""
    return QCoreApplication.translate("corridor_gis", text)
