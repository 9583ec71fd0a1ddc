"""Events in the store and everything that reads them: the table and its migration, the record
round trip, the shared queries behind ``newsgraph events`` and ``/api/events``, the exports with
ACLED's column names, the speaker and article pages."""
from __future__ import annotations

import csv
import io
import json
import sqlite3
import warnings

import pytest
from click.testing import CliRunner

from newsgraph.store.events import EventFilter, count_events, find_events
from newsgraph.store.queries import get_record
from newsgraph.store.schema import MIGRATIONS, connect
from newsgraph.store.writer import write_record

ARTICLES = [
    ("izium", "2024-03-14", "Russian airstrikes on the town of Izium killed at least 12 civilians on Tuesday, "
     "according to the regional governor, Oleh Marchenko. Police arrested two men in Kharkiv on Wednesday."),
    ("kupiansk", "2024-03-20", "\u201cMilitants shelled the school in Kupiansk overnight,\u201d said Anna "
     "Kovalenko, a police spokeswoman. The army threatened to strike rebel positions near Goma."),
    ("hostile", "2024-02-01", "=SUM(A1) rebels captured the town of Mabera on Sunday."),
]


@pytest.fixture(scope="module")
def store(tmp_path_factory, pipeline):
    from newsgraph.record import Article

    path = tmp_path_factory.mktemp("events") / "ev.db"
    conn = connect(path)
    recs = {}
    for aid, pub, text in ARTICLES:
        rec = pipeline.analyze(Article(id=aid, text=text, published=pub))
        write_record(conn, rec)
        recs[aid] = rec
    conn.close()
    return path, recs


def test_the_record_comes_back_with_its_events(store):
    path, recs = store
    conn = connect(path, readonly=True)
    for aid, rec in recs.items():
        back = get_record(conn, aid)
        assert back.to_dict()["events"] == rec.to_dict()["events"]
        assert [q.events for q in back.quotes] == [q.events for q in rec.quotes]


def test_queries_filter(store):
    path, _ = store
    conn = connect(path, readonly=True)
    air = find_events(conn, EventFilter(type="air/drone strike"))
    assert [(e["article_id"], e["place"], e["fatalities"], e["event_date"]) for e in air] == [
        ("izium", "Izium", 12, "2024-03-12")]
    assert air[0]["reported_by"] == "Oleh Marchenko"
    assert {e["type"] for e in find_events(conn, EventFilter(category="Strategic developments"))} == {"Arrest"}
    assert [e["type"] for e in find_events(conn, EventFilter(actor="Militants"))] == [
        "Shelling/artillery/missile attack"]
    assert count_events(conn, EventFilter(place="Kharkiv")) == 1
    assert count_events(conn, EventFilter(place=str(air[0]["geonameid"]))) == 1
    assert {e["article_id"] for e in find_events(conn, EventFilter(since="2024-03-13", until="2024-03"))} == {
        "izium", "kupiansk"}
    claimed = find_events(conn, EventFilter(reported_by="Kovalenko"))
    assert [e["type"] for e in claimed] == ["Shelling/artillery/missile attack"]
    sid = claimed[0]["reported_by_speaker_id"]
    assert sid and find_events(conn, EventFilter(reported_by=str(sid))) == claimed
    assert [e["plover"] for e in find_events(conn, EventFilter(q="threatened"))] == ["THREATEN"]
    assert find_events(conn, EventFilter(actor="%")) == [] and find_events(conn, EventFilter(type="' OR 1=1 --")) == []


def test_an_old_store_is_upgraded(tmp_path):
    old = sqlite3.connect(tmp_path / "old.db")
    for v, sql in enumerate(MIGRATIONS[:5]):
        old.executescript("BEGIN;" + sql + f"; PRAGMA user_version={v + 1}; COMMIT;")
    old.close()
    conn = connect(tmp_path / "old.db")
    assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM events_fts").fetchone()[0] == 0


