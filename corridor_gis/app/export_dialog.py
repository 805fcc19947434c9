"""What every export dialog shares (print layout, briefing document): OK writes the file with a wait
cursor; a bad choice (an :class:`InputError`) is shown and the dialog stays open, nothing written."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PyQt6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from ..errors import InputError
from .busy import wait_cursor

T = TypeVar("T")


class ExportDialog(QDialog):
    """Subclasses implement :meth:`export` (write the file, raise InputError) and connect OK to
    :meth:`_accept`."""

    result_ = None

    def finish(self, form) -> None:
        """Lay out the dialog: the form, then 导出 / Cancel (导出 runs :meth:`_accept`)."""
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("导出"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def with_browse(self, field: QLineEdit, slot: Callable[[], None]) -> QHBoxLayout:
        """``field`` with a 浏览… button beside it that runs ``slot``."""
        browse = QPushButton(self.tr("浏览…"))
        browse.clicked.connect(slot)
        row = QHBoxLayout()
        row.addWidget(field, 1)
        row.addWidget(browse)
        return row

    def output_row(self, suggested: str, title: str, filters: str) -> QHBoxLayout:
        """The output file field (:attr:`output`, starting at ``suggested``) whose 浏览… opens a save dialog
        titled ``title`` with ``filters``; a chosen file goes to :meth:`output_chosen`."""
        self.output = QLineEdit(suggested)

        def browse() -> None:
            path, _ = QFileDialog.getSaveFileName(self, title, self.output.text(), filters)
            if path:
                self.output.setText(path)
                self.output_chosen(path)

        return self.with_browse(self.output, browse)

    def output_chosen(self, path: str) -> None:
        """Called after the user picked ``path`` with 浏览… (subclasses follow it, e.g. with the format)."""

    def export(self):
        raise NotImplementedError

    def write(self, export: Callable[[], T]) -> T:
        """Run ``export`` with a wait cursor and keep its result."""
        with wait_cursor():
            self.result_ = export()
        return self.result_

    def _accept(self) -> None:
        try:
            self.export()
        except InputError as exc:
            QMessageBox.warning(self, self.tr("导出失败"), str(exc))
            return
        self.accept()
