"""The Ray engine: the same inputs and the same store as the local engine, analysed on a Ray cluster.

How the work splits (docs/scaling.md has the whole picture):

1. The driver reads the inputs with ``newsgraph.ingest.read_inputs`` -- the very reader the local
   engine uses, so ids, metadata and reader Failures are the same -- numbers every item (``seq``)
   and, unless reanalysing, drops articles whose text is already stored.
2. Items go to Ray Data in windows (bounded driver memory), one block per batch, and are analysed
   in ``map_batches`` by ``Analyzer``, a callable class: one Pipeline (spaCy model and extractors)
   per actor, loaded once.
3. Each batch comes back as one *part*: seven flat Arrow tables (``engines.shards``) that travel
   through the object store, so no file system need be shared between the nodes.
4. The driver writes each part as Parquet shards and merges it into SQLite with the same
   idempotent writer as the local engine, in input order (``preserve_order``), so the first of two
   identical texts wins, as it does locally.

Settings (environment, read when the engine starts; defaults in brackets):

``NEWSGRAPH_RAY_ACTORS``       analysis actors in all [the ``workers`` argument, else the cluster's CPUs]
``NEWSGRAPH_RAY_CPUS_PER_ACTOR`` CPUs reserved per actor [1]; actors per node = node CPUs / this
``NEWSGRAPH_RAY_BATCH_SIZE``   articles per ``map_batches`` batch, i.e. per part [32]
``NEWSGRAPH_RAY_WINDOW``       items handed to Ray Data at a time (driver memory bound) [20000]
``NEWSGRAPH_RAY_OBJECT_STORE_MB`` object store of a Ray started locally (no address) [512]
``NEWSGRAPH_RAY_CPUS``         CPUs of a Ray started locally [all of this machine's]
``NEWSGRAPH_RAY_SHARDS``       keep the Parquet shards in this folder [a temporary folder, removed after the merge]
"""
from __future__ import annotations

import itertools
import logging
import math
import os
import shutil
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

import pyarrow as pa

from newsgraph.engines import shards
from newsgraph.record import Article, Failure

# One input item as it travels to an actor: an Article or a reader's Failure, numbered.
ITEM_SCHEMA = pa.schema([
    ("seq", pa.int64()), ("failed", pa.bool_()), ("id", pa.string()), ("text", pa.string()),
    ("title", pa.string()), ("url", pa.string()), ("published", pa.string()), ("source", pa.string()),
    ("author", pa.string()), ("origin", pa.string()), ("reason", pa.string()), ("position", pa.int64())])
# One analysed batch as it travels back: a part's tables as Arrow IPC bytes.
PART_SCHEMA = pa.schema([("first_seq", pa.int64()), ("n", pa.int64()), ("node", pa.string())]
                        + [(t, pa.binary()) for t in shards.TABLES])


@dataclass
class RayConfig:
    actors: int | None = None
    cpus_per_actor: float = 1.0
    batch_size: int = 32
    window: int = 20_000
    object_store_mb: int = 512
    local_cpus: int | None = None
    shards_dir: str | None = None

    @classmethod
    def from_env(cls, workers: int | None = None) -> "RayConfig":
        env = os.environ.get

        def num(name: str, cast, default):
            raw = env(name)
            if raw in (None, ""):
                return default
            try:
                value = cast(raw)
            except ValueError:
                raise ValueError(f"{name}={raw!r}: expected a number") from None
            if value <= 0:
                raise ValueError(f"{name}={raw!r}: must be positive")
            return value

        return cls(actors=num("NEWSGRAPH_RAY_ACTORS", int, workers),
                   cpus_per_actor=num("NEWSGRAPH_RAY_CPUS_PER_ACTOR", float, 1.0),
                   batch_size=num("NEWSGRAPH_RAY_BATCH_SIZE", int, 32),
                   window=num("NEWSGRAPH_RAY_WINDOW", int, 20_000),
                   object_store_mb=num("NEWSGRAPH_RAY_OBJECT_STORE_MB", int, 512),
                   local_cpus=num("NEWSGRAPH_RAY_CPUS", int, None),
                   shards_dir=env("NEWSGRAPH_RAY_SHARDS") or None)


