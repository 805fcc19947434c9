"""The plan's categories of innovation resources, and how agencies' labels map onto them — by meaning.

Seed 002's 2027 target: 重点实验室、新型研发机构等资源集聚度占全市 45% 以上 — key labs, new R&D
institutions and similar platforms. High-tech firms are the subject of a separate +15% indicator but are
recognised too, so officials can see their concentration. Unknown labels are kept (never dropped) and
reported; they are not part of the headline share.

A label such as 山东省重点实验室 or 省级以上创新平台 carries two facts: a **level** (who designated it:
national / provincial / municipal / district, or unknown) and a **category**. :func:`classify` reads both.

How a label is read (after NFKC, traditional → simplified for the characters that matter, lower case):

* **Category by keyword, head last.** Chinese (and English) compound names put the head noun last, so of
  all category keywords found in the label the one that *ends last* decides; at equal ends the longer
  keyword wins. Hence 企业重点实验室 → key_lab, 高新技术企业研发中心 → platform (an R&D centre of a firm),
  XX研究院（新型研发机构） → new_rd, 国家工程实验室 → platform (工程实验室 is longer than 实验室).
  In English the text after " of/for/on/in " is a name and is ignored: State Key Laboratory of
  Marine Geology → key_lab.
* Keywords (see :data:`CATEGORY_KEYWORDS`): …实验室 → key_lab; 新型研发机构/研发机构/研究院/研究所 →
  new_rd (the "similar" R&D resources of the plan's 等); 创新平台/平台/技术创新中心/创新中心/
  工程(技术)研究中心/研究中心/企业技术中心/技术中心/研发中心/工程实验室/工作站/(工业)设计中心/
  检验检测中心/国际(科技)合作基地/中试基地 → platform;
  高新技术企业/高新企业/高企 → hitech_firm. So 研究院 is new_rd but 工程技术研究中心 is a platform (the
  head is 中心); 平台 alone is a platform.
* Not categories: 孵化器, 众创空间, 科技型中小企业, 专精特新企业, 高校, 医院, 中学, 餐饮企业 … stay
  unknown (``None``); the user maps them in the category map if their list means otherwise. A few head
  nouns say so explicitly (:data:`NOT_CATEGORY_KEYWORDS`): 省重点实验室培育基地 and 重点实验室（培育）
  are candidates, not key labs, so they are unknown (with their level); 孵化器创新平台 is still a platform.
* **Level by designator, nearest to the head.** Level words anywhere before the category keyword
  (国家级/国家/全国/省部共建/国家地方联合 → national; 省级/山东省 → provincial; 市级/青岛市 → municipal;
  区级/县级/崂山区/李沧区 …/胶州市 … → district; a bare 省/市/区/县 only at the very start) — the one
  nearest the keyword wins, so 青岛市崂山区重点实验室 → district and 省部共建国家重点实验室 → national.
  Without one before it, a level word after it counts (重点实验室（省级）). "…以上" (省级以上, 省级及以上,
  "and above") keeps the **named** level: 省级以上创新平台 → provincial, so it is counted by
  ``--level provincial+`` and its true level, if higher, is not invented. Bare place names in proper
  names (崂山实验室, 青岛… ) are not levels.
* A label with a level but no category (省级) is (None, level). Blank → (None, "unknown").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .plan import CATEGORIES as _PLAN_CATEGORIES
from .plan import TARGET_CATEGORIES

if TYPE_CHECKING:
    from .category_map import CategoryMap

#: canonical id → (Chinese name, English name), in the plan's order
CATEGORIES: dict[str, tuple[str, str]] = {c.id: (c.name_zh, c.name_en) for c in _PLAN_CATEGORIES}
#: designation levels, highest first; ``unknown`` when the label does not say
LEVELS: tuple[str, ...] = ("national", "provincial", "municipal", "district", "unknown")
LEVEL_NAMES: dict[str, tuple[str, str]] = {
    "national": ("国家级", "national"), "provincial": ("省级", "provincial"),
    "municipal": ("市级", "municipal"), "district": ("区（县）级", "district"),
    "unknown": ("级别未知", "level unknown"),
}
#: what the reader stores as ``category`` for a blank label
BLANK = "(none)"

__all__ = ["BLANK", "CATEGORIES", "LEVELS", "LEVEL_NAMES", "TARGET_CATEGORIES", "Classification",
           "category_name", "classify", "classify_labels", "level_name", "normalise_category", "parse_levels"]

# --------------------------------------------------------------------------------- normalisation
# traditional → simplified, only for characters in keywords, level words and Qingdao's place names
_TRAD = "國級點實驗發機構術創業臺東島區滄陽膠萊黃學醫飲檢測質數據製產聯設開資與縣嶗卽範試廠網電體"
_SIMP = "国级点实验发机构术创业台东岛区沧阳胶莱黄学医饮检测质数据制产联设开资与县崂即范试厂网电体"
_T2S = str.maketrans(_TRAD, _SIMP)


def _normalise(label: str) -> str:
    text = unicodedata.normalize("NFKC", label).translate(_T2S).lower()
    text = re.sub(r"r\s*(?:&|and)\s*d\b", "rd", text)  # R&D, R & D, R and D
    text = re.sub(r"[\s_\-–—/·・]+", " ", text).strip()
    text = re.sub(r"\bhigh tech\b", "hitech", text)
    text = re.sub(r"\bcentre(s?)\b", r"center\1", text)
    return text


# ------------------------------------------------------------------------------------- keywords
_EN = r"(?<![a-z]){}(?![a-z])"
#: category → keywords; Chinese are substrings, English (ASCII) are whole words (plural allowed)
CATEGORY_KEYWORDS: dict[str, tuple[str, ...]] = {
    "key_lab": ("重点实验室", "实验室", "key lab", "key labs", "key laborator(?:y|ies)", "laborator(?:y|ies)",
                "labs?", "keylab"),
    "new_rd": ("新型研发机构", "研发机构", "新型研发", "研究院", "研究所", "new rd", "new type rd",
               "rd institutions?", "rd institutes?", "research institutes?", "new research institutions?"),
    "platform": ("创新平台", "平台", "技术创新中心", "创新中心", "工程技术研究中心", "工程(技术)研究中心",
                 "工程研究中心", "研究中心", "企业技术中心", "技术中心", "研发中心", "工程中心", "制造业创新中心",
                 "工程实验室", "工作站", "设计中心", "检验检测中心", "检测中心", "合作基地", "中试基地",
                 "platforms?", "innovation centers?", "technology innovation centers?",
                 "engineering research centers?", "engineering technology research centers?",
                 "research centers?", "enterprise technology centers?", "technology centers?",
                 "rd centers?", "manufacturing innovation centers?", "engineering laborator(?:y|ies)",
                 "engineering labs?"),
    "hitech_firm": ("高新技术企业", "高新企业", "高技术企业", "高企", "hitech enterprises?", "hitech firms?",
                    "hitech compan(?:y|ies)"),
}
#: head nouns that are NOT one of the categories: when one of them ends last, the label is unknown
#: (省重点实验室培育基地 is a candidate for a key lab, not a key lab; 孵化器 is a carrier, not a platform)
NOT_CATEGORY_KEYWORDS: tuple[str, ...] = ("培育基地", "培育", "孵化器", "众创空间", "加速器", "incubators?",
                                          "cultivation bases?", "accelerators?")
#: whole labels that are abbreviations or the old exact synonyms (checked before the keywords)
_ALIASES: dict[str, tuple[str | None, str | None]] = {
    "国重": ("key_lab", "national"), "省重": ("key_lab", "provincial"), "市重": ("key_lab", "municipal"),
    "高新技术": ("hitech_firm", None), "hitech": ("hitech_firm", None), "firm": ("hitech_firm", None),
    "hte": ("hitech_firm", None),
}
_DISTRICTS = ("市南区", "市北区", "李沧区", "崂山区", "城阳区", "黄岛区", "即墨区", "西海岸新区", "胶州市", "平度市",
              "莱西市", "laoshan district", "licang district", "chengyang district", "huangdao district",
              "jimo district", "shinan district", "shibei district")
#: level → level words; Chinese words match anywhere, ``^`` words only at the start, English as words
LEVEL_WORDS: dict[str, tuple[str, ...]] = {
    "national": ("国家地方联合", "省部共建", "国家级", "全国", "国家", "national", "state(?= key)", "state level"),
    "provincial": ("山东省", "省级", "^省(?!份)", "shandong provincial", "shandong province", "provincial",
                   "province level"),
    "municipal": ("青岛市", "市级", "^市(?!场|政|民)", "qingdao municipal", "qingdao city", "municipal", "city level"),
    "district": (*_DISTRICTS, "区级", "县级", "区县级", "^区(?!域|块)", "^县(?!域)", "district level", "county level",
                 "district", "county"),
}


def _pattern(word: str) -> str:
    """A keyword as a regex: ``^…`` words are regexes as written, other ASCII words are English regexes
    matched as whole words, anything else is a Chinese literal."""
    if word.startswith("^"):
        return word
    return _EN.format(word) if word.isascii() else re.escape(word)


_CATEGORY_RES: list[tuple[re.Pattern, str | None]] = [
    *((re.compile(_pattern(w)), cid) for cid, words in CATEGORY_KEYWORDS.items() for w in words),
    *((re.compile(_pattern(w)), None) for w in NOT_CATEGORY_KEYWORDS)]
# one alternation, longest words first (市南区 before a leading 市), words anchored at the start last
_LEVEL_RE = re.compile("|".join(
    f"(?P<{lv}_{i}>{_pattern(w)})"
    for lv, i, w in sorted(((lv, i, w) for lv, items in LEVEL_WORDS.items() for i, w in enumerate(items)),
                           key=lambda t: (t[2].startswith("^"), -len(t[2])))))
_ENGLISH_NAME_TAIL = re.compile(r"\s(?:of|for|on|in)\s.*$")


@dataclass(frozen=True)
class Classification:
    """What a label means: a canonical category id (``None`` = unknown) and a level from :data:`LEVELS`."""

    category: str | None
    level: str
    #: the keyword that decided the category (for the mapping editor's explanation)
    keyword: str = field(default="", compare=False)


def _category_of(text: str) -> tuple[str | None, int, str]:
    """(category, start of the deciding keyword, keyword) by the head-last rule."""
    head = text
    if text.isascii():
        head = _ENGLISH_NAME_TAIL.sub("", text)
    best: tuple[int, int, str | None, int, str] | None = None  # (end, length, category, start, keyword)
    for regex, cid in _CATEGORY_RES:
        for m in regex.finditer(head):
            cand = (m.end(), m.end() - m.start(), cid, m.start(), m.group())
            if best is None or cand[:2] > best[:2]:
                best = cand
    if best is None:
        return None, len(text), ""
    return best[2], best[3], (best[4] if best[2] else "")


def _level_of(text: str, head_start: int) -> str:
    """The level word nearest before the category keyword; else the first after it; else unknown."""
    found = [(m.start(), m.lastgroup.rsplit("_", 1)[0]) for m in _LEVEL_RE.finditer(text)]
    before = [lv for start, lv in found if start < head_start]
    if before:
        return before[-1]
    return found[0][1] if found else "unknown"


@lru_cache(maxsize=4096)
def _classify_text(text: str) -> Classification:
    if not text:
        return Classification(None, "unknown")
    if text in _ALIASES:
        cid, level = _ALIASES[text]
        return Classification(cid, level or "unknown", text)
    cid, start, keyword = _category_of(text)
    return Classification(cid, _level_of(text, start), keyword)


def classify(label: object) -> Classification:
    """Category and level of one label as agencies write it (see the module docstring for the rules)."""
    if label is None or (isinstance(label, float) and label != label):
        return Classification(None, "unknown")
    text = _normalise(str(label))
    if text == BLANK:
        return Classification(None, "unknown")
    return _classify_text(text)


def normalise_category(label: object) -> str | None:
    """Map a user's label to a canonical id, or ``None`` when unknown (the caller keeps the label)."""
    return classify(label).category


