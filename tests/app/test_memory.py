"""After a large import the app gives freed memory back: Arrow allocates from a pool that can return it, and
releasing works (or is skipped) on every platform without touching any data."""

from __future__ import annotations

import platform

import pyarrow as pa

from corridor_gis.app.main import create_app
from corridor_gis.app.memory import release_freed_memory, use_returning_arrow_pool


def test_the_app_uses_an_arrow_pool_that_returns_memory():
    create_app()
    name = pa.default_memory_pool().backend_name
    assert name == use_returning_arrow_pool()
    if platform.system() == "Linux" and platform.libc_ver()[0] == "glibc":
        assert name == "system"  # so malloc_trim returns Arrow's freed memory too


def test_releasing_freed_memory_keeps_every_value():
    table = pa.table({"category": ["key_lab", "platform"] * 50_000})
    before = table.column("category").to_pylist()[:4]
    release_freed_memory()
    assert table.column("category").to_pylist()[:4] == before and table.num_rows == 100_000
