"""A quotation mark glued to its cue by a comma or colon (nlp.GLUED_QUOTE_INFIXES): the cue and the
quotation are still told apart."""
from __future__ import annotations

from newsgraph.nlp import load_model

PARTIAL_QUOTES = "clause"


def test_glued_marks_are_split_from_the_words():
    nlp = load_model()
    assert [t.text for t in nlp.tokenizer("He said,\u201cLook at this.\u201d")] == \
        ["He", "said", ",", "\u201c", "Look", "at", "this", ".", "\u201d"]
    assert [t.text for t in nlp.tokenizer("the front,\u201dsaid Petrenko")] == \
        ["the", "front", ",", "\u201d", "said", "Petrenko"]
    assert [t.text for t in nlp.tokenizer('the U.S."and')] == ['the', 'U.S."and']  # an abbreviation is left alone


def test_quotation_glued_to_its_cue_has_the_cue_and_speaker(analyze):
    rec = analyze("The commander walked the trench line at dawn. Oleh Marchenko said,\u201cLook at this "
                  "crater. The shell landed an hour ago.\u201d")
    hits = [q for q in rec.quotes if "Look at this crater" in q.text]
    assert hits, [q.text for q in rec.quotes]
    q = hits[0]
    assert q.cue is not None and q.cue.text == "said"
    assert q.speaker is not None and q.speaker.name == "Oleh Marchenko"
