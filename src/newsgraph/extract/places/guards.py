"""Precision guards: names that look like places and are not, or not here.

Before any verdict: a place name opening an organisation's or an outlet's name (``_heads_an_organisation``,
one of the vetoes). Decided by the rules, never by the trained scorer: a name inside another kind of
name, and a prominent place. After the verdicts, the ordered ``VERDICT_GUARDS`` (a people's name, a
person the text describes). After resolution: a loose spelling outside the article's countries, and a
minor namesake abroad that nothing in the article supports.
"""
from __future__ import annotations

import re
from collections import Counter

from spacy.lang.en.stop_words import STOP_WORDS

from newsgraph.extract.entities import described_as_person
from newsgraph.extract.places.cues import _cue
from newsgraph.extract.places.matching import _Article, _Match, _ner_relation, _of, _prev_words, _Toks
from newsgraph.extract.places.namesakes import _best_prior, _strength
from newsgraph.extract.places.words import (ARABIC_ARTICLES, CONNECT, ORG_HEADS, OTHER_NAME_LABELS, OUTLET_BEFORE, PEOPLES, PLACE_LABELS,
                                            REGION_WORDS, STRONG_CUE, WEAK_CUE)
from newsgraph.person_names import census_first_name


def _heads_an_organisation(tk: _Toks, m: _Match, ent_of: list | None = None) -> bool:
    """'The Lebanon Herald', 'Sudan Armed Forces', 'Gaza Health Ministry', 'Media Congo': the place name
    opens (or ends, after an outlet word) an organisation's capitalised name, so it names the
    organisation, not the place; a lower-case 'Gaza health ministry' is the place's ministry.
    (Institutions of a place, 'Laurel County High School', are left to the evidence rules.) The last
    of the vetoes (``evidence.VETOES``), which all take the entity by token (unread here)."""
    n = len(tk.texts)
    j = m.end
    if j < n and tk.texts[j] in ("'s", "\u2019s", "'"):
        return False  # "Britain's Health Protection Agency": the country's agency, and the country named
    for _ in range(4):
        if j >= n or not (tk.cap[j] or tk.texts[j] in ("'s", "\u2019s")) or tk.sent[j]:
            break
        if tk.lower[j] in ORG_HEADS:
            return True
        j += 1
    i = m.start - 1
    return i >= 0 and tk.cap[i] and not tk.sent[m.start] and tk.lower[i] in OUTLET_BEFORE


def _inside_other_name(tk: _Toks, m: _Match, ent_of: list) -> bool:
    """A name inside a longer person's, organisation's or product's name ('Paris Hilton', 'United Russia',
    'Laurel County High School'): the rules decide (an institution of the place counts, a person or a
    party named like it does not), never the trained scorer, so such a name stays what it is."""
    label, rel = _ner_relation(tk, m, ent_of)
    return label in OTHER_NAME_LABELS and rel == "inside"


def _prominent_place(tk: _Toks, m: _Match, ent_of: list, verdict) -> bool:
    """A country, a capital or a large city the rules took for a place and the model did not call
    anything else ('Berlin', 'Kharkiv' in a list of places): a place, whatever the rest of the article
    names; the trained scorer is not asked."""
    if verdict is not True or _of(m, _strength) < 2.5:
        return False
    label, _ = _ner_relation(tk, m, ent_of)
    return label is None or label in PLACE_LABELS


_REGION_NEXT = REGION_WORDS | {"state", "region"}  # 'Somali Region', 'Arab state'
_CUE_BEFORE = STRONG_CUE | WEAK_CUE | {"from"}


# -- VERDICT_GUARDS: after the verdicts (rules and scorer), in order; a guard returns True for no place --

