"""Speech only: with the setting ``attributions=speech`` (the default), a quote is reported speech or
writing. What a source did or stood for is not: the object of an act or a stance (``condemned the
strikes``, ``accused the army of shelling``, ``claimed responsibility for the attack``), what it wants or
refuses (``declined to comment``) and what a picture shows; an interviewer's question ('Asked about
the sanctions, …') is the object of 'asked'. An attribution corpus such as PolNeAR counts those as
well (``attributions=all`` keeps them).

Each rule of ``ACT_RULES`` answers True for a quote that is not speech; a quote with quoted words in it
(``mixed``, ``direct``) is the source's words and is never dropped. The rules read the parse only, in one
pass over the quotes. Word lists are in ``words.tsv`` (``wish_verbs``, ``depiction_nouns``).
"""
from __future__ import annotations

import re

from spacy.tokens import Token

from newsgraph.extract.quotes.base import _Doc
from newsgraph.extract.quotes.words import words
from newsgraph.record import Quote

WISH_VERBS = words("wish_verbs")
DEPICTION_NOUNS = words("depiction_nouns")
_SUBJ = ("nsubj", "nsubjpass", "csubj", "expl")
_FINITE = ("VBD", "VBZ", "VBP", "MD")
_CLAIM = ("claim", "claims", "claimed", "claiming")
_MESSAGE_VERBS = ("warn", "warns", "warned", "warning", "predict", "predicts", "predicted", "predicting",
                  "forecast", "forecasts", "forecasting") + _CLAIM
# what is claimed as one's deed, not asserted: 'claimed responsibility for the attack'
_CLAIMED_ACTS = ("responsibility", "credit", "victory", "attack", "attacks", "bombing")


def _cue_token(d: _Doc, q: Quote) -> Token | None:
    if q.cue is None or q.cue.text == ":":
        return None
    t = d.doc[d.tok_at(q.cue.start)]
    # a headline's 'Claims' may be tagged as a noun: still the cue
    return t if t.tag_.startswith("VB") or t.lower_ in ("says", "say", "claims", "claim") else None


def _tokens(d: _Doc, q: Quote) -> list[Token]:
    a, b = (q.segments or [(q.start, q.end)])[0]
    i, j = d.tok_at(a), d.tok_at(max(a, b - 1))
    return list(d.doc[i:j + 1])


def _in_modifier(t: Token, tokens: list[Token]) -> bool:
    """Is ``t`` inside a relative or participial clause of a noun in the content?"""
    first, last = tokens[0].i, tokens[-1].i
    x = t
    while first <= x.i <= last:
        if x.dep_ in ("relcl", "acl"):
            return True
        if x.head.i == x.i:
            break
        x = x.head
    return False


def _clause_like(tokens: list[Token]) -> bool:
    """The content says something: a clause with a subject, a that/whether clause, a finite verb or an
    infinitive of its own (not one inside a noun's relative clause), or a figure."""
    if tokens[0].lower_ in ("that", "whether", "if", "how", "why", "what", "when", "where", "who") \
            or tokens[0].tag_ == "VBG":
        return True  # 'denied committing any violations': a gerund is an act reported
    for k, t in enumerate(tokens):
        if t.like_num and t.lower_ not in ("one",):
            return True  # 'confirmed 14 deaths': a figure is a claim
        if _in_modifier(t, tokens):
            continue
        if t.dep_ in _SUBJ or t.tag_ in _FINITE:
            return True
        if t.tag_ == "VB" and k > 0 and tokens[k - 1].lower_ == "to":
            return True
    return False


def _object_of_an_act(d: _Doc, q: Quote) -> bool:
    """'Prime Minister Najib Mikati condemned the strikes.': the object of an act or a stance is what it
    was about, not what was said; a clause, an infinitive or a figure after the cue is content.
    Example: Prime Minister Najib Mikati condemned the strikes on Wednesday."""
    v = _cue_token(d, q)
    if v is None or q.type != "indirect" or q.start < q.cue.end:
        return False
    tokens = _tokens(d, q)
    if not tokens:
        return False
    if v.lower_ in _MESSAGE_VERBS and not (v.lower_ in _CLAIM and (
            tokens[0].lower_ in _CLAIMED_ACTS or tokens[-1].lower_ in _CLAIMED_ACTS
            or any(t.lower_ in _CLAIMED_ACTS and t.dep_ == "dobj" for t in tokens))):
        return False  # 'warned of revenge killings', 'claimed the presence of troops', 'predicting the
        # possibility of a Kremlin victory': the message itself
    return not _clause_like(tokens)


def _wish_or_refusal(d: _Doc, q: Quote) -> bool:
    """'The ministry declined to comment.': what a source wants, plans or refuses to do is no report
    of speech ('urged them to leave', 'vowed to continue' are).
    Example: The army's spokesman declined to comment on the report."""
    v = _cue_token(d, q)
    if v is None or q.type != "indirect" or q.start < q.cue.end or v.lower_ not in WISH_VERBS:
        return False
    tokens = _tokens(d, q)
    return bool(tokens) and (tokens[0].lower_ == "to" or tokens[0].lower_ == "not" and len(tokens) > 1
                             and tokens[1].lower_ == "to")


def _depiction_shows(d: _Doc, q: Quote) -> bool:
    """'Images on social media showed residents carrying the wounded.': a picture shows, nobody says,
    even a clause.
    Example: Satellite images showed that the bridge had been destroyed."""
    v = _cue_token(d, q)
    if v is None or q.type != "indirect" or v.lower_ not in ("show", "shows", "showed", "shown", "showing"):
        return False
    subj = next((c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subj is not None and subj.lower_ in DEPICTION_NOUNS


_SPEAKER_GAP = re.compile(r"\s*,\s*[^,.;:\n\"\u201c\u201d]{1,80}?\s+")


def _setting_of_the_speech(d: _Doc, q: Quote) -> bool:
    """'Speaking at a televised briefing in Sanaa on Tuesday, Qadhi said …': a participle clause before
    the speaker tells where or how the source spoke, not what it said.
    Example (the parser hangs the participle on the headline's verb, and the clause became a quote):
    Houthis say they hit tanker in Gulf of Aden

    Speaking at a televised briefing broadcast live from Sanaa on Tuesday, Qadhi said the group's naval
    forces had struck the oil tanker."""
    v = _cue_token(d, q)
    if v is None or q.type != "indirect" or q.end > q.cue.start or q.segments:
        return False
    tokens = _tokens(d, q)
    if not tokens or tokens[0].tag_ != "VBG":
        return False
    p = tokens[0]
    # a participle's clause with no subject or finite verb of its own, and only the speaker between it and
    # the cue
    # (the parser may hang the participle on a headline's verb above: its head is not checked)
    return p.dep_ == "advcl" and not any(t.dep_ in _SUBJ or t.tag_ in _FINITE for t in tokens) \
        and _SPEAKER_GAP.fullmatch(d.text, q.end, q.cue.start) is not None


ACT_RULES = (_object_of_an_act, _wish_or_refusal, _depiction_shows, _setting_of_the_speech)


def speech_only(d: _Doc, quotes: list[Quote]) -> list[Quote]:
    """``quotes`` without those a rule of ``ACT_RULES`` finds are no speech."""
    table = ACT_RULES  # (read here, so a test can take one rule out)
    return [q for q in quotes if not any(rule(d, q) for rule in table)]
