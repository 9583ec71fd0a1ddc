"""The learned parts of event extraction: who acted on whom, and what kind of event it was.

Four functions, each reading only the parse ``analyze`` already made (no second spaCy pass, no
lemmatizer, no tensor, no network), each linear in the sentence's tokens:

- ``main_trigger(sent)``: the sentence's main event word (the token whose event the sentence reports).
- ``find_actors(doc, sent, trigger)``: the (start, end) character spans of the event's source and
  target, or None for either.
- ``pentaclass(sent, trigger=None)``: statement | verbal_cooperation | material_cooperation |
  verbal_conflict | material_conflict.
- ``plover_type(sent, trigger=None)``: one of the 18 PLOVER types of the gold-standard records.

Actors are chosen among candidate noun-phrase spans (for each nominal head: its left part, its whole
subtree, the subtree cut before a relative clause, the head with its first prepositional phrase, with
or without the leading article, and each named entity) by a multinomial logistic regression over named
features of the span and of its place in the parse relative to the trigger (dependency path, governor,
preposition, position, span shape). The best-scoring source above a threshold, then the best target
not overlapping it, are returned. Classes come from a second logistic regression over the trigger's
word, its object and complement, and the hits of a verb and noun lexicon written from PLOVER's own
type definitions (``model_lexicon.tsv``); the PLOVER type is the lexicon's, with the regression's
pentaclass breaking ties. Weights ship as JSON beside this module (``model_actors.json``,
``model_classes.json``), trained by ``benchmarks/train_event_models.py`` on Multi-CoPED train only;
numpy and scikit-learn are not needed to run them.

Words are compared through ``stem``, a small suffix stripper (the fast annotator runs no lemmatizer):
'agreed', 'agrees' and 'agreeing' all become 'agre'; training and inference use the same function.
A sentence is read once into a ``View`` (plain lists from one ``Doc.to_array`` per doc), shared by the
four functions while the same sentence is asked about.

Measured (benchmarks/score_event_models.py with ../shared/tools/score_events.py; one event a line):
Multi-CoPED test actor exact F1 0.706 (source 0.851, target 0.560; overlap 0.776), pentaclass
macro-F1 0.721; PLOVER gold records type accuracy 0.606 (never trained on). Cross-validation on
Multi-CoPED train: actors 0.735; pentaclass 0.867, and 0.783 when every trigger word of a fold is
unseen in training. Cost: about 0.13 of `analyze`'s CPU when all four run on every sentence of the war
set (benchmarks/bench_event_models.py).
"""
from __future__ import annotations

import functools
import json
import math
from pathlib import Path

from spacy.attrs import DEP, ENT_TYPE, HEAD, IDX, IS_PUNCT, IS_TITLE, POS
from spacy.tokens import Doc, Span, Token

HERE = Path(__file__).resolve().parent
ACTORS_PATH = HERE / "model_actors.json"
CLASSES_PATH = HERE / "model_classes.json"
LEXICON_PATH = HERE / "model_lexicon.tsv"

PENTACLASSES = ("statement", "verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict")
PLOVER_TYPES = ("AGREE", "AID", "ASSAULT", "COERCE", "CONCEDE", "CONSULT", "COOPERATE", "DEMAND", "DISAPPROVE",
                "FIGHT", "INVESTIGATE", "MOBILIZE", "PROTEST", "REJECT", "RETREAT", "SANCTION", "SUPPORT", "THREATEN")

ActorSpan = tuple[int, int]

# --- words ---------------------------------------------------------------------------------------

