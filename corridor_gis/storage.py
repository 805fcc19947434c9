"""Crash-safe file writing: temporary file in the same folder, fsync, atomic replace, ``.bak`` kept.

After a crash at any moment the target is either the old or the new complete file, and ``NAME.bak``
is a complete earlier version. Nothing the user had is overwritten before the new file is complete.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from .errors import InputError


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not supported on some platforms/filesystems (Windows)
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def atomic_write(target: Path, write: Callable[[Path], None], *, backup: bool = True) -> None:
    """Call ``write(tmp_path)`` then atomically move ``tmp_path`` over ``target``.

    The previous target (if any) is first copied to ``target.bak`` via its own temp file + replace, so the
    backup is always complete too. Errors (disk full, permission denied) raise :class:`InputError` and
    leave ``target`` untouched.
    """
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=f".tmp{target.suffix}",
                                        dir=folder)
        os.close(fd)
        os.unlink(tmp_name)  # writers like GDAL want to create the file themselves
        tmp = Path(tmp_name)
        write(tmp)
        _fsync_file(tmp)
        if backup and target.exists():
            bak = target.with_name(target.name + ".bak")
            fd, bak_tmp = tempfile.mkstemp(prefix=f".{bak.name}.", suffix=".tmp", dir=folder)
            os.close(fd)
            shutil.copyfile(target, bak_tmp)
            _fsync_file(Path(bak_tmp))
            os.replace(bak_tmp, bak)
        os.replace(tmp, target)
        tmp_name = None
        _fsync_dir(folder)
    except OSError as exc:
        raise InputError(str(target), f"could not save ({exc.strerror or exc})",
                         hint="check free disk space and write permission for the folder; "
                              "the existing file was not changed") from None
    finally:
        if tmp_name and os.path.exists(tmp_name):
            os.unlink(tmp_name)
