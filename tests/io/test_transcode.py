"""The command line's GBK transcoding in a forked child (:mod:`corridor_gis.io.transcode`) gives the very text,
grid and figures of the in-process reading, falls back to it for anything the child cannot do, and leaves no
process behind.

A test process runs pytest's and pyarrow's threads, where the reader must not fork (:func:`can_fork`), so the
forking side runs in a fresh interpreter, as ``corridor-gis ratio`` does; the in-process side is the oracle.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading

from corridor_gis.cli import main
from corridor_gis.io import transcode

from .test_fast_path import hostile_list

#: a line of text with two-byte GBK and four-byte GB18030 characters
LINE = "机构{i},国家重点实验室,120.{i:06d},36.1,青岛市崂山区𠀀路{i}号€\n"


def _run(code: str, *args: str) -> dict:
    """Run ``code`` in a fresh interpreter (no threads yet) and return the JSON it prints last."""
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


CHILD = """
import json, os, sys
from corridor_gis.io import transcode
path, encoding = sys.argv[1], sys.argv[2]
with open(path, "rb") as fh:
    raw = fh.read()
    source = transcode.identity(fh.fileno())
child = transcode.start(raw, lambda: encoding, source)
text = child.result()
try:
    os.waitpid(child.pid, os.WNOHANG)
    left = True
except ChildProcessError:
    left = False
print(json.dumps({"same": text is not None and bytes(text) == raw.decode(encoding).encode("utf-8"),
                  "encoding": child.encoding,
                  "text": text is not None, "left_behind": left, "size": len(text) if text else 0}))
"""


def test_the_child_writes_the_text_the_codec_gives_across_its_blocks(tmp_path):
    path = tmp_path / "list.csv"
    text = "名称,类别,经度,纬度,地址\n" + "".join(LINE.format(i=i) for i in range(40_000))
    path.write_bytes(text.encode("gb18030"))
    assert path.stat().st_size > 2 * transcode.BLOCK_BYTES  # characters are cut at block ends
    got = _run(CHILD, str(path), "gb18030")
    assert got == {"same": True, "encoding": "gb18030", "text": True, "left_behind": False,
                   "size": len(text.encode("utf-8"))}


def test_a_byte_that_does_not_decode_leaves_the_text_to_the_reader(tmp_path):
    path = tmp_path / "list.csv"
    good = "".join(LINE.format(i=i) for i in range(30_000)).encode("gb18030")
    path.write_bytes(good + b"\xff\xfe broken,1,2,3\n")
    assert _run(CHILD, str(path), "gb18030") == {"same": False, "encoding": None, "text": False,
                                                 "left_behind": False, "size": 0}


def test_no_child_is_forked_beside_running_threads():
    code = """
import json, threading
from corridor_gis.io import transcode
alone = transcode.can_fork()
stop = threading.Event()
threading.Thread(target=stop.wait).start()
beside = transcode.can_fork()
stop.set()
print(json.dumps({"alone": alone, "beside": beside}))
"""
    assert _run(code) == {"alone": True, "beside": False}
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert transcode.start(b"abc", lambda: "gbk", (0, 0, 0, 0)) is None
    finally:
        stop.set()
        thread.join()


RATIO = """
import io, json, sys, contextlib
from corridor_gis import cli
from corridor_gis.io import transcode
children = []
real_start, real_result = transcode.start, transcode.Transcoding.result
def start(*args):
    child = real_start(*args)
    children.append(child)
    return child
def result(self):
    first = not self._done
    text = real_result(self)
    if first:
        children.append("parsed" if text is not None else "refused")
    return text
transcode.start, transcode.Transcoding.result = start, result
out, err = io.StringIO(), io.StringIO()
with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
    code = cli.main(["ratio", *sys.argv[1:], "--json"])
print(json.dumps({"code": code, "out": out.getvalue(), "err": err.getvalue(),
                  "children": [c if isinstance(c, str) else c.encoding for c in children]}))
