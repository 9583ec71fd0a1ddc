"""Who acted on whom: candidate actor spans, their features, and the source/target decision."""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from newsgraph.extract.events.models.features import lexicon_hits
from newsgraph.extract.events.models.linear import actor_model
from newsgraph.extract.events.models.view import View, view
from newsgraph.extract.events.models.words import REPORTING

ActorSpan = tuple[int, int]


_NOMINAL = frozenset({"NOUN", "PROPN", "PRON", "NUM", "X"})
_ARTICLES = frozenset({"the", "a", "an"})
_CUT_DEPS = frozenset({"relcl", "acl", "advcl", "punct", "cc", "prep", "appos", "conj"})
_BAD_FIRST = frozenset({"ADP", "CCONJ", "SCONJ", "VERB", "AUX", "PART"})
_BAD_LAST = frozenset({"ADP", "CCONJ", "DET", "AUX"})
_HEAD_SKIP = frozenset({"compound", "poss", "nummod", "npadvmod", "quantmod"})
_ENT_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})


def _trim(v: View, a: int, b: int) -> tuple[int, int]:
    """Drop trailing punctuation (except a closing bracket whose opener is inside) from [a, b]."""
    o = v.start
    while b > a and v.punct[b - o] and not (v.text[b - o] == ")" and "(" in v.text[a - o:b - o]):
        b -= 1
    while a < b and v.punct[a - o] and v.text[a - o] != "(":
        a += 1
    return a, b


def candidates(sent: Span | View) -> list[tuple[int, int, int, str]]:
    """Candidate actor spans in ``sent`` as (first token i, last token i, head token i, variant), one per
    distinct span: for every nominal head its left part ('the Swiss court'), whole subtree, subtree cut
    before its first clause/prepositional child, head plus first prepositional phrase ('Rebels in the
    Ivory Coast'), each without a leading article too; and every named entity."""
    v = sent if isinstance(sent, View) else view(sent)
    o = v.start
    out: dict[tuple[int, int], tuple[int, int, int, str]] = {}

    def add(a: int, b: int, head: int, variant: str) -> None:
        if b < a or a < v.start or b >= v.end:
            return
        a, b = _trim(v, a, b)
        if v.pos[a - o] in _BAD_FIRST or v.pos[b - o] in _BAD_LAST:
            return
        out.setdefault((a, b), (a, b, head, variant))
        if v.lower[a - o] in _ARTICLES and a < b:
            out.setdefault((a + 1, b), (a + 1, b, head, variant + "_noart"))

    for h in range(v.start, v.end):
        if v.pos[h - o] not in _NOMINAL or v.dep[h - o] in _HEAD_SKIP:
            continue
        le, re_ = v.le[h - o], v.re[h - o]
        add(le, h, h, "left")
        add(le, re_, h, "full")
        cut = re_
        first_prep = None
        for c in v.kids[h - o]:
            if c > h and v.dep[c - o] in _CUT_DEPS:
                cut = v.le[c - o] - 1
                if v.dep[c - o] == "prep" and c == cut + 1:
                    first_prep = c
                break
        add(le, cut, h, "cut")
        if first_prep is not None:
            pe = v.re[first_prep - o]
            for c in range(first_prep + 1, v.re[first_prep - o] + 1):
                if v.dep[c - o] in ("relcl", "acl", "advcl", "prep") and v.head[c - o] != first_prep:
                    pe = min(pe, v.le[c - o] - 1)
            add(le, pe, h, "pp1")
    for es, ee, label, eroot in v.ents:
        if label in _ENT_LABELS:
            add(es, ee - 1, eroot, "ent")
    return list(out.values())


# --- actor features ------------------------------------------------------------------------------

def _bucket(n: int) -> str:
    return str(n) if n < 4 else ("4-6" if n < 7 else ("7-10" if n < 11 else "11+"))


def _path_up(v: View, i: int, target: int, limit: int = 5) -> str | None:
    """Dependency labels from token ``i`` up to ``target`` ('nsubj', 'pobj>prep=on'), or None if not an ancestor."""
    o = v.start
    labels = []
    cur = i
    for _ in range(limit):
        if cur == target:
            return ">".join(labels) or "self"
        hd = v.head[cur - o]
        if hd == cur:
            return None
        d = v.dep[cur - o]
        labels.append(d + ("=" + v.lower[cur - o] if d in ("prep", "agent") else ""))
        cur = hd
    return ">".join(labels) if cur == target else None


_CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "conj", "parataxis", "pcomp"})