def _names_a_people(a: _Article, m: _Match) -> bool:
    """'clashes between Arab tribes', 'Somali forces': a people's name or adjective, not the small town
    or the region of that name (Arab, Alabama; Ethiopia's Somali Region, which news writes with its
    'Region'). 'Saudi' names Saudi Arabia, the place its people are from, and stays a place."""
    tk = a.tk
    if m.end - m.start != 1 or m.pair_with is not None or m.contained_by:
        return False
    if m.key in PEOPLES:
        return _of(m, _strength) < 2.5
    people = a.peoples.get(tk.texts[m.start])
    return people is not None and not any(c.pid == people.pid for c in m.cands) \
        and not (m.end < len(tk.texts) and tk.lower[m.end] in _REGION_NEXT)


def _described_as_a_person(a: _Article, m: _Match) -> bool:
    """'said Natalia, a 63-year-old pensioner': a woman, not Natalia, Texas (but 'two in Victoria, one
    in South Australia' is the state: a cue before the name keeps it)."""
    tk = a.tk
    return m.end - m.start == 1 and described_as_person(a.doc[m.start]) \
        and not (m.start > 0 and tk.lower[m.start - 1] in _CUE_BEFORE)


def _a_named_persons_surname(a: _Article, m: _Match) -> bool:
    """'the fatal police shooting of Tyrise M. Bell ... Eggers shot Bell': the surname of a person the
    article names in full (after a first name, or a name and a middle initial) is the person's wherever
    no place preposition ('in Bell'; 'between Bell and Eggers' is none), no place label and no prominence
    speaks for the place (the model may call the man an organisation; the trained scorer then weighs how
    often he is named)."""
    if m.end - m.start != 1 or m.pair_with is not None or m.contained_by:
        return False
    if a.tk.text[m.cs:m.ce] not in a.surnames or _of(m, _strength) >= 2.5:
        return False
    prev = _prev_words(a.tk, m.start, 1)
    if prev and prev[0] in _PLACE_PREPOSITIONS:
        return False
    label, rel = _ner_relation(a.tk, m, a.ent_of)
    return not (label in PLACE_LABELS and rel == "exact")


def _glued_hyphen(tk: _Toks, i: int) -> bool:
    """Is token ``i`` a hyphen written between two words without spaces ('Vest-Agder')?"""
    return 0 < i < len(tk.texts) - 1 and tk.texts[i] == "-" and tk.idx[i] == tk.end(i - 1) \
        and tk.idx[i + 1] == tk.end(i)


def _half_of_a_hyphenated_name(a: _Article, m: _Match) -> bool:
    """'the Rhône-Alpes', 'Agence France-Presse', 'East Zorra-Tavistock', 'euro-Atlantic integration': a
    place's name hyphenated to a capitalised word that names no place is half of another name (the
    Rhône-Alpes region is not the Rhône department), while 'the Russia-Ukraine war' or 'Greenville-Spartanburg' join two
    places, an Arabic article ('El-Fasher', 'Al-Hasakah') is part of the name itself, and a people's word
    ('Russian-Ukraine heritage') keeps the place."""
    tk = a.tk
    j = m.end
    if _glued_hyphen(tk, j) and _a_word(a, j + 1) and not any(x.start == j + 1 for x in a.matches):
        return True
    i = m.start - 1
    return _glued_hyphen(tk, i) and (_a_word(a, i - 1) or tk.lower[i - 1] in ("euro", "trans")) \
        and tk.lower[i - 1] not in CONNECT and tk.lower[i - 1] not in ARABIC_ARTICLES \
        and not any(x.end == i for x in a.matches)


def _a_word(a: _Article, i: int) -> bool:
    """A capitalised word of three letters or more, not in capitals and no people's word: not a party's
    'R-' or 'DFL-' before a legislator's home town ('Sen. Tom Bakk, DFL-Cook'), a team's 'Watertown-ML',
    nor 'of mixed Russian-Ukraine heritage'."""
    t = a.tk.texts[i]
    return a.tk.cap[i] and len(t) >= 3 and not t.isupper() and t not in a.peoples


VERDICT_GUARDS = (_names_a_people, _described_as_a_person, _a_named_persons_surname, _half_of_a_hyphenated_name)

_INITIAL = re.compile(r"[A-Z]\.")
_PLACE_PREPOSITIONS = frozenset({"in", "near", "outside", "inside", "across", "throughout", "within", "nearby"})


