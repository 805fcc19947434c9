"""Every error a reader raises says what went wrong as a kind and values (io.error_kinds), so the import dialog
can word it with its own boxes: each kind is named where it is raised (the CSV core's read here from real
files)."""

from __future__ import annotations

import shlex

import pytest

from corridor_gis.errors import InputError
from corridor_gis.io import ImportOptions, preview, read_points, tables
from corridor_gis.io.error_kinds import KINDS, error_kind


def _error(call, *args, **kwargs) -> InputError:
    with pytest.raises(InputError) as err:
        call(*args, **kwargs)
    return err.value


def _options(args: str) -> ImportOptions:
    words = shlex.split(args)
    given = {flag.lstrip("-"): words[i + 1] for i, flag in enumerate(words) if flag in ("--crs", "--x", "--category")}
    return ImportOptions(**given)


@pytest.mark.bad_corpus(select=lambda c: c["command"] == "ratio" and c["exit"] == "2")
def test_every_reader_error_of_the_bad_corpus_has_a_kind(bad_case, bad_corpus):
    path = bad_corpus / bad_case["file"]
    exc = _error(read_points, path, _options(bad_case["args"]))
    coded = error_kind(exc)
    assert coded is not None, str(exc)
    assert coded[0] in KINDS
    try:
        preview(path)
    except InputError as early:  # the dialog meets most of these in the preview already
        assert error_kind(early) is not None and error_kind(early)[0] in KINDS, str(early)


def _gbk_rows(n: int) -> str:
    return "名称,类别,经度,纬度\n" + "".join(f"崂山实验室{i},重点实验室,120.{i:06d},36.1\n" for i in range(n))


@pytest.mark.parametrize(("name", "raw", "encoding", "kind", "params", "row"), [
    ("empty", b" \n\n", None, "empty_file", {}, None),
    ("long_line", b"a" * 70_000 + b"\n1\n", None, "header_too_long", {"kb": "64"}, 1),
    ("wide_header", b",".join(b"c%d" % i for i in range(600)) + b"\n1\n", None, "too_many_fields",
     {"fields": "600", "max": "500"}, 1),
    ("wide_row", b"a,b\n" + b",".join(b"%d" % i for i in range(600)) + b"\n", None, "wide_row",
     {"fields": "600", "max": "500"}, None),
    ("nul", b"name,lon,lat\nx\x00y,120.4,36.1\n", None, "nul_bytes", {"encoding": "utf-8"}, None),
    ("ragged", ("名称,经度\n" + "甲,1\n" * 300 + "乙,1,2,3,4\n").encode(), None, "csv_unreadable", None, None),
    ("unknown_encoding", b"a,b\n1,2\n", "klingon", "unknown_encoding", {"encoding": "klingon"}, None),
    ("gbk_read_as_utf8", _gbk_rows(5).encode("gbk"), "utf-8", "encoding_invalid",
     {"encoding": "utf-8", "works": "gb18030"}, 1),
    ("utf8_with_gbk_rows_read_as_utf8", _gbk_rows(30).encode() + "甲,重点实验室,120.4,36.1\n".encode("gbk"), "utf-8",
     "encoding_invalid", {"encoding": "utf-8", "rows": "32"}, 32),
    ("gbk_with_a_broken_row", _gbk_rows(9_000).encode("gbk") + b"\x80\x80,x,1,2\n", None, "encoding_row",
     {"encoding": "gb18030"}, 9_002),
    ("garbled", bytes(range(128, 256)) * 50, None, "undecodable", {}, None),
])
def test_the_csv_cores_errors_name_their_kind(tmp_path, name, raw, encoding, kind, params, row):
    path = tmp_path / f"{name}.csv"
    path.write_bytes(raw)
    exc = _error(tables.read_csv_table, path, encoding)
    got_kind, got = error_kind(exc)
    assert got_kind == kind, str(exc)
    if params is not None:
        assert got == params
    else:
        assert got["detail"] and got["detail"] in exc.message
    assert exc.row == row


def test_a_kind_is_the_one_raised_and_an_error_without_one_has_none():
    named = InputError("x.csv", "the file is empty", kind="no_rows", params={"columns": {"names": [], "total": 0}})
    assert error_kind(named) == ("no_rows", {"columns": {"names": [], "total": 0}})
    assert error_kind(InputError("x.csv", "something nobody wrote yet", hint="pass --foo")) is None


def test_the_kind_changes_nothing_the_command_line_prints():
    plain = InputError("x.csv", "no rows", row=2, column="经度", hint="add them")
    coded = InputError("x.csv", "no rows", row=2, column="经度", hint="add them", kind="no_rows", params={"n": 1})
    assert str(coded) == str(plain) == "file x.csv, row 2, column '经度': no rows\n  What to do: add them"
    assert coded.args == plain.args


@pytest.mark.parametrize(("make", "kind", "params"), [
    (lambda p: read_points(p, ImportOptions(x="东经")), "no_such_column", {"role": "longitude"}),
    (lambda p: read_points(p, ImportOptions(category="分类")), "no_such_column", {"role": "category"}),
    (lambda p: read_points(p, ImportOptions(header_row=9)), "header_row_beyond", {"rows": 2}),
    (lambda p: read_points(p, ImportOptions(crs="mars2000")), "unknown_crs", {"crs": "mars2000"}),
])
def test_named_kinds_carry_the_values_a_face_needs(tmp_path, make, kind, params):
    path = tmp_path / "名单.csv"
    path.write_text("名称,类别,经度,纬度\n甲,重点实验室,120.45,36.15\n", encoding="utf-8")
    got_kind, got = error_kind(_error(make, path))
    assert got_kind == kind
    assert params.items() <= got.items()
    if "columns" in got:
        assert got["columns"] == {"names": ["名称", "类别", "经度", "纬度"], "total": 4}
