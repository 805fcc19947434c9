"""Bounded echoes of user input in messages: a value or a column list can be any size in a hostile file,
a message must stay short enough to read (a 0.5 MB header once became a 447,368-character error)."""

from __future__ import annotations

from collections.abc import Iterable

#: longest single value echoed in a message
MAX_VALUE_CHARS = 80
#: most names listed (columns, sheets, layers) before "… N more"
MAX_NAMES = 12


def clip(value: object, limit: int = MAX_VALUE_CHARS) -> str:
    """``repr``-free text of ``value`` cut to ``limit`` characters with an ellipsis and the full length."""
    text = str(value)
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text):,} characters)"


def quoted(value: object, limit: int = MAX_VALUE_CHARS) -> str:
    """``'value'`` as Python would quote it, clipped."""
    return repr(clip(value, limit))


def names_param(names: Iterable[object], limit: int = MAX_NAMES) -> dict:
    """Names as an error's params (:class:`~corridor_gis.errors.InputError`): ``names``, the first ``limit``
    each clipped, and ``total``, how many there are, so a face can list them in its own words."""
    names = list(names)
    return {"names": [clip(n, 40) for n in names[:limit]], "total": len(names)}


def name_list(names: Iterable[object], limit: int = MAX_NAMES) -> str:
    """``['a', 'b', … 30 more]``: the first ``limit`` names, each clipped, and how many were left out."""
    names = list(names)
    shown = ", ".join(quoted(n, 40) for n in names[:limit])
    more = len(names) - limit
    return f"[{shown}{f', … {more:,} more' if more > 0 else ''}]"
