"""What the web needs beyond :mod:`newsgraph.store.queries` (which it uses for everything it has).

Added here: totals for paging (articles, speakers, places, search hits), an exact place filter by
GeoNames id (the map's markers; the store matches place names by substring), search with totals
and snippets made only for the page shown, the article page's quotes with their ids (anchors) and
its speakers, the timeline, and the list of sources. Everything is parameterised; user text
reaches FTS5 only through :func:`newsgraph.store.queries.fts_query`.
"""
from __future__ import annotations

import json
import sqlite3
from typing import Any

from newsgraph.store import queries as S
from newsgraph.store.queries import QuoteFilter, fts_query, split_descriptors

__all__ = ["QuoteFilter", "find_quotes", "list_articles", "search", "timeline", "quote_rows",
           "article_speakers", "count_speakers", "count_places", "sources", "is_geonameid"]


def is_geonameid(place: str | None) -> bool:
    return bool(place) and place.isdigit() and len(place) <= 12


def _article_where(place: str | None, since: str | None, until: str | None, source: str | None,
                   alias: str = "a") -> tuple[list[str], list[Any]]:
    """The store's article filters, except that a place given as digits is a GeoNames id."""
    where: list[str] = []
    params: list[Any] = []
    if is_geonameid(place):
        where.append(f"{alias}.id IN (SELECT article_id FROM places WHERE geonameid = ?)")
        params.append(int(place))  # type: ignore[arg-type]
        place = None
    S._article_clauses(place, since, until, source, where, params, alias=alias)
    return where, params


def find_quotes(conn: sqlite3.Connection, f: QuoteFilter) -> tuple[int, list[dict[str, Any]]]:
    """(total, page) of quotes; the store's find_quotes, plus the GeoNames-id place filter."""
    if not is_geonameid(f.place):
        return S.count_quotes(conn, f), S.find_quotes(conn, f)
    gid, rest = int(f.place), QuoteFilter(**{**f.__dict__, "place": None})  # type: ignore[arg-type]
    where, params = S._quote_where(rest)
    where += (" AND " if where else " WHERE ") + "q.article_id IN (SELECT article_id FROM places WHERE geonameid = ?)"
    params.append(gid)
    base = "FROM quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN speakers s ON s.id = q.speaker_id"
    total = conn.execute(f"SELECT count(*) {base}{where}", params).fetchone()[0]
    rows = S._rows(conn, f"SELECT {S._QUOTE_COLUMNS} {base}{where} ORDER BY a.published IS NULL,"
                   " a.published DESC, q.article_id, q.start LIMIT ? OFFSET ?", params + [f.limit, f.offset])
    return total, [dict(r) for r in rows]


def list_articles(conn: sqlite3.Connection, *, source: str | None = None, since: str | None = None,
                  until: str | None = None, place: str | None = None, limit: int = 50, offset: int = 0
                  ) -> tuple[int, list[dict[str, Any]]]:
    where, params = _article_where(place, since, until, source)
    w = (" WHERE " + " AND ".join(where)) if where else ""
    total = conn.execute(f"SELECT count(*) FROM articles a{w}", params).fetchone()[0]
    if not is_geonameid(place):
        return total, S.latest_articles(conn, limit, offset, source=source, since=since, until=until, place=place)
    rows = S._rows(conn, "SELECT a.id, a.title, a.published, a.source, a.url, a.author, a.word_count,"
                   " (SELECT count(*) FROM quotes q WHERE q.article_id = a.id) AS quotes,"
                   " (SELECT count(*) FROM places p WHERE p.article_id = a.id) AS places"
                   f" FROM articles a{w} ORDER BY a.published IS NULL, a.published DESC, a.id LIMIT ? OFFSET ?",
                   params + [limit, offset])
    return total, [dict(r) for r in rows]


def count_speakers(conn: sqlite3.Connection, q: str | None = None) -> int:
    where, params = "", []
    if q:
        where, params = " AND (s.name LIKE ? ESCAPE '\\' OR s.aliases LIKE ? ESCAPE '\\')", [S._like(q)] * 2
    return conn.execute("SELECT count(*) FROM speakers s WHERE EXISTS (SELECT 1 FROM quotes q WHERE"
                        f" q.speaker_id = s.id){where}", params).fetchone()[0]


def count_places(conn: sqlite3.Connection, q: str | None = None) -> int:
    where, params = "", []
    if q:
        where, params = " WHERE (p.name LIKE ? ESCAPE '\\' OR p.text LIKE ? ESCAPE '\\')", [S._like(q)] * 2
    return conn.execute("SELECT count(DISTINCT coalesce(CAST(p.geonameid AS TEXT), 'name:' ||"
                        f" lower(coalesce(p.name, p.text)))) FROM places p{where}", params).fetchone()[0]


