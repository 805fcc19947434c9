"""The vendored Leaflet, inlined: its CSS with every ``url(images/...)`` turned into a data: URI."""

from __future__ import annotations

import base64
import re
from functools import cache
from pathlib import Path

LEAFLET_VERSION = "1.9.4"
VENDOR = Path(__file__).resolve().parent / "vendor" / "leaflet"


@cache
def leaflet_js() -> str:
    return (VENDOR / "leaflet.js").read_text(encoding="utf-8")


@cache
def leaflet_css() -> str:
    css = (VENDOR / "leaflet.css").read_text(encoding="utf-8")

    def inline(match: re.Match) -> str:
        data = base64.b64encode((VENDOR / match.group(1)).read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{data})"

    return re.sub(r"url\((images/[\w.-]+\.png)\)", inline, css)


def leaflet_licence() -> str:
    return (VENDOR / "LICENSE").read_text(encoding="utf-8")
