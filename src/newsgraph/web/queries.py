"""Read queries behind the web pages and the JSON API.

Every query is parameterised; user text reaches FTS5 only through :func:`fts_query`, which turns
it into quoted terms so that FTS syntax (``NEAR``, ``"``, ``*``, ``-``) typed by a user can
never raise. Functions return plain dicts so that the API can serialise them directly.
"""
from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from typing import Any

from newsgraph.record import Record

_WORD = re.compile(r"\w+(?:['’]\w+)*\*?", re.UNICODE)


def fts_query(text: str | None) -> str | None:
    """User text -> an FTS5 query of quoted terms (all must match; a trailing ``*`` is a prefix).
    None when the text holds no searchable word."""
    if not text:
        return None
    terms = []
    for m in _WORD.finditer(text):
        tok = m.group(0)
        prefix = tok.endswith("*")
        tok = tok.rstrip("*").replace('"', "")
        if tok:
            terms.append(f'"{tok}"' + ("*" if prefix else ""))
        if len(terms) >= 16:  # bound the work one request can ask for
            break
    return " ".join(terms) or None


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def until_bound(until: str) -> str:
    """``until`` is inclusive at its own granularity: "2024-04" admits every day of April."""
    return until + "\uffff"


@dataclass
class QuoteFilter:
    speaker: str | None = None  # speaker id (digits) or part of a name
    q: str | None = None  # full text over the quote and its speaker's name
    place: str | None = None  # geonameid (digits) or place name: quotes from articles naming it
    since: str | None = None  # YYYY[-MM[-DD]] on the article's publication date
    until: str | None = None
    source: str | None = None
    article: str | None = None
    limit: int = 50
    offset: int = 0
    order: str = "newest"  # newest | oldest


def _place_clause(place: str) -> tuple[str, list[Any]]:
    if place.isdigit():
        return "SELECT article_id FROM places WHERE geonameid = ?", [int(place)]
    return ("SELECT article_id FROM places WHERE name = ? COLLATE NOCASE OR text = ? COLLATE NOCASE",
            [place, place])


def _quote_where(f: QuoteFilter) -> tuple[str, list[Any], bool]:
    """WHERE clause over quotes q (joined to articles a) and whether the article join is needed."""
    where, args, need_article = [], [], False
    if f.speaker:
        if f.speaker.isdigit():
            where.append("q.speaker_id = ?")
            args.append(int(f.speaker))
        else:
            where.append("q.speaker_name LIKE ? ESCAPE '\\'")
            args.append(_like(f.speaker))
    if f.q is not None:
        fq = fts_query(f.q)
        if fq is None:
            where.append("0")
        else:
            where.append("q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)")
            args.append(fq)
    if f.place:
        sub, sargs = _place_clause(f.place)
        where.append(f"q.article_id IN ({sub})")
        args += sargs
    if f.article:
        where.append("q.article_id = ?")
        args.append(f.article)
    if f.since:
        where.append("a.published >= ?")
        args.append(f.since)
        need_article = True
    if f.until:
        where.append("a.published <= ?")
        args.append(until_bound(f.until))
        need_article = True
    if f.source:
        where.append("a.source = ?")
        args.append(f.source)
        need_article = True
    return (" WHERE " + " AND ".join(where)) if where else "", args, need_article


_QUOTE_COLS = ("q.id, q.article_id, q.start, q.\"end\", q.text, q.type, q.speaker_name, q.speaker_text,"
               " q.speaker_id, q.cue, a.title AS article_title, a.published, a.source")


def _quote_row(r: sqlite3.Row) -> dict[str, Any]:
    return {"id": r["id"], "article_id": r["article_id"], "start": r["start"], "end": r["end"],
            "text": r["text"], "type": r["type"], "speaker": r["speaker_name"],
            "speaker_text": r["speaker_text"], "speaker_id": r["speaker_id"], "cue": r["cue"],
            "article_title": r["article_title"], "published": r["published"], "source": r["source"]}


def find_quotes(conn: sqlite3.Connection, f: QuoteFilter) -> tuple[int, list[dict[str, Any]]]:
    where, args, need_article = _quote_where(f)
    join = " JOIN articles a ON a.id = q.article_id" if need_article else ""
    total = conn.execute(f"SELECT count(*) FROM quotes q{join}{where}", args).fetchone()[0]
    direction = "ASC" if f.order == "oldest" else "DESC"
    rows = conn.execute(
        f"SELECT {_QUOTE_COLS} FROM quotes q JOIN articles a ON a.id = q.article_id{where}"
        f" ORDER BY a.published {direction}, q.article_id, q.start LIMIT ? OFFSET ?",
        args + [f.limit, f.offset]).fetchall()
    return total, [_quote_row(r) for r in rows]


