"""Web archives: HTML response records of ``.warc`` / ``.warc.gz`` files, read with warcio.

Each ``response`` record whose HTTP Content-Type is HTML becomes one Article (text and metadata
via trafilatura, the target URI as its url); other records (requests, metadata, images, CSS) are
skipped silently. The reader yields each page as an ``HtmlPage`` (ingest/files.py), extracted where
it is analysed; a page with no article text is a Failure at its record number. A truncated or
corrupt archive yields a Failure at the point it broke, after every record read before it.
"""
from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from newsgraph.deps import MissingDependency
from newsgraph.ingest import reader
from newsgraph.ingest.guard import DEFAULT, Limits, TooLarge, TooSlow, describe, open_regular, path_str
from newsgraph.record import Article, Failure

if TYPE_CHECKING:
    from newsgraph.ingest.files import HtmlPage

MAX_RECORD_BYTES = 20_000_000  # a bigger "page" is not an article


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        k, _, v = part.strip().partition("=")
        if k.lower() == "charset" and v:
            return v.strip("\"' ")
    return None


def _decode(data: bytes, charset: str | None) -> str | None:
    if charset:
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    from newsgraph.ingest.files import decode_bytes

    return decode_bytes(data)


def record_id(path: Path, uri: str | None, n: int) -> str:
    """Stable across reruns: the file's stem and a short hash of the page's URI."""
    key = uri or f"record {n}"
    return f"{path.name.split('.')[0]}-{hashlib.sha1(key.encode('utf-8', 'surrogatepass')).hexdigest()[:10]}"


LINE_BYTES = 1 << 16  # a WARC or HTTP header line longer than this is not a header


def _not_warc(fh) -> str | None:
    """Why the file is not a WARC archive (it must start with ``WARC/``, gzipped or not), or None."""
    import zlib

    head = fh.read(LINE_BYTES)
    if not head.strip():
        return "empty or unreadable WARC file: no records"
    if head[:2] == b"\x1f\x8b":
        try:
            head = zlib.decompressobj(wbits=31).decompress(head, 64)
        except zlib.error as exc:
            return f"not a readable WARC archive: a corrupt gzip stream ({exc})"
    if not head.lstrip(b"\r\n").startswith(b"WARC/"):
        return "not a WARC archive: it does not start with a WARC/1.x record header; re-download or re-create the file"
    return None


class _Budget:
    """Bounds on one record of an archive, enforced inside warcio's reader: its headers at most
    ``header_bytes``, its payload decompressed at most ``ratio`` times its compressed size once past
    ``max_bytes`` (a decompression bomb), each header line at most LINE_BYTES, and the whole record
    read within ``seconds``."""

    def __init__(self, reader, fh, limits: Limits):
        self.limits, self.fh = limits, fh
        self.begin(headers=True)
        decompress, readline = reader._decompress, reader.readline

        def bounded_decompress(data: bytes) -> bytes:
            out = decompress(data)
            self.check(len(data), len(out))
            return out

        def bounded_readline(length=None):
            return readline(min(length, LINE_BYTES) if length else LINE_BYTES)

        reader._decompress = bounded_decompress  # instance attributes: warcio calls self._decompress
        reader.readline = bounded_readline

    def begin(self, headers: bool) -> None:
        self.headers = headers
        self.comp = self.out = 0
        if headers:
            self.deadline = time.monotonic() + self.limits.seconds

    def check(self, comp: int, out: int) -> None:
        self.comp += comp
        self.out += out
        lim = self.limits
        bomb = self.out > lim.ratio * max(self.comp, 1)
        if self.headers and self.out > lim.header_bytes and not bomb:
            raise TooLarge(f"a record's headers larger than {lim.header_bytes:,} bytes: not a WARC record")
        if bomb and self.out > (lim.header_bytes if self.headers else lim.max_bytes):
            raise TooLarge(f"a record decompresses to more than {lim.ratio} times its size "
                           f"(> {self.out:,} bytes from {self.comp:,}): a decompression bomb")
        if time.monotonic() > self.deadline:
            raise TooSlow(f"a record not read within {lim.seconds:g} s (limit: --read-timeout)")


@reader(".warc", ".warc.gz")
def read_warc(path: Path, limits: Limits = DEFAULT) -> Iterator[Article | Failure | HtmlPage]:
    from warcio.archiveiterator import ArchiveIterator

    from newsgraph.ingest.files import HtmlPage

    origin = path_str(path)
    try:
        fh = open_regular(path)
    except OSError as exc:
        yield Failure(origin=origin, reason=f"cannot read file: {exc.strerror or exc}")
        return
    n = complete = 0
    seen_any = False
    max_record = min(MAX_RECORD_BYTES, limits.max_bytes)
    with fh:
        size = os.fstat(fh.fileno()).st_size
        problem = _not_warc(fh)
        if problem:
            yield Failure(origin=origin, reason=problem)
            return
        fh.seek(0)
        it = ArchiveIterator(fh)
        budget = _Budget(it.reader, fh, limits)
        try:
            for rec in it:
                budget.begin(headers=False)
                n += 1
                seen_any = True
                if rec.format == "warc" and rec.rec_headers.get_header("Content-Length") is None:
                    raise EOFError("a record header is cut short")
                html_ctype = ""
                if rec.rec_type == "response" and rec.http_headers is not None:
                    ctype = rec.http_headers.get_header("Content-Type") or ""
                    html_ctype = ctype if "html" in ctype.lower() else ""
                data = rec.content_stream().read(max_record + 1) if html_ctype else b""
                while rec.raw_stream.read(1 << 16):  # drain what is not needed
                    pass
                if getattr(rec.raw_stream, "limit", 0) > 0:  # the record ends before its Content-Length
                    raise EOFError("the last record is cut short")
                complete = n
                budget.begin(headers=True)
                if not html_ctype:
                    continue
                uri = rec.rec_headers.get_header("WARC-Target-URI")
                status = rec.http_headers.get_statuscode()
                if status and not status.startswith("2"):
                    continue  # redirects and errors are not articles
                if len(data) > max_record:
                    yield Failure(origin=origin, position=n, reason=f"record too large (> {max_record:,} bytes): {uri}")
                    continue
                html = _decode(data, _charset(html_ctype))
                if html is None:
                    yield Failure(origin=origin, position=n, reason=f"undecodable HTML in record for {uri}")
                    continue
                # extracted later (HtmlPage.extract), by the engine's workers under `newsgraph ingest`
                yield HtmlPage(html=html, origin=origin, id=record_id(path, uri, n), url=uri, position=n, kind="warc")
            if it.offset < size:  # bytes left that are not a record: a record header was cut
                raise EOFError(f"{size - it.offset} trailing bytes are not a complete record")
        except Exception as exc:  # truncated gzip, garbage between records, a bomb: keep what was read
            if isinstance(exc, MissingDependency):
                raise
            what = "truncated or corrupt WARC archive" if seen_any else "not a readable WARC archive"
            yield Failure(origin=origin, position=complete + 1,
                          reason=f"{what}: {complete} complete record(s) before the break "
                                 f"({describe(exc)}); re-download or re-create the file")
            return
    if not seen_any:
        yield Failure(origin=origin, reason="empty or unreadable WARC file: no records")
