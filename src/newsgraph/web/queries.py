"""What the web needs beyond :mod:`newsgraph.store.queries` (which it uses for everything it has).

Added here: totals for paging (articles, speakers, places, search hits), an exact place filter by
GeoNames id (the map's markers; the store matches place names by substring), search with totals
and snippets made only for the page shown, the article page's quotes with their ids (anchors) and
its speakers, the timeline, and the list of sources. Everything is parameterised; user text
reaches FTS5 only through :func:`newsgraph.store.queries.fts_query`.
"""
from __future__ import annotations

import json
import os
import sqlite3
import threading
from typing import Any

from newsgraph.store import queries as S
from newsgraph.store.queries import QuoteFilter, fts_query, split_descriptors

__all__ = ["QuoteFilter", "find_quotes", "count_quotes", "list_speakers", "corpus_stats", "list_articles",
           "search", "timeline", "quote_rows", "article_speakers", "count_places", "sources", "is_geonameid",
           "cached"]


def is_geonameid(place: str | None) -> bool:
    """Digits name a GeoNames id (as in the store's filters); beyond 18 digits none can match, and
    SQLite's integer would overflow, so such a value becomes a filter that matches nothing."""
    return bool(place) and place.strip().isdigit()


def _impossible_id(value: str) -> bool:
    return len(value.strip()) > 18


def _article_where(place: str | None, since: str | None, until: str | None, source: str | None,
                   alias: str = "a") -> tuple[list[str], list[Any]]:
    """The store's article filters, except that a place given as digits is a GeoNames id."""
    where: list[str] = []
    params: list[Any] = []
    if is_geonameid(place):
        if _impossible_id(place):  # type: ignore[arg-type]
            where.append("0")
        else:
            where.append(f"{alias}.id IN (SELECT article_id FROM places WHERE geonameid = ?)")
            params.append(int(place))  # type: ignore[arg-type]
        place = None
    S._article_clauses(place, since, until, source, where, params, alias=alias)
    return where, params


def _one(conn: sqlite3.Connection, sql: str, params: list[Any] | tuple = ()) -> Any:
    """The single value of ``sql``. fetchall, not fetchone: a statement left unfinished keeps its read
    transaction (an old snapshot) open on this connection while an ingest commits."""
    return conn.execute(sql, params).fetchall()[0][0]


COUNT_CAP = 2_000  # totals above this are reported as "at least" (counting them costs a scan)

_cache: dict[tuple[str, str], tuple[tuple, Any]] = {}
_cache_lock = threading.Lock()


def db_state(conn: sqlite3.Connection) -> tuple[str, tuple]:
    """(file, state) of the connection's database; the state changes whenever a writer commits:
    (mtime, size) of the file and of its WAL."""
    path = conn.execute("PRAGMA database_list").fetchall()[0][2]
    out: list[int] = []
    for suffix in ("", "-wal"):
        try:
            st = os.stat(path + suffix)
            out += [st.st_mtime_ns, st.st_size]
        except OSError:
            out += [0, 0]
    return path, tuple(out)


def cached(conn: sqlite3.Connection, key: str, make):
    """``make()`` once per database state, shared by every thread of the process: aggregates
    (figures, rankings, the timeline) are recomputed only after an ingest commits."""
    path, state = db_state(conn)
    hit = _cache.get((path, key))
    if hit is not None and hit[0] == state:
        return hit[1]
    value = make()
    with _cache_lock:
        if len(_cache) > 1024:
            _cache.clear()
        _cache[(path, key)] = (state, value)
    return value


