"""Keeps the canvas's layers in step with the session (a view of the model, as QGIS's canvas follows its
layers' signals): an edit re-draws the cities and the corridor only; datasets come and go as layers;
another project replaces the zone and dataset layers (the basemap stays)."""

from __future__ import annotations

from PyQt6.QtCore import QObject, Qt

from ..session import Session
from .canvas import MapCanvas
from .layer_factory import dataset_key, dataset_layer, reference_key, reference_layer, zone_layers
from .layers import CanvasLayer

EDITED_LAYERS = ("cities", "corridor")
FLAG_COLOUR = Qt.GlobalColor.red


class MapLayers(QObject):
    """The session → canvas adapter."""

    def __init__(self, session: Session, canvas: MapCanvas, lang: str = "zh") -> None:
        super().__init__(canvas)
        self.session = session
        self.canvas = canvas
        self.lang = lang
        session.project_replaced.connect(self.show_project)
        session.zones_changed.connect(self.on_zones_changed)
        session.datasets_changed.connect(self.sync_datasets)
        session.references_changed.connect(self.sync_references)
        session.edit_flagged.connect(lambda _problems: self.mark_flagged())

    def show_project(self) -> None:
        """All non-basemap layers afresh from the session's project."""
        for layer in list(self.canvas.layers):
            if not layer.key.startswith("basemap_"):
                self.canvas.remove_layer(layer)
        for layer in zone_layers(self.session.project, self.lang):
            self.canvas.add_layer(layer)
        self.sync_references()
        self.sync_datasets()

    def sync_references(self) -> None:
        """Reference layers above the basemap, below the points and the zones."""
        wanted = {reference_key(n): ref for n, ref in self.session.project.references.items()}
        for layer in [lyr for lyr in self.canvas.layers if lyr.key.startswith("reference:") and lyr.key not in wanted]:
            self.canvas.remove_layer(layer)
        for key, ref in wanted.items():
            layer = self.canvas.layer(key)
            if layer is not None and layer.gdf is not ref.features:
                self.canvas.remove_layer(layer)
                layer = None
            if layer is None:
                index = max((i + 1 for i, lyr in enumerate(self.canvas.layers)
                             if lyr.key.startswith(("basemap_", "reference:"))), default=0)
                self.canvas.add_layer(reference_layer(ref), index)

    def sync_datasets(self) -> None:
        """Add a layer for each new dataset, remove the layers of datasets that are gone."""
        wanted = {dataset_key(name): ds for name, ds in self.session.project.datasets.items()}
        for layer in [lyr for lyr in self.canvas.layers if lyr.is_dataset and lyr.key not in wanted]:
            self.canvas.remove_layer(layer)
        for key, ds in wanted.items():
            layer = self.canvas.layer(key)
            if layer is not None and layer.gdf is not ds.points:
                self.canvas.remove_layer(layer)
                layer = None
            if layer is None:
                self.canvas.add_layer(dataset_layer(ds), self._point_layer_index())

    def _point_layer_index(self) -> int:
        """Point clouds go above the basemap and the other point layers but below the zones, so borders and
        labels are never buried under a million points."""
        return max((i + 1 for i, lyr in enumerate(self.canvas.layers)
                    if lyr.key.startswith(("basemap_", "reference:")) or lyr.is_dataset), default=0)

    def on_zones_changed(self, _ids: set) -> None:
        for key in EDITED_LAYERS:
            layer = self.canvas.layer(key)
            if layer is not None:
                layer.gdf = self.session.project.layers[key]
                self.canvas.refresh_layer(layer)
        self.mark_flagged()

    def mark_flagged(self) -> None:
        """Cities with a flagged (accepted but invalid) edit are outlined in red, as the policy promises."""
        layer: CanvasLayer | None = self.canvas.layer("cities")
        if layer is None or not self.session.flagged:
            return
        ids = layer.gdf["id"].astype(str).tolist()
        for item in layer.feature_items:
            _, pos = item.data(0)
            if ids[pos] in self.session.flagged:
                pen = item.pen()
                pen.setColor(FLAG_COLOUR)
                pen.setWidthF(4)
                item.setPen(pen)
