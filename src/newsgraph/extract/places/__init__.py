"""Places: toponyms recognised in the text and resolved offline against the gazetteer.

Recognition does not trust spaCy's labels alone (the small model tags Kharkiv as PERSON and
Kramatorsk as PRODUCT). Every run of capitalised tokens is matched against the gazetteer (all of an
article's candidate names in one batched lookup, longest match first), and each match is kept or
dropped on its evidence: the NER label over it, a cue before it (``in``, ``near``, ``the town of``,
``east of``), a ``Town, State`` pair, how prominent the place is (country, region, large city), and
filters against person names (a surname seen in a full name, a title before it, the first word of a
person's name), common words, acronyms and the tails of longer names ("Taco Bell"). A name with weak
evidence is kept only when one of its namesakes lies near the article's other places ("battles for
Chasiv Yar" next to Kramatorsk). A place at the head of an institution's name counts ("Laurel County
High School", "the U.S. House"). Spans never include a leading "the" or a possessive ``'s``.

Since issue 17 the evidence is weighed by a trained scorer (``extract/place_scorer.py``, logistic
regression over named features, trained on the train part of LGL/TR-News/GeoVirus), within hard vetoes
(titles, acronyms, a place name opening an organisation's or outlet's name: 'The Lebanon Herald') and
guards (a minor town abroad that nothing in the article supports; a district named with its city lies
inside that city); names no exact key finds are looked up by a coarse romanisation key ('Nabatiyeh').
See docs/places.md.

Resolution picks one namesake per name and article: population and feature type as the prior, a
penalty for matching only an alternate name (Pokrovsk is an old name of Engels, Artemivsk of
Bakhmut), the ``Town, State`` pair, votes for the countries and first-level regions the article is
about, the distance to its unambiguous places, and mutual support between ambiguous names with
namesakes close together (Paris and Henry County, both in Tennessee). A state's own name stays the
state (Florida next to New York places), a country's name stays the country unless the article is
about a town of that name's own region (Lebanon among Boone County, Indiana towns), and a city beats
a same-named region around it (Kyiv). Names with no gazetteer entry are not emitted: coordinates are
never invented.

Cost: token data is read once as arrays, lookups are batched and cached per process, spatial
support uses a grid; time grows linearly with the text (benchmarks/bench_places.py).

Hand-over for later extractors: ``record.places`` (sorted by offset), which the entities extractor
types as GPE/LOC, and ``ctx.demonym_spans``, a people's adjectives it keeps as NORP.
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from spacy.attrs import ENT_IOB, ENT_TYPE, IDX, LENGTH, SENT_START
from spacy.lang.en.stop_words import STOP_WORDS

from newsgraph.extract import Context, extractor
from newsgraph.extract.entities import described_as_person
from newsgraph.extract.place_scorer import get_scorer
from newsgraph.gazetteer import Candidate, get_gazetteer, loose_key, name_key, place_kind
from newsgraph.record import Place
from newsgraph.extract.places.words import (
    CONNECT as _CONNECT,
    DISEASE_NEXT as _DISEASE_NEXT,
    PEOPLES as _PEOPLES,
    ARABIC_ARTICLES as _ARABIC_ARTICLES,
    STRONG_CUE as _STRONG_CUE,
    WAR_CUE as _WAR_CUE,
    WEAK_CUE as _WEAK_CUE,
    PLACE_NOUNS as _PLACE_NOUNS,
    DIRECTIONS as _DIRECTIONS,
    TITLES as _TITLES,
    COMMON as _COMMON,
    INSTITUTION as _INSTITUTION,
    PLACE_LABELS as _PLACE_LABELS,
    PARTY_WORDS as _PARTY_WORDS,
    OTHER_NAME_LABELS as _OTHER_NAME_LABELS,
    AFTER_CUE as _AFTER_CUE,
    NOT_PERSON_AFTER as _NOT_PERSON_AFTER,
    NOT_PERSON_BEFORE as _NOT_PERSON_BEFORE,
    ORG_HEADS as _ORG_HEADS,
    OUTLET_BEFORE as _OUTLET_BEFORE,
    DISTRICT_WORDS as _DISTRICT_WORDS,
    TOWN_OFFICES as _TOWN_OFFICES,
    HOME_NEXT as _HOME_NEXT,
    WATER_WORDS as _WATER_WORDS,
    REGION_WORDS as _REGION_WORDS,
    TOWN_WORDS as _TOWN_WORDS,
    ORG_SUFFIX as _ORG_SUFFIX,
)

MAX_NGRAM = 6
# Resolution weights: the capital bonus, the country-of-the-article vote, nearby namesakes of other names.
B_PPLC = 2.5
W_COUNTRY = 5.0
W_SUPPORT = 1.2
# How prominent a place must be to count when it opens an organisation's name ("Laurel County High School").
INSIDE_ORG_MIN = 1.0
# A first-level region below this population is not prominent on its own (Saba, BQ: 3,298 people).
SMALL_ADM1 = 50_000
# Switches for rules, so an evaluation can measure each one's share (on by default).
WAR_CUES = True  # 'encircle Pokrovsk', 'recaptured Kupiansk'
LIST_AFTER_STRONG = True  # 'encircle Pokrovsk and Kostiantynivka': the second shares the first's cue

def _names_a_people(tk: _Toks, m: _Match, peoples: dict) -> bool:
    """'clashes between Arab tribes', 'Somali forces': a people's name or adjective, not the small town
    or the region of that name (Arab, Alabama; Ethiopia's Somali Region, which news writes with its
    'Region'). 'Saudi' names Saudi Arabia, the place its people are from, and stays a place."""
    if m.end - m.start != 1 or m.pair_with is not None or m.contained_by:
        return False
    if m.key in _PEOPLES:
        return _strength(m.cands) < 2.5
    people = peoples.get(tk.texts[m.start])
    return people is not None and not any(c.pid == people.pid for c in m.cands) \
        and not (m.end < len(tk.texts) and tk.lower[m.end] in _REGION_WORDS | {"state", "region"})




@dataclass
class _Match:
    start: int  # token indices [start, end)
    end: int
    key: str
    cands: tuple[Candidate, ...]
    cs: int = 0  # character span
    ce: int = 0
    pair_with: "_Match | None" = None  # "Town, State": the container after the comma
    contained_by: list = field(default_factory=list)
    chosen: Candidate | None = None
    list_cue: int = 0  # the cue of the list it stands in ('near Toretsk, Vuhledar and Kupiansk')
    loose: bool = False  # found by its coarse romanisation key only ('Nabatiyeh' for 'Nabatieh')


def _prior(c: Candidate) -> float:
    """How likely a namesake is before any context: prominence and type."""
    s = math.log10(c.population + 10)
    if c.fcode in ("PCLI", "PCLH"):
        s += 3.0
    elif c.fcode == "CONT":
        s += 2.5
    elif c.fcode == "ADM1":
        s += 0.8
    elif c.fcode == "ADM2":
        s -= 0.8
    elif c.fcode == "PPLC":
        s += B_PPLC
    elif c.feature_class in ("L", "H", "T"):
        # regions and seas have no population: rate them like a large city
        s = max(s, 6.0) + 1.0
    if not c.is_name:
        s -= 1.5 if c.population < 1_000_000 else 0.5
    return s


def _strength(cands: tuple[Candidate, ...]) -> float:
    """How well-known the most prominent namesake is, matching by its own name (or a curated short form)."""
    best = 0.0
    for c in cands:
        if c.fcode in ("PCLI", "PCLH", "CONT") or (c.feature_class in ("L", "H", "T") and c.geonameid is None):
            v = 3.0
        elif c.fcode == "ADM1":
            v = 2.5 if c.population >= SMALL_ADM1 else 1.0
        elif c.fcode == "PPLC":
            v = 2.5
        elif c.population >= 500_000:
            v = 2.5
        elif c.population >= 100_000:
            v = 2.0
        elif c.population >= 20_000 or c.fcode == "ADM2":
            v = 1.0
        else:
            v = 0.5
        if not c.is_name:
            v -= 0.5
        best = max(best, v)
    return best


def _km(a: Candidate, b: Candidate) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def _contains(container: Candidate, c: Candidate) -> bool:
    """Is ``c`` inside ``container`` (a country or a first-level region)?"""
    if container.fcode in ("PCLI", "PCLH"):
        return c.country_code == container.country_code and c.pid != container.pid
    if container.fcode == "ADM1":
        return c.admin1_code is not None and c.admin1_code == container.admin1_code and c.pid != container.pid
    return False


class _Toks:
    """Plain lists of what the extractor reads per token (spaCy's Token objects are slow to make)."""

    __slots__ = ("text", "texts", "lower", "idx", "cap", "sent")

    def __init__(self, doc):
        self.text = text = doc.text
        arr = doc.to_array([IDX, LENGTH, SENT_START]).tolist() if len(doc) else []
        self.idx = [r[0] for r in arr]
        self.texts = [text[i:i + n] for i, n, _ in arr]
        self.lower = [t.lower() for t in self.texts]
        # capitalised, or an elided article before a capital: Côte d'Ivoire, Val d'Isère
        self.cap = [bool(t) and (t[0].isupper() or t[:1] in "dl" and t[1:2] in "'\u2019" and t[2:3].isupper())
                    for t in self.texts]
        self.sent = [r[2] == 1 for r in arr]  # 1 = starts a sentence (0/-1 otherwise or unparsed)

    def end(self, i: int) -> int:
        return self.idx[i] + len(self.texts[i])


class _Ent:
    """An entity as token bounds and label (``doc.ents`` walks every token on each access)."""

    __slots__ = ("start", "end", "label_")

    def __init__(self, start: int, end: int, label: str):
        self.start, self.end, self.label_ = start, end, label

    def __len__(self) -> int:
        return self.end - self.start


def _entities(doc) -> list[_Ent]:
    if not len(doc) or not doc.has_annotation("ENT_IOB"):
        return []
    rows = doc.to_array([ENT_IOB, ENT_TYPE]).tolist()
    strings = doc.vocab.strings
    out: list[_Ent] = []
    cur = None
    for i, (iob, typ) in enumerate(rows):
        if iob == 3:  # B
            cur = _Ent(i, i + 1, strings[typ])
            out.append(cur)
        elif iob == 1 and cur is not None and cur.end == i:  # I
            cur.end = i + 1
        else:
            cur = None
    return out


def _runs(tk: _Toks) -> list[tuple[int, int]]:
    """Maximal runs of capitalised tokens, allowing name connectors between them."""
    runs, i, n = [], 0, len(tk.texts)
    cap, lower = tk.cap, tk.lower
    while i < n:
        if not cap[i]:
            i += 1
            continue
        j = i + 1
        while j < n:
            if cap[j]:
                if tk.sent[j]:
                    break
                j += 1
                continue
            # connector followed (possibly after more connectors) by a capitalised token
            k = j
            while k < n and k - j < 3 and (lower[k] in _CONNECT or lower[k] in _ARABIC_ARTICLES
                                           and k + 1 < n and tk.texts[k + 1] == "-"):
                k += 1
            if k > j and k < n and cap[k] and "\n" not in tk.text[tk.idx[j]:tk.idx[k]]:
                j = k
                continue
            break
        runs.append((i, j))
        i = j
    return runs


def _find_matches(tk: _Toks, gaz) -> list[_Match]:
    runs = _runs(tk)
    keys: dict[tuple[int, int], str] = {}
    lower, texts, n = tk.lower, tk.texts, len(tk.texts)
    for rs, re_ in runs:
        for s in range(rs, re_):
            if lower[s] in _CONNECT and not tk.cap[s]:
                continue  # a name may open with a capitalised one: 'The Hague', 'El Fasher', 'La Paz'
            for e in range(s + 1, min(re_, s + MAX_NGRAM) + 1):
                if lower[e - 1] in _CONNECT:
                    continue
                k = name_key(tk.text[tk.idx[s]:tk.end(e - 1)])
                keys[(s, e)] = k
                # "Ga." / "W.Va": an abbreviation's final dot may be its own token, or missing
                if e < n and texts[e] == "." and tk.end(e - 1) == tk.idx[e]:
                    keys[(s, e + 1)] = k + "."
    found = gaz.lookup_many(set(keys.values()))
    # names no exact key finds: their coarse romanisation ('Nabatiyeh', 'Tal Rifaat', 'Deir Ezzor')
    lkeys = {k: loose_key(k) for k in set(keys.values()) if k not in found and k[-1:] != "."}
    lfound = gaz.lookup_loose_many(lkeys.values())
    matches = []
    for rs, re_ in runs:
        s = rs
        while s < re_:
            best = None
            for e in range(min(re_ + 1, s + MAX_NGRAM + 1), s, -1):
                k = keys.get((s, e))
                if k and k in found:
                    if e - s > 1 and lower[e - 1] == "city" and keys.get((s, e - 1)) in found \
                            and not any(c.feature_class == "P" and c.is_name for c in found[k]):
                        continue  # "Dublin City Council": the city is Dublin (but Mexico City is a city's name)
                    best = _Match(s, e, k, found[k])
                    break
                if k and lkeys.get(k) in lfound and not tk.lower[s] in _COMMON:
                    best = _Match(s, e, k + "|loose", lfound[lkeys[k]], loose=True)
                    break
            if best is None:
                s += 1
                continue
            s = best.end
            while best.start < best.end - 1 and lower[best.start] == "the":
                best.start += 1
            if sum(ch.isalpha() for ch in best.key) >= 2:
                matches.append(best)
    for m in matches:
        m.cs, m.ce = tk.idx[m.start], tk.end(m.end - 1)
    return matches


def _prev_words(tk: _Toks, i: int, n: int = 3) -> list[str]:
    out = []
    j = i - 1
    while j >= 0 and len(out) < n:
        t = tk.lower[j]
        if t == "the":
            j -= 1
            continue
        out.append(t)
        j -= 1
    return out


def _cue(tk: _Toks, m: _Match) -> int:
    """2 for a strong cue before the name, 1 for a weak one (or a local-news noun after it), 0 for none."""
    prev = _prev_words(tk, m.start)
    p0 = prev[0] if prev else ""
    if p0 in _STRONG_CUE or WAR_CUES and p0 in _WAR_CUE:
        return 2
    if m.list_cue:
        return m.list_cue
    if p0 == "of" and len(prev) > 1 and (prev[1] in _PLACE_NOUNS or prev[1] in _DIRECTIONS or prev[1] == "outskirts"):
        return 2
    if p0 in _PLACE_NOUNS and len(prev) > 1 and prev[1] in _DIRECTIONS:
        return 1
    if p0 in _WEAK_CUE:
        return 1
    if m.end < len(tk.texts) and tk.texts[m.end] in _AFTER_CUE:
        return 1  # "Rochester man", "Dublin residents"
    if _in_dateline(tk, m):
        return 2
    if m.start >= 3 and tk.texts[m.start - 1] == "-" and tk.texts[m.start - 2] in ("R", "D", "I") \
            and tk.texts[m.start - 3] in (",", "("):
        return 2  # a US legislator's party and home town: 'Marty Seifert, R-Marshall,'
    return 0


def _in_dateline(tk: _Toks, m: _Match) -> bool:
    """A dateline: 'DEIR AL-BALAH, Gaza Strip (AP) —', 'VIENNA/KYIV, Sept 4 (Reuters) -'."""
    if not tk.text[m.cs:m.ce].isupper() or _DATELINE.match(tk.text, m.ce) is None:
        return False
    line = tk.text.rfind("\n", 0, m.cs) + 1
    # at the line's start, or after the headline on the same line ('… master carver. WOODBURY — The …')
    start = max(line, tk.text.rfind(". ", line, m.cs) + 2)
    return _DATELINE_HEAD.fullmatch(tk.text, start, m.cs) is not None


# Before a dateline's place on its line, at most a first place and '/'; after it, a region or date and an
# agency, then a dash ('KYIV, Nov 3 (Reuters) -').
_DATELINE_HEAD = re.compile(r"(?:[A-Z][A-Z .'-]*/)?")
_DATELINE = re.compile(r"(?:/[A-Z][A-Z .'-]*)?(?:,[^\n()\u2014\u2013]{0,40})?\s*(?:\([A-Za-z .]{2,20}\)\s*)?"
                       r"(?:--|[-\u2014\u2013])\s")




def _ner_relation(tk: _Toks, m: _Match, ent_of: list) -> tuple[str | None, str]:
    """(label, relation) of the entity over the match: exact / inside / covers / none."""
    labels = [ent_of[i] for i in range(m.start, m.end)]
    ents = {id(e): e for e in labels if e is not None}
    if not ents:
        return None, "none"
    if len(ents) > 1:
        e = max(ents.values(), key=len)
    else:
        e = next(iter(ents.values()))
    es, ee = e.start, e.end
    # the entity with a leading "the" or a trailing possessive counts as the same span
    while es < ee and tk.lower[es] == "the":
        es += 1
    while ee > es and tk.texts[ee - 1] in ("'s", "'", "s"):
        ee -= 1
    if (es, ee) == (m.start, m.end):
        return e.label_, "exact"
    if es <= m.start and ee >= m.end:
        return e.label_, "inside"
    if m.start <= es and m.end >= ee:
        return e.label_, "covers"
    return e.label_, "partial"


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
                        or (i + 1 < e.end and (texts[i + 1].lower().rstrip(".") in _NOT_PERSON_AFTER
                                                or texts[i + 1].lower().rstrip(".") in _TITLES)) \
                        or (i > e.start and texts[i - 1].lower() in _NOT_PERSON_BEFORE):
                    continue  # the small model's "Egypt-US", "Darby Street", "Historic Dublin" name no one
                out.add(t)
    return out






def _vetoed(tk: _Toks, m: _Match, ent_of: list) -> bool:
    """Never a place, whatever else speaks for it (the trained scorer is not asked): a name after a title
    ('President Jackson', 'Mr. Paris'), a person's first name ('Paris Hilton'), '100 B.C.', a direction
    or stop word alone ('North', 'Most'), a short acronym ('SWAT', 'PA'; not a dateline's 'KYIV'), a
    disease named after a place ('West Nile virus')."""
    text = tk.text[m.cs:m.ce]
    single = m.end - m.start == 1
    prev = _prev_words(tk, m.start, 1)
    if prev and prev[0].rstrip(".") in _TITLES and tk.cap[m.start - 1]:
        return True
    if single and m.end < len(tk.texts) and tk.cap[m.end] and ent_of[m.end] is not None \
            and ent_of[m.end].label_ == "PERSON" and ent_of[m.start] is ent_of[m.end]:
        return True
    key = m.key
    if key in ("b.c.", "bc", "b.c") and m.start > 0 and tk.texts[m.start - 1][:1].isdigit():
        return True
    if single and (key in _DIRECTIONS or (key in STOP_WORDS and not text.isupper())):
        return True
    letters = [ch for ch in text if ch.isalpha()]
    if single and "." not in text and len(letters) <= 4 and text.isupper() and not any(c.curated for c in m.cands) \
            and not _in_dateline(tk, m):
        return True
    if m.pair_with is None and not m.contained_by and m.end < len(tk.texts) and tk.lower[m.end] in _DISEASE_NEXT:
        return True
    return _heads_an_organisation(tk, m)




def _heads_an_organisation(tk: _Toks, m: _Match) -> bool:
    """'The Lebanon Herald', 'Sudan Armed Forces', 'Gaza Health Ministry', 'Media Congo': the place name
    opens (or ends, after an outlet word) an organisation's capitalised name, so it names the
    organisation, not the place; a lower-case 'Gaza health ministry' is the place's ministry."""
    n = len(tk.texts)
    j = m.end
    if j < n and tk.texts[j] in ("'s", "\u2019s", "'"):
        return False  # "Britain's Health Protection Agency": the country's agency, and the country named
    for _ in range(4):
        if j >= n or not (tk.cap[j] or tk.texts[j] in ("'s", "\u2019s")) or tk.sent[j]:
            break
        if tk.lower[j] in _ORG_HEADS:
            return True
        j += 1
    i = m.start - 1
    return i >= 0 and tk.cap[i] and not tk.sent[m.start] and tk.lower[i] in _OUTLET_BEFORE


def _loose_in_article(matches: list[_Match], verdicts: list, which) -> list[_Match]:
    """The matches with verdict ``which``; one found only by its coarse romanisation key ('Nabatiyeh') keeps
    only its namesakes in the countries of the article's other places ('Lebanon said five people were
    killed … in Nabatiyeh'), and is dropped when it has none there: a loose spelling is no evidence on its
    own."""
    countries = {_best_prior(m.cands).country_code for m, v in zip(matches, verdicts) if v is True and not m.loose}
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
                and sum(ccs.values()) - ccs[c.country_code] >= 2 and _strength(m.cands) < 2.0 \
                and _cue(tk, m) < 2 and m.pair_with is None and not m.contained_by \
                and c.feature_class == "P":
            continue
        out.append(m)
    return out


DISTRICT_KM = 30.0


def _districts_of_cities(tk: _Toks, matches: list[_Match], kept: list[_Match]) -> list[_Match]:
    """A district named with its city ('the Shevchenkivskyi district of Zaporizhzhia', 'Kharkiv's
    Industrialnyi district') lies inside that city: its namesake within DISTRICT_KM of the city when the
    gazetteer has one (Kyiv's Obolon), else the city's own point, named '<district> district, <city>' with
    no GeoNames id and kind 'district' (never a same-named village in another region)."""
    n = len(tk.texts)
    city_at = {m.start: m for m in kept if m.chosen is not None and m.chosen.feature_class == "P"}
    city_end = {m.end: m for m in kept if m.chosen is not None and m.chosen.feature_class == "P"}
    by_span = {(m.start, m.end): m for m in matches}
    out = list(kept)
    kept_ids = {id(m) for m in kept}
    for w in range(1, n):
        if tk.lower[w] not in _DISTRICT_WORDS or not tk.cap[w - 1]:
            continue
        ds = w - 1
        while ds > 0 and tk.cap[ds - 1] and not tk.sent[ds] and w - ds < 4:
            ds -= 1
        if ds >= 2 and tk.texts[ds - 1] == "-" and tk.lower[ds - 2] in _ARABIC_ARTICLES | {"al", "el"}:
            ds -= 2  # 'the al-Manara neighbourhood of Khan Younis'
        city = None
        j = w + 1
        if j < n and tk.lower[j] in ("of", "in"):
            j += 1
            if j < n and tk.lower[j] == "the":
                j += 1
            city = city_at.get(j)
        if city is None and ds >= 2 and tk.texts[ds - 1] in ("'s", "\u2019s", "'"):
            city = city_end.get(ds - 1)
        while ds < w - 1 and tk.lower[ds] in ("the", "a"):
            ds += 1
        if city is None or city.start <= ds < city.end:
            continue
        c = city.chosen
        m = by_span.get((ds, w))
        inside = [x for x in (m.cands if m else ()) if _km(x, c) <= DISTRICT_KM and x.pid != c.pid]
        name = tk.text[tk.idx[ds]:tk.end(w - 1)]
        chosen = max(inside, key=lambda x: x.population) if inside else Candidate(
            pid=-1, geonameid=None, name=f"{name} district, {c.name}", lat=c.lat, lon=c.lon,
            country_code=c.country_code, feature_class="P", fcode="PPLX", admin1=c.admin1,
            admin1_code=c.admin1_code, population=0, is_name=False)
        if m is None:
            m = _Match(ds, w, name_key(name) + "|district", (chosen,), tk.idx[ds], tk.end(w - 1))
        m.chosen = chosen
        if id(m) not in kept_ids:
            if any(k.start < w and ds < k.end for k in out):
                continue  # overlaps a place already found
            out.append(m)
            kept_ids.add(id(m))
    return sorted(out, key=lambda m: m.start)


def _inside_other_name(tk: _Toks, m: _Match, ent_of: list) -> bool:
    """A name inside a longer person's, organisation's or product's name ('Paris Hilton', 'United Russia',
    'Laurel County High School'): the rules decide (an institution of the place counts, a person or a
    party named like it does not), never the trained scorer, so such a name stays what it is."""
    label, rel = _ner_relation(tk, m, ent_of)
    return label in _OTHER_NAME_LABELS and rel == "inside"


def _prominent_place(tk: _Toks, m: _Match, ent_of: list, verdict) -> bool:
    """A country, a capital or a large city the rules took for a place and the model did not call
    anything else ('Berlin', 'Kharkiv' in a list of places): a place, whatever the rest of the article
    names; the trained scorer is not asked."""
    if verdict is not True or _strength(m.cands) < 2.5:
        return False
    label, _ = _ner_relation(tk, m, ent_of)
    return label is None or label in _PLACE_LABELS


def _accept(tk: _Toks, m: _Match, ent_of: list, persons: set[str], lower_words: set[str]) -> bool | None:
    if _vetoed(tk, m, ent_of):
        return False
    label, rel = _ner_relation(tk, m, ent_of)
    strength = _strength(m.cands)
    cue = _cue(tk, m)
    text = tk.text[m.cs:m.ce]
    single = m.end - m.start == 1
    key = m.key
    common = key in _COMMON or key in lower_words
    if m.pair_with is not None or m.contained_by:
        return True
    if single and m.start > 0 and tk.cap[m.start - 1] and strength < 2.0 and not tk.sent[m.start - 1] \
            and tk.lower[m.start - 1] not in _DIRECTIONS and tk.lower[m.start - 1] not in STOP_WORDS \
            and tk.idx[m.start - 1] + len(tk.texts[m.start - 1]) < tk.idx[m.start] \
            and not (label in _PLACE_LABELS and rel == "exact"):
        return False  # the tail of a longer name: "Taco Bell", "Freedom Legion"
    if single and text in persons and cue < 2:
        return False
    if label in _PLACE_LABELS:
        if rel == "inside" and single and (strength < 2.0 or common):
            return False  # "Ridge" in "Glacier Ridge", "Lake" in "Lake Lanier", "Valley" in "Red River Valley"
        if rel in ("exact", "inside", "covers"):
            return not (common and strength < 2.5 and cue == 0 and key not in ("us", "uk", "eu"))
        return strength >= 2.0 or cue >= 1
    if label in _OTHER_NAME_LABELS and rel == "inside":
        # part of a larger name: "Laurel County High School", "the U.S. House", "Russian-Ukraine"
        if common:
            return False
        ent = ent_of[m.start]
        at_start = m.start == ent.start or all(t == "the" for t in tk.lower[ent.start:m.start])
        if not at_start and tk.lower[m.start - 1] in _PARTY_WORDS:
            return False  # "United Russia", "Free Syrian Army": a party or a movement
        if label in ("ORG", "FAC"):
            region = any(c.fcode in ("ADM1", "PCLI") and (c.is_name or c.curated) for c in m.cands)
            if at_start and strength < (2.5 if region else 3.0) \
                    and not any(t.rstrip(".") in _INSTITUTION for t in tk.lower[m.end:ent.end]):
                return False  # "Paris Hilton", "Texas Instruments"; but "Laurel County High School"
            return strength >= (INSIDE_ORG_MIN if at_start else 2.0)
        if label == "NORP":
            return strength >= 2.5
        if at_start and m.end < ent.end and tk.lower[m.end].rstrip(".") in _TOWN_OFFICES:
            return True  # 'Dublin Mayor Marilee …' (the model: a person, or a work of art), 'Oxford MPP'
        return False
    if common:
        return cue >= 2 and strength >= 2.0
    if label == "NORP" and rel == "exact" and not any(c.is_name for c in m.cands):
        return False  # "Jewish" as an alternate name of somewhere
    if label in _OTHER_NAME_LABELS and rel == "exact":
        if label in ("ORG", "FAC") and cue == 0 and strength < 2.5:
            return MAYBE  # "Toyota", "Lincoln" the company or the man: only next to the article's places
        if label == "PERSON":
            ok = strength >= 2.0 or (cue >= 2 and strength >= 0.5) or (not single and cue >= 1)
        else:
            ok = strength >= 2.0 or (cue >= 1 and strength >= 1.0) or (cue >= 2 and strength >= 0.5)
        return True if ok else (MAYBE if cue >= 1 or label in ("PRODUCT", "ORG") else False)
    if label is not None and label not in _OTHER_NAME_LABELS:
        return False  # DATE, CARDINAL, ...
    # no entity at all
    if strength >= 2.5 or (cue >= 1 and strength >= 1.0) or (cue >= 2 and strength >= 0.5):
        return True
    return MAYBE if cue >= 1 or not single else False



MAYBE = None  # weak evidence: kept only when the place lies near the article's other places
NEAR_KM = 60.0


def _near_kept(m: _Match, kept: list[_Match], _memo: dict | None = None) -> bool:
    """Does a namesake of ``m`` lie within NEAR_KM of one of the article's first 200 local places?
    ``_memo`` (one per article) keeps the local places and each name's answer: a name repeated a
    thousand times is measured once."""
    memo = _memo if _memo is not None else {}
    if m.key in memo:
        return memo[m.key]
    local = memo.get(None)
    if local is None:
        local = memo[None] = [k.chosen for k in kept if k.chosen is not None
                              and k.chosen.fcode not in ("PCLI", "PCLH", "CONT", "ADM1")
                              and k.chosen.feature_class != "L"][:200]
    memo[m.key] = _near_any(m, local)
    return memo[m.key]


def _near_any(m: _Match, local: list) -> bool:
    for c in m.cands:
        if not c.is_name or (c.population < 1000 and c.fcode != "ADM2"):
            continue
        if any(_km(c, x) <= NEAR_KM for x in local):
            return True
    return False


B_HOME = 5.0


def _resolve(matches: list[_Match], home: frozenset = frozenset(), local: Counter | None = None) -> None:
    """Pick one namesake per name (the same name means the same place within an article).

    ``home``: names written as a local paper writes its own town; the namesakes in the country that
    ``local`` (the article's other evidence) shows most get ``B_HOME``, unless the article names
    another namesake's country (Paris firefighters in a story with dollar amounts, London city
    council next to Ontario).
    """
    if not matches:
        return
    by_key: dict[str, list[_Match]] = defaultdict(list)
    for m in matches:
        by_key[m.key].append(m)
    choice: dict[str, Candidate] = {}
    fixed: set[str] = set()
    # "Town, State": the pair decides both names
    for m in matches:
        if m.pair_with is not None:
            pairs = [(c, p) for c in m.cands for p in m.pair_with.cands if _contains(p, c)]
            if pairs:
                c, p = max(pairs, key=lambda cp: _prior(cp[0]) + _prior(cp[1]))
                if p.fcode == "PCLI":
                    c = _city_of_region(c, m.cands)  # 'Kharkiv, Ukraine' is the city, not the oblast
                m.chosen, m.pair_with.chosen = c, p
    # pass 1: prior only, to learn which countries and regions the article is about
    for k, ms in by_key.items():
        paired = [m.chosen for m in ms if m.chosen is not None]
        if paired:
            choice[k] = Counter(paired).most_common(1)[0][0]
            fixed.add(k)
        else:
            choice[k] = _best_prior(ms[0].cands)
    support = _mutual_support(by_key)
    mentioned_admin1 = {c.admin1_code for ms in by_key.values() for c in ms[0].cands
                        if c.fcode == "ADM1" and c.is_name and c.admin1_code}
    for _ in range(2):
        countries: Counter = Counter()
        admin1s: Counter = Counter()
        anchors: list[tuple[str, Candidate]] = []
        own_vote: dict[str, tuple[float, float]] = {}  # a name's own country and region votes, to leave out
        for k, c in choice.items():
            cands = by_key[k][0].cands
            n = len(by_key[k])
            sure = k in fixed or len({x.country_code for x in cands}) == 1 or c.fcode in ("PCLI", "ADM1")
            w = (1.0 if sure else 0.4) * (1 + math.log(n))
            if c.fcode in ("PCLI", "ADM1"):
                w *= 1.5
            wa = w * (2.0 if c.fcode == "ADM1" else 1.0)
            own_vote[k] = (w, wa)
            if c.country_code:
                countries[c.country_code] += w
            if c.admin1_code:
                admin1s[c.admin1_code] += wa
            if (sure or len(cands) <= 2) and c.fcode not in ("PCLI", "PCLH", "CONT") and c.feature_class != "L":
                anchors.append((k, c))
        total = sum(countries.values()) or 1.0
        admin_total = sum(admin1s.values()) or 1.0
        new: dict[str, Candidate] = {}
        for k, ms in by_key.items():
            cands = ms[0].cands
            if k in fixed or len(cands) == 1:
                new[k] = choice[k]
                continue
            own = choice[k]
            w_own, wa_own = own_vote[k]
            big_admin = any(x.is_name and x.fcode in ("PCLI", "ADM1") for x in cands)
            state_named = any(x.is_name and x.fcode == "ADM1" and x.population >= 500_000
                              and countries[x.country_code] - (w_own if own.country_code == x.country_code else 0) > 0
                              for x in cands)

            local_cc = None
            if k in home and local:
                ccs = {x.country_code for x in cands if x.country_code and local[x.country_code] > 0}
                if ccs:
                    local_cc = max(sorted(ccs), key=lambda cc: local[cc])
            home_ok = local_cc is not None and not any(
                x.country_code != local_cc and x.country_code
                and countries[x.country_code] - (w_own if own.country_code == x.country_code else 0) > 0
                for x in cands)

            def score(c: Candidate) -> float:
                s = _prior(c)
                if home_ok and c.country_code == local_cc and c.feature_class == "P" and c.is_name \
                        and c.population >= 1000:
                    s += B_HOME
                if not c.is_name and any(x.is_name for x in cands):
                    s -= 2.5  # Pokrovsk is an old name of Engels, but also a town's own name
                    if any(x.is_name and x.fcode in ("PCLI", "ADM1") for x in cands):
                        s -= 10.0  # "Mexico" is the country, not Mexico City
                if c.country_code:
                    votes = countries[c.country_code] - (w_own if own.country_code == c.country_code else 0)
                    s += W_COUNTRY * max(0.0, votes) / total
                region_votes = 0.0
                if state_named and c.fcode not in ("PCLI", "ADM1", "PPLC"):
                    return s  # "Florida" next to New York places is the state, not Florida, N.Y.
                if c.admin1_code:
                    region_votes = admin1s[c.admin1_code] - (wa_own if own.admin1_code == c.admin1_code else 0)
                    if region_votes > 0.5:
                        s += 1.0 + 2.0 * region_votes / admin_total  # Indiana named five times beats Kentucky once
                    elif c.fcode != "ADM1" and c.admin1_code in mentioned_admin1:
                        s += 1.5
                if big_admin and c.fcode not in ("PCLI", "ADM1", "PPLC") and region_votes <= 0.5:
                    # "California" names the state even next to the town of California, Pa., unless
                    # the article is about the town's own region (Lebanon among Boone County towns)
                    return s
                s += W_SUPPORT * support.get((k, c.pid), 0)
                if c.fcode not in ("PCLI", "PCLH", "CONT") and c.feature_class != "L":
                    # a river's point is one spot of a long course: near only to the river named again
                    d = min((_km(a, c) for ak, a in anchors[:60]
                             if ak != k and (a.feature_class != "H" or c.feature_class == "H")), default=1e9)
                    s += 2.5 if d < 50 else 1.5 if d < 150 else 0.6 if d < 400 else 0.0
                return s

            new[k] = max(cands, key=score)
        choice = new
    for k, c in list(choice.items()):
        choice[k] = _city_of_region(c, by_key[k][0].cands)
    for k, ms in by_key.items():
        for m in ms:
            if m.chosen is None or k not in fixed:
                m.chosen = choice[k]


def _city_of_region(c: Candidate, cands: tuple[Candidate, ...]) -> Candidate:
    """A city and a region of the same name, close together: news means the city."""
    if c.fcode in ("ADM1", "ADM2"):
        for x in cands:
            if x.feature_class == "P" and x.is_name and x.country_code == c.country_code and _km(x, c) < 150 \
                    and x.population >= 0.2 * c.population:
                return x
    return c


def _home_names(tk: _Toks, kept: list[_Match]) -> tuple[frozenset, Counter]:
    """Names used as a local paper uses its home town, and how much the rest of the article shows each
    country (its unambiguous places, countries and states named; dollar amounts lean to the US)."""
    home = frozenset(m.key for m in kept
                     if m.end < len(tk.texts) and tk.lower[m.end].rstrip(".") in _HOME_NEXT
                     and any(c.feature_class == "P" for c in m.cands)
                     and not any(c.is_name and c.fcode in ("ADM1", "PCLI") for c in m.cands))  # "Indiana State Police"
    votes: Counter = Counter()
    if not home:
        return home, votes
    for m in kept:
        if m.key in home:
            continue
        ccs = {c.country_code for c in m.cands}
        if len(ccs) == 1 and None not in ccs:
            votes[next(iter(ccs))] += 1
        else:
            for c in m.cands:
                if c.fcode in ("ADM1", "PCLI") and (c.is_name or c.curated) and c.country_code:
                    votes[c.country_code] += 1
                    break
    if "$" in tk.text:
        votes["US"] += 0.5
    return home, votes


def _mutual_support(by_key: dict[str, list[_Match]], per_name: int = 12, km: float = 100.0) -> dict:
    """For each (name, local candidate): how many other names have a namesake within ``km``.

    Two ambiguous names that have namesakes close together (Paris and Henry County, both in
    Tennessee) support each other. Candidates go in a 1-degree grid, so this is linear in the
    number of names times ``per_name``.
    """
    grid: dict[tuple[int, int], list[tuple[str, Candidate]]] = defaultdict(list)
    local: list[tuple[str, Candidate]] = []
    for k, ms in by_key.items():
        cands = [c for c in ms[0].cands if c.fcode not in ("PCLI", "PCLH", "CONT", "ADM1") and c.feature_class != "L"]
        if len(cands) > per_name:
            cands = sorted(cands, key=_prior, reverse=True)[:per_name]
        for c in cands:
            grid[(int(math.floor(c.lat)), int(math.floor(c.lon)))].append((k, c))
            local.append((k, c))
    out: dict[tuple[str, int], int] = {}
    if len(by_key) < 2:
        return out
    for k, c in local:
        gy, gx = int(math.floor(c.lat)), int(math.floor(c.lon))
        names = set()
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                for k2, c2 in grid.get((gy + dy, gx + dx), ()):
                    if c2.feature_class == "H" and c.feature_class != "H":
                        continue  # a river's point is one spot of a long course (see the anchors in _resolve)
                    if k2 != k and k2 not in names and _km(c, c2) <= km:
                        names.add(k2)
                        if len(names) >= 3:
                            break
        if names:
            out[(k, c.pid)] = len(names)
    return out


def _best_prior(cands: tuple[Candidate, ...]) -> Candidate:
    has_name = any(x.is_name for x in cands)
    return max(cands, key=lambda c: _prior(c) - (2.5 if has_name and not c.is_name else 0.0))


def _narrow(m: _Match, cands: tuple[Candidate, ...], why: str) -> None:
    """Keep only ``cands`` for this mention; its key changes so that the one-sense-per-name rule does not
    carry the narrowed reading to the name's other mentions, or theirs to it."""
    m.cands = cands
    m.key += "|" + why




def _bare_name_is_no_river(tk: _Toks, m: _Match) -> None:
    """English names a river with 'the' ('across the Dnipro', 'the Dnieper') or with its feature word
    ('Dnipro River'); 'lives in Dnipro' is the city. Without either, a river namesake is dropped when
    there is another, and the mention keeps a key of its own (one sense per name and form). Oceans
    and seas go bare ('North Atlantic', 'trans-Pacific') and are left alone."""
    if not any(c.fcode == "STM" for c in m.cands) or all(c.feature_class == "H" for c in m.cands):
        return
    if (m.start > 0 and tk.lower[m.start - 1] == "the") \
            or any(w in _WATER_WORDS for w in tk.lower[m.start:min(m.end + 1, len(tk.lower))]):
        return
    _narrow(m, tuple(c for c in m.cands if c.fcode != "STM"), "not river")




def _region_word_after(tk: _Toks, m: _Match) -> str | None:
    """The region word after a name ('Kharkiv oblast') or after the list it opens or stands in
    ('the Odesa, Dnipropetrovsk and Chernihiv regions'), in the singular."""
    n = len(tk.lower)
    if m.end < n and tk.lower[m.end] in _REGION_WORDS:
        return tk.lower[m.end]
    j = m.end
    while j < n and j - m.end < 12 and (tk.texts[j] in (",", "and") or tk.cap[j]):
        j += 1
    if j < n and tk.lower[j].endswith("s") and tk.lower[j][:-1] in _REGION_WORDS \
            and tk.lower[j - 1] not in (",", "and"):
        return tk.lower[j][:-1]
    return None


def _town_word_is_the_town(tk: _Toks, m: _Match) -> None:
    """'the southern city of Zaporizhzhia', 'the town of Kupiansk': the town, not the region of its name."""
    prev = _prev_words(tk, m.start, 2)
    if len(prev) == 2 and prev[0] == "of" and prev[1] in _TOWN_WORDS:
        towns = tuple(c for c in m.cands if c.feature_class == "P")
        if towns and len(towns) < len(m.cands):
            _narrow(m, towns, "town")




def _region_word_is_the_region(tk: _Toks, m: _Match, gaz) -> None:
    """'the governor of Belgorod region', 'Kharkiv oblast': the first- or second-level region, not the
    city of that name that news otherwise means (the mention keeps a key of its own). The gazetteer's
    own 'X oblast' / 'X region' entry wins: 'the Kyiv region' is Kyiv Oblast, not the capital city's
    own first-level unit."""
    word = _region_word_after(tk, m)
    if word is None:
        return
    named = {c.pid: c for w in dict.fromkeys((word, "oblast", "region", "province"))
             for c in gaz.lookup(f"{m.key} {w}") if c.fcode == "ADM1"}
    if named:
        _narrow(m, tuple(named.values()), "region")
        return
    # 'the Houston region' is the metro area, not Houston County: a bare 'region' only means a state-level one
    levels = ("ADM1",) if word == "region" else ("ADM1", "ADM2")
    # ... and one at least half the size of the largest town of the name ('the Charlotte region' is not
    # a parish of St Vincent)
    town = max((c.population for c in m.cands if c.feature_class == "P"), default=0)
    regions = tuple(c for c in m.cands if c.fcode in levels and c.population >= 0.5 * town)
    if regions and len(regions) < len(m.cands):
        _narrow(m, regions, "region")


# Demonyms ("Russian troops", "Palestinians") are not place names, so by default they are not places:
# the seed article's gold leaves them out, as does GeoVirus. LGL and TR-News count them, so
# the setting place_demonyms adds them for users who follow that convention (measured in the README).
# spaCy tags most demonyms NORP; inside an organisation's name ("Russian Defence Ministry") one is left out.
_DEMONYM_LABELS = {"NORP", "GPE", "LOC", None}


def _demonyms(tk: _Toks, ent_of: list, taken: list[bool], gaz) -> list[_Match]:
    """'Russian troops', 'Palestinians', 'a Sri Lankan court': the country, continent or region named by
    its adjective or its people. Never a language ('spoke in Russian' is tagged LANGUAGE), never a word
    of another name, never inside a place already found."""
    table = gaz.demonyms()
    out = []
    n, i = len(tk.texts), 0
    while i < n:
        hit = None
        if tk.cap[i] and not taken[i]:
            for k in (3, 2, 1):  # longest form first: 'Papua New Guinean', 'Sri Lankan'
                j = i + k
                if j > n or any(taken[i:j]) or any(tk.idx[t + 1] != tk.end(t) + 1 for t in range(i, j - 1)):
                    continue
                c = table.get(" ".join(tk.texts[i:j]))
                if c is not None:
                    hit = (j, c)
                    break
        if hit is None:
            i += 1
            continue
        j, c = hit
        ent = ent_of[i]
        if (ent.label_ if ent is not None else None) in _DEMONYM_LABELS:
            m = _Match(i, j, c.name.lower(), (c,), tk.idx[i], tk.end(j - 1))
            m.chosen = c
            out.append(m)
        i = j
    return out


@extractor("places", needs=("ner",), produces=("places", "demonym_spans"))
def extract_places(ctx: Context) -> None:
    doc = ctx.doc
    if len(doc) == 0:
        return
    gaz = get_gazetteer()
    tk = _Toks(doc)
    matches = _find_matches(tk, gaz)
    if not matches and not ctx.settings.place_demonyms:
        return
    ent_of: list = [None] * (len(doc) + 1)
    ents = _entities(doc)
    for e in ents:
        for i in range(e.start, e.end):
            ent_of[i] = e
    persons = _person_tokens(ents, tk.texts)
    lower_words = {t for t in tk.texts if len(t) > 3 and t.islower()}
    # "Town, State" and "Town, Country": the pair supports both names
    by_start = {m.start: m for m in matches}
    for m in matches:
        if m.end + 1 < len(doc) and tk.texts[m.end] == ",":
            nxt = by_start.get(m.end + 1)
            if nxt is not None and any(c.fcode in ("ADM1", "PCLI") for c in nxt.cands):
                if any(_contains(p, c) for c in m.cands for p in nxt.cands):
                    m.pair_with = nxt
                    nxt.contained_by.append(m)
    # 'near Toretsk, Vuhledar and Kupiansk': the names listed after a cued place share its cue
    # (a name after a comma only when the list goes on after it: 'in Boston, Wagner said' is no list)
    by_end = {m.end: m for m in matches}
    for m in matches:
        sep = tk.texts[m.start - 1] if m.start > 0 else ""
        goes_on = m.end < len(tk.texts) and tk.texts[m.end] in (",", "and", "or")
        before = by_end.get(m.start - 1) if sep in ("and", "or") or sep == "," and goes_on else None
        ent = ent_of[before.start] if before is not None else None
        if ent is not None and ent.label_ in _PLACE_LABELS:
            m.list_cue = before.list_cue or _cue(tk, before)
        elif LIST_AFTER_STRONG and before is not None and (before.list_cue or _cue(tk, before)) >= 2:
            m.list_cue = 2  # 'encircle Pokrovsk and Kostiantynivka': the model called the first a person
    verdicts = [_accept(tk, m, ent_of, persons, lower_words) for m in matches]
    scorer = get_scorer(enabled=ctx.settings.place_scorer)
    if scorer is not None or COLLECT is not None:
        verdicts = _scored(tk, matches, verdicts, ent_of, persons, lower_words, scorer)
    peoples = gaz.demonyms()
    for i, m in enumerate(matches):
        if _names_a_people(tk, m, peoples):
            verdicts[i] = False
        if m.end - m.start == 1 and described_as_person(doc[m.start]) \
                and not (m.start > 0 and tk.lower[m.start - 1] in _STRONG_CUE | _WEAK_CUE | {"from"}):
            # 'said Natalia, a 63-year-old pensioner': a woman, not Natalia, Texas (but 'two in
            # Victoria, one in South Australia' is the state)
            verdicts[i] = False
    for m in matches:  # which namesakes the words around a name allow (after it was judged a place)
        _bare_name_is_no_river(tk, m)
        _region_word_is_the_region(tk, m, gaz)
        _town_word_is_the_town(tk, m)
    # One sense per article: a name taken as a place once ("the area of Malakal") is one wherever else the
    # NER did not call that very mention a person or cut it out of a longer name ("Darfur and Malakal").
    sure = {m.key.split("|")[0] for m, v in zip(matches, verdicts) if v is True}  # 'the town of Brant' too
    for i, (m, v) in enumerate(zip(matches, verdicts)):
        if v is not True and m.key.split("|")[0] in sure:
            label, rel = _ner_relation(tk, m, ent_of)
            prev = _prev_words(tk, m.start, 1)
            if label != "PERSON" and rel in ("exact", "none") and tk.text[m.cs:m.ce] not in persons \
                    and not (prev and prev[0].rstrip(".") in _TITLES and tk.cap[m.start - 1]):
                verdicts[i] = True
    kept = _loose_in_article(matches, verdicts, True)
    home, local = _home_names(tk, kept)
    _resolve(kept, home, local)
    memo: dict = {}
    maybe = [m for m in _loose_in_article(matches, verdicts, MAYBE) if _near_kept(m, kept, memo)]
    if maybe:  # a weak name next to the article's places: "battles for Chasiv Yar" near Kramatorsk
        kept = sorted(kept + maybe, key=lambda m: m.start)
        for m in kept:
            m.chosen = None
        _resolve(kept, home, local)
    kept = _no_obscure_namesake_abroad(tk, kept)
    kept = _districts_of_cities(tk, matches, kept)
    demonyms = []
    if ctx.settings.place_demonyms:
        taken = [False] * len(doc)
        for m in kept:
            for t in range(m.start, m.end):
                taken[t] = True
        demonyms = _demonyms(tk, ent_of, taken, gaz)
        kept = sorted(kept + demonyms, key=lambda m: m.start)
    places = []
    for m in kept:
        c = m.chosen
        if c is None:
            continue
        places.append(Place(start=m.cs, end=m.ce, text=ctx.record.text[m.cs:m.ce], name=c.name,
                            geonameid=c.geonameid, lat=c.lat, lon=c.lon, country_code=c.country_code,
                            feature_class=c.feature_class, admin1=c.admin1, kind=place_kind(c)))
    places.sort(key=lambda p: p.start)
    ctx.record.places = places
    # a demonym stays a NORP for the entities extractor: 'Russian' is not typed as the GPE Russia
    ctx.demonym_spans = frozenset((m.cs, m.ce) for m in demonyms)


def _scored(tk: _Toks, matches: list[_Match], verdicts: list, ent_of: list, persons: set[str],
            lower_words: set[str], scorer) -> list:
    """The trained scorer's verdict for each match, from its features (the rules' verdict among them)."""
    mentions = Counter(m.key.split("|")[0] for m in matches)
    rule_keys = {m.key.split("|")[0] for m, v in zip(matches, verdicts) if v is True}
    by_key: dict[str, Counter] = defaultdict(Counter)
    for m, v in zip(matches, verdicts):
        if v is True:
            c = _best_prior(m.cands)
            if c.country_code:
                by_key[m.key.split("|")[0]][c.country_code] += 1
    article: Counter = Counter()
    for cnt in by_key.values():
        article.update(cnt)
    out = []
    for m, v in zip(matches, verdicts):
        if _vetoed(tk, m, ent_of):
            out.append(False)
            continue
        if _inside_other_name(tk, m, ent_of) or _prominent_place(tk, m, ent_of, v):
            out.append(v)
            continue
        key = m.key.split("|")[0]
        ccs = article - by_key[key] if key in by_key else article
        f = _features(tk, m, ent_of, persons, lower_words, v, mentions, rule_keys, ccs)
        if COLLECT is not None:
            COLLECT.append((m.cs, m.ce, f, v))
        out.append(scorer.verdict(f) if scorer is not None else v)
    return out


# --- the trained scorer's features (extract/place_scorer.py) ------------------------------------------
_LABEL_FEATS = ("GPE", "LOC", "PERSON", "ORG", "FAC", "NORP", "PRODUCT")
# Set by benchmarks/train_place_scorer.py: a list that receives (start, end, features, rule verdict) per match.
COLLECT: list | None = None


def _features(tk: _Toks, m: _Match, ent_of: list, persons: set[str], lower_words: set[str], verdict,
              mentions: Counter, rule_keys: set[str], article_ccs: Counter) -> dict[str, float]:
    """What the scorer knows about one gazetteer match (names are the weights file's feature names)."""
    f: dict[str, float] = {}
    label, rel = _ner_relation(tk, m, ent_of)
    f["rule_true"] = float(verdict is True)
    f["rule_maybe"] = float(verdict is MAYBE)
    lab = label if label in _LABEL_FEATS else ("none" if label is None else
                                              "othername" if label in _OTHER_NAME_LABELS else "other")
    f["lab_" + lab] = 1.0
    f["rel_" + rel] = 1.0
    f[f"lab_{lab}_{rel}"] = 1.0
    strength = _strength(m.cands)
    f["strength"] = strength
    f["strength_hi"] = float(strength >= 2.5)
    cue = _cue(tk, m)
    f[f"cue{cue}"] = 1.0
    single = m.end - m.start == 1
    f["single"] = float(single)
    f["ntok"] = float(min(m.end - m.start, 4))
    text = tk.text[m.cs:m.ce]
    f["common"] = float(m.key in _COMMON or m.key in lower_words)
    f["in_persons"] = float(text in persons)
    prev = _prev_words(tk, m.start, 1)
    f["title_before"] = float(bool(prev) and prev[0].rstrip(".") in _TITLES and m.start > 0 and tk.cap[m.start - 1])
    f["sent_start"] = float(tk.sent[m.start])
    f["upper"] = float(text.isupper() and len(text) > 2)
    f["dateline"] = float(_in_dateline(tk, m))
    n = len(tk.texts)
    f["prev_cap"] = float(m.start > 0 and tk.cap[m.start - 1] and not tk.sent[m.start]
                          and tk.lower[m.start - 1] not in STOP_WORDS)
    f["next_cap"] = float(m.end < n and tk.cap[m.end] and tk.idx[m.end] == tk.end(m.end - 1) + 1)
    nxt = tk.lower[m.end].rstrip(".") if m.end < n else ""
    f["next_inst"] = float(nxt in _INSTITUTION)
    f["next_org"] = float(nxt in _ORG_SUFFIX)
    f["next_place_noun"] = float(nxt in _PLACE_NOUNS or nxt in _REGION_WORDS)
    f["next_after_cue"] = float(nxt in _AFTER_CUE)
    f["next_comma"] = float(nxt == ",")
    f["prev_of_place_noun"] = float(len(_prev_words(tk, m.start, 2)) == 2 and _prev_words(tk, m.start, 2)[0] == "of"
                                    and _prev_words(tk, m.start, 2)[1] in _PLACE_NOUNS)
    f["pair"] = float(m.pair_with is not None or bool(m.contained_by))
    f["list_cue"] = float(m.list_cue > 0)
    cands = m.cands
    f["has_country"] = float(any(c.fcode in ("PCLI", "PCLH") for c in cands))
    f["has_adm1"] = float(any(c.fcode == "ADM1" for c in cands))
    f["has_adm2"] = float(any(c.fcode == "ADM2" for c in cands))
    f["has_water"] = float(any(c.feature_class == "H" for c in cands))
    f["has_area"] = float(any(c.feature_class in ("L", "T") or c.fcode == "CONT" for c in cands))
    f["only_alias"] = float(not any(c.is_name for c in cands))
    f["curated"] = float(any(c.curated for c in cands))
    f["log_cands"] = math.log1p(len(cands))
    f["log_pop"] = math.log10(max((c.population for c in cands), default=0) + 10) / 7.0
    key = m.key.split("|")[0]
    f["log_mentions"] = math.log1p(mentions[key] - 1)
    f["rule_true_elsewhere"] = float(key in rule_keys and verdict is not True)
    # does the article otherwise name places in this name's countries?
    total = sum(article_ccs.values())
    share = 0.0
    if total:
        ccs = {c.country_code for c in cands if c.country_code}
        share = max((article_ccs[cc] for cc in ccs), default=0) / total
    f["country_share"] = share
    # a name whose every namesake lies in a country the article does not otherwise name: an obscure
    # namesake is unlikely (a company named after a person is no town in Brazil), a capital is not
    alone = total >= 2 and share == 0.0
    f["alone_weak"] = float(alone and strength < 2.0)
    f["alone_strong"] = float(alone and strength >= 2.0)
    f["strength_x_person"] = strength * float(label == "PERSON")
    f["strength_x_org"] = strength * float(label in ("ORG", "FAC", "PRODUCT"))
    return f