def _quote_filter_sql(f: QuoteFilter, *, probe: bool = False) -> tuple[list[str], list[Any], bool]:
    """WHERE terms over quotes q / articles a, and whether articles must be joined. Same meaning
    as the store's filters (speaker id or any spelling of the name, words, place, dates, source),
    written so that SQLite can use the indexes: a name is first resolved to speaker ids, a place to
    the articles naming it, and a place given as digits is a GeoNames id. ``probe``: the words'
    matches are a set to test quotes against (``+q.id``), not rowids to look up one by one."""
    where: list[str] = []
    params: list[Any] = []
    if f.speaker not in (None, ""):
        sp = str(f.speaker).strip()
        if sp.isdigit() and _impossible_id(sp):
            where.append("0")
        elif sp.isdigit():  # an id
            where.append("q.speaker_id = ?")
            params.append(int(sp))
        else:
            where.append("q.speaker_id IN (SELECT id FROM speakers WHERE name LIKE ? ESCAPE '\\'"
                         " OR aliases LIKE ? ESCAPE '\\')")
            params += [S._like(sp)] * 2
    if f.about:
        fq = fts_query(f.about)
        if fq:
            where.append(f"{'+' if probe else ''}q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)")
            params.append(fq)
    if f.article_id:
        where.append("q.article_id = ?")
        params.append(f.article_id)
    if f.place:
        # walking articles: test the article once, not each of its quotes
        col = "a.id" if probe else "q.article_id"
        if is_geonameid(f.place) and _impossible_id(f.place):
            where.append("0")
        elif is_geonameid(f.place):
            where.append(f"{col} IN (SELECT article_id FROM places WHERE geonameid = ?)")
            params.append(int(f.place))
        else:
            where.append(f"{col} IN (SELECT article_id FROM places WHERE name LIKE ? ESCAPE '\\'"
                         " OR text LIKE ? ESCAPE '\\')")
            params += [S._like(f.place)] * 2
    aw: list[str] = []
    S._article_clauses(None, f.since, f.until, f.source, aw, params)
    where += aw
    return where, params, bool(aw)


def count_quotes(conn: sqlite3.Connection, f: QuoteFilter) -> tuple[int, bool]:
    """(total, exact): exact up to COUNT_CAP, else (COUNT_CAP, False)."""
    where, params, join = _quote_filter_sql(f)
    if not where:
        return cached(conn, "quotes:count", lambda: _one(conn, "SELECT count(*) FROM quotes")), True
    if len(where) == 1 and f.about:  # words alone: the FTS index counts them
        n = _one(conn, "SELECT count(*) FROM quotes_fts WHERE quotes_fts MATCH ?", params)
        return n, True
    j = " JOIN articles a ON a.id = q.article_id" if join else ""
    n = _one(conn, f"SELECT count(*) FROM (SELECT 1 FROM quotes q{j} WHERE {' AND '.join(where)}"
             f" LIMIT {COUNT_CAP + 1})", params)
    return (n, True) if n <= COUNT_CAP else (COUNT_CAP, False)


def find_quotes(conn: sqlite3.Connection, f: QuoteFilter) -> tuple[int, list[dict[str, Any]]]:
    """(total, page) of quotes, newest article first, in text order within an article; the
    rows have the store's find_quotes shape. ``total`` is capped at COUNT_CAP (see count_quotes).

    Two plans, chosen by the count: few matches are fetched and sorted (cost ~ matches); many are
    found by walking the articles by date (index articles_published) until the page is full (cost ~
    page end x quotes / matches). Either way only the page's ids are sorted, then its rows read."""
    total, exact = count_quotes(conn, f)
    if total == 0 or (exact and f.offset >= total):
        return total, []
    n_all = cached(conn, "quotes:count", lambda: _one(conn, "SELECT count(*) FROM quotes"))
    # measured here: a sorted match costs ~4x a quote walked past
    dense = not exact or total * total > (f.limit + f.offset) * n_all // 4
    where, params, _ = _quote_filter_sql(f, probe=dense)
    w = (" WHERE " + " AND ".join(where)) if where else ""
    if dense:
        # both indexes forced: left free, SQLite may walk a speaker's quotes once per article
        src = ("articles a INDEXED BY articles_published CROSS JOIN quotes q INDEXED BY quotes_article"
               " ON q.article_id = a.id")
    else:
        src = "quotes q JOIN articles a ON a.id = q.article_id"
    # NULL dates sort last in DESC order, as in the store
    ids = [r[0] for r in conn.execute(f"SELECT q.id FROM {src}{w} ORDER BY a.published DESC, q.article_id, q.start"
                                      " LIMIT ? OFFSET ?", params + [f.limit, f.offset]).fetchall()]
    return total, _quotes_by_ids(conn, ids)


