#!/usr/bin/env python3
"""Cross-validate the whole event pipeline on Multi-CoPED train: in each of 5 folds (by sentence) the
actor and pentaclass models are trained on the other four folds (with the shipped models' C and
thresholds) and the full ``analyze`` pipeline runs on the held-out fold; the out-of-fold records are
scored together with ``newsgraph.evaluate.score_events`` (as the reference scorer does).

This is the honest figure to tune the pipeline's rules on (the in-sample run through ``newsgraph eval
events multicoped_train.jsonl`` scores sentences the models were trained on). Test and the PLOVER
records are never read here. Needs scikit-learn (``pip install -e '.[train]'``).

    python benchmarks/cv_event_pipeline.py [--folds 5] [--seed 0] [--save /tmp/cv_pred.jsonl]
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import event_gold_docs  # noqa: E402
import train_event_models as tem  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--save", default=None, help="write the out-of-fold records here (never into the repo)")
    a = ap.parse_args()
    from newsgraph.evaluate import predict, score_events
    from newsgraph.extract.events import models as m
    from newsgraph.extract.events.models import linear

    shipped_a = json.loads(m.ACTORS_PATH.read_text(encoding="utf-8"))
    shipped_c = json.loads(m.CLASSES_PATH.read_text(encoding="utf-8"))
    gold, docs = event_gold_docs.parsed(tem.TRAIN)
    rows = tem.actor_examples(gold, docs)
    ids = list(range(len(gold)))
    random.Random(a.seed).shuffle(ids)
    fold_of = {gi: k % a.folds for k, gi in enumerate(ids)}
    # the class examples, with the gold line each came from
    cls = []
    for gi, (g, doc) in enumerate(zip(gold, docs)):
        if not g.get("pentaclass"):
            continue
        sent = tem.pick_sentence(doc)
        trig = m.main_trigger(sent)
        cls.append((gi, m.class_features(sent, trig) if trig is not None else ["bias"], g["pentaclass"]))
    preds: list[dict] = []
    tmp = Path(tempfile.mkdtemp(prefix="cv_event_"))
    saved = (linear.ACTORS_PATH, linear.CLASSES_PATH)
    try:
        for k in range(a.folds):
            tr = [r for r in rows if fold_of[r[0]] != k]
            am = tem.fit([r[2] for r in tr], [r[3] for r in tr], shipped_a["C"], ("none", "source", "target"))
            am["thresholds"] = shipped_a["thresholds"]
            ctr = [c for c in cls if fold_of[c[0]] != k]
            cm = tem.fit([c[1] for c in ctr], [c[2] for c in ctr], shipped_c["C"], m.PENTACLASSES, tem.CLASS_WEIGHT)
            (tmp / f"a{k}.json").write_text(json.dumps(am), encoding="utf-8")
            (tmp / f"c{k}.json").write_text(json.dumps(cm), encoding="utf-8")
            linear.ACTORS_PATH, linear.CLASSES_PATH = tmp / f"a{k}.json", tmp / f"c{k}.json"
            m.ACTORS_PATH, m.CLASSES_PATH = linear.ACTORS_PATH, linear.CLASSES_PATH
            linear._load.cache_clear()
            held = [g for gi, g in enumerate(gold) if fold_of[gi] == k]
            preds += predict(held)
            print(f"fold {k}: {len(held)} sentences", file=sys.stderr, flush=True)
    finally:
        linear.ACTORS_PATH, linear.CLASSES_PATH = saved
        m.ACTORS_PATH, m.CLASSES_PATH = saved
        linear._load.cache_clear()
    if a.save:
        Path(a.save).write_text("".join(json.dumps(p) + "\n" for p in preds), encoding="utf-8")
    s = score_events(gold, preds)
    print(f"CV ({a.folds} folds, seed {a.seed}) source {s.src_f1:.3f} target {s.tgt_f1:.3f} "
          f"actorF1 {s.actor_f1:.3f} overlap {s.actor_overlap_f1:.3f} pentaF1 {s.penta_f1:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
