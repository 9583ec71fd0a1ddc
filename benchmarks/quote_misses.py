"""Classes of missed and invented quotes: where the recall and the precision on an attribution corpus go.

    python benchmarks/quote_misses.py GOLD.jsonl PRED.jsonl [--examples 3]

PRED is what ``newsgraph eval quotes GOLD --save PRED`` wrote (for PolNeAR, run with
``NEWSGRAPH_ATTRIBUTIONS=all NEWSGRAPH_PARTIAL_QUOTES=clause``). Quotes are matched one-to-one on
character Jaccard >= 0.5 as the reference scorer does (``newsgraph.evaluate``). Each missed gold quote
is put in one class by its cue and where its content stands (the first class of ``MISS_CLASSES`` that
fits); each invented quote by its cue word. Counts, and with ``--examples`` a few short
cue/content excerpts per class for reading (printed, never written to the repository).
"""
from __future__ import annotations

import argparse
import collections
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from newsgraph.evaluate import _chars, _jaccard, _match, load_jsonl  # noqa: E402

PREPS = {"about", "of", "for", "on", "with", "against", "to", "in", "over", "at", "from", "into", "as",
         "toward", "towards", "by", "regarding", "upon"}
SPEECH = {"said", "says", "say", "saying", "told", "tells", "tell", "added", "adds", "stated", "wrote",
          "writes", "explained", "noted", "argued", "claimed", "insisted", "asked", "announced"}
_MARKS = re.compile("[\"\u201c\u201d\u2018\u2019]|''|``")


def _cue(q: dict) -> str:
    return (q.get("cue") or "").strip().lower()


def _before(q: dict) -> bool:
    return q.get("cue_start") is not None and q["end"] <= q["cue_start"]


# (name, test on a gold quote and its text): the first that fits names the class of a missed quote
MISS_CLASSES = (
    ("no cue", lambda q, t: not _cue(q)),
    ("according to", lambda q, t: "according" in _cue(q)),
    ("cue ends in a preposition", lambda q, t: _cue(q).split()[-1] in PREPS),
    ("quoted words in content", lambda q, t: bool(_MARKS.search(q["text"]))),
    ("speech verb, content after", lambda q, t: _cue(q).split()[-1] in SPEECH and not _before(q)),
    ("speech verb, content before", lambda q, t: _cue(q).split()[-1] in SPEECH and _before(q)),
    ("multi-word cue", lambda q, t: len(_cue(q).split()) > 1),
    ("other cue, content after", lambda q, t: not _before(q)),
    ("other cue, content before", lambda q, t: True),
)


def classify(q: dict, text: str) -> str:
    return next(name for name, test in MISS_CLASSES if test(q, text))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("gold")
    ap.add_argument("pred")
    ap.add_argument("--examples", type=int, default=0)
    ap.add_argument("--top", type=int, default=25, help="cue words listed per table")
    args = ap.parse_args()
    gold = load_jsonl(args.gold)
    pred = {p.get("id"): p for p in load_jsonl(args.pred)}
    miss = collections.Counter()
    miss_cue = collections.Counter()
    prep_pairs = collections.Counter()
    fp_cue = collections.Counter()
    examples = collections.defaultdict(list)
    partial = 0  # missed gold quotes some prediction overlaps (a boundary error, not a missing cue)
    n_gold = n_pred = 0
    for g in gold:
        text = g["text"]
        gq = g.get("quotes", [])
        pq = (pred.get(g["id"]) or {}).get("quotes") or []
        n_gold += len(gq)
        n_pred += len(pq)
        gc = [_chars(text, q.get("content_segments") or [[q["start"], q["end"]]]) for q in gq]
        pc = [_chars(text, q.get("segments") or [[q["start"], q["end"]]]) for q in pq]
        pairs = [(s, i, j) for i, a in enumerate(gc) for j, b in enumerate(pc) if (s := _jaccard(a, b)) >= 0.5]
        m = _match(pairs)
        matched_p = {j for j, _ in m.values()}
        for i, q in enumerate(gq):
            if i in m:
                continue
            cls = classify(q, text)
            if any(gc[i] & b for b in pc):
                partial += 1
                cls = "boundary: " + cls
            miss[cls] += 1
            miss_cue[_cue(q) or "-"] += 1
            words = _cue(q).split()
            if words and words[-1] in PREPS and len(words) > 1:
                prep_pairs[(words[-2], words[-1])] += 1
            if len(examples[cls]) < args.examples:
                examples[cls].append(f"[{q.get('cue')}] {q['text'][:100]!r}")
        for j, q in enumerate(pq):
            if j not in matched_p:
                cue = ((q.get("cue") or {}).get("text") or "-").lower()
                fp_cue[cue] += 1
    print(f"gold {n_gold}, predicted {n_pred}, missed {sum(miss.values())} "
          f"({partial} overlapped by a prediction: boundary errors)")
    print("\nmissed, by class:")
    for cls, n in miss.most_common():
        print(f"  {n:6d}  {cls}")
        for e in examples.get(cls, []):
            print(f"            {e}")
    print("\nmissed, by gold cue:", ", ".join(f"{c} {n}" for c, n in miss_cue.most_common(args.top)))
    print("\nmissed, cue word + preposition:",
          ", ".join(f"{a} {p} {n}" for (a, p), n in prep_pairs.most_common(args.top)))
    print("\ninvented (unmatched predictions), by cue:",
          ", ".join(f"{c} {n}" for c, n in fp_cue.most_common(args.top)))


if __name__ == "__main__":
    main()
