"""The local engine: ``workers`` processes on this machine, each loading the Pipeline once.

``workers=1`` analyses in the calling process (no pickling, no second model in memory). With more,
a ``ProcessPoolExecutor`` (forkserver start method: workers do not inherit the parent's open
database or threads) gets batches of ``batch_size`` articles (HTML pages still to be extracted
among them: the worker extracts them before analysis), at most ``2 × workers`` batches in
flight, so reading, analysing and writing overlap and memory stays bounded. A worker that dies
(killed, out of memory) turns its batches into Failures and the pool is restarted.
"""
from __future__ import annotations

import itertools
import multiprocessing as mp
import os
import threading
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Iterable, Iterator

from newsgraph.deps import MissingDependency
from newsgraph.engines import EngineError
from newsgraph.ingest.files import HtmlPage, resolve
from newsgraph.pipeline import Pipeline
from newsgraph.record import Article, Failure, Record
from newsgraph.settings import Settings

_PIPELINE: Pipeline | None = None


def _watch_parent(pid: int) -> None:
    """Exit when the ingesting process is gone (kill -9 leaves no one to stop the pool)."""
    while True:
        time.sleep(1.0)
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            os._exit(1)
        except PermissionError:
            pass


def _init(settings: dict, parent: int) -> None:
    global _PIPELINE
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    _PIPELINE = Pipeline(Settings.from_dict(settings))  # the driver's settings, all of them


def _work(batch: list[Article | Failure | HtmlPage]) -> list[Record | Failure]:
    assert _PIPELINE is not None
    # HTML pages are extracted here, in the worker, so extraction runs in parallel too
    return list(_PIPELINE.analyze_many([resolve(a, _PIPELINE.max_chars) for a in batch], batch_size=len(batch)))


def _pool(workers: int, settings: Settings) -> ProcessPoolExecutor:
    method = "forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn"
    return ProcessPoolExecutor(workers, mp_context=mp.get_context(method), initializer=_init,
                               initargs=(settings.to_dict(), os.getpid()))


def analyze(articles: Iterable[Article | Failure | HtmlPage], *, settings: Settings | None = None, workers: int = 1,
            address: str | None = None, batch_size: int = 16) -> Iterator[Record | Failure]:
    """One Record or Failure per item (see newsgraph.engines for the contract). Failures in the input
    come back first, as they arrive; only Articles (and HTML pages, extracted first) go to the Pipeline."""
    settings = settings if settings is not None else Settings.resolve()
    failures: list[Failure] = []  # Failures met in the input, handed back as soon as they are read
    it = _only_articles(articles, failures)
    first = next(it, None)
    yield from failures  # read before the first Article (or all of them: then no model is loaded)
    failures.clear()
    if first is None:  # nothing new to analyse (a rerun): do not load the model at all
        return
    it = itertools.chain([first], it)
    if workers <= 1:
        yield from _analyze_here(it, failures, settings, batch_size)
    else:
        yield from _PoolRun(workers, settings, batch_size).analyze(it, failures)


def _only_articles(articles: Iterable[Article | Failure | HtmlPage],
                   failures: list[Failure]) -> Iterator[Article | HtmlPage]:
    """The items that go to the Pipeline; every Failure among them is put aside in ``failures``."""
    for item in articles:
        if isinstance(item, Failure):
            failures.append(item)
        else:
            yield item


def _analyze_here(it: Iterator[Article | HtmlPage], failures: list[Failure], settings: Settings,
                  batch_size: int) -> Iterator[Record | Failure]:
    """``workers=1``: analyse in the calling process, the input's Failures handed back as they are read."""
    for res in Pipeline(settings).analyze_many((resolve(a, settings.max_chars) for a in it),
                                               batch_size=batch_size):
        yield from failures
        failures.clear()
        yield res
    yield from failures


class _PoolRun:
    """``workers > 1``: batches analysed by a process pool, at most ``2 × workers`` in flight, the
    results handed back in input order; a pool that breaks is restarted (see the module docstring)."""

    def __init__(self, workers: int, settings: Settings, batch_size: int):
        self.workers, self.settings, self.batch_size = workers, settings, batch_size
        self.pool = _pool(workers, settings)
        # results go out in input order, whichever worker finishes first, so that a run is reproducible
        # (of two copies of one text, the first in the input keeps its id)
        self.pending: dict[Future, tuple[int, list[Article | Failure | HtmlPage]]] = {}
        self.finished: dict[int, list[Record | Failure]] = {}
        self.submitted = self.next_out = self.done_batches = self.breaks = 0

    def analyze(self, it: Iterator[Article | HtmlPage], failures: list[Failure]) -> Iterator[Record | Failure]:
        try:
            while True:
                self.submit(it)
                yield from failures
                failures.clear()
                if not self.pending:
                    return
                done, _ = wait(self.pending, return_when=FIRST_COMPLETED)
                self.collect(done)
                while self.next_out in self.finished:
                    yield from self.finished.pop(self.next_out)
                    self.next_out += 1
        finally:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def submit(self, it: Iterator[Article | HtmlPage]) -> None:
        """Submit batches from ``it`` while few are in flight or waiting to go out (bounded memory)."""
        while len(self.pending) < 2 * self.workers and len(self.pending) + len(self.finished) < 4 * self.workers:
            batch = list(itertools.islice(it, self.batch_size))
            if not batch:
                break
            self.pending[self.pool.submit(_work, batch)] = (self.submitted, batch)
            self.submitted += 1

    def collect(self, done: set[Future]) -> None:
        """Take the results of the ``done`` batches; on a broken pool, restart it (``restart``)."""
        broken = False
        retry: list[tuple[int, list[Article | Failure | HtmlPage]]] = []
        for fut in done:
            n, batch = self.pending.pop(fut)
            try:
                results = fut.result()
            except BrokenProcessPool as exc:
                broken = True
                if self.done_batches == 0:  # nothing has worked yet: retry once, then blame the setup
                    if self.breaks >= 1:
                        raise EngineError(f"the worker processes could not start or keep running ({exc}); "
                                          "run with --workers 1 to see the error") from exc
                    retry.append((n, batch))
                    continue
                self.finished[n] = list(_lost(batch, "a worker process died while analysing this batch"))
                continue
            except MissingDependency:  # a broken install: stop, naming the package (deps.py)
                self.pool.shutdown(wait=False, cancel_futures=True)
                raise
            except Exception as exc:  # pickling or a bug outside the pipeline's own guard
                self.finished[n] = list(_lost(batch, f"worker error: {exc.__class__.__name__}: {exc}"))
                continue
            self.done_batches += 1
            self.finished[n] = results
        if broken:
            self.restart(retry)

    def restart(self, retry: list[tuple[int, list[Article | Failure | HtmlPage]]]) -> None:
        """A new pool after a break: every batch still in flight went down with the old one, and is
        retried when nothing has worked yet (with ``retry``), else turned into Failures."""
        self.breaks += 1
        for n, batch in self.pending.values():
            if self.done_batches == 0:
                retry.append((n, batch))
            else:
                self.finished[n] = list(_lost(batch, "a worker process died while analysing this batch"))
        self.pending.clear()
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = _pool(self.workers, self.settings)
        for n, batch in retry:
            self.pending[self.pool.submit(_work, batch)] = (n, batch)


def _lost(batch: list[Article | Failure | HtmlPage], reason: str) -> Iterator[Failure]:
    for a in batch:
        if isinstance(a, HtmlPage):
            yield Failure(origin=a.origin, position=a.position, id=a.id, reason=reason)
        else:
            yield a if isinstance(a, Failure) else Failure(origin=a.source or a.id, id=a.id, reason=reason)
