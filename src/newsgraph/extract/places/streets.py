"""Streets: a capitalised name ending in a street word ('a fire on Memphis Street', '2517 Memphis St.,
Alexandria') is a place below the gazetteer. It is placed at the town it lies in, the way a city's
district is (``narrowing._districts_of_cities``): that town's point, named '<street>, <town>', with no
GeoNames id and kind 'street' — never given coordinates of its own, and never emitted when the article
names no town to put it in.

``STREET_VETOES`` (in order) say a street-shaped name is no street here; ``TOWN_RULES`` (in order) find
the town, the first that answers decides. The street words are the places extractor's ``street_words``
list (``words.tsv``), the names that stand for something else its ``street_metonyms`` list. The
setting ``place_streets`` (true) switches the stage off.
"""
from __future__ import annotations

from collections import Counter

from spacy.lang.en.stop_words import STOP_WORDS

from newsgraph.extract.places.matching import _Article, _Match, _Toks
from newsgraph.extract.places.words import words
from newsgraph.gazetteer import Candidate, name_key

STREET_WORDS = words("street_words")
STREET_METONYMS = words("street_metonyms")
STREET_NAME_WORDS = words("street_name_words")
MAX_NAME_TOKENS = 3


def _is_street_word(tk: _Toks, j: int) -> bool:
    return tk.cap[j] and tk.lower[j].rstrip(".") in STREET_WORDS


def _name_start(tk: _Toks, j: int) -> int:
    """Where the street's name before the street word ``j`` starts (``j`` when it has none): up to three
    capitalised words or ordinals ('Fifth Avenue', '42nd Street', 'Hyland-Croy Road'), not across a
    sentence start, without a leading stop word ('The'), unless one that names streets ('First Avenue',
    the ``street_name_words`` list)."""
    i = j
    words_taken = 0
    while i > 0 and words_taken < MAX_NAME_TOKENS and not tk.sent[i]:
        t = tk.texts[i - 1]
        if t == "-" and i >= 2 and tk.idx[i - 1] == tk.end(i - 2) and tk.idx[i] == tk.end(i - 1) \
                and not _is_street_word(tk, i - 2):
            i -= 1  # a glued hyphen inside the name ('Hyland-Croy Road'; not 'Trafalgar Street-Clarke Road')
            continue
        ordinal = t[:1].isdigit() and t[-2:].lower() in ("st", "nd", "rd", "th")
        if not (ordinal or tk.cap[i - 1] and not any(ch.isdigit() for ch in t)):
            break  # 'the A406 North Circular Road' is named from 'North'
        i -= 1
        words_taken += 1
    while i < j and tk.lower[i] in STOP_WORDS and tk.lower[i] not in STREET_NAME_WORDS:
        i += 1
    while i < j and tk.texts[i] == "-":
        i += 1
    return i


# -- STREET_VETOES: a street-shaped name that is no street here; each takes (article, start, word) --------

def _a_street_standing_for_something_else(a: _Article, s: int, j: int) -> bool:
    """'Wall Street rallied', 'Downing Street said': a street whose name stands for markets or a
    government (the ``street_metonyms`` list)."""
    return name_key(a.tk.text[a.tk.idx[s]:a.tk.end(j)]) in STREET_METONYMS


def _a_persons_name(a: _Article, s: int, j: int) -> bool:
    """'driver Virginia L. Lane, 77, and a passenger': a first name and a middle initial before the word
    make it a person's name (a direction's initial stays a street's: 'W. Main St.')."""
    return any(len(t) == 2 and t[0].isupper() and t[1] == "." and t[0] not in "NSEW" for t in a.tk.texts[s:j])


def _opens_a_longer_name(a: _Article, s: int, j: int) -> bool:
    """'a fifth-grader at Pleasant Lane School', 'the Upper King Street Neighborhood Association': the
    street's name opens a school's or a group's name (a capitalised word follows it)."""
    tk = a.tk
    k = j + 1
    return k < len(tk.texts) and tk.cap[k] and not tk.sent[k] and tk.idx[k] == tk.end(j) + 1


