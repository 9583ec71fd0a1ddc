"""Shared pieces of the quote stages: token/char offsets over the parsed article, the quoted-span
index, and the tests every stage makes of a cue word or a quoted fragment."""
from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc, Token

from newsgraph.extract.cues import SPEECH, WEAK_SPEECH
from newsgraph.extract.quotes.marks import Quoted
from newsgraph.record import Cue, Quote

_WORD = re.compile(r"\w+")


# the writer's 'and' / 'but' after an attribution: '“…,” he said, but “…”'
_ATTRIBUTION_THEN_CONJ = re.compile(r"[^.!?\n]{0,60},\s*(?:and|but)(?:\s+(?:still|also|then))?\s*")
_BULLETS = "-*\u2022\u2013\u2014\u25aa\u25cf"


class _Doc:
    """Offsets helpers over one parsed article."""

    def __init__(self, doc: Doc, text: str):
        self.doc, self.text = doc, text
        self.starts = [t.idx for t in doc]

    def tok_at(self, char: int) -> int:
        """Index of the token that contains (or, in whitespace, follows) ``char``."""
        k = bisect.bisect_right(self.starts, char) - 1
        if k < 0:
            return 0
        t = self.doc[k]
        if char >= t.idx + len(t) and k + 1 < len(self.doc):
            return k + 1
        return k

    def char_end(self, i: int) -> int:
        t = self.doc[i]
        return t.idx + len(t)


class _QuoteIndex:
    def __init__(self, quoted: list[Quoted]):
        self.starts = [q.open for q in quoted]
        self.ends = [q.close for q in quoted]

    def __call__(self, char: int) -> bool:
        k = bisect.bisect_right(self.starts, char) - 1
        return k >= 0 and self.starts[k] <= char <= self.ends[k]

    def closes_between(self, char: int, later: int) -> bool:
        """Is ``char`` inside quoted words that close before ``later``?"""
        k = bisect.bisect_right(self.starts, char) - 1
        return k >= 0 and self.starts[k] <= char <= self.ends[k] < later


class _Span:
    def __init__(self, idx: int, end: int, text: str):
        self.idx, self.end, self.text = idx, end, text

    def __len__(self) -> int:
        return self.end - self.idx


def _cue(v) -> Cue:
    return Cue(v.idx, v.idx + len(v), v.text)


def _cue_ok(t: Token, at_quote: bool = False) -> bool:
    """A speech verb that can be a quote's cue. A weak one ('continued', 'read') only when it stands
    right at the quote ('…,” she continued.', 'She continued, “…”'): elsewhere it is too often not speech."""
    if t.lower_ not in SPEECH or t.tag_ in ("NNP", "NNPS") and not t.is_sent_start:
        return False  # 'The New York Post:', 'the Daily Report': a name, not a verb
    return SPEECH[t.lower_] not in WEAK_SPEECH or (at_quote and t.tag_.startswith("VB"))


def _put_it(t: Token) -> bool:
    """'as X put it': a speech cue."""
    return t.lower_ in ("put", "puts") and t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ == "it" \
        and any(c.dep_ == "mark" and c.lower_ == "as" for c in t.children)


def _is_partial(prevc: str, first: str) -> bool:
    """Quoted words inside the writer's sentence ('was one of “excitement”'), judged by the character
    before the opening mark and the first letter inside: after a word, or lower case after anything
    but a colon, comma, line break or sentence end."""
    return prevc.isalnum() or (prevc not in ":,\n.!?" and first.islower())


def _add_piece(quote: Quote, text: str, cs: int, ce: int) -> None:
    """Quoted words [cs, ce) that go on ``quote`` become its next segment."""
    quote.segments = (quote.segments or [(quote.start, quote.end)]) + [(cs, ce)]
    quote.end, quote.text = ce, text[quote.start:ce]


def reads(*word_sets) -> "callable":
    """Marks a token rule as answering no (False or None) for every token whose lower-cased form is in
    none of ``word_sets``: a table indexed by ``FormIndex`` does not even try it on other tokens."""
    forms = frozenset().union(*word_sets)

    def mark(rule):
        rule.reads = forms
        return rule
    return mark


class FormIndex:
    """A rule table indexed by the token forms its rules read (``reads``): ``rules(table, form)`` is the
    table's rules, in table order, that may answer for a token of that form (a rule without ``reads``
    may answer for any). The same answers as trying every rule, with fewer calls. Rebuilt when the
    table object changes (a test may take a rule out)."""

    def __init__(self):
        self.table: tuple | None = None
        self.by_form: dict[str, tuple] = {}
        self.other: tuple = ()

    def rules(self, table: tuple, form: str) -> tuple:
        if table is not self.table:
            forms = frozenset().union(*(getattr(r, "reads", ()) for r in table))
            self.by_form = {f: tuple(r for r in table if f in getattr(r, "reads", (f,))) for f in forms}
            self.other = tuple(r for r in table if not hasattr(r, "reads"))
            self.table = table
        return self.by_form.get(form, self.other)
