"""A table that asks for only the rows it must show: its preferred height is its minimum height.

A plain table view prefers a fixed ~192 px whatever its rows. In the import dialog the tables share a scroll
area whose word-wrapped contents are sized by their preferred heights; a table asking for more than it needs
pushes the rest below the fold. With the preferred height at the minimum (set to a few rows by the dialog),
the tables take the room left over (their stretch) and the dialog scrolls only when the screen is small."""

from __future__ import annotations

from PyQt6.QtCore import QSize
from PyQt6.QtWidgets import QTableWidget


class RowsTable(QTableWidget):
    """:class:`QTableWidget` preferring its minimum height (see the module's note)."""

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), max(self.minimumHeight(), self.minimumSizeHint().height()))