_IRREGULAR = {
    "said": "say", "says": "say", "told": "tell", "took": "take", "taken": "take", "gave": "give",
    "given": "give", "met": "meet", "held": "hold", "fought": "fight", "struck": "strike",
    "stricken": "strike", "sought": "seek", "brought": "bring", "began": "begin", "begun": "begin",
    "won": "win", "threw": "throw", "thrown": "throw", "shot": "shoot", "led": "lead", "left": "leave",
    "sent": "send", "stole": "steal", "stolen": "steal", "withdrew": "withdraw", "withdrawn": "withdraw",
    "made": "make", "broke": "break", "broken": "break", "spoke": "speak", "spoken": "speak",
    "hit": "hit", "set": "set", "put": "put", "cut": "cut", "let": "let", "bore": "bear", "born": "bear",
    "overran": "overrun", "flew": "fly", "flown": "fly", "drove": "drive", "driven": "drive", "rose": "rise", "risen": "rise", "forbade": "forbid",
    "forbidden": "forbid", "overthrew": "overthrow", "overthrown": "overthrow", "froze": "freeze",
    "frozen": "freeze", "sold": "sell", "bought": "buy", "paid": "pay", "kept": "keep", "fled": "flee",
    "sought": "seek", "undertook": "undertake", "undertaken": "undertake", "ran": "run",
    "went": "go", "gone": "go", "came": "come", "saw": "see", "seen": "see", "knew": "know",
    "known": "know", "thought": "think", "found": "find", "wrote": "write", "written": "write",
    "chose": "choose", "chosen": "choose", "laid": "lay", "lay": "lie", "hid": "hide", "hidden": "hide",
    "shut": "shut", "swore": "swear", "sworn": "swear", "beat": "beat", "beaten": "beat",
    "blew": "blow", "blown": "blow", "fell": "fall", "fallen": "fall", "stood": "stand", "understood": "understand",
    "is": "be", "are": "be", "was": "be", "were": "be", "been": "be", "am": "be", "'s": "be",
    "has": "have", "had": "have", "does": "do", "did": "do", "done": "do",
}
_VOWELS = set("aeiou")


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude, consistent stem: 'attacked' -> 'attack', 'agrees' -> 'agre', 'denied' -> 'deni'.

    >>> stem("Killed") == stem("kill") == stem("kills") == stem("killing")
    True
    """
    w = word.lower()
    if w in _IRREGULAR:
        w = _IRREGULAR[w]
    past = False
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "i"
    elif len(w) > 4 and w.endswith("ied"):
        w = w[:-3] + "i"
    elif len(w) > 5 and w.endswith("ing"):
        w = w[:-3]
    elif len(w) > 4 and w.endswith("ed"):
        w, past = w[:-2], True
    elif len(w) > 4 and w.endswith("es") and w[-3] in "sxzh":
        w = w[:-2]
    elif len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        w = w[:-1]
    if not past and len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    if len(w) > 3 and w.endswith("y"):
        w = w[:-1] + "i"
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in _VOWELS:
        w = w[:-1]
    return w


# --- the main trigger ----------------------------------------------------------------------------

REPORTING = frozenset(stem(w) for w in (
    "say", "tell", "report", "add", "state", "claim", "announce", "note", "write", "quote", "confirm",
    "reveal", "explain", "insist", "believe", "think", "according"))
_VERBAL_POS = frozenset({"VERB", "AUX"})


def _is_reporting(tok: Token) -> bool:
    return stem(tok.text) in REPORTING


is_reporting = _is_reporting


def main_trigger(sent: Span) -> Token | None:
    """The sentence's main event word: its root verb, or, when the root is a reporting verb placed
    after what it reports ('Rebels shelled the town, officials said'), the reported clause's verb.

    A sentence with no verb (a headline 'Clashes in Kherson') gives its root noun; an empty span None.
    """
    if len(sent) == 0:
        return None
    root = sent.root
    if _is_reporting(root):
        for child in root.children:
            if child.dep_ in ("ccomp", "parataxis") and child.i < root.i and child.pos_ in _VERBAL_POS:
                return child
    if root.pos_ in _VERBAL_POS or root.pos_ in ("NOUN", "PROPN"):
        return root
    for tok in sent:
        if tok.pos_ == "VERB":
            return tok
    return root


# --- one sentence, read once ---------------------------------------------------------------------

class View:
    """A sentence's parse read once into plain lists (spaCy's Token objects are slow to walk): for each
    token (by its doc index ``i``; ``at = i - start``) its text, lower form, stem, POS, dependency label,
    head index, entity type, edges of its subtree, children, character offset; and the sentence's root.
    Features and candidates read only this, so the cost is one pass over the sentence's tokens."""

    __slots__ = ("doc", "start", "end", "text", "lower", "stem", "pos", "dep", "head", "ent", "punct",
                 "title", "le", "re", "kids", "idx", "root", "ents")

    def __init__(self, sent: Span):
        self.doc = sent.doc
        self.start, self.end = sent.start, sent.end
        doc = sent.doc
        start, end = sent.start, sent.end
        whole, ents = _doc_arrays(doc)
        full = whole[start:end]
        rel = full[:, 0].astype("int64").tolist()  # HEAD is a signed offset stored unsigned
        arr = full.tolist()
        strings = doc.vocab.strings
        n = end - start
        self.text = text = [t.text for t in sent]
        self.lower = [x.lower() for x in text]
        self.stem = [stem(x) for x in text]
        self.head = [start + k + r for k, r in enumerate(rel)]
        self.dep = [strings[r[1]] for r in arr]
        self.pos = [strings[r[2]] for r in arr]
        self.ent = [strings[r[3]] if r[3] else "" for r in arr]
        self.idx = [r[4] for r in arr]
        self.punct = [bool(r[5]) for r in arr]
        self.title = [bool(r[6]) for r in arr]
        self.kids = [[] for _ in range(n)]
        root = start
        for k, h in enumerate(self.head):
            if h != start + k:
                self.kids[h - start].append(start + k)
            else:
                root = start + k
        self.root = sent.root.i if n else root
        # subtree edges: children before parents is not guaranteed, so walk up from every token
        le = list(range(start, end))
        re_ = list(range(start, end))
        for k in range(n):
            i = start + k
            h = self.head[k]
            steps = 0
            while h != i and steps < n:
                hk = h - start
                if le[hk] > start + k:
                    le[hk] = start + k
                if re_[hk] < start + k:
                    re_[hk] = start + k
                i, h = h, self.head[hk]
                steps += 1
        self.le, self.re = le, re_
        self.ents = [e for e in ents if e[0] >= start and e[1] <= end]

    def chars(self, a: int, b: int) -> tuple[int, int]:
        return self.idx[a - self.start], self.idx[b - self.start] + len(self.text[b - self.start])


