"""Crash-safe saving, proven: a process saving in a loop is SIGKILLed at random moments; every time the
project opens with the old or the new content, and the .bak is a complete earlier version."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from corridor_gis.model import Project

SAVER = r"""
import sys
from corridor_gis.model import Project
target = sys.argv[1]
project = Project.bundled()
print("ready", flush=True)
for i in range(int(sys.argv[2]), int(sys.argv[2]) + 50):
    project.metadata["version"] = str(i)
    project.save(target)
    print(f"saved {i}", flush=True)
"""


@pytest.mark.slow
def test_sigkill_during_saves_never_corrupts(tmp_path: Path):
    target = tmp_path / "项目 kill.gpkg"
    script = tmp_path / "saver.py"
    script.write_text(SAVER, encoding="utf-8")
    rng = random.Random(2027)
    version, previous = 0, None  # next version to write; version on disk before this run
    for _kill in range(25):
        proc = subprocess.Popen([sys.executable, str(script), str(target), str(version)],
                                stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.6))
        os.kill(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        saved = [int(line.split()[1]) for line in out.splitlines() if line.startswith("saved")]
        if not target.exists():
            assert not saved and previous is None
            continue
        on_disk = int(Project.load(target).metadata["version"])
        # the file holds the last save reported complete (or, if none, what was there before), or the save
        # in flight, killed after its rename but before it could report
        done = saved[-1] if saved else previous
        in_flight = saved[-1] + 1 if saved else version
        assert on_disk in {done, in_flight}, (on_disk, done, in_flight)
        previous = on_disk
        bak = target.with_name(target.name + ".bak")
        if bak.exists():
            assert int(Project.load(bak).metadata["version"]) <= on_disk
        version = on_disk + 1
        leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp.gpkg")]
        for name in leftovers:  # a killed save leaves its temp file: never the target, never the .bak
            (tmp_path / name).unlink()
    assert version > 0
