"""Command line: ``corridor-gis`` (also ``python -m corridor_gis``).

Exit codes: 0 ok, 1 a check failed, 2 bad input (message on stderr names file, row, column, what to do),
3 an internal error (a bug: a short message naming the input file and asking for a report; the traceback
only with ``CORRIDOR_GIS_DEBUG=1``), 141 the reader of stdout went away (``… | head``; 128 + SIGPIPE, as
shell tools exit). ``--json`` prints exactly one JSON document on stdout.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import importlib
import json
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import CheckFailed, InputError

if TYPE_CHECKING:  # pandas/geopandas load with the model: only the commands that need it pay for it
    from .model import Project

SUBCOMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {}


def _command(name: str):
    def register(func):
        SUBCOMMANDS[name] = func
        return func
    return register


def load_project(path: str | None) -> Project:
    """The project named on the command line, or the bundled zones."""
    from .model import Project

    return Project.load(path) if path else Project.bundled()


def emit_json(doc: object) -> None:
    json.dump(doc, sys.stdout, ensure_ascii=False, indent=2, allow_nan=False)
    sys.stdout.write("\n")


# ---------------------------------------------------------------------------------------- areas
@_command("areas")
def cmd_areas(args: argparse.Namespace) -> int:
    from . import paths
    from .areas import AREA_LAYERS, zone_areas
    from .zones_light import read_zone_layers

    # the plain GeoPackage read with sqlite3 (no pandas/geopandas); anything else through the full reader
    light = read_zone_layers(Path(args.project) if args.project else paths.zones_path(), AREA_LAYERS)
    project = light if light is not None else load_project(args.project)
    if light is not None and not args.project:
        light.path = None  # the bundled zones, named as the full reader names them
    rows = zone_areas(project)
    for r in rows:
        if r.problem:
            print(f"warning: {r.name_zh or r.id} ({r.layer}) {r.problem}: its area is not reliable; fix the "
                  "boundary (corridor-gis check lists the problems)", file=sys.stderr)
    if args.json:
        emit_json({"project": str(project.path or "bundled"), "area_crs": "EPSG:4549",
                   "zones": [r.as_dict() for r in rows]})
        return 0
    print(f"Project: {project.path or 'bundled zones (indicative)'}   areas in km², EPSG:4549")
    print(f"{'layer':9} {'id':10} {'name':14} {'planned':>9} {'EPSG:4549':>10} {'geodesic':>10} "
          f"{'diff':>8}")
    for r in rows:
        planned = f"{r.planned_km2:9.2f}" if r.planned_km2 is not None else f"{'-':>9}"
        diff = f"{r.diff_km2:+8.3f}" if r.diff_km2 is not None else f"{'-':>8}"
        print(f"{r.layer:9} {r.id:10} {r.name_zh:{14 - _wide(r.name_zh)}} {planned} "
              f"{r.area_km2:10.3f} {r.area_km2_geodesic:10.3f} {diff}")
    return 0


def _wide(text: str) -> int:
    """Extra terminal columns taken by CJK characters (so tables line up)."""
    return sum(1 for ch in text if ord(ch) > 0x2E80)


# ---------------------------------------------------------------------------------------- check
@_command("check")
def cmd_check(args: argparse.Namespace) -> int:
    from .check import check_project

    project = load_project(args.project)
    findings = check_project(project)
    if args.json:
        emit_json({"project": str(project.path or "bundled"), "ok": not findings,
                   "findings": [f.__dict__ for f in findings]})
    elif findings:
        print(f"check FAILED for {project.path or 'bundled zones'}: {len(findings)} problem(s)",
              file=sys.stderr)
        for f in findings:
            print(f"  - {f}", file=sys.stderr)
    else:
        print(f"check passed: {project.path or 'bundled zones'} (validity, overlaps, gaps, "
              "corridor = union of cities, areas within ±0.01 km² of plan, CRS)")
    if findings:
        raise CheckFailed
    return 0


# ------------------------------------------------------------------------------------------ gui
@_command("gui")
def cmd_gui(args: argparse.Namespace) -> int:
    # the only place the core reaches into Qt, lazily, so `areas`/`check` never load PyQt6
    from .app.main import run_app

    return run_app(args.project_file, screenshot=args.screenshot, size=args.size)


# ---------------------------------------------------------------------------------------- parser
def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="corridor-gis",
        description="Qingdao S&T Innovation Corridor (青岛科创大走廊): zones, areas, concentration ratio.",
        epilog="exit codes: 0 ok, 1 a check failed, 2 bad input (the message says what to do), "
               "3 internal error (please report it; CORRIDOR_GIS_DEBUG=1 shows the traceback), "
               "141 output pipe closed")
    sub = parser.add_subparsers(dest="command")

    gui = sub.add_parser("gui", help="open the desktop app (default)")
    gui.add_argument("project_file", nargs="?", help="project .gpkg (bundled zones if omitted)")
    gui.add_argument("--screenshot", metavar="OUT.png", help="render the window to PNG and exit")
    gui.add_argument("--size", default="1600x1000", help="window size for --screenshot, WxH")

    areas = sub.add_parser("areas", help="zone areas (EPSG:4549 and geodesic) vs plan")
    areas.add_argument("--project", help="project .gpkg (bundled zones if omitted)")
    areas.add_argument("--json", action="store_true", help="print one JSON document")

    check = sub.add_parser("check", help="validity, overlaps/gaps, corridor = union, areas vs plan")
    check.add_argument("--project", help="project .gpkg (bundled zones if omitted)")
    check.add_argument("--json", action="store_true", help="print one JSON document")

    for extra in _EXTRA_PARSERS:
        extra(sub)
    return parser


#: later modules (ratio, compare, export-html) register their parsers here
_EXTRA_PARSERS: list[Callable[[argparse._SubParsersAction], None]] = []


#: the modules that register further subcommands (kept apart so this file stays small), with their commands
SUBCOMMAND_MODULES = {
    "cli_ratio": ("ratio", "compare", "indicators", "export-html"),
    "cli_print": ("export-map", "report"),
    "cli_zones": ("import-zones",),
}


def _register_subcommands(command: str | None = None) -> None:
    """Import the module that adds ``command`` (every such module when the command is not theirs: help, a
    typo), so a command pays only for its own imports (``ratio`` never loads the zone importer or tiles)."""
    names = [n for n, commands in SUBCOMMAND_MODULES.items() if command in commands] or SUBCOMMAND_MODULES
    for name in names:
        importlib.import_module(f"{__package__}.{name}")


#: exit codes (documented in the module docstring and in --help)
EXIT_CHECK_FAILED, EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_BROKEN_PIPE = 1, 2, 3, 141
#: argparse destinations that name the input file, for the internal-error message
_INPUT_ARGS = ("points", "project", "project_file", "file", "a", "b")


def _input_files(args: argparse.Namespace) -> str:
    from .io.messages import clip  # the readers' package: loaded with pandas, only when it is needed

    names = []
    for attr in _INPUT_ARGS:
        value = getattr(args, attr, None)
        for v in value if isinstance(value, list) else [value]:
            if v:
                names.append(clip(v, 200))
    return ", ".join(names) or "the bundled zones"


def _internal_error(args: argparse.Namespace, exc: BaseException) -> int:
    """A bug, said shortly: which command and input, what to report; the traceback only when debugging."""
    from .io.messages import clip

    if os.environ.get("CORRIDOR_GIS_DEBUG") == "1":
        traceback.print_exc(file=sys.stderr)
    print(f"internal error: corridor-gis {args.command} failed on {_input_files(args)} "
          f"({type(exc).__name__}: {clip(exc, 200)}).\n"
          "  This is a bug, not your data's fault: please report it with the command and the input file "
          "(set CORRIDOR_GIS_DEBUG=1 to print the details).", file=sys.stderr)
    return EXIT_INTERNAL


def _stdout_closed() -> int:
    """The reader of our output went away (``corridor-gis areas --json | head -1``): stop quietly.

    As the Python docs advise (signal module, "Note on SIGPIPE"): point stdout at devnull so the
    interpreter's final flush does not raise again, and exit without a traceback."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # stdout is not a real file (tests capture it)
        pass
    return EXIT_BROKEN_PIPE