def _a_county_road(a: _Article, s: int, j: int) -> bool:
    """'east of Perham near Otter Tail County Road 80': a county's numbered road (the county is the
    place the rules find)."""
    return any(t == "county" for t in a.tk.lower[s:j])


def _inside_a_place_found(a: _Article, s: int, j: int) -> bool:
    """'a project on North Druid Hills Road' where the rules took North Druid Hills for a place: the place
    found stays, no street is laid over it."""
    return any(m.start <= j and s < m.end for m in a.kept)


STREET_VETOES = (_a_street_standing_for_something_else, _a_persons_name, _opens_a_longer_name, _a_county_road,
                 _inside_a_place_found)


# -- TOWN_RULES: the town a street lies in; each takes (article, street end token, towns) ------------------

def _town_named_after_it(a: _Article, end: int, towns: dict[int, _Match]) -> Candidate | None:
    """'a brush fire on Center Street in Torrington', '2517 Memphis St., Alexandria': the town named
    right after the street."""
    tk = a.tk
    k = end
    if k < len(tk.texts) and tk.lower[k] in (",", "in"):
        m = towns.get(k + 1)
        if m is not None:
            return m.chosen
    return None


def _the_articles_town(a: _Article, end: int, towns: dict[int, _Match]) -> Candidate | None:
    """'Police closed Main Street on Friday' in a story that names Alexandria three times: the town the
    article names most (the first of those named as often), when it names one."""
    if not towns:
        return None
    count = Counter(m.chosen.pid for m in towns.values())
    first = {}
    for st in sorted(towns):
        first.setdefault(towns[st].chosen.pid, towns[st].chosen)
    best = max(first, key=lambda pid: count[pid])  # max keeps the first of equals (dicts keep order)
    return first[best]


TOWN_RULES = (_town_named_after_it, _the_articles_town)


def _street_end(tk: _Toks, j: int) -> int:
    """The last token of a street's name ending in word ``j``: an abbreviated word takes the dot the
    tokenizer split from it ('20 Nordland Ave., Lebanon')."""
    if tk.lower[j] in ("st", "ave", "rd", "blvd", "pkwy") and j + 1 < len(tk.texts) and tk.texts[j + 1] == "." \
            and tk.idx[j + 1] == tk.end(j) and j + 2 < len(tk.texts) and not tk.sent[j + 2]:
        return j + 1
    return j


def _street_match(tk: _Toks, s: int, j: int, town: Candidate) -> _Match:
    j = _street_end(tk, j)
    name = tk.text[tk.idx[s]:tk.end(j)]
    c = Candidate(pid=-2, geonameid=None, name=f"{name}, {town.name}", lat=town.lat, lon=town.lon,
                  country_code=town.country_code, feature_class="R", fcode="ST", admin1=town.admin1,
                  admin1_code=town.admin1_code, population=0, is_name=False)
    m = _Match(s, j + 1, name_key(name) + "|street", (c,), tk.idx[s], tk.end(j))
    m.chosen = c
    return m


def _find_streets(a: _Article) -> None:
    """'a fire on Memphis Street', '2517 Memphis St., Alexandria': streets, placed at their town."""
    if not getattr(a.settings, "place_streets", True):
        return
    tk = a.tk
    towns = {m.start: m for m in a.kept if m.chosen is not None and m.chosen.feature_class == "P"
             and m.chosen.geonameid is not None}
    found = []
    for j in range(1, len(tk.texts)):
        if not _is_street_word(tk, j):
            continue
        s = _name_start(tk, j)
        if s >= j or any(v(a, s, j) for v in STREET_VETOES):
            continue
        town = None
        for rule in TOWN_RULES:
            town = rule(a, _street_end(tk, j) + 1, towns)
            if town is not None:
                break
        if town is not None:
            found.append(_street_match(tk, s, j, town))
    if found:
        a.kept = sorted(a.kept + found, key=lambda m: m.start)
