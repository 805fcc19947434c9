"""What the headline counts, as a planner chooses it on the dashboard: the plan's categories checked by
default (重点实验室 + 新型研发机构 + 创新平台, the plan's 资源集聚度), high-tech firms optional, and the
designation level (all, 国家级, 省级以上 …). The same choice as the CLI's ``--count`` and ``--level``."""

from __future__ import annotations

from PyQt6.QtCore import pyqtSignal
from PyQt6.QtWidgets import QCheckBox, QComboBox, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from ..categories import parse_levels
from ..counting import CountingChoice
from ..plan import CATEGORIES, TARGET_CATEGORIES
from .i18n import current_language, tr

#: level choices: (spec for parse_levels or None = every level, label)
LEVEL_CHOICES = [(None, lambda: tr("全部级别")), ("national", lambda: tr("国家级")),
                 ("provincial+", lambda: tr("省级以上")), ("municipal+", lambda: tr("市级以上")),
                 ("district+", lambda: tr("区级以上"))]


class CountingBox(QGroupBox):
    """Check boxes per category and a level combo; emits :attr:`changed` with a CountingChoice."""

    changed = pyqtSignal(object)

    def __init__(self, parent=None) -> None:
        super().__init__(tr("统计口径"), parent)
        lang = current_language()
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.boxes: dict[str, QCheckBox] = {}
        for cat in CATEGORIES:
            box = QCheckBox(cat.name(lang).replace("&", "&&"))  # "R&D" is text, not a shortcut on D
            box.setChecked(cat.id in TARGET_CATEGORIES)
            box.toggled.connect(self._emit)
            self.boxes[cat.id] = box
            row.addWidget(box)
        layout.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("级别")))
        self.level = QComboBox()
        for spec, label in LEVEL_CHOICES:
            self.level.addItem(label(), spec)
        self.level.currentIndexChanged.connect(self._emit)
        row.addWidget(self.level, 1)
        self.reset = QPushButton(tr("恢复规划口径"))
        self.reset.clicked.connect(self.restore_plan)
        row.addWidget(self.reset)
        layout.addLayout(row)

    def choice(self) -> CountingChoice:
        chosen = tuple(cid for cid, box in self.boxes.items() if box.isChecked())
        default = chosen == tuple(TARGET_CATEGORIES)
        spec = self.level.currentData()
        return CountingChoice(categories=None if default else chosen,
                              levels=frozenset(parse_levels(spec)) if spec else None)

    def is_plan_default(self) -> bool:
        choice = self.choice()
        return choice.categories is None and choice.levels is None

    def restore_plan(self) -> None:
        for cid, box in self.boxes.items():
            box.blockSignals(True)
            box.setChecked(cid in TARGET_CATEGORIES)
            box.blockSignals(False)
        self.level.blockSignals(True)
        self.level.setCurrentIndex(0)
        self.level.blockSignals(False)
        self._emit()

    def _emit(self, *_args) -> None:
        self.setTitle(tr("统计口径") + ("" if self.is_plan_default() else tr("（已改变，非规划口径）")))
        self.changed.emit(self.choice())
