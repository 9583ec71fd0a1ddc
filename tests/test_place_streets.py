"""The streets stage (extract/places/streets.py): each veto and each town rule on its docstring's example,
and the whole stage through the pipeline (a street is a place at its town's point, kind 'street')."""
from __future__ import annotations

import re

import pytest

from newsgraph.extract.places import streets
from newsgraph.extract.places.matching import _Article, _find_matches, _Toks
from newsgraph.gazetteer import get_gazetteer
from newsgraph.nlp import normalise
import newsgraph.extract.places as places


def article(pipeline, text: str, **settings) -> _Article:
    """The article after every stage before ``_find_streets``."""
    doc = next(pipeline._parse([normalise(text)]))
    tk, gaz = _Toks(doc), get_gazetteer()
    a = _Article(tk, doc, gaz, pipeline.settings.replace(**settings) if settings else pipeline.settings,
                 _find_matches(tk, gaz))
    for stage in places.STAGES:
        if stage is streets._find_streets:
            break
        stage(a)
    return a


def street_at(a: _Article, name: str) -> tuple[int, int]:
    """(first token, street word token) of ``name`` in the article."""
    tk = a.tk
    for j in range(len(tk.texts)):
        if streets._is_street_word(tk, j):
            s = streets._name_start(tk, j)
            if tk.text[tk.idx[s]:tk.end(j)] == name:
                return s, j
    raise AssertionError((name, tk.texts))


VETO_CASES = {
    "_a_street_standing_for_something_else": ("Shares fell as Wall Street rallied late on Friday in New York.",
                                              "Wall Street"),
    "_a_persons_name": ("In the Honda, driver Virginia L. Lane, 77, of Williston, was not hurt.", "Virginia L. Lane"),
    "_opens_a_longer_name": ("Linda is a fifth-grader at Pleasant Lane School in Alexandria.", "Pleasant Lane"),
    "_a_county_road": ("The highway is closed east of Perham near Otter Tail County Road 80.", "Otter Tail County Road"),
    "_inside_a_place_found": ("Residents of a project on North Druid Hills Road in Atlanta object.", "North Druid Hills Road"),
}
CONTROL = ("A fire broke out on Memphis Street in Alexandria on Monday.", "Memphis Street")


@pytest.mark.parametrize("name", sorted(VETO_CASES))
def test_each_street_veto_on_its_example(pipeline, name):
    veto = getattr(streets, name)
    text, street = VETO_CASES[name]
    a = article(pipeline, text)
    if name == "_inside_a_place_found":
        # the rules' own reading decides whether North Druid Hills was found; make it so
        s, j = street_at(a, street)
        m = next(x for x in a.matches if x.start == s)
        m.chosen = m.cands[0]
        a.kept = [m]
    assert veto(a, *street_at(a, street))
    c = article(pipeline, CONTROL[0])
    assert not veto(c, *street_at(c, CONTROL[1]))


def test_every_street_rule_has_a_case_and_its_docstring_gives_the_example():
    assert set(VETO_CASES) == {v.__name__ for v in streets.STREET_VETOES}
    flat = lambda s: re.sub(r"\s+", " ", s)  # noqa: E731
    examples = {"_a_street_standing_for_something_else": "'Wall Street rallied'",
                "_a_persons_name": "'driver Virginia L. Lane, 77,", "_opens_a_longer_name": "'a fifth-grader at Pleasant Lane School'",
                "_a_county_road": "Otter Tail County Road 80'", "_inside_a_place_found": "'a project on North Druid Hills Road'",
                "_town_named_after_it": "'a brush fire on Center Street in Torrington'",
                "_the_articles_town": "'Police closed Main Street on Friday'"}
    for rule in streets.STREET_VETOES + streets.TOWN_RULES:
        assert examples[rule.__name__] in flat(rule.__doc__), rule.__name__


def test_town_named_after_the_street(pipeline):
    a = article(pipeline, "Crews fought a brush fire on Center Street in Torrington. Later, Hartford and Hartford "
                          "again reported fires.")
    s, j = street_at(a, "Center Street")
    towns = {m.start: m for m in a.kept if m.chosen is not None and m.chosen.feature_class == "P"}
    assert streets._town_named_after_it(a, j + 1, towns).name == "Torrington"
    assert streets._the_articles_town(a, j + 1, towns).name == "Hartford"  # named most


def test_no_town_no_street(pipeline):
    a = article(pipeline, "Police closed Main Street on Friday after a water main broke.")
    streets._find_streets(a)
    assert not any(m.chosen.fcode == "ST" for m in a.kept)


def test_a_street_through_the_pipeline(analyze):
    rec = analyze("ALEXANDRIA, La. - Chiquita Henry, 19, of 1935 Orchard St., Alexandria, was arrested on "
                  "Tuesday. Police said the fire on Memphis Street started in a kitchen.")
    got = {p.text: p for p in rec.places}
    assert {"Orchard St.", "Memphis Street"} <= set(got)
    for t in ("Orchard St.", "Memphis Street"):
        p = got[t]
        assert p.kind == "street" and p.geonameid is None and p.country_code == "US"
        assert p.name == f"{t}, Alexandria" and p.admin1 == "Louisiana"
    assert "Memphis" not in got
    assert rec.text[got["Orchard St."].start:got["Orchard St."].end] == "Orchard St."


def test_a_street_named_by_a_stop_word_keeps_it(pipeline):
    # 'First' and 'Front' are spaCy stop words, but they name streets; 'The' and 'On' do not
    a = article(pipeline, "Water poured onto First Avenue in East Bank. On Front Street, crews worked.")
    assert {a.tk.text[a.tk.idx[streets._name_start(a.tk, j)]:a.tk.end(j)]
            for j in range(len(a.tk.texts)) if streets._is_street_word(a.tk, j)} == {"First Avenue", "Front Street"}


def test_united_way_is_no_street(pipeline):
    a = article(pipeline, "United Way officials in Alexandria said donations rose.")
    streets._find_streets(a)
    assert not any(m.chosen is not None and m.chosen.fcode == "ST" for m in a.kept)