def corpus_stats(conn: sqlite3.Connection) -> dict[str, Any]:
    one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
    first, last = conn.execute("SELECT min(published), max(published) FROM articles").fetchone()
    return {"articles": one("SELECT count(*) FROM articles"),
            "quotes": one("SELECT count(*) FROM quotes"),
            "speakers": one("SELECT count(DISTINCT speaker_id) FROM quotes"),
            "places": one("SELECT count(DISTINCT coalesce(geonameid, name)) FROM places"),
            "sources": one("SELECT count(DISTINCT source) FROM articles"),
            "words": one("SELECT coalesce(sum(word_count), 0) FROM articles"),
            "first": first, "last": last}


def list_articles(conn: sqlite3.Connection, *, source: str | None = None, since: str | None = None,
                  until: str | None = None, place: str | None = None, limit: int = 50, offset: int = 0
                  ) -> tuple[int, list[dict[str, Any]]]:
    where, args = [], []
    if place:
        sub, sargs = _place_clause(place)
        where.append(f"id IN ({sub})")
        args += sargs
    if source:
        where.append("source = ?")
        args.append(source)
    if since:
        where.append("published >= ?")
        args.append(since)
    if until:
        where.append("published <= ?")
        args.append(until_bound(until))
    w = (" WHERE " + " AND ".join(where)) if where else ""
    total = conn.execute(f"SELECT count(*) FROM articles{w}", args).fetchone()[0]
    rows = conn.execute(
        "SELECT id, title, url, published, source, author, word_count,"
        " (SELECT count(*) FROM quotes q WHERE q.article_id = articles.id) AS quotes"
        f" FROM articles{w} ORDER BY published DESC, id LIMIT ? OFFSET ?", args + [limit, offset]).fetchall()
    return total, [dict(r) for r in rows]


def latest_articles(conn: sqlite3.Connection, limit: int = 10) -> list[dict[str, Any]]:
    return list_articles(conn, limit=limit)[1]


def get_record(conn: sqlite3.Connection, article_id: str) -> Record | None:
    a = conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
    if a is None:
        return None
    mentions: dict[str, list[dict]] = {}
    for m in conn.execute("SELECT entity_id, start, \"end\", text FROM mentions WHERE article_id = ?"
                          " ORDER BY start", (article_id,)):
        mentions.setdefault(m["entity_id"], []).append({"start": m["start"], "end": m["end"], "text": m["text"]})
    entities = [{"id": e["entity_id"], "name": e["name"], "type": e["type"],
                 "mentions": mentions.get(e["entity_id"], []),
                 "descriptors": json.loads(e["descriptors"] or "[]")}
                for e in conn.execute("SELECT * FROM entities WHERE article_id = ? ORDER BY rowid", (article_id,))]
    quotes = []
    for q in quote_rows(conn, article_id):
        d: dict[str, Any] = {"start": q["start"], "end": q["end"], "text": q["text"], "type": q["type"],
                             "speaker": None, "cue": None}
        if q["segments"]:
            d["segments"] = q["segments"]
        if q["speaker_name"] is not None:
            d["speaker"] = {"name": q["speaker_name"], "start": q["speaker_start"], "end": q["speaker_end"],
                            "text": q["speaker_text"], "entity": q["speaker_entity"]}
        if q["cue"] is not None:
            d["cue"] = {"start": q["cue_start"], "end": q["cue_end"], "text": q["cue"]}
        quotes.append(d)
    places = [dict(p) for p in conn.execute(
        "SELECT start, \"end\", text, name, geonameid, lat, lon, country_code, feature_class, admin1"
        " FROM places WHERE article_id = ? ORDER BY start", (article_id,))]
    dates = [dict(x) for x in conn.execute(
        "SELECT start, \"end\", text, value, granularity FROM dates WHERE article_id = ? ORDER BY start",
        (article_id,))]
    return Record.from_dict({
        "id": a["id"], "text": a["text"], "title": a["title"], "url": a["url"], "published": a["published"],
        "source": a["source"], "author": a["author"], "analysed_with": a["analysed_with"],
        "quotes": quotes, "entities": entities, "places": places, "dates": dates})


def quote_rows(conn: sqlite3.Connection, article_id: str) -> list[dict[str, Any]]:
    """An article's quotes with their database ids (the anchors the speaker pages link to)."""
    out = []
    for q in conn.execute("SELECT * FROM quotes WHERE article_id = ? ORDER BY start", (article_id,)):
        d = dict(q)
        d["segments"] = [tuple(s) for s in json.loads(q["segments"])] if q["segments"] else None
        out.append(d)
    return out


