"""The pentaclass feature rules of session 14: a verb's separated particle read as one lexicon phrase,
and a light verb's lexicon class giving way to its object's; each on its docstring's sentence."""
from __future__ import annotations

import pytest

from newsgraph.extract.events import models as m
from newsgraph.extract.events.models import classes as C
from newsgraph.extract.events.models import features as F
from newsgraph.extract.events.models.view import view


@pytest.fixture(scope="module")
def parse(first_sentence):
    return first_sentence


def _tok(sent, word):
    return next(t for t in sent if t.text == word)


@pytest.mark.parametrize("text, verb, key", [
    ("A suicide bomber blew himself up at a checkpoint.", "blew", "blow up"),
    ("The parliament voted the budget down on Tuesday.", "voted", "vote down"),
])
def test_phrasal_key_joins_a_separated_particle(parse, text, verb, key):
    sent = parse(text)
    assert F.phrasal_key(view(sent), _tok(sent, verb).i) == " ".join(m.stem(w) for w in key.split())


def test_phrasal_key_is_none_for_an_adjacent_particle_or_none(parse):
    sent = parse("Rebels blew up the bridge and shelled the town.")
    v = view(sent)
    assert F.phrasal_key(v, _tok(sent, "blew").i) is None  # matched as a two-word phrase already
    assert F.phrasal_key(v, _tok(sent, "shelled").i) is None


def test_a_separated_particle_gives_the_phrase_s_class(parse, monkeypatch):
    sent = parse("A suicide bomber blew himself up at a checkpoint.")
    t = _tok(sent, "blew")
    F._HITS_CACHE.clear()
    assert [h[3] for h in F.lexicon_hits(sent, t)] == ["material_conflict"]
    monkeypatch.setattr(F, "PHRASAL_PARTICLES", False)
    F._HITS_CACHE.clear()
    assert F.lexicon_hits(parse("A suicide bomber blew himself up at a checkpoint."), t) == []
    F._HITS_CACHE.clear()


@pytest.mark.parametrize("text, verb, want", [
    ("Prosecutors opened an investigation into the minister's finances.", "opened", "verbal_conflict"),
    ("The government gave the strikers an ultimatum to return to work.", "gave", "verbal_conflict"),
])
def test_light_verb_hits_drop_the_verb_s_own_class(parse, text, verb, want):
    sent = parse(text)
    v = view(sent)
    t = _tok(sent, verb).i
    hits = F.lexicon_hits(v, t)
    assert any(h[4] == t for h in hits)  # the verb itself is in the lexicon ('open' RETREAT, 'give' AID)
    kept = C.light_verb_hits(v, t, hits)
    assert kept and all(h[4] != t for h in kept)
    assert kept[0][3] == want


def test_light_verb_hits_keep_the_verb_when_its_object_names_no_act(parse):
    # 'granted $5 million': the object names no act, so the verb's own class stands
    sent = parse("Japan granted $5 million to the flood victims in Pakistan.")
    v = view(sent)
    t = _tok(sent, "granted").i
    hits = F.lexicon_hits(v, t)
    assert C.light_verb_hits(v, t, hits) == hits


def test_light_verb_object_sets_the_pentaclass(parse, monkeypatch):
    text = "Prosecutors opened an investigation into the minister's finances."
    C._CLASS_CACHE.clear()
    assert m.pentaclass(parse(text)) == "verbal_conflict"
    monkeypatch.setattr(C, "LIGHT_VERB_OBJECT", False)
    C._CLASS_CACHE.clear()
    assert m.pentaclass(parse(text)) == "material_cooperation"
    C._CLASS_CACHE.clear()


