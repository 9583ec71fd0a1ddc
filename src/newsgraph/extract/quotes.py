"""Quotes: direct, partial and reported speech, each with its cue and its speaker.

Direct quotes come from the quotation marks of the original text (``quotemarks``); their cue and
speaker from, in turn: an attribution right after the quote (``“…,” he said``), the dependency
path from the quote up to a speech verb (``he said: “…”``, ``was one of “excitement”``), a
colon-ended lead-in (``He added:`` then the quote), a dash signature (``“…” -Name``), and last the
speaker of the quote before it (interrupted quotes, quote paragraphs with no cue, continuations).
Reported speech comes from the parse: a cue verb governing a clause (``X said that …``,
``…, officials said``), parentheticals (``the plan, he said, will fail``) and ``according to X``.

One pass over the quoted spans and one over the tokens: linear in the article length.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import replace
from pathlib import Path

from spacy.tokens import Doc, Token

from newsgraph.extract import Context, extractor
from newsgraph.extract.cues import REPORT, SPEECH, STRONG_FORMS, WEAK_SPEECH, inflect
from newsgraph.extract.quotemarks import Quoted, find_quoted
from newsgraph.extract.speakers import PRONOUNS, RELATIVE, SOURCE_NOUNS, Coref, named_in_clause, np_span, subject_of
from newsgraph.record import Cue, Entity, Mention, Quote, Speaker

_WORD = re.compile(r"\w+")
_BULLETS = "-*\u2022\u2013\u2014\u25aa\u25cf"
_TRANSCRIPT_LABEL = re.compile(r"([A-Z][A-Z.'\u2019-]+(?: [A-Z][A-Z.'\u2019-]+){0,2}):[ \t]+")
_DASH_SIGNATURE = re.compile(r"\s*(?:-|\u2013|\u2014|\u2015)\s*([A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,3})")
# How quoted pieces by one speaker are grouped into Quote records (the setting quote_grouping):
#   "split"        every quoted stretch is its own quote (a paragraph, or a piece of an interrupted quote);
#   "interrupted"  “A,” he said. “B.” is one quote with two segments; other pieces stay apart;
#   "attribution"  every piece that takes its speaker from the quote before it (same paragraph,
#                  continuation paragraph, or the next paragraph) joins that quote as a segment:
#                  one record per act of attribution, as attribution corpora annotate it.
# 'Trump: ‘I’m the worst thing …’': a headline's lone surname before the colon is the person named in full
HEADLINE_SURNAME = True
# a short quotation with no attribution is a scare quote or a title, not a quote
MIN_UNATTRIBUTED_WORDS = 4
# a quote left open at a paragraph end that continues in the next paragraph (journalistic convention)
# is one quote with a segment per paragraph, unless it is already split by its attribution (the seed
# article's gold keeps “A,” he said. “B… ¶ “C…” as three quotes; PolNeAR joins, 35 of 37 in train)
JOIN_CONTINUATION = True
# a quoted title or term inside the writer's own sentence is no continuation of the quote before it
NO_INHERIT_PARTIAL = True


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
        describes, or an unnamed source."""
        doc, text = self.d.doc, self.d.text
        ent = self.coref.tok_ent.get(tok.i)
        a, b = doc[s].idx, self.d.char_end(t - 1)
        if ent is None:
            # "a spokesman, Jason Miller, said": the apposition names the speaker; in "a spokesman
            # for the Southern Command, Vladyslav Voloshyn, said" the parser hangs it on the last noun
            for c in tok.subtree:
                if c.dep_ == "appos" and c.i in self.coref.tok_ent and (c.head.i == tok.i or (
                        c.right_edge.i >= tok.right_edge.i - 1
                        and self.entities[self.coref.tok_ent[c.i]].type == "PERSON")):
                    ent = self.coref.tok_ent[c.i]
                    break
        if ent is None and tok.lower_ in _ROLE_HEADS:
            # 'the head of the regional military administration Oleh Syniehubov': the parser ran the
            # name into the body's noun phrase; the person it ends with holds the role
            for c in tok.subtree:
                if c.dep_ == "pobj" and c.head.lower_ == "of" and c.pos_ == "PROPN" and c.i in self.coref.tok_ent \
                        and self.entities[self.coref.tok_ent[c.i]].type == "PERSON" \
                        and self._name_start(c) > tok.i + 2 and self._after_body(doc[self._name_start(c) - 1]):
                    ent = self.coref.tok_ent[c.i]
                    break
        if ent is None and tok.lower_ in SOURCE_NOUNS:
            name = named_in_clause(tok)  # 'One man, who gave his name as Ghulam Rasool,'
            ent = self.coref.tok_ent.get(name.i) if name is not None else None
        if ent is None and tok.dep_ == "appos" and tok.head.i < tok.i and tok.head.i in self.coref.tok_ent \
                and self.entities[self.coref.tok_ent[tok.head.i]].type not in ("GPE", "LOC"):
            # 'Serhiy, a 41-year-old commander …, who asked …': the description is the named one's
            ent = self.coref.tok_ent[tok.head.i]
        if ent is None and doc[s].lower_ == "the" and t - s <= 3 and tok.pos_ == "NOUN":
            ent = self._described(tok)
        if ent is None and _AGE_NP.fullmatch(text, a, b):
            ent = self._aged(tok, text[a:b])
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
        """'the 38-year-old told the Guardian': the person of that age, else the person named last."""
        age = re.search(r"\d+", phrase).group()
        people = self._people_before(tok.idx)
        for k, _ in people:
            if any(age in d.split("-")[0].split() or d == age for d in self.entities[k].descriptors):
                return k
        if not people:
            return None
        best = people[0][0]
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


@extractor("quotes", needs=("parser", "ner"), requires=("entities", "quoted", "coref"), produces=("quotes",))
def extract_quotes(ctx: Context) -> None:
    text, doc = ctx.record.text, ctx.doc
    if not len(doc):
        return
    quoted = ctx.quoted if ctx.quoted is not None else find_quoted(text)
    coref = ctx.coref or Coref()
    d = _Doc(doc, text)
    namer = _Namer(d, ctx.record.entities, coref)
    namer.in_quote = _QuoteIndex(quoted)
    direct = _direct_quotes(d, quoted, namer, ctx.settings.quote_grouping)
    reported = _reported(d, quoted, direct, namer)
    reported += _colon_lines(d, direct, namer)
    if not KEEP_PARTIAL_IN_REPORTED:
        direct = _drop_covered_partials(text, direct, reported)
    reported = _drop_nested(reported)
    quotes = [q for q in direct if q is not None] + reported
    quotes.sort(key=lambda q: (q.start, q.end))
    if SOURCE_ANAPHORA:
        _link_introduced_sources(quotes, ctx.record.entities)
    ctx.record.quotes = _join_lead_ins(text, quotes) if JOIN_LEAD_IN else quotes


# 'said she has the quality for the job: "Steadiness …"', 'recalled thinking, "…"': a reported
# clause that runs into the quotation it introduces, on the same cue, is one attribution (mixed)
JOIN_LEAD_IN = True
_QUOTED_TAIL = re.compile(r"[,.!?]?[\"\u201d\u00bb]")
_LEAD_IN_GAP = re.compile(r"[\s:,]*[\"'\u201c\u2018\u00ab\u201e]*")


def _partial_after_conj(text: str, r: Quote, q: Quote) -> bool:
    """'Oz is “smart as hell,” Mosko wrote in an email, and “full of it.”': quoted words after the
    attribution and the writer's 'and' / 'but', on the same cue, continue the content."""
    return q.type == "mixed" and r.type != "direct" and not q.segments and not r.segments \
        and r.cue is not None and q.cue is not None and r.cue.start == q.cue.start \
        and bool(_ATTRIBUTION_THEN_CONJ.fullmatch(text, r.cue.end, q.start - 1))


def _join_lead_ins(text: str, quotes: list[Quote]) -> list[Quote]:
    """``quotes`` in text order; a reported clause followed by a quotation on the same cue is joined."""
    out: list[Quote] = []
    for q in quotes:
        r = out[-1] if out else None
        same_cue = r is not None and q.type == "direct" and r.type != "direct" and not q.segments \
            and not r.segments and r.cue is not None and q.cue is not None and r.cue.start == q.cue.start
        if same_cue and r.start < q.start and r.end <= q.end and (
                r.end >= q.start or q.start - r.end <= 6 and _LEAD_IN_GAP.fullmatch(text, r.end, q.start)):
            # the clause runs into the quotation (the parser may already have made them overlap)
            end = q.end + (text[q.end:q.end + 1] in ('"', "\u201d", "\u00bb", "'", "\u2019"))
            r.end, r.text, r.type = end, text[r.start:end], "mixed"  # its closing mark included
        elif (same_cue or r is not None and _partial_after_conj(text, r, q)) and r.end <= r.cue.start < q.start \
                and "\n" not in text[r.end:q.start]:
            # 'The answers are “not meeting the demand,” says Rieckhoff. “We often …”': the clause
            # and the quotation around the one attribution are its content, in two segments
            m = _QUOTED_TAIL.match(text, r.end)  # '“running out of shells,”': its closing mark
            r.segments = [(r.start, m.end() if m else r.end), (q.start, q.end)]
            r.end, r.text, r.type = q.end, text[r.start:q.end], "mixed"
        else:
            out.append(q)
            continue
        r.speaker = r.speaker or q.speaker
    return out


# -- direct quotes -------------------------------------------------------------------------------

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


def _outside_quote(subj: Token | None, v: Token, in_quote) -> Token | None:
    """The subject of ``v``, unless the parser took it from quoted words before the verb ('“…, Mr.
    President,” Representative Steve Cohen told Mr. Obama': 'President' the subject, Cohen its
    apposition): then the apposition outside the quote, or the name right before the verb that
    governs it ('“…, nothing you can do, folks,” Trump told'), else None."""
    if subj is None or in_quote is None or not in_quote.closes_between(subj.idx, v.idx):
        return subj
    app = next((c for c in subj.children if c.dep_ == "appos" and not in_quote(c.idx)), None)
    if app is not None:
        return app
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


class _Span:
    def __init__(self, idx: int, end: int, text: str):
        self.idx, self.end, self.text = idx, end, text

    def __len__(self) -> int:
        return self.end - self.idx


def _cue(v) -> Cue:
    return Cue(v.idx, v.idx + len(v), v.text)


