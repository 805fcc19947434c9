"""The plan's settings in one place: the three cities, the corridor, the target categories and share,
the growth target and the file formats we read.

Source: 青岛科创大走廊建设方案 (seed 002) for the cities, areas and the 45% concentration target; the
+15% growth indicators from the same plan. Everything that states one of these facts — the model, the
checks, the styles, the dashboard, the import dialog, the CLI help and the tests — reads it from here,
so a change of plan is a change of one file.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class City:
    """One of the plan's three cities (三城)."""

    id: str
    name_zh: str
    name_en: str
    planned_km2: float
    district_zh: str
    colour: str

    def name(self, lang: str = "zh") -> str:
        return self.name_zh if lang == "zh" else self.name_en


@dataclass(frozen=True)
class Category:
    """A category of innovation resources as the plan and the agencies' lists name it."""

    id: str
    name_zh: str
    name_en: str
    colour: str

    def name(self, lang: str = "zh") -> str:
        return self.name_zh if lang == "zh" else self.name_en


#: 海洋科技城 (青岛蓝谷), 青年科创城 (李沧区), 数智产业城 (崂山区), north to south as the plan lists them
CITIES: tuple[City, ...] = (
    City("ocean", "海洋科技城", "Ocean S&T City", 78.56, "即墨区", "#2e86c1"),
    City("youth", "青年科创城", "Youth Innovation City", 26.2, "李沧区", "#28b463"),
    City("digital", "数智产业城", "Digital-Intelligence Industry City", 85.95, "崂山区", "#8e44ad"),
)
CITY_BY_ID: dict[str, City] = {c.id: c for c in CITIES}
CITY_IDS: tuple[str, ...] = tuple(c.id for c in CITIES)

CORRIDOR_ID = "corridor"
CORRIDOR_NAME_ZH = "青岛科创大走廊"
CORRIDOR_NAME_EN = "Qingdao S&T Innovation Corridor"
#: 规划面积: the sum of the cities' planned areas (78.56 + 26.2 + 85.95), kept exact to two decimals
CORRIDOR_PLANNED_KM2 = round(sum(c.planned_km2 for c in CITIES), 2)
#: how far a calibrated (indicative) zone may differ from its planned area
AREA_TOLERANCE_KM2 = 0.01

#: canonical category ids, in the order every table lists them; the points' colours are none of the zones'
#: (blue, green and purple city fills, the corridor's red border, the axis' orange), so a point is never lost
#: inside the zone of its own colour
CATEGORIES: tuple[Category, ...] = (
    Category("key_lab", "重点实验室", "Key laboratory", "#d81b60"),
    Category("new_rd", "新型研发机构", "New R&D institution", "#1a237e"),
    Category("platform", "创新平台", "Innovation platform", "#00a6a6"),
    Category("hitech_firm", "高新技术企业", "High-tech enterprise", "#424242"),
)
CATEGORY_BY_ID: dict[str, Category] = {c.id: c for c in CATEGORIES}
#: 重点实验室、新型研发机构等资源集聚度: the categories behind the plan's headline share
TARGET_CATEGORIES: tuple[str, ...] = ("key_lab", "new_rd", "platform")
#: 2027 target: the corridor holds at least this share of the city's resources in TARGET_CATEGORIES
TARGET_SHARE = 0.45
#: 2027 target: patents per 10k people, S&T talent and high-tech firms each grow by at least this much
TARGET_GROWTH = 0.15
TARGET_YEAR = 2027
#: colour of points whose category is not one of the plan's
OTHER_CATEGORY_COLOUR = "#7f8c8d"

#: Qingdao's bounding box (WGS84 lon/lat: west, south, east, north); points outside are input errors
QINGDAO_BBOX = (119.5, 35.5, 121.1, 37.2)

#: file formats a point list can come in (suffix → what users call it)
TABLE_FORMATS: dict[str, str] = {".csv": "CSV", ".txt": "CSV", ".tsv": "TSV", ".xlsx": "Excel",
                                 ".xlsm": "Excel", ".xls": "Excel 97-2003", ".xlsb": "Excel binary",
                                 ".ods": "OpenDocument"}
VECTOR_FORMATS: dict[str, str] = {".gpkg": "GeoPackage", ".geojson": "GeoJSON", ".json": "GeoJSON",
                                  ".shp": "Shapefile", ".zip": "zipped Shapefile", ".kml": "KML", ".kmz": "KMZ"}
TABLE_SUFFIXES = frozenset(TABLE_FORMATS)
VECTOR_SUFFIXES = frozenset(VECTOR_FORMATS)


def city_names(lang: str = "zh") -> dict[str, str]:
    """City id → display name in ``lang`` (the plan's names; a project's own names may differ)."""
    return {c.id: c.name(lang) for c in CITIES}


def formats_sentence() -> str:
    """The supported formats in words, for CLI help and messages."""
    names = list(dict.fromkeys([*TABLE_FORMATS.values(), *VECTOR_FORMATS.values()]))
    return ", ".join(names)


def file_dialog_filter() -> str:
    """A Qt file-dialog filter for every readable point list (Qt-free: just the string)."""
    patterns = " ".join(f"*{s}" for s in sorted(TABLE_SUFFIXES | VECTOR_SUFFIXES))
    return f"{formats_sentence()} ({patterns})"
