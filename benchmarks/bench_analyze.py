#!/usr/bin/env python3
"""Throughput of `analyze` against spaCy's en_core_web_sm full pipeline, measured in the same run.

Each side runs in its own fresh process over the same texts (PolNeAR dev by default, read from
../shared at run time; the demo corpus when that is absent), alternating A B A B so machine load hits
both alike. Reports words/s (wall and CPU), the ratio, peak RSS of each process, and the wall time of
one article analysed from a cold process (`newsgraph analyze FILE`). The spaCy side is spaCy as it
loads itself (`spacy.load`); a third side, spaCy's same pipeline multiplying matrices with numpy's
BLAS as newsgraph's models do (newsgraph.nlp.use_numpy_blas), shows how much of the ratio is that
choice and how much newsgraph's own (``--no-same-blas`` skips it).

    python benchmarks/bench_analyze.py [--texts FILE.jsonl] [--rounds 2] [--limit N]

``--events``: instead, the cost of the events extractor: newsgraph with every extractor against
newsgraph without ``events``, same texts, alternating, each in its own process; reports the
slowdown (target <= 15%) and the extra peak memory (target <= 100 MB).
"""
from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
if not SHARED.exists():  # a worktree outside the main checkout's folder
    SHARED = Path("/work/shared")
DEV = SHARED / "eval" / "quotes" / "polnear_dev.jsonl"
SEED = SHARED / "seed" / "000_40988a4c96d5f927.txt"
DEMO = ROOT / "src" / "newsgraph" / "data" / "demo" / "demo.jsonl"


def worker(kind: str, path: str, limit: int) -> None:
    """Runs in a child process: prints one JSON line of measurements."""
    texts = [json.loads(line)["text"] for line in open(path, encoding="utf-8") if line.strip()][:limit or None]
    words = sum(len(t.split()) for t in texts)
    if kind in ("spacy", "spacy-blas"):
        import contextlib

        nlp = stock_spacy()
        blas = contextlib.nullcontext()
        if kind == "spacy-blas":  # the same pipeline multiplying with numpy's BLAS, as newsgraph's models do
            from newsgraph.nlp import one_blas_thread, use_numpy_blas

            if use_numpy_blas(nlp):
                blas = one_blas_thread()
        with blas:
            list(nlp.pipe(texts[:2]))  # warm-up, as for the other side
            w0, c0 = time.perf_counter(), time.process_time()
            for _ in nlp.pipe(texts):
                pass
    else:
        from newsgraph.extract import load_all
        from newsgraph.pipeline import Pipeline
        from newsgraph.record import Article

        pipe = Pipeline(extractors=None if kind == "newsgraph" else
                        [e.name for e in load_all() if e.name != "events"])
        list(pipe.analyze_many([Article(id="w", text=t) for t in texts[:2]]))
        arts = [Article(id=str(i), text=t) for i, t in enumerate(texts)]
        w0, c0 = time.perf_counter(), time.process_time()
        for _ in pipe.analyze_many(arts, batch_size=32):
            pass
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    peak_mb = peak_rss_mb()
    print(json.dumps({"kind": kind, "words": words, "wall": wall, "cpu": cpu, "peak_mb": peak_mb}))


def stock_spacy():
    """spaCy's full pipeline exactly as spaCy loads it: the model newsgraph would use, none of its changes."""
    import spacy

    from newsgraph.nlp import DEFAULT_MODELS
    from newsgraph.settings import Settings

    name = Settings.resolve().model
    for cand in [name] if name else DEFAULT_MODELS:
        try:
            return spacy.load(cand)
        except OSError:
            continue
    raise SystemExit("no spaCy English model installed")


