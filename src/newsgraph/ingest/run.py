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
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from newsgraph.engines import get_engine
from newsgraph.ingest.guard import DEFAULT as DEFAULT_LIMITS, clean_field, describe
from newsgraph.record import Article, Failure, Record, content_hash, text_problem
from newsgraph.settings import Settings

if TYPE_CHECKING:
    from newsgraph.ingest.files import HtmlPage


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
    from newsgraph.nlp import model_identity
    from newsgraph.store import connect

    settings = settings if settings is not None else Settings.resolve()
    if max_chars is not None:
        settings = settings.replace(max_chars=max_chars)
    mod = get_engine(engine)
    current = settings.analysed_with(model_identity(settings.model)) if reanalyze else None
    conn = connect(db, timeout=timeout)
    summary = IngestSummary(engine=engine, workers=workers, db=str(db))
    notify: Progress = progress if callable(progress) else (lambda event, s: None)
    run = _Ingest(conn, db, summary, notify, max_chars=settings.max_chars, current=current)
    results = mod.analyze(run.candidates(inputs, limits or DEFAULT_LIMITS, reanalyze=reanalyze),
                          settings=settings, workers=workers, address=address, batch_size=batch_size)
    try:
        run.write_all(results)
        run.resolve_speakers()
    finally:
        close = getattr(results, "close", None)
        if close is not None:
            close()  # stops worker pools on an error or Ctrl-C
        summary.seconds = time.perf_counter() - run.t0
        try:
            conn.close()
        except Exception:
            pass
    return summary


def _url_key(url: str) -> int:
    """A url's 64-bit hash, the key of the sorted array ``_Ingest.url_stored`` searches."""
    return int.from_bytes(hashlib.blake2b(url.encode("utf-8"), digest_size=8).digest(), "little", signed=True)