def _quotes_by_ids(conn: sqlite3.Connection, ids: list[int]) -> list[dict[str, Any]]:
    """Quote rows (the store's find_quotes shape) for ``ids``, in that order."""
    if not ids:
        return []
    rows = S._rows(conn, f"SELECT {S._QUOTE_COLUMNS} FROM quotes q JOIN articles a ON a.id = q.article_id"
                   f" LEFT JOIN speakers s ON s.id = q.speaker_id WHERE q.id IN ({','.join('?' * len(ids))})", ids)
    at = {q: i for i, q in enumerate(ids)}
    return sorted((dict(r) for r in rows), key=lambda r: at[r["id"]])


def where_only_words(f: QuoteFilter) -> bool:
    return not any((f.speaker, f.place, f.since, f.until, f.source, f.article_id))


def search_quotes(conn: sqlite3.Connection, f: QuoteFilter) -> tuple[int, list[dict[str, Any]], str]:
    """Quotes matching the words ``f.about`` (and the other filters): (total, page, order). Ranked
    by relevance (bm25) on the FTS index when at most RANK_MAX match, else newest first."""
    total, exact = count_quotes(conn, f)
    if total == 0 or (exact and f.offset >= total):
        return total, [], "rank"
    # rank only what the FTS index can rank cheaply: its matches before any other filter
    matches = total if (exact and where_only_words(f)) else _one(
        conn, "SELECT count(*) FROM quotes_fts WHERE quotes_fts MATCH ?", [fts_query(f.about)])
    if not exact or matches > RANK_MAX:
        total, page = find_quotes(conn, f)
        return total, page, "newest"
    rest = QuoteFilter(**{**f.__dict__, "about": None})
    where, params, join = _quote_filter_sql(rest)
    j = " JOIN articles a ON a.id = q.article_id" if join else ""
    w = "".join(" AND " + c for c in where)
    ids = [r[0] for r in conn.execute(
        f"SELECT q.id FROM quotes_fts JOIN quotes q ON q.id = quotes_fts.rowid{j} WHERE quotes_fts MATCH ?{w}"
        " ORDER BY quotes_fts.rank LIMIT ? OFFSET ?", [fts_query(f.about)] + params + [f.limit, f.offset]).fetchall()]
    return total, _quotes_by_ids(conn, ids), "rank"


def _speaker_ranking(conn: sqlite3.Connection) -> list[tuple]:
    """(speaker_id, quotes, articles, first_seen, last_seen) for every quoted speaker: one pass."""
    return [tuple(r) for r in conn.execute(
        "SELECT q.speaker_id, count(*) AS n, count(DISTINCT q.article_id), min(a.published), max(a.published)"
        " FROM quotes q JOIN articles a ON a.id = q.article_id WHERE q.speaker_id IS NOT NULL"
        " GROUP BY q.speaker_id").fetchall()]


def list_speakers(conn: sqlite3.Connection, q: str | None = None, limit: int = 50, offset: int = 0
                  ) -> tuple[int, list[dict[str, Any]]]:
    """Speakers ranked by quotes (then articles, then name), in the store's list_speakers shape.
    The ranking is one grouped pass over the quotes, kept until the database changes; names,
    descriptors and aliases are read for the page's rows only (and kept too: a much-quoted
    speaker has descriptors in thousands of articles)."""
    return cached(conn, f"speakers:{q!r}:{limit}:{offset}", lambda: _list_speakers(conn, q, limit, offset))


