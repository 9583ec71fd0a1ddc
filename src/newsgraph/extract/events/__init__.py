"""Events: who did what to whom, where and when, and who says so.

Sentence by sentence (``extract_events``):

1. ``rules.find_triggers``: the words that name an event, from the lexicon ``triggers.tsv`` (one row a
   trigger with its ACLED sub-event type and event type, PLOVER type and pentaclass);
2. ``rules.KEEP_RULES``: triggers that state no event are dropped (negated, denied, threatened,
   planned, conditional, future: 'threatened to strike' is a threat, not a strike);
3. ``rules.SENTENCE_RULES``: a sentence's triggers settled together (a protest broken up by police,
   an attack on soldiers that is a clash, a capture by the army or by rebels, 'killed' as the toll of
   a stronger event);
4. ``FINDERS``: the source and target actors, and a learned class where one is set (the seam: the
   defaults are the dependency rules and "no opinion" of ``roles``);
5. ``attach.ATTACH``: the sentence's resolved place and normalised date nearest the trigger, the
   number of dead it states, and the quote or 'according to' that claims it (that quote gets the
   event's index in its ``events``).

Offsets index ``Record.text``. Linear in the article: one pass over the tokens, and per sentence a
look at its places, dates and quotes.
"""
from __future__ import annotations

from typing import Callable

from spacy.tokens import Span

from newsgraph.extract import Context, extractor
from newsgraph.extract.events import roles
from newsgraph.extract.events.attach import ArticleIndex, attach, entity_for
from newsgraph.extract.events.rules import Cand, find_triggers, first_word_positions, keep, settle
from newsgraph.record import Event, EventActor, Mention, Record

__all__ = ["FINDERS", "extract_events", "sentence_events"]

# The seam between the rules and learned models: each entry may be pointed at another function of
# the same signature (newsgraph.extract.events.models, when it exists).
#   actors(sent, trigger_token) -> (source Span | None, target Span | None)
#   pentaclass(sent) -> str | None        (None: the lexicon's class of the sentence's first event)
#   plover(sent, trigger_token) -> str | None   (None: the lexicon's PLOVER type)
FINDERS: dict[str, Callable] = {
    "actors": roles.find_actors,
    "pentaclass": roles.pentaclass,
    "plover": roles.plover_type,
}


def _actor(rec: Record, span: Span | None, index: ArticleIndex) -> EventActor | None:
    if span is None or not len(span):
        return None
    s, e = span.start_char, span.end_char
    return EventActor(s, e, rec.text[s:e], entity_for(index, s, e))


def _event(rec: Record, sent: Span, c: Cand, index: ArticleIndex) -> Event:
    doc = sent.doc
    ts, te = doc[c.first].idx, doc[c.last - 1].idx + len(doc[c.last - 1])
    s, e = sent.start_char, sent.end_char
    raw = rec.text[s:e]
    s += len(raw) - len(raw.lstrip())
    e -= len(raw) - len(raw.rstrip())
    src, tgt = FINDERS["actors"](sent, c.head)
    plover = FINDERS["plover"](sent, c.head) or c.plover
    return Event(start=s, end=e, text=rec.text[s:e], trigger=Mention(ts, te, rec.text[ts:te]),
                 type=c.subtype, category=c.category, plover=plover, pentaclass=c.pentaclass,
                 source=_actor(rec, src, index), target=_actor(rec, tgt, index))


def sentence_events(rec: Record, sent: Span, index: ArticleIndex | None = None,
                    starts: list[int] | None = None) -> list[Event]:
    """The events one sentence states, in text order (``starts``: where its trigger words begin)."""
    index = index or ArticleIndex(rec)
    cands = find_triggers(sent, keep, starts)
    cands = settle(cands, sent)
    events = [_event(rec, sent, c, index) for c in cands]
    if events:
        cls = FINDERS["pentaclass"](sent)
        if cls:
            events[0].pentaclass = cls
    return events


@extractor("events", needs=("parser", "ner"), requires=("entities", "places", "dates"), refines=("quotes",),
           produces=("events",))
def extract_events(ctx: Context) -> None:
    rec, doc = ctx.record, ctx.doc
    if not len(doc):
        return
    events: list[Event] = []
    index = ArticleIndex(rec)
    starts = first_word_positions(doc)
    k = 0
    for sent in doc.sents:
        mine = []
        while k < len(starts) and starts[k] < sent.end:
            if starts[k] >= sent.start:
                mine.append(starts[k])
            k += 1
        if not mine:
            continue
        for ev in sentence_events(rec, sent, index, mine):
            attach(rec, ev, index)
            events.append(ev)
    for i, ev in enumerate(events):
        if ev.reported_by is not None and ev.reported_by.quote is not None:
            q = rec.quotes[ev.reported_by.quote]
            q.events = (q.events or []) + [i]
    rec.events = events
