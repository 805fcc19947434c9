"""The editing part of the app: the edit menu and toolbar buttons, the undo stack and its history dock,
the vertex tool, the status line while editing, autosave, and the what-if comparisons.

State (geometries, history, policy, flags, baseline) lives in the :class:`~corridor_gis.session.Session`;
this object only turns user actions into session calls and session events into text.
"""

from __future__ import annotations

from pathlib import Path

from PyQt6.QtCore import QObject, Qt, pyqtSignal
from PyQt6.QtGui import QAction, QActionGroup, QKeySequence
from PyQt6.QtWidgets import QDockWidget, QLabel, QMainWindow, QMenu, QMessageBox, QUndoView

from ..errors import InputError
from ..model import Project
from ..session import FLAG, REFUSE, Session
from . import recovery
from .edit_tool import VertexTool
from .file_dialogs import open_file
from .i18n import tr
from .messages import flagged_text, live_text, refusal_text
from .undo import SessionUndoStack

AUTOSAVE_EVERY = 3  # edits
REFUSED_STYLE = "color: #c0392b"


class EditActions(QObject):
    """Builds the edit UI into ``window`` and connects it to ``session``."""

    liveFigures = pyqtSignal(str)

    def __init__(self, window: QMainWindow, session: Session, status: QLabel) -> None:
        super().__init__(window)
        self.window = window
        self.session = session
        self.status = status
        self.undo_stack = SessionUndoStack(session, self)
        self.vertex_tool = VertexTool(window.canvas, session, self.undo_stack.push_command)
        self._edits_since_autosave = 0
        session.preview_changed.connect(self._on_preview)
        session.edit_refused.connect(self._on_refused)
        session.edit_flagged.connect(self._on_flagged)
        session.zones_changed.connect(self._on_zones_changed)
        # bound methods, not lambdas: PyQt drops them when the window is destroyed
        self.undo_stack.indexChanged.connect(self._maybe_autosave)
        self.liveFigures.connect(status.setText)

    # ------------------------------------------------------------------------------- building
    def build(self, tool_group: QActionGroup, toolbar, before_menu: QAction, tabify_with: QDockWidget) -> None:
        w = self.window
        menu = QMenu(tr("编辑"), w)
        w.menuBar().insertMenu(before_menu, menu)  # after 文件, as in QGIS
        self.act_undo = self.undo_stack.createUndoAction(w, tr("撤销"))
        self.act_undo.setShortcut(QKeySequence("Ctrl+Z"))
        self.act_redo = self.undo_stack.createRedoAction(w, tr("重做"))
        self.act_redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        menu.addAction(self.act_undo)
        menu.addAction(self.act_redo)
        menu.addSeparator()
        self.act_vertex = QAction(tr("顶点编辑"), w, checkable=True)
        self.act_vertex.setShortcut(QKeySequence("V"))
        self.act_vertex.triggered.connect(lambda: w.canvas.set_tool(self.vertex_tool))
        tool_group.addAction(self.act_vertex)
        menu.addAction(self.act_vertex)
        self.act_snap = QAction(tr("吸附"), w, checkable=True, checked=True)
        self.act_snap.setShortcut(QKeySequence("S"))
        self.act_snap.toggled.connect(lambda on: setattr(self.session.snap_index, "enabled", on))
        menu.addAction(self.act_snap)
        self.act_topo = QAction(tr("拓扑编辑（共用顶点一起移动）"), w, checkable=True, checked=True)
        self.act_topo.toggled.connect(lambda on: setattr(self.session, "topological", on))
        menu.addAction(self.act_topo)
        policy = QActionGroup(w)
        for code, label in ((REFUSE, tr("无效编辑：拒绝")), (FLAG, tr("无效编辑：标红"))):
            act = QAction(label, w, checkable=True, checked=code == self.session.policy)
            act.triggered.connect(lambda _c, code=code: setattr(self.session, "policy", code))
            policy.addAction(act)
            menu.addAction(act)
        menu.addSeparator()
        menu.addAction(tr("设为对比基准（当前边界）"), self.set_baseline)
        menu.addAction(tr("与基准对比…"), self.compare_with_baseline)
        menu.addAction(tr("与项目文件对比…"), self.compare_with_file)
        for act in (self.act_vertex, self.act_undo, self.act_redo):
            toolbar.addAction(act)
        history = QDockWidget(tr("编辑历史"), w)
        history.setObjectName("history")
        self.undo_view = QUndoView(self.undo_stack)
        self.undo_view.setEmptyLabel(tr("<打开时的状态>"))
        history.setWidget(self.undo_view)
        w.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, history)
        w.tabifyDockWidget(tabify_with, history)
        tabify_with.raise_()
        self.history_dock = history

    # ------------------------------------------------------------------------------- status
    def preview(self, new) -> str:
        """Live figures for geometries being dragged (the vertex tool calls the session the same way)."""
        return live_text(self.session.preview(new))

    def _on_preview(self, live) -> None:
        """The live figures of a drag. A temporary status-bar message (已保存 …, or 已导入 … for 20 s after the
        first import) hides the bar's normal widgets, this edit line among them: a drag takes it away, so the
        areas are seen while they change (a refusal's message comes after the drag, and stays)."""
        if live is not None:
            self.window.statusBar().clearMessage()
        self.liveFigures.emit(live_text(live))

    def _on_zones_changed(self, changed: set) -> None:
        geoms = self.session.geometries()
        self.status.setText(live_text(self.session.live_figures(geoms, changed)) if changed else "")

    def _on_refused(self, problems) -> None:
        self._show_problem(refusal_text(problems, self.session))

    def _on_flagged(self, problems) -> None:
        self._show_problem(flagged_text(problems, self.session))

    def _show_problem(self, message: str) -> None:
        self.status.setText(message)
        self.status.setStyleSheet(REFUSED_STYLE)
        self.window.statusBar().showMessage(message, 10000)

    def _maybe_autosave(self, _index: int) -> None:
        self.status.setStyleSheet("")
        self._edits_since_autosave += 1
        if self._edits_since_autosave >= AUTOSAVE_EVERY:
            self._edits_since_autosave = 0
            recovery.autosave(self.session.project)

    # ------------------------------------------------------------------------------ what-if
    def set_baseline(self) -> None:
        self.session.set_baseline()
        self.window.statusBar().showMessage(tr("已将当前边界设为对比基准"), 5000)

    def compare_with_baseline(self) -> None:
        from .whatif_dialog import WhatIfDialog

        if self.session.baseline is None:
            self.set_baseline()
        WhatIfDialog(self.session.baseline, self.session.project, self.session.dataset(), tr("基准"), tr("当前"),
                     self.window).exec()

    def compare_with_file(self) -> None:
        from .whatif_dialog import WhatIfDialog

        path = open_file(self.window, tr("对比的项目"), "GeoPackage (*.gpkg)")
        if not path:
            return
        try:
            other = Project.load(path)
        except InputError as exc:
            QMessageBox.warning(self.window, tr("无法打开项目"), str(exc))
            return
        WhatIfDialog(other, self.session.project, self.session.dataset(), Path(path).name, tr("当前"),
                     self.window).exec()
