"""Work a command starts early on a thread and collects where it is needed.

A command-line run spends its first half second importing numpy, pandas, geopandas and pyproj, one core
busy and the other idle. Reading the input file needs none of them (Arrow parses a CSV without the
interpreter's lock), so ``ratio`` starts the read first and imports meanwhile. The work is the very function
the caller would otherwise call, with the same arguments: :func:`collect` returns its result or raises its
exception exactly as the call would, and runs it then and there when nothing was started under that key (the
app, the tests, a file that changed since).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

_started: dict[Hashable, Future] = {}
_lock = threading.Lock()


def start(key: Hashable, work: Callable[..., T], *args: object) -> None:
    """Run ``work(*args)`` on a daemon thread; :func:`collect` with the same ``key`` takes its outcome."""
    future: Future = Future()

    def run() -> None:
        try:
            future.set_result(work(*args))
        except BaseException as exc:  # handed to the collector, who raises it as the call would
            future.set_exception(exc)

    with _lock:
        _started[key] = future
    threading.Thread(target=run, name=f"corridor-gis {getattr(work, '__name__', 'work')}", daemon=True).start()


def collect(key: Hashable, work: Callable[..., T], *args: object) -> T:
    """The outcome of the work started under ``key`` (waiting for it), else ``work(*args)`` now.

    Each started outcome is taken once. Work started under another key stays for its own collector (the
    command reads the zones' file too): one never collected (a file that changed) ends with the process."""
    with _lock:
        future = _started.pop(key, None)
    if future is None:
        return work(*args)
    return future.result()


def file_key(kind: str, path: Path, *choices: object) -> tuple:
    """A key for work on a file that a collector may use only for the file as it is now (size, modification
    time) and the same ``choices`` (an encoding, a layer)."""
    try:
        stat = path.stat()
        return (kind, str(path.resolve()), stat.st_size, stat.st_mtime_ns, *choices)
    except OSError:
        return (kind, str(path), None, None, *choices)
