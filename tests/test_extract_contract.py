"""The extractor contract (issue 15): each extractor declares what it needs and produces as typed
Context fields; the pipeline derives the order; unknown names and incomplete selections are errors."""
from __future__ import annotations

import pytest

from newsgraph.extract import HANDOVER, REGISTRY, RECORD_FIELDS, Context, Extractor, load_all, run_order, select


def _ex(name, requires=(), produces=()):
    return Extractor(name, lambda ctx: None, (), tuple(requires), tuple(produces))


def test_order_follows_requirements():
    names = [e.name for e in load_all()]
    assert names.index("places") < names.index("entities") < names.index("quotes")
    for i, e in enumerate(load_all()):
        before = {f for x in load_all()[:i] for f in x.produces}
        assert set(e.requires) <= before, e.name


def test_every_handover_field_is_produced_once_and_read():
    produced = [f for e in REGISTRY.values() for f in e.produces if f in HANDOVER]
    assert sorted(produced) == sorted(set(produced)) == sorted(HANDOVER)
    read = {f for e in REGISTRY.values() for f in e.requires}
    assert HANDOVER <= read, f"written and never read: {HANDOVER - read}"


def test_incomplete_selection_says_what_is_missing():
    with pytest.raises(ValueError) as ei:
        select(["quotes"])
    assert "'quotes' requires" in str(ei.value) and "'entities'" in str(ei.value)
    with pytest.raises(ValueError, match="unknown extractor.*'quotez'"):
        select(["quotez"])
    assert [e.name for e in select(["dates"])] == ["dates"]


def test_cycle_and_double_producer_are_errors():
    with pytest.raises(ValueError, match="cycle"):
        run_order([_ex("a", ["quoted"], ["coref"]), _ex("b", ["coref"], ["quoted"])])
    with pytest.raises(ValueError, match="both 'a' and 'b' produce 'quoted'"):
        run_order([_ex("a", (), ["quoted"]), _ex("b", (), ["quoted"])])


def test_undeclared_field_is_refused_at_registration():
    from newsgraph.extract import extractor

    with pytest.raises(ValueError, match="unknown field"):
        extractor("x", produces=("scratch_thing",))
    assert set(Context.__dataclass_fields__) >= HANDOVER and not (HANDOVER & RECORD_FIELDS)


def test_quotes_alone_no_longer_gives_a_pronoun(pipeline):
    """Pipeline(extractors=["quotes"]) used to give 'he' instead of the resolved name, silently."""
    from newsgraph.pipeline import Pipeline

    with pytest.raises(ValueError, match="requires"):
        Pipeline(pipeline.settings, extractors=["quotes"])
    from newsgraph.record import Article

    p = Pipeline(pipeline.settings, extractors=["places", "entities", "quotes"])
    rec = p.analyze(Article(id="x", text="Oleh Syniehubov spoke in Kharkiv. \u201cThe city will stand,\u201d he said."))
    assert rec.quotes and rec.quotes[0].speaker.name == "Oleh Syniehubov"


def test_a_refiner_runs_after_the_producer_and_before_readers():
    order = [e.name for e in run_order([_ex("reader", ["quotes"]), _ex("maker", (), ["quotes"]),
                                        Extractor("fixer", lambda c: None, (), (), (), ("quotes",))])]
    assert order == ["maker", "fixer", "reader"]
    names = [e.name for e in load_all()]
    assert names.index("quotes") < names.index("attribution")
    with pytest.raises(ValueError, match="'attribution' requires.*'quotes'"):
        select(["places", "entities", "attribution"])
