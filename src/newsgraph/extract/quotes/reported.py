"""Reported speech: what a cue attributes without quotation marks, read from the parse.

A cue verb governing a clause (``X said that …``, ``…, officials said``), an attribution set off by
commas (``the plan, he said, will fail``), ``according to X``, a noun cue (``Trump's claim that …``),
a word + preposition cue (``spoke about X``), a strong cue's object or infinitive (``refused to
comment``), and a passive of belief (``is expected to …``). Two passes over the quoted spans
(``PRE_PASSES``), then each token is tried by the rules of ``TOKEN_RULES`` in order until one
answers True (it has been read, or it is no cue); a rule marked ``@reads(words)`` is only tried on
tokens of those forms (``base.FormIndex``: the same answers, fewer calls). Each content found goes through ``emit``, which
keeps it inside its paragraph, lets a direct quote it repeats take it, and types it.
"""
from __future__ import annotations

import bisect
import re

from spacy.tokens import Token

from newsgraph.extract.cues import REPORT, SPEECH, STRONG_FORMS
from newsgraph.extract.quotes.base import _BULLETS, _WORD, _cue, _Doc, _put_it, _QuoteIndex, FormIndex, reads
from newsgraph.extract.quotes.clauses import (_after_lead_prep, _clause_parts, _span_chars, _split_comps,
                                              _through_quote, _trailing_source, another_source_speaks)
from newsgraph.extract.quotes.marks import Quoted
from newsgraph.extract.quotes.readers import (_according, _call, _characterised_as, _complement,
                                              _lexicon_prep_cue, _noun_cue, _partial_in_object, _stance)
from newsgraph.extract.quotes.speaker import _Namer, _outside_quote
from newsgraph.extract.quotes.words import CUE_NOUNS as _CUE_NOUNS
from newsgraph.extract.quotes.words import FRONTED_MARKS as _FRONTED_MARKS
from newsgraph.extract.quotes.words import NO_SOURCE as _NO_SOURCE
from newsgraph.extract.quotes.words import PASSIVE_RAISING as _PASSIVE_RAISING
from newsgraph.extract.quotes.words import PREP_LEXICON
from newsgraph.extract.quotes.words import STANCE
from newsgraph.extract.quotes.words import SUBORDINATORS as _SUBORDINATORS
from newsgraph.extract.quotes.words import TELL as _TELL
from newsgraph.extract.speakers import subject_of
from newsgraph.record import Quote, Speaker

# a clause that runs well past a partial quote inside it ('said that Trump would be “the healthiest …”')
# is the attributed content, with the partial quote in it (type mixed); chars beyond the quote:
MIXED_EXTRA = 6
_THAT_QUOTE = re.compile(r"that,?\s*[\"'\u201c\u2018\u00ab\u201e]+", re.I)
_ANONYMITY = re.compile(r"(?:not to be (?:named|identified)|anonymity"
                        r"|not to (?:use|give|publish|reveal) (?:his|her|their) (?:full |real )?names?)\b", re.I)
_CALL_FORMS = ("called", "calls", "calling", "call")
_SHOW_FORMS = ("show", "shows", "showed", "shown", "showing")


