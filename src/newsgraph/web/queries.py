"""What the web adds to :mod:`newsgraph.store.queries` (which owns every query's SQL).

Added here: a cache of answers keyed on the database's state (aggregates are recomputed only
after an ingest commits), the (total, page) shapes the pages and the API show, and plain-text
snippets around the searched words for the article hits of the page shown.
"""
from __future__ import annotations

import sqlite3
import threading
from typing import Any

from newsgraph.store import queries as S
from newsgraph.store.schema import db_state
from newsgraph.store.queries import COUNT_CAP, RANK_MAX, QuoteFilter, fts_query, fts_terms

__all__ = ["QuoteFilter", "find_quotes", "count_quotes", "list_speakers", "corpus_stats", "list_articles",
           "search", "search_quotes", "timeline", "quote_rows", "article_speakers", "count_places", "sources",
           "cached", "snippet", "fts_query", "fts_terms", "COUNT_CAP", "RANK_MAX"]

_cache: dict[tuple[str, str], tuple[tuple, Any]] = {}
_cache_lock = threading.Lock()


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


def _filtered(conn: sqlite3.Connection, f: QuoteFilter) -> tuple[int, list[int]] | None:
    """(count, a page of ids) from memory (web/match_counts.py) for quotes filtered by their article
    alone (place, dates, source, or nothing: no words, no speaker); None otherwise, or when memory
    cannot answer."""
    if f.about or f.speaker not in (None, "") or f.article_id:
        return None
    from newsgraph.web import match_counts

    limit = S.MAX_LIMIT if f.limit is None else max(0, min(int(f.limit), S.MAX_LIMIT))
    return match_counts.filtered_quotes(conn, place=f.place, since=f.since, until=f.until, source=f.source,
                                        offset=max(0, int(f.offset or 0)), limit=limit)


def _capped(n: int) -> tuple[int, bool]:
    return (n, True) if n <= COUNT_CAP else (COUNT_CAP, False)


def count_quotes(conn: sqlite3.Connection, f: QuoteFilter) -> tuple[int, bool]:
    """(total, exact): exact up to COUNT_CAP, else (COUNT_CAP, False). The unfiltered total is kept."""
    if f.only_words() and not f.about:
        return cached(conn, "quotes:count", lambda: S.quote_total(conn, f))
    kept = _filtered(conn, f)
    if kept is not None:
        return _capped(kept[0])
    fq = fts_query(f.about) if f.about else None
    if fq and not f.only_words() and f.speaker in (None, "") and not f.article_id:
        # words and article filters: counted from memory (web/match_counts.py), not by a join per match
        from newsgraph.web import match_counts

        n = match_counts.count_quotes(conn, fq, place=f.place, since=f.since, until=f.until, source=f.source,
                                      stop=COUNT_CAP + 1)
        if n is not None:
            return _capped(n)
    return S.quote_total(conn, f, cap=COUNT_CAP)


def find_quotes(conn: sqlite3.Connection, f: QuoteFilter) -> tuple[int, list[dict[str, Any]]]:
    """(total, page) of quotes in the store's find_quotes order and shape; ``total`` as count_quotes."""
    kept = _filtered(conn, f)
    if kept is not None:  # an article filter alone: count and page from memory
        return _capped(kept[0])[0], S.quotes_by_ids(conn, kept[1])
    total = count_quotes(conn, f)
    return total[0], S.find_quotes(conn, f, total=total)


def search_quotes(conn: sqlite3.Connection, f: QuoteFilter) -> tuple[int, list[dict[str, Any]], str]:
    """(total, page, order) of the quotes matching the words ``f.about``: see the store's search_quotes."""
    total = count_quotes(conn, f)
    matches = newest = None
    fq = fts_query(f.about) if f.about else None
    if fq and f.speaker in (None, "") and not f.article_id and total[0]:
        # how many quotes hold the words, and with filters, when more match than are ranked, the
        # page in the newest order, from memory (web/match_counts.py) instead of a walk by date in SQL
        from newsgraph.web import match_counts

        matches = match_counts.matches(conn, "quotes", fq)
        if matches is not None and (not total[1] or matches > RANK_MAX) and not f.only_words():
            newest = match_counts.newest_quotes(conn, fq, place=f.place, since=f.since, until=f.until,
                                                source=f.source)
    page, order = S.search_quotes(conn, f, total=total, rank_max=RANK_MAX, matches=matches, newest=newest)
    return total[0], page, order


