"""The eval scorers: hand-computed cases, and agreement with the shared reference scorer."""
from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from newsgraph.evaluate import score_places, score_quotes

from conftest import SHARED

TEXT = 'The mayor said: "We will rebuild the bridge by May." Officials said the road would reopen.'


def gold_doc():
    a = TEXT.index("We will")
    b = TEXT.index(" by May") + len(" by May.")
    c = TEXT.index("the road")
    return {"id": "g1", "text": TEXT, "quotes": [
        {"start": a, "end": b, "type": "direct", "speaker": "the mayor", "speaker_start": 0, "speaker_end": 9},
        {"start": c, "end": len(TEXT) - 1, "type": "indirect", "speaker": "Officials",
         "speaker_start": TEXT.index("Officials"), "speaker_end": TEXT.index("Officials") + 9}]}


def test_quote_scores_by_hand():
    g = gold_doc()
    a = TEXT.index("We will")
    # one exact hit with the right speaker, one spurious prediction, one gold quote missed
    pred = {"id": "g1", "quotes": [
        {"start": a - 1, "end": a + 34, "type": "direct", "speaker": {"name": "The Mayor", "start": 4, "end": 9}},
        {"start": 0, "end": 9, "type": "indirect", "speaker": None}]}
    s = score_quotes([g], [pred])
    assert (s.gold, s.pred) == (2, 2)
    assert s.lenient_p == 0.5 and s.lenient_r == 0.5
    assert s.exact_f1 == 0.5
    assert s.speaker_acc == 1.0 and s.name_acc == 1.0
    direct = score_quotes([g], [pred], subset="direct")
    assert direct.gold == 1 and direct.pred == 1 and direct.lenient_f1 == 1.0


def test_half_overlap_is_lenient_not_exact():
    g = gold_doc()
    q = g["quotes"][0]
    mid = (q["start"] + q["end"]) // 2 + 2
    s = score_quotes([g], [{"id": "g1", "quotes": [{"start": q["start"], "end": mid, "speaker": None}]}])
    assert s.lenient_f1 > 0 and s.exact_f1 == 0


def test_place_scores_by_hand():
    text = "Shelling hit Kharkiv and Paris."
    k, p = text.index("Kharkiv"), text.index("Paris")
    gold = [{"id": "d", "text": text, "toponyms": [
        {"start": k, "end": k + 7, "geonameid": 706483, "lat": 49.98, "lon": 36.25},
        {"start": p, "end": p + 5, "geonameid": 2988507, "lat": 48.85, "lon": 2.35}]}]
    pred = [{"id": "d", "places": [
        {"start": k, "end": k + 7, "geonameid": 706483, "lat": 49.98, "lon": 36.25},
        {"start": p, "end": p + 5, "geonameid": 4717560, "lat": 33.66, "lon": -95.55}]}]  # Paris, Texas
    s = score_places(gold, pred)
    assert s.exact_f1 == 1.0 and s.acc161 == 0.5 and s.e2e_f1 == 0.5


def _perturb_quotes(gold, rng):
    preds = []
    for g in gold:
        qs = []
        for q in g["quotes"]:
            r = rng.random()
            if r < 0.2:
                continue  # missed
            shift = rng.choice([0, 0, 3, -3, 25])
            sp = None
            if q.get("speaker_start") is not None and rng.random() < 0.8:
                sp = {"name": q["speaker"] if rng.random() < 0.7 else "someone", "start": q["speaker_start"],
                      "end": q["speaker_end"]}
            qs.append({"start": max(0, q["start"] + shift), "end": q["end"], "type": q.get("type"), "speaker": sp})
        if g["quotes"] and rng.random() < 0.3:
            qs.append({"start": 0, "end": 40, "type": "indirect", "speaker": None})  # spurious
        preds.append({"id": g["id"], "quotes": qs})
    return preds


def _reference(kind, gold_path, pred, tmp_path, *extra):
    pred_path = tmp_path / "pred.jsonl"
    pred_path.write_text("".join(json.dumps(p) + "\n" for p in pred), encoding="utf-8")
    out = subprocess.run([sys.executable, str(SHARED / "tools" / "score.py"), kind, str(gold_path), str(pred_path),
                          *extra], capture_output=True, text=True, check=True).stdout
    return out.strip().splitlines()[-1]


@pytest.mark.skipif(not (SHARED / "eval").is_dir(), reason="../shared gold data not present")
@pytest.mark.parametrize("subset", ["all", "direct"])
def test_quote_scorer_agrees_with_reference(tmp_path, subset):
    from newsgraph.evaluate import load_jsonl

    path = SHARED / "eval" / "quotes" / "polnear_dev.jsonl"
    gold = load_jsonl(path)
    pred = _perturb_quotes(gold, random.Random(7))
    ours = score_quotes(gold, pred, subset=subset).summary(subset)
    assert ours == _reference("quotes", path, pred, tmp_path, "--subset", subset)


@pytest.mark.skipif(not (SHARED / "eval").is_dir(), reason="../shared gold data not present")
def test_place_scorer_agrees_with_reference(tmp_path):
    from newsgraph.evaluate import load_jsonl

    path = SHARED / "eval" / "places" / "trnews.jsonl"
    gold = load_jsonl(path)
    rng = random.Random(3)
    pred = [{"id": g["id"], "places": [
        {"start": t["start"] + rng.choice([0, 0, 0, 1]), "end": t["end"],
         "geonameid": t.get("geonameid") if rng.random() < 0.6 else None,
         "lat": (t.get("lat") or 0) + rng.choice([0, 0.5, 5]), "lon": t.get("lon") or 0}
        for t in g["toponyms"] if rng.random() < 0.85]} for g in gold]
    assert score_places(gold, pred).summary() == _reference("places", path, pred, tmp_path)


def test_the_war_reporting_gold_set_is_consistent():
    # every span of the committed gold set points at its own text (the eval gate scores it on every run)
    path = Path(__file__).resolve().parent.parent / "benchmarks" / "gold" / "war_reporting.jsonl"
    docs = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    assert len(docs) == 51 and len({d["id"] for d in docs}) == 51
    for d in docs:
        t = d["text"]
        for q in d["quotes"]:
            assert t[q["start"]:q["end"]] == q["text"] and q["type"] in ("direct", "indirect", "mixed")
            assert t[q["cue_start"]:q["cue_end"]] == q["cue"]
            assert 0 <= q["speaker_start"] < q["speaker_end"] <= len(t)
        for p in d["places"]:
            assert t[p["start"]:p["end"]] == p["text"] and -90 <= p["lat"] <= 90 and -180 <= p["lon"] <= 180
