"""The command line as a user runs it: JSON shape, exit codes 0 / 1 / 2, messages on stderr."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import shapely

from corridor_gis.cli import main


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "corridor_gis", *args], capture_output=True,
                          text=True, encoding="utf-8", timeout=120)


def test_areas_json_every_city_within_a_hundredth(capsys):
    assert main(["areas", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    zones = {z["id"]: z for z in doc["zones"]}
    for cid in ("ocean", "youth", "digital", "corridor"):
        z = zones[cid]
        assert set(z) >= {"id", "name_zh", "planned_km2", "area_km2", "area_km2_geodesic", "diff_km2"}
        assert abs(z["area_km2"] - z["planned_km2"]) <= 0.01
        assert abs(z["area_km2_geodesic"] - z["planned_km2"]) <= 0.01
    assert zones["corridor"]["planned_km2"] == 190.71
    assert zones["ocean"]["name_zh"] == "海洋科技城"


def test_areas_table_shows_chinese_names(capsys):
    assert main(["areas"]) == 0
    out = capsys.readouterr().out
    assert "青年科创城" in out and "190.71" in out


def test_check_passes_on_bundled():
    result = run_cli("check")
    assert result.returncode == 0, result.stderr
    assert "check passed" in result.stdout


def test_check_fails_on_overlapping_cities(project, tmp_path):
    c = project.city_geometries()
    project.set_city_geometry("youth", shapely.buffer(c["youth"], 0.003))
    path = project.save(tmp_path / "overlap.gpkg")
    result = run_cli("check", "--project", str(path))
    assert result.returncode == 1
    assert "overlap" in result.stderr and "youth+digital" in result.stderr


def test_bad_project_file_exit_2(tmp_path):
    bad = tmp_path / "我的 项目.gpkg"
    bad.write_bytes(b"\x00garbage" * 100)
    result = run_cli("areas", "--project", str(bad))
    assert result.returncode == 2
    assert "我的 项目.gpkg" in result.stderr and "What to do" in result.stderr
    assert result.stdout == ""


def test_closed_pipe_gives_no_traceback():
    """``corridor-gis areas --json | head -1``: the reader goes away before we write."""
    proc = subprocess.Popen([sys.executable, "-m", "corridor_gis", "areas", "--json"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    proc.stdout.close()  # like `head` exiting: every write of the child now fails with EPIPE
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.wait(timeout=120)
    assert "Traceback" not in err and "BrokenPipeError" not in err, err
    assert proc.returncode == 141


def test_internal_error_is_short_names_the_input_and_exits_3(monkeypatch, capsys):
    from corridor_gis import cli

    def broken(args):
        raise RuntimeError("boom " + "x" * 10_000)

    cli._register_subcommands()
    monkeypatch.setitem(cli.SUBCOMMANDS, "ratio", broken)
    monkeypatch.delenv("CORRIDOR_GIS_DEBUG", raising=False)
    assert main(["ratio", "名单.csv"]) == 3
    err = capsys.readouterr().err
    assert "internal error" in err and "名单.csv" in err and "report" in err
    assert "Traceback" not in err and len(err) < 800
    monkeypatch.setenv("CORRIDOR_GIS_DEBUG", "1")
    assert main(["ratio", "名单.csv"]) == 3
    assert "Traceback" in capsys.readouterr().err


def test_help_documents_the_exit_codes(capsys):
    import pytest

    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "3 internal error" in out and "2 bad input" in out


def test_areas_warns_about_a_self_intersecting_city_by_name(project, tmp_path, capsys):
    bowtie = shapely.Polygon([(120.40, 36.10), (120.50, 36.20), (120.50, 36.10), (120.40, 36.20)])
    cities = project.layers["cities"]
    cities.loc[cities["id"] == "youth", "geometry"] = bowtie
    path = project.save(tmp_path / "bowtie.gpkg")
    assert main(["areas", "--project", str(path), "--json"]) == 0
    out, err = capsys.readouterr()
    assert "warning: 青年科创城" in err and "self-intersection" in err and "120.4" not in err
    zones = {z["id"]: z for z in json.loads(out)["zones"]}
    assert zones["youth"]["problem"] and zones["ocean"]["problem"] is None


def test_each_command_loads_only_its_own_module():
    """``SUBCOMMAND_MODULES`` names every command each module registers (a command missing there would load
    every module, one listed under the wrong module would not be found), and ``ratio`` loads neither the zone
    importer nor the print layouts."""
    import importlib

    from corridor_gis import cli

    for name, commands in cli.SUBCOMMAND_MODULES.items():
        module = importlib.import_module(f"corridor_gis.{name}")
        registered = {c for c, f in cli.SUBCOMMANDS.items() if f.__module__ == module.__name__}
        assert registered == set(commands), name
    code = ("import sys; from corridor_gis import cli; cli._register_subcommands('ratio'); "
            "print(sorted(m for m in sys.modules if m.startswith('corridor_gis.cli_')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "cli_ratio" in out and "cli_zones" not in out and "cli_print" not in out


def test_a_batch_command_exits_with_its_code_after_the_exit_handlers(tmp_path):
    """``run()`` leaves a batch command without the interpreter's module teardown, but only after every exit
    handler registered while the command ran (as a library it imports does) and with its output flushed; the
    code is the command's."""
    marker = tmp_path / "handler-ran"
    code = ("import atexit, pathlib, sys\n"
            "from corridor_gis import cli\n"
            "command = cli.main\n"
            "def main(argv):\n"
            f"    atexit.register(pathlib.Path({str(marker)!r}).write_text, 'yes')\n"
            "    return command(argv)\n"
            "cli.main = main\n"
            "sys.argv = ['corridor-gis', *sys.argv[1:]]\n"
            "cli.run()\n")
    ok = subprocess.run([sys.executable, "-c", code, "areas", "--json"], capture_output=True, text=True)
    assert ok.returncode == 0 and json.loads(ok.stdout)["zones"] and marker.read_text() == "yes"
    marker.unlink()
    bad = subprocess.run([sys.executable, "-c", code, "ratio", str(tmp_path / "missing.csv")], capture_output=True,
                         text=True)
    assert bad.returncode == 2 and "file not found" in bad.stderr and marker.read_text() == "yes"


def test_ctrl_c_while_the_libraries_load_says_interrupted(tmp_path):
    """Ctrl-C in the first second of ``ratio`` (the early read, the imports) gets the same one line and exit
    code as during the command, not a traceback."""
    code = ("import sys\n"
            "from corridor_gis import cli\n"
            "def interrupted(command):\n"
            "    raise KeyboardInterrupt\n"
            "cli._register_subcommands = interrupted\n"
            "sys.argv = ['corridor-gis', *sys.argv[1:]]\n"
            "cli.run()\n")
    path = tmp_path / "list.csv"
    path.write_text("name,category,lon,lat\nA,国家重点实验室,120.45,36.15\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", code, "ratio", str(path)], capture_output=True, text=True)
    assert (done.returncode, done.stderr) == (130, "interrupted\n")


@pytest.mark.parametrize(("argv", "batch"), [
    (["ratio", "list.csv"], True), (["areas", "--json"], True), (["check"], True),
    (["project.gpkg"], False), ([], False), (["gui"], False), (["export-map", "out.pdf"], False),
    (["report", "out.pdf"], False), (["--help"], False),
])
def test_only_batch_commands_leave_without_the_teardown(argv, batch):
    """The app (also when a project file is the first argument) and the Qt commands exit the usual way."""
    from corridor_gis.cli import _is_batch, _register_subcommands

    _register_subcommands()
    assert _is_batch(argv) is batch
