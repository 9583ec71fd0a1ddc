"""Read-only queries over the store, shared by the CLI, the web UI and exports.

Plain functions over an open ``sqlite3.Connection`` (``newsgraph.store.connect(path, readonly=True)``)
returning lists of plain dicts (JSON-ready). Every value from a user goes in as an SQL parameter;
free text for full-text search is turned into a safe FTS5 query by :func:`fts_query`. This module
is the only place that writes SQL for these queries; the web UI (``newsgraph.web.queries``) adds
caching, totals for paging and snippets on top of the public functions here.

    conn = connect("newsgraph.db", readonly=True)
    find_quotes(conn, QuoteFilter(speaker="Terekhov", since="2024-01-01", limit=20))
    count_quotes(conn, QuoteFilter(about="winter"))   # exact; quote_total(...) stops at COUNT_CAP
    search_quotes(conn, QuoteFilter(about="winter"))  # best match first (newest when very many)
    list_speakers(conn, q="mar")           # ranked by number of quotes
    get_speaker(conn, 3)                   # one speaker with all their quotes, by date
    list_places(conn)                      # places with mention counts and coordinates
    search(conn, 'power station "Kharkiv"')  # articles and quotes, best first
    search_articles(conn, "power station")   # (total, page, order) of articles
    get_record(conn, "demo-001")           # the stored Record, as the pipeline produced it
    latest_articles(conn, 20); count_articles(conn); corpus_stats(conn); timeline(conn)

Speakers: a quote's ``speaker`` is the archive-wide speaker's name (see store/speakers.py) when the
quote is attributed to a named person/organisation, else the name written in the article
(e.g. an unnamed source such as "officials"). ``speaker_id`` is null for unattributed quotes.
A speaker filter given as a name matches any spelling of an archive-wide speaker (its name or
aliases), so it is resolved to speaker ids first and the quotes index does the rest.
"""
from __future__ import annotations

import functools
import json
import re
import sqlite3
from dataclasses import dataclass
from typing import Any

from newsgraph.record import Cue, DateMention, Entity, Mention, Place, Quote, Record, Speaker
from newsgraph.store.filters import id_value as _id_value
from newsgraph.store.filters import like as _like
from newsgraph.store.filters import speaker_clause
from newsgraph.store.filters import until as _until

MAX_LIMIT = 10_000
COUNT_CAP = 2_000  # quote_total/search_articles stop counting here: an exact count past it costs a scan
RANK_MAX = 500  # more matches than this are listed newest first: ranking them all costs more than a page


@dataclass
class QuoteFilter:
    """What ``find_quotes`` selects; every field is optional and they combine with AND.

    speaker: a speaker id (int or digits) or part of a speaker's name (any spelling seen);
    about: words the quote is about (full-text over the quote text);
    place: part of a place name mentioned in the quote's article, or its GeoNames id (digits);
    since/until: publication dates YYYY[-MM[-DD]], inclusive;
    source: part of the article's source (site, publisher or input file) or URL.
    """

    speaker: str | int | None = None
    about: str | None = None
    place: str | None = None
    since: str | None = None
    until: str | None = None
    source: str | None = None
    article_id: str | None = None
    limit: int = 50
    offset: int = 0

    def only_words(self) -> bool:
        """True when nothing but ``about`` (if anything) filters."""
        return self.speaker in (None, "") and not any((self.place, self.since, self.until, self.source,
                                                       self.article_id))


def _page(limit: int | None, offset: int | None) -> tuple[int, int]:
    limit = MAX_LIMIT if limit is None else max(0, min(int(limit), MAX_LIMIT))
    return limit, max(0, int(offset or 0))


_FTS_TOKEN = re.compile(r'(-?)"([^"]*)"|(\S+)')
_WORD = re.compile(r"\w+", re.UNICODE)


@functools.lru_cache(maxsize=4096)  # one search parses its words seven times (counts, pages, marks)
def _fts_parts(text: str) -> tuple[tuple[str, str, bool], ...]:
    """User text -> (op, words, prefix) in order: op is "" (must occur), "OR" (this or the term
    before), "NOT" (must not occur: -word or -"a phrase"). ``words`` is one word or a phrase."""
    out: list[tuple[str, str, bool]] = []
    pending_or = False
    for m in _FTS_TOKEN.finditer(text or ""):
        neg_phrase, phrase, token = m.group(1), m.group(2), m.group(3)
        if token == "OR" and out and out[-1][0] != "NOT":
            pending_or = True
            continue
        neg = bool(neg_phrase) if phrase is not None else (token.startswith("-") and len(token) > 1)
        words = _WORD.findall(phrase if phrase is not None else token)
        if not words:
            continue
        op = "NOT" if neg else ("OR" if pending_or else "")
        pending_or = False
        if phrase is not None or (neg and len(words) > 1):  # -well-known excludes the phrase
            out.append((op, " ".join(words), False))
        else:  # "power-station" is two words, each must occur; a trailing * is the last one's prefix
            out += [(op if i == 0 else "", w, False) for i, w in enumerate(words[:-1])]
            out.append((op if len(words) == 1 else "", words[-1], token.endswith("*")))
    return tuple(out)


def fts_terms(text: str) -> list[tuple[str, bool]]:
    """User text -> the terms :func:`fts_query` searches for (not the excluded ones): (words,
    prefix) pairs, where ``words`` is one word or a "quoted phrase" (words joined by a space) and
    ``prefix`` says a trailing * allows any word continuing the last one. For highlighting."""
    out: list[tuple[str, bool]] = []
    for op, words, prefix in _fts_parts(text):
        if op != "NOT":
            out.append((words, prefix))
    return out


@functools.lru_cache(maxsize=4096)
def fts_query(text: str) -> str | None:
    """User text -> a safe FTS5 query: every word must occur; "quoted words" are a phrase; a
    trailing * keeps prefix search; ``OR`` between two terms accepts either; ``-word`` or
    ``-"a phrase"`` excludes. Nothing else of FTS5's syntax is interpreted (punctuation, other
    operators, column filters are just text). None when nothing is left to find (no word, or only
    excluded ones)."""
    parts = _fts_parts(text)
    pos = [(op, f'"{w}"' + ("*" if prefix else "")) for op, w, prefix in parts if op != "NOT"]
    neg = [f'"{w}"' + ("*" if prefix else "") for op, w, prefix in parts if op == "NOT"]
    if not pos:
        return None
    body = " ".join((f"OR {t}" if op == "OR" else t) for op, t in pos)
    if not neg:
        return body
    return f"({body})" + "".join(f" NOT {t}" for t in neg)


