"""The app's layer styles as QGIS QML, stored in a project's ``layer_styles`` table.

QGIS reads a GeoPackage's ``layer_styles`` table (the QGIS GeoPackage styling extension) and applies the
row marked ``useAsDefault`` when the layer is added, so a saved project looks in QGIS as it does in the
app. One source for the colours: ``layers/styles.json`` (:mod:`corridor_gis.styles`).
"""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import quoteattr

import pandas as pd

from .styles import LayerStyle, style_for

GEOMETRY_COLUMN = "geom"  # GDAL's default geometry column name in a GeoPackage


def _rgba(color: str | None, alpha: float = 1.0) -> str:
    if not color:
        return "0,0,0,0"
    c = color.lstrip("#")
    return f"{int(c[0:2], 16)},{int(c[2:4], 16)},{int(c[4:6], 16)},{round(255 * alpha)}"


def _opt(name: str, value: str) -> str:
    return f'<Option name={quoteattr(name)} type="QString" value={quoteattr(value)}/>'


def _symbol(kind: str, style: LayerStyle, fill: str | None, name: str) -> str:
    if kind == "fill":
        layer_class = "SimpleFill"
        options = [_opt("color", _rgba(fill)), _opt("style", "solid" if fill else "no"),
                   _opt("outline_color", _rgba(style.stroke)),
                   _opt("outline_style", "dash" if style.dash else ("solid" if style.stroke else "no")),
                   _opt("outline_width", f"{style.width * 0.26:.2f}"), _opt("outline_width_unit", "MM")]
    elif kind == "line":
        layer_class = "SimpleLine"
        options = [_opt("line_color", _rgba(style.stroke)), _opt("line_width", f"{style.width * 0.26:.2f}"),
                   _opt("line_width_unit", "MM"), _opt("line_style", "dash" if style.dash else "solid")]
    else:
        layer_class = "SimpleMarker"
        options = [_opt("color", _rgba(fill)), _opt("outline_color", _rgba(style.stroke)),
                   _opt("name", "circle"), _opt("size", f"{style.point_size * 0.26:.2f}"), _opt("size_unit", "MM")]
    return (f'<symbol type="{kind}" name={quoteattr(name)} alpha="{style.opacity:.2f}" clip_to_extent="1" '
            f'force_rhr="0"><layer class="{layer_class}" enabled="1" pass="0" locked="0">'
            f'<Option type="Map">{"".join(options)}</Option></layer></symbol>')


def layer_qml(key: str, geometry_kind: str, ids: list[str], labels: list[str] | None = None) -> str:
    """QML for one layer: a categorized renderer by ``id`` where the style colours features by id
    (the cities), else a single symbol; labels from the style's label field."""
    style = style_for(key)
    kind = {"polygon": "fill", "line": "line", "point": "marker"}[geometry_kind]
    if style.fill_by_id:
        labels = labels or ids
        categories = "".join(f'<category render="true" symbol="{i}" value={quoteattr(fid)} '
                             f'label={quoteattr(label)}/>' for i, (fid, label) in enumerate(zip(ids, labels,
                                                                                                  strict=True)))
        symbols = "".join(_symbol(kind, style, style.fill_for(fid), str(i)) for i, fid in enumerate(ids))
        renderer = (f'<renderer-v2 type="categorizedSymbol" attr="id" symbollevels="0" forceraster="0" '
                    f'enableorderby="0"><categories>{categories}</categories><symbols>{symbols}</symbols>'
                    f'</renderer-v2>')
    else:
        renderer = (f'<renderer-v2 type="singleSymbol" symbollevels="0" forceraster="0" enableorderby="0">'
                    f'<symbols>{_symbol(kind, style, style.fill, "0")}</symbols></renderer-v2>')
    labeling = ""
    if style.label:
        labeling = (f'<labeling type="simple"><settings><text-style fieldName={quoteattr(style.label)} '
                    f'fontFamily="Noto Sans CJK SC" fontSize="10" textColor="34,34,34,255">'
                    f'<text-buffer bufferDraw="1" bufferSize="1" bufferColor="255,255,255,255"/></text-style>'
                    f'</settings></labeling>')
    return ("<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>"
            f'<qgis version="3.34.0" styleCategories="Symbology|Labeling" labelsEnabled="{int(bool(labeling))}">'
            f"{renderer}{labeling}</qgis>")


def styles_table(layers: dict) -> pd.DataFrame:
    """One ``layer_styles`` row per zone layer, ready to write as an attributes-only table."""
    rows = []
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S")
    for key, gdf in layers.items():
        geom_type = str(gdf.geom_type.dropna().iloc[0]) if len(gdf) else "Polygon"
        kind = "polygon" if "Polygon" in geom_type else ("line" if "Line" in geom_type else "point")
        ids = [str(i) for i in gdf["id"]] if "id" in gdf else []
        names = [str(n) for n in gdf["name_zh"]] if "name_zh" in gdf else ids
        rows.append({"f_table_catalog": "", "f_table_schema": "", "f_table_name": key,
                     "f_geometry_column": GEOMETRY_COLUMN, "styleName": f"corridor-gis {key}",
                     "styleQML": layer_qml(key, kind, ids, names), "styleSLD": "", "useAsDefault": True,
                     "description": "style of the corridor-gis app (layers/styles.json)", "owner": "",
                     "ui": "", "update_time": now})
    return pd.DataFrame(rows)
