"""The +15% growth indicators of the plan (seed 002): 万人有效发明专利拥有量, 科创人才总量, 高新技术企业数量.

A table of baseline and current values per indicator (CSV, one row per indicator; the user chooses the
baseline year and scope and the table says which). The bundled table is a labelled *sample*, never
official figures; real statistics come in through the same CSV format.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd

from . import paths
from .errors import InputError
from .io.tables import read_csv

REQUIRED = ("id", "name_zh", "baseline_year", "baseline", "current_year", "current")
DEFAULT_TARGET_GROWTH = 0.15


@dataclass(frozen=True)
class IndicatorStatus:
    """One indicator's growth against its target."""

    id: str
    name_zh: str
    name_en: str
    unit: str
    scope: str
    baseline_year: int
    baseline: float
    current_year: int
    current: float
    growth: float  # (current - baseline) / baseline
    target_growth: float
    met: bool
    label: str

    def as_dict(self) -> dict:
        return asdict(self)


def sample_path() -> Path:
    return paths.data_dir() / "indicators_sample.csv"


def load_indicators(path: str | Path | None = None) -> list[IndicatorStatus]:
    """Read an indicator table and compute growth and status; errors name the row and column."""
    path = Path(path) if path else sample_path()
    if not path.is_file():
        raise InputError(str(path), "file not found" if not path.exists() else "this is a folder, not a file",
                         hint="check the path of the indicator table (CSV)")
    frame, _ = read_csv(path)
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise InputError(str(path), f"missing column(s) {missing}; columns are {list(frame.columns)}",
                         hint=f"the table needs the columns {', '.join(REQUIRED)}")
    out = []
    for i, row in frame.iterrows():
        spreadsheet_row = int(i) + 2
        values = {}
        for col in ("baseline", "current", "baseline_year", "current_year"):
            try:
                values[col] = float(str(row[col]).replace(",", ""))
            except ValueError:
                raise InputError(str(path), f"not a number: {row[col]!r}", row=spreadsheet_row,
                                 column=col, hint="enter a plain number") from None
        if values["baseline"] <= 0 or not math.isfinite(values["baseline"]):
            raise InputError(str(path), "the baseline must be a positive number to compute growth",
                             row=spreadsheet_row, column="baseline", hint="check the baseline value")
        target = _float_or(row.get("target_growth"), DEFAULT_TARGET_GROWTH)
        growth = (values["current"] - values["baseline"]) / values["baseline"]
        out.append(IndicatorStatus(
            id=str(row["id"]), name_zh=str(row["name_zh"]), name_en=str(row.get("name_en", "")),
            unit=str(row.get("unit", "")), scope=str(row.get("scope", "")),
            baseline_year=int(values["baseline_year"]), baseline=values["baseline"],
            current_year=int(values["current_year"]), current=values["current"], growth=growth,
            target_growth=target, met=growth >= target - 1e-12, label=str(row.get("label", ""))))
    return out


def _float_or(value: object, default: float) -> float:
    if value is None or (isinstance(value, float) and math.isnan(value)) or str(value).strip() == "":
        return default
    return float(value)


def indicators_frame(items: list[IndicatorStatus]) -> pd.DataFrame:
    return pd.DataFrame([i.as_dict() for i in items])
