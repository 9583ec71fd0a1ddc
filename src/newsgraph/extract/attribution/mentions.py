"""Mention rules (``MENTION_RULES``): run before the naming rules, they correct the speaker mention
itself (and, for a dateline, the quote). Each takes the article, the quote and all quotes and
returns True when it changed the quote.
"""
from __future__ import annotations

import re

from newsgraph.extract.attribution.article import Article
from newsgraph.extract.attribution.phrases import _families, _is_pronoun, words
from newsgraph.record import Cue, Quote, Speaker


_TRAILING_SOURCE = re.compile(r",\s+((?:[\w'\u2019-]+\s+){0,9}[\w'\u2019-]+)\s+(said|says|say|told|reported|reports|added)"
                              r"\b[^.\n]{0,40}\.?\s*$")


def mention_dateline_is_no_speaker(art: Article, q: Quote, quotes: list[Quote]) -> bool:
    """A dateline read as a transcript label is no speaker: the attribution at the sentence's end is.

    'BANGKOK: A Myanmar military airstrike killed ten civilians, locals and media reports said on
    Wednesday.' -> the quote is 'A Myanmar … ten civilians', said by 'locals and media reports'.
    """
    sp = q.speaker
    if q.cue is None or q.cue.text != ":" or not sp.text.isupper() or len(sp.text) < 3:
        return False
    line_start = art.text.rfind("\n", 0, sp.start) + 1
    if art.text[line_start:sp.start].strip():
        return False  # a dateline opens its line
    m = _TRAILING_SOURCE.search(art.text, q.start, q.end)
    if m is None or _is_pronoun(m.group(1)):
        return False
    a, b = m.start(1), m.end(1)
    q.end = m.start()
    q.text = art.text[q.start:q.end]
    q.type = "indirect"
    q.segments = None
    q.cue = Cue(m.start(2), m.end(2), m.group(2))
    q.speaker = Speaker(name=art.text[a:b], start=a, end=b, text=art.text[a:b])
    return True


_BODY_IN = re.compile(r"((?:The|the)\s+(?:[\w'\u2019-]+\s+){0,3}?([\w'\u2019-]+)\s+(?:in|of)\s+(?:[\w-]+\s+)?)$")


def mention_body_in_place(art: Article, q: Quote, quotes: list[Quote]) -> bool:
    """A place is not the speaker of 'The health ministry in Hamas-run Gaza said': the body is.

    -> the mention grows to 'The health ministry in Hamas-run Gaza' (named so).
    """
    sp = q.speaker
    e = art.by_id.get(sp.entity or "")
    is_place = (e is not None and e.type in ("GPE", "LOC")) or any(
        p.start == sp.start and p.end == sp.end for p in art.record.places)
    if not is_place:
        return False
    m = _BODY_IN.search(art.text, max(0, sp.start - 80), sp.start)
    if m is None or not _families(m.group(2), words().body):
        return False
    a = m.start(1)
    text = art.text[a:sp.end]
    q.speaker = Speaker(name=text, start=a, end=sp.end, text=text)
    return True


# between a role and its holder's name: the role's 'of'-phrase, a comma, titles
_APPOSITION_GAP = re.compile(r"(?:\s+(?:of|for|in|at|from)\s[^,\n]{1,60})?,\s*"
                             r"(?:(?:Lt\.|Col\.|Gen\.|Maj\.|Brig\.|Capt\.|Dr\.|Prof\.|Rev\.|Mr\.?|Ms\.?|Mrs\.?|Sheikh|"
                             r"Father|Colonel|General|Major|Captain)\s+)*")


def mention_name_in_apposition(art: Article, q: Quote, quotes: list[Quote]) -> bool:
    """A role with the name in apposition right after it: the name is the mention nearest the cue.

    'Another witness, Omar Nur, said he was lucky to have escaped.' -> the mention is 'Omar Nur'.
    """
    sp = q.speaker
    e = art.by_id.get(sp.entity or "")
    if e is None or e.type != "PERSON" or _is_pronoun(sp.text) or q.cue is None or sp.start < 0:
        return False
    if any(m.start == sp.start for m in e.mentions) or sp.text.strip()[:1].isupper() and \
            any(w[:1].isupper() for w in sp.text.split()[1:]):
        return False  # the mention is already a name of the person ('President … Kabore')
    for m in e.mentions:
        if sp.end <= m.start <= sp.end + 90 and _APPOSITION_GAP.fullmatch(art.text, sp.end, m.start) is not None:
            if q.cue.start > sp.start and m.end > q.cue.start:
                continue  # the name must stand between the role and the cue
            q.speaker = Speaker(name=sp.name, start=m.start, end=m.end, text=art.text[m.start:m.end],
                                entity=sp.entity, kind=sp.kind)
            return True
    return False

