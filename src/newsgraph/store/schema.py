"""The SQLite store: a plain file any tool opens (sqlite3 shell, Datasette, pandas).

The schema is versioned with ``PRAGMA user_version``; ``MIGRATIONS[n]`` takes a database from
version n to n+1, so an old file is upgraded in place when opened for writing. Offsets in every
table are Python str indices into ``articles.text``.
"""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path

SCHEMA_V1 = """
CREATE TABLE articles (
    id             TEXT PRIMARY KEY,
    url            TEXT,
    title          TEXT,
    published      TEXT,            -- YYYY-MM-DD
    source         TEXT,            -- site / publisher, or the input file
    author         TEXT,
    text           TEXT NOT NULL,
    content_hash   TEXT NOT NULL UNIQUE,   -- sha256 of text: the same article is stored once
    word_count     INTEGER,
    analysed_with  TEXT,            -- newsgraph version that produced the rows below
    ingested_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_source ON articles(source);

-- People, organisations and unnamed sources across the archive (one row per canonical actor).
CREATE TABLE speakers (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL,
    type           TEXT,            -- PERSON | ORG | SOURCE ...
    key            TEXT NOT NULL UNIQUE   -- normalised identity used to merge across articles
);

CREATE TABLE entities (
    article_id     TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    entity_id      TEXT NOT NULL,   -- id within the article's record ("e1")
    name           TEXT NOT NULL,
    type           TEXT,
    descriptors    TEXT,            -- JSON list: ["42", "drone operator", ...]
    speaker_id     INTEGER REFERENCES speakers(id),
    PRIMARY KEY (article_id, entity_id)
);
CREATE INDEX entities_speaker ON entities(speaker_id);

CREATE TABLE mentions (
    article_id     TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    entity_id      TEXT NOT NULL,
    start          INTEGER NOT NULL,
    "end"          INTEGER NOT NULL,
    text           TEXT NOT NULL
);
CREATE INDEX mentions_article ON mentions(article_id, entity_id);

CREATE TABLE quotes (
    id             INTEGER PRIMARY KEY,
    article_id     TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start          INTEGER NOT NULL,
    "end"          INTEGER NOT NULL,
    text           TEXT NOT NULL,
    type           TEXT NOT NULL,   -- direct | indirect | mixed
    segments       TEXT,            -- JSON [[s,e],...] when split by an interruption
    speaker_name   TEXT,            -- canonical name in this article
    speaker_text   TEXT,            -- the mention as written ("he")
    speaker_start  INTEGER,
    speaker_end    INTEGER,
    speaker_entity TEXT,            -- entities.entity_id within the article
    speaker_id     INTEGER REFERENCES speakers(id),   -- the archive-wide speaker
    cue            TEXT,
    cue_start      INTEGER,
    cue_end        INTEGER,
    UNIQUE (article_id, start, "end")
);
CREATE INDEX quotes_article ON quotes(article_id);
CREATE INDEX quotes_speaker ON quotes(speaker_id);

CREATE TABLE places (
    article_id     TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start          INTEGER NOT NULL,
    "end"          INTEGER NOT NULL,
    text           TEXT NOT NULL,
    name           TEXT,
    geonameid      INTEGER,
    lat            REAL,
    lon            REAL,
    country_code   TEXT,
    feature_class  TEXT,
    admin1         TEXT,
    PRIMARY KEY (article_id, start, "end")
);
CREATE INDEX places_geonameid ON places(geonameid);

CREATE TABLE dates (
    article_id     TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start          INTEGER NOT NULL,
    "end"          INTEGER NOT NULL,
    text           TEXT NOT NULL,
    value          TEXT,
    granularity    TEXT,
    PRIMARY KEY (article_id, start, "end")
);

CREATE TABLE failures (
    id             INTEGER PRIMARY KEY,
    origin         TEXT NOT NULL,   -- input path or URL
    position       INTEGER,         -- line / record number inside it
    article_id     TEXT,
    reason         TEXT NOT NULL,
    failed_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);

-- Full text: external-content FTS5 tables kept in step by triggers.
CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='rowid');
CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
  INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
  INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
END;
CREATE VIRTUAL TABLE quotes_fts USING fts5(text, speaker_name, content='quotes', content_rowid='id');
CREATE TRIGGER quotes_ai AFTER INSERT ON quotes BEGIN
  INSERT INTO quotes_fts(rowid, text, speaker_name) VALUES (new.id, new.text, new.speaker_name);
END;
CREATE TRIGGER quotes_ad AFTER DELETE ON quotes BEGIN
  INSERT INTO quotes_fts(quotes_fts, rowid, text, speaker_name) VALUES ('delete', old.id, old.text, old.speaker_name);
END;
CREATE TRIGGER quotes_au AFTER UPDATE ON quotes BEGIN
  INSERT INTO quotes_fts(quotes_fts, rowid, text, speaker_name) VALUES ('delete', old.id, old.text, old.speaker_name);
  INSERT INTO quotes_fts(rowid, text, speaker_name) VALUES (new.id, new.text, new.speaker_name);
END;
"""

