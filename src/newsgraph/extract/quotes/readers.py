"""Readers of reported content, one per kind of cue: each finds what the cue attributes (a clause,
an object, an infinitive, a prepositional object, the rest of the sentence around 'according to')
and its source, and hands them to ``emit``."""
from __future__ import annotations

from spacy.tokens import Token

from newsgraph.extract.cues import REPORT, SPEECH, STRONG_FORMS
from newsgraph.extract.quotes.base import _Doc, _Span
from newsgraph.extract.quotes.clauses import _for_clause, _infinitive_end, _object_end, _span_chars
from newsgraph.extract.quotes.speaker import _Namer
from newsgraph.extract.quotes.words import ADDRESSEE_VERBS as _ADDRESSEE_VERBS
from newsgraph.extract.quotes.words import ANSWER_VERBS as _ANSWER_VERBS
from newsgraph.extract.quotes.words import CONTENT_PREPS as _CONTENT_PREPS
from newsgraph.extract.quotes.words import ISSUE_VERBS as _ISSUE_VERBS
from newsgraph.extract.quotes.words import PREP_LEXICON, STANCE
from newsgraph.extract.quotes.words import QUESTION_WORDS as _QUESTION_WORDS
from newsgraph.extract.speakers import subject_of
from newsgraph.record import Quote

_FINITE = {"VBD", "VBZ", "VBP", "MD"}


def _partial_in_object(d: _Doc, q: Quote, emit) -> None:
    """'He is stressing the need to protect civilians under “constant attack”': a partial quote inside
    the object of its cue verb; the object is the attributed content, with the quoted words in it
    (type mixed)."""
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


def _characterised_as(d: _Doc, qs: int, qe: int, namer: _Namer, emit, done: set[int]) -> None:
    """'Clinton went after Trump as “uniquely unfit”', 'hailed him as “The Comeback Kid”': a verb with
    an object characterised in quoted words after 'as' attributes them to the verb's subject,
    whatever the verb (``done``: verbs already given their content)."""
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
    if h.tag_.startswith("VB"):
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
    if clause is None:
        return
    if owner is None:
        # 'warnings from his attorney that …', 'a New York Times report that …', 'charges that …':
        # the source after 'from', the name before the noun, or none (the content still counts)
        frm = next((c for c in n.children if c.dep_ == "prep" and c.lower_ == "from" and c.i < clause.i), None)
        owner = next((c for c in frm.children if c.dep_ == "pobj"), None) if frm is not None else None
    if owner is None:
        owner = next((c for c in n.children if c.dep_ == "compound" and c.pos_ == "PROPN"), None)
    if owner is None:
        # 'Weaver says in a statement that …', 'the ministry issued a statement that …': the one who
        # says, issues or sends it
        x = n.head.head if n.dep_ == "pobj" and n.head.dep_ == "prep" else n.head if n.dep_ == "dobj" else None
        if x is not None and x.pos_ in ("VERB", "AUX") and (n.dep_ == "pobj" or x.lower_ in _ISSUE_VERBS):
            owner = subject_of(x)
    ca, cb = _span_chars(d, start, clause.right_edge.i + 1)
    emit(ca, cb, n, namer.speaker(owner) if owner is not None else None)


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
                         and not (c.lower_ == "to" and v.lower_ in SPEECH
                                  and SPEECH[v.lower_] not in _ANSWER_VERBS)), None)
            if prep is not None:
                pobj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
                if pobj is not None:
                    span = (pobj.left_edge.i, _object_end(v, prep.right_edge.i + 1))
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


def _points_back(obj: Token) -> bool:
    """'Alexey defiantly dismisses such defeatist talk and insists that …': an object that points back
    ('such …', 'these claims', 'that idea') names words said elsewhere, not what the subject says."""
    return any(c.dep_ in ("det", "predet", "amod") and c.lower_ in ("such", "these", "those", "this", "that")
               and c.i < obj.i for c in obj.children)


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
    else:
        b = _object_end(v, b)
    if b - a < 2 and kind == "o" and target.pos_ == "PRON":
        return
    if kind == "o" and _points_back(target):
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
    """'Two people were killed, according to the regional governor': the source after 'according
    to'; the content is the rest of its sentence (before it, after it, or both as two segments)."""
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
