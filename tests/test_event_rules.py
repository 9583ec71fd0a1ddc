"""Each rule of the event extractor on the example its docstring gives.

A keep rule or a sentence rule is checked twice on its sentence: with the rule the outcome is the
right one; with the rule taken out of its table the outcome is the wrong one it exists to prevent
(so a rule that does nothing fails its test). A condition is checked on a sentence that meets it
and one that does not.
"""
from __future__ import annotations

import pytest

from newsgraph.extract.events import lexicon, rules
from newsgraph.extract.events.attach import fatalities
from newsgraph.evaluate import ACLED_TYPES


def first_type(rec):
    typed = [e for e in rec.events if e.type]
    return typed[0].type if typed else None


def types(rec):
    return [e.type for e in rec.events if e.type]


# rule name, sentence, what comes out with the rule, what comes out without it (first ACLED type)
KEEP_CASES = [
    ("not_a_question", "Who shelled the hospital in Kharkiv?", None, "Shelling/artillery/missile attack"),
    ("not_negated", "Troops did not shell the village of Marinka on Tuesday.", None,
     "Shelling/artillery/missile attack"),
    ("not_under_blocker", "Moscow denied shelling the Zaporizhzhia nuclear plant.", None,
     "Shelling/artillery/missile attack"),
    ("not_stale", "Some 1.2 million people have fled their homes since the fighting began.", None, "Armed clash"),
    ("not_called_false", "An army spokesman said the reports of fighting in the town were false.", None,
     "Armed clash"),
    ("not_conditional", "Government troops will withdraw from the town of Kabala next week.", None,
     "Non-violent transfer of territory"),
    ("not_a_modifier", "Protest leaders met the governor of Oaxaca on Monday.", None, "Peaceful protest"),
    ("not_an_adjective", "Relatives of detained activists held a vigil outside the prosecutor's office in Algiers.",
     "Peaceful protest", "Protest with intervention"),
    ("meets_condition", "A deal was unlikely before the end of the month, diplomats said.", None, "Agreement"),
    ("not_a_prefixed_word", "Ko Zaw Tun, an anti-coup fighter from the village, spoke to reporters on Tuesday.",
     None, "Other"),
]


@pytest.mark.parametrize("name,text,with_rule,without_rule", KEEP_CASES, ids=[c[0] for c in KEEP_CASES])
def test_keep_rule(analyze, monkeypatch, name, text, with_rule, without_rule):
    rule = getattr(rules, name)
    assert rule.__doc__ and any(w in rule.__doc__ for w in text.split()[:3]), "the docstring gives the example"
    assert first_type(analyze(text)) == with_rule
    monkeypatch.setattr(rules, "KEEP_RULES", [r for r in rules.KEEP_RULES if r is not rule])
    assert first_type(analyze(text)) == without_rule


SENTENCE_CASES = [
    ("protests_settled", "Police fired tear gas to disperse hundreds of protesters in Nairobi on Monday.",
     "Protest with intervention", "Peaceful protest"),
    ("chemical_wins", "Warplanes dropped bombs containing chlorine on the district of Douma.",
     "Chemical weapon", "Air/drone strike"),
    ("background_yields", "After the airstrike on the market, hundreds of people rallied in Tarsa.",
     "Peaceful protest", "Air/drone strike"),
    ("suicide_bomb_wins", "A car bomb driven by a suicide bomber exploded at the gate of the army base in Gao.",
     "Suicide bomb", "Remote explosive/landmine/IED"),
    ("territory_by_actor", "The army captured the town of Mabera on Sunday.",
     "Government regains territory", "Non-state actor overtakes territory"),
    ("weak_give_way", "Twelve people were killed when an airstrike hit the market in Marsa.",
     "Air/drone strike", "Attack"),
    ("attack_on_armed_is_clash", "Gunmen attacked an army checkpoint near Bura on Friday.", "Armed clash", "Attack"),
    ("weapon_names_the_strike", "A Russian drone had struck a minibus near the town of Oleshky on Friday.",
     "Air/drone strike", None),
    ("crowd_violence_is_mob", "Residents armed with machetes killed two herders they accused of stealing cattle.",
     "Mob violence", "Attack"),
]


