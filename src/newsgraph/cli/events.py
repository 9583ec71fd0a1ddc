"""``newsgraph events``: who did what to whom, where and when, and who says so, from the store
(the same queries as ``/api/events``: ``newsgraph.store.events``)."""
from __future__ import annotations

import click

from newsgraph.cli.corpus import DB_OPTION, _date, _emit, _fmt_options, _nothing, _open, _short


@click.command()
@DB_OPTION
@click.option("--type", "type_", help="ACLED sub-event type, e.g. 'Air/drone strike' (case-insensitive).")
@click.option("--category", help="ACLED event type, e.g. 'Battles', 'Protests'.")
@click.option("--actor", help="Part of who acted or who it was done to.")
@click.option("--place", help="Where: part of a place name, or a GeoNames id.")
@click.option("--since", callback=_date, help="On or after YYYY[-MM[-DD]] (the event's date, else its article's).")
@click.option("--until", callback=_date, help="On or before YYYY[-MM[-DD]].")
@click.option("--reported-by", "reported_by", help="Who claims it: a speaker id or part of a name.")
@click.option("--about", help="Words of the event's sentence (full-text search).")
@_fmt_options
def events(db, type_, category, actor, place, since, until, reported_by, about, limit, offset, as_json,
           as_csv) -> None:
    """Events (ACLED-typed and verbal), newest first, with actors, place, date, dead and source."""
    from newsgraph.store.events import EventFilter, count_events, find_events

    conn = _open(db)
    f = EventFilter(type=type_, category=category, actor=actor, place=place, since=since, until=until,
                    reported_by=reported_by, q=about, limit=limit, offset=offset)
    total = count_events(conn, f)
    rows = find_events(conn, f)
    title = f"events {offset + 1}–{offset + len(rows)} of {total}" if rows else ""
    _emit(rows, [("event_date", "date"), ("type", "type"), ("plover", "plover"), ("source", "who"),
                 ("target", "to whom"), ("place", "where"), ("fatalities", "dead"), ("reported_by", "says who"),
                 ("text", "sentence")],
          as_json=as_json, as_csv=as_csv, title=title, wide="text",
          empty="" if rows else _nothing(conn, "events", {"type": type_, "category": category, "actor": actor,
                                                          "place": place, "since": since, "until": until,
                                                          "reported by": reported_by, "about": about}),
          render={"text": _short(140), "type": lambda v: v or "—", "reported_by": lambda v: v or "—",
                  "source": _short(40), "target": _short(40)})