_DOC_CACHE: list = []


def _doc_arrays(doc: Doc):
    """The doc's token attributes as one array and its entities, made once per doc (not per sentence)."""
    if _DOC_CACHE and _DOC_CACHE[0][0] is doc and _DOC_CACHE[0][1] == len(doc):
        return _DOC_CACHE[0][2], _DOC_CACHE[0][3]
    arr = doc.to_array([HEAD, DEP, POS, ENT_TYPE, IDX, IS_PUNCT, IS_TITLE])
    ents = [(e.start, e.end, e.label_, e.root.i) for e in doc.ents]
    _DOC_CACHE[:] = [(doc, len(doc), arr, ents)]
    return arr, ents


_VIEW_CACHE: list = []


def view(sent: Span) -> View:
    """The View of ``sent``, reused while the same sentence is asked about (actors, classes, PLOVER)."""
    if _VIEW_CACHE:
        doc, start, end, v = _VIEW_CACHE[0]
        if doc is sent.doc and start == sent.start and end == sent.end:
            return v
    v = View(sent)
    _VIEW_CACHE[:] = [(sent.doc, sent.start, sent.end, v)]
    return v


# --- actor candidates ----------------------------------------------------------------------------

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


# --- linear models -------------------------------------------------------------------------------

class Linear:
    """A multinomial logistic regression stored as named feature weights (one weight per class)."""

    def __init__(self, data: dict):
        self.labels: list[str] = data["labels"]
        self.bias: list[float] = data["bias"]
        self.weights: dict[str, list[float]] = data["weights"]
        self.meta = {k: v for k, v in data.items() if k not in ("weights",)}

    def scores(self, feats: list[str]) -> list[float]:
        """The linear scores, one per label (the weights' columns summed with ``map``: no inner loop)."""
        w = self.weights
        rows = [r for r in map(w.get, feats) if r is not None]
        return [b + sum(col) for b, col in zip(self.bias, zip(*rows))] if rows else list(self.bias)

    def probs(self, feats: list[str]) -> list[float]:
        z = self.scores(feats)
        m = max(z)
        e = [math.exp(x - m) for x in z]
        s = sum(e)
        return [x / s for x in e]


