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
"""
from __future__ import annotations

import functools
import json
import math
from pathlib import Path

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


# --- actor candidates ----------------------------------------------------------------------------

_NOMINAL = frozenset({"NOUN", "PROPN", "PRON", "NUM", "X"})
_ARTICLES = frozenset({"the", "a", "an"})
_CUT_DEPS = frozenset({"relcl", "acl", "advcl", "punct", "cc", "prep", "appos", "conj"})


def _trim(doc: Doc, a: int, b: int) -> tuple[int, int]:
    """Drop trailing punctuation (except a closing bracket whose opener is inside) from [a, b]."""
    while b > a and doc[b].is_punct and not (doc[b].text == ")" and any(doc[k].text == "(" for k in range(a, b))):
        b -= 1
    while a < b and doc[a].is_punct and doc[a].text != "(":
        a += 1
    return a, b


def candidates(sent: Span) -> list[tuple[int, int, Token, str]]:
    """Candidate actor spans in ``sent`` as (first token i, last token i, head token, variant), one per
    distinct span: for every nominal head its left part ('the Swiss court'), whole subtree, subtree cut
    before its first clause/prepositional child, head plus first prepositional phrase ('Rebels in the
    Ivory Coast'), each without a leading article too; and every named entity."""
    doc = sent.doc
    out: dict[tuple[int, int], tuple[int, int, Token, str]] = {}

    def add(a: int, b: int, head: Token, variant: str) -> None:
        if b < a or a < sent.start or b >= sent.end:
            return
        a, b = _trim(doc, a, b)
        if doc[a].pos_ in ("ADP", "CCONJ", "SCONJ", "VERB", "AUX", "PART") or doc[b].pos_ in ("ADP", "CCONJ", "DET", "AUX"):
            return
        out.setdefault((a, b), (a, b, head, variant))
        if doc[a].lower_ in _ARTICLES and a < b:
            out.setdefault((a + 1, b), (a + 1, b, head, variant + "_noart"))

    for h in sent:
        if h.pos_ not in _NOMINAL or h.dep_ in ("compound", "poss", "nummod", "npadvmod", "quantmod"):
            continue
        le, re_ = h.left_edge.i, h.right_edge.i
        add(le, h.i, h, "left")
        add(le, re_, h, "full")
        cut = re_
        first_prep = None
        for c in h.rights:
            if c.dep_ in _CUT_DEPS:
                cut = c.left_edge.i - 1
                if c.dep_ == "prep" and first_prep is None and c.i == cut + 1:
                    first_prep = c
                break
        add(le, cut, h, "cut")
        if first_prep is not None:
            pe = first_prep.right_edge.i
            for c in first_prep.subtree:
                if c.dep_ in ("relcl", "acl", "advcl", "prep") and c.head is not first_prep and c.i > first_prep.i:
                    pe = min(pe, c.left_edge.i - 1)
            add(le, pe, h, "pp1")
    for ent in sent.ents:
        if ent.label_ in ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"):
            add(ent.start, ent.end - 1, ent.root, "ent")
    return list(out.values())


# --- actor features ------------------------------------------------------------------------------

def _bucket(n: int) -> str:
    return str(n) if n < 4 else ("4-6" if n < 7 else ("7-10" if n < 11 else "11+"))


def _path_up(tok: Token, target: Token, limit: int = 5) -> str | None:
    """Dependency labels from ``tok`` up to ``target`` ('nsubj', 'pobj>prep'), or None if not an ancestor."""
    labels = []
    cur = tok
    for _ in range(limit):
        if cur is target:
            return ">".join(labels) or "self"
        if cur.head is cur:
            return None
        labels.append(cur.dep_ + ("=" + cur.lower_ if cur.dep_ in ("prep", "agent") else ""))
        cur = cur.head
    return ">".join(labels) if cur is target else None


def trigger_context(sent: Span, trigger: Token) -> dict:
    """What ``actor_features`` needs about the trigger, computed once per event: its stem, the first
    PLOVER type and pentaclass the lexicon gives it (or 'none'), the sentence's first subject."""
    hits = lexicon_hits(sent, trigger)
    return {"stem": stem(trigger.text), "pl": hits[0][2] if hits else "none", "pc": hits[0][3] if hits else "none",
            "first_subject": next((t.i for t in sent if t.dep_ in ("nsubj", "nsubjpass")), None)}


def actor_features(sent: Span, cand: tuple[int, int, Token, str], trigger: Token, ctx: dict | None = None) -> list[str]:
    """Named features of one candidate span (see ``candidates``) for the event at ``trigger``."""
    doc = sent.doc
    if ctx is None:
        ctx = trigger_context(sent, trigger)
    a, b, h, v = cand
    root = sent.root
    f = ["bias", "v=" + v, "dep=" + h.dep_, "pos=" + h.pos_, "v_dep=%s|%s" % (v, h.dep_)]
    ent = h.ent_type_ or "none"
    f.append("ent=" + ent)
    f.append("v_ent=%s|%s" % (v, ent))
    if h.pos_ == "PRON":
        f.append("pron=" + h.lower_)
    elif h.pos_ == "NOUN":
        f.append("hw=" + stem(h.text))
        f.append("hw_dep=%s|%s" % (stem(h.text), h.dep_))
    n = b - a + 1
    f.append("len=" + _bucket(n))
    f.append("v_len=%s|%s" % (v, _bucket(n)))
    first, last = doc[a], doc[b]
    f.append("first_pos=" + first.pos_)
    if first.lower_ in _ARTICLES:
        f.append("first_art=" + first.lower_)
    f.append("last_is_head=%d" % (b == h.i))
    tail = [t for t in doc[h.i + 1:b + 1]]
    if tail:
        f.append("tail_first=" + (tail[0].lower_ if tail[0].pos_ in ("ADP", "PUNCT", "CCONJ", "PRON") else tail[0].pos_))
        f.append("tail_len=" + _bucket(len(tail)))
        f.append("tail_verb=%d" % any(t.pos_ == "VERB" for t in tail))
        f.append("tail_ent=%d" % any(t.ent_type_ for t in tail))
    right = [c for c in h.rights]
    if right:
        r0 = right[0]
        key = r0.dep_ + ("=" + r0.lower_ if r0.dep_ in ("prep", "punct", "cc") else "")
        f.append("v_r0=%s|%s" % (v, key))
        robj = next((g for g in r0.children if g.dep_ == "pobj"), None)
        if robj is not None:
            f.append("v_r0obj=%s|%s|%s" % (v, key, robj.ent_type_ or robj.pos_))
    nxt = doc[b + 1] if b + 1 < sent.end else None
    prv = doc[a - 1] if a > sent.start else None
    f.append("next=" + (nxt.lower_ if nxt is not None and (nxt.is_punct or nxt.pos_ in ("ADP", "CCONJ", "AUX", "PART")) else (nxt.pos_ if nxt is not None else "END")))
    f.append("prev=" + (prv.lower_ if prv is not None and (prv.is_punct or prv.pos_ in ("ADP", "CCONJ", "DET")) else (prv.pos_ if prv is not None else "START")))
    ents = {t.ent_type_ for t in doc[a:b + 1] if t.ent_type_}
    f.append("has_person=%d" % ("PERSON" in ents))
    f.append("has_gpe=%d" % bool(ents & {"GPE", "NORP"}))
    f.append("has_org=%d" % ("ORG" in ents))
    f.append("cap_first=%d" % first.is_title)
    # relation to the trigger
    path = _path_up(h, trigger)
    if path is not None:
        f.append("tpath=" + path)
        f.append("tpath0=" + path.split(">")[0])
        f.append("v_tpath0=%s|%s" % (v, path.split(">")[0]))
    else:
        f.append("tpath=none")
        rpath = _path_up(h, root)
        f.append("rpath=" + (rpath if rpath is not None else "none"))
        f.append("rpath0=" + (rpath.split(">")[0] if rpath else "none"))
    f.append("side=%s" % ("before" if b < trigger.i else ("after" if a > trigger.i else "covers")))
    dist = abs((b if b < trigger.i else a) - trigger.i)
    f.append("dist=" + _bucket(dist))
    gov = h.head
    if h.dep_ == "pobj":
        f.append("prep=" + gov.lower_)
        f.append("prep_head_pos=%s|%s" % (gov.lower_, gov.head.pos_))
        f.append("prep_head_is_trig=%s|%d" % (gov.lower_, gov.head is trigger))
        gov = gov.head
    f.append("gov_pos=" + gov.pos_)
    f.append("gov=" + stem(gov.text))
    f.append("gov_rep=%d" % _is_reporting(gov))
    p0 = path.split(">")[0] if path else "none"
    f.append("trig=" + ctx["stem"])
    f.append("trig_dep=%s|%s" % (ctx["stem"], p0))
    f.append("pl_dep=%s|%s" % (ctx["pl"], p0))
    f.append("pc_dep=%s|%s" % (ctx["pc"], p0))
    f.append("pc_side=%s|%s|%s" % (ctx["pc"], "before" if b < trigger.i else "after", h.dep_))
    f.append("trig_pos=" + trigger.pos_)
    if h.dep_ in ("nsubj", "nsubjpass") and _is_reporting(h.head):
        f.append("sayer_side=%s" % ("before" if h.head.i > h.i else "after"))
        f.append("sayer_late=%d" % (h.head.i > trigger.i))
    if ctx["first_subject"] == h.i:
        f.append("first_subject")
    if h.dep_ == "nsubjpass" or (h.dep_ == "pobj" and h.head.dep_ == "agent"):
        f.append("passive=" + h.dep_)
    clause = _clause_path(h, trigger)
    f.append("clause=" + clause)
    f.append("v_clause=%s|%s" % (v, clause))
    if path is not None and path != "self":
        steps = path.split(">")
        f.append("tpath_lex=%s|%s" % (path, stem(h.head.text)))
        f.append("tpath_trig=%s|%s" % (steps[0] if len(steps) == 1 else ">".join(steps[:2]), stem(trigger.text)))
    return f


_CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "conj", "parataxis", "pcomp"})


