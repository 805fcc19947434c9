"""The terminal face of the ratio report (``corridor-gis ratio``) and of the what-if (``compare``).

Only layout lives here: every figure and sentence is a field of :class:`~corridor_gis.report.RatioReport`
or :class:`~corridor_gis.whatif.CompareRow`. Column headers stay bilingual (zh + en) as before.
"""

from __future__ import annotations

from .report import RatioReport
from .whatif import CompareRow

SKIPPED_SHOWN = 20


def _wide(s: str) -> int:
    """Extra terminal columns taken by CJK characters (so tables line up)."""
    return sum(1 for ch in s if ord(ch) > 0x2E80)


def _cell(s: str, width: int, right: bool = False) -> str:
    pad = max(0, width - len(s) - _wide(s))
    return " " * pad + s if right else s + " " * pad


def _name_width(names: list[str]) -> int:
    return max([16, *(len(n) + _wide(n) for n in names)])


def ratio_lines(report: RatioReport) -> list[str]:
    """The report as lines for a terminal."""
    label = f" ({report.label})" if report.label else ""
    out = [f"数据集 Dataset: {report.dataset}{label}" + (f" · {report.source}" if report.source else ""),
           f"坐标系 CRS: {report.crs}" + (f" — {report.crs_note}" if report.crs_note else ""),
           f"行 Rows: {report.rows_sentence}"]
    if report.boundaries:
        out.append(f"边界 Boundaries: {report.boundaries}")
    h = report.headline
    if h is None:
        return [*out, report.provenance]
    out += ["", f"走廊集聚度 Corridor share ({h.counted_text}): {h.share_text:>6}  {h.inside}/{h.total}  "
                f"{h.target_text}  {h.mark}"]
    if h.shortfall:
        out.append(f"  {h.shortfall}")
    if report.crs_warning:
        out.append(f"⚠ {report.crs_warning}")
    w = _name_width([r.name for r in report.categories])
    out += ["", f"{_cell('类别 category', w)} {'total':>7} {'inside':>7} {'share':>7}  target"]
    for r in report.categories:
        out.append(f"{_cell(r.name, w)} {r.total:7d} {r.inside:7d} {r.share_text:>7}  {r.mark}"
                   + (f"  ({r.shortfall})" if r.shortfall else ""))
    w = _name_width([c.name for c in report.cities])
    out += ["", f"{_cell('城 city', w)} {'inside':>7} {'share':>7} {'km²':>8} {'planned':>8} {'diff':>7}"]
    for c in report.cities:
        out.append(f"{_cell(c.name, w)} {c.inside_text:>7} {c.share_text:>7} {c.area_text:>8} "
                   f"{c.planned_text:>8} {c.diff_text:>7}")
    if report.subdistricts:
        w = _name_width([s.name for s in report.subdistricts])
        out += ["", f"{_cell('街道 subdistrict', w)} {'inside':>7} {'total':>7} {'share':>7}"]
        out += [f"{_cell(s.name, w)} {s.inside:7d} {s.total:7d} {s.share_text:>7}" for s in report.subdistricts]
        out.append(f"  ({report.subdistrict_source})")
    out += [f"note: {note}" for note in report.notes]
    out += [f"skipped row {item['row']}: {item['reason']}" for item in report.skipped_rows[:SKIPPED_SHOWN]]
    if len(report.skipped_rows) > SKIPPED_SHOWN:
        out.append(f"... {len(report.skipped_rows) - SKIPPED_SHOWN} more skipped rows (see --json)")
    return out


def compare_lines(rows: list[CompareRow]) -> list[str]:
    """The what-if rows as an aligned table: what, A, B, B − A."""
    width = max([20, *(len(r.label) + _wide(r.label) for r in rows)])
    out = [f"{_cell('', width)} {'A':>12} {'B':>12} {'B−A':>12}"]
    out += [f"{_cell(r.label, width)} {_cell(r.a, 12, True)} {_cell(r.b, 12, True)} {_cell(r.diff, 12, True)}"
            for r in rows]
    return out
