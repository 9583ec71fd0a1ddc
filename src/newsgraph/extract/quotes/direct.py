"""Direct quotes: each quoted span of the original text (``marks``) with its cue and speaker.

Each span is read by two ordered tables of rules. ``CUE_RULES`` find its cue and speaker, in turn:
an attribution right after the quote (``“…,” he said``), the dependency path from the quote up to a
speech verb (``he said: “…”``), a lead-in ending with a colon or comma (``He added:`` then the
quote), a headline's surname (``Trump: ‘…’``), a dash signature (``“…” -Name``) and a transcript's
label (``"WALLACE: …``); some spans are no quotation at all (a stage direction, a title).
``LINK_RULES`` then relate it to the quote before it: a second act of attribution, pieces of one
interrupted quote (grouped as the setting quote_grouping says), a lead-in paragraph, the previous
quote's speaker, a continuation paragraph. A rule returns True when the span is done (dropped, or
joined to the quote before it as a segment).
"""
from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from newsgraph.extract.cues import SPEECH
from newsgraph.extract.quotes.base import (_ATTRIBUTION_THEN_CONJ, _WORD, _add_piece, _cue, _cue_ok, _Doc,
                                           _is_partial, _put_it, _QuoteIndex)
from newsgraph.extract.quotes.marks import Quoted
from newsgraph.extract.quotes.speaker import _Namer, _speaker_for_cue
from newsgraph.extract.quotes.words import EDITORIAL_LABELS as _EDITORIAL_LABELS
from newsgraph.extract.quotes.words import INTRODUCING as _INTRODUCING
from newsgraph.extract.quotes.words import TELL as _TELL
from newsgraph.extract.quotes.words import TITLE_SMALL as _TITLE_SMALL
from newsgraph.extract.speakers import subject_of
from newsgraph.record import Cue, Quote, Speaker

_TRANSCRIPT_LABEL = re.compile(r"([A-Z][A-Z.'\u2019-]+(?: [A-Z][A-Z.'\u2019-]+){0,2}):[ \t]+")
_NAME_PARTICLES = re.compile(r"(?:\s+(?:al|el|bin|ibn|abu|van|von|de|da|du|ul)-?[A-Z]?[\w'\u2019-]*)*")
_DASH_SIGNATURE = re.compile(r"\s*(?:-|\u2013|\u2014|\u2015)\s*([A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,3})")
_STAGE_DIRECTION = re.compile(r"\s*[(\[][^()\[\]]*[)\]][\s.,]*")
_TITLE_WORD = re.compile(r"[^\W\d_][\w'\u2019.-]*")
# what may follow a verb that introduces the next quotation ('To which she said, “…”')
_LEAD_IN_TAIL = re.compile(r"(?:\s+[\w'\u2019]+){0,3}\s*[,:]\s*")
# a second act of attribution: '…,” Trump said, adding later, “…”'
_SECOND_ACT_DEPS = ("advcl", "xcomp", "pcomp", "conj", "acl")
# the participle introduces the quote itself: at most two words ('later', 'her') and a comma or colon
_SECOND_ACT_GAP = re.compile(r"(?:\s+[\w'\u2019]+){0,2}\s*[,:]\s*")
_PERSONAL = frozenset({"he", "she", "they", "we", "i"})
# a short quotation with no attribution is a scare quote or a title, not a quote
MIN_UNATTRIBUTED_WORDS = 4


class _Run:
    """What the rules share over one article's quoted spans: the quote before (``prev``), where its
    paragraph starts, whether it holds pieces around its attribution (“A,” he said. “B.”), and the
    quotes whose speaker came from the paragraph before (``_lead_in_paragraph``)."""

    def __init__(self, d: _Doc, quoted: list[Quoted], namer: _Namer, grouping: str = "interrupted"):
        self.d, self.doc, self.text, self.quoted, self.namer = d, d.doc, d.text, quoted, namer
        # how pieces by one speaker become records (the setting quote_grouping): split | interrupted |
        # attribution (newsgraph.settings)
        self.grouping = grouping
        self.in_quote = _QuoteIndex(quoted)
        self.prev: Quote | None = None
        self.prev_para = -1
        self.split_by_attribution = False
        self.from_lead_in: set[int] = set()


