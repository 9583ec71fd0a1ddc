"""Read-only queries over the store, shared by the CLI, the web UI and exports.

Plain functions over an open ``sqlite3.Connection`` (``newsgraph.store.connect(path, readonly=True)``)
returning lists of plain dicts (JSON-ready). Every value from a user goes in as an SQL parameter;
free text for full-text search is turned into a safe FTS5 query by :func:`fts_query`.

    conn = connect("newsgraph.db", readonly=True)
    find_quotes(conn, QuoteFilter(speaker="Terekhov", since="2024-01-01", limit=20))
    list_speakers(conn, q="mar")           # ranked by number of quotes
    get_speaker(conn, 3)                   # one speaker with all their quotes, by date
    list_places(conn)                      # places with mention counts and coordinates
    search(conn, 'power station "Kharkiv"')  # articles and quotes, best first
    get_record(conn, "demo-001")           # the stored Record, as the pipeline produced it
    latest_articles(conn, 20); corpus_stats(conn)

Speakers: a quote's ``speaker`` is the archive-wide speaker's name (see store/speakers.py) when the
quote is attributed to a named person/organisation, else the name written in the article
(e.g. an unnamed source such as "officials"). ``speaker_id`` is null for unattributed quotes.
"""
from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from typing import Any

from newsgraph.record import Cue, DateMention, Entity, Mention, Place, Quote, Record, Speaker

MAX_LIMIT = 10_000


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


def _page(limit: int | None, offset: int | None) -> tuple[int, int]:
    limit = MAX_LIMIT if limit is None else max(0, min(int(limit), MAX_LIMIT))
    return limit, max(0, int(offset or 0))


def _like(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere (its own % and _ are literal; ESCAPE '\\')."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _until(value: str) -> str:
    """An inclusive upper bound for a partial date: '2024-05' covers the whole of May."""
    return value + "\uffff"


_FTS_TOKEN = re.compile(r'"([^"]*)"|(\S+)')
_WORD = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str) -> str | None:
    """User text -> a safe FTS5 query: every word must occur; "quoted words" are a phrase;
    a trailing * keeps prefix search. FTS5 operators and punctuation in the input are never
    interpreted. Returns None when the text has no searchable word."""
    parts = []
    for m in _FTS_TOKEN.finditer(text or ""):
        phrase, token = m.group(1), m.group(2)
        words = _WORD.findall(phrase if phrase is not None else token)
        if not words:
            continue
        if phrase is not None:
            parts.append('"' + " ".join(words) + '"')
        else:
            prefix = token.endswith("*")
            parts.extend(f'"{w}"' for w in words[:-1])
            parts.append(f'"{words[-1]}"' + ("*" if prefix else ""))
    return " ".join(parts) or None


def _speaker_clause(value: str | int, where: list[str], params: list[Any]) -> None:
    if isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit()):
        where.append("q.speaker_id = ?")
        params.append(int(value))
        return
    pat = _like(str(value).strip())
    where.append("(q.speaker_name LIKE ? ESCAPE '\\' OR s.name LIKE ? ESCAPE '\\' "
                 "OR s.aliases LIKE ? ESCAPE '\\' OR q.speaker_text LIKE ? ESCAPE '\\')")
    params.extend([pat, pat, pat, pat])


def _article_clauses(place: str | int | None, since: str | None, until: str | None, source: str | None,
                     where: list[str], params: list[Any], alias: str = "a") -> None:
    if isinstance(place, int) or (isinstance(place, str) and place.strip().isdigit()):  # a GeoNames id
        where.append(f"EXISTS (SELECT 1 FROM places p WHERE p.article_id = {alias}.id AND p.geonameid = ?)")
        params.append(int(place))
    elif place:
        where.append(f"EXISTS (SELECT 1 FROM places p WHERE p.article_id = {alias}.id AND "
                     "(p.name LIKE ? ESCAPE '\\' OR p.text LIKE ? ESCAPE '\\'))")
        params.extend([_like(place), _like(place)])
    if since:
        where.append(f"{alias}.published >= ?")
        params.append(since)
    if until:
        where.append(f"{alias}.published <= ?")
        params.append(_until(until))
    if source:
        where.append(f"({alias}.source LIKE ? ESCAPE '\\' OR {alias}.url LIKE ? ESCAPE '\\')")
        params.extend([_like(source), _like(source)])


_QUOTE_COLUMNS = """
    q.id, q.article_id, q.text, q.type, q.start, q."end",
    coalesce(s.name, q.speaker_name) AS speaker, q.speaker_id, q.speaker_text,
    q.speaker_start, q.speaker_end, q.cue, q.cue_start, q.cue_end,
    a.published, a.title, a.source, a.url"""


