"""Events: who did what to whom, where and when, and who says so.

Sentence by sentence (``extract_events``):

1. ``rules.find_triggers``: the words that name an event, from the lexicon ``triggers.tsv`` (one row a
   trigger with its ACLED sub-event type and event type, PLOVER type and pentaclass);
2. ``rules.KEEP_RULES``: triggers that state no event are dropped (negated, denied, threatened,
   planned, conditional, future: 'threatened to strike' is a threat, not a strike);
3. ``rules.SENTENCE_RULES``: a sentence's triggers settled together (a protest broken up by police,
   an attack on soldiers that is a clash, a capture by the army or by rebels, 'killed' as the toll of
   a stronger event);
4. ``FINDERS``: the source and target actors and the classes. The seam holds the learned models of
   ``models`` when their weights ship (``use_models``), else the dependency rules of ``roles``. With
   the models, the sentence's main event word (``models.main_trigger``) leads: the lexicon trigger at
   that word, or, where the rules found none, a verbal event told by it (a statement, a demand, a
   threat: type null) or a material one only if the sentence has no other event and an event lexicon
   knows the word; else the first trigger stands in for it (the main word's actors and classes, unless
   the main word only reports it). The lead's actors and pentaclass are the models'; the other events
   follow in text order without actors (an ACLED-typed one behind a verbal lead keeps its own), and an
   ACLED-typed event told before a typed lead stays first. A trigger the keep or sentence rules
   dropped is never made again by the models;
5. ``attach.ATTACH``: the sentence's resolved place and normalised date nearest the trigger, the
   number of dead it states, and the quote or 'according to' that claims it (that quote gets the
   event's index in its ``events``).

Measured (``newsgraph eval events``): Multi-CoPED test actor exact macro-F1 0.703 (rules alone 0.371),
pentaclass macro-F1 0.766 (0.517); PLOVER records accuracy 0.727 (0.503), of which the tuning half of
``benchmarks/event_plover_split.py`` 0.759 and the report half 0.692; ACLED war set weighted F1 0.968
either way. Tuned on ``benchmarks/cv_event_pipeline.py`` (the whole pipeline in 5-fold
cross-validation on Multi-CoPED train: actor F1 0.730, pentaclass 0.926) and on the codebook sentences
``benchmarks/gold/events_codebook.jsonl`` (pentaclass 0.897, PLOVER 0.846; its unseen batch 0.842, 0.812).

Offsets index ``Record.text``. Linear in the article: one pass over the tokens, and per sentence a
look at its places, dates and quotes.
"""
from __future__ import annotations

from typing import Callable

from spacy.tokens import Span, Token

from newsgraph.extract import Context, extractor
from newsgraph.extract.events import roles
from newsgraph.extract.events.attach import ArticleIndex, attach, entity_for
from newsgraph.extract.events.rules import KEEP_RULES, Cand, find_triggers, first_word_positions, keep, meets_condition, settle
from newsgraph.record import Event, EventActor, Mention, Record

__all__ = ["FINDERS", "extract_events", "sentence_events"]

# The seam between the rules and learned models: each entry may be pointed at another function of
# the same signature (``use_models`` points them at newsgraph.extract.events.models).
#   actors(sent, trigger_token) -> (source Span | None, target Span | None)
#   pentaclass(sent, trigger_token=None) -> str | None   (None: the lexicon's class)
#   plover(sent, trigger_token) -> str | None   (None: the lexicon's PLOVER type)
FINDERS: dict[str, Callable | None] = {
    "actors": roles.find_actors,
    "pentaclass": roles.pentaclass,
    "plover": roles.plover_type,
    "main": None,  # main(sent) -> Token | None: the sentence's main event word (None: no learned main event)
}


def use_models() -> bool:
    """Point the seam at the learned models of ``newsgraph.extract.events.models`` (when their weights
    load): the main event word, its actors and its classes. Returns whether they are in place."""
    from newsgraph.extract.events import models
    if models.actor_model() is None or models.class_model() is None:
        return False

    def actors(sent: Span, trigger: Token):
        src, tgt = models.find_actors(sent.doc, sent, trigger)
        return (_char_span(sent, src), _char_span(sent, tgt))

    FINDERS.update(actors=actors, pentaclass=models.pentaclass, plover=models.plover_type,
                   main=models.main_trigger)
    return True


