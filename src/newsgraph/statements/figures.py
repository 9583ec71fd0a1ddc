"""Figures reported about a place and a day: '57 Ukrainian drones', 'killing at least seven people',
'Seven people died and 16 were wounded'. Two sources that give different numbers for the same thing
(the noun counted or the casualty word) about the same place and day disagree; the store lists both
(store/statements.py ``figure_disagreements``).

Conservative by design: a sentence counts only when it names exactly one resolved place (two places
cannot tell which the number is about), the day is a date in the sentence or else the article's
publication day, and an article that gives two numbers for one thing, place and day gives none.
The rules are an ordered table of small functions over one sentence; the word lists are a data file.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from newsgraph.wordlists import rows

_NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}
_NUMBER_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
                      "ninety": 90, "hundred": 100, "a hundred": 100})
NUM = r"(?P<num>\d{1,3}(?:,\d{3})+|\d+|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"
BOUND = r"(?P<bound>at least|more than|over|nearly|almost|about|around|up to|some)?\s*"
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)", re.M)


@dataclass(frozen=True)
class Figure:
    start: int  # offsets of the sentence's figure (the number and its noun) in the article
    end: int
    text: str
    thing: str
    number: int
    bound: str  # 'exact' | 'min' | 'about'


@functools.lru_cache(maxsize=1)
def _words() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {"count": {}, "toll": {}}
    for _, (kind, thing, words) in rows(Path(__file__).with_name("figure_words.tsv"), min_cols=3, max_cols=3):
        for w in words.split("|"):
            out[kind][w.strip().lower()] = thing
    return out


@functools.lru_cache(maxsize=None)
def _alts(kind: str) -> str:
    return "|".join(re.escape(w) for w in sorted(_words()[kind], key=len, reverse=True))


@functools.lru_cache(maxsize=None)
def _compiled(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.I)


def number_value(raw: str) -> int | None:
    raw = raw.lower().replace(",", "")
    return int(raw) if raw.isdigit() else _NUMBER_WORDS.get(raw)


def _bound(raw: str | None) -> str:
    raw = (raw or "").lower()
    if raw in ("at least", "more than", "over"):
        return "min"
    return "about" if raw else "exact"


def counted_noun(sentence: str) -> Iterator[tuple[re.Match, str]]:
    """'Russia launched 57 Ukrainian drones and four missiles' -> (57, drones), (4, missiles): a number,
    at most two describing words, a counted noun."""
    pat = _compiled(rf"\b{BOUND}{NUM}\s+(?:(?!of\b)[\w-]+\s+){{0,2}}?(?P<noun>{_alts('count')})\b")
    for m in pat.finditer(sentence):
        yield m, _words()["count"][m.group("noun").lower()]


def toll_after_verb(sentence: str) -> Iterator[tuple[re.Match, str]]:
    """'a drone attack killed three people', 'killing at least seven people', 'the death toll rose to 45':
    a casualty word, then the number."""
    pat = _compiled(rf"\b(?P<noun>{_alts('toll')}|death toll (?:rose|rises|climbed|stands|stood|reached)"
                    rf"(?: to| at)?)\s+{BOUND}{NUM}\b(?!\s*(?:km|kilomet|mile|per|%|percent|year|day|hour))")
    for m in pat.finditer(sentence):
        word = m.group("noun").lower()
        yield m, "killed" if word.startswith("death toll") else _words()["toll"][word]


def toll_before_word(sentence: str) -> Iterator[tuple[re.Match, str]]:
    """'Seven people died and 16 were wounded', '12 civilians were killed': the number, up to two
    words and an auxiliary, then the casualty word."""
    pat = _compiled(rf"\b{BOUND}{NUM}\s+(?:[a-z-]+\s+){{0,2}}?(?:were\s+|have been\s+|had been\s+|was\s+)?"
                    rf"(?P<noun>{_alts('toll')})\b")
    for m in pat.finditer(sentence):
        yield m, _words()["toll"][m.group("noun").lower()]


RULES: list[Callable[[str], Iterator[tuple[re.Match, str]]]] = [counted_noun, toll_after_verb, toll_before_word]


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence (a line break ends one too)."""
    for m in _SENTENCE.finditer(text):
        if m.group().strip():
            yield m.start(), m.end()


def find_figures(sentence: str, offset: int = 0) -> list[Figure]:
    """Every figure the rules find in one sentence, in order, one per number."""
    found: dict[tuple[int, int], Figure] = {}
    for rule in RULES:
        for m, thing in rule(sentence):
            n = number_value(m.group("num"))
            if n is None or n == 0:
                continue
            key = m.span("num")
            if key in found:
                continue
            s, e = m.span()
            found[key] = Figure(offset + s, offset + e, m.group().strip(), thing, n, _bound(m.group("bound")))
    return sorted(found.values(), key=lambda f: f.start)


@dataclass(frozen=True)
class PlacedFigure:
    figure: Figure
    geonameid: int
    place: str
    day: str


def placed_figures(text: str, places: list[tuple[int, int, int | None, str | None]],
                   dates: list[tuple[int, int, str | None, str | None]], published: str | None) -> list[PlacedFigure]:
    """The article's figures that are about one place and one day (see the module docstring).
    ``places``: (start, end, geonameid, name); ``dates``: (start, end, value, granularity)."""
    out: list[PlacedFigure] = []
    if not any(p[2] is not None for p in places):
        return out  # no resolved place: nothing to place a figure at
    for s, e in sentences(text):
        figs = find_figures(text[s:e], s)
        if not figs:
            continue
        here = {(g, n) for ps, pe, g, n in places if g is not None and s <= ps < e}
        if len({g for g, _ in here}) != 1:
            continue
        days = {v for ds, de, v, gran in dates if s <= ds < e and gran == "day" and v}
        if len(days) > 1:
            continue
        day = next(iter(days)) if days else (published[:10] if published and len(published) >= 10 else None)
        if day is None:
            continue
        gid, name = next(iter(here))
        out += [PlacedFigure(f, gid, name or "", day) for f in figs]
    counts: dict[tuple[str, int, str], set[int]] = {}
    for p in out:
        counts.setdefault((p.figure.thing, p.geonameid, p.day), set()).add(p.figure.number)
    return [p for p in out if len(counts[(p.figure.thing, p.geonameid, p.day)]) == 1]


def conflict(a: tuple[int, str], b: tuple[int, str]) -> bool:
    """Whether two (number, bound) figures for one thing cannot both be right: two exact numbers that
    differ, or an exact number below another source's 'at least'. Approximate ones never conflict."""
    (na, ba), (nb, bb) = a, b
    if "about" in (ba, bb) or na == nb:
        return False
    if ba == bb == "exact":
        return True
    if ba == "min" and bb == "exact":
        return nb < na
    if bb == "min" and ba == "exact":
        return na < nb
    return False