@functools.lru_cache(maxsize=4)
def _load(path: str) -> Linear | None:
    p = Path(path)
    if not p.exists():
        return None
    return Linear(json.loads(p.read_text(encoding="utf-8")))


def actor_model() -> Linear | None:
    return _load(str(ACTORS_PATH))


def class_model() -> Linear | None:
    return _load(str(CLASSES_PATH))


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


# --- classes -------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def lexicon() -> dict[str, tuple[str, str]]:
    """stem -> (PLOVER type, pentaclass) from model_lexicon.tsv (word, PLOVER type, pentaclass)."""
    out: dict[str, tuple[str, str]] = {}
    if not LEXICON_PATH.exists():
        return out
    for line in LEXICON_PATH.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) < 3:
            continue
        key = " ".join(stem(w) for w in parts[0].split())
        out.setdefault(key, (parts[1].strip(), parts[2].strip()))
    return out


_CHAIN_DEPS = frozenset({"xcomp", "dobj", "ccomp", "conj", "pobj", "prep", "attr", "acomp", "oprd", "dative"})
_NEG = frozenset({"not", "n't", "never", "no"})
_MODAL = frozenset({"will", "would", "could", "may", "might", "shall", "should", "can", "must"})


def _event_words(v: View, t: int) -> list[tuple[str, int]]:
    """The trigger and the words that carry its meaning: its complements and objects, two levels down
    ('launched' -> 'assault'; 'refused' -> 'commit'), with the relation that reached them."""
    o = v.start
    out = [("trig", t)]
    for c in v.kids[t - o]:
        if v.dep[c - o] in _CHAIN_DEPS:
            out.append((v.dep[c - o], c))
            for g in v.kids[c - o]:
                if v.dep[g - o] in _CHAIN_DEPS and v.pos[g - o] in ("VERB", "NOUN"):
                    out.append((v.dep[c - o] + ">" + v.dep[g - o], g))
    return out


def lexicon_hits(sent: Span | View, trigger: Token | int) -> list[tuple[str, str, str, str, int]]:
    """(relation, stem, PLOVER type, pentaclass, token i) for each event word (and two-word phrase at it)
    the lexicon knows, the trigger's own first."""
    v = sent if isinstance(sent, View) else view(sent)
    t = trigger if isinstance(trigger, int) else trigger.i
    lex = lexicon()
    hits = []
    o = v.start
    for rel, i in _event_words(v, t):
        s = v.stem[i - o]
        if i + 1 < v.end:
            two = s + " " + v.stem[i + 1 - o]
            if two in lex:
                hits.append((rel, two) + lex[two] + (i,))
                continue
        if s in lex:
            hits.append((rel, s) + lex[s] + (i,))
    return hits


