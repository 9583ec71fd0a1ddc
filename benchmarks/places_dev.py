#!/usr/bin/env python3
"""Places on the geoparsing corpora, fast to re-run: each corpus is parsed once (spaCy, as analyze
parses it) and the parse is cached; then only the places extractor runs, so a change to it is measured
in seconds. Scores come from ``newsgraph.evaluate.score_places`` (the reference scorer's definitions).

The split (train / dev) is by document id: ``split_of(id)`` puts one document in five in ``dev``
(sha1 of the id, mod 5 == 0). Tune and train only on ``train``; report ``dev`` and ``all``.
The war-reporting set and the seed are scored whole (they are written for the project; no training).

    python benchmarks/places_dev.py [--corpora lgl,trnews,geovirus,war,seed] [--split dev|train|all]
        [--errors out.tsv]

Corpora: lgl, trnews, geovirus (../shared/eval/places), war (benchmarks/gold), seed (../shared/seed),
realdev (/work/realdev/places_gold.jsonl when present, or --realdev PATH).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
if not SHARED.exists():
    SHARED = Path("/work/shared")
CORPORA = {
    "lgl": SHARED / "eval" / "places" / "lgl.jsonl",
    "trnews": SHARED / "eval" / "places" / "trnews.jsonl",
    "geovirus": SHARED / "eval" / "places" / "geovirus.jsonl",
    "war": ROOT / "benchmarks" / "gold" / "war_reporting.jsonl",
    "seed": SHARED / "seed" / "000_40988a4c96d5f927.gold.json",
    "realdev": Path(os.environ.get("NEWSGRAPH_REALDEV", "/work/realdev/places_gold.jsonl")),
}
TRAINABLE = {"lgl", "trnews", "geovirus"}


def split_of(doc_id: str) -> str:
    """'dev' for one document id in five (stable, by hash), else 'train'."""
    return "dev" if int(hashlib.sha1(doc_id.encode()).hexdigest(), 16) % 5 == 0 else "train"


def load(name: str, split: str = "all") -> list[dict]:
    from newsgraph.evaluate import load_jsonl

    path = CORPORA[name]
    if not path.exists():
        return []
    docs = load_jsonl(path)
    for i, d in enumerate(docs):
        d.setdefault("id", f"{name}-{i}")
        d["id"] = str(d["id"])
    if name in TRAINABLE and split != "all":
        docs = [d for d in docs if split_of(d["id"]) == split]
    return docs


def parsed(name: str, docs: list[dict]):
    """spaCy Docs for ``docs`` (as the pipeline parses them), cached under $NEWSGRAPH_CACHE/docs."""
    from spacy.tokens import DocBin

    from newsgraph.gazetteer import cache_dir
    from newsgraph.nlp import normalise
    from newsgraph.pipeline import default_pipeline

    pipe = default_pipeline()
    norms = [normalise(d["text"]) for d in docs]
    h = hashlib.sha1("\x00".join(norms).encode()).hexdigest()[:12]
    path = cache_dir() / "docs" / f"{name}-{h}.spacy"
    if path.exists():
        return list(DocBin().from_bytes(path.read_bytes()).get_docs(pipe.nlp.vocab)), norms
    t0 = time.perf_counter()
    out = list(pipe._parse(norms))
    print(f"[{name}] parsed {len(docs)} docs in {time.perf_counter() - t0:.0f}s", file=sys.stderr)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = DocBin(attrs=["ORTH", "TAG", "HEAD", "DEP", "ENT_IOB", "ENT_TYPE", "SENT_START", "POS", "MORPH",
                       "LEMMA", "SPACY"], store_user_data=False)
    for d in out:
        db.add(d)
    path.write_bytes(db.to_bytes())
    return out, norms


def run_places(docs: list[dict], spacy_docs, norms) -> list[dict]:
    from newsgraph.extract import Context
    from newsgraph.extract.places import extract_places
    from newsgraph.record import Record

    preds = []
    for d, sd, norm in zip(docs, spacy_docs, norms):
        ctx = Context(record=Record(id=d["id"], text=d["text"], url=d.get("url")), doc=sd, norm=norm)
        extract_places(ctx)
        preds.append({"id": d["id"], "places": [p.__dict__ if hasattr(p, "__dict__") else _as_dict(p)
                                                 for p in ctx.record.places]})
    return preds


def _as_dict(p) -> dict:
    return {k: getattr(p, k) for k in p.__slots__}


def errors(docs: list[dict], preds: list[dict]) -> list[tuple]:
    """(id, kind, start, end, text, context, detail): FP (predicted, no gold span), FN, and WRONG (>161 km)."""
    from newsgraph.evaluate import km

    out = []
    for g, p in zip(docs, preds):
        text = g["text"]
        gp = g.get("places") or g.get("toponyms") or []
        gs = {(x["start"], x["end"]): x for x in gp}
        ps = {(x["start"], x["end"]): x for x in p["places"]}

        def ctx(a, b):
            return text[max(0, a - 40):a].replace("\n", " ") + "[" + text[a:b] + "]" + text[b:b + 40].replace("\n", " ")
        for s, x in ps.items():
            if s not in gs:
                out.append((g["id"], "FP", *s, text[s[0]:s[1]], ctx(*s), f"{x['name']} {x.get('country_code')} {x.get('feature_class')}"))
            else:
                y = gs[s]
                if y.get("lat") is not None and not (y.get("geonameid") and y.get("geonameid") == x.get("geonameid")):
                    d = km(y["lat"], y["lon"], x["lat"], x["lon"])
                    if d > 161:
                        out.append((g["id"], "WRONG", *s, text[s[0]:s[1]], ctx(*s),
                                    f"{x['name']} {x.get('country_code')} {x.get('feature_class')} {d:.0f}km"))
        for s in gs:
            if s not in ps:
                out.append((g["id"], "FN", *s, text[s[0]:s[1]], ctx(*s), ""))
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpora", default="lgl,trnews,geovirus,war,seed")
    ap.add_argument("--split", default="all", choices=["all", "train", "dev"])
    ap.add_argument("--errors")
    ap.add_argument("--json", help="write the figures here")
    args = ap.parse_args()
    from newsgraph.evaluate import score_places

    all_g, all_p, errs, figures = [], [], [], {}
    pooled_g, pooled_p = [], []
    for name in args.corpora.split(","):
        docs = load(name, args.split)
        if not docs:
            print(f"[{name}] no data", file=sys.stderr)
            continue
        sdocs, norms = parsed(name, load(name, "all"))
        ids = {d["id"] for d in docs}
        allids = [d["id"] for d in load(name, "all")]
        keep = [i for i, x in enumerate(allids) if x in ids]
        sdocs, norms = [sdocs[i] for i in keep], [norms[i] for i in keep]
        t0 = time.perf_counter()
        preds = run_places(docs, sdocs, norms)
        dt = time.perf_counter() - t0
        s = score_places(docs, preds)
        figures[name] = s.__dict__
        print(f"{name:9} docs={len(docs):4} gold={s.gold:5} pred={s.pred:5} P={s.exact_p:.3f} R={s.exact_r:.3f} "
              f"F1={s.exact_f1:.3f} ovF1={s.overlap_f1:.3f} acc161={s.acc161:.3f} e2e={s.e2e_f1:.3f} ({dt:.1f}s)")
        if name in TRAINABLE:
            pooled_g += docs
            pooled_p += preds
        errs += errors(docs, preds)
    if pooled_g:
        s = score_places(pooled_g, pooled_p)
        figures["pooled"] = s.__dict__
        print(f"{'pooled':9} docs={len(pooled_g):4} gold={s.gold:5} pred={s.pred:5} P={s.exact_p:.3f} "
              f"R={s.exact_r:.3f} F1={s.exact_f1:.3f} ovF1={s.overlap_f1:.3f} acc161={s.acc161:.3f} e2e={s.e2e_f1:.3f}")
    if args.errors:
        with open(args.errors, "w") as f:
            for e in errs:
                f.write("\t".join(map(str, e)) + "\n")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