# v2: archive-wide speakers carry every name they were written as; a failure is one row per
# (origin, position, reason) however often a rerun meets it (attempts counts the meetings).
SCHEMA_V2 = """
ALTER TABLE speakers ADD COLUMN aliases TEXT;          -- JSON list of the names as written
ALTER TABLE failures ADD COLUMN attempts INTEGER NOT NULL DEFAULT 1;
ALTER TABLE failures ADD COLUMN last_failed_at TEXT;
DELETE FROM failures WHERE id NOT IN
  (SELECT min(id) FROM failures GROUP BY origin, ifnull(position, 0), reason);
CREATE UNIQUE INDEX failures_once ON failures(origin, ifnull(position, 0), reason);
CREATE INDEX quotes_speaker_name ON quotes(speaker_name);
CREATE INDEX places_name ON places(name);
CREATE INDEX entities_name ON entities(name);
"""

# v3: views that read naturally in the sqlite3 shell and Datasette.
SCHEMA_V3 = """
CREATE VIEW who_said_what AS
SELECT a.published, coalesce(s.name, q.speaker_name) AS speaker, q.cue, q.text AS quote, q.type,
       q.speaker_text AS speaker_as_written, a.title, a.source, a.url, q.article_id, q.id AS quote_id, q.speaker_id
FROM quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN speakers s ON s.id = q.speaker_id;
CREATE VIEW place_mentions AS
SELECT p.name, p.text AS as_written, p.geonameid, p.lat, p.lon, p.country_code, p.feature_class, p.admin1,
       a.published, a.title, p.article_id, p.start, p."end"
FROM places p JOIN articles a ON a.id = p.article_id;
"""

# v4: a quote's content (its quoted words without the narration of an interruption) and its
# speaker's kind, role and affiliation; full-text search indexes the content, so a search for
# "said" no longer matches the “…,” he said. “…” between two pieces. Rows written before keep
# their text as content.
SCHEMA_V4 = """
ALTER TABLE quotes ADD COLUMN content TEXT;
ALTER TABLE quotes ADD COLUMN speaker_kind TEXT;          -- person | organisation | group | unnamed
ALTER TABLE quotes ADD COLUMN speaker_role TEXT;
ALTER TABLE quotes ADD COLUMN speaker_affiliation TEXT;
UPDATE quotes SET content = text WHERE content IS NULL;
DROP TRIGGER quotes_ai;
DROP TRIGGER quotes_ad;
DROP TRIGGER quotes_au;
DROP TABLE quotes_fts;
CREATE VIRTUAL TABLE quotes_fts USING fts5(content, speaker_name, content='quotes', content_rowid='id');
INSERT INTO quotes_fts(quotes_fts) VALUES ('rebuild');
CREATE TRIGGER quotes_ai AFTER INSERT ON quotes BEGIN
  INSERT INTO quotes_fts(rowid, content, speaker_name) VALUES (new.id, new.content, new.speaker_name);
END;
CREATE TRIGGER quotes_ad AFTER DELETE ON quotes BEGIN
  INSERT INTO quotes_fts(quotes_fts, rowid, content, speaker_name) VALUES ('delete', old.id, old.content, old.speaker_name);
END;
CREATE TRIGGER quotes_au AFTER UPDATE ON quotes BEGIN
  INSERT INTO quotes_fts(quotes_fts, rowid, content, speaker_name) VALUES ('delete', old.id, old.content, old.speaker_name);
  INSERT INTO quotes_fts(rowid, content, speaker_name) VALUES (new.id, new.content, new.speaker_name);
END;
DROP VIEW who_said_what;
CREATE VIEW who_said_what AS
SELECT a.published, coalesce(s.name, q.speaker_name) AS speaker, q.cue, coalesce(q.content, q.text) AS quote, q.type,
       q.speaker_text AS speaker_as_written, q.speaker_kind, q.speaker_role, q.speaker_affiliation,
       a.title, a.source, a.url, q.article_id, q.id AS quote_id, q.speaker_id
FROM quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN speakers s ON s.id = q.speaker_id;
"""

