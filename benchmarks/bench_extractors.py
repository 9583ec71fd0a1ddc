#!/usr/bin/env python3
"""CPU time of the extractors alone (the spaCy parse excluded), per extractor, over a JSONL of texts.

The texts are parsed once; then every extractor runs over every parsed text ``--repeat`` times, and
each extractor's least disturbed pass (the lowest CPU time) is reported. For a before/after comparison of extractor code, run it once per version (in
fresh processes, alternating) and compare the per-extractor times as ratios; the parse, which
dominates ``bench_analyze.py``, does not dilute the difference here.

    python benchmarks/bench_extractors.py [--texts FILE.jsonl] [--repeat 3] [--limit N]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "eval" / "quotes" / "polnear_dev.jsonl"
DEMO = ROOT / "src" / "newsgraph" / "data" / "demo" / "demo.jsonl"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--texts", default=str(DEV if DEV.exists() else DEMO))
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args()

    from newsgraph.extract import Context
    from newsgraph.nlp import normalise
    from newsgraph.pipeline import Pipeline
    from newsgraph.record import Record

    rows = [json.loads(line) for line in open(args.texts, encoding="utf-8") if line.strip()][:args.limit or None]
    texts = [r["text"] for r in rows]
    published = [r.get("published") for r in rows]
    pipe = Pipeline()
    norms = [normalise(t) for t in texts]
    docs = list(pipe._parse(norms))
    words = sum(len(t.split()) for t in texts)
    best = {e.name: float("inf") for e in pipe.extractors}
    for _ in range(args.repeat):
        spent = dict.fromkeys(best, 0.0)
        for text, norm, doc, pub in zip(texts, norms, docs, published):
            ctx = Context(record=Record(id="b", text=text, published=pub), doc=doc, norm=norm)
            for ex in pipe.extractors:
                c0 = time.process_time()
                ex.fn(ctx)
                spent[ex.name] += time.process_time() - c0
        best = {k: min(best[k], spent[k]) for k in best}  # the least disturbed pass of each extractor
    total = sum(best.values())
    print(f"texts: {Path(args.texts).name}, {len(texts)} texts, {words} words, best of {args.repeat} passes")
    for name, t in best.items():
        print(f"  {name:9s} {1000 * t:8.1f} ms CPU per pass")
    print(f"EXTRACTORS {1000 * total:.1f} ms CPU per pass, {words / total:.0f} words/s")
    print(json.dumps({"total_ms": 1000 * total, **{k: 1000 * v for k, v in best.items()}}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
