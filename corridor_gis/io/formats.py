"""The suffixes the readers accept: the plan's formats plus those read here since (old Excel, OpenDocument,
KML/KMZ). Kept here until plan.py lists them (then this module just re-exports the plan's sets)."""

from __future__ import annotations

from ..plan import TABLE_SUFFIXES, VECTOR_SUFFIXES, formats_sentence

EXTRA_TABLE_FORMATS = {".xls": "Excel 97-2003", ".xlsb": "Excel binary", ".ods": "OpenDocument"}
EXTRA_VECTOR_FORMATS = {".kml": "KML", ".kmz": "KMZ"}
READABLE_TABLE_SUFFIXES = TABLE_SUFFIXES | frozenset(EXTRA_TABLE_FORMATS)
READABLE_VECTOR_SUFFIXES = VECTOR_SUFFIXES | frozenset(EXTRA_VECTOR_FORMATS)


def readable_formats_sentence() -> str:
    """Every readable format in words, for messages."""
    extra = [v for k, v in {**EXTRA_TABLE_FORMATS, **EXTRA_VECTOR_FORMATS}.items()
             if k not in TABLE_SUFFIXES | VECTOR_SUFFIXES]
    return ", ".join([formats_sentence(), *extra])
