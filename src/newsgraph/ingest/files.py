"""Plain text, HTML (via trafilatura) and JSONL article files."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Iterator
from urllib.parse import urlparse

from newsgraph.deps import MissingDependency
from newsgraph.ingest import reader
from newsgraph.ingest.guard import (DEFAULT, BoundedFile, Limits, TooLarge, TooSlow, as_failure, entering,
                                    open_regular, path_str, read_whole, text_surrogate, time_limit, valid_day)
from newsgraph.record import Article, Failure, text_problem

# Prose: at least one run of 8 words without a line break (a sentence, not a menu).
_PROSE = re.compile(r"(?:[^\W\d_][\w'’-]*[,;:]?[ \t]+){7}[^\W\d_]")


# Legacy encodings seen in news archives, preferred when the detector is torn between look-alikes
# (Latin-1 text also decodes "cleanly" as mac_latin2 or cp1250, with the wrong letters).
_COMMON_ENCODINGS = {"cp1252": 0.12, "latin_1": 0.1, "iso8859_15": 0.1, "cp1251": 0.11, "koi8_r": 0.1,
                     "utf_16": 0.1, "utf_16_le": 0.1, "utf_16_be": 0.1, "utf_32": 0.1, "gb18030": 0.1,
                     "gb2312": 0.1, "big5": 0.1, "shift_jis": 0.1, "euc_jp": 0.1, "euc_kr": 0.1,
                     "iso8859_2": 0.1, "cp1250": 0.1, "cp1253": 0.1, "cp1254": 0.1, "cp1255": 0.1,
                     "cp1256": 0.1, "iso8859_7": 0.1, "iso8859_9": 0.1, "cp949": 0.1, "iso2022_jp": 0.1}


def decode_bytes(data: bytes) -> str | None:
    """UTF-8 (with or without BOM) first; else the detected encoding; None for binary data."""
    text = _decode(data)
    if text is None:
        return None
    # Mostly control characters or replacement chars means it was not text after all (NUL-free noise
    # is valid UTF-8).
    head = text[:4096]
    bad = sum(1 for c in head if (ord(c) < 32 and c not in "\n\r\t\f") or c == "\ufffd")
    return None if bad > len(head) * 0.05 else text


def _decode(data: bytes) -> str | None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    elif b"\x00" in data[:4096]:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        return None
    # Least chaos, then coherence (language fit), with a bonus for the usual legacy encodings.
    best = min(matches, key=lambda m: m.chaos - 0.1 * m.coherence - _COMMON_ENCODINGS.get(m.encoding, 0.0))
    return str(best)


def _read_text(path: Path, limits: Limits) -> str | Failure:
    try:
        data = read_whole(path, limits)
    except OSError as exc:
        return Failure(origin=path_str(path), reason=f"cannot read file: {exc.strerror or exc}")
    text = decode_bytes(data)
    if text is None:
        return Failure(origin=path_str(path), reason="binary or undecodable file: not text in any known encoding")
    return text


@reader(".txt", ".text")
def read_txt(path: Path, limits: Limits = DEFAULT) -> Iterator[Article | Failure]:
    text = _read_text(path, limits)
    if isinstance(text, Failure):
        yield text
        return
    if not text.strip():
        yield Failure(origin=path_str(path), reason="empty file: no text to analyse")
        return
    yield Article(id=path_str(path.stem), text=text, source=path_str(path))


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
                   published=valid_day(date),
                   source=getattr(doc, "sitename", None) or getattr(doc, "hostname", None) or origin,
                   author=getattr(doc, "author", None))


@dataclass
class HtmlPage:
    """An HTML page as read, its main text not yet extracted: what the HTML, WARC and URL readers
    yield, turned into an Article (or a Failure) by :meth:`extract`.

    Why a record of its own rather than an Article with a flag: extraction (trafilatura, ~10-50 ms a
    page) is the costly part of reading HTML, so ``newsgraph ingest`` hands pages to the engine's
    workers and extracts them there, in parallel, instead of in the reading process. A separate type
    cannot be mistaken for analysable text by code that does not know about it; ``read_path`` and
    ``read_inputs`` extract on the spot unless asked not to (``defer_html=True``), so every other
    caller still sees Articles and Failures only, and after ``extract`` one record type flows on.
    Everything the reader knew (id, origin, url, WARC record number) is fixed here, so the Article
    or Failure is the one the reader used to yield: ids do not depend on where extraction runs.
    """

    html: str
    origin: str  # the file or URL, as a Failure names it
    id: str
    url: str | None = None
    position: int | None = None  # the WARC record number
    kind: str = "file"  # "file" | "warc" | "url": how failures are worded and the source is chosen
    seconds: float | None = None  # the time extraction may take (Limits.seconds; None: the default)

    def extract(self, max_chars: int | None = None) -> Article | Failure:
        """The page's Article, or a Failure naming its origin; never raises. With ``max_chars``, a
        text the pipeline would refuse (empty, too long) is refused here, under the page's origin and
        record number: the Article's ``source`` is the site's name, which a rerun cannot match to the
        page, nor a user to the file."""
        try:
            with time_limit(self.seconds or DEFAULT.seconds, "extracting the page's text"):
                item = article_from_html(self.html, origin=self.origin, id=self.id, url=self.url)
        except ImportError as exc:  # a broken install (lxml_html_clean missing), not a bad page
            raise MissingDependency.from_import_error(exc) from exc
        except Exception as exc:  # an extraction bug on one page is not a broken batch
            item = as_failure(exc, self.origin, what="could not read" if self.kind == "file"
                              else "could not extract the page")
        if isinstance(item, Article) and max_chars is not None:
            problem = text_problem(item.text, max_chars)
            if problem is not None:
                item = Failure(origin=self.origin, reason=problem, id=self.id)
        if isinstance(item, Failure):
            if self.kind == "warc":
                item.position = self.position
                item.reason = f"{item.reason} ({self.url})"
        elif self.kind == "url" and item.source == self.origin:
            item.source = urlparse(self.url or self.origin).hostname or self.origin
        return entering(item)  # the page's metadata came from outside too


def resolve(item: Article | Failure | HtmlPage, max_chars: int | None = None) -> Article | Failure:
    """An HtmlPage extracted (and refused if its text cannot be analysed); an Article or Failure as it is."""
    return item.extract(max_chars) if isinstance(item, HtmlPage) else item


@reader(".html", ".htm")
def read_html(path: Path, limits: Limits = DEFAULT) -> Iterator[Article | Failure | HtmlPage]:
    text = _read_text(path, limits)
    if isinstance(text, Failure):
        yield text
        return
    yield HtmlPage(html=text, origin=path_str(path), id=path_str(path.stem))


def _str_or_none(v: object) -> str | None:
    """A JSON metadata value as text: strings and numbers; nothing for null, "" and lists or objects."""
    if v is None or v == "" or isinstance(v, (list, dict)):
        return None
    return v if isinstance(v, str) else str(v)


def article_from_json(obj: object, *, origin: str, position: int | None) -> Article | Failure:
    """An ``analyze``/``ingest`` JSONL line: {"id", "text", "title"?, "published"?, "url"?}."""
    where = dict(origin=origin, position=position)
    fallback_id = f"{Path(origin).stem}:{position}" if position is not None else Path(origin).stem
    if not isinstance(obj, dict):
        return Failure(reason=f"line is a JSON {type(obj).__name__}, not an object", id=fallback_id, **where)
    id_ = _str_or_none(obj.get("id"))
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        return Failure(reason="missing or empty \"text\"", id=id_ or fallback_id, **where)
    at = text_surrogate(text)
    if at is not None:  # a JSON "\ud800" escape: no parser or store can take it
        return Failure(reason=f"\"text\" is not valid Unicode (lone surrogate at character {at})",
                       id=id_ or fallback_id, **where)
    published = obj.get("published") or obj.get("publication_date")
    if published is not None and valid_day(published) is None:  # 2024-99-99 is refused, not stored
        shown = published if isinstance(published, (str, int, float)) else type(published).__name__
        return Failure(reason=f"\"published\" must be a real date YYYY-MM-DD, got {str(shown)[:40]!r}",
                       id=id_ or fallback_id, **where)
    return Article(id=id_ or fallback_id, text=text, title=_str_or_none(obj.get("title")),
                   url=_str_or_none(obj.get("url")), published=valid_day(published),
                   source=_str_or_none(obj.get("source") or obj.get("publisher")) or origin,
                   author=_str_or_none(obj.get("author")))


# The id of a line that is not valid JSON, when the raw line still shows one.
_RAW_ID = re.compile(rb'"id"\s*:\s*(?:"((?:[^"\\\n]|\\.){1,200})"|(-?\d{1,30})\b)')


def _raw_id(raw: bytes) -> str | None:
    m = _RAW_ID.search(raw[:100_000])
    if not m:
        return None
    if m.group(2) is not None:
        return m.group(2).decode("ascii")
    try:
        return json.loads(b'"' + m.group(1) + b'"')
    except ValueError:
        return m.group(1).decode("utf-8", "replace")


def _lines(fh: IO[bytes], limits: Limits) -> Iterator[bytes | TooLarge | TooSlow]:
    """The lines of a binary stream, each read within ``limits`` (bytes and time per line): a line
    that breaks them comes as the error instead, and reading goes on at the next line."""
    bounded = BoundedFile(fh, limits, "JSONL line")
    while True:
        bounded.reset()
        try:
            raw = bounded.readline()
        except (TooLarge, TooSlow) as exc:
            yield exc
            while True:  # skip the rest of the line, in bounded pieces
                rest = fh.readline(1 << 20)
                if not rest or rest.endswith(b"\n"):
                    break
            continue
        if not raw:
            return
        yield raw


def jsonl_items(fh: IO[bytes], *, origin: str, limits: Limits = DEFAULT) -> Iterator[Article | Failure]:
    """One Article or Failure per non-blank line of a binary JSONL stream, in order; a line that
    cannot be read (too long, too deep, anything) is that line's failure and the next line is read."""
    stem = Path(origin).stem
    for n, raw in enumerate(_lines(fh, limits), start=1):
        if isinstance(raw, Exception):
            yield Failure(origin=origin, position=n, id=f"{stem}:{n}", reason=str(raw))
            continue
        if not raw.strip():
            continue
        try:
            item = _json_line(raw, n, origin, stem)
        except Exception as exc:  # RecursionError (a line nested 100,000 deep), a bug: this line only
            item = as_failure(exc, origin, position=n, id=f"{stem}:{n}", what="malformed JSON line")
        yield item  # checked by guard.entering where it leaves the readers (read_path, read_stream)


def _json_line(raw: bytes, n: int, origin: str, stem: str) -> Article | Failure:
    try:
        line = raw.decode("utf-8-sig" if n == 1 else "utf-8")
    except UnicodeDecodeError:
        line = decode_bytes(raw)  # a line in a legacy encoding: read it rather than lose it
    try:
        if line is None:
            raise ValueError("not text in any known encoding")
        obj = json.loads(line)
    except ValueError as exc:  # JSONDecodeError is a ValueError
        return Failure(origin=origin, position=n, id=_raw_id(raw) or f"{stem}:{n}",
                       reason=f"malformed JSON line: {str(exc)[:300]}")
    return article_from_json(obj, origin=origin, position=n)


@reader(".jsonl", ".ndjson")
def read_jsonl(path: Path, limits: Limits = DEFAULT) -> Iterator[Article | Failure]:
    try:
        fh = open_regular(path)
    except OSError as exc:
        yield Failure(origin=path_str(path), reason=f"cannot read file: {exc.strerror or exc}")
        return
    with fh:
        yield from jsonl_items(fh, origin=path_str(path), limits=limits)
