"""RSS and Atom feed files (``.rss``, ``.atom``, and ``.xml`` when the file is a feed), via feedparser.

Each entry with content becomes an Article: the full text from ``content:encoded`` / Atom
``<content>``, or the description when it is article-length (many RSS feeds carry the whole text
there). Entries with only a title or a teaser are Failures naming the entry's link, so the user can
ingest the link itself (``newsgraph ingest URL``). Article ids are stable across reruns: the file's
stem and a short hash of the entry's id or link.
"""
from __future__ import annotations

import hashlib
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterator

from newsgraph.ingest import reader
from newsgraph.ingest.guard import DEFAULT, Limits, path_str, read_whole
from newsgraph.record import Article, Failure

MIN_SUMMARY_WORDS = 80  # a description shorter than this is a teaser, not the article
_FEED_SNIFF = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.I)
_BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section", "article",
          "figcaption", "pre", "hr"}
_SKIP = {"script", "style", "figure", "noscript", "iframe"}


class _Text(HTMLParser):
    """An HTML fragment -> text, one paragraph per line (entries are fragments, not pages)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skip += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def html_to_text(fragment: str) -> str:
    if "<" not in fragment:
        return "\n".join(" ".join(line.split()) for line in unescape(fragment).splitlines() if line.strip())
    p = _Text()
    p.feed(fragment)
    p.close()
    lines = (" ".join(line.split()) for line in "".join(p.parts).splitlines())
    return "\n".join(line for line in lines if line)


def _date(entry) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        t = entry.get(key)
        if t:
            return f"{t.tm_year:04d}-{t.tm_mon:02d}-{t.tm_mday:02d}"
    return None


def entry_text(entry) -> str | None:
    for c in entry.get("content") or []:
        value = c.get("value") or ""
        text = html_to_text(value) if "html" in (c.get("type") or "html") else value.strip()
        if text.strip():
            return text
    summary = entry.get("summary") or ""
    text = html_to_text(summary)
    return text if len(text.split()) >= MIN_SUMMARY_WORDS else None


def articles_from_feed(data: bytes, *, origin: str, stem: str) -> Iterator[Article | Failure]:
    import feedparser

    parsed = feedparser.parse(data)
    entries = parsed.get("entries") or []
    if not entries:
        why = f": {parsed.get('bozo_exception')}" if parsed.get("bozo") else ""
        kind = "feed with no entries" if parsed.get("version") else "not a valid RSS/Atom feed"
        yield Failure(origin=origin, reason=f"{kind}{why}")
        return
    feed_title = (parsed.get("feed") or {}).get("title")
    for n, e in enumerate(entries, start=1):
        link = e.get("link")
        key = e.get("id") or link or f"entry {n}"
        id_ = f"{stem}-{hashlib.sha1(key.encode('utf-8', 'surrogatepass')).hexdigest()[:10]}"
        text = entry_text(e)
        if not text:
            yield Failure(origin=origin, position=n, id=id_,
                          reason=f"feed entry has no content, only a title or teaser"
                                 + (f"; ingest its page instead: {link}" if link else ""))
            continue
        yield Article(id=id_, text=text, title=e.get("title"), url=link, published=_date(e),
                      source=feed_title or origin, author=e.get("author"))


def is_feed(data: bytes) -> bool:
    return bool(_FEED_SNIFF.search(data[:4096]))


@reader(".rss", ".atom", ".xml")
def read_feed(path: Path, limits: Limits = DEFAULT) -> Iterator[Article | Failure]:
    origin = path_str(path)
    try:
        data = read_whole(path, limits)
    except OSError as exc:
        yield Failure(origin=origin, reason=f"cannot read file: {exc.strerror or exc}")
        return
    if not data.strip():
        yield Failure(origin=origin, reason="empty file: no feed to read")
        return
    if path.suffix.lower() == ".xml" and not is_feed(data):
        yield Failure(origin=origin, reason="an .xml file that is not an RSS/Atom feed (no <rss>, <feed> or "
                                            "<rdf:RDF> element); only feeds are read from .xml files")
        return
    yield from articles_from_feed(data, origin=origin, stem=path_str(path.name.split(".")[0]))
