"""What a gazetteer namesake is worth before any context: its prior, how well known a name's best
namesake is, distances and containment, and the city that a same-named region stands for."""
from __future__ import annotations

import math

from newsgraph.gazetteer import Candidate

# The capital bonus of the prior.
B_PPLC = 2.5
# A first-level region below this population is not prominent on its own (Saba, BQ: 3,298 people).
SMALL_ADM1 = 50_000


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


def _best_prior(cands: tuple[Candidate, ...]) -> Candidate:
    """The namesake with the best prior; one known only by an alternate name ranks below its own names."""
    has_name = any(x.is_name for x in cands)
    return max(cands, key=lambda c: _prior(c) - (2.5 if has_name and not c.is_name else 0.0))


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


def _city_of_region(c: Candidate, cands: tuple[Candidate, ...]) -> Candidate:
    """A city and a region of the same name, close together: news means the city ('Kharkiv, Ukraine'
    is the city, not the oblast)."""
    if c.fcode in ("ADM1", "ADM2"):
        for x in cands:
            if x.feature_class == "P" and x.is_name and x.country_code == c.country_code and _km(x, c) < 150 \
                    and x.population >= 0.2 * c.population:
                return x
    return c
