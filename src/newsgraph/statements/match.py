"""When two quotes by the same speaker are one statement: an ordered table of named rules over their
normalised words (newsgraph.statements.normalise). A pair is one statement when any rule says so;
two speakers are never compared (the store only looks within one speaker's statements).

Word-level edit distances come from rapidfuzz (``Levenshtein`` over word sequences).
"""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Callable

from rapidfuzz.distance import Indel, Levenshtein

from newsgraph.statements.normalise import stopwords
from newsgraph.wordlists import entries

Words = tuple[str, ...]

MIN_EDITED = 6  # a one-word edit joins quotes of at least this many words
MIN_PART = 8  # a trimmed version of at least this many words is the statement it was cut from ...
MIN_PART_SHARE = 0.5  # ... or of at least 5 words and half the longer version's words
MIN_PART_WORDS = 5


@functools.lru_cache(maxsize=1)
def negations() -> frozenset[str]:
    return entries(Path(__file__).with_name("negations.tsv"))


def _is_number(word: str) -> bool:
    return word[:1].isdigit()


SPELLING = 0.7  # two words this alike, letter for letter, are one word spelt two ways ('defence', 'defense')


def _same_word_spelt_otherwise(x: str, y: str) -> bool:
    """'kyiv' and 'kiev', 'defence' and 'defense', 'was' and 'is' (function words): a substitution that
    does not change what was said; 'paris' for 'berlin', 'military' for 'diplomatic' does."""
    stop = stopwords()
    return x in stop or y in stop or Indel.normalized_similarity(x, y) >= SPELLING


def _harmless_edit(a: Words, b: Words, max_edits: int) -> bool:
    """At most ``max_edits`` word edits between a and b, none of which changes a number or a negation
    ('12 killed' vs '15 killed', 'will' vs 'will not' are other statements) or puts one content word
    for another ('London and Berlin' is not 'London and Paris')."""
    if Levenshtein.distance(a, b, score_cutoff=max_edits) > max_edits:
        return False
    neg = negations()
    for op in Levenshtein.editops(a, b):
        words = []
        if op.tag in ("replace", "delete"):
            words.append(a[op.src_pos])
        if op.tag in ("replace", "insert"):
            words.append(b[op.dest_pos])
        if any(_is_number(w) or w in neg for w in words):
            return False
        if op.tag == "replace" and not _same_word_spelt_otherwise(*words):
            return False
    return True


def _allowed_edits(n: int) -> int:
    return 2 if n >= 20 else 1


def identical(a: Words, b: Words) -> bool:
    """“We will not surrender,” and 'we will not surrender.': the same words once normalised."""
    return a == b


def one_word_edit(a: Words, b: Words) -> bool:
    """'The enemy is deliberately targeting energy infrastructure' and 'The enemy is deliberately
    targeting our energy infrastructure': one word added, dropped or spelt otherwise (two from 20
    words on), never a number, a negation or one content word for another."""
    n = min(len(a), len(b))
    if n < MIN_EDITED or abs(len(a) - len(b)) > _allowed_edits(n):
        return False
    return _harmless_edit(a, b, _allowed_edits(n))


def _is_part(short: Words, long: Words) -> bool:
    return len(short) >= MIN_PART or (len(short) >= MIN_PART_WORDS and len(short) >= MIN_PART_SHARE * len(long))


def _contains(long: Words, short: Words) -> bool:
    n = len(short)
    first = short[0]
    return any(long[i] == first and long[i:i + n] == short for i in range(len(long) - n + 1))


def trimmed(a: Words, b: Words) -> bool:
    """'They want to freeze us out, but Kharkiv has survived worse' quoted as 'Kharkiv has survived
    worse' ... (a part of at least 8 words, or of 5 and half the whole, found word for word)."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) < len(long) and _is_part(short, long) and _contains(long, short)


def trimmed_and_edited(a: Words, b: Words) -> bool:
    """A trimmed version with one word changed inside it: 'the enemy is deliberately targeting our energy
    infrastructure' inside 'The enemy is deliberately targeting energy infrastructure, they want to
    freeze us out'. The first and last words must be the longer version's own ('the countryside is
    ours' is not inside 'the countryside is not ours')."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    n = len(short)
    if n >= len(long) or not _is_part(short, long) or n < MIN_EDITED or _contains(long, short):
        return False  # (found word for word: the rule `trimmed`)
    edits = _allowed_edits(n)
    for size in range(max(1, n - edits), min(n + edits, len(long) - 1) + 1):  # a part: shorter than the whole
        for i in range(0, len(long) - size + 1):
            window = long[i:i + size]
            if window[0] != short[0] or window[-1] != short[-1]:
                continue  # the edit inside: a changed end word is a cut elsewhere ('is ours' in 'is not ours')
            if _harmless_edit(short, window, edits):
                return True
    return False


RULES: list[Callable[[Words, Words], bool]] = [identical, one_word_edit, trimmed, trimmed_and_edited]


def same_statement(a: Words, b: Words, rules: list[Callable[[Words, Words], bool]] | None = None) -> bool:
    """Whether two quotes by one speaker are one statement (any rule of ``RULES`` says so)."""
    if not a or not b:
        return False
    return any(rule(a, b) for rule in (RULES if rules is None else rules))
