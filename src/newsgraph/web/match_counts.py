"""Counting the quotes and articles a search matches under filters, without a join per match.

The search page and ``/api/search`` show how many articles and quotes match the words *and* the
filters (dates, source, place). In SQL each such count joins every full-text match to its article
(a quote: to its quote row, then to its article) to test the filters: on the 10,000-article
benchmark store a common word has 3,000-5,000 matches and the two counts cost 15-20 ms a request,
about half of a search. Here the same counts, and the pages of articles and of quotes in the
"newest" order (``newest_articles``, whose length is the article count, and ``newest_quotes``), come
from data kept in memory for the database's current state:

- every article's (id, publication date, source, url), read once;
- every quote's article (an array indexed by quote id), read once, and the places of every article
  and every quote in the newest order (two arrays: a page is a sort by one lookup each);
- the articles and the quotes one full-text query matches (their rowids: the index alone, no
  join), read once per query and kept for the next requests with the same words;
- the articles naming one place, read once per place;
- every quote in the newest order (an article's quotes are one run of it), so that ``/api/quotes``
  filtered by the article alone (place, dates, source, or nothing) is counted and paged from the
  passing articles' runs (``filtered_quotes``) instead of a walk by date in SQL.

The server reads all this once at start (``warm``, from ``web.app``'s lifespan).

The filters are the store's (``store.queries._article_clauses``), restated here and checked
against it by ``tests/test_web_match_counts.py``: since/until compare the publication date as text
(an undated article never passes), ``source`` is part of the source or the URL with SQLite LIKE's
case rule (ASCII letters fold, nothing else), ``place`` is a GeoNames id (digits) or part of a
place's name or text. The quote count stops at ``stop`` (the store's LIMIT cap + 1). Only these
filters: with a speaker or an article filter the caller asks SQL.

Kept per database file; dropped when the file or its WAL changes (``store.schema.db_state``).
"""
from __future__ import annotations

import sqlite3
import threading
from array import array
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from newsgraph.store.filters import id_value as _id_value
from newsgraph.store.filters import like as _like
from newsgraph.store.schema import cache_key

__all__ = ["warm", "per_state", "count_quotes", "filtered_quotes", "matches", "newest_articles", "newest_quotes", "ascii_lower"]

_ASCII_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}
MAX_QUERIES = 256  # full-text queries kept per store
MAX_ARTICLES = 500_000  # a bigger store is counted by SQL (the metadata would not be small)
_RUN = 20  # article_quotes packs a run's start and its length (below 2**20 quotes in one article)


def ascii_lower(text: str) -> str:
    """SQLite LIKE's case folding: ASCII letters only ("É" stays "É")."""
    return text.translate(_ASCII_LOWER)


@dataclass
class _Store:
    state: tuple
    meta_by_rowid: dict[int, tuple]  # rowid -> (id, published, source (folded), url (folded))
    quote_article: array  # quote id -> its article's rowid (0: no such quote)
    article_rank: array  # article rowid -> its place in the "newest" order of all articles
    quote_rank: array  # quote id -> its place in the "newest" order of all quotes
    quote_order: array  # the quote ids in that order (an article's quotes are one run of it)
    article_quotes: array  # article rowid -> (index in quote_order of its first quote) * 2**20 + how many
    attached: int  # how many quotes have their article (those without one come last in quote_order)
    matches: OrderedDict  # (table, fq) -> list
    places: OrderedDict  # place key -> set of article ids
    passing: OrderedDict  # (place, since, until, source) -> frozenset of the rowids of the articles passing
    lock: threading.Lock


_stores: dict[str, _Store] = {}
_building = threading.Lock()  # one thread reads a store's metadata; the others wait for it


