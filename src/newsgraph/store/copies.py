"""Copies of one report across the archive (newsgraph.statements.copies holds the rules): each new
article is sketched once (MinHash LSH bands kept in ``article_bands``), compared with the stored
articles it shares a band with, linked to the ones that are copies of it (``copies``, both ways), and
every article of the changed group gets the group's first article as its ``report_id``.

``update_copies(conn)`` works on ``article_queue`` (filled by a trigger on every article written),
a chunk per transaction, so it costs the new articles only and a kill loses nothing.
"""
from __future__ import annotations

import sqlite3
from urllib.parse import urlsplit

from newsgraph.statements import copies as C
from newsgraph.statements.figures import placed_figures

CHUNK = 500


def outlet(source: str | None, url: str | None) -> str:
    """Who published an article: its source when that names a publisher ('Demo Wire'), else the site
    of its URL ('kyivindependent.com'), else the source as given (an input file)."""
    src = " ".join((source or "").split())
    looks_like_path = not src or "/" in src or "\\" in src or src.lower().endswith((".txt", ".html", ".jsonl", ".warc"))
    if src and not looks_like_path:
        return src
    if url:
        host = (urlsplit(url).hostname or "").lower()
        if host.startswith("www."):
            host = host[4:]
        if host:
            return host
    return src or "unknown"


def update_copies(conn: sqlite3.Connection, *, chunk: int = CHUNK) -> int:
    """Sketch the queued articles, link their copies, refresh the groups' reports and record their
    figures; returns how many articles were sketched. Statements whose articles changed group are
    queued for a recount."""
    done = 0
    while True:
        with conn:
            rowids = [r[0] for r in conn.execute("SELECT article_rowid FROM article_queue ORDER BY article_rowid"
                                                 " LIMIT ?", (chunk,))]
            if not rowids:
                return done
            changed: set[str] = set()
            for rowid in rowids:
                changed |= _sketch(conn, rowid)
            _refresh_reports(conn, changed)
            marks = ",".join("?" * len(rowids))
            conn.execute(f"DELETE FROM article_queue WHERE article_rowid IN ({marks})", rowids)
            done += len(rowids)


def _sketch(conn: sqlite3.Connection, rowid: int) -> set[str]:
    """One article: its sketch, bands, copy links and figures. Returns the ids whose group may change."""
    row = conn.execute("SELECT id, text, source, url, published FROM articles WHERE rowid = ?", (rowid,)).fetchone()
    if row is None:
        return set()
    aid, text, source, url, published = row
    conn.execute("INSERT OR REPLACE INTO article_sketches(article_id, outlet, report_id) VALUES (?,?,?)",
                 (aid, outlet(source, url), aid))
    _record_figures(conn, aid, text, published)
    if not C.comparable(text):
        return {aid}
    sh = C.shingles(text)
    keys = C.band_keys(C.signature(sh))
    cands = _candidates(conn, keys, aid)
    for other in cands:
        other_text = conn.execute("SELECT text FROM articles WHERE id = ?", (other,)).fetchone()
        if other_text is None:
            continue
        sim = C.similarity(sh, C.shingles(other_text[0]))
        if C.is_copy(sim):
            conn.executemany("INSERT OR REPLACE INTO copies(article_id, other_id, similarity) VALUES (?,?,?)",
                             [(aid, other, round(sim.jaccard, 4)), (other, aid, round(sim.jaccard, 4))])
    conn.executemany("INSERT OR IGNORE INTO article_bands(band, article_id) VALUES (?,?)", [(k, aid) for k in keys])
    return {aid}


def _candidates(conn: sqlite3.Connection, keys: list[int], aid: str) -> list[str]:
    """The stored articles sharing at least MIN_BANDS LSH bands with this one (a copy, Jaccard 0.6,
    shares two of sixteen with p = 0.99; two stories that share a few common phrases almost never)."""
    marks = ",".join("?" * len(keys))
    return sorted({r[0] for r in conn.execute(f"SELECT article_id FROM article_bands WHERE band IN ({marks})"
                                              " GROUP BY article_id HAVING count(*) >= ?", keys + [C.MIN_BANDS])}
                  - {aid})


def _group(conn: sqlite3.Connection, start: str) -> set[str]:
    """Every article linked to ``start`` by copies, directly or through others."""
    seen, todo = {start}, [start]
    while todo:
        cur = todo.pop()
        for (other,) in conn.execute("SELECT other_id FROM copies WHERE article_id = ?", (cur,)):
            if other not in seen:
                seen.add(other)
                todo.append(other)
    return seen


def _refresh_reports(conn: sqlite3.Connection, ids: set[str]) -> None:
    """Give every article of the groups of ``ids`` its group's first article (earliest published, then
    first ingested, then id) as report_id; queue the statements of articles whose report changed."""
    done: set[str] = set()
    for aid in sorted(ids):
        if aid in done:
            continue
        group = _group(conn, aid)
        done |= group
        marks = ",".join("?" * len(group))
        rows = conn.execute(f"SELECT id, coalesce(published, substr(ingested_at, 1, 10)) AS day, rowid FROM articles"
                            f" WHERE id IN ({marks})", sorted(group)).fetchall()
        if not rows:
            continue
        first = min(rows, key=lambda r: (r[1] or "9999", r[0]))[0]
        stale = [r[0] for r in conn.execute(f"SELECT article_id FROM article_sketches WHERE article_id IN ({marks})"
                                            " AND report_id IS NOT ?", sorted(group) + [first])]
        if len(group) > 1 or stale:
            conn.execute(f"UPDATE article_sketches SET report_id = ? WHERE article_id IN ({marks})", [first] + sorted(group))
            conn.execute("INSERT OR IGNORE INTO statement_dirty(statement_id) SELECT DISTINCT qs.statement_id"
                         f" FROM quotes q JOIN quote_statements qs ON qs.quote_id = q.id WHERE q.article_id IN ({marks})",
                         sorted(group))


def _record_figures(conn: sqlite3.Connection, aid: str, text: str, published: str | None) -> None:
    places = conn.execute('SELECT start, "end", geonameid, name FROM places WHERE article_id = ?', (aid,)).fetchall()
    dates = conn.execute('SELECT start, "end", value, granularity FROM dates WHERE article_id = ?', (aid,)).fetchall()
    conn.execute("DELETE FROM figures WHERE article_id = ?", (aid,))
    conn.executemany(
        'INSERT OR IGNORE INTO figures(article_id, start, "end", text, thing, number, bound, geonameid, place, day)'
        " VALUES (?,?,?,?,?,?,?,?,?,?)",
        [(aid, p.figure.start, p.figure.end, p.figure.text, p.figure.thing, p.figure.number, p.figure.bound,
          p.geonameid, p.place, p.day) for p in placed_figures(text, [tuple(p) for p in places],
                                                                [tuple(d) for d in dates], published)])


def copies_of(conn: sqlite3.Connection, article_id: str) -> list[str]:
    """The other articles of this article's report (its copies), first published first."""
    group = _group(conn, article_id) - {article_id}
    if not group:
        return []
    marks = ",".join("?" * len(group))
    return [r[0] for r in conn.execute(f"SELECT id FROM articles WHERE id IN ({marks})"
                                       " ORDER BY published IS NULL, published, id", sorted(group))]
