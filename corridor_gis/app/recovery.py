"""Autosave to a recovery file, offered at the next start after a crash (like QGIS/LibreOffice).

Two files, both normal project GeoPackages written atomically (never half-written):
* ``recovery.gpkg`` — the zones and metadata, rewritten at every autosave (tens of milliseconds);
* ``recovery-datasets.gpkg`` — the imported point datasets, rewritten only when the set of datasets
  changes (editing boundaries never changes them), so a 1M-point import does not slow every autosave.
Autosave runs on the GUI thread: pyproj objects must not cross threads (a worker-thread save segfaulted
in pyproj's ``to_epsg``, pyproj #1509).
"""

from __future__ import annotations

import os
from pathlib import Path

from PyQt6.QtCore import QStandardPaths

from ..model import Project
from .memory import release_freed_memory

RECOVERY_NAME = "recovery.gpkg"
DATASETS_NAME = "recovery-datasets.gpkg"
KEY_ORIGINAL = "recovery_of"
_written_datasets: dict[Path, tuple] = {}  # recovery dir -> signature of the datasets last written


def recovery_dir() -> Path:
    env = os.environ.get("CORRIDOR_GIS_RECOVERY_DIR")
    folder = Path(env) if env else Path(
        QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def recovery_path() -> Path:
    return recovery_dir() / RECOVERY_NAME


def pending() -> Path | None:
    path = recovery_path()
    return path if path.exists() else None


def clear() -> None:
    for name in (RECOVERY_NAME, DATASETS_NAME):
        for suffix in ("", ".bak"):
            p = recovery_dir() / (name + suffix)
            if p.exists():
                p.unlink()
    _written_datasets.pop(recovery_dir(), None)


def _signature(project: Project) -> tuple:
    """Which datasets (by object and table identity, and length) the datasets file holds; read without
    building ``Dataset.points`` (a million shapely Points just to compare)."""
    return tuple((name, id(ds), id(ds.table), len(ds)) for name, ds in project.datasets.items())


def autosave(project: Project) -> Path:
    """Write the zones (always) and the datasets (when they changed) to the recovery files."""
    folder = recovery_dir()
    signature = _signature(project)
    if _written_datasets.get(folder) != signature:
        Project(project.layers, project.datasets, dict(project.metadata)).save(folder / DATASETS_NAME)
        _written_datasets[folder] = signature
        release_freed_memory()  # writing the points built them for the file (~280 MB per 1M rows)
    zones = Project(project.layers, {}, {**project.metadata, KEY_ORIGINAL: str(project.path or "")})
    target = recovery_path()
    zones.save(target)
    return target


def load_recovered() -> Project:
    """The recovered project: zones from the recovery file, datasets from their file, original path."""
    project = Project.load(recovery_path())
    datasets = recovery_dir() / DATASETS_NAME
    if datasets.exists():
        project.datasets = Project.load(datasets).datasets
    project.path = original_path(project)
    project.metadata.pop(KEY_ORIGINAL, None)
    return project


def original_path(recovered: Project) -> Path | None:
    value = recovered.metadata.get(KEY_ORIGINAL, "")
    return Path(value) if value else None