def per_state(conn: sqlite3.Connection, kept: dict, building: threading.Lock, build) -> Any:
    """What ``build(conn, path, state)`` made for the database's current state, kept in ``kept`` by
    file (a changed state builds again); None when no cache may answer (``cache_key``) or ``build``
    declines. The first requests after a start (or a write) arrive together: without ``building``
    each of the server's threads read every article and quote at once (measured: the search p95 of
    the 10,000-article benchmark was set by that pile-up). Used by ``web.map_counts`` too."""
    key = cache_key(conn)
    if key is None:
        return None
    path, state = key
    st = kept.get(path)
    if st is not None and st.state == state:
        return st
    with building:
        st = kept.get(path)
        if st is not None and st.state == state:
            return st
        st = build(conn, path, state)
        if st is not None:
            if len(kept) > 8:
                kept.clear()
            kept[path] = st
        return st


def _store(conn: sqlite3.Connection) -> _Store | None:
    return per_state(conn, _stores, _building, _build)


def _build(conn: sqlite3.Connection, path: str, state: tuple) -> _Store | None:
    if (conn.execute("SELECT max(rowid) FROM articles").fetchall()[0][0] or 0) > MAX_ARTICLES:
        return None
    meta: dict[int, tuple] = {}
    rowid_of: dict[str, int] = {}
    for rowid, aid, published, source, url in conn.execute(
            "SELECT rowid, id, published, source, url FROM articles").fetchall():
        meta[rowid] = (aid, published, ascii_lower(source) if source else None, ascii_lower(url) if url else None)
        rowid_of[aid] = rowid
    top = conn.execute("SELECT max(id) FROM quotes").fetchall()[0][0] or 0
    if top > 20 * MAX_ARTICLES:
        return None
    # the store's "newest" order of articles: publication date descending, undated last, then id
    # (two stable sorts); a page is then a sort of the matches by one array lookup each
    order = sorted(meta, key=lambda r: meta[r][0])
    order.sort(key=lambda r: (meta[r][1] is not None, meta[r][1] or ""), reverse=True)
    article_rank = array("q", bytes(8 * (max(meta, default=0) + 1)))
    for i, r in enumerate(order):
        article_rank[r] = i
    quote_article = array("q", bytes(8 * (top + 1)))
    quotes = []
    for qid, aid, start in conn.execute("SELECT id, article_id, start FROM quotes").fetchall():
        r = quote_article[qid] = rowid_of.get(aid, 0)
        quotes.append((article_rank[r] if r else len(order), start if start is not None else -1, qid))
    # quotes newest first as the store's find_quotes orders them: their article's place, then
    # their start in the text
    quotes.sort()
    quote_rank = array("q", bytes(8 * (top + 1)))
    quote_order = array("q", bytes(8 * len(quotes)))
    article_quotes = array("q", bytes(8 * len(article_rank)))
    for i, (_, _, qid) in enumerate(quotes):
        quote_rank[qid] = i
        quote_order[i] = qid
        r = quote_article[qid]
        if r:
            article_quotes[r] = article_quotes[r] + 1 if article_quotes[r] else (i << _RUN) + 1
    attached = sum(1 for rank, _, _ in quotes if rank < len(order))
    st = _Store(state, meta, quote_article, article_rank, quote_rank, quote_order, article_quotes, attached,
                OrderedDict(), OrderedDict(), OrderedDict(), threading.Lock())
    return st


def _kept(st: _Store, table: OrderedDict, key: Any, make) -> Any:
    with st.lock:
        if key in table:
            table.move_to_end(key)
            return table[key]
    value = make()
    with st.lock:
        table[key] = value
        while len(table) > MAX_QUERIES:
            table.popitem(last=False)
    return value


def _place_articles(conn: sqlite3.Connection, st: _Store, place: str) -> set[str] | None:
    """Ids of the articles naming ``place`` (a GeoNames id, or part of a name or text); None when the
    value is out of SQLite's integer range (nothing matches)."""
    try:
        gid = _id_value(place)
    except OverflowError:
        return None

    def make() -> set[str]:
        if gid is not None:
            rows = conn.execute("SELECT DISTINCT article_id FROM places WHERE geonameid = ?", [gid])
        else:

            pat = _like(str(place).strip())
            rows = conn.execute("SELECT DISTINCT article_id FROM places WHERE name LIKE ? ESCAPE '\\'"
                                " OR text LIKE ? ESCAPE '\\'", [pat, pat])
        return {r[0] for r in rows.fetchall()}
    return _kept(st, st.places, ("id", gid) if gid is not None else ("name", str(place).strip()), make)


