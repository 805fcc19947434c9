"""The plan's categories of innovation resources, and how users' labels map onto them.

Seed 002's 2027 target: 重点实验室、新型研发机构等资源集聚度占全市 45% 以上 — key labs, new R&D
institutions and similar platforms. High-tech firms are the subject of a separate +15% indicator
but are counted by
category too, so officials can see their concentration. Unknown labels are kept (never dropped) and
reported; they are not part of the headline share.
"""

from __future__ import annotations

import re

from .plan import CATEGORIES as _PLAN_CATEGORIES
from .plan import TARGET_CATEGORIES

#: canonical id → (Chinese name, English name), in the plan's order
CATEGORIES: dict[str, tuple[str, str]] = {c.id: (c.name_zh, c.name_en) for c in _PLAN_CATEGORIES}
__all__ = ["CATEGORIES", "TARGET_CATEGORIES", "category_name", "normalise_category"]

_SYNONYMS = {
    "key_lab": ["重点实验室", "实验室", "国家重点实验室", "全国重点实验室", "省重点实验室", "市重点实验室",
                "重點實驗室", "key lab", "key laboratory", "lab", "laboratory", "keylab", "key_lab"],
    "new_rd": ["新型研发机构", "新型研發機構", "研发机构", "新型研发", "new r&d", "new rd", "r&d institution",
               "new_rd", "rd institute", "research institute"],
    "platform": ["创新平台", "創新平台", "平台", "技术创新中心", "工程技术研究中心", "工程研究中心",
                 "企业技术中心",
                 "制造业创新中心", "科技创新平台", "platform", "innovation platform", "innovation centre",
                 "innovation center"],
    "hitech_firm": ["高新技术企业", "高新技術企業", "高企", "高新企业", "高新技术", "high-tech firm",
                    "hitech firm",
                    "high-tech enterprise", "hitech", "high tech", "hitech_firm", "firm"],
}
_LOOKUP = {re.sub(r"[\s_\-]+", " ", s.lower()).strip(): cid for cid, syns in _SYNONYMS.items()
           for s in syns}


def normalise_category(label: object) -> str | None:
    """Map a user's label to a canonical id, or ``None`` when unknown (the caller keeps the label)."""
    if label is None:
        return None
    key = re.sub(r"[\s_\-]+", " ", str(label).lower()).strip()
    return _LOOKUP.get(key)


def category_name(cid: str, lang: str = "zh") -> str:
    """Display name of a canonical id; unknown labels are shown as they were given."""
    if cid in CATEGORIES:
        return CATEGORIES[cid][0 if lang == "zh" else 1]
    return cid
