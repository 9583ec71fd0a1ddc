"""The cue lexicon (extract/cues.py, its lists in cue_verbs.tsv): forms, and the verbs added in session 14
on real-looking sentences."""
from __future__ import annotations

import pytest

from newsgraph.extract.cues import REPORT, SPEECH, STRONG_FORMS, WEAK_SPEECH, inflect


def test_lists_are_read_from_the_data_file():
    assert SPEECH["said"] == "say" and SPEECH["tweeted"] == "tweet"
    assert REPORT["believes"] == "believe" and REPORT["said"] == "say"  # speech forms count as report forms
    assert "continue" in WEAK_SPEECH and "said" in STRONG_FORMS and "believe" not in SPEECH


def test_doubling_verbs_double_their_last_consonant():
    assert {"concurred", "concurring", "concurs"} <= inflect("concur")
    assert "concured" not in inflect("concur")


@pytest.mark.parametrize("form, lemma", [("chanted", "chant"), ("chanting", "chant"), ("exclaimed", "exclaim"),
                                         ("confessed", "confess"), ("barked", "bark"), ("interjected", "interject"),
                                         ("scolded", "scold"), ("opined", "opine"), ("riffed", "riff")])
def test_added_speech_verbs(form, lemma):
    assert SPEECH[form] == lemma


@pytest.mark.parametrize("form", ["mocked", "gushed", "ranted", "lectured", "remembered", "reacted"])
def test_measured_out_verbs_stay_out(form):
    # they added only false quotes on PolNeAR train
    assert form not in SPEECH


@pytest.mark.parametrize("text, fragment, speaker", [
    ("Hundreds of workers marched past the plant gates.\n\n\u201cNo contract, no peace!\u201d the strikers chanted.",
     "No contract, no peace!", "the strikers"),
    ("The judge listened to both lawyers.\n\n\u201cEverything you have said has overlapped,\u201d the judge "
     "exclaimed.", "Everything you have said has overlapped,", "the judge"),
    ("\u201cGo back to your studio,\u201d Mark Hollis barked at the reporter.", "Go back to your studio,",
     "Mark Hollis"),
])
def test_added_verbs_make_the_cue_of_a_quotation(analyze, text, fragment, speaker):
    rec = analyze(text)
    hits = [q for q in rec.quotes if fragment in q.text]
    assert hits, [q.text for q in rec.quotes]
    q = hits[0]
    assert q.type == "direct"
    assert q.speaker is not None and q.speaker.text == speaker
    assert q.cue is not None and q.cue.text in {"chanted", "exclaimed", "barked"}