def search(conn: sqlite3.Connection, q: str, *, source: str | None = None, since: str | None = None,
           until: str | None = None, place: str | None = None, speaker: str | None = None,
           limit: int = 20, offset: int = 0) -> dict[str, Any]:
    """Full text over articles (title and text) and quotes, filtered alike, each with its total.
    A speaker filter keeps the articles in which that speaker is quoted."""
    fq = fts_query(q)
    if fq is None:
        return {"articles_total": 0, "articles": [], "quotes_total": 0, "quotes": []}
    quotes_total, quotes = find_quotes(conn, QuoteFilter(about=q, speaker=speaker, place=place, source=source,
                                                         since=since, until=until, limit=limit, offset=offset))
    where, params = _article_where(place, since, until, source)
    where.insert(0, "articles_fts MATCH ?")
    params.insert(0, fq)
    if speaker:
        sw: list[str] = []
        sp: list[Any] = []
        S._speaker_clause(speaker, sw, sp)
        where.append("a.id IN (SELECT q.article_id FROM quotes q LEFT JOIN speakers s ON s.id = q.speaker_id"
                     f" WHERE {sw[0]})")
        params += sp
    base = f"FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid WHERE {' AND '.join(where)}"
    articles_total = conn.execute(f"SELECT count(*) {base}", params).fetchone()[0]
    # Rank on the FTS index alone, then read the page's texts: snippets only for the rows shown.
    page = conn.execute(f"SELECT a.rowid {base} ORDER BY articles_fts.rank LIMIT ? OFFSET ?",
                        params + [limit, offset]).fetchall()
    terms = [t.strip('"*').lower() for t in fq.split('" "')]
    articles = []
    for (rowid,) in page:
        r = conn.execute("SELECT id, title, published, source, url, text FROM articles WHERE rowid = ?",
                         (rowid,)).fetchone()
        articles.append({"id": r[0], "title": r[1], "published": r[2], "source": r[3], "url": r[4],
                         "snippet": snippet(r[5], terms)})
    return {"articles_total": articles_total, "articles": articles, "quotes_total": quotes_total, "quotes": quotes}


def snippet(text: str, terms: list[str], width: int = 220) -> str:
    """Plain text around the first matching term (the template escapes it)."""
    low = text.lower()
    hits = [i for i in (low.find(t.strip('"*')) for t in terms if t.strip('"*')) if i >= 0]
    pos = min(hits, default=0)
    start = max(0, pos - width // 3)
    end = min(len(text), start + width)
    return ("…" if start else "") + " ".join(text[start:end].split()) + ("…" if end < len(text) else "")


def quote_rows(conn: sqlite3.Connection, article_id: str) -> list[dict[str, Any]]:
    """An article's quotes with their database ids (the anchors the speaker pages link to) and
    the archive-wide speaker name."""
    out = []
    for q in S._rows(conn, "SELECT q.*, coalesce(s.name, q.speaker_name) AS speaker FROM quotes q"
                     " LEFT JOIN speakers s ON s.id = q.speaker_id WHERE q.article_id = ? ORDER BY q.start",
                     [article_id]):
        d = dict(q)
        d["segments"] = [tuple(s) for s in json.loads(q["segments"])] if q["segments"] else None
        out.append(d)
    return out


def article_speakers(conn: sqlite3.Connection, article_id: str) -> list[dict[str, Any]]:
    """The people quoted in one article: name, kind, and the role/affiliation this article gives."""
    rows = S._rows(
        conn,
        "SELECT q.speaker_id, coalesce(s.name, q.speaker_name) AS name, count(*) AS quotes,"
        " min(q.start) AS first, max(e.descriptors) AS descriptors, coalesce(e.type, s.type) AS type"
        " FROM quotes q LEFT JOIN entities e ON e.article_id = q.article_id AND e.entity_id = q.speaker_entity"
        " LEFT JOIN speakers s ON s.id = q.speaker_id"
        " WHERE q.article_id = ? AND q.speaker_name IS NOT NULL"
        " GROUP BY coalesce(CAST(q.speaker_id AS TEXT), q.speaker_name) ORDER BY first", [article_id])
    out = []
    for r in rows:
        try:
            desc = json.loads(r["descriptors"] or "[]")
        except ValueError:
            desc = []
        roles, affiliations = split_descriptors(desc)
        age = next((d for d in desc if str(d).strip().isdigit()), None)
        out.append({"id": r["speaker_id"], "name": r["name"], "type": r["type"], "quotes": r["quotes"],
                    "roles": roles, "affiliations": affiliations, "age": age})
    return out


def timeline(conn: sqlite3.Connection, *, speaker: str | None = None, place: str | None = None,
             source: str | None = None) -> dict[str, list[dict[str, Any]]]:
    """Counts per month: quotes and articles by publication date, date mentions by their value."""
    qw, qp = S._quote_where(QuoteFilter(speaker=speaker, source=source))
    aw, ap = _article_where(place, None, None, source)
    if place:
        qw += (" AND " if qw else " WHERE ") + aw[0]
        qp += ap[:1] if is_geonameid(place) else ap[:2]
    month = "substr(a.published, 1, 7)"
    quotes = conn.execute(
        f"SELECT {month} AS month, count(*) AS n FROM quotes q JOIN articles a ON a.id = q.article_id"
        f" LEFT JOIN speakers s ON s.id = q.speaker_id{qw}{' AND' if qw else ' WHERE'} a.published IS NOT NULL"
        " GROUP BY month ORDER BY month", qp).fetchall()
    if speaker:  # the articles in which this speaker is quoted
        sw: list[str] = []
        sp: list[Any] = []
        S._speaker_clause(speaker, sw, sp)
        aw.append(f"a.id IN (SELECT q.article_id FROM quotes q LEFT JOIN speakers s ON s.id = q.speaker_id"
                  f" WHERE {sw[0]})")
        ap += sp
    w = "".join(" AND " + c for c in aw)
    articles = conn.execute(f"SELECT {month} AS month, count(*) AS n FROM articles a WHERE a.published IS NOT NULL"
                            f"{w} GROUP BY month ORDER BY month", ap).fetchall()
    dates = conn.execute(
        "SELECT substr(d.value, 1, 7) AS month, count(*) AS n FROM dates d JOIN articles a ON a.id = d.article_id"
        f" WHERE d.value GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]*'{w} GROUP BY month ORDER BY month", ap).fetchall()
    return {"quotes": [{"month": m, "n": n} for m, n in quotes],
            "articles": [{"month": m, "n": n} for m, n in articles],
            "dates": [{"month": m, "n": n} for m, n in dates]}


def sources(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT DISTINCT source FROM articles WHERE source IS NOT NULL"
                                       " ORDER BY source LIMIT 500")]
