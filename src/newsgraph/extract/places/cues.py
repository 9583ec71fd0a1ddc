"""Cues: the words around a name that speak for a place (a preposition, a war verb, 'the town of', a
local-news noun after it, a dateline, a legislator's home town), and the links between names that
share evidence ('Town, State' pairs, lists after a cued name)."""
from __future__ import annotations

import re

from newsgraph.extract.places.matching import _Match, _prev_words, _Toks
from newsgraph.extract.places.namesakes import _contains
from newsgraph.extract.places.words import (AFTER_CUE, DIRECTIONS, PLACE_LABELS, PLACE_NOUNS, STRONG_CUE, WAR_CUE,
                                            WEAK_CUE)

# Switches for rules, so an evaluation can measure each one's share (on by default).
WAR_CUES = True  # 'encircle Pokrovsk', 'recaptured Kupiansk'
LIST_AFTER_STRONG = True  # 'encircle Pokrovsk and Kostiantynivka': the second shares the first's cue

# Before a dateline's place on its line, at most a first place and '/'; after it, a region or date and an
# agency, then a dash ('KYIV, Nov 3 (Reuters) -').
_DATELINE_HEAD = re.compile(r"(?:[A-Z][A-Z .'-]*/)?")
_DATELINE = re.compile(r"(?:/[A-Z][A-Z .'-]*)?(?:,[^\n()\u2014\u2013]{0,40})?\s*(?:\([A-Za-z .]{2,20}\)\s*)?"
                       r"(?:--|[-\u2014\u2013])\s")


def _cue(tk: _Toks, m: _Match) -> int:
    """2 for a strong cue before the name, 1 for a weak one (or a local-news noun after it), 0 for none."""
    prev = _prev_words(tk, m.start)
    p0 = prev[0] if prev else ""
    if p0 in STRONG_CUE or WAR_CUES and p0 in WAR_CUE:
        return 2
    if m.list_cue:
        return m.list_cue
    if p0 == "of" and len(prev) > 1 and (prev[1] in PLACE_NOUNS or prev[1] in DIRECTIONS or prev[1] == "outskirts"):
        return 2
    if p0 in PLACE_NOUNS and len(prev) > 1 and prev[1] in DIRECTIONS:
        return 1
    if p0 in WEAK_CUE:
        return 1
    if m.end < len(tk.texts) and tk.texts[m.end] in AFTER_CUE:
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


def _town_state_pairs(tk: _Toks, matches: list[_Match]) -> None:
    """'Paris, Tennessee', 'Kharkiv, Ukraine': a name followed by a comma and a state or a country
    that contains one of its namesakes; the pair supports both names (``pair_with``/``contained_by``).
    A country's name before a country is a list ('Mali, Niger, Nigeria, Togo'), not Niger State in
    Nigeria."""
    by_start = {m.start: m for m in matches}
    for m in matches:
        if m.end + 1 < len(tk.texts) and tk.texts[m.end] == ",":
            nxt = by_start.get(m.end + 1)
            if nxt is not None and _a_country_before_a_country(m, nxt):
                continue
            if nxt is not None and any(c.fcode in ("ADM1", "PCLI") for c in nxt.cands):
                if any(_contains(p, c) for c in m.cands for p in nxt.cands):
                    m.pair_with = nxt
                    nxt.contained_by.append(m)


def _a_country_before_a_country(m: _Match, nxt: _Match) -> bool:
    """'Mali, Niger, Nigeria': both names are countries by their own names, so a list."""
    def country(x: _Match) -> bool:
        return any(c.fcode == "PCLI" and c.is_name for c in x.cands)
    return country(m) and country(nxt) and not any(c.fcode == "ADM1" and c.is_name for c in nxt.cands)


def _list_cues(tk: _Toks, matches: list[_Match], ent_of: list) -> None:
    """'near Toretsk, Vuhledar and Kupiansk': the names listed after a cued place share its cue (a name
    after a comma only when the list goes on after it: 'in Boston, Wagner said' is no list)."""
    by_end = {m.end: m for m in matches}
    for m in matches:
        sep = tk.texts[m.start - 1] if m.start > 0 else ""
        goes_on = m.end < len(tk.texts) and tk.texts[m.end] in (",", "and", "or")
        before = by_end.get(m.start - 1) if sep in ("and", "or") or sep == "," and goes_on else None
        ent = ent_of[before.start] if before is not None else None
        if ent is not None and ent.label_ in PLACE_LABELS:
            m.list_cue = before.list_cue or _cue(tk, before)
        elif LIST_AFTER_STRONG and before is not None and (before.list_cue or _cue(tk, before)) >= 2:
            m.list_cue = 2  # 'encircle Pokrovsk and Kostiantynivka': the model called the first a person


_COUNTY_PLURALS = frozenset({"counties", "parishes"})


def _in_a_county_list(tk: _Toks, m: _Match) -> bool:
    """'Small Hitchcock and Hayes counties in southwest Nebraska': the name stands in a list of names that
    ends in 'counties' (or 'parishes'); 'the four metro Athens counties', a name alone before it, does not."""
    n = len(tk.lower)
    j = m.end
    while j < n and j - m.end < 16 and (tk.texts[j] in (",", "and", "or") or tk.cap[j]) and not tk.sent[j]:
        j += 1
    if j >= n or tk.lower[j] not in _COUNTY_PLURALS or tk.lower[j - 1] in (",", "and", "or"):
        return False
    return any(t in (",", "and", "or") for t in tk.texts[m.end:j]) \
        or m.start >= 2 and tk.texts[m.start - 1] in (",", "and", "or") and tk.cap[m.start - 2]