def category_name(cid: str, lang: str = "zh") -> str:
    """Display name of a canonical id; unknown labels are shown as they were given."""
    if cid in CATEGORIES:
        return CATEGORIES[cid][0 if lang == "zh" else 1]
    return cid


def level_name(level: str, lang: str = "zh") -> str:
    """Display name of a level id (国家级 / national …)."""
    names = LEVEL_NAMES.get(level)
    return names[0 if lang == "zh" else 1] if names else level


def classify_labels(labels: pd.Series, overrides: CategoryMap | None = None,
                    level_labels: pd.Series | None = None) -> pd.DataFrame:
    """``category`` and ``level`` for every row of ``labels``, computing each distinct label once.

    ``category`` is the canonical id, or the label itself when unknown, or ``"(none)"`` for a blank
    label — what the reader stores. ``overrides`` (the user's category map) win over the rules for the
    labels they name. ``level_labels``: a separate level column (级别: 国家级/省级/national …) when the list
    has one; where it names a level it wins over a prefix in the label, except over a level the user's
    map fixed. Same index as ``labels``.
    """
    codes, raw = pd.factorize(labels, sort=False, use_na_sentinel=False)
    return _classify_distinct(codes, pd.Series(raw, dtype=labels.dtype), labels.index, overrides, level_labels)[0]


