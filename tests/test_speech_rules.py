"""The rules of session 10's tables on real-reporting structures: headline lines (``HEADLINE_RULES``),
speech only (``ACT_RULES``, the setting attributions=speech) and the speech participle hung on a
reported clause (``speakers._speech_participle_in_clause``). As in test_quote_rules: each example runs
through the pipeline, then again with its rule taken out, and the behaviour must be gone."""
from __future__ import annotations

import re

import pytest

from newsgraph.extract.quotes import acts, headlines


@pytest.fixture(scope="module")
def run(pipeline):
    from newsgraph.record import Article

    def go(text: str, **settings):
        from newsgraph.pipeline import Pipeline

        p = Pipeline(pipeline.settings.replace(**settings)) if settings else pipeline
        return p.analyze(Article(id="t", text=text))
    return go


def _quotes(rec):
    return [(rec.text[q.start:q.end], q.speaker.name if q.speaker else None, q.cue.text if q.cue else None)
            for q in rec.quotes]


def _without(module, table, rule, monkeypatch):
    kept = tuple(r for r in getattr(module, table) if r.__name__ != rule)
    assert len(kept) == len(getattr(module, table)) - 1
    monkeypatch.setattr(module, table, kept)


HEADLINES = [
    ("_source_says_content", "Health Ministry Says 26 Killed In Israel Strike On Mosque\n\n"
     "The strike hit a mosque in central Gaza on Sunday.",
     ("26 Killed In Israel Strike On Mosque", "Health Ministry", "Says")),
    ("_content_then_source_says", "Army says troops killed 2 gunmen in Nur Shams camp; some 40,000 displaced "
     "from camps, UN says\n\nBy Noa Ravid\n\nIsraeli troops killed two gunmen in a firefight.",
     ("some 40,000 displaced from camps", "UN", "says")),
    ("_content_then_says_source", "5 killed in Rwanda, claims Kigali\n\nShells fell on Gisenyi on Monday.",
     ("5 killed in Rwanda", "Kigali", "claims")),
]


@pytest.mark.parametrize("rule,text,expected", HEADLINES, ids=[h[0] for h in HEADLINES])
def test_headline_rule(rule, text, expected, run, monkeypatch):
    assert expected in _quotes(run(text))
    doc = re.sub(r"\s+", " ", getattr(headlines, rule).__doc__)
    assert text.split("\n")[0] in doc  # the docstring gives the example
    _without(headlines, "HEADLINE_RULES", rule, monkeypatch)
    assert expected not in _quotes(run(text))


def test_headline_parts_and_bullets(run):
    rec = run("IDF says troops killed 2 gunmen in Nur Shams camp; Palestinian Health Ministry says teen among "
              "3 dead; some 40,000 displaced from camps, UN says\n\n"
              "- Army in Kigali says more than 120 Congolese soldiers surrendered into Rwanda\n"
              "By Noa Ravid\n\nIsraeli troops killed two gunmen in a firefight.")
    got = {(t, s) for t, s, _ in _quotes(rec)}
    assert ("troops killed 2 gunmen in Nur Shams camp", "IDF") in got
    assert ("teen among 3 dead", "Palestinian Health Ministry") in got
    assert ("some 40,000 displaced from camps", "UN") in got
    assert any(t.startswith("more than 120 Congolese soldiers") for t, _ in got)


def test_a_sentence_is_no_headline(run, monkeypatch):
    text = "The ministry says the strike killed 26 people in the mosque, and the army says it hit fighters."
    assert not headlines._headline(text)
    before = _quotes(run(text))
    monkeypatch.setattr(headlines, "HEADLINE_RULES", ())
    assert _quotes(run(text)) == before


ACTS = [
    ("_object_of_an_act", "Prime Minister Najib Mikati condemned the strikes on Wednesday.", "the strikes"),
    ("_wish_or_refusal", "The army's spokesman declined to comment on the report.", "to comment"),
    ("_depiction_shows", "Satellite images showed that the bridge had been destroyed.",
     "the bridge had been destroyed"),
]


@pytest.mark.parametrize("rule,text,fragment", ACTS, ids=[a[0] for a in ACTS])
def test_act_rule(rule, text, fragment, run, monkeypatch):
    def found(rec):
        return any(fragment in t for t, _, _ in _quotes(rec))
    assert not found(run(text))  # attributions=speech, the default
    assert found(run(text, attributions="all"))  # PolNeAR's convention keeps it
    doc = re.sub(r"\s+", " ", getattr(acts, rule).__doc__)
    assert text in doc
    _without(acts, "ACT_RULES", rule, monkeypatch)
    assert found(run(text))


