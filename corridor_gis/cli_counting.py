"""What is counted, from the command line: ``--count``, ``--level`` and ``--category-map``.

Shared by every command that computes a ratio (``ratio``, ``compare``, ``export-html``, ``report``). The
plan's default — 重点实验室、新型研发机构、创新平台 at every level — applies when none is given, so a
figure only changes meaning when the user asks for it. Bad values raise :class:`InputError` (exit 2).
"""

from __future__ import annotations

import argparse

from .analysis import ALL
from .categories import CATEGORIES, LEVELS, parse_levels
from .category_map import load_category_map
from .counting import CountingChoice
from .errors import InputError
from .plan import TARGET_CATEGORIES


def add_counting_options(p: argparse.ArgumentParser) -> None:
    """Add ``--count``, ``--level`` and ``--category-map`` to a subcommand's parser."""
    p.add_argument("--count", metavar="IDS",
                   help=f"categories in the headline, comma-separated: {','.join(CATEGORIES)} or all "
                        f"(default {','.join(TARGET_CATEGORIES)}, the plan's 资源集聚度)")
    p.add_argument("--level", metavar="LEVELS",
                   help="designation levels counted: national, provincial+ (省级以上), municipal+, district+, "
                        f"all, or a comma list of {','.join(LEVELS)} (default: all)")
    p.add_argument("--category-map", dest="category_map", metavar="MAP.csv",
                   help="CSV label,category,level: your decisions for labels the rules read otherwise")


def parse_count(spec: str) -> tuple[str, ...]:
    """``"key_lab,new_rd"`` → ids in the plan's order; ``"all"``; Chinese/English names work too.
    Raises :class:`InputError` naming the bad part."""
    by_name = {name.lower(): cid for cid, names in CATEGORIES.items() for name in names}
    chosen: list[str] = []
    for part in str(spec).split(","):
        key = part.strip()
        if not key:
            continue
        if key.lower() in (ALL, "全部"):
            return (ALL,)
        cid = key if key in CATEGORIES else by_name.get(key.lower())
        if cid is None:
            raise InputError(None, f"unknown category {key!r} in --count",
                             hint=f"use one or more of {', '.join(CATEGORIES)} separated by commas, or all")
        chosen.append(cid)
    if not chosen:
        raise InputError(None, "--count is empty",
                         hint=f"e.g. --count {','.join(TARGET_CATEGORIES)}")
    return tuple(c for c in CATEGORIES if c in chosen)


def counting_from(args: argparse.Namespace) -> CountingChoice:
    """The :class:`CountingChoice` of parsed arguments (options missing from ``args`` mean the default)."""
    count = getattr(args, "count", None)
    level = getattr(args, "level", None)
    path = getattr(args, "category_map", None)
    levels = None
    if level is not None:
        try:
            levels = frozenset(parse_levels(level))
        except ValueError as exc:
            raise InputError(None, f"--level {level!r}: {exc}",
                             hint="e.g. --level provincial+ (national and provincial) or --level all") from None
    return CountingChoice(categories=parse_count(count) if count is not None else None, levels=levels,
                          category_map=load_category_map(path) if path else None)
