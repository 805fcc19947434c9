"""Identify (like QGIS's identify tool): the features under a map click, top layer first, with their
attributes in words — field names as users know them, categories by name, coordinates as imported."""

from __future__ import annotations

import numpy as np
import shapely

from ..analysis import zones_containing
from ..categories import category_name
from ..crs import from_wgs84, parse_crs
from ..measure import area_km2, area_km2_geodesic, length_km
from ..session import Session
from ..subdistricts import subdistrict_of
from .canvas import MapCanvas
from .i18n import tr
from .layers import CanvasLayer
from .map_event import IDENTIFY_RADIUS_PX, MapMouseEvent

MAX_POINTS = 5  # nearest points listed per dataset
#: internal field names of imported points → what the user calls them
FIELD_NAMES = {"row": lambda: tr("行号"), "name": lambda: tr("名称"), "category": lambda: tr("类别"),
               "category_label": lambda: tr("原始类别"), "level": lambda: tr("级别")}

Result = tuple[str, str, list[tuple[str, str]]]  # (layer title, feature title, [(field, value)])


class Identifier:
    """Finds and describes features of the canvas's visible layers."""

    def __init__(self, session: Session, canvas: MapCanvas) -> None:
        self.session = session
        self.canvas = canvas

    def at(self, event: MapMouseEvent, pixels: float = IDENTIFY_RADIUS_PX) -> list[Result]:
        lon, lat = event.lon, event.lat
        tol = event.search_radius_deg(pixels)
        results = []
        for layer in reversed(self.canvas.layers):
            if not layer.visible or layer.key == "basemap_city":
                continue
            if layer.is_dataset:
                xs, ys = layer.lonlat()  # the dataset's arrays: no shapely Points for a million rows
                d = np.hypot(xs - lon, ys - lat)
                hits = np.flatnonzero(d <= tol)
                hits = hits[np.argsort(d[hits])][:MAX_POINTS]
            else:
                geoms = layer.gdf.geometry.values
                types = shapely.get_type_id(geoms)
                near = shapely.dwithin(geoms, shapely.Point(lon, lat), tol)
                inside = shapely.intersects_xy(geoms, lon, lat)
                hits = np.flatnonzero(np.where(types >= 3, inside, near))
            results += [self.describe(layer, int(pos)) for pos in hits]
        return results

    def describe(self, layer: CanvasLayer, pos: int) -> Result:
        row = layer.gdf.iloc[pos]
        title = str(row.get("name_zh", row.get("name", row.get("id", pos))))
        if layer.is_dataset:
            xs, ys = layer.lonlat()
            lon, lat = float(xs[pos]), float(ys[pos])
            return layer.title, title, self._point_fields(layer, row, lon, lat) + self._where(lon, lat)
        geom = row.geometry
        fields = [(str(k), "" if v is None else str(v)) for k, v in row.items() if k != "geometry"]
        if geom.geom_type.endswith("Polygon"):
            fields += [(tr("面积 km² (EPSG:4549)"), f"{area_km2(geom):.3f}"),
                       (tr("面积 km² (椭球)"), f"{area_km2_geodesic(geom):.3f}")]
        elif geom.geom_type.endswith("LineString"):
            fields.append((tr("长度 km"), f"{length_km(geom):.2f}"))
        return layer.title, title, fields

    def _point_fields(self, layer: CanvasLayer, row, lon: float, lat: float) -> list[tuple[str, str]]:
        """An imported point's attributes in words, its WGS84 position and, for a list imported in another
        CRS, the position as the file gave it."""
        fields = []
        for key, value in row.items():
            if key == "geometry":
                continue
            text = "" if value is None else str(value)
            if key == "category":
                text = category_name(text)
            fields.append((FIELD_NAMES[key]() if key in FIELD_NAMES else str(key), text))
        fields.append((tr("经纬度 (WGS84)"), f"{lon:.6f}, {lat:.6f}"))
        dataset = layer.dataset or self.session.project.datasets.get(layer.key.removeprefix("dataset:"))
        if dataset is not None and dataset.crs_used not in ("wgs84", "cgcs2000", "EPSG:4326", "EPSG:4490"):
            try:
                x, y = from_wgs84([lon], [lat], parse_crs(dataset.crs_used))
                fields.append((tr("导入时坐标 ({0})").format(dataset.crs_used), f"{x[0]:.6f}, {y[0]:.6f}"))
            except ValueError:
                pass  # a CRS name we cannot parse back: WGS84 is shown
        return fields

    def _where(self, lon: float, lat: float) -> list[tuple[str, str]]:
        project = self.session.project
        names = {str(i): str(n) for layer_name in ("corridor", "cities", "bays") if layer_name in project.layers
                 for i, n in zip(project.layers[layer_name]["id"], project.layers[layer_name]["name_zh"],
                                 strict=True)}
        zones = [names.get(z, z) for z in zones_containing(project, lon, lat)]
        street = subdistrict_of([lon], [lat])[0]
        return [(tr("所在区域"), "，".join(zones) or tr("走廊外")),
                (tr("所在街道/镇"), f"{street}（© OpenStreetMap）" if street else "—")]
