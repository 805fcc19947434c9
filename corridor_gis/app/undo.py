"""The app's undo stack over the session's edit history.

Each :class:`~corridor_gis.session.EditCities` command is pushed as a :class:`QUndoCommand` whose
``redo``/``undo`` step the session's :class:`~corridor_gis.session.EditHistory` — so Qt's undo/redo
actions and the history view work as usual, and the session stays the one owner of the geometry
(QGIS: QgsVectorLayerUndoCommand changes the layer; the canvas reacts to the layer's signals).
"""

from __future__ import annotations

from PyQt6.QtGui import QUndoCommand, QUndoStack

from ..history import Command
from ..session import Session


class SessionCommand(QUndoCommand):
    """One step of the session's history, as Qt's undo framework sees it."""

    def __init__(self, session: Session, command: Command) -> None:
        super().__init__(command.text)
        self.session = session
        self.command = command
        self._pushed = False

    def redo(self) -> None:
        if self._pushed:
            self.session.history.redo(self.session)
        else:  # QUndoStack.push calls redo once: the command enters the session's history here
            self.session.history.push(self.command, self.session)
            self._pushed = True

    def undo(self) -> None:
        self.session.history.undo(self.session)


class SessionUndoStack(QUndoStack):
    """A QUndoStack that mirrors the session's history (cleared when another project is loaded)."""

    def __init__(self, session: Session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        session.project_replaced.connect(self._on_project_replaced)
        session.history.changed.connect(self._follow_clean)

    def _on_project_replaced(self) -> None:
        self.clear()

    def push_command(self, command: Command) -> None:
        self.push(SessionCommand(self.session, command))

    def _follow_clean(self) -> None:
        if self.session.history.is_clean() and not self.isClean():
            self.setClean()
