"""Refresh ui/translations/corridor_gis_en.ts from the source (like pylupdate6, for our setup).

Collects every string literal passed to ``tr()`` / ``self.tr()`` in corridor_gis/app/*.py and every
<string> in ui/*.ui; keeps existing translations, adds new sources as ``unfinished`` so a translator (or
Qt Linguist) can fill them in. tests/app/test_i18n.py fails while any string is untranslated.

    uv run python tools/update_translations.py
"""

from __future__ import annotations

import ast
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "ui" / "translations" / "corridor_gis_en.ts"
CONTEXT = "corridor_gis"


def _constants(tree: ast.AST) -> dict[str, str]:
    """Module-level NAME = "string" assignments, so tr(NAME) is found too."""
    out = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) \
                and isinstance(node.value.value, str):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    out[target.id] = node.value.value
    return out


def source_strings() -> list[str]:
    found: list[str] = []
    for path in sorted((ROOT / "corridor_gis" / "app").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        consts = _constants(tree)
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name != "tr":
                continue
            arg = node.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.append(arg.value)
            elif isinstance(arg, ast.Name) and arg.id in consts:
                found.append(consts[arg.id])
    for ui in sorted((ROOT / "ui").glob("*.ui")):
        for el in ET.parse(ui).getroot().iter("string"):
            if el.text and any(ord(ch) > 0x2E80 for ch in el.text):
                found.append(el.text)
    return list(dict.fromkeys(found))


def existing() -> dict[str, str]:
    if not TS.exists() or TS.stat().st_size < 20:
        return {}
    root = ET.parse(TS).getroot()
    return {m.findtext("source", ""): m.findtext("translation", "") or "" for m in root.iter("message")}


def main() -> None:
    old = existing()
    root = ET.Element("TS", version="2.1", language="en_GB", sourcelanguage="zh_CN")
    ctx = ET.SubElement(root, "context")
    ET.SubElement(ctx, "name").text = CONTEXT
    missing = 0
    for source in source_strings():
        msg = ET.SubElement(ctx, "message")
        ET.SubElement(msg, "source").text = source
        tr = ET.SubElement(msg, "translation")
        if old.get(source):
            tr.text = old[source]
        else:
            tr.set("type", "unfinished")
            missing += 1
    ET.indent(root)
    TS.parent.mkdir(parents=True, exist_ok=True)
    TS.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n'
                  + ET.tostring(root, encoding="unicode") + "\n", encoding="utf-8")
    print(f"wrote {TS}: {len(source_strings())} strings, {missing} untranslated")


if __name__ == "__main__":
    main()
