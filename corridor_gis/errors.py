"""Project exceptions.

Every error a user can cause carries enough context (file, row, column) and a hint so that the CLI and the
GUI can show a message the user can act on, instead of a traceback. The message and the hint are the
command line's English (its flags in the hint); ``kind`` and ``params`` say the same as a code, so a face
with its own controls (the import dialog) can word it in its language and point to those controls.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: longest message or hint an :class:`InputError` carries
MAX_MESSAGE_CHARS = 1000


def _bounded(text: str, limit: int) -> str:
    text = str(text)
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text):,} characters in all)"


@dataclass
class InputError(Exception):
    """Bad input: a file we cannot read, a column we cannot find, a row we cannot place.

    ``row`` is the row number *as the user's spreadsheet shows it* (header = row 1), or ``None``.
    ``kind`` names what went wrong (:mod:`corridor_gis.io.error_kinds` lists the readers' kinds) and
    ``params`` its values (plain strings and numbers); ``None`` when only the text says it. Neither is part of
    :meth:`describe`: the CLI's text stays what it was.
    """

    file: str | None
    message: str
    row: int | None = None
    column: str | None = None
    hint: str | None = None
    kind: str | None = None
    params: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        # a last guard against echoing unbounded input (each reader already clips what it quotes)
        self.message = _bounded(self.message, MAX_MESSAGE_CHARS)
        self.hint = None if self.hint is None else _bounded(self.hint, MAX_MESSAGE_CHARS)
        self.column = None if self.column is None else _bounded(self.column, 120)
        super().__init__(self.describe())

    def describe(self) -> str:
        """One readable paragraph: where, what, and what to do."""
        where = []
        if self.file:
            where.append(f"file {self.file}")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column!r}")
        text = (", ".join(where) + ": " if where else "") + self.message
        if self.hint:
            text += f"\n  What to do: {self.hint}"
        return text

    def __str__(self) -> str:
        return self.describe()


class CheckFailed(Exception):
    """A consistency check of the project failed (CLI exit code 1)."""