class _Ingest:
    """One ingest run's state: the store connection and the lock that the candidate stream (read by
    the engine) and the writer loop share, the summary, and the content hashes met so far.

    ``candidates`` feeds the engine, skipping what is stored *before* analysis; ``write_all`` writes
    the engine's results (the single writer); ``resolve_speakers`` is the end-of-run speaker pass."""

    def __init__(self, conn: sqlite3.Connection, db: str | Path, summary: IngestSummary, notify: Progress, *,
                 max_chars: int, current: str | None):
        from newsgraph.store import lookups

        self.conn, self.db, self.summary, self.notify = conn, db, summary, notify
        self.max_chars = max_chars
        self.current = current  # the analysed_with of this run (--reanalyze), else None
        self.lock = threading.Lock()  # the candidate iterator and the writer loop share the connection
        self.replace: set[str] = set()  # hashes of stored articles to re-analyse
        self.seen: set[str] = set()  # hashes handed to the engine in this run
        self.rewritten: set[str] = set()  # hashes re-analysed (--reanalyze) and written in this run
        self.stored_urls: list = []  # [sorted 64-bit hashes of the stored articles' urls], loaded when first needed
        self.t0 = time.perf_counter()
        with self.lock:  # whole inputs (files, URLs) that failed before: cleared when they now read fine
            self.failed_before = lookups.whole_input_failures(conn)

    # -- the candidate stream (read by the engine) -------------------------------------------------

    def candidates(self, inputs: list[str], limits, *, reanalyze: bool) -> Iterator[Article | Failure | HtmlPage]:
        """What the engine analyses: with ``reanalyze`` the stale stored articles first, then every
        input that is not stored yet (bad inputs as Failures, HTML pages new to the store as they are)."""
        if reanalyze:
            yield from self.stale_articles()
        yield from self.new_inputs(inputs, limits)

    def stale_articles(self) -> Iterator[Article]:
        """Stored articles from older versions, re-analysed from their stored text."""
        from newsgraph.store import lookups

        with self.lock:  # ids first, texts one at a time: bounded memory however big the archive
            stale = lookups.stale_rowids(self.conn, self.current)
        for rowid in stale:
            with self.lock:
                got = lookups.stored_article(self.conn, rowid)
            if got is None or got[1] in self.replace:
                continue
            article, h = got
            self.replace.add(h)
            self.seen.add(h)
            yield article

    def new_inputs(self, inputs: list[str], limits) -> Iterator[Article | Failure | HtmlPage]:
        """The inputs' items, less what is stored or already met in this run."""
        from newsgraph.ingest import read_inputs
        from newsgraph.ingest.files import HtmlPage

        # A bad input travels on as a Failure in the engine's stream (not written here), so an engine
        # that keeps shards (ray) has every failure of its run in them, reader ones included.
        for item in read_inputs(inputs, defer_html=True, limits=limits):
            if isinstance(item, HtmlPage):
                # A page new to the store goes to the engine as it is and is extracted in a worker
                # (extraction is the slow part of reading HTML; here it would hold up every worker).
                # Its text is unknown here, so a copy of a stored text is caught by the writer, after
                # analysis. A page met before (a rerun, a resume after a kill, a page crawled again)
                # is extracted here, as every page used to be, so what is already stored is still
                # skipped *before* analysis.
                if not self.seen_before(item):
                    yield item
                    continue
                item = item.extract(self.max_chars)
            if isinstance(item, Failure):
                yield item
                continue
            problem = text_problem(item.text, self.max_chars)
            if problem is not None:  # refused here (empty, too long) so the text never travels to a worker
                yield Failure(origin=item.source or item.id, id=item.id, reason=problem)
                continue
            if self.failed_before:
                self.clear_old_failure(item)
            if self.is_duplicate(content_hash(item.text)):
                self.duplicate()
                continue
            yield item

    def is_duplicate(self, h: str) -> bool:
        """Whether a text with content hash ``h`` was met before in this run or is stored; marks it met."""
        from newsgraph.store import lookups

        if h in self.seen:
            return True
        with self.lock:
            stored = lookups.is_stored(self.conn, h)
        self.seen.add(h)
        return stored

    def clear_old_failure(self, item: Article) -> None:
        from newsgraph.store import lookups

        for origin in {item.source, item.url} & self.failed_before:
            with self.lock:
                lookups.clear_whole_input_failure(self.conn, origin, self.db)
            self.failed_before.discard(origin)

    def url_stored(self, url: str) -> bool:
        """Probably an article with this url is stored (a hash match: a false one only costs an extraction
        here). It catches a page crawled again into a new WARC file: a new id, the same url and text."""
        import numpy

        from newsgraph.store import lookups

        if not self.stored_urls:
            with self.lock:
                keys = numpy.fromiter((_url_key(u) for u in lookups.stored_urls(self.conn)), dtype=numpy.int64)
            keys.sort()
            self.stored_urls.append(keys)
        keys, k = self.stored_urls[0], _url_key(url)
        i = int(numpy.searchsorted(keys, k))
        return i < len(keys) and int(keys[i]) == k

    def seen_before(self, page: HtmlPage) -> bool:
        """Whether a past run stored an article under this page's id (plain, or with the ``~hash``
        the writer adds on an id clash) or url, or recorded a failure for it."""
        from newsgraph.store import lookups

        with self.lock:
            met = lookups.page_met(self.conn, page.id, page.origin, page.position)
        return met or (page.url is not None and self.url_stored(page.url))

    # -- the writer loop (this process alone writes) -----------------------------------------------

    def write_all(self, results: Iterable[Record | Failure]) -> None:
        """Write every Record and Failure the engine returns, counting each in the summary."""
        for res in results:
            if isinstance(res, Failure):
                self.fail(res)
            else:
                self.write(res)

    def write(self, res: Record) -> None:
        """Store one analysed article: new, re-analysed (replacing its stored analysis), or a duplicate."""
        from newsgraph.store.writer import write_record

        h = content_hash(res.text)
        if h in self.replace and h in self.rewritten:  # a page extracted in a worker with a text re-analysed here
            self.duplicate()
            return
        try:
            with self.lock:
                written = write_record(self.conn, res, replace=h in self.replace)
        except UnicodeError as exc:  # a string no store can take (readers clean theirs): this record's failure
            self.fail(Failure(origin=clean_field(res.source or res.id) or "?", id=clean_field(res.id),
                              reason=f"cannot be stored: {describe(exc)}"))
            return
        if not written:
            self.duplicate()
            return
        self.summary.words += len(res.text.split())
        if h in self.replace:
            self.rewritten.add(h)
            self.summary.reanalysed += 1
            self.notify("reanalysed", self.summary)
        else:
            self.summary.stored += 1
            self.notify("stored", self.summary)

    def fail(self, f: Failure) -> None:
        from newsgraph.store.writer import write_failure

        with self.lock:
            write_failure(self.conn, f)
        self.summary.failed += 1
        if len(self.summary.failures) < 50:
            self.summary.failures.append(f)
        self.notify("failed", self.summary)

    def duplicate(self) -> None:
        self.summary.duplicates += 1
        self.notify("duplicate", self.summary)

    # -- the end-of-run pass -----------------------------------------------------------------------

    def resolve_speakers(self) -> None:
        """Re-resolve speakers across the archive (store/speakers.py), once the run's records are in."""
        from newsgraph.store.schema import store_error
        from newsgraph.store.speakers import resolve_speakers

        with self.lock:
            try:
                self.summary.speakers = resolve_speakers(self.conn)["speakers"]
                from newsgraph.store.statements import update_statements

                update_statements(self.conn)  # copies and statements of what this run wrote (store/statements.py)
            except sqlite3.Error as exc:
                raise store_error(exc, self.db) from exc
