"""Score statements and copies against benchmarks/gold/statements_gold.jsonl (issue 19).

The gold articles are written to a temporary store as records with their gold quotes and speakers (so
the score is the statements layer's, not the quote extractor's), in two halves with an update after
each (the incremental path), then statements are rebuilt from scratch and both partitions compared.

Reported: pair precision and recall for statements (pairs of quotes by named speakers: same gold
statement vs same stored statement) and for copies (pairs of articles: same gold report vs same
stored report), statements that span two speakers (must be 0), and whether the incremental build
equals the full rebuild. Quotes by unnamed sources ('officials', 'residents') are out of scope: the
archive gives each article's unnamed source a speaker of its own, so they never join across articles.

    python benchmarks/statements_eval.py [--json]
"""
from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "benchmarks" / "gold" / "statements_gold.jsonl"


def _kind(name: str) -> str:
    return "PERSON" if re.fullmatch(r"(?:[A-Z][\w'’-]+\s+){1,3}[A-Z][\w'’-]+", name.strip()) else "ORG"


def to_record(a: dict):
    from newsgraph.record import Entity, Mention, Quote, Record, Speaker

    ents: dict[str, Entity] = {}
    quotes = []
    for q in a["quotes"]:
        e = ents.get(q["speaker"])
        if e is None:
            e = ents[q["speaker"]] = Entity(id=f"e{len(ents) + 1}", name=q["speaker"], type=_kind(q["speaker"]),
                                            mentions=[Mention(q["start"], q["start"], "")], descriptors=[])
        quotes.append(Quote(start=q["start"], end=q["end"], text=q["text"], type="direct",
                            speaker=Speaker(name=q["speaker"], start=None, end=None, text=None, entity=e.id)))
    return Record(id=a["id"], text=a["text"], title=a.get("title"), url=a.get("url"), published=a.get("published"),
                  source=a.get("source"), quotes=quotes, entities=list(ents.values()))


def partition(conn) -> dict[tuple[str, int, int], int]:
    return {(r[0], r[1], r[2]): r[3] for r in conn.execute(
        'SELECT q.article_id, q.start, q."end", qs.statement_id FROM quotes q JOIN quote_statements qs ON qs.quote_id = q.id')}


def groups(p: dict) -> set[frozenset]:
    by: dict[int, set] = defaultdict(set)
    for k, v in p.items():
        by[v].add(k)
    return {frozenset(s) for s in by.values()}


def pair_scores(items: list, gold: dict, pred: dict) -> dict:
    tp = fp = fn = 0
    for a, b in itertools.combinations(items, 2):
        g = gold[a] == gold[b]
        p = pred.get(a) is not None and pred.get(a) == pred.get(b)
        tp += g and p
        fp += p and not g
        fn += g and not p
    return {"pairs_gold": tp + fn, "pairs_found": tp + fp, "tp": tp, "fp": fp, "fn": fn,
            "precision": round(tp / (tp + fp), 4) if tp + fp else 1.0,
            "recall": round(tp / (tp + fn), 4) if tp + fn else 1.0}


def _quotes_at(arts: list[dict], key: tuple) -> list[dict]:
    return [q for a in arts if a["id"] == key[0] for q in a["quotes"] if (q["start"], q["end"]) == key[1:]]


