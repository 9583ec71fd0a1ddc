"""Web archives: HTML response records of ``.warc`` / ``.warc.gz`` files, read with warcio.

Each ``response`` record whose HTTP Content-Type is HTML becomes one Article (text and metadata
via trafilatura, the target URI as its url); other records (requests, metadata, images, CSS) are
skipped silently. The reader yields each page as an ``HtmlPage`` (ingest/files.py), extracted where
it is analysed; a page with no article text is a Failure at its record number. A truncated or
corrupt archive yields a Failure at the point it broke, after every record read before it.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from newsgraph.ingest import reader
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
    return f"{path.name.split('.')[0]}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:10]}"


@reader(".warc", ".warc.gz")
def read_warc(path: Path) -> Iterator[Article | Failure | HtmlPage]:
    from warcio.archiveiterator import ArchiveIterator

    from newsgraph.ingest.files import HtmlPage

    origin = str(path)
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield Failure(origin=origin, reason=f"cannot read file: {exc.strerror or exc}")
        return
    n = complete = 0
    seen_any = False
    size = path.stat().st_size
    with fh:
        it = ArchiveIterator(fh)
        try:
            for rec in it:
                n += 1
                seen_any = True
                if rec.format == "warc" and rec.rec_headers.get_header("Content-Length") is None:
                    raise EOFError("a record header is cut short")
                html_ctype = ""
                if rec.rec_type == "response" and rec.http_headers is not None:
                    ctype = rec.http_headers.get_header("Content-Type") or ""
                    html_ctype = ctype if "html" in ctype.lower() else ""
                data = rec.content_stream().read(MAX_RECORD_BYTES + 1) if html_ctype else b""
                while rec.raw_stream.read(1 << 16):  # drain what is not needed
                    pass
                if getattr(rec.raw_stream, "limit", 0) > 0:  # the record ends before its Content-Length
                    raise EOFError("the last record is cut short")
                complete = n
                if not html_ctype:
                    continue
                uri = rec.rec_headers.get_header("WARC-Target-URI")
                status = rec.http_headers.get_statuscode()
                if status and not status.startswith("2"):
                    continue  # redirects and errors are not articles
                if len(data) > MAX_RECORD_BYTES:
                    yield Failure(origin=origin, position=n, reason=f"record too large (> {MAX_RECORD_BYTES:,} bytes): {uri}")
                    continue
                html = _decode(data, _charset(html_ctype))
                if html is None:
                    yield Failure(origin=origin, position=n, reason=f"undecodable HTML in record for {uri}")
                    continue
                # extracted later (HtmlPage.extract), by the engine's workers under `newsgraph ingest`
                yield HtmlPage(html=html, origin=origin, id=record_id(path, uri, n), url=uri, position=n, kind="warc")
            if it.offset < size:  # bytes left that are not a record: a record header was cut
                raise EOFError(f"{size - it.offset} trailing bytes are not a complete record")
        except Exception as exc:  # truncated gzip, garbage between records: keep what was read
            what = "truncated or corrupt WARC archive" if seen_any else "not a readable WARC archive"
            yield Failure(origin=origin, position=complete + 1,
                          reason=f"{what}: {complete} complete record(s) before the break "
                                 f"({exc.__class__.__name__}: {exc}); re-download or re-create the file")
            return
    if not seen_any:
        yield Failure(origin=origin, reason="empty or unreadable WARC file: no records")