def test_events_command(store):
    from newsgraph.cli import main

    path, _ = store
    out = CliRunner().invoke(main, ["events", "--db", str(path), "--type", "Arrest", "--json"])
    assert out.exit_code == 0, out.output
    rows = json.loads(out.output)
    assert [(r["type"], r["place"], r["event_date"]) for r in rows] == [("Arrest", "Kharkiv", "2024-03-13")]
    table = CliRunner().invoke(main, ["events", "--db", str(path), "--reported-by", "Marchenko"])
    assert table.exit_code == 0
    header, *lines = table.output.splitlines()  # into a pipe: TSV, every word
    assert header.split("\t")[:2] == ["date", "type"] and len(lines) == 1
    assert "Air/drone strike" in lines[0] and "Oleh Marchenko" in lines[0]
    none = CliRunner().invoke(main, ["events", "--db", str(path), "--type", "Grenade"])
    assert none.exit_code == 0 and "no events match type 'Grenade'" in none.output


def test_export_csv_has_acled_columns_and_no_formulas(store, tmp_path):
    from newsgraph.export import export

    path, _ = store
    conn = connect(path, readonly=True)
    out = tmp_path / "events.csv"
    n = export(conn, "events", "csv", out)
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert n == len(rows) and n >= 5
    assert {"event_date", "event_type", "sub_event_type", "actor1", "actor2", "location", "latitude", "longitude",
            "fatalities", "notes", "source"} <= set(rows[0])
    air = next(r for r in rows if r["sub_event_type"] == "Air/drone strike")
    assert (air["event_type"], air["location"], air["fatalities"]) == ("Explosions/Remote violence", "Izium", "12")
    capture = next(r for r in rows if r["sub_event_type"] == "Non-state actor overtakes territory")
    assert capture["notes"].startswith("'=SUM(A1)")  # a spreadsheet shows it, never runs it


@pytest.mark.parametrize("fmt", ["jsonl", "geojson", "parquet"])
def test_export_other_formats(store, tmp_path, fmt):
    from newsgraph.export import export

    path, _ = store
    conn = connect(path, readonly=True)
    out = tmp_path / f"events.{fmt}"
    n = export(conn, "events", fmt, out)
    if fmt == "jsonl":
        rows = [json.loads(line) for line in out.read_text().splitlines()]
        assert len(rows) == n and rows[0]["event_id_cnty"]
    elif fmt == "geojson":
        doc = json.loads(out.read_text())
        feats = doc["features"]
        assert n == len(feats) and all(f["geometry"]["type"] == "Point" for f in feats)
        assert any(f["properties"]["sub_event_type"] == "Air/drone strike" for f in feats)
    else:
        import pyarrow.parquet as pq

        assert pq.read_table(out).num_rows == n and "sub_event_type" in pq.read_table(out).column_names


def test_api_events(store):
    from newsgraph.web import create_app

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    path, _ = store
    client = TestClient(create_app(path))
    page = client.get("/api/events", params={"type": "Air/drone strike"}).json()
    assert page["total"] == 1 and page["items"][0]["place"] == "Izium"
    assert page["items"][0]["href"].startswith("/articles/izium#e-")
    assert client.get("/api/events", params={"since": "2024-13"}).status_code == 422
    assert client.get("/api/events", params={"reported_by": "Kovalenko", "limit": 1}).json()["total"] == 1
    rec = client.get("/api/articles/izium").json()
    assert rec["events"][0]["type"] == "Air/drone strike"


def test_article_and_speaker_pages_show_events(store):
    from newsgraph.web import create_app

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    path, _ = store
    client = TestClient(create_app(path))
    page = client.get("/articles/izium").text
    assert 'id="events"' in page and 'id="e-0"' in page
    assert '<b>airstrikes</b>' in page and "event: Air/drone strike" in page
    sid = find_events(connect(path, readonly=True), EventFilter(reported_by="Kovalenko"))[0]["reported_by_speaker_id"]
    speaker = client.get(f"/speakers/{sid}").text
    assert 'id="speaker-events"' in speaker and "Shelling/artillery/missile attack" in speaker
    assert "/articles/kupiansk#e-" in speaker