def _is_partial(prevc: str, first: str) -> bool:
    """Quoted words inside the writer's sentence ('was one of “excitement”'), judged by the character
    before the opening mark and the first letter inside: after a word, or lower case after anything
    but a colon, comma, line break or sentence end."""
    return prevc.isalnum() or (prevc not in ":,\n.!?" and first.islower())


def _add_piece(quote: Quote, text: str, cs: int, ce: int) -> None:
    """Quoted words [cs, ce) that go on ``quote`` become its next segment."""
    quote.segments = (quote.segments or [(quote.start, quote.end)]) + [(cs, ce)]
    quote.end, quote.text = ce, text[quote.start:ce]


def _direct_quotes(d: _Doc, quoted: list[Quoted], namer: _Namer, grouping: str) -> list[Quote | None]:
    doc, text = d.doc, d.text
    out: list[Quote | None] = []
    in_quote = _QuoteIndex(quoted)
    prev: Quote | None = None
    prev_para = -1
    split_by_attribution = False  # prev holds pieces around its attribution (“A,” he said. “B.”)
    from_lead_in: set[int] = set()  # quotes whose speaker came from the paragraph before (5a)
    for n, q in enumerate(quoted):
        cs, ce = q.start, q.end
        # a quoted transcript paragraph ('"WALLACE: Let's start …'): the label names the speaker and
        # is not part of the words
        label = _TRANSCRIPT_LABEL.match(text, cs, ce)
        if label:
            cs = label.end()
        if q.open > 0 and text[q.open - 1] == "=":
            out.append(None)  # a markup attribute left in the text (<tweet id="…">), not a quotation
            continue
        ts = d.tok_at(cs)
        te = d.tok_at(ce - 1) + 1 if ce > cs else ts
        para_start = text.rfind("\n", 0, q.open) + 1
        para_end = text.find("\n", ce)
        para_end = len(text) if para_end < 0 else para_end
        nxt_open = quoted[n + 1].open if n + 1 < len(quoted) else len(text)
        cue_tok: Token | None = None
        speaker: Speaker | None = None
        label_colon = -1

        # 1. attribution right after the closing mark, up to the next quote or the sentence end
        if q.closed and te < len(doc):
            w0 = d.tok_at(ce + 1)
            if w0 < len(doc) and doc[w0].idx < min(nxt_open, para_end):
                stop = min(nxt_open, para_end)
                sent_end = doc[w0].sent.end
                ended = text[cs:ce].rstrip()[-1:] in (",", "?", "!", "-", "\u2014", "\u2013", ":")
                first = doc[w0]
                attached = ended or first.is_lower or first.text in (",", "-", "\u2014", "\u2013")
                j = w0
                limit = 14 if attached else 6
                while j < sent_end and j < len(doc) and doc[j].idx < stop and j - w0 < limit:
                    t = doc[j]
                    if _cue_ok(t, at_quote=attached and j - w0 <= 3) and not in_quote(t.idx):
                        if attached or not any(c.dep_ == "ccomp" and not in_quote(c.idx) for c in t.children) \
                                and not (NEXT_LEAD_IN and _LEAD_IN_TAIL.fullmatch(text, t.idx + len(t), nxt_open)):
                            cue_tok = t
                        break
                    j += 1
        if _STAGE_DIRECTION.fullmatch(text, cs, ce):
            out.append(None)  # '"(CROSSTALK.)', '“[applause]”': a transcript's stage direction
            continue
        if TITLES and _title_like(text[cs:ce]) and (cue_tok is None or any(
                c.dep_ == "ccomp" and not in_quote(c.idx) for c in cue_tok.children)):
            out.append(None)  # “Good Morning America”, “State of the Union,”: a name or title, not words said
            continue
        # 2. dependency path from the quote to a speech verb outside it
        if cue_tok is None:
            lo = para_start if n == 0 else max(para_start, quoted[n - 1].close)
            cue_tok = _governing_cue(doc, ts, te, in_quote, lo, min(nxt_open, para_end))
        # 3. a lead-in ending with a colon (same or previous paragraph) or a comma
        if cue_tok is None:
            lead_end = q.open
            k = lead_end - 1
            while k >= 0 and text[k] in " \t\n":
                k -= 1
            colon_person = None
            if k >= 0 and text[k] in ":,":
                j = d.tok_at(k)
                lo = max(0, j - 15)
                for jj in range(j - 1, lo - 1, -1):
                    t = doc[jj]
                    if in_quote(t.idx) or t.text == "\n":
                        break
                    if _cue_ok(t, at_quote=j - jj <= 2) or _put_it(t):  # 'As Rosenthal put it, “…”'
                        cue_tok = t
                        break
                    if text[k] == ":" and jj in namer.coref.tok_ent \
                            and namer.entities[namer.coref.tok_ent[jj]].type == "PERSON":
                        colon_person = t  # the leftmost name wins: 'Olha Kravchenko, a volunteer in Kherson:'
            if cue_tok is None and colon_person is not None:
                # a lead-in naming a person and ending with a colon, no verb: the quote is theirs
                ent, last = namer.coref.tok_ent[colon_person.i], colon_person.i
                while namer.coref.tok_ent.get(last + 1) == ent:
                    last += 1  # the name's head word, so the mention is the whole name
                speaker, label_colon = namer.speaker(doc[last]), k
            elif cue_tok is None and k >= 0 and text[k] == ":" and HEADLINE_SURNAME:
                # 'Trump: ‘I’m the worst thing …’' (a headline): a lone surname before the colon, at the
                # line's start, is the person named in full in the article
                j = d.tok_at(k)
                if j > 0 and doc[j - 1].pos_ in ("PROPN", "NOUN") and doc[j - 1].is_title \
                        and not text[para_start:doc[j - 1].idx].strip():
                    sp = namer.surname(doc[j - 1])
                    if any(e.id == sp.entity and e.type == "PERSON" for e in namer.entities):
                        speaker, label_colon = sp, k
        if cue_tok is not None:
            speaker = _speaker_for_cue(cue_tok, namer, in_quote)
        # 4. "…" -Name
        if speaker is None and q.closed:
            m = _DASH_SIGNATURE.match(text, ce + 1, para_end)
            if m:
                b = m.end(1)
                while b > m.start(1) + 2 and text[b - 1] == "." and text[b - 3] != " ":
                    b -= 1  # a full stop, not an initial
                speaker = namer.signature(m.start(1), b)
        if label and speaker is None:
            speaker = namer.signature(label.start(1), label.end(1))
            colon = label.end(1)
            cue_tok = None
            label_cue = Cue(colon, colon + 1, ":")
        elif label_colon >= 0:
            label_cue = Cue(label_colon, label_colon + 1, ":")
        else:
            label_cue = None
        k = q.open - 1
        while k >= para_start and text[k] in " \t":
            k -= 1
        prevc = text[k] if k >= para_start else "\n"
        first = next((c for c in text[cs:ce] if c.isalpha()), "")
        # a quoted fragment inside the writer's sentence ('was one of “excitement”') is partial
        partial = _is_partial(prevc, first)
        quote = Quote(start=cs, end=ce, text=text[cs:ce], type="mixed" if partial else "direct",
                      speaker=speaker, cue=_cue(cue_tok) if cue_tok is not None else label_cue)
        # '“…,” Trump said, adding later, “…”': the second piece is a second act of attribution
        act = _second_act(doc, d, prev, q.open) if SECOND_ACT and prev is not None else None
        if act is not None:
            cue_tok, quote.cue = act, _cue(act)
            quote.speaker = speaker = speaker or prev.speaker
        # “…,” he told the host, “…”: both pieces hang on the same verb between them
        if grouping != "split" and prev is not None and cue_tok is not None and prev.cue is not None \
                and prev.cue.start == cue_tok.idx and prev_para == para_start \
                and prev.end < prev.cue.start < q.open and prev.type == quote.type == "direct":
            _add_piece(prev, text, cs, ce)
            split_by_attribution = True
            out.append(None)
            continue
        # “…,” he said, but “when it comes to …”: the quotation goes on after its attribution, with
        # the writer's conjunction (one quote, mixed: the 'but' is the writer's)
        if grouping == "interrupted" and partial and prev is not None and prev.speaker is not None \
                and (speaker is None or cue_tok is not None and prev.cue is not None and cue_tok.idx == prev.cue.start) \
                and prev.type == "direct" and prev_para == para_start \
                and prev.cue is not None and prev.end < prev.cue.start < q.open \
                and _ATTRIBUTION_THEN_CONJ.fullmatch(text, prev.cue.end, q.open):
            _add_piece(prev, text, cs, ce)
            prev.type = "mixed"
            split_by_attribution = True
            out.append(None)
            continue
        # 5a. a quote paragraph after a paragraph that ends introducing a new source ('A community leader
        # …, described the situation to EFE by telephone.' ¶ “…”): that source's, not the last quote's
        if speaker is None and LEAD_IN_PARAGRAPH and not q.continues \
                and not text[para_start:q.open].strip() and (prev is None or prev.end < para_start):
            intro = _introducing_sentence(d, para_start, in_quote)
            if intro is not None:
                quote.speaker, quote.cue = _speaker_for_cue(intro, namer, in_quote), _cue(intro)
                speaker = quote.speaker
                from_lead_in.add(id(quote))
        # 5. the speaker of the quote before: interrupted quotes, cue-less quote paragraphs
        if speaker is None and prev is not None and prev.speaker is not None \
                and not (NO_INHERIT_PARTIAL and partial):
            same_para = prev_para == para_start
            opens_para = not text[para_start:q.open].strip()
            near = q.open - prev.end < 1500
            if q.continues or same_para or (opens_para and near):
                prev_para_end = text.find("\n", prev.end)
                adjacent = prev_para_end >= 0 and not text[prev_para_end:para_start].strip()
                interrupted = same_para and prev.cue is not None and prev.end < prev.cue.start < q.open
                if grouping == "attribution":
                    merge = same_para or q.continues or (opens_para and adjacent)
                else:
                    merge = grouping == "interrupted" and (interrupted or (
                        JOIN_CONTINUATION and q.continues and not split_by_attribution))
                if merge and prev.type == quote.type == "direct":
                    # “…,” he said. “…”: one attribution whose content is split (see grouping)
                    _add_piece(prev, text, cs, ce)
                    split_by_attribution = split_by_attribution or interrupted
                    out.append(None)
                    continue
                quote.speaker, quote.cue = prev.speaker, prev.cue
        if quote.speaker is None and quote.cue is None:
            words = len(_WORD.findall(quote.text))
            whole = not text[para_start:q.open].strip()
            if words < MIN_UNATTRIBUTED_WORDS or (not whole and words < 8):
                out.append(None)
                continue
        # an unclosed quote whose continuation paragraph carries the attribution
        if prev is not None and (prev.speaker is None or id(prev) in from_lead_in) and q.continues \
                and quote.speaker is not None and prev.end <= q.open:
            # (a speaker the paragraph before suggested yields to the attribution the quote itself has)
            prev.speaker, prev.cue = quote.speaker, quote.cue
            if grouping == "interrupted" and JOIN_CONTINUATION and not split_by_attribution \
                    and prev.type == quote.type == "direct":
                _add_piece(prev, text, cs, ce)
                out.append(None)
                continue
        out.append(quote)
        prev, prev_para = quote, para_start
        split_by_attribution = False
    return out


