"""Statements across the archive: one archive speaker's quotes with the same or near-identical words
(the rules: newsgraph.statements.match) are one statement, with the outlets that carried it.

``update_statements(conn)`` runs at the end of every ingest and load, after the speakers are resolved
(store/speakers.py): it sketches the new articles and links their copies (store/copies.py), then
assigns every queued quote (new, or whose speaker changed: triggers fill ``statement_queue``) to a
statement, then recounts the statements that changed (``statement_dirty``). Each step works a chunk
per transaction on its queue, so the work is the new articles' only, a rerun does nothing, and a kill
leaves the queues to finish next time.

Membership is the connected groups of one speaker's wordings (variants) under the rules, whatever
order the quotes came in: a new wording joins every statement it matches (merging them), and a
statement that loses a wording is split again if what is left falls apart. A quote without an
archive speaker (an unresolved pronoun) belongs to no statement; two speakers never share one.
"""
from __future__ import annotations

import sqlite3


from newsgraph.statements.match import same_statement
from newsgraph.statements.normalise import anchors, norm_key, norm_text, norm_words
from newsgraph.store.copies import update_copies
from newsgraph.store.schema import db_path, store_error

CHUNK = 2000
CANDIDATES = 40  # wordings checked against a new one: those sharing the most anchors with it ...
POSTINGS = 200  # ... among the first this many wordings under each anchor (a phrase the speaker always uses)


def update_statements(conn: sqlite3.Connection, *, chunk: int = CHUNK) -> dict[str, int]:
    """Bring copies and statements up to date with what was written since the last update."""
    try:
        sketched = update_copies(conn)
        assigned = _assign_queue(conn, chunk)
        recounted = _recount_dirty(conn, chunk)
    except sqlite3.Error as exc:
        raise store_error(exc, db_path(conn)) from exc
    return {"sketched": sketched, "assigned": assigned, "recounted": recounted}


# -- assigning quotes ------------------------------------------------------------------------------

def _assign_queue(conn: sqlite3.Connection, chunk: int) -> int:
    done = 0
    while True:
        with conn:
            ids = [r[0] for r in conn.execute("SELECT quote_id FROM statement_queue ORDER BY quote_id LIMIT ?",
                                              (chunk,))]
            if not ids:
                return done
            marks = ",".join("?" * len(ids))
            rows = conn.execute(f"SELECT q.id, q.speaker_id, coalesce(q.content, q.text) FROM quotes q"
                                f" LEFT JOIN quote_statements qs ON qs.quote_id = q.id"
                                f" WHERE q.id IN ({marks}) AND qs.quote_id IS NULL ORDER BY q.id", ids).fetchall()
            for qid, sid, content in rows:
                if sid is not None:
                    assign_quote(conn, qid, sid, content)
            conn.execute(f"DELETE FROM statement_queue WHERE quote_id IN ({marks})", ids)
            done += len(ids)


def assign_quote(conn: sqlite3.Connection, quote_id: int, speaker_id: int, content: str) -> int | None:
    """Put one quote in its statement (found by its wording, or by a near one of the same speaker,
    or new); returns the statement id, None for a quote without words."""
    words = norm_words(content)
    if not words:
        return None
    key = norm_key(words)
    row = conn.execute("SELECT id, statement_id, norm FROM statement_variants WHERE speaker_id = ? AND norm_key = ?",
                       (speaker_id, key)).fetchone()
    if row is not None and row[2] == norm_text(words):
        variant_id, statement_id = row[0], row[1]
    else:
        anc = sorted(anchors(words))
        statement_id = _statement_for(conn, speaker_id, words, content, anc)
        variant_id = _add_variant(conn, statement_id, speaker_id, words, key if row is None else None, content, anc)
    conn.execute("INSERT OR REPLACE INTO quote_statements(quote_id, statement_id, variant_id) VALUES (?,?,?)",
                 (quote_id, statement_id, variant_id))
    conn.execute("INSERT OR IGNORE INTO statement_dirty(statement_id) VALUES (?)", (statement_id,))
    return statement_id


def _matching_statements(conn: sqlite3.Connection, speaker_id: int, words: tuple[str, ...],
                         anc: list[int]) -> list[int]:
    """The statements of this speaker with a wording (found under the anchors ``anc``) that the rules
    join to ``words``."""
    found: set[int] = set()
    # a wording of the same statement shares a run of words, so most of its anchors; one that shares a
    # common phrase only shares one or two: the CANDIDATES sharing the most are checked, however many
    # wordings a much-quoted speaker has
    postings = " UNION ALL ".join(["SELECT * FROM (SELECT variant_id FROM statement_anchors WHERE speaker_id = ?"
                                   " AND anchor = ? ORDER BY variant_id LIMIT ?)"] * len(anc))
    params: list[int] = []
    for a in anc:
        params += [speaker_id, a, POSTINGS]
    for vid, sid, norm in conn.execute(
            f"SELECT v.id, v.statement_id, v.norm FROM (SELECT variant_id, count(*) AS shared FROM ({postings})"
            " GROUP BY variant_id ORDER BY shared DESC, variant_id LIMIT ?) AS c"
            " JOIN statement_variants v ON v.id = c.variant_id", params + [CANDIDATES]):
        if sid not in found and same_statement(words, tuple(norm.split(" "))):
            found.add(sid)
    return sorted(found)


