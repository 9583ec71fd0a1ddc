"""Ingest throughput: analyze-only vs ingest with 1 and 2 workers, memory per worker, database size.

    .venv/bin/python benchmarks/bench_ingest.py            # 2,000 articles (the issue's target)
    .venv/bin/python benchmarks/bench_ingest.py --n 200    # a quick check

The corpus is generated at run time from the PolNeAR dev texts (../shared/eval/quotes/polnear_dev.jsonl,
never copied into the repo): copy k of a text keeps its paragraphs in a different (seeded) order and
gets its own dateline, so all N articles are distinct texts of realistic length. It is written to a
temporary folder that is removed afterwards.

Each configuration runs in a fresh subprocess (its own model load, its own store), timed end to end:

* ``analyze``: the Pipeline over the articles, results discarded (the same-run baseline; it runs
  first and again last, and the mean of the two is used, to cancel drift in a shared machine's load);
* ``ingest-1``: ``engines.run_ingest`` with 1 worker (analysis in the ingesting process);
* ``ingest-2``: the same with 2 worker processes.

Reported: articles/s and words/s; ingest-1 / analyze (storage overhead = 1 - that, target <= 10%);
ingest-2 / ingest-1 (target >= 1.6 on 2 cores); peak RSS per analysing process (target <= 1 GB),
sampled every 0.25 s with psutil; database size per 1,000 articles (after a WAL checkpoint).

HTML corpora (where the reader's extraction, trafilatura, costs something):

    .venv/bin/python benchmarks/bench_ingest.py --html --n 300 --before HEAD~1

``--html`` writes the same articles as web pages (one ``.html`` file each, with the navigation,
sidebars, scripts and comments of a news site, ~40 KB a page) instead of JSONL. ``--before REV``
also runs every ingest configuration with ``src/newsgraph/ingest`` and ``src/newsgraph/engines``
as they were at git revision REV (the rest of the code as in the working tree), interleaved with
the current code, and reports current / REV ratios measured in the same run. Besides articles/s it
reports the ingesting process's own CPU seconds per article ("parent ms/article"): the reading,
extraction and writing that one process does for every worker, so what caps how many workers it can
keep busy.
"""
from __future__ import annotations

import argparse
import compileall
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "eval" / "quotes" / "polnear_dev.jsonl"


def generate(n: int, out: Path, source: Path = DEV) -> tuple[int, int]:
    """Write n distinct articles to out (JSONL); returns (articles, words)."""
    if not source.exists():
        sys.exit(f"{source}: not found; the benchmark reads the PolNeAR dev texts from ../shared at run time")
    docs = [json.loads(line) for line in source.open(encoding="utf-8") if line.strip()]
    words = 0
    with out.open("w", encoding="utf-8") as fh:
        for i in range(n):
            d = docs[i % len(docs)]
            copy = i // len(docs)
            paras = [p for p in d["text"].split("\n") if p.strip()]
            if copy:
                head, rest = paras[:1], paras[1:]
                random.Random(i).shuffle(rest)
                paras = head + rest
            text = f"(Wire copy {copy + 1})\n" + "\n".join(paras)
            words += len(text.split())
            fh.write(json.dumps({"id": f"bench-{i}", "text": text, "title": d.get("title"),
                                 "published": d.get("publication_date")}, ensure_ascii=False) + "\n")
    return n, words


_MENU = "".join(f'<li><a href="/section/{k}">Section {k}</a></li>' for k in range(60))
_TEASERS = "".join(f'<div class="teaser"><a href="/news/{k}"><img src="/img/{k}.jpg" alt="">'
                   f'<h4>Related story number {k} about the region</h4></a><p>Short teaser text {k}.</p></div>'
                   for k in range(40))
_SCRIPT = "window.__STATE__ = " + json.dumps({"ads": [{"slot": k, "sizes": [[300, 250], [728, 90]]}
                                                       for k in range(150)]}) + ";"


