"""Events in the store: the flat row of an event (record.COLUMNS["events"]), writing an article's
events, and the queries behind ``newsgraph events``, ``/api/events``, the article and speaker pages
and ``newsgraph export --what events``.

    conn = connect("newsgraph.db", readonly=True)
    find_events(conn, EventFilter(type="Air/drone strike", place="Kharkiv", since="2024-03"))
    count_events(conn, EventFilter(reported_by="Marchenko"))
    article_events(conn, "demo-001"); speaker_events(conn, 3)

An event's date (``event_date``) is its own normalised date when that is a day or a month
(YYYY-MM[-DD]), else the article's publication date. Every value from a user goes in as an SQL
parameter; LIKE patterns escape their own wildcards.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from newsgraph.record import COLUMNS, Event, EventActor, EventDate, EventPlace, Mention, Record, ReportedBy
from newsgraph.store.filters import NOTHING, id_value, like, speaker_clause, until

__all__ = ["ACLED_COLUMNS", "EventFilter", "acled_row", "article_events", "count_events", "event_from_row",
           "event_row", "find_events", "load_events", "speaker_events", "write_events"]

EVENT_COLUMNS: tuple[str, ...] = COLUMNS["events"]
MAX_LIMIT = 10_000


def event_row(article_id: str, index: int, ev: Event) -> dict[str, Any]:
    """The flat row of one event, with exactly the columns record.COLUMNS["events"] lists."""
    def part(obj: Any, name: str) -> Any:
        return getattr(obj, name) if obj is not None else None

    row: dict[str, Any] = {
        "article_id": article_id, "event_index": index, "start": ev.start, "end": ev.end, "text": ev.text,
        "type": ev.type, "category": ev.category, "plover": ev.plover, "pentaclass": ev.pentaclass,
        "fatalities": ev.fatalities, "trigger_start": ev.trigger.start, "trigger_end": ev.trigger.end,
        "trigger": ev.trigger.text}
    for role in ("source", "target"):
        actor = getattr(ev, role)
        for f in ("start", "end", "text", "entity"):
            row[f"{role}_{f}"] = part(actor, f)
    for f in ("start", "end", "text", "geonameid", "lat", "lon"):
        row[f"place_{f}"] = part(ev.place, f)
    for f in ("start", "end", "text", "value"):
        row[f"date_{f}"] = part(ev.date, f)
    for f in ("name", "entity", "quote"):
        row[f"reported_by_{f}"] = part(ev.reported_by, f)
    return row


def event_from_row(r: Any) -> Event:
    """The Event a stored (or Parquet) row holds."""
    def actor(role: str) -> EventActor | None:
        if r[f"{role}_start"] is None:
            return None
        return EventActor(r[f"{role}_start"], r[f"{role}_end"], r[f"{role}_text"], r[f"{role}_entity"])

    place = (EventPlace(r["place_start"], r["place_end"], r["place_text"], r["place_geonameid"], r["place_lat"],
                        r["place_lon"]) if r["place_start"] is not None else None)
    date = EventDate(r["date_start"], r["date_end"], r["date_text"], r["date_value"]) if r["date_start"] is not None \
        else None
    rep = ReportedBy(r["reported_by_name"], r["reported_by_entity"], r["reported_by_quote"]) \
        if r["reported_by_name"] is not None else None
    return Event(start=r["start"], end=r["end"], text=r["text"],
                 trigger=Mention(r["trigger_start"], r["trigger_end"], r["trigger"]), type=r["type"],
                 category=r["category"], plover=r["plover"], pentaclass=r["pentaclass"], source=actor("source"),
                 target=actor("target"), place=place, date=date, fatalities=r["fatalities"], reported_by=rep)


def write_events(conn: sqlite3.Connection, article_id: str, rec: Record, quote_speaker_ids: list[int | None],
                 entity_speaker_ids: dict[str, int]) -> None:
    """Store a record's events (inside the writer's transaction). The archive-wide speaker of the
    source that claims an event is its quote's speaker, or the speaker of its 'according to' entity."""
    if not rec.events:
        return
    cols = EVENT_COLUMNS + ("reported_by_speaker_id",)
    sql = (f"INSERT OR IGNORE INTO events({', '.join(_q(c) for c in cols)}) "
           f"VALUES ({', '.join('?' * len(cols))})")
    rows = []
    for i, ev in enumerate(rec.events):
        row = event_row(article_id, i, ev)
        sid = None
        rep = ev.reported_by
        if rep is not None and rep.quote is not None and 0 <= rep.quote < len(quote_speaker_ids):
            sid = quote_speaker_ids[rep.quote]
        elif rep is not None and rep.entity:
            sid = entity_speaker_ids.get(rep.entity)
        rows.append([row[c] for c in EVENT_COLUMNS] + [sid])
    conn.executemany(sql, rows)


