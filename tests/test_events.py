"""The events of a record: their shape, what they are tied to (actors, place, date, dead, the source
that claims them), the quote links both ways, and the JSON round trip."""
from __future__ import annotations

import json

from newsgraph.extract.events import FINDERS, roles
from newsgraph.record import Event, Record

WIRE = ("KHARKIV, March 14 (Reuters) - Russian airstrikes on the town of Izium killed at least 12 civilians on "
        "Tuesday, according to the regional governor, Oleh Marchenko. \u201cMilitants shelled the school in "
        "Kupiansk overnight,\u201d said Anna Kovalenko, a police spokeswoman. The army threatened to strike "
        "rebel positions near Goma. Moscow denied shelling the plant.")


def test_event_record_shape(analyze):
    rec = analyze(WIRE, published="2024-03-14")
    d = rec.to_dict()
    assert [e["type"] for e in d["events"]][:2] == ["Air/drone strike", "Shelling/artillery/missile attack"]
    air = d["events"][0]
    assert set(air) == {"start", "end", "text", "trigger", "type", "category", "plover", "pentaclass", "source",
                        "target", "place", "date", "fatalities", "reported_by"}
    assert WIRE[air["start"]:air["end"]] == air["text"] and "airstrikes on the town of Izium" in air["text"]
    assert WIRE[air["trigger"]["start"]:air["trigger"]["end"]] == "airstrikes"
    # the learned classes read the main verb: airstrikes that killed civilians are CAMEO's aerial weapons,
    # a FIGHT (models.plover.war_weapons_are_fight)
    assert (air["category"], air["plover"], air["pentaclass"]) == ("Explosions/Remote violence", "FIGHT",
                                                                   "material_conflict")
    assert air["place"]["text"] == "Izium" and air["place"]["geonameid"]
    assert air["date"] == {"start": WIRE.index("Tuesday"), "end": WIRE.index("Tuesday") + 7, "text": "Tuesday",
                           "value": "2024-03-12"}
    assert air["fatalities"] == 12
    assert air["target"]["text"] == "at least 12 civilians"  # the learned actors: whom the strike killed
    assert air["reported_by"]["name"] == "Oleh Marchenko"


def test_quote_and_event_link_both_ways(analyze):
    rec = analyze(WIRE, published="2024-03-14")
    shelling = next(i for i, e in enumerate(rec.events) if e.type == "Shelling/artillery/missile attack")
    ev = rec.events[shelling]
    assert ev.reported_by.name == "Anna Kovalenko"
    q = rec.quotes[ev.reported_by.quote]
    assert "shelled the school" in q.text and shelling in q.events
    assert ev.source.text == "Militants" and ev.target.text in ("the school", "Kupiansk")  # the model says Kupiansk


def test_threats_and_denials_are_not_the_event(analyze):
    rec = analyze(WIRE, published="2024-03-14")
    verbal = [(e.trigger.text, e.plover, e.type) for e in rec.events if e.pentaclass in ("verbal_conflict", "statement")]
    assert ("threatened", "THREATEN", None) in verbal and ("denied", "REJECT", None) in verbal
    assert [e.type for e in rec.events].count("Shelling/artillery/missile attack") == 1
    denial = next(e for e in rec.events if e.plover == "REJECT")
    assert denial.place is None  # Moscow is who denies, not where anything happened


def test_round_trip_and_old_records(analyze):
    rec = analyze(WIRE, published="2024-03-14")
    d = json.loads(json.dumps(rec.to_dict()))
    back = Record.from_dict(d)
    assert back.to_dict() == d
    assert isinstance(back.events[0], Event)
    old = {k: v for k, v in d.items() if k != "events"}
    for q in old["quotes"]:
        q.pop("events", None)
    assert Record.from_dict(old).events == []


def test_quotes_without_events_keep_their_shape(analyze):
    rec = analyze("\u201cThe border stays open,\u201d the minister said.")
    assert all("events" not in q for q in rec.to_dict()["quotes"])


def test_the_seam_takes_a_model(analyze, monkeypatch):
    """The lead points FINDERS at learned models; their answers replace the rules'."""
    monkeypatch.setitem(FINDERS, "pentaclass", lambda sent, trig=None: "verbal_cooperation")
    monkeypatch.setitem(FINDERS, "plover", lambda sent, trig: "AID")
    monkeypatch.setitem(FINDERS, "actors", lambda sent, trig: (sent[0:1], None))
    ev = analyze("Rebels shelled the town of Kabala on Monday.").events[0]
    assert (ev.pentaclass, ev.plover, ev.source.text, ev.target) == ("verbal_cooperation", "AID", "Rebels", None)
    assert ev.type == "Shelling/artillery/missile attack"


def test_dependency_actors(pipeline):
    doc = pipeline.annotator.pipe(["Ukrainian troops were shelled by separatist forces, the governor said."])[0]
    sent = next(iter(doc.sents))
    trig = next(t for t in doc if t.text == "shelled")
    src, tgt = roles.find_actors(sent, trig)
    assert (src.text, tgt.text) == ("separatist forces", "Ukrainian troops")
    doc = pipeline.annotator.pipe(["Rebels shelled the old bridge overnight."])[0]  # a thing is no target actor
    src, tgt = roles.find_actors(next(iter(doc.sents)), next(t for t in doc if t.text == "shelled"))
    assert (src.text, tgt) == ("Rebels", None)
    doc = pipeline.annotator.pipe(["The conflict has killed more than 35,000 people in Borno."])[0]
    assert roles.find_actors(next(iter(doc.sents)), next(t for t in doc if t.text == "killed"))[0] is None


def test_bad_input_does_not_crash(analyze):
    assert analyze("?!").events == []
    assert analyze("shelling " * 200).events is not None


