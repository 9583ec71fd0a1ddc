#!/usr/bin/env python3
"""The ACLED-typed gold (benchmarks/gold/acled_war.jsonl) scored on its two parts: the tuning part
(acled-0001..0226, the first two batches) and the held-out part (acled-0227..0340, written last and
not looked at while tuning the rules), with the lines the extractor got wrong.

    python benchmarks/acled_split.py [--pred PRED.jsonl] [--errors]
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "benchmarks" / "gold" / "acled_war.jsonl"
TUNE_LAST = 226  # ids up to acled-0226 are the tuning part


def part(gold_id: str) -> str:
    return "tuned" if int(gold_id.split("-")[1]) <= TUNE_LAST else "held_out"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pred")
    ap.add_argument("--errors", action="store_true")
    ap.add_argument("--part", choices=["tuned", "held_out"], help="list errors of this part only")
    a = ap.parse_args()
    from newsgraph.evaluate import _first_event, load_jsonl, predict, score_events

    gold = load_jsonl(GOLD)
    pred = load_jsonl(a.pred) if a.pred else predict(gold)
    by_id = {p["id"]: p for p in pred}
    for name in ("tuned", "held_out"):
        g = [x for x in gold if part(x["id"]) == name]
        s = score_events(g, pred)
        print(f"{name:9s} lines={len(g)} acledWF1={s.acled_wf1:.3f} acc={s.acled_acc:.3f} "
              f"falseAlarm={s.false_alarm:.3f} ({s.other_alarm}/{s.other_n})")
    if a.errors:
        for x in gold:
            if a.part and part(x["id"]) != a.part:
                continue
            e = _first_event(by_id.get(x["id"], {}).get("events") or [], "type")
            got = (e or {}).get("type")
            if got != x["subtype"]:
                trig = (e or {}).get("trigger", {}).get("text")
                print(f"{x['id']} gold={x['subtype']!s:35} got={got!s:35} [{trig}] {x['text'][:110]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
