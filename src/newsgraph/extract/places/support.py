"""Support from the rest of the article: namesakes of different names close together, a name used as
a local paper uses its home town, and a weak name next to the article's places. Spatial support uses
a 1-degree grid and per-article memos, so it stays linear in the number of names."""
from __future__ import annotations

import math
from collections import Counter, defaultdict

from newsgraph.extract.places.matching import _Match, _Toks
from newsgraph.extract.places.namesakes import _km, _prior
from newsgraph.extract.places.words import HOME_NEXT
from newsgraph.gazetteer import Candidate

NEAR_KM = 60.0


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
        base = k.split("|", 1)[0]
        names = set()
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                for k2, c2 in grid.get((gy + dy, gx + dx), ()):
                    if c2.feature_class == "H" and c.feature_class != "H":
                        continue  # a river's point is one spot of a long course (see resolve's anchors)
                    b2 = k2.split("|", 1)[0]  # 'athens|town' is no other name than 'athens'
                    if b2 != base and b2 not in names and _km(c, c2) <= km:
                        names.add(b2)
                        if len(names) >= 3:
                            break
        if names:
            out[(k, c.pid)] = len(names)
    return out


def _home_names(tk: _Toks, kept: list[_Match]) -> tuple[frozenset, Counter]:
    """Names used as a local paper uses its home town ('Paris firefighters', 'Athens City Council':
    the paper names no state for it), and how much the rest of the article shows each country (its
    unambiguous places, countries and states named; dollar amounts lean to the US)."""
    home = frozenset(m.key for m in kept
                     if m.end < len(tk.texts) and tk.lower[m.end].rstrip(".") in HOME_NEXT
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
            else:
                big = _big_city_country(m.cands)
                if big:
                    votes[big] += 1  # 'Paris police ... a Dallas man': Dallas names the US
    if "$" in tk.text:
        votes["US"] += 0.5
    return home, votes


# A city this large, by its own name, is the one news means, so it shows the article's country.
BIG_CITY_VOTE = 500_000


def _big_city_country(cands) -> str | None:
    """The country of the largest namesake when it is a city of BIG_CITY_VOTE people by its own name and
    no other namesake of another country is a tenth of its size ('Dallas': the US), else None."""
    towns = sorted((c for c in cands if c.feature_class == "P" and c.is_name and c.country_code),
                   key=lambda c: -c.population)
    if not towns or towns[0].population < BIG_CITY_VOTE:
        return None
    top = towns[0]
    if any(c.country_code != top.country_code and c.population >= 0.1 * top.population for c in towns[1:]):
        return None
    return top.country_code


def _near_kept(m: _Match, kept: list[_Match], _memo: dict | None = None) -> bool:
    """Does a namesake of ``m`` lie within NEAR_KM of one of the article's first 200 local places
    ('battles for Chasiv Yar' next to Kramatorsk)? ``_memo`` (one per article) keeps the local places
    and each name's answer: a name repeated a thousand times is measured once."""
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
