"""What every export dialog shares (print layout, briefing document): OK writes the file with a wait
cursor; a bad choice (an :class:`InputError`) is shown and the dialog stays open, nothing written."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from typing import TypeVar

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QMessageBox, QVBoxLayout

from ..errors import InputError

T = TypeVar("T")


@contextmanager
def wait_cursor():
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


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