LEAD_IN_PARAGRAPH = True
_INTRODUCING = {"described", "describes", "spoke", "speaks", "recalled", "recalls", "explained", "explains"}


def _introducing_sentence(d: _Doc, para_start: int, in_quote) -> Token | None:
    """The verb of the sentence that ends the paragraph before ``para_start`` when it introduces a
    speaker ('X described the situation …', 'X spoke of progress …') and holds no quotation."""
    k = para_start - 1
    while k >= 0 and d.text[k] in " \t\n":
        k -= 1
    if k < 0 or d.text[k] != ".":
        return None
    sent = d.doc[d.tok_at(k)].sent
    v = sent.root
    if v.lower_ not in _INTRODUCING or any(in_quote(t.idx) for t in sent) or "\n" in sent.text.strip():
        return None
    subj = subject_of(v)
    return v if subj is not None and subj.pos_ in ("NOUN", "PROPN") else None


# '“Of course I believe in the devil.” To which she said, “Thank God …”': a sentence after a closed
# quotation whose verb introduces the next quotation is that quotation's lead-in, not an attribution
NEXT_LEAD_IN = True
_LEAD_IN_TAIL = re.compile(r"(?:\s+[\w'\u2019]+){0,3}\s*[,:]\s*")

# '“A,” Trump said, adding later, “B”', '“A,” Blige sings before asking her, “B”', 'said, suggesting a
# few questions, including, “B”': the words after a second reporting verb are a second attribution,
# as PolNeAR annotates them (train: 12 kept apart, 4 joined)
SECOND_ACT = True
_SECOND_ACT_DEPS = ("advcl", "xcomp", "pcomp", "conj", "acl")
# the participle introduces the quote itself: at most two words ('later', 'her') and a comma or colon
_SECOND_ACT_GAP = re.compile(r"(?:\s+[\w'\u2019]+){0,2}\s*[,:]\s*")


def _second_act(doc: Doc, d: _Doc, prev: Quote, open_: int) -> Token | None:
    """The reporting participle (adding, asking, suggesting, …) between the attribution that follows
    ``prev`` and the quote opening at ``open_``, in the same sentence; None when there is none."""
    if prev.cue is None or not prev.end <= prev.cue.start < open_ or "\n" in d.text[prev.end:open_]:
        return None
    cue_i = d.tok_at(prev.cue.start)
    for j in range(d.tok_at(open_) - 1, cue_i, -1):
        t = doc[j]
        if t.tag_ == "VBG" and t.dep_ in _SECOND_ACT_DEPS and t.lower_ in SPEECH \
                and _SECOND_ACT_GAP.fullmatch(d.text, t.idx + len(t), open_):
            return t
    return None


_ATTRIBUTION_THEN_CONJ = re.compile(r"[^.!?\n]{0,60},\s*(?:and|but)(?:\s+(?:still|also|then))?\s*")
_STAGE_DIRECTION = re.compile(r"\s*[(\[][^()\[\]]*[)\]][\s.,]*")
_TITLE_SMALL = {"a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "with", "is", "from", "by", "de"}
_TITLE_WORD = re.compile(r"[^\W\d_][\w'\u2019.-]*")
TITLES = True


def _title_like(s: str) -> bool:
    """A short quoted stretch whose every content word is capitalised: a show, film, book or nickname."""
    s = s.strip().rstrip(",.")
    if not s or len(s) > 60 or any(c in s for c in "!?:;\n") or ". " in s or not s[0].isupper():
        return False
    words = _TITLE_WORD.findall(s)
    if not words or len(words) > 8 or words[0].lower() == "i":
        return False
    return all(w[0].isupper() for w in words if w.lower() not in _TITLE_SMALL)


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


def _governing_cue(doc: Doc, ts: int, te: int, in_quote, lo: int, hi: int) -> Token | None:
    """The nearest speech verb up the parse from the quote, within chars [lo, hi): its own paragraph,
    after the previous quote and before the next one (the parser links neighbouring quotes)."""
    best: Token | None = None
    best_dist = 99
    for i in range(ts, te):
        t = doc[i]
        h = t.head
        if ts <= h.i < te or h.i == t.i:
            continue
        # t is a root of the quoted material: climb from it
        dist = 0
        while dist < 6:
            if not (ts <= h.i < te):
                if _cue_ok(h) and not in_quote(h.idx):
                    if dist < best_dist and lo <= h.idx < hi:
                        best, best_dist = h, dist
                    break
            if h.head.i == h.i:
                break
            h = h.head
            dist += 1
    return best


# A partial quote inside a reported clause we also emit is part of that clause's content (PolNeAR
# annotates the clause, type mixed); emitting both double-counts one attribution. The exception is
# a coordinated clause ('explained A and that his emotion was one of “excitement”'), where the
# partial quote is what the writer singles out and the clause is only its frame.
KEEP_PARTIAL_IN_REPORTED = False
# verbs whose object or infinitive is what the source wants, backs, cites or rejects
_STANCE_X = "want plan promise pledge vow refuse decline agree threaten seek intend offer urge hope vow".split()
_STANCE_O = ("cite support propose endorse criticize criticise praise reject deny blame oppose back predict "
             "defend dismiss unveil condemn applaud tout slam blast demand show discuss address thank mock echo prefer highlight").split()
STANCE: dict[str, str] = {}
for _l in _STANCE_X:
    for _f in inflect(_l):
        STANCE[_f] = "x"
for _l in _STANCE_O:
    for _f in inflect(_l):
        STANCE.setdefault(_f, "o")
_COLON_LINE = re.compile(r"(?m)^[ \t]*([A-Z][\w.'\u2019-]*(?:[ \t]+[A-Z][\w.'\u2019-]*){0,3})[ \t]*:[ \t]+(\S[^\n]*)")


_EDITORIAL_LABELS = {"correction", "clarification", "update", "updated", "note", "editor's note",
                     "editor\u2019s note", "related", "watch", "photo", "video", "source", "sources", "warning",
                     "disclaimer", "read more", "breaking", "live", "analysis", "opinion", "advertisement"}


def _colon_lines(d: _Doc, direct: list[Quote | None], namer: _Namer) -> list[Quote]:
    """'Pence: Flowers won't be at the debate' (headlines) and 'WALLACE: …' (transcripts)."""
    text, doc = d.text, d.doc
    out = []
    dq = [q for q in direct if q is not None]
    for m in _COLON_LINE.finditer(text):
        name = m.group(1)
        if name.lower() in _EDITORIAL_LABELS:
            continue  # 'Correction: …', 'UPDATE: …': the paper's own note
        j = d.tok_at(m.end(1) - 1)
        head = doc[j]
        named = head.i in namer.coref.tok_ent or (name.isupper() and len(name) > 1 and " " not in name)
        if not named:
            continue
        a, b = m.start(2), m.end(2)
        while b > a and text[b - 1] in " \t":
            b -= 1
        words = re.findall(r"[^\W\d_]+", text[a:b])
        if len(words) < 2:
            continue  # 'Clinton: 547.': a tally, not a quote
        if any(q.start < b and a < q.end for q in dq):
            continue
        colon = text.index(":", m.end(1))
        speaker = namer.signature(m.start(1), m.end(1)) if name.isupper() else namer.speaker(head)
        # typed by the quotation marks, as everywhere: an unquoted transcript line is 'indirect' too
        out.append(Quote(start=a, end=b, text=text[a:b], type="indirect", speaker=speaker,
                         cue=Cue(colon, colon + 1, ":")))
    return out


def _drop_nested(reported: list[Quote]) -> list[Quote]:
    """'Stein said she plans to join the protest': one attribution (said) whose content holds a second
    cue (plans); the inner one repeats part of the outer content and is dropped (attribution corpora
    annotate the outer act; keeping both costs precision on every nested cue)."""
    if len(reported) < 2:
        return reported
    spans = sorted(reported, key=lambda q: (q.start, -q.end))
    out = []
    outer: list[Quote] = []
    for q in spans:
        outer = [o for o in outer if o.end > q.start][-8:]
        drop = False
        for o in outer:
            if o is q or q.cue is None or not (o.start <= q.cue.start and q.end <= o.end + 2):
                continue
            if q.cue.text.lower() in _CUE_NOUNS and q.speaker is not None and o.speaker is not None \
                    and q.speaker.name != o.speaker.name:
                continue  # 'Rehak dismissed the mayor's claim that …': two sources, two attributions
            drop = True
            break
        if not drop:
            out.append(q)
        outer.append(q)
    return out


_COORDINATED_THAT = re.compile(r"\band\s+that\b")


# a full quotation inside the reported content of its own cue is part of that content
DROP_COVERED_SAME_CUE = True


def _drop_covered_partials(text: str, direct: list[Quote | None], reported: list[Quote]) -> list[Quote | None]:
    """Quoted words inside a reported content that holds them (mixed) are part of it, not a quote of
    their own: partial quotes always, a full quotation when it hangs on the same cue ('said via email
    that, “Of course …” against …')."""
    mixed = sorted((q for q in reported
                    if q.type == "mixed" and not _COORDINATED_THAT.search(text, max(0, q.start - 8), q.start + 5)),
                   key=lambda q: q.start)
    if not mixed:
        return direct
    starts = [q.start for q in mixed]
    out = []
    for q in direct:
        if q is not None and (q.type == "mixed" or DROP_COVERED_SAME_CUE and q.cue is not None):
            k = bisect.bisect_right(starts, q.start) - 1
            if any(r.start <= q.start and q.end <= r.end + 2 and (
                    q.type == "mixed" or r.cue is not None and r.cue.start == q.cue.start and not q.segments)
                   for r in mixed[max(0, k - 3):k + 1]):
                continue
        out.append(q)
    return out



# -- reported speech -----------------------------------------------------------------------------

def _span_chars(d: _Doc, a: int, b: int) -> tuple[int, int]:
    """Char span of tokens [a, b), without edge punctuation and spaces, nor a trailing
    non-restrictive relative clause (', which …' is the writer's aside, not the source's words)."""
    doc = d.doc
    for i in range(a + 1, b):
        t = doc[i]
        if CUT_ASIDE and t.lower_ in ("which", "who") and doc[i - 1].text == "," and t.head.dep_ == "relcl" \
                and t.head.right_edge.i >= b - 2 and t.head.head.i >= a:
            b = i - 1
            break
        if t.dep_ == "conj" and doc[i - 1].dep_ == "cc" and a <= t.head.i < i and i - 1 > a \
                and (t.lower_ in SPEECH or t.lower_ in STRONG_FORMS) and t.tag_.startswith("VB") \
                and not any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children) \
                and (not CONJ_SAME_FORM or t.tag_ != t.head.tag_):
            b = i - 1  # 'promised to back Clinton and said she would …': the source's next act
            break
        if (doc[i - 1].text == "," or doc[i - 1].is_quote and doc[i - 2].text == ",") and t.lower_ in ("a", "an") \
                and t.head.lower_ in _COMMENT_NOUNS \
                and t.head.dep_ in ("appos", "npadvmod", "dobj", "attr", "conj"):
            b = i - 1
            break
        if SPEECH_PARTICIPLE_ENDS and doc[i - 1].text == "," and t.lower_.endswith("ing") \
                and (t.lower_ in SPEECH or t.lower_ in STRONG_FORMS) and t.lower_ != "including":
            b = i - 1  # '…, saying / arguing / noting …': the source's next act, not this content
            break
    while a < b and (doc[a].is_punct and doc[a].text not in ('"', "'") or doc[a].is_space):
        a += 1
    m = _LEADING_LINK.match(d.text, doc[a].idx) if a < b and LEADING_LINK else None
    if m and m.end() < d.char_end(b - 1):
        # 'However, …', 'In addition, …', 'WASHINGTON — …': the writer's link or dateline, not content
        while a < b and doc[a].idx < m.end():
            a += 1
    m = _LEADING_TIME.match(d.text, doc[a].idx) if a < b else None
    if m and m.end() < d.char_end(b - 1):
        # "said on Wednesday they would …": when the source spoke, not what it said (the parser
        # often files the adverbial inside the clause; PolNeAR train: 157 left out, 15 kept)
        while a < b and doc[a].idx < m.end():
            a += 1
    while a < b and (doc[a].is_punct and doc[a].text not in ('"', "'") or doc[a].is_space):
        a += 1
    while b > a and (doc[b - 1].is_punct and doc[b - 1].text not in ('"', "'") or doc[b - 1].is_space):
        b -= 1
    if a >= b:
        return -1, -1
    if b < len(doc) and doc[b - 1].dep_ == "cc" and b - 1 > a:
        # "talk about the border and how many can slip through": the parser hung the second conjunct
        # elsewhere; the content runs on to its end (within the sentence)
        x = doc[b]
        while x.head.i != x.i and x.head.i >= b:
            x = x.head
        b = min(x.right_edge.i + 1, doc[b - 1].sent.end)
        while b > a and (doc[b - 1].is_punct and doc[b - 1].text not in ('"', "'") or doc[b - 1].is_space):
            b -= 1
    ca, cb = doc[a].idx, d.char_end(b - 1)
    # 'described the fighters as “terrorists”': the closing mark of quoted words at the very end
    # belongs to the content (the parser hangs it on the sentence root)
    if cb < len(d.text):
        seg, nxt = d.text[ca:cb], d.text[cb]
        if (nxt == "\u201d" and seg.count("\u201c") > seg.count("\u201d")) or \
                (nxt == "\u00bb" and seg.count("\u00ab") > seg.count("\u00bb")) or \
                (nxt == '"' and seg.count('"') % 2 == 1):
            cb += 1
    return ca, cb


