#!/usr/bin/env python3
"""Cost of the event models against `analyze`, as a ratio, on the war set (benchmarks/gold/war_reporting.jsonl).

One process: the texts are analysed once with the default pipeline (`analyze_many`, CPU time A), then
parsed once more with the pipeline's own annotator to get Docs, and ``main_trigger``, ``find_actors``,
``pentaclass`` and ``plover_type`` run on every sentence of every text (CPU time M; the parse is not
counted: the extractor reuses the one `analyze` made). Reports M / A (the share the models would add to
`analyze`), sentences, and the cost per sentence relative to analyze's cost per sentence.

    python benchmarks/bench_event_models.py [--texts FILE.jsonl] [--rounds 3]
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WAR = ROOT / "benchmarks" / "gold" / "war_reporting.jsonl"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--texts", default=str(WAR))
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args()
    from newsgraph.extract.events import models as m
    from newsgraph.nlp import normalise
    from newsgraph.pipeline import Pipeline
    from newsgraph.record import Article

    texts = [json.loads(line)["text"] for line in open(a.texts, encoding="utf-8") if line.strip()]
    pipe = Pipeline()
    arts = [Article(id=str(i), text=t) for i, t in enumerate(texts)]
    list(pipe.analyze_many(arts[:2]))
    docs = pipe.annotator.pipe([normalise(t) for t in texts], batch_size=16)
    sents = [s for d in docs for s in d.sents]
    for s in sents[:20]:  # warm-up (loads the weights)
        t = m.main_trigger(s)
        m.find_actors(s.doc, s, t), m.pentaclass(s, t), m.plover_type(s, t)
    ratios = []
    for _ in range(a.rounds):
        c0 = time.process_time()
        list(pipe.analyze_many(arts, batch_size=32))
        ca = time.process_time() - c0
        c0 = time.process_time()
        for s in sents:
            t = m.main_trigger(s)
            if t is not None:
                m.find_actors(s.doc, s, t)
                m.pentaclass(s, t)
                m.plover_type(s, t)
        cm = time.process_time() - c0
        ratios.append(cm / ca)
        print(f"analyze CPU {ca:.2f}s, event models CPU {cm:.2f}s over {len(sents)} sentences: ratio {cm / ca:.3f}", flush=True)
    ratios.sort()
    print(f"SUMMARY event_models texts={len(texts)} sentences={len(sents)} median_ratio={ratios[len(ratios) // 2]:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
