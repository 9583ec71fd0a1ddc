"""A sentence read once into plain lists (``View``), shared by the actor, class and PLOVER models."""
from __future__ import annotations

import bisect

from spacy.attrs import DEP, ENT_TYPE, HEAD, IDX, IS_PUNCT, IS_TITLE, ORTH, POS
from spacy.tokens import Doc, Span

from newsgraph.extract.events.models.words import stem


class View:
    """A sentence's parse read once into plain lists (spaCy's Token objects are slow to walk): for each
    token (by its doc index ``i``; ``at = i - start``) its text, lower form, stem, POS, dependency label,
    head index, entity type, edges of its subtree, children, character offset; and the sentence's root.
    Features and candidates read only this, so the cost is one pass over the sentence's tokens."""

    __slots__ = ("doc", "start", "end", "text", "lower", "stem", "pos", "dep", "head", "ent", "punct",
                 "title", "le", "re", "kids", "idx", "root", "ents")

    def __init__(self, sent: Span):
        self.doc = doc = sent.doc
        self.start, self.end = start, end = sent.start, sent.end
        d = _doc_lists(doc)
        n = end - start
        self.text = d.text[start:end]
        self.lower = d.lower[start:end]
        self.stem = d.stem[start:end]
        self.head = head = d.head[start:end]
        self.dep = d.dep[start:end]
        self.pos = d.pos[start:end]
        self.ent = d.ent[start:end]
        self.idx = d.idx[start:end]
        self.punct = d.punct[start:end]
        self.title = d.title[start:end]
        self.kids = kids = [[] for _ in range(n)]
        roots = []
        for k, h in enumerate(head):
            if h != start + k:
                kids[h - start].append(start + k)
            else:
                roots.append(start + k)
        # spaCy's Span.root: the first token whose head is itself, else its own search
        self.root = roots[0] if roots else (sent.root.i if n else start)
        self.le, self.re = _edges(start, head, kids, roots)
        self.ents = d.ents_in(start, end)

    def up(self, i: int, steps: int):
        """Word ``i`` and the words above it, nearest first: at most ``steps`` words, stopping at a root."""
        o = self.start
        for _ in range(steps):
            yield i
            if self.head[i - o] == i:
                return
            i = self.head[i - o]

    def chars(self, a: int, b: int) -> tuple[int, int]:
        return self.idx[a - self.start], self.idx[b - self.start] + len(self.text[b - self.start])


def _edges(start: int, head: list[int], kids: list[list[int]], roots: list[int]) -> tuple[list[int], list[int]]:
    """Each token's subtree edges (first and last token i of its subtree): children are met after their
    parents going down from the roots, so going back up that order settles every child before its
    parent. A parse that is no tree (a cycle) is walked up from every token instead."""
    n = len(head)
    le = list(range(start, start + n))
    re_ = list(range(start, start + n))
    order = list(roots)
    for x in order:
        order.extend(kids[x - start])
    if len(order) == n:
        for x in reversed(order):
            k = x - start
            hk = head[k] - start
            if hk != k:
                if le[k] < le[hk]:
                    le[hk] = le[k]
                if re_[k] > re_[hk]:
                    re_[hk] = re_[k]
        return le, re_
    for k in range(n):
        i = start + k
        h = head[k]
        steps = 0
        while h != i and steps < n:
            hk = h - start
            if le[hk] > start + k:
                le[hk] = start + k
            if re_[hk] < start + k:
                re_[hk] = start + k
            i, h = h, head[hk]
            steps += 1
    return le, re_


class _DocLists:
    """A doc's token attributes as plain lists (strings, absolute head indices), made once per doc; the
    views of its sentences are slices of them."""

    __slots__ = ("text", "lower", "stem", "head", "dep", "pos", "ent", "idx", "punct", "title", "ents", "ent_starts")

    def __init__(self, doc: Doc):
        arr = doc.to_array([HEAD, DEP, POS, ENT_TYPE, IDX, IS_PUNCT, IS_TITLE, ORTH])
        rel = arr[:, 0].astype("int64").tolist()  # HEAD is a signed offset stored unsigned
        rows = arr.tolist()
        strings = doc.vocab.strings
        # the tokens' texts from their ORTH (no spaCy Token objects: they are slow to make)
        self.text = text = [strings[r[7]] for r in rows]
        self.lower = [x.lower() for x in text]
        self.stem = [stem(x) for x in text]
        self.head = [k + r for k, r in enumerate(rel)]
        self.dep = [strings[r[1]] for r in rows]
        self.pos = [strings[r[2]] for r in rows]
        self.ent = [strings[r[3]] if r[3] else "" for r in rows]
        self.idx = [r[4] for r in rows]
        self.punct = [bool(r[5]) for r in rows]
        self.title = [bool(r[6]) for r in rows]
        self.ents = [(e.start, e.end, e.label_, e.root.i) for e in doc.ents]
        self.ent_starts = [e[0] for e in self.ents]

    def ents_in(self, start: int, end: int) -> list[tuple[int, int, str, int]]:
        """The entities inside tokens [start, end)."""
        k = bisect.bisect_left(self.ent_starts, start)
        out = []
        for e in self.ents[k:]:
            if e[0] >= end:
                break
            if e[1] <= end:
                out.append(e)
        return out


_DOC_CACHE: list = []


def _doc_lists(doc: Doc) -> _DocLists:
    """The doc's ``_DocLists``, made once per doc (not per sentence)."""
    if _DOC_CACHE and _DOC_CACHE[0][0] is doc and _DOC_CACHE[0][1] == len(doc):
        return _DOC_CACHE[0][2]
    d = _DocLists(doc)
    _DOC_CACHE[:] = [(doc, len(doc), d)]
    return d


_VIEW_CACHE: list = []


def view(sent: Span) -> View:
    """The View of ``sent``, reused while the same sentence is asked about (actors, classes, PLOVER)."""
    if _VIEW_CACHE:
        doc, start, end, v = _VIEW_CACHE[0]
        if doc is sent.doc and start == sent.start and end == sent.end:
            return v
    v = View(sent)
    _VIEW_CACHE[:] = [(sent.doc, sent.start, sent.end, v)]
    return v