def _surnames(tk: _Toks, names: set[str]) -> set[str]:
    """Which of ``names`` (one-word names the gazetteer matched) stand, somewhere in the article, after a
    common first name ('Michael Eggers') or after a name and a middle initial ('Tyrise M. Bell'), inside
    a sentence."""
    out = set()
    texts, cap, sent = tk.texts, tk.cap, tk.sent
    for i in range(1, len(texts)):
        t = texts[i]
        if t not in names or t in out or sent[i]:
            continue
        p = texts[i - 1]
        if (_INITIAL.fullmatch(p) and i >= 2 and cap[i - 2] and not sent[i - 1]) \
                or (p[:1].isupper() and not p.isupper() and p.lower() not in STOP_WORDS
                    and census_first_name(p.lower())):
            out.add(t)
    return out


def _guard_verdicts(a: _Article) -> None:
    """'Somali forces', 'said Natalia, a 63-year-old pensioner': no place, by ``VERDICT_GUARDS``."""
    a.peoples = a.gaz.demonyms()
    a.surnames = _surnames(a.tk, {a.tk.texts[m.start] for m in a.matches
                                  if m.end - m.start == 1 and not a.tk.texts[m.start].isupper()})
    for i, m in enumerate(a.matches):
        for guard in VERDICT_GUARDS:
            if guard(a, m):
                a.verdicts[i] = False
                break


def _loose_in_article(matches: list[_Match], verdicts: list, which) -> list[_Match]:
    """The matches with verdict ``which``; one found only by its coarse romanisation key ('Nabatiyeh') keeps
    only its namesakes in the countries of the article's other places ('Lebanon said five people were
    killed … in Nabatiyeh'), and is dropped when it has none there: a loose spelling is no evidence on its
    own."""
    countries = {_of(m, _best_prior).country_code for m, v in zip(matches, verdicts) if v is True and not m.loose}
    out = []
    for m, v in zip(matches, verdicts):
        if v is not which:
            continue
        if m.loose:
            cands = tuple(c for c in m.cands if c.country_code in countries)
            if not cands:
                continue
            m.cands = cands
        out.append(m)
    return out


def _no_obscure_namesake_abroad(tk: _Toks, kept: list[_Match]) -> list[_Match]:
    """A minor place (a town under 100,000 people, known by no cue) in a country the article names nowhere
    else, while it names places in at least two countries of its own, is dropped: 'Ali Rizkallah, known
    as Al-Savana' in a Sudan story is no town in Georgia, a company named after a man no town in Brazil."""
    ccs = Counter(m.chosen.country_code for m in kept if m.chosen is not None and m.chosen.country_code)
    per_key = Counter(m.key for m in kept)
    out = []
    for m in kept:
        c = m.chosen
        if c is not None and c.country_code and ccs[c.country_code] == per_key[m.key] \
                and sum(ccs.values()) - ccs[c.country_code] >= 2 and _of(m, _strength) < 2.0 \
                and _cue(tk, m) < 2 and m.pair_with is None and not m.contained_by \
                and c.feature_class == "P":
            continue
        out.append(m)
    return out


def _unit_in_the_article_regions(kept: list[_Match]) -> list[_Match]:
    """'at 8600 Hyland-Croy Road in Jerome Township' in a story about Ohio is no township around Jerome,
    Idaho: a town's name with a unit word ('Jackson Township', 'Harbor City'; ``matching._take_unit_words``)
    stays only when its town lies in a first-level region another place of the article is in (a township
    or a city district is named after a town of its own region, not after a same-named one far off). A
    city of 100,000 people needs no company: 'sister city of Quebec City'."""
    regions = {m.chosen.admin1_code for m in kept if m.chosen is not None and not m.unit and m.chosen.admin1_code}
    return [m for m in kept if not m.unit or (m.chosen is not None and (
        m.chosen.admin1_code in regions or m.key.endswith(" city") and m.chosen.population >= 100_000))]