class _Reader:
    """One article's reported-speech pass: what the rules share, and ``emit``, where every content ends."""

    def __init__(self, d: _Doc, quoted: list[Quoted], direct: list[Quote | None], namer: _Namer):
        self.d, self.doc, self.text, self.quoted, self.namer = d, d.doc, d.text, quoted, namer
        self.in_quote = _QuoteIndex(quoted)
        self.dq = [q for q in direct if q is not None]
        self.dstarts = [q.start for q in self.dq]
        self.qopens = [q.open for q in quoted]
        self.out: list[Quote] = []
        self.spans: set[tuple[int, int]] = set()  # one record per content span, whichever cue found it first

    def overlapping_direct(self, a: int, b: int) -> list[Quote]:
        k = bisect.bisect_left(self.dstarts, b)
        res = []
        for j in range(k - 1, -1, -1):
            q = self.dq[j]
            if q.end <= a:
                if a - q.end > 5000:
                    break
                continue
            res.append(q)
        return res

    def _in_paragraph(self, a: int, b: int, v, segments) -> tuple[int, int, list | None]:
        """A clause never runs across a paragraph break (the parser sometimes joins paragraphs): the
        content and its segments cut to the cue's paragraph, without leading quote marks or a bullet."""
        text = self.text
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
        return a, b, segments

    def _taken_by_direct(self, a: int, b: int, v, speaker: Speaker | None) -> str | None:
        """None when the content is a direct quote itself (which takes the cue and speaker it lacks,
        and grows to the content's 'that'); else the content's type so far."""
        text = self.text
        typ = "indirect"
        for q in self.overlapping_direct(a, b):
            inter = min(b, q.end) - max(a, q.start)
            extra = (b - a) - inter
            if inter >= 0.6 * (b - a) and not (q.type == "mixed" and extra > MIXED_EXTRA):
                if q.speaker is None and speaker is not None:
                    q.speaker, q.cue = speaker, _cue(v)
                if q.type == "mixed" and not q.segments and a < q.start and b >= q.end - 2:
                    # 'told supporters that “we’re in this together”': the clause, with its 'that', is the content
                    q.start, q.text = a, text[a:q.end]
                elif q.type == "direct" and not q.segments and b >= q.end - 2 \
                        and _THAT_QUOTE.fullmatch(text, a, q.start):
                    # 'said that “…”': reported speech quoting the words, the 'that' included (mixed)
                    q.start, q.text, q.type = a, text[a:q.end], "mixed"
                return None
            typ = "mixed"
        return typ

    def emit(self, a: int, b: int, v, speaker: Speaker | None, segments=None) -> None:
        """Content [a, b) (or its ``segments``) attributed by cue ``v`` to ``speaker``."""
        if a < 0:
            return
        text = self.text
        a, b, segments = self._in_paragraph(a, b, v, segments)
        if b - a < 3 or not _WORD.search(text, a, b) or _ANONYMITY.match(text, a):
            return  # 'who asked not to be named': how the source is hidden, not what it said
        # 'are to blame for focusing on “he said this, he tweeted that.”': a clause the parser cut short
        # at quoted words it runs into goes on to their end
        b = _through_quote(text, self.quoted, self.qopens, a, b)
        typ = self._taken_by_direct(a, b, v, speaker)
        if typ is None:
            return
        if typ == "indirect":
            # quoted words inside the content make it mixed, emitted as a quote of their own or not
            k = bisect.bisect_left(self.qopens, a)
            quoted = self.quoted
            if k < len(quoted) and quoted[k].open < b and quoted[k].end <= b + 1 and quoted[k].closed:
                typ = "mixed"
        if (a, b) in self.spans:
            return
        self.spans.add((a, b))
        self.out.append(Quote(start=a, end=b, text=text[a:b], type=typ, speaker=speaker, cue=_cue(v),
                              segments=segments))


# -- PRE_PASSES: contents found from the quoted spans ------------------------------------------------

def _partial_quotes_in_objects(r: _Reader) -> None:
    """'He is stressing the need to protect civilians under “constant attack”': a partial quote inside
    its cue verb's object makes the object the content (``readers._partial_in_object``).
    Example: The minister is stressing the need to protect civilians under “constant attack” in the east."""
    for q in r.dq:
        if q.type == "mixed" and not q.segments and q.cue is not None and q.speaker is not None:
            _partial_in_object(r.d, q, r.emit)


def _quotes_characterised_as(r: _Reader) -> None:
    """'Clinton went after Trump as “uniquely unfit”': quoted words after 'as' characterise the verb's
    object, said by its subject (``readers._characterised_as``).
    Example: Protesters branded the mayor as “a puppet of Moscow” on Saturday."""
    done: set[int] = set()  # verbs already given their content ('as a “clown” and a “puppet”')
    for q in r.quoted:
        if q.closed and not q.continues and q.end > q.start and not r.in_quote(q.open - 1):
            _characterised_as(r.d, q.start, q.end, r.namer, r.emit, done)


