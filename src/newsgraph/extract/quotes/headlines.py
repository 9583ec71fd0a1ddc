"""Headlines: a title line that attributes (``Health Ministry Says 26 Killed In Strike``, ``5 killed in
Rwanda, claims Kigali``). Title case and a verbless layout mislead the parser (``Says`` read as a name, the
source taken from the content), so a headline line is read by its layout, one rule of
``HEADLINE_RULES`` after another; the first that matches gives the line's one quote, and replaces
whatever the parse made of the line.

A headline line is a line of 3 to 20 words without a sentence's final stop that does not open with a
quotation mark. The source is at most six words and starts with a capital; the cue is a form of
``say`` or ``claim``.
"""
from __future__ import annotations

import re

from newsgraph.extract.quotes.base import _Doc
from newsgraph.extract.quotes.speaker import _Namer
from newsgraph.record import Cue, Quote

_CUE = r"(?:(?:also|now|still) )?(?P<cue>[Ss]ays?|SAYS?|[Cc]laims?|CLAIMS?)"
_SRC = r"(?P<src>[A-Z0-9][\w'’.\-]*(?: [\w'’.\-]+){0,5}?)"
# a line, or one of its '; '-separated parts ('IDF says …; Palestinian Health Ministry says …'), after a
# bullet or the stored pages' ' date 2024-10-06 ' prefix
_PART = re.compile(r"(?:^|(?<=; )|(?<=\n))(?:[ \t]*(?:date \d{4}-\d{2}(?:-\d{2})? |[-\u2022*\u2013\u2014] ))?"
                   r"[ \t]*(?P<part>[^\n;]+)", re.M)
_MODIFIER = re.compile(r" (?:[a-z]\w*ing|who|which|that)\b")
_NOT_SOURCE = {"it", "he", "she", "they", "this", "that", "who", "what", "report", "reports", "study"}
_QUOTE_MARKS = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb"


def _match(pattern: re.Pattern, line: str):
    m = pattern.fullmatch(line)
    if m is None or m.group("src").split()[0].lower() in _NOT_SOURCE:
        return None
    return m


_SOURCE_SAYS = re.compile(_SRC + r" " + _CUE + r",? (?P<content>\S.{6,})")


def _source_says_content(line: str):
    """'Health Ministry Says 26 Killed In Israel Strike On Mosque': the source, the cue, the content.
    Example: Health Ministry Says 26 Killed In Israel Strike On Mosque"""
    return _match(_SOURCE_SAYS, line)


_CONTENT_SOURCE_SAYS = re.compile(r"(?P<content>\S.{6,}?), " + _SRC + r" " + _CUE)


def _content_then_source_says(line: str):
    """'Russia killed at least 15 in missile strike on Kyiv, Zelensky claims': the content, then the
    source and its cue after the last comma; in a line of '; '-separated parts, each part is read so.
    Example: Army says troops killed 2 gunmen in Nur Shams camp; some 40,000 displaced from camps, UN says"""
    return _match(_CONTENT_SOURCE_SAYS, line)


_CONTENT_SAYS_SOURCE = re.compile(r"(?P<content>\S.{6,}?), " + _CUE + r" " + _SRC)


def _content_then_says_source(line: str):
    """'5 killed in Rwanda, claims Kigali': the content, then the cue and its source, inverted.
    Example: 5 killed in Rwanda, claims Kigali"""
    return _match(_CONTENT_SAYS_SOURCE, line)


HEADLINE_RULES = (_content_then_source_says, _content_then_says_source, _source_says_content)


def _headline(line: str, most: int = 20) -> bool:
    words = line.split()
    return 3 <= len(words) <= most and line[-1] not in ".!?:;," and line[0] not in _QUOTE_MARKS \
        and not (line[-1] in _QUOTE_MARKS and line[-2:-1] in ".!?")


def headline_quotes(d: _Doc, quotes: list[Quote], namer: _Namer) -> list[Quote]:
    """``quotes`` with each attributing headline line's quote in place of what the parse found there."""
    text = d.text
    table = HEADLINE_RULES  # (read here, so a test can take one rule out)
    found: dict[tuple[int, int], list[Quote]] = {}  # line span -> its headline quotes
    for lm in _PART.finditer(text):
        a = lm.start("part")
        line = lm.group("part").rstrip()
        ls, le = text.rfind("\n", 0, a) + 1, text.find("\n", a)
        whole = text[ls:le if le >= 0 else len(text)].strip()
        if not line or not _headline(line) or not _headline(whole.lstrip("-\u2022*\u2013\u2014 "), 40):
            continue
        m = next((x for x in (rule(line) for rule in table) if x is not None), None)
        if m is None:
            continue
        ca, cb = a + m.start("content"), a + m.end("content")
        sa, sb = a + m.start("src"), a + m.end("src")
        cut = _MODIFIER.search(text, sa, sb)
        sb = cut.start() if cut else sb  # 'M23 rebels fighting Congolese forces claim …': the rebels
        if any(c in _QUOTE_MARKS for c in text[ca:cb]):
            typ = "mixed" if re.search(r"\w", re.sub(r"[\"\u201c\u2018'][^\"\u201d\u2019']*[\"\u201d\u2019']", "", text[ca:cb])) \
                else "direct"
        else:
            typ = "indirect"
        found.setdefault((ls, ls + len(text[ls:le if le >= 0 else len(text)])), []).append(
            Quote(start=ca, end=cb, text=text[ca:cb], type=typ, speaker=namer.signature(sa, sb),
                  cue=Cue(a + m.start("cue"), a + m.end("cue"), m.group("cue"))))
    for (ls, le), new in found.items():
        quotes = [q for q in quotes if not (ls <= q.start and q.end <= le)] + new
    quotes.sort(key=lambda q: (q.start, q.end))
    return quotes
