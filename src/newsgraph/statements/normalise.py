"""A quote's content as a sequence of words, so that two outlets' versions of one statement compare
equal: quotation marks, case, punctuation and whitespace are not part of what was said.

    norm_words("“We will not surrender,” ") == norm_words('we will NOT surrender...')
    == ("we", "will", "not", "surrender")

``norm_key`` is a stable 64-bit key of those words (the store looks statements up by it);
``anchors`` are the few word pairs under which a statement is indexed, so that a trimmed,
lengthened or one-word-edited version finds it (any run of five shared words shares an anchor).
"""
from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from pathlib import Path

from newsgraph.wordlists import entries

# a number with its separators is one word ('100,000', '3.5'); a word keeps its inner apostrophes
_WORD = re.compile(r"\d+(?:[.,]\d+)*|[^\W_]+(?:'[^\W_]+)*", re.UNICODE)
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "′": "'"})
WINDOW = 4  # winnowing window, in word pairs: a shared run of WINDOW + 1 words always shares an anchor


def norm_words(text: str | None) -> tuple[str, ...]:
    """The words of ``text``, case-folded, without quotation marks, punctuation or spacing:
    '“Kharkiv has survived worse,” he' -> ('kharkiv', 'has', 'survived', 'worse', 'he')."""
    if not text:
        return ()
    t = unicodedata.normalize("NFKC", text).casefold().translate(_APOSTROPHES)
    return tuple(_WORD.findall(t))


def norm_text(words: tuple[str, ...]) -> str:
    return " ".join(words)


def _hash64(s: str) -> int:
    """A stable signed 64-bit hash (SQLite's INTEGER) of a string."""
    return int.from_bytes(hashlib.blake2b(s.encode("utf-8"), digest_size=8).digest(), "little", signed=True)


def norm_key(words: tuple[str, ...]) -> int:
    """The key the store finds a statement's exact wording by."""
    return _hash64(norm_text(words))


@functools.lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    return entries(Path(__file__).with_name("stopwords.tsv"))


def anchors(words: tuple[str, ...], window: int = WINDOW) -> set[int]:
    """The word pairs a quote is indexed under: in every ``window`` consecutive pairs, the one with
    the smallest hash (winnowing), so two quotes sharing a run of ``window + 1`` words share an
    anchor wherever the run sits; pairs of function words alone ("of the") are left out."""
    if not words:
        return set()
    if len(words) == 1:
        return {_hash64(words[0])}
    stop = stopwords()
    pairs = [None if a in stop and b in stop else _hash64(f"{a} {b}") for a, b in zip(words, words[1:])]
    out: set[int] = set()
    for i in range(max(1, len(pairs) - window + 1)):
        kept = [h for h in pairs[i:i + window] if h is not None]
        if kept:
            out.add(min(kept))
    if not out:  # a quote of function words only ('we will do it'): its words are its anchor
        out.add(_hash64(norm_text(words)))
    return out