def _q(col: str) -> str:
    return f'"{col}"' if col in ("end", "trigger") else col


def load_events(conn: sqlite3.Connection, rec: Record) -> None:
    """Put a stored article's events back into its Record, and the events' indexes into their quotes."""
    if not _has_events(conn):
        return
    rows = conn.execute("SELECT * FROM events WHERE article_id = ? ORDER BY event_index", [rec.id]).fetchall()
    rec.events = [event_from_row(r) for r in rows]
    for i, ev in enumerate(rec.events):
        q = ev.reported_by.quote if ev.reported_by is not None else None
        if q is not None and 0 <= q < len(rec.quotes):
            rec.quotes[q].events = (rec.quotes[q].events or []) + [i]


def _has_events(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='events'").fetchall() != []


# -- queries -------------------------------------------------------------------------------------

@dataclass
class EventFilter:
    """What ``find_events`` selects; the fields combine with AND.

    type / category: an ACLED sub-event type or event type (case-insensitive, exact);
    actor: part of the source's or target's words; place: a GeoNames id (digits) or part of the
    place's name; since / until: YYYY[-MM[-DD]] on the event's date, inclusive; reported_by: a
    speaker id (digits) or part of the name of who claims it; q: words of the event's text.
    """

    type: str | None = None
    category: str | None = None
    actor: str | None = None
    place: str | None = None
    since: str | None = None
    until: str | None = None
    reported_by: str | int | None = None
    q: str | None = None
    article_id: str | None = None
    limit: int = 50
    offset: int = 0


# the event's date: its own day or month when it has one, else the article's publication date
EVENT_DATE = ("CASE WHEN e.date_value GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]*' AND e.date_value NOT GLOB '*/*' "
              "THEN substr(e.date_value, 1, 10) ELSE a.published END")


def _where(f: EventFilter, conn: sqlite3.Connection | None = None) -> tuple[str, list[Any]]:
    from newsgraph.store.queries import fts_query

    where: list[str] = []
    params: list[Any] = []
    if f.type:
        where.append("e.type = ? COLLATE NOCASE")
        params.append(f.type.strip())
    if f.category:
        where.append("e.category = ? COLLATE NOCASE")
        params.append(f.category.strip())
    if f.actor:
        where.append("(e.source_text LIKE ? ESCAPE '\\' OR e.target_text LIKE ? ESCAPE '\\')")
        params += [like(f.actor.strip())] * 2
    if f.place not in (None, ""):
        try:
            gid = id_value(f.place)
        except OverflowError:
            where.append(NOTHING)
        else:
            if gid is not None:
                where.append("e.place_geonameid = ?")
                params.append(gid)
            else:
                where.append("e.place_text LIKE ? ESCAPE '\\'")
                params.append(like(str(f.place).strip()))
    if f.since:
        where.append(f"{EVENT_DATE} >= ?")
        params.append(f.since)
    if f.until:
        where.append(f"{EVENT_DATE} <= ?")
        params.append(until(f.until))
    if f.reported_by not in (None, ""):
        by: list[str] = []
        by_params: list[Any] = []
        if speaker_clause("e.reported_by_speaker_id", f.reported_by, by, by_params, conn):
            # a name: the claimant's name as the text gives it counts too (an unresolved claimant)
            by = [f"(e.reported_by_name LIKE ? ESCAPE '\\' OR {by[0]})"]
            by_params.insert(0, like(str(f.reported_by).strip()))
        where += by
        params += by_params
    if f.q:
        fq = fts_query(f.q)
        if fq:
            where.append("e.id IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)")
            params.append(fq)
    if f.article_id:
        where.append("e.article_id = ?")
        params.append(f.article_id)
    return (" WHERE " + " AND ".join(where)) if where else "", params


_COLUMNS = f"""e.id, e.article_id, e.event_index, e.start, e."end", e.text, e.trigger, e.trigger_start,
    e.trigger_end, e.type, e.category, e.plover, e.pentaclass, e.fatalities, e.source_text AS source,
    e.source_start, e.source_end, e.target_text AS target, e.target_start, e.target_end, e.place_text AS place,
    e.place_geonameid AS geonameid, e.place_lat AS lat, e.place_lon AS lon, e.date_text, e.date_value,
    {EVENT_DATE} AS event_date, coalesce(s.name, e.reported_by_name) AS reported_by, e.reported_by_speaker_id,
    e.reported_by_quote, a.published, a.title, a.source AS article_source, a.url"""
_FROM = " FROM events e JOIN articles a ON a.id = e.article_id LEFT JOIN speakers s ON s.id = e.reported_by_speaker_id"


def find_events(conn: sqlite3.Connection, f: EventFilter | None = None) -> list[dict[str, Any]]:
    """Events matching ``f``, newest first (by the event's date), as plain dicts."""
    f = f or EventFilter()
    where, params = _where(f, conn)
    limit = max(0, min(int(f.limit), MAX_LIMIT))
    sql = (f"SELECT {_COLUMNS}{_FROM}{where} ORDER BY event_date DESC, e.article_id, e.event_index "
           "LIMIT ? OFFSET ?")
    return [dict(r) for r in _rows(conn, sql, params + [limit, max(0, int(f.offset))])]


def count_events(conn: sqlite3.Connection, f: EventFilter | None = None) -> int:
    where, params = _where(f or EventFilter(), conn)
    return _rows(conn, f"SELECT count(*){_FROM}{where}", params)[0][0]


def article_events(conn: sqlite3.Connection, article_id: str) -> list[dict[str, Any]]:
    """One article's events in text order (for its page)."""
    return [dict(r) for r in _rows(conn, f"SELECT {_COLUMNS}{_FROM} WHERE e.article_id = ? "
                                   "ORDER BY e.start, e.event_index", [article_id])]


def speaker_events(conn: sqlite3.Connection, speaker_id: int, limit: int = 200) -> list[dict[str, Any]]:
    """The events one archive-wide speaker claims, newest first (for the speaker page)."""
    return find_events(conn, EventFilter(reported_by=int(speaker_id), limit=limit))


def _rows(conn: sqlite3.Connection, sql: str, params: list[Any]) -> list[sqlite3.Row]:
    if not _has_events(conn):
        return [] if not sql.startswith("SELECT count") else [(0,)]  # type: ignore[list-item]
    cur = conn.cursor()
    cur.row_factory = sqlite3.Row
    return cur.execute(sql, params).fetchall()


# -- ACLED's columns, for exports ----------------------------------------------------------------

ACLED_COLUMNS = ("event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "actor2", "location",
                 "latitude", "longitude", "geonameid", "fatalities", "notes", "source", "reported_by", "plover",
                 "pentaclass", "trigger", "article_id", "url")


def acled_row(e: dict[str, Any]) -> dict[str, Any]:
    """One event of ``find_events`` under ACLED's column names where they apply (event_date,
    event_type, sub_event_type, actor1, actor2, location, latitude, longitude, fatalities, notes,
    source), and newsgraph's own for the rest."""
    return {"event_id_cnty": f"{e['article_id']}#{e['event_index']}", "event_date": e["event_date"],
            "event_type": e["category"], "sub_event_type": e["type"], "actor1": e["source"], "actor2": e["target"],
            "location": e["place"], "latitude": e["lat"], "longitude": e["lon"], "geonameid": e["geonameid"],
            "fatalities": e["fatalities"], "notes": e["text"], "source": e["article_source"],
            "reported_by": e["reported_by"], "plover": e["plover"], "pentaclass": e["pentaclass"],
            "trigger": e["trigger"], "article_id": e["article_id"], "url": e["url"]}