def _quote_where(f: QuoteFilter) -> tuple[str, list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if f.speaker not in (None, ""):
        _speaker_clause(f.speaker, where, params)
    if f.about:
        fq = fts_query(f.about)
        if fq:
            where.append("q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)")
            params.append(fq)
    if f.article_id:
        where.append("q.article_id = ?")
        params.append(f.article_id)
    _article_clauses(f.place, f.since, f.until, f.source, where, params)
    return (" WHERE " + " AND ".join(where)) if where else "", params


def find_quotes(conn: sqlite3.Connection, f: QuoteFilter | None = None) -> list[dict[str, Any]]:
    """Quotes matching ``f``, newest article first, in text order within an article."""
    f = f or QuoteFilter()
    limit, offset = _page(f.limit, f.offset)
    where, params = _quote_where(f)
    sql = (f"SELECT {_QUOTE_COLUMNS} FROM quotes q JOIN articles a ON a.id = q.article_id "
           f"LEFT JOIN speakers s ON s.id = q.speaker_id{where} "
           "ORDER BY a.published IS NULL, a.published DESC, q.article_id, q.start LIMIT ? OFFSET ?")
    return [dict(r) for r in _rows(conn, sql, params + [limit, offset])]


def with_segments(conn: sqlite3.Connection, quotes: list[dict[str, Any]], sep: str = " … ") -> list[dict[str, Any]]:
    """Add ``segments`` ([[start, end], ...] or None) and ``content`` (the quoted words only: the
    segments joined by ``sep``, without an interrupting "he said") to quote rows from find_quotes."""
    ids = [q["id"] for q in quotes]
    segs: dict[int, list] = {}
    for i in range(0, len(ids), 500):
        part = ids[i:i + 500]
        for r in _rows(conn, f"SELECT id, segments FROM quotes WHERE id IN ({','.join('?' * len(part))})"
                       " AND segments IS NOT NULL", part):
            try:
                segs[r[0]] = json.loads(r[1])
            except (ValueError, TypeError):
                pass
    out = []
    for q in quotes:
        d = dict(q, segments=segs.get(q["id"]))
        if d["segments"]:
            d["content"] = sep.join(q["text"][s - q["start"]:e - q["start"]].strip() for s, e in d["segments"])
        else:
            d["content"] = q["text"]
        out.append(d)
    return out


def count_quotes(conn: sqlite3.Connection, f: QuoteFilter | None = None) -> int:
    """How many quotes match ``f`` (ignores limit/offset), for paging."""
    where, params = _quote_where(f or QuoteFilter())
    sql = (f"SELECT count(*) FROM quotes q JOIN articles a ON a.id = q.article_id "
           f"LEFT JOIN speakers s ON s.id = q.speaker_id{where}")
    return _rows(conn, sql, params)[0][0]


def _rows(conn: sqlite3.Connection, sql: str, params: list[Any] | tuple = ()) -> list[sqlite3.Row]:
    cur = conn.cursor()
    cur.row_factory = sqlite3.Row
    return cur.execute(sql, params).fetchall()


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


def _speaker_dict(r: sqlite3.Row, descriptors: list[str]) -> dict[str, Any]:
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


def list_speakers(conn: sqlite3.Connection, q: str | None = None, limit: int = 50, offset: int = 0,
                  *, type: str | None = None, with_quotes: bool = True) -> list[dict[str, Any]]:
    """Speakers ranked by number of quotes (then articles, then name), with roles, affiliations
    and the other spellings they were written as. ``q`` filters by any part of any spelling."""
    limit, offset = _page(limit, offset)
    where, params = [], []
    if q:
        where.append("(s.name LIKE ? ESCAPE '\\' OR s.aliases LIKE ? ESCAPE '\\')")
        params.extend([_like(q), _like(q)])
    if type:
        where.append("s.type = ?")
        params.append(type.upper())
    sql = _SPEAKER_SQL + (" WHERE " + " AND ".join(where) if where else "") + " GROUP BY s.id"
    if with_quotes:
        sql += " HAVING count(q.id) > 0"
    sql += " ORDER BY quotes DESC, articles DESC, s.name LIMIT ? OFFSET ?"
    rows = _rows(conn, sql, params + [limit, offset])
    desc = _descriptors_for(conn, [r["id"] for r in rows])
    return [_speaker_dict(r, desc[r["id"]]) for r in rows]


def get_speaker(conn: sqlite3.Connection, speaker_id: int, *, limit: int = 500) -> dict[str, Any] | None:
    """One speaker with all their quotes (oldest first) and the articles they appear in."""
    rows = _rows(conn, _SPEAKER_SQL + " WHERE s.id = ? GROUP BY s.id", [int(speaker_id)])
    if not rows:
        return None
    out = _speaker_dict(rows[0], _descriptors_for(conn, [rows[0]["id"]])[rows[0]["id"]])
    quotes = _rows(conn, f"SELECT {_QUOTE_COLUMNS} FROM quotes q JOIN articles a ON a.id = q.article_id "
                   "LEFT JOIN speakers s ON s.id = q.speaker_id WHERE q.speaker_id = ? "
                   "ORDER BY a.published IS NULL, a.published, q.article_id, q.start LIMIT ?",
                   [int(speaker_id), _page(limit, 0)[0]])
    out["quote_list"] = [dict(r) for r in quotes]
    out["article_list"] = [dict(r) for r in _rows(
        conn, "SELECT DISTINCT a.id, a.title, a.published, a.source, a.url FROM entities e "
        "JOIN articles a ON a.id = e.article_id WHERE e.speaker_id = ? "
        "ORDER BY a.published IS NULL, a.published", [int(speaker_id)])]
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


# -- full text -----------------------------------------------------------------------------------

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
    parts, params = [], []
    if kind in (None, "article") and speaker in (None, ""):
        where, wp = ["articles_fts MATCH ?"], [fq]
        _article_clauses(place, since, until, source, where, wp)
        parts.append(
            "SELECT 'article' AS kind, a.id AS article_id, a.title, a.published, a.source, a.url,"
            " snippet(articles_fts, 1, '[', ']', ' … ', 24) AS snippet, bm25(articles_fts) AS rank,"
            " NULL AS quote_id, NULL AS speaker, NULL AS speaker_id"
            " FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid WHERE " + " AND ".join(where))
        params += wp
    if kind in (None, "quote"):
        where, wp = ["quotes_fts MATCH ?"], [fq]
        if speaker not in (None, ""):
            _speaker_clause(speaker, where, wp)
        _article_clauses(place, since, until, source, where, wp)
        parts.append(
            "SELECT 'quote' AS kind, a.id AS article_id, a.title, a.published, a.source, a.url,"
            " snippet(quotes_fts, 0, '[', ']', ' … ', 24) AS snippet, bm25(quotes_fts) AS rank,"
            " q.id AS quote_id, coalesce(s.name, q.speaker_name) AS speaker, q.speaker_id"
            " FROM quotes_fts JOIN quotes q ON q.id = quotes_fts.rowid JOIN articles a ON a.id = q.article_id"
            " LEFT JOIN speakers s ON s.id = q.speaker_id WHERE " + " AND ".join(where))
        params += wp
    if not parts:
        return []
    sql = " UNION ALL ".join(parts) + " ORDER BY rank, article_id LIMIT ? OFFSET ?"
    return [dict(r) for r in _rows(conn, sql, params + [limit, offset])]


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
        if q["speaker_name"] is not None:
            sp = Speaker(name=q["speaker_name"], start=q["speaker_start"], end=q["speaker_end"],
                         text=q["speaker_text"], entity=q["speaker_entity"])
        cue = Cue(q["cue_start"], q["cue_end"], q["cue"]) if q["cue"] is not None else None
        segs = json.loads(q["segments"]) if q["segments"] else None
        rec.quotes.append(Quote(start=q["start"], end=q["end"], text=q["text"], type=q["type"], speaker=sp,
                                cue=cue, segments=[tuple(s) for s in segs] if segs else None))
    for p in _rows(conn, 'SELECT start, "end", text, name, geonameid, lat, lon, country_code, feature_class,'
                   " admin1 FROM places WHERE article_id = ? ORDER BY start", [article_id]):
        rec.places.append(Place(**dict(p)))
    for d in _rows(conn, 'SELECT start, "end", text, value, granularity FROM dates WHERE article_id = ? '
                   "ORDER BY start", [article_id]):
        rec.dates.append(DateMention(**dict(d)))
    return rec


def latest_articles(conn: sqlite3.Connection, limit: int = 20, offset: int = 0, *,
                    source: str | None = None, since: str | None = None,
                    until: str | None = None, place: str | None = None) -> list[dict[str, Any]]:
    """Articles, newest publication date first, with quote/place counts (no text)."""
    limit, offset = _page(limit, offset)
    where: list[str] = []
    params: list[Any] = []
    _article_clauses(place, since, until, source, where, params)
    sql = ("SELECT a.id, a.title, a.published, a.source, a.url, a.author, a.word_count, a.analysed_with,"
           " a.ingested_at,"
           " (SELECT count(*) FROM quotes q WHERE q.article_id = a.id) AS quotes,"
           " (SELECT count(*) FROM places p WHERE p.article_id = a.id) AS places"
           " FROM articles a" + (" WHERE " + " AND ".join(where) if where else "") +
           " ORDER BY a.published IS NULL, a.published DESC, a.ingested_at DESC, a.id LIMIT ? OFFSET ?")
    return [dict(r) for r in _rows(conn, sql, params + [limit, offset])]


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
