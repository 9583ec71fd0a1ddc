"""Dates: temporal expressions normalised against the publication date.

One linear scan of the normalised text with a single compiled regex finds candidate expressions
(absolute dates, months, seasons, years, weekdays, relative words); each candidate is then checked
against a few characters of context on either side (O(1) per match), so the whole pass is linear
in the text. spaCy's DATE entities are not used: they miss "Over the winter", tag ages and
durations as dates, and would tie this extractor to the NER.

Spans follow the TIMEX convention: leading prepositions are left out ("in March" -> "March",
"Over the winter" -> "the winter"), modifiers are kept ("Last autumn", "the end of the summer",
"earlier this month").

Values (ISO 8601): day ``YYYY-MM-DD``, week ``YYYY-Www``, month ``YYYY-MM``, year ``YYYY``,
season ``YYYY-MM/YYYY-MM`` (meteorological, northern hemisphere), intervals ``start/end``. An
expression that needs the publication date to be anchored gets ``value=None`` when there is none
(without one, a date line at the top of the text, 'Wed 12 Mar 2025 05.00 GMT', anchors them instead);
vague ones ("recently") always do. A bare month, season or weekday is read as the most recent one
not after publication, unless the clause around it speaks of the future ("will", "expected", ...).
"""
from __future__ import annotations

import re

from newsgraph.extract import Context, extractor
from newsgraph.extract.dates.calendar import _WEEKDAYS, _parse_pub
from newsgraph.extract.dates.readers import READERS, _Hit
from newsgraph.extract.dates.scan import _MOD_KEYS, _PRE_MOD, _matches
from newsgraph.record import DateMention

__all__ = ["find_dates", "header_date", "extract_dates"]


def find_dates(text: str, published: str | None) -> list[DateMention]:
    """Temporal expressions in ``text`` (already normalised or not), anchored on ``published``."""
    pub = _parse_pub(published)
    lower_text = text.lower()
    out: list[DateMention] = []
    last_end = 0
    readers = READERS
    for m in _matches(text):
        if m.end() <= last_end:  # inside a mention that was extended ("May this year")
            continue
        read = readers.get(m.lastgroup)
        h = _Hit(m, text, pub, out)
        if read is None or not read(h):
            continue
        s, e = h.s, h.e
        if h.extend and any(k in lower_text[max(0, s - 40):s] for k in _MOD_KEYS):
            pm = _PRE_MOD.search(text, max(last_end, s - 40), s)
            if pm and pm.group().strip():
                s = pm.start() + (len(pm.group()) - len(pm.group().lstrip()))
        s = max(s, last_end)
        out.append(DateMention(start=s, end=e, text=text[s:e], value=h.value, granularity=h.gran))
        last_end = e
    return out


def _season_modifiers(doc, found: list[DateMention]) -> set[int]:
    """Indexes of season words used as a noun modifier ("the summer analysts", "the fall debates"),
    told by the tagger where the doc has tags (a list of such nouns cannot be complete)."""
    out: set[int] = set()
    if not doc.has_annotation("TAG"):
        return out
    for i, d in enumerate(found):
        if d.granularity != "season" or any(c.isdigit() for c in d.text):
            continue
        span = doc.char_span(d.start, d.end, alignment_mode="expand")
        if span is not None and span.end < len(doc) and doc[span.end].tag_ in ("NN", "NNS"):
            out.add(i)
    return out


# Words a date line may hold besides the date: 'Published: Wed 12 Mar 2025 05.00 GMT', 'Updated 3:45 PM'.
_DATE_LINE_WORDS = {"published", "updated", "posted", "last", "first", "modified", "on", "at", "am", "pm", "a",
                    "m", "p", "gmt", "utc", "bst", "cet", "cest", "eet", "eest", "msk", "est", "edt", "et", "pt",
                    "pst", "pdt", "ct", "cst", "cdt", "time", "kyiv", "local", "date"} \
    | {w.lower() for w in _WEEKDAYS} | {w[:3].lower() for w in _WEEKDAYS}
_HEADER_LINES = 10


def header_date(text: str) -> str | None:
    """The date line at the top of a pasted article ('Wed 12 Mar 2025 05.00 GMT', 'Published: March 12,
    2025 at 5:00 p.m. EDT'): a full date on a line of its own among the first few. It anchors relative
    dates when no publication date is given; a headline that mentions a date is not one."""
    for line in text[:1000].split("\n")[:_HEADER_LINES]:
        if not 0 < len(line.strip()) <= 80:
            continue
        for d in find_dates(line, None):
            if d.granularity != "day" or not d.value:
                continue
            rest = line[:d.start] + " " + line[d.end:]
            if all(w.lower() in _DATE_LINE_WORDS for w in re.findall(r"[A-Za-z]+", rest)):
                return d.value
    return None


@extractor("dates", produces=("dates",))
def extract_dates(ctx: Context) -> None:
    found = find_dates(ctx.norm, ctx.record.published or header_date(ctx.norm))
    drop = _season_modifiers(ctx.doc, found)
    if drop:
        found = [d for i, d in enumerate(found) if i not in drop]
    text = ctx.record.text
    for d in found:  # offsets are shared; the text field comes from the original (curly quotes)
        d.text = text[d.start:d.end]
    ctx.record.dates = found
