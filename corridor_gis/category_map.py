"""The user's decisions where the label rules cannot decide: label → (category, level).

The rules in :mod:`corridor_gis.categories` read most labels; a list may still use a label the rules read
differently from what the agency meant (孵化器 counted as a platform, 研究所 not as a new R&D institution).
The user's map wins over the rules for the labels it names. It is stored

* as a CSV ``label,category,level`` (UTF-8 with BOM so Excel opens it; read in any encoding the readers
  accept), for the CLI's ``--category-map MAP.csv`` and for sharing between colleagues;
* as JSON in the project's metadata table under :data:`METADATA_KEY`, so a saved project keeps it.

``category`` is a canonical id (``key_lab``, ``new_rd``, ``platform``, ``hitech_firm``) or ``unknown``
(the label is not a category: kept, not counted). ``level`` is one of :data:`~corridor_gis.categories.LEVELS`
or blank (= the level the rules read).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .categories import BLANK, CATEGORIES, LEVELS, classify, classify_labels
from .errors import InputError
from .io.tables import detect_encoding
from .model import Dataset
from .storage import atomic_write

#: key of the map in the project's metadata table
METADATA_KEY = "category_map"
#: the category value that says "this label is not one of the plan's categories"
UNKNOWN = "unknown"
COLUMNS = ("label", "category", "level")


@dataclass
class CategoryMap:
    """label (as written in the list, stripped) → (category id or ``unknown``, level or ``None`` = rules')."""

    entries: dict[str, tuple[str, str | None]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[str]:
        return iter(self.entries)

    def __contains__(self, label: object) -> bool:
        return _key(label) in self.entries

    def set(self, label: str, category: str, level: str | None = None) -> None:
        """Record one decision (validated: raises ``ValueError`` for an unknown id or level)."""
        self.entries[_key(label)] = (_check_category(category), _check_level(level))

    def fixes_level(self, label: str) -> bool:
        """Whether the user stated a level for ``label`` (it then wins over a level column)."""
        entry = self.entries.get(_key(label))
        return entry is not None and entry[1] is not None

    def resolve(self, label: str, category: str | None, level: str) -> tuple[str | None, str]:
        """The final (category, level) of ``label`` given what the rules read."""
        entry = self.entries.get(_key(label))
        if entry is None:
            return category, level
        cat, lev = entry
        return (None if cat == UNKNOWN else cat), (lev or level)

    # ------------------------------------------------------------------------------- JSON
    def to_json(self) -> str:
        """The map as a JSON text (for the project's metadata table)."""
        return json.dumps([{"label": k, "category": c, "level": lv or ""} for k, (c, lv) in self.entries.items()],
                          ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> CategoryMap:
        """Inverse of :meth:`to_json`; raises ``ValueError`` for a malformed document."""
        items = json.loads(text) if text else []
        if not isinstance(items, list):
            raise ValueError("category map JSON must be a list of {label, category, level}")
        out = cls()
        for item in items:
            out.set(str(item["label"]), str(item["category"]), item.get("level") or None)
        return out

    @classmethod
    def from_metadata(cls, metadata: Mapping[str, str]) -> CategoryMap:
        """The map stored in a project's metadata (empty when there is none)."""
        return cls.from_json(metadata.get(METADATA_KEY, ""))


def _key(label: object) -> str:
    """Labels as the reader stores them: stripped; blank is ``(none)``."""
    return str(label).strip() or BLANK


def _check_category(category: str) -> str:
    cat = str(category).strip()
    if cat.lower() in (UNKNOWN, "", "none", "other", "未知", "其他"):
        return UNKNOWN
    if cat in CATEGORIES:
        return cat
    by_name = {name.lower(): cid for cid, names in CATEGORIES.items() for name in names}
    if cat.lower() in by_name:
        return by_name[cat.lower()]
    raise ValueError(f"unknown category {cat!r}; use one of {', '.join(CATEGORIES)} or {UNKNOWN}")


def _check_level(level: str | None) -> str | None:
    lev = (level or "").strip().lower()
    if not lev:
        return None
    if lev in LEVELS:
        return lev
    raise ValueError(f"unknown level {level!r}; use one of {', '.join(LEVELS)} or leave it blank")


# ------------------------------------------------------------------------------------- CSV
def load_category_map(path: str | Path) -> CategoryMap:
    """Read a ``label,category,level`` CSV (any encoding the readers accept; ``level`` optional)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot read the category map ({exc.strerror or exc})",
                         hint="check the path of --category-map") from None
    try:
        text = raw.decode(detect_encoding(raw)) if raw else ""
    except (UnicodeDecodeError, LookupError):
        raise InputError(str(path), "cannot decode the category map's text",
                         hint="save it as 'CSV UTF-8' in Excel") from None
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise InputError(str(path), "the category map is empty",
                         hint="write a header line label,category,level and one line per label")
    header = [h.strip().lower() for h in rows[0]]
    missing = [c for c in ("label", "category") if c not in header]
    if missing:
        raise InputError(str(path), f"missing column(s) {', '.join(missing)}; the header is {rows[0]}", row=1,
                         hint="the first line must be label,category,level")
    col = {name: header.index(name) for name in COLUMNS if name in header}
    out = CategoryMap()
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = {name: (row[i].strip() if i < len(row) else "") for name, i in col.items()}
        if not cells["label"]:
            raise InputError(str(path), "the label is blank", row=number, column="label",
                             hint="write the label exactly as the list has it, or delete the line")
        for name in ("category", "level"):
            try:
                if name == "category":
                    _check_category(cells["category"])
                else:
                    _check_level(cells.get("level"))
            except ValueError as exc:
                raise InputError(str(path), str(exc), row=number, column=name,
                                 hint=f"{name} must be one of "
                                      f"{', '.join([*CATEGORIES, UNKNOWN] if name == 'category' else LEVELS)}"
                                 ) from None
        out.set(cells["label"], cells["category"], cells.get("level") or None)
    return out


def save_category_map(mapping: CategoryMap, path: str | Path) -> Path:
    """Write the map as CSV (UTF-8 with BOM), atomically (the previous file is kept as ``.bak``)."""
    path = Path(path)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for label, (cat, level) in mapping.entries.items():
        writer.writerow((label, cat, level or ""))
    data = buffer.getvalue().encode("utf-8-sig")
    atomic_write(path, lambda tmp: tmp.write_bytes(data))
    return path


# --------------------------------------------------------------------- the mapping editor's table
def label_table(labels: pd.Series, overrides: CategoryMap | None = None) -> pd.DataFrame:
    """Every distinct label with its count and what it maps to: columns ``label``, ``count``,
    ``category`` (id or ``unknown``), ``level``, ``source`` (``rule`` or ``user``), most frequent first —
    what the import dialog's mapping editor shows (``classify(label).keyword`` says why a rule decided)."""
    text = labels.astype("string").fillna("").str.strip()
    counts = text.value_counts(sort=True)
    rows = []
    for label, count in counts.items():
        rule = classify(label)
        cat, level, source = rule.category, rule.level, "rule"
        if overrides is not None and label in overrides:
            cat, level = overrides.resolve(label, cat, level)
            source = "user"
        rows.append({"label": label if label else BLANK, "count": int(count), "category": cat or UNKNOWN,
                     "level": level, "source": source})
    return pd.DataFrame(rows, columns=["label", "count", "category", "level", "source"])


def map_from_table(table: pd.DataFrame) -> CategoryMap:
    """The user's map from an edited :func:`label_table`: every row whose mapping differs from the rules'
    or is marked ``user``."""
    out = CategoryMap()
    for row in table.itertuples(index=False):
        rule = classify(row.label)
        differs = (rule.category or UNKNOWN) != row.category or rule.level != row.level
        if differs or getattr(row, "source", "rule") == "user":
            out.set(row.label, row.category, row.level)
    return out


def apply_category_map(dataset: Dataset, overrides: CategoryMap | None) -> Dataset:
    """A copy of ``dataset`` whose ``category`` and ``level`` are read again from the labels with the
    user's map (the raw label is the ``category_label`` column the reader keeps; an old dataset without
    it is read from ``category``)."""
    table = dataset.table
    source = "category_label" if "category_label" in table.columns else "category"
    if source not in table.columns:
        return dataset
    classes = classify_labels(table[source], overrides)
    new = pd.DataFrame(table.drop(columns="geometry", errors="ignore"))
    new["category"] = classes["category"].to_numpy()
    new["level"] = classes["level"].to_numpy()
    return dataset.replace(new)