def list_speakers(conn: sqlite3.Connection, q: str | None = None, limit: int = 50, offset: int = 0
                  ) -> tuple[int, list[dict[str, Any]]]:
    """(total, page) of speakers in the store's list_speakers order and shape. The ranking (one
    grouped pass over the quotes) and the pages (a much-quoted speaker has descriptors in
    thousands of articles) are kept until the database changes."""
    def make() -> tuple[int, list[dict[str, Any]]]:
        ranking = cached(conn, "speakers:ranking", lambda: S.speaker_ranking(conn))
        order = S.rank_speakers(conn, q, ranking=ranking)
        return len(order), S.speaker_rows(conn, order[offset:offset + limit])
    return cached(conn, f"speakers:{q!r}:{limit}:{offset}", make)


def corpus_stats(conn: sqlite3.Connection) -> dict[str, Any]:
    return cached(conn, "stats", lambda: S.corpus_stats(conn))


def list_articles(conn: sqlite3.Connection, *, source: str | None = None, since: str | None = None,
                  until: str | None = None, place: str | None = None, limit: int = 50, offset: int = 0
                  ) -> tuple[int, list[dict[str, Any]]]:
    """(total, page) of articles, newest first (undated last), as the store's latest_articles."""
    filters = {"source": source, "since": since, "until": until, "place": place}
    if any(filters.values()):
        total = S.count_articles(conn, **filters)
    else:
        total = cached(conn, "articles:count", lambda: S.count_articles(conn))
    return total, S.latest_articles(conn, limit, offset, **filters)


def count_places(conn: sqlite3.Connection, q: str | None = None) -> int:
    return S.count_places(conn, q)


def search(conn: sqlite3.Connection, q: str, *, source: str | None = None, since: str | None = None,
           until: str | None = None, place: str | None = None, speaker: str | None = None,
           limit: int = 20, offset: int = 0) -> dict[str, Any]:
    """Full text over articles (title and text) and quotes, filtered alike, each with its total and
    order ("rank": best match first; "newest" when too many match to rank: see the store's
    search_articles and search_quotes). A speaker filter keeps the articles in which that speaker
    is quoted. Article hits carry a plain-text ``snippet`` around the first searched word."""
    if fts_query(q) is None:
        return {"articles_total": 0, "articles": [], "articles_order": "rank", "quotes_total": 0, "quotes": [],
                "quotes_order": "rank"}
    quotes_total, quotes, quotes_order = search_quotes(conn, QuoteFilter(
        about=q, speaker=speaker, place=place, source=source, since=since, until=until, limit=limit, offset=offset))
    counted = newest = matches = None
    if speaker in (None, ""):
        # from memory, not a join per match (web/match_counts.py): how many articles hold the words,
        # and with filters every match that passes, newest first. Without filters SQLite's own walk
        # by date is cheaper than reading every match into Python (bench_web: search p95 171 -> 153 ms)
        from newsgraph.web import match_counts

        if any(x not in (None, "") for x in (place, since, until, source)):
            # first, so that the count of matches below is the length of the list this reads and
            # keeps, not a second query of the full-text index
            newest = match_counts.newest_articles(conn, fts_query(q) or "", place=place, since=since, until=until,
                                                  source=source)
            counted = None if newest is None else min(len(newest), COUNT_CAP + 1)
        matches = match_counts.matches(conn, "articles", fts_query(q) or "")
    total, rows, order = S.search_articles(conn, q, place=place, since=since, until=until, source=source,
                                           speaker=speaker, limit=limit, offset=offset, rank_max=RANK_MAX,
                                           cap=COUNT_CAP, total=counted, newest=newest, matches=matches)
    terms = [w.lower() for w, _ in fts_terms(q)]
    # plain text around the first word the search stemmed to (cheap; the page marks the words
    # with FTS5's own snippet, see mark_results)
    articles = [{"id": r["id"], "title": r["title"], "published": r["published"], "source": r["source"],
                 "url": r["url"], "snippet": snippet(r["text"], terms)} for r in rows]
    return {"articles_total": total, "articles": articles, "articles_order": order,
            "quotes_total": quotes_total, "quotes": quotes, "quotes_order": quotes_order}


# FTS5 marks the words it matched (stemmed: "drone" marks "drones") with these two private-use
# characters; the page escapes the text between them and puts <mark> around the matched pieces.
OPEN, CLOSE = "\ue000", "\ue001"