@pytest.mark.parametrize("name,text,with_rule,without_rule", SENTENCE_CASES, ids=[c[0] for c in SENTENCE_CASES])
def test_sentence_rule(analyze, monkeypatch, name, text, with_rule, without_rule):
    rule = getattr(rules, name)
    assert rule.__doc__
    assert first_type(analyze(text)) == with_rule
    monkeypatch.setattr(rules, "SENTENCE_RULES", [r for r in rules.SENTENCE_RULES if r is not rule])
    assert first_type(analyze(text)) == without_rule


def test_not_a_natural_event(analyze, monkeypatch):
    text = "The earthquake struck the town of Oleshky on Monday."
    assert analyze(text).events == []
    monkeypatch.setattr(rules, "KEEP_RULES", [r for r in rules.KEEP_RULES if r is not rules.not_a_natural_event])
    assert [e.trigger.text for e in analyze(text).events] == ["struck"]


def test_statement_only_alone(analyze, monkeypatch):
    """'said' is a statement only where nothing else happens in the sentence."""
    from newsgraph.extract.events import FINDERS, roles
    for key, rule in (("main", None), ("actors", roles.find_actors), ("pentaclass", roles.pentaclass),
                      ("plover", roles.plover_type)):
        monkeypatch.setitem(FINDERS, key, rule)  # the rules alone
    text = "Officials said rebels shelled the town of Kabala."
    assert [e.pentaclass for e in analyze(text).events] == ["material_conflict"]
    alone = analyze("The minister said on Tuesday the border would stay open.").events
    assert [(e.pentaclass, e.type, e.trigger.text) for e in alone] == [("statement", None, "said")]
    monkeypatch.setattr(rules, "SENTENCE_RULES", [r for r in rules.SENTENCE_RULES if r is not rules.statement_only_alone])
    assert analyze(text).events[0].pentaclass == "statement"


def test_one_per_type(analyze, monkeypatch):
    text = "Fighting raged for a third day as clashes spread to the district of Ardo."
    assert types(analyze(text)) == ["Armed clash"]
    monkeypatch.setattr(rules, "SENTENCE_RULES", [r for r in rules.SENTENCE_RULES if r is not rules.one_per_type])
    assert types(analyze(text)) == ["Armed clash", "Armed clash"]


# condition, a sentence that meets it (first ACLED type), one that does not
CONDITION_CASES = [
    ("agreed", "The two sides agreed a ceasefire on Sunday in Juba.", "Agreement",
     "The envoy said a ceasefire was badly needed in Juba.", None),
    ("aircraft", "Warplanes bombed the market in Kaduri on Friday.", "Air/drone strike",
     "Unknown men bombed the market in Kaduri on Friday.", None),
    ("territory", "Rebels captured the town of Mabera on Sunday.", "Non-state actor overtakes territory",
     "Rebels captured two soldiers near Mabera on Sunday.", None),
    ("territory_handover", "Government troops withdrew from the town of Sabo on Friday.",
     "Non-violent transfer of territory", "The government withdrew from the talks on Friday.", None),
    ("established", "The militia set up a new base outside Dalam.", "Headquarters or base established",
     "A military base outside Dalam was quiet on Monday.", None),
    ("group", "The Northern Front militia announced it was disbanding.", "Change to group/activity",
     "The bakers' cooperative announced it was disbanding.", None),
    ("weapons_obj", "Soldiers seized a cache of weapons in a raid near Jenin.", "Disrupted weapons use",
     "Soldiers seized two tractors near Jenin.", None),
    ("people_obj", "Militants seized 12 fishermen on Lake Chad.", "Abduction/forced disappearance",
     "Militants seized a boat on Lake Chad.", None),
    ("prisoners", "Russia and Ukraine exchanged 95 prisoners of war on Saturday.", "Agreement",
     "Russia and Ukraine exchanged views on Saturday.", None),
    ("property", "Armed men burned the market in the village of Ouro Hama.", "Looting/property destruction",
     "Armed men burned with anger in the village of Ouro Hama.", None),
]


@pytest.mark.parametrize("name,yes,yes_type,no,no_type", CONDITION_CASES, ids=[c[0] for c in CONDITION_CASES])
def test_condition(analyze, name, yes, yes_type, no, no_type):
    assert rules.CONDITIONS[name].__doc__
    assert first_type(analyze(yes)) == yes_type
    assert first_type(analyze(no)) == no_type


