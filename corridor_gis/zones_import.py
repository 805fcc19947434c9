"""Import official zone boundaries (the bureau's Shapefile/DXF/…) into a project: a Qt-free core.

Two steps, so the app can show the result before accepting it and wrap the change in one undo command:

* :func:`read_zone_file` reads the file (layer, encoding, CRS: :mod:`corridor_gis.zones_read`), matches
  features to cities (:mod:`corridor_gis.zones_match`), unions several features per city, turns closed CAD
  polylines into polygons and reports what a planner must see before accepting: unmatched features,
  invalid geometry (repaired, with GEOS's reason), overlaps between cities, the corridor (= union of the
  cities) and every area against the plan. An official file may differ from the planned 190.71 km²: that is
  reported, never refused.
* :func:`apply_zone_import` returns a **new** :class:`Project` with the imported cities (provenance per
  feature), the corridor re-derived, and the previous cities kept in ``cities_previous`` for ``compare``.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

import geopandas as gpd
import shapely

from .check import OVERLAP_KM2
from .crs import CrsSpec
from .measure import area_km2, area_km2_geodesic, project_to_area_crs
from .model import PREVIOUS_CITIES, STORAGE_CRS, Project, safe_union
from .plan import CITIES, CITY_BY_ID, CORRIDOR_PLANNED_KM2
from .zones_match import FeatureMatch, check_mapping, match_features
from .zones_read import check_lands_on_qingdao, datum_warning, landing_mask, read_raw, resolve_crs, to_lonlat

METHOD_IMPORTED = "imported"
QUALITY_OFFICIAL = "official"
QUALITY_USER = "user-supplied"


@dataclass(frozen=True)
class ZoneFinding:
    """Something to look at before accepting an import; ``kind`` groups them for the dialog."""

    kind: str  # crs, encoding, unmatched, missing, validity, overlap, corridor, area
    subject: str
    message: str

    def __str__(self) -> str:
        return f"[{self.kind}/{self.subject}] {self.message}"


@dataclass(frozen=True)
class CityArea:
    """An imported city's area (EPSG:4549 and geodesic, unrounded) against the plan."""

    id: str
    name_zh: str
    planned_km2: float
    area_km2: float
    area_km2_geodesic: float
    diff_km2: float
    features: tuple[int, ...]


@dataclass
class ZoneImport:
    """The result of reading a boundary file: per-city geometry (EPSG:4326) and what was found."""

    path: Path
    layer: str | None
    field: str | None
    crs_used: str
    crs_note: str
    cities: dict[str, shapely.Geometry]
    matches: list[FeatureMatch]
    areas: list[CityArea]
    corridor_km2: float
    corridor_km2_geodesic: float
    findings: list[ZoneFinding] = field(default_factory=list)
    #: every feature of the file in EPSG:4326 with its attributes and ``_feature`` (1-based), for a preview map
    features: gpd.GeoDataFrame | None = None

    @property
    def unmatched(self) -> list[FeatureMatch]:
        return [m for m in self.matches if m.city is None]

    @property
    def missing_cities(self) -> list[str]:
        return [c.id for c in CITIES if c.id not in self.cities]

    def as_dict(self) -> dict:
        return {
            "file": str(self.path), "layer": self.layer, "field": self.field, "crs": self.crs_used,
            "crs_note": self.crs_note,
            "matches": [m.as_dict() for m in self.matches],
            "unmatched": [m.feature for m in self.unmatched],
            "missing_cities": self.missing_cities,
            "areas": [asdict(a) | {"features": list(a.features)} for a in self.areas],
            "corridor": {"area_km2": self.corridor_km2, "area_km2_geodesic": self.corridor_km2_geodesic,
                         "planned_km2": CORRIDOR_PLANNED_KM2,
                         "diff_km2": self.corridor_km2 - CORRIDOR_PLANNED_KM2},
            "findings": [asdict(f) for f in self.findings],
        }


def read_zone_file(path: str | Path, layer: str | None = None, crs: str | None = None,
                   field: str | None = None, mapping: dict[str, str] | None = None) -> ZoneImport:
    """Read official boundaries from ``path``; raise :class:`InputError` when they cannot be placed.

    ``crs`` overrides the file's CRS (``"EPSG:4549"``, ``"gcj02"`` …) and is required when the file has
    none (DXF, a Shapefile without .prj): it is never guessed silently, but the error names the CRS in which
    the coordinates land on Qingdao. ``field``/``mapping`` say which attribute names the cities.
    """
    if mapping:
        check_mapping(mapping)
    raw = read_raw(path, layer)
    spec, crs_note = resolve_crs(raw, crs)
    lonlat = to_lonlat(raw.frame.geometry.to_numpy(), spec)
    check_lands_on_qingdao(raw, lonlat, spec, crs_note)
    frame = raw.frame.set_geometry(gpd.GeoSeries(lonlat, index=raw.frame.index, crs=STORAGE_CRS))
    matches, used = match_features(frame, field, mapping, str(raw.path))
    matches = _outside_qingdao(matches, frame)
    notes = [ZoneFinding("encoding", "file", n) for n in raw.notes]
    if raw.crs_unstated and not crs:
        notes.append(ZoneFinding("crs", "file", crs_note))
    warning = datum_warning(spec)
    if warning:
        notes.append(ZoneFinding("crs", "file", warning))
    return _assemble(raw.path, raw.layer, used, spec.label if isinstance(spec, CrsSpec) else spec.name, crs_note,
                     frame, matches, notes)


