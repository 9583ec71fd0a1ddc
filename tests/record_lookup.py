"""Finding a quote or its speaker in an analysed record by a fragment of its text: shared by the
attribution and speaker tests (tests/test_attribution*.py, tests/test_speakers.py)."""
from __future__ import annotations


def quote(rec, fragment):
    """The shortest quote of ``rec`` whose text holds ``fragment`` (fails, listing the quotes, if none)."""
    hits = [q for q in rec.quotes if fragment in q.text]
    assert hits, [q.text for q in rec.quotes]
    return min(hits, key=lambda q: len(q.text))


def speaker(rec, fragment):
    """That quote's speaker (fails if it has none)."""
    q = quote(rec, fragment)
    assert q.speaker is not None, q
    return q.speaker