def _char_span(sent: Span, se: tuple[int, int] | None) -> Span | None:
    if se is None:
        return None
    return sent.doc.char_span(se[0], se[1], alignment_mode="expand")


def _actor(rec: Record, span: Span | None, index: ArticleIndex) -> EventActor | None:
    if span is None or not len(span):
        return None
    s, e = span.start_char, span.end_char
    return EventActor(s, e, rec.text[s:e], entity_for(index, s, e))


def _event(rec: Record, sent: Span, c: Cand, index: ArticleIndex, actors: bool | str = True) -> Event:
    """The event of trigger ``c``; ``actors``: True the seam's actors, "source" the seam's source only,
    "rules" the dependency rules', False none."""
    doc = sent.doc
    ts, te = doc[c.first].idx, doc[c.last - 1].idx + len(doc[c.last - 1])
    s, e = sent.start_char, sent.end_char
    raw = rec.text[s:e]
    s += len(raw) - len(raw.lstrip())
    e -= len(raw) - len(raw.rstrip())
    if actors == "rules":
        src, tgt = roles.find_actors(sent, c.head)
    elif actors == "source":
        src, tgt = FINDERS["actors"](sent, c.head)[0], None
    else:
        src, tgt = FINDERS["actors"](sent, c.head) if actors else (None, None)
    plover = FINDERS["plover"](sent, c.head) or c.plover
    return Event(start=s, end=e, text=rec.text[s:e], trigger=Mention(ts, te, rec.text[ts:te]),
                 type=c.subtype, category=c.category, plover=plover, pentaclass=c.pentaclass,
                 source=_actor(rec, src, index), target=_actor(rec, tgt, index))


# What a learned main event word may be when no lexicon trigger covers it: a verbal event (a statement,
# a demand, an agreement) is told by its verb; a material one only by a word of an event lexicon.
_VERBAL = frozenset({"statement", "verbal_cooperation", "verbal_conflict"})
_TRIGGER_POS = frozenset({"VERB", "NOUN"})


def _main_cand(sent: Span, main: Token, material: bool = True) -> Cand | None:
    """A trigger for the sentence's learned main event word that no lexicon trigger matched: 'Powell
    said NATO would need to remain strong' -> 'said' (a statement); 'officials agreed on Wednesday'
    -> 'agreed'. None when the word is no event: a verb the class model calls material that no event
    lexicon knows ('The town lies on the river') is never made an event, nor is a material one when
    the rules found the sentence's events (``material`` False: 'killed' beside the strike that killed)."""
    from newsgraph.extract.events import models
    if (main.pos_ not in _TRIGGER_POS and not stated_readiness(main)) or sent.start > main.i or main.i >= sent.end:
        return None
    if any(x.lower_ in ("not", "n't", "never") and x.dep_ == "neg" for x in main.children):
        return None
    cls = FINDERS["pentaclass"](sent, main)
    if cls is None:
        return None
    if cls not in _VERBAL and (not material or not models.lexicon_hits(sent, main)):
        return None
    return Cand(trig=None, first=main.i, last=main.i + 1, head=main, subtype=None, category=None,
                plover=None, pentaclass=cls)


# A reporting verb whose object names the act ('announced a ceasefire') keeps the sentence's classes
# (CAMEO 0871: declaring a truce is the act): pipeline CV on Multi-CoPED train, see the commit.
NAMED_ACT_LEADS = True


