"""Across articles: one speaker per person however the name is spelled; ambiguous short names
are not merged blindly."""
from __future__ import annotations

import pytest
from _corpus import make_record

from newsgraph.store import connect
from newsgraph.store.queries import find_quotes, get_speaker, list_speakers, QuoteFilter
from newsgraph.store.speakers import fold, person_parts, resolve_speakers
from newsgraph.store.writer import write_record


@pytest.fixture()
def conn(tmp_path):
    return connect(tmp_path / "s.db")


def store(conn, names, descriptors=None):
    for i, name in enumerate(names):
        desc = (descriptors or {}).get(i, ())
        write_record(conn, make_record(f"a{i}", name, f"Statement number {i} about the front", descriptors=desc))
    resolve_speakers(conn)


def by_name(conn):
    return {s["name"]: s for s in list_speakers(conn, limit=100)}


@pytest.mark.parametrize("a,b", [("Alexey", "Alexei"), ("Aleksey", "Alexei"), ("Baranovsky", "Baranovskiy"),
                                 ("Baranovsky", "Baranovskyi"), ("Zelensky", "Zelenskyy"), ("Oleksiy", "Alexey"),
                                 ("Volodymyr", "Vladimir"), ("Ihor", "Igor"), ("Serhiy", "Sergei")])
def test_transliteration_variants_fold_together(a, b):
    assert fold(a) == fold(b)


@pytest.mark.parametrize("a,b", [("Mark", "Mary"), ("Ivan", "Ivanna"), ("Smith", "Schmidt"), ("Petrov", "Petrova")])
def test_different_names_stay_different(a, b):
    assert fold(a) != fold(b)


def test_titles_are_not_names():
    assert person_parts("Gen. Valery Gerasimov") == person_parts("Valeriy Gerasimov")
    assert person_parts("President Volodymyr Zelensky") == person_parts("Volodymyr Zelenskyy")
    assert person_parts("Baranovsky") == (None, fold("Baranovsky"))


def test_one_speaker_for_all_spellings_with_all_quotes(conn):
    store(conn, ["Alexey Baranovsky", "Baranovsky", "Alexei Baranovsky", "Oleksiy Baranovskyi", "Baranovskiy"])
    speakers = list_speakers(conn)
    assert len(speakers) == 1
    sp = speakers[0]
    assert sp["quotes"] == 5 and sp["articles"] == 5
    assert {"Baranovsky", "Alexei Baranovsky"} <= set(sp["aliases"])
    assert len(get_speaker(conn, sp["id"])["quote_list"]) == 5
    # any spelling finds every quote
    assert len(find_quotes(conn, QuoteFilter(speaker="Baranovskiy"))) == 5


def test_two_smiths_are_not_merged_and_a_bare_smith_stays_apart(conn):
    store(conn, ["John Smith", "Mary Smith", "Smith"])
    names = by_name(conn)
    assert set(names) == {"John Smith", "Mary Smith", "Smith"}
    assert all(s["quotes"] == 1 for s in names.values())


def test_surname_joins_the_only_person_with_it(conn):
    store(conn, ["John Smith", "Smith", "Mary Jones"])
    names = by_name(conn)
    assert names["John Smith"]["quotes"] == 2 and "Smith" not in names


def test_evidence_joins_an_ambiguous_surname(conn):
    # "Smith, the army spokesman" is Mary Smith, the army spokesman, not John Smith the farmer
    store(conn, ["John Smith", "Mary Smith", "Smith"],
          descriptors={0: ("farmer",), 1: ("army spokesman",), 2: ("army spokesman",)})
    names = by_name(conn)
    assert names["Mary Smith"]["quotes"] == 2 and names["John Smith"]["quotes"] == 1 and "Smith" not in names


def test_initial_picks_the_matching_given_name(conn):
    store(conn, ["John Smith", "Mary Smith", "J. Smith"])
    names = by_name(conn)
    assert names["John Smith"]["quotes"] == 2 and names["Mary Smith"]["quotes"] == 1


def test_a_second_namesake_later_splits_what_was_joined(conn):
    store(conn, ["John Smith", "Smith"])
    assert by_name(conn)["John Smith"]["quotes"] == 2
    write_record(conn, make_record("later", "Mary Smith", "A new statement from the coast"))
    resolve_speakers(conn)
    names = by_name(conn)
    assert names["John Smith"]["quotes"] == 1 and names["Smith"]["quotes"] == 1


def test_resolution_is_idempotent_and_keeps_ids(conn):
    store(conn, ["Alexey Baranovsky", "Baranovsky", "John Smith"])
    before = {s["name"]: s["id"] for s in list_speakers(conn)}
    resolve_speakers(conn)
    resolve_speakers(conn)
    assert {s["name"]: s["id"] for s in list_speakers(conn)} == before
    assert conn.execute("SELECT count(*) FROM quotes WHERE speaker_id NOT IN (SELECT id FROM speakers)"
                        ).fetchone()[0] == 0
