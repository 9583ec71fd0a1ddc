"""The PLOVER type rules written from the PLOVER manual's definitions and modes (session 13): each rule
on its docstring's sentence, and the type it would get without the rule."""
from __future__ import annotations

import pytest

from newsgraph.extract.events import models as m
from newsgraph.extract.events.models import plover as P


@pytest.fixture(scope="module")
def parse(first_sentence):
    return first_sentence


@pytest.mark.parametrize("rule, text, want, without", [
    (P.prisoner_exchange_is_retreat, "Both sides exchanged prisoners on the bridge over the Dnipro.", "RETREAT",
     "COOPERATE"),
    (P.admitting_observers_is_retreat, "The government allowed UN inspectors into the nuclear site.", "RETREAT",
     "CONCEDE"),
    (P.giving_up_weapons_is_retreat, "The militia handed over its weapons to the peacekeepers.", "RETREAT", "AID"),
    (P.cutting_utilities_is_coerce, "Authorities cut off electricity and water to the besieged town.", "COERCE",
     "SANCTION"),
    (P.suspending_protest_is_concede, "The union suspended its protests after the government offered talks.",
     "CONCEDE", "SANCTION"),
])
def test_plover_rule(parse, monkeypatch, rule, text, want, without):
    sent = parse(text)
    assert m.plover_type(sent) == want
    monkeypatch.setattr(P, "PLOVER_RULES", tuple(r for r in P.PLOVER_RULES if r is not rule))
    assert m.plover_type(sent) == without


@pytest.mark.parametrize("text, want, without", [
    ("Prosecutors opened an investigation into the minister's finances.", "INVESTIGATE", "RETREAT"),
    ("The army gave the militants an ultimatum to leave the city by Friday.", "THREATEN", "AID"),
    ("The governor granted amnesty to the rebels who surrendered.", "CONCEDE", "AID"),
    ("The European Union imposed sanctions on Iran.", "SANCTION", "COERCE"),
])
def test_light_verb_object_wins(parse, monkeypatch, text, want, without):
    from newsgraph.extract.events.models import classes as C

    sent = parse(text)
    assert m.plover_type(sent) == want
    # without the pick rule and the class model's own light-verb rule (whose pentaclass would pick the
    # object's type anyway), the verb's type wins
    monkeypatch.setattr(P, "PICK_RULES", tuple(r for r in P.PICK_RULES if r is not P.light_verb_object_wins))
    monkeypatch.setattr(C, "LIGHT_VERB_OBJECT", False)
    C._CLASS_CACHE.clear()
    assert m.plover_type(parse(text)) == without


def test_a_light_verb_with_an_untyped_object_keeps_its_own_type(parse):
    # 'granted $5 million': the object names no act, so the verb's own type (AID) stands
    assert m.plover_type(parse("Japan granted $5 million to the flood victims in Pakistan.")) == "AID"


def test_forces_as_a_noun_are_no_coercion(parse):
    sent = parse("China put its forces on high alert.")
    assert m.plover_type(sent) == "MOBILIZE"
    assert not any(h[1] == m.stem("force") for h in m.lexicon_hits(sent, m.main_trigger(sent)))
    # the verb still coerces
    sent = parse("Soldiers forced the villagers out of their homes.")
    assert any(h[2] == "COERCE" for h in m.lexicon_hits(sent, m.main_trigger(sent)))


def test_a_phrase_ending_at_the_event_word(parse):
    # 'martial law': the lexicon's two-word phrase ends at the object 'law'
    sent = parse("The regime declared martial law in the province.")
    assert ("dobj", "martial law", "COERCE") == m.lexicon_hits(sent, m.main_trigger(sent))[0][:3]
    assert m.plover_type(sent) == "COERCE"


@pytest.mark.parametrize("text, want", [
    ("The family sued the police department for wrongful death.", "DISAPPROVE"),  # 'sued' is its own stem
    ("The delegation walked out of the negotiations in Geneva.", "SANCTION"),  # a walk-out of talks
    ("Rebels and government forces exchanged fire near the airport.", "FIGHT"),  # not an exchange of goods
    ("The rebels laid down their arms in the capital.", "RETREAT"),  # mode disarm; 'arms' is no arming
    ("A court in The Hague found the company guilty of supplying chemicals to the regime.", "SANCTION"),
])
def test_lexicon_rows_from_the_codebook(parse, text, want):
    assert m.plover_type(parse(text)) == want


@pytest.mark.parametrize("rule, text, want, without", [
    (P.easing_restrictions_is_concede, "The government cancelled the restrictions on foreign journalists.",
     "CONCEDE", "SANCTION"),
    (P.conditional_act_is_threat,
     "Nigeria will withdraw its troops from the mission unless the rebels accept a ceasefire.", "THREATEN", "AGREE"),
    (P.war_weapons_are_fight, "Government warplanes killed 30 villagers in the north.", "FIGHT", "ASSAULT"),
    (P.war_weapons_are_fight, "Soldiers killed four gunmen in a gunbattle near the border.", "FIGHT", "ASSAULT"),
    (P.future_conflict_is_threat, "The union said its members will boycott the elections.", "THREATEN", "PROTEST"),
])
def test_plover_rule_session_14(parse, monkeypatch, rule, text, want, without):
    sent = parse(text)
    assert m.plover_type(sent) == want
    monkeypatch.setattr(P, "PLOVER_RULES", tuple(r for r in P.PLOVER_RULES if r is not rule))
    assert m.plover_type(sent) == without


def test_a_refused_easing_stays_a_refusal(parse):
    assert m.plover_type(parse("The government will not remove the sanctions on the party.")) == "REJECT"


def test_a_lifted_blockade_is_no_concession(parse):
    # a blockade or a siege lifted is a material retreat: the easing rule leaves it alone
    sent = parse("The army lifted the blockade on the port.")
    assert P.easing_restrictions_is_concede("RETREAT", m.view(sent), m.main_trigger(sent).i) == "RETREAT"
    assert P.easing_restrictions_is_concede("SANCTION", m.view(sent), m.main_trigger(sent).i) == "SANCTION"


def test_a_demand_is_found_above_the_act_it_asks_for(parse, monkeypatch):
    # 'allow' hangs from 'ensure', the reported clause with 'must': the sentence is a demand
    text = "The Red Crescent said the army must ensure security to allow food convoys into the city."
    sent = parse(text)
    assert m.plover_type(sent) == "DEMAND"


def test_killing_in_a_bomb_attack_stays_assault(parse):
    sent = parse("Guerrillas wounded two soldiers in a bomb attack on Thursday.")
    v = m.view(sent)
    t = next(x for x in sent if x.text == "wounded").i
    assert P.war_weapons_are_fight("ASSAULT", v, t) == "ASSAULT"
