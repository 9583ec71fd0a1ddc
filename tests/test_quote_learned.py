"""The learned attribution candidates (extract/quotes/learned.py): each candidate rule on the example
of its docstring, each feature group, the shipped model, and what the extractor keeps."""
from __future__ import annotations

import json
import re

import pytest

from newsgraph.extract.quotes import learned

PARTIAL_QUOTES = "clause"


def _example(fn) -> str:
    m = re.search(r"Example: (.+?)(?:\"\"\"|$)", fn.__doc__ or "", re.S)
    assert m, f"{fn.__name__} has no example in its docstring"
    return " ".join(m.group(1).split())


def proposed(analyze, text: str, monkeypatch) -> list:
    """The candidates ``learned.candidates`` proposes on ``text`` in the real pipeline, with the quotes the
    rules found (the model still decides what is kept)."""
    seen: list = []
    original = learned.candidates

    def tap(d, quotes, in_quote):
        found = original(d, quotes, in_quote)
        seen.extend((c, f, d.text) for c, f in found)
        return found
    monkeypatch.setattr(learned, "candidates", tap)
    analyze(text)
    monkeypatch.setattr(learned, "candidates", original)
    return seen


# rule -> (the content it proposes on its example, the source's text)
RULE_CASES = {
    "_verb_prep_object": ("the moderators", "senator"),
    "_noun_prep_object": ("the trade deal", "his"),
    "_adjective_prep_object": ("the proposal", "Republicans"),
    "_verb_object": ("Trump's tax plan in a speech", "Clinton"),
    "_verb_infinitive": ("not to endorse the candidate", "party"),
    "_verb_clause": ("that the agency had lost track of the funds", "audit"),
    "_hedge": ("The governor seemed ready to sign the bill", None),
}


def test_every_candidate_rule_has_a_case():
    assert {r.__name__ for r in learned.CANDIDATE_RULES} == set(RULE_CASES)


@pytest.mark.parametrize("rule", learned.CANDIDATE_RULES, ids=lambda r: r.__name__)
def test_candidate_rule_proposes_its_example(rule, analyze, monkeypatch):
    text = _example(rule)
    want_content, want_source = RULE_CASES[rule.__name__]
    mine = [c for c, _, t in proposed(analyze, text, monkeypatch) if c.kind == _kind(rule)]
    assert any(text[c.ca:c.cb] == want_content and (c.source.text if c.source is not None else None) == want_source
               for c in mine), [(c.kind, text[c.ca:c.cb], c.source) for c in mine]
    # without the rule, nothing of its kind is proposed
    monkeypatch.setattr(learned, "CANDIDATE_RULES", tuple(r for r in learned.CANDIDATE_RULES if r is not rule))
    assert not [c for c, _, _ in proposed(analyze, text, monkeypatch) if c.kind == _kind(rule)]


def _kind(rule) -> str:
    return {"_verb_prep_object": "verb_prep", "_noun_prep_object": "noun_prep",
            "_adjective_prep_object": "adj_prep", "_verb_object": "verb_object",
            "_verb_infinitive": "verb_infinitive", "_verb_clause": "verb_clause", "_hedge": "hedge"}[rule.__name__]


def _features_of(analyze, text, monkeypatch, kind, content):
    for c, f, t in proposed(analyze, text, monkeypatch):
        if c.kind == kind and t[c.ca:c.cb] == content:
            return set(f)
    raise AssertionError(f"no {kind} candidate {content!r}")


def test_cue_features_name_the_word_its_preposition_and_kind(analyze, monkeypatch):
    f = _features_of(analyze, "The senator fumed over the moderators during the debate.", monkeypatch,
                     "verb_prep", "the moderators")
    assert {"lemma=fume", "lemma_prep=fume|over", "prep=over|verb_prep", "first_prep|verb_prep", "kind=verb_prep",
            "cue_word|verb_prep"} <= f  # "fumed" is a speech verb (cues.py): its lemma


def test_parse_features_name_the_verb_a_dependent_cue_hangs_on(analyze, monkeypatch):
    f = _features_of(analyze, "The party decided not to meet the candidate.", monkeypatch,
                     "verb_object", "the candidate")
    assert "head=decide|xcomp" in f and "dep=xcomp|verb_object" in f  # "decided": a report verb, its lemma


def test_source_features_tell_a_pronoun_from_a_name(analyze, monkeypatch):
    he = _features_of(analyze, "He ridiculed the tax plan in a speech.", monkeypatch, "verb_object",
                      "the tax plan in a speech")
    assert {"src_pron=he", "src=personal"} <= he
    named = _features_of(analyze, "Hillary Clinton ridiculed the tax plan in a speech.", monkeypatch, "verb_object",
                         "the tax plan in a speech")
    assert "src_pos=PROPN" in named and not any(x.startswith("src_pron") for x in named)


def test_content_features_measure_the_content(analyze, monkeypatch):
    f = _features_of(analyze, "Clinton ridiculed the plan.", monkeypatch, "verb_object", "the plan")
    assert {"len=2|verb_object", "first=the|verb_object", "first_pos=DET|verb_object"} <= f
    assert "content_finite" not in f


def test_context_features_see_the_first_sentence_and_quoted_words(analyze, monkeypatch):
    text = ("The mayor spoke on Monday.\n\n"
            "\u201cThe governor ridiculed the plan and we all laughed,\u201d the mayor said.")
    f = _features_of(analyze, text, monkeypatch, "verb_object", "the plan")
    assert "cue_in_quote" in f and "first_sentence" not in f and "paragraph_start" in f
    assert "in_quote_content=in" in f  # inside the direct quote's words
    first = _features_of(analyze, "Clinton ridiculed the plan.", monkeypatch, "verb_object", "the plan")
    assert "first_sentence" in first and "cue_in_quote" not in first


