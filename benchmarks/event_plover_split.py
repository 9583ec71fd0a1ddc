#!/usr/bin/env python3
"""The PLOVER gold records (../shared/eval/events/plover_gsr.jsonl) split in a fixed way into a tuning
half and a report half, since they are the only PLOVER-typed data: a record whose id ends in an odd
number ('PLOVER-GSR01-AGREE-0001') is tuning, an even one is report. Every type falls into both halves.

Prints PLOVER type accuracy on the tuning half, the report half and the whole. ``--errors`` lists the
tuning half's errors only (the report half's are never printed: it is how we learn if the rules
generalise). Session 14 split it so; tune on the tuning half only.

    python benchmarks/event_plover_split.py [--errors]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

GOLD = Path("/work/shared/eval/events/plover_gsr.jsonl")


def is_tuning(rec: dict) -> bool:
    """'PLOVER-GSR01-AGREE-0001' -> True (odd), '...-0002' -> False."""
    return int(rec["id"].rsplit("-", 1)[1]) % 2 == 1


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gold", default=str(GOLD))
    ap.add_argument("--errors", action="store_true", help="list the tuning half's errors")
    ap.add_argument("--tuning-only", action="store_true", help="score the tuning half only (while tuning)")
    a = ap.parse_args()
    from newsgraph.evaluate import load_jsonl, predict, score_events

    gold = load_jsonl(a.gold)
    pred = predict([g for g in gold if is_tuning(g)] if a.tuning_only else gold)
    tune = [g for g in gold if is_tuning(g)]
    report = [g for g in gold if not is_tuning(g)]
    parts = (("tuning", tune),) if a.tuning_only else (("tuning", tune), ("report", report), ("whole", gold))
    for name, part in parts:
        s = score_events(part, pred)
        print(f"{name:7s} {len(part):4d} records  PLOVER accuracy {s.plover_acc:.3f}")
    if a.errors:
        by = {p["id"]: p for p in pred}
        for g in tune:
            evs = by[g["id"]].get("events") or []
            e = evs[0] if evs else {}
            if e.get("plover") != g["event"]:
                print(f"{g['event']:12s} -> {str(e.get('plover')):12s} trig={(e.get('trigger') or {}).get('text')!r:18s}"
                      f" pc={e.get('pentaclass')} | {g['text'][:160]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