def fts_marked(conn: sqlite3.Connection, table: str, fq: str | None, rowid: int, *, snippet: bool = False,
               column: int = -1) -> str | None:
    """FTS5's highlight (the whole column) or snippet (about 32 words of the best column) of one
    matching row, the matched words between OPEN and CLOSE; None when the row does not match."""
    if not fq:
        return None
    fn = (f"snippet({table}, {int(column)}, '{OPEN}', '{CLOSE}', ' … ', 32)" if snippet
          else f"highlight({table}, {max(int(column), 0)}, '{OPEN}', '{CLOSE}')")
    try:
        rows = conn.execute(f"SELECT {fn} FROM {table} WHERE {table} MATCH ? AND rowid = ?", [fq, rowid]).fetchall()
    except sqlite3.OperationalError:
        return None
    return rows[0][0] if rows else None


def plain(marked: str | None) -> str | None:
    """A marked string without its marks (the API's plain snippet)."""
    return None if marked is None else " ".join(marked.replace(OPEN, "").replace(CLOSE, "").split())


def marked_html(marked: str) -> str:
    """Safe HTML of a marked string: every piece escaped on its own, <mark> only where FTS5 put a
    mark. Marks that do not alternate open/close (the text itself held those characters) are
    dropped and the text shown unmarked."""
    from html import escape

    import re

    pieces = re.split(f"([{OPEN}{CLOSE}])", marked)
    seps = [p for p in pieces if p in (OPEN, CLOSE)]
    if seps != [OPEN, CLOSE] * (len(seps) // 2):
        return escape(marked.replace(OPEN, "").replace(CLOSE, ""), quote=False)
    out = []
    for p in pieces:
        out.append("<mark>" if p == OPEN else "</mark>" if p == CLOSE else escape(p, quote=False))
    return "".join(out)


def mark_results(conn: sqlite3.Connection, q: str, result: dict[str, Any]) -> None:
    """Add ``snippet_html`` to each article hit and ``content_html`` to each quote hit of a search
    page's ``result``: the matched words (as the index matched them, stems included) in <mark>."""
    from markupsafe import Markup

    fq = fts_query(q)
    for a in result.get("articles", []):
        rowid = conn.execute("SELECT rowid FROM articles WHERE id = ?", [a["id"]]).fetchall()
        m = fts_marked(conn, "articles_fts", fq, rowid[0][0], snippet=True) if rowid else None
        if m:
            a["snippet_html"] = Markup(marked_html(" ".join(m.split())))
    for x in result.get("quotes", []):
        m = fts_marked(conn, "quotes_fts", fq, x["id"], column=0)
        if m:
            x["content_html"] = Markup(marked_html(m))


def snippet(text: str, terms: list[str], width: int = 220) -> str:
    """Plain text around the first word that starts like a searched term (its first letters, so
    that "drone" finds "drones" and "evacuate" "evacuating", as the stemming index matched them)."""
    low = text.lower()
    hits = []
    for t in terms:
        if not t:
            continue
        head = t.split()[0] if " " in t else t
        at = _word_start(low, head[:max(4, len(head) - 2)])
        if at >= 0:
            hits.append(at)
    pos = min(hits, default=0)
    start = max(0, pos - width // 3)
    end = min(len(text), start + width)
    return ("…" if start else "") + " ".join(text[start:end].split()) + ("…" if end < len(text) else "")


def _word_start(low: str, stem: str) -> int:
    """Where the first word starting with ``stem`` begins in ``low`` (-1: nowhere). ``str.find``
    and a look at the character before: a regular expression with a look-behind cost 0.25 ms per
    article (a third of a search's time on the benchmark store)."""
    at = low.find(stem)
    while at > 0 and (low[at - 1].isalnum() or low[at - 1] == "_"):
        at = low.find(stem, at + 1)
    return at


def quote_rows(conn: sqlite3.Connection, article_id: str) -> list[dict[str, Any]]:
    """An article's quotes with their database ids (the anchors the speaker pages link to)."""
    return S.article_quotes(conn, article_id)


def article_speakers(conn: sqlite3.Connection, article_id: str) -> list[dict[str, Any]]:
    return S.article_speakers(conn, article_id)


def timeline(conn: sqlite3.Connection, *, speaker: str | None = None, place: str | None = None,
             source: str | None = None) -> dict[str, list[dict[str, Any]]]:
    """The store's per-month series (quotes, articles, dates mentioned) and events per month
    (empty when the store has no events)."""
    from newsgraph.web.reading import events_per_month

    out = S.timeline(conn, speaker=speaker, place=place, source=source)
    out["events"] = events_per_month(conn, speaker=speaker, place=place, source=source)
    return out


def sources(conn: sqlite3.Connection) -> list[str]:
    return S.list_sources(conn)