PRE_PASSES = (_partial_quotes_in_objects, _quotes_characterised_as)


class _Verb:
    """One token tried as a cue: its lower-cased form, and (computed when a rule first asks) the
    clauses it governs and whether it is an attribution set off inside the clause it attributes."""

    __slots__ = ("v", "low", "_comps", "_aside")

    def __init__(self, v: Token):
        self.v, self.low = v, v.lower_
        self._comps: list[Token] | None = None
        self._aside: bool | None = None

    @property
    def comps(self) -> list[Token]:
        if self._comps is None:
            self._comps = _complements(self.v, self.low)
        return self._comps

    @property
    def aside(self) -> bool:
        if self._aside is None:
            self._aside = _is_aside(self.v, self.low)
        return self._aside


def _complements(v: Token, low: str) -> list[Token]:
    """The clauses ``v`` governs. 'And as mass shootings have gotten deadlier, Democrats have found …': a
    subordinate clause before the verb that the parser made its complement is when or why, not what.
    The small parser often files "said (after X) he would …" as an adverbial clause: a speech verb's
    adverbial clause after it, with a subject and no mark, is its complement."""
    comps = [c for c in v.children if c.dep_ == "ccomp" and not (
        c.i < v.i and any(x.dep_ == "mark" and x.lower_ in _FRONTED_MARKS for x in c.children))]
    if not comps and low in SPEECH:
        comps = [c for c in v.children if c.dep_ == "advcl" and c.i > v.i
                 and any(x.dep_ == "nsubj" for x in c.children)
                 and not any(x.dep_ == "mark" for x in c.children)
                 and (c.left_edge.lower_ not in _SUBORDINATORS or _after_lead_prep(c) is not None)]
    return comps


def _is_aside(v: Token, low: str) -> bool:
    """'The plan, he said, will fail': an attribution set off by commas inside the clause it attributes;
    the parser may also make a leading 'Peskov told reporters, Moscow would …' the clause's complement."""
    doc = v.doc
    return v.dep_ == "parataxis" or (
        v.dep_ == "ccomp" and v.i < v.head.i and v.right_edge.i + 1 < len(doc)
        and doc[v.right_edge.i + 1].text == "," and v.head.pos_ in ("VERB", "AUX")
        and v.head.lower_ not in SPEECH and v.head.lower_ not in STRONG_FORMS
        and not any(c.dep_ == "dobj" for c in v.children if low not in _TELL)
        and any(c.dep_ in ("nsubj", "nsubjpass") and c.i > v.i for c in v.head.children))


def _reported(d: _Doc, quoted: list[Quoted], direct: list[Quote | None], namer: _Namer) -> list[Quote]:
    """The reported contents of the article, in the order they were found."""
    r = _Reader(d, quoted, direct, namer)
    for pre_pass in PRE_PASSES:
        pre_pass(r)
    table, index = TOKEN_RULES, _RULES_BY_FORM  # (read here, so a test can take one rule out)
    for v in d.doc:
        c = _Verb(v)
        for rule in index.rules(table, c.low):
            if rule(r, c):
                break
    return r.out


_RULES_BY_FORM = FormIndex()


# -- TOKEN_RULES: each token, tried as a cue ---------------------------------------------------------

@reads({"told"})
def _all_told(r: _Reader, c: _Verb) -> bool:
    """'All told, the brigade lost 40 vehicles.': a sum, not a telling.
    Example: All told, the brigade lost 40 vehicles in the assault."""
    v, doc = c.v, r.doc
    return c.low == "told" and 0 < v.i < len(doc) - 1 and doc[v.i - 1].lower_ == "all" and doc[v.i + 1].text == ","