def _clause_path(v: View, i: int, trigger: int) -> str:
    """The clause links between token ``i`` and the trigger: 'main' when none, else the first one met
    going up ('relcl' for a noun inside a relative clause), or 'other' when the trigger is not above it."""
    o = v.start
    cur = i
    for _ in range(12):
        if cur == trigger:
            return "main"
        if v.dep[cur - o] in _CLAUSE_DEPS:
            below = cur
            up = v.head[cur - o]
            for _ in range(12):
                if up == trigger:
                    return v.dep[below - o]
                if v.head[up - o] == up:
                    break
                up = v.head[up - o]
            return "other"
        if v.head[cur - o] == cur:
            return "other"
        cur = v.head[cur - o]
    return "other"


def trigger_context(sent: Span | View, trigger: Token | int) -> dict:
    """What ``actor_features`` needs about the trigger, computed once per event: its stem, the first
    PLOVER type and pentaclass the lexicon gives it (or 'none'), the sentence's first subject."""
    v = sent if isinstance(sent, View) else view(sent)
    t = trigger if isinstance(trigger, int) else trigger.i
    hits = lexicon_hits(v, t)
    first_subject = next((k + v.start for k, d in enumerate(v.dep) if d in ("nsubj", "nsubjpass")), None)
    return {"stem": v.stem[t - v.start], "pl": hits[0][2] if hits else "none", "pc": hits[0][3] if hits else "none",
            "first_subject": first_subject}


def actor_features(sent: Span | View, cand: tuple[int, int, int, str], trigger: Token | int,
                   ctx: dict | None = None) -> list[str]:
    """Named features of one candidate span (see ``candidates``) for the event at ``trigger``."""
    v = sent if isinstance(sent, View) else view(sent)
    t = trigger if isinstance(trigger, int) else trigger.i
    if ctx is None:
        ctx = trigger_context(v, t)
    f = ["bias"]
    _span_features(v, cand, f)
    _relation_features(v, cand, t, ctx, f)
    return f


def _span_features(v: View, cand: tuple[int, int, int, str], f: list[str]) -> None:
    """The candidate's own shape: head's label, POS and entity type, variant, length, first and next
    words, what follows the head inside the span and right after it ('Rebels | in the Ivory Coast')."""
    o = v.start
    a, b, h, var = cand
    hd, hpos = v.dep[h - o], v.pos[h - o]
    f += ["v=" + var, "dep=" + hd, "pos=" + hpos, "v_dep=%s|%s" % (var, hd)]
    ent = v.ent[h - o] or "none"
    f.append("ent=" + ent)
    f.append("v_ent=%s|%s" % (var, ent))
    if hpos == "PRON":
        f.append("pron=" + v.lower[h - o])
    elif hpos == "NOUN":
        f.append("hw=" + v.stem[h - o])
        f.append("hw_dep=%s|%s" % (v.stem[h - o], hd))
    n = b - a + 1
    f.append("len=" + _bucket(n))
    f.append("v_len=%s|%s" % (var, _bucket(n)))
    f.append("first_pos=" + v.pos[a - o])
    if v.lower[a - o] in _ARTICLES:
        f.append("first_art=" + v.lower[a - o])
    f.append("last_is_head=%d" % (b == h))
    if b > h:
        t0 = h + 1 - o
        f.append("tail_first=" + (v.lower[t0] if v.pos[t0] in ("ADP", "PUNCT", "CCONJ", "PRON") else v.pos[t0]))
        f.append("tail_len=" + _bucket(b - h))
        f.append("tail_verb=%d" % ("VERB" in v.pos[t0:b + 1 - o]))
        f.append("tail_ent=%d" % any(v.ent[t0:b + 1 - o]))
    right = [c for c in v.kids[h - o] if c > h]
    if right:
        r0 = right[0]
        rd = v.dep[r0 - o]
        key = rd + ("=" + v.lower[r0 - o] if rd in ("prep", "punct", "cc") else "")
        f.append("v_r0=%s|%s" % (var, key))
        robj = next((g for g in v.kids[r0 - o] if v.dep[g - o] == "pobj"), None)
        if robj is not None:
            f.append("v_r0obj=%s|%s|%s" % (var, key, v.ent[robj - o] or v.pos[robj - o]))
    if b + 1 < v.end:
        k = b + 1 - o
        f.append("next=" + (v.lower[k] if v.punct[k] or v.pos[k] in ("ADP", "CCONJ", "AUX", "PART") else v.pos[k]))
    else:
        f.append("next=END")
    if a > v.start:
        k = a - 1 - o
        f.append("prev=" + (v.lower[k] if v.punct[k] or v.pos[k] in ("ADP", "CCONJ", "DET") else v.pos[k]))
    else:
        f.append("prev=START")
    ents = set(v.ent[a - o:b + 1 - o])
    f.append("has_person=%d" % ("PERSON" in ents))
    f.append("has_gpe=%d" % bool(ents & {"GPE", "NORP"}))
    f.append("has_org=%d" % ("ORG" in ents))
    f.append("cap_first=%d" % v.title[a - o])