def _passes(st: _Store, place_ids: set[str] | None, since: str | None, until: str | None, source: str | None):
    """A test of one article's metadata tuple against the filters (None: every article passes)."""
    src = ascii_lower(source) if source else None
    hi = until + "\uffff" if until else None
    if not (place_ids is not None or since or until or src):
        return None

    def ok(m: tuple) -> bool:
        aid, published, s, u = m
        if place_ids is not None and aid not in place_ids:
            return False
        if since and (published is None or published < since):
            return False
        if hi and (published is None or published > hi):
            return False
        if src and not ((s is not None and src in s) or (u is not None and src in u)):
            return False
        return True
    return ok


def _filters(conn: sqlite3.Connection, st: _Store, place: str | None, since: str | None, until: str | None,
             source: str | None) -> frozenset[int] | None:
    """The rowids of the articles passing the filters (None: no filter), kept per combination: the
    same source, dates or place come back with other words, and a count is then a set lookup per
    match in C (a test of each match's article in Python cost about 1 ms per 1,000 matches)."""
    def make() -> frozenset[int] | None:
        place_ids: set[str] | None = None
        if place not in (None, ""):
            place_ids = _place_articles(conn, st, str(place))
            if place_ids is None:
                place_ids = set()
        ok = _passes(st, place_ids, since, until, source)
        return None if ok is None else frozenset(r for r, m in st.meta_by_rowid.items() if ok(m))
    return _kept(st, st.passing, (place or None, since or None, until or None, source or None), make)


_FTS = {"articles": "articles_fts", "quotes": "quotes_fts"}  # each table's full-text index


def _held(ids: list[int], of: array) -> bool:
    """True when every id of ``ids`` (in order, as the full-text index gives them) indexes ``of``."""
    return not ids or (0 <= min(ids[0], ids[-1]) and max(ids[0], ids[-1]) < len(of))


def _matching(conn: sqlite3.Connection, st: _Store, table: str, fq: str) -> list[int]:
    """The rowids ``fq`` matches in ``table`` ("articles" or "quotes"): the full-text index alone,
    ascending, kept per words."""
    fts = _FTS[table]

    def make() -> list[int]:
        cur = conn.cursor()
        cur.row_factory = None  # plain tuples: a sqlite3.Row per match cost half as much again
        return [r[0] for r in cur.execute(f"SELECT rowid FROM {fts} WHERE {fts} MATCH ?", [fq]).fetchall()]
    return _kept(st, st.matches, (table, fq), make)


def matches(conn: sqlite3.Connection, table: str, fq: str) -> int | None:
    """How many articles or quotes (``table``) the words ``fq`` match, filters aside: the length of
    the kept match list, or the index's count (reading every match costs five times a count);
    None when this cannot answer."""
    st = _store(conn)
    if st is None:
        return None
    with st.lock:
        kept = st.matches.get((table, fq))
    if kept is not None:
        return len(kept)
    fts = _FTS[table]
    return conn.execute(f"SELECT count(*) FROM {fts} WHERE {fts} MATCH ?", [fq]).fetchall()[0][0]


def newest_articles(conn: sqlite3.Connection, fq: str, *, place: str | None = None, since: str | None = None,
                    until: str | None = None, source: str | None = None) -> list[int] | None:
    """The rowids of the articles matching ``fq`` and the filters in the store's "newest" order
    (publication date descending, undated last, then id), kept per words and filters; None when
    this cannot answer. With a filter that few matches pass, SQL walks every article by date to
    fill a page (a place no matching article names: 40-70 ms on the 10,000-article benchmark
    store); here it is a set intersection and a sort of the matches that pass."""
    st = _store(conn)
    if st is None:
        return None
    passing = _filters(conn, st, place, since, until, source)

    def make() -> list[int]:
        rowids = _matching(conn, st, "articles", fq)
        meta = st.meta_by_rowid
        kept = [r for r in rowids if r in meta and (passing is None or r in passing)]
        kept.sort(key=st.article_rank.__getitem__)
        return kept
    return _kept(st, st.matches, ("newest", fq, place or None, since or None, until or None, source or None), make)


