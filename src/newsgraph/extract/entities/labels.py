"""The type of each name NER found (LABEL_RULES), and the places NER missed."""
from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc, Token

from newsgraph.extract.entities.lexicon import (_PERSON_NOUNS, _PLACE_NOUNS, _PLACE_PREPS, FACILITY_WORDS,
                                                PERSON_TITLES, TIME_ZONES, TITLES, TYPE_MAP, UNIT_WORDS)
from newsgraph.person_names import FIRST_NAME_GENDER, census_first_name


def _strip(doc: Doc, s: int, e: int, label: str) -> tuple[int, int]:
    # possessive 's and trailing punctuation are not part of the name
    while e > s and (doc[e - 1].text in ("'s", "'", "\u2019s") or doc[e - 1].is_punct):
        e -= 1
    while s < e and (doc[s].is_punct or doc[s].lower_ in ("the", "this", "that", "these", "those")
                     or (label == "PERSON" and e - s > 1 and doc[s].lower_.rstrip(".") in TITLES)):
        s += 1
    return s, e


_PLACE_LIKE_CLASSES = ("H", "T", "L", "V", "U", "R", "S")  # GeoNames classes of a LOC (not a GPE)


class _Places:
    """The places extractor's spans, for 'is this name a place here?'."""

    def __init__(self, places):
        self.spans = sorted((p.start, p.end, p.feature_class) for p in places or [])
        self.starts = [p[0] for p in self.spans]

    def cover(self, a: int, b: int):
        """The place span overlapping chars [a, b), if any."""
        k = bisect.bisect_right(self.starts, b - 1) - 1
        while k >= 0 and self.spans[k][1] > a:
            if self.spans[k][0] < b:
                return self.spans[k]
            k -= 1
        return None


class _Name:
    """One NER entity being typed: tokens [s, e), chars [a, b), its label, the place it overlaps."""

    __slots__ = ("doc", "s", "e", "a", "b", "label", "pl", "places", "singles")

    def __init__(self, doc: Doc, s: int, e: int, label: str | None, places: _Places, singles: set[str],
                 covered: set[int]):
        self.doc, self.s, self.e, self.label, self.places, self.singles = doc, s, e, label, places, singles
        self.a, self.b = doc[s].idx, doc[e - 1].idx + len(doc[e - 1])
        self.pl = places.cover(self.a, self.b)
        if self.pl is not None:
            covered.add(self.pl[0])


# -- LABEL_RULES: the type of one NER entity, in order; a rule returns True to drop the entity ------

def _first_name_org(x: _Name) -> bool:
    """'Oleksandr Petrenko … Oleksandr says': a two/three-word ORG or GPE whose first word also stands
    alone elsewhere is a person called by the first name.
    Example: Oleksandr Petrenko runs a bakery in Kharkiv. Oleksandr says business is slow."""
    doc, s, e = x.doc, x.s, x.e
    if x.label in ("ORG", "GPE") and 2 <= e - s <= 3 and doc[s].text in x.singles and x.pl is None \
            and all(t.is_title for t in doc[s:e]) and not UNIT_WORDS.search(doc[s:e].text):
        x.label = "PERSON"
    return False


def _place_name(x: _Name) -> bool:
    """'Kyiv' (NER: PERSON): a name the places extractor found is a GPE, or a LOC for a river, a
    mountain, a region; so is a name around a place when NER has no type or says PERSON.
    Example: Kyiv was quiet on Monday."""
    pl = x.pl
    if pl is not None:
        inside = pl[0] <= x.a and x.b <= pl[1] + 2
        if inside or x.label in (None, "PERSON"):
            x.label = "LOC" if pl[2] in _PLACE_LIKE_CLASSES else "GPE"
    return False


def _no_type(x: _Name) -> bool:
    """'the Covid-19 pandemic' (NER: DATE, EVENT, …): no actor type, no entity.
    Example: The war began in February 2022."""
    return x.label is None


def _ranks_before_name(x: _Name) -> bool:
    """'Lt. Gen. Dolores Vickery' (NER: ORG): ranks before a first name and a surname make a person.
    Example: Lt. Gen. Dolores Vickery said the base was secure."""
    doc, s, e = x.doc, x.s, x.e
    if x.label in ("ORG", "GPE") and x.pl is None and doc[s].lower_.rstrip(".") in PERSON_TITLES:
        k = s
        while k < e and doc[k].lower_.rstrip(".") in PERSON_TITLES:
            k += 1
        rest = doc[k:e]
        if len(rest) >= 2 and all(t.is_title and t.is_alpha for t in rest) and (
                doc[k - 1].text.endswith(".") or census_first_name(rest[0].lower_)
                or rest[0].lower_ in FIRST_NAME_GENDER):
            x.s, x.label = k, "PERSON"
    return False


def _described_person(x: _Name) -> bool:
    """'Oksana, a 54-year-old teacher from Kramatorsk,', 'Her husband, Vasyl,' (NER: ORG): a name an
    apposition describes as a person, or in apposition to a person noun, is a person.
    Example: Her husband, Vasyl, went out to find water."""
    doc, s, e = x.doc, x.s, x.e
    if x.label in ("ORG", "GPE", None) and x.pl is None and (
            described_as_person(doc[e - 1]) or e - s == 1 and names_a_person_noun(doc[s])):
        x.label = "PERSON"
    return False