def _one(conn: sqlite3.Connection, sql: str, params: list[Any] | tuple = ()) -> Any:
    """The single value of ``sql``. fetchall, not fetchone: a statement left unfinished keeps its read
    transaction (an old snapshot) open on this connection while an ingest commits."""
    return conn.execute(sql, params).fetchall()[0][0]


def _rows(conn: sqlite3.Connection, sql: str, params: list[Any] | tuple = ()) -> list[sqlite3.Row]:
    cur = conn.cursor()
    cur.row_factory = sqlite3.Row
    return cur.execute(sql, params).fetchall()


# -- filters -------------------------------------------------------------------------------------

def _speaker_clause(value: str | int, where: list[str], params: list[Any],
                    conn: sqlite3.Connection | None = None) -> None:
    """Quotes q by one speaker (see :func:`newsgraph.store.filters.speaker_clause`)."""
    speaker_clause("q.speaker_id", value, where, params, conn)


def _article_clauses(place: str | int | None, since: str | None, until: str | None, source: str | None,
                     where: list[str], params: list[Any], id_col: str = "a.id") -> None:
    """Filters on articles a; the place filter tests ``id_col`` (an article id column), so a caller
    walking quotes can test q.article_id without joining articles. Digits name a GeoNames id."""
    if place not in (None, ""):
        try:
            gid = _id_value(place)
        except OverflowError:
            gid = None
            where.append("0")
        else:
            if gid is not None:
                where.append(f"{id_col} IN (SELECT article_id FROM places WHERE geonameid = ?)")
                params.append(gid)
            else:
                where.append(f"{id_col} IN (SELECT article_id FROM places WHERE name LIKE ? ESCAPE '\\'"
                             " OR text LIKE ? ESCAPE '\\')")
                params += [_like(str(place).strip())] * 2
    if since:
        where.append("a.published >= ?")
        params.append(since)
    if until:
        where.append("a.published <= ?")
        params.append(_until(until))
    if source:
        where.append("(a.source LIKE ? ESCAPE '\\' OR a.url LIKE ? ESCAPE '\\')")
        params.extend([_like(source), _like(source)])


def _quote_where(f: QuoteFilter, *, probe: bool = False, conn: sqlite3.Connection | None = None
                 ) -> tuple[list[str], list[Any], bool]:
    """WHERE terms over quotes q / articles a, and whether articles must be joined. ``probe``: the
    quotes are walked article by article, so the words' matches are a set to test quotes against
    (``+q.id``: not rowids to look up one by one) and a place is tested once per article."""
    where: list[str] = []
    params: list[Any] = []
    if f.speaker not in (None, ""):
        _speaker_clause(f.speaker, where, params, conn)
    if f.about:
        fq = fts_query(f.about)
        if fq:
            where.append(f"{'+' if probe else ''}q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)")
            params.append(fq)
    if f.article_id:
        where.append("q.article_id = ?")
        params.append(f.article_id)
    _article_clauses(f.place, None, None, None, where, params, id_col="a.id" if probe else "q.article_id")
    n = len(where)
    _article_clauses(None, f.since, f.until, f.source, where, params)
    return where, params, len(where) > n


# -- quotes --------------------------------------------------------------------------------------

_QUOTE_COLUMNS = """
    q.id, q.article_id, q.text, q.type, q.start, q."end",
    coalesce(s.name, q.speaker_name) AS speaker, q.speaker_id, q.speaker_text,
    q.speaker_start, q.speaker_end, q.cue, q.cue_start, q.cue_end,
    a.published, a.title, a.source, a.url"""


def quote_total(conn: sqlite3.Connection, f: QuoteFilter | None = None, *,
                cap: int | None = COUNT_CAP) -> tuple[int, bool]:
    """(total, exact): how many quotes match ``f`` (ignoring limit/offset). With a ``cap`` the
    count stops past it and (cap, False) means "at least cap"; words alone are counted exactly
    by the full-text index whatever their number."""
    f = f or QuoteFilter()
    where, params, join = _quote_where(f, conn=conn)
    if not where:
        return _one(conn, "SELECT count(*) FROM quotes"), True
    if len(where) == 1 and f.about:  # words alone: the FTS index counts them
        return _one(conn, "SELECT count(*) FROM quotes_fts WHERE quotes_fts MATCH ?", params), True
    j = " JOIN articles a ON a.id = q.article_id" if join else ""
    stop = "" if cap is None else f" LIMIT {int(cap) + 1}"
    n = _one(conn, f"SELECT count(*) FROM (SELECT 1 FROM quotes q{j} WHERE {' AND '.join(where)}{stop})", params)
    return (n, True) if cap is None or n <= cap else (cap, False)


def count_quotes(conn: sqlite3.Connection, f: QuoteFilter | None = None) -> int:
    """How many quotes match ``f`` (ignores limit/offset), exactly, for paging."""
    return quote_total(conn, f, cap=None)[0]


