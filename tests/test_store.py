"""The store: schema and migrations, the idempotent writer, failures once, clear errors that
name the file (locked, read-only, full disk) and never a damaged database."""
from __future__ import annotations

import json
import sqlite3

import pytest
from _corpus import make_record

from newsgraph.record import Failure
from newsgraph.store import SCHEMA_VERSION, StoreError, connect
from newsgraph.store.schema import SCHEMA_V1
from newsgraph.store.writer import has_article, write_failure, write_record


def integrity(path) -> str:
    with sqlite3.connect(path) as c:
        return c.execute("PRAGMA integrity_check").fetchone()[0]


def count(conn, table: str) -> int:
    return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_new_store_is_current_wal_and_opens_readonly(tmp_path):
    db = tmp_path / "n.db"
    conn = connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
    ro = connect(db, readonly=True)
    assert count(ro, "articles") == 0
    with pytest.raises(StoreError, match="no such database"):
        connect(tmp_path / "missing.db", readonly=True)


def test_v1_database_is_migrated_and_duplicate_failures_collapse(tmp_path):
    db = tmp_path / "v1.db"
    c = sqlite3.connect(db)
    c.executescript("BEGIN;" + SCHEMA_V1 + "; PRAGMA user_version=1; COMMIT;")
    c.executemany("INSERT INTO failures(origin, position, reason) VALUES (?,?,?)",
                  [("a.jsonl", 2, "bad"), ("a.jsonl", 2, "bad"), ("b.txt", None, "empty"), ("b.txt", None, "empty")])
    c.commit()
    c.close()
    conn = connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert count(conn, "failures") == 2
    assert integrity(db) == "ok"


def test_same_content_is_stored_once_under_any_id(tmp_path):
    conn = connect(tmp_path / "n.db")
    rec = make_record("a1", "Ihor Terekhov", "The city will be ready")
    assert write_record(conn, rec) is True
    assert write_record(conn, rec) is False
    rec2 = make_record("other-id", "Ihor Terekhov", "The city will be ready")
    assert write_record(conn, rec2) is False
    assert has_article(conn, rec.text)
    assert count(conn, "articles") == 1 and count(conn, "quotes") == 1 and count(conn, "places") == 1


def test_different_text_under_a_taken_id_is_kept_apart(tmp_path):
    conn = connect(tmp_path / "n.db")
    assert write_record(conn, make_record("1", "Olena Marchenko", "We heard explosions"))
    assert write_record(conn, make_record("1", "Anton Kovalenko", "The shelling gets closer"))
    ids = sorted(r[0] for r in conn.execute("SELECT id FROM articles"))
    assert ids[0] == "1" and ids[1].startswith("1~") and len(ids) == 2
    # the second article's rows hang off its new id
    assert conn.execute("SELECT count(*) FROM quotes WHERE article_id=?", (ids[1],)).fetchone()[0] == 1


def test_replace_rewrites_the_article_without_duplicating_rows(tmp_path):
    conn = connect(tmp_path / "n.db")
    rec = make_record("a1", "Ihor Terekhov", "The city will be ready")
    write_record(conn, rec)
    rec.analysed_with = "9.9.9"
    assert write_record(conn, rec, replace=True) is True
    assert count(conn, "articles") == 1 and count(conn, "quotes") == 1 and count(conn, "mentions") == 1
    assert conn.execute("SELECT analysed_with FROM articles").fetchone()[0] == "9.9.9"
    # full-text index follows the rewrite
    assert conn.execute("SELECT count(*) FROM quotes_fts WHERE quotes_fts MATCH 'ready'").fetchone()[0] == 1
    assert integrity(tmp_path / "n.db") == "ok"


def test_failure_recorded_once_per_origin_position_reason(tmp_path):
    conn = connect(tmp_path / "n.db")
    f = Failure(origin="feed.xml", position=3, reason="feed entry has no content")
    assert write_failure(conn, f) is True
    assert write_failure(conn, f) is False
    assert write_failure(conn, Failure(origin="feed.xml", position=4, reason="feed entry has no content")) is True
    assert write_failure(conn, Failure(origin="empty.txt", reason="empty file")) is True
    assert write_failure(conn, Failure(origin="empty.txt", reason="empty file")) is False
    rows = conn.execute("SELECT origin, position, attempts FROM failures ORDER BY id").fetchall()
    assert [tuple(r) for r in rows] == [("feed.xml", 3, 2), ("feed.xml", 4, 1), ("empty.txt", None, 2)]


