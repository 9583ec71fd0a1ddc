"""Checks that make an event's actors agree with the rest of the record, run on each event before its
place, date and claimant are attached (``attach.ATTACH`` starts with ``CHECKS``).

The learned and rule finders read one sentence's parse; these read the record's text and offsets.
Each check is a small named function over one event, with the sentence it exists for in its
docstring and a test in ``tests/test_event_rules.py``.

Two checks were tried and left out, measured on Multi-CoPED train: giving a statement event its
quote's speaker as source (source F1 0.872 -> 0.850: the corpus's event of 'X said rebels shelled Y'
is the shelling's, whose actors the model finds), and giving an ACLED-typed event its type's
pentaclass (0.919 -> 0.891: a sentence's lead event carries the sentence's class when its own trigger
only stands in for a main word that is no trigger, 'expressed condolences to the families of those
killed').
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Callable

from newsgraph.extract.events import lexicon as lx
from newsgraph.record import Event, Record

if TYPE_CHECKING:
    from newsgraph.extract.events.attach import ArticleIndex

# what may stand before an event noun without naming who acted: 'The attack', 'Friday's attack',
# 'numerous attacks', 'the latest twin attacks'
_NO_ACTOR = re.compile(
    r"^(?:(?:the|a|an|this|that|these|those|its|their|his|her|our|another|such|latest|last|first|"
    r"second|third|new|fresh|recent|further|twin|deadly|numerous|several|multiple|many|some|brief|"
    r"major|massive|heavy|fierce|intense|renewed|sporadic|\d+|(?:[a-z]+day|tonight|weekend|the\s+day)['’]s|"
    r"overnight|early|late|morning|night)\s+)*$", re.I)


def actor_is_not_the_event(rec: Record, ev: Event, index: "ArticleIndex") -> None:
    """'The attack took place in a village called Kankanfogouol' -> no source: an actor that is only
    the event's own noun ('The attack', 'Fighting', "Friday's attack", 'An ambush') names the event,
    not who acted. 'Israeli airstrike' and 'a car bomb' stay: the words before name the actor, or the
    noun is a weapon or an agent (words.tsv: not_actors lists the nouns that are only events)."""
    t = ev.trigger
    if t.text.lower() not in lx.NOT_ACTORS:
        return
    for role in ("source", "target"):
        actor = getattr(ev, role)
        if actor is None or not (actor.start <= t.start and t.end == actor.end):
            continue
        before = rec.text[actor.start:t.start]
        if _NO_ACTOR.match(before):
            setattr(ev, role, None)


CHECKS: list[Callable[[Record, Event, "ArticleIndex"], None]] = [actor_is_not_the_event]