@reads({"thank"})
def _thank_you(r: _Reader, c: _Verb) -> bool:
    """'Thank you for reading our coverage of the war.': the writer signing off, not an attribution.
    Example: Thank you for reading our coverage of the war in Ukraine."""
    v, doc = c.v, r.doc
    return c.low == "thank" and v.i + 1 < len(doc) and doc[v.i + 1].lower_ == "you" \
        and not any(x.dep_ == "nsubj" for x in v.children)


@reads({"according"})
def _according_to(r: _Reader, c: _Verb) -> bool:
    """'Two people were killed, according to the regional governor.' (``readers._according``).
    Example: Two people were killed in the strike, according to the regional governor."""
    if c.low != "according":
        return False
    _according(r.d, c.v, r.namer, r.emit, r.in_quote)
    return True


@reads(_CUE_NOUNS)
def _cue_noun(r: _Reader, c: _Verb) -> bool:
    """"The minister dismissed Moscow's claim that the village had fallen.": a cue noun's that-clause is
    its owner's (``readers._noun_cue``); 'reports', 'claims', 'fears' as verbs go on to the rules below."""
    if c.low not in _CUE_NOUNS or not c.v.tag_.startswith("NN"):
        return False
    _noun_cue(r.d, c.v, r.namer, r.emit, r.in_quote)
    return True


@reads(_PASSIVE_RAISING)
def _passive_belief(r: _Reader, c: _Verb) -> bool:
    """'The unit is believed to have withdrawn from the town.': an expectation or belief with an unnamed
    source; its content is the subject and the infinitive, as two segments."""
    v, low = c.v, c.low
    if low not in _PASSIVE_RAISING or r.in_quote(v.idx) or not any(x.dep_ == "auxpass" for x in v.children):
        return False
    subj = next((x for x in v.children if x.dep_ == "nsubjpass" and x.i < v.i), None)
    xc = next((x for x in v.children if x.dep_ == "xcomp" and x.i > v.i), None)
    if subj is not None and xc is not None:
        s1 = _span_chars(r.d, subj.left_edge.i, subj.right_edge.i + 1)
        s2 = _span_chars(r.d, xc.left_edge.i, xc.right_edge.i + 1)
        if s1[0] >= 0 and s2[0] >= 0:
            r.emit(s1[0], s2[1], v, None, [s1, s2])
        return True
    return low == "expected"


@reads({form for form, _ in PREP_LEXICON})
def _preposition_cue(r: _Reader, c: _Verb) -> bool:
    """'The senator spoke about the border at length.': a word + preposition cue from prep_cues.tsv
    (``readers._lexicon_prep_cue``).
    Example: The senator spoke about the border crisis at length."""
    return _lexicon_prep_cue(r.d, c.v, r.namer, r.emit, r.in_quote)


def _no_cue_word(low: str, v: Token) -> bool:
    return low not in REPORT and low not in STANCE and low not in STRONG_FORMS and not _put_it(v)


@reads(_CALL_FORMS)
def _call_for(r: _Reader, c: _Verb) -> bool:
    """'The mayor calls for calm after the strike.': 'calls for X', 'call on X to …' (``readers._call``);
    'called'/'calling' are strong cues, read below.
    Example: The mayor calls the plan a disgrace."""
    if c.low in _CALL_FORMS and _no_cue_word(c.low, c.v) and not r.in_quote(c.v.idx):
        _call(r.d, c.v, r.namer, r.emit)
        return True
    return False


def _not_a_cue(r: _Reader, c: _Verb) -> bool:
    """'The convoy reached the city.': a word that is no cue verb, or a cue inside quoted words.
    Example: It seems the convoy was hit near Kharkiv."""
    return _no_cue_word(c.low, c.v) or r.in_quote(c.v.idx)


def _without_saying(r: _Reader, c: _Verb) -> bool:
    """'It goes without saying that the talks failed.': nothing was said."""
    return c.v.dep_ == "pcomp" and c.v.head.lower_ == "without"


def _asked_question(r: _Reader, c: _Verb) -> bool:
    """'Told that the bridge had fallen, the mayor said the city would hold.': what the source was
    told or asked ('Asked whether the troops would stay, …') is the interviewer's, who is not named:
    no quote of anyone's (a user cites a quote by its speaker), and never the answerer's words."""
    return c.v.dep_ == "advcl" and c.low in ("asked", "told")