def news_page(title: str, paragraphs: list[str], published: str | None, k: int) -> str:
    """An article as a news site serves it: metadata, scripts, menus, teasers, comments (~40 KB)."""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    date = f'<meta property="article:published_time" content="{published}T08:00:00Z">' if published else ""
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} | Bench Wire</title>'
            f'<meta property="og:site_name" content="Bench Wire"><meta property="og:title" content="{title}">{date}'
            f'<script>{_SCRIPT}</script><style>.ad{{display:none}}</style></head><body>'
            f'<header><nav><ul>{_MENU}</ul></nav></header><main><article><h1>{title}</h1>'
            f'<p class="byline">By Bench Reporter {k % 17}</p>{body}</article>'
            f'<aside><h3>More news</h3>{_TEASERS}</aside><section id="comments"><h3>Comments</h3>'
            + "".join(f'<div class="comment"><p>Reader comment {c} on this story.</p></div>' for c in range(10))
            + f'</section></main><footer><ul>{_MENU}</ul>© Bench Wire</footer></body></html>')


def generate_html(n: int, out: Path, source: Path = DEV) -> tuple[int, int]:
    """The articles of ``generate`` as n web pages in the folder out; returns (articles, words)."""
    from html import escape

    jsonl = out.parent / "corpus.jsonl"
    got = generate(n, jsonl, source)
    out.mkdir()
    for k, line in enumerate(jsonl.open(encoding="utf-8")):
        d = json.loads(line)
        paras = [escape(p) for p in d["text"].split("\n")]
        (out / f"{d['id']}.html").write_text(news_page(escape(d.get("title") or f"Article {k}"), paras,
                                                       d.get("published"), k), encoding="utf-8")
    jsonl.unlink()
    return got


class PeakRSS:
    """Peak RSS of this process (when it analyses) and of each child process, sampled."""

    def __init__(self, interval: float = 0.25):
        import psutil

        self.me = psutil.Process()
        self.interval = interval
        self.self_peak = 0
        self.child_peak: dict[int, int] = {}
        self.child_cpu: dict[int, float] = {}
        self.cpu0 = sum(self.me.cpu_times()[:2])
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        import psutil

        while not self._stop.is_set():
            try:
                self.self_peak = max(self.self_peak, self.me.memory_info().rss)
                for c in self.me.children(recursive=True):
                    try:
                        rss = c.memory_info().rss
                    except psutil.Error:
                        continue
                    self.child_peak[c.pid] = max(self.child_peak.get(c.pid, 0), rss)
                    try:
                        self.child_cpu[c.pid] = sum(c.cpu_times()[:2])
                    except psutil.Error:
                        pass
            except psutil.Error:
                pass
            self._stop.wait(self.interval)

    def __enter__(self) -> "PeakRSS":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.parent_cpu = sum(self.me.cpu_times()[:2]) - self.cpu0
        self.cpu = self.parent_cpu + sum(self.child_cpu.values())


def run_one(mode: str, corpus: Path, workdir: Path, workers: int) -> dict:
    """One configuration, in this (fresh) process."""
    import newsgraph
    from newsgraph.ingest import read_inputs

    assert str(workdir) in newsgraph.__file__, f"not the snapshot: {newsgraph.__file__}"
    from newsgraph.record import Article

    if mode.startswith("analyze"):
        from newsgraph.pipeline import Pipeline

        with PeakRSS() as mem:
            t0 = time.perf_counter()
            pipe = Pipeline()
            n = words = failed = 0
            for res in pipe.analyze_many(a for a in read_inputs([str(corpus)]) if isinstance(a, Article)):
                if hasattr(res, "quotes"):
                    n += 1
                    words += len(res.text.split())
                else:
                    failed += 1
            secs = time.perf_counter() - t0
        return {"mode": mode, "workers": 1, "articles": n, "failed": failed, "words": words, "seconds": secs,
                "cpu_seconds": mem.cpu, "peak_rss_per_worker": mem.self_peak}

    from newsgraph.engines import run_ingest

    db = workdir / f"{mode}.db"
    for f in workdir.glob(f"{mode}.db*"):  # a fresh store for every run (--repeat)
        f.unlink()
    with PeakRSS() as mem:
        t0 = time.perf_counter()
        s = run_ingest("local", [str(corpus)], db, workers=workers)
        secs = time.perf_counter() - t0
    import sqlite3

    with sqlite3.connect(db) as c:
        c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = db.stat().st_size + sum(p.stat().st_size for p in workdir.glob(f"{mode}.db-*"))
    # workers > 1: the analysing processes are the children (ignore the small forkserver/resource tracker)
    per_worker = sorted(mem.child_peak.values(), reverse=True)[:workers] if workers > 1 else [mem.self_peak]
    return {"mode": mode, "workers": workers, "articles": s.stored, "failed": s.failed, "words": s.words,
            "seconds": secs, "cpu_seconds": mem.cpu, "parent_cpu_seconds": mem.parent_cpu,
            "peak_rss_per_worker": max(per_worker) if per_worker else None,
            "parent_rss": mem.self_peak if workers > 1 else None, "db_bytes": size}


