"""A hostile corpus: a folder of inputs built to break an ingest, beside good articles.

    python tests/hostile.py OUT_DIR        # build it (a few seconds; ~10 MB on disk)

``build(root)`` writes ``root/in`` (what to ingest) and ``root/outside`` (what links point out to,
which must never be read) and returns a :class:`Expected`: the good articles (id -> a phrase only
that article holds) that must each be stored exactly once, and the bad inputs (origin relative to
``root/in``, with the line or record where one is known) that must each have one failure row with
a short reason. Used by tests/test_hostile.py, under a time and memory limit.

The classes (issue 21): lone surrogates and invalid UTF-8 in every field and in file names,
terminal escape sequences in data and file names, impossible dates, failure reasons that would be
megabytes, decompression bombs of every compression (gzip, deflate, bzip2, xz, zip; a 1 MB
``.warc.gz`` of zeros that decompresses to 1 GB, a WARC record and an HTTP body that are bombs),
special files (a FIFO named ``*.txt``, a link to ``/dev/zero``, links out of the tree, a broken link),
JSONL nested 100,000 deep, a 30 MB line, garbage ``.warc``, zip-slip member names, formula cells.
"""
from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
import os
import struct
import sys
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

GB_UNITS = 1000  # 1 MB units: 1 GB after decompression


def gzip_repeat(prefix: bytes, unit: bytes, count: int, suffix: bytes = b"") -> bytes:
    """One gzip member holding prefix + unit*count + suffix, built without compressing it all:
    after a full flush deflate starts afresh, so the unit's compressed block can be repeated."""
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    head = c.compress(prefix) + c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(unit) + c.flush(zlib.Z_FULL_FLUSH)
    tail = c.compress(suffix) + c.flush(zlib.Z_FINISH)
    crc = zlib.crc32(prefix)
    for _ in range(count):
        crc = zlib.crc32(unit, crc)
    crc = zlib.crc32(suffix, crc)
    size = len(prefix) + count * len(unit) + len(suffix)
    return (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff" + head + block * count + tail
            + struct.pack("<II", crc & 0xFFFFFFFF, size & 0xFFFFFFFF))


def deflate_repeat(unit: bytes, count: int) -> bytes:
    """A zlib (``Content-Encoding: deflate``) stream of unit*count, built the same way."""
    c = zlib.compressobj(6, zlib.DEFLATED, 15)
    first = c.compress(unit) + c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(unit) + c.flush(zlib.Z_FULL_FLUSH)
    tail = c.flush(zlib.Z_FINISH)
    adler = 1
    for _ in range(count):
        adler = zlib.adler32(unit, adler)
    return first + block * (count - 1) + tail[:-4] + struct.pack(">I", adler & 0xFFFFFFFF)


def _article(i: int, marker: str) -> str:
    return (f"Residents of the district said on day {i} that the shelling had stopped before dawn. "
            f"\u201cWe slept for the first time in a week,\u201d said Olha Tkachenko, a teacher. "
            f"The marker for this test is {marker}. Officials said repairs would start on Monday.")


def _warc_record(url: str, body: bytes, ctype: str = "text/html; charset=utf-8", extra: str = "") -> bytes:
    http = (f"HTTP/1.1 200 OK\r\nContent-Type: {ctype}\r\n{extra}Content-Length: {len(body)}\r\n\r\n").encode()
    payload = http + body
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {url}\r\n"
            f"WARC-Record-ID: <urn:uuid:{abs(hash(url)):032x}>\r\nWARC-Date: 2024-05-01T00:00:00Z\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(payload)}\r\n\r\n").encode()
    return head + payload + b"\r\n\r\n"


def _page(title: str, text: str) -> str:
    return (f"<html><head><title>{title}</title></head><body><nav>Home | World</nav><article><h1>{title}</h1>"
            + "".join(f"<p>{p}</p>" for p in text.split(". ")) + "</article></body></html>")


@dataclass
class Expected:
    good: dict[str, str] = field(default_factory=dict)  # a phrase only that article holds -> where it is
    bad: dict[tuple[str, int | None], str] = field(default_factory=dict)  # (origin, position) -> what it is
    ignored: list[str] = field(default_factory=list)  # files of types newsgraph does not read
    outside: str = ""  # a phrase that must never be stored (behind links out of the tree)