# Switches for the rules below, so an evaluation can measure each one's share (all on by default).
# '…, arguing that …' ends a reported clause (the source's next act):
SPEECH_PARTICIPLE_ENDS = True
UNOWNED_NOUN_CUES = True  # 'allegations that …' counts without a possessive owner
AS_CLAUSE = True  # 'As X pointed out, …': the main clause is X's
TRAILING_TIME_ENDS = True  # 'endorsed the plan on Thursday': the time is not content
CUT_ASIDE = True  # ', which …' after the content is the writer's aside
STANCE_CONJ = True  # 'wants to A, B and C': the bare-verb conjuncts belong to the infinitive
# word + preposition cues from prep_cues.tsv ('spoke about X', 'accused him of X'):
PREP_LEXICON_ON = True
# "explained X and that Y": two attributed contents (the 'that' reintroduces a second report); a
# parallel "said that X and that Y" stays one (PolNeAR train: 195 contents hold 'and that', 2 split)
SPLIT_THAT_CLAUSES = True
# ... and only when the second clause frames quoted words, which the writer singles out ('explained A and
# that his emotion was one of “excitement”'); otherwise "said A and that B" is one content
SPLIT_THAT_ONLY_AT_QUOTE = True
# "said he would order a review and warned …" is the speaker's second act only when the second verb has
# the cue's form, or another form than the verb it is hung on (a finite verb is no infinitive's
# conjunct); in "says he spoke to X and asked him to …" or "says he'd sit Putin down and tell him" it
# continues the reported clause
CONJ_SAME_FORM = True
# a clause that runs well past a partial quote inside it ('said that Trump would be “the healthiest …”')
# is the attributed content, with the partial quote in it (type mixed); chars beyond the quote:
MIXED_EXTRA = 6
EXTEND = True  # such a partial quote grows to its clause ('that “…”'), the attributed content


def _after_lead_prep(c: Token) -> int | None:
    """'said after the convention he would not accept …': the parser hangs the prepositional phrase
    on the reported clause; the token where the clause proper starts (its subject), or None."""
    first = c.doc[c.left_edge.i]
    subj = next((x for x in c.children if x.dep_ == "nsubj"), None)
    if subj is None or first.dep_ != "prep" or first.head.i != c.i or first.right_edge.i >= subj.left_edge.i:
        return None
    return subj.left_edge.i


# 'said the reactors were in cold shutdown and diesel generators were supplying power': the parser hung
# 'diesel generators' on 'shutdown' and made 'were supplying power' a second complement with no
# subject; a subjectless complement right after another continues it
JOIN_SUBJECTLESS_COMP = True


def _split_comps(comps: list[Token]) -> list[tuple[Token, int | None]]:
    """The complement clauses of one verb, each with the token end it runs to when a subjectless
    complement right after it continues it (None: its own end)."""
    out: list[tuple[Token, int | None]] = []
    for c in sorted(comps, key=lambda x: x.i):
        if JOIN_SUBJECTLESS_COMP and out and c.dep_ == "ccomp" \
                and not any(x.dep_ in ("nsubj", "nsubjpass", "expl", "mark") for x in c.children):
            prev, upto = out[-1]
            if (upto if upto is not None else prev.right_edge.i + 1) == c.left_edge.i:
                out[-1] = (prev, c.right_edge.i + 1)
                continue
        out.append((c, None))
    return out


def _clause_parts(c: Token) -> list[tuple[int, int]]:
    """Token spans of a complement clause; a coordinated 'and that …' clause is its own content."""
    doc = c.doc
    a, b = c.left_edge.i, c.right_edge.i + 1
    cuts = []
    for i in range(a + 1, b):
        t = doc[i]
        if SPLIT_THAT_CLAUSES and t.lower_ == "that" and t.dep_ == "mark" and t.head.dep_ == "conj" \
                and t.head.left_edge.i == i and doc[a].lower_ != "that" \
                and (not SPLIT_THAT_ONLY_AT_QUOTE or any(x.is_quote for x in doc[i:t.head.right_edge.i + 1])):
            cuts.append(i)
        elif t.dep_ == "conj" and t.head.i == c.i and t.lower_ in SPEECH and not any(
                x.dep_ == "nsubj" for x in t.children) and (not CONJ_SAME_FORM or t.tag_ == c.head.tag_):
            # "said he would order a review and warned …": the second verb is the speaker's, not the clause's
            k = t.left_edge.i
            while k > a and (doc[k - 1].dep_ == "cc" or doc[k - 1].is_punct):
                k -= 1
            return [(a, k)]
    if not cuts:
        return [(a, b)]
    parts, start = [], a
    for cut in cuts:
        k = cut
        while k > start and (doc[k - 1].dep_ == "cc" or doc[k - 1].is_punct):
            k -= 1
        parts.append((start, k))
        start = cut
    parts.append((start, b))
    return parts