def _clause_path(tok: Token, trigger: Token) -> str:
    """The clause links between ``tok`` and the trigger: 'main' when none, else the first one met going up
    ('relcl' for a noun inside a relative clause), or 'other' when the trigger is not above ``tok``."""
    cur = tok
    for _ in range(12):
        if cur is trigger:
            return "main"
        if cur.dep_ in _CLAUSE_DEPS:
            below = cur
            # climb to see whether the trigger is above at all
            up = cur.head
            for _ in range(12):
                if up is trigger:
                    return below.dep_
                if up.head is up:
                    break
                up = up.head
            return "other"
        if cur.head is cur:
            return "other"
        cur = cur.head
    return "other"


# --- linear models -------------------------------------------------------------------------------

class Linear:
    """A multinomial logistic regression stored as named feature weights (one weight per class)."""

    def __init__(self, data: dict):
        self.labels: list[str] = data["labels"]
        self.bias: list[float] = data["bias"]
        self.weights: dict[str, list[float]] = data["weights"]
        self.meta = {k: v for k, v in data.items() if k not in ("weights",)}

    def probs(self, feats: list[str]) -> list[float]:
        z = list(self.bias)
        w = self.weights
        for name in feats:
            row = w.get(name)
            if row is not None:
                for k, x in enumerate(row):
                    z[k] += x
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
        cands = candidates(sent)
    except Exception:  # a malformed parse never breaks a batch
        return None, None
    if not cands:
        return None, None
    src_k, tgt_k = model.labels.index("source"), model.labels.index("target")
    ctx = trigger_context(sent, trigger)
    scored = [(model.probs(actor_features(sent, c, trigger, ctx)), c) for c in cands]
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

    def chars(c):
        return (doc[c[0]].idx, doc[c[1]].idx + len(doc[c[1]])) if c is not None else None

    return chars(source), chars(target)


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


