"""``/api/events``: events filtered by ACLED type and category, actor, place, dates and the source that
claims them (one implementation with ``newsgraph events``: ``newsgraph.store.events``)."""
from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request

from newsgraph.store import events as E
from newsgraph.web import models as M
from newsgraph.web.api import Day, Limit, Name, Offset, Text, _next, article_href, cached_json, db

Kind = Annotated[str | None, Query(max_length=100, description="an ACLED name, e.g. 'Air/drone strike'")]


def events(request: Request, type: Kind = None, category: Kind = None, actor: Text = None, place: Name = None,
           since: Day = None, until: Day = None, reported_by: Name = None, q: Text = None,
           limit: Limit = 50, offset: Offset = 0):
    """Events, newest first: ``type`` an ACLED sub-event type, ``category`` an ACLED event type,
    ``actor`` part of who acted or was acted on, ``place`` a GeoNames id or part of a name, dates on
    the event's own date (else its article's), ``reported_by`` a speaker id or part of a name, ``q``
    words of the event's sentence."""
    def make():
        f = E.EventFilter(type=type or None, category=category or None, actor=actor or None, place=place or None,
                          since=since, until=until, reported_by=reported_by or None, q=q or None,
                          limit=limit, offset=offset)
        conn = db(request)
        total = E.count_events(conn, f)
        items = E.find_events(conn, f)
        return {"total": total, "limit": limit, "offset": offset, "next": _next(request, total, limit, offset),
                "items": [{**e, "href": f"{article_href(e['article_id'])}#e-{e['event_index']}"} for e in items]}
    return cached_json(request, M.EventPage, make)
