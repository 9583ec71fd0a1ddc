"""Resolution: one namesake per name and article.

A 'Town, State' pair decides both names; then every other name starts from its best prior, and two
rounds of votes follow (the countries and first-level regions the article is about, as its current
choices show), in which each namesake is scored by its prior plus the ordered ``SCORE_TERMS``. A
city beats a same-named region around it (Kyiv). The same name means the same place within an article.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from newsgraph.extract.places.matching import _Match, _of
from newsgraph.extract.places.namesakes import _best_prior, _city_of_region, _contains, _km, _prior
from newsgraph.extract.places.support import _mutual_support
from newsgraph.gazetteer import Candidate

# Resolution weights: the country-of-the-article vote, nearby namesakes of other names, the home town.
W_COUNTRY = 5.0
# The outlet's country (by its web address) votes like a sure place named once.
W_OUTLET = 1.0
W_SUPPORT = 1.2
# A region that a name of the article not taken for a place points to ('Rapides Parish Fire District')
# votes like a weak place (per distinct name).
W_HINT = 1.0
B_HOME = 5.0


def _base(key: str) -> str:
    """A name's key without what narrowing added ('athens|town' is 'athens'): one name, however narrowed."""
    return key.split("|", 1)[0]


@dataclass
class _Round:
    """What one round of votes knows: the article's countries and regions as its current choices show."""
    countries: Counter
    admin1s: Counter
    anchors: list[tuple[str, Candidate]]  # the first 60 sure local places, to measure distances to
    own_vote: dict[str, tuple[Counter, Counter]]  # a name's own country and region votes (all its keys), to leave out
    total: float
    admin_total: float
    support: dict  # (name, pid) -> how many other names have a namesake close by
    mentioned_admin1: set  # first-level regions the article names


@dataclass
class _Name:
    """One ambiguous name being resolved in a round."""
    key: str
    cands: tuple[Candidate, ...]
    own: Candidate  # its current choice
    own_cc: Counter  # the votes of this name's own mentions (under any of its keys) per country ...
    own_a1: Counter  # ... and per first-level region, left out of its own score
    has_own_name: bool  # a namesake matched by its own name (not only an alternate one)
    big_admin: bool  # a country or a first-level region among its namesakes, by its own name
    state_named: bool  # a large state among them, in a country the article names otherwise
    local_cc: str | None  # its home country, when written as a local paper writes its own town
    home_ok: bool
    big_town: dict = field(default_factory=dict)  # country -> its largest town of this name (by own name)


def _resolve(matches: list[_Match], home: frozenset = frozenset(), local: Counter | None = None,
             outlet_cc: str | None = None, hints: Counter | None = None) -> None:
    """Pick one namesake per name (the same name means the same place within an article).

    ``home``: names written as a local paper writes its own town; the namesakes in the country that
    ``local`` (the article's other evidence) shows most get ``B_HOME``, unless the article names
    another namesake's country (Paris firefighters in a story with dollar amounts, London city
    council next to Ontario). ``outlet_cc``: the outlet's country, when its web address shows it; it
    votes for its country (``W_OUTLET``) like a place the article names. ``hints``: first-level regions
    (country, admin1 code) that names of the article not taken for places point to (``_region_hints``);
    each votes ``W_HINT`` for its region and country.
    """
    if not matches:
        return
    by_key: dict[str, list[_Match]] = defaultdict(list)
    for m in matches:
        by_key[m.key].append(m)
    _resolve_pairs(matches)
    choice, fixed = _first_choices(by_key)
    support = _mutual_support(by_key)
    mentioned_admin1 = {c.admin1_code for ms in by_key.values() for c in ms[0].cands
                        if c.fcode == "ADM1" and c.is_name and c.admin1_code}
    for _ in range(2):
        r = _tally(choice, by_key, fixed, support, mentioned_admin1, outlet_cc, hints)
        new: dict[str, Candidate] = {}
        for k, ms in by_key.items():
            cands = ms[0].cands
            if k in fixed or len(cands) == 1:
                new[k] = choice[k]
                continue
            nm = _name(r, k, cands, choice[k], home, local)
            new[k] = max(cands, key=lambda c: _score(r, nm, c))
        choice = new
    for k, c in list(choice.items()):
        choice[k] = _city_of_region(c, by_key[k][0].cands)
    _narrowed_follow_the_name(choice, by_key, fixed)
    for k, ms in by_key.items():
        for m in ms:
            if m.chosen is None or k not in fixed:
                m.chosen = choice[k]


