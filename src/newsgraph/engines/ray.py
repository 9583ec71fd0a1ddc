"""The Ray engine: the same inputs and the same store as the local engine, analysed on a Ray cluster.

``newsgraph ingest PATH... --engine ray [--address ADDRESS]`` goes through ``engines.run_ingest``,
which reads the inputs (``newsgraph.ingest.read_inputs``, the very reader of the local engine),
skips stored texts, and is the single SQLite writer; the readers' failures ride along with the
articles, so the shards hold every failure of the run. This module is the
part in between (docs/scaling.md has the whole picture):

1. Articles are taken from the caller's iterator in windows (bounded driver memory) and handed to
   Ray Data as Arrow blocks of one batch each.
2. ``map_batches`` runs ``Analyzer``, a callable class: one Pipeline (spaCy model, extractors,
   gazetteer) per actor, loaded once, each batch analysed into one *part*: seven flat Arrow tables
   (``engines.shards``), returned as Arrow IPC bytes through the object store, so the nodes need
   no shared file system.
3. The driver writes each part as Parquet shards (``NEWSGRAPH_RAY_SHARDS``) and yields the Records
   and Failures rebuilt *from those tables* -- what ``newsgraph load`` does with shards made
   elsewhere -- in input order (``preserve_order``), so ids are assigned as by the local engine.

Settings (rows of the settings table, newsgraph.settings; set by ``--setting ray_actors 8`` or the
environment, read once by the command and passed in; defaults in brackets). Every actor gets the
driver's whole settings object (the analysis settings above all), not its own environment's.

``NEWSGRAPH_RAY_ACTORS``          analysis actors in all [``--workers`` when above 1, else the cluster's CPUs]
``NEWSGRAPH_RAY_CPUS_PER_ACTOR``  CPUs reserved per actor [1]; actors per node = node CPUs / this
``NEWSGRAPH_RAY_BATCH_SIZE``      articles per ``map_batches`` batch, i.e. per part [the engine's batch size, 16]
``NEWSGRAPH_RAY_WINDOW``          articles handed to Ray Data at a time (driver memory bound) [20000],
                                  and never more than ``RayConfig.window_mb`` (256) MB of text and raw HTML
``NEWSGRAPH_RAY_OBJECT_STORE_MB`` object store of a Ray started locally (no address) [512]
``NEWSGRAPH_RAY_CPUS``            CPUs of a Ray started locally [all of this machine's]
``NEWSGRAPH_RAY_SHARDS``          keep the Parquet shards in this folder [not kept: a temporary folder]
"""
from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

import pyarrow as pa

from newsgraph.engines import EngineError, shards
from newsgraph.ingest.files import HtmlPage, resolve
from newsgraph.record import Article, Failure, Record
from newsgraph.settings import Settings

# One input item as it travels to an actor: an Article, a reader's Failure, or an HTML page to be
# extracted by the actor (``html`` set; ``kind`` as in HtmlPage), numbered.
ITEM_SCHEMA = pa.schema([
    ("seq", pa.int64()), ("failed", pa.bool_()), ("id", pa.string()), ("text", pa.string()),
    ("title", pa.string()), ("url", pa.string()), ("published", pa.string()), ("source", pa.string()),
    ("author", pa.string()), ("origin", pa.string()), ("reason", pa.string()), ("position", pa.int64()),
    ("html", pa.large_string()), ("kind", pa.string())])
# One analysed batch as it travels back: a part's tables as Arrow IPC bytes.
PART_SCHEMA = pa.schema([("first_seq", pa.int64()), ("n", pa.int64()), ("node", pa.string())]
                        + [(t, pa.binary()) for t in shards.TABLES])


@dataclass
class RayConfig:
    actors: int | None = None
    cpus_per_actor: float = 1.0
    batch_size: int = 16
    window: int = 20_000
    window_mb: int = 256
    object_store_mb: int = 512
    local_cpus: int | None = None
    shards_dir: str | None = None

    @classmethod
    def from_settings(cls, settings: Settings, *, workers: int | None = None, batch_size: int = 16) -> "RayConfig":
        return cls(actors=settings.ray_actors or (workers if workers and workers > 1 else None),
                   cpus_per_actor=settings.ray_cpus_per_actor,
                   batch_size=settings.ray_batch_size if settings.sources.get("ray_batch_size", "default") != "default"
                   else batch_size,
                   window=settings.ray_window, object_store_mb=settings.ray_object_store_mb,
                   local_cpus=settings.ray_cpus, shards_dir=settings.ray_shards)


