"""*文件 → 导出地图…*: paper, orientation, dpi, title, extent, scale and output file for a print layout —
the same :func:`~corridor_gis.app.print_layout.export_map` as ``corridor-gis export-map``."""

from __future__ import annotations

from pathlib import Path

from PyQt6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from ..model import Dataset, Project
from ..plan import CORRIDOR_NAME_ZH
from .canvas import MapCanvas
from .export_dialog import ExportDialog
from .print_layout import PrintOptions, PrintResult, export_map
from .print_scale import PAPER_MM, Extent, format_scale, parse_scale

#: scales offered in the list (the field is editable: any 1:N can be typed)
SCALE_CHOICES = (50_000, 100_000, 150_000, 200_000, 250_000, 300_000, 500_000)


class ExportMapDialog(ExportDialog):
    """Choose the sheet and write it; :meth:`export` does the work (also callable without ``exec``)."""

    def __init__(self, project: Project, datasets: list[Dataset], parent: QWidget | None = None,
                 view: Extent | None = None) -> None:
        super().__init__(parent)
        self.project, self.datasets = project, datasets
        self.result_: PrintResult | None = None
        self.setWindowTitle(self.tr("导出地图"))
        form = QFormLayout()
        self.paper = QComboBox()
        self.paper.addItems(list(PAPER_MM))
        form.addRow(self.tr("纸张"), self.paper)
        self.orientation = QComboBox()
        self.orientation.addItem(self.tr("横向"), True)
        self.orientation.addItem(self.tr("纵向"), False)
        form.addRow(self.tr("方向"), self.orientation)
        self.dpi = QSpinBox()
        self.dpi.setRange(72, 1200)
        self.dpi.setValue(300)
        self.dpi.setSuffix(" dpi")
        form.addRow(self.tr("分辨率"), self.dpi)
        self.title = QLineEdit()
        self.title.setPlaceholderText(project.metadata.get("title") or CORRIDOR_NAME_ZH)
        form.addRow(self.tr("标题"), self.title)
        self.extent = QComboBox()
        if view is not None:
            self.extent.addItem(self.tr("当前地图视图"), view)
        self.extent.addItem(self.tr("科创大走廊"), "corridor")
        for city_id, name in zip(project.cities["id"], project.cities["name_zh"], strict=True):
            self.extent.addItem(str(name), f"city:{city_id}")
        self.extent.addItem(self.tr("经纬度范围 W,S,E,N…"), "box")
        self.box = QLineEdit()
        self.box.setPlaceholderText("120.3,36.0,120.8,36.5")
        self.box.setEnabled(False)
        self.extent.currentIndexChanged.connect(lambda: self.box.setEnabled(self.extent.currentData() == "box"))
        form.addRow(self.tr("范围"), self.extent)
        form.addRow("", self.box)
        self.scale = QComboBox()
        self.scale.setEditable(True)
        self.scale.addItem(self.tr("自动（适合范围）"), None)
        for n in SCALE_CHOICES:
            self.scale.addItem(format_scale(n), n)
        form.addRow(self.tr("比例尺"), self.scale)
        form.addRow(self.tr("输出文件"), self.output_row(str(Path.home() / "corridor_map.pdf"), self.tr("导出地图"),
                                                      "PDF (*.pdf);;PNG (*.png);;SVG (*.svg)"))
        self.finish(form)

    def options(self) -> PrintOptions:
        """The chosen options; raises :class:`InputError` for a scale or extent that cannot be read."""
        extent = self.extent.currentData()
        if extent == "box":
            extent = self.box.text().strip()
        text = self.scale.currentText().strip()
        index = self.scale.findText(text)
        scale = self.scale.itemData(index) if index >= 0 else parse_scale(text)
        return PrintOptions(paper=self.paper.currentText(), landscape=bool(self.orientation.currentData()),
                            dpi=self.dpi.value(), title=self.title.text().strip() or None, extent=extent,
                            scale=scale)

    def export(self) -> PrintResult:
        """Write the sheet to the output file (the CLI's export); raises :class:`InputError`."""
        return self.write(lambda: export_map(self.project, self.datasets, self.output.text().strip(),
                                             self.options()))


def canvas_view(canvas: MapCanvas) -> Extent:
    """The ground a map canvas shows now, in EPSG:4549 metres (its scene is EPSG:4549 with y flipped)."""
    rect = canvas.mapToScene(canvas.viewport().rect()).boundingRect()
    return Extent(rect.left(), -rect.bottom(), rect.right(), -rect.top())


def export_map_dialog(parent: QWidget | None, project: Project, datasets: list[Dataset],
                      canvas: MapCanvas | None = None) -> PrintResult | None:
    """Ask for the sheet and write it; the result (path, scale …) or ``None`` if cancelled. With the
    window's ``canvas``, "当前地图视图" (the view as it is now) is offered first."""
    dialog = ExportMapDialog(project, datasets, parent, canvas_view(canvas) if canvas is not None else None)
    return dialog.result_ if dialog.exec() == QDialog.DialogCode.Accepted else None
