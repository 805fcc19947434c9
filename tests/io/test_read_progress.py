"""read_points tells its stages to a face; within reading, a workbook also tells how far its rows are (the part
of a workbook's read whose position is known), and a face can stop the read there."""

from __future__ import annotations

import pytest

from corridor_gis.io import ImportOptions, read_points


@pytest.fixture
def workbook(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["名称", "类别", "经度", "纬度"])
    for i in range(2_000):
        sheet.append([f"机构{i}", "重点实验室", 120.4 + i * 1e-4, 36.1 + i * 1e-4])
    path = tmp_path / "名单.xlsx"
    book.save(path)
    return path


def test_a_workbook_tells_how_far_its_rows_are_read(workbook):
    told: list[tuple[str, float]] = []
    dataset, _report = read_points(workbook, ImportOptions(crs="wgs84"), progress=lambda s, f: told.append((s, f)))
    reading = [f for s, f in told if s == "reading"]
    assert reading[0] == 0.0 and reading[-1] == 1.0
    between = [f for f in reading if 0.0 < f < 1.0]
    assert len(between) >= 10 and between == sorted(between)
    assert [s for s, _f in told].index("checking") > len(reading) - 1  # all of it before checking starts
    assert len(dataset) == 2_000 and len(read_points(workbook, ImportOptions(crs="wgs84"))[0]) == 2_000


def test_a_progress_that_raises_stops_a_workbook_read_among_its_rows(workbook):
    class Stop(Exception):
        pass

    told: list[tuple[str, float]] = []

    def progress(stage: str, fraction: float) -> None:
        told.append((stage, fraction))
        if stage == "reading" and 0.0 < fraction < 1.0:
            raise Stop  # the user pressed 取消检查

    with pytest.raises(Stop):  # not turned into an InputError on the way
        read_points(workbook, ImportOptions(crs="wgs84"), progress=progress)
    assert told == [("reading", 0.0), ("reading", told[-1][1])] and told[-1][1] < 0.5
