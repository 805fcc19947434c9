"""The briefing DOCX as an official gets it in Word or WPS: read back with python-docx, its headings and
tables are real Word structure carrying the figures of ``corridor-gis ratio --json``, the map picture is
170 mm wide at 300 dpi (so 1:N holds at 100%), and every run names an East Asian font."""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import zlib

import pandas as pd
import pytest
from docx import Document
from docx.image.exceptions import UnrecognizedImageError
from docx.oxml.ns import qn
from docx.shared import Mm

from corridor_gis import paths
from corridor_gis.analysis import compute_ratio
from corridor_gis.briefing import build_briefing
from corridor_gis.cli import main
from corridor_gis.export.docx import EAST_ASIAN_BODY, EAST_ASIAN_HEADING, write_docx
from corridor_gis.io import read_points
from corridor_gis.report import build_report, pct

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SAMPLE = str(paths.data_dir() / "sample_institutions.csv")


def run_json(capsys, *args):
    code = main(list(args))
    out, _ = capsys.readouterr()
    return code, json.loads(out)


@pytest.fixture(scope="module")
def briefing_docx(tmp_path_factory):
    out = tmp_path_factory.mktemp("docx") / "简报.docx"
    assert main(["report", str(out), "--points", SAMPLE, "--title", "科创走廊 2027 简报"]) == 0
    return out, Document(str(out))


def headings(doc) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style.name.startswith(("Heading", "Title"))]


def test_headings_are_word_headings(briefing_docx):
    _, doc = briefing_docx
    assert headings(doc) == ["科创走廊 2027 简报", "要点", "按类别", "按城（三城）", "按级别", "+15% 增长指标",
                             "说明", "数据来源"]


def test_tables_carry_the_figures_of_ratio_json(briefing_docx, capsys):
    _, doc = briefing_docx
    _, ratio = run_json(capsys, "ratio", SAMPLE, "--json")
    tables = {t.rows[0].cells[0].text: [[c.text for c in row.cells] for row in t.rows] for t in doc.tables}
    categories = {row[0]: row for row in tables["类别"][1:]}
    from corridor_gis.plan import CATEGORY_BY_ID

    for cid, stats in ratio["by_category"].items():
        row = categories[CATEGORY_BY_ID[cid].name_zh]
        assert row[1:4] == [f"{stats['total']:,}", f"{stats['inside']:,}", pct(stats["share"])]
    cities = {row[0]: row for row in tables["城"][1:]}
    from corridor_gis.plan import CITIES

    for city in CITIES:
        assert cities[city.name_zh][1] == str(ratio["by_city"][city.id]["inside"])
        assert cities[city.name_zh][2] == pct(ratio["by_city"][city.id]["share"])
    total = cities["走廊合计"]
    assert total[1:3] == [str(ratio["corridor"]["inside"]), pct(ratio["corridor"]["share"])]
    text = "\n".join(p.text for p in doc.paragraphs)
    c = ratio["corridor"]
    verdict = "达标 ✓" if c["met"] else "未达标 ✗"
    assert f"{pct(c['share'])}，目标 ≥{pct(c['target'])}，{verdict}" in text
    assert c["met"] or f"差距：新增 {c['shortfall_new']} 个，或迁入 {c['shortfall_moved']} 个" in text


def test_map_picture_is_170_mm_at_300_dpi_with_its_scale(briefing_docx):
    _, doc = briefing_docx
    assert len(doc.inline_shapes) == 1
    picture = doc.inline_shapes[0]
    assert picture.width == Mm(170)  # EMU: exactly the text width of A4 less 2 × 20 mm
    blob = doc.part.related_parts[picture._inline.graphic.graphicData.pic.blipFill.blip.embed].blob
    width_px, height_px = struct.unpack(">II", blob[16:24])
    assert width_px == round(170 / 25.4 * 300)
    assert picture.height / picture.width == pytest.approx(height_px / width_px, rel=1e-3)
    section = doc.sections[0]
    # Word stores the page in twips (1/1440 in): A4 and its margins are exact to 0.05 mm
    assert (section.page_width.mm, section.page_height.mm) == (pytest.approx(210, abs=0.05),
                                                               pytest.approx(297, abs=0.05))
    text_width = section.page_width - section.left_margin - section.right_margin
    assert text_width / Mm(1) == pytest.approx(170, abs=0.05)
    caption = next(p.text for p in doc.paragraphs if p.text.startswith("比例尺 1:"))
    assert "图宽 170 mm" in caption


def test_every_run_names_an_east_asian_font(briefing_docx):
    _, doc = briefing_docx
    runs = [r for p in doc.paragraphs for r in p.runs if r.text] + \
        [r for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs if r.text]
    assert len(runs) > 50
    for run in runs:
        fonts = run._element.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia")) in (EAST_ASIAN_BODY, EAST_ASIAN_HEADING), run.text
        assert fonts.get(qn("w:eastAsiaTheme")) is None  # a theme font would win over the named one
    for name in ("Normal", "Heading 1", "Heading 2", "Title"):
        fonts = doc.styles[name].element.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia")) and fonts.get(qn("w:eastAsiaTheme")) is None, name


def test_unknown_labels_are_stated(tmp_path, capsys):
    table = pd.read_csv(SAMPLE).head(400)
    table.loc[table.index[:7], "类别"] = "孵化器"
    points = tmp_path / "名单.csv"
    table.to_csv(points, index=False)
    out = tmp_path / "b.docx"
    assert main(["report", str(out), "--points", str(points)]) == 0
    doc = Document(str(out))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "另有 7 条记录类别未识别，未计入（标签：孵化器 7）" in text
    rows = [[c.text for c in row.cells] for row in doc.tables[0].rows]
    assert rows[-1][:2] == ["未识别类别（1 种，见说明）", "7"]


def tiny_png() -> bytes:
    """A 2 × 1 white PNG, written by hand (the core writer takes any PNG)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"\x00" + b"\xff" * 6
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def test_core_writer_needs_no_qt_and_replaces_a_file_only_when_complete(tmp_path, bundled_project):
    code = "import sys, corridor_gis.export.docx; sys.exit('PyQt6' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
    dataset, imported = read_points(SAMPLE)
    result = compute_ratio(bundled_project, dataset)
    briefing = build_briefing(build_report(result, imported, bundled_project, source=dataset.source), result,
                              bundled_project, title="测试", date="2026-01-01")
    out = tmp_path / "b.docx"
    out.write_bytes(b"the user's earlier document")
    with pytest.raises(UnrecognizedImageError):
        write_docx(briefing, out, b"not a picture", 170.0)
    assert out.read_bytes() == b"the user's earlier document"  # nothing half-written
    write_docx(briefing, out, tiny_png(), 170.0, "比例尺 1:1")
    doc = Document(str(out))
    assert headings(doc)[0] == "测试" and doc.inline_shapes[0].width == Mm(170)
    assert pct(result.corridor.share) in "\n".join(p.text for p in doc.paragraphs)