def _narrowed_follow_the_name(choice: dict[str, Candidate], by_key: dict[str, list[_Match]], fixed: set[str]) -> None:
    """'The Athens City Council ... the City of Athens general elections': a mention narrowed to the towns
    of its name (a key of its own, 'athens|town') is the town the bare name was resolved to, when the
    narrowing allows it: one name, one place per article."""
    for k in list(choice):
        base = _base(k)
        if base == k or base not in choice or k in fixed:
            continue
        c = choice[base]
        if c.pid != choice[k].pid and any(x.pid == c.pid for x in by_key[k][0].cands):
            choice[k] = c


def _resolve_pairs(matches: list[_Match]) -> None:
    """'Paris, Tennessee': the pair decides both names (the likeliest town inside the likeliest state);
    'Kharkiv, Ukraine' is the city, not the oblast."""
    for m in matches:
        if m.pair_with is not None:
            pairs = [(c, p) for c in m.cands for p in m.pair_with.cands if _contains(p, c)]
            if pairs:
                c, p = max(pairs, key=lambda cp: _prior(cp[0]) + _prior(cp[1]))
                if p.fcode == "PCLI":
                    c = _city_of_region(c, m.cands)
                m.chosen, m.pair_with.chosen = c, p


def _first_choices(by_key: dict[str, list[_Match]]) -> tuple[dict[str, Candidate], set[str]]:
    """Each name's first choice: the pair's (then fixed), else its best prior."""
    choice: dict[str, Candidate] = {}
    fixed: set[str] = set()
    for k, ms in by_key.items():
        paired = [m.chosen for m in ms if m.chosen is not None]
        if paired:
            choice[k] = Counter(paired).most_common(1)[0][0]
            fixed.add(k)
        else:
            choice[k] = _of(ms[0], _best_prior)
    return choice, fixed


def _tally(choice: dict[str, Candidate], by_key: dict[str, list[_Match]], fixed: set[str], support: dict,
           mentioned_admin1: set, outlet_cc: str | None = None, hints: Counter | None = None) -> _Round:
    """The votes of the current choices for countries and first-level regions (a sure or repeated name
    more, a country or a region itself more), and the sure local places to measure distances to."""
    countries: Counter = Counter()
    if outlet_cc:
        countries[outlet_cc] += W_OUTLET  # 'Dublin' in a story of independent.ie
    admin1s: Counter = Counter()
    for (cc, a1), n in (hints or {}).items():
        countries[cc] += W_HINT * n
        admin1s[a1] += W_HINT * n
    anchors: list[tuple[str, Candidate]] = []
    own_vote: dict[str, tuple[Counter, Counter]] = defaultdict(lambda: (Counter(), Counter()))
    for k, c in choice.items():
        cands = by_key[k][0].cands
        n = len(by_key[k])
        sure = k in fixed or len({x.country_code for x in cands}) == 1 or c.fcode in ("PCLI", "ADM1")
        w = (1.0 if sure else 0.4) * (1 + math.log(n))
        if c.fcode in ("PCLI", "ADM1"):
            w *= 1.5
        wa = w * (2.0 if c.fcode == "ADM1" else 1.0)
        own = own_vote[_base(k)]  # 'City of Athens' (a key of its own) and 'Athens' are one name
        if c.country_code:
            own[0][c.country_code] += w
        if c.admin1_code:
            own[1][c.admin1_code] += wa
        if c.country_code:
            countries[c.country_code] += w
        if c.admin1_code:
            admin1s[c.admin1_code] += wa
        if (sure or len(cands) <= 2) and c.fcode not in ("PCLI", "PCLH", "CONT") and c.feature_class != "L":
            anchors.append((_base(k), c))
    return _Round(countries, admin1s, anchors[:60], own_vote, sum(countries.values()) or 1.0,
                  sum(admin1s.values()) or 1.0, support, mentioned_admin1)


