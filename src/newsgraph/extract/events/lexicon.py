"""The event extractor's data, read once from the files beside this module (package data).

- ``triggers.tsv``: one trigger a line: lemma or phrase, part of speech, ACLED sub-event type, ACLED
  event type, PLOVER type, pentaclass, strength, condition;
- ``forms.tsv``: irregular forms of trigger words;
- ``actor_kinds.tsv``: words that say what kind of actor a phrase names (state, police, nonstate,
  civilian);
- ``words.tsv``: the named word lists of the rules (``list<TAB>entry``).

Matching is on lower-cased surface forms, never on spaCy lemmas (the pipeline may run without the
lemmatizer): every trigger word is expanded into its forms here, once.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from newsgraph.extract.cues import inflect
from newsgraph.wordlists import named_lists, rows

_HERE = Path(__file__).parent


def _rows(name: str, min_cols: int) -> list[list[str]]:
    return [row.cols for row in rows(_HERE / name, min_cols=min_cols)]


_IRREGULAR: dict[str, set[str]] = {r[0]: set(r[1].split(",")) for r in _rows("forms.tsv", 2)}


def forms(word: str, pos: str) -> frozenset[str]:
    """The surface forms of a trigger word: a verb's inflections, a noun's plural, both for ANY
    (a prefixed verb inherits its stem's irregular forms: retake -> retook, retaken)."""
    out = {word} | _IRREGULAR.get(word, set())
    for prefix in ("re", "over", "with", "up"):
        if word.startswith(prefix) and word[len(prefix):] in _IRREGULAR:
            out |= {prefix + f for f in _IRREGULAR[word[len(prefix):]]}
    if pos in ("VERB", "ANY") and word.isalpha():
        out |= inflect(word)
    if pos in ("NOUN", "ANY") and not word.endswith("s"):
        out.add(word + ("es" if word.endswith(("sh", "ch", "x", "z")) else "s"))
    return frozenset(out)


@dataclass(frozen=True)
class Trigger:
    """One row of triggers.tsv."""

    lemma: str
    pos: str  # VERB | NOUN | ANY
    subtype: str | None  # ACLED sub-event type
    category: str | None  # ACLED event type
    plover: str | None
    pentaclass: str | None
    strength: str  # strong | weak | untyped | statement
    needs: str | None  # a condition in rules.CONDITIONS
    words: tuple[frozenset[str], ...]  # the forms each word of the phrase may take


def _trigger(row: list[str]) -> Trigger:
    row = row + [""] * (8 - len(row))
    lemma, pos = row[0].strip().lower(), row[1] or "ANY"
    parts = re.findall(r"[^\s-]+|-", lemma)  # as the tokenizer splits them: 'sit-in' -> sit, -, in
    if len(parts) == 1:
        words = (forms(parts[0], pos),)
    else:  # a phrase: its first word inflected, its last also inflected or plural, the middle as written
        words = (forms(parts[0], "ANY"), *(frozenset({w}) for w in parts[1:-1]), forms(parts[-1], "ANY"))
    return Trigger(lemma, pos, row[2] or None, row[3] or None, row[4] or None, row[5] or None,
                   row[6] or "strong", row[7] or None, words)


TRIGGERS: tuple[Trigger, ...] = tuple(_trigger(r) for r in _rows("triggers.tsv", 2))

# first word's form -> the triggers starting with it, longest phrase first
BY_FIRST: dict[str, list[Trigger]] = {}
for _t in TRIGGERS:
    for _f in _t.words[0]:
        BY_FIRST.setdefault(_f, []).append(_t)
for _ts in BY_FIRST.values():
    _ts.sort(key=lambda t: -len(t.words))


def _first_hashes():
    import numpy
    from spacy.strings import hash_string

    return numpy.array(sorted({hash_string(f) for f in BY_FIRST}), dtype="uint64")


FIRST_HASHES = _first_hashes()  # spaCy's hashes of every trigger's first-word forms (rules.first_word_positions)


_LISTS = named_lists(_HERE / "words.tsv")


def words(name: str) -> frozenset[str]:
    return frozenset(_LISTS[name])


BLOCK_HEADS = words("block_heads")
STALE_HEADS = words("stale_heads")
FALSITY = words("falsity")
PRISONERS = words("prisoners")
NATURAL = words("natural")
SHELLING_WORDS = words("shelling_words")
NOT_ACTORS = words("not_actors")
MILITARY_OBJECTS = words("military_objects")
BACKGROUND_HEADS = words("background_heads")
HYPOTHETICAL_AUX = words("hypothetical_aux")
CONDITIONS = words("conditions")
MODIFIER_HEADS = words("modifier_heads")
AIRCRAFT = words("aircraft")
WEAPONS = words("weapons")
TERRITORY = words("territory")
AGREE_HEADS = words("agree_heads")
ESTABLISHED = words("established")
LIGHT_VERBS = words("light_verbs")
PROTEST_FORCE = words("protest_force")
PROTEST_LETHAL = words("protest_lethal")
PROTEST_VIOLENT = words("protest_violent")
NEGATING_PREFIXES = words("negating_prefixes")
VEHICLES = words("vehicles")
NUMBERS: dict[str, int] = {k: int(v) for k, v in (e.split("=") for e in _LISTS["numbers"])}

ACTOR_KINDS: dict[str, str] = {r[1]: r[0] for r in _rows("actor_kinds.tsv", 2)}


def head_kind(tok) -> str | None:
    """The kind of actor a noun phrase names, by its head ('Fighters of the Ansar Brigade' ->
    nonstate), then by its modifiers ('Houthi forces' -> nonstate), then by all its words."""
    lefts = [x for x in tok.lefts if x.dep_ in ("compound", "amod", "nmod", "npadvmod")]
    if tok.ent_type_ == "ORG" and any(x.pos_ == "PROPN" and x.ent_type_ == "ORG" for x in lefts) \
            and ACTOR_KINDS.get(tok.lower_) == "state":
        return "nonstate"  # a named force that is no country's: 'the Arakan Army', 'the Kachin Independence Army'
    left = [x.lower_ for x in lefts]
    for mod in left:
        if mod in ACTOR_KINDS and ACTOR_KINDS[mod] == "nonstate":
            return "nonstate"
    two = f"{left[-1]} {tok.lower_}" if left else ""
    if two in ACTOR_KINDS:
        return ACTOR_KINDS[two]
    if tok.lower_ in ACTOR_KINDS:
        return ACTOR_KINDS[tok.lower_]
    return actor_kind(" ".join(x.text for x in tok.subtree))


def actor_kind(phrase: str) -> str | None:
    """'state', 'police', 'nonstate' or 'civilian' for a phrase naming an actor, by its words (the
    last listed word or two-word run wins: 'rebel-held village' is a village), or None."""
    ws = [w.strip(".,;:'’\"()") for w in phrase.lower().split()]
    kind = None
    for i, w in enumerate(ws):
        two = " ".join(ws[i:i + 2])
        if two in ACTOR_KINDS and i + 1 < len(ws):
            kind = ACTOR_KINDS[two]
        elif w in ACTOR_KINDS:
            kind = ACTOR_KINDS[w]
    return kind


def has_any(text_lower: str, entries: frozenset[str]) -> bool:
    """Whether any entry occurs in the lower-cased text as whole words."""
    padded = f" {text_lower} "
    for ch in ".,;:!?()\"'“”‘’":
        padded = padded.replace(ch, " ")
    return any(f" {e} " in padded for e in entries)