def _statement_for(conn: sqlite3.Connection, speaker_id: int, words: tuple[str, ...], content: str,
                   anc: list[int]) -> int:
    """The statement a new wording belongs to: the one it matches, the matches merged into the oldest,
    or a new statement."""
    found = _matching_statements(conn, speaker_id, words, anc)
    if not found:
        return conn.execute("INSERT INTO statements(speaker_id, content, words) VALUES (?,?,?)",
                            (speaker_id, " ".join(content.split()), len(words))).lastrowid
    keep, merged = found[0], found[1:]
    if merged:
        marks = ",".join("?" * len(merged))
        conn.execute(f"UPDATE statement_variants SET statement_id = ? WHERE statement_id IN ({marks})", [keep] + merged)
        conn.execute(f"UPDATE quote_statements SET statement_id = ? WHERE statement_id IN ({marks})", [keep] + merged)
        conn.execute(f"DELETE FROM statements WHERE id IN ({marks})", merged)
        conn.execute(f"DELETE FROM statement_dirty WHERE statement_id IN ({marks})", merged)
    return keep


def _add_variant(conn: sqlite3.Connection, statement_id: int, speaker_id: int, words: tuple[str, ...],
                 key: int | None, content: str, anc: list[int]) -> int:
    """Store a new wording with its anchors. ``key`` None: its 64-bit key is taken by another wording
    (a collision), so it is stored under a key of its own that nothing looks up exactly."""
    salt = 0
    while key is None:  # the key of these words salted until free (found by the anchors, not by the key)
        salt += 1
        key = norm_key(words + (f"\x00{salt}",))
        if conn.execute("SELECT 1 FROM statement_variants WHERE speaker_id = ? AND norm_key = ?",
                        (speaker_id, key)).fetchone():
            key = None
    vid = conn.execute("INSERT INTO statement_variants(statement_id, speaker_id, norm, norm_key, words, content)"
                       " VALUES (?,?,?,?,?,?)", (statement_id, speaker_id, norm_text(words), key, len(words),
                                                 " ".join(content.split()))).lastrowid
    conn.executemany("INSERT OR IGNORE INTO statement_anchors(speaker_id, anchor, variant_id) VALUES (?,?,?)",
                     [(speaker_id, a, vid) for a in anc])
    return vid


# -- recounting ------------------------------------------------------------------------------------

def _recount_dirty(conn: sqlite3.Connection, chunk: int) -> int:
    done = 0
    while True:
        with conn:
            ids = [r[0] for r in conn.execute("SELECT statement_id FROM statement_dirty ORDER BY statement_id LIMIT ?",
                                              (chunk,))]
            if not ids:
                return done
            for sid in ids:
                _drop_unused_variants(conn, sid)
                for part in _split(conn, sid):
                    recount(conn, part)
            marks = ",".join("?" * len(ids))
            conn.execute(f"DELETE FROM statement_dirty WHERE statement_id IN ({marks})", ids)
            done += len(ids)


def _drop_unused_variants(conn: sqlite3.Connection, statement_id: int) -> None:
    unused = [r[0] for r in conn.execute(
        "SELECT v.id FROM statement_variants v WHERE v.statement_id = ? AND NOT EXISTS"
        " (SELECT 1 FROM quote_statements qs WHERE qs.variant_id = v.id)", (statement_id,))]
    if unused:
        marks = ",".join("?" * len(unused))
        conn.execute(f"DELETE FROM statement_anchors WHERE variant_id IN ({marks})", unused)
        conn.execute(f"DELETE FROM statement_variants WHERE id IN ({marks})", unused)


