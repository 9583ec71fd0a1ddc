"""Read-only queries over statements, copies and disagreements, shared by the API, the pages, the CLI
and the export (the shapes are the issue's: other tools rely on them).

    list_statements(conn, StatementFilter(speaker="Terekhov", min_outlets=2))  # (total, items)
    get_statement(conn, 12)          # one item, with its timeline of articles
    speaker_disagreements(conn)      # one wording attributed to different speakers
    figure_disagreements(conn)       # different numbers for one thing, place and day
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from newsgraph.store.copies import copies_of
from newsgraph.store.filters import NOTHING, speaker_clause, until
from newsgraph.store.queries import fts_query

__all__ = ["StatementFilter", "list_statements", "get_statement", "statement_items", "speaker_disagreements",
           "figure_disagreements", "copies_of", "copy_rows", "has_statements"]

DISAGREE_MIN_WORDS = 8  # a wording this long said by two people is a disagreement, not a common phrase


def has_statements(conn: sqlite3.Connection) -> bool:
    """Whether the store has the statements tables (schema v6 and later)."""
    return conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'statements'").fetchone() is not None


@dataclass
class StatementFilter:
    """speaker: id or part of any spelling; q: words in the statement; since/until: first seen
    (YYYY[-MM[-DD]], inclusive); min_outlets: at least this many independent reports."""

    speaker: str | int | None = None
    q: str | None = None
    since: str | None = None
    until: str | None = None
    min_outlets: int | None = None
    limit: int = 50
    offset: int = 0


def _where(f: StatementFilter, conn: sqlite3.Connection | None = None) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if f.speaker not in (None, ""):
        speaker_clause("s.speaker_id", f.speaker, where, params, conn)
    if f.q:
        fq = fts_query(f.q)
        if fq is None:
            return [NOTHING], []
        where.append("s.id IN (SELECT qs.statement_id FROM quote_statements qs WHERE qs.quote_id IN"
                     " (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?))")
        params.append(fq)
    if f.since:
        where.append("s.first_seen >= ?")
        params.append(f.since)
    if f.until:
        where.append("s.first_seen <= ?")
        params.append(until(f.until))
    if f.min_outlets:
        where.append("s.independent_reports >= ?")
        params.append(int(f.min_outlets))
    return where, params


def list_statements(conn: sqlite3.Connection, f: StatementFilter | None = None) -> tuple[int, list[dict[str, Any]]]:
    """(total, page) of statements, most independent reports first, then first seen (newest first)."""
    f = f or StatementFilter()
    if not has_statements(conn):
        return 0, []
    where, params = _where(f, conn)
    w = (" WHERE " + " AND ".join(where)) if where else ""
    total = conn.execute(f"SELECT count(*) FROM statements s{w}", params).fetchall()[0][0]
    ids = [r[0] for r in conn.execute(
        f"SELECT s.id FROM statements s{w} ORDER BY s.independent_reports DESC, s.quotes DESC,"
        " s.first_seen DESC, s.id LIMIT ? OFFSET ?", params + [max(0, int(f.limit)), max(0, int(f.offset))])]
    return total, statement_items(conn, ids)


def statement_items(conn: sqlite3.Connection, ids: list[int]) -> list[dict[str, Any]]:
    """The API items of these statements, in this order: {"id", "content", "speaker": {"id", "name"},
    "first_seen", "first_outlet", "outlets", "articles", "independent_reports"}."""
    if not ids:
        return []
    out: dict[int, dict[str, Any]] = {}
    for i in range(0, len(ids), 500):
        part = ids[i:i + 500]
        marks = ",".join("?" * len(part))
        for r in conn.execute(
                "SELECT s.id, s.content, s.speaker_id, sp.name, s.first_seen, s.first_outlet, s.independent_reports,"
                f" s.quotes FROM statements s LEFT JOIN speakers sp ON sp.id = s.speaker_id WHERE s.id IN ({marks})",
                part):
            out[r[0]] = {"id": r[0], "content": r[1], "speaker": {"id": r[2], "name": r[3]}, "first_seen": r[4],
                         "first_outlet": r[5], "outlets": [], "articles": [], "independent_reports": r[6],
                         "quotes": r[7]}
        for sid, aid, outlet in conn.execute(
                "SELECT DISTINCT qs.statement_id, q.article_id, coalesce(sk.outlet, a.source) FROM quote_statements qs"
                " JOIN quotes q ON q.id = qs.quote_id JOIN articles a ON a.id = q.article_id"
                " LEFT JOIN article_sketches sk ON sk.article_id = q.article_id"
                f" WHERE qs.statement_id IN ({marks}) ORDER BY a.published IS NULL, a.published, q.article_id", part):
            item = out.get(sid)
            if item is None:
                continue
            if aid not in item["articles"]:
                item["articles"].append(aid)
            if outlet and outlet not in item["outlets"]:
                item["outlets"].append(outlet)
    return [out[i] for i in ids if i in out]


def get_statement(conn: sqlite3.Connection, statement_id: int) -> dict[str, Any] | None:
    """One statement (the list's item) with ``timeline``: every article that carried it, oldest first,
    with outlet, date, the words as that article quoted them, whether it is a copy of an earlier
    report, and the first publisher marked; and ``wordings``: its distinct wordings."""
    if not has_statements(conn):
        return None
    items = statement_items(conn, [int(statement_id)])
    if not items:
        return None
    item = items[0]
    timeline = []
    for r in conn.execute(
            "SELECT q.id, q.article_id, a.title, a.published, a.url, coalesce(sk.outlet, a.source), sk.report_id,"
            " coalesce(q.content, q.text), q.speaker_text FROM quote_statements qs JOIN quotes q ON q.id = qs.quote_id"
            " JOIN articles a ON a.id = q.article_id LEFT JOIN article_sketches sk ON sk.article_id = q.article_id"
            " WHERE qs.statement_id = ? ORDER BY a.published IS NULL, a.published, q.article_id, q.start",
            (int(statement_id),)):
        timeline.append({"quote_id": r[0], "article_id": r[1], "title": r[2], "published": r[3], "url": r[4],
                         "outlet": r[5], "report_id": r[6], "copy_of": r[6] if r[6] and r[6] != r[1] else None,
                         "content": r[7], "speaker_text": r[8], "first": False})
    first = conn.execute("SELECT first_article FROM statements WHERE id = ?", (int(statement_id),)).fetchone()
    for t in timeline:
        if first and t["article_id"] == first[0]:
            t["first"] = True
            break
    item["timeline"] = timeline
    item["wordings"] = [r[0] for r in conn.execute(
        "SELECT content FROM statement_variants WHERE statement_id = ? ORDER BY id", (int(statement_id),))]
    return item


def speaker_disagreements(conn: sqlite3.Connection, limit: int = 200) -> list[dict[str, Any]]:
    """The same wording (at least DISAGREE_MIN_WORDS words) attributed to different named speakers:
    each with the statements on both sides (their items)."""
    if not has_statements(conn):
        return []
    keys = [r[0] for r in conn.execute(
        "SELECT v.norm_key FROM statement_variants v JOIN speakers sp ON sp.id = v.speaker_id"
        " WHERE v.words >= ? AND sp.key NOT LIKE 'UNNAMED|%' GROUP BY v.norm_key"
        " HAVING count(DISTINCT v.speaker_id) > 1 LIMIT ?", (DISAGREE_MIN_WORDS, int(limit)))]
    out = []
    for key in keys:
        sids = [r[0] for r in conn.execute(
            "SELECT DISTINCT v.statement_id FROM statement_variants v JOIN speakers sp ON sp.id = v.speaker_id"
            " WHERE v.norm_key = ? AND sp.key NOT LIKE 'UNNAMED|%' ORDER BY v.statement_id", (key,))]
        items = statement_items(conn, sids)
        if len({i["speaker"]["id"] for i in items}) > 1:
            out.append({"kind": "speaker", "content": items[0]["content"], "statements": items})
    return out


def figure_disagreements(conn: sqlite3.Connection, limit: int = 200) -> list[dict[str, Any]]:
    """Different numbers for one thing (killed, injured, drones ...) about one place and day, in
    articles of different reports: each with every source's figure (article, outlet, sentence part)."""
    from newsgraph.statements.figures import conflict

    if not has_statements(conn):
        return []
    groups = conn.execute(
        "SELECT thing, geonameid, day FROM figures GROUP BY thing, geonameid, day"
        " HAVING count(DISTINCT number) > 1 ORDER BY day DESC, thing LIMIT ?", (int(limit),)).fetchall()
    out = []
    for thing, gid, day in groups:
        rows = [dict(zip(("article_id", "text", "number", "bound", "place", "start", "end", "outlet", "published",
                          "report_id"), r)) for r in conn.execute(
            'SELECT f.article_id, f.text, f.number, f.bound, f.place, f.start, f."end", coalesce(sk.outlet, a.source),'
            " a.published, coalesce(sk.report_id, f.article_id) FROM figures f JOIN articles a ON a.id = f.article_id"
            " LEFT JOIN article_sketches sk ON sk.article_id = f.article_id"
            " WHERE f.thing = ? AND f.geonameid = ? AND f.day = ? ORDER BY a.published, f.article_id",
            (thing, gid, day))]
        clash = any(conflict((a["number"], a["bound"]), (b["number"], b["bound"]))
                    for i, a in enumerate(rows) for b in rows[i + 1:])
        if clash:
            out.append({"kind": "figure", "thing": thing, "geonameid": gid, "place": rows[0]["place"], "day": day,
                        "sources": rows})
    return out


def copy_rows(conn: sqlite3.Connection, article_id: str) -> list[dict[str, Any]]:
    """The other copies of an article's report: id, title, published, outlet; first published first."""
    if not has_statements(conn):
        return []
    ids = copies_of(conn, article_id)
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    rows = {r[0]: r for r in conn.execute(
        f"SELECT a.id, a.title, a.published, coalesce(sk.outlet, a.source) FROM articles a"
        f" LEFT JOIN article_sketches sk ON sk.article_id = a.id WHERE a.id IN ({marks})", ids)}
    return [{"id": i, "title": rows[i][1], "published": rows[i][2], "outlet": rows[i][3]} for i in ids if i in rows]
