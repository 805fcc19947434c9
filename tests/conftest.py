"""Shared fixtures: the bundled project, temporary copies, Qingdao's extent for property tests."""

from __future__ import annotations

import pytest

from corridor_gis.model import Project


@pytest.fixture(scope="session")
def bundled_project() -> Project:
    """The bundled zones, loaded once; tests that modify must use ``project``."""
    return Project.bundled()


@pytest.fixture
def project(bundled_project: Project) -> Project:
    """A private, modifiable copy of the bundled project."""
    return bundled_project.copy()