@dataclass
class RaySummary:
    """What a Ray ingest did; the counts mean what the local engine's mean."""

    items: int = 0  # inputs read (articles and reader failures)
    stored: int = 0  # new articles written
    skipped: int = 0  # already stored (same text), not analysed or not rewritten
    failures: int = 0  # rows written to the failures table
    parts: int = 0
    seconds: float = 0.0
    actors: int = 0
    nodes: dict[str, int] = field(default_factory=dict)  # node id -> parts analysed there
    shards_dir: str | None = None  # where the Parquet shards were kept (None: removed)

    @property
    def articles(self) -> int:
        return self.stored


class Analyzer:
    """``map_batches`` callable: loads the Pipeline once per actor, analyses one batch into one part."""

    def __init__(self, model: str | None = None, pipe_batch: int = 16):
        import ray

        from newsgraph.pipeline import Pipeline

        self.pipeline = Pipeline(model)
        self.pipe_batch = pipe_batch
        self.node = ray.get_runtime_context().get_node_id()

    def __call__(self, batch: pa.Table) -> pa.Table:
        rows = batch.to_pylist()
        if not rows:
            return PART_SCHEMA.empty_table()
        items = [_from_row(r) for r in rows]
        results = self.pipeline.analyze_many(items, batch_size=self.pipe_batch)
        tables = shards.to_tables(zip((r["seq"] for r in rows), results))
        blobs = shards.tables_to_bytes(tables)
        return pa.Table.from_pylist([{"first_seq": rows[0]["seq"], "n": len(rows), "node": self.node, **blobs}],
                                    schema=PART_SCHEMA)


def _to_row(seq: int, item: Article | Failure) -> dict:
    if isinstance(item, Failure):
        return {"seq": seq, "failed": True, "id": item.id, "origin": item.origin, "reason": item.reason,
                "position": item.position}
    return {"seq": seq, "failed": False, "id": item.id, "text": item.text, "title": item.title, "url": item.url,
            "published": item.published, "source": item.source, "author": item.author}


def _from_row(r: dict) -> Article | Failure:
    if r["failed"]:
        return Failure(origin=r["origin"], reason=r["reason"], position=r["position"], id=r["id"])
    return Article(id=r["id"], text=r["text"], title=r["title"], url=r["url"], published=r["published"],
                   source=r["source"], author=r["author"])


def _windows(rows: Iterator[dict], size: int) -> Iterator[list[dict]]:
    while True:
        w = list(itertools.islice(rows, size))
        if not w:
            return
        yield w


def _init_ray(address: str | None, cfg: RayConfig):
    """Connect to ``address``, or start a small private Ray on this machine. Returns the temp dir
    of a local Ray (to remove after shutdown), or None when connected to a cluster."""
    try:
        import ray
    except ImportError as exc:
        raise ImportError("the Ray engine needs the ray extra: pip install 'newsgraph[ray]'") from exc
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # offline: no usage reporting
    if ray.is_initialized():
        return None
    common = dict(logging_level=logging.WARNING, log_to_driver=False, include_dashboard=False)
    if address:
        ray.init(address=address, **common)
        return None
    # Short path: Ray puts unix sockets under it (108-byte limit).
    tmp = tempfile.mkdtemp(prefix="ngray-", dir="/tmp" if os.path.isdir("/tmp") else None)
    ray.init(address="local", num_cpus=cfg.local_cpus or os.cpu_count() or 1,
             object_store_memory=cfg.object_store_mb * 1024 * 1024, _temp_dir=tmp, **common)
    return tmp