class Analyzer:
    """``map_batches`` callable: loads the Pipeline once per actor, analyses one batch into one part."""

    def __init__(self, **changed):
        """``changed``: the driver's settings that differ from the defaults (no environment is read)."""
        import ray

        from newsgraph.pipeline import Pipeline

        self.pipeline = Pipeline(Settings.from_dict({**Settings().to_dict(), **changed}))
        self.node = ray.get_runtime_context().get_node_id()

    def __call__(self, batch: pa.Table) -> pa.Table:
        rows = batch.to_pylist()
        if not rows:
            return PART_SCHEMA.empty_table()
        # HTML pages are extracted here, on the actor (never raises), so extraction is distributed too
        items = [resolve(_from_row(r), self.pipeline.max_chars) for r in rows]
        try:
            results = list(self.pipeline.analyze_many(items, batch_size=len(items)))
        except Exception as exc:  # a bug outside the pipeline's own guard: the batch's articles are
            # recorded as failures, as the local engine does, instead of failing the whole run
            results = [i if isinstance(i, Failure) else
                       Failure(origin=i.source or i.id, id=i.id, reason=f"worker error: {exc.__class__.__name__}: {exc}")
                       for i in items]
        tables = shards.to_tables(zip((r["seq"] for r in rows), results))
        blobs = shards.tables_to_bytes(tables)
        return pa.Table.from_pylist([{"first_seq": rows[0]["seq"], "n": len(rows), "node": self.node, **blobs}],
                                    schema=PART_SCHEMA)


def _to_row(seq: int, item: Article | Failure | HtmlPage) -> dict:
    if isinstance(item, Failure):
        return {"seq": seq, "failed": True, "id": item.id, "origin": item.origin, "reason": item.reason,
                "position": item.position}
    if isinstance(item, HtmlPage):
        return {"seq": seq, "failed": False, "id": item.id, "url": item.url, "origin": item.origin,
                "position": item.position, "html": item.html, "kind": item.kind}
    return {"seq": seq, "failed": False, "id": item.id, "text": item.text, "title": item.title, "url": item.url,
            "published": item.published, "source": item.source, "author": item.author}


def _from_row(r: dict) -> Article | Failure | HtmlPage:
    if r["failed"]:
        return Failure(origin=r["origin"], reason=r["reason"], position=r["position"], id=r["id"])
    if r.get("html") is not None:
        return HtmlPage(html=r["html"], origin=r["origin"], id=r["id"], url=r["url"], position=r["position"],
                        kind=r["kind"])
    return Article(id=r["id"], text=r["text"], title=r["title"], url=r["url"], published=r["published"],
                   source=r["source"], author=r["author"])


def _window(rows: Iterator[dict], cfg: RayConfig) -> tuple[list[dict], bool]:
    """The next window of rows: at most ``cfg.window`` items and about ``cfg.window_mb`` MB of text
    (raw HTML pages are far bigger than their text: a count alone would not bound memory). Returns
    (rows, whether a bound stopped it before the end of the stream)."""
    out: list[dict] = []
    size, limit = 0, cfg.window_mb * 1_000_000
    for r in rows:
        out.append(r)
        size += len(r.get("html") or r.get("text") or "")
        if len(out) >= cfg.window or size >= limit:
            return out, True
    return out, False


def _init_ray(address: str | None, cfg: RayConfig) -> str | None:
    """Connect to ``address``, or start a small private Ray on this machine. Returns the temp dir
    of a Ray started here (the caller shuts it down and removes it), None otherwise."""
    try:
        import ray
    except ImportError as exc:
        raise EngineError("the Ray engine needs the ray extra: pip install 'newsgraph[ray]'") from exc
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # offline: no usage reporting
    if ray.is_initialized():
        return None
    common = dict(logging_level=logging.WARNING, log_to_driver=False, include_dashboard=False)
    if address:
        try:
            ray.init(address=address, **common)
        except (ConnectionError, RuntimeError, ValueError) as exc:
            raise EngineError(f"cannot connect to the Ray cluster at {address!r}: {exc}. Is `ray start --head` "
                              "running there, is this the address it printed, and, for a cluster with token "
                              "auth, are RAY_AUTH_MODE=token and its token (~/.ray/auth_token) set here?") from exc
        return None
    # Token auth stays on (Ray's default for a new local cluster); only its notice is silenced.
    logging.getLogger("ray._private.authentication.authentication_token_setup").setLevel(logging.ERROR)
    # A short path: Ray puts unix sockets under it (108-byte limit).
    tmp = tempfile.mkdtemp(prefix="ngray-", dir="/tmp" if os.path.isdir("/tmp") else None)
    ray.init(address="local", num_cpus=cfg.local_cpus or os.cpu_count() or 1,
             object_store_memory=cfg.object_store_mb * 1024 * 1024, _temp_dir=tmp, **common)
    return tmp


