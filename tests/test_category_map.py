"""The user's category map: CSV in and out (Excel's encodings), clear errors, JSON for the project's metadata,
the mapping editor's label table, and re-reading a dataset's labels with the map."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest

from corridor_gis.analysis import compute_ratio
from corridor_gis.category_map import (
    METADATA_KEY,
    CategoryMap,
    apply_category_map,
    label_table,
    load_category_map,
    map_from_table,
    save_category_map,
)
from corridor_gis.errors import InputError
from corridor_gis.model import Dataset


def sample_map() -> CategoryMap:
    m = CategoryMap()
    m.set("孵化器", "platform", "municipal")
    m.set("研究所", "unknown")
    m.set("重点实验室", "key_lab", "provincial")
    return m


def test_save_and_load_round_trip(tmp_path):
    path = tmp_path / "对照表.csv"
    save_category_map(sample_map(), path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens it as UTF-8
    assert raw.decode("utf-8-sig").splitlines()[0] == "label,category,level"
    assert load_category_map(path).entries == sample_map().entries


def test_save_is_atomic_and_keeps_a_backup(tmp_path):
    path = tmp_path / "map.csv"
    save_category_map(sample_map(), path)
    first = path.read_bytes()
    m = sample_map()
    m.set("众创空间", "platform")
    save_category_map(m, path)
    assert (tmp_path / "map.csv.bak").read_bytes() == first
    assert "众创空间" in load_category_map(path)


@pytest.mark.parametrize("encoding", ["gbk", "utf-8", "utf-8-sig", "big5", "utf-16"])
def test_loads_the_encodings_excel_writes(tmp_path, encoding):
    label = "重點實驗室" if encoding == "big5" else "孵化器"
    path = tmp_path / "map.csv"
    path.write_bytes(f"label,category,level\r\n{label},platform,municipal\r\n高校,unknown,\r\n".encode(encoding))
    m = load_category_map(path)
    assert m.entries == {label: ("platform", "municipal"), "高校": ("unknown", None)}


def test_level_column_is_optional_and_names_are_accepted(tmp_path):
    path = tmp_path / "map.csv"
    path.write_text("label,category\n孵化器,创新平台\nlabs,Key laboratory\n", encoding="utf-8")
    assert load_category_map(path).entries == {"孵化器": ("platform", None), "labs": ("key_lab", None)}


@pytest.mark.parametrize("body, row, column, words", [
    ("label,category,level\n孵化器,platfrom,\n", 2, "category", "platfrom"),
    ("label,category,level\n孵化器,platform,\n研究所,new_rd,provincal\n", 3, "level", "provincal"),
    ("label,category,level\n,platform,\n", 2, "label", "blank"),
])
def test_bad_rows_name_file_row_and_column(tmp_path, body, row, column, words):
    path = tmp_path / "map.csv"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_category_map(path)
    err = info.value
    assert (err.file, err.row, err.column) == (str(path), row, column)
    assert words in str(err) and "What to do" in str(err)


def test_missing_columns_and_missing_file(tmp_path):
    path = tmp_path / "map.csv"
    path.write_text("名称,类别\n孵化器,platform\n", encoding="utf-8")
    with pytest.raises(InputError, match="missing column"):
        load_category_map(path)
    with pytest.raises(InputError, match="cannot read"):
        load_category_map(tmp_path / "nothere.csv")


def test_json_round_trip_for_the_metadata_table():
    m = sample_map()
    metadata = {METADATA_KEY: m.to_json()}
    assert CategoryMap.from_metadata(metadata).entries == m.entries
    assert CategoryMap.from_metadata({}).entries == {}
    assert "孵化器" in metadata[METADATA_KEY]  # readable Chinese in the GeoPackage, not \\u escapes


def test_label_table_lists_every_distinct_label_with_count_and_source():
    labels = pd.Series(["山东省重点实验室"] * 3 + ["孵化器"] * 2 + ["研究所", "", "高企"])
    table = label_table(labels, sample_map())
    assert list(table.columns) == ["label", "count", "category", "level", "source"]
    rows = {r.label: r for r in table.itertuples(index=False)}
    assert table["count"].sum() == len(labels)
    assert table.iloc[0]["label"] == "山东省重点实验室"  # most frequent first
    assert (rows["山东省重点实验室"].category, rows["山东省重点实验室"].level,
            rows["山东省重点实验室"].source) == ("key_lab", "provincial", "rule")
    assert (rows["孵化器"].category, rows["孵化器"].level, rows["孵化器"].source) == ("platform", "municipal", "user")
    assert (rows["研究所"].category, rows["研究所"].source) == ("unknown", "user")
    assert (rows["(none)"].category, rows["(none)"].count) == ("unknown", 1)
    assert rows["高企"].category == "hitech_firm"


def test_map_from_edited_table_keeps_only_decisions():
    table = label_table(pd.Series(["山东省重点实验室", "孵化器", "高企"]))
    table.loc[table["label"] == "孵化器", ["category", "level"]] = ["platform", "district"]
    m = map_from_table(table)
    assert m.entries == {"孵化器": ("platform", "district")}


def test_apply_category_map_changes_the_count():
    pts = gpd.GeoDataFrame({"category": ["孵化器", "key_lab"], "category_label": ["孵化器", "重点实验室"]},
                           geometry=gpd.points_from_xy([120.47, 120.47], [36.17, 36.17]), crs="EPSG:4326")
    ds = Dataset("t", pts)
    m = CategoryMap()
    m.set("孵化器", "platform", "municipal")
    mapped = apply_category_map(ds, m)
    assert list(mapped.points["category"]) == ["platform", "key_lab"]
    assert list(mapped.points["level"]) == ["municipal", "unknown"]
    assert list(ds.points["category"]) == ["孵化器", "key_lab"]  # the original is not changed


def test_apply_category_map_counts_the_mapped_rows(bundled_project):
    pts = gpd.GeoDataFrame({"category_label": ["孵化器", "重点实验室", "火星基地"]},
                           geometry=gpd.points_from_xy([120.47] * 3, [36.17] * 3), crs="EPSG:4326")
    pts["category"] = pts["category_label"]
    m = CategoryMap()
    m.set("孵化器", "platform")
    result = compute_ratio(bundled_project, apply_category_map(Dataset("t", pts), m))
    assert result.corridor.total == 2 and result.unknown_rows == 1
