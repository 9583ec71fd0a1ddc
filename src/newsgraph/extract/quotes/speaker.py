"""Speaker linking: who a cue's subject is (a named entity, a resolved pronoun, the person a role
or an age describes, or an unnamed source), and, once all quotes are found, the naming of unnamed
sources as the article introduced them ('A senior defense official' … 'the official')."""
from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Token

from newsgraph.extract.quotes.base import _cue_ok, _Doc
from newsgraph.extract.quotes.words import ROLE_HEADS as _ROLE_HEADS
from newsgraph.extract.speakers import PRONOUNS, RELATIVE, SOURCE_NOUNS, Coref, named_in_clause, np_span, subject_of
from newsgraph.record import Entity, Mention, Quote, Speaker

_AGE_NP = re.compile(r"the \d{1,3}-year-old", re.I)
# 'a message to the mediators' envoy, Karim Haddad': a person addressed, by role
_ADDRESSED_BY_ROLE = re.compile(r"(?<!according )\bto\s+the\s+(?:[\w'\u2019-]+\s+){0,2}?(?:" + "|".join(
    sorted(_ROLE_HEADS, key=len, reverse=True)) + r"),\s+$", re.I)
# 'A nurse at Nasser Hospital said …': an unnamed source introduced at a sentence's start
_UNNAMED_INTRODUCED = re.compile(r"(?:^|[.!?\u201d\"]\s+|\n)(?:A|An|Another)\s+(?:[\w'\u2019-]+\s+){0,3}?(?:" + "|".join(
    sorted(SOURCE_NOUNS, key=len, reverse=True)) + r")\b")