def _relation_features(v: View, cand: tuple[int, int, int, str], t: int, ctx: dict, f: list[str]) -> None:
    """Where the candidate stands to the trigger: dependency path up to it (or to the root), side and
    distance, governor and preposition, the trigger's word and lexicon class crossed with the path,
    reporting-verb subjects, passive agents, the clause link between them."""
    o = v.start
    a, b, h, var = cand
    hd = v.dep[h - o]
    path = _path_up(v, h, t)
    if path is not None:
        p0 = path.split(">")[0]
        f.append("tpath=" + path)
        f.append("tpath0=" + p0)
        f.append("v_tpath0=%s|%s" % (var, p0))
    else:
        p0 = "none"
        f.append("tpath=none")
        rpath = _path_up(v, h, v.root)
        f.append("rpath=" + (rpath if rpath is not None else "none"))
        f.append("rpath0=" + (rpath.split(">")[0] if rpath else "none"))
    f.append("side=%s" % ("before" if b < t else ("after" if a > t else "covers")))
    f.append("dist=" + _bucket(abs((b if b < t else a) - t)))
    gov = v.head[h - o]
    if hd == "pobj":
        prep = v.lower[gov - o]
        f.append("prep=" + prep)
        f.append("prep_head_pos=%s|%s" % (prep, v.pos[v.head[gov - o] - o]))
        f.append("prep_head_is_trig=%s|%d" % (prep, v.head[gov - o] == t))
        gov = v.head[gov - o]
    f.append("gov_pos=" + v.pos[gov - o])
    f.append("gov=" + v.stem[gov - o])
    f.append("gov_rep=%d" % (v.stem[gov - o] in REPORTING))
    f.append("trig=" + ctx["stem"])
    f.append("trig_dep=%s|%s" % (ctx["stem"], p0))
    f.append("pl_dep=%s|%s" % (ctx["pl"], p0))
    f.append("pc_dep=%s|%s" % (ctx["pc"], p0))
    f.append("pc_side=%s|%s|%s" % (ctx["pc"], "before" if b < t else "after", hd))
    f.append("trig_pos=" + v.pos[t - o])
    hh = v.head[h - o]
    if hd in ("nsubj", "nsubjpass") and v.stem[hh - o] in REPORTING:
        f.append("sayer_side=%s" % ("before" if hh > h else "after"))
        f.append("sayer_late=%d" % (hh > t))
    if ctx["first_subject"] == h:
        f.append("first_subject")
    if hd == "nsubjpass" or (hd == "pobj" and v.dep[hh - o] == "agent"):
        f.append("passive=" + hd)
    clause = _clause_path(v, h, t)
    f.append("clause=" + clause)
    f.append("v_clause=%s|%s" % (var, clause))
    if path is not None and path != "self":
        steps = path.split(">")
        f.append("tpath_lex=%s|%s" % (path, v.stem[hh - o]))
        f.append("tpath_trig=%s|%s" % (steps[0] if len(steps) == 1 else ">".join(steps[:2]), ctx["stem"]))




def find_actors(doc: Doc, sent: Span, trigger: Token) -> tuple[ActorSpan | None, ActorSpan | None]:
    """The (start, end) character spans of the source and the target of the event at ``trigger``.

    'Syrian rebels engaged Filipino peacekeepers in a firefight' -> ('Syrian rebels', 'Filipino
    peacekeepers'). Either is None when no candidate clears its threshold; the target never overlaps
    the source.
    """
    model = actor_model()
    if model is None or trigger is None or len(sent) == 0:
        return None, None
    try:
        v = view(sent)
        cands = candidates(v)
        if not cands:
            return None, None
        src_k, tgt_k = model.labels.index("source"), model.labels.index("target")
        ctx = trigger_context(v, trigger.i)
        scored = [(model.probs(actor_features(v, c, trigger.i, ctx)), c) for c in cands]
    except Exception:  # a malformed parse never breaks a batch
        return None, None
    th = model.meta.get("thresholds", {})
    best_src = max(scored, key=lambda x: x[0][src_k])
    source = best_src[1] if best_src[0][src_k] >= th.get("source", 0.5) else None
    target = None
    best_t = -1.0
    for p, c in scored:
        if source is not None and not (c[1] < source[0] or c[0] > source[1]):
            continue
        if p[tgt_k] > best_t:
            best_t, target = p[tgt_k], c
    if target is not None and best_t < th.get("target", 0.5):
        target = None
    return (v.chars(source[0], source[1]) if source else None), (v.chars(target[0], target[1]) if target else None)
