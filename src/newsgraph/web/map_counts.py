"""The map's places over a date range, counted in memory instead of by a GROUP BY per range.

``/api/map`` shows every place with coordinates, most mentioned first, with its mentions and
articles counted over the articles published in since..until. In SQL (``store.queries.map_places``)
each new range groups every place row of the range: on the 10,000-article benchmark store (22,400
place rows) 30-130 ms of SQLite per range, and those misses held up the server's other requests.

Here the place rows are read once for the database's current state, ordered by their article's
publication date, so the rows of a range are one contiguous slice (found by bisection on the dates),
and a range's counts are three ``numpy.bincount`` over that slice: mentions, articles (a row counts
for its article when it is the first row of that place in that article; all rows of an article share
its date, so they are in or out of a slice together) and the sums of latitude and longitude (the
place's point is their mean, as SQL's ``avg``).

The grouping is the store's: one place per GeoNames id, else per name (its text when it has no name)
with SQLite ``lower()``'s case rule; SQL computes the key while reading, so the two cannot differ.
One difference, on purpose: a place's name, country, first-level division, feature class and kind
are taken over all its mentions, not only the range's, so a place keeps one label whatever the
dates (they differ only where one GeoNames id was stored under two names).
The date filters are ``store.queries._article_clauses``'s: since/until compare the publication date
as text, an undated article never passes one, and with no filter every place row counts.
``tests/test_web_map_counts.py`` checks the answers against the SQL over many ranges.

Kept per database file; dropped when the file or its WAL changes (``store.schema.db_state``). A
store with more than ``MAX_ROWS`` place rows is counted by SQL (the arrays would not be small).
"""
from __future__ import annotations

import sqlite3
import threading
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Any

import numpy as np

from newsgraph.store.filters import until as _until
from newsgraph.store.queries import MAX_LIMIT
from newsgraph.web.match_counts import per_state

__all__ = ["warm", "map_places", "MAX_ROWS"]

MAX_ROWS = 2_000_000  # place rows with coordinates; about 45 MB of arrays at the cap


@dataclass
class _Places:
    state: tuple
    dates: list[str]  # the distinct publication dates, ascending
    date_end: list[int]  # dates[i]'s rows end at row date_end[i] (rows of undated articles come last)
    group: np.ndarray  # row -> its place (an index into places)
    first: np.ndarray  # row -> True when it is its place's first row in its article
    lat: np.ndarray
    lon: np.ndarray
    places: list[tuple]  # (name, geonameid, country_code, feature_class, admin1, kind)
    order_names: list[str]  # places' names, for the tie order


_kept: dict[str, _Places] = {}
_building = threading.Lock()  # one thread reads the rows; the others wait for it


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {r[1] for r in conn.execute(f"PRAGMA table_info({table})").fetchall()}


_KEY = "coalesce(CAST(p.geonameid AS TEXT), 'name:' || lower(coalesce(p.name, p.text)))"


def _build(conn: sqlite3.Connection, path: str, state: tuple) -> _Places | None:
    n = conn.execute("SELECT count(*) FROM places WHERE lat IS NOT NULL AND lon IS NOT NULL").fetchall()[0][0]
    if n > MAX_ROWS:
        return None
    kind = "max(p.kind)" if "kind" in _columns(conn, "places") else "NULL"
    index: dict[str, int] = {}
    places: list[tuple] = []
    for row in conn.execute(
            f"SELECT {_KEY} AS k, coalesce(max(p.name), min(p.text)), p.geonameid, max(p.country_code),"
            f" max(p.feature_class), max(p.admin1), {kind} FROM places p"
            " WHERE p.lat IS NOT NULL AND p.lon IS NOT NULL GROUP BY k").fetchall():
        index[row[0]] = len(places)
        places.append(tuple(row[1:]))
    # rows by date (undated last: '\uffff' sorts after every date), then article, so that the first
    # row of a place in an article is found in one pass
    rows = conn.execute(
        f"SELECT {_KEY}, a.published, p.article_id, p.lat, p.lon FROM places p"
        " LEFT JOIN articles a ON a.id = p.article_id WHERE p.lat IS NOT NULL AND p.lon IS NOT NULL").fetchall()
    rows.sort(key=lambda r: (r[1] is None, r[1] or "", r[2] or ""))
    m = len(rows)
    group = np.fromiter((index[r[0]] for r in rows), dtype=np.int32, count=m)
    lat = np.fromiter((r[3] for r in rows), dtype=np.float64, count=m)
    lon = np.fromiter((r[4] for r in rows), dtype=np.float64, count=m)
    first = np.zeros(m, dtype=bool)
    dates: list[str] = []
    date_end: list[int] = []
    seen: set[int] = set()
    article = object()
    for i, r in enumerate(rows):
        if r[2] != article or r[2] is None:
            article, seen = r[2], set()
        g = int(group[i])
        if g not in seen:
            seen.add(g)
            first[i] = True
        if r[1] is not None:
            if dates and dates[-1] == r[1]:
                date_end[-1] = i + 1
            else:
                dates.append(r[1])
                date_end.append(i + 1)
    return _Places(state, dates, date_end, group, first, lat, lon, places, [p[0] or "" for p in places])


def _store(conn: sqlite3.Connection) -> _Places | None:
    return per_state(conn, _kept, _building, _build)


def _slice(st: _Places, since: str | None, until: str | None) -> tuple[int, int]:
    """The rows of the articles published in since..until (every row when neither is given)."""
    if not since and not until:
        return 0, len(st.group)
    lo_date = bisect_left(st.dates, since) if since else 0
    hi_date = bisect_right(st.dates, _until(until)) if until else len(st.dates)
    if hi_date <= lo_date:
        return 0, 0
    return (st.date_end[lo_date - 1] if lo_date else 0), st.date_end[hi_date - 1]


def map_places(conn: sqlite3.Connection, *, since: str | None = None, until: str | None = None,
               limit: int = 10_000) -> list[dict[str, Any]] | None:
    """``store.queries.map_places``'s answer from memory, or None when this store is not kept (in a
    transaction, in memory, or too big): the caller then asks SQL."""
    st = _store(conn)
    if st is None:
        return None
    lo, hi = _slice(st, since, until)
    k = len(st.places)
    if hi <= lo or k == 0:
        return []
    g = st.group[lo:hi]
    mentions = np.bincount(g, minlength=k)
    articles = np.bincount(g[st.first[lo:hi]], minlength=k)
    lat = np.bincount(g, weights=st.lat[lo:hi], minlength=k)
    lon = np.bincount(g, weights=st.lon[lo:hi], minlength=k)
    present = np.flatnonzero(mentions)
    # most mentioned first, then most articles, then by name (SQLite's binary order is code point order)
    order = sorted(present.tolist(), key=lambda i: (-int(mentions[i]), -int(articles[i]), st.order_names[i]))
    out = []
    for i in order[:max(0, min(int(limit), MAX_LIMIT))]:
        name, gid, cc, fc, admin1, kind = st.places[i]
        n = int(mentions[i])
        out.append({"name": name, "geonameid": gid, "lat": float(lat[i]) / n, "lon": float(lon[i]) / n,
                    "country_code": cc, "feature_class": fc, "admin1": admin1, "kind": kind,
                    "mentions": n, "articles": int(articles[i])})
    return out


def warm(conn: sqlite3.Connection) -> bool:
    """Read what is kept for the store's current state now (the server does it at start); True
    when it is kept."""
    return _store(conn) is not None
