"""Who acted and who it was done to, by dependency rules; the rule-based defaults of the seam in
``newsgraph.extract.events.FINDERS``.

``find_actors(sent, trigger) -> (source, target)`` (token spans or None), ``pentaclass(sent)`` and
``plover_type(sent, trigger)``: the last two return None here, meaning "keep the lexicon's class";
a learned model put in their place returns its own class.
"""
from __future__ import annotations

from typing import Callable

from spacy.tokens import Span, Token

from newsgraph.extract.events import lexicon as lx

_CUT = ("relcl", "acl", "appos", "punct", "cc", "conj", "advcl", "parataxis")
_TARGET_PREPS = ("against", "on", "upon", "at", "into")


def phrase(tok: Token) -> Span:
    """The noun phrase headed by ``tok``: its subtree without relative clauses, appositions and what
    follows a comma ('the army, which ...' -> 'the army')."""
    doc = tok.doc
    left, right = tok.i, tok.i
    for x in tok.subtree:
        if x.i < tok.i and not any(a.dep_ in _CUT and a.i != tok.i and tok in a.ancestors for a in [x]):
            left = min(left, x.i)
    for x in tok.rights:
        if x.dep_ in _CUT:
            break
        right = max(right, x.right_edge.i)
    # never across a comma or a quotation mark
    for i in range(tok.i + 1, right + 1):
        if doc[i].text in (",", ";", "(", "“", "”", '"'):
            right = i - 1
            break
    for i in range(tok.i - 1, left - 1, -1):
        if doc[i].text in (",", ";", ")", "“", "”", '"'):
            left = i + 1
            break
    while right > left and doc[right].is_punct:
        right -= 1
    return doc[left:right + 1]


def _child(tok: Token, *deps: str) -> Token | None:
    return next((x for x in tok.children if x.dep_ in deps), None)


def _by_agent(tok: Token) -> Token | None:
    for p in tok.children:
        if p.dep_ == "agent" or (p.dep_ == "prep" and p.lower_ == "by"):
            return _child(p, "pobj")
    return None


def _prep_target(tok: Token) -> Token | None:
    for p in tok.children:
        if p.dep_ == "prep" and p.lower_ in _TARGET_PREPS:
            return _child(p, "pobj")
    return None


def _subject(verb: Token) -> Token | None:
    """The subject of a verb, or of the verb it hangs from ('troops moved in and captured the town')."""
    for _ in range(3):
        s = _child(verb, "nsubj")
        if s is not None:
            return s
        if verb.dep_ in ("xcomp", "conj", "advcl") and verb.head.i != verb.i:
            verb = verb.head
        else:
            return None
    return None


def _verb_actors(v: Token) -> tuple[Token | None, Token | None]:
    """'Rebels shelled the town' -> (Rebels, town); 'The town was shelled by rebels' -> (rebels, town);
    'Troops fired on protesters' -> (Troops, protesters)."""
    if _child(v, "nsubjpass", "auxpass") is not None:
        return _by_agent(v), _child(v, "nsubjpass")
    source = _subject(v)
    target = _child(v, "dobj") or _prep_target(v)
    if target is None:  # 'said the border would close': the subject of what is said
        c = _child(v, "ccomp")
        if c is not None:
            target = _child(c, "nsubj", "nsubjpass")
    return source, target


def _noun_actors(n: Token) -> tuple[Token | None, Token | None]:
    """'Russian airstrikes on Idlib' -> (Russian, Idlib); 'the army's offensive' -> (army, None);
    'rebels launched an attack on the base' -> (rebels, base); 'An airstrike hit the market' -> (None, market)."""
    source = _child(n, "poss") or _by_agent(n)
    if source is None:
        source = next((x for x in n.lefts if x.dep_ in ("amod", "compound") and x.ent_type_ in ("NORP", "GPE", "ORG")),
                      None)
    target = _prep_target(n) or next((p for p in [_child(q, "pobj") for q in n.children
                                                  if q.dep_ == "prep" and q.lower_ == "of"] if p is not None), None)
    h = n.head
    if n.dep_ in ("dobj",) and h.lower_ in lx.LIGHT_VERBS or (n.dep_ == "pobj" and h.dep_ == "prep"
                                                                and h.head.lower_ in lx.LIGHT_VERBS):
        verb = h if n.dep_ == "dobj" else h.head
        source = source or _subject(verb)
        target = target or _prep_target(verb)
    elif n.dep_ == "nsubj" and h.pos_ == "VERB":
        target = target or _child(h, "dobj") or _prep_target(h)
    return source, target


def find_actors(sent: Span, trigger: Token) -> tuple[Span | None, Span | None]:
    """The source and target noun phrases of the event whose trigger is ``trigger``."""
    if trigger.pos_ in ("VERB", "AUX"):
        s, t = _verb_actors(trigger)
    else:
        s, t = _noun_actors(trigger)
    src = phrase(s) if _usable(s) else None
    tgt = phrase(t) if _usable(t) else None
    if tgt is not None and not _actor_like(tgt):
        tgt = None
    if src is not None and tgt is not None and src.start < tgt.end and tgt.start < src.end:
        tgt = None
    return src, tgt


def _usable(tok: Token | None) -> bool:
    """An actor's head: not a relative pronoun, not a date ('Sunday's attack'), not a word that names
    no one ('the conflict has killed ...')."""
    return tok is not None and tok.lower_ not in ("which", "that", "who", "whom", "what") \
        and tok.ent_type_ not in ("DATE", "TIME") and tok.lower_ not in lx.NOT_ACTORS


def _actor_like(span: Span) -> bool:
    """A target is someone, or a place that stands for its people: a named person, organisation,
    country or place, a people ('Kurds'), or an actor word ('rebels', 'villagers') - not 'the
    ceasefire' or '15 positions'."""
    return any(t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC") or t.lower_ in lx.ACTOR_KINDS
               for t in span) and span.root.pos_ != "PRON"


def pentaclass(sent: Span) -> str | None:
    """No opinion: the lexicon's class of the sentence's first event stands."""
    return None


def plover_type(sent: Span, trigger: Token) -> str | None:
    """No opinion: the lexicon's PLOVER type of the trigger stands."""
    return None


RoleFinders = dict[str, Callable]
