"""The bad-input corpus (tests/data/bad/, made by tools/make_bad_corpus.py): every file gets a clear
message that names the file (and row/column where there is one) and what to do, exit code 2 from the CLI
— or, for inputs that are usable with a report, exit 0 with the report."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from corridor_gis.cli import main


def argv(case: dict, corpus: Path) -> list[str]:
    path = str(corpus / case["file"])
    extra = shlex.split(case["args"])
    return {"ratio": ["ratio", path, *extra], "areas": ["areas", "--project", path],
            "indicators": ["indicators", "--file", path]}[case["command"]]


def test_corpus_is_big_enough(bad_cases):
    assert len(bad_cases) >= 40


def test_bad_input_gets_a_clear_message(bad_case, bad_corpus, capsys):
    case = bad_case
    code = main(argv(case, bad_corpus))
    out, err = capsys.readouterr()
    assert code == int(case["exit"]), err or out
    if code == 2:
        assert Path(case["file"]).name in err, err  # names the file
        assert "What to do:" in err, err  # says what to do
        assert case["expect"] in err, err
        assert out == ""  # nothing half-printed on stdout
        assert "Traceback" not in err
        assert len(err) < 1500, len(err)  # short: never an echo of unbounded input
    else:
        assert case["expect"] in out + err


@pytest.mark.slow
def test_million_row_file_with_bad_rows(tmp_path, capsys):
    """1e6 rows, every 1000th broken: all bad rows reported with their row numbers, the rest counted."""
    import json

    import numpy as np

    n = 1_000_000
    rng = np.random.default_rng(6)
    lon = np.round(rng.uniform(120.3, 120.7, n), 6).astype(str)
    lat = np.round(rng.uniform(36.05, 36.4, n), 6).astype(str)
    lon[::1000] = "缺失"
    path = tmp_path / "一百万行.csv"
    with open(path, "w", encoding="gbk") as fh:
        fh.write("名称,类别,经度,纬度\n")
        fh.writelines(f"机构{i},重点实验室,{a},{b}\n" for i, (a, b) in enumerate(zip(lon, lat, strict=True)))
    assert main(["ratio", str(path), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["rows"] == n
    assert [s["row"] for s in doc["skipped"]] == list(range(2, n + 2, 1000))
    assert doc["corridor"]["total"] == n - len(doc["skipped"])
