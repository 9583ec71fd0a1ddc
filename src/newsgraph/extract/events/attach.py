"""What an event is tied to besides its actors: the place and date of its sentence, the number of
dead the sentence states, and the source that claims it (a quote's speaker or 'according to X').

Each is a small named function over one event's sentence; ``ATTACH`` lists them in order.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import Callable

from newsgraph.extract.events import lexicon as lx
from newsgraph.extract.events.checks import CHECKS
from newsgraph.record import DateMention, Entity, Event, EventDate, EventPlace, Place, Quote, Record, ReportedBy

_NUM = r"(\d[\d,]*|" + "|".join(sorted((re.escape(w) for w in lx.NUMBERS), key=len, reverse=True)) + r")"
_QUAL = r"(?:(?:at least|more than|over|nearly|almost|about|around|some|up to|an estimated|as many as)\s+)?"
_WHO = r"(?:[\w-]+\s+){0,3}?"
# 'killing at least 12', 'killed 12 soldiers', 'left five dead'
_KILLING = re.compile(r"\b(?:killing|killed|kills|kill|leaving|left)\s+" + _QUAL + _NUM + r"\b(?!\s*(?:%|km|miles|kilomet|metres|meters|years|days|hours))(?P<rest>[^.;]{0,40})", re.I)
# '12 people were killed', 'five dead', 'three civilians died'
_KILLED = re.compile(r"\b" + _QUAL + _NUM + r"\s+" + _WHO + r"(?:(?:were|was|have been|had been|are|being)\s+)?"
                     r"(?:killed|dead|died|slain|perished|lost their lives|shot dead)\b", re.I)
_TOLL = re.compile(r"\bdeath toll\s+(?:\w+\s+){0,3}?(?:to|of|at|reached|stood at|rose to)\s+" + _QUAL + _NUM, re.I)


def _number(s: str) -> int | None:
    s = s.lower().replace(",", "")
    if s.isdigit():
        n = int(s)
        return n if n < 1_000_000 else None
    return lx.NUMBERS.get(s)


def fatalities(sentence: str) -> int | None:
    """The number of dead a sentence states: 'An airstrike killed at least 12 people' -> 12,
    'Five soldiers were killed' -> 5, 'the death toll rose to 31' -> 31; 'killed in 2014' -> None."""
    for rx in (_TOLL, _KILLING, _KILLED):
        for m in rx.finditer(sentence):
            raw = m.group(1)
            rest = m.groupdict().get("rest") or ""
            if rx is _KILLING and m.group(0).lower().startswith(("leaving", "left")) and "dead" not in rest.lower():
                continue
            if raw.isdigit() and len(raw) == 4 and raw.startswith(("19", "20")):
                continue  # a year
            n = _number(raw)
            if n is not None:
                return n
    return None


class ArticleIndex:
    """An article's places, dates, quotes and entity mentions sorted by offset, built once, so that
    each event looks only at its own sentence's (bisect): linear in the article, not events x mentions."""

    def __init__(self, rec: Record):
        self.places = sorted(rec.places, key=lambda p: p.start)
        self.place_starts = [p.start for p in self.places]
        self.dates = sorted(rec.dates, key=lambda d: d.start)
        self.date_starts = [d.start for d in self.dates]
        self.quotes = sorted(range(len(rec.quotes)), key=lambda i: rec.quotes[i].start)
        self.quote_starts = [rec.quotes[i].start for i in self.quotes]
        self.mentions = sorted(((m.start, m.end, e) for e in rec.entities for m in e.mentions), key=lambda t: t[0])
        self.mention_starts = [m[0] for m in self.mentions]

    def places_in(self, start: int, end: int) -> list[Place]:
        return self.places[bisect_left(self.place_starts, start):bisect_right(self.place_starts, end)]

    def dates_in(self, start: int, end: int) -> list[DateMention]:
        return self.dates[bisect_left(self.date_starts, start):bisect_right(self.date_starts, end)]

    def quotes_before(self, pos: int, n: int = 50) -> list[int]:
        """Indexes of the (at most n) quotes starting at or before ``pos``, nearest first."""
        k = bisect_right(self.quote_starts, pos)
        return [self.quotes[i] for i in range(k - 1, max(-1, k - 1 - n), -1)]

    def mentions_in(self, start: int, end: int) -> list[tuple[int, int, Entity]]:
        return self.mentions[bisect_left(self.mention_starts, start):bisect_right(self.mention_starts, end)]


