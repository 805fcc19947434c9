"""Transcode a GBK/GB18030 (or Big5) list to UTF-8 in a forked child process, for the command line.

Python's codecs hold the interpreter's lock: decoding a million-row GBK list (67 MB) and encoding it to UTF-8
for Arrow's parser takes ~0.45 s of it, which ``ratio`` would otherwise spend contending with its own imports
(pandas, geopandas, pyproj) on the main thread while the other core waits. A child process forked before any
thread starts has an interpreter lock of its own: it chooses the encoding (detecting it from the first megabyte
takes ~30 ms of interpreter time too) and writes the UTF-8 text into an anonymous memory file, which the
parent maps and parses as it parses any UTF-8 list. The codec is the same as Arrow's block-wise
transcoding in the parent (:func:`~corridor_gis.io.csv_grid.transcoded_table`), so the text is the same; that
way stays for the app (a process running Qt's threads must not fork), for systems without ``fork`` and
``memfd_create``, and for any file the child could not transcode.
"""

from __future__ import annotations

import codecs
import mmap
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass

#: bytes decoded per step in the child: large enough that the codec's per-call cost vanishes, small enough
#: that the decoded block and its UTF-8 copy reuse the same memory from one step to the next
BLOCK_BYTES = 1 << 20
#: the largest file handed to a child: its UTF-8 text lies whole in memory (~1.3× the file) until it is
#: parsed, where Arrow's in-process transcoding holds a few blocks; 256 MB is ~4M rows, four times a city's
#: list of everything
MAX_BYTES = 256 << 20


@dataclass
class Transcoding:
    """A child process writing the UTF-8 text of a file into :attr:`fd` (an anonymous memory file) and, when
    done, the name of the encoding it decoded into :attr:`pipe`."""

    pid: int
    fd: int
    pipe: int
    #: the file the child reads, as :func:`identity` gives it: its text serves only a read of the same file
    source: tuple[int, int, int, int]
    #: the encoding the child decoded, once :meth:`result` has the text
    encoding: str | None = None
    _text: mmap.mmap | None = None
    _done: bool = False

    def result(self) -> mmap.mmap | None:
        """The UTF-8 text, memory-mapped, once the child has written all of it; ``None`` when it did not (no
        encoding it transcodes, a byte that does not decode, a signal): the caller reads the file its own way,
        which words the problem."""
        if not self._done:
            self._done = True
            try:
                _, status = os.waitpid(self.pid, 0)
                size = os.fstat(self.fd).st_size
                if os.waitstatus_to_exitcode(status) == 0 and size > 0:
                    self.encoding = _read_all(self.pipe).decode("ascii")
                    self._text = mmap.mmap(self.fd, size, access=mmap.ACCESS_READ)
            finally:
                os.close(self.fd)
                os.close(self.pipe)
        return self._text

    def close(self) -> None:
        """Wait for the child (no process is left behind) and free its file; a map already taken stays
        valid for as long as it is used."""
        self.result()


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 256):
        chunks.append(chunk)
    return b"".join(chunks)


def can_fork() -> bool:
    """Whether this process may fork a transcoder: the system has ``fork`` and memory files, and no other
    thread runs (a child forked beside running threads can inherit a lock one of them held). Counts the
    kernel's threads, not only Python's: importing pyarrow starts two of its own."""
    if not (hasattr(os, "fork") and hasattr(os, "memfd_create")) or threading.active_count() > 1:
        return False
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return False


def identity(fileno: int) -> tuple[int, int, int, int]:
    """Which file, in which state, an open file is: device, inode, size and modification time."""
    stat = os.fstat(fileno)
    return stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns


def start(data: bytes | mmap.mmap, choose: Callable[[], str | None], source: tuple[int, int, int, int]
          ) -> Transcoding | None:
    """Fork a child that writes ``data`` (the bytes of the file ``source`` names, see :func:`identity`) as
    UTF-8 into a memory file, decoded from the encoding ``choose()`` names in the child (``None``: none to
    transcode from, the child writes nothing); ``None`` when this process may not fork (:func:`can_fork`) or
    the file is larger than :data:`MAX_BYTES`."""
    if len(data) > MAX_BYTES or not can_fork():
        return None
    fd = os.memfd_create("corridor-gis-utf8", os.MFD_CLOEXEC)
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        for end in (fd, read_end, write_end):
            os.close(end)
        return None
    if pid == 0:  # the child: transcode, then leave at once (no exit handlers, no parent's buffers flushed)
        code = 1
        try:
            encoding = choose()
            if encoding is not None:
                _transcode(data, encoding, fd)
                os.write(write_end, encoding.encode("ascii"))
                code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    return Transcoding(pid, fd, read_end, source)


def _transcode(data: bytes | mmap.mmap, encoding: str, fd: int) -> None:
    """Decode ``data`` block by block (a character cut at a block's end waits for the next) and write each
    block's UTF-8 to ``fd``; a byte that does not decode raises."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    view = memoryview(data)
    with open(fd, "wb", closefd=False) as out:
        for start in range(0, len(view), BLOCK_BYTES):
            out.write(decoder.decode(view[start:start + BLOCK_BYTES]).encode("utf-8"))
        out.write(decoder.decode(b"", final=True).encode("utf-8"))
