"""Keeps the canvas's layers in step with the session (a view of the model, as QGIS's canvas follows its
layers' signals): an edit re-draws the cities and the corridor only; datasets come and go as layers;
another project replaces the zone and dataset layers (the basemap stays). Each dataset's renderer (符号样式)
goes both ways: chosen on the canvas → the session (saved in the project's metadata); a dataset layer added or
re-added (a project opened) → drawn with the style its project saved, by category when it saved none."""

from __future__ import annotations

from PyQt6.QtCore import QObject, Qt

from ..session import Session
from .canvas import MapCanvas
from .layer_factory import dataset_key, dataset_layer, reference_key, reference_layer, zone_layers
from .layers import CanvasLayer
from .point_styles import PointStyle

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
        canvas.pointStyleChanged.connect(self.on_point_style_changed)

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
        self._sync("reference:", {reference_key(n): (ref.features, ref)
                                  for n, ref in self.session.project.references.items()},
                   reference_layer, ("basemap_", "reference:"))

    def sync_datasets(self) -> None:
        """Point clouds above the basemap and the reference layers but below the zones, so borders and labels
        are never buried under a million points; each new one in the style the session keeps for it."""
        self._sync("dataset:", {dataset_key(n): (ds, ds) for n, ds in self.session.project.datasets.items()},
                   self._styled_dataset_layer, ("basemap_", "reference:", "dataset:"))

    def _styled_dataset_layer(self, dataset) -> CanvasLayer:
        """A dataset's layer, its renderer set from the session before it is built (no re-render after)."""
        layer = dataset_layer(dataset, self.lang)
        self.canvas.point_styles[layer.key] = PointStyle.from_settings(self.session.point_style(dataset.name))
        return layer

    def on_point_style_changed(self, key: str) -> None:
        """The user chose a renderer for a dataset layer: the session keeps it (saved with the project)."""
        name = key.removeprefix("dataset:")
        if key.startswith("dataset:") and name in self.session.project.datasets:
            self.session.set_point_style(name, self.canvas.point_style(key).settings())

    def _sync(self, prefix: str, wanted: dict, make, below: tuple[str, ...]) -> None:
        """Make the canvas's ``prefix`` layers match ``wanted`` (key → (data, item)): remove the layers of
        items that are gone or were replaced; add new ones just above the last layer whose key starts with
        one of ``below``. ``data`` is what a layer shows: a reference's frame, or the Dataset object itself
        (compared by identity; a dataset layer never holds ``dataset.points``)."""
        for layer in [lyr for lyr in self.canvas.layers if lyr.key.startswith(prefix)]:
            shown = layer.dataset if layer.dataset is not None else layer.gdf
            if layer.key not in wanted or shown is not wanted[layer.key][0]:
                self.canvas.remove_layer(layer)
        for key, (_frame, item) in wanted.items():
            if self.canvas.layer(key) is None:
                index = max((i + 1 for i, lyr in enumerate(self.canvas.layers) if lyr.key.startswith(below)),
                            default=0)
                self.canvas.add_layer(make(item), index)

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
