"""Query functions and the corpus commands over a store built from hand-made records (no model),
plus the ingest command's exit codes and summary (with the model)."""
from __future__ import annotations

import csv
import io
import json

import pytest
from _corpus import make_record, news_text
from click.testing import CliRunner

from newsgraph.cli import main
from newsgraph.store import connect
from newsgraph.store import queries as Q
from newsgraph.store.speakers import resolve_speakers
from newsgraph.store.writer import write_failure, write_record
from newsgraph.record import Failure


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("q") / "q.db"
    conn = connect(path)
    recs = [
        make_record("k1", "Ihor Terekhov", "The city will be ready for winter", published="2024-10-14",
                    descriptors=("mayor of Kharkiv",)),
        make_record("k2", "Terekhov", "Kharkiv has survived worse", published="2024-11-02", source="Other Paper"),
        make_record("p1", "Anton Kovalenko", "Every day the shelling gets closer", published="2024-09-03",
                    place=("Pokrovsk", 704508, 48.28, 37.18), descriptors=("volunteer",)),
        make_record("n1", "Olena Marchenko", "We heard [three] explosions AND then NEAR silence", published=None,
                    place=("Nowhere-on-map", None, None, None)),
    ]
    for r in recs:
        write_record(conn, r)
    write_failure(conn, Failure(origin="bad.jsonl", position=2, reason="malformed JSON line"))
    resolve_speakers(conn)
    conn.close()
    return str(path)


@pytest.fixture()
def conn(db):
    return connect(db, readonly=True)


def run(*args):
    r = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return r


def test_find_quotes_filters(conn):
    assert len(Q.find_quotes(conn)) == 4
    by = Q.find_quotes(conn, Q.QuoteFilter(speaker="Terekhov"))
    assert {q["article_id"] for q in by} == {"k1", "k2"} and {q["speaker"] for q in by} == {"Ihor Terekhov"}
    assert [q["article_id"] for q in Q.find_quotes(conn, Q.QuoteFilter(about="survived"))] == ["k2"]
    assert [q["article_id"] for q in Q.find_quotes(conn, Q.QuoteFilter(place="Pokrovsk"))] == ["p1"]
    assert {q["article_id"] for q in Q.find_quotes(conn, Q.QuoteFilter(since="2024-10"))} == {"k1", "k2"}
    assert [q["article_id"] for q in Q.find_quotes(conn, Q.QuoteFilter(until="2024-10"))] == ["k1", "p1"]
    assert [q["article_id"] for q in Q.find_quotes(conn, Q.QuoteFilter(source="Other"))] == ["k2"]
    assert Q.count_quotes(conn, Q.QuoteFilter(speaker="Terekhov")) == 2
    page = Q.find_quotes(conn, Q.QuoteFilter(limit=1, offset=1))
    assert len(page) == 1 and page[0]["id"] == Q.find_quotes(conn)[1]["id"]
    # LIKE wildcards in user text are literal
    assert Q.find_quotes(conn, Q.QuoteFilter(speaker="%")) == []


def test_user_text_never_breaks_full_text_search(conn):
    for nasty in ['AND', 'NEAR(', '"unclosed', "col:umn", "*", "^start", "a OR", "'; DROP TABLE quotes; --", "[three]"]:
        Q.search(conn, nasty)
        Q.find_quotes(conn, Q.QuoteFilter(about=nasty))
    hits = Q.search(conn, "AND NEAR")
    assert [h["kind"] for h in hits if h["article_id"] == "n1"]
    assert Q.fts_query('"will be ready" win*') == '"will be ready" "win"*'
    assert Q.fts_query("!!! ...") is None and Q.search(conn, "!!!") == []


def test_speakers_places_record_stats(conn):
    sp = Q.list_speakers(conn)
    assert sp[0]["name"] == "Ihor Terekhov" and sp[0]["quotes"] == 2 and "Terekhov" in sp[0]["aliases"]
    assert sp[0]["affiliations"] == ["mayor of Kharkiv"]
    assert Q.get_speaker(conn, sp[0]["id"])["quote_list"][0]["article_id"] == "k1"
    assert Q.get_speaker(conn, 999999) is None
    places = {p["name"]: p for p in Q.list_places(conn)}
    assert places["Kharkiv"]["mentions"] == 2 and places["Kharkiv"]["geonameid"] == 706483
    assert places["Nowhere-on-map"]["lat"] is None
    rec = Q.get_record(conn, "k1")
    assert rec.quotes[0].speaker.name == "Ihor Terekhov" and rec.places[0].geonameid == 706483
    assert Q.get_record(conn, "missing") is None
    assert [a["id"] for a in Q.latest_articles(conn, 2)] == ["k2", "k1"]
    st = Q.corpus_stats(conn)
    assert (st["articles"], st["quotes"], st["failures"], st["speakers"]) == (4, 4, 1, 3)