def find_quotes(conn: sqlite3.Connection, f: QuoteFilter | None = None, *,
                total: tuple[int, bool] | None = None) -> list[dict[str, Any]]:
    """Quotes matching ``f``, newest article first (undated last), in text order within an article.
    ``total``: ``quote_total(conn, f)`` when the caller has it already (it picks the plan).

    Two plans, chosen by the count: few matches are fetched and sorted (cost ~ matches); many are
    found by walking the articles by date (index articles_published) until the page is full (cost ~
    page end x quotes / matches). Either way only the page's ids are sorted, then its rows read."""
    f = f or QuoteFilter()
    limit, offset = _page(f.limit, f.offset)
    n, exact = total if total is not None else quote_total(conn, f)
    if limit == 0 or n == 0 or (exact and offset >= n):
        return []
    n_all = _one(conn, "SELECT max(id) FROM quotes") or 0  # an estimate of the count, without a scan
    # measured: a sorted match costs ~4x a quote walked past
    dense = not exact or n * n > (limit + offset) * n_all // 4
    where, params, _ = _quote_where(f, probe=dense, conn=conn)
    w = (" WHERE " + " AND ".join(where)) if where else ""
    if dense:
        # both indexes forced: left free, SQLite may walk a speaker's quotes once per article
        src = ("articles a INDEXED BY articles_published CROSS JOIN quotes q INDEXED BY quotes_article"
               " ON q.article_id = a.id")
    else:
        src = "quotes q JOIN articles a ON a.id = q.article_id"
    # NULL dates sort last in DESC order
    ids = [r[0] for r in conn.execute(f"SELECT q.id FROM {src}{w} ORDER BY a.published DESC, q.article_id, q.start"
                                      " LIMIT ? OFFSET ?", params + [limit, offset]).fetchall()]
    return quotes_by_ids(conn, ids)


def quotes_by_ids(conn: sqlite3.Connection, ids: list[int]) -> list[dict[str, Any]]:
    """Quote rows (the find_quotes shape) for ``ids``, in that order."""
    rows: list[sqlite3.Row] = []
    for i in range(0, len(ids), 500):
        part = ids[i:i + 500]
        rows += _rows(conn, f"SELECT {_QUOTE_COLUMNS} FROM quotes q JOIN articles a ON a.id = q.article_id"
                      f" LEFT JOIN speakers s ON s.id = q.speaker_id WHERE q.id IN ({','.join('?' * len(part))})",
                      part)
    at = {q: i for i, q in enumerate(ids)}
    # with the quoted words without the narration (``content``) that exports, pages and the API show
    return with_segments(conn, sorted((dict(r) for r in rows), key=lambda r: at[r["id"]]))


def _ranked_quote_ids(conn: sqlite3.Connection, f: QuoteFilter, limit: int, offset: int) -> list[tuple[int, float]]:
    """(quote id, bm25 rank) of the quotes matching ``f`` (``f.about`` required), best first (ties by
    article id, so that search's merge of articles and quotes is stable)."""
    rest = QuoteFilter(**{**f.__dict__, "about": None})
    where, params, join = _quote_where(rest, conn=conn)
    j = " JOIN articles a ON a.id = q.article_id" if join else ""
    w = "".join(" AND " + c for c in where)
    return [(r[0], r[1]) for r in conn.execute(
        f"SELECT q.id, quotes_fts.rank FROM quotes_fts JOIN quotes q ON q.id = quotes_fts.rowid{j}"
        f" WHERE quotes_fts MATCH ?{w} ORDER BY quotes_fts.rank, q.article_id LIMIT ? OFFSET ?",
        [fts_query(f.about or "")] + params + [limit, offset]).fetchall()]


def search_quotes(conn: sqlite3.Connection, f: QuoteFilter, *, total: tuple[int, bool] | None = None,
                  rank_max: int = RANK_MAX, matches: int | None = None, newest: list[int] | None = None
                  ) -> tuple[list[dict[str, Any]], str]:
    """Quotes matching the words ``f.about`` (and the other filters): (page, order). Ranked by
    relevance (bm25, order "rank") when at most ``rank_max`` quotes contain the words, else newest
    first (order "newest", as find_quotes). ``total``: ``quote_total(conn, f)`` if known;
    ``matches``: how many quotes contain the words, filters aside, if known; ``newest``: the ids of
    every quote matching ``f`` in find_quotes' order, when the caller has them (the web, from
    memory: a page is then a slice, not a walk over the articles by date)."""
    if not f.about or fts_query(f.about) is None:
        return [], "rank"
    n, exact = total if total is not None else quote_total(conn, f)
    limit, offset = _page(f.limit, f.offset)
    if n == 0 or (exact and offset >= n):
        return [], "rank"
    # rank only what the FTS index can rank cheaply: bm25 is computed for every match of the words
    if matches is None:
        matches = n if (exact and f.only_words()) else quote_total(conn, QuoteFilter(about=f.about))[0]
    if not exact or matches > rank_max:
        if newest is not None:
            return quotes_by_ids(conn, newest[offset:offset + limit]), "newest"
        return find_quotes(conn, f, total=(n, exact)), "newest"
    return quotes_by_ids(conn, [i for i, _ in _ranked_quote_ids(conn, f, limit, offset)]), "rank"


def with_segments(conn: sqlite3.Connection, quotes: list[dict[str, Any]], sep: str = " … ") -> list[dict[str, Any]]:
    """Add ``segments`` ([[start, end], ...] or None) and ``content`` (the quoted words only: the
    segments joined by ``sep``, without an interrupting "he said") to quote rows from find_quotes."""
    ids = [q["id"] for q in quotes]
    segs: dict[int, list] = {}
    stored: dict[int, str] = {}  # the content the record gave (schema v4), else computed here
    for i in range(0, len(ids), 500):
        part = ids[i:i + 500]
        for r in _rows(conn, f"SELECT * FROM quotes WHERE id IN ({','.join('?' * len(part))})", part):
            if "content" in r.keys() and r["content"] is not None:
                stored[r["id"]] = r["content"]
            if r["segments"] is None:
                continue
            try:
                segs[r["id"]] = json.loads(r["segments"])
            except (ValueError, TypeError):
                pass
    out = []
    for q in quotes:
        d = dict(q, segments=segs.get(q["id"]))
        if q["id"] in stored:
            d["content"] = stored[q["id"]]
        elif d["segments"]:
            d["content"] = sep.join(q["text"][s - q["start"]:e - q["start"]].strip() for s, e in d["segments"])
        else:
            d["content"] = q["text"]
        out.append(d)
    return out


def article_quotes(conn: sqlite3.Connection, article_id: str) -> list[dict[str, Any]]:
    """An article's quotes (every column, ``segments`` as tuples) in text order, with the
    archive-wide speaker name as ``speaker``."""
    out = []
    for q in _rows(conn, "SELECT q.*, coalesce(s.name, q.speaker_name) AS speaker FROM quotes q"
                   " LEFT JOIN speakers s ON s.id = q.speaker_id WHERE q.article_id = ? ORDER BY q.start",
                   [article_id]):
        d = dict(q)
        d["segments"] = [tuple(s) for s in json.loads(q["segments"])] if q["segments"] else None
        out.append(d)
    return out


