"""The JSON API under /api: paginated, validated (a bad parameter is a 4xx with a message)."""
from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, HTTPException, Path, Query, Request, Response
from pydantic import BaseModel

from newsgraph.web import models as M
from newsgraph.store import queries as S
from newsgraph.web import queries as Q

from newsgraph.validate import DATE_PATTERN, check_date  # noqa: F401  (one validation, CLI and web)
MAX_LIMIT = 500
MAX_OFFSET = 100_000

router = APIRouter(prefix="/api", tags=["api"], responses={
    422: {"model": M.ValidationProblem, "description": "a parameter out of its type or bounds"}})

ERRORS: dict[int | str, dict[str, Any]] = {400: {"model": M.Problem, "description": "bad parameter"}}
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": M.Problem, "description": "no such item"}}


def db(request: Request) -> sqlite3.Connection:
    """This worker thread's read-only connection. Called in the endpoint, not as a dependency:
    a sync dependency would cost a thread hop of its own and could run on another thread."""
    return request.app.state.db.connection()


Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="page size")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="items to skip")]
Text = Annotated[str | None, Query(max_length=500)]
Name = Annotated[str | None, Query(max_length=200, description="id (digits) or part of the name")]
Day = Annotated[str | None, Query(pattern=DATE_PATTERN, description="YYYY, YYYY-MM or YYYY-MM-DD, inclusive")]


def cache_key(request: Request) -> str:
    """The response cache's key of a request: its path and its query, sorted."""
    return request.url.path + "?" + urlencode(sorted(request.query_params.multi_items()))


def cached_json(request: Request, model: type[BaseModel], make: Callable[[], Any]) -> Response:
    """``make()``'s answer, checked against ``model`` and sent as JSON; kept in the app's response
    cache for the database state it was made on (header ``x-cache: hit|miss``). A hit usually
    never gets here: ``app.CachedAnswers`` sends it before routing."""
    key = cache_key(request)
    cache = request.app.state.responses
    state = request.app.state.db.state()
    body = cache.get(key, state)
    if body is not None:
        return Response(body, media_type="application/json", headers={"x-cache": "hit"})
    body = model.model_validate(make()).model_dump_json().encode()
    cache.put(key, state, body)
    return Response(body, media_type="application/json", headers={"x-cache": "miss"})


def _next(request: Request, total: int, limit: int, offset: int) -> str | None:
    if offset + limit >= total:
        return None
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "offset"]
    return f"{request.url.path}?{urlencode(params + [('offset', str(offset + limit))])}"


def article_href(article_id: str) -> str:
    return "/articles/" + quote(article_id, safe="")


def quote_out(q: dict[str, Any]) -> dict[str, Any]:
    return {**q, "href": f"{article_href(q['article_id'])}#q-{q['id']}"}


@router.get("/stats", response_model=M.Stats, summary="Corpus figures")
def stats(request: Request):
    conn = db(request)
    return Q.corpus_stats(conn)


@router.get("/articles", response_model=M.ArticlePage, responses=ERRORS, summary="Articles, newest first")
def articles(request: Request, since: Day = None, until: Day = None,
             source: Text = None, place: Name = None, limit: Limit = 50, offset: Offset = 0):
    conn = db(request)
    total, items = Q.list_articles(conn, source=source or None, since=since, until=until,
                                   place=place or None, limit=limit, offset=offset)
    return {"total": total, "limit": limit, "offset": offset, "next": _next(request, total, limit, offset),
            "items": [{**a, "href": article_href(a["id"])} for a in items]}


def _article_model():
    from newsgraph.web.statements import ArticleOut

    return ArticleOut


@router.get("/articles/{article_id:path}", response_model=_article_model(), responses=NOT_FOUND,
            summary="One article's record (README: The record)")
def article(article_id: str, request: Request):
    conn = db(request)
    rec = S.get_record(conn, article_id)
    if rec is None:
        raise HTTPException(404, f"no article with id {article_id!r}")
    from newsgraph.web.statements import with_statements

    return with_statements(conn, rec.to_dict())  # each quote's "statement", the report's "copies"