def classify_column(values: pd.Series, overrides: CategoryMap | None = None,
                    level_labels: pd.Series | None = None) -> tuple[pd.Series, pd.DataFrame, np.ndarray]:
    """A list's raw category column read once: (``labels``, ``classes``, ``unknown``).

    ``labels`` is each cell as text, stripped (``values`` itself when nothing changes); ``classes`` is
    :func:`classify_labels` of ``labels``; ``unknown`` marks the rows whose label the rules do not know
    (neither a category nor blank). The column is hashed once, not once per step (a million rows, a
    handful of labels)."""
    codes, raw = pd.factorize(values, sort=False, use_na_sentinel=False)
    distinct = pd.Series(raw, dtype=values.dtype)
    stripped = distinct.astype(str).str.strip()
    unchanged = stripped.dtype == values.dtype and stripped.equals(distinct)
    labels = values if unchanged else stripped.take(codes).set_axis(values.index)
    classes, cats = _classify_distinct(codes, stripped, values.index, overrides, level_labels)
    unknown_distinct = np.array([c not in CATEGORIES and label != BLANK
                                 for c, label in zip(cats, stripped, strict=True)] or [False], dtype=bool)
    return labels, classes, unknown_distinct[codes]


def _classify_distinct(codes: np.ndarray, distinct: pd.Series, index: pd.Index, overrides: CategoryMap | None,
                       level_labels: pd.Series | None) -> tuple[pd.DataFrame, list[str]]:
    """:func:`classify_labels` from the rows' ``codes`` into their ``distinct`` labels: the classes frame and
    the category of each distinct label."""
    # each distinct raw value once: the cleaning (to text, blank for missing, stripped) and the rules
    uniques = distinct.astype("string").fillna("").str.strip()
    cats, levels, fixed = [], [], []
    for label in uniques:
        label = str(label)
        c = classify(label)
        cid, level = c.category, c.level
        if overrides is not None:
            cid, level = overrides.resolve(label, cid, level)
        cats.append(cid if cid else (label if label else BLANK))
        levels.append(level)
        fixed.append(overrides is not None and overrides.fixes_level(label))
    # spread back as Arrow strings by index (a take), not as a million Python objects to convert later
    level = pd.Series(levels, dtype="str").take(codes).array
    if level_labels is not None:
        lcodes, lraw = pd.factorize(level_labels, sort=False, use_na_sentinel=False)
        lu = pd.Series(lraw, dtype=level_labels.dtype).astype("string").fillna("").str.strip()
        stated = np.array([classify(str(u)).level for u in lu] or ["unknown"], dtype=object)[lcodes]
        use = (stated != "unknown") & ~np.array(fixed or [False], dtype=bool)[codes]
        level = np.where(use, stated, level.to_numpy(dtype=object))
    category = pd.Series(cats, dtype="str").take(codes).array
    return pd.DataFrame({"category": category, "level": level}, index=index), cats