def _split(conn: sqlite3.Connection, statement_id: int) -> list[int]:
    """The statement's wordings in connected groups under the rules: the group with the oldest wording
    keeps the id, each other becomes a statement of its own. Returns the ids (none when it is empty)."""
    variants = conn.execute("SELECT id, norm, speaker_id FROM statement_variants WHERE statement_id = ? ORDER BY id",
                            (statement_id,)).fetchall()
    if not variants:
        conn.execute("DELETE FROM statements WHERE id = ?", (statement_id,))
        return []
    if len(variants) == 1:
        return [statement_id]
    words = [tuple(v[1].split(" ")) for v in variants]
    parent = list(range(len(variants)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(variants)):
        for j in range(i + 1, len(variants)):
            if root(i) != root(j) and same_statement(words[i], words[j]):
                parent[root(j)] = root(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(variants)):
        groups.setdefault(root(i), []).append(variants[i][0])
    out = [statement_id]
    for members in list(groups.values())[1:]:  # groups in order of their oldest wording: the first keeps the id
        new = conn.execute("INSERT INTO statements(speaker_id, content, words) SELECT speaker_id, content, words"
                           " FROM statements WHERE id = ?", (statement_id,)).lastrowid
        marks = ",".join("?" * len(members))
        conn.execute(f"UPDATE statement_variants SET statement_id = ? WHERE id IN ({marks})", [new] + members)
        conn.execute(f"UPDATE quote_statements SET statement_id = ? WHERE variant_id IN ({marks})", [new] + members)
        out.append(new)
    return out


def recount(conn: sqlite3.Connection, statement_id: int) -> None:
    """A statement's wording shown, speaker, first seen and publisher, and counts of quotes, articles,
    outlets and independent reports (distinct outlets among the first articles of its reports)."""
    rows = conn.execute(
        "SELECT q.article_id, coalesce(a.published, substr(a.ingested_at, 1, 10)) AS day, sk.outlet, sk.report_id,"
        " rk.outlet AS report_outlet, q.speaker_id"
        " FROM quote_statements qs JOIN quotes q ON q.id = qs.quote_id JOIN articles a ON a.id = q.article_id"
        " LEFT JOIN article_sketches sk ON sk.article_id = q.article_id"
        " LEFT JOIN article_sketches rk ON rk.article_id = sk.report_id"
        " WHERE qs.statement_id = ?", (statement_id,)).fetchall()
    if not rows:
        conn.execute("DELETE FROM statements WHERE id = ?", (statement_id,))
        return
    first = min(rows, key=lambda r: (r[1] or "9999", r[0]))
    outlets = {r[2] or r[0] for r in rows}
    reports = {r[4] or r[2] or r[0] for r in rows}
    shown = conn.execute(
        "SELECT v.content, v.words, v.speaker_id FROM statement_variants v WHERE v.statement_id = ?"
        " ORDER BY (SELECT count(*) FROM quote_statements qs WHERE qs.variant_id = v.id) DESC, v.words DESC, v.id"
        " LIMIT 1", (statement_id,)).fetchone()
    conn.execute("UPDATE statements SET speaker_id = ?, content = ?, words = ?, first_seen = ?, first_article = ?,"
                 " first_outlet = ?, quotes = ?, articles = ?, outlets = ?, independent_reports = ? WHERE id = ?",
                 (shown[2], shown[0], shown[1], first[1], first[0], first[2] or first[0], len(rows),
                  len({r[0] for r in rows}), len(outlets), len(reports), statement_id))


def rebuild_statements(conn: sqlite3.Connection) -> dict[str, int]:
    """Forget every statement and copy link and build them again from the whole archive (what a new
    store would hold); ``update_statements`` keeps them so incrementally."""
    try:
        with conn:
            for table in ("statements", "statement_variants", "statement_anchors", "quote_statements", "statement_dirty",
                          "article_sketches", "article_bands", "copies", "figures"):
                conn.execute(f"DELETE FROM {table}")
            conn.execute("INSERT OR IGNORE INTO statement_queue(quote_id) SELECT id FROM quotes")
            conn.execute("INSERT OR IGNORE INTO article_queue(article_rowid) SELECT rowid FROM articles")
    except sqlite3.Error as exc:
        raise store_error(exc, db_path(conn)) from exc
    return update_statements(conn)


def article_statements(conn: sqlite3.Connection, article_id: str) -> dict[tuple[int, int], int]:
    """{(start, end) of a quote: its statement id} for one article's quotes that have one."""
    return {(r[0], r[1]): r[2] for r in conn.execute(
        'SELECT q.start, q."end", qs.statement_id FROM quotes q JOIN quote_statements qs ON qs.quote_id = q.id'
        " WHERE q.article_id = ?", (article_id,))}


def quote_statement_ids(conn: sqlite3.Connection, quote_ids: list[int]) -> dict[int, int]:
    out: dict[int, int] = {}
    for i in range(0, len(quote_ids), 500):
        part = quote_ids[i:i + 500]
        out.update(conn.execute(f"SELECT quote_id, statement_id FROM quote_statements WHERE quote_id IN"
                                f" ({','.join('?' * len(part))})", part).fetchall())
    return out


__all__ = ["update_statements", "rebuild_statements", "assign_quote", "recount", "article_statements",
           "quote_statement_ids"]
