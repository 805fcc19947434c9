"""The bundled synthetic sample as the app's placeholder, until the user's own list replaces it.

The app adds data/sample_institutions.csv (labelled *synthetic sample*) to a project that has no lists, so a
user sees the workflow on start. It is not the user's layer: once the user imports a list, the sample would
otherwise stay drawn among the real points, listed beside them on the dashboard (one click from the
headline), saved into the project, and it would become the headline again when the real list is removed.
A desktop GIS does not remove a user's layers silently; this is not one. So the first list the user imports
replaces the placeholder as one undoable step (:class:`ReplaceSample`), which the app announces; removing
the placeholder by hand dismisses it too, and a project whose placeholder was dismissed never gets it back
(its metadata says so, saved with it).

State, in the project's metadata: :data:`KEY` names the placeholder while it is in the project;
:data:`DISMISSED_KEY` says the user replaced or removed it. A list the user imports themselves — even the
sample file — is never a placeholder.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .io.points import ImportReport
from .model import POINT_STYLE_PREFIX, Dataset, Project

if TYPE_CHECKING:
    from .session import Session

KEY = "placeholder_sample"
DISMISSED_KEY = "placeholder_sample_dismissed"


def name(project: Project) -> str | None:
    """The placeholder's dataset name, while it is in ``project``."""
    marked = project.metadata.get(KEY)
    return marked if marked in project.datasets else None


def wanted(project: Project) -> bool:
    """Whether the app should add the sample on start: no list in the project, and the user never dismissed
    the placeholder in it."""
    return not project.datasets and DISMISSED_KEY not in project.metadata


def mark(project: Project, dataset_name: str) -> None:
    """``dataset_name`` is the app's placeholder (added by the app, not imported by the user)."""
    project.metadata[KEY] = dataset_name
    project.metadata.pop(DISMISSED_KEY, None)


def dismiss(project: Project) -> None:
    """The user replaced or removed the placeholder: it does not come back to this project."""
    project.metadata.pop(KEY, None)
    project.metadata[DISMISSED_KEY] = "1"


def adopt(project: Project) -> None:
    """The user imported a list under the placeholder's name (the sample file itself): it is theirs now."""
    project.metadata.pop(KEY, None)


@dataclass
class ReplaceSample:
    """A command on the model: the placeholder leaves the project as the user's first list comes in; undo brings
    it back as it was (drawn, listed, with its import report and style, still the placeholder), the user's list
    staying behind the headline."""

    dataset: Dataset
    report: ImportReport | None
    style: str | None
    text: str

    @classmethod
    def of(cls, session: Session, text: str) -> ReplaceSample | None:
        """The command that removes ``session``'s placeholder, or ``None`` when it has none."""
        placeholder = name(session.project)
        if placeholder is None:
            return None
        return cls(session.project.datasets[placeholder], session.import_reports.get(placeholder),
                   session.project.metadata.get(POINT_STYLE_PREFIX + placeholder), text)

    def redo(self, session: Session) -> None:
        session.remove_dataset(self.dataset.name)  # dismisses it (Session.remove_dataset)

    def undo(self, session: Session) -> None:
        # marked and styled first: the views that redraw when it is added see it as it was
        mark(session.project, self.dataset.name)
        if self.style is not None:
            session.project.metadata[POINT_STYLE_PREFIX + self.dataset.name] = self.style
        session.add_dataset(self.dataset, self.report, activate=False)