def nearest_place(places: list[Place], start: int, end: int, trigger: int) -> EventPlace | None:
    """The resolved place of the sentence nearest the trigger: 'Shelling hit Kherson overnight' -> Kherson."""
    inside = [p for p in places if start <= p.start and p.end <= end and p.geonameid is not None]
    if not inside:
        return None
    p = min(inside, key=lambda p: (abs(p.start - trigger), p.start))
    return EventPlace(p.start, p.end, p.text, p.geonameid, p.lat, p.lon)


def nearest_date(dates: list[DateMention], start: int, end: int, trigger: int) -> EventDate | None:
    """The normalised date of the sentence nearest the trigger: 'on Tuesday' -> 2024-03-12."""
    inside = [d for d in dates if start <= d.start and d.end <= end and d.value]
    if not inside:
        return None
    d = min(inside, key=lambda d: (abs(d.start - trigger), d.start))
    return EventDate(d.start, d.end, d.text, d.value)


def _in_quote(q: Quote, pos: int) -> bool:
    if q.segments:
        return any(a <= pos < b for a, b in q.segments)
    return q.start <= pos < q.end


_ACCORDING = re.compile(r"\baccording to\s+(?:the\s+)?", re.I)


def reported_by(rec: Record, start: int, end: int, trigger: int, index: ArticleIndex | None = None
                ) -> ReportedBy | None:
    """Who states the event: the speaker of the quote that holds the trigger ('“Rebels shelled the
    school,” the governor said' -> the governor, that quote), else 'according to X' in the sentence."""
    index = index or ArticleIndex(rec)
    for i in sorted(index.quotes_before(trigger)):
        q = rec.quotes[i]
        if _in_quote(q, trigger) and q.speaker is not None and q.speaker.name:
            return ReportedBy(name=q.speaker.name, entity=q.speaker.entity, quote=i)
    sentence = rec.text[start:end]
    m = _ACCORDING.search(sentence)
    if m is None:
        return None
    at = start + m.end()
    ent = _entity_at(index, at, end)
    if ent is not None:
        return ReportedBy(name=ent.name, entity=ent.id, quote=None)
    words = re.match(r"[^,.;:()]{2,80}", rec.text[at:end])
    return ReportedBy(name=words.group().strip(), entity=None, quote=None) if words else None


def _entity_at(index: ArticleIndex, start: int, end: int) -> Entity | None:
    """The entity named first within 40 characters after ``start`` ('according to [the UN] ...')."""
    inside = index.mentions_in(start, min(end, start + 40) - 1)
    return inside[0][2] if inside else None


def entity_for(index: ArticleIndex, start: int, end: int) -> str | None:
    """The entity a span names: the one with a mention inside it (the longest such mention)."""
    best = None
    for ms, me, e in index.mentions_in(start, end):
        if me <= end and (best is None or me - ms > best[0]):
            best = (me - ms, e.id)
    return best[1] if best else None


def attach(rec: Record, ev: Event, index: ArticleIndex) -> None:
    """Fill in the place, date, fatalities and source of one event (ATTACH, in order)."""
    for fn in ATTACH:
        fn(rec, ev, index)


def _place(rec: Record, ev: Event, index: ArticleIndex) -> None:
    """A place that is the actor ('Moscow denied ...') is not where the event happened."""
    src = ev.source
    places = [p for p in index.places_in(ev.start, ev.end) if src is None or not (src.start <= p.start and p.end <= src.end)]
    ev.place = nearest_place(places, ev.start, ev.end, ev.trigger.start)


def _date(rec: Record, ev: Event, index: ArticleIndex) -> None:
    ev.date = nearest_date(index.dates_in(ev.start, ev.end), ev.start, ev.end, ev.trigger.start)


def _fatalities(rec: Record, ev: Event, index: ArticleIndex) -> None:
    if ev.pentaclass == "material_conflict":
        ev.fatalities = fatalities(ev.text)


def _reported(rec: Record, ev: Event, index: ArticleIndex) -> None:
    ev.reported_by = reported_by(rec, ev.start, ev.end, ev.trigger.start, index)


# the record-level checks of the actors first: the place is never the actor's
ATTACH: list[Callable[[Record, Event, ArticleIndex], None]] = [*CHECKS, _place, _date, _fatalities, _reported]
