"""The rules' verdict on each gazetteer match: ``VETOES`` (never a place, whatever speaks for it), then
``ACCEPT_RULES`` in order (the first that decides: a place, MAYBE — only next to the article's other
places — or not), over the evidence of one match (the NER label over it and how its entity lines up,
how well known the name is, the cue before it, person names, common words); and one sense per
article afterwards."""
from __future__ import annotations

from spacy.lang.en.stop_words import STOP_WORDS

from newsgraph.extract.places.cues import _cue, _in_a_county_list, _in_dateline
from newsgraph.extract.places.guards import _heads_an_organisation
from newsgraph.extract.places.matching import _Article, _Match, _ner_relation, _of, _prev_words, _Toks
from newsgraph.extract.places.namesakes import _strength
from newsgraph.extract.places.words import (COMMON, DIRECTIONS, DISEASE_NEXT, INSTITUTION, NOT_PERSON_AFTER,
                                            NOT_PERSON_BEFORE, OTHER_NAME_LABELS, PARTY_WORDS, PLACE_LABELS,
                                            TITLES, TOWN_OFFICES, words)

STREET_WORDS = words("street_words")
FEATURE_AFTER = words("feature_after")
WATER_AFTER = words("water_after")
WATER_BEFORE = words("water_before")
OFFICE_AFTER_TOWN = words("office_after_town")

MAYBE = None  # weak evidence: kept only when the place lies near the article's other places
# How prominent a place must be to count when it opens an organisation's name ("Laurel County High School").
INSIDE_ORG_MIN = 1.0


def _person_tokens(ents, texts: list[str]) -> set[str]:
    """Tokens of multi-word person names in the article: 'Henry' after 'Chiquita Raquel Henry'."""
    out = set()
    for e in ents:
        if e.label_ == "PERSON" and len(e) >= 2:
            for i in range(e.start, e.end):
                t = texts[i]
                if not t[:1].isupper():
                    continue
                if (i + 1 < len(texts) and texts[i + 1] == "-") or (i and texts[i - 1] == "-") \
                        or (i + 1 < e.end and (texts[i + 1].lower().rstrip(".") in NOT_PERSON_AFTER
                                                or texts[i + 1].lower().rstrip(".") in TITLES)) \
                        or (i > e.start and texts[i - 1].lower() in NOT_PERSON_BEFORE):
                    continue  # the small model's "Egypt-US", "Darby Street", "Historic Dublin" name no one
                out.add(t)
    return out


# -- VETOES: never a place (the trained scorer is not asked); each takes (tokens, match, entity by token) --

def _after_a_title(tk: _Toks, m: _Match, ent_of: list) -> bool:
    """'President Jackson', 'Mr. Paris': a name after a title is a person's."""
    prev = _prev_words(tk, m.start, 1)
    return bool(prev) and prev[0].rstrip(".") in TITLES and tk.cap[m.start - 1]


def _a_persons_first_name(tk: _Toks, m: _Match, ent_of: list) -> bool:
    """'Paris Hilton', 'Sydney Smith': one word opening a person's name the model found (not a town before
    its office: 'Avondale Mayor Ed Rieker', 'Kharkiv Governor Oleh Syniehubov')."""
    return m.end - m.start == 1 and m.end < len(tk.texts) and tk.cap[m.end] and ent_of[m.end] is not None \
        and ent_of[m.end].label_ == "PERSON" and ent_of[m.start] is ent_of[m.end] \
        and tk.lower[m.end].rstrip(".") not in OFFICE_AFTER_TOWN


def _a_year_before_christ(tk: _Toks, m: _Match, ent_of: list) -> bool:
    """'100 B.C.': a date, not British Columbia."""
    return m.key in ("b.c.", "bc", "b.c") and m.start > 0 and tk.texts[m.start - 1][:1].isdigit()


def _a_direction_or_stop_word(tk: _Toks, m: _Match, ent_of: list) -> bool:
    """'North', 'Most' alone: a direction, or a stop word not written in capitals."""
    return m.end - m.start == 1 and (m.key in DIRECTIONS or (m.key in STOP_WORDS
                                                             and not tk.text[m.cs:m.ce].isupper()))