def article_speakers(conn: sqlite3.Connection, article_id: str) -> list[dict[str, Any]]:
    """The people quoted in one article, with what the article says they are."""
    rows = conn.execute(
        "SELECT q.speaker_id, q.speaker_name, q.speaker_entity, count(*) AS quotes,"
        " min(q.start) AS first, e.descriptors, e.type, s.name AS archive_name"
        " FROM quotes q LEFT JOIN entities e ON e.article_id = q.article_id AND e.entity_id = q.speaker_entity"
        " LEFT JOIN speakers s ON s.id = q.speaker_id"
        " WHERE q.article_id = ? AND q.speaker_name IS NOT NULL"
        " GROUP BY coalesce(q.speaker_id, q.speaker_name) ORDER BY first", (article_id,)).fetchall()
    out = []
    for r in rows:
        desc = json.loads(r["descriptors"] or "[]")
        out.append({"id": r["speaker_id"], "name": r["speaker_name"], "type": r["type"],
                    "quotes": r["quotes"], **describe(desc)})
    return out


_AFFILIATION = re.compile(r"\b(?:of|at|for|from|with)\s+(?:the\s+)?(.+)$", re.IGNORECASE)


def describe(descriptors: list[str]) -> dict[str, Any]:
    """Split a speaker's descriptors into role, affiliation and age for display: "the mayor of
    Kharkiv" -> role "the mayor of Kharkiv", affiliation "Kharkiv"; "54" -> age."""
    age = next((d for d in descriptors if d.strip().isdigit()), None)
    roles = [d for d in descriptors if not d.strip().isdigit()]
    affiliation = None
    for d in roles:
        m = _AFFILIATION.search(d)
        if m:
            affiliation = m.group(1)
            break
    return {"role": "; ".join(roles) or None, "affiliation": affiliation, "age": age}


def list_speakers(conn: sqlite3.Connection, *, q: str | None = None, limit: int = 50, offset: int = 0
                  ) -> tuple[int, list[dict[str, Any]]]:
    where, args = "", []
    if q:
        where, args = " WHERE s.name LIKE ? ESCAPE '\\'", [_like(q)]
    total = conn.execute(
        f"SELECT count(*) FROM speakers s{where} {'AND' if where else 'WHERE'}"
        " EXISTS (SELECT 1 FROM quotes WHERE speaker_id = s.id)", args).fetchone()[0]
    rows = conn.execute(
        "SELECT s.id, s.name, s.type, count(q.id) AS quotes, count(DISTINCT q.article_id) AS articles"
        f" FROM speakers s JOIN quotes q ON q.speaker_id = s.id{where}"
        " GROUP BY s.id ORDER BY quotes DESC, s.name LIMIT ? OFFSET ?", args + [limit, offset]).fetchall()
    return total, [dict(r) for r in rows]


def get_speaker(conn: sqlite3.Connection, speaker_id: int) -> dict[str, Any] | None:
    s = conn.execute("SELECT id, name, type FROM speakers WHERE id = ?", (speaker_id,)).fetchone()
    if s is None:
        return None
    descs: list[str] = []
    for (d,) in conn.execute("SELECT descriptors FROM entities WHERE speaker_id = ?", (speaker_id,)):
        for x in json.loads(d or "[]"):
            if x not in descs:
                descs.append(x)
    counts = conn.execute("SELECT count(*), count(DISTINCT article_id) FROM quotes WHERE speaker_id = ?",
                          (speaker_id,)).fetchone()
    return {"id": s["id"], "name": s["name"], "type": s["type"], "descriptors": descs,
            "quotes": counts[0], "articles": counts[1], **describe(descs)}


def list_places(conn: sqlite3.Connection, *, q: str | None = None, limit: int = 1000, offset: int = 0
                ) -> tuple[int, list[dict[str, Any]]]:
    """Places across the archive, one row per resolved place (or per name when unresolved)."""
    where, args = "", []
    if q:
        where, args = " WHERE (name LIKE ? ESCAPE '\\' OR text LIKE ? ESCAPE '\\')", [_like(q), _like(q)]
    key = "coalesce(CAST(geonameid AS TEXT), 'n:' || lower(coalesce(name, text)))"
    total = conn.execute(f"SELECT count(DISTINCT {key}) FROM places{where}", args).fetchone()[0]
    rows = conn.execute(
        f"SELECT geonameid, coalesce(max(name), max(text)) AS name, max(lat) AS lat, max(lon) AS lon,"
        f" max(country_code) AS country_code, max(feature_class) AS feature_class, max(admin1) AS admin1,"
        f" count(*) AS mentions, count(DISTINCT article_id) AS articles"
        f" FROM places{where} GROUP BY {key} ORDER BY mentions DESC, name LIMIT ? OFFSET ?",
        args + [limit, offset]).fetchall()
    return total, [dict(r) for r in rows]


