"""Readers: each input kind becomes Articles, and anything unreadable becomes a Failure.

``read_inputs(paths)`` walks files and folders (recursively) and dispatches on the file kind
through ``READERS`` (suffix -> reader). A reader is a generator ``reader(path, limits) -> Article |
Failure`` that opens its file with ``guard.open_regular`` and reads it within ``limits`` (guard.py);
it yields a Failure naming the file (and line) for bad content, and an exception it raises becomes
the file's failure (``read_path``).

HTML pages (files, WARC records, URLs) come out of their readers as ``files.HtmlPage``, their main
text not yet extracted. ``read_path`` and ``read_inputs`` extract them on the spot (so callers see
Articles and Failures only) unless ``defer_html=True``: then the HtmlPages are passed on as they
are, for ``newsgraph ingest`` to extract them in its engine's workers, in parallel.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable, Iterator

from newsgraph.ingest.guard import (DEFAULT, Limits, as_failure, bounded_items, clean_field, entering, path_str,
                                    walk)
from newsgraph.record import Article, Failure

Reader = Callable[..., Iterator["Article | Failure"]]  # reader(path, limits)
READERS: dict[str, Reader] = {}


def reader(*suffixes: str) -> Callable[[Reader], Reader]:
    def register(fn: Reader) -> Reader:
        for s in suffixes:
            READERS[s] = fn
        return fn
    return register


def suffix_of(path: Path) -> str:
    name = path.name.lower()
    for s in sorted(READERS, key=len, reverse=True):  # longest first: ".warc.gz" before ".gz"
        if name.endswith(s):
            return s
    return path.suffix.lower()


def _load_readers() -> None:
    from newsgraph.ingest import files  # noqa: F401  (registers .txt .html .htm .jsonl)
    for optional in ("warc", "feeds"):
        try:
            __import__(f"newsgraph.ingest.{optional}")
        except ImportError:
            pass


def read_path(path: Path, *, defer_html: bool = False, limits: Limits = DEFAULT,
              kind: str | None = None) -> Iterator[Article | Failure]:
    """Articles from one file (any supported kind; ``kind``: read it as this suffix's kind whatever
    its name); with ``defer_html``, HTML pages as HtmlPages. Every item passes ``guard.entering``;
    any exception while reading is this file's failure."""
    _load_readers()
    from newsgraph.ingest.files import HtmlPage, resolve

    origin = path_str(path)
    try:
        exists = path.exists()
    except (OSError, ValueError) as exc:  # a name too long
        yield Failure(origin=origin, reason=f"cannot read file: {getattr(exc, 'strerror', None) or exc}")
        return
    if not exists:
        yield Failure(origin=origin, reason="no such file or directory")
        return
    fn = READERS.get(kind or suffix_of(path))
    if fn is None:
        yield Failure(origin=origin, reason=f"unsupported file type {path_str(path.suffix) or '(none)'!r}; "
                      f"supported: {', '.join(sorted(READERS))}")
        return
    try:
        for item in bounded_items(fn(path, limits), limits.seconds, "reading"):
            item = entering(item)
            if isinstance(item, HtmlPage):
                item.seconds = limits.seconds
            yield item if defer_html else resolve(item)
    except Exception as exc:  # a reader bug or a broken rule must not end the batch (a broken install does)
        yield entering(as_failure(exc, origin))


def read_stream(fh, origin: str, *, limits: Limits = DEFAULT) -> Iterator[Article | Failure]:
    """Articles from a JSONL stream (standard input), through the same checks as a file's lines."""
    from newsgraph.ingest.files import jsonl_items

    for item in jsonl_items(fh, origin=origin, limits=limits):
        yield entering(item)


def read_url_items(url: str, *, defer_html: bool = False, limits: Limits = DEFAULT) -> Iterator[Article | Failure]:
    """Articles from one URL, through the same checks as a file's."""
    from newsgraph.ingest.files import HtmlPage, resolve

    try:
        from newsgraph.ingest.urls import read_url
    except ImportError:
        yield Failure(origin=clean_field(url) or "?", reason="URL input is not supported in this install")
        return
    try:
        for got in bounded_items(read_url(url, limits=limits), limits.seconds + 5, "reading the URL"):
            got = entering(got)
            if isinstance(got, HtmlPage):
                got.seconds = limits.seconds
            yield got if defer_html else resolve(got)
    except Exception as exc:
        yield entering(as_failure(exc, url))


def read_inputs(inputs: Iterable[str], *, defer_html: bool = False,
                limits: Limits = DEFAULT) -> Iterator[Article | Failure]:
    """Articles from files, folders (recursive, sorted; only regular files inside them, see
    ``guard.walk``) and, where supported, URLs; with ``defer_html``, HTML pages as HtmlPages (see above)."""
    _load_readers()
    for item in walk(inputs, lambda f: suffix_of(f) in READERS, limits):
        if isinstance(item, Failure):
            yield entering(item)
        elif isinstance(item, str):
            yield from read_url_items(item, defer_html=defer_html, limits=limits)
        else:
            yield from read_path(item, defer_html=defer_html, limits=limits)
