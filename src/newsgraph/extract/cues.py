"""Cue lexicon: the verbs (and a few phrases) that introduce a quote or an attribution.

Matching is on the lower-cased surface form, never on spaCy lemmas, so the extractors work without
the tagger/lemmatizer (the pipeline may switch those off for speed). Every lemma below is expanded
into its inflected forms once, at import.

Two strengths:
- ``SPEECH``: verbs that attribute words to someone (said, told, insisted, tweeted, ...). They make a
  quote's cue wherever they sit next to a quotation.
- ``REPORT``: verbs that attribute a belief, finding or claim when they govern a clause
  (believe, show, find, hope, ...). They only count with a clausal complement.
The lists were drawn from verbs that introduce attributions in political and war reporting, checked
against how often, with a clausal complement, they really did (a derived list of lemmas only). The lists
are data, ``cue_verbs.tsv`` beside this module (package data).
"""
from __future__ import annotations

from pathlib import Path

from newsgraph.wordlists import named_lists

_LISTS = named_lists(Path(__file__).with_name("cue_verbs.tsv"))

SPEECH_LEMMAS: list[str] = _LISTS["speech"]
# Attribution of a thought, finding or prediction: only with a clausal complement.
REPORT_LEMMAS: list[str] = _LISTS["report"]

# Forms that inflection rules get wrong.
IRREGULAR = {
    "say": ("said", "says", "saying"), "tell": ("told",), "write": ("wrote", "written", "writing"),
    "think": ("thought",), "know": ("knew", "known"), "see": ("saw", "seen", "sees", "seeing"),
    "find": ("found",), "hear": ("heard",), "feel": ("felt",), "mean": ("meant",), "read": ("read",),
    "understand": ("understood",), "bet": ("bet", "bets", "betting"), "forecast": ("forecast",),
    "learn": ("learnt", "learned"), "cry": ("cried", "cries"), "reply": ("replied", "replies"),
    "deny": ("denied", "denies"), "testify": ("testified", "testifies"), "clarify": ("clarified", "clarifies"),
    "imply": ("implied", "implies"), "worry": ("worried", "worries"), "theorize": (), "quip": ("quipped", "quipping"),
    "snap": ("snapped", "snapping"), "brag": ("bragged", "bragging"), "plead": ("pleaded", "pled"),
    "beg": ("begged", "begging"), "prove": ("proven",), "show": ("shown",), "rebut": ("rebutted",),
    "admit": ("admitted", "admitting"), "regret": ("regretted",), "blog": ("blogged", "blogging"),
    "text": ("texted", "texts"), "fume": ("fumed",), "scoff": ("scoffed",),
    "speak": ("spoke", "spoken"), "rip": ("ripped", "ripping"), "slam": ("slammed", "slamming"),
    "cast": ("cast",), "pin": ("pinned", "pinning"), "nod": ("nodded",),
}


# verbs stressed on a last syllable of consonant-vowel-consonant double it: referred, admitting
_DOUBLING = {"refer", "prefer", "confer", "defer", "infer", "admit", "commit", "submit", "omit", "permit",
             "regret", "occur", "concur", "compel", "rebut", "control", "patrol", "abet", "allot", "equip", "kidnap"}


def inflect(lemma: str) -> set[str]:
    """The regular -s / -ed / -ing forms of a verb (plus the irregular ones listed above)."""
    forms = {lemma, *IRREGULAR.get(lemma, ())}
    if lemma in _DOUBLING:
        return forms | {lemma + "s", lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    if lemma.endswith(("s", "sh", "ch", "x", "z")):
        forms.add(lemma + "es")
    elif lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        forms.update({lemma[:-1] + "ies", lemma[:-1] + "ied"})
    else:
        forms.add(lemma + "s")
    if lemma.endswith("ee"):  # agreed, agreeing; 'see' has its own past forms
        forms.update({lemma + "ing"} if lemma in IRREGULAR else {lemma + "d", lemma + "ing"})
    elif lemma.endswith("e"):
        forms.update({lemma + "d", lemma[:-1] + "ing"})
    else:
        forms.update({lemma + "ed", lemma + "ing"})
    return forms


def _table(lemmas: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for lemma in lemmas:
        for f in inflect(lemma):
            out.setdefault(f, lemma)
    return out


SPEECH: dict[str, str] = _table(SPEECH_LEMMAS)  # form -> lemma
REPORT: dict[str, str] = _table(REPORT_LEMMAS)
for _f, _l in SPEECH.items():
    REPORT.setdefault(_f, _l)

# Speech verbs that are too often something else when they stand alone next to a quote.
WEAK_SPEECH = frozenset(_LISTS["weak_speech"])


# Forms that, in political news, introduce an attribution most of the times they occur (measured
# on an attribution corpus as share of occurrences annotated as a cue; only forms at >= 50% and
# seen often enough are kept). With them, the attributed content may also be an object
# ("cited the figure"), an infinitive ("refused to comment") or a prepositional object
# ("railed against the deal"), not only a clause.
STRONG_FORMS = frozenset(_LISTS["strong_forms"])
