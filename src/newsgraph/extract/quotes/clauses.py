"""Where a reported content starts and ends: the token span of a clause, object or infinitive a cue
governs, trimmed of what is the writer's (a link word, a dateline, a time, an aside, the source's
next act) and carried on to the end of quoted words it runs into."""
from __future__ import annotations

import bisect
import re

from spacy.tokens import Token

from newsgraph.extract.cues import SPEECH, STRONG_FORMS
from newsgraph.extract.quotes.base import _Doc, _is_partial, FormIndex, reads
from newsgraph.extract.quotes.marks import Quoted
from newsgraph.extract.quotes.words import COMMENT_NOUNS as _COMMENT_NOUNS
from newsgraph.extract.quotes.words import OCCASION_PREPS as _OCCASION_PREPS
from newsgraph.extract.quotes.words import TIME_WORDS as _TIME_WORDS


# -- where a content ends early: rules tried at each token i of tokens [a, b), in order; the first
#    that answers gives the new end ------------------------------------------------------------

@reads({"which", "who"})
def _end_at_aside(doc, i: int, a: int, b: int) -> int | None:
    """'The ministry said the convoy was hit near Kharkiv, which the army denied.': a non-restrictive
    relative clause after the content (', which …', ', who …') is the writer's aside."""
    t = doc[i]
    if t.lower_ in ("which", "who") and doc[i - 1].text == "," and t.head.dep_ == "relcl" \
            and t.head.right_edge.i >= b - 2 and t.head.head.i >= a:
        return i - 1
    return None


@reads(SPEECH, STRONG_FORMS)
def _end_at_next_act(doc, i: int, a: int, b: int) -> int | None:
    """'She promised to back Clinton and said she would campaign for her.': a speech verb coordinated
    inside the content, with no subject and another form than the verb it is hung on, is the
    source's next act.
    Example: A senior official warned that rival factions were arming supporters in the north, and called on
    the government to act quickly."""
    t = doc[i]
    if t.dep_ == "conj" and doc[i - 1].dep_ == "cc" and a <= t.head.i < i and i - 1 > a \
            and (t.lower_ in SPEECH or t.lower_ in STRONG_FORMS) and t.tag_.startswith("VB") \
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children) and t.tag_ != t.head.tag_:
        return i - 1
    return None


@reads({"a", "an"})
def _end_at_comment(doc, i: int, a: int, b: int) -> int | None:
    """'Moscow said it had downed 40 drones, a claim Kyiv denied.': ', a claim …' after the content is
    the writer's comment on it (words.tsv: comment_nouns).
    Example: The ministry said the strike hit a military target, a claim that residents deny."""
    t = doc[i]
    if (doc[i - 1].text == "," or doc[i - 1].is_quote and doc[i - 2].text == ",") and t.lower_ in ("a", "an") \
            and t.head.lower_ in _COMMENT_NOUNS \
            and t.head.dep_ in ("appos", "npadvmod", "dobj", "attr", "conj"):
        return i - 1
    return None


@reads(SPEECH, STRONG_FORMS)
def _end_at_speech_participle(doc, i: int, a: int, b: int) -> int | None:
    """'He said the talks had failed, arguing that Moscow wanted more.': '…, saying / arguing /
    noting …' is the source's next act, not this content."""
    t = doc[i]
    if doc[i - 1].text == "," and t.lower_.endswith("ing") \
            and (t.lower_ in SPEECH or t.lower_ in STRONG_FORMS) and t.lower_ != "including":
        return i - 1
    return None


_OTHER_SIDE = frozenset({"but", "while", "whereas", "though", "although"})


@reads(_OTHER_SIDE)
def _end_at_other_source(doc, i: int, a: int, b: int) -> int | None:
    """'A militia leader said six people had died but a survivor said up to 19 were killed.': a
    contrast whose own subject speaks (or confirms, disputes, claims) is another source's word on the
    matter, not this content.
    Example: A local militia leader said six people had died but a survivor said up to 19 were killed."""
    if doc[i].lower_ not in _OTHER_SIDE or i - 1 <= a:
        return None
    for j in range(i + 1, min(b, i + 14)):
        t = doc[j]
        if not (t.tag_.startswith("VB") and t.lower_ in SPEECH):
            continue
        heads = {t.i} | {x.i for x in t.ancestors if x.i > i}
        if any(doc[c].dep_ in ("nsubj", "nsubjpass") and doc[c].head.i in heads for c in range(i + 1, j)):
            k = i
            while k > a and doc[k - 1].is_punct:
                k -= 1
            return k
    return None


def another_source_speaks(c: Token) -> bool:
    """'A local official said six had died but a resident said the toll was higher': the parser may
    make the second 'said' a complement of the first; after a contrast word and with a subject of its
    own, it is another source's attribution, not the first one's content."""
    doc = c.doc
    k = c.left_edge.i
    return c.lower_ in SPEECH and any(x.dep_ in ("nsubj", "nsubjpass") for x in c.children) \
        and k > 0 and doc[k - 1].lower_ in _OTHER_SIDE


CONTENT_ENDS = (_end_at_aside, _end_at_next_act, _end_at_comment, _end_at_speech_participle, _end_at_other_source)


_ENDS_BY_FORM = FormIndex()


def _early_end(doc, a: int, b: int) -> int:
    """The end CONTENT_ENDS give tokens [a, b): the first answer of the first token that has one."""
    table, index = CONTENT_ENDS, _ENDS_BY_FORM
    for i in range(a + 1, b):
        for rule in index.rules(table, doc[i].lower_):
            end = rule(doc, i, a, b)
            if end is not None:
                return end
    return b