# ------------------------------------------------------------------------------------ level specs
_LEVEL_ALIASES = {
    "national": "national", "国家级": "national", "国家": "national",
    "provincial": "provincial", "省级": "provincial", "省": "provincial",
    "municipal": "municipal", "市级": "municipal", "市": "municipal", "city": "municipal",
    "district": "district", "区级": "district", "区县级": "district", "区": "district", "county": "district",
    "unknown": "unknown", "未知": "unknown",
}


def parse_levels(spec: str) -> set[str]:
    """The levels a spec names: ``national``, ``provincial+`` (= 省级以上: national and provincial),
    ``municipal+``, ``district+``, ``all`` (every level, unknown included), or a comma list of these;
    Chinese names work too (省级以上, 市级及以上). Raises ``ValueError`` naming the bad part."""
    out: set[str] = set()
    for part in str(spec).split(","):
        key = part.strip().lower()
        if not key:
            continue
        if key in ("all", "全部", "*"):
            out.update(LEVELS)
            continue
        plus = key.endswith("+") or key.endswith("以上")
        key = key.removesuffix("+").removesuffix("以上").removesuffix("及").strip()
        level = _LEVEL_ALIASES.get(key)
        if level is None:
            raise ValueError(f"unknown level {part.strip()!r}; use national, provincial, municipal, district, "
                             "unknown, a level with + (provincial+ = 省级以上), or all")
        if plus:
            if level == "unknown":
                raise ValueError("'unknown+' means nothing: use all")
            out.update(LEVELS[: LEVELS.index(level) + 1])
        else:
            out.add(level)
    if not out:
        raise ValueError("no level given; use e.g. provincial+ or all")
    return out
