"""Each rule of the entity extractor's tables (STAGES, DESCRIPTOR_RULES, LABEL_RULES) on the example its
docstring gives.

Pipeline cases run the real pipeline, assert what the rule does, then take the rule out of its table and
assert that this is gone. The label rules correct a type the small NER model gives in real articles but
not always on a short sentence: those are run directly on the parsed example with the NER label they
exist for (and must still be in LABEL_RULES). A last test checks that every rule has a case and that its
docstring gives the example.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

import pytest

import newsgraph.extract.entities as entities
from newsgraph.extract.entities import descriptors, labels
from newsgraph.record import Place


def entity(rec, name: str, *, type: str | None = None, mentions: list[str] | None = None,
           descriptor: str | None = None):
    for e in rec.entities:
        if e.name != name or type is not None and e.type != type:
            continue
        if mentions is not None and [m.text for m in e.mentions] != mentions:
            continue
        if descriptor is not None and descriptor not in e.descriptors:
            continue
        return e
    return None


@dataclass
class Case:
    module: object
    table: str
    rule: str
    text: str
    holds: Callable

    @property
    def id(self) -> str:
        return f"{self.table}.{self.rule}"


E, DS, L = entities, descriptors, labels
CASES = [
    Case(E, "STAGES", "_full_person_names", "Alexey Baranovsky said the war would go on. Baranovsky fled in 2022.",
         lambda r: entity(r, "Alexey Baranovsky", type="PERSON", mentions=["Alexey Baranovsky", "Baranovsky"])),
    Case(E, "STAGES", "_headline_persons",
         "Obama Speech Draws Big Crowds In Ohio\nBarack Obama spoke in Cleveland on Monday.",
         lambda r: entity(r, "Barack Obama", mentions=["Obama", "Barack Obama"])
         and not any(e.name.startswith("Obama Speech") for e in r.entities)),
    Case(E, "STAGES", "_first_mentions", "On Monday, Obama waved to the crowd. Later, Michelle Obama spoke about the campaign.",
         lambda r: entity(r, "Obama", mentions=["Obama"]) and entity(r, "Michelle Obama", mentions=["Michelle Obama"])),
    Case(E, "STAGES", "_other_names", "The Kremlin denied the report.",
         lambda r: entity(r, "Kremlin", type="ORG")),
    Case(E, "STAGES", "_organisation_repeats",
         "The Russian Volunteer Corps claimed the raid on Monday.\nTHE RUSSIAN VOLUNTEER CORPS said it had crossed the border.",
         lambda r: any("VOLUNTEER CORPS" in [m.text for m in e.mentions] and e.type == "ORG" and len(e.mentions) == 2
                       for e in r.entities)),
    Case(E, "STAGES", "_missed_name_parts", "Alexey Baranovsky is 42. Baranovsky fled in 2022.",
         lambda r: entity(r, "Alexey Baranovsky", mentions=["Alexey Baranovsky", "Baranovsky"])),
    Case(DS, "DESCRIPTOR_RULES", "_apposition_after", "Jason Miller, a Trump spokesman, denied the report.",
         lambda r: entity(r, "Jason Miller", descriptor="Trump spokesman")),
    Case(DS, "DESCRIPTOR_RULES", "_apposition_to_phrase", "The mayor of Kharkiv, Ihor Terekhov, said the city was ready.",
         lambda r: entity(r, "Ihor Terekhov", descriptor="mayor of Kharkiv")),
    Case(DS, "DESCRIPTOR_RULES", "_title_before_name", "Kremlin spokesman Dmitry Peskov said the talks were over.",
         lambda r: entity(r, "Dmitry Peskov", descriptor="Kremlin spokesman")),
    Case(DS, "DESCRIPTOR_RULES", "_relative_clause", "Andriy Kovalenko, who commands a drone unit, spoke on Monday.",
         lambda r: entity(r, "Andriy Kovalenko", descriptor="commands a drone unit")),
    Case(DS, "DESCRIPTOR_RULES", "_copula_or_as", "Alexey Baranovsky serves as a drone operator.",
         lambda r: entity(r, "Alexey Baranovsky", descriptor="drone operator")),
    Case(L, "LABEL_RULES", "_ranks_before_name", "Lt. Gen. Dolores Vickery said the base was secure.",
         lambda r: entity(r, "Dolores Vickery", type="PERSON", descriptor="Lt. Gen.")),
    Case(L, "LABEL_RULES", "_described_person", "Her husband, Vasyl, went out to find water.",
         lambda r: entity(r, "Vasyl", type="PERSON", descriptor="Her husband")),
    Case(L, "LABEL_RULES", "_time_zone", "The talks resumed at 10:00 BST on Monday and ended at 18:00 BST.",
         lambda r: not any(e.name == "BST" for e in r.entities)),
]


def _without(module, table: str, rule: str, monkeypatch) -> None:
    rules = getattr(module, table)
    kept = tuple(f for f in rules if f.__name__ != rule)
    assert len(kept) == len(rules) - 1, f"{rule} is not in {table}"
    monkeypatch.setattr(module, table, kept)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_rule_does_what_its_example_says(case, analyze, monkeypatch):
    rec = analyze(case.text)
    assert case.holds(rec), [(e.name, e.type, [m.text for m in e.mentions], e.descriptors) for e in rec.entities]
    _without(case.module, case.table, case.rule, monkeypatch)
    assert not case.holds(analyze(case.text)), f"{case.rule} removed, the example still holds"


# -- label rules on the parsed example, with the NER label they correct -----------------------------

def _name(pipeline, text: str, span: str, label: str | None, places=(), singles=()):
    doc = pipeline.nlp(text)
    a = text.index(span)
    sp = doc.char_span(a, a + len(span))
    return labels._Name(doc, sp.start, sp.end, label, labels._Places(list(places)), set(singles), set())


def _place(text: str, span: str, feature_class: str) -> Place:
    a = text.index(span)
    return Place(start=a, end=a + len(span), text=span, name=span, geonameid=None, lat=None, lon=None,
                 country_code=None, feature_class=feature_class)


DIRECT = {
    "_first_name_org": ("Oleksandr Petrenko runs a bakery in Kharkiv. Oleksandr says business is slow.",
                        dict(span="Oleksandr Petrenko", label="ORG", singles={"Oleksandr"}), "PERSON"),
    "_place_name": ("Kyiv was quiet on Monday.",
                    dict(span="Kyiv", label="PERSON", places=[("Kyiv", "P")]), "GPE"),
    "_no_type": ("The war began in February 2022.", dict(span="February 2022", label=None), None),
    "_title_compound": ("Ombudsman Lubinets said the prisoners were home.",
                        dict(span="Lubinets", label="PERSON"), "PERSON"),
    "_person_in_place_slot": ("Fighting raged near Chasiv Yar on Monday.", dict(span="Yar", label="PERSON"), "GPE"),
    "_facility": ("Doctors at Nasser Hospital treated the wounded.",
                  dict(span="Nasser Hospital", label="PERSON"), "ORG"),
    "_military_unit": ("Members of American Legion Post 31 gathered on Monday.",
                       dict(span="American Legion Post 31", label="ORG"), "UNIT"),
}


@pytest.mark.parametrize("rule", sorted(DIRECT))
def test_label_rule_on_its_example(rule, pipeline):
    text, kw, want = DIRECT[rule]
    fn = getattr(labels, rule)
    assert fn in labels.LABEL_RULES
    places = [_place(text, s, fc) for s, fc in kw.get("places", ())]
    x = _name(pipeline, text, kw["span"], kw["label"], places, kw.get("singles", ()))
    before = (x.s, x.label)
    dropped = fn(x)
    if rule == "_no_type":
        assert dropped is True
        return
    assert dropped is False
    assert x.label == want and (x.s, x.label) != before
    if rule == "_title_compound":
        assert x.doc[x.s:x.e].text == "Ombudsman Lubinets"


def test_label_rules_leave_other_names_alone(pipeline):
    """The same rules on a name they are not about change nothing."""
    text = "Oleksandr Petrenko runs a bakery in Kharkiv. Oleksandr says business is slow."
    x = _name(pipeline, text, "Oleksandr Petrenko", "ORG")  # no lone 'Oleksandr' elsewhere
    for rule in labels.LABEL_RULES:
        assert rule(x) is False
    assert x.label == "ORG"


def _flat(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def _example(text: str) -> str:
    return _flat(text.replace("\n", " \u00b6 "))


def test_every_rule_has_a_case_and_its_docstring_gives_the_example():
    covered = {c.id for c in CASES} | {f"LABEL_RULES.{r}" for r in DIRECT}
    for module, table in ((E, "STAGES"), (DS, "DESCRIPTOR_RULES"), (L, "LABEL_RULES")):
        for rule in getattr(module, table):
            assert f"{table}.{rule.__name__}" in covered, f"no test case for {table}.{rule.__name__}"
    examples = [(c.module, c.rule, c.text) for c in CASES] + [(L, r, t) for r, (t, _, _) in DIRECT.items()]
    for module, rule, text in examples:
        assert _example(text) in _flat(getattr(module, rule).__doc__ or ""), f"{rule}'s docstring lacks {text!r}"
