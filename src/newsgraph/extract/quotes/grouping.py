"""Grouping: the quotes found by the direct and reported stages become the article's quote records.
A partial quote inside a reported content it belongs to is dropped, as is a reported content nested
inside another of the same attribution; a reported clause that runs into the quotation it
introduces is joined with it."""
from __future__ import annotations

import bisect
import re

from newsgraph.extract.quotes.base import _ATTRIBUTION_THEN_CONJ
from newsgraph.extract.quotes.words import CUE_NOUNS as _CUE_NOUNS
from newsgraph.record import Quote

_QUOTED_TAIL = re.compile(r"[,.!?]?[\"\u201d\u00bb]")


_LEAD_IN_GAP = re.compile(r"[\s:,]*[\"'\u201c\u2018\u00ab\u201e]*")


def _partial_after_conj(text: str, r: Quote, q: Quote) -> bool:
    """'Oz is “smart as hell,” Mosko wrote in an email, and “full of it.”': quoted words after the
    attribution and the writer's 'and' / 'but', on the same cue, continue the content."""
    return q.type == "mixed" and r.type != "direct" and not q.segments and not r.segments \
        and r.cue is not None and q.cue is not None and r.cue.start == q.cue.start \
        and bool(_ATTRIBUTION_THEN_CONJ.fullmatch(text, r.cue.end, q.start - 1))


def _join_lead_ins(text: str, quotes: list[Quote]) -> list[Quote]:
    """``quotes`` in text order; a reported clause followed by a quotation on the same cue is joined."""
    out: list[Quote] = []
    for q in quotes:
        r = out[-1] if out else None
        same_cue = r is not None and q.type == "direct" and r.type != "direct" and not q.segments \
            and not r.segments and r.cue is not None and q.cue is not None and r.cue.start == q.cue.start
        if same_cue and r.start < q.start and r.end <= q.end and (
                r.end >= q.start or q.start - r.end <= 6 and _LEAD_IN_GAP.fullmatch(text, r.end, q.start)):
            # the clause runs into the quotation (the parser may already have made them overlap)
            end = q.end + (text[q.end:q.end + 1] in ('"', "\u201d", "\u00bb", "'", "\u2019"))
            r.end, r.text, r.type = end, text[r.start:end], "mixed"  # its closing mark included
        elif (same_cue or r is not None and _partial_after_conj(text, r, q)) and r.end <= r.cue.start < q.start \
                and "\n" not in text[r.end:q.start]:
            # 'The answers are “not meeting the demand,” says Rieckhoff. “We often …”': the clause
            # and the quotation around the one attribution are its content, in two segments
            m = _QUOTED_TAIL.match(text, r.end)  # '“running out of shells,”': its closing mark
            r.segments = [(r.start, m.end() if m else r.end), (q.start, q.end)]
            r.end, r.text, r.type = q.end, text[r.start:q.end], "mixed"
        else:
            out.append(q)
            continue
        r.speaker = r.speaker or q.speaker
    return out


def _drop_nested(reported: list[Quote]) -> list[Quote]:
    """'Stein said she plans to join the protest': one attribution (said) whose content holds a second
    cue (plans); the inner one repeats part of the outer content and is dropped (attribution corpora
    annotate the outer act; keeping both costs precision on every nested cue)."""
    if len(reported) < 2:
        return reported
    spans = sorted(reported, key=lambda q: (q.start, -q.end))
    out = []
    outer: list[Quote] = []
    for q in spans:
        outer = [o for o in outer if o.end > q.start][-8:]
        drop = False
        for o in outer:
            if o is q or q.cue is None or not (o.start <= q.cue.start and q.end <= o.end + 2):
                continue
            if q.cue.text.lower() in _CUE_NOUNS and q.speaker is not None and o.speaker is not None \
                    and q.speaker.name != o.speaker.name:
                continue  # 'Rehak dismissed the mayor's claim that …': two sources, two attributions
            drop = True
            break
        if not drop:
            out.append(q)
        outer.append(q)
    return out


_COORDINATED_THAT = re.compile(r"\band\s+that\b")


def _drop_covered_partials(text: str, direct: list[Quote | None], reported: list[Quote]) -> list[Quote | None]:
    """Quoted words inside a reported content that holds them (mixed) are part of it, not a quote of
    their own: partial quotes always, a full quotation when it hangs on the same cue ('said via email
    that, “Of course …” against …')."""
    mixed = sorted((q for q in reported
                    if q.type == "mixed" and not _COORDINATED_THAT.search(text, max(0, q.start - 8), q.start + 5)),
                   key=lambda q: q.start)
    if not mixed:
        return direct
    starts = [q.start for q in mixed]
    out = []
    for q in direct:
        if q is not None and (q.type == "mixed" or q.cue is not None):
            k = bisect.bisect_right(starts, q.start) - 1
            if any(r.start <= q.start and q.end <= r.end + 2 and (
                    q.type == "mixed" or r.cue is not None and r.cue.start == q.cue.start and not q.segments)
                   for r in mixed[max(0, k - 3):k + 1]):
                continue
        out.append(q)
    return out


def _quoted_words_only(text: str, quotes: list[Quote], quoted: list) -> list[Quote]:
    """'… describing it as “a dangerous development”': with the setting partial_quotes=words (the
    default), a mixed quote is the quoted words only, one record per quotation-marked stretch inside it
    (speaker and cue kept), as the seed article's and the project's gold annotate partial quotes: the
    reported clause around them is the writer's paraphrase, not the speaker's words.
    (partial_quotes=clause keeps the whole clause, as PolNeAR annotates.)"""
    out: list[Quote] = []
    for q in quotes:
        inside = [m for m in quoted if q.start <= m.start and m.end <= q.end and m.end > m.start] \
            if q.type == "mixed" else []
        if not inside:
            out.append(q)
            continue
        for m in inside:
            out.append(Quote(start=m.start, end=m.end, text=text[m.start:m.end], type="mixed",
                             speaker=q.speaker, cue=q.cue))
    seen: set[tuple[int, int]] = set()  # a stretch already a quote of its own is kept once
    return [q for q in sorted(out, key=lambda q: (q.start, q.end))
            if (q.start, q.end) not in seen and not seen.add((q.start, q.end))]
