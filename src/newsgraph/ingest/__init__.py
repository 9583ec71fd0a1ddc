"""Readers: each input kind becomes Articles, and anything unreadable becomes a Failure.

``read_inputs(paths)`` walks files and folders (recursively) and dispatches on the file kind
through ``READERS`` (suffix -> reader). A reader is a generator ``reader(path) -> Article | Failure``
and must never raise for bad content: it yields a Failure naming the file (and line) instead.

HTML pages (files, WARC records, URLs) come out of their readers as ``files.HtmlPage``, their main
text not yet extracted. ``read_path`` and ``read_inputs`` extract them on the spot (so callers see
Articles and Failures only) unless ``defer_html=True``: then the HtmlPages are passed on as they
are, for ``newsgraph ingest`` to extract them in its engine's workers, in parallel.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterable, Iterator

from newsgraph.deps import MissingDependency
from newsgraph.record import Article, Failure

Reader = Callable[[Path], Iterator["Article | Failure"]]
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


def read_path(path: Path, *, defer_html: bool = False) -> Iterator[Article | Failure]:
    """Articles from one file (any supported kind); with ``defer_html``, HTML pages as HtmlPages."""
    _load_readers()
    from newsgraph.ingest.files import resolve

    if not path.exists():
        yield Failure(origin=str(path), reason="no such file or directory")
        return
    fn = READERS.get(suffix_of(path))
    if fn is None:
        yield Failure(origin=str(path), reason=f"unsupported file type {path.suffix or '(none)'!r}; "
                      f"supported: {', '.join(sorted(READERS))}")
        return
    try:
        for item in fn(path):
            yield item if defer_html else resolve(item)
    except MissingDependency:  # a broken install stops the run (deps.py), it is no bad input
        raise
    except Exception as exc:  # a reader bug must not end the batch
        yield Failure(origin=str(path), reason=f"could not read: {exc.__class__.__name__}: {exc}")


def read_inputs(inputs: Iterable[str], *, defer_html: bool = False) -> Iterator[Article | Failure]:
    """Articles from files, folders (recursive, sorted) and, where supported, URLs; with
    ``defer_html``, HTML pages as HtmlPages (see above)."""
    _load_readers()
    from newsgraph.ingest.files import resolve

    for item in inputs:
        if item.startswith(("http://", "https://")):
            try:
                from newsgraph.ingest.urls import read_url
            except ImportError:
                yield Failure(origin=item, reason="URL input is not supported in this install")
                continue
            for got in read_url(item):
                yield got if defer_html else resolve(got)
            continue
        p = Path(item)
        if p.is_dir():
            for root, dirs, names in os.walk(p):
                dirs.sort()
                for n in sorted(names):
                    f = Path(root) / n
                    if suffix_of(f) in READERS:
                        yield from read_path(f, defer_html=defer_html)
        else:
            yield from read_path(p, defer_html=defer_html)
