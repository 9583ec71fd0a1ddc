"""Ray engine vs the local engine (2 workers), same corpus, same run.

    .venv/bin/python benchmarks/bench_ray.py            # 2,000 articles
    .venv/bin/python benchmarks/bench_ray.py --n 400    # a quicker run

The corpus is made at run time from the PolNeAR dev texts (../shared/eval/quotes/polnear_dev.jsonl):
copy k of a text has its paragraphs rotated by k and a footer line, so every article is a distinct
text of realistic length. It is written to a temporary folder and removed afterwards.

Each engine runs through ``engines.run_ingest`` into its own fresh store, timed end to end (Ray's
start-up included), both on a snapshot of src/ taken at start. Memory: peak summed RSS of the process tree (driver, workers/actors, and for
Ray its raylet, GCS and object store), sampled every 0.5 s. Target: Ray >= 0.8x local.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_ingest import generate  # noqa: E402  (one corpus generator for the benchmarks)

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT.parent / "shared" / "eval" / "quotes" / "polnear_dev.jsonl"


class PeakRSS:
    """Peak of the summed RSS of this process and all its descendants."""

    def __init__(self, interval: float = 0.5):
        self.interval, self.peak, self.peak_one = interval, 0, 0
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            total, top = 0, 0
            for p in [me] + me.children(recursive=True):
                try:
                    rss = p.memory_info().rss
                except psutil.Error:
                    continue
                total += rss
                if p.pid != me.pid:
                    top = max(top, rss)
            self.peak, self.peak_one = max(self.peak, total), max(self.peak_one, top)
            self._stop.wait(self.interval)

    def __enter__(self):
        self._t.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._t.join()


def counts(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(db)
    out = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
           for t in ("articles", "quotes", "entities", "places", "dates", "failures")}
    conn.close()
    return out


def run(engine: str, corpus: Path, db: Path, workers: int) -> dict:
    from newsgraph.engines import run_ingest

    with PeakRSS() as mem:
        t0 = time.perf_counter()
        s = run_ingest(engine, [str(corpus)], db, workers=workers)
        dt = time.perf_counter() - t0
    return {"engine": engine, "seconds": dt, "stored": s.stored, "failed": s.failed,
            "articles_per_s": s.stored / dt, "peak_rss_mb": mem.peak / 2**20,
            "largest_child_rss_mb": mem.peak_one / 2**20, "counts": counts(db)}


def snapshot_and_reexec() -> None:
    """Run on a copy of src/: both engines then run the same code even while the tree is edited."""
    if os.environ.get("BENCH_RAY_SNAPSHOT"):
        return
    snap = Path(tempfile.mkdtemp(prefix="bench-ray-src-"))
    shutil.copytree(ROOT / "src", snap / "src", ignore=shutil.ignore_patterns("__pycache__"))
    env = dict(os.environ, BENCH_RAY_SNAPSHOT=str(snap),
               PYTHONPATH=os.pathsep.join(filter(None, [str(snap / "src"), os.environ.get("PYTHONPATH")])))
    os.execve(sys.executable, [sys.executable, __file__, *sys.argv[1:]], env)


def main() -> int:
    snapshot_and_reexec()
    import atexit

    atexit.register(shutil.rmtree, os.environ["BENCH_RAY_SNAPSHOT"], True)
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000, help="articles in the corpus [2000]")
    ap.add_argument("--workers", type=int, default=2, help="local workers and Ray actors [2]")
    ap.add_argument("--json", help="also write the figures to this file")
    a = ap.parse_args()
    if not SOURCE.exists():
        print(f"corpus source missing: {SOURCE}", file=sys.stderr)
        return 2
    os.environ["NEWSGRAPH_RAY_ACTORS"] = str(a.workers)
    os.environ.setdefault("NEWSGRAPH_RAY_CPUS", str(a.workers))
    tmp = Path(tempfile.mkdtemp(prefix="bench-ray-"))
    os.environ["NEWSGRAPH_RAY_SHARDS"] = str(tmp / "shards")
    try:
        corpus = tmp / "corpus.jsonl"
        _, words = generate(a.n, corpus, SOURCE)  # the same corpus bench_ingest measures
        print(f"corpus: {a.n} articles, {words / a.n:,.0f} words each on average; {os.cpu_count()} CPUs; "
              f"load average {os.getloadavg()[0]:.2f} before the run", flush=True)
        results = []
        for engine in ("local", "ray"):
            r = run(engine, corpus, tmp / f"{engine}.db", a.workers)
            results.append(r)
            print(f"{engine:>5}: {r['stored']} articles in {r['seconds']:.1f}s = {r['articles_per_s']:.2f} articles/s "
                  f"({r['articles_per_s'] / a.workers:.2f} per worker); peak RSS of the process tree "
                  f"{r['peak_rss_mb']:,.0f} MB (largest child {r['largest_child_rss_mb']:,.0f} MB)", flush=True)
        loc, ray = results
        # The single writer's ceiling: the Ray run's shards into a fresh store (no analysis).
        from newsgraph.engines.shards import load_dir
        from newsgraph.store import connect

        conn = connect(tmp / "loaded.db")
        t0 = time.perf_counter()
        ls = load_dir(tmp / "shards", conn)
        load_s = time.perf_counter() - t0
        conn.close()
        db_kb = (tmp / "local.db").stat().st_size / 1024 / max(1, loc["stored"])
        shard_kb = sum(f.stat().st_size for f in (tmp / "shards").rglob("*.parquet")) / 1024 / max(1, ray["stored"])
        print(f"writer: {ls.stored} articles loaded from shards in {load_s:.1f}s = {ls.stored / load_s:.1f} articles/s; "
              f"store {db_kb:.1f} KB/article, shards {shard_kb:.1f} KB/article")
        ratio = ray["articles_per_s"] / loc["articles_per_s"]
        same = loc["counts"] == ray["counts"]
        print(f"rows: local {loc['counts']}; ray {'the same' if same else ray['counts']}")
        print(f"ray / local throughput: {ratio:.2f}x (target >= 0.8x): {'PASS' if ratio >= 0.8 else 'FAIL'}; "
              f"load average after {os.getloadavg()[0]:.2f}")
        if a.json:
            Path(a.json).write_text(json.dumps({"n": a.n, "workers": a.workers, "results": results,
                                                "ratio": ratio, "same_rows": same,
                                                "writer_articles_per_s": ls.stored / load_s,
                                                "store_kb_per_article": db_kb, "shard_kb_per_article": shard_kb},
                                               indent=2))
        return 0 if same else 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
