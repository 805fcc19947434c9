"""Benchmark: ``corridor-gis ratio`` end to end on 1,000,000 rows, against baselines measured in the same run.

Issue #16, item 1: ``ratio`` on a 1M-row CSV and on a 1M-point GeoPackage within 1.5 s for the whole
process and at least 1.7x faster than QGIS (``qgis_process run native:countpointsinpolygon``) on the same
GeoPackage; ``areas`` within 0.5 s. Everything is a separate process timed from outside (wall time,
median of ``--repeat`` runs), so imports and the interpreter's start are included as a user feels them.

Baselines printed beside ours:
* the raw-read floor: ``pyarrow.csv.read_csv`` of the same CSV, ``pyogrio.read_arrow`` of the GeoPackage
  (each in its own process, imports included) — nothing faster can read the file;
* ``python -c pass`` — the interpreter's start;
* QGIS's count-points-in-polygon on the GeoPackage against the corridor polygon, when ``qgis_process``
  (or ``qgis_process.bin``) is on PATH. QGIS leaves out points on the boundary, we count them
  (pitfalls.md): the counts are printed, not compared.

Peak RSS of each ``ratio`` run comes from ``/usr/bin/time -f %M`` when it exists.

Run: ``.venv/bin/python bench/bench_e2e.py [N] [--encoding gbk|utf-8] [--repeat 3] [--keep DIR]``
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

import numpy as np

#: labels as agencies write them (the reader classifies them by meaning)
LABELS = ("国家重点实验室", "山东省重点实验室", "青岛市重点实验室", "新型研发机构", "省级新型研发机构",
          "国家级创新平台", "市级技术创新中心", "高新技术企业", "孵化器", "省级工程技术研究中心")
STREETS = ("滨海大道", "香港东路", "松岭路", "株洲路", "九水东路", "黑龙江中路", "蓝谷路", "鳌山卫街道")
PY = sys.executable
CLI = [PY, "-m", "corridor_gis"]


def make_points(n: int, seed: int = 16) -> dict[str, np.ndarray]:
    """``n`` institutions around Qingdao, a third of them clustered along the corridor."""
    rng = np.random.default_rng(seed)
    lon = rng.uniform(119.6, 121.0, n)
    lat = rng.uniform(35.6, 37.1, n)
    k = n // 3
    lon[:k] = rng.normal(120.55, 0.1, k)
    lat[:k] = rng.normal(36.25, 0.1, k)
    lon, lat = np.clip(lon, 119.55, 121.05), np.clip(lat, 35.55, 37.15)
    return {"lon": np.round(lon, 6), "lat": np.round(lat, 6), "label": rng.integers(0, len(LABELS), n),
            "street": rng.integers(0, len(STREETS), n)}


def write_csv(path: Path, pts: dict[str, np.ndarray], encoding: str) -> None:
    """名称,类别,经度,纬度,地址 — written with numpy string ops (no per-row Python)."""
    n = len(pts["lon"])
    idx = np.arange(1, n + 1).astype(str)
    names = np.char.add(np.char.add("机构", idx), "号")
    labels = np.array(LABELS)[pts["label"]]
    lon = np.char.mod("%.6f", pts["lon"])
    lat = np.char.mod("%.6f", pts["lat"])
    addr = np.char.add(np.char.add("青岛市", np.array(STREETS)[pts["street"]]), np.char.mod("%d号", pts["street"] + 1))
    lines = np.char.add(names, ",")
    for col in (labels, lon, lat):
        lines = np.char.add(np.char.add(lines, col), ",")
    lines = np.char.add(lines, addr)
    text = "名称,类别,经度,纬度,地址\n" + "\n".join(lines.tolist()) + "\n"
    path.write_bytes(text.encode(encoding))


def write_gpkg(path: Path, pts: dict[str, np.ndarray]) -> None:
    import geopandas as gpd
    import pyogrio

    n = len(pts["lon"])
    frame = gpd.GeoDataFrame(
        {"名称": [f"机构{i}号" for i in range(1, n + 1)], "类别": np.array(LABELS)[pts["label"]],
         "地址": np.array(STREETS)[pts["street"]]},
        geometry=gpd.points_from_xy(pts["lon"], pts["lat"]), crs="EPSG:4326")
    pyogrio.write_dataframe(frame, path, layer="institutions", driver="GPKG")


def write_corridor(path: Path) -> None:
    import pyogrio

    from corridor_gis.model import Project

    pyogrio.write_dataframe(Project.bundled().layers["corridor"][["id", "geometry"]], path, layer="corridor",
                            driver="GPKG")


def run(cmd: list[str], repeat: int) -> tuple[float, str, int | None]:
    """Median wall time of ``repeat`` runs, the last stdout, and the peak RSS (kB) of the last run."""
    times, out, rss = [], "", None
    timer = shutil.which("time") or ("/usr/bin/time" if os.path.exists("/usr/bin/time") else None)
    for i in range(repeat):
        wrapped = [timer, "-f", "%M", *cmd] if timer and i == repeat - 1 else cmd
        t0 = time.perf_counter()
        proc = subprocess.run(wrapped, capture_output=True, text=True, check=False)
        times.append(time.perf_counter() - t0)
        if proc.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr[-2000:]}")
        out = proc.stdout
        if wrapped is not cmd:
            last = proc.stderr.strip().splitlines()[-1]
            rss = int(last) if last.isdigit() else None
    return median(times), out, rss


def _inside(doc: dict) -> str:
    """The headline's inside count and every row's (what QGIS counts: it knows no categories)."""
    every = sum(v["inside"] for v in doc["by_category"].values())
    return f"inside {doc['corridor']['inside']:,} counted, {every:,} of all rows"


def qgis_command() -> list[str] | None:
    # Debian's qgis_process wrapper passes --noversioncheck, which qgis_process.bin 3.22 refuses: the .bin first
    exe = shutil.which("qgis_process.bin") or shutil.which("qgis_process")
    return [exe] if exe else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=1_000_000)
    parser.add_argument("--encoding", default="gbk", choices=("gbk", "utf-8"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", help="folder for the generated files (kept; reused when present)")
    args = parser.parse_args()
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench_e2e_"))
    folder.mkdir(parents=True, exist_ok=True)
    csv_path, gpkg_path = folder / f"points_{args.n}_{args.encoding}.csv", folder / f"points_{args.n}.gpkg"
    corridor_path = folder / "corridor.gpkg"
    pts = None
    if not csv_path.exists():
        pts = make_points(args.n)
        write_csv(csv_path, pts, args.encoding)
    if not gpkg_path.exists():
        write_gpkg(gpkg_path, pts if pts is not None else make_points(args.n))
    if not corridor_path.exists():
        write_corridor(corridor_path)
    env_note = f"{args.n:,} rows; CSV {csv_path.stat().st_size / 1e6:.0f} MB ({args.encoding}), " \
               f"GPKG {gpkg_path.stat().st_size / 1e6:.0f} MB; median of {args.repeat}; folder {folder}"
    print(env_note)
    # the package's own modules compiled, as `make run` leaves them (otherwise, with PYTHONDONTWRITEBYTECODE set,
    # every process compiles them again: ~0.3 s of each figure)
    subprocess.run([PY, "-m", "compileall", "-q", str(Path(__file__).resolve().parent.parent / "corridor_gis")],
                   check=True)
    import pandas

    if not any((Path(pandas.__file__).parent / "__pycache__").glob("*.pyc")):
        print("WARNING: the venv has no bytecode (uv sync without --compile-bytecode, PYTHONDONTWRITEBYTECODE=1): "
              "every process compiles ~600 modules (~2 s). Run `.venv/bin/python -m compileall -q .venv/lib "
              "corridor_gis` first to measure what an installed copy does.")

    rows: list[tuple[str, float, int | None, str]] = []
    t_py, _, _ = run([PY, "-c", "pass"], args.repeat)
    rows.append(("python -c pass (interpreter start)", t_py, None, ""))
    floor_csv = (f"import pyarrow.csv as c, pyarrow as pa; t = c.read_csv({str(csv_path)!r}, "
                 f"read_options=c.ReadOptions(encoding={args.encoding!r}), convert_options=c.ConvertOptions("
                 "column_types={'经度': pa.string(), '纬度': pa.string()})); print(t.num_rows)")
    t_floor_csv, _, _ = run([PY, "-c", floor_csv], args.repeat)
    rows.append(("floor: pyarrow.csv.read_csv (CSV)", t_floor_csv, None, ""))
    floor_gpkg = f"import pyogrio; m, t = pyogrio.read_arrow({str(gpkg_path)!r}); print(t.num_rows)"
    t_floor_gpkg, _, _ = run([PY, "-c", floor_gpkg], args.repeat)
    rows.append(("floor: pyogrio.read_arrow (GPKG)", t_floor_gpkg, None, ""))

    t_csv, out_csv, rss_csv = run([*CLI, "ratio", str(csv_path), "--json"], args.repeat)
    doc_csv = json.loads(out_csv)
    rows.append((f"ours: ratio CSV ({args.encoding}) --json", t_csv, rss_csv, _inside(doc_csv)))
    # the other common encoding too: UTF-8 lists are parsed straight from the bytes, GBK ones decoded first
    other = "utf-8" if args.encoding == "gbk" else "gbk"
    other_path = folder / f"points_{args.n}_{other}.csv"
    if not other_path.exists():
        other_path.write_bytes(csv_path.read_bytes().decode(args.encoding).encode(other))
    t_other, out_other, rss_other = run([*CLI, "ratio", str(other_path), "--json"], args.repeat)
    rows.append((f"ours: ratio CSV ({other}) --json", t_other, rss_other, _inside(json.loads(out_other))))
    t_gpkg, out_gpkg, rss_gpkg = run([*CLI, "ratio", str(gpkg_path), "--json"], args.repeat)
    doc_gpkg = json.loads(out_gpkg)
    rows.append(("ours: ratio GPKG --json", t_gpkg, rss_gpkg, _inside(doc_gpkg)))
    t_areas, _, rss_areas = run([*CLI, "areas"], args.repeat)
    rows.append(("ours: areas", t_areas, rss_areas, ""))
    assert doc_csv["corridor"] == doc_gpkg["corridor"], "CSV and GeoPackage of the same points must agree"

    t_qgis = None
    qgis = qgis_command()
    if qgis:
        out = folder / "qgis_counts.gpkg"
        qcmd = [*qgis, "run", "native:countpointsinpolygon", f"--POLYGONS={corridor_path}",
                f"--POINTS={gpkg_path}", "--FIELD=NUMPOINTS", f"--OUTPUT={out}"]
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        times = []
        for _ in range(args.repeat):
            out.unlink(missing_ok=True)
            t0 = time.perf_counter()
            proc = subprocess.run(qcmd, capture_output=True, text=True, env=env, check=False)
            times.append(time.perf_counter() - t0)
            if proc.returncode != 0:
                print(f"qgis_process failed: {proc.stderr[-500:]}")
                break
        else:
            import pyogrio

            t_qgis = median(times)
            qcount = int(pyogrio.read_dataframe(out, read_geometry=False)["NUMPOINTS"].iloc[0])
            rows.append(("QGIS: qgis_process countpointsinpolygon (GPKG)", t_qgis, None,
                         f"inside {qcount:,} of all rows (QGIS leaves out boundary points)"))
    else:
        print("qgis_process not on PATH: QGIS not measured (the raw-read floor is the baseline)")

    print(f"\n{'what':48} {'s':>7} {'RSS MB':>7} {'vs floor':>9}  note")
    for name, t, rss, note in rows:
        floor = t_floor_gpkg if "GPKG" in name else t_floor_csv
        print(f"{name:48} {t:7.2f} {rss / 1024 if rss else float('nan'):7.0f} {t / floor:8.2f}x  {note}")
    print("\ngoals (issue #16):")
    print(f"  ratio CSV  {t_csv:5.2f} s  ({args.encoding}; <= 1.5 s: {'met' if t_csv <= 1.5 else 'NOT met'})")
    print(f"  ratio CSV  {t_other:5.2f} s  ({other}; <= 1.5 s: {'met' if t_other <= 1.5 else 'NOT met'})")
    print(f"  ratio GPKG {t_gpkg:5.2f} s  (<= 1.5 s: {'met' if t_gpkg <= 1.5 else 'NOT met'})")
    print(f"  areas      {t_areas:5.2f} s  (<= 0.5 s: {'met' if t_areas <= 0.5 else 'NOT met'})")
    if t_qgis:
        print(f"  QGIS / ours on the GPKG: {t_qgis / t_gpkg:.2f}x (>= 1.7x: "
              f"{'met' if t_qgis / t_gpkg >= 1.7 else 'NOT met'})")
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