class _Namer:
    """Turns a subject token into a Speaker: entity name, resolved pronoun, or unnamed-source phrase."""

    def __init__(self, d: _Doc, entities: list[Entity], coref: Coref):
        self.d, self.entities, self.coref = d, entities, coref
        self.sources: dict[str, int] = {}
        self.in_quote = None  # set once the quotation marks are paired: is a char inside quoted words
        self.seen: set[tuple[int, int]] = set()

    def surname(self, tok: Token) -> Speaker:
        """One name word the parser left outside the subject ('… of the Kyiv Post Zelensky said'): the
        person named in full elsewhere in the article with that last name, else the entity around the
        word (the model may have merged it with the words before)."""
        a, b = tok.idx, tok.idx + len(tok)
        people = [e for e in self.entities if e.type == "PERSON" and " " in e.name
                  and e.name.rsplit(" ", 1)[1] == tok.text
                  and not any(m.start <= a < m.end for m in e.mentions)]  # not the merged one itself
        if len(people) == 1:
            return Speaker(name=people[0].name, start=a, end=b, text=tok.text, entity=people[0].id)
        return self.signature(a, b)

    def signature(self, a: int, b: int) -> Speaker:
        """A name written after a dash under the quote: the span as matched, linked to its entity."""
        text = self.d.text
        ent = None
        for k in range(self.d.tok_at(a), min(len(self.d.doc), self.d.tok_at(b - 1) + 1)):
            ent = self.coref.tok_ent.get(k, ent)
        if ent is not None:
            e = self.entities[ent]
            return Speaker(name=e.name, start=a, end=b, text=text[a:b], entity=e.id)
        label = text[a:b]
        if label.isupper():
            # a transcript's 'SYBIHA:' is the person named in full in the introduction
            people = [e for e in self.entities if e.type == "PERSON"
                      and label in (e.name.upper(), e.name.rsplit(" ", 1)[-1].upper())]
            if len(people) == 1:
                return Speaker(name=people[0].name, start=a, end=b, text=label, entity=people[0].id)
        return self._source(a, b)

    def speaker(self, tok: Token) -> Speaker:
        low = tok.lower_
        if low in RELATIVE and tok.head.dep_ == "relcl" and tok.head.head.i != tok.i:
            # "Smith, who said …": the mention is 'who', the name is Smith's
            ante = self.speaker(tok.head.head)
            a, b = tok.idx, tok.idx + len(tok)
            return Speaker(name=ante.name, start=a, end=b, text=tok.text, entity=ante.entity)
        if low in PRONOUNS:
            idx = self.coref.pron_ent.get(tok.i)
            a, b = tok.idx, tok.idx + len(tok)
            if idx is None and low == "it":
                body = self._body_before(tok)
                if body is not None:
                    sp = self.speaker(body)
                    return Speaker(name=sp.name, start=a, end=b, text=tok.text, entity=sp.entity)
            if idx is None and tok.i in self.coref.pron_src:
                sp = self.speaker(self.d.doc[self.coref.pron_src[tok.i]])  # 'he' is 'A Lebanese official'
                return Speaker(name=sp.name, start=a, end=b, text=tok.text, entity=sp.entity)
            if idx is None:
                return Speaker(name=tok.text, start=a, end=b, text=tok.text)
            e = self.entities[idx]
            return Speaker(name=e.name, start=a, end=b, text=tok.text, entity=e.id)
        s, t = np_span(tok)
        return self.phrase(tok, s, t)

    def phrase(self, tok: Token, s: int, t: int) -> Speaker:
        """The speaker named by tokens [s, t) headed by ``tok``: its entity, the named person it
        describes (the first of PHRASE_RULES that finds one), or an unnamed source."""
        doc, text = self.d.doc, self.d.text
        ent = self.coref.tok_ent.get(tok.i)
        a, b = doc[s].idx, self.d.char_end(t - 1)
        if ent is None:
            for rule in PHRASE_RULES:
                ent = rule(self, tok, s, t)
                if ent is not None:
                    break
        if ent is not None:
            e = self.entities[ent]
            return Speaker(name=e.name, start=a, end=b, text=text[a:b], entity=e.id)
        return self._source(a, b)

    def _name_start(self, tok: Token) -> int:
        """The first token of the named mention that ends at ``tok``."""
        i, ent = tok.i, self.coref.tok_ent.get(tok.i)
        while i > 0 and self.coref.tok_ent.get(i - 1) == ent:
            i -= 1
        return i

    def _after_body(self, t: Token) -> bool:
        """``t`` ends a body's name ('administration', 'Ministry of Defence'), not a title ('President')."""
        k = self.coref.tok_ent.get(t.i)
        if k is not None:
            return self.entities[k].type in ("ORG", "UNIT")
        return t.pos_ == "NOUN"

    def _body_before(self, it: Token) -> Token | None:
        """'Ukraine's General Staff said … “…,” it said': the organisation that was the subject of a
        speech verb in this or the previous sentence (people are 'he'/'she'; 'it' is a body)."""
        doc = self.d.doc
        sent = it.sent
        lo = doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
        for i in range(it.i - 1, lo - 1, -1):
            t = doc[i]
            if t.dep_ != "nsubj" or t.lower_ in PRONOUNS or not _cue_ok(t.head) or t.head.dep_ == "ccomp" \
                    or (self.in_quote is not None and self.in_quote(t.idx)):
                continue  # (a subject inside reported words is not who reports them)
            ent = self.coref.tok_ent.get(t.i)
            if ent is not None and self.entities[ent].type == "PERSON":
                return None  # a person spoke last: 'it' is something else
            if t.pos_ in ("PROPN", "NOUN") and not t.tag_.endswith("S"):
                return t
        return None

    def _people_before(self, at: int) -> list[tuple[int, int]]:
        """(entity index, char of its last mention) of the people mentioned in the 1,500 characters
        before ``at`` (a few paragraphs, as for 'she'), the latest first."""
        found = []
        for k, e in enumerate(self.entities):
            if e.type == "PERSON":
                last = max((m.start for m in e.mentions if m.start < at), default=-1)
                if last >= 0 and at - last <= 1500:
                    found.append((k, last))
        return sorted(found, key=lambda x: -x[1])

    def _aged(self, tok: Token, phrase: str) -> int | None:
        """'the 38-year-old told the Guardian': the person of that age, else the person named last,
        unless that one was only addressed ('a message to the envoy, Karim Haddad') or someone unnamed
        was introduced since ('A nurse at Nasser Hospital said …'): then the phrase stays, and the
        speaker pass takes it for the one who spoke just before when it is sure."""
        age = re.search(r"\d+", phrase).group()
        people = self._people_before(tok.idx)
        for k, _ in people:
            if any(age in d.split("-")[0].split() or d == age for d in self.entities[k].descriptors):
                return k
        if not people:
            return None
        best, last = people[0]
        text = self.d.text
        if _ADDRESSED_BY_ROLE.search(text, max(0, last - 60), last) \
                or _UNNAMED_INTRODUCED.search(text, last, tok.idx):
            return None
        if phrase[4:] not in self.entities[best].descriptors:
            self.entities[best].descriptors.append(phrase[4:])  # the age is what the article says of them
        return best

    def _described(self, noun: Token) -> int | None:
        """'the minister added': the person introduced just before as a minister ('Defence Minister
        Rustem Umerov'), when exactly one person within the last few paragraphs has that role."""
        word = noun.lower_
        roles = [k for k, _ in self._people_before(noun.idx)
                 if any(word in d.lower().split() for d in self.entities[k].descriptors)]
        return roles[0] if len(roles) == 1 else None

    def _source(self, a: int, b: int) -> Speaker:
        text = self.d.text
        phrase = text[a:b]
        key = " ".join(w for w in phrase.lower().split() if w not in ("a", "an", "the", "some"))
        idx = self.sources.get(key)
        if idx is None:
            idx = len(self.entities)
            self.entities.append(Entity(id=f"e{idx + 1}", name=phrase, type="SOURCE"))
            self.sources[key] = idx
        e = self.entities[idx]
        if (a, b) not in self.seen:
            self.seen.add((a, b))
            e.mentions.append(Mention(a, b, phrase))
        return Speaker(name=e.name, start=a, end=b, text=phrase, entity=e.id)


