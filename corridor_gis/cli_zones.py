"""``corridor-gis import-zones``: official zone boundaries into a project.

Reads the file (:func:`corridor_gis.zones_import.read_zone_file`), prints the matching table, the areas
against the plan (:func:`corridor_gis.areas.zone_areas`, the same table as ``corridor-gis areas``) and the
findings, and writes the new project atomically (the old file is kept as ``.bak``).
"""

from __future__ import annotations

import argparse

from .areas import zone_areas
from .cli import _EXTRA_PARSERS, _command, _wide, emit_json, load_project
from .errors import InputError
from .zones_import import ZoneImport, apply_zone_import, read_zone_file
from .zones_match import parse_mapping
from .zones_read import formats_sentence


@_command("import-zones")
def cmd_import_zones(args: argparse.Namespace) -> int:
    mapping = parse_mapping(args.map)
    base = load_project(args.base)
    zi = read_zone_file(args.file, layer=args.layer, crs=args.crs, field=args.field, mapping=mapping)
    if not zi.cities:
        raise nothing_matched(zi)
    project = apply_zone_import(base, zi, official=args.official)
    out = project.save(args.out)
    rows = zone_areas(project)
    if args.json:
        emit_json({"out": str(out), "base": str(args.base or "bundled"), "official": args.official,
                   "import": zi.as_dict(), "areas": [r.as_dict() for r in rows]})
        return 0
    print(f"文件 File: {zi.path}" + (f"  layer {zi.layer}" if zi.layer else ""))
    print(f"坐标系 CRS: {zi.crs_note}")
    print(f"字段 Field: {zi.field or '(none)'}\n")
    print(f"{'feature':>7}  {'kind':8} {'city':8} {'label':20} why")
    for m in zi.matches:
        label = m.label[:20]
        print(f"{m.feature:7d}  {m.kind:8} {m.city or '-':8} {label:{20 - _wide(label)}} {m.why}")
    print(f"\n{'layer':9} {'id':10} {'name':14} {'planned':>9} {'EPSG:4549':>10} {'geodesic':>10} {'diff':>8}")
    for r in rows:
        if r.layer == "bays":
            continue
        planned = f"{r.planned_km2:9.2f}" if r.planned_km2 is not None else f"{'-':>9}"
        diff = f"{r.diff_km2:+8.3f}" if r.diff_km2 is not None else f"{'-':>8}"
        print(f"{r.layer:9} {r.id:10} {r.name_zh:{14 - _wide(r.name_zh)}} {planned} "
              f"{r.area_km2:10.3f} {r.area_km2_geodesic:10.3f} {diff}")
    print("\n发现 Findings:")
    for f in zi.findings:
        print(f"  - {f}")
    quality = "official" if args.official else "user-supplied (say --official for the bureau's boundaries)"
    print(f"\nwrote {out} (cities: {', '.join(zi.cities)} imported as {quality}; previous cities kept in layer "
          "cities_previous" + ("; the old file is kept as .bak" if out.with_name(out.name + ".bak").exists()
                               else "") + ")")
    return 0


def nothing_matched(zi: ZoneImport) -> InputError:
    """The refusal when no feature names a city: the fields with sample values, and how to say which is which."""
    frame = zi.features if zi.features is not None else None
    samples = []
    if frame is not None:
        for column in [c for c in frame.columns if c not in ("geometry", "_feature")][:6]:
            values = [str(v) for v in dict.fromkeys(frame[column].dropna().tolist())][:3]
            samples.append(f"{column} ({', '.join(values) or 'empty'})")
    return InputError(str(zi.path), "no feature names one of the plan's cities; fields: "
                      f"{'; '.join(samples) or 'none'}. Nothing was written",
                      hint="say which field names the cities and map its values, e.g. --field 名称 "
                           '--map "A区=ocean,B区=youth,C区=digital"')


def _parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import-zones", help="official city boundaries (SHP/GPKG/GeoJSON/KML/KMZ/DXF) into a project",
                       description=f"Formats: {formats_sentence()}. Features are matched to the cities by ids "
                                   "(ocean/youth/digital) or the plan's Chinese names in any text field.")
    p.add_argument("file", help="the boundary file")
    p.add_argument("--out", required=True, help="project .gpkg to write (atomically; an old one is kept as .bak)")
    p.add_argument("--layer", help="layer of a multi-layer file (listed when needed)")
    p.add_argument("--crs", help="CRS of the coordinates when the file has none (DXF) or states a wrong one: "
                                 "EPSG:N (planners use EPSG:4549), wgs84, cgcs2000, gcj02, bd09")
    p.add_argument("--field", help="attribute that names the cities (default: found automatically)")
    p.add_argument("--map", help='labels to city ids, e.g. "海洋科技城=ocean,青年科创城=youth,数智产业城=digital"')
    p.add_argument("--base", help="project to start from (default: the bundled zones)")
    p.add_argument("--official", action="store_true",
                   help="mark the boundaries as official (location_quality=official); default user-supplied")
    p.add_argument("--json", action="store_true", help="print one JSON document")


_EXTRA_PARSERS.append(_parser)
