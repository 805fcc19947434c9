"""The PyInstaller build runs the CLI and the screenshot mode with no .venv on the path — installed
under a folder whose name has Chinese characters and spaces (a known trap for Qt plugin loading)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from corridor_gis import paths
from tests.geotiffs import write_marked_geotiff

ROOT = paths.resource_root()


@pytest.fixture(scope="module")
def frozen(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("pyinstaller")
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "ERROR",
                    "--distpath", str(work / "dist"), "--workpath", str(work / "build"), "build.spec"],
                   cwd=ROOT, check=True, timeout=1200)
    install = work / "安装 目录" / "corridor-gis"
    install.parent.mkdir()
    shutil.move(str(work / "dist" / "corridor-gis"), install)
    return install / "corridor-gis"


def run_frozen(binary: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(cwd), "QT_QPA_PLATFORM": "offscreen", "LANG": "C.UTF-8"}
    return subprocess.run([str(binary), *args], capture_output=True, text=True, timeout=300, env=env, cwd=cwd)


@pytest.mark.slow
def test_frozen_cli_and_screenshot(frozen, tmp_path):
    result = run_frozen(frozen, "areas", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    zones = {z["id"]: z for z in json.loads(result.stdout)["zones"]}
    assert abs(zones["corridor"]["area_km2"] - 190.71) <= 0.01
    shot = tmp_path / "frozen.png"
    result = run_frozen(frozen, "gui", "--screenshot", str(shot), "--size", "1200x800", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert shot.stat().st_size > 50_000
    out = tmp_path / "brief.html"
    result = run_frozen(frozen, "export-html", str(out), "--points",
                        str(paths.data_dir() / "sample_institutions.csv"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "cg-ratio-data" in out.read_text(encoding="utf-8")
    # rasterio's GDAL and PROJ data travel with the build: a GeoTIFF in EPSG:4549 is warped for the briefing
    sheet = write_marked_geotiff(tmp_path / "规划底图.tif", "EPSG:4549", pixel=8.0, size=300)
    result = run_frozen(frozen, "export-html", str(tmp_path / "sheet.html"), "--basemap", str(sheet), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "GeoTIFF" in result.stdout and "data:image/png" in (tmp_path / "sheet.html").read_text(encoding="utf-8")
    bad = tmp_path / "坏.csv"
    bad.write_text("x\n", encoding="utf-8")
    result = run_frozen(frozen, "ratio", str(bad), cwd=tmp_path)
    assert result.returncode == 2 and "坏.csv" in result.stderr
    # a GBK list: the build's ratio (which transcodes it in a forked child) gives the installed package's figures
    gbk = tmp_path / "名录.csv"
    rows = [f"机构{i},国家重点实验室,{120.40 + i * 0.001:.6f},{36.10 + i * 0.001:.6f}" for i in range(300)]
    gbk.write_bytes(("名称,类别,经度,纬度\n" + "\n".join(rows) + "\n").encode("gbk"))
    result = run_frozen(frozen, "ratio", str(gbk), "--encoding", "gbk", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    installed = subprocess.run([sys.executable, "-m", "corridor_gis", "ratio", str(gbk), "--encoding", "gbk",
                                "--json"], capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) == json.loads(installed.stdout)
