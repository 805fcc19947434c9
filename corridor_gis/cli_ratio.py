"""``corridor-gis ratio`` and ``corridor-gis compare``: the concentration ratio from the command line."""

from __future__ import annotations

import argparse

import numpy as np

from .analysis import RatioResult
from .cli import _EXTRA_PARSERS, _command, _wide, emit_json, load_project
from .cli_counting import add_counting_options, counting_from
from .cli_options import add_point_options, options_from
from .counting import count_dataset, sensitivity_of
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
    from concurrent.futures import ThreadPoolExecutor

    from .subdistricts import ATTRIBUTION, subdistrict_index, subdistrict_tables

    project = load_project(args.project)
    choice = counting_from(args)
    dataset, report = read_dataset(args.points, args)
    # the 街道 of every point (numpy and GEOS on the 街道 polygons, mostly without the interpreter's lock; the
    # costliest lookup at 1M rows) is found on another core while the counter counts on the zones; no GEOS
    # geometry is used by both threads (a prepared geometry is not safe to share: libgeos/geos#825)
    with ThreadPoolExecutor(max_workers=1) as pool:
        every_street = pool.submit(subdistrict_index, *dataset.lonlat())
        counted = count_dataset(project, dataset, args.target, choice, sensitivity=False)
        counted_rows = counted.counter.counted_rows()
        # the tables read the counted rows alone: the others get -1 (no 街道)
        streets = np.where(counted_rows, every_street.result(), -1)
    by_street, outside = subdistrict_tables(project, dataset, counted_rows, streets)
    sensitivity = sensitivity_of(project, dataset, counted.counter, args.target, choice)
    result = counted.result
    if args.json:
        doc = ratio_document(result, report, sensitivity)
        doc["by_subdistrict"] = by_street
        doc["outside_subdistricts"] = outside
        doc["subdistrict_source"] = ATTRIBUTION
        emit_json(doc)
    else:
        print("\n".join(ratio_lines(build_report(result, report, project, args.lang or "zh",
                                                 messages_lang=args.lang or "en", source=dataset.source,
                                                 sensitivity=sensitivity, by_subdistrict=by_street,
                                                 subdistrict_source=ATTRIBUTION))))
    return 0


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
    basemap = _basemap_from(args)
    read = [read_dataset(p, args) for p in args.points or []]
    options = HtmlOptions(target=args.target, basemap=basemap, counting=counting_from(args))
    if args.title:
        options.title = args.title
    # the first --points leads the briefing (its headline first and large)
    out = export_html(project, [d for d, _ in read], args.out, options, [r for _, r in read])
    how = "opens offline" if basemap is None or basemap.embed else f"basemap {basemap.title} loads online"
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB; {how})")
    if basemap is not None and basemap.embed:
        print(f"basemap {basemap.title}: {basemap.summary}")
    return 0


def _basemap_from(args: argparse.Namespace):
    """The tile basemap the options ask for (``--tiles URL`` is ``--basemap URL``), or None."""
    from pathlib import Path

    from .errors import InputError
    from .export.basemap import DEFAULT_EMBED_ZOOMS, parse_zooms, resolve_basemap

    spec = args.basemap or args.tiles
    if args.basemap and args.tiles and args.basemap != args.tiles:
        raise InputError(None, "--tiles is another name for --basemap URL: give one of them")
    if spec is None:
        if args.embed_tiles or args.embed_zoom or args.tile_key:
            raise InputError(None, "--embed-tiles, --embed-zoom and --tile-key need a --basemap",
                             hint="e.g. --basemap amap --embed-tiles")
        return None
    basemap = resolve_basemap(spec, key=args.tile_key, crs=args.tile_crs, embed=bool(args.embed_tiles))
    if args.embed_zoom and not basemap.embed:
        raise InputError(None, "--embed-zoom needs --embed-tiles", hint="add --embed-tiles")
    basemap.zooms = parse_zooms(args.embed_zoom) if args.embed_zoom else DEFAULT_EMBED_ZOOMS
    basemap.max_mb = args.embed_max_mb
    basemap.cache_dir = Path(args.tile_cache) if args.tile_cache else None
    return basemap


def _export_parser(sub: argparse._SubParsersAction) -> None:
    from .export.basemap import DEFAULT_EMBED_MAX_MB, DEFAULT_EMBED_ZOOMS
    from .tiles import BASEMAPS

    p = sub.add_parser("export-html", help="one self-contained HTML briefing map (opens offline)")
    p.add_argument("out", help="the .html file to write (atomically)")
    p.add_argument("--project", help="project .gpkg (bundled zones if omitted)")
    p.add_argument("--points", nargs="*", help="point lists to show and count; the first one leads the briefing")
    p.add_argument("--title", help="title on the map")
    p.add_argument("--basemap", metavar="PRESET|URL|FILE.mbtiles|FILE.tif",
                   help=f"a tile basemap under the zones: {', '.join(BASEMAPS)} (高德/腾讯 GCJ-02 tiles are placed "
                        "on their WGS84 places), an XYZ URL template, or an MBTiles file (embedded). Default: the "
                        "bundled offline district basemap, no tiles. A GeoTIFF (orthophoto, "
                        "plan sheet) is embedded as one image over the corridor")
    p.add_argument("--tiles", metavar="URL", help="the same as --basemap URL (WGS84 XYZ tiles, online)")
    p.add_argument("--tile-key", dest="tile_key", metavar="KEY",
                   help="your 天地图 key (tk); it is written into the page when the tiles load online")
    p.add_argument("--tile-crs", dest="tile_crs", choices=("wgs84", "gcj02"),
                   help="lon/lat system of a URL template's or MBTiles file's tiles (default wgs84; an MBTiles "
                        "package made by the app says so itself)")
    p.add_argument("--embed-tiles", dest="embed_tiles", action="store_true",
                   help="put the basemap's tiles covering the corridor into the file (from the app's tile cache "
                        "or the MBTiles file; never downloaded): the page then needs no network")
    p.add_argument("--embed-zoom", dest="embed_zoom", metavar="MIN-MAX",
                   help=f"zoom levels to embed (default {DEFAULT_EMBED_ZOOMS[0]}-{DEFAULT_EMBED_ZOOMS[1]})")
    p.add_argument("--embed-max-mb", dest="embed_max_mb", type=float, default=DEFAULT_EMBED_MAX_MB, metavar="MB",
                   help=f"refuse to embed more tile data than this (default {DEFAULT_EMBED_MAX_MB:g} MB)")
    p.add_argument("--tile-cache", dest="tile_cache", metavar="DIR",
                   help="the tile cache folder to embed from (default: the desktop app's)")
    add_point_options(p)
    add_counting_options(p)


_EXTRA_PARSERS.append(_export_parser)
