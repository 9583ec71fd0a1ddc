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


# --- candidates never chosen: skipped before their features are built ------------------------------
# Each rule takes the sentence's View and one candidate and says True when the candidate is never an
# actor the model picks (measured on Multi-CoPED train: none of the candidates these rules drop was
# picked as a source or target). Dropping a candidate the decision would
# not pick changes no output and saves its features and score.

_ART_DROPPED_FROM_LONGER = frozenset({"full_noart", "pp1_noart", "cut_noart", "ent_noart"})


def longer_span_without_article(v: View, cand: tuple[int, int, int, str]) -> bool:
    """A long span stripped of its article: 'the commander of the rebels' is a candidate, 'commander of
    the rebels' never wins (the corpus keeps a long actor's article; only 'left' spans go without)."""
    return cand[3] in _ART_DROPPED_FROM_LONGER


def cut_before_clause(v: View, cand: tuple[int, int, int, str]) -> bool:
    """A span cut before its head's first clause or conjunct: 'the men , who' -> 'the men' is already the
    'left' span whenever it is an actor; the remaining cut spans ('the minister and') never win."""
    return cand[3] in ("cut", "cut_noart")


# The heads whose spans are picked: subjects, objects, prepositional objects, conjuncts and a few more.
# An appositive may be ('the army's spokesman, Gen. Placide Mbuyi, said'); a head that only modifies
# another ('the rebels' own', 'last week', 'a Russian-backed force') or is an attribute never is.
_ACTOR_HEAD_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "conj", "compound", "nmod", "ROOT",
                              "oprd", "dative", "appos"})


def head_is_no_argument(v: View, cand: tuple[int, int, int, str]) -> bool:
    """A span whose head is a modifier, an attribute or a clause word: 'The army is the main force' ->
    'the main force' (attr) is never an actor; nor 'last week' (npadvmod) in 'Rebels attacked last week'."""
    return v.dep[cand[2] - v.start] not in _ACTOR_HEAD_DEPS


SKIP_CANDIDATE_RULES = (longer_span_without_article, cut_before_clause, head_is_no_argument)


def worth_scoring(v: View, cand: tuple[int, int, int, str]) -> bool:
    """False when a ``SKIP_CANDIDATE_RULES`` rule says the candidate is never picked."""
    return not any(rule(v, cand) for rule in SKIP_CANDIDATE_RULES)


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
    """Named features of one candidate span (see ``candidates``) for the event at ``trigger``: those of
    its head (``head_features``, the same for every candidate of that head) then its own
    (``span_features``)."""
    v = sent if isinstance(sent, View) else view(sent)
    t = trigger if isinstance(trigger, int) else trigger.i
    if ctx is None:
        ctx = trigger_context(v, t)
    hp = _head_parts_cached(v, cand[2], t, ctx)
    return head_features(hp) + span_features(v, cand, t, ctx, hp)


def _head_parts_cached(v: View, h: int, t: int, ctx: dict) -> tuple:
    """``_head_parts`` kept in ``ctx`` for the event's sentence and trigger."""
    heads = ctx.get("_heads")
    if heads is None or ctx.get("_heads_of") != (v, t):
        heads = ctx["_heads"] = {}
        ctx["_heads_of"] = (v, t)
    hp = heads.get(h)
    if hp is None:
        hp = heads[h] = _head_parts(v, h, t, ctx)
    return hp