def test_every_feature_group_is_tested():
    tested = {"_f_cue", "_f_parse", "_f_source", "_f_content", "_f_context"}
    assert {f.__name__ for f in learned.FEATURES} == tested


def test_stem_joins_a_words_forms():
    class T:  # the two attributes stem reads
        def __init__(self, low, tag):
            self.lower_, self.tag_ = low, tag
    assert {learned.stem(T(w, t)) for w, t in [("talked", "VBD"), ("talks", "VBZ"), ("talking", "VBG"),
                                                ("talk", "VB")]} == {"talk"}
    assert learned.stem(T("said", "VBD")) == "say"  # a known cue: its lemma
    assert learned.stem(T("process", "NN")) == "process"  # a singular noun keeps its s


def test_shipped_model_is_consistent_with_the_features():
    m = json.loads(learned.MODEL_PATH.read_text(encoding="utf-8"))
    assert 0.0 < m["threshold"] < 1.0 and m["weights"]
    prefixes = {"kind", "lemma", "lemma_kind", "tag", "prep", "lemma_prep", "first_prep", "cue_word", "dep", "head",
                "has_neg", "has_aux", "has_auxpass", "has_dobj", "has_dative", "has_ccomp", "has_xcomp", "has_prt", "src",
                "src_pron", "src_pos", "src_ent", "src_poss", "empty", "len", "first_pos", "first",
                "content_subject", "content_finite", "content_ent", "source_inside", "first_sentence", "paragraph_start",
                "cue_in_quote", "in_quote_content"}
    assert {re.split(r"[=|]", name)[0] for name in m["weights"]} <= prefixes


def test_a_candidate_the_model_scores_high_is_kept_in_attribution_mode_only(analyze, pipeline, monkeypatch):
    """With attributions=all the candidates above the threshold become quotes (no named source for a
    hedge); in the default speech mode none is added."""
    from newsgraph.record import Article

    text = "The governor seemed ready to sign the bill."
    monkeypatch.setattr(learned, "model", lambda: {"bias": 0.0, "threshold": 0.5,
                                                   "weights": {"kind=hedge": 5.0}})
    rec = analyze(text)
    q = [q for q in rec.quotes if q.text == "The governor seemed ready to sign the bill"]
    assert q and q[0].speaker is None and q[0].cue.text == "seemed"
    speech = pipeline.analyze(Article(id="s", text=text))
    assert not [q for q in speech.quotes if q.text == "The governor seemed ready to sign the bill"]
    monkeypatch.setattr(learned, "model", lambda: {"bias": 0.0, "threshold": 0.999, "weights": {"kind=hedge": 5.0}})
    assert not [q for q in analyze(text).quotes if "seemed" in q.text]


def test_of_overlapping_candidates_the_best_scored_is_kept(analyze, monkeypatch):
    text = "Clinton ridiculed the criticism of the plan."
    weights = {"kind=noun_prep": 2.0, "kind=verb_object": 1.0}
    monkeypatch.setattr(learned, "model", lambda: {"bias": 0.0, "threshold": 0.5, "weights": weights})
    got = [q.text for q in analyze(text).quotes]
    assert "the plan" in got and "the criticism of the plan" not in got
    weights.update({"kind=noun_prep": 1.0, "kind=verb_object": 2.0})
    got = [q.text for q in analyze(text).quotes]
    assert "the criticism of the plan" in got and "the plan" not in got


def test_review_reads_the_rules_reported_quotes_only(analyze, monkeypatch):
    """The rules' reported quote with a cue that is no speech verb and a named source is reviewed (kind
    ``rule``); a speech verb's report and a direct quote (the source's words) never are."""
    seen: list = []
    original = learned.reviewed

    def tap(d, quotes, in_quote):
        found = original(d, quotes, in_quote)
        seen.extend((quotes[k], f) for k, f in found)
        return found
    monkeypatch.setattr(learned, "reviewed", tap)
    monkeypatch.setattr(learned, "model", lambda: {"bias": 0.0, "threshold": 1.1, "weights": {},
                                                   "review": {"bias": 0.0, "threshold": 0.0, "weights": {}}})
    analyze("The ministry said the bridge had been destroyed. The mayor wants to rebuild it. "
            "\u201cWe will rebuild it,\u201d the mayor said.")
    assert [q.text for q, _ in seen] == ["to rebuild it"]
    assert {"kind=rule", "lemma=want", "lemma_kind=want|rule"} <= set(seen[0][1])


def test_a_reported_quote_the_review_scores_low_is_dropped_in_attribution_mode(analyze, monkeypatch):
    text = "The mayor wants to rebuild the bridge. The governor said the town would hold."
    review = {"bias": 0.0, "threshold": 0.5, "weights": {"kind=rule": 5.0}}
    monkeypatch.setattr(learned, "model", lambda: {"bias": 0.0, "threshold": 1.1, "weights": {}, "review": review})
    assert {"to rebuild the bridge", "the town would hold"} <= {q.text for q in analyze(text).quotes}
    review["weights"] = {"kind=rule": -5.0}
    got = {q.text for q in analyze(text).quotes}
    assert "to rebuild the bridge" not in got and "the town would hold" in got  # 'said' is never reviewed
