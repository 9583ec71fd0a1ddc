"""The WHERE-clause pieces quotes, events and statements share (store/filters.py), on a real table."""
from __future__ import annotations

import sqlite3

import pytest

from newsgraph.store.filters import NOTHING, id_value, like, speaker_clause, until


@pytest.fixture
def conn():
    c = sqlite3.connect(":memory:")
    c.executescript("""
        CREATE TABLE speakers (id INTEGER PRIMARY KEY, name TEXT, aliases TEXT);
        CREATE TABLE quotes (id INTEGER PRIMARY KEY, speaker_id INTEGER, content TEXT);
        INSERT INTO speakers VALUES (1, 'Volodymyr Zelensky', 'Zelenskyy|Zelenskiy'), (2, 'Olena 100%_Sure', '');
        INSERT INTO quotes VALUES (10, 1, 'We will not give up our land.'), (11, 2, 'The shelling went on all night.'),
                                  (12, NULL, 'Nobody said this.');
    """)
    return c


def _quotes(conn, value):
    where, params = [], []
    named = speaker_clause("q.speaker_id", value, where, params)
    ids = [r[0] for r in conn.execute(f"SELECT q.id FROM quotes q WHERE {' AND '.join(where)} ORDER BY q.id", params)]
    return named, ids


def test_a_speaker_by_any_spelling_or_by_id(conn):
    assert _quotes(conn, "zelenskyy") == (True, [10])
    assert _quotes(conn, " Zelensky ") == (True, [10])
    assert _quotes(conn, 2) == (False, [11])
    assert _quotes(conn, "1") == (False, [10])


def test_like_takes_percent_and_underscore_literally(conn):
    assert _quotes(conn, "100%_") == (True, [11])
    assert _quotes(conn, "0%_S") == (True, [11])
    assert _quotes(conn, "%") == (True, [11])  # only the name that has a '%'
    assert like("a_b") == "%a\\_b%"


def test_an_id_past_sqlites_range_matches_nothing_and_never_raises(conn):
    assert _quotes(conn, "9" * 19) == (False, [])
    where: list[str] = []
    speaker_clause("q.speaker_id", 2**63, where, [])
    assert where == [NOTHING]
    with pytest.raises(OverflowError):
        id_value("9" * 40)
    assert id_value("²") is None and id_value(True) is None


def test_until_covers_the_whole_partial_date():
    assert "2024-05-31T23:59" <= until("2024-05") and "2024-06-01" > until("2024-05")


def test_names_found_in_memory_give_the_same_rows_as_the_subquery(tmp_path):
    """With ``conn`` the name is looked up in the in-memory names (store/speaker_names.py) instead of
    a scan of the speakers table: the same rows either way, for a file-backed store."""
    c = sqlite3.connect(tmp_path / "s.db")
    c.executescript("""
        CREATE TABLE speakers (id INTEGER PRIMARY KEY, name TEXT, aliases TEXT);
        CREATE TABLE quotes (id INTEGER PRIMARY KEY, speaker_id INTEGER);
        INSERT INTO speakers VALUES (1, 'Volodymyr Zelensky', 'Zelenskyy'), (2, 'Olena Zelenska', ''), (3, 'Ihor Terekhov', '');
        INSERT INTO quotes VALUES (10, 1), (11, 2), (12, 3);
    """)
    c.commit()
    for value in ("zelensk", "Terekhov", "nobody", "%", 3):
        got = []
        for conn in (None, c):
            where, params = [], []
            speaker_clause("q.speaker_id", value, where, params, conn)
            got.append([r[0] for r in c.execute(f"SELECT id FROM quotes q WHERE {where[0]} ORDER BY id", params)])
        assert got[0] == got[1], (value, got)
    where, params = [], []
    speaker_clause("q.speaker_id", "zelensk", where, params, c)
    assert "json_each" in where[0]  # the in-memory path was taken
