"""``corridor-gis ratio`` and ``corridor-gis compare``: the concentration ratio from the command line."""

from __future__ import annotations

import argparse

from .analysis import RatioResult
from .cli import _EXTRA_PARSERS, _command, _wide, emit_json, load_project
from .cli_counting import add_counting_options, counting_from
from .cli_options import add_point_options, options_from
from .counting import count_dataset
from .io import read_points
from .io.points import ImportReport
from .model import Project
from .report import LANGS, build_report, mark
from .report_text import compare_lines, ratio_lines


def ratio_document(result: RatioResult, report: ImportReport, sensitivity: dict | None = None) -> dict:
    doc = result.as_dict()
    doc["crs_note"] = report.crs_note
    doc["duplicates"] = report.duplicates
    doc["unknown_categories"] = report.unknown_categories
    doc["notes"] = report.notes
    # where in the file the list came from, and what the file's and columns' names say about the CRS
    for key in ("layer", "sheet", "header_rows", "mixed_encoding_rows", "crs_evidence", "crs_reason"):
        doc[key] = getattr(report, key)
    if sensitivity is not None:  # exactly when the CRS was stated neither in the file nor by the user
        doc["crs_sensitivity"] = sensitivity
    return doc


def read_dataset(path: str, args: argparse.Namespace):
    """Read a point list as the command line says; the dataset knows whether its CRS was stated."""
    dataset, report = read_points(path, options_from(args))
    dataset.crs_stated = report.crs_given
    return dataset, report


@_command("ratio")
def cmd_ratio(args: argparse.Namespace) -> int:
    project = load_project(args.project)
    choice = counting_from(args)
    dataset, report = read_dataset(args.points, args)
    counted = count_dataset(project, dataset, args.target, choice)
    result = counted.result
    from .subdistricts import ATTRIBUTION, outside_subdistricts, ratio_by_subdistrict

    counted_rows = counted.counter.counted_rows()
    # the 街道 of each counted point, found once for both tables (the lookup is the costliest step at 1M
    # rows); rows not counted are never looked at by either table
    streets = _street_index(dataset, counted_rows)
    if args.json:
        doc = ratio_document(result, report, counted.sensitivity)
        doc["by_subdistrict"] = ratio_by_subdistrict(project, dataset, counted_rows, streets)
        doc["outside_subdistricts"] = outside_subdistricts(project, dataset, counted_rows, streets)
        doc["subdistrict_source"] = ATTRIBUTION
        emit_json(doc)
    else:
        by_street = ratio_by_subdistrict(project, dataset, counted_rows, streets)
        print("\n".join(ratio_lines(build_report(result, report, project, args.lang or "zh",
                                                 messages_lang=args.lang or "en", source=dataset.source,
                                                 sensitivity=counted.sensitivity, by_subdistrict=by_street,
                                                 subdistrict_source=ATTRIBUTION))))
    return 0


def _street_index(dataset, counted_rows):
    """The 街道 row of every counted point (-1 elsewhere: the subdistrict tables read the counted rows alone)."""
    import numpy as np

    from .subdistricts import subdistrict_index

    lon, lat = dataset.lonlat()
    streets = np.full(len(counted_rows), -1, dtype=np.int64)
    streets[counted_rows] = subdistrict_index(lon[counted_rows], lat[counted_rows])
    return streets


@_command("compare")
def cmd_compare(args: argparse.Namespace) -> int:
    from .whatif import compare_versions

    dataset, report = read_dataset(args.points, args)
    comparison = compare_versions(Project.load(args.a), Project.load(args.b), dataset, args.target,
                                  counting_from(args))
    if args.json:
        doc = comparison.as_dict()
        for side in doc.values():
            side["ratio"].update({"crs_note": report.crs_note, "duplicates": report.duplicates,
                                  "unknown_categories": report.unknown_categories, "notes": report.notes})
        emit_json(doc)
        return 0
    print(f"A: {comparison.a.as_dict()['project']}\nB: {comparison.b.as_dict()['project']}\n"
          f"数据集 Dataset: {dataset.title}, CRS {dataset.crs_used}\n")
    print("\n".join(compare_lines(comparison.rows(args.lang))))
    return 0


def _parsers(sub: argparse._SubParsersAction) -> None:
    ratio = sub.add_parser("ratio", help="concentration ratio of a point list vs the 45%% target")
    ratio.add_argument("points", help="CSV/XLSX/GeoPackage/GeoJSON/Shapefile of institutions")
    ratio.add_argument("--project", help="project .gpkg (bundled zones if omitted)")
    ratio.add_argument("--json", action="store_true", help="print one JSON document")
    ratio.add_argument("--lang", choices=LANGS,
                       help="language of the text report (default: Chinese tables with the reader's messages in "
                            "English; zh or en words both)")
    add_point_options(ratio)
    add_counting_options(ratio)
    compare = sub.add_parser("compare", help="what-if: areas and ratio of two boundary versions")
    compare.add_argument("a", help="project A (.gpkg)")
    compare.add_argument("b", help="project B (.gpkg)")
    compare.add_argument("--points", required=True, help="the point list to count")
    compare.add_argument("--json", action="store_true", help="print one JSON document")
    compare.add_argument("--lang", choices=LANGS, default="zh", help="language of the text table (default zh)")
    add_point_options(compare)
    add_counting_options(compare)


_EXTRA_PARSERS.append(_parsers)


@_command("indicators")
def cmd_indicators(args: argparse.Namespace) -> int:
    from .indicators import load_indicators, sample_path

    items = load_indicators(args.file)
    source = args.file or str(sample_path())
    if args.json:
        emit_json({"file": source, "indicators": [i.as_dict() for i in items]})
        return 0
    print(f"Indicators: {source}")
    for i in items:
        print(f"{i.name_zh:{20 - _wide(i.name_zh)}} {i.baseline_year} {i.baseline:10g} → {i.current_year} "
              f"{i.current:10g} {i.unit:8} growth {100 * i.growth:+6.1f}% (target "
              f"+{100 * i.target_growth:.0f}%) {mark(i.met)}  [{i.label}]")
    return 0


def _indicator_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("indicators", help="+15%% growth indicators: baseline vs current")
    p.add_argument("--file", help="indicator CSV (default: the bundled sample table)")
    p.add_argument("--json", action="store_true", help="print one JSON document")


_EXTRA_PARSERS.append(_indicator_parser)


@_command("export-html")
def cmd_export_html(args: argparse.Namespace) -> int:
    from .export.html import HtmlOptions, export_html

    project = load_project(args.project)
    read = [read_dataset(p, args) for p in args.points or []]
    options = HtmlOptions(target=args.target, tiles=args.tiles, counting=counting_from(args))
    if args.title:
        options.title = args.title
    # the first --points leads the briefing (its headline first and large)
    out = export_html(project, [d for d, _ in read], args.out, options, [r for _, r in read])
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB; opens offline)")
    return 0


def _export_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export-html", help="one self-contained HTML briefing map (opens offline)")
    p.add_argument("out", help="the .html file to write (atomically)")
    p.add_argument("--project", help="project .gpkg (bundled zones if omitted)")
    p.add_argument("--points", nargs="*", help="point lists to show and count; the first one leads the briefing")
    p.add_argument("--title", help="title on the map")
    p.add_argument("--tiles", help="optional online XYZ tile URL (off by default; WGS84 tiles only)")
    add_point_options(p)
    add_counting_options(p)


_EXTRA_PARSERS.append(_export_parser)
