"""Descriptors: what the article says a person is (age, role, affiliation), by DESCRIPTOR_RULES."""
from __future__ import annotations

from spacy.tokens import Doc, Token

from newsgraph.extract.entities.lexicon import AS_VERBS, COPULA, RANKS, ROLE_VERBS
from newsgraph.extract.speakers import Coref
from newsgraph.record import Entity


def _body_subject_before(doc: Doc, tok: Token, coref: Coref, entities: list[Entity]) -> str | None:
    """The body 'its' refers to: the subject of the previous sentence, when that is a body and not a
    person ('The regional military administration said …. Its head, Ivan Fedorov, …')."""
    sent = tok.sent
    if sent.start == 0:
        return None
    prev = doc[sent.start - 1].sent
    for t in prev:
        if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT" and t.pos_ in ("NOUN", "PROPN") \
                and not t.tag_.endswith("S"):
            k = coref.tok_ent.get(t.i)
            if k is not None and entities[k].type == "PERSON":
                return None
            words = doc[t.left_edge.i:t.i + 1].text
            return "the" + words[3:] if t.left_edge.lower_ == "the" else words  # 'The …' opened the sentence
    return None


def _np_text(doc: Doc, tok: Token, limit: int = 10) -> str | None:
    """A descriptor from a noun phrase: without its determiner, relative clause or trailing aside."""
    a = tok.left_edge.i
    b = tok.i + 1
    for c in tok.rights:
        if (c.dep_ in ("compound", "amod", "nummod") or (c.dep_ == "prep" and c.lower_ in ("of", "for", "at", "from"))) \
                and c.right_edge.i - a < limit:
            if any(t.text in (",", "(", "\n") for t in doc[c.i:c.right_edge.i + 1]):
                break
            b = c.right_edge.i + 1
        else:
            break
    a, b = _trim_np(doc, a, b)
    if a >= b or b - a > limit:
        return None
    out = doc[a:b].text.strip()
    return out or None


def _trim_np(doc: Doc, a: int, b: int) -> tuple[int, int]:
    """Tokens [a, b) of a descriptor without its leading determiner and edge punctuation."""
    for k in range(b - 1, a - 1, -1):
        if "\n" in doc[k].text or "\n" in doc[k].whitespace_:
            a = k + 1  # '11:02 ¶ Ukraine's human rights commissioner': a heading the parser ran in
            break
    while a < b and (doc[a].lower_ in ("a", "an", "the", "its", "their") or doc[a].is_punct):
        a += 1  # 'its spokesman' is a spokesman (whose, the article says around it)
    while b > a and doc[b - 1].is_punct:
        b -= 1
    return a, b


class _Describer:
    """Descriptors being added to one article's entities: ``put`` keeps each once, short, and not the
    name itself."""

    def __init__(self, doc: Doc, entities: list[Entity], coref: Coref):
        self.doc, self.entities, self.coref = doc, entities, coref
        self.seen = [set(e.descriptors) for e in entities]
        self.text = doc.text  # built from the tokens on each access: once

    def put(self, idx: int, d: str | None) -> None:
        if d and d not in self.seen[idx] and len(d) < 80 and self.entities[idx].name.lower() not in d.lower():
            self.seen[idx].add(d)
            self.entities[idx].descriptors.append(d)

    def owned(self, noun: Token, d: str | None) -> str | None:
        """'his deputy' -> "Andriy Kovalenko's deputy" when the pronoun is resolved; 'its head' -> 'head of
        the regional military administration' when the previous sentence's subject is a body."""
        first, coref = noun.left_edge, self.coref
        if d and first.tag_ == "PRP$" and first.i in coref.pron_ent and d.lower().startswith(first.lower_ + " "):
            return f"{self.entities[coref.pron_ent[first.i]].name}'s {d[len(first.text) + 1:]}"
        if d and first.lower_ == "its":  # _np_text has already dropped the 'its'
            body = _body_subject_before(self.doc, first, coref, self.entities)
            if body:
                return f"{d} of {body}"
        return d


# -- DESCRIPTOR_RULES: what the text says of a person, tried on each mention's head word in order ------

def _apposition_after(x: _Describer, head: Token, idx: int, s: int) -> None:
    """'Alexey, 42, …', 'Jason Miller, a Trump spokesman, …': an apposition after the name.
    Example: Jason Miller, a Trump spokesman, denied the report."""
    for c in head.rights:
        if c.dep_ == "appos":
            if c.like_num:
                x.put(idx, c.text)
            else:
                x.put(idx, x.owned(c, _np_text(x.doc, c)))


def _apposition_to_phrase(x: _Describer, head: Token, idx: int, s: int) -> None:
    """'the mayor of Kharkiv, Ihor Terekhov,', 'a spokesman for the Southern Command, Vladyslav Voloshyn,':
    the name is an apposition to a noun phrase (the parser hangs it on the phrase's last noun; the
    descriptor is the whole phrase).
    Example: The mayor of Kharkiv, Ihor Terekhov, said the city was ready."""
    doc = x.doc
    top = head.head  # what the name is an apposition to
    while head.dep_ == "appos" and top.dep_ == "pobj" and top.head.dep_ == "prep" \
            and top.head.lower_ in ("of", "for", "at") and top.head.head.pos_ == "NOUN":
        top = top.head.head
    if head.dep_ == "appos" and top.i != head.head.i:
        a, b = _trim_np(doc, top.left_edge.i, head.left_edge.i)
        if 0 < b - a <= 10:
            x.put(idx, doc[a:b].text)
    elif head.dep_ == "appos" and head.head.pos_ == "NOUN" \
            and "\n" not in x.text[head.head.idx:head.idx]:  # not a heading above: 'Politics ¶ - Orban'
        x.put(idx, x.owned(head.head, _np_text(doc, head.head)))