def run(verbose: bool = False) -> dict:
    from newsgraph.store import connect
    from newsgraph.store.statements import rebuild_statements, update_statements
    from newsgraph.store.writer import write_record

    arts = [json.loads(ln) for ln in GOLD.read_text(encoding="utf-8").splitlines() if ln.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        conn = connect(Path(tmp) / "gold.db")
        half = len(arts) // 2
        for part in (arts[:half], arts[half:]):
            for a in part:
                write_record(conn, to_record(a))
            from newsgraph.store.speakers import resolve_speakers

            resolve_speakers(conn)
            update_statements(conn)
        incremental = partition(conn)
        rebuild_statements(conn)
        full = partition(conn)
        named = {(r[0], r[1], r[2]) for r in conn.execute(
            'SELECT q.article_id, q.start, q."end" FROM quotes q JOIN speakers s ON s.id = q.speaker_id'
            " WHERE s.key NOT LIKE 'UNNAMED|%'")}
        gold_q = {(a["id"], q["start"], q["end"]): q["statement"] for a in arts for q in a["quotes"]}
        items = sorted(k for k in gold_q if k in named)
        statements = pair_scores(items, gold_q, full)
        # the pairs worded otherwise (trimmed, edited, look-alikes): the hard part, apart from copies' exact words
        from newsgraph.statements.normalise import norm_words

        words = {(a["id"], q["start"], q["end"]): norm_words(q["text"]) for a in arts for q in a["quotes"]}
        by_speaker: dict[str, list] = defaultdict(list)
        for k in items:
            by_speaker[next(q["speaker"] for q in _quotes_at(arts, k))].append(k)
        hard_gold, hard_pred = {}, {}
        tp = fp = fn = 0
        for ks in by_speaker.values():
            for a, b in itertools.combinations(ks, 2):
                if words[a] == words[b]:
                    continue
                g, p = gold_q[a] == gold_q[b], full.get(a) == full.get(b)
                tp, fp, fn = tp + (g and p), fp + (p and not g), fn + (g and not p)
        statements["worded_otherwise"] = {"tp": tp, "fp": fp, "fn": fn,
                                          "precision": round(tp / (tp + fp), 4) if tp + fp else 1.0,
                                          "recall": round(tp / (tp + fn), 4) if tp + fn else 1.0}
        cross = conn.execute("SELECT count(*) FROM (SELECT qs.statement_id FROM quote_statements qs JOIN quotes q"
                             " ON q.id = qs.quote_id GROUP BY qs.statement_id HAVING count(DISTINCT q.speaker_id) > 1)"
                             ).fetchone()[0]
        reports = dict(conn.execute("SELECT article_id, report_id FROM article_sketches").fetchall())
        gold_r = {a["id"]: a["report"] for a in arts}
        copies = pair_scores(sorted(gold_r), gold_r, reports)
        errors = []
        if verbose:
            for a, b in itertools.combinations(items, 2):
                g, p = gold_q[a] == gold_q[b], full.get(a) == full.get(b)
                if g != p:
                    errors.append({"kind": "statement fp" if p else "statement fn", "a": a, "b": b})
            for a, b in itertools.combinations(sorted(gold_r), 2):
                g, p = gold_r[a] == gold_r[b], reports.get(a) == reports.get(b)
                if g != p:
                    errors.append({"kind": "copy fp" if p else "copy fn", "a": a, "b": b})
        return {"articles": len(arts), "quotes_scored": len(items),
                "quotes_unnamed_or_unattributed": len(gold_q) - len(items),
                "statements": statements, "copies": copies, "statements_across_speakers": cross,
                "incremental_equals_rebuild": groups(incremental) == groups(full),
                "disagreements": {"speakers": len(__import__("newsgraph.store.statement_queries", fromlist=["x"])
                                                  .speaker_disagreements(conn))},
                "errors": errors[:60]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--errors", action="store_true", help="List the wrong pairs.")
    args = ap.parse_args()
    out = run(verbose=args.errors)
    if args.json:
        print(json.dumps(out, indent=2))
        return
    s, c = out["statements"], out["copies"]
    print(f"statements: pair P {s['precision']:.4f} R {s['recall']:.4f} (tp {s['tp']}, fp {s['fp']}, fn {s['fn']};"
          f" {out['quotes_scored']} quotes by named speakers)")
    w = s["worded_otherwise"]
    print(f"  of which worded otherwise (same speaker, different words): P {w['precision']:.4f} R {w['recall']:.4f}"
          f" (tp {w['tp']}, fp {w['fp']}, fn {w['fn']})")
    print(f"copies:     pair P {c['precision']:.4f} R {c['recall']:.4f} (tp {c['tp']}, fp {c['fp']}, fn {c['fn']};"
          f" {out['articles']} articles)")
    print(f"statements across two speakers: {out['statements_across_speakers']};"
          f" incremental == rebuild: {out['incremental_equals_rebuild']};"
          f" speaker disagreements: {out['disagreements']['speakers']}")
    for e in out["errors"]:
        print(" ", e)
    sys.exit(0)


if __name__ == "__main__":
    main()
