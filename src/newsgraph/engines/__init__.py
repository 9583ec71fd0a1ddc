"""Engines: how Articles are analysed into Records at scale. They hold no extraction logic.

``run_ingest`` is the one entry point (the ``newsgraph ingest`` command calls it). It reads the
inputs, skips articles already stored *before* they are analysed (a content-hash lookup, so a rerun
after ``kill -9`` is fast; HTML pages new to the store are extracted by the engine's workers and
deduplicated by the writer instead), hands the rest to the chosen engine, and writes every Record and
Failure to the SQLite store from this process alone (the single writer). At the end it re-resolves
speakers across the archive (store/speakers.py).

Writing an engine
-----------------
An engine is a module registered by name in ``ENGINES`` and imported only when chosen. It defines

    def analyze(articles: Iterable[Article], *, workers: int = 1, address: str | None = None,
                batch_size: int = 16, max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[Record | Failure]

which must yield exactly one ``Record`` or ``Failure`` per input item (the Articles' results in input
order, so that a run is reproducible: of two copies of one text the first keeps its id; the Record keeps
the Article's id and text unchanged; a ``Failure`` in the input, a bad input the readers found, comes
back unchanged and goes wherever the engine keeps its results), never raise for a bad article, and load the
Pipeline once per worker (``newsgraph.pipeline.Pipeline(max_chars=max_chars)``). An input item may
also be an ``HtmlPage`` (newsgraph.ingest.files): a page whose main text is still to be extracted.
The engine turns it into its Article or Failure with ``newsgraph.ingest.files.resolve`` *in the
worker*, just before analysis, so that HTML extraction runs in parallel rather than in this process.
``articles`` is a lazy iterator that must be consumed from the calling thread (it reads the database to skip stored
articles); pull from it as workers free up rather than all at once, so memory stays bounded for
big archives. ``address`` is the cluster address for distributed engines (ignored by ``local``).
Raise ``EngineError`` with a clear message for a setup problem (e.g. the ray extra not installed).
"""
from __future__ import annotations

import hashlib
import importlib
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from newsgraph import __version__
from newsgraph.ingest.guard import DEFAULT as DEFAULT_LIMITS, clean_field, describe
from newsgraph.pipeline import DEFAULT_MAX_CHARS
from newsgraph.record import Article, Failure, Record, text_problem

# engine name -> module defining analyze(...)
ENGINES: dict[str, str] = {
    "local": "newsgraph.engines.local",
    "ray": "newsgraph.engines.ray",
}


class EngineError(RuntimeError):
    """An engine cannot run here (missing extra, unreachable cluster): the message says the fix."""


def get_engine(name: str):
    target = ENGINES.get(name)
    if target is None:
        raise EngineError(f"unknown engine {name!r}; choose one of: {', '.join(sorted(ENGINES))}")
    try:
        return importlib.import_module(target)
    except ImportError as exc:
        hint = " (pip install 'newsgraph[ray]')" if name == "ray" else ""
        raise EngineError(f"engine {name!r} is not available: {exc}{hint}") from exc


