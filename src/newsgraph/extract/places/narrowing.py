"""Narrowing: which namesakes the words around a mention allow, once it was judged a place.

``NARROWING_RULES`` run in order on each mention and may keep only some of its namesakes; the
mention then gets a key of its own, so that the one-sense-per-name rule does not carry the narrowed
reading to the name's other mentions, or theirs to it. ``_districts_of_cities`` runs after
resolution: a district named with its city lies inside that city.
"""
from __future__ import annotations

from newsgraph.extract.places.cues import _in_a_county_list
from newsgraph.extract.places.matching import _Article, _Match, _prev_words, _Toks
from newsgraph.extract.places.namesakes import _km
from newsgraph.extract.places.words import ARABIC_ARTICLES, DISTRICT_WORDS, REGION_WORDS, TOWN_WORDS, WATER_WORDS
from newsgraph.gazetteer import Candidate, name_key

DISTRICT_KM = 30.0


def _narrow(m: _Match, cands: tuple[Candidate, ...], why: str) -> None:
    """Keep only ``cands`` for this mention, under a key of its own."""
    m.cands = cands
    m.key += "|" + why


# -- NARROWING_RULES: in order, on each mention ----------------------------------------------------------

def _bare_name_is_no_river(a: _Article, m: _Match) -> None:
    """English names a river with 'the' ('across the Dnipro', 'the Dnieper') or with its feature word
    ('Dnipro River'); 'lives in Dnipro' is the city. Without either, a river namesake is dropped when
    there is another. Oceans and seas go bare ('North Atlantic', 'trans-Pacific') and are left alone."""
    tk = a.tk
    if not any(c.fcode == "STM" for c in m.cands) or all(c.feature_class == "H" for c in m.cands):
        return
    if (m.start > 0 and tk.lower[m.start - 1] == "the") \
            or any(w in WATER_WORDS for w in tk.lower[m.start:min(m.end + 1, len(tk.lower))]):
        return
    _narrow(m, tuple(c for c in m.cands if c.fcode != "STM"), "not river")


def _region_word_is_the_region(a: _Article, m: _Match) -> None:
    """'the governor of Belgorod region', 'Kharkiv oblast': the first- or second-level region, not the
    city of that name that news otherwise means. The gazetteer's own 'X oblast' / 'X region' entry
    wins: 'the Kyiv region' is Kyiv Oblast, not the capital city's own first-level unit."""
    word = _region_word_after(a.tk, m)
    if word is None:
        return
    named = {c.pid: c for w in dict.fromkeys((word, "oblast", "region", "province"))
             for c in a.gaz.lookup(f"{m.key} {w}") if c.fcode == "ADM1"}
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


def _region_word_after(tk: _Toks, m: _Match) -> str | None:
    """The region word after a name ('Kharkiv oblast') or after the list it opens or stands in
    ('the Odesa, Dnipropetrovsk and Chernihiv regions'), in the singular."""
    n = len(tk.lower)
    if m.end < n and tk.lower[m.end] in REGION_WORDS:
        return tk.lower[m.end]
    j = m.end
    while j < n and j - m.end < 12 and (tk.texts[j] in (",", "and") or tk.cap[j]):
        j += 1
    if j < n and tk.lower[j].endswith("s") and tk.lower[j][:-1] in REGION_WORDS \
            and tk.lower[j - 1] not in (",", "and"):
        return tk.lower[j][:-1]
    return None


def _town_word_is_the_town(a: _Article, m: _Match) -> None:
    """'the southern city of Zaporizhzhia', 'the town of Kupiansk': the town, not the region of its name."""
    prev = _prev_words(a.tk, m.start, 2)
    if len(prev) == 2 and prev[0] == "of" and prev[1] in TOWN_WORDS:
        towns = tuple(c for c in m.cands if c.feature_class == "P")
        if towns and len(towns) < len(m.cands):
            _narrow(m, towns, "town")