def _name(r: _Round, k: str, cands: tuple[Candidate, ...], own: Candidate, home: frozenset,
          local: Counter | None) -> _Name:
    """What the score terms read about one name in this round."""
    own_cc, own_a1 = r.own_vote[_base(k)]
    countries = r.countries
    has_own_name = any(x.is_name for x in cands)
    big_admin = any(x.is_name and x.fcode in ("PCLI", "ADM1") for x in cands)
    state_named = any(x.is_name and x.fcode == "ADM1" and x.population >= 500_000
                      and countries[x.country_code] - own_cc[x.country_code] > 0
                      for x in cands)
    local_cc = None
    if k in home and local:
        ccs = {x.country_code for x in cands if x.country_code and local[x.country_code] > 0}
        if ccs:
            local_cc = max(sorted(ccs), key=lambda cc: local[cc])
    home_ok = local_cc is not None and not any(
        x.country_code != local_cc and x.country_code
        and countries[x.country_code] - own_cc[x.country_code] > 0
        for x in cands)
    return _Name(k, cands, own, own_cc, own_a1, has_own_name, big_admin, state_named, local_cc, home_ok,
                 _largest_towns(cands))


def _largest_towns(cands: tuple[Candidate, ...]) -> dict[str, int]:
    """Country -> the population of its largest town among ``cands`` (by the town's own name)."""
    out: dict[str, int] = {}
    for x in cands:
        if x.feature_class == "P" and x.is_name and x.country_code and x.population > out.get(x.country_code, 0):
            out[x.country_code] = x.population
    return out


# -- SCORE_TERMS: added to a namesake's prior in order; a term returning None ends the score there ----

def _home_town(r: _Round, nm: _Name, c: Candidate) -> float | None:
    """'Paris firefighters' in a story with dollar amounts: the local paper's own Paris, in the country
    the rest of the article shows."""
    if nm.home_ok and c.country_code == nm.local_cc and c.feature_class == "P" and c.is_name \
            and c.population >= 1000:
        return B_HOME
    return 0.0


def _alternate_name_only(r: _Round, nm: _Name, c: Candidate) -> float | None:
    """Pokrovsk is an old name of Engels, but also a town's own name: a namesake matched only by an
    alternate name loses to one matched by its own."""
    return -2.5 if not c.is_name and nm.has_own_name else 0.0


def _alternate_name_of_a_country(r: _Round, nm: _Name, c: Candidate) -> float | None:
    """'Mexico' is the country, not Mexico City (whose alternate name it is)."""
    return -10.0 if not c.is_name and nm.has_own_name and nm.big_admin else 0.0


def _country_votes(r: _Round, nm: _Name, c: Candidate) -> float | None:
    """'Lebanon' among Indiana towns: the namesake in the country the article's other names are in."""
    if c.country_code:
        votes = r.countries[c.country_code] - nm.own_cc[c.country_code]
        return W_COUNTRY * max(0.0, votes) / r.total
    return 0.0


def _a_named_state_stays_the_state(r: _Round, nm: _Name, c: Candidate) -> float | None:
    """'Florida' next to New York places is the state, not Florida, N.Y.: a town of a large state's
    name gets no more than its prior and the country vote."""
    return None if nm.state_named and c.fcode not in ("PCLI", "ADM1", "PPLC") else 0.0


# A city this large, by its own name, is what news means by the name over a hamlet of its country ...
BIG_CITY = 500_000
# ... this many times smaller, unless one of the article's sure places lies within NEAR_KM of the hamlet.
HAMLET_RATIO = 0.03
NEAR_KM = 50.0