def _a_short_acronym(tk: _Toks, m: _Match, ent_of: list) -> bool:
    """'SWAT', 'PA': four capitals or fewer, no dot, no curated short form (not a dateline's 'KYIV')."""
    if m.end - m.start != 1:
        return False
    text = tk.text[m.cs:m.ce]
    return "." not in text and text.isupper() and sum(ch.isalpha() for ch in text) <= 4 \
        and not any(c.curated for c in m.cands) and not _in_dateline(tk, m)


def _a_disease(tk: _Toks, m: _Match, ent_of: list) -> bool:
    """'West Nile virus', 'Marburg virus': a disease named after a place."""
    return m.pair_with is None and not m.contained_by and m.end < len(tk.texts) and tk.lower[m.end] in DISEASE_NEXT


def _names_a_street(tk: _Toks, m: _Match, ent_of: list) -> bool:
    """'a fire on Memphis Street', '2517 Memphis St., Alexandria': a place's name before a capitalised
    street word names the street, not the place (a county's stays the county's: 'Douglas County Road 4')."""
    j = m.end
    return j < len(tk.texts) and tk.cap[j] and tk.lower[j].rstrip(".") in STREET_WORDS \
        and not m.key.endswith((" county", " parish"))


def _opens_a_feature_name(tk: _Toks, m: _Match, ent_of: list) -> bool:
    """'caught in the area of Roanoke Park in Kansas City', 'the Swat Valley': a little-known place's name
    before a capitalised landform or park word opens that feature's name, which the gazetteer lacks (a
    well-known one stays: 'the Las Vegas Valley' is around Las Vegas)."""
    j = m.end
    return j < len(tk.texts) and tk.cap[j] and tk.lower[j] in FEATURE_AFTER and _of(m, _strength) < 2.5


def _names_a_water_body(tk: _Toks, m: _Match, ent_of: list) -> bool:
    """'trash found in the Sacramento River', 'the Boston Harbor tunnels', 'near Lake Vermont', 'the Gulf
    of Maine', 'cargo at the Port of Los Angeles': a place's name inside a water's (or port's) name the
    gazetteer lacks names the water, not the place, however well known the place (the gazetteer's own
    water names, 'Dnipro River', 'Lake Ontario', 'Delaware Bay', are matched whole before this)."""
    j = m.end
    if j < len(tk.texts) and tk.cap[j] and tk.lower[j] in WATER_AFTER and not tk.sent[j]:
        return True
    i = m.start
    if i >= 1 and tk.cap[i - 1] and not tk.sent[i] and tk.lower[i - 1] in ("lake", "loch"):
        return True
    return i >= 2 and tk.lower[i - 1] == "of" and tk.cap[i - 2] and tk.lower[i - 2] in WATER_BEFORE


VETOES = (_after_a_title, _a_persons_first_name, _a_year_before_christ, _a_direction_or_stop_word,
          _a_short_acronym, _a_disease, _names_a_street, _opens_a_feature_name, _names_a_water_body,
          _heads_an_organisation)


def _vetoed(tk: _Toks, m: _Match, ent_of: list) -> bool:
    """Never a place, whatever else speaks for it: one of ``VETOES``, in order."""
    for veto in VETOES:
        if veto(tk, m, ent_of):
            return True
    return False


class _Evidence:
    """What the accept rules read about one match, computed once."""

    __slots__ = ("tk", "m", "ent_of", "label", "rel", "strength", "cue", "text", "single", "common")

    def __init__(self, tk: _Toks, m: _Match, ent_of: list, lower_words: set[str]):
        self.tk, self.m, self.ent_of = tk, m, ent_of
        self.label, self.rel = _ner_relation(tk, m, ent_of)
        self.strength = _of(m, _strength)
        self.cue = _cue(tk, m)
        self.text = tk.text[m.cs:m.ce]
        self.single = m.end - m.start == 1
        self.common = m.key in COMMON or m.key in lower_words


_GO_ON = object()  # an accept rule that does not decide


# -- ACCEPT_RULES: in order; each returns True, MAYBE or False, or _GO_ON to leave it to the next -------

