"""Snapping: vertices win over segments, tolerance respected, excluded vertices ignored."""

from __future__ import annotations

import shapely

from corridor_gis.snapping import SnapIndex


def index():
    s = SnapIndex()
    s.set_source("a", shapely.box(0, 0, 1, 1))
    return s


def test_vertex_within_tolerance():
    m = index().snap(1.02, 0.99, 0.05)
    assert (m.kind, m.x, m.y, m.source) == ("vertex", 1.0, 1.0, "a")


def test_segment_when_no_vertex_is_near():
    m = index().snap(0.5, 1.03, 0.05)
    assert m.kind == "segment" and abs(m.x - 0.5) < 1e-12 and m.y == 1.0


def test_nothing_beyond_tolerance_or_when_disabled():
    s = index()
    assert s.snap(0.5, 1.2, 0.05) is None
    s.enabled = False
    assert s.snap(1.0, 1.0, 0.05) is None


def test_excluded_vertex_is_skipped():
    m = index().snap(1.0, 1.0, 0.05, exclude={(1.0, 1.0)})
    assert m.kind == "segment"


def test_replacing_a_source_reindexes_only_it():
    s = index()
    s.set_source("b", shapely.box(5, 5, 6, 6))
    s.set_source("a", shapely.box(10, 10, 11, 11))
    assert s.snap(1.0, 1.0, 0.05) is None
    assert s.snap(5.0, 5.01, 0.05).source == "b"