def _env(workdir: Path, cache: Path | None = None) -> dict[str, str]:
    # every configuration runs the same code (a snapshot of src/ taken at the start) with its own
    # gazetteer index, built before any timing: a rebuild mid-run is not ingest cost
    return dict(os.environ, PYTHONPATH=str(workdir / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""),
                NEWSGRAPH_CACHE=str(cache or workdir / "cache"))


def _snapshot(dest: Path, before: str | None = None, whole: bool = False) -> None:
    """src/newsgraph as in the working tree; with ``before``, its ingest/ and engines/ from that
    revision (``whole``: all of src/newsgraph from that revision)."""
    shutil.copytree(ROOT / "src" / "newsgraph", dest / "src" / "newsgraph", ignore=shutil.ignore_patterns("__pycache__"))
    if before:
        subs = ["src/newsgraph"] if whole else ["src/newsgraph/ingest", "src/newsgraph/engines"]
        for sub in subs:
            shutil.rmtree(dest / sub)
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", before, *subs],
                                 check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    # byte-compile once, or the first configuration pays for it inside its timing
    compileall.compile_dir(str(dest / "src"), quiet=1)


def _warm_up(workdir: Path, cache: Path | None = None) -> None:
    code = ("try:\n from newsgraph.gazetteer import ensure_built\nexcept ImportError:\n pass\n"
            "else:\n ensure_built(quiet=True)")
    subprocess.run([sys.executable, "-c", code], check=True, env=_env(workdir, cache))


def _child(mode: str, corpus: Path, workdir: Path, workers: int, cache: Path | None = None) -> dict:
    cmd = [sys.executable, __file__, "--one", mode, "--corpus", str(corpus), "--workdir", str(workdir),
           "--workers", str(workers)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=_env(workdir, cache))
    return json.loads(out.stdout.strip().splitlines()[-1])


