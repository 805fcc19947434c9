"""How the app words what the core reports as codes: edit problems and live figures, in the UI's
language and with cities named as the project names them (never ids, raw coordinates or GEOS English)."""

from __future__ import annotations

from ..editing import Problem
from ..history import LiveFigures
from ..session import Session
from .i18n import tr

#: GEOS's validity reasons (shapely.is_valid_reason without the coordinates) → words for planners
_GEOS_REASONS = {
    "Ring Self-intersection": lambda: tr("边界与自身相交"),
    "Self-intersection": lambda: tr("边界与自身相交"),
    "Too few points in geometry component": lambda: tr("顶点太少"),
    "Hole lies outside shell": lambda: tr("内环在外环之外"),
    "Interior is disconnected": lambda: tr("内部不连通"),
    "Nested shells": lambda: tr("外环嵌套"),
    "Duplicate Rings": lambda: tr("重复的环"),
}


def problem_text(problem: Problem, session: Session) -> str:
    """One problem in words."""
    name = session.city_name(problem.city)
    if problem.code == "empty":
        return tr("{0}没有几何").format(name)
    if problem.code == "too_few":
        return tr("{0}：一个环至少需要 3 个顶点").format(name)
    if problem.code == "invalid":
        reason = _GEOS_REASONS[problem.detail]() if problem.detail in _GEOS_REASONS else problem.detail
        return tr("{0}的边界无效（{1}）").format(name, reason)
    other = session.city_name(problem.other or "")
    return tr("{0}与{1}将重叠 {2:.4f} km²").format(name, other, problem.km2)


def refusal_text(problems: list[Problem], session: Session) -> str:
    return tr("编辑被拒绝：") + "；".join(problem_text(p, session) for p in problems)


def flagged_text(problems: list[Problem], session: Session) -> str:
    return tr("已标红（未拒绝）：") + "；".join(problem_text(p, session) for p in problems)


def live_text(live: LiveFigures | None) -> str:
    """The status-bar line while a boundary is dragged: areas vs plan, the share, invalid cities."""
    if live is None:
        return ""
    parts = []
    for a in live.areas:
        if a.planned_km2:
            diff = a.area_km2 - a.planned_km2
            parts.append(tr("{0} {1:.2f} km²（规划 {2:.2f}，{3:+.2f} km², {4:+.2f}%）").format(
                a.name, a.area_km2, a.planned_km2, diff, 100 * diff / a.planned_km2))
        else:
            parts.append(f"{a.name} {a.area_km2:.2f} km²")
    if live.share is not None:
        parts.append(tr("集聚度") + f" {100 * live.share:.1f}% {'✓' if live.met else '✗'}")
    text = " · ".join(parts)
    if live.invalid:
        text += " · ⚠ " + tr("，").join(live.invalid) + " " + tr("无效（自相交）")
    return text