def _reported(d: _Doc, quoted: list[Quoted], direct: list[Quote | None], namer: _Namer) -> list[Quote]:
    doc, text = d.doc, d.text
    in_quote = _QuoteIndex(quoted)
    dq = [q for q in direct if q is not None]
    dstarts = [q.start for q in dq]
    qopens = [q.open for q in quoted]
    out: list[Quote] = []
    spans: set[tuple[int, int]] = set()  # one record per content span, whichever cue found it first

    def overlapping_direct(a: int, b: int) -> list[Quote]:
        k = bisect.bisect_left(dstarts, b)
        res = []
        for j in range(k - 1, -1, -1):
            q = dq[j]
            if q.end <= a:
                if a - q.end > 5000:
                    break
                continue
            res.append(q)
        return res

    def emit(a: int, b: int, v: Token, speaker: Speaker | None, segments=None) -> None:
        if a < 0:
            return
        # a clause never runs across a paragraph break (the parser sometimes joins paragraphs)
        ps = text.rfind("\n", 0, v.idx) + 1
        pe = text.find("\n", v.idx)
        pe = len(text) if pe < 0 else pe
        if a < ps or b > pe:
            if segments:
                # keep the pieces inside the cue's paragraph, those with words
                segments = [(max(x, ps), min(y, pe)) for x, y in segments
                            if min(y, pe) > max(x, ps) and _WORD.search(text, max(x, ps), min(y, pe))]
                if segments:
                    a, b = segments[0][0], segments[-1][1]
                segments = segments if len(segments) > 1 else None
            a, b = max(a, ps), min(b, pe)
            while a < b and (text[a] in " \t\"'\u201c\u201d" or text[a] in _BULLETS and text[a + 1:a + 2] == " "):
                a += 1  # quote marks, and a list's bullet ('- Russian forces captured …')
        if b - a < 3 or not _WORD.search(text, a, b) or _ANONYMITY.match(text, a):
            return  # 'who asked not to be named': how the source is hidden, not what it said
        if RUN_INTO_QUOTE:
            b = _through_quote(text, quoted, qopens, a, b)
        over = overlapping_direct(a, b)
        typ = "indirect"
        for q in over:
            inter = min(b, q.end) - max(a, q.start)
            extra = (b - a) - inter
            if inter >= 0.6 * (b - a) and not (q.type == "mixed" and extra > MIXED_EXTRA):
                # the clause is the direct quote itself: give it the cue/speaker if it lacks them
                if q.speaker is None and speaker is not None:
                    q.speaker, q.cue = speaker, _cue(v)
                if EXTEND and q.type == "mixed" and not q.segments and a < q.start and b >= q.end - 2:
                    # 'told supporters that “we’re in this together”': the clause, with its 'that', is the content
                    q.start, q.text = a, text[a:q.end]
                elif EXTEND and q.type == "direct" and not q.segments and b >= q.end - 2 \
                        and _THAT_QUOTE.fullmatch(text, a, q.start):
                    # 'said that “…”': reported speech quoting the words, the 'that' included (mixed)
                    q.start, q.text, q.type = a, text[a:q.end], "mixed"
                return
            typ = "mixed"
        if typ == "indirect":
            # quoted words inside the content make it mixed, emitted as a quote of their own or not
            k = bisect.bisect_left(qopens, a)
            if k < len(quoted) and quoted[k].open < b and quoted[k].end <= b + 1 and quoted[k].closed:
                typ = "mixed"
        if (a, b) in spans:
            return
        spans.add((a, b))
        out.append(Quote(start=a, end=b, text=text[a:b], type=typ, speaker=speaker, cue=_cue(v),
                         segments=segments))

    if PARTIAL_OBJECT:
        for q in dq:
            if q.type == "mixed" and not q.segments and q.cue is not None and q.speaker is not None:
                _partial_in_object(d, q, emit)
    if CHARACTERISED_AS:
        done: set[int] = set()  # verbs already given their content ('as a “clown” and a “puppet”')
        for q in quoted:
            if q.closed and not q.continues and q.end > q.start and not in_quote(q.open - 1):
                _characterised_as(d, q.start, q.end, namer, emit, done)

    for v in doc:
        low = v.lower_
        if low == "told" and 0 < v.i < len(doc) - 1 and doc[v.i - 1].lower_ == "all" and doc[v.i + 1].text == ",":
            continue  # 'All told, the brigade lost 40 vehicles': a sum, not a telling
        if low == "thank" and v.i + 1 < len(doc) and doc[v.i + 1].lower_ == "you" \
                and not any(c.dep_ == "nsubj" for c in v.children):
            continue  # 'Thank you for following our coverage': the writer signing off
        if low == "according":
            _according(d, v, namer, emit, in_quote)
            continue
        if low in _CUE_NOUNS and v.tag_.startswith("NN"):
            _noun_cue(d, v, namer, emit, in_quote)  # 'reports', 'claims', 'fears' as verbs go on below
            continue
        if low in _PASSIVE_RAISING and not in_quote(v.idx) and any(c.dep_ == "auxpass" for c in v.children):
            # "Trump is expected to speak tonight", "the unit is believed to have withdrawn": an
            # expectation or belief with an unnamed source; its content is the subject and the infinitive
            subj = next((c for c in v.children if c.dep_ == "nsubjpass" and c.i < v.i), None)
            xc = next((c for c in v.children if c.dep_ == "xcomp" and c.i > v.i), None)
            if subj is not None and xc is not None:
                s1 = _span_chars(d, subj.left_edge.i, subj.right_edge.i + 1)
                s2 = _span_chars(d, xc.left_edge.i, xc.right_edge.i + 1)
                if s1[0] >= 0 and s2[0] >= 0:
                    emit(s1[0], s2[1], v, None, [s1, s2] if PASSIVE_SEGMENTS else None)
                continue
            if low == "expected":
                continue
        if PREP_LEXICON_ON and _lexicon_prep_cue(d, v, namer, emit, in_quote):
            continue
        if low not in REPORT and low not in STANCE and low not in STRONG_FORMS and not _put_it(v):
            if low in ("called", "calls", "calling", "call") and not in_quote(v.idx):
                _call(d, v, namer, emit)
            continue
        if in_quote(v.idx):
            continue
        if v.dep_ == "pcomp" and v.head.lower_ == "without":
            continue  # 'it goes without saying that …', 'left without saying where': nothing was said
        if v.dep_ == "advcl" and low in ("asked", "told"):
            # "Asked whether …, X said": the question is the interviewer's, who is not named; it is
            # an attribution of its own (and the context of the answer), never the answerer's words
            if low == "asked" and v.i < v.head.i:
                q = next((c for c in v.children if c.dep_ in ("ccomp", "advcl") and c.i > v.i
                          and c.left_edge.lower_ in _QUESTION_WORDS), None)
                if q is not None:
                    ca, cb = _span_chars(d, q.left_edge.i, q.right_edge.i + 1)
                    emit(ca, cb, v, None)
            continue
        if AS_CLAUSE and v.dep_ == "advcl" and (low in REPORT or low in STRONG_FORMS or _put_it(v)) \
                and v.head.i != v.i and any(c.dep_ == "mark" and c.lower_ == "as" for c in v.children) \
                and (_put_it(v) or not any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in v.children)):
            # "As many experts have pointed out, X is free to …": the main clause is what they said
            agent = next((c for c in v.children if c.dep_ == "agent"), None)
            by = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
            subj = by if by is not None else subject_of(v)  # 'As reported by Ukrinform, …': the agent
            h = v.head
            if subj is not None and subj.i > v.left_edge.i:
                a, b = h.left_edge.i, h.right_edge.i + 1
                va, vb = v.left_edge.i, v.right_edge.i + 1
                s1 = _span_chars(d, a, va) if va > a else (-1, -1)
                s2 = _span_chars(d, vb, b) if vb < b else (-1, -1)
                if s1[0] >= 0 and not _WORD.search(text, s1[0], s1[1]):
                    s1 = (-1, -1)  # only a quote mark or a line break the parser hung on the clause
                if s1[0] >= 0 and s2[0] >= 0:
                    emit(s1[0], s2[1], v, namer.speaker(subj), [s1, s2])
                elif s2[0] >= 0:
                    emit(s2[0], s2[1], v, namer.speaker(subj))
            continue
        if TRAILING_SOURCE and low in SPEECH and v.dep_ in ("advcl", "conj") and v.tag_ in ("VBD", "VBZ") \
                and (v.i + 1 == len(doc) or doc[v.i + 1].is_sent_end or doc[v.i + 1].text in (".", "\n")) \
                and not any(c.dep_ in ("nsubj", "nsubjpass") for c in v.children) and not in_quote(v.idx):
            # '… near Kupiansk and Petropavlivka, the General Staff reported.' with the source parsed as an
            # apposition inside the clause and the verb hung on the clause: the phrase after the last comma
            found = _trailing_source(doc, v, v.sent[0])
            if found is not None:
                src, comma = found
                ca, cb = _span_chars(d, v.sent.start, comma)
                emit(ca, cb, v, namer.phrase(src, comma + 1, v.i))
                continue
        # 'And as mass shootings have gotten deadlier, Democrats have found …': a subordinate clause
        # before the verb that the parser made its complement is when or why, not what
        comps = [c for c in v.children if c.dep_ == "ccomp" and not (
            c.i < v.i and any(x.dep_ == "mark" and x.lower_ in _FRONTED_MARKS for x in c.children))]
        if not comps and low in SPEECH:
            # the small parser often files "said (after X) he would …" as an adverbial clause
            comps = [c for c in v.children if c.dep_ == "advcl" and c.i > v.i
                     and any(x.dep_ == "nsubj" for x in c.children)
                     and not any(x.dep_ == "mark" for x in c.children)
                     and (c.left_edge.lower_ not in _SUBORDINATORS or _after_lead_prep(c) is not None)]
        if not comps and TRAILING_CONJ_ATTRIBUTION and v.dep_ == "conj" and low in SPEECH \
                and v.head.dep_ == "ROOT" and v.head.i < v.i \
                and not any(c.dep_ in ("dobj", "xcomp", "ccomp", "advcl") and c.i > v.i for c in v.children
                            if not any(x.dep_ == "mark" for x in c.children)):
            # 'Russian troops have captured the village and are advancing on Selydove, Ukraine's military
            # said on Saturday': the parser coordinated the attribution with the clause it attributes
            subj = next((c for c in v.children if c.dep_ == "nsubj"), None)
            if subj is not None and subj.left_edge.i > 0 and doc[subj.left_edge.i - 1].text == ",":
                ca, cb = _span_chars(d, v.head.left_edge.i, subj.left_edge.i - 1)
                if ca >= 0:
                    emit(ca, cb, v, namer.speaker(subj))
                continue
        if not comps and low in ("show", "shows", "showed", "shown", "showing") \
                and any(c.dep_ == "dative" for c in v.children):
            continue  # 'showed a reporter a photograph': a thing shown to someone, not a finding
        # 'The plan, he said, will fail': an attribution set off by commas inside the clause it attributes;
        # the parser may also make a leading 'Peskov told reporters, Moscow would …' the clause's complement
        aside = v.dep_ == "parataxis" or (
            PARATAXIS_LEADING_CUE and v.dep_ == "ccomp" and v.i < v.head.i and v.right_edge.i + 1 < len(doc)
            and doc[v.right_edge.i + 1].text == "," and v.head.pos_ in ("VERB", "AUX")
            and v.head.lower_ not in SPEECH and v.head.lower_ not in STRONG_FORMS
            and not any(c.dep_ == "dobj" for c in v.children if low not in _TELL)
            and any(c.dep_ in ("nsubj", "nsubjpass") and c.i > v.i for c in v.head.children))
        if not comps and low in STRONG_FORMS and not aside:
            if not _complement(d, v, namer, emit) and low in STANCE:
                _stance(d, v, STANCE[low], namer, emit)
            continue
        if not comps and low in STANCE:
            _stance(d, v, STANCE[low], namer, emit)
            continue
        if comps:
            subj = _outside_quote(subject_of(v), v, in_quote)
            if subj is None and len(comps) > 1 and comps[0].i < v.i < comps[-1].i and comps[0].tag_ == "VBN":
                # 'Two residents of Kenscoff reached by phone said gunfire …': the parser made the
                # participle a clause of its own and took the residents with it; they are the subject
                subj = next((c for c in comps[0].children if c.dep_ == "nsubj"), None)
                if subj is not None:
                    comps = [c for c in comps if c.i > v.i]
            if subj is None and SUBJECT_BEFORE_CUE and v.i > 0 and v.dep_ == "ROOT" and low in SPEECH:
                # '… with the editorial board of the Washington Post Trump said that …': the parser
                # hung the name on the phrase before; a person named right before the verb speaks
                prev = doc[v.i - 1]
                if prev.pos_ == "PROPN" and prev.ent_type_ in ("PERSON", "ORG", ""):
                    subj = prev
            trail = _trailing_source(doc, v, comps[0]) if TRAILING_SOURCE and v.dep_ == "ROOT" and comps[0].i < v.i \
                else None
            if trail is not None and (subj is None or subj.i < trail[1]):
                subj, comma = trail
            else:
                comma = None
            if subj is None or subj.i in range(comps[0].left_edge.i, comps[0].right_edge.i + 1):
                continue
            if low not in SPEECH and subj.lower_ in _NO_SOURCE:
                continue  # 'it means …', 'you can see that …': a reasoning, nobody's attribution
            if subj.head.i != v.i and subj.i == v.i - 1 and subj.dep_ not in ("nsubj", "nsubjpass"):
                speaker = namer.surname(subj)  # the name, not the phrase it was hung on
            else:
                speaker = namer.speaker(subj)
            for c, upto in _split_comps(comps):
                lead_end = _after_lead_prep(c) if c.dep_ == "advcl" else None
                parts = _clause_parts(c)
                if upto is not None:
                    parts[-1] = (parts[-1][0], upto)
                elif comma is not None and len(comps) == 1 and parts[-1][1] < comma:
                    parts[-1] = (parts[-1][0], comma)  # the words the parser gave the stolen subject
                for a, b in parts:
                    if lead_end is not None and a < lead_end < b:
                        a = lead_end  # 'said (after the convention) he would …': when, not what
                    ca, cb = _span_chars(d, a, b)
                    emit(ca, cb, v, speaker)
        elif low in SPEECH and aside:
            # "The plan, he said, will fail." / "The plan will fail, officials said."
            subj = subject_of(v)
            if subj is None:
                continue
            h = v.head
            a, b = h.left_edge.i, h.right_edge.i + 1
            va, vb = v.left_edge.i, v.right_edge.i + 1
            if PARATAXIS_OWN_SUBJECT:
                subjs = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < v.i]
                if len(subjs) > 1 and subjs[-1].left_edge.i > va and doc[subjs[-1].left_edge.i - 1].text == ",":
                    # 'Russian forces, the ministry said on Tuesday, had captured …': the parser hung the
                    # clause's own subject on the cue too; the source is the one after the comma
                    subj = subjs[-1]
                    va = subj.left_edge.i
            s1 = _span_chars(d, a, va) if a < va else (-1, -1)
            while vb < b and doc[vb].is_punct:
                vb += 1
            if s1[0] >= 0 and vb < b and doc[vb].dep_ in ("mark", "cc") and any(
                    t.lower_ in SPEECH and any(c.dep_ == "nsubj" for c in t.children) for t in doc[vb:b]):
                vb = b  # '…, local health workers said, as the military said …': another source's words
            s2 = _span_chars(d, vb, b) if vb < b else (-1, -1)
            if s2[0] >= 0 and s1[0] >= 0:
                emit(s1[0], s2[1], v, namer.speaker(subj), [s1, s2])
            elif s1[0] >= 0:
                emit(s1[0], s1[1], v, namer.speaker(subj))
            elif s2[0] >= 0 and PARATAXIS_LEADING_CUE:
                # 'Instead, Trump told CNN, his policy would be …': the cue opens the sentence
                emit(s2[0], s2[1], v, namer.speaker(subj))
    return out


