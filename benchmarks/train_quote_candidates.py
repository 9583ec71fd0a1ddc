"""Train the learned attribution candidates (extract/quotes/learned.py) on PolNeAR train only.

    python benchmarks/train_quote_candidates.py --gold ../shared/eval/quotes/polnear_train.jsonl \
        [--cache cands.jsonl] [--write]

1. Runs the pipeline (attributions=all, partial_quotes=clause, as the eval gate scores PolNeAR) over the
   training articles with the model switched off, and records every candidate ``learned.candidates``
   proposes, with its features, and the quotes the rules found (``--cache`` keeps them for the next
   run; delete it after changing the rules, the candidates or the features).
2. Labels a candidate 1 when it matches (character Jaccard >= 0.5, the scorer's lenient match) a gold
   quote that the rules' own quotes leave unmatched, and its source is that quote's speaker (or the
   gold quote has none).
3. Fits an L2 logistic regression (scikit-learn, the ``train`` extra) with 5-fold cross-validation
   grouped by article; picks C, then the threshold whose out-of-fold predictions, resolved as the
   extractor does (best scored of overlapping candidates first) and matched one-to-one, give the best
   lenient F1 over the whole training split, with the added quotes at least ``--min-precision`` right.
4. ``--write``: the weights (features seen at least twice) and the threshold go to
   ``src/newsgraph/extract/quotes/quote_candidates.json``. Texts are never written; only feature names
   (cue words, tags, relation names) and numbers.
"""
from __future__ import annotations

import argparse
import collections
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsgraph.evaluate import _chars, _jaccard, _match, load_jsonl  # noqa: E402


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def collect(gold: list[dict], cache: Path | None) -> tuple[dict[str, list[dict]], dict[str, dict]]:
    """Article id -> its candidates ({'ca', 'cb', 'kind', 'features'}), and article id -> the rules'
    predictions ({'quotes': [{'start', 'end', 'segments'}]}), from the cache or a pipeline run."""
    if cache is not None and cache.exists():
        out: dict[str, list[dict]] = {}
        base: dict[str, dict] = {}
        for line in cache.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            out[row["id"]] = row["candidates"]
            base[row["id"]] = {"quotes": row["quotes"], "reviews": row.get("reviews", [])}
        return out, base
    import newsgraph.extract.quotes.learned as learned
    from newsgraph.pipeline import default_pipeline
    from newsgraph.record import Article
    from newsgraph.settings import Settings

    by_text: dict[str, list[dict]] = {}
    reviews: dict[str, list[dict]] = {}
    original, shipped = learned.candidates, learned.model
    learned.model = lambda: {"bias": 0.0, "weights": {}, "threshold": 1.1}  # no review either

    def tap(d, quotes, in_quote):
        found = original(d, quotes, in_quote)
        by_text[_key(d.text)] = [{"ca": c.ca, "cb": c.cb, "kind": c.kind, "features": f,
                                  "source": None if c.source is None else [c.source.idx, c.source.idx + len(c.source)]}
                                 for c, f in found]
        reviews[_key(d.text)] = [{"start": quotes[k].start, "end": quotes[k].end, "features": f}
                                 for k, f in learned.reviewed(d, quotes, in_quote)]
        return []  # the model stays off: the predictions are the rules' own

    learned.candidates = tap
    settings = Settings.resolve().replace(attributions="all", partial_quotes="clause")
    arts = [Article(id=g["id"], text=g["text"], title=g.get("title"),
                    published=g.get("publication_date") or None) for g in gold]
    base = {}
    for rec in default_pipeline(settings).analyze_many(arts, batch_size=16):
        quotes = getattr(rec, "quotes", None) or []
        base[rec.id] = {"quotes": [{"start": q.start, "end": q.end, "segments": q.segments} for q in quotes]}
    learned.candidates, learned.model = original, shipped
    out = {g["id"]: by_text.get(_key(g["text"]), []) for g in gold}
    for g in gold:
        base.setdefault(g["id"], {"quotes": []})["reviews"] = reviews.get(_key(g["text"]), [])
    if cache is not None:
        with cache.open("w", encoding="utf-8") as fh:
            for k, v in out.items():
                fh.write(json.dumps({"id": k, "candidates": v, "quotes": base[k]["quotes"],
                                     "reviews": base[k]["reviews"]}) + "\n")
    return out, base