def names_its_act(main: Token) -> bool:
    """Whether a reporting verb takes a noun object rather than a clause: 'Ghani announced a
    ceasefire', 'Nigeria announced the deployment of 230 troops' (the announcement is the act);
    'Officials said rebels shelled the town' has none."""
    return any(c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN") for c in main.children)


_READY = frozenset({"willing", "ready", "prepared", "eager", "determined", "unwilling", "reluctant"})


def stated_readiness(main: Token) -> bool:
    """A copula main word that states a readiness to act is a verbal event (CAMEO 03, intent; PLOVER
    AGREE): 'Honduras is willing to withdraw its troops', 'The EU is ready to contribute to the
    mission'. Other copulas ('The town is quiet') state no event."""
    if main.pos_ != "AUX" or main.lower_ not in ("is", "are", "was", "were", "be", "been", "'s", "'re"):
        return False
    return any(c.dep_ == "acomp" and c.lower_ in _READY and any(g.dep_ == "xcomp" for g in c.children)
               for c in main.children)


def sentence_events(rec: Record, sent: Span, index: ArticleIndex | None = None,
                    starts: list[int] | None = None) -> list[Event]:
    """The events one sentence states: with learned models in the seam, the sentence's main event
    first (its actors and classes the models'), then the others in text order with no actors of their
    own; by the rules alone, in text order (``starts``: where its trigger words begin)."""
    index = index or ArticleIndex(rec)
    cands = settle(find_triggers(sent, keep, starts), sent) if starts is None or starts else []
    from newsgraph.extract.events import models
    find_main = FINDERS.get("main")
    if find_main is None:
        events = [_event(rec, sent, c, index) for c in cands]
        if events:
            cls = FINDERS["pentaclass"](sent)
            if cls:
                events[0].pentaclass = cls
        return events
    main = find_main(sent)
    stand_in = None
    if main is None:
        return [_event(rec, sent, c, index, actors=k == 0) for k, c in enumerate(cands)]
    lead = next((c for c in cands if c.first <= main.i < c.last), None)
    if lead is None:
        # a trigger word the rules dropped (a natural disaster, a denied or planned strike) stays dropped
        # save a reporting verb ('Officials said rebels shelled the town': the officials' statement leads)
        # and what the ``DROPPED_MAIN_RULES`` make of it (a refusal, an event of no ACLED type)
        dropped = _dropped_at(sent, main, starts) if starts and main.i in starts else None
        if dropped is not None:
            lead = _main_cand(sent, main, material=False) if REPORTED_LEAD and models.is_reporting(main) else None
            for rule in DROPPED_MAIN_RULES:
                if lead is not None:
                    break
                lead = rule(sent, main, dropped, not cands)
        else:
            lead = _main_cand(sent, main, material=not cands)
            if lead is None:
                lead = refusal(sent, main, None, not cands)
        if lead is None:
            if not cands:
                return []
            # the main word is no event of its own ('Russian airstrikes killed 12 civilians': 'killed'
            # is the toll the rules folded into the strike): the first event stands in for it
            lead, cands = cands[0], cands[1:]
            if models.is_reporting(main) and not (NAMED_ACT_LEADS and names_its_act(main)):
                # 'Officials said rebels shelled the town': not the officials'
                main = lead.head
            elif STAND_IN_SPLIT and not stand_in_tells_main(sent, lead, main):
                stand_in = _standalone(lead)
            cls = FINDERS["pentaclass"](sent, main)
            if cls:
                lead.pentaclass = cls
    else:
        cands = [c for c in cands if c is not lead]
        cls = FINDERS["pentaclass"](sent, main)
        if cls:
            lead.pentaclass = cls
    lead.head = main
    first = _event(rec, sent, lead, index)
    rest = [_event(rec, sent, c, index, actors=_secondary_actors(c, first, lead.head)) for c in cands]
    if first.type is not None and any(ev.type is not None and ev.trigger.start < first.trigger.start for ev in rest):
        # an ACLED-typed event told before the main one stays first: the rules chose the sentence's
        # ACLED type by text order ('Shelling killed two, and troops later arrested ...')
        events = sorted([first] + rest, key=lambda ev: ev.trigger.start)
    else:
        events = [first] + rest
    if stand_in is not None:
        events = _split_stand_in(rec, sent, index, events, first, stand_in, main)
    return events


# A trigger standing in for a main word that is no event of its own ('Ships left the port of Odesa,
# the first departures since a missile strike': 'strike' stands in for 'left') is split in two when it
# only sits in an adjunct of the main word: the main word's event (no ACLED type; the main word's
# actors and classes, as the sentence's event was scored) and the trigger's own typed event with no
# actors (the strike's source is not the ships). A stand-in that tells the main word ('Russian
# airstrikes killed 12 civilians': the strike did the killing) stays one event. Measured: no change in
# any scored figure (Multi-CoPED train and test, PLOVER, ACLED set). Giving the stand-in the sentence
# instead, without the main word's event (when the main word is a state: 'A child was among the dead
# in the attack'), cost Multi-CoPED train actor F1 0.826 -> 0.812 and pentaclass 0.946 -> 0.931, so
# the main word leads even when it is only 'was'.
STAND_IN_SPLIT = True


def stand_in_tells_main(sent: Span, c: Cand, main: Token) -> bool:
    """Whether the stand-in trigger ``c`` is what the main word tells: the main word's subject or object,
    or inside one ('Russian airstrikes killed 12 civilians', 'The shelling of Kharkiv continued'), or a
    word the main word hangs from. A trigger in an adjunct ('since a missile strike', 'after the
    attack', a clause of its own) is not."""
    tok = c.head
    if tok.i == main.i or tok in main.ancestors:
        return True
    cur = tok
    while cur.head.i != cur.i and cur.head.i != main.i:
        if cur.dep_ in _ADJUNCT_LINKS or (cur.dep_ == "prep" and cur.lower_ in _BACKGROUND_PREPS):
            return False  # 'since a missile strike hit the terminal', 'after the attack'
        cur = cur.head
    if cur.head.i != main.i:
        return True  # not below the main word at all: leave the sentence as it was
    if cur.dep_ == "prep" and cur.lower_ in _BACKGROUND_PREPS:
        return False
    return cur.dep_ in ("nsubj", "nsubjpass", "dobj", "attr", "oprd", "csubj", "agent", "dative")


# Links from a trigger up to the main word that put it in an adjunct of its own: a clause beside the
# main word, or a background phrase ('since', 'after', 'following' an event).
_ADJUNCT_LINKS = frozenset({"advcl", "relcl", "acl", "ccomp", "xcomp", "parataxis", "pcomp"})
_BACKGROUND_PREPS = frozenset({"since", "after", "before", "following", "despite", "amid", "until", "during"})


def _standalone(c: Cand) -> Cand:
    """A copy of trigger ``c`` as its own event (its own head, type and classes)."""
    return Cand(trig=c.trig, first=c.first, last=c.last, head=c.head, subtype=c.subtype, category=c.category,
                plover=c.plover, pentaclass=c.pentaclass)


def _split_stand_in(rec: Record, sent: Span, index: ArticleIndex, events: list[Event], lead_ev: Event,
                    stand_in: Cand, head: Token) -> list[Event]:
    """``lead_ev`` (the stand-in trigger with the main word's actors and classes) becomes the main word's
    event, of no ACLED type, and the stand-in trigger's own event (no actors) follows it."""
    main = lead_ev
    own = _event(rec, sent, stand_in, index, actors=False)
    ts, te = head.idx, head.idx + len(head)
    main_ev = Event(start=main.start, end=main.end, text=main.text, trigger=Mention(ts, te, rec.text[ts:te]),
                    type=None, category=None, plover=main.plover, pentaclass=main.pentaclass,
                    source=main.source, target=main.target)
    k = next(j for j, ev in enumerate(events) if ev is lead_ev)
    return events[:k] + [main_ev, own] + events[k + 1:]


def _dropped_at(sent: Span, main: Token, starts: list[int]) -> Cand | None:
    """The lexicon trigger at the main word that the keep rules dropped, or None when no trigger row
    matches there at all ('opened' begins the row 'opened fire', but 'Croatia has opened its borders'
    matches none: nothing was dropped, and the main word is read as any other)."""
    for c in find_triggers(sent, None, [i for i in starts if sent.start <= i <= main.i]):
        if c.first <= main.i < c.last:
            return c
    return None


_REFUSING_AUX = frozenset({"will", "would", "wo", "shall", "can", "could", "ca"})
_NEG_WORDS = frozenset({"not", "n't", "never"})


def refusal(sent: Span, main: Token, dropped: Cand | None, alone: bool) -> Cand | None:
    """A main word negated under 'will' or 'would' is a refusal (CAMEO's and PLOVER's REJECT), a verbal
    conflict whatever the word: 'Israel will not release prisoners', 'Kazakh oil workers will not end
    the strike'. A plain past negation ('Troops did not shell the village') states nothing: None."""
    if not alone or main.pos_ != "VERB":
        return None
    kids = list(main.children)
    if not any(x.dep_ == "neg" and x.lower_ in _NEG_WORDS for x in kids):
        return None
    if not any(x.dep_ == "aux" and x.lower_ in _REFUSING_AUX for x in kids):
        return None
    return Cand(trig=None, first=main.i, last=main.i + 1, head=main, subtype=None, category=None,
                plover="REJECT", pentaclass="verbal_conflict")


def untyped_when_condition_fails(sent: Span, main: Token, dropped: Cand | None, alone: bool) -> Cand | None:
    """A trigger dropped only because its row's condition failed is still an event, of no ACLED type:
    'The United States handed over medical equipment to Nigeria' is no Non-violent transfer of
    territory (no place was handed over) but is aid; 'Iraqi troops captured the mosque' takes no
    territory but is a capture. Any other keep rule (negation, denial, a natural event) drops it."""
    if dropped is None or dropped.trig is None or dropped.trig.needs is None:
        return None
    if not all(rule(dropped, sent) for rule in KEEP_RULES if rule is not meets_condition):
        return None
    return _main_cand(sent, main, material=alone)


# What a main word the rules dropped may still be, in order (the first that gives an event wins).
DROPPED_MAIN_RULES: tuple[Callable[[Span, Token, Cand | None, bool], Cand | None], ...] = (
    refusal, untyped_when_condition_fails)


# Which events besides the main one get actors: none (their actors were noise beside the main event's:
# Multi-CoPED train actor F1 0.811 without, 0.782 with), except an ACLED-typed event behind a verbal
# main event ('Officials said rebels shelled the town': the rebels and the town, 0.803), so that a
# reported strike keeps who struck what.
SECONDARY_ACTORS = False
TYPED_ACTORS = True
# ... and an event told in a clause of its own, with its own subject, by the dependency rules.
OWN_CLAUSE_ACTORS = True


def _own_clause(tok: Token, main: Token) -> bool:
    """An event told by a verb with its own subject, beside the main event rather than inside it:
    'Rebels shelled Kabala and police arrested two men' -> 'arrested' (a conjunct with its own
    subject); 'Rebels shelled Kabala, forcing residents to flee' -> 'forcing' is no such clause."""
    if tok.i == main.i or tok.pos_ != "VERB" or not any(x.dep_ in ("nsubj", "nsubjpass") for x in tok.children):
        return False
    return tok.dep_ == "conj" or (main not in tok.ancestors and tok not in main.ancestors)


# ... but only its source: the learned target of a secondary event (a noun, mostly) is its place or
# its subject matter ('agreed to a ceasefire in Afghanistan' -> 'Afghanistan'; 'claimed the attack in
# Kandahar' -> 'Kandahar'): 4 of 50 right in the pipeline's cross-validation on Multi-CoPED train, and
# without them actor F1 0.722 -> 0.727 (target 0.591 -> 0.601).
TYPED_TARGETS = False


def _secondary_actors(c: Cand, first: Event, main: Token) -> bool | str:
    """Which actors an event besides the main one gets: True both (the learned models'), "source" the
    learned source only, "rules" the dependency rules' (an event in a clause of its own), False none.
    'The Taliban agreed to a ceasefire in Afghanistan' -> the ceasefire behind 'agreed' gets no target."""
    if SECONDARY_ACTORS:
        return True
    if TYPED_ACTORS and first.type is None and c.subtype is not None:
        return True if TYPED_TARGETS else "source"
    # the learned actors are trained on a sentence's main event and name none for a second clause
    return "rules" if OWN_CLAUSE_ACTORS and _own_clause(c.head, main) else False


# A reporting verb the rules set aside for the sentence's other events leads as a statement when the
# model calls it the main word (Multi-CoPED train pentaclass 0.869 -> 0.919).
REPORTED_LEAD = True


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
        if not mine and FINDERS.get("main") is None:
            continue
        for ev in sentence_events(rec, sent, index, mine):
            attach(rec, ev, index)
            events.append(ev)
    for i, ev in enumerate(events):
        if ev.reported_by is not None and ev.reported_by.quote is not None:
            q = rec.quotes[ev.reported_by.quote]
            q.events = (q.events or []) + [i]
    rec.events = events


try:  # the learned models are the default when their weights ship; the rules stay the fallback
    use_models()
except Exception:  # a broken weights file leaves the rules in place
    pass