def test_quotes_command_table_json_csv(db):
    r = run("quotes", "--db", db)
    assert r.exit_code == 0 and "Terekhov" in r.output and "Kovalenko" in r.output
    data = json.loads(run("quotes", "--db", db, "--speaker", "Terekhov", "--json").output)
    assert len(data) == 2 and all(d["speaker"] == "Ihor Terekhov" for d in data)
    rows = list(csv.DictReader(io.StringIO(run("quotes", "--db", db, "--place", "Pokrovsk", "--csv").output)))
    assert [r["article_id"] for r in rows] == ["p1"]
    assert "[three]" in run("quotes", "--db", db, "--speaker", "Marchenko").output  # data is not markup


def test_speakers_places_search_show_commands(db):
    out = run("speakers", "--db", db).output
    assert "Ihor Terekhov" in out and "mayor of Kharkiv" in out
    assert json.loads(run("speakers", "terekh", "--db", db, "--json").output)[0]["quotes"] == 2
    assert "Pokrovsk" in run("places", "--db", db).output
    kharkiv = json.loads(run("places", "--db", db, "--json", "--resolved").output)[0]
    assert kharkiv["name"] == "Kharkiv" and kharkiv["kind"] == "town"  # not the region of that name
    hits = json.loads(run("search", "shelling", "--db", db, "--json").output)
    assert {h["kind"] for h in hits} == {"article", "quote"}
    show = run("show", "k1", "--db", db)
    assert show.exit_code == 0 and "The city will be ready for winter" in show.output and "Ihor Terekhov" in show.output
    assert json.loads(run("show", "k1", "--db", db, "--json").output)["id"] == "k1"
    missing = CliRunner().invoke(main, ["show", "k", "--db", db])
    assert missing.exit_code != 0 and "did you mean" in missing.output


def test_query_on_missing_database_says_how_to_create_it(tmp_path):
    r = CliRunner().invoke(main, ["quotes", "--db", str(tmp_path / "none.db")])
    assert r.exit_code != 0 and "newsgraph ingest" in r.output


def test_ingest_command_exit_codes_and_summary(tmp_path):
    (tmp_path / "a.txt").write_text(news_text(1))
    db = str(tmp_path / "i.db")
    r = CliRunner().invoke(main, ["ingest", str(tmp_path / "a.txt"), "--db", db, "--json", "-q"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.output.strip().splitlines()[-1])["stored"] == 1
    (tmp_path / "empty.txt").write_text("")
    r = CliRunner().invoke(main, ["ingest", str(tmp_path), "--db", db, "-q"])
    assert r.exit_code == 1
    assert "0 stored" in r.output and "1 duplicates" in r.output and "1 failed" in r.output
    assert "empty.txt" in r.output
    r = CliRunner().invoke(main, ["ingest", str(tmp_path / "a.txt"), "--db", db, "--engine", "nope", "-q"])
    assert r.exit_code == 2 and "unknown engine" in r.output


def test_with_segments_gives_the_quoted_words_without_the_interruption(tmp_path):
    from newsgraph.record import Cue, Quote, Record, Speaker

    text = "“We will hold,” the mayor said. “We have no choice.”"
    a, b = text.index("We will"), text.index("We have")
    q = Quote(a, len(text) - 1, text[a:len(text) - 1], "direct", Speaker("the mayor", 16, 25, "the mayor"),
              Cue(26, 30, "said"), segments=[(a, a + 13), (b, b + 18)])
    conn = connect(tmp_path / "s.db")
    write_record(conn, Record(id="s1", text=text, quotes=[q]))
    (row,) = Q.with_segments(conn, Q.find_quotes(conn))
    assert row["segments"] == [[a, a + 13], [b, b + 18]]
    # the record's content: the pieces joined by " … ", the comma the cut left dropped (record.quote_content)
    assert row["content"] == "We will hold … We have no choice."
    # full-text search reads the content: the narration between the pieces is not found
    assert Q.search_quotes(conn, Q.QuoteFilter(about="choice"))[0]
    assert not Q.search_quotes(conn, Q.QuoteFilter(about="mayor said"))[0]