def label(gold: list[dict], base: dict[str, dict], cands: dict[str, list[dict]]):
    """Per article: the candidates' char sets and labels, the unmatched gold char sets, the base counts."""
    docs = []
    n_gold = n_pred = n_tp = 0
    for g in gold:
        text = g["text"]
        gq = g.get("quotes", [])
        pq = (base.get(g["id"]) or {}).get("quotes") or []
        gc = [_chars(text, q.get("content_segments") or [[q["start"], q["end"]]]) for q in gq]
        pc = [_chars(text, q.get("segments") or [[q["start"], q["end"]]]) for q in pq]
        m = _match([(s, i, j) for i, a in enumerate(gc) for j, b in enumerate(pc) if (s := _jaccard(a, b)) >= 0.5])
        n_gold, n_pred, n_tp = n_gold + len(gq), n_pred + len(pq), n_tp + len(m)
        right = {(pq[j]["start"], pq[j]["end"]) for j, _ in m.values()}
        present = {(q["start"], q["end"]) for q in pq}
        reviews = [dict(r, label=int((r["start"], r["end"]) in right))
                   for r in (base.get(g["id"]) or {}).get("reviews", []) if (r["start"], r["end"]) in present]
        free = [(x, gq[i].get("speaker_start"), gq[i].get("speaker_end")) for i, x in enumerate(gc) if i not in m]
        cs = cands.get(g["id"], [])
        chars = [_chars(text, [[c["ca"], c["cb"]]]) for c in cs]
        # right: the content matches a gold quote the rules missed, and the source is the gold speaker
        # (a wrong name behind a quote is worse than a missing quote)
        hits = [[(s, i) for i, (f, sa, sb) in enumerate(free) if (s := _jaccard(x, f)) >= 0.5
                 and (sa is None or c.get("source") is not None and c["source"][0] < sb and sa < c["source"][1])]
                for c, x in zip(cs, chars)]
        labels = [int(bool(h)) for h in hits]
        docs.append({"id": g["id"], "cands": cs, "hits": hits, "labels": labels, "reviews": reviews})
    return docs, (n_gold, n_pred, n_tp)


def simulate(docs, probs_by_doc, threshold: float, base) -> tuple[float, float, float, int, int]:
    """Whole-split lenient P/R/F1 when candidates at or above ``threshold`` are added as the extractor
    adds them; also how many were added and how many matched."""
    n_gold, n_pred, n_tp = base
    added = right = 0
    for doc, probs in zip(docs, probs_by_doc):
        order = sorted(range(len(probs)), key=lambda k: -probs[k])
        kept = []
        for k in order:
            if probs[k] < threshold:
                break
            c = doc["cands"][k]
            if any(x < c["cb"] and c["ca"] < y for x, y in ((doc["cands"][j]["ca"], doc["cands"][j]["cb"]) for j in kept)):
                continue
            kept.append(k)
        if not kept:
            continue
        pairs = [(s, i, j) for j, k in enumerate(kept) for s, i in doc["hits"][k]]
        added += len(kept)
        right += len(_match(pairs))
    tp, pred = n_tp + right, n_pred + added
    p, r = tp / pred, tp / n_gold
    return p, r, 2 * p * r / (p + r), added, right


def _fit(rows: list[dict], y, groups, C: float, min_count: int):
    """Out-of-fold probabilities (5 folds grouped by article) and the model fitted on all rows, as
    (bias, weights)."""
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    freq = collections.Counter(f for r in rows for f in r)
    vec = DictVectorizer()
    X = vec.fit_transform([{f: 1 for f in r if freq[f] >= min_count} for r in rows]).tocsr()
    X.indices, X.indptr = X.indices.astype(np.int32), X.indptr.astype(np.int32)  # liblinear's index type
    y = np.array(y)
    oof = np.zeros(len(y))
    for tr, te in GroupKFold(n_splits=5).split(X, y, groups):
        oof[te] = LogisticRegression(C=C, max_iter=2000, solver="liblinear").fit(X[tr], y[tr]).predict_proba(X[te])[:, 1]
    lr = LogisticRegression(C=C, max_iter=2000, solver="liblinear").fit(X, y)
    weights = {str(n): round(float(w), 4) for n, w in zip(vec.get_feature_names_out(), lr.coef_[0]) if abs(w) >= 0.02}
    return oof, round(float(lr.intercept_[0]), 4), weights


