"""*文件 → 导出简报…*: format (DOCX/PDF), title, indicator table and output file of the briefing document —
the same :func:`~corridor_gis.app.print_report.export_report` as ``corridor-gis report``. The paper is
A4 portrait (fixed); the dataset is the one chosen on the dashboard, counted as the dashboard counts it."""

from __future__ import annotations

from pathlib import Path

from PyQt6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from ..indicators import sample_path
from ..plan import CORRIDOR_NAME_ZH
from ..session import Session
from .export_dialog import ExportDialog
from .i18n import current_language
from .print_report import ReportOptions, ReportResult, export_report

SUFFIXES = {"DOCX": ".docx", "PDF": ".pdf"}


class ExportReportDialog(ExportDialog):
    """Choose the document and write it; :meth:`export` does the work (also callable without ``exec``)."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.result_: ReportResult | None = None
        self.setWindowTitle(self.tr("导出简报"))
        form = QFormLayout()
        form.addRow(self.tr("纸张"), QLabel(self.tr("A4 纵向（一至两页）")))
        self.format = QComboBox()
        self.format.addItem(self.tr("Word 文档 (DOCX)"), "DOCX")
        self.format.addItem("PDF", "PDF")
        self.format.currentIndexChanged.connect(self._format_changed)
        form.addRow(self.tr("格式"), self.format)
        self.title = QLineEdit()
        self.title.setPlaceholderText(session.project.metadata.get("title") or CORRIDOR_NAME_ZH)
        form.addRow(self.tr("标题"), self.title)
        dataset = session.dataset()
        shown = dataset.title_in(current_language()) if dataset else self.tr("（无点数据）")
        form.addRow(self.tr("数据集"), QLabel(shown))
        self.indicators = QLineEdit()
        self.indicators.setPlaceholderText(self.tr("内置示例（非官方）：") + sample_path().name)
        form.addRow(self.tr("指标表"), self.with_browse(self.indicators, self._browse_indicators))
        form.addRow(self.tr("输出文件"), self.output_row(str(Path.home() / "corridor_briefing.docx"),
                                                      self.tr("导出简报"), "Word (*.docx);;PDF (*.pdf)"))
        self.finish(form)

    def _format_changed(self) -> None:
        """Keep the output file's suffix in step with the chosen format."""
        text = self.output.text().strip()
        if text:
            self.output.setText(str(Path(text).with_suffix(SUFFIXES[self.format.currentData()])))

    def output_chosen(self, path: str) -> None:
        """A file picked with 浏览… sets the format from its suffix."""
        index = self.format.findData(next((f for f, s in SUFFIXES.items() if path.lower().endswith(s)), None))
        if index >= 0:
            self.format.setCurrentIndex(index)

    def _browse_indicators(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("指标表"), "", "CSV (*.csv)")
        if path:
            self.indicators.setText(path)

    def options(self) -> ReportOptions:
        return ReportOptions(title=self.title.text().strip() or None, lang=self.session.lang,
                             target=self.session.target, indicators=self.indicators.text().strip() or None)

    def export(self) -> ReportResult:
        """Write the document (the CLI's export, led by the dashboard's dataset); raises :class:`InputError`."""
        session = self.session
        dataset = session.dataset()
        imported = session.import_reports.get(session.active_dataset or "")
        return self.write(lambda: export_report(session.project, [dataset] if dataset else [],
                                                self.output.text().strip(), self.options(),
                                                [imported] if dataset else None))


def export_report_dialog(parent: QWidget | None, session: Session) -> ReportResult | None:
    """Ask for the document and write it; the result (path, pages, scale …) or ``None`` if cancelled. A
    window's status bar, if ``parent`` has one, says where it was written."""
    dialog = ExportReportDialog(session, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.result_ is None:
        return None
    status = getattr(parent, "statusBar", None)
    if callable(status):
        status().showMessage(dialog.tr("已导出 {0}").format(dialog.result_.path), 8000)
    return dialog.result_
