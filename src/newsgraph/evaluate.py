"""Scorers behind ``newsgraph eval``: the same metric definitions as the shared reference scorer.

Quotes: gold and predicted quote contents are compared as sets of character positions, after
trimming quote marks, spaces and edge punctuation from each segment; pairs are matched one-to-one,
best Jaccard first. A pair with Jaccard >= 0.5 is a lenient hit, >= 0.9 an exact hit. Speaker
mention accuracy: among lenient hits whose gold has a speaker span, the share whose predicted
speaker span overlaps it. Name accuracy: the predicted canonical name contains, or is contained in,
the gold speaker string (case-insensitive).

Places: exact-span and overlap recognition P/R/F1; Acc@161 km over recognised gold toponyms that
have coordinates or an id (same GeoNames id counts as 0 km); end-to-end F1@161.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

if TYPE_CHECKING:
    from newsgraph.settings import Settings

# Characters trimmed from both ends of a quote segment before comparing.
_TRIM = frozenset(" \t\n\r\u00a0\"'“”‘’«»„‟‚‛,.;:!?—–-…")

# Speech verbs, for the optional --speech-cues view (gold quotes whose cue is a plain speech verb).
SPEECH_CUES = frozenset("""say said says saying tell told tells telling add added adds explain explained
explains insist insisted insists claim claimed claims state stated states announce announced announces
according write wrote writes ask asked asks argue argued argues warn warned warns note noted notes declare
declared declares report reported reports continued acknowledged admitted suggested predicted predicting
called recalled vowed promised replied responded tweeted posted""".split())


def load_jsonl(path: str | Path) -> list[dict[str, Any]]:
    """JSONL lines, or a single JSON object file (as the seed gold is)."""
    data = Path(path).read_text(encoding="utf-8")
    stripped = data.strip()
    if stripped.startswith("{") and "\n{" not in stripped:
        try:
            return [json.loads(stripped)]
        except json.JSONDecodeError:
            pass
    # split on "\n" only: str.splitlines() also breaks on U+0085 and U+2028 inside JSON strings
    return [json.loads(line) for line in data.split("\n") if line.strip()]


def _chars(text: str, segments: Iterable[Iterable[int]]) -> set[int]:
    out: set[int] = set()
    for a, b in segments:
        a, b = max(0, a), min(len(text), b)
        while a < b and text[a] in _TRIM:
            a += 1
        while b > a and text[b - 1] in _TRIM:
            b -= 1
        out.update(range(a, b))
    return out


def _jaccard(x: set[int], y: set[int]) -> float:
    return len(x & y) / len(x | y) if x and y else 0.0


def _overlap(a0: int | None, a1: int | None, b0: int | None, b1: int | None) -> bool:
    return a0 is not None and b0 is not None and a0 < b1 and b0 < a1  # type: ignore[operator]


def _match(pairs: list[tuple[float, int, int]]) -> dict[int, tuple[int, float]]:
    """One-to-one matching, best score first: gold index -> (pred index, score)."""
    taken_g: set[int] = set()
    taken_p: set[int] = set()
    out = {}
    for score, gi, pi in sorted(pairs, reverse=True):
        if gi not in taken_g and pi not in taken_p:
            taken_g.add(gi)
            taken_p.add(pi)
            out[gi] = (pi, score)
    return out


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass
class QuoteScores:
    docs: int
    missing_docs: int
    gold: int
    pred: int
    lenient_p: float
    lenient_r: float
    lenient_f1: float
    exact_f1: float
    speaker_acc: float
    speaker_n: int
    name_acc: float
    name_n: int
    quote_speaker_f1: float

    def summary(self, subset: str) -> str:
        return (f"SUMMARY quotes subset={subset} lenientP={self.lenient_p:.3f} lenientR={self.lenient_r:.3f} "
                f"lenientF1={self.lenient_f1:.3f} exactF1={self.exact_f1:.3f} speakerAcc={self.speaker_acc:.3f} "
                f"nameAcc={self.name_acc:.3f} quoteSpeakerF1={self.quote_speaker_f1:.3f}")


def _pred_for(gold_doc: dict, preds: dict, n_gold: int, pred_list: list) -> dict | None:
    p = preds.get(gold_doc.get("id"))
    if p is None and n_gold == 1 and len(pred_list) == 1:  # a single article scored against its own output
        p = pred_list[0]
    return p


def score_quotes(gold: list[dict], pred: list[dict], subset: str = "all", speech_cues: bool = False) -> QuoteScores:
    by_id = {p.get("id"): p for p in pred}
    n = dict(g=0, p=0, lenient=0, exact=0, spk_n=0, spk_ok=0, both=0, name_n=0, name_ok=0)
    missing = 0
    for g in gold:
        text = g["text"]
        p = _pred_for(g, by_id, len(gold), pred)
        if p is None:
            missing += 1
            p = {}
        gq = [q for q in g.get("quotes", []) if subset == "all" or q.get("type") == subset]
        if speech_cues:
            gq = [q for q in gq if (q.get("cue") or "").lower().split()[-1:] and
                  (q.get("cue") or "").lower().split()[-1] in SPEECH_CUES]
        pq = [q for q in (p.get("quotes") or []) if subset == "all" or q.get("type") in (subset, None)]
        g_chars = [_chars(text, q.get("content_segments") or [[q["start"], q["end"]]]) for q in gq]
        p_chars = [_chars(text, q.get("segments") or [[q["start"], q["end"]]]) for q in pq]
        pairs = [(s, gi, pi) for gi, gc in enumerate(g_chars) for pi, pc in enumerate(p_chars)
                 if (s := _jaccard(gc, pc)) >= 0.5]
        matched = _match(pairs)
        n["g"] += len(gq)
        n["p"] += len(pq)
        n["lenient"] += len(matched)
        n["exact"] += sum(1 for _, s in matched.values() if s >= 0.9)
        for gi, (pi, _) in matched.items():
            gold_q, sp = gq[gi], pq[pi].get("speaker") or {}
            ok = True
            if gold_q.get("speaker_start") is not None:
                n["spk_n"] += 1
                ok = _overlap(sp.get("start"), sp.get("end"), gold_q["speaker_start"], gold_q["speaker_end"])
                n["spk_ok"] += ok
            n["both"] += ok
            if gold_q.get("speaker") and g.get("resolved_speakers", True) is not False and "name" in sp:
                n["name_n"] += 1
                a, b = (sp.get("name") or "").lower(), gold_q["speaker"].lower()
                n["name_ok"] += bool(a) and (b in a or a in b)
    lp, lr, lf = _prf(n["lenient"], n["p"], n["g"])
    _, _, ef = _prf(n["exact"], n["p"], n["g"])
    _, _, bf = _prf(n["both"], n["p"], n["g"])
    return QuoteScores(docs=len(gold), missing_docs=missing, gold=n["g"], pred=n["p"], lenient_p=lp, lenient_r=lr,
                       lenient_f1=lf, exact_f1=ef,
                       speaker_acc=n["spk_ok"] / n["spk_n"] if n["spk_n"] else 0.0, speaker_n=n["spk_n"],
                       name_acc=n["name_ok"] / n["name_n"] if n["name_n"] else 0.0, name_n=n["name_n"],
                       quote_speaker_f1=bf)


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


@dataclass
class PlaceScores:
    docs: int
    missing_docs: int
    gold: int
    pred: int
    exact_p: float
    exact_r: float
    exact_f1: float
    overlap_f1: float
    acc161: float
    resolved_n: int
    e2e_f1: float

    def summary(self) -> str:
        return (f"SUMMARY places recP={self.exact_p:.3f} recR={self.exact_r:.3f} recF1={self.exact_f1:.3f} "
                f"overlapF1={self.overlap_f1:.3f} acc161={self.acc161:.3f} e2eF1@161={self.e2e_f1:.3f}")


def score_places(gold: list[dict], pred: list[dict]) -> PlaceScores:
    by_id = {p.get("id"): p for p in pred}
    n_g = n_p = exact = overlap = res_n = res_ok = 0
    missing = 0
    for g in gold:
        p = _pred_for(g, by_id, len(gold), pred)
        if p is None:
            missing += 1
            p = {}
        gp, pp = g.get("places") or g.get("toponyms") or [], p.get("places") or []
        n_g += len(gp)
        n_p += len(pp)
        gold_spans = {(x["start"], x["end"]) for x in gp}
        exact += sum(1 for x in pp if (x["start"], x["end"]) in gold_spans)
        pairs = [(min(gx["end"], px["end"]) - max(gx["start"], px["start"]), gi, pi)
                 for gi, gx in enumerate(gp) for pi, px in enumerate(pp)
                 if _overlap(gx["start"], gx["end"], px["start"], px["end"])]
        matched = _match(pairs)
        overlap += len(matched)
        for gi, (pi, _) in matched.items():
            gx, px = gp[gi], pp[pi]
            if gx.get("lat") is None and gx.get("geonameid") is None:
                continue
            res_n += 1
            ok = gx.get("geonameid") is not None and gx.get("geonameid") == px.get("geonameid")
            if not ok and gx.get("lat") is not None and px.get("lat") is not None:
                ok = km(gx["lat"], gx["lon"], px["lat"], px["lon"]) <= 161
            res_ok += ok
    ep, er, ef = _prf(exact, n_p, n_g)
    _, _, of = _prf(overlap, n_p, n_g)
    _, _, e2e = _prf(res_ok, n_p, n_g)
    return PlaceScores(docs=len(gold), missing_docs=missing, gold=n_g, pred=n_p, exact_p=ep, exact_r=er, exact_f1=ef,
                       overlap_f1=of, acc161=res_ok / res_n if res_n else 0.0, resolved_n=res_n, e2e_f1=e2e)


def predict(gold: list[dict], *, batch_size: int = 16, progress: bool = False,
            settings: "Settings | None" = None) -> list[dict]:
    """Run the pipeline (with ``settings``, default from the environment) over gold documents'
    texts; one record dict (or error dict) per document."""
    from newsgraph.pipeline import default_pipeline
    from newsgraph.record import Article, Failure

    articles = [Article(id=str(g.get("id", i)), text=g["text"], title=g.get("title"), url=g.get("url") or None,
                        published=(g.get("published") or g.get("publication_date") or None))
                for i, g in enumerate(gold)]
    out = []
    results = default_pipeline(settings).analyze_many(articles, batch_size=batch_size)
    if progress:
        from rich.progress import track

        results = track(results, total=len(articles), description="analysing", console=_stderr())
    for r in results:
        out.append(r.to_dict() if not isinstance(r, Failure) else {"id": r.id, "error": r.reason})
    return out


def _stderr():
    from rich.console import Console

    return Console(stderr=True)


# -- events ---------------------------------------------------------------------------------------
# Scored exactly as ../shared/tools/score_events.py (tests/test_evaluate_events.py runs both on the
# same predictions): actor spans of every predicted event against the gold spans of the role (exact
# and overlap); a sentence's class is its first event's in text order (pentaclass macro-F1, PLOVER
# accuracy); ACLED types: the first event with a type, weighted F1 over the lines with an ACLED gold
# type, and the share of the other lines that still got one (false alarms).

CASE_TO_ACLED = {
    "ABDUCT_DISSAP": "Abduction/forced disappearance", "AGREEMENT": "Agreement",
    "AIR_STRIKE": "Air/drone strike", "ARMED_CLASH": "Armed clash", "ARREST": "Arrest",
    "ART_MISS_ATTACK": "Shelling/artillery/missile attack", "ATTACK": "Attack",
    "CHANGE_TO_GROUP_ACT": "Change to group/activity", "CHEM_WEAP": "Chemical weapon",
    "DISR_WEAP": "Disrupted weapons use", "FORCE_AGAINST_PROTEST": "Excessive force against protesters",
    "GOV_REGAINS_TERIT": "Government regains territory", "GRENADE": "Grenade",
    "HQ_ESTABLISHED": "Headquarters or base established", "MOB_VIOL": "Mob violence",
    "NON_STATE_ACTOR_OVERTAKES_TER": "Non-state actor overtakes territory",
    "NON_VIOL_TERRIT_TRANSFER": "Non-violent transfer of territory", "OTHER": "Other",
    "PEACE_PROTEST": "Peaceful protest", "PROPERTY_DISTRUCT": "Looting/property destruction",
    "PROTEST_WITH_INTER": "Protest with intervention", "REM_EXPLOS": "Remote explosive/landmine/IED",
    "SEX_VIOL": "Sexual violence", "SUIC_BOMB": "Suicide bomb", "VIOL_DEMONSTR": "Violent demonstration",
}
ACLED_TYPES = frozenset(CASE_TO_ACLED.values())


def _macro_f1(pairs: list[tuple[str, str]]) -> float:
    labels = {g for g, _ in pairs}
    f1s = [_prf(sum(1 for g, p in pairs if g == lab and p == lab), sum(1 for _, p in pairs if p == lab),
                sum(1 for g, _ in pairs if g == lab))[2] for lab in labels]
    return sum(f1s) / len(f1s) if f1s else 0.0


def _weighted_f1(pairs: list[tuple[str, str]]) -> float:
    counts: dict[str, int] = {}
    for g, _ in pairs:
        counts[g] = counts.get(g, 0) + 1
    total = sum(counts.values())
    return sum(n / total * _prf(sum(1 for g, p in pairs if g == lab and p == lab),
                                sum(1 for _, p in pairs if p == lab), n)[2] for lab, n in counts.items())


def _first_event(events: list[dict], key: str | None = None) -> dict | None:
    evs = sorted((e for e in events if key is None or e.get(key)), key=lambda e: (e.get("start", 0), e.get("end", 0)))
    return evs[0] if evs else None


def _span(x: Any) -> tuple[int, int] | None:
    return (x["start"], x["end"]) if isinstance(x, dict) and x.get("start") is not None else None


@dataclass
class EventScores:
    docs: int
    missing_docs: int
    actor_f1: float | None = None  # macro over source and target, exact spans
    actor_overlap_f1: float | None = None
    src_f1: float | None = None
    tgt_f1: float | None = None
    src_p: float | None = None
    src_r: float | None = None
    tgt_p: float | None = None
    tgt_r: float | None = None
    penta_f1: float | None = None
    penta_n: int = 0
    plover_acc: float | None = None
    plover_n: int = 0
    acled_wf1: float | None = None
    acled_acc: float | None = None
    acled_n: int = 0
    false_alarm: float | None = None
    other_n: int = 0
    other_alarm: int = 0

    def summary(self) -> str:
        keys = [("actorF1", self.actor_f1), ("actorOverlapF1", self.actor_overlap_f1), ("srcF1", self.src_f1),
                ("tgtF1", self.tgt_f1), ("pentaF1", self.penta_f1), ("ploverAcc", self.plover_acc),
                ("acledWF1", self.acled_wf1), ("acledAcc", self.acled_acc), ("falseAlarm", self.false_alarm)]
        return "SUMMARY events " + " ".join(f"{k}={v:.3f}" for k, v in keys if v is not None)


def score_events(gold: list[dict], pred: list[dict]) -> EventScores:
    """Event scores of ``pred`` (records) against ``gold`` (Multi-CoPED, PLOVER records or ACLED-typed
    lines), as the reference scorer computes them."""
    by_id = {p.get("id"): p for p in pred}
    act = {r: {"g": 0, "p": 0, "tp": 0, "ov": 0} for r in ("source", "target")}
    penta: list[tuple[str, str]] = []
    plover: list[tuple[str, str]] = []
    acled: list[tuple[str, str]] = []
    other_n = other_alarm = missing = 0
    for g in gold:
        p = by_id.get(g["id"])
        if p is None:
            missing += 1
        evs = (p or {}).get("events") or []
        if "actors" in g:
            for role in ("source", "target"):
                gs = {(x["start"], x["end"]) for x in g["actors"] if x["role"] == role}
                ps = {_span(e.get(role)) for e in evs} - {None}
                c = act[role]
                c["g"] += len(gs)
                c["p"] += len(ps)
                c["tp"] += len(gs & ps)
                c["ov"] += sum(1 for s in ps if any(s[0] < b and a < s[1] for a, b in gs))  # type: ignore[index]
        if g.get("pentaclass"):
            e = _first_event(evs)
            penta.append((g["pentaclass"], (e or {}).get("pentaclass") or "none"))
        if "event" in g:
            e = _first_event(evs)
            plover.append((g["event"], (e or {}).get("plover") or "none"))
        if "subtype" in g:
            want = CASE_TO_ACLED.get(g["subtype"], g["subtype"])
            e = _first_event(evs, "type")
            got = (e or {}).get("type") or "none"
            if want in ACLED_TYPES:
                acled.append((want, got))
            else:
                other_n += 1
                other_alarm += got in ACLED_TYPES
    s = EventScores(docs=len(gold), missing_docs=missing)
    if any(act[r]["g"] for r in act):
        (s.src_p, s.src_r, s.src_f1), (s.tgt_p, s.tgt_r, s.tgt_f1) = (
            _prf(act[r]["tp"], act[r]["p"], act[r]["g"]) for r in ("source", "target"))
        s.actor_f1 = (s.src_f1 + s.tgt_f1) / 2
        s.actor_overlap_f1 = sum(_prf(act[r]["ov"], act[r]["p"], act[r]["g"])[2] for r in act) / 2
    if penta:
        s.penta_f1, s.penta_n = _macro_f1(penta), len(penta)
    if plover:
        s.plover_acc, s.plover_n = sum(1 for x, y in plover if x == y) / len(plover), len(plover)
    if acled:
        s.acled_wf1, s.acled_n = _weighted_f1(acled), len(acled)
        s.acled_acc = sum(1 for x, y in acled if x == y) / len(acled)
    if other_n:
        s.false_alarm, s.other_n, s.other_alarm = other_alarm / other_n, other_n, other_alarm
    return s