def compare(args) -> None:
    """Every ingest configuration with the current code and with REV's ingest/engines, interleaved."""
    with tempfile.TemporaryDirectory(prefix="bench_ingest_") as tmp:
        root = Path(tmp)
        cache = root / "cache"  # one gazetteer index: the gazetteer code is the same in both
        now, old = root / "now", root / "before"
        _snapshot(now)
        _snapshot(old, args.before, whole=args.whole)
        print("building the gazetteer index …", file=sys.stderr, flush=True)
        _warm_up(now, cache)
        corpus = root / ("pages" if args.html else "corpus.jsonl")
        n, words = (generate_html if args.html else generate)(args.n, corpus, args.source)
        size = sum(f.stat().st_size for f in corpus.rglob("*")) if corpus.is_dir() else corpus.stat().st_size
        print(f"corpus: {n:,} articles, {words:,} words, {size / 2**20:.1f} MB in {corpus}", file=sys.stderr)
        results: dict[tuple[str, int], list[dict]] = {}
        for _ in range(args.repeat):
            for w in (int(k) for k in args.workers.split(",")):
                for label, wd in (("before", old), ("now", now)):
                    r = _child(f"ingest-{w}", corpus, wd, w, cache)
                    r["label"] = label
                    results.setdefault((label, w), []).append(r)
                    print(f"  {label:<6} ingest-{w}: {r['articles']} stored, {r['failed']} failed in {r['seconds']:.1f} s"
                          f" = {r['articles'] / r['seconds']:.2f} articles/s; parent CPU "
                          f"{1000 * r['parent_cpu_seconds'] / max(1, r['articles']):.0f} ms/article",
                          file=sys.stderr, flush=True)

    def best(label: str, w: int) -> dict:  # the fastest repeat: the one least disturbed by other load
        return min(results[(label, w)], key=lambda r: r["seconds"])

    rows = []
    for (label, w) in results:
        r = best(label, w)
        rows.append({"code": label, "workers": w, "articles": r["articles"], "failed": r["failed"],
                     "seconds": r["seconds"], "articles_per_s": r["articles"] / r["seconds"],
                     "parent_ms_per_article": 1000 * r["parent_cpu_seconds"] / max(1, r["articles"]),
                     "cpu_seconds": r["cpu_seconds"]})
    summary: dict = {"n": n, "words": words, "html": args.html, "before": args.before, "repeat": args.repeat,
                     "results": rows, "load_average": os.getloadavg()}
    ws = sorted({w for _, w in results})
    for w in ws:
        summary[f"now_over_before_{w}"] = best("now", w)["seconds"] and (
            best("before", w)["seconds"] / best("now", w)["seconds"])
    if 1 in ws and 2 in ws:
        for label in ("before", "now"):
            summary[f"{label}_2_over_1"] = best(label, 1)["seconds"] / best(label, 2)["seconds"]
    if args.json:
        print(json.dumps(summary, indent=2))
        return
    print(f"\n{'code':<8} {'workers':>7} {'articles':>8} {'failed':>6} {'seconds':>8} {'art/s':>7} {'parent ms/art':>13}"
          f" {'cpu s':>7}")
    for r in rows:
        print(f"{r['code']:<8} {r['workers']:>7} {r['articles']:>8} {r['failed']:>6} {r['seconds']:>8.1f} "
              f"{r['articles_per_s']:>7.2f} {r['parent_ms_per_article']:>13.1f} {r['cpu_seconds']:>7.1f}")
    for w in ws:
        print(f"{w} worker(s): current / {args.before} throughput = {summary[f'now_over_before_{w}']:.2f}×")
    if 1 in ws and 2 in ws:
        print(f"2 workers / 1 worker: {args.before} {summary['before_2_over_1']:.2f}×, "
              f"current {summary['now_2_over_1']:.2f}×")
    print(f"(best of {args.repeat} per configuration; load average at the end: "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}: a shared machine, so the figures are noisy)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=2000, help="articles to generate (default 2000)")
    ap.add_argument("--workers", default="1,2", help="worker counts to ingest with (default 1,2)")
    ap.add_argument("--json", action="store_true", help="print the results as one JSON object")
    ap.add_argument("--html", action="store_true", help="the corpus as a folder of web pages, not JSONL")
    ap.add_argument("--before", metavar="REV", help="also run with ingest/ and engines/ of this git revision")
    ap.add_argument("--repeat", type=int, default=1, help="with --before: runs per configuration (best kept)")
    ap.add_argument("--whole", action="store_true", help="with --before: all of src/newsgraph from REV, not only "
                                                        "ingest/ and engines/ (when the change reaches the store too)")
    ap.add_argument("--source", type=Path, default=DEV, help="the PolNeAR dev texts (default: ../shared's)")
    ap.add_argument("--one", help=argparse.SUPPRESS)
    ap.add_argument("--corpus", help=argparse.SUPPRESS)
    ap.add_argument("--workdir", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, Path(args.corpus), Path(args.workdir), int(args.workers))))
        return
    if args.before:
        compare(args)
        return

    with tempfile.TemporaryDirectory(prefix="bench_ingest_") as tmp:
        work = Path(tmp)
        corpus = work / ("pages" if args.html else "corpus.jsonl")
        _snapshot(work)
        print("building the gazetteer index for the snapshot …", file=sys.stderr, flush=True)
        _warm_up(work)
        n, words = (generate_html if args.html else generate)(args.n, corpus, args.source)
        print(f"corpus: {n:,} articles, {words:,} words (from {DEV.name}) in {work}", file=sys.stderr)
        results = []
        # the baseline runs first and last: on a shared machine the load drifts, the mean cancels most of it
        plan = [("analyze", 1)] + [(f"ingest-{k}", int(k)) for k in args.workers.split(",")] + [("analyze-again", 1)]
        for mode, w in plan:
            print(f"running {mode} …", file=sys.stderr, flush=True)
            r = _child(mode, corpus, work, w)
            r["articles_per_s"] = r["articles"] / r["seconds"]
            r["words_per_s"] = r["words"] / r["seconds"]
            results.append(r)
            print(f"  {mode}: {r['articles']} articles in {r['seconds']:.1f} s = {r['articles_per_s']:.2f} articles/s,"
                  f" {r['words_per_s']:,.0f} words/s, peak RSS/worker {r['peak_rss_per_worker'] / 2**20:,.0f} MB",
                  file=sys.stderr, flush=True)

    by = {r["mode"]: r for r in results}
    first, again = by.pop("analyze"), by.pop("analyze-again")
    base = {"mode": "analyze", "workers": 1, "articles": first["articles"], "words": first["words"],
            "seconds": (first["seconds"] + again["seconds"]) / 2,
            "cpu_seconds": (first["cpu_seconds"] + again["cpu_seconds"]) / 2,
            "peak_rss_per_worker": max(first["peak_rss_per_worker"], again["peak_rss_per_worker"])}
    base["articles_per_s"] = base["articles"] / base["seconds"]
    base["words_per_s"] = base["words"] / base["seconds"]
    by["analyze"] = base
    results = [base] + [r for r in results if r["mode"].startswith("ingest")]
    summary: dict = {"n": n, "words": words, "results": results}
    if "ingest-1" in by:
        ratio = by["ingest-1"]["articles_per_s"] / base["articles_per_s"]
        summary["ingest1_over_analyze"] = ratio
        summary["storage_overhead"] = 1 - ratio
        # CPU seconds per article: the same ratio, robust to other load on a shared machine
        summary["storage_overhead_cpu"] = (by["ingest-1"]["cpu_seconds"] / max(1, by["ingest-1"]["articles"])) / (
            base["cpu_seconds"] / max(1, base["articles"])) - 1
        summary["db_mb_per_1000"] = by["ingest-1"]["db_bytes"] / 2**20 / max(1, by["ingest-1"]["articles"]) * 1000
    if "ingest-1" in by and "ingest-2" in by:
        summary["speedup_2_over_1"] = by["ingest-2"]["articles_per_s"] / by["ingest-1"]["articles_per_s"]
        # CPU spent by 2 workers over 1 for the same work: what parallelism costs (IPC, a second model)
        summary["cpu_2_over_1"] = by["ingest-2"]["cpu_seconds"] / by["ingest-1"]["cpu_seconds"]
    summary["max_rss_per_worker_mb"] = max(r["peak_rss_per_worker"] for r in results) / 2**20
    if args.json:
        print(json.dumps(summary, indent=2))
        return
    print(f"\n{'mode':<10} {'articles':>8} {'seconds':>8} {'art/s':>7} {'words/s':>8} {'cpu s':>7} {'MB/worker':>9}")
    for r in results:
        print(f"{r['mode']:<10} {r['articles']:>8} {r['seconds']:>8.1f} {r['articles_per_s']:>7.2f} "
              f"{r['words_per_s']:>8,.0f} {r['cpu_seconds']:>7.1f} {r['peak_rss_per_worker'] / 2**20:>9,.0f}")
    print(f"(load average at the end: {' '.join(f'{x:.1f}' for x in __import__('os').getloadavg())}; "
          "on a busy machine wall-clock rates understate both engines)")
    if "storage_overhead" in summary:
        print(f"\ningest (1 worker) / analyze-only: {summary['ingest1_over_analyze']:.3f}  "
              f"→ storage overhead {summary['storage_overhead']:.1%} (target ≤ 10%); "
              f"in CPU seconds per article: {summary['storage_overhead_cpu']:+.1%}")
        print(f"database size: {summary['db_mb_per_1000']:.1f} MB per 1,000 articles")
    if "speedup_2_over_1" in summary:
        print(f"2 workers / 1 worker: {summary['speedup_2_over_1']:.2f}× (target ≥ 1.6× on 2 cores); "
              f"CPU seconds 2 workers / 1 worker: {summary['cpu_2_over_1']:.2f}")
    print(f"peak memory per worker: {summary['max_rss_per_worker_mb']:,.0f} MB (target ≤ 1024 MB)")


if __name__ == "__main__":
    main()
