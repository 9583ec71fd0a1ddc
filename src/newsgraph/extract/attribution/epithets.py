"""Rules of class (a), epithets: a definite description that is no role ('the high-ranking military
figure', 'the shopkeeper', 'the militia member') is the reporter's second name for the one who spoke
just before, when nothing else in between could be meant.

Each takes the article, the quote and all quotes, and returns a Resolution or None (not sure).
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from newsgraph.extract.attribution.article import Article, Resolution, _kind_of
from newsgraph.extract.attribution.bodies import quotes_before
from newsgraph.extract.attribution.phrases import (
    PERSON_WORDS,
    PRONOUN_REACH,
    SOURCE_GENDER,
    _families,
    _head,
    _is_pronoun,
    _plural,
    _proper_words,
    _role_part,
    _words,
    words,
)
from newsgraph.extract.attribution.pronouns import _gender_of, _people_in
from newsgraph.record import UNNAMED, Quote
from newsgraph.wordlists import rows

_INDEFINITE = ("a", "an", "another", "one")


@lru_cache(maxsize=1)
def epithet_nouns() -> dict[str, str | None]:
    """The nouns of extract/epithet_words.tsv (form -> gender or None), with the person nouns and their genders."""
    out: dict[str, str | None] = {w: SOURCE_GENDER.get(w) for w in PERSON_WORDS}
    for _, cols in rows(Path(__file__).parent.parent / "epithet_words.tsv", max_cols=2, strip=True):
        out[cols[0].lower()] = cols[1] if len(cols) > 1 and cols[1] else None
    return out


def _epithet_noun(head: str) -> str | None:
    """The epithet noun a head is ('45-year-old' -> 'year-old'), or None."""
    head = re.sub(r"^\d+-", "", head)
    return head if head in epithet_nouns() else None


def _is_epithet(text: str) -> bool:
    """'The high-ranking military figure', 'the shopkeeper': definite, common nouns only, one person,
    and no role or body word (roles have rules of their own that check rank and affiliation)."""
    ws = _words(text)
    w = words()
    if not 2 <= len(ws) <= 5 or ws[0] != "the" or _proper_words(text) or _is_pronoun(text) or _plural(text):
        return False
    head = _head(text)
    if head in w.document | w.report | w.event | (w.generic - {"official"}) or _families(head, w.body) \
            or _epithet_noun(head) is None:  # ('official' the noun, not the modifier of 'official figures')
        return False  # (a person noun only: 'the ad', 'the bank', 'the book' are no one's epithet)
    fams = _families(_role_part(text), w.role)
    return not fams or fams == {"official"}  # ('the official', 'the officer': a role anyone in office holds)


def _introduced_elsewhere(art: Article, head: str, before: int, but: tuple[int, int]) -> bool:
    """Does the article introduce someone else with this noun before ('A resident said …' for a
    later 'the resident'), outside the span ``but``?"""
    pat = re.compile(r"\b(?:a|an|another|one)\s+(?:[\w'\u2019-]+\s+){0,3}?" + re.escape(head) + r"\b", re.I)
    return any(not (but[0] <= m.start() < but[1]) and not _REPORTED_DEAD.match(art.text, m.end(), m.end() + 30)
               for m in pat.finditer(art.text, 0, before))  # (not 'left one security officer dead': a victim)


_REPORTED_DEAD = re.compile(r"\s+(?:\w+\s+){0,2}?(?:dead|killed|was killed|were killed|died)\b")


def rule_epithet_is_previous_speaker(art: Article, q: Quote, quotes: list[Quote]) -> Resolution | None:
    """A definite epithet is the speaker of the quote just before it, when no other person is named
    in between and the article introduces nobody else with that noun.

    'Yemeni forces also targeted the SILVER DAWN, al-Hamdani added. ¶ The high-ranking military figure
    noted that the operations were a response to the blockade.' -> Abdulmalik al-Hamdani; 'A witness
    who runs a phone shop said … “I saw smoke,” the shopkeeper said.' -> 'A witness who …'.
    """
    sp = q.speaker
    if sp.name != sp.text or not _is_epithet(sp.text):
        return None
    if _families(_role_part(sp.text), words().role) and len(_words(sp.text)) > 2:
        return None  # 'the local official' is not surely the official quoted before: only a bare 'the official'
    prev = quotes_before(q, quotes, PRONOUN_REACH)
    if not prev:
        return None
    p = prev[0]
    ps = p.speaker
    if _is_pronoun(ps.text) or ps.name == UNNAMED or _is_pronoun(ps.name) or ps.start >= sp.start \
            or ps.name == sp.name:
        return None  # (a pronoun's antecedent is a guess already: an epithet is not hung on a guess)
    kind = ps.kind or _kind_of(ps, art)
    indefinite = _words(ps.name)[:1] and _words(ps.name)[0] in _INDEFINITE
    if kind == "person":
        pass
    elif indefinite and (_head(ps.name) in PERSON_WORDS or _families(_role_part(ps.name), words().role)
                         or _head(ps.name) == _head(sp.text)):
        kind = "unnamed"  # 'A witness who runs a phone shop', 'A member of Saw township's PDF'
    else:
        return None
    want = epithet_nouns().get(_epithet_noun(_head(sp.text)) or "")
    if want and (SOURCE_GENDER.get(_head(ps.name)) or _gender_of(art, ps)) not in (None, want):
        return None  # 'the mother of three' is not the man who spoke before
    if {art.by_id[e].name for e in _people_in(art, max(p.end, ps.end), sp.start, but=ps.entity)} - {ps.name}:
        return None  # someone else named since: not sure whom the reporter means
    if _introduced_elsewhere(art, _head(sp.text), sp.start, (ps.start, ps.end)):
        return None  # 'A resident said … A witness said … the resident said': another one introduced
    return Resolution(ps.name, ps.entity if kind == "person" else None, kind)


def rule_epithet_introduced_before(art: Article, q: Quote, quotes: list[Quote]) -> Resolution | None:
    """'the farmer' (or a pronoun the pass gave that name) is the one unnamed person the article
    introduced before with that noun, named as first written.

    'One farmer lost seven members of his family. Two of his children were injured, the farmer said.'
    -> 'One farmer'.
    """
    sp = q.speaker
    phrase = sp.name if sp.name and sp.name != UNNAMED else sp.text
    ws = _words(phrase)
    w = words()
    head = _head(phrase)
    if not 2 <= len(ws) <= 4 or ws[0] != "the" or _proper_words(phrase) or _is_pronoun(phrase) or _plural(phrase) \
            or head in w.document | w.report | w.event | (w.generic - {"official"}) or _families(head, w.body) \
            or _families(_role_part(phrase), w.role) - {"official"}:
        return None  # (any noun the article introduced as someone: 'One herder' … 'the herder')
    pat = re.compile(r"\b(?:[Aa]n?|[Oo]ne)\s+(?:[\w'\u2019-]+\s+){0,2}?" + re.escape(head) + r"\b")
    intro = [m for m in pat.finditer(art.text, 0, max(0, sp.start)) if not _REPORTED_DEAD.match(art.text, m.end(),
                                                                                                m.end() + 30)]
    if len(intro) != 1:
        return None  # none, or two people introduced with that noun: not sure which
    name = intro[0].group()
    if set(_words(phrase)[1:]) - set(_words(name)):
        return None  # 'the local official' is not 'an official': every word of it must be there
    if any(n.kind == "person" and intro[0].end() <= n.start < sp.start for n in art.named):
        return None  # a named person since: 'the farmer' may be that one
    return Resolution(name, None, "unnamed")
