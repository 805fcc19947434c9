"""Work started early on a thread: collected once, with the result or the exception the call would give, and
never used for other arguments — and ``ratio`` on a CSV list gives the same figures whether or not its read
was started before the imports, and never a stale file's."""

from __future__ import annotations

import json
import os
import threading

import pytest

from corridor_gis import background, cli
from corridor_gis.errors import InputError
from corridor_gis.io import csv_grid


def test_collect_takes_the_started_outcome_once_and_else_runs_the_work():
    calls: list[tuple[str, int]] = []

    def work(tag: str) -> int:
        calls.append((tag, threading.get_ident()))
        return len(calls)

    background.start(("k", 1), work, "early")
    assert background.collect(("k", 1), work, "late") == 1
    assert [tag for tag, _ in calls] == ["early"] and calls[0][1] != threading.get_ident()
    assert background.collect(("k", 1), work, "late") == 2  # taken once: the next collect runs it now
    assert calls[-1] == ("late", threading.get_ident())


def test_work_started_under_another_key_is_not_used():
    """A collector for another file gets its own reading; the started one waits for its own collector."""
    background.start(("file", "a"), lambda: "a's grid")
    assert background.collect(("file", "b"), lambda: "b's grid") == "b's grid"
    assert background.collect(("file", "a"), lambda: "read again") == "a's grid"


def test_the_started_work_raises_as_the_call_would():
    def refuse():
        raise InputError("x.csv", "the file is empty", hint="export the list again with a header row")

    background.start("k", refuse)
    with pytest.raises(InputError, match="the file is empty"):
        background.collect("k", lambda: None)


def _ratio(capsys, *args: str) -> dict:
    assert cli.main(["ratio", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_ratio_uses_the_early_read_and_gives_the_same_figures(tmp_path, capsys, monkeypatch):
    path = tmp_path / "名单.csv"
    rows = [f"机构{i},国家重点实验室,{120.40 + i * 0.001:.6f},{36.10 + i * 0.001:.6f}" for i in range(300)]
    path.write_bytes(("名称,类别,经度,纬度\n" + "\n".join(rows) + "\n").encode("gbk"))
    plain = _ratio(capsys, str(path), "--encoding", "gbk")
    reads = []
    real = csv_grid.read_grid
    monkeypatch.setattr(csv_grid, "read_grid", lambda *a: reads.append(a) or real(*a))
    cli._start_reading_early(["ratio", str(path), "--encoding=gbk"])
    from corridor_gis.io import tables

    monkeypatch.setattr(tables, "read_grid", lambda *a: pytest.fail("read again: the early read was not used"))
    assert _ratio(capsys, str(path), "--encoding", "gbk") == plain
    assert [args[:2] for args in reads] == [(path, "gbk")]


def test_ratio_uses_the_early_read_of_a_geopackage_layer(tmp_path, capsys, monkeypatch):
    """A one-layer GeoPackage: GDAL's read starts before the command's imports and is the one counted."""
    import geopandas as gpd
    import shapely

    from corridor_gis import gpkg_points

    path = tmp_path / "名单.gpkg"
    points = shapely.points([[120.40 + i * 0.001, 36.10 + i * 0.001] for i in range(300)])
    gpd.GeoDataFrame({"名称": [f"机构{i}" for i in range(300)], "类别": ["国家重点实验室"] * 300},
                     geometry=points, crs="EPSG:4326").to_file(path, layer="list", driver="GPKG")
    plain = _ratio(capsys, str(path))
    reads = []
    real = gpkg_points._read_arrow
    monkeypatch.setattr(gpkg_points, "_read_arrow", lambda *a: reads.append(a) or real(*a))
    cli._start_reading_early(["ratio", str(path), "--json"])
    assert _ratio(capsys, str(path)) == plain
    assert reads == [(path, "list")]  # one read, started early with the file's only layer, and collected


def test_a_list_changed_after_the_early_read_is_read_again(tmp_path, capsys):
    path = tmp_path / "list.csv"
    path.write_text("name,category,lon,lat\nA,国家重点实验室,120.45,36.15\n", encoding="utf-8")
    cli._start_reading_early(["ratio", str(path)])
    path.write_text("name,category,lon,lat\nA,国家重点实验室,120.45,36.15\nB,国家重点实验室,120.46,36.16\n",
                    encoding="utf-8")
    os.utime(path, ns=(1, 1))  # a different modification time even on a coarse clock
    assert _ratio(capsys, str(path))["rows"] == 2