# Columns that only the store assigns (archive-wide speakers, autoincrement ids, times, counts):
# every other column of a table is a column of the record (newsgraph.record.COLUMNS; tests/test_columns.py).
STORE_ONLY: dict[str, frozenset[str]] = {
    "articles": frozenset({"ingested_at"}),
    "entities": frozenset({"speaker_id"}),
    "mentions": frozenset(),
    "quotes": frozenset({"id", "speaker_id"}),
    "places": frozenset(),
    "dates": frozenset(),
    "failures": frozenset({"id", "failed_at", "attempts", "last_failed_at"}),
    "events": frozenset({"id", "reported_by_speaker_id"}),
}

# v5: a place's kind (country, region, district, town, village, water, area, continent), so the places
# list and the map can tell a region from its capital.
SCHEMA_V5 = """
ALTER TABLE places ADD COLUMN kind TEXT;
"""

# v6 (events): who did what to whom, where and when, and who says so; one row per event of a record
# (newsgraph.store.events), full text over the event's sentence and actors.
SCHEMA_EVENTS = """
CREATE TABLE events (
    id             INTEGER PRIMARY KEY,
    article_id     TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    event_index    INTEGER NOT NULL,  -- its index in the record's events
    start          INTEGER NOT NULL,  -- the sentence that states it
    "end"          INTEGER NOT NULL,
    text           TEXT NOT NULL,
    type           TEXT,              -- ACLED sub-event type
    category       TEXT,              -- ACLED event type
    plover         TEXT,
    pentaclass     TEXT,
    fatalities     INTEGER,
    trigger_start  INTEGER NOT NULL,
    trigger_end    INTEGER NOT NULL,
    "trigger"      TEXT NOT NULL,
    source_start INTEGER, source_end INTEGER, source_text TEXT, source_entity TEXT,
    target_start INTEGER, target_end INTEGER, target_text TEXT, target_entity TEXT,
    place_start INTEGER, place_end INTEGER, place_text TEXT, place_geonameid INTEGER, place_lat REAL, place_lon REAL,
    date_start INTEGER, date_end INTEGER, date_text TEXT, date_value TEXT,
    reported_by_name TEXT, reported_by_entity TEXT,
    reported_by_quote INTEGER,         -- index of the quote that states it, in the record's quotes
    reported_by_speaker_id INTEGER REFERENCES speakers(id),
    UNIQUE (article_id, event_index)
);
CREATE INDEX events_type ON events(type);
CREATE INDEX events_category ON events(category);
CREATE INDEX events_place ON events(place_geonameid);
CREATE INDEX events_reported_by ON events(reported_by_speaker_id);
CREATE INDEX events_date ON events(date_value);
CREATE VIRTUAL TABLE events_fts USING fts5(text, source_text, target_text, content='events', content_rowid='id',
  tokenize='porter unicode61 remove_diacritics 2');
CREATE TRIGGER events_ai AFTER INSERT ON events BEGIN
  INSERT INTO events_fts(rowid, text, source_text, target_text) VALUES (new.id, new.text, new.source_text, new.target_text);
END;
CREATE TRIGGER events_ad AFTER DELETE ON events BEGIN
  INSERT INTO events_fts(events_fts, rowid, text, source_text, target_text)
  VALUES ('delete', old.id, old.text, old.source_text, old.target_text);
END;
CREATE TRIGGER events_au AFTER UPDATE ON events BEGIN
  INSERT INTO events_fts(events_fts, rowid, text, source_text, target_text)
  VALUES ('delete', old.id, old.text, old.source_text, old.target_text);
  INSERT INTO events_fts(rowid, text, source_text, target_text) VALUES (new.id, new.text, new.source_text, new.target_text);
END;
"""