@pytest.mark.parametrize("rule, text, verb, before, want", [
    (C.easing_restrictions_is_concession, "Washington eased sanctions on Venezuelan oil exports.", "eased",
     "verbal_conflict", "material_cooperation"),
    (C.declared_truce_is_material, "The ELN declared a monthlong ceasefire on 1 April.", "declared",
     "verbal_cooperation", "material_cooperation"),
    (C.denying_accusation_is_statement,
     "Ethiopia's government rejected accusations that its military is guilty of ethnic cleansing.", "rejected",
     "verbal_conflict", "statement"),
    (C.declining_is_refusal_or_no_comment, "A spokeswoman declined to comment on the hiring freeze.", "declined",
     "verbal_conflict", "statement"),
    (C.declining_is_refusal_or_no_comment, "The counsel declined to resign from his position.", "declined",
     "statement", "verbal_conflict"),
    (C.agreeing_is_verbal_cooperation, "Somali opposition leaders agreed to postpone a protest.", "agreed",
     "verbal_conflict", "verbal_cooperation"),
    (C.sending_to_investigate_is_investigation,
     "The agency has sent a team to Alabama to investigate the accident.", "sent", "material_cooperation",
     "verbal_conflict"),
    (C.claiming_responsibility_is_statement,
     "The separatist movement took responsibility for the attack on the police station.", "attack",
     "material_conflict", "statement"),
    (C.sympathy_is_statement, "The king offered his condolences to the people of Morocco.", "offered",
     "verbal_cooperation", "statement"),
    (C.sympathy_is_statement, "The president sent a condolence message to the prime minister.", "sent",
     "material_cooperation", "statement"),
    (C.expelling_people_is_coercion, "The government expelled the foreign correspondents from the country.",
     "expelled", "verbal_conflict", "material_conflict"),
    (C.declining_is_refusal_or_no_comment, "A spokesman for the insurgents refused to say how many died.",
     "refused", "verbal_conflict", "statement"),
    (C.admitting_refugees_is_aid, "The United States accepted 1,141 Iraqi refugees in May.", "accepted",
     "verbal_cooperation", "material_cooperation"),
])
def test_codebook_rule(parse, rule, text, verb, before, want):
    sent = parse(text)
    v = view(sent)
    assert rule(before, v, _tok(sent, verb).i) == want


@pytest.mark.parametrize("rule, text, verb", [
    (C.easing_restrictions_is_concession, "Germany suspended development aid to Niger after the coup.", "suspended"),
    (C.denying_accusation_is_statement, "Iran rejected the proposal to ship its uranium abroad.", "rejected"),
    (C.declared_truce_is_material, "The army declared a state of emergency in the north.", "declared"),
    (C.agreeing_is_verbal_cooperation, "The rebels did not agree to the terms.", "agree"),
    (C.sending_to_investigate_is_investigation, "Japan sent tents to the flooded provinces.", "sent"),
    (C.expelling_people_is_coercion, "Lithuania expelled two Russian diplomats over the affair.", "expelled"),
    (C.claiming_responsibility_is_statement, "Rebels attacked the police station at dawn.", "attacked"),
    (C.admitting_refugees_is_aid, "Bangladesh says it will not accept any Rohingya refugees.", "accept"),
])
def test_codebook_rule_leaves_other_sentences_alone(parse, rule, text, verb):
    sent = parse(text)
    assert rule("material_conflict", view(sent), _tok(sent, verb).i) == "material_conflict"


def test_codebook_rules_run_first(parse):
    # an eased sanction announced ('will lift') is then made verbal by the announced-act rule
    assert C.PENTACLASS_RULES[:len(C.CODEBOOK_RULES)] == C.CODEBOOK_RULES
    sent = parse("Washington said it will lift sanctions on Cuba.")
    v = view(sent)
    t = _tok(sent, "lift").i
    pc = "verbal_conflict"
    for rule in C.PENTACLASS_RULES:
        pc = rule(pc, v, t)
    assert pc == "verbal_cooperation"


@pytest.mark.parametrize("text, want", [
    ("Honduras is willing to withdraw its troops from the border zone.", True),
    ("The European Union is ready to contribute to the peacekeeping mission.", True),
    ("The town is quiet after a night of shelling.", False),
])
def test_stated_readiness(parse, text, want):
    from newsgraph.extract.events import stated_readiness

    sent = parse(text)
    assert stated_readiness(sent.root) is want


def test_a_stated_readiness_is_a_verbal_event(analyze):
    rec = analyze("Honduras is willing to withdraw its troops from the border zone.")
    assert rec.events and rec.events[0].trigger.text == "is"
    assert rec.events[0].pentaclass == "verbal_cooperation"


def test_names_its_act(parse):
    from newsgraph.extract.events import names_its_act

    assert names_its_act(parse("Afghan President Ashraf Ghani announced a ceasefire with the Taliban.").root)
    assert not names_its_act(parse("Officials said rebels shelled the town.").root)


def test_an_announced_ceasefire_is_declared_not_agreed(analyze, monkeypatch):
    # CAMEO 0871: the announcement is the act, so the reporting verb's classes stand
    from newsgraph.extract import events as E

    text = "Afghan President Ashraf Ghani announced a unilateral eight-day ceasefire with the Taliban on Tuesday."
    rec = analyze(text)
    assert rec.events[0].trigger.text == "ceasefire" and rec.events[0].pentaclass == "material_cooperation"
    monkeypatch.setattr(E, "NAMED_ACT_LEADS", False)
    assert analyze(text).events[0].pentaclass == "verbal_cooperation"