"""


def _in_process(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["ratio", *args, "--json"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_ratio_of_a_gbk_list_through_the_child_equals_the_in_process_read(tmp_path, capsys):
    """The hostile list (title row, bad cells, duplicates, unknown labels), large enough that the encoding
    is detected from its first megabyte; and a small one under ``--encoding``."""
    _, lines = hostile_list(25_000)
    big = tmp_path / "名录_gbk.csv"
    big.write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))
    small = tmp_path / "small.csv"
    small.write_bytes(("\n".join(lines[:500]) + "\n").encode("gbk"))
    for args, encoding in (([str(big)], "gb18030"), ([str(small), "--encoding", "gbk"], "gbk")):
        child = _run(RATIO, *args)
        assert child["children"] == [encoding, "parsed"]  # forked, and its text was the one parsed
        code, out, err = _in_process(capsys, *args)
        assert (child["code"], child["out"], child["err"]) == (code, out, err) == (0, out, "")
        assert json.loads(out)["rows"] > 0


def test_a_broken_row_gets_the_same_message_through_the_child(tmp_path, capsys):
    _, lines = hostile_list(25_000)
    path = tmp_path / "名录_gbk.csv"
    path.write_bytes(("\r\n".join(lines[:-5]) + "\r\n").encode("gbk") + b"\xa1\xfe\xff,bad,1,2,3\r\n"
                     + ("\r\n".join(lines[-5:]) + "\r\n").encode("gbk"))
    child = _run(RATIO, str(path))
    assert child["children"] == [None, "refused"]  # the child chose GB18030 but could not decode the row
    code, out, err = _in_process(capsys, str(path))
    assert (child["code"], child["out"], child["err"]) == (code, out, err)
    assert code == 2 and f"row {len(lines) - 4}" in err


def test_a_list_replaced_after_the_fork_is_read_as_it_is_now(tmp_path):
    code = """
import json, sys
from pathlib import Path
from corridor_gis.io import csv_grid
path = Path(sys.argv[1])
child = csv_grid._start_transcoding(path, "gbk")
path.write_bytes(sys.argv[2].encode("gbk"))  # another file under the same name (an editor's atomic save)
read = csv_grid.read_grid(path, "gbk", child)
print(json.dumps({"forked": child is not None, "names": read.table.column(0).to_pylist()}))
"""
    path = tmp_path / "list.csv"
    path.write_bytes("名称,类别\n甲,国家重点实验室\n".encode("gbk"))
    got = _run(code, str(path), "名称,类别\n乙,国家重点实验室\n丙,孵化器\n")
    assert got == {"forked": True, "names": ["名称", "乙", "丙"]}


def test_no_child_for_a_list_that_is_not_transcoded(tmp_path):
    """UTF-8 (named or detected), UTF-16, a small GBK list whose encoding is detected from the whole text and
    a GBK list larger than a child may hold in memory are read in the process; no child is forked for them."""
    code = """
import json, sys
from pathlib import Path
from corridor_gis.io import csv_grid
from corridor_gis.io import transcode
path, encodings = Path(sys.argv[1]), [None, "utf-8", "utf-16", "no-such-codec"]
utf8 = [csv_grid._start_transcoding(path, enc) is None for enc in encodings]
small = csv_grid._start_transcoding(Path(sys.argv[2]), None) is None
transcode.MAX_BYTES = 10
large = csv_grid._start_transcoding(Path(sys.argv[2]), "gbk") is None
print(json.dumps({"utf8": utf8, "small_gbk": small, "large_gbk": large}))
"""
    utf8 = tmp_path / "utf8.csv"
    utf8.write_text("名称,类别,经度,纬度\n" + "".join(f"机构{i},孵化器,120.4,36.1\n" for i in range(60_000)),
                    encoding="utf-8")
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes("名称,类别,经度,纬度\n机构,孵化器,120.4,36.1\n".encode("gbk"))
    assert _run(code, str(utf8), str(gbk)) == {"utf8": [True] * 4, "small_gbk": True, "large_gbk": True}
