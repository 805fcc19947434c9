"""The vendored Leaflet (and Leaflet.heat, for lists drawn as a heatmap), inlined: Leaflet's CSS with every
``url(images/...)`` turned into a data: URI."""

from __future__ import annotations

import base64
import re
from functools import cache
from pathlib import Path

LEAFLET_VERSION = "1.9.4"
VENDOR = Path(__file__).resolve().parent / "vendor" / "leaflet"
LEAFLET_HEAT_VERSION = "0.2.0"
LEAFLET_HEAT = VENDOR.parent / "leaflet.heat"


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


@cache
def leaflet_heat_js() -> str:
    """Leaflet.heat (with simpleheat, its one dependency, in the same file): only in pages with a heatmap."""
    return (LEAFLET_HEAT / "leaflet-heat.js").read_text(encoding="utf-8")


def leaflet_heat_licence() -> str:
    return (LEAFLET_HEAT / "LICENSE").read_text(encoding="utf-8")
