"""The options every command that reads a point list shares (``ratio``, ``compare``, ``export-html`` …):
how the user states the file's columns, CRS, encoding, sheet — turned into :class:`ImportOptions`."""

from __future__ import annotations

import argparse

from .io import ImportOptions
from .plan import TARGET_SHARE


def add_point_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--crs", help="CRS of the coordinates: wgs84|cgcs2000|gcj02|bd09|EPSG:N "
                                 "(default: read from the file, or WGS84 for degrees, stated in output)")
    p.add_argument("--x", help="longitude/x column (detected: lon/lng/longitude/x/经度)")
    p.add_argument("--y", help="latitude/y column (detected: lat/latitude/y/纬度)")
    p.add_argument("--category", help="category column (detected: 类别/category/type)")
    p.add_argument("--name-column", dest="name_column", help="name column (detected: 名称/name)")
    p.add_argument("--encoding", help="text encoding of a CSV (detected: utf-8, utf-8-sig, gbk...)")
    p.add_argument("--sheet", help="workbook sheet name (default: the sheet that holds the list, with a note)")
    p.add_argument("--layer", help="layer of a GeoPackage/KML with several layers (required when more than one "
                                   "could hold the list; the error lists them)")
    p.add_argument("--header-row", dest="header_row", type=_positive_int, metavar="N",
                   help="row number of the header as the spreadsheet shows it (1 = first row; default: found "
                        "below title rows)")
    p.add_argument("--target", type=float, default=TARGET_SHARE,
                   help=f"target share (default {TARGET_SHARE}, the plan's 2027 target)")


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text[:20]!r} is not a row number (1, 2, 3 …)")
    return value


def options_from(args: argparse.Namespace) -> ImportOptions:
    return ImportOptions(crs=args.crs, x=args.x, y=args.y, category=args.category,
                         name=args.name_column, encoding=args.encoding, sheet=args.sheet,
                         layer=getattr(args, "layer", None), header_row=getattr(args, "header_row", None))