@dataclass
class IngestSummary:
    stored: int = 0          # new articles written
    duplicates: int = 0      # already stored (same text), or repeated within this run
    failed: int = 0          # inputs (files, lines, records, URLs) recorded in `failures`
    reanalysed: int = 0      # stored articles re-analysed with this version (--reanalyze)
    words: int = 0           # words in the articles analysed this run
    seconds: float = 0.0
    engine: str = "local"
    workers: int = 1
    db: str = ""
    speakers: int = 0
    failures: list[Failure] = field(default_factory=list)  # the first few, for display

    @property
    def analysed(self) -> int:
        return self.stored + self.reanalysed

    @property
    def articles_per_s(self) -> float:
        return self.analysed / self.seconds if self.seconds else 0.0

    @property
    def words_per_s(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0

    @property
    def ok(self) -> bool:
        return self.failed == 0

    def to_dict(self) -> dict:
        return {"stored": self.stored, "duplicates": self.duplicates, "failed": self.failed,
                "reanalysed": self.reanalysed, "words": self.words, "seconds": round(self.seconds, 3),
                "articles_per_s": round(self.articles_per_s, 2), "words_per_s": round(self.words_per_s, 1),
                "engine": self.engine, "workers": self.workers, "db": self.db, "speakers": self.speakers}


# Progress callback: (event, summary) with event in {"stored", "duplicate", "failed", "reanalysed"}.
Progress = Callable[[str, IngestSummary], None]


def count_inputs(inputs: list[str], limits=None) -> int | None:
    """How many items the inputs hold, when that is cheap to know exactly (txt/html files and JSONL
    lines); None when any input (WARC, feed, URL) can only be counted by reading it. Only what the
    readers would read is counted (guard.walk), each JSONL file within the readers' limits."""
    from newsgraph.ingest import READERS, _load_readers, suffix_of
    from newsgraph.ingest.guard import DEFAULT, BoundedFile, InputError, open_regular, walk

    _load_readers()
    limits = limits or DEFAULT
    total = 0

    def lines(p: Path) -> int:
        """Non-blank lines, read in bounded blocks (a file of one endless line is one)."""
        n, blank = 0, True
        try:
            with open_regular(p) as fh:
                bf = BoundedFile(fh, limits, "file", max_bytes=1 << 62)
                while True:
                    block = bf.read(1 << 20)
                    if not block:
                        break
                    parts = block.split(b"\n")
                    for k, part in enumerate(parts):
                        if blank and part.strip():
                            blank = False
                        if k < len(parts) - 1:  # a newline ends this line
                            n += not blank
                            blank = True
            return n + (not blank)
        except (OSError, InputError):
            return 1

    for item in walk(inputs, lambda f: suffix_of(f) in READERS, limits):
        if isinstance(item, str):
            return None
        if isinstance(item, Failure):
            total += 1
            continue
        s = suffix_of(item)
        if s in (".jsonl", ".ndjson"):
            total += lines(item)
        elif s in (".txt", ".text", ".html", ".htm") or s not in READERS:
            total += 1
        else:
            return None
    return total


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def run_ingest(engine: str, inputs: list[str], db: str | Path, *, workers: int = 1, address: str | None = None,
               reanalyze: bool = False, progress: Progress | bool | None = None, batch_size: int = 16,
               max_chars: int = DEFAULT_MAX_CHARS, timeout: float = 30.0, limits=None) -> IngestSummary:
    """Ingest ``inputs`` (files, folders, URLs) into the store at ``db`` with the named engine.

    Raises ``StoreError`` (database locked/read-only/full: nothing stored so far is lost) and
    ``EngineError``; every bad input is recorded as a failure, never raised. Failures are kept
    once per (origin, position, reason); a whole input (a file or URL, no position) that failed
    before and now yields an article has its old failure removed (a URL that was down is back).
    ``limits`` (newsgraph.ingest.guard.Limits) bounds what reading one input may cost."""
    from newsgraph.ingest import read_inputs
    from newsgraph.ingest.files import HtmlPage
    from newsgraph.store import connect
    from newsgraph.store.schema import store_error
    from newsgraph.store.speakers import resolve_speakers
    from newsgraph.store.writer import write_failure, write_record

    mod = get_engine(engine)
    conn = connect(db, timeout=timeout)
    summary = IngestSummary(engine=engine, workers=workers, db=str(db))
    notify: Progress = progress if callable(progress) else (lambda event, s: None)
    lock = threading.Lock()  # the candidate iterator and the writer loop share the connection
    replace: set[str] = set()  # hashes of stored articles to re-analyse
    seen: set[str] = set()  # hashes handed to the engine in this run
    t0 = time.perf_counter()

    def fail(f: Failure) -> None:
        with lock:
            write_failure(conn, f)
        summary.failed += 1
        if len(summary.failures) < 50:
            summary.failures.append(f)
        notify("failed", summary)

    with lock:  # whole inputs (files, URLs) that failed before: cleared when they now read fine
        failed_before = {r[0] for r in conn.execute("SELECT DISTINCT origin FROM failures WHERE position IS NULL")}

    def clear_old_failure(item: Article) -> None:
        for origin in {item.source, item.url} & failed_before:
            with lock:
                try:
                    with conn:
                        conn.execute("DELETE FROM failures WHERE origin = ? AND position IS NULL", (origin,))
                except sqlite3.Error as exc:
                    raise store_error(exc, db) from exc
            failed_before.discard(origin)

    stored_urls: list = []  # [sorted 64-bit hashes of the stored articles' urls], loaded when first needed

    def url_key(url: str) -> int:
        return int.from_bytes(hashlib.blake2b(url.encode("utf-8"), digest_size=8).digest(), "little", signed=True)

    def url_stored(url: str) -> bool:
        """Probably an article with this url is stored (a hash match: a false one only costs an extraction
        here). It catches a page crawled again into a new WARC file: a new id, the same url and text."""
        import numpy

        if not stored_urls:
            with lock:
                keys = numpy.fromiter((url_key(r[0]) for r in conn.execute(
                    "SELECT url FROM articles WHERE url IS NOT NULL")), dtype=numpy.int64)
            keys.sort()
            stored_urls.append(keys)
        keys, k = stored_urls[0], url_key(url)
        i = int(numpy.searchsorted(keys, k))
        return i < len(keys) and int(keys[i]) == k

    def seen_before(page: HtmlPage) -> bool:
        """Whether a past run stored an article under this page's id (plain, or with the ``~hash``
        the writer adds on an id clash) or url, or recorded a failure for it."""
        with lock:
            row = conn.execute(
                "SELECT 1 FROM articles WHERE id = ? OR (id > ? AND id < ?) UNION ALL SELECT 1 FROM failures"
                " WHERE origin = ? AND ifnull(position, 0) = ifnull(?, 0) LIMIT 1",
                (page.id, page.id + "~", page.id + "~\x7f", page.origin, page.position)).fetchone()
        return row is not None or (page.url is not None and url_stored(page.url))

    def candidates() -> Iterator[Article | Failure | HtmlPage]:
        if reanalyze:  # stored articles from older versions, re-analysed from their stored text
            with lock:  # ids first, texts one at a time: bounded memory however big the archive
                stale = [r[0] for r in conn.execute("SELECT rowid FROM articles WHERE analysed_with IS NOT ?"
                                                    " ORDER BY rowid", (__version__,))]
            for rowid in stale:
                with lock:
                    r = conn.execute("SELECT id, text, title, url, published, source, author, content_hash"
                                     " FROM articles WHERE rowid = ?", (rowid,)).fetchone()
                if r is None or r[7] in replace:
                    continue
                replace.add(r[7])
                seen.add(r[7])
                yield Article(id=r[0], text=r[1], title=r[2], url=r[3], published=r[4], source=r[5], author=r[6])
        # A bad input travels on as a Failure in the engine's stream (not written here), so an engine
        # that keeps shards (ray) has every failure of its run in them, reader ones included.
        for item in read_inputs(inputs, defer_html=True, limits=limits or DEFAULT_LIMITS):
            if isinstance(item, HtmlPage):
                # A page new to the store goes to the engine as it is and is extracted in a worker
                # (extraction is the slow part of reading HTML; here it would hold up every worker).
                # Its text is unknown here, so a copy of a stored text is caught by the writer, after
                # analysis. A page met before (a rerun, a resume after a kill, a page crawled again)
                # is extracted here, as every page used to be, so what is already stored is still
                # skipped *before* analysis.
                if not seen_before(item):
                    yield item
                    continue
                item = item.extract(max_chars)
            if isinstance(item, Failure):
                yield item
                continue
            problem = text_problem(item.text, max_chars)
            if problem is not None:  # refused here (empty, too long) so the text never travels to a worker
                yield Failure(origin=item.source or item.id, id=item.id, reason=problem)
                continue
            if failed_before:
                clear_old_failure(item)
            h = _digest(item.text)
            if h in seen:
                summary.duplicates += 1
                notify("duplicate", summary)
                continue
            with lock:
                row = conn.execute("SELECT analysed_with FROM articles WHERE content_hash=?", (h,)).fetchone()
            seen.add(h)
            if row is not None:
                summary.duplicates += 1
                notify("duplicate", summary)
                continue
            yield item

    results = mod.analyze(candidates(), workers=workers, address=address, batch_size=batch_size,
                          max_chars=max_chars)
    rewritten: set[str] = set()  # hashes re-analysed (--reanalyze) and written in this run
    try:
        for res in results:
            if isinstance(res, Failure):
                fail(res)
                continue
            h = _digest(res.text)
            if h in replace and h in rewritten:  # a page extracted in a worker with a text re-analysed here
                summary.duplicates += 1
                notify("duplicate", summary)
                continue
            try:
                with lock:
                    written = write_record(conn, res, replace=h in replace)
            except UnicodeError as exc:  # a string no store can take (readers clean theirs): this record's failure
                fail(Failure(origin=clean_field(res.source or res.id) or "?", id=clean_field(res.id),
                             reason=f"cannot be stored: {describe(exc)}"))
                continue
            if not written:
                summary.duplicates += 1
                notify("duplicate", summary)
                continue
            summary.words += len(res.text.split())
            if h in replace:
                rewritten.add(h)
                summary.reanalysed += 1
                notify("reanalysed", summary)
            else:
                summary.stored += 1
                notify("stored", summary)
        with lock:
            try:
                summary.speakers = resolve_speakers(conn)["speakers"]
            except sqlite3.Error as exc:
                raise store_error(exc, db) from exc
    finally:
        close = getattr(results, "close", None)
        if close is not None:
            close()  # stops worker pools on an error or Ctrl-C
        summary.seconds = time.perf_counter() - t0
        try:
            conn.close()
        except Exception:
            pass
    return summary
