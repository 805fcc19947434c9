"""Recovery files: zones on every autosave, datasets only when they change; restore merges both."""

from __future__ import annotations

import shapely

from corridor_gis.app import recovery
from corridor_gis.app.project_actions import sample_dataset


def test_autosave_rewrites_datasets_only_when_they_change(project, tmp_path, monkeypatch):
    monkeypatch.setenv("CORRIDOR_GIS_RECOVERY_DIR", str(tmp_path))
    project.add_dataset(sample_dataset()[0])
    project.path = tmp_path / "原项目.gpkg"
    recovery.autosave(project)
    datasets_file = tmp_path / recovery.DATASETS_NAME
    first = datasets_file.stat().st_mtime_ns
    youth = project.city_geometries()["youth"]
    project.set_city_geometry("youth", shapely.affinity.translate(youth, 0.0005, 0))
    recovery.autosave(project)
    assert datasets_file.stat().st_mtime_ns == first  # boundary edits do not rewrite the datasets
    restored = recovery.load_recovered()
    assert restored.city_geometries()["youth"].equals_exact(project.city_geometries()["youth"], 1e-12)
    assert list(restored.datasets) == ["sample_institutions"]
    assert len(restored.datasets["sample_institutions"].points) == 5000
    assert restored.datasets["sample_institutions"].label == "synthetic sample"
    assert restored.path == project.path
    recovery.clear()
    assert recovery.pending() is None and not datasets_file.exists()