class _Piece:
    """One quoted span being read: its words [cs, ce) and tokens [ts, te), its paragraph, where the
    next quote opens, and what the rules found (cue token, speaker, a colon or label cue)."""

    def __init__(self, run: _Run, n: int, q: Quoted):
        text, d = run.text, run.d
        self.n, self.q, self.cs, self.ce = n, q, q.start, q.end
        # a quoted transcript paragraph ('"WALLACE: Let's start …'): the label names the speaker and
        # is not part of the words
        self.label = _TRANSCRIPT_LABEL.match(text, self.cs, self.ce)
        if self.label:
            self.cs = self.label.end()
        self.ts = d.tok_at(self.cs)
        self.te = d.tok_at(self.ce - 1) + 1 if self.ce > self.cs else self.ts
        self.para_start = text.rfind("\n", 0, q.open) + 1
        para_end = text.find("\n", self.ce)
        self.para_end = len(text) if para_end < 0 else para_end
        self.nxt_open = run.quoted[n + 1].open if n + 1 < len(run.quoted) else len(text)
        self.cue_tok: Token | None = None
        self.speaker: Speaker | None = None
        self.label_cue: Cue | None = None
        self.partial = False
        self.quote: Quote | None = None


# -- CUE_RULES: the span's cue and speaker ----------------------------------------------------------

def _markup_attribute(run: _Run, p: _Piece) -> bool:
    """'<tweet id="12345">': a quoted value after '=' is a markup attribute left in the text, not a
    quotation.
    Example: Zelensky posted: ¶ <blockquote cite="We will defend our land until the very end, whatever it
    costs us">"""
    return p.q.open > 0 and run.text[p.q.open - 1] == "="


def _attribution_after(run: _Run, p: _Piece) -> bool:
    """'“We will not give up,” Zelensky said on Monday.': a speech verb right after the closing mark,
    up to the next quote or the sentence end (further away when the quote ends with a comma or the
    attribution starts in lower case). 'To which she said, “…”' after a closed quote is the next
    quote's lead-in, not this one's attribution.
    Example: “We will not give up.” Zelensky said that on Monday in Kyiv."""
    doc, text, q, in_quote = run.doc, run.text, p.q, run.in_quote
    if not (q.closed and p.te < len(doc)):
        return False
    # past the whole closing mark: a two-character one ('' of NYT style) is a token of its own, which
    # the parser may end the sentence with ('…?'' he told me.')
    w0 = run.d.tok_at(p.ce + (2 if text.startswith("''", p.ce) else 1))
    stop = min(p.nxt_open, p.para_end)
    if not (w0 < len(doc) and doc[w0].idx < stop):
        return False
    sent_end = doc[w0].sent.end
    ended = text[p.cs:p.ce].rstrip()[-1:] in (",", "?", "!", "-", "\u2014", "\u2013", ":")
    first = doc[w0]
    attached = ended or first.is_lower or first.text in (",", "-", "\u2014", "\u2013")
    if not attached and (_introduced_before(run, p) or _inside_sentence(run, p)):
        # 'the campaign said in a statement: “A.” The campaign did not elaborate.', 'the dangers of a
        # “rigged economy.” Ben Carson struggled to answer …': the next sentence is no attribution
        return False
    j = w0
    limit = 14 if attached else 6
    while j < sent_end and j < len(doc) and doc[j].idx < stop and j - w0 < limit:
        t = doc[j]
        if _cue_ok(t, at_quote=attached and j - w0 <= 3) and not in_quote(t.idx):
            if attached or not any(c.dep_ in ("ccomp", "neg") and not in_quote(c.idx) for c in t.children) \
                    and not _LEAD_IN_TAIL.fullmatch(text, t.idx + len(t), p.nxt_open):
                p.cue_tok = t
            break
        j += 1
    return False


