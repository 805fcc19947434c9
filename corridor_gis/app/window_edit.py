"""The editing half of the main window: edit menu and toolbar, undo history, refused/flagged edits,
autosave and recovery, what-if comparison, and the unsaved-changes prompt on close."""

from __future__ import annotations

from pathlib import Path

from PyQt6.QtCore import Qt
from PyQt6.QtGui import QAction, QActionGroup, QKeySequence
from PyQt6.QtWidgets import QDockWidget, QFileDialog, QMenu, QMessageBox, QUndoView

from ..errors import InputError
from ..model import Project
from . import recovery
from .editor import FLAG, REFUSE

APP_TITLE = "corridor-gis · 青岛科创大走廊"
AUTOSAVE_EVERY = 3  # edits


class EditingMixin:
    """Mixed into :class:`~corridor_gis.app.window.MainWindow` (needs its canvas, editor and project)."""

    # ------------------------------------------------------------------------------ editing
    def _build_edit_menu(self) -> None:
        menu = QMenu(self.tr("编辑"), self)
        self.menuBar().insertMenu(self.menuBar().actions()[1], menu)  # after 文件, as in QGIS
        stack = self.editor.undo_stack
        self.act_undo = stack.createUndoAction(self, self.tr("撤销"))
        self.act_undo.setShortcut(QKeySequence("Ctrl+Z"))
        self.act_redo = stack.createRedoAction(self, self.tr("重做"))
        self.act_redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        menu.addAction(self.act_undo)
        menu.addAction(self.act_redo)
        menu.addSeparator()
        self.act_vertex = QAction(self.tr("顶点编辑"), self, checkable=True)
        self.act_vertex.setShortcut(QKeySequence("V"))
        self.act_vertex.triggered.connect(lambda: self.canvas.set_tool(self.vertex_tool))
        self.act_pan.actionGroup().addAction(self.act_vertex)
        menu.addAction(self.act_vertex)
        self.act_snap = QAction(self.tr("吸附"), self, checkable=True, checked=True)
        self.act_snap.setShortcut(QKeySequence("S"))
        self.act_snap.toggled.connect(lambda on: setattr(self.editor.snap_index, "enabled", on))
        menu.addAction(self.act_snap)
        self.act_topo = QAction(self.tr("拓扑编辑（共用顶点一起移动）"), self, checkable=True, checked=True)
        self.act_topo.toggled.connect(lambda on: setattr(self.editor, "topological", on))
        menu.addAction(self.act_topo)
        policy = QActionGroup(self)
        for code, label in ((REFUSE, self.tr("无效编辑：拒绝")), (FLAG, self.tr("无效编辑：标红"))):
            act = QAction(label, self, checkable=True, checked=code == self.editor.policy)
            act.triggered.connect(lambda _c, code=code: setattr(self.editor, "policy", code))
            policy.addAction(act)
            menu.addAction(act)
        menu.addSeparator()
        menu.addAction(self.tr("设为对比基准（当前边界）"), self.set_baseline)
        menu.addAction(self.tr("与基准对比…"), self.compare_with_baseline)
        menu.addAction(self.tr("与项目文件对比…"), self.compare_with_file)
        self.toolbar.addAction(self.act_vertex)
        self.toolbar.addAction(self.act_undo)
        self.toolbar.addAction(self.act_redo)
        history = QDockWidget(self.tr("编辑历史"), self)
        history.setObjectName("history")
        self.undo_view = QUndoView(stack)
        self.undo_view.setEmptyLabel(self.tr("<打开时的状态>"))
        history.setWidget(self.undo_view)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, history)
        self.tabifyDockWidget(self.identify_dock, history)
        self.identify_dock.raise_()
        self.history_dock = history

    def _on_edit_applied(self, changed: set) -> None:
        for key in ("cities", "corridor"):
            layer = self.canvas.layer(key)
            if layer is not None:
                layer.gdf = self.project.layers[key]
                layer.build(self.canvas.scene(), layer.group.zValue() if layer.group else 0)
        self._flag_cities()
        self.canvas.restack()
        self.vertex_tool.refresh_markers()
        self.refresh_figures()
        self.status_edit.setText(self.editor.live_text(self.project.city_geometries(), changed) if changed else "")
        self.update_title()

    def _flag_cities(self) -> None:
        """Cities with a flagged (accepted but invalid) edit are outlined in red, as the policy promises."""
        layer = self.canvas.layer("cities")
        if layer is None:
            return
        ids = layer.gdf["id"].astype(str).tolist()
        for item in layer.feature_items:
            _, pos = item.data(0)
            if ids[pos] in self.editor.flagged:
                pen = item.pen()
                pen.setColor(Qt.GlobalColor.red)
                pen.setWidthF(4)
                item.setPen(pen)

    def _on_refused(self, message: str) -> None:
        self.status_edit.setText(message)
        self.status_edit.setStyleSheet("color: #c0392b")
        self.statusBar().showMessage(message, 10000)

    def _maybe_autosave(self, _index: int) -> None:
        self.status_edit.setStyleSheet("")
        self._edits_since_autosave += 1
        if self._edits_since_autosave >= AUTOSAVE_EVERY:
            self._edits_since_autosave = 0
            recovery.autosave(self.project)

    def set_baseline(self) -> None:
        self.baseline = self.project.copy()
        self.statusBar().showMessage(self.tr("已将当前边界设为对比基准"), 5000)

    def _active_dataset(self):
        return self.project.datasets.get(self.active_dataset) if self.active_dataset else None

    def compare_with_baseline(self) -> None:
        from .whatif_dialog import WhatIfDialog

        if self.baseline is None:
            self.set_baseline()
        WhatIfDialog(self.baseline, self.project, self._active_dataset(), self.tr("基准"), self.tr("当前"),
                     self).exec()

    def compare_with_file(self) -> None:
        from .whatif_dialog import WhatIfDialog

        path, _ = QFileDialog.getOpenFileName(self, self.tr("对比的项目"), "", "GeoPackage (*.gpkg)")
        if not path:
            return
        try:
            other = Project.load(path)
        except InputError as exc:
            QMessageBox.warning(self, self.tr("无法打开项目"), str(exc))
            return
        WhatIfDialog(other, self.project, self._active_dataset(), Path(path).name, self.tr("当前"), self).exec()

    def closeEvent(self, event) -> None:
        if self.is_modified():
            answer = QMessageBox.question(
                self, APP_TITLE, self.tr("项目有未保存的修改，是否保存？"),
                QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel)
            if answer == QMessageBox.StandardButton.Cancel or (
                    answer == QMessageBox.StandardButton.Save and not self.save_project()):
                event.ignore()
                return
        recovery.clear()
        event.accept()

    def offer_recovery(self) -> bool:
        """At start: if a recovery file exists, offer to reopen it (the work of a crashed session)."""
        path = recovery.pending()
        if path is None:
            return False
        answer = QMessageBox.question(self, APP_TITLE, self.tr("发现上次未保存的工作（自动保存），是否恢复？"))
        if answer != QMessageBox.StandardButton.Yes:
            recovery.clear()
            return False
        try:
            project = recovery.load_recovered()
        except InputError as exc:
            QMessageBox.warning(self, self.tr("无法打开项目"), str(exc))
            return False
        self.show_project(project)
        self.recovered = True
        self.update_title()
        return True