def _outside_qingdao(matches: list[FeatureMatch], frame: gpd.GeoDataFrame) -> list[FeatureMatch]:
    """Features lying outside Qingdao (a CAD frame or legend at paper coordinates) are listed, not imported."""
    lands = landing_mask(frame.geometry.to_numpy())
    out = []
    for m, ok, geom in zip(matches, lands, frame.geometry.to_numpy(), strict=True):
        if not ok and m.kind != "empty":
            x, y = shapely.get_coordinates(geom)[0] if not shapely.is_empty(geom) else (float("nan"),) * 2
            m = FeatureMatch(m.feature, m.label, None, f"lies outside Qingdao (at lon {x:.3f}, lat {y:.3f}: a "
                                                       "drawing frame or legend?)", m.kind)
        out.append(m)
    return out


def reassign(zone_import: ZoneImport, picks: dict[int, str | None]) -> ZoneImport:
    """The same import with features assigned by hand (feature number → city id, or ``None`` to leave out).

    What the dialog calls when the user picks a city for a feature; everything is recomputed.
    """
    check_mapping({str(k): v for k, v in picks.items() if v is not None})
    matches = [FeatureMatch(m.feature, m.label, picks[m.feature],
                            "picked by the user" if picks[m.feature] else "left out by the user", m.kind)
               if m.feature in picks else m for m in zone_import.matches]
    notes = [f for f in zone_import.findings if f.kind in ("crs", "encoding")]
    return _assemble(zone_import.path, zone_import.layer, zone_import.field, zone_import.crs_used,
                     zone_import.crs_note, zone_import.features, matches, notes)


def _assemble(path: Path, layer: str | None, used: str | None, crs_label: str, crs_note: str,
              frame: gpd.GeoDataFrame, matches: list[FeatureMatch], findings: list[ZoneFinding]) -> ZoneImport:
    """Cities, areas and findings from features (EPSG:4326) and their matches."""
    findings = list(findings)
    cities = _city_geometries(frame, matches, findings)
    for m in matches:
        if m.city is None:
            findings.append(ZoneFinding("unmatched", f"feature {m.feature}", f"{m.kind}: {m.why}; not imported"))
    for c in CITIES:
        if c.id not in cities:
            findings.append(ZoneFinding("missing", c.id, f"no feature of the file is {c.name_zh}: the project keeps "
                                                         "its previous boundary for this city"))
    areas = [_city_area(cid, geom, matches) for cid, geom in cities.items()]
    findings += _overlaps(cities)
    corridor = safe_union(list(cities.values())) if cities else shapely.Polygon()
    corridor_km2 = area_km2(corridor)
    total = sum(a.area_km2 for a in areas)
    findings.append(ZoneFinding(
        "corridor", "corridor",
        f"corridor = union of the {len(cities)} imported cities: {corridor_km2:.3f} km² "
        f"(sum of cities {total:.3f} km²; plan {CORRIDOR_PLANNED_KM2:.2f} km², "
        f"{corridor_km2 - CORRIDOR_PLANNED_KM2:+.3f} km²)"))
    for a in areas:
        findings.append(ZoneFinding("area", a.id, f"{a.name_zh}: {a.area_km2:.3f} km² (EPSG:4549), plan "
                                                  f"{a.planned_km2:.2f} km², {a.diff_km2:+.3f} km²"))
    return ZoneImport(path, layer, used, crs_label, crs_note, cities, matches, areas, corridor_km2,
                      area_km2_geodesic(corridor), findings, frame)


def _polygonal(geom: shapely.Geometry) -> tuple[list[shapely.Geometry], list[shapely.Geometry]]:
    """(polygons, open lines) of one geometry; a closed line (CAD polyline, ring) is a polygon."""
    polys, lines = [], []
    for part in shapely.get_parts(geom):
        dim = shapely.get_dimensions(part)
        if dim == 2:
            polys.append(part)
        elif dim == 1:
            for line in shapely.get_parts(part) if part.geom_type.startswith("Multi") else [part]:
                if shapely.is_closed(line) and shapely.get_num_coordinates(line) >= 4:
                    polys.append(shapely.Polygon(line.coords))
                else:
                    lines.append(line)
        elif part.geom_type == "GeometryCollection":
            sub_p, sub_l = _polygonal(part)
            polys += sub_p
            lines += sub_l
    return polys, lines


