"""``corridor-gis export-map`` (print layouts at a stated scale: PDF, SVG, PNG) and ``corridor-gis report``
(the briefing document: DOCX or PDF).

Both are Qt code (corridor_gis.app.print_layout, corridor_gis.app.print_report); the core must not import
the app at module level, so it is loaded when the command runs, like ``gui`` does.
"""

from __future__ import annotations

import argparse
import os

from .cli import _EXTRA_PARSERS, _command, emit_json, load_project
from .cli_counting import add_counting_options, counting_from
from .cli_options import add_point_options, options_from
from .cli_ratio import read_dataset
from .io import read_points
from .report import LANGS


@_command("export-map")
def cmd_export_map(args: argparse.Namespace) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # a print needs no screen
    # Qt code, imported when the command runs (as `gui` does): `areas` or `ratio` never load PyQt6
    from .app import print_layout as layout
    from .app.print_scale import parse_scale

    project = load_project(args.project)
    datasets = [read_points(p, options_from(args))[0] for p in args.points or []]
    scale = parse_scale(args.scale) if args.scale else None
    options = layout.PrintOptions(paper=args.paper, landscape=args.landscape, dpi=args.dpi, title=args.title,
                                  extent=args.extent, scale=scale, target=args.target)
    result = layout.export_map(project, datasets, args.out, options)
    size = result.path.stat().st_size
    if args.json:
        emit_json({"out": str(result.path), "format": result.format, "paper": args.paper.upper(),
                   "landscape": args.landscape, "page_mm": list(result.page_mm), "dpi": result.dpi,
                   "scale": result.scale, "scale_text": f"1:{result.scale:,}", "crs": "EPSG:4549",
                   "map_frame_mm": list(result.map_frame_mm),
                   "ground_extent": [result.ground.xmin, result.ground.ymin, result.ground.xmax,
                                     result.ground.ymax],
                   "scale_bar": {"metres": result.bar_metres, "paper_mm": result.bar_mm,
                                 "origin_mm": list(result.bar_origin_mm)},
                   "datasets": [d.title for d in datasets], "bytes": size,
                   "seconds": round(result.seconds, 3), "notes": result.notes})
        return 0
    orientation = "landscape" if args.landscape else "portrait"
    print(f"wrote {result.path} ({result.format}, {args.paper.upper()} {orientation}, 1:{result.scale:,}, "
          f"scale bar {result.bar_metres / 1000:g} km = {result.bar_mm:.1f} mm, {size / 1e6:.2f} MB, "
          f"{result.seconds:.1f} s)")
    for note in result.notes:
        print(f"note: {note}")
    return 0


def _parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export-map", help="print layout at a true scale: PDF/SVG (vector) or PNG")
    p.add_argument("out", help="the .pdf, .svg or .png to write (atomically)")
    p.add_argument("--project", help="project .gpkg (bundled zones if omitted)")
    p.add_argument("--paper", default="A4", type=str.upper, choices=("A4", "A3"), help="sheet size (A4)")
    p.add_argument("--landscape", action="store_true", help="landscape sheet (default portrait)")
    p.add_argument("--dpi", type=int, default=300, help="PNG pixels per inch; PDF/SVG point raster (300)")
    p.add_argument("--title", help="title on the sheet (default: the project's title)")
    p.add_argument("--extent", default="corridor",
                   help="what to show: corridor | city:ocean|youth|digital | W,S,E,N in WGS84 degrees")
    p.add_argument("--scale",
                   help="scale denominator N of 1:N (default: the round scale at which the extent fits)")
    p.add_argument("--points", nargs="*", help="point lists to show, count and put in the legend")
    p.add_argument("--json", action="store_true", help="print one JSON document describing the sheet")
    add_point_options(p)


_EXTRA_PARSERS.append(_parsers)


@_command("report")
def cmd_report(args: argparse.Namespace) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # a document needs no screen
    from .app import print_report  # Qt code, imported when the command runs (see the module docstring)

    project = load_project(args.project)
    choice = counting_from(args)
    read = [read_dataset(p, args) for p in args.points or []]  # the first --points leads
    options = print_report.ReportOptions(title=args.title, lang=args.lang, target=args.target, counting=choice,
                                         indicators=args.indicators, dpi=args.dpi)
    result = print_report.export_report(project, [d for d, _ in read], args.out, options, [r for _, r in read])
    size = result.path.stat().st_size
    lead = result.results[0].corridor if result.results else None
    if args.json:
        emit_json({"out": str(result.path), "format": result.format, "pages": result.pages or None,
                   "paper": "A4", "scale": result.scale, "scale_text": f"1:{result.scale:,}",
                   "map_mm": list(result.map_mm), "datasets": [d.title for d, _ in read],
                   "share": lead.share if lead else None, "met": lead.met if lead else None,
                   "bytes": size, "seconds": round(result.seconds, 3)})
        return 0
    pages = f", {result.pages} pages" if result.pages else ""
    share = f", share {100 * lead.share:.1f}%" if lead else ""
    print(f"wrote {result.path} ({result.format}, A4{pages}, map 1:{result.scale:,}{share}, {size / 1e6:.2f} MB, "
          f"{result.seconds:.1f} s)")
    return 0


def _report_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="the briefing document: map, headline, tables, statements (DOCX or PDF)")
    p.add_argument("out", help="the .docx (Word/WPS) or .pdf to write (atomically)")
    p.add_argument("--project", help="project .gpkg (bundled zones if omitted)")
    p.add_argument("--points", nargs="*", help="point lists to show and count; the first one leads the briefing")
    p.add_argument("--title", help="title of the document (default: the project's title)")
    p.add_argument("--indicators", metavar="TABLE.csv",
                   help="+15%% indicator table (default: the bundled sample, labelled as not official)")
    p.add_argument("--lang", choices=LANGS, default="zh", help="language of the document (default zh)")
    p.add_argument("--dpi", type=int, default=300, help="resolution of the DOCX map picture / PDF points (300)")
    p.add_argument("--json", action="store_true", help="print one JSON document describing what was written")
    add_point_options(p)
    add_counting_options(p)


_EXTRA_PARSERS.append(_report_parser)