def _review(docs, counts, args):
    """The review model of the rules' reported quotes: the threshold below which dropping them gives
    the best out-of-fold F1 with at least ``--min-precision`` of the dropped wrong. Returns the model
    (or None) and the counts after the drops."""
    from newsgraph.extract.quotes.learned import crossed

    from newsgraph.extract.cues import SPEECH

    speech = {f"lemma={lemma}" for lemma in SPEECH.values()}
    rows, y, groups = [], [], []
    for gi, d in enumerate(docs):
        for r in d["reviews"]:
            if speech & set(r["features"]):
                continue  # (a cache from before speech verbs were left out of the review)
            rows.append(crossed(r["features"]))
            y.append(r["label"])
            groups.append(gi)
    if not rows:
        return None, counts
    print(f"reviewed rule quotes {len(y)}, right {sum(y)}")
    oof, bias, weights = _fit(rows, y, groups, args.C[0], args.min_count)
    n_gold, n_pred, n_tp = counts
    best = None
    for t in [x / 100 for x in range(5, 55, 5)]:
        dropped = sum(1 for p in oof if p < t)
        lost = sum(1 for p, lab in zip(oof, y) if p < t and lab)
        tp, pred = n_tp - lost, n_pred - dropped
        p, r = tp / pred, tp / n_gold
        f = 2 * p * r / (p + r)
        wrong = (dropped - lost) / dropped if dropped else 0.0
        print(f"review t={t:.2f}: P/R/F1 {p:.3f} / {r:.3f} / {f:.3f}  dropped {dropped} ({wrong:.2f} wrong)")
        if dropped and wrong >= args.min_precision and (best is None or f > best[0]):
            best = (f, t, (n_gold, pred, tp))
    if best is None:
        return None, counts
    print(f"review threshold {best[1]:.2f}: out-of-fold F1 {best[0]:.3f}")
    return {"bias": bias, "threshold": best[1], "weights": dict(sorted(weights.items()))}, best[2]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", required=True)
    ap.add_argument("--cache")
    ap.add_argument("--min-precision", type=float, default=0.6,
                    help="of the added quotes, and the share of wrong ones among the dropped (out of fold)")
    ap.add_argument("--min-count", type=int, default=3, help="a feature kept in the weights when seen this often")
    ap.add_argument("--C", type=float, nargs="+", default=[0.3], help="regularisation strengths tried")
    ap.add_argument("--no-review", action="store_true", help="train the candidate model only")
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()

    from newsgraph.extract.quotes.learned import crossed

    gold = load_jsonl(args.gold)
    cands, base = collect(gold, Path(args.cache) if args.cache else None)
    docs, counts = label(gold, base, cands)
    print(f"base: gold {counts[0]} predicted {counts[1]} matched {counts[2]}")
    review, counts = (None, counts) if args.no_review else _review(docs, counts, args)

    rows, y, groups = [], [], []
    for gi, d in enumerate(docs):
        for c, lab in zip(d["cands"], d["labels"]):
            rows.append(crossed(c["features"]))
            y.append(lab)
            groups.append(gi)
    print(f"candidates {len(y)}, positive {sum(y)}; by kind:")
    kinds = collections.Counter((c["kind"], lab) for d in docs for c, lab in zip(d["cands"], d["labels"]))
    for k in sorted({k for k, _ in kinds}):
        print(f"  {k:16s} {kinds[(k, 1)]:6d} / {kinds[(k, 0)] + kinds[(k, 1)]:6d}")
    best = None
    for C in args.C:
        oof, bias, weights = _fit(rows, y, groups, C, args.min_count)
        k = 0
        probs_by_doc = []
        for d in docs:
            probs_by_doc.append(list(oof[k:k + len(d["cands"])]))
            k += len(d["cands"])
        for t in [x / 100 for x in range(30, 96, 5)]:
            p, r, f, added, right = simulate(docs, probs_by_doc, t, counts)
            prec = right / added if added else 0.0
            print(f"C={C} t={t:.2f}: P/R/F1 {p:.3f} / {r:.3f} / {f:.3f}  added {added} right {right} ({prec:.2f})")
            if prec >= args.min_precision and (best is None or f > best[0]):
                best = (f, C, t, p, r, added, right, bias, weights)
    if best is None:
        print("no threshold reaches the precision asked for")
        return
    f, C, t, p, r, added, right, bias, weights = best
    print(f"chosen C={C} threshold={t:.2f}: out-of-fold train P/R/F1 {p:.3f} / {r:.3f} / {f:.3f}, "
          f"added {added} ({right} right)")
    top = sorted(weights.items(), key=lambda x: -x[1])
    print("top +:", ", ".join(f"{n} {w:.2f}" for n, w in top[:25]))
    print("top -:", ", ".join(f"{n} {w:.2f}" for n, w in top[-15:]))
    if args.write:
        out = {"about": "learned attribution candidates (extract/quotes/learned.py); logistic regression "
                        "trained on PolNeAR train by benchmarks/train_quote_candidates.py",
               "C": C, "threshold": t, "min_count": args.min_count,
               "cv_train": {"lenient_p": round(p, 4), "lenient_r": round(r, 4), "lenient_f1": round(f, 4),
                            "added": added, "right": right},
               "bias": bias, "weights": dict(sorted(weights.items()))}
        if review is not None:
            out["review"] = review
        path = ROOT / "src" / "newsgraph" / "extract" / "quotes" / "quote_candidates.json"
        path.write_text(json.dumps(out, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {path} ({len(weights)} weights, review {len((review or {}).get('weights', {}))})")


if __name__ == "__main__":
    main()