def _paired(ev: _Evidence, persons: set[str]):
    """'Paris, Tennessee': a name in a 'Town, State' pair is a place."""
    return True if ev.m.pair_with is not None or ev.m.contained_by else _GO_ON


def _a_dateline(ev: _Evidence, persons: set[str]):
    """'Madison will dump assessors. DANIELSVILLE - Madison County commissioners voted': an upper-case
    dateline is a place, whatever longer name the model put it in."""
    return True if not ev.common and _in_dateline(ev.tk, ev.m) else _GO_ON


def _a_listed_county(ev: _Evidence, persons: set[str]):
    """'Small Hitchcock and Hayes counties in southwest Nebraska': a name with a county namesake, listed
    before 'counties', is a place whatever the model called it."""
    m = ev.m
    return True if _in_a_county_list(ev.tk, m) and any(c.fcode == "ADM2" for c in m.cands) else _GO_ON


def _tail_of_a_longer_name(ev: _Evidence, persons: set[str]):
    """'Taco Bell', 'Freedom Legion': a little-known name after another capitalised word is the tail of
    a longer name (unless the model calls exactly it a place)."""
    tk, m = ev.tk, ev.m
    if ev.single and m.start > 0 and tk.cap[m.start - 1] and ev.strength < 2.0 and not tk.sent[m.start - 1] \
            and tk.lower[m.start - 1] not in DIRECTIONS and tk.lower[m.start - 1] not in STOP_WORDS \
            and tk.idx[m.start - 1] + len(tk.texts[m.start - 1]) < tk.idx[m.start] \
            and not (ev.label in PLACE_LABELS and ev.rel == "exact"):
        return False
    return _GO_ON


def _part_of_a_persons_name(ev: _Evidence, persons: set[str]):
    """'Henry' after 'Chiquita Raquel Henry': a word of a person's name, without a strong cue."""
    return False if ev.single and ev.text in persons and ev.cue < 2 else _GO_ON


def _labelled_a_place(ev: _Evidence, persons: set[str]):
    """'The talks were held in Vilnius', tagged GPE: a place, unless a common or little-known word inside a
    longer place name ('Ridge' in 'Glacier Ridge', 'Lake' in 'Lake Lanier', 'Valley' in 'Red River Valley')."""
    if ev.label not in PLACE_LABELS:
        return _GO_ON
    if ev.rel == "inside" and ev.single and (ev.strength < 2.0 or ev.common):
        return False
    if ev.rel in ("exact", "inside", "covers"):
        return not (ev.common and ev.strength < 2.5 and ev.cue == 0 and ev.m.key not in ("us", "uk", "eu"))
    return ev.strength >= 2.0 or ev.cue >= 1


def _inside_another_name(ev: _Evidence, persons: set[str]):
    """Part of a larger name: 'Laurel County High School', 'the U.S. House', 'Dublin Mayor Marilee …'
    count; 'Paris Hilton', 'Texas Instruments', 'United Russia', 'Free Syrian Army' do not."""
    tk, m, label, strength = ev.tk, ev.m, ev.label, ev.strength
    if label not in OTHER_NAME_LABELS or ev.rel != "inside":
        return _GO_ON
    if ev.common:
        return False
    ent = ev.ent_of[m.start]
    at_start = m.start == ent.start or all(t == "the" for t in tk.lower[ent.start:m.start])
    if not at_start and tk.lower[m.start - 1] in PARTY_WORDS:
        return False  # a party or a movement
    if label in ("ORG", "FAC"):
        region = any(c.fcode in ("ADM1", "PCLI") and (c.is_name or c.curated) for c in m.cands)
        if at_start and strength < (2.5 if region else 3.0) \
                and not any(t.rstrip(".") in INSTITUTION for t in tk.lower[m.end:ent.end]):
            return False
        return strength >= (INSIDE_ORG_MIN if at_start else 2.0)
    if label == "NORP":
        return strength >= 2.5
    if at_start and m.end < ent.end and tk.lower[m.end].rstrip(".") in TOWN_OFFICES:
        return True  # 'Dublin Mayor Marilee …' (the model: a person, or a work of art), 'Oxford MPP'
    return False