def _list_speakers(conn: sqlite3.Connection, q: str | None, limit: int, offset: int
                   ) -> tuple[int, list[dict[str, Any]]]:
    ranking = cached(conn, "speakers:ranking", lambda: _speaker_ranking(conn))
    names = cached(conn, "speakers:names", lambda: {r[0]: r[1] for r in conn.execute("SELECT id, name FROM speakers")})
    if q:
        ids = {r[0] for r in conn.execute("SELECT id FROM speakers WHERE name LIKE ? ESCAPE '\\'"
                                          " OR aliases LIKE ? ESCAPE '\\'", [S._like(q)] * 2)}
        ranking = [r for r in ranking if r[0] in ids]
    order = sorted(ranking, key=lambda r: (-r[1], -r[2], names.get(r[0], "")))
    page = order[offset:offset + limit]
    if not page:
        return len(order), []
    marks = ",".join("?" * len(page))
    base = {r["id"]: r for r in S._rows(conn, f"SELECT id, name, type, aliases FROM speakers WHERE id IN ({marks})",
                                        [r[0] for r in page])}
    desc = S._descriptors_for(conn, [r[0] for r in page])
    out = []
    for sid, n, arts, first, last in page:
        b = base.get(sid)
        if b is None:
            continue
        row = {"id": sid, "name": b["name"], "type": b["type"], "aliases": b["aliases"], "quotes": n,
               "articles": arts, "first_seen": first, "last_seen": last}
        out.append(S._speaker_dict(row, desc[sid]))
    return len(order), out


def corpus_stats(conn: sqlite3.Connection) -> dict[str, Any]:
    return cached(conn, "stats", lambda: S.corpus_stats(conn))


def _page_articles(conn: sqlite3.Connection, ids_sql: str, params: list[Any]) -> list[dict[str, Any]]:
    """Article rows with quote and place counts, counted for the page's rows only."""
    return [dict(r) for r in S._rows(
        conn, "SELECT a.id, a.title, a.published, a.source, a.url, a.author, a.word_count,"
        " (SELECT count(*) FROM quotes q WHERE q.article_id = a.id) AS quotes,"
        " (SELECT count(*) FROM places p WHERE p.article_id = a.id) AS places"
        f" FROM ({ids_sql}) AS page JOIN articles a ON a.rowid = page.rowid", params)]


def list_articles(conn: sqlite3.Connection, *, source: str | None = None, since: str | None = None,
                  until: str | None = None, place: str | None = None, limit: int = 50, offset: int = 0
                  ) -> tuple[int, list[dict[str, Any]]]:
    """(total, page) of articles, newest first (undated last), with the store's filters; the order
    comes from the articles_published index, so a page costs its own size."""
    where, params = _article_where(place, since, until, source)
    w = (" WHERE " + " AND ".join(where)) if where else ""
    total = (cached(conn, "articles:count", lambda: _one(conn, "SELECT count(*) FROM articles")) if not where
             else _one(conn, f"SELECT count(*) FROM articles a{w}", params))
    ids = (f"SELECT a.rowid AS rowid, row_number() OVER () AS n FROM articles a INDEXED BY articles_published{w}"
           " ORDER BY a.published DESC, a.id LIMIT ? OFFSET ?")
    rows = _page_articles(conn, ids, params + [limit, offset])
    return total, rows


def count_places(conn: sqlite3.Connection, q: str | None = None) -> int:
    where, params = "", []
    if q:
        where, params = " WHERE (p.name LIKE ? ESCAPE '\\' OR p.text LIKE ? ESCAPE '\\')", [S._like(q)] * 2
    return _one(conn, "SELECT count(DISTINCT coalesce(CAST(p.geonameid AS TEXT), 'name:' ||"
                f" lower(coalesce(p.name, p.text)))) FROM places p{where}", params)


RANK_MAX = 500  # more matches than this are listed newest first: ranking them all costs more than a page


