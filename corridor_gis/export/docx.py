"""The briefing document as a Word file (python-docx), for officials who edit in Word or WPS.

It lays out a :class:`~corridor_gis.report.Briefing` — the same headline lines, tables, statements and
sources as the PDF — as real Word structure: headings (Title, Heading 1/2), paragraphs, bulleted lists and
tables (not pictures of tables). The map is a PNG made by the caller (the Qt print code) and inserted at
its printed width, so the scale 1:N stated under it holds when the page is printed at 100%.

Chinese text: python-docx sets only the Latin font of a run (``w:rFonts/@w:ascii``); Word and WPS then pick
the East Asian font from the theme and WPS substitutes one of its own. Every run and every style used gets
``w:eastAsia`` (and its ``*Theme`` attributes removed, which would otherwise win), so the document looks
the same in both. No Qt here: the core may write a DOCX.
"""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from ..briefing import Briefing, Table, brief_text
from ..report import COLOURS
from ..storage import atomic_write

#: fonts present on every Chinese Windows (and mapped by WPS): body 宋体, headings 黑体
EAST_ASIAN_BODY = "宋体"
EAST_ASIAN_HEADING = "黑体"
LATIN = "Arial"
INK = RGBColor(0x22, 0x22, 0x22)
GREY = RGBColor(0x44, 0x44, 0x44)
BODY_PT = 10
TABLE_PT = 9
SMALL_PT = 8
HEADER_FILL = "E8ECEF"
PAGE_MM = (210, 297)
MARGIN_MM = 20  # left/right: 210 − 2 × 20 = 170 mm of text width, the map's width


def _fonts(element, east_asian: str) -> None:
    """Explicit Latin and East Asian fonts on a run's or a style's ``w:rPr`` (theme fonts removed)."""
    rfonts = element.get_or_add_rPr().get_or_add_rFonts()  # in its schema place (Word rejects misordered rPr)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    rfonts.set(qn("w:ascii"), LATIN)
    rfonts.set(qn("w:hAnsi"), LATIN)
    rfonts.set(qn("w:eastAsia"), east_asian)


def _run(paragraph, text: str, pt: float = BODY_PT, bold: bool = False, colour: RGBColor = INK,
         east_asian: str = EAST_ASIAN_BODY):
    run = paragraph.add_run(text)
    run.font.size = Pt(pt)
    run.font.bold = bold
    run.font.color.rgb = colour
    _fonts(run._element, east_asian)
    return run


def _rgb(role: str | None) -> RGBColor:
    return RGBColor.from_string(COLOURS[role].lstrip("#").upper()) if role else INK


def _heading(doc, text: str, level: int) -> None:
    paragraph = doc.add_heading("", level)
    _run(paragraph, text, {0: 18, 1: 13, 2: 11}[level], bold=True, east_asian=EAST_ASIAN_HEADING)


def _shade(cell, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._element.get_or_add_tcPr().append(shd)


def _table(doc, table: Table) -> None:
    _heading(doc, table.title, 2)
    grid = doc.add_table(rows=1 + len(table.rows), cols=len(table.headers))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, cells in enumerate([table.headers, *table.rows]):
        header = r == 0
        role = None if header else table.roles[r - 1]
        bold = header or table.totals[r - 1]
        for c, value in enumerate(cells):
            cell = grid.cell(r, c)
            paragraph = cell.paragraphs[0]
            if table.numeric[c] and not header:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            colour = _rgb(role) if c == table.verdict_column else INK
            _run(paragraph, value, TABLE_PT, bold=bold, colour=colour)
            if header:
                _shade(cell, HEADER_FILL)
    if table.note:
        _run(doc.add_paragraph(), table.note, SMALL_PT, colour=GREY)


def _styles(doc) -> None:
    """Normal and the heading styles with explicit fonts (so an added paragraph is right too)."""
    for name, east_asian in (("Normal", EAST_ASIAN_BODY), ("Title", EAST_ASIAN_HEADING),
                             ("Heading 1", EAST_ASIAN_HEADING), ("Heading 2", EAST_ASIAN_HEADING),
                             ("List Bullet", EAST_ASIAN_BODY)):
        style = doc.styles[name]
        _fonts(style.element, east_asian)
        style.font.color.rgb = INK
    doc.styles["Normal"].font.size = Pt(BODY_PT)
    # the default template's 24 pt before a Heading 1 would push page 2's last lines onto a third page
    for name, before in (("Heading 1", 10), ("Heading 2", 6)):
        doc.styles[name].paragraph_format.space_before = Pt(before)
        doc.styles[name].paragraph_format.space_after = Pt(3)


def build_docx(briefing: Briefing, map_png: bytes | None, map_width_mm: float, map_caption: str = ""):
    """The :class:`docx.Document` of ``briefing``: page 1 the map and the headline, then (after a page
    break) the tables, statements and sources."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.left_margin = section.right_margin = Mm(MARGIN_MM)
    section.top_margin = section.bottom_margin = Mm(15)
    _styles(doc)
    doc.core_properties.title = briefing.title
    doc.core_properties.author = "corridor-gis"
    doc.core_properties.language = "zh-CN" if briefing.lang == "zh" else "en"
    lang = briefing.lang

    _heading(doc, briefing.title, 0)
    _run(doc.add_paragraph(), briefing.subtitle, SMALL_PT + 1, colour=GREY)
    if map_png is not None:
        doc.add_picture(io.BytesIO(map_png), width=Mm(map_width_mm))
        doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        if map_caption:
            _run(doc.add_paragraph(), map_caption, SMALL_PT, colour=GREY)
    _heading(doc, brief_text("key_figures", lang), 1)
    report = briefing.report
    lines = briefing.headline_lines
    for i, line in enumerate(lines):
        warning = bool(report.crs_warning) and line == report.crs_warning
        colour = _rgb(report.headline.role) if report.headline and (i == 0 or warning) else INK
        _run(doc.add_paragraph(), line, 13 if i == 0 else BODY_PT, bold=i == 0 or warning, colour=colour)
    for line in briefing.others:
        _run(doc.add_paragraph(), line, BODY_PT)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    for table in briefing.tables:
        _table(doc, table)
    for heading, lines, pt in ((brief_text("statements", lang), briefing.statements, BODY_PT),
                               (brief_text("sources", lang), briefing.sources, SMALL_PT + 1)):
        if lines:
            _heading(doc, heading, 1)
            for line in lines:
                warning = bool(report.crs_warning) and line == report.crs_warning
                _run(doc.add_paragraph(style="List Bullet"), line, pt, bold=warning,
                     colour=_rgb("not_met") if warning else INK)
    return doc


def write_docx(briefing: Briefing, out: str | Path, map_png: bytes | None, map_width_mm: float = 170.0,
               map_caption: str = "") -> Path:
    """Write the briefing as ``out`` (.docx) atomically: a failed export leaves an existing file untouched."""
    doc = build_docx(briefing, map_png, map_width_mm, map_caption)
    out = Path(out)
    atomic_write(out, lambda tmp: doc.save(str(tmp)), backup=False)
    return out
