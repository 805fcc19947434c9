"""Canvas layers for a project: the offline basemap, the zone layers and the point datasets.

One place that turns model data into :class:`~corridor_gis.app.layers.CanvasLayer` s, used by the main
window and by anything else that draws the map (print layouts, screenshots), so every picture of the
map has the same layers, order and styles.
"""

from __future__ import annotations

from functools import cache

import geopandas as gpd
import pyogrio

from .. import paths
from ..model import Dataset, Project, Reference
from ..styles import layer_order, style_for
from .layers import CanvasLayer

BASEMAP_LAYERS = (("basemap_city", "city"), ("basemap_districts", "districts"))
SUBDISTRICTS_KEY = "basemap_subdistricts"
#: the boundary layers whose lines are drawn above the point clouds (their fills stay below)
BOUNDARY_KEYS = ("basemap_districts", SUBDISTRICTS_KEY)


@cache
def _basemap_frame(layer: str) -> gpd.GeoDataFrame:
    gdf = pyogrio.read_dataframe(paths.basemap_path(), layer=layer)
    gdf["id"] = gdf["code"]
    return gdf


def basemap_layers(lang: str = "zh") -> list[CanvasLayer]:
    """The bundled offline basemap (bottom first): land, district borders and the OSM 街道 (shown when
    zoomed in, with its ODbL attribution)."""
    layers = [CanvasLayer(key, style_for(key).title(lang), _basemap_frame(layer), style_for(key))
              for key, layer in BASEMAP_LAYERS]
    layers.insert(1, CanvasLayer(SUBDISTRICTS_KEY, style_for(SUBDISTRICTS_KEY).title(lang), _subdistricts(),
                                 style_for(SUBDISTRICTS_KEY)))
    for layer in layers:  # border lines above the point clouds, fills (if any) below them (issue #16)
        layer.outlines_on_top = layer.key in BOUNDARY_KEYS
    return layers


@cache
def _subdistricts() -> gpd.GeoDataFrame:
    from ..subdistricts import load_subdistricts

    gdf = load_subdistricts()
    if "id" not in gdf.columns:
        gdf["id"] = gdf["division_code"].astype(str) if "division_code" in gdf.columns else gdf.index.astype(str)
    return gdf


def zone_layers(project: Project, lang: str = "zh") -> list[CanvasLayer]:
    """The project's zone layers in the shared drawing order (bottom first)."""
    return [CanvasLayer(key, style_for(key).title(lang), project.layers[key], style_for(key))
            for key in layer_order() if key in project.layers]


def reference_key(name: str) -> str:
    """The canvas key of a reference layer."""
    return f"reference:{name}"


def reference_layer(ref: Reference) -> CanvasLayer:
    """A read-only reference layer (drawn as thin lines; removable)."""
    style = style_for("reference")
    return CanvasLayer(reference_key(ref.name), ref.name, ref.features, style, removable=True)


def dataset_key(name: str) -> str:
    """The canvas key of a dataset's layer."""
    return f"dataset:{name}"


def map_layers(project: Project, datasets: list[Dataset], lang: str = "zh") -> list[CanvasLayer]:
    """Every layer of a map of ``project`` in the canvas's order, bottom first: basemap, reference layers,
    point clouds, zones (borders and labels are never buried under the points)."""
    return [*basemap_layers(lang), *(reference_layer(r) for r in project.references.values()),
            *(dataset_layer(d, lang) for d in datasets), *zone_layers(project, lang)]


def dataset_layer(dataset: Dataset, lang: str = "zh") -> CanvasLayer:
    """A point dataset as a removable point-cloud layer, drawn from the dataset's table and lon/lat arrays
    (``dataset.points`` is never built for the map), titled with its provenance in ``lang``."""
    return CanvasLayer(dataset_key(dataset.name), dataset.title_in(lang), dataset.table, style_for("dataset"),
                       removable=True, dataset=dataset)