# -- PHRASE_RULES: the named person an unnamed speaker phrase stands for, tried in order ------------------
#    (each returns the entity index, or None)

def _named_apposition(n: _Namer, tok: Token, s: int, t: int) -> int | None:
    """'A spokesman, Jason Miller, said the talks were over.': the apposition names the speaker (in 'a
    spokesman for the Southern Command, Vladyslav Voloshyn, said' the parser hangs it on the last noun)."""
    tok_ent = n.coref.tok_ent
    for c in tok.subtree:
        if c.dep_ == "appos" and c.i in tok_ent and (c.head.i == tok.i or (
                c.right_edge.i >= tok.right_edge.i - 1 and n.entities[tok_ent[c.i]].type == "PERSON")):
            return tok_ent[c.i]
    return None


def _role_holder(n: _Namer, tok: Token, s: int, t: int) -> int | None:
    """'The head of the regional military administration Oleh Syniehubov said …': the parser ran the
    name into the body's noun phrase; the person it ends with holds the role.
    Example: The head of the regional military administration Oleh Syniehubov said two people were injured."""
    if tok.lower_ not in _ROLE_HEADS:
        return None
    doc, tok_ent = n.d.doc, n.coref.tok_ent
    for c in tok.subtree:
        if c.dep_ == "pobj" and c.head.lower_ == "of" and c.pos_ == "PROPN" and c.i in tok_ent \
                and n.entities[tok_ent[c.i]].type == "PERSON" \
                and n._name_start(c) > tok.i + 2 and n._after_body(doc[n._name_start(c) - 1]):
            return tok_ent[c.i]
    return None


def _named_in_relative(n: _Namer, tok: Token, s: int, t: int) -> int | None:
    """'One man, who gave his name as Ghulam Rasool, said …': a source noun whose relative clause names it.
    Example: One man, who gave his name as Ghulam Rasool, said the road was closed."""
    if tok.lower_ not in SOURCE_NOUNS:
        return None
    name = named_in_clause(tok)
    return n.coref.tok_ent.get(name.i) if name is not None else None