def _a_big_city_stays_itself(r: _Round, nm: _Name, c: Candidate) -> float | None:
    """'New York, Los Angeles, Chicago and Atlanta' is Atlanta, Georgia, not Atlanta, Illinois (1,648
    people) that a Petersburg, Illinois nearby would pull in: a hamlet under 3% of a same-country city of
    500,000 by that name gets no more than its prior and the country vote, unless one of the article's
    sure places lies within 50 km of it (Paris, Tennessee next to Henry County)."""
    if c.feature_class != "P" or c.population >= BIG_CITY * HAMLET_RATIO:
        return 0.0
    big = nm.big_town.get(c.country_code, 0)
    if big < BIG_CITY or c.population >= HAMLET_RATIO * big:
        return 0.0
    if any(_km(a, c) < NEAR_KM for ak, a in r.anchors if ak != _base(nm.key)):
        return 0.0
    return None


def _region_votes(r: _Round, nm: _Name, c: Candidate) -> float:
    if not c.admin1_code:
        return 0.0
    return r.admin1s[c.admin1_code] - nm.own_a1[c.admin1_code]


def _region_of_the_article(r: _Round, nm: _Name, c: Candidate) -> float | None:
    """Indiana named five times beats Kentucky once: the namesake in the first-level region the article
    is about, or (less) in one it names."""
    if c.admin1_code:
        region_votes = _region_votes(r, nm, c)
        if region_votes > 0.5:
            return 1.0 + 2.0 * region_votes / r.admin_total
        if c.fcode != "ADM1" and c.admin1_code in r.mentioned_admin1:
            return 1.5
    return 0.0


def _a_country_or_state_stays_itself(r: _Round, nm: _Name, c: Candidate) -> float | None:
    """'California' names the state even next to the town of California, Pa., unless the article is
    about the town's own region (Lebanon among Boone County, Indiana towns)."""
    if nm.big_admin and c.fcode not in ("PCLI", "ADM1", "PPLC") and _region_votes(r, nm, c) <= 0.5:
        return None
    return 0.0


def _mutual_support_term(r: _Round, nm: _Name, c: Candidate) -> float | None:
    """Paris and Henry County, both in Tennessee: ambiguous names with namesakes close together."""
    return W_SUPPORT * r.support.get((nm.key, c.pid), 0)


def _near_the_article_places(r: _Round, nm: _Name, c: Candidate) -> float | None:
    """'Chasiv Yar' near Kramatorsk: the namesake close to the article's sure places (a river's point is
    one spot of a long course: near only to the river named again)."""
    if c.fcode not in ("PCLI", "PCLH", "CONT") and c.feature_class != "L":
        d = min((_km(a, c) for ak, a in r.anchors
                 if ak != _base(nm.key) and (a.feature_class != "H" or c.feature_class == "H")), default=1e9)
        return 2.5 if d < 50 else 1.5 if d < 150 else 0.6 if d < 400 else 0.0
    return 0.0


SCORE_TERMS = (_home_town, _alternate_name_only, _alternate_name_of_a_country, _country_votes,
               _a_named_state_stays_the_state, _a_big_city_stays_itself, _region_of_the_article, _a_country_or_state_stays_itself,
               _mutual_support_term, _near_the_article_places)


def _score(r: _Round, nm: _Name, c: Candidate) -> float:
    s = _prior(c)
    for term in SCORE_TERMS:
        d = term(r, nm, c)
        if d is None:
            return s
        s += d
    return s


def _region_hints(matches: list[_Match], kept: list[_Match]) -> Counter:
    """'Both the Sheriff's Office and Rapides Parish Fire District 2 investigated': names of the article
    that are not taken for places (they head an institution's name, or evidence was weak) still say which
    region the article is about when every namesake lies in one first-level region and one country, and
    the name is no single word (a single word is too often a person's). Counted once per name."""
    kept_keys = {_base(m.key) for m in kept}
    out: Counter = Counter()
    seen = set()
    for m in matches:
        k = _base(m.key)
        if k in kept_keys or k in seen or m.end - m.start < 2 or m.loose:
            continue
        seen.add(k)
        regions = {(c.country_code, c.admin1_code) for c in m.cands}
        if len(regions) == 1:
            cc, a1 = next(iter(regions))
            if cc and a1:
                out[(cc, a1)] += 1
    return out
