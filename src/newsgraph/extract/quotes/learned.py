"""Learned attribution candidates: structures the hand rules leave alone, kept when a small linear
model trained on PolNeAR's training split scores them as attributions.

Attribution corpora count much more than speech: what a source talked about, called for, warned of,
criticised, decided or views (``Trump talked about the wall``, ``her criticism of the deal``, ``he
warned of a crash``, ``the FBI decided not to recommend charges``). A hand rule per word adds as many
false quotes as true ones; the parse offers the structure and the model weighs the words.

- ``CANDIDATE_RULES``: each proposes, for one token, a cue, its content (token span) and its source;
  a token already the cue of a quote proposes nothing, and a candidate needs a source.
- ``FEATURES``: each names a few binary features of a candidate (cue lemma, preposition, the cue's
  place in the parse, the source's kind, the content's length and first word, where the sentence
  stands, whether other quotes hold it).
- ``quote_candidates.json``: the weights (logistic regression, trained by
  ``benchmarks/train_quote_candidates.py`` on PolNeAR train only) and the threshold chosen there by
  cross-validation. Plain JSON, read once; scoring is a sum over the features that fire.

Overlapping candidates keep the best scored; a candidate never replaces a quote the rules found.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Token

from newsgraph.extract.cues import REPORT, SPEECH, STRONG_FORMS
from newsgraph.extract.quotes.base import _cue, _Doc
from newsgraph.extract.quotes.clauses import _infinitive_end, _object_end, _span_chars
from newsgraph.extract.quotes.reported import _SHOW_FORMS
from newsgraph.extract.quotes.speaker import _Namer
from newsgraph.extract.speakers import PRONOUNS, subject_of
from newsgraph.record import Quote

MODEL_PATH = Path(__file__).with_name("quote_candidates.json")
_NO_SOURCE = ("it", "there", "this", "that", "which", "what", "these", "those")
_PERSONAL = ("he", "she", "i", "we", "you", "they", "who")


@dataclass
class Candidate:
    kind: str  # the rule that proposed it
    cue: Token
    a: int  # content tokens [a, b)
    b: int
    source: Token | None
    prep: Token | None = None
    ca: int = -1  # content chars, once measured
    cb: int = -1


# -- CANDIDATE_RULES: one token proposes a cue and its content -----------------------------------------

def _source_of_verb(v: Token) -> Token | None:
    """The subject, or the agent of a passive ('was criticized for X by Y')."""
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in v.children):
        agent = next((c for c in v.children if c.dep_ == "agent"), None)
        return None if agent is None else next((c for c in agent.children if c.dep_ == "pobj"), None)
    return subject_of(v)


def _source_of_noun(n: Token) -> Token | None:
    """'her criticism of X': the owner; 'made a strong condemnation of X': the subject of the verb the
    noun is the object of."""
    owner = next((c for c in n.children if c.dep_ == "poss"), None)
    if owner is not None:
        return owner
    x = n.head if n.dep_ == "pobj" and n.head.dep_ == "prep" else n
    verb = x.head if x.dep_ in ("dobj", "prep", "attr") else None
    if verb is not None and verb.i != x.i and verb.tag_.startswith("VB"):
        return _source_of_verb(verb)
    return None


def _prep_objects(t: Token):
    for p in t.children:
        if p.dep_ == "prep" and p.i > t.i:
            o = next((c for c in p.children if c.dep_ in ("pobj", "pcomp")), None)
            if o is not None:
                yield p, o


def _verb_prep_object(t: Token) -> list[Candidate]:
    """'Trump talked about the wall at length.', 'He warned of a crash.': a verb's prepositional object.
    Example: The senator fumed over the moderators during the debate."""
    if not t.tag_.startswith("VB"):
        return []
    src = _source_of_verb(t)
    return [Candidate("verb_prep", t, o.left_edge.i, _object_end(t, p.right_edge.i + 1), src, p)
            for p, o in _prep_objects(t)]


def _noun_prep_object(t: Token) -> list[Candidate]:
    """'Her criticism of the deal cost her votes.': a noun's prepositional object, said by its owner.
    Example: The governor repeated his disdain for the trade deal on Monday."""
    if not t.tag_.startswith("NN") or t.pos_ == "PROPN":
        return []
    src = _source_of_noun(t)
    return [Candidate("noun_prep", t, o.left_edge.i, p.right_edge.i + 1, src, p) for p, o in _prep_objects(t)]


def _adjective_prep_object(t: Token) -> list[Candidate]:
    """'Voters are skeptical of the plan.': an adjective's prepositional object, held by the subject.
    Example: Many Republicans remain furious about the proposal."""
    if not t.tag_.startswith("JJ") or t.dep_ not in ("acomp", "oprd"):
        return []
    src = subject_of(t.head)
    return [Candidate("adj_prep", t, o.left_edge.i, p.right_edge.i + 1, src, p) for p, o in _prep_objects(t)]


def _verb_object(t: Token) -> list[Candidate]:
    """'Clinton ridiculed the plan.', 'She views the deal as a disaster.': a verb's direct object.
    Example: Clinton ridiculed Trump's tax plan in a speech."""
    if not t.tag_.startswith("VB"):
        return []
    obj = next((c for c in t.children if c.dep_ == "dobj" and c.i > t.i), None)
    if obj is None or t.lower_ in _SHOW_FORMS and any(c.dep_ == "dative" for c in t.children):
        return []  # 'showed a reporter a photograph': a thing shown to someone (as reported._shown_to_someone)
    return [Candidate("verb_object", t, obj.left_edge.i, _object_end(t, obj.right_edge.i + 1), _source_of_verb(t))]