def _description_of_named(n: _Namer, tok: Token, s: int, t: int) -> int | None:
    """'Serhiy, a 41-year-old commander, told reporters …': the description in apposition to a name
    (not a place's) is the named one's.
    Example: Serhiy, a 41-year-old commander who asked that his surname not be used, said the unit was
    exhausted."""
    tok_ent = n.coref.tok_ent
    if tok.dep_ == "appos" and tok.head.i < tok.i and tok.head.i in tok_ent \
            and n.entities[tok_ent[tok.head.i]].type not in ("GPE", "LOC"):
        return tok_ent[tok.head.i]
    return None


def _role_introduced_before(n: _Namer, tok: Token, s: int, t: int) -> int | None:
    """'Defence Minister Rustem Umerov visited the front. The minister said …': 'the minister' is the
    one person of the last few paragraphs with that role (``_Namer._described``).
    Example: Defence Minister Rustem Umerov visited the front on Monday. The minister said the line was
    holding."""
    if n.d.doc[s].lower_ == "the" and t - s <= 3 and tok.pos_ == "NOUN":
        return n._described(tok)
    return None


def _age_introduced_before(n: _Namer, tok: Token, s: int, t: int) -> int | None:
    """'Oksana Lysenko, 38, … The 38-year-old told the Guardian …': the person of that age, else the
    person named last (``_Namer._aged``).
    Example: Oksana Lysenko, 38, fled Kharkiv in March. The 38-year-old told the Guardian she would not go
    back."""
    a, b = n.d.doc[s].idx, n.d.char_end(t - 1)
    if _AGE_NP.fullmatch(n.d.text, a, b):
        return n._aged(tok, n.d.text[a:b])
    return None


PHRASE_RULES = (_named_apposition, _role_holder, _named_in_relative, _description_of_named, _role_introduced_before,
                _age_introduced_before)


def _outside_quote(subj: Token | None, v: Token, in_quote) -> Token | None:
    """The subject of ``v``, unless the parser took it from quoted words before the verb ('“…, Mr.
    President,” Representative Steve Cohen told Mr. Obama': 'President' the subject, Cohen its
    apposition): then the apposition outside the quote, or the name right before the verb that
    governs it ('“…, nothing you can do, folks,” Trump told'), or a second subject the parser gave the
    verb outside the quote ('“Happy Cinco de Mayo!,” he tweeted'), else None."""
    if subj is None or in_quote is None or not in_quote.closes_between(subj.idx, v.idx):
        return subj
    app = next((c for c in subj.children if c.dep_ == "appos" and not in_quote(c.idx)), None)
    if app is not None:
        return app
    # '“Happy Cinco de Mayo!,” he tweeted.': the parser gave the verb two subjects, the quoted name and
    # the pronoun outside; the one outside speaks
    other = next((c for c in subj.head.children if c.dep_ == "nsubj" and c is not subj and not in_quote(c.idx)),
                 None)
    if other is not None:
        return other
    prev = subj.doc[subj.head.i - 1] if subj.head.i > 0 else None
    if prev is not None and prev.pos_ in ("PROPN", "NOUN") and not in_quote(prev.idx):
        return prev
    return None


def _speaker_for_cue(v: Token, namer: _Namer, in_quote=None) -> Speaker | None:
    subj = _outside_quote(subject_of(v), v, in_quote)
    if subj is not None and in_quote is not None and in_quote(subj.idx):
        subj = None  # the subject of a verb inside the quoted words is not the speaker
    if subj is None:
        # "said Smith" parsed without a subject: the name right after the verb
        nxt = v.i + 1
        if nxt < len(v.doc) and (nxt in namer.coref.tok_ent or v.doc[nxt].lower_ in ("he", "she")):
            subj = v.doc[nxt]
    if subj is None and v.i > 0:
        # '“…,” Tulsa police Chief Chuck Jordan said': the parser hung the name on the quote; the
        # noun right before the verb heads the subject
        prev = v.doc[v.i - 1]
        if prev.pos_ in ("PROPN", "NOUN") and not (in_quote is not None and in_quote(prev.idx)):
            subj = prev
    if subj is None and v.pos_ == "NOUN" and v.i > 0:
        return _noun_tagged_cue_speaker(v, namer, in_quote)
    if subj is None:
        return None
    return namer.speaker(subj)