def _as_clause(r: _Reader, c: _Verb) -> bool:
    """'As many experts have pointed out, the president is free to pardon them.': the main clause is
    what they said ('As reported by Ukrinform, …': the agent is the source)."""
    v, low, d = c.v, c.low, r.d
    if not (v.dep_ == "advcl" and (low in REPORT or low in STRONG_FORMS or _put_it(v))
            and v.head.i != v.i and any(x.dep_ == "mark" and x.lower_ == "as" for x in v.children)
            and (_put_it(v) or not any(x.dep_ in ("ccomp", "dobj", "xcomp") for x in v.children))):
        return False
    agent = next((x for x in v.children if x.dep_ == "agent"), None)
    by = next((x for x in agent.children if x.dep_ == "pobj"), None) if agent is not None else None
    subj = by if by is not None else subject_of(v)
    h = v.head
    if subj is not None and subj.i > v.left_edge.i:
        a, b = h.left_edge.i, h.right_edge.i + 1
        va, vb = v.left_edge.i, v.right_edge.i + 1
        s1 = _span_chars(d, a, va) if va > a else (-1, -1)
        s2 = _span_chars(d, vb, b) if vb < b else (-1, -1)
        if s1[0] >= 0 and not _WORD.search(r.text, s1[0], s1[1]):
            s1 = (-1, -1)  # only a quote mark or a line break the parser hung on the clause
        if s1[0] >= 0 and s2[0] >= 0:
            r.emit(s1[0], s2[1], v, r.namer.speaker(subj), [s1, s2])
        elif s2[0] >= 0:
            r.emit(s2[0], s2[1], v, r.namer.speaker(subj))
    return True


def _trailing_reporter(r: _Reader, c: _Verb) -> bool:
    """'Russian forces attacked near Kupiansk, the General Staff reported.': when the parser makes the
    source an apposition inside the clause and hangs the subjectless verb on the clause, the source is
    the phrase after the last comma (``clauses._trailing_source``)."""
    v, doc = c.v, r.doc
    if not (c.low in SPEECH and v.dep_ in ("advcl", "conj") and v.tag_ in ("VBD", "VBZ")
            and (v.i + 1 == len(doc) or doc[v.i + 1].is_sent_end or doc[v.i + 1].text in (".", "\n"))
            and not any(x.dep_ in ("nsubj", "nsubjpass") for x in v.children) and not r.in_quote(v.idx)):
        return False
    found = _trailing_source(doc, v, v.sent[0])
    if found is None:
        return False
    src, comma = found
    ca, cb = _span_chars(r.d, v.sent.start, comma)
    r.emit(ca, cb, v, r.namer.phrase(src, comma + 1, v.i))
    return True


def _coordinated_attribution(r: _Reader, c: _Verb) -> bool:
    """'Russian troops have captured the village and are advancing on Selydove, Ukraine's military said
    on Saturday.': the parser coordinated the attribution with the clause it attributes; a reporting
    verb after a comma, with a subject of its own and nothing it governs, attributes that clause."""
    v, doc = c.v, r.doc
    if c.comps or not (v.dep_ == "conj" and c.low in SPEECH and v.head.dep_ == "ROOT" and v.head.i < v.i) \
            or any(x.dep_ in ("dobj", "xcomp", "ccomp", "advcl") and x.i > v.i for x in v.children
                   if not any(m.dep_ == "mark" for m in x.children)):
        return False
    subj = next((x for x in v.children if x.dep_ == "nsubj"), None)
    if subj is None or subj.left_edge.i <= 0 or doc[subj.left_edge.i - 1].text != ",":
        return False
    ca, cb = _span_chars(r.d, v.head.left_edge.i, subj.left_edge.i - 1)
    if ca >= 0:
        r.emit(ca, cb, v, r.namer.speaker(subj))
    return True


