#!/usr/bin/env python3
"""Cost of the places extractor and of the gazetteer, and how they scale with the input.

1. Gazetteer: time and peak memory for a fresh process to open the index and answer a lookup.
2. Scaling, within one run: the places extractor alone (documents tokenised, no NER, so spaCy's
   own cost is left out) on growing inputs of three kinds — ordinary news-like text, thousands of
   capitalised non-words, and a comma-separated list of up to 10,000 place names. For each size it
   prints the time and the time per 1,000 tokens relative to the smallest size: a flat ratio means
   linear, a ratio that grows with the size means super-linear.
3. Share of analyze: on real articles (PolNeAR dev from ../shared when present, else the demo
   corpus) parsed as analyze parses them, the extractor's time against the parse time.

    python benchmarks/bench_places.py [--max-size 16000] [--limit 60]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "eval" / "quotes" / "polnear_dev.jsonl"
DEMO = ROOT / "src" / "newsgraph" / "data" / "demo" / "demo.jsonl"

NEWS = ("Shelling hit Pokrovsk overnight and officials in Kyiv said the road from Kramatorsk to Kharkiv was "
        "closed. The minister flew from Washington to Paris on Monday, then on to Berlin and Warsaw. ")
PLACES = ["Paris", "London", "Berlin", "Madrid", "Kharkiv", "Odesa", "Lviv", "Dnipro", "Rome", "Vienna",
          "Lyman", "Springfield", "Dublin", "Georgia", "Alexandria", "Columbus", "Richmond", "Athens"]


def open_cost() -> dict:
    code = ("import time,resource;t=time.perf_counter();from newsgraph.gazetteer import Gazetteer;"
            "g=Gazetteer();g.lookup_many(['kyiv','paris','lyman']);"
            "print(time.perf_counter()-t, [int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM')][0]/1024)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    return {"open_s": float(out[0]), "peak_mb": float(out[1])}


def make(kind: str, n_tokens: int) -> str:
    if kind == "news":
        reps = n_tokens // len(NEWS.split()) + 1
        return (NEWS * reps)
    if kind == "capitalised":
        return " ".join(f"Zorbly{i} Quenth{i % 97}" for i in range(n_tokens // 2))
    # a list of place names: "Paris, London, ..." (two tokens per name)
    return ", ".join(PLACES[i % len(PLACES)] for i in range(n_tokens // 2))


def run_places(nlp, text: str) -> tuple[float, int]:
    from newsgraph.extract import Context
    from newsgraph.extract.places import extract_places
    from newsgraph.record import Record

    doc = nlp.make_doc(text)
    ctx = Context(record=Record(id="b", text=text), doc=doc, norm=text)
    t0 = time.perf_counter()
    extract_places(ctx)
    return time.perf_counter() - t0, len(doc)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--max-size", type=int, default=16000, help="largest input, in tokens")
    ap.add_argument("--limit", type=int, default=60, help="articles for the share-of-analyze measurement")
    a = ap.parse_args()

    oc = open_cost()
    print(f"gazetteer: fresh process opens the index and answers a lookup in {oc['open_s'] * 1000:.0f} ms, "
          f"peak RSS {oc['peak_mb']:.0f} MB")

    from newsgraph.gazetteer import get_gazetteer, name_key
    from newsgraph.nlp import load_model

    nlp = load_model()
    get_gazetteer()
    sizes = []
    s = 1000
    while s <= a.max_size:
        sizes.append(s)
        s *= 2
    print("\nscaling of the places extractor alone (one run; ratio = time per token / that at the smallest size)")
    print(f"{'input':<13}{'tokens':>8}{'places':>8}{'ms':>10}{'ratio':>8}")
    for kind in ("news", "capitalised", "place-list"):
        base = None
        run_places(nlp, "Warm up " + make(kind, 500).replace("Zorbly", "Warmly"))  # imports, SQLite pages
        for n in sizes:
            text = make(kind, n)
            # the per-process caches would hide the cost of a new vocabulary: start each size cold
            get_gazetteer()._cache.clear()
            name_key.cache_clear()
            dt, ntok = run_places(nlp, text)
            per = dt / ntok
            base = base or per
            doc_places = _count(nlp, text)
            print(f"{kind:<13}{ntok:>8}{doc_places:>8}{dt * 1000:>10.1f}{per / base:>8.2f}")

    path = DEV if DEV.exists() else DEMO
    if path.exists():
        texts = [json.loads(line)["text"] for line in open(path, encoding="utf-8") if line.strip()][:a.limit]
        from newsgraph.extract import Context
        from newsgraph.extract.places import extract_places
        from newsgraph.nlp import normalise
        from newsgraph.record import Record

        norms = [normalise(t) for t in texts]
        t0 = time.perf_counter()
        with nlp.select_pipes(disable=["tagger", "attribute_ruler", "lemmatizer"]):
            docs = list(nlp.pipe(norms))
        parse = time.perf_counter() - t0
        t0 = time.perf_counter()
        n_places = 0
        for t, d in zip(texts, docs):
            ctx = Context(record=Record(id="b", text=t), doc=d, norm=d.text)
            extract_places(ctx)
            n_places += len(ctx.record.places)
        ex = time.perf_counter() - t0
        words = sum(len(t.split()) for t in texts)
        print(f"\non {len(texts)} articles of {path.name} ({words:,} words): parse (tok2vec+parser+ner) "
              f"{parse:.2f}s, places {ex:.2f}s = {100 * ex / parse:.1f}% of the parse, "
              f"{1000 * ex / len(texts):.1f} ms/article, {n_places} places")


def _count(nlp, text: str) -> int:
    from newsgraph.extract import Context
    from newsgraph.extract.places import extract_places
    from newsgraph.record import Record

    ctx = Context(record=Record(id="b", text=text), doc=nlp.make_doc(text), norm=text)
    extract_places(ctx)
    return len(ctx.record.places)


if __name__ == "__main__":
    main()