def _verb_infinitive(t: Token) -> list[Candidate]:
    """'The FBI decided not to recommend charges.': a verb's infinitive (with the object before it).
    Example: The party decided not to endorse the candidate."""
    if not t.tag_.startswith("VB"):
        return []
    x = next((c for c in t.children if c.dep_ == "xcomp" and c.i > t.i), None)
    if x is None:
        return []
    obj = next((c for c in t.children if c.dep_ == "dobj" and t.i < c.i < x.i), None)
    a = (obj or x).left_edge.i
    return [Candidate("verb_infinitive", t, a, _infinitive_end(t, x, x.right_edge.i + 1), _source_of_verb(t))]


def _verb_clause(t: Token) -> list[Candidate]:
    """'The audit established that wages fell.': a clause governed by a verb that is no cue word.
    Example: The audit established that the agency had lost track of the funds."""
    if not t.tag_.startswith("VB") or t.lower_ in SPEECH or t.lower_ in REPORT or t.lower_ in STRONG_FORMS:
        return []
    c = next((c for c in t.children if c.dep_ == "ccomp" and c.i > t.i), None)
    if c is None:
        return []
    return [Candidate("verb_clause", t, c.left_edge.i, c.right_edge.i + 1, _source_of_verb(t))]


_HEDGES = ("seem", "seems", "seemed", "appear", "appears", "appeared")


def _hedge(t: Token) -> list[Candidate]:
    """'Trump's supporters seemed equally unperturbed.': the writer's hedge; the clause around 'seem' /
    'appear' is an attribution with no named source (PolNeAR counts it).
    Example: The governor seemed ready to sign the bill."""
    if t.lower_ not in _HEDGES or not t.tag_.startswith("VB") \
            or not any(c.dep_ in ("xcomp", "acomp", "ccomp", "oprd") and c.i > t.i for c in t.children):
        return []
    return [Candidate("hedge", t, t.left_edge.i, t.right_edge.i + 1, None)]


CANDIDATE_RULES = (_verb_prep_object, _noun_prep_object, _adjective_prep_object, _verb_object, _verb_infinitive,
                   _verb_clause, _hedge)
SOURCELESS = ("hedge",)  # kinds whose content has no named source


# -- FEATURES: what the model weighs -------------------------------------------------------------------

def _bucket(n: int, edges=(1, 2, 3, 5, 8, 13, 21)) -> str:
    return next((str(e) for e in edges if n <= e), "more")


def stem(t: Token) -> str:
    """One key for a word's forms without a lemmatizer (the pipeline runs none): a known cue's lemma,
    else the form without its inflection ('talked', 'talks', 'talking' -> 'talk'; 'decides' -> 'decid')."""
    low = t.lower_
    if low in SPEECH or low in REPORT:
        return SPEECH.get(low) or REPORT[low]
    for suffix in ("ing", "ed", "es", "s"):
        if low.endswith(suffix) and len(low) > len(suffix) + 2 and (t.tag_.startswith("VB") or suffix in ("es", "s")
                                                                    and t.tag_ == "NNS"):
            low = low[:-len(suffix)]
            break
    return low[:-1] if low.endswith("e") and len(low) > 3 else low


def _f_cue(d: _Doc, c: Candidate, ctx) -> list[str]:
    """The cue's lemma, alone and with the kind and the preposition ('talk|about')."""
    lem = stem(c.cue)
    out = [f"kind={c.kind}", f"lemma={lem}", f"lemma_kind={lem}|{c.kind}", f"tag={c.cue.tag_}|{c.kind}"]
    if c.prep is not None:
        p = c.prep.lower_
        out += [f"prep={p}|{c.kind}", f"lemma_prep={lem}|{p}"]
        if next((x.i for x in c.cue.children if x.dep_ == "prep" and x.i > c.cue.i), None) == c.prep.i:
            out.append(f"first_prep|{c.kind}")
    if c.cue.lower_ in SPEECH or c.cue.lower_ in REPORT or c.cue.lower_ in STRONG_FORMS:
        out.append(f"cue_word|{c.kind}")
    return out