def class_features(sent: Span | View, trigger: Token | int) -> list[str]:
    """Named features of the event at ``trigger`` for the pentaclass model."""
    v = sent if isinstance(sent, View) else view(sent)
    t = trigger if isinstance(trigger, int) else trigger.i
    o = v.start
    f = ["bias"]
    for rel, i in _event_words(v, t):
        if v.pos[i - o] in ("VERB", "NOUN", "ADJ", "PROPN") or rel == "trig":
            f.append("w=" + v.stem[i - o])
            f.append("rw=%s|%s" % (rel.split(">")[0], v.stem[i - o]))
    f.append("tpos=" + v.pos[t - o])
    hits = lexicon_hits(v, t)
    for rel, _s, pl, pc, _i in hits:
        f.append("lex_pc=" + pc)
        f.append("lex_pl=" + pl)
        f.append("lex_rel_pc=%s|%s" % (rel.split(">")[0], pc))
    if hits:
        f.append("lex_first_pc=" + hits[0][3])
        f.append("lex_first_pl=" + hits[0][2])
    kids = {v.lower[c - o] for c in v.kids[t - o]}
    first_pc = hits[0][3] if hits else "none"
    if kids & _NEG:
        f.append("neg")
        f.append("neg_pc=" + first_pc)
    if kids & _MODAL:
        f.append("modal")
        f.append("modal_pc=" + first_pc)
    if v.stem[v.root - o] in REPORTING:
        f.append("root_reporting")
        f.append("root_rep_trig=%d" % (v.root == t))
    for rule in CLASS_FEATURE_RULES:
        rule(v, t, hits, f)
    return f


_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})


def modifier_words(v: View, t: int, hits: list, f: list[str]) -> None:
    """The noun and adjective modifiers of the event words, and the lexicon's class of each: 'launched
    a mediation effort' -> mod=mediat, mod_pc=verbal_cooperation; 'cyber warfare', 'legal action'."""
    o = v.start
    lex = lexicon()
    for _rel, i in _event_words(v, t):
        for c in v.kids[i - o]:
            if v.dep[c - o] in _MODIFIER_DEPS and v.pos[c - o] in ("NOUN", "ADJ", "PROPN") and not v.ent[c - o]:
                f.append("mod=" + v.stem[c - o])
                e = lex.get(v.stem[c - o])
                if e:
                    f.append("mod_pc=" + e[1])


def reporting_trigger(v: View, t: int, hits: list, f: list[str]) -> None:
    """A reporting verb as the event word, and whether the lexicon knows what it reports: 'the office
    said it is skeptical' (no hit: a statement) vs 'rebels said they will release' (a hit below it)."""
    if v.stem[t - v.start] in REPORTING:
        f.append("trig_rep")
        f.append("trig_rep_hits=%d" % min(len(hits), 2))


def hit_mood(v: View, t: int, hits: list, f: list[str]) -> None:
    """A lexicon word under a modal or an infinitive ('will release', 'agreed to lift') or negated ('will
    not release'), with its class: an intention or a refusal, not the act itself."""
    o = v.start
    for rel, _s, _pl, pc, i in hits:
        kids = {v.lower[c - o] for c in v.kids[i - o]}
        if kids & _MODAL or v.dep[i - o] == "xcomp":
            f.append("hitmod_pc=%s|%s" % (rel.split(">")[0], pc))
        if kids & _NEG:
            f.append("hitneg_pc=" + pc)


# Further pentaclass features, in order, each adding to the list (grouped cross-validation on
# Multi-CoPED train, every trigger word unseen in training: macro-F1 0.792 -> 0.799, three seeds +0.010
# to +0.017, with balanced class weights in training).
CLASS_FEATURE_RULES = (hit_mood, reporting_trigger, modifier_words)


_CLASS_CACHE: list = []


def _pentaclass_of(v: View, t: int) -> str | None:
    """The class model's pentaclass of the event at token ``t`` (kept for the same sentence and trigger)."""
    if _CLASS_CACHE and _CLASS_CACHE[0][0] is v and _CLASS_CACHE[0][1] == t:
        return _CLASS_CACHE[0][2]
    model = class_model()
    out = None
    if model is not None:
        probs = model.probs(class_features(v, t))
        out = model.labels[max(range(len(probs)), key=probs.__getitem__)]
    _CLASS_CACHE[:] = [(v, t, out)]
    return out


def pentaclass(sent: Span, trigger: Token | None = None) -> str | None:
    """statement | verbal_cooperation | material_cooperation | verbal_conflict | material_conflict.

    'Rebels shelled the town' -> 'material_conflict'; None when nothing can be said (no trigger, no model).
    """
    try:
        if trigger is None:
            trigger = main_trigger(sent)
        if trigger is None:
            return None
        return _pentaclass_of(view(sent), trigger.i)
    except Exception:
        return None