def _introduced_before(run: _Run, p: _Piece) -> bool:
    """The quotation has a lead-in of its own in its paragraph: a colon ('said in a statement: “…”') or a
    speech verb just before a comma ('But, Mr. Hannity said, “…”')."""
    text = run.text
    k = _lead_in_end(text, p.q.open)
    if k < p.para_start or text[k] not in ":,":
        return False
    if text[k] == ":":
        return True
    j = run.d.tok_at(k)
    return any(_cue_ok(run.doc[i], at_quote=True) for i in range(max(0, j - 3), j))


def _inside_sentence(run: _Run, p: _Piece) -> bool:
    """The quoted words are a fragment of the writer's sentence that ends the sentence ('the dangers of
    a “rigged economy.”'): what follows is the writer's next sentence."""
    if run.text[p.cs:p.ce].rstrip()[-1:] not in (".", "!", "?"):
        return False
    k = _lead_in_end(run.text, p.q.open)
    prevc = run.text[k] if k >= p.para_start else "\n"
    return _is_partial(prevc, next((c for c in run.text[p.cs:p.ce] if c.isalpha()), ""))


def _stage_direction(run: _Run, p: _Piece) -> bool:
    """'"(CROSSTALK.)', '“[applause]”': a transcript's stage direction, not words said.
    Example: Donald Trump spoke in Ohio. ¶ “We will win this election,” Trump said. ¶ “(Applause from the
    crowd in the hall.)”"""
    return bool(_STAGE_DIRECTION.fullmatch(run.text, p.cs, p.ce))


def _title(run: _Run, p: _Piece) -> bool:
    """'She appeared on “Good Morning America” to promote the book.': a short quoted stretch whose
    every content word is capitalised is a name or title, not words said (unless a cue right after
    it has no clause of its own).
    Example: Maria Ivanova wrote “The Long Night Of The Siege” in 2023."""
    return _title_like(run.text[p.cs:p.ce]) and (p.cue_tok is None or any(
        c.dep_ == "ccomp" and not run.in_quote(c.idx) for c in p.cue_tok.children))


def _cue_up_the_parse(run: _Run, p: _Piece) -> bool:
    """'He said the mood was one of “excitement”.': the nearest speech verb up the dependency path from
    the quoted words, within the quote's paragraph, after the previous quote and before the next.
    Example: Zelensky vowed “we will never surrender our land” in his address."""
    if p.cue_tok is None:
        lo = p.para_start if p.n == 0 else max(p.para_start, run.quoted[p.n - 1].close)
        p.cue_tok = _governing_cue(run.doc, p.ts, p.te, run.in_quote, lo, min(p.nxt_open, p.para_end))
    return False


def _lead_in_end(text: str, open_: int) -> int:
    """Index of the last character before the opening mark, spaces and line breaks skipped."""
    k = open_ - 1
    while k >= 0 and text[k] in " \t\n":
        k -= 1
    return k


def _lead_in(run: _Run, p: _Piece) -> bool:
    """'He added:' ¶ '“We are ready.”', 'As Rosenthal put it, “…”': a lead-in ending with a colon (same
    or previous paragraph) or a comma, with a speech verb in its last 15 tokens; with no verb, a
    colon lead-in naming a person is theirs ('Olha Kravchenko, a volunteer in Kherson: “…”').
    Examples: Colonel Ivan Petrenko spoke to reporters on Monday. The commander added: ¶ “We are ready for
    whatever comes next.” / Olha Kravchenko, a volunteer in Kherson: ¶ “We have had no water for three days
    now.”"""
    if p.cue_tok is not None:
        return False
    doc, text, namer = run.doc, run.text, run.namer
    k = _lead_in_end(text, p.q.open)
    if not (k >= 0 and text[k] in ":,"):
        return False
    colon_person = None
    j = run.d.tok_at(k)
    for jj in range(j - 1, max(0, j - 15) - 1, -1):
        t = doc[jj]
        if run.in_quote(t.idx) or t.text == "\n":
            break
        if _cue_ok(t, at_quote=j - jj <= 2) or _put_it(t):
            p.cue_tok = t
            return False
        if text[k] == ":" and jj in namer.coref.tok_ent \
                and namer.entities[namer.coref.tok_ent[jj]].type == "PERSON":
            colon_person = t  # the leftmost name wins
    if colon_person is not None and any(doc[i].pos_ == "VERB" for i in range(colon_person.i + 1, j)):
        colon_person = None  # 'X did not like Cruz, but he gave him a compliment:': the verb's subject speaks
    if colon_person is not None:
        ent, last = namer.coref.tok_ent[colon_person.i], colon_person.i
        while namer.coref.tok_ent.get(last + 1) == ent:
            last += 1  # the name's head word, so the mention is the whole name
        p.speaker, p.label_cue = namer.speaker(doc[last]), Cue(k, k + 1, ":")
    return False