def analyze(articles: Iterable[Article], *, settings: Settings | None = None, workers: int = 1, address: str | None = None,
            batch_size: int = 16, config: RayConfig | None = None,
            nodes: dict[str, int] | None = None) -> Iterator[Record | Failure]:
    """One Record or Failure per Article, in input order (see newsgraph.engines for the contract).

    ``address``: a Ray cluster (``HOST:PORT``, ``auto``, ``ray://…``); None starts a local Ray for
    this run. ``nodes``, when given, is filled with node id -> parts analysed there."""
    settings = settings if settings is not None else Settings.resolve()
    cfg = config or RayConfig.from_settings(settings, workers=workers, batch_size=batch_size)
    rows = (_to_row(seq, a) for seq, a in enumerate(articles))
    window, more = _window(rows, cfg)
    if not window:  # nothing new to analyse: no cluster to start or join
        return
    run_id = time.strftime("%Y%m%dT%H%M%S", time.gmtime()) + "-" + uuid.uuid4().hex[:6]
    if not more and all(r["failed"] for r in window):
        # only bad inputs (a rerun over files that still fail): their shard, without a cluster
        out_dir = Path(cfg.shards_dir) if cfg.shards_dir else None
        failures = [_from_row(r) for r in window]
        if out_dir is not None:
            tables = shards.to_tables(zip((r["seq"] for r in window), failures))
            shards.write_part(tables, out_dir, f"part-{run_id}-{window[0]['seq']:012d}")
        yield from failures
        return
    local_tmp = _init_ray(address, cfg)
    import ray
    from ray.data import DataContext

    out_dir = Path(cfg.shards_dir) if cfg.shards_dir else Path(tempfile.mkdtemp(prefix="newsgraph-shards-"))
    try:
        ctx = DataContext.get_current()
        ctx.execution_options.preserve_order = True  # results in input order, as the local engine stores them
        ctx.execution_options.verbose_progress = False
        ctx.enable_progress_bars = False
        logging.getLogger("ray.data").setLevel(logging.ERROR)  # no notice that the bars are off
        # A fixed-size pool larger than the cluster would wait forever for CPUs: cap it.
        fits = max(1, int(ray.cluster_resources().get("CPU", 1) // cfg.cpus_per_actor))
        actors = min(cfg.actors or fits, fits)
        per_node: dict[str, int] = {} if nodes is None else nodes
        t0 = time.perf_counter()
        # Constructor arguments only when needed: Ray logs an error-level notice for actors built
        # from arguments in the object store, harmless but alarming.
        defaults = Settings().to_dict()
        kwargs = {k: v for k, v in settings.to_dict().items() if v != defaults[k]}
        while window:
            blocks = [pa.Table.from_pylist(window[i:i + cfg.batch_size], schema=ITEM_SCHEMA)
                      for i in range(0, len(window), cfg.batch_size)]
            del window
            ds = ray.data.from_arrow(blocks).map_batches(
                Analyzer, batch_size=cfg.batch_size, batch_format="pyarrow", zero_copy_batch=True,
                compute=ray.data.ActorPoolStrategy(size=min(actors, len(blocks))), num_cpus=cfg.cpus_per_actor,
                fn_constructor_kwargs=kwargs or None)
            del blocks
            for part in ds.iter_rows():
                tables = shards.tables_from_bytes({t: part[t] for t in shards.TABLES})
                shards.write_part(tables, out_dir, f"part-{run_id}-{part['first_seq']:012d}")
                per_node[part["node"]] = per_node.get(part["node"], 0) + 1
                for _, item in shards.from_tables(tables):
                    yield item
            window, more = _window(rows, cfg)
        # One line so a user sees the cluster was used: parts per node.
        print(f"ray engine: {sum(per_node.values())} parts of <= {cfg.batch_size} articles, {actors} actors, "
              f"{time.perf_counter() - t0:.1f}s; parts per node: "
              + ", ".join(f"{n[:8]}={c}" for n, c in sorted(per_node.items())), file=sys.stderr)
    finally:
        if local_tmp is not None:
            ray.shutdown()
            shutil.rmtree(local_tmp, ignore_errors=True)
        if not cfg.shards_dir:
            shutil.rmtree(out_dir, ignore_errors=True)
