"""Give memory back to the operating system after a large import, so a million-row list keeps the app under
its memory budget (issue #16: <= 600 MB resident with 1M points).

Reading a list allocates several times the size of what is kept (the raw CSV columns, the parsed numbers,
the checks' temporaries); freed, that memory stays in the allocators' caches and the process keeps looking
~300 MB bigger than it is. Two allocators hold it:

* Arrow's memory pool (pandas' string columns and the CSV reader). Its default on Linux, mimalloc, keeps
  freed pages for reuse. On glibc we let Arrow allocate with the system allocator instead (same speed on
  our 1M-row CSV), so one ``malloc_trim`` returns both Arrow's and numpy's freed memory; a jemalloc pool is
  told to return dirty pages at once (``jemalloc_set_decay_ms(0)``). Elsewhere the default pool stays and
  :func:`release_freed_memory` asks it to release what it does not use.
* glibc's malloc (numpy arrays, pandas): freed blocks below the heap top and in the worker thread's arena
  are only returned by ``malloc_trim(0)``. Other C libraries (Windows, macOS) return large blocks themselves,
  so there the call is skipped.

Nothing here changes any data: only where freed memory goes.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import platform
from functools import cache


@cache
def _glibc() -> ctypes.CDLL | None:
    """The C library when it is glibc (the only one with ``malloc_trim``), else ``None``."""
    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.malloc_trim.argtypes = [ctypes.c_size_t]
        libc.malloc_trim.restype = ctypes.c_int
    except (OSError, AttributeError):
        return None
    return libc


def use_returning_arrow_pool() -> str:
    """Make Arrow allocate from a pool that gives freed memory back (see the module docstring); call once at
    start, before any list is read (buffers allocated earlier stay with their pool). Returns the pool's name."""
    import pyarrow as pa

    if _glibc() is not None:
        pa.set_memory_pool(pa.system_memory_pool())
    elif pa.default_memory_pool().backend_name == "jemalloc":
        pa.jemalloc_set_decay_ms(0)
    return pa.default_memory_pool().backend_name


def release_freed_memory() -> None:
    """Return the memory freed by an import to the operating system (~15 ms; call after a large import, not
    per frame): let Arrow's pool release what it caches, and on glibc trim every malloc arena (the reader's
    worker thread has its own). No ``gc.collect()``: a read leaves no reference cycles holding its arrays, and
    a full collection of the app's objects alone costs ~35 ms."""
    import pyarrow as pa

    pa.default_memory_pool().release_unused()
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)