def _head_parts(v: View, h: int, t: int, ctx: dict) -> tuple:
    """What a candidate's features take from its head ``h`` and the trigger ``t`` alone: its label, POS
    and entity type, its words, the first word right of it, its dependency path up to the trigger (or
    the root), its governor and preposition, the trigger's word and lexicon class crossed with the path,
    reporting-verb subjects, passive agents, the clause link to the trigger."""
    o = v.start
    hd, hpos = v.dep[h - o], v.pos[h - o]
    ent = v.ent[h - o] or "none"
    if hpos == "PRON":
        words = ["pron=" + v.lower[h - o]]
    elif hpos == "NOUN":
        words = ["hw=" + v.stem[h - o], f"hw_dep={v.stem[h - o]}|{hd}"]
    else:
        words = []
    r0key = r0obj = None
    right = [c for c in v.kids[h - o] if c > h]
    if right:
        r0 = right[0]
        rd = v.dep[r0 - o]
        r0key = rd + ("=" + v.lower[r0 - o] if rd in ("prep", "punct", "cc") else "")
        robj = next((g for g in v.kids[r0 - o] if v.dep[g - o] == "pobj"), None)
        if robj is not None:
            r0obj = v.ent[robj - o] or v.pos[robj - o]
    path = _path_up(v, h, t)
    fixed = ["bias", "dep=" + hd, "pos=" + hpos, "ent=" + ent] + words
    if path is not None:
        p0 = path.split(">")[0]
        fixed += ["tpath=" + path, "tpath0=" + p0]
    else:
        p0 = "none"
        rpath = _path_up(v, h, v.root)
        fixed += ["tpath=none", "rpath=" + (rpath if rpath is not None else "none"),
                  "rpath0=" + (rpath.split(">")[0] if rpath else "none")]
    gov = v.head[h - o]
    if hd == "pobj":
        prep = v.lower[gov - o]
        fixed.append("prep=" + prep)
        fixed.append(f"prep_head_pos={prep}|{v.pos[v.head[gov - o] - o]}")
        fixed.append("prep_head_is_trig=%s|%d" % (prep, v.head[gov - o] == t))
        # the trigger's lexicon class with the preposition: an unseen transfer verb ('Britain shipped
        # vehicles to Lebanon') takes its target after 'to' as a known one does
        fixed.append("pl_prep=%s|%s|%d" % (ctx["pl"], prep, v.head[gov - o] == t))
        gov = v.head[gov - o]
    fixed.append("gov_pos=" + v.pos[gov - o])
    fixed.append("gov=" + v.stem[gov - o])
    fixed.append("gov_rep=%d" % (v.stem[gov - o] in REPORTING))
    fixed.append("trig=" + ctx["stem"])
    fixed.append(f"trig_dep={ctx['stem']}|{p0}")
    fixed.append(f"pl_dep={ctx['pl']}|{p0}")
    fixed.append(f"pc_dep={ctx['pc']}|{p0}")
    fixed.append("trig_pos=" + v.pos[t - o])
    hh = v.head[h - o]
    if hd in ("nsubj", "nsubjpass") and v.stem[hh - o] in REPORTING:
        fixed.append("sayer_side=%s" % ("before" if hh > h else "after"))
        fixed.append("sayer_late=%d" % (hh > t))
    if ctx["first_subject"] == h:
        fixed.append("first_subject")
    if hd == "nsubjpass" or (hd == "pobj" and v.dep[hh - o] == "agent"):
        fixed.append("passive=" + hd)
    clause = _clause_path(v, h, t)
    fixed.append("clause=" + clause)
    if path is not None and path != "self":
        steps = path.split(">")
        fixed.append(f"tpath_lex={path}|{v.stem[hh - o]}")
        fixed.append("tpath_trig=%s|%s" % (steps[0] if len(steps) == 1 else ">".join(steps[:2]), ctx["stem"]))
        fixed.append("tpath_pl=%s|%s" % (">".join(steps[:2]), ctx["pl"]))
    return (fixed, hd, ent, r0key, r0obj, path is not None, p0, clause, {})


def head_features(hp: tuple) -> list[str]:
    """The features a candidate takes from its head alone (``_head_parts``): 'dep=nsubj', 'tpath=nsubj',
    'gov=attack', 'trig_dep=attack|nsubj', 'clause=main', ..."""
    return list(hp[0])


