"""Topology-aware edits: shared vertices move together, inserts keep borders shared, bad edits explained."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from corridor_gis import editing
from corridor_gis.check import check_project
from corridor_gis.measure import area_km2


def shared_index(geoms):
    """A vertex of youth inside the 李沧/崂山 border it shares with digital (its neighbours are shared too)."""
    c = editing.coords(geoms["youth"])
    lo, hi = editing.ring_spans(geoms["youth"])[0]

    def shared(i):
        return {r.city for r in editing.shared_vertices(geoms, "youth", i)} == {"youth", "digital"}

    for i in range(lo + 1, hi - 1):
        if shared(i - 1) and shared(i) and shared(i + 1):
            return i, editing.shared_vertices(geoms, "youth", i)
    raise AssertionError(f"no shared vertex among {len(c)}")


def test_moving_a_shared_vertex_moves_both_and_keeps_the_project_consistent(project):
    geoms = project.city_geometries()
    i, refs = shared_index(geoms)
    x, y = editing.coords(geoms["youth"])[i]
    new = editing.move_vertices(geoms, refs, x + 0.0003, y + 0.0002)
    assert editing.validate(new, {"youth", "digital"}) == []
    for cid in ("youth", "digital"):
        assert any(np.allclose(p, (x + 0.0003, y + 0.0002)) for p in editing.coords(new[cid]))
    total_before = area_km2(geoms["youth"]) + area_km2(geoms["digital"])
    total_after = area_km2(new["youth"]) + area_km2(new["digital"])
    assert total_after == pytest.approx(total_before, abs=1e-6)  # area moves from one city to the other
    assert area_km2(new["youth"]) != pytest.approx(area_km2(geoms["youth"]), abs=1e-4)
    for cid, g in new.items():
        project.set_city_geometry(cid, g)
    messages = [f.message for f in check_project(project)]
    assert not any("overlap" in m or "apart" in m or "gap" in m for m in messages)


def test_moving_only_one_side_of_a_shared_border_is_reported(project):
    geoms = project.city_geometries()
    i, refs = shared_index(geoms)
    x, y = editing.coords(geoms["youth"])[i]
    # move youth's copy into digital: an overlap
    youth_only = [r for r in refs if r.city == "youth"]
    # a direction that leads ~150 m into 数智产业城
    dx, dy = next((0.0015 * np.cos(a), 0.0015 * np.sin(a)) for a in np.linspace(0, 2 * np.pi, 16)
                  if geoms["digital"].contains(shapely.Point(x + 0.0015 * np.cos(a), y + 0.0015 * np.sin(a))))
    new = editing.move_vertices(geoms, youth_only, x + dx, y + dy)
    problems = editing.validate(new, {"youth"})
    assert problems and "overlap" in problems[0]


def test_self_intersection_is_refused_with_the_reason(project):
    geoms = project.city_geometries()
    c = editing.coords(geoms["ocean"])
    far = c[len(c) // 2]
    new = editing.move_vertices(geoms, [editing.VertexRef("ocean", 1)], far[0] + 0.01, far[1] + 0.01)
    problems = editing.validate(new, {"ocean"})
    assert problems and "invalid polygon" in problems[0]


def test_insert_on_a_shared_edge_inserts_in_both(project):
    geoms = project.city_geometries()
    i, _ = shared_index(geoms)
    c = editing.coords(geoms["youth"])
    spans = editing.ring_spans(geoms["youth"])
    lo, hi = next(s for s in spans if s[0] <= i <= s[1])
    j = i + 1 if i + 1 < hi else lo
    if {r.city for r in editing.shared_vertices(geoms, "youth", j)} != {"youth", "digital"}:
        j = i - 1 if i > lo else hi - 1
    mid = (c[i] + c[j]) / 2
    new = editing.insert_vertex(geoms, "youth", *mid)
    assert len(editing.coords(new["youth"])) == len(c) + 1
    assert len(editing.coords(new["digital"])) == len(editing.coords(geoms["digital"])) + 1
    assert {r.city for r in editing.shared_vertices(new, "youth",
            int(np.argmin(np.hypot(*(editing.coords(new["youth"]) - mid).T))))} == {"youth", "digital"}
    assert editing.validate(new) == []


def test_delete_vertex_and_minimum_ring(project):
    geoms = project.city_geometries()
    n = len(editing.coords(geoms["ocean"]))
    new = editing.delete_vertices(geoms, [editing.VertexRef("ocean", 3)])
    assert len(editing.coords(new["ocean"])) == n - 1 and new["ocean"].is_valid
    triangle = {"t": shapely.Polygon([(0, 0), (1, 0), (0, 1)])}
    with pytest.raises(ValueError, match="at least 3"):
        editing.delete_vertices(triangle, [editing.VertexRef("t", 1)])


def test_moving_the_first_vertex_keeps_the_ring_closed(project):
    geoms = project.city_geometries()
    x, y = editing.coords(geoms["ocean"])[0]
    new = editing.move_vertices(geoms, [editing.VertexRef("ocean", 0)], x - 0.001, y)
    ring = editing.coords(new["ocean"])
    lo, hi = editing.ring_spans(new["ocean"])[0]
    assert np.array_equal(ring[lo], ring[hi])
