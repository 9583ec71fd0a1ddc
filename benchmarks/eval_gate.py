#!/usr/bin/env python3
"""Evaluation gate (CI): score the pipeline on the shared gold data and fail below pinned floors.

Floors live in eval_floors.json at the repo root; raise them as the extractors improve, never lower
them to make a change pass. Other people's gold data is read from ../shared at run time (never
committed); the war-reporting set written for the project (benchmarks/gold/) is always scored.

    python benchmarks/eval_gate.py [--shared ../shared] [--only quotes|places|events|statements] [--report out.json]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def score_event_sets(run, shared: Path, score_events) -> dict[str, float]:
    """Events: the ACLED-typed set written for newsgraph (always; its held-out part on its own too,
    and the share of its no-event lines left without an ACLED type), Multi-CoPED test and the PLOVER
    records when ../shared is there."""
    out: dict[str, float] = {}
    gold, pred = run("acled_war", [ROOT / "benchmarks" / "gold" / "acled_war.jsonl"])
    s = score_events(gold, pred)
    print("  " + s.summary())
    held = score_events([g for g in gold if int(g["id"].split("-")[1]) > 226], pred)
    print("  held-out part: " + held.summary())
    out.update({"events.acled_war.weighted_f1": s.acled_wf1, "events.acled_war.held_out_weighted_f1": held.acled_wf1,
                "events.acled_war.no_false_alarm": 1 - s.false_alarm})
    events_dir = shared / "eval" / "events"
    if (events_dir / "multicoped_test.jsonl").exists():
        gold, pred = run("multicoped_test", [events_dir / "multicoped_test.jsonl"])
        s = score_events(gold, pred)
        print("  " + s.summary())
        out.update({"events.multicoped_test.actor_f1": s.actor_f1, "events.multicoped_test.penta_f1": s.penta_f1})
    if (events_dir / "plover_gsr.jsonl").exists():
        gold, pred = run("plover_gsr", [events_dir / "plover_gsr.jsonl"])
        s = score_events(gold, pred)
        print("  " + s.summary())
        out["events.plover_gsr.plover_acc"] = s.plover_acc
    return out


def score_statements() -> dict[str, float]:
    """Statements and copies (issue 19) on benchmarks/gold/statements_gold.jsonl, through
    benchmarks/statements_eval.py: pair precision and recall, statements across two speakers (as
    1 - that count, floor 1.0: none allowed) and whether the incremental build equals a rebuild."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import statements_eval

    out = statements_eval.run(verbose=False)
    s, c = out["statements"], out["copies"]
    print(f"[statements] statements P {s['precision']:.4f} R {s['recall']:.4f}; copies P {c['precision']:.4f}"
          f" R {c['recall']:.4f}; across speakers {out['statements_across_speakers']};"
          f" incremental == rebuild {out['incremental_equals_rebuild']}", flush=True)
    return {"statements.pairs.precision": s["precision"], "statements.pairs.recall": s["recall"],
            "statements.copies.precision": c["precision"], "statements.copies.recall": c["recall"],
            "statements.none_across_speakers": 1.0 if out["statements_across_speakers"] == 0 else 0.0,
            "statements.incremental_equals_rebuild": 1.0 if out["incremental_equals_rebuild"] else 0.0}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--only", choices=["quotes", "places", "events", "statements"])
    ap.add_argument("--report", help="write the measured figures here as JSON")
    args = ap.parse_args()
    shared = Path(args.shared)

    from newsgraph.evaluate import load_jsonl, predict, score_events, score_places, score_quotes

    floors = json.loads((ROOT / "eval_floors.json").read_text())
    measured: dict[str, float] = {}

    from newsgraph.settings import Settings

    def run(name: str, paths: list[Path], settings: Settings | None = None):
        gold = [d for p in paths for d in load_jsonl(p)]
        t0 = time.perf_counter()
        pred = predict(gold, settings=settings)
        words = sum(len(d["text"].split()) for d in gold)
        print(f"[{name}] {len(gold)} docs, {words} words analysed in {time.perf_counter() - t0:.1f}s", flush=True)
        return gold, pred

    # War reporting written for newsgraph (benchmarks/gold/README.md): in the repo, so always scored.
    war_gold = ROOT / "benchmarks" / "gold" / "war_reporting.jsonl"
    if args.only in (None, "statements"):
        measured.update(score_statements())
    if args.only in (None, "events"):
        measured.update(score_event_sets(run, shared, score_events))
    if args.only in ("events", "statements"):
        gold, pred = [], []
    else:
        gold, pred = run("war_reporting", [war_gold])
    if args.only in (None, "quotes"):
        s = score_quotes(gold, pred)
        print("  " + s.summary("all"))
        measured.update({"war.quotes.lenient_f1": s.lenient_f1, "war.quotes.speaker_acc": s.speaker_acc,
                         "war.quotes.name_acc": s.name_acc})
    if args.only in (None, "places"):
        p = score_places(gold, pred)
        print("  " + p.summary())
        measured.update({"war.places.exact_f1": p.exact_f1, "war.places.acc161": p.acc161})

    seed = shared / "seed" / "000_40988a4c96d5f927.gold.json"
    if not seed.exists():
        print(f"[shared] {shared} has no gold data: only the war-reporting set is scored", flush=True)
    elif args.only in (None, "quotes"):
        gold, pred = run("seed", [seed])
        s = score_quotes(gold, pred)
        measured.update({"seed.quotes.lenient_recall": s.lenient_r, "seed.quotes.speaker_acc": s.speaker_acc,
                         "seed.quotes.name_acc": s.name_acc})
        p = score_places(gold, pred)
        measured.update({"seed.places.exact_f1": p.exact_f1, "seed.places.acc161": p.acc161})
        # PolNeAR annotates a partial quote as the reported clause around the quoted words, and the
        # object of an act or a stance ('condemned the strikes') as an attribution: scored in that
        # convention (the settings partial_quotes=clause, attributions=all), as its users would run it.
        gold, pred = run("polnear_dev", [shared / "eval" / "quotes" / "polnear_dev.jsonl"],
                         Settings.resolve().replace(partial_quotes="clause", attributions="all"))
        for subset in ("all", "direct"):
            s = score_quotes(gold, pred, subset=subset)
            print("  " + s.summary(subset))
            measured.update({f"polnear_dev.{subset}.lenient_f1": s.lenient_f1,
                             f"polnear_dev.{subset}.exact_f1": s.exact_f1,
                             f"polnear_dev.{subset}.speaker_acc": s.speaker_acc})
    if seed.exists() and args.only in (None, "places"):
        corpora = [shared / "eval" / "places" / f"{c}.jsonl" for c in ("lgl", "trnews", "geovirus")]
        gold, pred = run("places", [c for c in corpora if c.exists()])
        p = score_places(gold, pred)
        print("  " + p.summary())
        measured.update({"places_pooled.exact_f1": p.exact_f1, "places_pooled.acc161": p.acc161})

    failed = []
    print(f"\n{'metric':40} {'measured':>9} {'floor':>7}")
    for key, value in sorted(measured.items()):
        floor = floors.get(key)
        mark = ""
        if floor is not None and value + 1e-9 < floor:
            failed.append(key)
            mark = "  << BELOW FLOOR"
        print(f"{key:40} {value:9.3f} {floor if floor is not None else '-':>7}{mark}")
    if args.report:
        Path(args.report).write_text(json.dumps(measured, indent=2))
    if failed:
        print(f"\nEVAL GATE FAILED: {', '.join(failed)} below the floors in eval_floors.json")
        return 1
    print("\nEVAL GATE PASSED")
    return 0


if __name__ == "__main__":
    sys.exit(main())