def count_quotes(conn: sqlite3.Connection, fq: str, *, place: str | None = None, since: str | None = None,
                 until: str | None = None, source: str | None = None, stop: int) -> int | None:
    """How many quotes match ``fq`` (their content) and the article filters, counting no further than
    ``stop``; None when this cannot answer."""
    st = _store(conn)
    if st is None:
        return None
    ids = _matching(conn, st, "quotes", fq)
    passing = _filters(conn, st, place, since, until, source)
    if passing is None:
        return min(len(ids), stop)
    of = st.quote_article
    if not _held(ids, of):
        return None  # a quote id the array does not hold (cannot happen for one state): ask SQL
    return min(sum(map(passing.__contains__, map(of.__getitem__, ids))), stop)


def newest_quotes(conn: sqlite3.Connection, fq: str, *, place: str | None = None, since: str | None = None,
                  until: str | None = None, source: str | None = None) -> list[int] | None:
    """The ids of the quotes whose content matches ``fq`` and whose article passes the filters, in
    the store's find_quotes order (newest article first, undated last; in text order within an
    article), kept per words and filters; None when this cannot answer. When more quotes match
    than are ranked, SQL walks the articles by date and their quotes to fill a page (about 4 ms
    a request on the 10,000-article benchmark store); here a page is a slice."""
    st = _store(conn)
    if st is None:
        return None
    passing = _filters(conn, st, place, since, until, source)

    def make() -> list[int] | None:
        ids = _matching(conn, st, "quotes", fq)
        of = st.quote_article
        if not _held(ids, of):
            return None  # a quote id the arrays do not hold (cannot happen for one state): ask SQL
        kept = [q for q in ids if of[q] and (passing is None or of[q] in passing)]
        kept.sort(key=st.quote_rank.__getitem__)
        return kept
    return _kept(st, st.matches, ("newest quotes", fq, place or None, since or None, until or None, source or None),
                 make)


def filtered_quotes(conn: sqlite3.Connection, *, place: str | None = None, since: str | None = None,
                    until: str | None = None, source: str | None = None, offset: int = 0,
                    limit: int = 50) -> tuple[int, list[int]] | None:
    """(how many quotes, the ids of a page of them) for the quotes whose article passes the filters
    (no words; no filter: every quote of an article), in the store's find_quotes order; None when
    this cannot answer. SQL walks the articles by date and tests each for the filters (a place since
    a year: 25-40 ms on the 10,000-article benchmark store; a page at offset 2,000 of all quotes:
    2-4 ms); here the passing articles are sorted by their place in the newest order once per
    filters, and a page is read off their runs of quotes."""
    st = _store(conn)
    if st is None:
        return None
    passing = _filters(conn, st, place, since, until, source)
    if passing is None:  # every quote with its article: the first st.attached of the newest order
        lo = min(max(0, offset), st.attached)
        return st.attached, st.quote_order[lo:min(lo + max(0, limit), st.attached)].tolist()
    runs = st.article_quotes
    mask = (1 << _RUN) - 1

    def make() -> tuple[int, list[int]]:
        arts = sorted((r for r in passing if runs[r]), key=st.article_rank.__getitem__)
        return sum(runs[r] & mask for r in arts), arts
    total, arts = _kept(st, st.matches, ("filtered quotes", place or None, since or None, until or None,
                                         source or None), make)
    ids: list[int] = []
    skip = max(0, offset)
    for r in arts:
        if len(ids) >= limit:
            break
        n = runs[r] & mask
        if skip >= n:
            skip -= n
            continue
        start = (runs[r] >> _RUN) + skip
        ids.extend(st.quote_order[start:start + min(n - skip, limit - len(ids))])
        skip = 0
    return total, ids


def warm(conn: sqlite3.Connection) -> bool:
    """Read what is kept for the store's current state now (the server does it at start); True
    when it is kept."""
    return _store(conn) is not None