# With no lexicon word, the type most typical of the predicted pentaclass; a statement has no PLOVER
# type ('The president expressed concern' is neither a demand nor a disapproval): None.
_PLOVER_OF_PENTA = {
    "verbal_cooperation": "AGREE", "material_cooperation": "AID",
    "verbal_conflict": "DISAPPROVE", "material_conflict": "ASSAULT",
}
_FUTURE_TO_AGREE = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID"})
_FUTURE_AUX = frozenset({"will", "would", "shall", "'ll"})
_FUTURE_HEADS = frozenset(stem(w) for w in ("plan", "intend", "expect", "want", "hope", "decide", "be"))


def _is_future(v: View, i: int) -> bool:
    """'will meet', 'would send', 'plans to visit', 'is to sign': the event is announced, not done."""
    o = v.start
    if any(v.dep[c - o] == "aux" and v.lower[c - o] in _FUTURE_AUX for c in v.kids[i - o]):
        return True
    return v.dep[i - o] == "xcomp" and v.stem[v.head[i - o] - o] in _FUTURE_HEADS


def future_cooperation_is_agree(ptype: str, v: View, i: int) -> str:
    """PLOVER manual: cooperation reported in the future tense is AGREE, a future retreat is CONCEDE.
    'Russia will send aid to Syria' -> AGREE (not AID); 'Israel would withdraw its troops' -> CONCEDE."""
    if _is_future(v, i):
        if ptype in _FUTURE_TO_AGREE:
            return "AGREE"
        if ptype == "RETREAT":
            return "CONCEDE"
    return ptype


_REFUSING_AUX = frozenset({"will", "would", "wo", "shall", "can", "could", "ca"})


def refusal_is_reject(ptype: str, v: View, i: int) -> str:
    """PLOVER manual: refusing to cooperate is REJECT. 'Israel will not release the prisoners' ->
    REJECT (not RETREAT); a plain past negation keeps its type."""
    o = v.start
    kids = [c - o for c in v.kids[i - o]]
    if any(v.dep[k] == "neg" for k in kids) and any(v.dep[k] == "aux" and v.lower[k] in _REFUSING_AUX for k in kids):
        return "REJECT"
    return ptype


PLOVER_RULES = (refusal_is_reject, future_cooperation_is_agree)


def plover_type(sent: Span, trigger: Token | None = None) -> str | None:
    """One of the 18 PLOVER types. The lexicon's types for the trigger and its complements, then for
    any other event word in the sentence, are the choices; the first whose pentaclass agrees with the
    predicted pentaclass wins (else the first); ``PLOVER_RULES`` then adjust it. With no lexicon word,
    the type most typical of the predicted pentaclass (None for a statement).
    'Rebels shelled the town' -> FIGHT."""
    try:
        if trigger is None:
            trigger = main_trigger(sent)
        if trigger is None:
            return None
        v = view(sent)
        t = trigger.i
        o = v.start
        choices = [(h[2], h[3], h[4]) for h in lexicon_hits(v, t) if h[2] in PLOVER_TYPES]
        seen = {i for _rel, i in _event_words(v, t)}
        lex = lexicon()
        for i in range(v.start, v.end):
            if i not in seen and v.pos[i - o] in ("VERB", "NOUN"):
                e = lex.get(v.stem[i - o])
                if e and e[0] in PLOVER_TYPES:
                    choices.append((e[0], e[1], i))
        pc = _pentaclass_of(v, t)
        if not choices:
            return _PLOVER_OF_PENTA.get(pc) if pc else None
        pick = next((c for c in choices if c[1] == pc), choices[0])
        ptype = pick[0]
        for rule in PLOVER_RULES:
            ptype = rule(ptype, v, pick[2])
        return ptype
    except Exception:
        return None
