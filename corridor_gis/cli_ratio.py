"""``corridor-gis ratio`` and ``corridor-gis compare``: the concentration ratio from the command line."""

from __future__ import annotations

import argparse

from .analysis import RatioResult, compute_ratio
from .categories import category_name
from .cli import _EXTRA_PARSERS, _command, _wide, emit_json, load_project
from .cli_options import add_point_options, options_from
from .io import read_points
from .io.points import ImportReport
from .model import Project


def ratio_document(result: RatioResult, report: ImportReport) -> dict:
    doc = result.as_dict()
    doc["crs_note"] = report.crs_note
    doc["duplicates"] = report.duplicates
    doc["unknown_categories"] = report.unknown_categories
    doc["notes"] = report.notes
    return doc


def _pct(x: float) -> str:
    return f"{100 * x:5.1f}%"


def _mark(met: bool) -> str:
    return "✓" if met else "✗"


def print_ratio(result: RatioResult, report: ImportReport, city_names: dict[str, str]) -> None:
    label = f" ({result.label})" if result.label else ""
    print(f"数据集 Dataset: {result.dataset}{label}")
    print(f"坐标系 CRS: {result.crs} — {report.crs_note}")
    print(f"行 Rows: {result.rows}, placed {result.rows - len(result.skipped)}, "
          f"skipped {len(result.skipped)}, duplicates {len(report.duplicates)}")
    c = result.corridor
    counted = "+".join(category_name(k) for k in result.counted_categories)
    print(f"\n走廊集聚度 Corridor share ({counted}): {_pct(c.share)}  {c.inside}/{c.total}  "
          f"target {_pct(c.target).strip()}  {_mark(c.met)}")
    if not c.met:
        print(f"  差距 Shortfall: {c.shortfall_new} new inside, or {c.shortfall_moved} moved inside")
    print(f"\n{'类别 category':16} {'total':>7} {'inside':>7} {'share':>7}  target")
    for cat, s in result.by_category.items():
        name = category_name(cat)
        print(f"{name:{16 - _wide(name)}} {s.total:7d} {s.inside:7d} {_pct(s.share)}  {_mark(s.met)}"
              + ("" if s.met else f"  (+{s.shortfall_new} new / {s.shortfall_moved} moved)"))
    print(f"\n{'城 city':16} {'inside':>7} {'share':>7}")
    for city, s in result.by_city.items():
        name = city_names.get(city, city)
        print(f"{name:{16 - _wide(name)}} {s['inside']:7d} {_pct(s['share'])}")
    for note in report.notes:
        print(f"note: {note}")
    if report.unknown_categories:
        print(f"note: unknown categories kept, not in the headline: {report.unknown_categories}")
    for item in result.skipped[:20]:
        print(f"skipped row {item['row']}: {item['reason']}")
    if len(result.skipped) > 20:
        print(f"... {len(result.skipped) - 20} more skipped rows (see --json)")


@_command("ratio")
def cmd_ratio(args: argparse.Namespace) -> int:
    project = load_project(args.project)
    dataset, report = read_points(args.points, options_from(args))
    result = compute_ratio(project, dataset, args.target)
    if args.json:
        emit_json(ratio_document(result, report))
    else:
        print_ratio(result, report, dict(zip(project.cities["id"], project.cities["name_zh"],
                                             strict=True)))
    return 0


@_command("compare")
def cmd_compare(args: argparse.Namespace) -> int:
    from .whatif import compare

    dataset, report = read_points(args.points, options_from(args))
    doc = compare(Project.load(args.a), Project.load(args.b), dataset, args.target)
    for side in doc.values():
        side["ratio"].update({"crs_note": report.crs_note, "duplicates": report.duplicates,
                              "unknown_categories": report.unknown_categories, "notes": report.notes})
    docs = [doc["a"], doc["b"]]
    a, b = docs
    if args.json:
        emit_json({"a": a, "b": b})
        return 0
    print(f"A: {a['project']}\nB: {b['project']}\n数据集 Dataset: {dataset.title}, CRS {dataset.crs_used}")
    print(f"\n{'zone':10} {'A km²':>10} {'B km²':>10} {'B-A':>9}")
    for za, zb in zip(a["areas"], b["areas"], strict=True):
        print(f"{za['id']:10} {za['area_km2']:10.3f} {zb['area_km2']:10.3f} "
              f"{zb['area_km2'] - za['area_km2']:+9.3f}")
    ca, cb = a["ratio"]["corridor"], b["ratio"]["corridor"]
    print(f"\nshare     {_pct(ca['share'])} {_mark(ca['met'])}   {_pct(cb['share'])} {_mark(cb['met'])}"
          f"   {100 * (cb['share'] - ca['share']):+.2f} pts")
    return 0


def _parsers(sub: argparse._SubParsersAction) -> None:
    ratio = sub.add_parser("ratio", help="concentration ratio of a point list vs the 45%% target")
    ratio.add_argument("points", help="CSV/XLSX/GeoPackage/GeoJSON/Shapefile of institutions")
    ratio.add_argument("--project", help="project .gpkg (bundled zones if omitted)")
    ratio.add_argument("--json", action="store_true", help="print one JSON document")
    add_point_options(ratio)
    compare = sub.add_parser("compare", help="what-if: areas and ratio of two boundary versions")
    compare.add_argument("a", help="project A (.gpkg)")
    compare.add_argument("b", help="project B (.gpkg)")
    compare.add_argument("--points", required=True, help="the point list to count")
    compare.add_argument("--json", action="store_true", help="print one JSON document")
    add_point_options(compare)


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
              f"+{100 * i.target_growth:.0f}%) {_mark(i.met)}  [{i.label}]")
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
    datasets = [read_points(p, options_from(args))[0] for p in args.points or []]
    options = HtmlOptions(target=args.target, tiles=args.tiles)
    if args.title:
        options.title = args.title
    out = export_html(project, datasets, args.out, options)
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB; opens offline)")
    return 0


def _export_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export-html", help="one self-contained HTML briefing map (opens offline)")
    p.add_argument("out", help="the .html file to write (atomically)")
    p.add_argument("--project", help="project .gpkg (bundled zones if omitted)")
    p.add_argument("--points", nargs="*", help="point lists to show and count")
    p.add_argument("--title", help="title on the map")
    p.add_argument("--tiles", help="optional online XYZ tile URL (off by default; WGS84 tiles only)")
    add_point_options(p)


_EXTRA_PARSERS.append(_export_parser)