def _shown_to_someone(r: _Reader, c: _Verb) -> bool:
    """'She showed a reporter a photograph of her son.': a thing shown to someone, not a finding."""
    return not c.comps and c.low in _SHOW_FORMS and any(x.dep_ == "dative" for x in c.v.children)


def _strong_cue_object(r: _Reader, c: _Verb) -> bool:
    """'The ministry refused to comment on the report.': a strong cue with no clause attributes its
    infinitive, object or prepositional object (``readers._complement``), else reads as a stance.
    Example: Zelensky asked allies to send more air defence systems."""
    if c.comps or c.low not in STRONG_FORMS or c.aside:
        return False
    if not _complement(r.d, c.v, r.namer, r.emit) and c.low in STANCE:
        _stance(r.d, c.v, STANCE[c.low], r.namer, r.emit)
    return True


def _stance_cue(r: _Reader, c: _Verb) -> bool:
    """'The governor wants to rebuild the bridge by spring.': what a source wants, backs or rejects
    (``readers._stance``)."""
    if c.comps or c.low not in STANCE:
        return False
    _stance(r.d, c.v, STANCE[c.low], r.namer, r.emit)
    return True


def _clause_source(r: _Reader, c: _Verb) -> tuple[Token | None, int | None, list[Token]]:
    """The source of a verb's clauses, the comma before a trailing source (or None), and the clauses."""
    v, doc, low = c.v, r.doc, c.low
    comps = c.comps
    subj = _outside_quote(subject_of(v), v, r.in_quote)
    if subj is None and len(comps) > 1 and comps[0].i < v.i < comps[-1].i and comps[0].tag_ == "VBN":
        # 'Two residents of Kenscoff reached by phone said gunfire …': the parser made the participle a
        # clause of its own and took the residents with it; they are the subject
        subj = next((x for x in comps[0].children if x.dep_ == "nsubj"), None)
        if subj is not None:
            comps = [x for x in comps if x.i > v.i]
    if subj is None and v.i > 0 and v.dep_ == "ROOT" and low in SPEECH:
        # '… with the editorial board of the Washington Post Trump said that …': the parser hung the
        # name on the phrase before; a person named right before the verb speaks
        prev = doc[v.i - 1]
        if prev.pos_ == "PROPN" and prev.ent_type_ in ("PERSON", "ORG", ""):
            subj = prev
    trail = _trailing_source(doc, v, comps[0]) if v.dep_ == "ROOT" and comps[0].i < v.i else None
    if trail is not None and (subj is None or subj.i < trail[1]):
        return trail[0], trail[1], comps
    return subj, None, comps


_RELATIVES = frozenset({"which", "that", "who", "whom"})


@reads(SPEECH)
def _relative_report(r: _Reader, c: _Verb) -> bool:
    """'a strike that the ministry said killed 12 civilians': a speech verb inside a relative clause
    whose complement opens with the relative pronoun (the thing talked about). The words after the verb
    are the source's, the verb's own subject the source; the relative pronoun and the source are not
    content (the parser spans the complement over both). PolNeAR train: 45 such attributions missed.
    Example: Russia launched a strike that the ministry said killed 12 civilians in Kharkiv."""
    v, doc = c.v, r.doc
    if v.dep_ != "relcl" or not c.comps:
        return False
    comps = [x for x in c.comps if x.i > v.i]
    rel = doc[comps[0].left_edge.i] if len(comps) == 1 else None
    if rel is None or rel.lower_ not in _RELATIVES or rel.i >= v.i or rel.head.i != comps[0].i:
        return False
    subj = next((x for x in v.children if x.dep_ == "nsubj" and rel.i < x.i < v.i), None)
    subj = _outside_quote(subj, v, r.in_quote)
    if subj is None or subj.lower_ in _NO_SOURCE:
        return False
    ca, cb = _span_chars(r.d, v.i + 1, comps[0].right_edge.i + 1)
    r.emit(ca, cb, v, r.namer.speaker(subj))
    return True