def _noun_tagged_cue_speaker(v: Token, namer: _Namer, in_quote) -> Speaker | None:
    """The speaker of a cue the tagger read as a noun. '“…,” the 67-year-old said, standing …' (a verb
    after all): the words before it, back to the closing mark. '“…” a welcome message on the website
    reads', 'From the report: “…”' (a noun indeed): the phrase it heads. 'her remark that “…”': its owner."""
    past = v.lower_ in ("said", "told", "wrote") or v.lower_.endswith("ed")
    doc, s = v.doc, v.i
    while s > 0:
        t = doc[s - 1]
        if t.is_quote or t.text in (",", ";", ":") or t.is_space or (in_quote is not None and in_quote(t.idx)) \
                or not (t.head.i == v.i or s <= t.head.i < v.i):
            break
        s -= 1
    if past:
        return namer.phrase(doc[v.i - 1], s, v.i) if s < v.i else None
    if v.tag_ != "NN":
        return None
    poss = next((c for c in v.children if c.dep_ == "poss"), None)
    if poss is not None:  # ('my answer:' is the writer's own)
        return namer.speaker(poss) if poss.lower_ not in ("my", "our", "your") else None
    if v.dep_ in ("nsubj", "nsubjpass", "ROOT") or v.dep_ == "pobj" and v.head.lower_ in ("from", "in"):
        _, e = np_span(v)
        return namer.phrase(v, s, max(e, v.i + 1))
    return None


def _head_word(phrase: str) -> str:
    """'A spokesperson for the European Union Mission' -> 'spokesperson': the last word before the
    first preposition or clause."""
    words = re.split(r"\s+", phrase.lower())
    for k, w in enumerate(words[1:], 1):
        if w in ("for", "of", "in", "at", "with", "from", "who", "close", "familiar", "speaking", ","):
            return words[k - 1].rstrip(",")
    return words[-1].rstrip(",")


def _link_introduced_sources(quotes: list[Quote], entities: list[Entity]) -> None:
    """Name each unnamed source as it was introduced ('A spokesperson', not a later 'the
    spokesperson' under the same key), and give a definite one ('the official') the name and entity
    of the latest source introduced before it with an indefinite article and the same head noun ('A
    senior defense official'); the mention as written stays."""
    by_id = {e.id: e for e in entities}
    first = {e.id: min(e.mentions, key=lambda m: m.start) for e in entities if e.type == "SOURCE" and e.mentions}
    for eid, m in first.items():
        by_id[eid].name = m.text
    for q in quotes:
        if q.speaker is not None and q.speaker.entity in first:
            q.speaker = replace(q.speaker, name=by_id[q.speaker.entity].name)
    intro = sorted(((m.start, by_id[eid]) for eid, m in first.items()
                    if m.text.split()[0].lower() in ("a", "an", "one")), key=lambda x: x[0])
    for q in quotes:
        sp = q.speaker
        words = sp.text.split() if sp is not None else []
        if len(words) != 2 or words[0].lower() != "the" or words[1].lower() not in SOURCE_NOUNS:
            continue
        head = words[1].lower()
        earlier = [e for start, e in intro if start < sp.start and _head_word(e.name) == head]
        if earlier and earlier[-1].id != sp.entity:
            target, old = earlier[-1], by_id.get(sp.entity)
            if old is not None and old.type == "SOURCE":
                for m in old.mentions:
                    if (m.start, m.end) == (sp.start, sp.end):
                        old.mentions.remove(m)
                        target.mentions.append(m)
                        target.mentions.sort(key=lambda x: x.start)
                        break
                if not old.mentions:
                    entities.remove(old)  # nothing else called it: one source, one entity
            q.speaker = replace(sp, name=target.name, entity=target.id)
