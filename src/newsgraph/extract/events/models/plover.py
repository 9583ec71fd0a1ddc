"""The PLOVER type of an event: the lexicon's types, the pentaclass breaking ties, the ``PLOVER_RULES``."""
from __future__ import annotations

from spacy.tokens import Span, Token

from newsgraph.extract.events.models.classes import _pentaclass_of
from newsgraph.extract.events.models.features import _event_words, lexicon, lexicon_hits
from newsgraph.extract.events.models.view import View, view
from newsgraph.extract.events.models.words import PLOVER_TYPES, main_trigger, stem



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