@pytest.mark.parametrize("text,fragment", [
    ("The health ministry confirmed 14 deaths and 60 injuries in the capital.", "14 deaths"),
    ("Cauca Governor Liliana Mosquera urged the national government to step up operations.",
     "the national government to step up operations"),
    ("Activists warned of revenge killings by the paramilitary forces.", "revenge killings"),
    ("Kinshasa claimed the presence of Rwandan forces in the city.", "the presence of Rwandan forces"),
    ("Some western military experts are even predicting the possibility of a Kremlin victory by the summer.",
     "the possibility of a Kremlin victory"),
    ("The RSF denied committing any violations in the camp.", "committing any violations"),
])
def test_speech_keeps_figures_directives_warnings_claims_and_denied_acts(text, fragment, run):
    assert any(fragment in t for t, _, _ in _quotes(run(text)))


def test_an_interviewers_question_is_no_quote(run):
    rec = run("Asked about reports that Washington was preparing new sanctions, Peskov said Moscow would respond.")
    assert [t for t, _, _ in _quotes(rec)] == ["Moscow would respond"]
    rec = run("Asked about reports that Washington was preparing new sanctions, Peskov said Moscow would respond.",
              attributions="all")
    assert any("Washington was preparing" in t for t, _, _ in _quotes(rec))


def test_claimed_responsibility_is_a_deed_not_a_claim(run):
    rec = run("Al-Shabaab claimed responsibility for the attack via its communication channels.")
    assert not rec.quotes


def test_speech_participle_on_the_reported_clause_is_the_reporters(run, monkeypatch):
    from newsgraph.extract import speakers
    text = ("Saree said the rebels struck the ship. He noted that the vessel was struck with naval missiles, "
            "emphasizing that the hit was direct.")
    def speaker_of(rec):
        q = next((q for q in rec.quotes if "the hit was direct" in rec.text[q.start:q.end]), None)
        return q.speaker.text if q is not None and q.speaker else None
    assert speaker_of(run(text)) == "He"
    doc = re.sub(r"\s+", " ", speakers._speech_participle_in_clause.__doc__)
    assert "emphasizing that the hit was direct" in doc
    monkeypatch.setattr(speakers, "SPEECH_PARTICIPLE", False)
    assert speaker_of(run(text)) != "He"


def test_anonymity_in_other_words_is_no_quote(run):
    rec = run("One resident, asking not to use his name due to fear of reprisal, said the jets came at dawn.")
    assert not any("not to use his name" in t for t, _, _ in _quotes(rec))
    assert any("the jets came at dawn" in t for t, _, _ in _quotes(rec))


def test_a_second_source_after_but_is_not_the_first_ones_content(run, monkeypatch):
    """The parser made the official's 'said' a second complement of the officer's: never the officer's
    quote. (Where the parser ends the first content at 'but', it still runs on: a known gap.)"""
    from newsgraph.extract.quotes import reported
    text = "An army officer said 11 soldiers had died but a local elected official said the toll was nearer 30."
    got = _quotes(run(text))
    assert not any(t.startswith("a local elected official said") for t, _, _ in got)
    monkeypatch.setattr(reported, "another_source_speaks", lambda c: False)
    assert any(t.startswith("a local elected official said") and s == "An army officer"
               for t, s, _ in _quotes(run(text)))


def test_the_setting_of_the_speech_is_no_quote(run, monkeypatch):
    text = ("Houthis say they hit tanker in Gulf of Aden\n\n"
            "Speaking at a televised briefing broadcast live from Sanaa on Tuesday, Qadhi said the group's naval "
            "forces had struck the oil tanker.")
    def setting(rec):
        return any(t.startswith("Speaking at") for t, _, _ in _quotes(rec))
    rec = run(text)
    assert not setting(rec)
    assert any(t.startswith("the group's naval forces") for t, _, _ in _quotes(rec))
    assert setting(run(text, attributions="all"))  # the parse that made it a quote (the rule's reason)
    _without(acts, "ACT_RULES", "_setting_of_the_speech", monkeypatch)
    assert setting(run(text))