def _title_before_name(x: _Describer, head: Token, idx: int, s: int) -> None:
    """'former Russian MP Ilya Ponomarev', 'Kremlin spokesman Dmitry Peskov', 'NATO Secretary-General Jens
    Stoltenberg': title-like modifiers in front of the name (an organisation's name and a hyphenated
    title belong to it).
    Example: Kremlin spokesman Dmitry Peskov said the talks were over."""
    doc, text, coref, entities = x.doc, x.text, x.coref, x.entities
    left = head.left_edge.i
    if left < s and head.pos_ == "PROPN":
        k = s
        while k > left and (doc[k - 1].dep_ in ("compound", "amod", "nmod", "npadvmod") and not doc[k - 1].is_punct
                            or doc[k - 1].tag_ == "HYPH" and k - 1 > left) \
                and "\n" not in text[doc[k - 1].idx:doc[k].idx] \
                and (doc[k - 1].i not in coref.tok_ent or
                     entities[coref.tok_ent[doc[k - 1].i]].type != "PERSON"):
            k -= 1
        if k < s and any(t.pos_ == "NOUN" or t.lower_.rstrip(".") in RANKS for t in doc[k:s]):
            x.put(idx, doc[k:s].text)


def _relative_clause(x: _Describer, head: Token, idx: int, s: int) -> None:
    """'Andriy Kovalenko, who commands a drone unit,', ', who is a member of …', ', who now serves as
    Norway's finance minister,': a who-clause giving a role.
    Example: Andriy Kovalenko, who commands a drone unit, spoke on Monday."""
    doc = x.doc
    for c in head.rights:
        if c.dep_ == "relcl" and any(t.lower_ == "who" and t.dep_ == "nsubj" for t in c.children):
            if c.lower_ in COPULA:
                attr = next((t for t in c.rights if t.dep_ == "attr" and t.pos_ == "NOUN"), None)
                if attr is not None:
                    x.put(idx, _np_text(doc, attr, 12))
            elif c.lower_ in AS_VERBS and any(t.dep_ == "prep" and t.lower_ == "as" for t in c.rights):
                as_ = next(t for t in c.rights if t.dep_ == "prep" and t.lower_ == "as")
                obj = next((t for t in as_.children if t.dep_ == "pobj" and t.pos_ == "NOUN"), None)
                if obj is not None:
                    x.put(idx, _np_text(doc, obj, 12))
            elif c.lemma_ in ROLE_VERBS or c.lower_.rstrip("s") in ROLE_VERBS:
                obj = next((t for t in c.rights if t.dep_ == "dobj"), None)
                np = _np_text(doc, obj) if obj is not None else None
                if np:
                    det = obj.left_edge.text + " " if obj.left_edge.lower_ in ("a", "an", "the") else ""
                    x.put(idx, f"{c.text} {det}{np}")


def _copula_or_as(x: _Describer, head: Token, idx: int, s: int) -> None:
    """'Alexey is a member of Russia's Freedom Legion', 'He serves as a drone operator': the person as
    the subject of a copula or of 'serves / works / acts as' (also in a conjoined verb).
    Example: Alexey Baranovsky serves as a drone operator."""
    if head.dep_ != "nsubj":
        return
    doc, v = x.doc, head.head
    if v.lower_ in COPULA:
        for c in v.rights:
            if c.dep_ == "attr" and c.pos_ == "NOUN":
                x.put(idx, _np_text(doc, c, 12))
    for vv in [v, *[c for c in v.rights if c.dep_ == "conj"]]:
        if vv.lower_ in AS_VERBS or vv is v:
            for c in vv.children:
                if c.dep_ == "prep" and c.lower_ == "as":
                    for p in c.children:
                        if p.dep_ == "pobj" and p.pos_ == "NOUN" and (
                                vv.lower_ in AS_VERBS or any(d.lower_ in ("a", "an") for d in p.lefts)):
                            x.put(idx, _np_text(doc, p))
        if vv is not v and vv.lower_ in COPULA:
            for c in vv.rights:
                if c.dep_ == "attr" and c.pos_ == "NOUN":
                    x.put(idx, _np_text(doc, c, 12))


DESCRIPTOR_RULES = (_apposition_after, _apposition_to_phrase, _title_before_name, _relative_clause, _copula_or_as)


def add_descriptors(doc: Doc, entities: list[Entity], coref: Coref, mentions) -> None:
    """Descriptors (age, role, affiliation) of the people mentioned by name or by a resolved pronoun."""
    x = _Describer(doc, entities, coref)
    heads: list[tuple[Token, int, int]] = [(doc[e - 1], idx, s) for s, e, idx, typ in mentions if typ == "PERSON"]
    heads += [(doc[i], idx, i) for i, idx in coref.pron_ent.items()]
    rules = DESCRIPTOR_RULES
    for head, idx, s in heads:
        for rule in rules:
            rule(x, head, idx, s)