def peak_rss_mb() -> float:
    """This process's own peak RSS. VmHWM, because on Linux ru_maxrss of an exec'd child starts from
    its parent's size."""
    try:
        with open("/proc/self/status") as fh:
            return next(int(line.split()[1]) for line in fh if line.startswith("VmHWM")) / 1024
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_child(kind: str, path: Path, limit: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", kind, "--texts", str(path), "--limit", str(limit)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def cold_start(path: Path, n: int = 3, bytecode: bool = True) -> tuple[float, float]:
    """Median wall and CPU seconds of ``newsgraph analyze FILE`` in a fresh process. ``bytecode``: as an
    installed package runs, with Python's compiled modules cached (a first, uncounted run writes them
    for a source checkout); otherwise every module is compiled again in each run, as when
    PYTHONDONTWRITEBYTECODE is set."""
    import os

    exe = Path(sys.executable).with_name("newsgraph")
    env = dict(os.environ)
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        subprocess.run([str(exe), "analyze", str(path)], capture_output=True, check=True, env=env)
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    walls, cpus = [], []
    for _ in range(n):
        t0 = time.perf_counter()
        proc = subprocess.Popen([str(exe), "analyze", str(path)], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        walls.append(time.perf_counter() - t0)
        cpus.append(usage.ru_utime + usage.ru_stime)
        if status != 0:
            raise SystemExit(f"newsgraph analyze {path} failed")
    return statistics.median(walls), statistics.median(cpus)


def events_cost(path: Path, rounds: int, limit: int) -> int:
    runs: dict[str, list[dict]] = {"noevents": [], "newsgraph": []}
    for r in range(rounds):
        for kind in ("noevents", "newsgraph"):
            res = run_child(kind, path, limit)
            runs[kind].append(res)
            print(f"round {r + 1} {kind:9}: {res['words'] / res['wall']:8.0f} words/s wall, "
                  f"{res['words'] / res['cpu']:8.0f} words/s CPU, peak {res['peak_mb']:.0f} MB", flush=True)
    best = {k: (max(x["words"] / x["wall"] for x in v), max(x["words"] / x["cpu"] for x in v),
                max(x["peak_mb"] for x in v)) for k, v in runs.items()}
    print(f"\ntexts: {path.name}, {runs['newsgraph'][0]['words']} words")
    wall = best["newsgraph"][0] / best["noevents"][0]
    cpu = best["newsgraph"][1] / best["noevents"][1]
    print(f"RATIO throughput with/without events: wall {wall:.3f}x ({wall - 1:+.1%}), CPU {cpu:.3f}x ({cpu - 1:+.1%}) "
          f"(target: no more than 15% lower, >= 0.85x)")
    print(f"peak memory: {best['newsgraph'][2]:.0f} MB with, {best['noevents'][2]:.0f} MB without "
          f"({best['newsgraph'][2] - best['noevents'][2]:+.0f} MB; target <= +100 MB)")
    return 0


def report(path: Path, runs: dict[str, list[dict]], best: dict[str, tuple]) -> None:
    print(f"\ntexts: {path.name}, {runs['spacy'][0]['words']} words")
    print(f"spaCy en_core_web_sm full pipeline (nlp.pipe): {best['spacy'][0]:.0f} words/s wall, "
          f"{best['spacy'][1]:.0f} CPU; peak {best['spacy'][2]:.0f} MB")
    print(f"newsgraph analyze (all extractors):            {best['newsgraph'][0]:.0f} words/s wall, "
          f"{best['newsgraph'][1]:.0f} CPU; peak {best['newsgraph'][2]:.0f} MB")
    print(f"RATIO newsgraph/spaCy: wall {best['newsgraph'][0] / best['spacy'][0]:.2f}x, "
          f"CPU {best['newsgraph'][1] / best['spacy'][1]:.2f}x (target >= 1.5x)")
    if "spacy-blas" in best:
        print(f"spaCy full pipeline on numpy's BLAS (as newsgraph multiplies): {best['spacy-blas'][0]:.0f} words/s wall, "
              f"{best['spacy-blas'][1]:.0f} CPU; newsgraph/that: wall {best['newsgraph'][0] / best['spacy-blas'][0]:.2f}x, "
              f"CPU {best['newsgraph'][1] / best['spacy-blas'][1]:.2f}x (what newsgraph's own choices gain)")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--texts", default=str(DEV if DEV.exists() else DEMO))
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--limit", type=int, default=0, help="only the first N texts")
    ap.add_argument("--child")
    ap.add_argument("--events", action="store_true", help="the events extractor's cost (with vs without it)")
    ap.add_argument("--cold-only", action="store_true", help="only the cold start of one article")
    ap.add_argument("--no-same-blas", action="store_true",
                    help="skip the third side: spaCy's full pipeline multiplying with numpy's BLAS, as newsgraph does")
    args = ap.parse_args()
    if args.child:
        worker(args.child, args.texts, args.limit)
        return 0
    path = Path(args.texts)
    if args.events:
        return events_cost(path, args.rounds, args.limit)
    kinds = ("spacy", "newsgraph") + (() if args.no_same_blas else ("spacy-blas",))
    runs: dict[str, list[dict]] = {k: [] for k in kinds}
    for r in range(0 if args.cold_only else args.rounds):
        for kind in kinds:
            res = run_child(kind, path, args.limit)
            runs[kind].append(res)
            print(f"round {r + 1} {kind:9}: {res['words'] / res['wall']:8.0f} words/s wall, "
                  f"{res['words'] / res['cpu']:8.0f} words/s CPU, peak {res['peak_mb']:.0f} MB", flush=True)
    best = {k: (max(x["words"] / x["wall"] for x in v), max(x["words"] / x["cpu"] for x in v),
                max(x["peak_mb"] for x in v)) for k, v in runs.items() if v}
    if not args.cold_only:
        report(path, runs, best)
    one = SEED if SEED.exists() else None
    if one is None:
        tmp = Path(tempfile.mkdtemp()) / "one.txt"
        tmp.write_text(json.loads(DEMO.read_text(encoding="utf-8").splitlines()[0])["text"], encoding="utf-8")
        one = tmp
    wall, cpu = cold_start(one)
    print(f"cold start, one article ({one.name}): {wall:.2f} s wall, {cpu:.2f} s CPU (target <= 2.5 s)")
    wall, cpu = cold_start(one, bytecode=False)
    print(f"  the same, compiling every module in each run (PYTHONDONTWRITEBYTECODE): {wall:.2f} s wall, {cpu:.2f} s CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