def run(inputs: Iterable[str], db: str | Path, *, workers: int | None = None, address: str | None = None,
        reanalyze: bool = False, progress: bool = False, config: RayConfig | None = None) -> RaySummary:
    """Ingest ``inputs`` into the store at ``db`` on Ray (``address``: a cluster; None: a local Ray)."""
    from newsgraph.ingest import read_inputs
    from newsgraph.store import connect
    from newsgraph.store.writer import has_article

    cfg = config or RayConfig.from_env(workers)
    t0 = time.perf_counter()
    summary = RaySummary()
    conn = connect(db)
    out_dir = Path(cfg.shards_dir) if cfg.shards_dir else Path(tempfile.mkdtemp(prefix="newsgraph-shards-"))
    run_id = time.strftime("%Y%m%dT%H%M%S", time.gmtime()) + "-" + uuid.uuid4().hex[:6]
    local_tmp = _init_ray(address, cfg)
    import ray
    from ray.data import DataContext

    try:
        ctx = DataContext.get_current()
        ctx.execution_options.preserve_order = True  # merge in input order: the first of two equal texts wins
        ctx.execution_options.verbose_progress = False
        ctx.enable_progress_bars = False
        logging.getLogger("ray.data").setLevel(logging.ERROR)  # no notice that bars are off
        cpus = int(ray.cluster_resources().get("CPU", 1))
        summary.actors = cfg.actors or max(1, int(cpus // cfg.cpus_per_actor))
        model = os.environ.get("NEWSGRAPH_MODEL") or None

        def rows() -> Iterator[dict]:
            for seq, item in enumerate(read_inputs(inputs)):
                summary.items += 1
                if not reanalyze and isinstance(item, Article) and isinstance(item.text, str) \
                        and has_article(conn, item.text):
                    summary.skipped += 1
                    continue
                yield _to_row(seq, item)

        for window in _windows(rows(), cfg.window):
            blocks = [pa.Table.from_pylist(window[i:i + cfg.batch_size], schema=ITEM_SCHEMA)
                      for i in range(0, len(window), cfg.batch_size)]
            ds = ray.data.from_arrow(blocks).map_batches(
                Analyzer, batch_size=cfg.batch_size, batch_format="pyarrow", zero_copy_batch=True,
                compute=ray.data.ActorPoolStrategy(size=min(summary.actors, len(blocks))),
                num_cpus=cfg.cpus_per_actor,
                fn_constructor_kwargs={"model": model})
            for part in ds.iter_rows():
                tables = shards.tables_from_bytes({t: part[t] for t in shards.TABLES})
                name = f"part-{run_id}-{part['first_seq']:012d}"
                shards.write_part(tables, out_dir, name)
                s = shards.store_tables(conn, tables, replace=reanalyze)
                summary.parts += 1
                summary.stored += s.stored
                summary.skipped += s.skipped
                summary.failures += s.failures
                summary.nodes[part["node"]] = summary.nodes.get(part["node"], 0) + 1
                if progress:
                    el = time.perf_counter() - t0
                    print(f"\rray: {summary.items:,} read, {summary.stored:,} stored, {summary.skipped:,} skipped, "
                          f"{summary.failures:,} failures  ({summary.items / el:.1f} items/s)",
                          end="", file=sys.stderr, flush=True)
        if progress:
            print(file=sys.stderr)
    finally:
        conn.close()
        if local_tmp is not None:
            ray.shutdown()
            shutil.rmtree(local_tmp, ignore_errors=True)
    if cfg.shards_dir:
        summary.shards_dir = str(out_dir)
    else:
        shutil.rmtree(out_dir, ignore_errors=True)
    summary.seconds = time.perf_counter() - t0
    return summary


def _main(argv: list[str] | None = None) -> int:
    """``python -m newsgraph.engines.ray DB INPUT... [--address A]``: the engine without the CLI."""
    import argparse

    ap = argparse.ArgumentParser(prog="python -m newsgraph.engines.ray")
    ap.add_argument("db")
    ap.add_argument("inputs", nargs="+")
    ap.add_argument("--address")
    ap.add_argument("--workers", type=int)
    ap.add_argument("--reanalyze", action="store_true")
    a = ap.parse_args(argv)
    s = run(a.inputs, a.db, workers=a.workers, address=a.address, reanalyze=a.reanalyze, progress=True)
    print(f"{s.items} items: {s.stored} stored, {s.skipped} skipped, {s.failures} failures; "
          f"{s.parts} parts on {len(s.nodes)} node(s), {s.actors} actors, {s.seconds:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(_main())
