"""Engines: how Articles are analysed into Records at scale. They hold no extraction logic and no SQL.

``newsgraph.ingest.run.run_ingest`` (the ``newsgraph ingest`` command) reads the inputs, skips what
is stored, hands the rest to the engine chosen here and writes what comes back; ``run_ingest``,
``IngestSummary`` and ``count_inputs`` are still importable from this package.

Writing an engine
-----------------
An engine is a module registered by name in ``ENGINES`` and imported only when chosen. It defines

    def analyze(articles: Iterable[Article], *, settings: Settings, workers: int = 1,
                address: str | None = None, batch_size: int = 16) -> Iterator[Record | Failure]

which must yield exactly one ``Record`` or ``Failure`` per input item (the Articles' results in input
order, so that a run is reproducible: of two copies of one text the first keeps its id; the Record keeps
the Article's id and text unchanged; a ``Failure`` in the input, a bad input the readers found, comes
back unchanged and goes wherever the engine keeps its results), never raise for a bad article, and load the
Pipeline once per worker with the caller's whole settings object (``Pipeline(settings)``: analysis
settings and limits; a worker never reads its own environment for them). An input item may
also be an ``HtmlPage`` (newsgraph.ingest.files): a page whose main text is still to be extracted.
The engine turns it into its Article or Failure with ``newsgraph.ingest.files.resolve`` *in the
worker*, just before analysis, so that HTML extraction runs in parallel rather than in this process.
``articles`` is a lazy iterator that must be consumed from the calling thread (it reads the database to skip stored
articles); pull from it as workers free up rather than all at once, so memory stays bounded for
big archives. ``address`` is the cluster address for distributed engines (ignored by ``local``).
Raise ``EngineError`` with a clear message for a setup problem (e.g. the ray extra not installed).
"""
from __future__ import annotations

import importlib

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


def __getattr__(name: str):  # the ingest orchestration moved to newsgraph.ingest.run
    if name in ("run_ingest", "IngestSummary", "Progress", "count_inputs"):
        from newsgraph.ingest import run

        return getattr(run, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