def _said_sentence_before(run: _Run, p: _Piece) -> bool:
    """'Senator Ann Rowe said in a statement. “There are no ballots to recount.”': a sentence of the
    quote's paragraph that ends right before the opening mark, with a speech verb and its subject and
    nothing said in it (no clause or object of its own but an audience: 'told reporters'), introduces
    the quotation after it.
    Example: The count was delayed for a second day. Senator Ann Rowe said in a statement. “There are no
    paper ballots to recount, and the result will stand.”"""
    if p.cue_tok is not None or p.speaker is not None:
        return False
    text, doc = run.text, run.doc
    k = _lead_in_end(text, p.q.open)
    if k < p.para_start or text[k] != ".":
        return False
    sent = doc[run.d.tok_at(k)].sent
    v = sent.root
    if sent.start_char < p.para_start or v.pos_ != "VERB" or not _cue_ok(v) \
            or any(run.in_quote(t.idx) or t.is_quote for t in sent):
        return False
    for c in v.children:
        if c.dep_ in ("ccomp", "xcomp", "csubj", "oprd", "attr") \
                or c.dep_ == "dobj" and not (v.lower_ in _TELL and c.pos_ in ("PRON", "PROPN", "NOUN")):
            return False
    if _speaker_for_cue(v, run.namer, run.in_quote) is not None:
        p.cue_tok = v
    return False


def _headline_surname(run: _Run, p: _Piece) -> bool:
    """'Trump: ‘I’m the worst thing that’s ever happened to ISIS’' (a headline): a lone surname before
    the colon, at the line's start, is the person named in full in the article (when the entity pass
    did not link the headline's word itself; else ``_lead_in`` has its speaker).
    Example: Trump: ‘I’m the worst thing that’s ever happened to ISIS’ ¶ Donald Trump spoke in Ohio on Monday."""
    if p.cue_tok is not None or p.speaker is not None:
        return False
    doc, text = run.doc, run.text
    k = _lead_in_end(text, p.q.open)
    if not (k >= 0 and text[k] == ":"):
        return False
    j = run.d.tok_at(k)
    if j > 0 and doc[j - 1].pos_ in ("PROPN", "NOUN") and doc[j - 1].is_title \
            and not text[p.para_start:doc[j - 1].idx].strip():
        sp = run.namer.surname(doc[j - 1])
        if any(e.id == sp.entity and e.type == "PERSON" for e in run.namer.entities):
            p.speaker, p.label_cue = sp, Cue(k, k + 1, ":")
    return False


def _speaker_of_cue(run: _Run, p: _Piece) -> bool:
    """'“…,” the governor told reporters.': the cue's subject (outside the quoted words) is the speaker.
    Example: “We will not give up.” Zelensky said that on Monday in Kyiv."""
    if p.cue_tok is not None:
        p.speaker = _speaker_for_cue(p.cue_tok, run.namer, run.in_quote)
    return False