@router.get("/quotes", response_model=M.QuotePage, responses=ERRORS, summary="Quotes, filtered")
def quotes(request: Request, since: Day = None, until: Day = None,
           speaker: Name = None, q: Text = None, place: Name = None, source: Text = None,
           article: Text = None, limit: Limit = 50, offset: Offset = 0):
    def make():
        if q and Q.fts_query(q) is None:  # punctuation alone: nothing can match
            return {"total": 0, "limit": limit, "offset": offset, "next": None, "items": []}
        f = Q.QuoteFilter(speaker=speaker or None, about=q or None, place=place or None, since=since,
                          until=until, source=source or None, article_id=article or None,
                          limit=limit, offset=offset)
        total, items = Q.find_quotes(db(request), f)
        return {"total": total, "limit": limit, "offset": offset, "next": _next(request, total, limit, offset),
                "items": [quote_out(x) for x in items]}
    return cached_json(request, M.QuotePage, make)


@router.get("/speakers", response_model=M.SpeakerPage, responses=ERRORS, summary="Speakers, most quoted first")
def speakers(request: Request, q: Name = None, limit: Limit = 50, offset: Offset = 0):
    conn = db(request)
    total, items = Q.list_speakers(conn, q=q or None, limit=limit, offset=offset)
    return {"total": total, "limit": limit, "offset": offset, "next": _next(request, total, limit, offset),
            "items": [{**s, "href": f"/speakers/{s['id']}"} for s in items]}


@router.get("/speakers/{speaker_id}", response_model=M.SpeakerOut, responses=NOT_FOUND, summary="One speaker")
def speaker(speaker_id: Annotated[int, Path(ge=0, le=2**62)], request: Request):
    conn = db(request)
    s = S.get_speaker(conn, speaker_id)
    if s is None:
        raise HTTPException(404, f"no speaker with id {speaker_id}")
    return {**s, "href": f"/speakers/{s['id']}", "quote_list": [quote_out(x) for x in s["quote_list"]],
            "article_list": [{**a, "href": article_href(a["id"])} for a in s["article_list"]]}


@router.get("/places", response_model=M.PlaceCollection, responses=ERRORS,
            summary="Places as GeoJSON points, most mentioned first")
def places(request: Request, q: Name = None, limit: Annotated[int, Query(ge=1, le=5000)] = 1000, offset: Offset = 0):
    conn = db(request)
    total, items = Q.cached(conn, f"places:{q!r}:{limit}:{offset}", lambda: (
        Q.count_places(conn, q or None), S.list_places(conn, limit, offset, q=q or None)))
    feats = []
    for p in items:
        geom = None
        if p["lat"] is not None and p["lon"] is not None:
            geom = {"type": "Point", "coordinates": [p["lon"], p["lat"]]}
        key = str(p["geonameid"]) if p["geonameid"] is not None else (p["name"] or "")
        feats.append({"type": "Feature", "geometry": geom, "properties": {
            "name": p["name"], "geonameid": p["geonameid"], "country_code": p["country_code"],
            "feature_class": p["feature_class"], "admin1": p["admin1"], "mentions": p["mentions"],
            "articles": p["articles"], "quotes_href": "/api/quotes?" + urlencode({"place": key})}})
    return {"type": "FeatureCollection", "total": total, "limit": limit, "offset": offset, "features": feats}


@router.get("/search", response_model=M.SearchOut, responses=ERRORS,
            summary="Full text over articles and quotes")
def search(request: Request,
           q: Annotated[str, Query(min_length=1, max_length=500, description="words to find (all must match)")],
           speaker: Name = None, place: Name = None, source: Text = None, since: Day = None, until: Day = None,
           limit: Annotated[int, Query(ge=1, le=100)] = 20, offset: Offset = 0):
    def make():
        r = Q.search(db(request), q, speaker=speaker or None, place=place or None, source=source or None,
                     since=since, until=until, limit=limit, offset=offset)
        return {"q": q, "limit": limit, "offset": offset, "articles_total": r["articles_total"],
                "articles_order": r["articles_order"],
                "articles": [{**a, "href": article_href(a["id"])} for a in r["articles"]],
                "quotes_total": r["quotes_total"], "quotes_order": r["quotes_order"],
                "quotes": [quote_out(x) for x in r["quotes"]]}
    return cached_json(request, M.SearchOut, make)


@router.get("/timeline", response_model=M.TimelineOut, responses=ERRORS,
            summary="Quotes, articles and date mentions per month")
def timeline(request: Request, speaker: Name = None, place: Name = None, source: Text = None):
    conn = db(request)
    return Q.cached(conn, f"timeline:{speaker!r}:{place!r}:{source!r}", lambda: Q.timeline(
        conn, speaker=speaker or None, place=place or None, source=source or None))


# /api/events lives in its own module (newsgraph.web.events_api); registered here with the others.
from newsgraph.web.events_api import events as _events  # noqa: E402

router.get("/events", response_model=M.EventPage, responses=ERRORS, summary="Events, filtered")(_events)