# v7 (reading room search): full text with stemming ("drone" finds "drones", "evacuate" finds
# "evacuating") and diacritics folded ("Kyiv" finds "Kyïv"): the porter
# stemmer over unicode61 with remove_diacritics 2. Quotes are indexed on their content only (the
# quoted words, never the narration nor the speaker's name); articles on title and text. Both
# indexes are rebuilt from their tables.
SCHEMA_V7_SEARCH = """
DROP TRIGGER IF EXISTS articles_ai;
DROP TRIGGER IF EXISTS articles_ad;
DROP TRIGGER IF EXISTS articles_au;
DROP TABLE IF EXISTS articles_fts;
CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='rowid',
  tokenize='porter unicode61 remove_diacritics 2');
INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');
CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
  INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
  INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
END;
CREATE TRIGGER articles_au AFTER UPDATE OF title, text ON articles BEGIN
  INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
  INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
DROP TRIGGER IF EXISTS quotes_ai;
DROP TRIGGER IF EXISTS quotes_ad;
DROP TRIGGER IF EXISTS quotes_au;
DROP TABLE IF EXISTS quotes_fts;
CREATE VIRTUAL TABLE quotes_fts USING fts5(content, content='quotes', content_rowid='id',
  tokenize='porter unicode61 remove_diacritics 2');
INSERT INTO quotes_fts(quotes_fts) VALUES ('rebuild');
CREATE TRIGGER quotes_ai AFTER INSERT ON quotes BEGIN
  INSERT INTO quotes_fts(rowid, content) VALUES (new.id, new.content);
END;
CREATE TRIGGER quotes_ad AFTER DELETE ON quotes BEGIN
  INSERT INTO quotes_fts(quotes_fts, rowid, content) VALUES ('delete', old.id, old.content);
END;
CREATE TRIGGER quotes_au AFTER UPDATE OF content ON quotes BEGIN
  INSERT INTO quotes_fts(quotes_fts, rowid, content) VALUES ('delete', old.id, old.content);
  INSERT INTO quotes_fts(rowid, content) VALUES (new.id, new.content);
END;
"""