def test_locked_database_is_a_clear_error_and_no_damage(tmp_path):
    db = tmp_path / "locked.db"
    conn = connect(db, timeout=0.2)
    write_record(conn, make_record("a1", "Olena Marchenko", "We heard explosions"))
    other = sqlite3.connect(db)
    other.execute("BEGIN IMMEDIATE")  # another process holding the write lock
    with pytest.raises(StoreError) as err:
        write_record(conn, make_record("a2", "Anton Kovalenko", "The shelling gets closer"))
    assert str(db) in str(err.value) and "locked" in str(err.value)
    with pytest.raises(StoreError, match="locked"):
        write_failure(conn, Failure(origin="x.txt", reason="empty"))
    other.rollback()
    other.close()
    assert write_record(conn, make_record("a2", "Anton Kovalenko", "The shelling gets closer"))
    assert count(conn, "articles") == 2
    assert integrity(db) == "ok"


def test_ingest_into_locked_database_names_the_file(tmp_path):
    from newsgraph.engines import run_ingest

    db = tmp_path / "busy.db"
    connect(db).close()
    src = tmp_path / "a.jsonl"
    src.write_text(json.dumps({"id": "x", "text": "   "}) + "\n")  # a failure: no model needed to write it
    other = sqlite3.connect(db)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreError) as err:
            run_ingest("local", [str(src)], db, timeout=0.2)
    finally:
        other.rollback()
        other.close()
    assert str(db) in str(err.value) and "locked" in str(err.value)
    assert integrity(db) == "ok"


def test_read_only_database_is_a_clear_error(tmp_path):
    db = tmp_path / "ro.db"
    conn = connect(db)
    write_record(conn, make_record("a1", "Olena Marchenko", "We heard explosions"))
    conn.execute("PRAGMA query_only=ON")  # what a read-only file looks like to SQLite
    with pytest.raises(StoreError) as err:
        write_record(conn, make_record("a2", "Anton Kovalenko", "The shelling gets closer"))
    assert str(db) in str(err.value) and "read-only" in str(err.value)
    assert integrity(db) == "ok"


def test_read_only_file(tmp_path):
    import os

    if os.geteuid() == 0:
        pytest.skip("root writes to read-only files; covered by test_read_only_database_is_a_clear_error")
    db = tmp_path / "ro.db"
    connect(db).close()
    os.chmod(db, 0o444)
    with pytest.raises(StoreError, match="read-only"):
        conn = connect(db)
        write_record(conn, make_record("a1", "Olena Marchenko", "We heard explosions"))


def test_full_disk_is_a_clear_error_and_keeps_what_was_stored(tmp_path):
    db = tmp_path / "full.db"
    conn = connect(db)
    write_record(conn, make_record("a1", "Olena Marchenko", "We heard explosions"))
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count={pages + 2}")  # the disk fills up now
    with pytest.raises(StoreError) as err:
        for i in range(50):
            write_record(conn, make_record(f"b{i}", "Anton Kovalenko", "The shelling gets closer " * 200 + str(i)))
    assert str(db) in str(err.value) and "disk is full" in str(err.value)
    conn.close()
    assert integrity(db) == "ok"
    c = connect(db)
    n = count(c, "articles")
    assert n >= 1
    # every stored article is whole: its quote rows are there too
    assert c.execute("SELECT count(*) FROM articles a WHERE NOT EXISTS "
                     "(SELECT 1 FROM quotes q WHERE q.article_id = a.id)").fetchone()[0] == 0


def test_not_a_database(tmp_path):
    bad = tmp_path / "notes.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError) as err:
        connect(bad)
    assert str(bad) in str(err.value) and "not a newsgraph" in str(err.value)


def test_views_read_naturally_and_older_readable_versions_open_readonly(tmp_path):
    db = tmp_path / "v.db"
    conn = connect(db)
    write_record(conn, make_record("a1", "Olena Marchenko", "We heard explosions"))
    row = conn.execute("SELECT speaker, quote, cue FROM who_said_what").fetchone()
    assert tuple(row) == ("Olena Marchenko", "We heard explosions", "said")
    assert conn.execute("SELECT name, title FROM place_mentions").fetchone()[0] == "Kharkiv"
    conn.execute("PRAGMA user_version=2")  # a store from before the views: still readable
    conn.close()
    assert count(connect(db, readonly=True), "quotes") == 1
    c = sqlite3.connect(db)
    c.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    c.close()
    with pytest.raises(StoreError, match="newer newsgraph"):
        connect(db, readonly=True)