def search(conn: sqlite3.Connection, q: str, *, source: str | None = None, since: str | None = None,
           until: str | None = None, place: str | None = None, speaker: str | None = None,
           limit: int = 20, offset: int = 0) -> dict[str, Any]:
    """Full text over articles (title and text) and quotes, filtered alike, each with its total.
    A speaker filter keeps the articles in which that speaker is quoted. Articles are ranked by
    relevance (bm25); when more than RANK_MAX match, ranking them all would cost more than the
    page, so they come newest first (``articles_order`` says which)."""
    fq = fts_query(q)
    if fq is None:
        return {"articles_total": 0, "articles": [], "articles_order": "rank", "quotes_total": 0, "quotes": [],
                "quotes_order": "rank"}
    quotes_total, quotes, quotes_order = search_quotes(conn, QuoteFilter(
        about=q, speaker=speaker, place=place, source=source, since=since, until=until, limit=limit, offset=offset))
    where, params = _article_where(place, since, until, source)
    if speaker:
        sw, sp, _ = _quote_filter_sql(QuoteFilter(speaker=speaker))
        where.append(f"a.id IN (SELECT q.article_id FROM quotes q WHERE {sw[0]})")
        params += sp
    match = "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?"
    if where:
        n = _one(conn, f"SELECT count(*) FROM (SELECT 1 FROM articles a WHERE a.rowid IN ({match}) AND "
                 f"{' AND '.join(where)} LIMIT {COUNT_CAP + 1})", [fq] + params)
        total = min(n, COUNT_CAP)
    else:
        n = total = _one(conn, "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", [fq])
    extra = "".join(" AND " + c for c in where)
    matches = n if not where else _one(conn, "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", [fq])
    if matches > RANK_MAX:  # bm25 is computed for every FTS match, filtered or not
        order = "newest"
        ids = (f"SELECT a.rowid AS rowid FROM articles a INDEXED BY articles_published WHERE +a.rowid IN ({match})"
               f"{extra} ORDER BY a.published DESC, a.id LIMIT ? OFFSET ?")
    else:
        order = "rank"
        ids = (f"SELECT a.rowid AS rowid FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
               f" WHERE articles_fts MATCH ?{extra} ORDER BY articles_fts.rank LIMIT ? OFFSET ?")
    page = [r[0] for r in conn.execute(ids, [fq] + params + [limit, offset]).fetchall()]
    # snippets for the page's rows only
    terms = [t.strip('"*').lower() for t in fq.split('" "')]
    articles = []
    for rowid in page:
        r = conn.execute("SELECT id, title, published, source, url, text FROM articles WHERE rowid = ?",
                         (rowid,)).fetchall()[0]
        articles.append({"id": r[0], "title": r[1], "published": r[2], "source": r[3], "url": r[4],
                         "snippet": snippet(r[5], terms)})
    return {"articles_total": total, "articles": articles, "articles_order": order,
            "quotes_total": quotes_total, "quotes": quotes, "quotes_order": quotes_order}


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
    qw_terms, qp, _ = _quote_filter_sql(QuoteFilter(speaker=speaker, place=place, source=source))
    qw = (" WHERE " + " AND ".join(qw_terms)) if qw_terms else ""
    aw, ap = _article_where(place, None, None, source)
    month = "substr(a.published, 1, 7)"
    quotes = conn.execute(
        f"SELECT {month} AS month, count(*) AS n FROM quotes q JOIN articles a ON a.id = q.article_id"
        f" LEFT JOIN speakers s ON s.id = q.speaker_id{qw}{' AND' if qw else ' WHERE'} a.published IS NOT NULL"
        " GROUP BY month ORDER BY month", qp).fetchall()
    if speaker:  # the articles in which this speaker is quoted
        sw, sp, _ = _quote_filter_sql(QuoteFilter(speaker=speaker))
        aw.append(f"a.id IN (SELECT q.article_id FROM quotes q WHERE {sw[0]})")
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