def _colon_sentence_subject(run: _Run, p: _Piece) -> bool:
    """'He returned to his familiar lines: “…”', 'President Clinton released the following statement:
    ¶ “…”': a sentence ending with a colon right before the quotation (same or previous paragraph),
    with no speaker found yet, is its subject's lead-in when that subject names someone (a name, an
    organisation or a personal pronoun; not a passive's subject, who is spoken to).
    Example: Back on American soil, Donald Trump returned to his familiar lines: “There will be no amnesty
    for anyone who crossed illegally.”"""
    if p.speaker is not None:
        return False
    text, doc = run.text, run.doc
    k = _lead_in_end(text, p.q.open)
    if k < 0 or text[k] != ":" or run.in_quote(k) or "\n\n\n" in text[k:p.q.open]:
        return False
    j = run.d.tok_at(k)
    lo = max(doc[j].sent.start, run.d.tok_at(text.rfind("\n", 0, k) + 1))  # the parser may run paragraphs together
    if any(run.in_quote(t.idx) for t in doc[lo:j]):
        return False
    v, subj = doc[j - 1] if j > lo else None, None
    for _ in range(8):  # up from the word before the colon to a verb whose subject names someone
        if v is None or v.i >= j or v.i < lo:
            return False
        subj = next((c for c in v.children if c.dep_ == "nsubj" and c.i < j), None)
        if subj is not None and v.pos_ in ("VERB", "AUX") and not run.in_quote(subj.idx) and (
                subj.pos_ == "PROPN" or subj.lower_ in _PERSONAL or subj.ent_type_ in ("PERSON", "ORG", "NORP")):
            break
        v = None if v.head is v else v.head
    else:
        return False
    p.speaker = run.namer.speaker(subj)
    if p.cue_tok is None:
        p.label_cue = Cue(k, k + 1, ":")
    return False


def _dash_signature(run: _Run, p: _Piece) -> bool:
    """'“We will rebuild.” - Vitali Klitschko': a name after a dash under the quote is its speaker, on
    the quote's line or, for an embedded post, on the line under it ('— Salma al-Ghariani
    (@SalmaGhariani) December 2, 2025').
    Example: “We will rebuild every house in this city.” - Vitali Klitschko"""
    text = run.text
    if p.speaker is None and p.q.closed:
        m = _DASH_SIGNATURE.match(text, p.ce + 1, p.para_end)
        if m is None and not text[p.ce + 1:p.para_end].strip():
            # an embedded post: the signature on the line under the quote ('— Name (@handle) date')
            nxt = text.find("\n", p.para_end + 1)
            m = _DASH_SIGNATURE.match(text, p.para_end, len(text) if nxt < 0 else nxt)
            tail = _NAME_PARTICLES.match(text, m.end(1)) if m is not None else None
            if m is not None and text[(tail.end() if tail else m.end(1)):][:3].strip()[:1] not in ("", "("):
                m = None  # a signature line holds the name, then a handle or nothing
        if m:
            b = m.end(1)
            tail = _NAME_PARTICLES.match(text, b)
            if tail and tail.end() > b:
                b = tail.end()  # 'Salma al-Ghariani': a particle the capitalised words stop at
            while b > m.start(1) + 2 and text[b - 1] == "." and text[b - 3] != " ":
                b -= 1  # a full stop, not an initial
            p.speaker = run.namer.signature(m.start(1), b)
    return False


def _transcript_label(run: _Run, p: _Piece) -> bool:
    """'"WALLACE: Let's start with the economy.': a transcript's label names the speaker; its colon is
    the cue.
    Example: "WALLACE: Let us start with the economy, which is the issue voters care about most." """
    if p.label and p.speaker is None:
        p.speaker = run.namer.signature(p.label.start(1), p.label.end(1))
        colon = p.label.end(1)
        p.cue_tok = None
        p.label_cue = Cue(colon, colon + 1, ":")
    return False


CUE_RULES = (_markup_attribute, _attribution_after, _stage_direction, _title, _cue_up_the_parse, _lead_in,
             _said_sentence_before, _headline_surname, _speaker_of_cue, _colon_sentence_subject, _dash_signature, _transcript_label)


# -- LINK_RULES: the span and the quote before it ----------------------------------------------------