# v8 (issue 19): one statement, many outlets. A statement is the quotes of one archive speaker with the
# same or near-identical words (newsgraph.statements); its variants are the distinct normalised wordings,
# indexed under a few word-pair anchors; quote_statements says which statement each quote is. Articles
# are sketched (MinHash bands) and linked as copies of one report; figures are the numbers sentences give
# about one place and day. Triggers queue what a write changes, so `update_statements` (run at the end of
# every ingest and load) works on the queue alone and a kill loses nothing.
SCHEMA_V8_STATEMENTS = """
CREATE TABLE statements (
    id                  INTEGER PRIMARY KEY,
    speaker_id          INTEGER NOT NULL,
    content             TEXT NOT NULL,     -- the wording most quoted (then the longest), as written
    words               INTEGER NOT NULL,
    first_seen          TEXT,              -- earliest published date, else ingest time
    first_article       TEXT,
    first_outlet        TEXT,
    quotes              INTEGER NOT NULL DEFAULT 0,
    articles            INTEGER NOT NULL DEFAULT 0,
    outlets             INTEGER NOT NULL DEFAULT 0,
    independent_reports INTEGER NOT NULL DEFAULT 0   -- distinct outlets among the original reports
);
CREATE INDEX statements_speaker ON statements(speaker_id);
CREATE INDEX statements_first_seen ON statements(first_seen);
CREATE TABLE statement_variants (
    id            INTEGER PRIMARY KEY,
    statement_id  INTEGER NOT NULL,
    speaker_id    INTEGER NOT NULL,
    norm          TEXT NOT NULL,           -- normalised words, space-separated
    norm_key      INTEGER NOT NULL,
    words         INTEGER NOT NULL,
    content       TEXT NOT NULL            -- one quote's content with this wording, as written
);
CREATE UNIQUE INDEX statement_variants_key ON statement_variants(speaker_id, norm_key);
CREATE INDEX statement_variants_statement ON statement_variants(statement_id);
CREATE INDEX statement_variants_norm ON statement_variants(norm_key);
CREATE TABLE statement_anchors (
    speaker_id  INTEGER NOT NULL,
    anchor      INTEGER NOT NULL,
    variant_id  INTEGER NOT NULL,
    PRIMARY KEY (speaker_id, anchor, variant_id)
) WITHOUT ROWID;
CREATE INDEX statement_anchors_variant ON statement_anchors(variant_id);
CREATE TABLE quote_statements (
    quote_id      INTEGER PRIMARY KEY REFERENCES quotes(id) ON DELETE CASCADE,
    statement_id  INTEGER NOT NULL,
    variant_id    INTEGER NOT NULL
);
CREATE INDEX quote_statements_statement ON quote_statements(statement_id);
CREATE INDEX quote_statements_variant ON quote_statements(variant_id);
CREATE TABLE statement_queue (quote_id INTEGER PRIMARY KEY);        -- quotes to (re)assign
CREATE TABLE statement_dirty (statement_id INTEGER PRIMARY KEY);    -- statements to recount
CREATE TABLE article_queue (article_rowid INTEGER PRIMARY KEY);     -- articles to sketch
CREATE TABLE article_sketches (
    article_id  TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    outlet      TEXT,
    report_id   TEXT                       -- the first article of its copies (itself when none)
);
CREATE INDEX article_sketches_report ON article_sketches(report_id);
CREATE TABLE article_bands (
    band        INTEGER NOT NULL,
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (band, article_id)
) WITHOUT ROWID;
CREATE INDEX article_bands_article ON article_bands(article_id);
CREATE TABLE copies (
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    other_id    TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    similarity  REAL,
    PRIMARY KEY (article_id, other_id)
) WITHOUT ROWID;
CREATE INDEX copies_other ON copies(other_id);
CREATE TABLE figures (
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    text        TEXT NOT NULL,
    thing       TEXT NOT NULL,            -- killed | injured | drones | missiles ...
    number      INTEGER NOT NULL,
    bound       TEXT NOT NULL,            -- exact | min | about
    geonameid   INTEGER NOT NULL,
    place       TEXT,
    day         TEXT NOT NULL,
    PRIMARY KEY (article_id, start, "end")
);
CREATE INDEX figures_key ON figures(thing, geonameid, day);
CREATE TRIGGER statements_quote_ai AFTER INSERT ON quotes BEGIN
  INSERT OR IGNORE INTO statement_queue(quote_id) VALUES (new.id);
END;
CREATE TRIGGER statements_quote_au AFTER UPDATE OF speaker_id ON quotes WHEN old.speaker_id IS NOT new.speaker_id BEGIN
  DELETE FROM quote_statements WHERE quote_id = new.id;
  INSERT OR IGNORE INTO statement_queue(quote_id) VALUES (new.id);
END;
CREATE TRIGGER statements_quote_gone AFTER DELETE ON quote_statements BEGIN
  INSERT OR IGNORE INTO statement_dirty(statement_id) VALUES (old.statement_id);
END;
CREATE TRIGGER statements_article_ai AFTER INSERT ON articles BEGIN
  INSERT OR IGNORE INTO article_queue(article_rowid) VALUES (new.rowid);
END;
INSERT INTO statement_queue(quote_id) SELECT id FROM quotes;
INSERT INTO article_queue(article_rowid) SELECT rowid FROM articles;
"""

# MIGRATIONS[i] upgrades a database at user_version i to i+1. Version 0 is an empty file.
MIGRATIONS: list[str] = [SCHEMA_V1, SCHEMA_V2, SCHEMA_V3, SCHEMA_V4, SCHEMA_V5, SCHEMA_EVENTS, SCHEMA_V7_SEARCH,
                         SCHEMA_V8_STATEMENTS]
SCHEMA_VERSION = len(MIGRATIONS)
# The oldest version a read-only connection still reads (later versions only added views).
READABLE_FROM = 2


class StoreError(RuntimeError):
    """A database problem stated for the user: names the file and what to do."""


def db_path(conn: sqlite3.Connection) -> str:
    try:
        return conn.execute("PRAGMA database_list").fetchone()[2] or "(in memory)"
    except sqlite3.Error:
        return "(database)"


