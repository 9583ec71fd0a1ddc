"""The quote extractor's word lists, read once from the data files beside this module.

``words.tsv``: one entry a line, ``list name<TAB>entry``; ``prep_cues.tsv``: word + preposition cues
('spoke about X', 'accused him of X'). Both are package data (pyproject.toml).
"""
from __future__ import annotations

from pathlib import Path

from newsgraph.extract.cues import inflect
from newsgraph.wordlists import named_lists, rows

_HERE = Path(__file__).parent

_LISTS = named_lists(_HERE / "words.tsv")


def ordered(name: str) -> list[str]:
    """A list as written in words.tsv."""
    return list(_LISTS[name])


def words(name: str) -> frozenset[str]:
    return frozenset(_LISTS[name])


INTRODUCING = words("introducing")
TITLE_SMALL = words("title_small")
EDITORIAL_LABELS = words("editorial_labels")
PASSIVE_RAISING = words("passive_raising")
ROLE_HEADS = words("role_heads")
COMMENT_NOUNS = words("comment_nouns")
FRONTED_MARKS = words("fronted_marks")
QUESTION_WORDS = words("question_words")
NO_SOURCE = words("no_source")
SUBORDINATORS = words("subordinators")
CONTENT_PREPS = words("content_preps")
CUE_NOUNS = words("cue_nouns")
ANSWER_VERBS = words("answer_verbs")
ADDRESSEE_VERBS = words("addressee_verbs")
OCCASION_PREPS = words("occasion_preps")
TIME_WORDS = words("time_words")
TELL = words("tell_forms")
ISSUE_VERBS = frozenset(f for lemma in ordered("issue_verbs") for f in inflect(lemma)) \
    | words("issue_forms") | frozenset(f for lemma in ordered("voice_verbs") for f in inflect(lemma))


def _stance() -> dict[str, str]:
    """Form -> 'x' (its infinitive or object is what the source wants: 'wants to …') or 'o' (its
    object is what the source backs or rejects: 'cited the figure'); an 'x' reading wins."""
    table: dict[str, str] = {}
    for lemma in ordered("stance_infinitive"):
        for f in inflect(lemma):
            table[f] = "x"
    for lemma in ordered("stance_object"):
        for f in inflect(lemma):
            table.setdefault(f, "o")
    return table


STANCE = _stance()


def _load_prep_lexicon() -> dict[tuple[str, str], set[str]]:
    """(word form, tag class) -> prepositions, from prep_cues.tsv; verbs inflected, nouns pluralised."""
    table: dict[tuple[str, str], set[str]] = {}
    for row in rows(_HERE / "prep_cues.tsv", min_cols=3):
        pos, lemma, prep = row.cols[:3]
        if pos == "VERB":
            forms, tag = inflect(lemma), "VB"
        elif pos == "NOUN":
            forms, tag = {lemma, lemma + ("es" if lemma.endswith(("s", "sh", "ch")) else "s")}, "NN"
        else:
            forms, tag = {lemma}, "JJ"
        for f in forms:
            table.setdefault((f, tag), set()).add(prep)
    return table


PREP_LEXICON = _load_prep_lexicon()