def search(conn: sqlite3.Connection, q: str, *, source: str | None = None, since: str | None = None,
           until: str | None = None, place: str | None = None, speaker: str | None = None,
           limit: int = 20, offset: int = 0) -> dict[str, Any]:
    """Full text over articles (title and text) and over quotes, with the same filters for both."""
    fq = fts_query(q)
    quotes_total, quotes = find_quotes(conn, QuoteFilter(q=q, source=source, since=since, until=until,
                                                         place=place, speaker=speaker,
                                                         limit=limit, offset=offset))
    if fq is None:
        return {"articles_total": 0, "articles": [], "quotes_total": quotes_total, "quotes": quotes}
    where, args = ["articles_fts MATCH ?"], [fq]
    if source:
        where.append("a.source = ?")
        args.append(source)
    if since:
        where.append("a.published >= ?")
        args.append(since)
    if until:
        where.append("a.published <= ?")
        args.append(until_bound(until))
    if place:
        sub, sargs = _place_clause(place)
        where.append(f"a.id IN ({sub})")
        args += sargs
    if speaker:
        if speaker.isdigit():
            where.append("a.id IN (SELECT article_id FROM quotes WHERE speaker_id = ?)")
            args.append(int(speaker))
        else:
            where.append("a.id IN (SELECT article_id FROM quotes WHERE speaker_name LIKE ? ESCAPE '\\')")
            args.append(_like(speaker))
    w = " AND ".join(where)
    base = f"FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid WHERE {w}"
    articles_total = conn.execute(f"SELECT count(*) {base}", args).fetchone()[0]
    # Rank first, then read only the page's rows: a snippet is made for those alone.
    rows = conn.execute(
        f"SELECT a.id, a.title, a.published, a.source, a.text {base} ORDER BY articles_fts.rank"
        " LIMIT ? OFFSET ?", args + [limit, offset]).fetchall()
    terms = [t.strip('"*').lower() for t in fq.split()]
    articles = [{"id": r["id"], "title": r["title"], "published": r["published"], "source": r["source"],
                 "snippet": snippet(r["text"], terms)} for r in rows]
    return {"articles_total": articles_total, "articles": articles,
            "quotes_total": quotes_total, "quotes": quotes}


def snippet(text: str, terms: list[str], width: int = 220) -> str:
    """Plain text around the first matching term (escaping is the template's job)."""
    low = text.lower()
    pos = min((i for i in (low.find(t) for t in terms if t) if i >= 0), default=0)
    start = max(0, pos - width // 3)
    end = min(len(text), start + width)
    return ("…" if start else "") + " ".join(text[start:end].split()) + ("…" if end < len(text) else "")


def timeline(conn: sqlite3.Connection, *, speaker: str | None = None, place: str | None = None,
             source: str | None = None) -> dict[str, list[dict[str, Any]]]:
    """Counts per month: articles and quotes by publication date, and date mentions by their value."""
    f = QuoteFilter(speaker=speaker, place=place, source=source)
    where, args, _ = _quote_where(f)
    quotes = conn.execute(
        f"SELECT substr(a.published, 1, 7) AS month, count(*) AS n FROM quotes q"
        f" JOIN articles a ON a.id = q.article_id{where}"
        f"{' AND' if where else ' WHERE'} a.published IS NOT NULL GROUP BY month ORDER BY month", args).fetchall()
    aw, aargs = [], []
    if source:
        aw.append("source = ?")
        aargs.append(source)
    if place:
        sub, sargs = _place_clause(place)
        aw.append(f"id IN ({sub})")
        aargs += sargs
    w = (" AND " + " AND ".join(aw)) if aw else ""
    articles = conn.execute(
        "SELECT substr(published, 1, 7) AS month, count(*) AS n FROM articles"
        f" WHERE published IS NOT NULL{w} GROUP BY month ORDER BY month", aargs).fetchall()
    dates = conn.execute(
        "SELECT substr(value, 1, 7) AS month, count(*) AS n FROM dates"
        " WHERE value GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]*'"
        f"{' AND article_id IN (SELECT id FROM articles WHERE 1' + w + ')' if w else ''}"
        " GROUP BY month ORDER BY month", aargs).fetchall()
    return {"quotes": [dict(r) for r in quotes], "articles": [dict(r) for r in articles],
            "dates": [dict(r) for r in dates]}


def quotes_by_month(conn: sqlite3.Connection, month: str, limit: int = 50) -> list[dict[str, Any]]:
    return find_quotes(conn, QuoteFilter(since=month, until=month, limit=limit, order="oldest"))[1]


def sources(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT DISTINCT source FROM articles WHERE source IS NOT NULL"
                                       " ORDER BY source LIMIT 500")]
