"""Writing Records into the store, idempotently.

An article is identified by its content hash: writing the same text again (under any id) stores
nothing new. Each article and all its rows are written in one transaction, so a kill leaves either
the whole article or none of it, and a rerun picks up where the last one stopped.

Ids: a record whose id is already taken by a *different* text (two feeds both numbering from 1,
two folders with an ``index.html``) is stored under ``<id>~<first 10 hex of its hash>`` so neither
article is lost.

Failures: one row per (origin, position, reason). Meeting the same failure again (a rerun over the
same bad file) adds no row; it increments ``attempts`` and sets ``last_failed_at``.

Every SQLite error is raised as a ``StoreError`` that names the database file and the fix
(locked, read-only, disk full); the open transaction is rolled back, so the file stays consistent.
"""
from __future__ import annotations

import json
import sqlite3

from newsgraph.ingest.guard import clean_field
from newsgraph.record import Failure, Record, content_hash, quote_content
from newsgraph.store.events import write_events
from newsgraph.store.schema import db_path, store_error
from newsgraph.store.speakers import SPEAKER_TYPES, is_unnamed, speaker_key

__all__ = ["content_hash", "has_article", "stored_hashes", "write_record", "write_failure", "speaker_key"]


def has_article(conn: sqlite3.Connection, text: str) -> bool:
    return conn.execute("SELECT 1 FROM articles WHERE content_hash=?", (content_hash(text),)).fetchone() is not None


def stored_hashes(conn: sqlite3.Connection, hashes: list[str]) -> dict[str, str | None]:
    """{hash: analysed_with} for those of ``hashes`` already stored (one query per 500)."""
    out: dict[str, str | None] = {}
    for i in range(0, len(hashes), 500):
        part = hashes[i:i + 500]
        marks = ",".join("?" * len(part))
        out.update(conn.execute(f"SELECT content_hash, analysed_with FROM articles WHERE content_hash IN ({marks})",
                                part).fetchall())
    return out


def _speaker_id(conn: sqlite3.Connection, name: str, type_: str | None, article_id: str | None = None) -> int:
    key = speaker_key(name, type_, article_id)
    row = conn.execute("SELECT id FROM speakers WHERE key=?", (key,)).fetchone()
    if row:
        return row[0]
    return conn.execute("INSERT INTO speakers(name, type, key, aliases) VALUES (?,?,?,?)",
                        (name, (type_ or "").upper() or None, key,
                         json.dumps([name], ensure_ascii=False))).lastrowid


def write_record(conn: sqlite3.Connection, rec: Record, *, replace: bool = False) -> bool:
    """Store one record with all its rows. Returns False when the same content is already stored
    (and ``replace`` is off). With ``replace``, the stored article with this content is re-written
    (its id is kept)."""
    try:
        return _write_record(conn, rec, replace)
    except sqlite3.Error as exc:
        raise store_error(exc, db_path(conn)) from exc