def _start_reading_early(argv: list[str]) -> None:
    """``ratio LIST …``: start reading the list on a thread before the command's libraries are imported
    (a CSV: before pandas, ~0.4 s of one core while Arrow parses on the other; a GeoPackage: after pyogrio,
    which brings pandas, while the rest is imported and the zones are loaded). The read is the one the command
    makes; it is used only if the command asks for this file, unchanged, with the same ``--encoding`` or
    ``--layer`` (else it is read again), so a guess from the raw arguments can cost time but never a figure."""
    if len(argv) < 2 or argv[0] != "ratio" or argv[1].startswith("-"):
        return
    path = Path(argv[1])
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".txt", ".gpkg") or not path.is_file():
        return
    encoding, layer = _option(argv, "--encoding"), _option(argv, "--layer")
    if suffix == ".gpkg":
        if encoding is None:  # with --encoding the reader takes GDAL's row-by-row way
            from .gpkg_points import start_reading as start_layer

            start_layer(path, layer)
        return
    from .io.csv_grid import start_reading  # no pandas: the thread starts before pandas is imported

    start_reading(path, encoding)


def _option(argv: list[str], name: str) -> str | None:
    """The value of ``name VALUE`` or ``name=VALUE`` in raw arguments (the last one given), else None."""
    value = None
    for i, arg in enumerate(argv):
        if arg == name and i + 1 < len(argv):
            value = argv[i + 1]
        elif arg.startswith(f"{name}="):
            value = arg.partition("=")[2]
    return value


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # this file's own commands (areas, check, gui) need none of the other modules and their imports
    # (pandas, geopandas: ~0.6 s); anything else, or no command, registers every subcommand first
    if not (argv and argv[0] in SUBCOMMANDS):
        _start_reading_early(argv)
        _register_subcommands(argv[0] if argv else None)
    if not argv or (argv[0] not in SUBCOMMANDS and argv[0] not in ("-h", "--help")):
        argv.insert(0, "gui")
    args = build_parser().parse_args(argv)
    try:
        code = SUBCOMMANDS[args.command](args)
        sys.stdout.flush()
        return code
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except CheckFailed:
        return EXIT_CHECK_FAILED
    except BrokenPipeError:
        return _stdout_closed()
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # the last resort: a bug gets a short message, never a traceback
        return _internal_error(args, exc)