def _second_attribution(run: _Run, p: _Piece) -> bool:
    """'“A,” Trump said, adding later, “B”': the words after a second reporting verb are a second act
    of attribution (as PolNeAR annotates them: train 12 kept apart, 4 joined), by the same speaker.
    Example: Donald Trump spoke at a rally in Ohio. ¶ “We cannot afford this any more,” Trump said, adding
    later, “NATO is costing us a fortune, and we are paying for all of it.”"""
    prev = run.prev
    act = _second_act(run.doc, run.d, prev, p.q.open) if prev is not None else None
    if act is not None:
        p.cue_tok, p.quote.cue = act, _cue(act)
        p.quote.speaker = p.speaker = p.speaker or prev.speaker
    return False


def _pieces_on_one_verb(run: _Run, p: _Piece) -> bool:
    """'“We are ready,” he told the host, “and we will win.”': both pieces hang on the same verb
    between them; one quote with two segments (unless GROUPING is 'split').
    Example: “We are ready,” Zelensky told the host, “and we will defend every village.”"""
    prev, quote = run.prev, p.quote
    if run.grouping != "split" and prev is not None and p.cue_tok is not None and prev.cue is not None \
            and prev.cue.start == p.cue_tok.idx and run.prev_para == p.para_start \
            and prev.end < prev.cue.start < p.q.open and prev.type == quote.type == "direct":
        _add_piece(prev, run.text, p.cs, p.ce)
        run.split_by_attribution = True
        return True
    return False


def _goes_on_after_conjunction(run: _Run, p: _Piece) -> bool:
    """'“It was a mistake,” he said, but “when it comes to the border, we were right.”': the quotation
    goes on after its attribution, with the writer's conjunction (one quote, mixed: the 'but' is
    the writer's; GROUPING 'interrupted' only).
    Example: “It was a mistake,” Zelensky said, but “when it comes to the border, we were right.”"""
    prev = run.prev
    if run.grouping == "interrupted" and p.partial and prev is not None and prev.speaker is not None \
            and (p.speaker is None or p.cue_tok is not None and prev.cue is not None
                 and p.cue_tok.idx == prev.cue.start) \
            and prev.type == "direct" and run.prev_para == p.para_start \
            and prev.cue is not None and prev.end < prev.cue.start < p.q.open \
            and _ATTRIBUTION_THEN_CONJ.fullmatch(run.text, prev.cue.end, p.q.open):
        _add_piece(prev, run.text, p.cs, p.ce)
        prev.type = "mixed"
        run.split_by_attribution = True
        return True
    return False


def _lead_in_paragraph(run: _Run, p: _Piece) -> bool:
    """'A community leader in the town described the situation to EFE by telephone.' ¶ '“…”': a quote
    paragraph after a paragraph that ends introducing a new source is that source's, not the last
    quote's speaker's.
    Example: Residents fled the town last week. ¶ A community leader in the town described the situation to
    EFE by telephone. ¶ “The water has been cut off for three days and people are afraid.”"""
    prev, q, text = run.prev, p.q, run.text
    if p.speaker is None and not q.continues \
            and not text[p.para_start:q.open].strip() and (prev is None or prev.end < p.para_start):
        intro = _introducing_sentence(run.d, p.para_start, run.in_quote)
        if intro is not None:
            p.quote.speaker, p.quote.cue = _speaker_for_cue(intro, run.namer, run.in_quote), _cue(intro)
            p.speaker = p.quote.speaker
            run.from_lead_in.add(id(p.quote))
    return False


