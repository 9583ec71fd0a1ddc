"""``newsgraph ingest``: inputs into the store, whatever engine analyses them.

``run_ingest`` reads the inputs (newsgraph.ingest: every reader, within its limits), skips articles
already stored *before* they are analysed (a content-hash lookup, so a rerun after ``kill -9`` is
fast; HTML pages new to the store are extracted by the engine's workers and deduplicated by the
writer instead), hands the rest to the chosen engine (newsgraph.engines), and writes every Record
and Failure to the SQLite store from this process alone (the single writer). At the end it
re-resolves speakers across the archive (store/speakers.py). Every question it asks the store is a
function of store/lookups.py; every row it writes goes through store/writer.py.
"""
from __future__ import annotations

import hashlib
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from newsgraph.engines import get_engine
from newsgraph.ingest.guard import DEFAULT as DEFAULT_LIMITS, clean_field, describe
from newsgraph.record import Article, Failure, content_hash, text_problem
from newsgraph.settings import Settings


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
    from newsgraph.ingest.guard import DEFAULT, count_lines, walk

    _load_readers()
    limits = limits or DEFAULT
    total = 0

    for item in walk(inputs, lambda f: suffix_of(f) in READERS, limits):
        if isinstance(item, str):
            return None
        if isinstance(item, Failure):
            total += 1
            continue
        s = suffix_of(item)
        if s in (".jsonl", ".ndjson"):
            total += count_lines(item, limits)
        elif s in (".txt", ".text", ".html", ".htm") or s not in READERS:
            total += 1
        else:
            return None
    return total


def run_ingest(engine: str, inputs: list[str], db: str | Path, *, settings: Settings | None = None,
               workers: int = 1, address: str | None = None, reanalyze: bool = False,
               progress: Progress | bool | None = None, batch_size: int = 16, max_chars: int | None = None,
               timeout: float = 30.0, limits=None) -> IngestSummary:
    """Ingest ``inputs`` (files, folders, URLs) into the store at ``db`` with the named engine,
    analysed with ``settings`` (default: ``Settings.resolve()``; ``max_chars`` is a shorthand for
    its limit). With ``reanalyze``, stored articles analysed with another version or other
    output-changing settings (their ``analysed_with`` differs) are analysed again from their text.

    Raises ``StoreError`` (database locked/read-only/full: nothing stored so far is lost) and
    ``EngineError``; every bad input is recorded as a failure, never raised. Failures are kept
    once per (origin, position, reason); a whole input (a file or URL, no position) that failed
    before and now yields an article has its old failure removed (a URL that was down is back).
    ``limits`` (newsgraph.ingest.guard.Limits) bounds what reading one input may cost."""
    from newsgraph.ingest import read_inputs
    from newsgraph.ingest.files import HtmlPage
    from newsgraph.store import connect, lookups
    from newsgraph.store.schema import store_error
    from newsgraph.store.speakers import resolve_speakers
    from newsgraph.store.writer import write_failure, write_record

    from newsgraph.nlp import model_identity

    settings = settings if settings is not None else Settings.resolve()
    if max_chars is not None:
        settings = settings.replace(max_chars=max_chars)
    max_chars = settings.max_chars
    mod = get_engine(engine)
    current = settings.analysed_with(model_identity(settings.model)) if reanalyze else None
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
        failed_before = lookups.whole_input_failures(conn)

    def clear_old_failure(item: Article) -> None:
        for origin in {item.source, item.url} & failed_before:
            with lock:
                lookups.clear_whole_input_failure(conn, origin, db)
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
                keys = numpy.fromiter((url_key(u) for u in lookups.stored_urls(conn)), dtype=numpy.int64)
            keys.sort()
            stored_urls.append(keys)
        keys, k = stored_urls[0], url_key(url)
        i = int(numpy.searchsorted(keys, k))
        return i < len(keys) and int(keys[i]) == k

    def seen_before(page: HtmlPage) -> bool:
        """Whether a past run stored an article under this page's id (plain, or with the ``~hash``
        the writer adds on an id clash) or url, or recorded a failure for it."""
        with lock:
            met = lookups.page_met(conn, page.id, page.origin, page.position)
        return met or (page.url is not None and url_stored(page.url))

    def candidates() -> Iterator[Article | Failure | HtmlPage]:
        if reanalyze:  # stored articles from older versions, re-analysed from their stored text
            with lock:  # ids first, texts one at a time: bounded memory however big the archive
                stale = lookups.stale_rowids(conn, current)
            for rowid in stale:
                with lock:
                    got = lookups.stored_article(conn, rowid)
                if got is None or got[1] in replace:
                    continue
                article, h = got
                replace.add(h)
                seen.add(h)
                yield article
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
            h = content_hash(item.text)
            if h in seen:
                summary.duplicates += 1
                notify("duplicate", summary)
                continue
            with lock:
                stored = lookups.is_stored(conn, h)
            seen.add(h)
            if stored:
                summary.duplicates += 1
                notify("duplicate", summary)
                continue
            yield item

    results = mod.analyze(candidates(), settings=settings, workers=workers, address=address,
                          batch_size=batch_size)
    rewritten: set[str] = set()  # hashes re-analysed (--reanalyze) and written in this run
    try:
        for res in results:
            if isinstance(res, Failure):
                fail(res)
                continue
            h = content_hash(res.text)
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