# 'the official' after 'A senior defense official said …' is that official
SOURCE_ANAPHORA = True


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
# 'Russian forces, the ministry said on Tuesday, had …': the source of a mid-sentence cue is the subject
# after the comma, when the parser hung the clause's own subject on the cue as well
PARATAXIS_OWN_SUBJECT = True
# 'Instead, Trump told CNN, his policy would be …': a mid-sentence cue with nothing attributed before it
# attributes what follows
PARATAXIS_LEADING_CUE = True
_TELL = {"told", "tells", "tell", "telling"}  # 'Peskov told reporters, …': the object is the audience


# '…, the clashes felt distant, residents said', '… near Kupiansk and Petropavlivka, the General Staff
# reported': when the parser gives a trailing reporting verb a second subject inside the clause, the
# source is the noun phrase between the last comma and the verb
TRAILING_SOURCE = True


def _trailing_source(doc, v: Token, comp: Token) -> tuple[Token, int] | None:
    """The source phrase's head and the index of the comma before it."""
    if any(c.i > v.i and not c.is_punct for c in v.children):
        return None  # not trailing: 'X, a supporter of Y, told host Z she …'
    k = v.i - 1
    while k > comp.i and doc[k].text != ",":
        k -= 1
    if k <= comp.i or k + 1 >= v.i:
        return None
    outside = [t for t in doc[k + 1:v.i] if not k < t.head.i < v.i]
    if len(outside) != 1 or outside[0].pos_ not in ("NOUN", "PROPN"):
        return None
    root = outside[0]
    if root.dep_ in ("nsubj", "nsubjpass") and root.head.i == v.i or root.dep_ == "appos":
        return root, k
    return None


# 'X has done A and is doing B, the military said': a reporting verb coordinated with the clause before
# it, after a comma, with a subject of its own and nothing it governs, is that clause's attribution
TRAILING_CONJ_ATTRIBUTION = True


# a reporting verb the parser left without a subject takes the name right before it
SUBJECT_BEFORE_CUE = True
# a clause the parser cut short at quoted words it runs into ('are to blame for focusing on “he said
# this, he tweeted that.”', 'called Burma a "good news story in an era when …"') goes on to their end
RUN_INTO_QUOTE = True
# a dash, or 'and' / 'but' / 'or' and up to six words ('and let them know that “…”')
_INTO_QUOTE_GAP = re.compile(r"[ \t]*(?:[-\u2013\u2014][ \t]*|,?[ \t]*(?:and|but|or)(?:[ \t]+[\w'\u2019-]+){0,6}[ \t]+)?")


def _through_quote(text: str, quoted: list[Quoted], qopens: list[int], a: int, b: int) -> int:
    """End of content [a, b) carried to the close of a partial quotation (words quoted inside the
    writer's sentence, as ``_direct_quotes`` types them ``mixed``) opened inside it or right after it.
    A full quotation after a colon or comma is left to ``_join_lead_ins``."""
    k = bisect.bisect_left(qopens, a)
    while k < len(quoted) and quoted[k].open <= b + 12:
        q = quoted[k]
        k += 1
        if not q.closed or q.close <= b or "\n" in text[b:q.close]:
            continue
        if q.open >= b and not _INTO_QUOTE_GAP.fullmatch(text, b, q.open):
            continue
        before = text[a:q.open].rstrip(" \t")
        prevc = before[-1:] or " "
        first = next((c for c in text[q.start:q.close] if c.isalpha()), "")
        if _is_partial(prevc, first):
            b = q.close + 1  # and on, through '“A” and “B”'
    return b


# a partial quote inside the object of its cue verb ('is stressing the need to … under “constant
# attack”'): the object is the attributed content, with the quoted words in it (type mixed)
PARTIAL_OBJECT = True


def _partial_in_object(d: _Doc, q: Quote, emit) -> None:
    doc = d.doc
    v = doc[d.tok_at(q.cue.start)]
    if not v.tag_.startswith("VB") or any(c.dep_ in ("ccomp", "xcomp") for c in v.children):
        return
    for c in v.children:
        if c.dep_ != "dobj" or c.i < v.i:
            continue
        a, b = _span_chars(d, c.left_edge.i, c.right_edge.i + 1)
        if a <= q.start and q.end <= b + 2 and (a, b) != (q.start, q.end):
            emit(a, b, v, q.speaker)
        return


# 'went after Trump as “uniquely unfit”', 'hailed him as “The Comeback Kid”': a verb with an object
# characterised in quoted words after 'as' attributes them to the verb's subject, whatever the verb
CHARACTERISED_AS = True


def _characterised_as(d: _Doc, qs: int, qe: int, namer: _Namer, emit, done: set[int]) -> None:
    doc = d.doc
    t = doc[d.tok_at(qs)]
    while t.dep_ not in ("pobj", "ROOT") and t.head.i != t.i and t.head.i > t.i - 12:
        t = t.head
    prep = t.head
    if t.dep_ != "pobj" or prep.lower_ != "as" or prep.dep_ != "prep":
        return
    v = prep.head
    obj = next((c for c in v.children if c.dep_ == "dobj" and c.i < prep.i), None)
    if not v.tag_.startswith("VB") or obj is None or v.i in done or any(c.dep_ == "auxpass" for c in v.children):
        return
    low = v.lower_
    if low in STRONG_FORMS or low in STANCE or low in REPORT or (low, "VB") in PREP_LEXICON \
            or obj.lower_ in _QUESTION_WORDS or obj.lower_ == "that":
        return  # a cue of its own reads its object ('described X as …'); 'that … described as': a relative
    subj = subject_of(v)
    if subj is None or subj.lower_ in ("it", "there", "this", "that"):
        return
    a, _ = _span_chars(d, obj.left_edge.i, obj.right_edge.i + 1)
    if a < 0 or a > qs:
        return
    end = qe + (d.text[qe:qe + 1] in ('"', "\u201d", "\u00bb"))
    done.add(v.i)
    emit(a, end, v, namer.speaker(subj))


