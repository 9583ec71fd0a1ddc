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
    failures: list[Failure] = []

    def only_articles() -> Iterator[Article | HtmlPage]:
        for item in articles:
            if isinstance(item, Failure):
                failures.append(item)
            else:
                yield item

    it = only_articles()
    first = next(it, None)
    yield from failures  # read before the first Article (or all of them: then no model is loaded)
    failures.clear()
    if first is None:  # nothing new to analyse (a rerun): do not load the model at all
        return
    it = itertools.chain([first], it)
    if workers <= 1:
        for res in Pipeline(settings).analyze_many((resolve(a, settings.max_chars) for a in it),
                                                   batch_size=batch_size):
            yield from failures
            failures.clear()
            yield res
        yield from failures
        return
    pool = _pool(workers, settings)
    # results go out in input order, whichever worker finishes first, so that a run is reproducible
    # (of two copies of one text, the first in the input keeps its id)
    pending: dict[Future, tuple[int, list[Article | Failure | HtmlPage]]] = {}
    finished: dict[int, list[Record | Failure]] = {}
    submitted = next_out = done_batches = breaks = 0
    try:
        while True:
            while len(pending) < 2 * workers and len(pending) + len(finished) < 4 * workers:  # bounded memory
                batch = list(itertools.islice(it, batch_size))
                if not batch:
                    break
                pending[pool.submit(_work, batch)] = (submitted, batch)
                submitted += 1
            yield from failures
            failures.clear()
            if not pending:
                return
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            broken = False
            retry: list[tuple[int, list[Article | Failure | HtmlPage]]] = []
            for fut in done:
                n, batch = pending.pop(fut)
                try:
                    results = fut.result()
                except BrokenProcessPool as exc:
                    broken = True
                    if done_batches == 0:  # nothing has worked yet: retry once, then blame the setup
                        if breaks >= 1:
                            raise EngineError(f"the worker processes could not start or keep running ({exc}); "
                                              "run with --workers 1 to see the error") from exc
                        retry.append((n, batch))
                        continue
                    finished[n] = list(_lost(batch, "a worker process died while analysing this batch"))
                    continue
                except MissingDependency:  # a broken install: stop, naming the package (deps.py)
                    pool.shutdown(wait=False, cancel_futures=True)
                    raise
                except Exception as exc:  # pickling or a bug outside the pipeline's own guard
                    finished[n] = list(_lost(batch, f"worker error: {exc.__class__.__name__}: {exc}"))
                    continue
                done_batches += 1
                finished[n] = results
            if broken:  # every batch still in flight went down with the pool
                breaks += 1
                for n, batch in pending.values():
                    if done_batches == 0:
                        retry.append((n, batch))
                    else:
                        finished[n] = list(_lost(batch, "a worker process died while analysing this batch"))
                pending.clear()
                pool.shutdown(wait=False, cancel_futures=True)
                pool = _pool(workers, settings)
                for n, batch in retry:
                    pending[pool.submit(_work, batch)] = (n, batch)
            while next_out in finished:
                yield from finished.pop(next_out)
                next_out += 1
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _lost(batch: list[Article | Failure | HtmlPage], reason: str) -> Iterator[Failure]:
    for a in batch:
        if isinstance(a, HtmlPage):
            yield Failure(origin=a.origin, position=a.position, id=a.id, reason=reason)
        else:
            yield a if isinstance(a, Failure) else Failure(origin=a.source or a.id, id=a.id, reason=reason)
