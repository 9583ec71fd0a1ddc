"""A sentence read once into plain lists (``View``), shared by the actor, class and PLOVER models."""
from __future__ import annotations

from spacy.attrs import DEP, ENT_TYPE, HEAD, IDX, IS_PUNCT, IS_TITLE, POS
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
        self.doc = sent.doc
        self.start, self.end = sent.start, sent.end
        doc = sent.doc
        start, end = sent.start, sent.end
        whole, ents = _doc_arrays(doc)
        full = whole[start:end]
        rel = full[:, 0].astype("int64").tolist()  # HEAD is a signed offset stored unsigned
        arr = full.tolist()
        strings = doc.vocab.strings
        n = end - start
        self.text = text = [t.text for t in sent]
        self.lower = [x.lower() for x in text]
        self.stem = [stem(x) for x in text]
        self.head = [start + k + r for k, r in enumerate(rel)]
        self.dep = [strings[r[1]] for r in arr]
        self.pos = [strings[r[2]] for r in arr]
        self.ent = [strings[r[3]] if r[3] else "" for r in arr]
        self.idx = [r[4] for r in arr]
        self.punct = [bool(r[5]) for r in arr]
        self.title = [bool(r[6]) for r in arr]
        self.kids = [[] for _ in range(n)]
        root = start
        for k, h in enumerate(self.head):
            if h != start + k:
                self.kids[h - start].append(start + k)
            else:
                root = start + k
        self.root = sent.root.i if n else root
        # subtree edges: children before parents is not guaranteed, so walk up from every token
        le = list(range(start, end))
        re_ = list(range(start, end))
        for k in range(n):
            i = start + k
            h = self.head[k]
            steps = 0
            while h != i and steps < n:
                hk = h - start
                if le[hk] > start + k:
                    le[hk] = start + k
                if re_[hk] < start + k:
                    re_[hk] = start + k
                i, h = h, self.head[hk]
                steps += 1
        self.le, self.re = le, re_
        self.ents = [e for e in ents if e[0] >= start and e[1] <= end]

    def chars(self, a: int, b: int) -> tuple[int, int]:
        return self.idx[a - self.start], self.idx[b - self.start] + len(self.text[b - self.start])


_DOC_CACHE: list = []


def _doc_arrays(doc: Doc):
    """The doc's token attributes as one array and its entities, made once per doc (not per sentence)."""
    if _DOC_CACHE and _DOC_CACHE[0][0] is doc and _DOC_CACHE[0][1] == len(doc):
        return _DOC_CACHE[0][2], _DOC_CACHE[0][3]
    arr = doc.to_array([HEAD, DEP, POS, ENT_TYPE, IDX, IS_PUNCT, IS_TITLE])
    ents = [(e.start, e.end, e.label_, e.root.i) for e in doc.ents]
    _DOC_CACHE[:] = [(doc, len(doc), arr, ents)]
    return arr, ents


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
