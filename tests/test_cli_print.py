"""`corridor-gis export-map` as users run it: formats by suffix, a stated scale, the same ratio as
`corridor-gis ratio`, and clear refusals that write nothing."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from corridor_gis import paths
from corridor_gis.cli import main
from corridor_gis.plan import CORRIDOR_PLANNED_KM2

SAMPLE = str(paths.data_dir() / "sample_institutions.csv")


def run_json(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else None), err


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout


def test_pdf_at_a_stated_scale_with_the_ratio_of_the_ratio_command(tmp_path, capsys):
    out = tmp_path / "简报地图.pdf"
    code, doc, _ = run_json(capsys, "export-map", str(out), "--landscape", "--scale", "1:250000", "--title",
                            "科创走廊 2027 目标", "--points", SAMPLE, "--json")
    assert code == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert doc["scale"] == 250000 and doc["crs"] == "EPSG:4549" and doc["page_mm"] == [297.0, 210.0]
    assert doc["scale_bar"]["paper_mm"] == pytest.approx(doc["scale_bar"]["metres"] / 250000 * 1000)
    _, ratio, _ = run_json(capsys, "ratio", SAMPLE, "--json")
    text = pdf_text(out)
    assert "比例尺 1:250,000" in text and "科创走廊 2027 目标" in text
    assert f"{100 * ratio['corridor']['share']:.1f}%" in text
    assert f"走廊内 {ratio['corridor']['inside']:,} / 全市 {ratio['corridor']['total']:,}" in text


def test_scale_is_chosen_round_to_fit_the_extent(tmp_path, capsys):
    _, corridor, _ = run_json(capsys, "export-map", str(tmp_path / "a.svg"), "--json")
    _, youth, _ = run_json(capsys, "export-map", str(tmp_path / "b.svg"), "--extent", "city:youth", "--json")
    assert youth["scale"] < corridor["scale"]  # a smaller area prints larger
    for doc in (corridor, youth):
        n = doc["scale"]
        assert int(str(n).rstrip("0") or "0") in (1, 15, 2, 25, 3, 4, 5, 75)
        x0, y0, x1, y1 = doc["ground_extent"]
        assert (x1 - x0) / (doc["map_frame_mm"][2] / 1000) == pytest.approx(n)
        assert (y1 - y0) / (doc["map_frame_mm"][3] / 1000) == pytest.approx(n)


def test_png_pixel_size_follows_paper_and_dpi(tmp_path, capsys):
    from PyQt6.QtGui import QImage

    out = tmp_path / "map.png"
    code, doc, _ = run_json(capsys, "export-map", str(out), "--paper", "a4", "--dpi", "100", "--json")
    assert code == 0 and doc["paper"] == "A4" and not doc["landscape"]
    image = QImage(str(out))
    assert (image.width(), image.height()) == (827, 1169)  # 210 × 297 mm at 100 dpi


@pytest.mark.parametrize(("args", "message"), [
    (["out.docx"], ".pdf, .png or .svg"),
    (["out.pdf", "--extent", "120.8,36.5"], "W,S,E,N"),
    (["out.pdf", "--extent", "city:laoshan"], "city:ocean"),
    (["out.pdf", "--points", "missing.csv"], "missing.csv"),
    (["out.pdf", "--dpi", "5000"], "72 to 1200"),
])
def test_bad_input_exits_2_with_what_to_do_and_writes_nothing(tmp_path, capsys, args, message):
    args = [str(tmp_path / args[0]), *args[1:]]
    assert main(["export-map", *args]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert list(tmp_path.iterdir()) == []


def test_scale_must_be_a_denominator(tmp_path, capsys):
    assert main(["export-map", str(tmp_path / "out.pdf"), "--scale", "big"]) == 2
    assert "1:250000" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------------------------------- report
def test_report_pdf_has_the_ratio_of_the_ratio_command(tmp_path, capsys):
    out = tmp_path / "简报.pdf"
    code, doc, _ = run_json(capsys, "report", str(out), "--points", SAMPLE, "--title", "走廊简报", "--json")
    assert code == 0 and doc["format"] == "PDF" and doc["pages"] == 2 and doc["paper"] == "A4"
    info = subprocess.run(["pdfinfo", str(out)], check=True, capture_output=True, text=True).stdout
    assert "Pages:           2" in info
    _, ratio, _ = run_json(capsys, "ratio", SAMPLE, "--json")
    assert doc["share"] == ratio["corridor"]["share"]
    text = pdf_text(out)
    assert "走廊简报" in text and f"{100 * ratio['corridor']['share']:.1f}%" in text
    assert f"比例尺 1:{doc['scale']:,}" in text


def test_report_counts_as_the_counting_options_say(tmp_path, capsys):
    """--count all (every category) gives the document the share `ratio --count all` gives."""
    _, doc, _ = run_json(capsys, "report", str(tmp_path / "b.docx"), "--points", SAMPLE, "--count", "all",
                         "--json")
    _, ratio, _ = run_json(capsys, "ratio", SAMPLE, "--count", "all", "--json")
    _, default, _ = run_json(capsys, "ratio", SAMPLE, "--json")
    assert doc["format"] == "DOCX" and doc["share"] == ratio["corridor"]["share"] != default["corridor"]["share"]


@pytest.mark.parametrize(("args", "message"), [
    (["out.txt"], ".docx (Word/WPS) or .pdf"),
    (["out.pdf", "--points", "missing.csv"], "missing.csv"),
    (["out.docx", "--indicators", "missing_indicators.csv"], "missing_indicators.csv"),
    (["out.docx", "--count", "labs"], "--count"),
    (["out.pdf", "--dpi", "5000"], "72 to 600"),
])
def test_report_bad_input_exits_2_and_writes_nothing(tmp_path, capsys, args, message):
    args = [str(tmp_path / args[0]), *args[1:]]
    assert main(["report", *args, "--points", SAMPLE] if "--points" not in args else ["report", *args]) == 2
    assert message in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_report_without_points_says_there_is_no_share(tmp_path, capsys):
    out = tmp_path / "zones.pdf"
    code, doc, _ = run_json(capsys, "report", str(out), "--json")
    assert code == 0 and doc["share"] is None and doc["datasets"] == []
    text = pdf_text(out)
    assert "未加载机构名单，集聚度无从计算" in text
    assert "按城（三城）" in text and f"{CORRIDOR_PLANNED_KM2:.2f}" in text  # the areas remain
