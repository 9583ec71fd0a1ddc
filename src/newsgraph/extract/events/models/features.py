"""The PLOVER lexicon (``model_lexicon.tsv``) and the words that carry an event's meaning, read by the
actor features (the trigger's lexicon class) and by the class model."""
from __future__ import annotations

import functools

from spacy.tokens import Span, Token

from newsgraph.extract.events.models.linear import LEXICON_PATH
from newsgraph.extract.events.models.view import View, view
from newsgraph.extract.events.models.words import stem
from newsgraph.wordlists import named_lists, rows

PLOVER_WORDS_PATH = LEXICON_PATH.parent / "plover_words.tsv"


@functools.lru_cache(maxsize=1)
def plover_words() -> dict[str, frozenset[str]]:
    """The named word lists of the PLOVER rules (``plover_words.tsv``), as stems."""
    if not PLOVER_WORDS_PATH.exists():
        return {}
    return {k: frozenset(stem(w) for w in ws) for k, ws in named_lists(PLOVER_WORDS_PATH).items()}


def plover_list(name: str) -> frozenset[str]:
    return plover_words().get(name, frozenset())


def noun_use_of_verb(v: View, i: int, key: str) -> bool:
    """A lexicon word that names an act only as a verb, met as a noun: 'Russian forces' is no COERCE
    ('forced them out' is). The words are ``plover_words.tsv``'s verb_only list."""
    return key in plover_list("verb_only") and v.pos[i - v.start] != "VERB"


@functools.lru_cache(maxsize=1)
def lexicon() -> dict[str, tuple[str, str]]:
    """stem -> (PLOVER type, pentaclass) from model_lexicon.tsv (word, PLOVER type, pentaclass)."""
    out: dict[str, tuple[str, str]] = {}
    if not LEXICON_PATH.exists():
        return out
    for _, parts in rows(LEXICON_PATH, min_cols=3):
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
    for rel, i in list(out[1:]):
        k = partitive_of(v, i)
        if k is not None:
            out.append((rel + ">of", k))
    return out


def partitive_of(v: View, i: int) -> int | None:
    """The event a partitive noun counts: 'began a new round of joint exercises' -> 'exercises'; 'a
    wave of arrests' -> 'arrests' (the partitives are ``plover_words.tsv``'s partitives list)."""
    o = v.start
    if v.pos[i - o] != "NOUN" or v.stem[i - o] not in plover_list("partitives"):
        return None
    for c in v.kids[i - o]:
        if v.dep[c - o] == "prep" and v.lower[c - o] == "of":
            return next((g for g in v.kids[c - o] if v.dep[g - o] == "pobj" and v.pos[g - o] == "NOUN"), None)
    return None


def lexicon_hits(sent: Span | View, trigger: Token | int) -> list[tuple[str, str, str, str, int]]:
    """(relation, stem, PLOVER type, pentaclass, token i) for each event word (and two-word phrase at it)
    the lexicon knows, the trigger's own first."""
    v = sent if isinstance(sent, View) else view(sent)
    t = trigger if isinstance(trigger, int) else trigger.i
    if _HITS_CACHE and _HITS_CACHE[0][0] is v and _HITS_CACHE[0][1] == t:
        return list(_HITS_CACHE[0][2])
    lex = lexicon()
    hits = []
    o = v.start
    for rel, i in _event_words(v, t):
        s = v.stem[i - o]
        if PHRASAL_PARTICLES:
            prt = phrasal_key(v, i)
            if prt is not None and prt in lex:
                hits.append((rel, prt) + lex[prt] + (i,))
                continue
        if i + 1 < v.end:
            two = s + " " + v.stem[i + 1 - o]
            if two in lex:
                hits.append((rel, two) + lex[two] + (i,))
                continue
        if i > v.start and rel != "trig" and v.dep[i - 1 - o] in _PHRASE_MODS:
            two = v.stem[i - 1 - o] + " " + s  # 'declared martial law': the phrase ends at the event word
            if two in lex:
                hits.append((rel, two) + lex[two] + (i - 1,))
                continue
        if s in lex and not noun_use_of_verb(v, i, s):
            hits.append((rel, s) + lex[s] + (i,))
    _HITS_CACHE[:] = [(v, t, tuple(hits))]
    return hits


_PHRASE_MODS = frozenset({"amod", "compound"})

# A verb and its particle away from it are one lexicon phrase ('pulled its troops out' -> 'pull out',
# 'blew himself up' -> 'blow up', 'voted the budget down' -> 'vote down'); the adjacent form was
# already matched as a two-word phrase.
PHRASAL_PARTICLES = True


def phrasal_key(v: View, i: int) -> str | None:
    """The lexicon key of the verb at ``i`` with its particle when the particle does not follow it
    directly: 'Soldiers pulled their tanks back' -> 'pull back'; None without a separated particle."""
    o = v.start
    if v.pos[i - o] != "VERB":
        return None
    for c in v.kids[i - o]:
        if v.dep[c - o] == "prt" and c != i + 1:
            return v.stem[i - o] + " " + v.stem[c - o]
    return None

# The hits of the last (sentence View, trigger) asked about: the class features, the actor context,
# the pentaclass rules and the PLOVER type all ask for the same event's hits.
_HITS_CACHE: list = []


def _verb_of(v: View, i: int) -> int:
    """The verb of the event word at ``i``: itself, or a noun's verb ('would impose a curfew' -> 'impose')."""
    o = v.start
    verb = i
    for _ in range(2):
        if v.pos[verb - o] in ("VERB", "AUX") or v.head[verb - o] == verb:
            break
        verb = v.head[verb - o]
    return verb