def _a_common_word(ev: _Evidence, persons: set[str]):
    """'Liberty', 'Orange': a common word is a place only with a strong cue and a well-known namesake."""
    return ev.cue >= 2 and ev.strength >= 2.0 if ev.common else _GO_ON


def _a_peoples_word(ev: _Evidence, persons: set[str]):
    """'German troops' (an alternate name of San Germán), 'Jewish': a people's word tagged NORP and known
    only as an alternate name of somewhere: no place."""
    if ev.label == "NORP" and ev.rel == "exact" and not any(c.is_name for c in ev.m.cands):
        return False
    return _GO_ON


def _labelled_another_name(ev: _Evidence, persons: set[str]):
    """Exactly a name of another kind: 'Toyota', 'Lincoln' the company or the man are places only next to
    the article's places (MAYBE), unless well known or cued."""
    label, strength, cue = ev.label, ev.strength, ev.cue
    if label not in OTHER_NAME_LABELS or ev.rel != "exact":
        return _GO_ON
    if label in ("ORG", "FAC") and cue == 0 and strength < 2.5:
        return MAYBE
    if label == "PERSON":
        ok = strength >= 2.0 or (cue >= 2 and strength >= 0.5) or (not ev.single and cue >= 1)
    else:
        ok = strength >= 2.0 or (cue >= 1 and strength >= 1.0) or (cue >= 2 and strength >= 0.5)
    return True if ok else (MAYBE if cue >= 1 or label in ("PRODUCT", "ORG") else False)


def _labelled_no_name(ev: _Evidence, persons: set[str]):
    """A DATE, a CARDINAL, ... ('Earth Day'): no place."""
    return False if ev.label is not None and ev.label not in OTHER_NAME_LABELS else _GO_ON


def _by_strength_and_cue(ev: _Evidence, persons: set[str]):
    """No entity (or one that only overlaps): well known or cued ('in Pokrovsk') is a place, a weak
    cue or several words MAYBE."""
    strength, cue = ev.strength, ev.cue
    if strength >= 2.5 or (cue >= 1 and strength >= 1.0) or (cue >= 2 and strength >= 0.5):
        return True
    return MAYBE if cue >= 1 or not ev.single else False


ACCEPT_RULES = (_paired, _a_dateline, _a_listed_county, _tail_of_a_longer_name, _part_of_a_persons_name, _labelled_a_place, _inside_another_name,
                _a_common_word, _a_peoples_word, _labelled_another_name, _labelled_no_name, _by_strength_and_cue)


def _accept(tk: _Toks, m: _Match, ent_of: list, persons: set[str], lower_words: set[str],
            vetoed: bool | None = None) -> bool | None:
    """True (a place), MAYBE (only near the article's other places) or False, by the rules alone
    (``vetoed``: ``_vetoed``'s answer when the caller has it)."""
    if vetoed if vetoed is not None else _vetoed(tk, m, ent_of):
        return False
    ev = _Evidence(tk, m, ent_of, lower_words)
    for rule in ACCEPT_RULES:
        verdict = rule(ev, persons)
        if verdict is not _GO_ON:
            return verdict
    return False  # not reached: the last rule always decides


def _one_sense_per_article(a: _Article) -> None:
    """A name taken as a place once ('the area of Malakal') is one wherever else the NER did not call
    that very mention a person or cut it out of a longer name ('Darfur and Malakal'); 'the town of
    Brant' counts for the bare name too."""
    tk, verdicts = a.tk, a.verdicts
    sure = {m.key.split("|")[0] for m, v in zip(a.matches, verdicts) if v is True}
    for i, (m, v) in enumerate(zip(a.matches, verdicts)):
        if v is not True and m.key.split("|")[0] in sure:
            label, rel = _ner_relation(tk, m, a.ent_of)
            prev = _prev_words(tk, m.start, 1)
            if label != "PERSON" and rel in ("exact", "none") and tk.text[m.cs:m.ce] not in a.persons \
                    and not (prev and prev[0].rstrip(".") in TITLES and tk.cap[m.start - 1]):
                verdicts[i] = True