def build(root: Path) -> Expected:
    root = Path(root)
    src, out = root / "in", root / "outside"
    src.mkdir(parents=True)
    out.mkdir()
    exp = Expected(outside="MARKER-OUTSIDE-TREE")
    n = [0]

    def good(where: str) -> tuple[str, str]:
        n[0] += 1
        marker = f"MARKER-GOOD-{n[0]:03d}"
        exp.good[marker] = where
        return marker, _article(n[0], marker)

    def bad(origin: str, what: str, position: int | None = None) -> None:
        exp.bad[(origin, position)] = what

    # -- good articles, in every kind ----------------------------------------------------------------
    for k in range(3):
        m, t = good(f"plain-{k}.txt")
        (src / f"plain-{k}.txt").write_text(t, encoding="utf-8")
    m, t = good("page.html")
    (src / "page.html").write_text(_page("A page", t), encoding="utf-8")
    (src / "sub").mkdir()
    m, t = good("sub/nested.txt")
    (src / "sub" / "nested.txt").write_text(t, encoding="utf-8")

    # -- names: escape sequences, newlines, invalid UTF-8 -----------------------------------------------
    m, t = good("escape name")
    (src / "\x1b[31mred\x1b]0;pwned\x07.txt").write_text(t, encoding="utf-8")
    m, t = good("newline name")
    (src / "two\nlines.txt").write_text(t, encoding="utf-8")
    m, t = good("non-UTF-8 name")
    with open(os.path.join(os.fsencode(src), b"bad\xff\xfename.txt"), "wb") as fh:
        fh.write(t.encode("utf-8"))

    # -- JSONL: every field hostile, one good line after each bad one -----------------------------------
    lines: list[bytes] = []

    def jl(obj: object | bytes) -> int:
        lines.append(obj if isinstance(obj, bytes) else json.dumps(obj).encode())
        return len(lines)

    for fld in ("title", "id", "url", "author", "source"):
        m, t = good(f"surrogate in {fld}")
        jl({"id": f"sur-{fld}", "text": t, fld: "bad \ud800 value \udfff"})
    m, t = good("escape in title")
    jl({"id": "esc-title", "text": t, "title": "\x1b[2J\x1b[31mred\x9b31m", "source": "=HYPERLINK(\"http://x\")"})
    m, t = good("invalid UTF-8 in fields")
    lines.append(b'{"id": "latin-\xff", "title": "caf\xe9 \xff\xfe", "author": "\xc3\x28", "text": '
                 + json.dumps(t).encode() + b"}")
    bad("mixed.jsonl", "malformed line with a surrogate id", jl(b'{"id": "\\ud800evil", "text": '))
    bad("mixed.jsonl", "text with a lone surrogate", jl({"id": "sur-text", "text": "Text \ud800 here."}))
    bad("mixed.jsonl", "impossible date", jl({"id": "bad-date", "text": _article(0, "x"), "published": "2024-99-99"}))
    m, t = good("after the bad lines")
    jl({"id": "after-bad", "text": t})
    bad("mixed.jsonl", "nested 100,000 deep", jl(b'{"id": "deep", "text": "x", "nest": ' + b"[" * 100_000
                                                  + b"]" * 100_000 + b"}"))
    m, t = good("after the deep line")
    jl({"id": "after-deep", "text": t})
    bad("mixed.jsonl", "a 30 MB line", jl(b'{"id": "huge", "text": "' + b"word " * 6_000_000 + b'"}'))
    m, t = good("after the huge line")
    jl({"id": "after-huge", "text": t})
    bad("mixed.jsonl", "a JSON array line", jl([1, 2, 3]))
    (src / "mixed.jsonl").write_bytes(b"\n".join(lines) + b"\n")

    # -- WARC: good pages, then bombs and garbage --------------------------------------------------------
    m1, t1 = good("warc page 1")
    m2, t2 = good("warc page 2")
    recs = [_warc_record(f"https://news.invalid/{k}", _page(f"Page {k}", t).encode()) for k, t in ((1, t1), (2, t2))]
    with open(src / "good.warc.gz", "wb") as fh:
        for r in recs:
            fh.write(gzip.compress(r))
    # 1 MB of gzip that is 1 GB of zeros
    (src / "zeros.warc.gz").write_bytes(gzip_repeat(b"", b"\0" * 1_000_000, GB_UNITS))
    bad("zeros.warc.gz", "1 MB .warc.gz of zeros")
    # a good record, then a record whose payload is 1 GB of zeros (one gzip member)
    m, t = good("warc page before a bomb record")
    ok = _warc_record("https://news.invalid/ok", _page("Fine", t).encode())
    bomb_head = (b"WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: https://news.invalid/bomb\r\n"
                 b"WARC-Record-ID: <urn:uuid:0000000000000000000000000000bomb>\r\nContent-Type: text/plain\r\n"
                 + f"Content-Length: {GB_UNITS * 1_000_000}\r\n\r\n".encode())
    with open(src / "record-bomb.warc.gz", "wb") as fh:
        fh.write(gzip.compress(ok))
        fh.write(gzip_repeat(bomb_head, b"\0" * 1_000_000, GB_UNITS, b"\r\n\r\n"))
    bad("record-bomb.warc.gz", "a WARC record of 1 GB zeros", 2)
    # HTTP bodies that are bombs: Content-Encoding gzip and deflate
    for enc, body in (("gzip", gzip_repeat(b"<html><body><p>", b"\0" * 1_000_000, GB_UNITS)),
                      ("deflate", deflate_repeat(b"\0" * 1_000_000, GB_UNITS))):
        rec = _warc_record(f"https://news.invalid/{enc}", body, extra=f"Content-Encoding: {enc}\r\n")
        (src / f"http-{enc}-bomb.warc.gz").write_bytes(gzip.compress(rec, 1))
        bad(f"http-{enc}-bomb.warc.gz", f"an HTTP body that is a {enc} bomb", 1)
    (src / "garbage.warc").write_bytes(os.urandom(50_000))
    bad("garbage.warc", "random bytes named .warc")
    (src / "endless-line.warc").write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\nX: " + b"A" * 30_000_000)
    bad("endless-line.warc", "a WARC header line of 30 MB", 1)
    (src / "empty.warc").write_bytes(b"")
    bad("empty.warc", "an empty .warc")

    # -- bombs of the other compressions: not read (unsupported types), or refused as binary -----------
    mb = b"\0" * 1_000_000
    bz = bz2.compress(mb, 9) * GB_UNITS  # concatenated streams: 1 GB
    xz = lzma.compress(mb, preset=1) * GB_UNITS
    zbuf = io.BytesIO()
    with zipfile.ZipFile(zbuf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("../../../../tmp/zip-slip-escaped.txt", b"\0" * 50_000_000)
        z.writestr("/etc/cron.d/evil", b"* * * * * root true\n")
    for name, data in (("bomb.gz", gzip_repeat(b"", mb, GB_UNITS)), ("bomb.bz2", bz), ("bomb.xz", xz),
                       ("bomb.zip", zbuf.getvalue()), ("bomb.jsonl.gz", gzip_repeat(b"", mb, GB_UNITS))):
        (src / name).write_bytes(data)
        exp.ignored.append(name)
    for name, data in (("gzip-bomb.txt", gzip_repeat(b"", mb, GB_UNITS)), ("bz2-bomb.html", bz),
                       ("xz-bomb.txt", xz), ("zip-bomb.html", zbuf.getvalue()), ("zip-bomb.xml", zbuf.getvalue())):
        (src / name).write_bytes(data)
        bad(name, "a compressed bomb under a text suffix")

    # -- special files ----------------------------------------------------------------------------------
    (out / "secret.txt").write_text(_article(999, exp.outside), encoding="utf-8")
    (out / "dir").mkdir()
    (out / "dir" / "inside-linked-dir.txt").write_text(_article(998, exp.outside), encoding="utf-8")
    if hasattr(os, "mkfifo"):
        os.mkfifo(src / "fifo.txt")
        bad("fifo.txt", "a FIFO named .txt")
    os.symlink("/dev/zero", src / "zero.txt")
    bad("zero.txt", "a link to /dev/zero")
    os.symlink(out / "secret.txt", src / "passwd.txt")
    bad("passwd.txt", "a link out of the tree")
    os.symlink(out / "dir", src / "linked-dir")
    bad("linked-dir", "a link to a folder out of the tree")
    os.symlink(src / "no-such-file.txt", src / "broken.txt")
    bad("broken.txt", "a broken link")
    os.symlink(src / "plain-0.txt", src / "inside-link.txt")  # a link inside the tree: a duplicate, no failure

    # -- plain bad files --------------------------------------------------------------------------------
    (src / "empty.txt").write_bytes(b"")
    bad("empty.txt", "an empty file")
    (src / "binary.txt").write_bytes(bytes(range(256)) * 100)
    bad("binary.txt", "binary")
    (src / "big.txt").write_bytes(b"word " * 5_000_000)  # 25 MB: over the 20 MB input limit
    bad("big.txt", "a 25 MB text file")
    # (a page too slow to extract is tests/test_hostile.py's: whether 15 MB of HTML takes more or less
    # than the limit depends on the machine, so it has no place in a corpus with exact expectations)
    return exp


if __name__ == "__main__":
    e = build(Path(sys.argv[1]))
    print(f"{len(e.good)} good articles, {len(e.bad)} bad inputs, {len(e.ignored)} ignored files in {sys.argv[1]}")