def test_every_rule_is_tested():
    tested = {c[0] for c in KEEP_CASES} | {c[0] for c in SENTENCE_CASES} | {"statement_only_alone", "one_per_type",
                                                                            "not_a_natural_event"}
    assert {r.__name__ for r in rules.KEEP_RULES} <= tested
    assert {r.__name__ for r in rules.SENTENCE_RULES} <= tested
    assert set(rules.CONDITIONS) == {c[0] for c in CONDITION_CASES}


def test_lexicon_rows_use_acled_and_plover_names():
    pentas = {"statement", "verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict"}
    cats = {"Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots",
            "Strategic developments"}
    for t in lexicon.TRIGGERS:
        assert t.subtype is None or t.subtype in ACLED_TYPES, t
        assert (t.subtype is None) == (t.category is None) and (t.category is None or t.category in cats), t
        assert t.pentaclass in pentas, t
        assert t.strength in ("strong", "weak", "untyped", "statement"), t
        assert t.needs is None or t.needs in rules.CONDITIONS, t
    # the two kinds of intervention in a protest are settled by rules.protests_settled, not by a word
    assert {t.subtype for t in lexicon.TRIGGERS} - {None} == ACLED_TYPES - {
        "Protest with intervention", "Excessive force against protesters"}


@pytest.mark.parametrize("sentence,dead", [
    ("An airstrike on the market killed at least 12 people, medics said.", 12),
    ("Five soldiers were killed in the ambush near Bura.", 5),
    ("The death toll from the attack rose to 31 on Monday.", 31),
    ("The blast left nine people dead and dozens wounded.", 9),
    ("Three civilians were wounded in the shelling.", None),
    ("His brother was killed in 2014 in the same village.", None),
])
def test_fatalities(sentence, dead):
    assert fatalities(sentence) == dead


def test_actor_kinds():
    assert lexicon.actor_kind("government troops") == "state"
    assert lexicon.actor_kind("rebel fighters") == "nonstate"
    assert lexicon.actor_kind("displaced families") == "civilian"
    assert lexicon.actor_kind("the bakers") is None


@pytest.mark.parametrize("text", [
    "Four cargo ships carrying grain left the port of Odesa on Monday.",
    "Volunteers have begun evacuating the last residents of villages on the edge of Pokrovsk.",
])
def test_territory_handover_needs_ground_handed_over_by_a_force(analyze, text):
    """Ships that leave a port and volunteers who move people hand over no territory (territory_handover);
    troops that leave a town do (the condition's own case above)."""
    assert "Non-violent transfer of territory" not in types(analyze(text))
    assert first_type(analyze("Government troops left the town of Sabo on Friday.")) == "Non-violent transfer of territory"


def test_actor_is_not_the_event(analyze, monkeypatch):
    """An actor that is only the event's own noun is dropped ('The attack took place ...'); words that
    name someone before it ('Israeli airstrike'), an agent or a weapon ('a car bomb') stay."""
    import sys

    from newsgraph.extract.events import checks
    attach = sys.modules["newsgraph.extract.events.attach"]
    text = "The attack took place in a village called Kankanfogouol, the sources said."

    def attack_source(rec):
        return [e.source.text if e.source else None for e in rec.events if e.trigger.text == "attack"]

    assert attack_source(analyze(text)) == [None]
    monkeypatch.setattr(attach, "ATTACH", [f for f in attach.ATTACH if f is not checks.actor_is_not_the_event])
    assert attack_source(analyze(text)) == ["The attack"]
    monkeypatch.undo()
    rec = analyze("In September, a car bomb killed another ethnic Chechen who had fought for Ukraine.")
    assert any(e.source is not None and e.source.text == "a car bomb" for e in rec.events)


def test_attack_helicopters_are_no_attack(analyze):
    """'attack helicopters' (modifier_heads: helicopter) name a kind of aircraft, not an attack."""
    rec = analyze("Peacekeepers flew attack helicopters over the camp at Kitchanga on Tuesday.")
    assert "Attack" not in types(rec)