def store_error(exc: sqlite3.Error, path: str | Path) -> StoreError:
    """Say what a low-level SQLite error means for the user, naming the file and the fix."""
    msg = str(exc).lower()
    if "locked" in msg or "busy" in msg:
        why = ("the database is locked by another process (another `newsgraph ingest`, or a sqlite3 shell "
               "holding a write transaction); wait for it to finish or close it, or use another --db")
    elif "readonly" in msg or "read-only" in msg:
        why = ("the database is read-only; make the file and its folder writable (SQLite needs to create "
               f"{Path(path).name}-wal beside it), or use another --db")
    elif "disk is full" in msg or "disk full" in msg:
        why = ("the disk is full; nothing stored so far is lost. Free some space and rerun the same command: "
               "it resumes where it stopped")
    elif "unable to open" in msg:
        why = "cannot open the database file; does its folder exist and is it writable?"
    elif "not a database" in msg or "malformed" in msg:
        why = "the file is not a newsgraph (SQLite) database or is damaged; use another --db"
    else:
        why = f"{exc}. Is it a newsgraph database, and is the disk writable?"
    err = StoreError(f"{path}: {why}")
    err.__cause__ = exc
    return err


def db_file(conn: sqlite3.Connection) -> str:
    """The file of the connection's main database ("" in memory)."""
    return conn.execute("PRAGMA database_list").fetchall()[0][2]


def db_state(conn: sqlite3.Connection) -> tuple[str, tuple]:
    """(file, state) of the connection's database; the state changes whenever a writer commits:
    (mtime, size) of the file and of its WAL. What the caches of the web and of the speaker names
    are keyed on. ("", ()) in memory: nothing to key a cache on."""
    path = db_file(conn)
    if not path:
        return "", ()
    out: list[int] = []
    for suffix in ("", "-wal"):
        try:
            st = os.stat(path + suffix)
            out += [st.st_mtime_ns, st.st_size]
        except OSError:
            out += [0, 0]
    return path, tuple(out)


def cache_key(conn: sqlite3.Connection) -> tuple[str, tuple] | None:
    """:func:`db_state` for an in-memory cache of what the store holds; None when no cache may answer:
    in memory, inside a write transaction (it may see rows no other connection sees yet), or when
    the database list cannot be read."""
    if conn.in_transaction:
        return None
    try:
        path, state = db_state(conn)
    except (sqlite3.Error, IndexError):
        return None
    return (path, state) if path else None


def connect(path: str | Path, *, readonly: bool = False, timeout: float = 30.0,
            mmap_bytes: int | None = None) -> sqlite3.Connection:
    """Open (and, for writing, create or migrate) the store at ``path``. ``mmap_bytes``: map that
    much of the file (connections of one process then share the OS's page cache)."""
    path = Path(path)
    try:
        if readonly:
            if not path.exists():
                raise StoreError(f"{path}: no such database; create it with `newsgraph ingest ... --db {path}`")
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=timeout, check_same_thread=False)
        else:
            conn = sqlite3.connect(path, timeout=timeout)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys=ON")
        if not readonly:
            migrate(conn)
        else:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StoreError(f"{path}: schema version {version} was written by a newer newsgraph "
                                 f"(this one reads up to {SCHEMA_VERSION}); upgrade newsgraph")
            if version < READABLE_FROM:
                raise StoreError(f"{path}: schema version {version}, this newsgraph reads {SCHEMA_VERSION}; "
                                 f"run `newsgraph ingest --db {path}` (no inputs) to upgrade it")
        if mmap_bytes:
            conn.execute(f"PRAGMA mmap_size={int(mmap_bytes)}").fetchall()
        return conn
    except sqlite3.Error as exc:
        raise store_error(exc, path) from exc


def migrate(conn: sqlite3.Connection) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise StoreError(f"database schema version {version} is newer than this newsgraph "
                         f"({SCHEMA_VERSION}); upgrade newsgraph")
    for v in range(version, SCHEMA_VERSION):
        # One transaction per step: a kill mid-migration leaves the previous version intact.
        conn.executescript("BEGIN;" + MIGRATIONS[v] + f"; PRAGMA user_version={v + 1}; COMMIT;")