# passive verbs of expectation and belief that raise their subject ('is expected to', 'is believed to')
_PASSIVE_RAISING = {"expected", "believed", "thought", "reported", "said", "alleged", "rumored", "rumoured",
                    "estimated", "projected", "predicted", "understood", "presumed", "considered", "known"}
PASSIVE_SEGMENTS = True


# role nouns whose 'of'-phrase may end with the holder's name ('the head of the … administration Oleh Syniehubov')
_ROLE_HEADS = {"head", "chief", "leader", "governor", "mayor", "spokesman", "spokeswoman", "spokesperson",
               "commander", "director", "minister", "secretary", "chairman", "chairwoman", "chair", "president",
               "representative", "adviser", "advisor", "deputy", "ombudsman", "prosecutor", "speaker"}
_AGE_NP = re.compile(r"the \d{1,3}-year-old", re.I)
_ANONYMITY = re.compile(r"(?:not to be (?:named|identified)|anonymity)\b", re.I)
# ', a claim Kyiv denied' after the content: the writer's comment on it, not the source's words
_COMMENT_NOUNS = {"claim", "allegation", "assertion", "accusation", "charge", "figure", "move", "statement",
                  "phrase", "term", "euphemism", "reference", "slogan", "remark", "comment"}
_THAT_QUOTE = re.compile(r"that,?\s*[\"'\u201c\u2018\u00ab\u201e]+", re.I)
LEADING_LINK = True
_LEADING_LINK = re.compile(
    r"(?:(?:however|meanwhile|moreover|furthermore|still|indeed|instead|nonetheless|nevertheless|in addition|"
    r"in fact|as it stands|of course|at the same time|in other words|by contrast|in contrast),\s+"
    r"|(?-i:[A-Z][A-Z.]+(?:[ ,]+[A-Z][A-Z.]+)*)(?:\s*\([^)]{1,30}\))?\s*[-\u2013\u2014\u2015]+\s+)", re.I)
_LEADING_TIME = re.compile(
    r"(?:(?:on|last|this|earlier|late|early)\s+)?"
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|week|month|year)"
    r"(?:\s+(?:morning|afternoon|evening|night))?,?\s+(?=[\w\"\u201c])")
_FINITE = {"VBD", "VBZ", "VBP", "MD"}
_FRONTED_MARKS = {"as", "because", "although", "though", "while", "since", "when", "if", "once", "after", "before",
                  "unless", "until"}
_QUESTION_WORDS = {"if", "whether", "what", "who", "whom", "why", "how", "when", "where", "which"}
# subjects that are no source for a thought or finding verb (generic 'you', an inanimate 'it')
_NO_SOURCE = {"you"}
_SUBORDINATORS = {"when", "while", "as", "because", "before", "after", "if", "since", "until", "though",
                  "although", "whether", "once", "where", "unless"}
# "railed against X", "referring to X", "spoke of X", "called for X": what the source talks about
_CONTENT_PREPS = {"to", "about", "against", "of", "for", "over", "toward", "towards"}


_CUE_NOUNS = {"claim", "claims", "statement", "assertion", "warning", "suggestion", "argument", "promise",
              "pledge", "vow", "insistence", "belief", "allegation", "allegations", "charge", "announcement",
              "contention", "prediction", "admission", "view", "hope", "fear", "fears", "concern", "concerns",
              # seen before a that-clause in PolNeAR train, annotated as the cue in at least half the sightings
              "news", "report", "reports", "doubt", "complaint", "complaints", "hopes", "criticism", "assurance",
              "assurances", "estimates", "speculation", "rumor", "rumors", "warnings", "statements", "denial"}


def _load_prep_lexicon() -> dict[tuple[str, str], set[str]]:
    """(word form, tag class) -> prepositions, from prep_cues.tsv; verbs inflected, nouns pluralised."""
    table: dict[tuple[str, str], set[str]] = {}
    path = Path(__file__).with_name("prep_cues.tsv")
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        pos, lemma, prep = line.split("\t")[:3]
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


def _lexicon_prep_cue(d: _Doc, h: Token, namer: _Namer, emit, in_quote) -> bool:
    """'spoke about X', 'accused him of X', 'critical of X', 'his praise for X' (prep_cues.tsv): the
    preposition's object is what the source talked about, blamed or backed."""
    preps = PREP_LEXICON.get((h.lower_, h.tag_[:2]))
    if not preps or in_quote(h.idx) or any(c.dep_ == "ccomp" for c in h.children):
        return False
    prep = next((c for c in h.children if c.dep_ in ("prep", "prt") and c.lower_ in preps and c.i > h.i), None)
    obj = None if prep is None else next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
    if obj is None:
        return False
    if obj.lower_ in SPEECH and any(c.dep_ == "ccomp" for c in obj.children):
        return False  # 'was quoted as saying (that) …': the saying is the cue, with its own content
    source = None
    if h.tag_.startswith("VB"):
        if any(c.dep_ in ("auxpass", "nsubjpass") for c in h.children):
            # 'was criticized for X by Y': the agent, if named, is the source, not the subject
            agent = next((c for c in h.children if c.dep_ == "agent"), None)
            source = None if agent is None else next((c for c in agent.children if c.dep_ == "pobj"), None)
        else:
            source = subject_of(h)
    elif h.tag_.startswith("JJ"):
        if h.dep_ in ("acomp", "oprd"):
            source = subject_of(h.head)
    else:
        source = next((c for c in h.children if c.dep_ == "poss"), None)
        if source is None:
            # 'made a strong condemnation of X', 'peppered him with attacks on X': the noun is the
            # object of a verb whose subject is the source
            x = h.head if h.dep_ == "pobj" and h.head.dep_ == "prep" else h
            verb = x.head if x.dep_ in ("dobj", "prep") else None
            if verb is not None and verb.tag_.startswith("VB"):
                source = subject_of(verb)
    if source is not None and source.lower_ in ("it", "there", "this", "that"):
        return False
    start = obj.left_edge.i
    dobj = next((c for c in h.children if c.dep_ == "dobj" and h.i < c.i < prep.i), None)
    if dobj is not None and SPEECH.get(h.lower_) not in _ADDRESSEE_VERBS:
        start = dobj.left_edge.i  # 'described the deal as a disaster': the object is part of the content
    end = obj.right_edge.i + 1
    if OBJECT_TAIL_EVERYWHERE and h.tag_.startswith("VB"):
        end = _object_end(h, prep.right_edge.i + 1)  # 'referred to X as Y'
    ca, cb = _span_chars(d, start, end)
    emit(ca, cb, h, namer.speaker(source) if source is not None else None)
    return True


def _noun_cue(d: _Doc, n: Token, namer: _Namer, emit, in_quote) -> None:
    """"Trump's claim that …", "the senator's warning that …": the owner said the that-clause."""
    if in_quote(n.idx):
        return
    owner = next((c for c in n.children if c.dep_ == "poss"), None)
    clause = next((c for c in n.children if c.dep_ in ("acl", "ccomp", "relcl", "appos") and c.i > n.i
                   and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)), None)
    start = clause.left_edge.i if clause is not None else None
    if clause is None:
        # 'voiced concern that renewed fighting could draw in Eritrea', parsed as a relative clause
        # 'that renewed [fighting]' with the rest as its complement: the words after 'that'
        rel = next((c for c in n.children if c.dep_ == "relcl" and c.left_edge.lower_ == "that"
                    and c.left_edge.dep_ == "nsubj" and c.left_edge.i == n.i + 1
                    and any(x.dep_ == "ccomp" for x in c.children)), None)
        if rel is not None:
            clause, start = rel, rel.left_edge.i + 1
    if clause is None or (owner is None and not UNOWNED_NOUN_CUES):
        return
    if owner is None:
        # 'warnings from his attorney that …', 'a New York Times report that …', 'charges that …':
        # the source after 'from', the name before the noun, or none (the content still counts)
        frm = next((c for c in n.children if c.dep_ == "prep" and c.lower_ == "from" and c.i < clause.i), None)
        owner = next((c for c in frm.children if c.dep_ == "pobj"), None) if frm is not None else None
    if owner is None:
        owner = next((c for c in n.children if c.dep_ == "compound" and c.pos_ == "PROPN"), None)
    if owner is None and NOUN_OF_ISSUER:
        # 'Weaver says in a statement that …', 'the ministry issued a statement that …': the one who
        # says, issues or sends it
        x = n.head.head if n.dep_ == "pobj" and n.head.dep_ == "prep" else n.head if n.dep_ == "dobj" else None
        if x is not None and x.pos_ in ("VERB", "AUX") and (n.dep_ == "pobj" or x.lower_ in _ISSUE_VERBS):
            owner = subject_of(x)
    ca, cb = _span_chars(d, start, clause.right_edge.i + 1)
    emit(ca, cb, n, namer.speaker(owner) if owner is not None else None)


NOUN_OF_ISSUER = True
_ISSUE_VERBS = {f for lemma in ("issue", "release", "publish", "post") for f in inflect(lemma)} \
    | {"send", "sends", "sent", "sending", "make", "makes", "made", "making"} \
    | {f for lemma in ("voice", "express", "raise") for f in inflect(lemma)}  # 'voiced concern that …'


# 'said to the crowd', 'wrote to the council', 'complained to the UN': after a speech verb, 'to' names
# the addressee ('referred to X', 'objected to X' are lexicon cues, read before this)
ADDRESSEE_TO = True
_ANSWER_VERBS = {"respond", "reply", "answer"}  # 'responded to the criticism': what is answered
# speech verbs whose object or prepositional object is the person addressed or talked of
_ADDRESSEE_VERBS = {"tell", "inform", "remind", "assure", "ask"}