# -- speakers ------------------------------------------------------------------------------------

_AFFILIATION = re.compile(r"\b(of|at|for|with|from)\b|^(member|head|leader|spokes\w*|commander|chief)\b", re.I)


def split_descriptors(descriptors: list[str]) -> tuple[list[str], list[str]]:
    """Descriptors -> (roles, affiliations): "member of X", "spokesman for Y" are affiliations;
    "drone operator", "mayor" are roles; bare ages ("42") are dropped. Most frequent first."""
    counts: dict[str, int] = {}
    for d in descriptors:
        d = " ".join(str(d).split())
        if d and not d.isdigit():
            counts[d] = counts.get(d, 0) + 1
    ranked = sorted(counts, key=lambda d: (-counts[d], d.lower()))
    affiliations = [d for d in ranked if _AFFILIATION.search(d)]
    roles = [d for d in ranked if d not in affiliations]
    return roles, affiliations


def _descriptors_for(conn: sqlite3.Connection, ids: list[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {i: [] for i in ids}
    if not ids:
        return out
    marks = ",".join("?" * len(ids))
    for r in _rows(conn, f"SELECT speaker_id, descriptors FROM entities WHERE speaker_id IN ({marks})", ids):
        try:
            out[r[0]].extend(json.loads(r[1] or "[]"))
        except (ValueError, TypeError):
            pass
    return out


def _speaker_dict(r: Any, descriptors: list[str]) -> dict[str, Any]:
    roles, affiliations = split_descriptors(descriptors)
    try:
        aliases = json.loads(r["aliases"] or "[]")
    except (ValueError, TypeError):
        aliases = []
    return {"id": r["id"], "name": r["name"], "type": r["type"], "quotes": r["quotes"],
            "articles": r["articles"], "first_seen": r["first_seen"], "last_seen": r["last_seen"],
            "roles": roles[:5], "affiliations": affiliations[:5],
            "aliases": [a for a in aliases if a != r["name"]]}


_SPEAKER_SQL = """
SELECT s.id, s.name, s.type, s.aliases,
       count(q.id) AS quotes, count(DISTINCT q.article_id) AS articles,
       min(a.published) AS first_seen, max(a.published) AS last_seen
FROM speakers s
LEFT JOIN quotes q ON q.speaker_id = s.id
LEFT JOIN articles a ON a.id = q.article_id
"""


def _once_per_report(conn: sqlite3.Connection) -> tuple[str, str, str]:
    """(quotes, articles, join) SQL that counts a copy of a report once (issue 19: its quotes are
    the original's; store/copies.py), or plain counts in a store without copies (schema < 6)."""
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'article_sketches'").fetchall():
        return ("sum(sk.report_id IS NULL OR sk.report_id = q.article_id)",
                "count(DISTINCT coalesce(sk.report_id, q.article_id))",
                " LEFT JOIN article_sketches sk ON sk.article_id = q.article_id")
    return "count(q.id)", "count(DISTINCT q.article_id)", ""

SpeakerRank = tuple  # (speaker_id, quotes, articles, first_seen, last_seen)


def speaker_ranking(conn: sqlite3.Connection) -> list[SpeakerRank]:
    """(speaker_id, quotes, articles, first_seen, last_seen) for every quoted speaker, in one grouped
    pass over the quotes (unordered; a caller may keep it until the database changes)."""
    n, arts, join = _once_per_report(conn)
    return [tuple(r) for r in conn.execute(
        f"SELECT q.speaker_id, {n} AS n, {arts}, min(a.published), max(a.published)"
        f" FROM quotes q JOIN articles a ON a.id = q.article_id{join} WHERE q.speaker_id IS NOT NULL"
        # an unnamed source ('residents', 'a spokesperson') is its article's own, never ranked
        " AND q.speaker_id NOT IN (SELECT id FROM speakers WHERE key LIKE 'UNNAMED|%')"
        " GROUP BY q.speaker_id").fetchall()]


def rank_speakers(conn: sqlite3.Connection, q: str | None = None, *, type: str | None = None,
                  with_quotes: bool = True, ranking: list[SpeakerRank] | None = None) -> list[SpeakerRank]:
    """Every speaker matching ``q`` (any part of any spelling) and ``type``, ranked by quotes, then
    articles, then name: the whole order, as (speaker_id, quotes, articles, first_seen, last_seen).
    ``ranking``: :func:`speaker_ranking`'s answer when the caller keeps it."""
    if ranking is None:
        ranking = speaker_ranking(conn)
    where, params = [], []
    if q:
        where.append("(name LIKE ? ESCAPE '\\' OR aliases LIKE ? ESCAPE '\\')")
        params += [_like(q)] * 2
    if type:
        where.append("type = ?")
        params.append(type.upper())
    names = dict(conn.execute("SELECT id, name FROM speakers" + (" WHERE " + " AND ".join(where) if where else ""),
                              params).fetchall())
    order = [r for r in ranking if r[0] in names]
    if not with_quotes:
        quoted = {r[0] for r in order}
        order += [(sid, 0, 0, None, None) for sid in names if sid not in quoted]
    return sorted(order, key=lambda r: (-r[1], -r[2], names[r[0]]))


def speaker_rows(conn: sqlite3.Connection, ranked: list[SpeakerRank]) -> list[dict[str, Any]]:
    """The list_speakers rows (name, kind, roles, affiliations, aliases) for ranked speakers."""
    if not ranked:
        return []
    marks = ",".join("?" * len(ranked))
    base = {r["id"]: r for r in _rows(conn, f"SELECT id, name, type, aliases FROM speakers WHERE id IN ({marks})",
                                      [r[0] for r in ranked])}
    desc = _descriptors_for(conn, [r[0] for r in ranked])
    out = []
    for sid, n, arts, first, last in ranked:
        b = base.get(sid)
        if b is not None:
            out.append(_speaker_dict({"id": sid, "name": b["name"], "type": b["type"], "aliases": b["aliases"],
                                      "quotes": n, "articles": arts, "first_seen": first, "last_seen": last},
                                     desc[sid]))
    return out


def list_speakers(conn: sqlite3.Connection, q: str | None = None, limit: int = 50, offset: int = 0,
                  *, type: str | None = None, with_quotes: bool = True) -> list[dict[str, Any]]:
    """Speakers ranked by number of quotes (then articles, then name), with roles, affiliations
    and the other spellings they were written as. ``q`` filters by any part of any spelling."""
    limit, offset = _page(limit, offset)
    order = rank_speakers(conn, q, type=type, with_quotes=with_quotes)
    return speaker_rows(conn, order[offset:offset + limit])


def get_speaker(conn: sqlite3.Connection, speaker_id: int, *, limit: int = 500) -> dict[str, Any] | None:
    """One speaker with all their quotes (oldest first) and the articles they appear in."""
    n, arts, join = _once_per_report(conn)
    sql = _SPEAKER_SQL.replace("count(q.id)", n).replace("count(DISTINCT q.article_id)", arts) + join
    rows = _rows(conn, sql + " WHERE s.id = ? GROUP BY s.id", [int(speaker_id)])
    if not rows:
        return None
    out = _speaker_dict(rows[0], _descriptors_for(conn, [rows[0]["id"]])[rows[0]["id"]])
    quotes = _rows(conn, f"SELECT {_QUOTE_COLUMNS} FROM quotes q JOIN articles a ON a.id = q.article_id "
                   "LEFT JOIN speakers s ON s.id = q.speaker_id WHERE q.speaker_id = ? "
                   "ORDER BY a.published IS NULL, a.published, q.article_id, q.start LIMIT ?",
                   [int(speaker_id), _page(limit, 0)[0]])
    out["quote_list"] = with_segments(conn, [dict(r) for r in quotes])
    out["article_list"] = [dict(r) for r in _rows(
        conn, "SELECT DISTINCT a.id, a.title, a.published, a.source, a.url FROM entities e "
        "JOIN articles a ON a.id = e.article_id WHERE e.speaker_id = ? "
        "ORDER BY a.published IS NULL, a.published", [int(speaker_id)])]
    return out


def article_speakers(conn: sqlite3.Connection, article_id: str) -> list[dict[str, Any]]:
    """The people quoted in one article: name, kind, and the role/affiliation this article gives."""
    rows = _rows(
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


# -- places --------------------------------------------------------------------------------------

def list_places(conn: sqlite3.Connection, limit: int = 50, offset: int = 0, *, q: str | None = None,
                resolved_only: bool = False, article_id: str | None = None) -> list[dict[str, Any]]:
    """Places ranked by mentions: one row per GeoNames id (or per name when unresolved), with
    coordinates, country, feature class, admin1, mention and article counts and the spellings seen."""
    limit, offset = _page(limit, offset)
    where, params = [], []
    if q:
        where.append("(p.name LIKE ? ESCAPE '\\' OR p.text LIKE ? ESCAPE '\\')")
        params.extend([_like(q), _like(q)])
    if resolved_only:
        where.append("p.geonameid IS NOT NULL")
    if article_id:
        where.append("p.article_id = ?")
        params.append(article_id)
    sql = ("SELECT coalesce(max(p.name), min(p.text)) AS name, p.geonameid, avg(p.lat) AS lat, avg(p.lon) AS lon,"
           " max(p.country_code) AS country_code, max(p.feature_class) AS feature_class,"
           " max(p.admin1) AS admin1, count(*) AS mentions, count(DISTINCT p.article_id) AS articles,"
           " group_concat(DISTINCT p.text) AS spellings"
           " FROM places p" + (" WHERE " + " AND ".join(where) if where else "") +
           " GROUP BY coalesce(CAST(p.geonameid AS TEXT), 'name:' || lower(coalesce(p.name, p.text)))"
           " ORDER BY mentions DESC, articles DESC, name LIMIT ? OFFSET ?")
    out = []
    for r in _rows(conn, sql, params + [limit, offset]):
        d = dict(r)
        d["spellings"] = sorted(set((d["spellings"] or "").split(",")) - {""})
        out.append(d)
    return out


def count_places(conn: sqlite3.Connection, q: str | None = None) -> int:
    """How many rows list_places has for ``q`` (no limit)."""
    where, params = "", []
    if q:
        where, params = " WHERE (p.name LIKE ? ESCAPE '\\' OR p.text LIKE ? ESCAPE '\\')", [_like(q)] * 2
    return _one(conn, "SELECT count(DISTINCT coalesce(CAST(p.geonameid AS TEXT), 'name:' ||"
                f" lower(coalesce(p.name, p.text)))) FROM places p{where}", params)


def map_places(conn: sqlite3.Connection, *, since: str | None = None, until: str | None = None,
               limit: int = 10_000) -> list[dict[str, Any]]:
    """The places with coordinates for the map, most mentioned first, counted over the articles
    published in since..until (inclusive, YYYY[-MM[-DD]]): name, geonameid, lat, lon, country_code,
    feature_class, admin1, kind (the place's kind as stored, schema v5), mentions, articles."""
    limit, _ = _page(limit, 0)
    where, params = ["p.lat IS NOT NULL", "p.lon IS NOT NULL"], []
    join = ""
    if since or until:
        join = " JOIN articles a ON a.id = p.article_id"
        _article_clauses(None, since, until, None, where, params)
    kind = "max(p.kind)" if "kind" in _columns(conn, "places") else "NULL"
    sql = ("SELECT coalesce(max(p.name), min(p.text)) AS name, p.geonameid, avg(p.lat) AS lat, avg(p.lon) AS lon,"
           " max(p.country_code) AS country_code, max(p.feature_class) AS feature_class, max(p.admin1) AS admin1,"
           f" {kind} AS kind, count(*) AS mentions, count(DISTINCT p.article_id) AS articles"
           f" FROM places p{join} WHERE {' AND '.join(where)}"
           " GROUP BY coalesce(CAST(p.geonameid AS TEXT), 'name:' || lower(coalesce(p.name, p.text)))"
           " ORDER BY mentions DESC, articles DESC, name LIMIT ?")
    return [dict(r) for r in _rows(conn, sql, params + [limit])]


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    """The column names of ``table`` (empty when there is no such table)."""
    return {r[1] for r in conn.execute(f"PRAGMA table_info({table})").fetchall()}


# -- full text -----------------------------------------------------------------------------------

def _article_search_where(place: str | None, since: str | None, until: str | None, source: str | None,
                          speaker: str | int | None, conn: sqlite3.Connection | None = None
                          ) -> tuple[list[str], list[Any]]:
    """Filters on articles a; a speaker keeps the articles in which that speaker is quoted."""
    where: list[str] = []
    params: list[Any] = []
    _article_clauses(place, since, until, source, where, params)
    if speaker not in (None, ""):
        sw: list[str] = []
        _speaker_clause(speaker, sw, params, conn)
        where.append(f"a.id IN (SELECT q.article_id FROM quotes q WHERE {sw[0]})")
    return where, params


def _ranked_article_ids(conn: sqlite3.Connection, fq: str, where: list[str], params: list[Any],
                        limit: int, offset: int) -> list[tuple[int, float]]:
    """(article rowid, bm25 rank) of the matching articles, best first."""
    extra = "".join(" AND " + c for c in where)
    return [(r[0], r[1]) for r in conn.execute(
        "SELECT a.rowid, articles_fts.rank FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
        f" WHERE articles_fts MATCH ?{extra} ORDER BY articles_fts.rank, a.id LIMIT ? OFFSET ?",
        [fq] + params + [limit, offset]).fetchall()]


def search_articles(conn: sqlite3.Connection, text: str, *, place: str | None = None, since: str | None = None,
                    until: str | None = None, source: str | None = None, speaker: str | int | None = None,
                    limit: int = 20, offset: int = 0, rank_max: int | None = RANK_MAX, cap: int = COUNT_CAP,
                    total: int | None = None, newest: list[int] | None = None, matches: int | None = None
                    ) -> tuple[int, list[dict[str, Any]], str]:
    """Articles (title and text) matching the words ``text`` and the filters: (total, page, order).

    A ``speaker`` keeps the articles in which that speaker is quoted. ``total`` is exact without
    filters; with filters the count stops at ``cap`` (a total equal to it means at least). The page
    is ranked by relevance (bm25, order "rank") unless more than ``rank_max`` articles contain
    the words (bm25 is computed for every match, filtered or not): then newest first ("newest").
    Rows: id, title, published, source, url, text (for a snippet) and rowid. ``total``: the
    filtered count (at most ``cap``) when the caller has it (the web counts from memory);
    ``newest``: the rowids of every filtered match in the "newest" order, when the caller has them
    (the web, from memory: a page is then a slice, not a walk over the articles by date);
    ``matches``: how many articles contain the words, filters aside, when the caller knows."""
    fq = fts_query(text)
    if fq is None:
        return 0, [], "rank"
    limit, offset = _page(limit, offset)
    where, params = _article_search_where(place, since, until, source, speaker, conn)
    match = "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?"
    if matches is None:
        matches = _one(conn, "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", [fq])
    if total is not None:
        total = min(total, cap) if where else matches
    elif where:
        n = _one(conn, f"SELECT count(*) FROM (SELECT 1 FROM articles a WHERE a.rowid IN ({match}) AND "
                 f"{' AND '.join(where)} LIMIT {int(cap) + 1})", [fq] + params)
        total = min(n, cap)
    else:
        total = matches
    if rank_max is not None and matches > rank_max and newest is not None:
        order = "newest"
        page = newest[offset:offset + limit]
    elif rank_max is not None and matches > rank_max:
        order = "newest"
        extra = "".join(" AND " + c for c in where)
        page = [r[0] for r in conn.execute(
            f"SELECT a.rowid FROM articles a INDEXED BY articles_published WHERE +a.rowid IN ({match}){extra}"
            " ORDER BY a.published DESC, a.id LIMIT ? OFFSET ?", [fq] + params + [limit, offset]).fetchall()]
    else:
        order = "rank"
        page = [i for i, _ in _ranked_article_ids(conn, fq, where, params, limit, offset)]
    return total, _articles_by_rowids(conn, page), order


def _articles_by_rowids(conn: sqlite3.Connection, rowids: list[int]) -> list[dict[str, Any]]:
    """The rows of a page of articles (at most a page: one statement), in the order of ``rowids``."""
    if not rowids:
        return []
    rows = {r["rowid"]: dict(r) for r in _rows(
        conn, f"SELECT rowid, id, title, published, source, url, text FROM articles WHERE rowid IN"
              f" ({','.join('?' * len(rowids))})", list(rowids))}
    return [rows[r] for r in rowids if r in rows]


def _fts_snippet(conn: sqlite3.Connection, table: str, column: int, fq: str, rowid: int) -> str:
    """FTS5's snippet for one matching row, matched words in [..]: made for the page's rows only."""
    rows = conn.execute(f"SELECT snippet({table}, {int(column)}, '[', ']', ' … ', 24) FROM {table}"
                        f" WHERE {table} MATCH ? AND rowid = ?", [fq, rowid]).fetchall()
    return rows[0][0] if rows else ""


def search(conn: sqlite3.Connection, text: str, *, limit: int = 20, offset: int = 0,
           speaker: str | int | None = None, place: str | None = None, source: str | None = None,
           since: str | None = None, until: str | None = None, kind: str | None = None) -> list[dict[str, Any]]:
    """Full-text search over article titles/texts and quote texts, best match first.

    Each hit: {"kind": "article"|"quote", "article_id", "title", "published", "source", "url",
    "snippet" (with [..] around matched words), "rank", and for quotes "quote_id", "speaker",
    "speaker_id"}. ``kind`` restricts to one kind; ``speaker`` restricts to quotes."""
    fq = fts_query(text)
    if fq is None:
        return []
    limit, offset = _page(limit, offset)
    hits: list[tuple[float, str, str, int]] = []  # (rank, article id, kind, rowid or quote id)
    if kind in (None, "article") and speaker in (None, ""):
        where, params = _article_search_where(place, since, until, source, None)
        ranked = _ranked_article_ids(conn, fq, where, params, limit + offset, 0)
        ids = dict(conn.execute(f"SELECT rowid, id FROM articles WHERE rowid IN ({','.join('?' * len(ranked))})",
                                [i for i, _ in ranked]).fetchall()) if ranked else {}
        hits += [(rank, ids[i], "article", i) for i, rank in ranked]
    if kind in (None, "quote"):
        f = QuoteFilter(about=text, speaker=speaker, place=place, source=source, since=since, until=until)
        ranked = _ranked_quote_ids(conn, f, limit + offset, 0)
        quotes = {q["id"]: q for q in quotes_by_ids(conn, [i for i, _ in ranked])}
        hits += [(rank, quotes[i]["article_id"], "quote", i) for i, rank in ranked]
    hits.sort(key=lambda h: (h[0], h[1]))
    out = []
    for rank, _, k, i in hits[offset:offset + limit]:
        if k == "article":
            a = _articles_by_rowids(conn, [i])[0]
            out.append({"kind": "article", "article_id": a["id"], "title": a["title"], "published": a["published"],
                        "source": a["source"], "url": a["url"], "snippet": _fts_snippet(conn, "articles_fts", 1, fq, i),
                        "rank": rank, "quote_id": None, "speaker": None, "speaker_id": None})
        else:
            q = quotes[i]
            out.append({"kind": "quote", "article_id": q["article_id"], "title": q["title"],
                        "published": q["published"], "source": q["source"], "url": q["url"],
                        "snippet": _fts_snippet(conn, "quotes_fts", 0, fq, i), "rank": rank, "quote_id": i,
                        "speaker": q["speaker"], "speaker_id": q["speaker_id"]})
    return out


# -- articles ------------------------------------------------------------------------------------

def get_record(conn: sqlite3.Connection, article_id: str) -> Record | None:
    """The stored article as a Record (the same shape the pipeline produced)."""
    rows = _rows(conn, "SELECT * FROM articles WHERE id = ?", [article_id])
    if not rows:
        return None
    a = rows[0]
    rec = Record(id=a["id"], text=a["text"], title=a["title"], url=a["url"], published=a["published"],
                 source=a["source"], author=a["author"], analysed_with=a["analysed_with"])
    mentions: dict[str, list[Mention]] = {}
    for m in _rows(conn, 'SELECT entity_id, start, "end", text FROM mentions WHERE article_id = ? '
                   "ORDER BY start", [article_id]):
        mentions.setdefault(m["entity_id"], []).append(Mention(m["start"], m["end"], m["text"]))
    for e in _rows(conn, "SELECT entity_id, name, type, descriptors FROM entities WHERE article_id = ? "
                   "ORDER BY rowid", [article_id]):
        rec.entities.append(Entity(id=e["entity_id"], name=e["name"], type=e["type"],
                                   mentions=mentions.get(e["entity_id"], []),
                                   descriptors=json.loads(e["descriptors"] or "[]")))
    for q in _rows(conn, "SELECT * FROM quotes WHERE article_id = ? ORDER BY start", [article_id]):
        sp = None
        v4 = "content" in q.keys()  # (schema v4: content and the speaker's kind, role, affiliation)
        if q["speaker_name"] is not None:
            sp = Speaker(name=q["speaker_name"], start=q["speaker_start"], end=q["speaker_end"],
                         text=q["speaker_text"], entity=q["speaker_entity"],
                         kind=q["speaker_kind"] if v4 else None, role=q["speaker_role"] if v4 else None,
                         affiliation=q["speaker_affiliation"] if v4 else None)
        cue = Cue(q["cue_start"], q["cue_end"], q["cue"]) if q["cue"] is not None else None
        segs = json.loads(q["segments"]) if q["segments"] else None
        rec.quotes.append(Quote(start=q["start"], end=q["end"], text=q["text"], type=q["type"], speaker=sp,
                                cue=cue, segments=[tuple(s) for s in segs] if segs else None,
                                content=q["content"] if v4 else None))
    for p in _rows(conn, 'SELECT start, "end", text, name, geonameid, lat, lon, country_code, feature_class,'
                   " admin1, kind FROM places WHERE article_id = ? ORDER BY start", [article_id]):
        rec.places.append(Place(**dict(p)))
    for d in _rows(conn, 'SELECT start, "end", text, value, granularity FROM dates WHERE article_id = ? '
                   "ORDER BY start", [article_id]):
        rec.dates.append(DateMention(**dict(d)))
    from newsgraph.store.events import load_events

    load_events(conn, rec)
    return rec


def count_articles(conn: sqlite3.Connection, *, source: str | None = None, since: str | None = None,
                   until: str | None = None, place: str | None = None) -> int:
    """How many articles latest_articles has for these filters (no limit)."""
    where: list[str] = []
    params: list[Any] = []
    _article_clauses(place, since, until, source, where, params)
    return _one(conn, "SELECT count(*) FROM articles a" + (" WHERE " + " AND ".join(where) if where else ""), params)


def latest_articles(conn: sqlite3.Connection, limit: int = 20, offset: int = 0, *,
                    source: str | None = None, since: str | None = None,
                    until: str | None = None, place: str | None = None) -> list[dict[str, Any]]:
    """Articles, newest publication date first (undated last, then by id), with quote/place counts
    (no text). The order comes from the articles_published index, so a page costs its own size;
    the counts are made for the page's rows only."""
    limit, offset = _page(limit, offset)
    where: list[str] = []
    params: list[Any] = []
    _article_clauses(place, since, until, source, where, params)
    w = (" WHERE " + " AND ".join(where)) if where else ""
    return [dict(r) for r in _rows(
        conn, "SELECT a.id, a.title, a.published, a.source, a.url, a.author, a.word_count, a.analysed_with,"
        " a.ingested_at,"
        " (SELECT count(*) FROM quotes q WHERE q.article_id = a.id) AS quotes,"
        " (SELECT count(*) FROM places p WHERE p.article_id = a.id) AS places"
        f" FROM (SELECT a.rowid AS rowid FROM articles a INDEXED BY articles_published{w}"
        " ORDER BY a.published DESC, a.id LIMIT ? OFFSET ?) AS page JOIN articles a ON a.rowid = page.rowid"
        " ORDER BY a.published DESC, a.id", params + [limit, offset])]


def timeline(conn: sqlite3.Connection, *, speaker: str | None = None, place: str | None = None,
             source: str | None = None) -> dict[str, list[dict[str, Any]]]:
    """Counts per month: quotes and articles by publication date, date mentions by their value.
    A speaker counts the articles in which that speaker is quoted."""
    qw, qp, _ = _quote_where(QuoteFilter(speaker=speaker, place=place, source=source), conn=conn)
    month = "substr(a.published, 1, 7)"
    quotes = conn.execute(
        f"SELECT {month} AS month, count(*) AS n FROM quotes q JOIN articles a ON a.id = q.article_id"
        f" WHERE {' AND '.join(qw + ['a.published IS NOT NULL'])} GROUP BY month ORDER BY month", qp).fetchall()
    aw, ap = _article_search_where(place, None, None, source, speaker, conn)
    w = "".join(" AND " + c for c in aw)
    articles = conn.execute(f"SELECT {month} AS month, count(*) AS n FROM articles a WHERE a.published IS NOT NULL"
                            f"{w} GROUP BY month ORDER BY month", ap).fetchall()
    dates = conn.execute(
        "SELECT substr(d.value, 1, 7) AS month, count(*) AS n FROM dates d JOIN articles a ON a.id = d.article_id"
        f" WHERE d.value GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]*'{w} GROUP BY month ORDER BY month", ap).fetchall()
    return {"quotes": [{"month": m, "n": n} for m, n in quotes],
            "articles": [{"month": m, "n": n} for m, n in articles],
            "dates": [{"month": m, "n": n} for m, n in dates]}


def list_sources(conn: sqlite3.Connection, limit: int = 500) -> list[str]:
    """The distinct article sources, alphabetically."""
    return [r[0] for r in conn.execute("SELECT DISTINCT source FROM articles WHERE source IS NOT NULL"
                                       " ORDER BY source LIMIT ?", [_page(limit, 0)[0]])]


def list_failures(conn: sqlite3.Connection, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
    """Inputs that could not be stored, most recent first."""
    limit, offset = _page(limit, offset)
    return [dict(r) for r in _rows(
        conn, "SELECT id, origin, position, article_id, reason, failed_at, attempts,"
        " coalesce(last_failed_at, failed_at) AS last_failed_at FROM failures"
        " ORDER BY coalesce(last_failed_at, failed_at) DESC, origin, position LIMIT ? OFFSET ?",
        [limit, offset])]


def corpus_stats(conn: sqlite3.Connection) -> dict[str, Any]:
    """Totals for a dashboard: articles, words, quotes (attributed), speakers, places, failures,
    sources, date range, the newsgraph versions that analysed the articles."""
    one = lambda sql: _rows(conn, sql)[0][0]  # noqa: E731
    a = _rows(conn, "SELECT count(*) AS n, coalesce(sum(word_count), 0) AS words, min(published) AS first,"
              " max(published) AS last, count(DISTINCT source) AS sources FROM articles")[0]
    return {
        "articles": a["n"], "words": a["words"], "sources": a["sources"],
        "first_published": a["first"], "last_published": a["last"],
        "quotes": one("SELECT count(*) FROM quotes"),
        "attributed_quotes": one("SELECT count(*) FROM quotes WHERE speaker_id IS NOT NULL"),
        "speakers": one("SELECT count(DISTINCT speaker_id) FROM quotes WHERE speaker_id IS NOT NULL"),
        "entities": one("SELECT count(*) FROM speakers"),
        "place_mentions": one("SELECT count(*) FROM places"),
        "places": one("SELECT count(DISTINCT coalesce(CAST(geonameid AS TEXT), lower(name))) FROM places"),
        "dates": one("SELECT count(*) FROM dates"),
        "failures": one("SELECT count(*) FROM failures"),
        "analysed_with": {r[0]: r[1] for r in _rows(
            conn, "SELECT coalesce(analysed_with, '?'), count(*) FROM articles GROUP BY 1")},
        "schema_version": one("PRAGMA user_version"),
    }


# -- one article's page, lookups by id, the articles export ---------------------------------------

def article_row(conn: sqlite3.Connection, article_id: str) -> sqlite3.Row | None:
    """The article's own columns (no analysis), or None."""
    a = conn.execute("SELECT id, title, url, published, source, author, text, word_count FROM articles"
                     " WHERE id = ?", (article_id,)).fetchall()
    return a[0] if a else None


def article_places(conn: sqlite3.Connection, article_id: str) -> list[dict[str, Any]]:
    """The article's place mentions, in text order."""
    return [dict(p) for p in conn.execute(
        "SELECT start, \"end\", text, name, geonameid, lat, lon, country_code FROM places WHERE article_id = ?"
        " ORDER BY start", (article_id,))]


def article_dates(conn: sqlite3.Connection, article_id: str) -> list[dict[str, Any]]:
    """The article's date mentions, in text order."""
    return [dict(d) for d in conn.execute(
        "SELECT start, \"end\", text, value, granularity FROM dates WHERE article_id = ? ORDER BY start",
        (article_id,))]


def ids_like(conn: sqlite3.Connection, part: str, limit: int = 5) -> list[str]:
    """Ids of stored articles containing ``part`` (LIKE), in order: suggestions for a mistyped id."""
    return [r[0] for r in conn.execute("SELECT id FROM articles WHERE id LIKE ? ORDER BY id LIMIT ?",
                                       (f"%{part}%", limit)).fetchall()]


def export_articles(conn: sqlite3.Connection, limit: int, offset: int) -> list[dict[str, Any]]:
    """One page of every article with its metadata, quote count and text: oldest first, undated last."""
    cur = conn.execute(
        "SELECT id, title, url, published, source, author, word_count, analysed_with, ingested_at,"
        " content_hash, (SELECT count(*) FROM quotes q WHERE q.article_id = a.id) AS quotes, text"
        " FROM articles a ORDER BY published IS NULL, published, id LIMIT ? OFFSET ?", (limit, offset))
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]