def _narration_between(run: _Run, p: _Piece) -> bool:
    """'“A,” Tom said, pointing to his ears. Betsy shook her head. “B.”': a whole sentence of the writer's
    own, with a named subject, between the attribution and the next quotation in the paragraph is not
    part of the interrupted quote: the quotation is its own, and that sentence's subject is its speaker
    (PolNeAR train keeps the pieces apart, and the speaker is the one just named; an attribution
    followed by an apposition only, '“A,” said X, a lawyer in Orlando. “B.”', is still one quote).
    Example: “It goes in one ear and out the other,” Tom Hale said, pointing to his ears. Olena Hale shook
    her head. “Tom is much calmer about it than I am.”"""
    prev, q, quote = run.prev, p.q, p.quote
    if p.speaker is not None or prev is None or prev.speaker is None or prev.cue is None or p.partial \
            or run.prev_para != p.para_start or not prev.end < prev.cue.start < q.open:
        return False
    d, doc = run.d, run.doc
    cue_sent = doc[d.tok_at(prev.cue.start)].sent
    t = d.tok_at(q.open)
    if not (cue_sent.end_char <= q.open and cue_sent.end < len(doc) and t < len(doc)):
        return False
    between = doc[cue_sent.end].sent
    if between.start_char < cue_sent.end_char or between.end_char > q.open + 1 or run.in_quote(between.start_char):
        return False
    root = between.root
    subj = next((c for c in root.children if c.dep_ == "nsubj"), None)
    if root.pos_ not in ("VERB", "AUX") or subj is None or subj.pos_ != "PROPN" or run.in_quote(subj.idx):
        return False
    quote.speaker = p.speaker = run.namer.speaker(subj)
    return False


def _previous_speaker(run: _Run, p: _Piece) -> bool:
    """'“We held the line,” the commander said. “Then the drones came.”': a quote with no cue of its
    own in the same paragraph, a continuation, or a quote paragraph shortly after, is the previous
    quote's speaker's. Interrupted pieces and continuations join that quote as segments (as
    GROUPING says); a partial quote inside the writer's sentence inherits nothing.
    Example: “We held the line,” the commander said. “Then the drones came and we had to pull back.”"""
    prev, q, text, quote = run.prev, p.q, run.text, p.quote
    if p.speaker is not None or prev is None or prev.speaker is None or p.partial:
        return False
    same_para = run.prev_para == p.para_start
    opens_para = not text[p.para_start:q.open].strip()
    if not (q.continues or same_para or (opens_para and q.open - prev.end < 1500)):
        return False
    prev_para_end = text.find("\n", prev.end)
    adjacent = prev_para_end >= 0 and not text[prev_para_end:p.para_start].strip()
    interrupted = same_para and prev.cue is not None and prev.end < prev.cue.start < q.open
    if run.grouping == "attribution":
        merge = same_para or q.continues or (opens_para and adjacent)
    else:
        # a quote left open at a paragraph end that continues in the next paragraph is one quote, unless
        # it is already split by its attribution (the seed article's gold keeps “A,” he said. “B… ¶ “C…”
        # as three quotes; PolNeAR joins, 35 of 37 in train)
        merge = run.grouping == "interrupted" and (interrupted or (
            q.continues and not run.split_by_attribution))
    if merge and prev.type == quote.type == "direct":
        _add_piece(prev, text, p.cs, p.ce)
        run.split_by_attribution = run.split_by_attribution or interrupted
        return True
    quote.speaker, quote.cue = prev.speaker, prev.cue
    return False


def _unattributed_short(run: _Run, p: _Piece) -> bool:
    """'Officials called it a “special operation”.': a short quotation with no attribution (under
    MIN_UNATTRIBUTED_WORDS words, or 8 inside a sentence) is a scare quote or a title, not a quote.
    Example: The so-called “special military operation” began in February."""
    quote = p.quote
    if quote.speaker is None and quote.cue is None:
        words = len(_WORD.findall(quote.text))
        whole = not run.text[p.para_start:p.q.open].strip()
        return words < MIN_UNATTRIBUTED_WORDS or (not whole and words < 8)
    return False


def _continuation_attribution(run: _Run, p: _Piece) -> bool:
    """'“The first paragraph of an open quote …' ¶ '“… and its end,” she said.': an unclosed quote
    whose continuation paragraph carries the attribution takes it (a speaker the paragraph before
    suggested yields to it); the continuation joins it (GROUPING 'interrupted').
    Example: “The first months were the hardest for all of us in the village. ¶ “Now we have learned to live
    with the sirens,” Olena Shevchenko said."""
    prev, quote = run.prev, p.quote
    if prev is not None and (prev.speaker is None or id(prev) in run.from_lead_in) and p.q.continues \
            and quote.speaker is not None and prev.end <= p.q.open:
        prev.speaker, prev.cue = quote.speaker, quote.cue
        if run.grouping == "interrupted" and not run.split_by_attribution \
                and prev.type == quote.type == "direct":
            _add_piece(prev, run.text, p.cs, p.ce)
            return True
    return False


