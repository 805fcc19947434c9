"""The HTML fragments of the briefing map — ratio panel, legend, footer, the figures' JSON — rendered from
Jinja templates (``templates/*.j2``) with autoescape on.

What is shown comes from :class:`corridor_gis.report.RatioReport` (one report model for the CLI, this
page and the dashboard); the chart is :func:`corridor_gis.chart_svg.bar_chart_svg`, the same SVG the
dashboard draws. Templates only lay out: no figure is formatted here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from ..chart_svg import bar_chart_svg
from ..report import COLOURS, RatioReport
from .safety import script_json

TEMPLATES = Path(__file__).resolve().parent / "templates"


@cache
def environment() -> jinja2.Environment:
    """The templates' environment: autoescape on for every template, undefined names are errors."""
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


def static_text(name: str) -> str:
    """A static asset of the page (stylesheet, error hook) from the templates folder."""
    return (TEMPLATES / name).read_text(encoding="utf-8")


def page_script_template() -> str:
    """The page script as a folium macro template (rendered by folium, data via script_json)."""
    return static_text("page.js.j2")


@dataclass(frozen=True)
class LegendZone:
    title: str
    fill: str
    stroke: str


@dataclass(frozen=True)
class LegendCategory:
    """A symbol class of a point list: ``shape`` is ``dot`` (a category's point), ``heat`` (a step of the
    heat ramp) or ``cluster`` (the cluster circle)."""

    name: str
    colour: str
    shape: str = "dot"


def ratio_panel(reports: list[RatioReport], title: str) -> str:
    """The right-hand panel: ``reports[0]`` (the lead) first and large, the others folded below."""
    sections = [{"report": r, "chart": Markup(bar_chart_svg(r.chart))} for r in reports if r.headline]
    return environment().get_template("panel.html.j2").render(title=title, sections=sections, colours=COLOURS)


def legend(zones: list[LegendZone], categories: list[LegendCategory], heading: str = "图例") -> str:
    return environment().get_template("legend.html.j2").render(heading=heading, zones=zones, categories=categories)


def footer(parts: list[str]) -> str:
    return environment().get_template("footer.html.j2").render(parts=parts)


def ratio_data(documents: list[dict]) -> str:
    """The ``ratio --json`` documents as an inert JSON script element (escaped by script_json)."""
    return environment().get_template("ratio_data.html.j2").render(data=Markup(script_json(documents)))