def _f_parse(d: _Doc, c: Candidate, ctx) -> list[str]:
    """Where the cue stands in the parse: its relation, its head's lemma for a dependent verb
    ('wants to criticise'), negation, a modal, a passive, a direct object before the preposition."""
    v = c.cue
    out = [f"dep={v.dep_}|{c.kind}"]
    if v.dep_ in ("xcomp", "conj", "advcl", "pcomp", "acl", "relcl", "dobj", "pobj"):
        out.append(f"head={stem(v.head)}|{v.dep_}")
    kids = {x.dep_ for x in v.children}
    for dep in ("neg", "aux", "auxpass", "dobj", "dative", "ccomp", "xcomp", "prt"):
        if dep in kids:
            out.append(f"has_{dep}|{c.kind}")
    return out


def _f_source(d: _Doc, c: Candidate, ctx) -> list[str]:
    """The source: a person or a body (entity type), a pronoun (which), a common noun."""
    s = c.source
    if s is None:
        return ["src=none"]
    low = s.lower_
    if low in PRONOUNS or low in _PERSONAL:
        return [f"src_pron={low}", "src=personal" if low in _PERSONAL else "src=pron"]
    out = [f"src_pos={s.pos_}", f"src_ent={s.ent_type_ or '-'}"]
    if s.dep_ == "poss":
        out.append("src_poss")
    return out


def _f_content(d: _Doc, c: Candidate, ctx) -> list[str]:
    """The content: its length in tokens, its first word's class, a verb or a subject inside it, its
    head's entity type."""
    toks = d.doc[c.a:c.b]
    if not len(toks):
        return ["empty"]
    first = toks[0]
    out = [f"len={_bucket(len(toks))}|{c.kind}", f"first_pos={first.pos_}|{c.kind}"]
    if first.lower_ in ("that", "whether", "if", "how", "why", "what", "the", "a", "an", "his", "her", "their",
                        "it", "them", "him", "this", "to", "not"):
        out.append(f"first={first.lower_}|{c.kind}")
    if any(t.dep_ in ("nsubj", "nsubjpass") for t in toks):
        out.append("content_subject")
    if any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in toks):
        out.append("content_finite")
    root = toks.root
    out.append(f"content_ent={root.ent_type_ or '-'}")
    if c.source is not None and c.a <= c.source.i < c.b:
        out.append("source_inside")
    return out


def _f_context(d: _Doc, c: Candidate, ctx) -> list[str]:
    """Where the sentence stands (first, a headline line, inside quoted words) and whether other
    quotes hold the content or the cue."""
    v = c.cue
    out = []
    if v.sent.start == 0:
        out.append("first_sentence")
    elif d.text.rfind("\n", 0, v.idx) >= d.doc[v.sent.start].idx - 1:
        out.append("paragraph_start")  # the sentence opens its paragraph
    if ctx.in_quote(v.idx):
        out.append("cue_in_quote")
    inside = ctx.inside(c.ca, c.cb)
    if inside:
        out.append(f"in_quote_content={inside}")
    return out


FEATURES = (_f_cue, _f_parse, _f_source, _f_content, _f_context)


class _Context:
    """What the features ask of the quotes already found: quoted-word stretches and content spans."""

    def __init__(self, quotes: list[Quote], in_quote):
        self.spans = [seg for q in quotes for seg in (q.segments or [(q.start, q.end)])]
        self.in_quote = in_quote

    def inside(self, a: int, b: int) -> str:
        """'in' when a quote's content holds [a, b), 'overlap' when it crosses one, '' otherwise."""
        best = ""
        for x, y in self.spans:
            if x <= a and b <= y:
                return "in"
            if x < b and a < y:
                best = "overlap"
        return best


def featurise(d: _Doc, c: Candidate, ctx) -> list[str]:
    return [f for fn in FEATURES for f in fn(d, c, ctx)]


# pairs of feature families the model also weighs together ('lemma_kind=attack|verb_object' with the
# source's kind: an attack by a person is a criticism, by an army a strike; a cue word with its content's
# first word, length and class, its place in the parse, and a cue-and-preposition with the source's kind:
# 'talk about how …' is an attribution, 'talk about it' rarely. PolNeAR train, out of fold, at the shipped
# threshold: 313 of 512 added quotes right, from 256 of 410 with the first four pairs only)
CROSSES = (("lemma_kind", "src"), ("kind", "src_ent"), ("kind", "content_ent"), ("kind", "src_pron"),
           ("lemma", "first"), ("lemma", "len"), ("lemma_prep", "src"), ("lemma", "dep"), ("lemma", "first_pos"))