def test_models_put_the_main_event_first(analyze):
    """With the learned models in the seam a sentence's main event comes first with their actors;
    a reported strike gets no actors from the verb that reports it."""
    assert FINDERS["main"] is not None
    ev = analyze("Rebels shelled the town of Kabala on Monday and killed three soldiers.").events
    assert (ev[0].trigger.text, ev[0].source.text) == ("shelled", "Rebels")
    said = analyze("Officials said rebels shelled the town of Kabala.").events
    assert [e.trigger.text for e in said] == ["shelled"] and said[0].source is None


def test_models_make_verbal_events_never_material_ones_from_nothing(analyze):
    """'said' alone is a statement with no ACLED type; a dropped trigger (a natural disaster) and a
    verb that is no event stay without events."""
    alone = analyze("The minister said on Tuesday the border would stay open.").events
    assert [(e.trigger.text, e.pentaclass, e.type, e.source.text) for e in alone] == [
        ("said", "statement", None, "The minister")]
    assert analyze("The earthquake struck the town of Oleshky on Monday.").events == []
    assert analyze("The town lies on the river.").events == []


def test_rules_alone_when_the_seam_has_no_main(analyze, monkeypatch):
    monkeypatch.setitem(FINDERS, "main", None)
    monkeypatch.setitem(FINDERS, "actors", roles.find_actors)
    monkeypatch.setitem(FINDERS, "pentaclass", roles.pentaclass)
    monkeypatch.setitem(FINDERS, "plover", roles.plover_type)
    ev = analyze("Rebels shelled the town of Kabala on Monday.").events
    assert [(e.trigger.text, e.plover, e.source.text) for e in ev] == [("shelled", "FIGHT", "Rebels")]


def test_an_event_in_a_clause_of_its_own_keeps_its_actors(analyze):
    """Beside the main event, an event with its own subject gets the dependency rules' actors; one
    that only reports or follows the main event gets none."""
    ev = analyze("Rebels shelled the town of Kabala and police arrested two men.").events
    assert [(e.trigger.text, e.source and e.source.text) for e in ev] == [("shelled", "Rebels"), ("arrested", "police")]


def test_a_refusal_is_a_verbal_conflict(analyze):
    """'will not release' is a refusal (REJECT), a verbal conflict of no ACLED type; a plain past
    negation ('did not shell') still states no event."""
    ev = analyze("Israel will not release the prisoners held in Ofer.").events
    assert [(e.trigger.text, e.pentaclass, e.plover, e.type) for e in ev] == [
        ("release", "verbal_conflict", "REJECT", None)]
    assert analyze("Troops did not shell the village of Kerem.").events == []


def test_a_trigger_whose_condition_fails_is_an_untyped_event(analyze):
    """'handed over' names a Non-violent transfer of territory only when a place is handed over;
    medical supplies handed over are still an event (aid), of no ACLED type."""
    ev = analyze("The United States handed over medical supplies to the Nigerian government.").events
    assert [(e.trigger.text, e.type, e.pentaclass) for e in ev][:1] == [("handed", None, "material_cooperation")]
    assert ev[0].source.text == "The United States"
    # a place handed over keeps its ACLED type
    ev = analyze("Armenia handed over the village of Kirants to Azerbaijan.").events
    assert ev[0].type == "Non-violent transfer of territory"


def test_a_word_that_only_begins_a_trigger_phrase_is_read_by_the_models(analyze):
    """'opened' begins the trigger 'opened fire', but 'opened its borders' matches no trigger row:
    nothing was dropped, so the models read the word (a material cooperation)."""
    from newsgraph.extract.events import lexicon as lx

    assert "opened" in lx.BY_FIRST
    ev = analyze("Croatia has opened its borders to refugees from Serbia.").events
    assert [(e.trigger.text, e.type, e.pentaclass) for e in ev] == [("opened", None, "material_cooperation")]


def test_a_stand_in_in_an_adjunct_gets_no_actors_of_the_main_word(pipeline):
    # 'strike' stands in for 'left' (no event of its own kind): the ships are not the strike's source
    from newsgraph.record import Article
    rec = pipeline.analyze(Article(id="x", text="Ships left the port of Odesa on Friday, the first departures "
                                                "since a missile strike hit the terminal in July."))
    strike = next(e for e in rec.events if e.type is not None)
    assert strike.trigger.text.endswith("strike") and strike.source is None and strike.target is None
    main = rec.events[0]
    assert main.trigger.text == "left" and main.type is None and main.source is not None
    assert main.source.text == "Ships"


def test_a_stand_in_that_tells_the_main_word_keeps_its_actors(pipeline):
    from newsgraph.record import Article
    rec = pipeline.analyze(Article(id="x", text="Russian airstrikes killed 12 civilians in Idlib on Monday."))
    assert len(rec.events) == 1
    ev = rec.events[0]
    assert ev.type == "Air/drone strike" and ev.target is not None and ev.target.text == "12 civilians"


def test_a_typed_event_behind_a_verbal_lead_keeps_no_learned_target(analyze, monkeypatch):
    """The learned target of a secondary event is its place ('the attack in Kandahar' -> 'Kandahar'),
    not who it was done to: the typed event behind 'claimed' gets none (TYPED_TARGETS off)."""
    import newsgraph.extract.events as events_pkg

    text = "A spokesman for the Taliban claimed responsibility for the attack in Kandahar."
    attack = [e for e in analyze(text).events if e.type == "Attack"]
    assert len(attack) == 1 and attack[0].target is None
    monkeypatch.setattr(events_pkg, "TYPED_TARGETS", True)
    attack = [e for e in analyze(text).events if e.type == "Attack"]
    assert attack[0].target is not None and attack[0].target.text == "Kandahar"