def _write_record(conn: sqlite3.Connection, rec: Record, replace: bool) -> bool:
    h = content_hash(rec.text)
    article_id = rec.id
    with conn:  # one transaction per article
        same = conn.execute("SELECT id FROM articles WHERE content_hash=?", (h,)).fetchone()
        if same is not None:
            if not replace:
                return False
            article_id = same[0]
            conn.execute("DELETE FROM articles WHERE id=?", (article_id,))
        elif conn.execute("SELECT 1 FROM articles WHERE id=?", (article_id,)).fetchone():
            article_id = f"{rec.id}~{h[:10]}"
        conn.execute(
            "INSERT INTO articles(id, url, title, published, source, author, text, content_hash, word_count,"
            " analysed_with) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (article_id, rec.url, rec.title, rec.published, rec.source, rec.author, rec.text, h,
             len(rec.text.split()), rec.analysed_with))
        quoted = {q.speaker.entity for q in rec.quotes if q.speaker is not None and q.speaker.entity}
        entity_speaker: dict[str, int] = {}
        for e in rec.entities:
            sid = None
            if e.type in SPEAKER_TYPES or e.id in quoted:
                sid = entity_speaker[e.id] = _speaker_id(conn, e.name, e.type, article_id)
            conn.execute("INSERT OR REPLACE INTO entities(article_id, entity_id, name, type, descriptors, speaker_id)"
                         " VALUES (?,?,?,?,?,?)",
                         (article_id, e.id, e.name, e.type, json.dumps(e.descriptors, ensure_ascii=False), sid))
            conn.executemany("INSERT INTO mentions(article_id, entity_id, start, \"end\", text) VALUES (?,?,?,?,?)",
                             [(article_id, e.id, m.start, m.end, m.text) for m in e.mentions])
        quote_sids: list[int | None] = []
        for q in rec.quotes:
            sp, cue = q.speaker, q.cue
            sid = None
            if sp is not None and sp.name and not is_unnamed(sp.name, None):  # a pronoun is no speaker
                sid = entity_speaker.get(sp.entity or "") or _speaker_id(conn, sp.name, "SOURCE", article_id)
            quote_sids.append(sid)
            conn.execute(
                "INSERT OR IGNORE INTO quotes(article_id, start, \"end\", text, type, segments, speaker_name,"
                " speaker_text, speaker_start, speaker_end, speaker_entity, speaker_id, cue, cue_start, cue_end,"
                " content, speaker_kind, speaker_role, speaker_affiliation)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (article_id, q.start, q.end, q.text, q.type,
                 json.dumps([list(s) for s in q.segments]) if q.segments else None,
                 sp.name if sp else None, sp.text if sp else None, sp.start if sp else None,
                 sp.end if sp else None, sp.entity if sp else None, sid,
                 cue.text if cue else None, cue.start if cue else None, cue.end if cue else None,
                 q.content if q.content is not None else quote_content(rec.text, q),
                 sp.kind if sp else None, sp.role if sp else None, sp.affiliation if sp else None))
        conn.executemany(
            "INSERT OR IGNORE INTO places(article_id, start, \"end\", text, name, geonameid, lat, lon, country_code,"
            " feature_class, admin1, kind) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [(article_id, p.start, p.end, p.text, p.name, p.geonameid, p.lat, p.lon, p.country_code,
              p.feature_class, p.admin1, p.kind) for p in rec.places])
        conn.executemany(
            "INSERT OR IGNORE INTO dates(article_id, start, \"end\", text, value, granularity) VALUES (?,?,?,?,?,?)",
            [(article_id, d.start, d.end, d.text, d.value, d.granularity) for d in rec.dates])
        write_events(conn, article_id, rec, quote_sids, entity_speaker)
    return True


def write_failure(conn: sqlite3.Connection, f: Failure) -> bool:
    """Record a bad input; returns False when this (origin, position, reason) was already recorded.
    Its strings are made storable (a lone surrogate in a file name or an id cannot stop the run)."""
    origin, id_, reason = clean_field(f.origin) or "?", clean_field(f.id), clean_field(f.reason) or "?"
    try:
        with conn:
            cur = conn.execute("INSERT OR IGNORE INTO failures(origin, position, article_id, reason, last_failed_at)"
                               " VALUES (?,?,?,?, strftime('%Y-%m-%dT%H:%M:%SZ','now'))",
                               (origin, f.position, id_, reason))
            if cur.rowcount:
                return True
            conn.execute("UPDATE failures SET attempts = attempts + 1,"
                         " last_failed_at = strftime('%Y-%m-%dT%H:%M:%SZ','now')"
                         " WHERE origin = ? AND ifnull(position, 0) = ifnull(?, 0) AND reason = ?",
                         (origin, f.position, reason))
            return False
    except sqlite3.Error as exc:
        raise store_error(exc, db_path(conn)) from exc