#: commands that run Qt (its objects are torn down with the interpreter): they exit the usual way
_QT_COMMANDS = ("gui", "export-map", "report")


class _LeaveWithoutTeardown:
    """An exit handler registered as the program starts, before the command imports its libraries, so it runs
    after every handler they register (exit handlers run last-in, first-out): it flushes the output and
    ends the process with the command's code, skipping the interpreter's teardown of every loaded module
    (~0.13 s once pandas, geopandas and pyproj are loaded: a tenth of a ``ratio`` run). The operating system
    frees the memory at once. Instagram's servers skip the same teardown with ``atexit.register(os._exit,
    0)``. Only a batch command sets :attr:`code`; otherwise the handler does nothing."""

    code: int | None = None

    def __call__(self) -> None:
        if self.code is None:
            return
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):  # a reader that went away can be told nothing more
                stream.flush()
        os._exit(self.code)


def run() -> None:
    """The ``corridor-gis`` program (``python -m corridor_gis``, the console script, the frozen build):
    :func:`main` with the process's arguments, then exit with its code; a batch command without the
    interpreter's teardown (:class:`_LeaveWithoutTeardown`)."""
    leave = _LeaveWithoutTeardown()
    atexit.register(leave)
    argv = sys.argv[1:]
    try:
        code = main(argv)
    except KeyboardInterrupt:  # while the libraries load (``main`` says the same once a command runs)
        print("interrupted", file=sys.stderr)
        code = 130
    if _is_batch(argv):
        leave.code = code
    sys.exit(code)


def _is_batch(argv: Sequence[str]) -> bool:
    """Whether the arguments ran a batch command: a subcommand named first that is not a Qt one (no command,
    or a project file first, opens the app; ``--help`` prints and exits the usual way)."""
    return bool(argv) and argv[0] in SUBCOMMANDS and argv[0] not in _QT_COMMANDS


if __name__ == "__main__":
    run()
