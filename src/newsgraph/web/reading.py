"""The reading room's map data and the files its pages load: the npm libraries (see
:mod:`newsgraph.web.vendor`), the country outlines as GeoJSON, the favicon, and ``/api/map`` (the
places, and the events when the store has them, for the Leaflet map)."""
from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request, Response
from fastapi.responses import FileResponse
from pydantic import BaseModel

from newsgraph.store import queries as S
from newsgraph.web import models as M
from newsgraph.web import queries as Q
from newsgraph.web import map_counts, vendor, worldmap
from newsgraph.web.api import DATE_PATTERN, ERRORS, cached_json
from newsgraph.validate import check_range

HERE = Path(__file__).resolve().parent
MAP_LIMIT = 20_000

files = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["api"], responses={
    422: {"model": M.ValidationProblem, "description": "a parameter out of its type or bounds"}})

_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", "": "text/plain; charset=utf-8"}


@files.get("/vendor/{name}/{filename}")
def vendor_file(name: str, filename: str):
    path = vendor.file_path(name, filename)
    if path is None:
        raise HTTPException(404, f"{name}/{filename} is not installed: `newsgraph serve` fetches it from the "
                                 "npm registry on first start")
    return FileResponse(path, media_type=_TYPES.get(path.suffix, _TYPES[""]),
                        headers={"cache-control": "public, max-age=86400"})


@files.get("/map/countries.geojson")
def countries(request: Request):
    body = getattr(request.app.state, "geojson", None)
    if body is None:
        body = worldmap.load_geojson()
        request.app.state.geojson = body
    if body is None:
        raise HTTPException(404, "the country outlines are not installed (npm package world-atlas, fetched by "
                                 "`newsgraph serve` on first start)")
    return Response(body, media_type="application/geo+json", headers={"cache-control": "public, max-age=86400"})


@files.get("/favicon.ico")
def favicon():
    return FileResponse(HERE / "static" / "favicon.svg", media_type="image/svg+xml",
                        headers={"cache-control": "public, max-age=86400"})


class MapPlace(BaseModel):
    key: str
    name: str | None
    label: str
    kind: str
    geonameid: int | None
    lat: float
    lon: float
    country_code: str | None
    admin1: str | None
    mentions: int
    articles: int


class MapOut(BaseModel):
    since: str | None
    until: str | None
    places: list[MapPlace]
    events_available: bool


Day = Annotated[str | None, Query(pattern=DATE_PATTERN, description="YYYY, YYYY-MM or YYYY-MM-DD, inclusive")]


@api.get("/map", response_model=MapOut, responses=ERRORS, summary="Places for the map, over a date range")
def map_data(request: Request, since: Day = None, until: Day = None,
             limit: Annotated[int, Query(ge=1, le=MAP_LIMIT)] = MAP_LIMIT):
    def make():
        conn = request.app.state.db.connection()
        try:
            check_range(since, until)
        except ValueError:  # since after until: nothing matches (as /api/quotes answers it)
            return {"since": since, "until": until, "places": [], "events_available": has_events(conn)}
        places = Q.cached(conn, f"map:{since}:{until}:{limit}",
                          lambda: [map_place(p) for p in _map_places(conn, since, until, limit)])
        return {"since": since, "until": until, "places": places, "events_available": has_events(conn)}
    # the JSON body kept for the database state, as /api/quotes and /api/search keep theirs
    return cached_json(request, MapOut, make)


def _map_places(conn: sqlite3.Connection, since: str | None, until: str | None, limit: int) -> list[dict[str, Any]]:
    """The map's places from memory (``web.map_counts``: a GROUP BY per date range cost 30-130 ms of
    SQLite on the 10,000-article benchmark store), else from the store's SQL."""
    kept = map_counts.map_places(conn, since=since, until=until, limit=limit)
    return kept if kept is not None else S.map_places(conn, since=since, until=until, limit=limit)


def has_events(conn: sqlite3.Connection) -> bool:
    """True when the store has events (a later schema) and one of them has a place with coordinates:
    the map then offers an events layer and a category filter."""
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'").fetchall():
        return False
    return bool(conn.execute("SELECT 1 FROM events WHERE place_lat IS NOT NULL LIMIT 1").fetchall())


def place_kind(p: dict[str, Any]) -> str:
    """The kind a reader sees: the stored kind (schema v5), else one from the feature class."""
    from newsgraph.gazetteer import feature_kind

    return p.get("kind") or feature_kind(p.get("feature_class"), p.get("admin1")) or "place"


def place_label(p: dict[str, Any]) -> str:
    """A label that tells apart two places of one name: "Kharkiv (town, Kharkiv Oblast, UA)" and
    "Kharkiv (region, UA)"."""
    kind = place_kind(p)
    parts = [kind]
    if p.get("admin1") and p["admin1"] != p.get("name") and kind not in ("country", "region"):
        parts.append(p["admin1"])
    if p.get("country_code"):
        parts.append(p["country_code"])
    return f"{p.get('name') or '?'} ({', '.join(parts)})"


def place_key(p: dict[str, Any]) -> str:
    return str(p["geonameid"]) if p.get("geonameid") is not None else (p.get("name") or "")


def map_place(p: dict[str, Any]) -> dict[str, Any]:
    return {"key": place_key(p), "name": p["name"], "label": place_label(p), "kind": place_kind(p),
            "geonameid": p["geonameid"], "lat": round(p["lat"], 5), "lon": round(p["lon"], 5),
            "country_code": p["country_code"], "admin1": p["admin1"], "mentions": p["mentions"],
            "articles": p["articles"]}


def events_per_month(conn: sqlite3.Connection, *, speaker: str | None = None, place: str | None = None,
                     source: str | None = None) -> list[dict[str, Any]]:
    """Events per month for the timeline, by the event's own date (a day or a month it names, else
    its article's publication date: ``store.events.EVENT_DATE``), over the articles the timeline's
    other series count (the same place, source and speaker filters). Empty without an events table."""
    from newsgraph.store.events import EVENT_DATE

    if not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'").fetchall():
        return []
    where, params = S._article_search_where(place, None, None, source, speaker, conn)
    w = "".join(" AND " + c for c in where)
    rows = conn.execute(f"SELECT substr({EVENT_DATE}, 1, 7) AS month, count(*) AS n FROM events e"
                        f" JOIN articles a ON a.id = e.article_id WHERE {EVENT_DATE} IS NOT NULL{w}"
                        " GROUP BY month ORDER BY month", params).fetchall()
    return [{"month": m, "n": n} for m, n in rows if m and len(m) == 7]