def crossed(features: list[str]) -> list[str]:
    """``features`` with the pairs of the families in ``CROSSES``."""
    fam: dict[str, list[str]] = {}
    for f in features:
        fam.setdefault(f.split("=", 1)[0] if "=" in f else f.split("|", 1)[0], []).append(f)
    out = list(features)
    for x, y in CROSSES:
        out += [f"{a}&{b}" for a in fam.get(x, ()) for b in fam.get(y, ())]
    return out


def candidates(d: _Doc, quotes: list[Quote], in_quote) -> list[tuple[Candidate, list[str]]]:
    """Every candidate of the article the rules did not already read, with its features."""
    cues = {q.cue.start for q in quotes if q.cue is not None}
    ctx = _Context(quotes, in_quote)
    table = CANDIDATE_RULES  # (read here, so a test can take one rule out)
    out = []
    for t in d.doc:
        if t.idx in cues or t.is_punct or t.is_space:
            continue
        for rule in table:
            for c in rule(t):
                if c.b <= c.a or c.source is None and c.kind not in SOURCELESS:
                    continue
                if c.source is not None and (c.source.lower_ in _NO_SOURCE or c.a <= c.source.i < c.b):
                    continue
                c.ca, c.cb = _span_chars(d, c.a, c.b)
                if c.ca < 0 or c.cb - c.ca < 2 or any(_same(x, y, c.ca, c.cb) for x, y in ctx.spans):
                    continue  # nothing, or another reading of words already attributed
                out.append((c, featurise(d, c, ctx)))
    return out


@lru_cache(maxsize=1)
def model() -> dict:
    """The shipped weights and threshold (an empty model keeps nothing)."""
    try:
        return json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"bias": 0.0, "weights": {}, "threshold": 1.1}


def score(features: list[str], m: dict | None = None) -> float:
    m = m if m is not None else model()
    w = m["weights"]
    z = m["bias"] + sum(w.get(f, 0.0) for f in set(features))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def _same(x: int, y: int, a: int, b: int) -> bool:
    """Do [x, y) and [a, b) share at least half their characters (the scorer's match)?"""
    inter = min(y, b) - max(x, a)
    return inter > 0 and inter >= 0.5 * (max(y, b) - min(x, a))


def reviewed(d: _Doc, quotes: list[Quote], in_quote) -> list[tuple[int, list[str]]]:
    """The rules' reported quotes (``indirect``, with a cue that is no speech verb and a named source:
    'focused on', 'pledged', 'showed'), each with the features of the same candidate families (kind
    ``rule``): what the review model weighs. A quote with quoted words in it, a transcript line, a
    speech verb's report or a quote without a source is never reviewed."""
    out = []
    for k, q in enumerate(quotes):
        if q.type != "indirect" or q.cue is None or q.speaker is None or not q.cue.text[:1].isalpha() \
                or q.cue.text.lower() in SPEECH:
            continue  # a speech verb's report ('it added'): the rules' core, never second-guessed
        a, b = (q.segments or [(q.start, q.end)])[0]
        cue, src = d.doc[d.tok_at(q.cue.start)], d.doc[d.tok_at(q.speaker.start)]
        c = Candidate("rule", cue, d.tok_at(a), d.tok_at(max(a, b - 1)) + 1, src, ca=a, cb=b)
        ctx = _Context(quotes[:k] + quotes[k + 1:], in_quote)
        out.append((k, featurise(d, c, ctx)))
    return out


def learned_quotes(d: _Doc, quotes: list[Quote], namer: _Namer, in_quote) -> list[Quote]:
    """``quotes`` without the reported quotes the review model scores below its threshold, with the
    candidates the candidate model keeps (the best scored of overlapping ones)."""
    m = model()
    review = m.get("review")
    if review:
        drop = {k for k, f in reviewed(d, quotes, in_quote) if score(crossed(f), review) < review["threshold"]}
        quotes = [q for k, q in enumerate(quotes) if k not in drop]
    found = [(score(crossed(f), m), c) for c, f in candidates(d, quotes, in_quote)]
    kept: list[tuple[int, int]] = []
    new = []
    for s, c in sorted(found, key=lambda x: -x[0]):
        if s < m["threshold"]:
            break
        if any(x < c.cb and c.ca < y for x, y in kept):
            continue
        kept.append((c.ca, c.cb))
        new.append(Quote(start=c.ca, end=c.cb, text=d.text[c.ca:c.cb], type="indirect",
                         speaker=None if c.source is None else namer.speaker(c.source), cue=_cue(c.cue)))
    if not new:
        return quotes
    return sorted(quotes + new, key=lambda q: (q.start, q.end))
