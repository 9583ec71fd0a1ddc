"""The hostile corpus (tests/hostile.py) ingested by `newsgraph ingest` in a subprocess, under a time
and a memory limit: every good article stored exactly once, every bad input one failure row with a
short reason, nothing read from outside the tree, nothing that crashes or hangs (issue 21)."""
from __future__ import annotations

import os
import resource
import sqlite3
import subprocess
import sys
import threading
import time

import pytest

from hostile import build
from newsgraph.record import MAX_REASON_CHARS

TIME_LIMIT = 240  # seconds for the whole corpus (~50 inputs; each is allowed 30 s, most take milliseconds)
MEMORY_LIMIT = 1 << 30  # bytes of peak RSS: the target for any single input
ADDRESS_SPACE = 6 << 30  # a hard stop, so that a regression fails this test instead of the machine


def _limit_child() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


@pytest.mark.slow
def test_hostile_corpus_stores_every_good_article_once_and_fails_every_bad_input(tmp_path):
    exp = build(tmp_path)
    cmd = [sys.executable, "-c", "from newsgraph.cli import main; main()", "ingest", "in", "--db", "h.db", "-q"]
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=_limit_child, env=dict(os.environ, COLUMNS="200"))
    killer = threading.Timer(TIME_LIMIT, proc.kill)
    killer.start()
    out, err = proc.stdout.read(), proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    killer.cancel()
    seconds = time.monotonic() - t0
    peak = usage.ru_maxrss * 1024
    print(f"hostile corpus: {seconds:.1f} s, peak RSS {peak / 2**20:.0f} MB")
    assert seconds < TIME_LIMIT, "the ingest hung"
    assert os.waitstatus_to_exitcode(status) == 1, err.decode(errors="replace")[-2000:]  # failures: exit 1
    assert b"Traceback" not in err
    assert b"\x1b" not in out + err, "escape sequences from file names reached the terminal"
    assert peak <= MEMORY_LIMIT, f"peak RSS {peak / 2**20:.0f} MB"

    conn = sqlite3.connect(tmp_path / "h.db")
    for marker, where in exp.good.items():
        (n,) = conn.execute("SELECT count(*) FROM articles WHERE instr(text, ?)", (marker,)).fetchone()
        assert n == 1, f"good article ({where}) stored {n} times"
    assert conn.execute("SELECT count(*) FROM articles WHERE instr(text, ?)", (exp.outside,)).fetchone() == (0,)
    (articles,) = conn.execute("SELECT count(*) FROM articles").fetchone()
    assert articles == len(exp.good)

    rows = conn.execute("SELECT origin, position, reason FROM failures").fetchall()
    got = {}
    for origin, position, reason in rows:
        assert len(reason) <= MAX_REASON_CHARS
        assert origin.startswith("in" + os.sep)
        got.setdefault((origin[3:], position), []).append(reason)
    missing = {k: v for k, v in exp.bad.items() if k not in got}
    assert not missing, f"bad inputs without a failure row: {missing}"
    extra = {k: v for k, v in got.items() if k not in exp.bad}
    assert not extra, f"failures for inputs that are not bad: {extra}"
    assert all(len(v) == 1 for v in got.values()), {k: v for k, v in got.items() if len(v) > 1}
    assert not os.path.exists("/tmp/zip-slip-escaped.txt")