def _complement(d: _Doc, v: Token, namer: _Namer, emit) -> bool:
    """A strong cue without a clause: its infinitive, object (with a predicate: 'called him a liar') or
    first prepositional object carries the attributed content."""
    if v.dep_ in ("amod", "acl") or any(c.dep_ == "auxpass" for c in v.children):
        return False
    if v.dep_ == "advcl" and v.i < v.head.i and v.lower_.endswith("ing"):
        return False  # "Describing a typical day, he said: …": the framing, not the content
    subj = subject_of(v)
    if subj is None or subj.lower_ in ("there", "it"):
        return False
    kids = [c for c in v.children if c.i > v.i]
    target = next((c for c in kids if c.dep_ == "xcomp"), None)
    span = None
    if target is None and SPEECH.get(v.lower_) in _ADDRESSEE_VERBS:
        return False  # 'told reporters', 'asked the minister', 'said to the crowd': the addressee, not the content
    if target is not None:
        # "urged supporters to monitor …": the persuaded party belongs to the content
        obj = next((c for c in kids if c.dep_ == "dobj" and c.i < target.i), None)
        start = (obj or target).left_edge.i
        if obj is None:
            # "called on allies to send …": the party appealed to, after 'on', belongs to the content
            on = next((c for c in kids if c.dep_ in ("prep", "prt") and c.lower_ == "on" and c.i < target.i), None)
            if on is not None and on.i + 1 < target.left_edge.i:
                start = on.i + 1
        span = (start, _infinitive_end(v, target, target.right_edge.i + 1))
    else:
        obj = next((c for c in kids if c.dep_ == "dobj"), None)
        if obj is not None:
            span = (obj.left_edge.i, _object_end(v, obj.right_edge.i + 1))
        else:
            prep = next((c for c in kids if c.dep_ == "prep" and c.lower_ in _CONTENT_PREPS
                         and not (ADDRESSEE_TO and c.lower_ == "to" and v.lower_ in SPEECH
                                  and SPEECH[v.lower_] not in _ANSWER_VERBS)), None)
            if prep is not None:
                pobj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
                if pobj is not None:
                    end = _object_end(v, prep.right_edge.i + 1) if OBJECT_TAIL_EVERYWHERE else pobj.right_edge.i + 1
                    span = (pobj.left_edge.i, end)
            else:
                span = _for_clause(v)
    if span is None:
        return False
    if subj.i >= span[0] and subj.i < span[1]:
        return False
    ca, cb = _span_chars(d, *span)
    if ca < 0:
        return False
    emit(ca, cb, v, namer.speaker(subj))
    return True


# what completes a cue's object, hung on the verb by the parser: 'called him a liar', 'referred to X as
# Y', 'blamed X for Y', 'proposed $1 billion to help states …'
OBJECT_TAIL_DEPS = ("oprd", "prep", "advmod", "npadvmod")
OBJECT_TAIL_INFINITIVE = True
OBJECT_TAIL_EVERYWHERE = True


def _object_end(v: Token, end: int) -> int:
    """Token end of a cue's object (which ends at ``end``) with the verb's dependents that complete it:
    an object predicate, a preposition or adverb right after it, an infinitive of purpose ('to …');
    not a time ('endorsed Clinton on Thursday': when, not what)."""
    for c in v.children:
        if c.i < end:
            continue
        # the complement starts where the object ends ('called the deal a “disaster”': its head word
        # comes after its determiner and the quote mark)
        if c.left_edge.i > end + 1:
            break
        infinitive = OBJECT_TAIL_INFINITIVE and c.dep_ in ("xcomp", "advcl") and c.left_edge.lower_ == "to" \
            and c.left_edge.dep_ == "aux"
        if c.dep_ not in OBJECT_TAIL_DEPS and not infinitive:
            break
        if TRAILING_TIME_ENDS and (_time_like(c) or c.dep_ == "prep" and c.lower_ in _OCCASION_PREPS):
            break
        end = c.right_edge.i + 1
    return end


# prepositions that place the act in time or circumstance, after a cue's object: 'attacked her rival
# during the debate', 'rejected the claim after a hearing' (PolNeAR train: kept in the content 20-45%
# of the time, against 60-97% for 'as', 'for', 'in', 'of', 'to' and 'with')
_OCCASION_PREPS = {"during", "after", "before", "despite", "through", "amid", "following", "until"}


_TIME_WORDS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today",
               "yesterday", "tonight", "now", "again", "later", "earlier", "week", "month", "year", "morning",
               "evening", "night", "afternoon", "weekend", "recently", "once", "also", "too", "then"}


def _time_like(t: Token) -> bool:
    """An adverbial of time hung on the verb: 'on Thursday', 'last week', 'now', 'in 2015'."""
    if t.dep_ in ("advmod", "npadvmod"):
        return t.lower_ in _TIME_WORDS or t.ent_type_ in ("DATE", "TIME")
    if t.dep_ == "prep" and t.lower_ in ("on", "in", "at", "during", "since", "after", "before", "until"):
        o = next((c for c in t.children if c.dep_ == "pobj"), None)
        return o is not None and (o.lower_ in _TIME_WORDS or o.ent_type_ in ("DATE", "TIME"))
    return False


def _for_clause(v: Token) -> tuple[int, int] | None:
    """'called for the US to step up its efforts': the parser files 'for … to …' as an adverbial
    clause marked by 'for'; the clause after the mark is the content."""
    for c in v.children:
        if c.dep_ == "advcl" and c.i > v.i:
            mark = next((m for m in c.children if m.dep_ == "mark" and m.lower_ == "for"), None)
            if mark is not None and mark.i == c.left_edge.i:
                return mark.i + 1, c.right_edge.i + 1
    return None


def _infinitive_end(v: Token, target: Token, end: int) -> int:
    """'wants to triple X, grow Y and create Z': the parser hangs the bare verbs on 'wants', but a
    base form cannot be a finite verb's conjunct; they continue the infinitive, up to token ``end``."""
    if not STANCE_CONJ or target.tag_ != "VB" or v.tag_ not in ("VBZ", "VBD", "VBP"):
        return end
    for c in v.children:
        if c.dep_ == "conj" and end <= c.i <= end + 1 and c.tag_ == "VB" \
                and not any(x.dep_ in ("nsubj", "nsubjpass") for x in c.children):
            end = c.right_edge.i + 1
    return end


def _stance(d: _Doc, v: Token, kind: str, namer: _Namer, emit) -> None:
    """'X wants to …', 'X cited the figure', 'X declined to comment': what a source wants, backs or
    denies counts as an attribution (PolNeAR-style), when the verb has a subject."""
    subj = subject_of(v)
    if subj is None or subj.lower_ in ("it", "this", "that", "which", "there"):
        return
    target = None
    start = None
    for c in v.children:
        if kind == "x" and c.dep_ == "dobj" and c.i > v.i and start is None:
            start = c.left_edge.i
        if kind == "x" and c.dep_ == "xcomp" and c.i > v.i:
            target = c
            break
        if kind == "o" and c.dep_ == "dobj" and c.i > v.i:
            target = c
            break
    if target is None:
        return
    a, b = target.left_edge.i, target.right_edge.i + 1
    if start is not None and start < a:
        a = start
    if kind == "x":
        b = _infinitive_end(v, target, b)
    elif OBJECT_TAIL_EVERYWHERE:
        b = _object_end(v, b)
    if b - a < 2 and kind == "o" and target.pos_ == "PRON":
        return
    ca, cb = _span_chars(d, a, b)
    emit(ca, cb, v, namer.speaker(subj))


def _call(d: _Doc, v: Token, namer: _Namer, emit) -> None:
    """'called for X', 'called on X to …', 'called him a liar'."""
    subj = subject_of(v)
    if subj is None:
        return
    kids = list(v.children)
    span = None
    for c in kids:
        if c.dep_ == "prep" and c.lower_ in ("for", "on") and c.i > v.i:
            end = c.right_edge.i + 1
            # "called on allies to send …": the infinitive the parser hangs on the verb is the content too
            for x in kids:
                if x.i >= end and x.dep_ in ("xcomp", "ccomp") and x.left_edge.i <= end + 1:
                    end = x.right_edge.i + 1
            span = (c.i + 1, end)
            break
        if c.dep_ == "oprd":
            obj = next((x for x in kids if x.dep_ == "dobj"), None)
            span = ((obj.left_edge.i if obj is not None else c.left_edge.i), c.right_edge.i + 1)
            break
    if span is None:
        span = _for_clause(v)
    if span is None or span[1] - span[0] < 1:
        return
    ca, cb = _span_chars(d, *span)
    emit(ca, cb, v, namer.speaker(subj))


def _according(d: _Doc, v: Token, namer: _Namer, emit, in_quote) -> None:
    doc = d.doc
    to = next((c for c in v.children if c.lower_ == "to" and c.i > v.i), None)
    if to is None and v.i + 1 < len(doc) and doc[v.i + 1].lower_ == "to":
        to = doc[v.i + 1]
    if to is None or in_quote(v.idx):
        return
    src = next((c for c in to.children if c.dep_ == "pobj"), None)
    if src is None:
        return
    sent = v.sent
    pa, pb = v.left_edge.i, max(v.right_edge.i, to.right_edge.i) + 1
    s1 = _span_chars(d, sent.start, pa) if pa > sent.start else (-1, -1)
    s2 = _span_chars(d, pb, sent.end) if pb < sent.end else (-1, -1)
    speaker = namer.speaker(src)
    cue = _Span(v.idx, to.idx + len(to), d.text[v.idx:to.idx + len(to)])
    lead = [t.lower_ for t in doc[max(sent.start, pa - 2):pa] if t.text != ","]
    if s2[0] >= 0 and lead[-1:] == ["that"]:
        # 'The governor added that, according to preliminary data, two houses were damaged': the
        # source stands inside the that-clause; the clause after it is what it says
        emit(s2[0], s2[1], cue, speaker)
    elif s1[0] >= 0 and s2[0] >= 0 and any(t.tag_ in _FINITE for t in doc[sent.start:pa]):
        # "X rose 20 percent, according to Y, more than twice …": a full clause before the source is
        # the content; what follows the source is the writer's comment
        emit(s1[0], s1[1], cue, speaker)
    elif s1[0] >= 0 and s2[0] >= 0:
        if s1[1] - s1[0] < 4:
            emit(s2[0], s2[1], cue, speaker)
        elif s2[1] - s2[0] < 4:
            emit(s1[0], s1[1], cue, speaker)
        else:
            emit(s1[0], s2[1], cue, speaker, [s1, s2])
    elif s1[0] >= 0:
        emit(s1[0], s1[1], cue, speaker)
    elif s2[0] >= 0:
        emit(s2[0], s2[1], cue, speaker)