def span_features(v: View, cand: tuple[int, int, int, str], t: int, ctx: dict, hp: tuple) -> list[str]:
    """The candidate's own features: its variant crossed with the head's label, entity type, first right
    word, path and clause link; its length, first, last, previous and next words, what follows the head
    inside it ('Rebels | in the Ivory Coast'), the entities in it, its side of and distance to the
    trigger."""
    o = v.start
    a, b, h, var = cand
    _fixed, hd, ent, r0key, r0obj, on_path, p0, clause, _memo = hp
    pos, lower = v.pos, v.lower
    n = _bucket(b - a + 1)
    f = ["v=" + var, f"v_dep={var}|{hd}", f"v_ent={var}|{ent}", "len=" + n, f"v_len={var}|{n}",
         "first_pos=" + pos[a - o]]
    first = lower[a - o]
    if first in _ARTICLES:
        f.append("first_art=" + first)
    if b > h:
        t0 = h + 1 - o
        f.append("last_is_head=0")
        f.append("tail_first=" + (lower[t0] if pos[t0] in _TAIL_WORD_POS else pos[t0]))
        f.append("tail_len=" + _bucket(b - h))
        f.append("tail_verb=1" if "VERB" in pos[t0:b + 1 - o] else "tail_verb=0")
        f.append("tail_ent=1" if any(v.ent[t0:b + 1 - o]) else "tail_ent=0")
    else:
        f.append("last_is_head=%d" % (b == h))
    if r0key is not None:
        f.append(f"v_r0={var}|{r0key}")
        if r0obj is not None:
            f.append(f"v_r0obj={var}|{r0key}|{r0obj}")
    if b + 1 < v.end:
        k = b + 1 - o
        f.append("next=" + (lower[k] if v.punct[k] or pos[k] in _NEXT_WORD_POS else pos[k]))
    else:
        f.append("next=END")
    if a > o:
        k = a - 1 - o
        f.append("prev=" + (lower[k] if v.punct[k] or pos[k] in _PREV_WORD_POS else pos[k]))
    else:
        f.append("prev=START")
    ents = set(v.ent[a - o:b + 1 - o])
    f.append("has_person=1" if "PERSON" in ents else "has_person=0")
    f.append("has_gpe=1" if ("GPE" in ents or "NORP" in ents) else "has_gpe=0")
    f.append("has_org=1" if "ORG" in ents else "has_org=0")
    f.append("cap_first=1" if v.title[a - o] else "cap_first=0")
    if on_path:
        f.append(f"v_tpath0={var}|{p0}")
    if b < t:
        f.append("side=before")
        f.append("dist=" + _bucket(t - b))
        f.append(f"pc_side={ctx['pc']}|before|{hd}")
    else:
        f.append("side=after" if a > t else "side=covers")
        f.append("dist=" + _bucket(abs(a - t)))
        f.append(f"pc_side={ctx['pc']}|after|{hd}")
    f.append(f"v_clause={var}|{clause}")
    return f


_TAIL_WORD_POS = frozenset({"ADP", "PUNCT", "CCONJ", "PRON"})
_NEXT_WORD_POS = frozenset({"ADP", "CCONJ", "AUX", "PART"})
_PREV_WORD_POS = frozenset({"ADP", "CCONJ", "DET"})


def actor_probs(model, v: View, cands: list[tuple[int, int, int, str]], t: int, ctx: dict) -> list[list[float]]:
    """The model's probabilities for each candidate, as ``model.probs(actor_features(...))`` but with
    the weights of a head's own features summed once for all the candidates of that head."""
    out = []
    for c in cands:
        hp = _head_parts_cached(v, c[2], t, ctx)
        memo = hp[-1]
        fixed = memo.get(id(model))
        if fixed is None:
            fixed = memo[id(model)] = model.sums(hp[0])
        out.append(model.softmax(model.sums(span_features(v, c, t, ctx, hp), fixed)))
    return out


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
        cands = [c for c in candidates(v) if worth_scoring(v, c)]
        if not cands:
            return None, None
        src_k, tgt_k = model.labels.index("source"), model.labels.index("target")
        ctx = trigger_context(v, trigger.i)
        scored = list(zip(actor_probs(model, v, cands, trigger.i, ctx), cands))
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