def _span_chars(d: _Doc, a: int, b: int) -> tuple[int, int]:
    """Char span of tokens [a, b), without edge punctuation and spaces, nor what CONTENT_ENDS cuts
    off (an aside, a comment, the source's next act), nor a leading link word, dateline or time."""
    doc = d.doc
    b = _early_end(doc, a, b)
    while a < b and (doc[a].is_punct and doc[a].text not in ('"', "'") or doc[a].is_space):
        a += 1
    m = _LEADING_LINK.match(d.text, doc[a].idx) if a < b else None
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


_LEADING_LINK = re.compile(
    r"(?:(?:however|meanwhile|moreover|furthermore|still|indeed|instead|nonetheless|nevertheless|in addition|"
    r"in fact|as it stands|of course|at the same time|in other words|by contrast|in contrast),\s+"
    r"|(?-i:[A-Z][A-Z.]+(?:[ ,]+[A-Z][A-Z.]+)*)(?:\s*\([^)]{1,30}\))?\s*[-\u2013\u2014\u2015]+\s+)", re.I)


_LEADING_TIME = re.compile(
    r"(?:(?:on|last|this|earlier|late|early)\s+)?"
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|week|month|year)"
    r"(?:\s+(?:morning|afternoon|evening|night))?,?\s+(?=[\w\"\u201c])")


def _after_lead_prep(c: Token) -> int | None:
    """'said after the convention he would not accept …': the parser hangs the prepositional phrase
    on the reported clause; the token where the clause proper starts (its subject), or None."""
    first = c.doc[c.left_edge.i]
    subj = next((x for x in c.children if x.dep_ == "nsubj"), None)
    if subj is None or first.dep_ != "prep" or first.head.i != c.i or first.right_edge.i >= subj.left_edge.i:
        return None
    return subj.left_edge.i


def _split_comps(comps: list[Token]) -> list[tuple[Token, int | None]]:
    """The complement clauses of one verb, each with the token end it runs to when a subjectless
    complement right after it continues it (None: its own end). 'said the reactors were in cold
    shutdown and diesel generators were supplying power': the parser hung 'diesel generators' on
    'shutdown' and made 'were supplying power' a second complement with no subject."""
    out: list[tuple[Token, int | None]] = []
    for c in sorted(comps, key=lambda x: x.i):
        if out and c.dep_ == "ccomp" \
                and not any(x.dep_ in ("nsubj", "nsubjpass", "expl", "mark") for x in c.children):
            prev, upto = out[-1]
            if (upto if upto is not None else prev.right_edge.i + 1) == c.left_edge.i:
                out[-1] = (prev, c.right_edge.i + 1)
                continue
        out.append((c, None))
    return out


def _clause_parts(c: Token) -> list[tuple[int, int]]:
    """Token spans of a complement clause. "explained A and that his emotion was one of “excitement”":
    a coordinated 'and that …' clause framing quoted words is a second content (a parallel "said that
    X and that Y" without quoted words stays one; PolNeAR train: 195 contents hold 'and that', 2
    split). "said he would order a review and warned …": a speech verb of the cue's form coordinated
    with the clause is the speaker's next act and ends it ("says he spoke to X and asked him to …",
    another form, continues it)."""
    doc = c.doc
    a, b = c.left_edge.i, c.right_edge.i + 1
    cuts = []
    for i in range(a + 1, b):
        t = doc[i]
        if t.lower_ == "that" and t.dep_ == "mark" and t.head.dep_ == "conj" \
                and t.head.left_edge.i == i and doc[a].lower_ != "that" \
                and any(x.is_quote for x in doc[i:t.head.right_edge.i + 1]):
            cuts.append(i)
        elif t.dep_ == "conj" and t.head.i == c.i and t.lower_ in SPEECH and not any(
                x.dep_ == "nsubj" for x in t.children) and t.tag_ == c.head.tag_:
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


def _trailing_source(doc, v: Token, comp: Token) -> tuple[Token, int] | None:
    """'… near Kupiansk and Petropavlivka, the General Staff reported': when the parser gives a
    trailing reporting verb a second subject inside the clause, the source is the noun phrase between
    the last comma and the verb. Its head and the index of the comma before it."""
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


# what completes a cue's object, hung on the verb by the parser: 'called him a liar', 'referred to X as
# Y', 'blamed X for Y', 'proposed $1 billion to help states …'
OBJECT_TAIL_DEPS = ("oprd", "prep", "advmod", "npadvmod")


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
        infinitive = c.dep_ in ("xcomp", "advcl") and c.left_edge.lower_ == "to" \
            and c.left_edge.dep_ == "aux"
        if c.dep_ not in OBJECT_TAIL_DEPS and not infinitive:
            break
        if _time_like(c) or c.dep_ == "prep" and c.lower_ in _OCCASION_PREPS:
            break
        end = c.right_edge.i + 1
    return end


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
    if target.tag_ != "VB" or v.tag_ not in ("VBZ", "VBD", "VBP"):
        return end
    for c in v.children:
        if c.dep_ == "conj" and end <= c.i <= end + 1 and c.tag_ == "VB" \
                and not any(x.dep_ in ("nsubj", "nsubjpass") for x in c.children):
            end = c.right_edge.i + 1
    return end