LINK_RULES = (_second_attribution, _pieces_on_one_verb, _goes_on_after_conjunction, _lead_in_paragraph,
              _narration_between, _previous_speaker, _unattributed_short, _continuation_attribution)


def _typed_quote(run: _Run, p: _Piece) -> Quote:
    """The quote of a span, typed 'mixed' when it is a fragment inside the writer's sentence ('was one
    of “excitement”': after a word, or lower case after anything but a colon, comma or sentence end)."""
    text, q = run.text, p.q
    k = q.open - 1
    while k >= p.para_start and text[k] in " \t":
        k -= 1
    prevc = text[k] if k >= p.para_start else "\n"
    first = next((c for c in text[p.cs:p.ce] if c.isalpha()), "")
    p.partial = _is_partial(prevc, first)
    return Quote(start=p.cs, end=p.ce, text=text[p.cs:p.ce], type="mixed" if p.partial else "direct",
                 speaker=p.speaker, cue=_cue(p.cue_tok) if p.cue_tok is not None else p.label_cue)


def _direct_quotes(d: _Doc, quoted: list[Quoted], namer: _Namer, grouping: str = "interrupted") -> list[Quote | None]:
    """One entry per quoted span, in order: its Quote, or None when the span is no quote of its own
    (dropped, or joined to the quote before it); pieces grouped as ``grouping`` says."""
    run = _Run(d, quoted, namer, grouping)
    out: list[Quote | None] = []
    for n, q in enumerate(quoted):
        p = _Piece(run, n, q)
        if any(rule(run, p) for rule in CUE_RULES):
            out.append(None)
            continue
        p.quote = _typed_quote(run, p)
        if any(rule(run, p) for rule in LINK_RULES):
            out.append(None)
            continue
        out.append(p.quote)
        run.prev, run.prev_para = p.quote, p.para_start
        run.split_by_attribution = False
    return out


# -- helpers ----------------------------------------------------------------------------------------

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


def _title_like(s: str) -> bool:
    """A short quoted stretch whose every content word is capitalised: a show, film, book or nickname."""
    s = s.strip().rstrip(",.")
    if not s or len(s) > 60 or any(c in s for c in "!?:;\n") or ". " in s or not s[0].isupper():
        return False
    words = _TITLE_WORD.findall(s)
    if not words or len(words) > 8 or words[0].lower() == "i":
        return False
    return all(w[0].isupper() for w in words if w.lower() not in _TITLE_SMALL)


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


_COLON_LINE = re.compile(r"(?m)^[ \t]*([A-Z][\w.'\u2019-]*(?:[ \t]+[A-Z][\w.'\u2019-]*){0,3})[ \t]*:[ \t]+(\S[^\n]*)")


def _colon_lines(d: _Doc, direct: list[Quote | None], namer: _Namer,
                 reported: list[Quote] = ()) -> list[Quote]:
    """'Pence: Flowers won't be at the debate' (headlines) and 'WALLACE: …' (transcripts). An upper-case
    label before a line that carries its own attribution is a dateline: 'KABUL: An Afghan official
    says Taliban fighters have attacked …' is not Kabul speaking."""
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
        if name.isupper() and any(q.start < b and a < q.end for q in reported):
            continue  # a dateline ('ISLAMABAD: Federal Minister … has said that …')
        colon = text.index(":", m.end(1))
        speaker = namer.signature(m.start(1), m.end(1)) if name.isupper() else namer.speaker(head)
        # typed by the quotation marks, as everywhere: an unquoted transcript line is 'indirect' too
        out.append(Quote(start=a, end=b, text=text[a:b], type="indirect", speaker=speaker,
                         cue=Cue(colon, colon + 1, ":")))
    return out
