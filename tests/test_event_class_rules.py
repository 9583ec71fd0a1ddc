"""The pentaclass feature rules of session 14: a verb's separated particle read as one lexicon phrase,
and a light verb's lexicon class giving way to its object's; each on its docstring's sentence."""
from __future__ import annotations

import pytest

from newsgraph.extract.events import models as m
from newsgraph.extract.events.models import classes as C
from newsgraph.extract.events.models import features as F
from newsgraph.extract.events.models.view import view


@pytest.fixture(scope="module")
def parse(pipeline):
    from newsgraph.nlp import normalise

    def run(text: str):
        doc = pipeline.annotator.pipe([normalise(text)])[0]
        return next(doc.sents)

    return run


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
