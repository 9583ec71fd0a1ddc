"""Writing Records into the store, idempotently.

An article is identified by its content hash: writing the same text again (under any id) stores
nothing new. Each article and all its rows are written in one transaction, so a kill leaves either
the whole article or none of it, and a rerun picks up where the last one stopped.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3

from newsgraph.record import Failure, Record


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def speaker_key(name: str, type_: str | None) -> str:
    """Archive-wide identity of a speaker; refined by the cross-article resolver (store/speakers.py)."""
    return f"{(type_ or '').upper()}|{' '.join(name.lower().split())}"


def has_article(conn: sqlite3.Connection, text: str) -> bool:
    return conn.execute("SELECT 1 FROM articles WHERE content_hash=?", (content_hash(text),)).fetchone() is not None


def _speaker_id(conn: sqlite3.Connection, name: str, type_: str | None) -> int:
    key = speaker_key(name, type_)
    row = conn.execute("SELECT id FROM speakers WHERE key=?", (key,)).fetchone()
    if row:
        return row[0]
    return conn.execute("INSERT INTO speakers(name, type, key) VALUES (?,?,?)", (name, type_, key)).lastrowid


def write_record(conn: sqlite3.Connection, rec: Record, *, replace: bool = False) -> bool:
    """Store one record with all its rows. Returns False when the same content is already stored
    (and ``replace`` is off). With ``replace``, an existing article with this id is re-written."""
    h = content_hash(rec.text)
    with conn:  # one transaction per article
        existing = conn.execute("SELECT id FROM articles WHERE content_hash=? OR id=?", (h, rec.id)).fetchall()
        if existing and not replace:
            return False
        for row in existing:
            conn.execute("DELETE FROM articles WHERE id=?", (row[0],))
        conn.execute(
            "INSERT INTO articles(id, url, title, published, source, author, text, content_hash, word_count,"
            " analysed_with) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (rec.id, rec.url, rec.title, rec.published, rec.source, rec.author, rec.text, h,
             len(rec.text.split()), rec.analysed_with))
        entity_speaker: dict[str, int] = {}
        for e in rec.entities:
            sid = _speaker_id(conn, e.name, e.type) if e.type in ("PERSON", "ORG", "SOURCE", "NORP") else None
            if sid is not None:
                entity_speaker[e.id] = sid
            conn.execute("INSERT INTO entities(article_id, entity_id, name, type, descriptors, speaker_id)"
                         " VALUES (?,?,?,?,?,?)",
                         (rec.id, e.id, e.name, e.type, json.dumps(e.descriptors, ensure_ascii=False), sid))
            conn.executemany("INSERT INTO mentions(article_id, entity_id, start, \"end\", text) VALUES (?,?,?,?,?)",
                             [(rec.id, e.id, m.start, m.end, m.text) for m in e.mentions])
        for q in rec.quotes:
            sp, cue = q.speaker, q.cue
            sid = None
            if sp is not None:
                sid = entity_speaker.get(sp.entity or "") or _speaker_id(conn, sp.name, "SOURCE" if not sp.entity else None)
            conn.execute(
                "INSERT OR IGNORE INTO quotes(article_id, start, \"end\", text, type, segments, speaker_name,"
                " speaker_text, speaker_start, speaker_end, speaker_entity, speaker_id, cue, cue_start, cue_end)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (rec.id, q.start, q.end, q.text, q.type,
                 json.dumps([list(s) for s in q.segments]) if q.segments else None,
                 sp.name if sp else None, sp.text if sp else None, sp.start if sp else None,
                 sp.end if sp else None, sp.entity if sp else None, sid,
                 cue.text if cue else None, cue.start if cue else None, cue.end if cue else None))
        conn.executemany(
            "INSERT OR IGNORE INTO places(article_id, start, \"end\", text, name, geonameid, lat, lon, country_code,"
            " feature_class, admin1) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [(rec.id, p.start, p.end, p.text, p.name, p.geonameid, p.lat, p.lon, p.country_code,
              p.feature_class, p.admin1) for p in rec.places])
        conn.executemany(
            "INSERT OR IGNORE INTO dates(article_id, start, \"end\", text, value, granularity) VALUES (?,?,?,?,?,?)",
            [(rec.id, d.start, d.end, d.text, d.value, d.granularity) for d in rec.dates])
    return True


def write_failure(conn: sqlite3.Connection, f: Failure) -> None:
    with conn:
        conn.execute("INSERT INTO failures(origin, position, article_id, reason) VALUES (?,?,?,?)",
                     (f.origin, f.position, f.id, f.reason))
