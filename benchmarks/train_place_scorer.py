#!/usr/bin/env python3
"""Train the places scorer (src/newsgraph/extract/place_scorer.json) on the train part of LGL,
TR-News and GeoVirus, on CPU in seconds. Needs scikit-learn (``pip install -e '.[train]'``).

Each gazetteer match the places extractor considers is one example: its features (see
``places._features``) and whether a gold toponym has exactly its span. Names that are a people's
adjective or plural ('Syrian', 'Russians') are left out: LGL and TR-News count them as places and
GeoVirus and the project do not, and the extractor's own rule decides them.

The split is by document id (``places_dev.split_of``: one document in five is dev). The thresholds
``hi``/``lo`` are chosen by 5-fold cross-validation grouped by document on train only, maximising
exact-span F1 of the examples (dev is never looked at while training; its figures are only reported).

    python benchmarks/train_place_scorer.py [--out src/newsgraph/extract/place_scorer.json] [--C 1.0]
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ["NEWSGRAPH_PLACE_SCORER"] = "0"  # collect the features with the rules' verdicts only

import places_dev  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "newsgraph" / "extract" / "place_scorer.json"


def examples(split: str):
    from newsgraph.extract import places
    from newsgraph.gazetteer import get_gazetteer

    peoples = get_gazetteer().demonyms()
    rows = []  # (doc key, features, label, rule verdict)
    for name in sorted(places_dev.TRAINABLE):
        docs = places_dev.load(name, split)
        all_docs = places_dev.load(name, "all")
        sdocs, norms = places_dev.parsed(name, all_docs)
        idx = {d["id"]: i for i, d in enumerate(all_docs)}
        for d in docs:
            i = idx[d["id"]]
            places.COLLECT = []
            places_dev.run_places([d], [sdocs[i]], [norms[i]])
            gold = {(t["start"], t["end"]) for t in d.get("toponyms") or d.get("places") or []}
            for cs, ce, f, v in places.COLLECT:
                if d["text"][cs:ce] in peoples:
                    continue
                rows.append((f"{name}/{d['id']}", f, int((cs, ce) in gold), v))
    places.COLLECT = None
    return rows


def f1_at(p, y, hi):
    import numpy as np

    pred = p >= hi
    tp = float(np.sum(pred & (y == 1)))
    prec = tp / max(1, pred.sum())
    rec = tp / max(1, (y == 1).sum())
    return 2 * prec * rec / (prec + rec) if prec + rec else 0.0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=str(OUT))
    ap.add_argument("--C", type=float, default=1.0)
    args = ap.parse_args()
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    t0 = time.perf_counter()
    train = examples("train")
    dev = examples("dev")
    names = sorted({k for _, f, _, _ in train for k in f})
    X = np.array([[f.get(n, 0.0) for n in names] for _, f, _, _ in train])
    y = np.array([lab for _, _, lab, _ in train])
    groups = np.array([g for g, _, _, _ in train])
    Xd = np.array([[f.get(n, 0.0) for n in names] for _, f, _, _ in dev])
    yd = np.array([lab for _, _, lab, _ in dev])
    print(f"{len(train)} train examples ({y.sum()} places), {len(dev)} dev ({yd.sum()}), "
          f"{len(names)} features", file=sys.stderr)

    # thresholds by grouped cross-validation on train
    oof = np.zeros(len(y))
    for tr, te in GroupKFold(n_splits=5).split(X, y, groups):
        clf = LogisticRegression(C=args.C, max_iter=2000)
        clf.fit(X[tr], y[tr])
        oof[te] = clf.predict_proba(X[te])[:, 1]
    grid = [x / 100 for x in range(20, 81, 2)]
    hi = max(grid, key=lambda t: f1_at(oof, y, t))
    clf = LogisticRegression(C=args.C, max_iter=2000)
    clf.fit(X, y)
    pd_ = clf.predict_proba(Xd)[:, 1]
    rule_tr = np.array([v is True for _, _, _, v in train])
    rule_dev = np.array([v is True for _, _, _, v in dev])

    def prf(pred, gold):
        tp = float(np.sum(pred & (gold == 1)))
        p = tp / max(1, pred.sum())
        r = tp / max(1, (gold == 1).sum())
        return round(p, 4), round(r, 4), round(2 * p * r / (p + r) if p + r else 0.0, 4)

    report = {
        "train_cv_scorer": prf(oof >= hi, y), "train_rules": prf(rule_tr, y),
        "dev_scorer": prf(pd_ >= hi, yd), "dev_rules": prf(rule_dev, yd),
    }
    print(json.dumps(report), file=sys.stderr)
    model = {
        "about": "Logistic regression over gazetteer matches: is this span a place mention? "
                 "Trained by benchmarks/train_place_scorer.py on the train part (4 in 5 documents, "
                 "split by id) of LGL, TR-News and GeoVirus; figures are example-level P/R/F1 of matches "
                 "(not of all gold toponyms).",
        "features": names, "weights": [round(float(w), 5) for w in clf.coef_[0]],
        "bias": round(float(clf.intercept_[0]), 5), "hi": hi, "lo": round(max(0.05, hi - 0.25), 2),
        "C": args.C, "examples": {"train": int(len(y)), "dev": int(len(yd))}, "figures": report,
    }
    Path(args.out).write_text(json.dumps(model, indent=1) + "\n")
    print(f"wrote {args.out} in {time.perf_counter() - t0:.0f}s (hi={hi})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