def _event_words(sent: Span, trigger: Token) -> list[tuple[str, Token]]:
    """The trigger and the words that carry its meaning: its complements and objects, two levels down
    ('launched' -> 'assault'; 'refused' -> 'commit'), with the relation that reached them."""
    out = [("trig", trigger)]
    for c in trigger.children:
        if c.dep_ in _CHAIN_DEPS:
            out.append((c.dep_, c))
            for g in c.children:
                if g.dep_ in _CHAIN_DEPS and g.pos_ in ("VERB", "NOUN"):
                    out.append((c.dep_ + ">" + g.dep_, g))
    return out


def lexicon_hits(sent: Span, trigger: Token) -> list[tuple[str, str, str, str]]:
    """(relation, stem, PLOVER type, pentaclass) for each event word (and two-word phrase at it) the lexicon knows."""
    lex = lexicon()
    hits = []
    doc = sent.doc
    for rel, tok in _event_words(sent, trigger):
        s = stem(tok.text)
        nxt = doc[tok.i + 1] if tok.i + 1 < sent.end else None
        if nxt is not None:
            two = s + " " + stem(nxt.text)
            if two in lex:
                hits.append((rel, two) + lex[two])
                continue
        if s in lex:
            hits.append((rel, s) + lex[s])
    return hits


