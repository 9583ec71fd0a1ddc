"""``newsgraph eval events`` scores exactly as the reference scorer (../shared/tools/score_events.py):
both run on the same perturbed predictions for every kind of event gold, and print the same summary."""
from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, SHARED

from newsgraph.evaluate import ACLED_TYPES, CASE_TO_ACLED, load_jsonl, score_events

ACLED_GOLD = ROOT / "benchmarks" / "gold" / "acled_war.jsonl"
REFERENCE = SHARED / "tools" / "score_events.py"
PENTAS = ["statement", "verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict"]
PLOVERS = ["AGREE", "DEMAND", "REJECT", "THREATEN", "PROTEST", "ASSAULT", "FIGHT", "COERCE"]


def _perturb(gold: list[dict], rng: random.Random) -> list[dict]:
    """Predictions near the gold: actor spans kept, shifted or dropped, classes right or wrong, a
    second event before or after, lines missing."""
    preds = []
    for g in gold:
        if rng.random() < 0.05:
            continue
        evs = []
        for k in range(rng.choice([0, 1, 1, 2])):
            ev = {"start": rng.choice([0, 5]) + k, "end": 50, "type": None, "pentaclass": None, "plover": None,
                  "source": None, "target": None}
            for a in g.get("actors", []):
                if rng.random() < 0.7:
                    ev[a["role"]] = {"start": a["start"] + rng.choice([0, 0, 1]), "end": a["end"]}
            ev["pentaclass"] = g.get("pentaclass") if rng.random() < 0.6 else rng.choice(PENTAS)
            ev["plover"] = g.get("event") if rng.random() < 0.5 else rng.choice(PLOVERS)
            want = CASE_TO_ACLED.get(g.get("subtype") or "", g.get("subtype"))
            ev["type"] = want if rng.random() < 0.7 else rng.choice(sorted(ACLED_TYPES) + [None])
            evs.append(ev)
        preds.append({"id": g["id"], "events": evs})
    return preds


def _reference(gold_path: Path, pred: list[dict], tmp_path: Path) -> str:
    pred_path = tmp_path / "pred.jsonl"
    pred_path.write_text("".join(json.dumps(p) + "\n" for p in pred), encoding="utf-8")
    out = subprocess.run([sys.executable, str(REFERENCE), str(gold_path), str(pred_path)],
                         capture_output=True, text=True, check=True).stdout
    return out.strip().splitlines()[-1]


GOLDS = [ACLED_GOLD, SHARED / "eval" / "events" / "multicoped_test.jsonl", SHARED / "eval" / "events" / "plover_gsr.jsonl"]


@pytest.mark.skipif(not REFERENCE.exists(), reason="../shared reference scorer not present")
@pytest.mark.parametrize("path", GOLDS, ids=lambda p: p.stem)
def test_event_scorer_agrees_with_reference(tmp_path, path):
    if not path.exists():
        pytest.skip(f"{path} not present")
    gold = load_jsonl(path)
    pred = _perturb(gold, random.Random(11))
    assert score_events(gold, pred).summary() == _reference(path, pred, tmp_path)


def test_event_scores_by_hand():
    gold = [{"id": "a", "text": "x", "subtype": "Armed clash"}, {"id": "b", "text": "y", "subtype": "Arrest"},
            {"id": "c", "text": "z", "subtype": None}, {"id": "d", "text": "w", "subtype": None}]
    pred = [{"id": "a", "events": [{"start": 9, "type": "Attack"}, {"start": 2, "type": "Armed clash"}]},
            {"id": "b", "events": [{"start": 0, "type": None}, {"start": 3, "type": "Attack"}]},
            {"id": "c", "events": [{"start": 0, "type": "Arrest"}]}, {"id": "d", "events": []}]
    s = score_events(gold, pred)
    assert s.acled_acc == 0.5 and s.false_alarm == 0.5 and s.other_alarm == 1
    assert s.acled_wf1 == pytest.approx(0.5 * 1.0 + 0.5 * 0.0)


def test_eval_events_command_on_saved_predictions(tmp_path):
    from newsgraph.cli import main

    gold = load_jsonl(ACLED_GOLD)[:3]
    gpath, ppath = tmp_path / "g.jsonl", tmp_path / "p.jsonl"
    gpath.write_text("".join(json.dumps(g) + "\n" for g in gold))
    ppath.write_text("".join(json.dumps({"id": g["id"], "events": [{"start": 0, "type": g["subtype"]}]}) + "\n"
                             for g in gold))
    out = CliRunner().invoke(main, ["eval", "events", str(gpath), "--pred", str(ppath)])
    assert out.exit_code == 0, out.output
    assert "SUMMARY events acledWF1=1.000 acledAcc=1.000" in out.output


def test_the_acled_gold_set_is_consistent():
    docs = load_jsonl(ACLED_GOLD)
    assert len(docs) >= 300 and len({d["id"] for d in docs}) == len(docs)
    counts: dict = {}
    for d in docs:
        assert d["subtype"] is None or d["subtype"] in ACLED_TYPES, d
        counts[d["subtype"]] = counts.get(d["subtype"], 0) + 1
    assert set(counts) - {None} == ACLED_TYPES and min(counts.values()) >= 8 and counts[None] >= 40
