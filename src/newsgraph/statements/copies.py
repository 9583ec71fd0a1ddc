"""Near-duplicate articles: a wire story republished with a new headline and URL, a paragraph dropped
or moved, other quotation marks, a dateline added. Candidates come from MinHash signatures (datasketch)
over word shingles, split into LSH bands: two articles that share a band are compared; a pair is a copy
when their shingle sets, compared exactly, say so (``is_copy``). The store keeps the bands
(store/copies.py), so a new article is compared only with the articles it shares a band with.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from newsgraph.statements.normalise import norm_words

SHINGLE = 4  # words per shingle
NUM_PERM = 32
ROWS = 2  # MinHash values per band: 16 bands; a pair with Jaccard 0.5 shares one with p = 0.99
BANDS = NUM_PERM // ROWS
MIN_BANDS = 2  # bands two articles must share to be compared
MIN_WORDS = 30  # shorter texts (a headline, a caption) are not compared: too little to tell a copy
MIN_JACCARD = 0.6  # a copy: most shingles shared ...
MIN_CONTAINED = 0.85  # ... or the shorter text (a paragraph dropped) almost wholly inside the longer one
MIN_SIZE_RATIO = 0.4  # ... and at least this share of its size


def shingles(text: str) -> set[str]:
    """The text's word 4-grams, after the normalisation quotes get (case, quotation marks and
    punctuation do not count): 'Kharkiv has survived worse' -> {'kharkiv has survived worse'}."""
    words = norm_words(text)
    if len(words) < SHINGLE:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


@functools.lru_cache(maxsize=1)
def _template():
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=19)


def signature(sh: set[str]) -> np.ndarray:
    """The MinHash signature (datasketch, NUM_PERM values) of a shingle set."""
    m = _template()  # one MinHash, its permutations made once, cleared for each text
    m.clear()
    m.update_batch([s.encode("utf-8") for s in sh])
    return m.hashvalues.copy()


def band_keys(sig: np.ndarray) -> list[int]:
    """One signed 64-bit key per LSH band: the band's number and its ROWS MinHash values."""
    vals = np.asarray(sig, dtype=np.uint64).reshape(BANDS, ROWS)
    keys = []
    for b, row in enumerate(vals):
        k = (int(row[0]) << 32 | int(row[1])) ^ (b * 0x9E3779B97F4A7C15 & 0xFFFFFFFFFFFFFFFF)
        keys.append(k - (1 << 64) if k >= 1 << 63 else k)
    return keys


@dataclass
class Similarity:
    jaccard: float
    contained: float  # share of the smaller set found in the larger
    size_ratio: float


def similarity(a: set[str], b: set[str]) -> Similarity:
    if not a or not b:
        return Similarity(0.0, 0.0, 0.0)
    inter = len(a & b)
    small, large = sorted((len(a), len(b)))
    return Similarity(inter / (len(a) + len(b) - inter), inter / small, small / large)


def is_copy(s: Similarity) -> bool:
    """A copy of one report: most of the text shared (a new headline, a dateline, other quotation
    marks, a paragraph moved), or the shorter text almost wholly inside the longer (paragraphs
    dropped). Two stories that share a quote or a background paragraph are not."""
    return s.jaccard >= MIN_JACCARD or (s.contained >= MIN_CONTAINED and s.size_ratio >= MIN_SIZE_RATIO)


def comparable(text: str) -> bool:
    return len(text) >= MIN_WORDS * 3 and len(norm_words(text)) >= MIN_WORDS