def class_features(sent: Span, trigger: Token) -> list[str]:
    """Named features of the event at ``trigger`` for the pentaclass model."""
    f = ["bias"]
    words = _event_words(sent, trigger)
    for rel, tok in words:
        if tok.pos_ in ("VERB", "NOUN", "ADJ", "PROPN") or rel == "trig":
            f.append("w=" + stem(tok.text))
            f.append("rw=%s|%s" % (rel.split(">")[0], stem(tok.text)))
    f.append("tpos=" + trigger.pos_)
    hits = lexicon_hits(sent, trigger)
    for rel, _s, pl, pc in hits:
        f.append("lex_pc=" + pc)
        f.append("lex_pl=" + pl)
        f.append("lex_rel_pc=%s|%s" % (rel.split(">")[0], pc))
    if hits:
        f.append("lex_first_pc=" + hits[0][3])
        f.append("lex_first_pl=" + hits[0][2])
    kids = {c.lower_ for c in trigger.children}
    first_pc = hits[0][3] if hits else "none"
    if kids & _NEG:
        f.append("neg")
        f.append("neg_pc=" + first_pc)
    if kids & _MODAL:
        f.append("modal")
        f.append("modal_pc=" + first_pc)
    if _is_reporting(sent.root):
        f.append("root_reporting")
        f.append("root_rep_trig=%d" % (sent.root is trigger))
    return f


def _classes(sent: Span, trigger: Token | None) -> tuple[list[float] | None, list]:
    if trigger is None:
        trigger = main_trigger(sent)
    if trigger is None:
        return None, []
    model = class_model()
    probs = model.probs(class_features(sent, trigger)) if model is not None else None
    return probs, lexicon_hits(sent, trigger)


def pentaclass(sent: Span, trigger: Token | None = None) -> str | None:
    """statement | verbal_cooperation | material_cooperation | verbal_conflict | material_conflict.

    'Rebels shelled the town' -> 'material_conflict'; None when nothing can be said (no trigger, no model).
    """
    try:
        probs, _ = _classes(sent, trigger)
    except Exception:
        return None
    if probs is None:
        return None
    model = class_model()
    return model.labels[max(range(len(probs)), key=probs.__getitem__)]


# With no lexicon word, the type most typical of the predicted pentaclass; a statement has no PLOVER
# type ('The president expressed concern' is neither a demand nor a disapproval): None.
_PLOVER_OF_PENTA = {
    "verbal_cooperation": "AGREE", "material_cooperation": "AID",
    "verbal_conflict": "DISAPPROVE", "material_conflict": "ASSAULT",
}
_FUTURE_TO_AGREE = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID"})


def _is_future(tok: Token) -> bool:
    """'will meet', 'would send', 'plans to visit', 'is to sign': the event is announced, not done."""
    for c in tok.children:
        if c.dep_ == "aux" and c.lower_ in ("will", "would", "shall", "'ll"):
            return True
    head = tok.head
    return tok.dep_ == "xcomp" and stem(head.text) in ("plan", "intend", "expect", "want", "hop", "decid", "be")


def future_cooperation_is_agree(ptype: str, tok: Token) -> str:
    """PLOVER manual: cooperation reported in the future tense is AGREE, a future retreat is CONCEDE.
    'Russia will send aid to Syria' -> AGREE (not AID); 'Israel would withdraw its troops' -> CONCEDE."""
    if _is_future(tok):
        if ptype in _FUTURE_TO_AGREE:
            return "AGREE"
        if ptype == "RETREAT":
            return "CONCEDE"
    return ptype


PLOVER_RULES = (future_cooperation_is_agree,)


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
        choices = []  # (PLOVER type, pentaclass, token)
        words = {tok.i: tok for _rel, tok in _event_words(sent, trigger)}
        for _rel, s_, pl, pc in lexicon_hits(sent, trigger):
            if pl in PLOVER_TYPES:
                choices.append((pl, pc, _token_of(sent, trigger, s_, words)))
        lex = lexicon()
        for t in sent:
            if t.pos_ in ("VERB", "NOUN") and t.i not in words:
                e = lex.get(stem(t.text))
                if e and e[0] in PLOVER_TYPES:
                    choices.append((e[0], e[1], t))
        pc = pentaclass(sent, trigger)
        if not choices:
            return _PLOVER_OF_PENTA.get(pc) if pc else None
        pick = next((c for c in choices if c[1] == pc), choices[0])
        ptype = pick[0]
        for rule in PLOVER_RULES:
            ptype = rule(ptype, pick[2])
        return ptype
    except Exception:
        return None


def _token_of(sent: Span, trigger: Token, stem_key: str, words: dict) -> Token:
    """The event word whose stem (or two-word phrase's first stem) is ``stem_key``."""
    first = stem_key.split(" ")[0]
    for tok in words.values():
        if stem(tok.text) == first:
            return tok
    return trigger