def _city_geometries(frame: gpd.GeoDataFrame, matches: list[FeatureMatch],
                     findings: list[ZoneFinding]) -> dict[str, shapely.Geometry]:
    """Per city: the union of its features' polygons (open lines of a city polygonized together)."""
    by_city: dict[str, tuple[list, list]] = {}
    for i, m in enumerate(matches):
        if m.city is None or m.kind not in ("polygon", "ring", "line", "other"):
            continue
        polys, lines = _polygonal(frame.geometry.iloc[i])
        for j, poly in enumerate(polys):
            if not poly.is_valid:
                findings.append(ZoneFinding("validity", f"feature {m.feature}",
                                            f"invalid geometry repaired ({shapely.is_valid_reason(poly)})"))
                polys[j] = shapely.make_valid(poly)
        store = by_city.setdefault(m.city, ([], []))
        store[0].extend(polys)
        store[1].extend(lines)
    out: dict[str, shapely.Geometry] = {}
    for c in CITIES:  # plan order
        if c.id not in by_city:
            continue
        polys, lines = by_city[c.id]
        if lines:
            formed = list(shapely.get_parts(shapely.polygonize(shapely.get_parts(shapely.union_all(lines)))))
            if formed:
                polys += formed
                findings.append(ZoneFinding("validity", c.id, f"{len(formed)} polygon(s) formed from "
                                                              f"{len(lines)} open line(s)"))
            else:
                findings.append(ZoneFinding("validity", c.id, f"{len(lines)} open line(s) enclose no area; "
                                                              "ignored (close the polyline in CAD)"))
        if not polys:
            continue
        union = safe_union(polys)
        union = shapely.make_valid(union) if not union.is_valid else union
        parts = [p for p in shapely.get_parts(union) if shapely.get_dimensions(p) == 2]
        out[c.id] = shapely.MultiPolygon([q for p in parts for q in shapely.get_parts(p)])
    return out


def _city_area(city_id: str, geom: shapely.Geometry, matches: list[FeatureMatch]) -> CityArea:
    city = CITY_BY_ID[city_id]
    area = area_km2(geom)
    return CityArea(city_id, city.name_zh, city.planned_km2, area, area_km2_geodesic(geom),
                    area - city.planned_km2, tuple(m.feature for m in matches if m.city == city_id))


def _overlaps(cities: dict[str, shapely.Geometry]) -> list[ZoneFinding]:
    out = []
    projected = {k: project_to_area_crs(g) for k, g in cities.items()}
    for (a, ga), (b, gb) in itertools.combinations(projected.items(), 2):
        overlap = ga.intersection(gb).area / 1e6
        if overlap > OVERLAP_KM2:
            names = f"{CITY_BY_ID[a].name_zh} and {CITY_BY_ID[b].name_zh}"
            out.append(ZoneFinding("overlap", f"{a}+{b}",
                                   f"{names} overlap by {overlap:.4f} km² (counted once in the corridor)"))
    return out


def apply_zone_import(project: Project, zone_import: ZoneImport, official: bool) -> Project:
    """A new project with the imported cities; ``project`` is not changed (the app's undo keeps it).

    Imported cities get ``source`` = the file name, ``method`` = ``imported`` and ``location_quality`` =
    ``official`` only when ``official`` is true (the user says so), else ``user-supplied``. Cities the file
    lacks keep their previous boundary. The old cities go to layer ``cities_previous``.
    """
    quality = QUALITY_OFFICIAL if official else QUALITY_USER
    new = project.copy()
    old = project.cities.copy()
    new.layers[PREVIOUS_CITIES] = old.copy()
    cities = old.copy()
    for column in ("source", "method", "location_quality"):
        if column not in cities.columns:
            cities[column] = ""
        cities[column] = cities[column].astype(object)
    for cid, geom in zone_import.cities.items():
        mask = (cities["id"] == cid).to_numpy()
        if not mask.any():
            city = CITY_BY_ID[cid]
            row = gpd.GeoDataFrame([{"id": cid, "name_zh": city.name_zh, "name_en": city.name_en,
                                     "planned_km2": city.planned_km2, "geometry": geom}], crs=STORAGE_CRS)
            cities = gpd.GeoDataFrame(
                [*cities.to_dict("records"), *row.to_dict("records")], geometry="geometry", crs=STORAGE_CRS)
            mask = (cities["id"] == cid).to_numpy()
        idx = cities.index[mask]
        cities.loc[idx, "geometry"] = gpd.GeoSeries([geom] * len(idx), index=idx, crs=STORAGE_CRS)
        cities.loc[idx, "source"] = zone_import.path.name
        cities.loc[idx, "method"] = METHOD_IMPORTED
        cities.loc[idx, "location_quality"] = quality
    new.layers["cities"] = cities
    corridor = new.derived_corridor()
    all_imported = not zone_import.missing_cities
    corridor["source"] = f"union of the cities ({zone_import.path.name})"
    corridor["method"] = "derived: union of the cities"
    corridor["location_quality"] = quality if all_imported else "mixed"
    new.layers["corridor"] = corridor
    new.metadata["zones_import"] = json.dumps(
        {"file": zone_import.path.name, "layer": zone_import.layer, "field": zone_import.field,
         "crs": zone_import.crs_used, "official": official, "cities": sorted(zone_import.cities),
         "features": {cid: [m.feature for m in zone_import.matches if m.city == cid]
                      for cid in zone_import.cities}}, ensure_ascii=False)
    return new