def _listed_before_counties(a: _Article, m: _Match) -> None:
    """'The combined population of Douglas, Sarpy and Lancaster counties': each name of a list that ends
    in 'counties' (or 'parishes') is that county, not the town of its name somewhere else ('the four
    metro Athens counties', a name alone before the word, is no list)."""
    if not _in_a_county_list(a.tk, m):
        return
    counties = tuple(c for c in m.cands if c.fcode == "ADM2")
    if counties and len(counties) < len(m.cands):
        _narrow(m, counties, "county")


NARROWING_RULES = (_bare_name_is_no_river, _region_word_is_the_region, _town_word_is_the_town,
                   _listed_before_counties)


def _narrow_namesakes(a: _Article) -> None:
    """'Kharkiv oblast', 'the town of Kupiansk', 'lives in Dnipro': which namesakes each mention allows."""
    for m in a.matches:
        for rule in NARROWING_RULES:
            rule(a, m)


# -- after resolution ----------------------------------------------------------------------------------

def _districts_of_cities(tk: _Toks, matches: list[_Match], kept: list[_Match]) -> list[_Match]:
    """A district named with its city ('the Shevchenkivskyi district of Zaporizhzhia', 'Kharkiv's
    Industrialnyi district') lies inside that city: its namesake within DISTRICT_KM of the city when the
    gazetteer has one (Kyiv's Obolon), else the city's own point, named '<district> district, <city>' with
    no GeoNames id and kind 'district' (never a same-named village in another region)."""
    city_at = {m.start: m for m in kept if m.chosen is not None and m.chosen.feature_class == "P"}
    city_end = {m.end: m for m in kept if m.chosen is not None and m.chosen.feature_class == "P"}
    by_span = {(m.start, m.end): m for m in matches}
    out = list(kept)
    kept_ids = {id(m) for m in kept}
    for w in range(1, len(tk.texts)):
        if tk.lower[w] not in DISTRICT_WORDS or not tk.cap[w - 1]:
            continue
        ds, city = _district_and_city(tk, w, city_at, city_end)
        if city is None or city.start <= ds < city.end:
            continue
        m = _district_match(tk, ds, w, city.chosen, by_span.get((ds, w)))
        if id(m) not in kept_ids:
            if any(k.start < w and ds < k.end for k in out):
                continue  # overlaps a place already found
            out.append(m)
            kept_ids.add(id(m))
    return sorted(out, key=lambda m: m.start)


def _district_and_city(tk: _Toks, w: int, city_at: dict, city_end: dict) -> tuple[int, _Match | None]:
    """Where the district's name before the district word ``w`` starts, and the city it is named with:
    after 'of' or 'in' ('the al-Manara neighbourhood of Khan Younis'), or before a possessive ('Kharkiv's
    Industrialnyi district')."""
    n = len(tk.texts)
    ds = w - 1
    while ds > 0 and tk.cap[ds - 1] and not tk.sent[ds] and w - ds < 4:
        ds -= 1
    if ds >= 2 and tk.texts[ds - 1] == "-" and tk.lower[ds - 2] in ARABIC_ARTICLES | {"al", "el"}:
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
    return ds, city


def _district_match(tk: _Toks, ds: int, w: int, c: Candidate, m: _Match | None) -> _Match:
    """The district's match (the gazetteer's, or a new one) with its place inside city ``c`` chosen."""
    inside = [x for x in (m.cands if m else ()) if _km(x, c) <= DISTRICT_KM and x.pid != c.pid]
    name = tk.text[tk.idx[ds]:tk.end(w - 1)]
    chosen = max(inside, key=lambda x: x.population) if inside else Candidate(
        pid=-1, geonameid=None, name=f"{name} district, {c.name}", lat=c.lat, lon=c.lon,
        country_code=c.country_code, feature_class="P", fcode="PPLX", admin1=c.admin1,
        admin1_code=c.admin1_code, population=0, is_name=False)
    if m is None:
        m = _Match(ds, w, name_key(name) + "|district", (chosen,), tk.idx[ds], tk.end(w - 1))
    m.chosen = chosen
    return m
