"""Plain text, HTML (via trafilatura) and JSONL article files."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Iterator

from newsgraph.ingest import reader
from newsgraph.record import Article, Failure

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
# Prose: at least one run of 8 words without a line break (a sentence, not a menu).
_PROSE = re.compile(r"(?:[^\W\d_][\w'’-]*[,;:]?[ \t]+){7}[^\W\d_]")


def decode_bytes(data: bytes) -> str | None:
    """UTF-8 (with or without BOM) first; else the detected encoding; None for binary data."""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return None
    text = str(best)
    # Mostly control characters or replacement chars means it was not text after all.
    bad = sum(1 for c in text[:4096] if (ord(c) < 32 and c not in "\n\r\t\f") or c == "\ufffd")
    return None if bad > len(text[:4096]) * 0.05 else text


def _read_text(path: Path) -> str | Failure:
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Failure(origin=str(path), reason=f"cannot read file: {exc.strerror or exc}")
    text = decode_bytes(data)
    if text is None:
        return Failure(origin=str(path), reason="binary or undecodable file: not text in any known encoding")
    return text


@reader(".txt", ".text")
def read_txt(path: Path) -> Iterator[Article | Failure]:
    text = _read_text(path)
    if isinstance(text, Failure):
        yield text
        return
    if not text.strip():
        yield Failure(origin=str(path), reason="empty file: no text to analyse")
        return
    yield Article(id=path.stem, text=text, source=str(path))


def article_from_html(html: str, *, origin: str, id: str, url: str | None = None) -> Article | Failure:
    """Main text and metadata of a web page (comments off), via trafilatura."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url, include_comments=False, with_metadata=True)
    if doc is None or not (getattr(doc, "text", None) or "").strip():
        return Failure(origin=origin, reason="no article text found in the HTML page")
    if not _PROSE.search(doc.text):  # trafilatura's fallback returns menus and cookie banners as "text"
        return Failure(origin=origin, reason="no article text found in the HTML page (only menus or boilerplate)")
    date = getattr(doc, "date", None)
    return Article(id=id, text=doc.text, title=getattr(doc, "title", None), url=url or getattr(doc, "url", None),
                   published=date[:10] if date and _DATE.match(date) else None,
                   source=getattr(doc, "sitename", None) or getattr(doc, "hostname", None) or origin,
                   author=getattr(doc, "author", None))


@reader(".html", ".htm")
def read_html(path: Path) -> Iterator[Article | Failure]:
    text = _read_text(path)
    if isinstance(text, Failure):
        yield text
        return
    yield article_from_html(text, origin=str(path), id=path.stem)


def article_from_json(obj: object, *, origin: str, position: int | None) -> Article | Failure:
    """An ``analyze``/``ingest`` JSONL line: {"id", "text", "title"?, "published"?, "url"?}."""
    where = dict(origin=origin, position=position)
    if not isinstance(obj, dict):
        return Failure(reason="line is not a JSON object", **where)
    id_ = obj.get("id")
    id_ = str(id_) if id_ is not None and id_ != "" else None
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        return Failure(reason="missing or empty \"text\"", id=id_, **where)
    published = obj.get("published") or obj.get("publication_date")
    if published is not None and not (isinstance(published, str) and _DATE.match(published)):
        return Failure(reason=f"\"published\" must be YYYY-MM-DD, got {published!r}", id=id_, **where)
    return Article(id=id_ or f"{Path(origin).stem}:{position}", text=text, title=obj.get("title"),
                   url=obj.get("url"), published=published[:10] if published else None,
                   source=obj.get("source") or obj.get("publisher") or origin, author=obj.get("author"))


@reader(".jsonl", ".ndjson")
def read_jsonl(path: Path) -> Iterator[Article | Failure]:
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield Failure(origin=str(path), reason=f"cannot read file: {exc.strerror or exc}")
        return
    with fh:
        for n, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                obj = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                yield Failure(origin=str(path), position=n, reason=f"malformed JSON line: {exc}")
                continue
            yield article_from_json(obj, origin=str(path), position=n)
