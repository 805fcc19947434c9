"""The edit history of a session: commands on the model (Qt-free) and the undo stack that holds them.

A command changes the session's project through the session (``redo``/``undo`` call back into it), so
the session stays the one owner of the geometry and emits the events the views follow. The app's
QUndoStack wraps these commands (:mod:`corridor_gis.app.undo`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import geopandas as gpd
from psygnal import Signal

from .editing import Geoms
from .placeholder import ReplaceSample

if TYPE_CHECKING:
    from .session import Session


@dataclass
class EditCities:
    """A command on the model: replace some cities' geometries; undo puts the old ones back."""

    old: Geoms
    new: Geoms
    text: str

    def redo(self, session: Session) -> None:
        session.set_geometries(self.new)

    def undo(self, session: Session) -> None:
        session.set_geometries(self.old)


@dataclass
class ReplaceZones:
    """A command on the model: replace whole zone layers (an imported boundary set); undo restores them.

    ``None`` for a layer means "absent" (e.g. no ``cities_previous`` before the first import)."""

    old: dict[str, gpd.GeoDataFrame | None]
    new: dict[str, gpd.GeoDataFrame | None]
    text: str

    def redo(self, session: Session) -> None:
        session.set_zone_layers(self.new)

    def undo(self, session: Session) -> None:
        session.set_zone_layers(self.old)


Command = EditCities | ReplaceZones | ReplaceSample


class EditHistory:
    """The undo history of a session: commands, the current index and the index at the last save."""

    changed = Signal()

    def __init__(self) -> None:
        self.commands: list[Command] = []
        self.index = 0  # commands[:index] are applied
        self.clean_index: int | None = 0

    def push(self, command: Command, session: Session) -> None:
        """Apply ``command`` and make it the newest step (redo steps after the current one are dropped)."""
        del self.commands[self.index:]
        if self.clean_index is not None and self.clean_index > self.index:
            self.clean_index = None  # the saved state can no longer be reached
        command.redo(session)
        self.commands.append(command)
        self.index += 1
        self.changed.emit()

    def undo(self, session: Session) -> None:
        if self.index:
            self.index -= 1
            self.commands[self.index].undo(session)
            self.changed.emit()

    def redo(self, session: Session) -> None:
        if self.index < len(self.commands):
            self.commands[self.index].redo(session)
            self.index += 1
            self.changed.emit()

    def is_clean(self) -> bool:
        return self.clean_index == self.index

    def set_clean(self) -> None:
        self.clean_index = self.index
        self.changed.emit()

    def clear(self) -> None:
        self.commands.clear()
        self.index = 0
        self.clean_index = 0
        self.changed.emit()


@dataclass(frozen=True)
class CityArea:
    """A changed city's area against its planned area, for the live figures."""

    city: str
    name: str
    area_km2: float
    planned_km2: float | None


@dataclass(frozen=True)
class LiveFigures:
    """What a planner watches while dragging: changed cities' areas, the share, invalid cities."""

    areas: list[CityArea]
    share: float | None = None
    met: bool | None = None
    invalid: list[str] = field(default_factory=list)  # city names