def _title_compound(x: _Name) -> bool:
    """'Commander Syrskyi' (NER: PERSON 'Syrskyi'): a capitalised compound before a one-word person that
    is no title of TITLES is part of the name.
    Example: Ombudsman Lubinets said the prisoners were home."""
    doc, s, e = x.doc, x.s, x.e
    if x.label == "PERSON" and s > 0 and e - s == 1:
        p = doc[s - 1]
        if p.is_title and p.dep_ == "compound" and p.head.i == s and p.ent_type_ == "" \
                and p.lower_.rstrip(".") not in TITLES:
            x.s = s - 1
    return False


def _person_in_place_slot(x: _Name) -> bool:
    """'fighting near Chasiv Yar' (NER: PERSON 'Yar'): a lone 'person' after 'in'/'near', or named as
    'the town of X', is a place the places pass missed.
    Example: Fighting raged near Chasiv Yar on Monday."""
    if x.label == "PERSON" and x.e - x.s == 1 and x.pl is None and _looks_like_place(x.doc[x.s]):
        x.label = "GPE"
    return False


def _facility(x: _Name) -> bool:
    """'Nasser Hospital', 'Lincoln High School' (NER: PERSON): an institution named after someone.
    Example: Doctors at Nasser Hospital treated the wounded."""
    if x.label == "PERSON" and x.e - x.s > 1 and x.doc[x.e - 1].lower_ in FACILITY_WORDS:
        x.label = "ORG"
    return False


def _time_zone(x: _Name) -> bool:
    """'at 05.00 GMT' (NER: ORG): a time zone is a time, not an organisation.
    Example: The talks resumed at 10:00 BST on Monday and ended at 18:00 BST."""
    return x.label in ("ORG", "PERSON") and x.e - x.s == 1 and x.doc[x.s].text in TIME_ZONES


def _military_unit(x: _Name) -> bool:
    """'the 47th Mechanized Brigade' is a UNIT (a number in it); 'the Freedom Legion' an ORG.
    Example: Members of American Legion Post 31 gathered on Monday."""
    span = x.doc[x.s:x.e].text
    if x.label == "ORG" and UNIT_WORDS.search(span) and x.doc[x.s].text[:1].isupper():
        x.label = "UNIT" if re.search(r"\d", span) else "ORG"
    return False


LABEL_RULES = (_first_name_org, _place_name, _no_type, _ranks_before_name, _described_person, _title_compound,
               _person_in_place_slot, _facility, _time_zone, _military_unit)


def _typed_spans(doc: Doc, places: _Places) -> list[list]:
    """[tok_start, tok_end, type(, owner start)] of the article's names: NER's, typed by LABEL_RULES, and
    the places NER missed; sorted."""
    raw: list[list] = []
    covered: set[int] = set()
    singles = {e.text for e in doc.ents if len(e) == 1 and e.label_ in ("ORG", "GPE", "PERSON", "PRODUCT")}
    rules = LABEL_RULES
    for ent in doc.ents:
        s, e = _strip(doc, ent.start, ent.end, ent.label_)
        if s >= e or not any(ch.isupper() for ch in doc[s:e].text):
            continue  # names are capitalised; 'eastern' tagged NORP/ORG is not an actor
        x = _Name(doc, s, e, TYPE_MAP.get(ent.label_), places, singles, covered)
        if any(rule(x) for rule in rules):
            continue
        raw.append([x.s, x.e, x.label])
    for pl in places.spans:
        if pl[0] in covered:
            continue
        span = doc.char_span(pl[0], pl[1], alignment_mode="expand")
        if span is not None and len(span):
            raw.append([span.start, span.end, "LOC" if pl[2] in _PLACE_LIKE_CLASSES else "GPE"])
    raw.sort()
    # "Russia's Freedom Legion": an organisation owned by a place is named with it
    for r in raw:
        if r[2] in ("ORG", "UNIT") and r[0] >= 2 and doc[r[0] - 1].text in ("'s", "\u2019s") \
                and doc[r[1] - 1].dep_ != "compound":
            owner = doc[r[0] - 2]
            if owner.text[:1].isupper():
                r.append(owner.left_edge.i if owner.left_edge.i >= r[0] - 4 else r[0] - 2)
    return raw


def described_as_person(t: Token) -> bool:
    """A lone name with an apposition giving an age or a person noun ('Oksana, 54, a teacher')."""
    if not t.is_title:
        return False
    for c in t.rights:
        if c.dep_ != "appos":
            continue
        if c.like_num or c.lower_ in _PERSON_NOUNS:
            return True
        if any("year-old" in x.lower_ or x.lower_ == "old" for x in c.subtree) and c.i - t.i <= 6:
            return True
    return False


def names_a_person_noun(t: Token) -> bool:
    """A lone name in apposition to a person noun: 'Her husband, Vasyl, went out'."""
    return t.is_title and t.dep_ == "appos" and t.head.lower_ in _PERSON_NOUNS and t.head.i < t.i


def _looks_like_place(t: Token) -> bool:
    """A lone 'PERSON' after 'in'/'near' or named as 'the town of X' is a place the places pass missed."""
    h = t.head
    if t.dep_ == "pobj" and h.lower_ in _PLACE_PREPS:
        return True
    if t.dep_ == "pobj" and h.lower_ == "of" and h.head.lower_ in _PLACE_NOUNS:
        return True
    return t.dep_ in ("appos", "compound") and h.lower_ in _PLACE_NOUNS


def _place_reading(t: Token) -> bool:
    """A gazetteer word used as a place here ('in Shelby', 'from Jordan'), not as a person."""
    return _looks_like_place(t) or (t.dep_ == "pobj" and t.head.lower_ in ("from", "to", "at", "of"))