def _clause_content(r: _Reader, c: _Verb) -> bool:
    """'The ministry said Russian forces had withdrawn from the village.', 'The clashes felt distant,
    residents said.': the clauses a cue governs are its subject's words, each 'and that …' part apart."""
    if not c.comps:
        return False
    v, low = c.v, c.low
    subj, comma, comps = _clause_source(r, c)
    if subj is None or subj.i in range(comps[0].left_edge.i, comps[0].right_edge.i + 1):
        return True
    if low not in SPEECH and subj.lower_ in _NO_SOURCE:
        return True  # 'you can see that …': a reasoning, nobody's attribution
    if subj.head.i != v.i and subj.i == v.i - 1 and subj.dep_ not in ("nsubj", "nsubjpass"):
        speaker = r.namer.surname(subj)  # the name, not the phrase it was hung on
    else:
        speaker = r.namer.speaker(subj)
    for comp, upto in _split_comps(comps):
        if comp.i > v.i and another_source_speaks(comp):
            continue  # '… but a resident said …': the resident's, read at its own cue
        lead_end = _after_lead_prep(comp) if comp.dep_ == "advcl" else None
        parts = _clause_parts(comp)
        if upto is not None:
            parts[-1] = (parts[-1][0], upto)
        elif comma is not None and len(comps) == 1 and parts[-1][1] < comma:
            parts[-1] = (parts[-1][0], comma)  # the words the parser gave the stolen subject
        for a, b in parts:
            if lead_end is not None and a < lead_end < b:
                a = lead_end  # 'said (after the convention) he would …': when, not what
            ca, cb = _span_chars(r.d, a, b)
            r.emit(ca, cb, v, speaker)
    return True


def _parenthetical(r: _Reader, c: _Verb) -> bool:
    """'The plan, he said, will fail.', 'Instead, Trump told CNN, his policy would be …': a speech verb
    set off inside the clause it attributes; the clause around it is the content (two segments)."""
    v, doc = c.v, r.doc
    if c.low not in SPEECH or not c.aside:
        return False
    subj = subject_of(v)
    if subj is None:
        return True
    h = v.head
    a, b = h.left_edge.i, h.right_edge.i + 1
    va, vb = v.left_edge.i, v.right_edge.i + 1
    subjs = [x for x in v.children if x.dep_ in ("nsubj", "nsubjpass") and x.i < v.i]
    if len(subjs) > 1 and subjs[-1].left_edge.i > va and doc[subjs[-1].left_edge.i - 1].text == ",":
        # 'Russian forces, the ministry said on Tuesday, had captured …': the parser hung the clause's
        # own subject on the cue too; the source is the one after the comma
        subj = subjs[-1]
        va = subj.left_edge.i
    s1 = _span_chars(r.d, a, va) if a < va else (-1, -1)
    while vb < b and doc[vb].is_punct:
        vb += 1
    if s1[0] >= 0 and vb < b and doc[vb].dep_ in ("mark", "cc") and any(
            t.lower_ in SPEECH and any(x.dep_ == "nsubj" for x in t.children) for t in doc[vb:b]):
        vb = b  # '…, local health workers said, as the military said …': another source's words
    s2 = _span_chars(r.d, vb, b) if vb < b else (-1, -1)
    if s2[0] >= 0 and s1[0] >= 0:
        r.emit(s1[0], s2[1], v, r.namer.speaker(subj), [s1, s2])
    elif s1[0] >= 0:
        r.emit(s1[0], s1[1], v, r.namer.speaker(subj))
    elif s2[0] >= 0:
        r.emit(s2[0], s2[1], v, r.namer.speaker(subj))  # the cue opens the sentence
    return True


TOKEN_RULES = (_all_told, _thank_you, _according_to, _cue_noun, _passive_belief, _preposition_cue, _call_for,
               _not_a_cue, _without_saying, _asked_question, _as_clause, _trailing_reporter,
               _coordinated_attribution, _shown_to_someone, _strong_cue_object, _stance_cue, _relative_report,
               _clause_content, _parenthetical)
