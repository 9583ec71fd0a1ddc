"""Statements, copies and disagreements in the reading room (issue 19): the JSON API
(``/api/statements``, ``/api/statements/{id}``, ``/api/disagreements``) and the pages
(``/statements``, ``/statements/{id}``, ``/disagreements``), plus what the article record and the
speaker and search pages add (``with_statements``, ``group_by_statement``). The queries are in
store/statement_queries.py; the app registers ``api_router`` and ``page_router``."""
from __future__ import annotations

import sqlite3
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel

from newsgraph.store import statement_queries as SQ
from newsgraph.web import models as M
from newsgraph.web.api import DATE_PATTERN, MAX_OFFSET, NOT_FOUND, article_href

api_router = APIRouter(prefix="/api", tags=["api"], responses={
    422: {"model": M.ValidationProblem, "description": "a parameter out of its type or bounds"}})
page_router = APIRouter(include_in_schema=False)


# -- response shapes -----------------------------------------------------------------------------

class SpeakerName(BaseModel):
    id: int | None
    name: str | None


class StatementOut(BaseModel):
    id: int
    content: str
    speaker: SpeakerName
    first_seen: str | None
    first_outlet: str | None
    outlets: list[str]  # every outlet that carried it, first published first
    articles: list[str]  # article ids, first published first
    independent_reports: int  # distinct outlets among the original reports (copies count once)


class StatementPage(M.Page):
    items: list[StatementOut]


class TimelineEntry(BaseModel):
    quote_id: int
    article_id: str
    title: str | None
    published: str | None
    url: str | None
    outlet: str | None
    report_id: str | None
    copy_of: str | None  # the first article of the report this article is a copy of
    content: str
    speaker_text: str | None
    first: bool  # the first publisher


class StatementDetail(StatementOut):
    timeline: list[TimelineEntry]
    wordings: list[str]


class ArticleQuote(M.RecordQuote):
    statement: int | None = None  # the statement this quote is one of (null: no archive speaker)


class ArticleOut(M.RecordOut):
    quotes: list[ArticleQuote]
    copies: list[str] = []  # ids of the other copies of this report


class Disagreements(BaseModel):
    speakers: list[dict[str, Any]]  # one wording, different speakers: {"content", "statements": [items]}
    figures: list[dict[str, Any]]  # {"thing", "place", "geonameid", "day", "sources": [...]}


def with_statements(conn: sqlite3.Connection, record: dict[str, Any]) -> dict[str, Any]:
    """An article's record (README "The record") with each quote's ``statement`` and the ``copies``."""
    if not SQ.has_statements(conn):
        return {**record, "copies": []}
    from newsgraph.store.statements import article_statements

    ids = article_statements(conn, record["id"])
    quotes = [{**q, "statement": ids.get((q["start"], q["end"]))} for q in record["quotes"]]
    return {**record, "quotes": quotes, "copies": SQ.copies_of(conn, record["id"])}


def group_by_statement(conn: sqlite3.Connection, quotes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Quote rows with their ``statement`` and, for a statement met more than once on the page, only its
    first quote, with ``also`` (how many more quotes of it) and ``outlets`` (its independent reports)."""
    if not SQ.has_statements(conn) or not quotes:
        return quotes
    from newsgraph.store.statements import quote_statement_ids

    sids = quote_statement_ids(conn, [q["id"] for q in quotes])
    reports = {i["id"]: i["independent_reports"] for i in SQ.statement_items(conn, sorted(set(sids.values())))}
    out: list[dict[str, Any]] = []
    first: dict[int, dict[str, Any]] = {}
    for q in quotes:
        sid = sids.get(q["id"])
        if sid is not None and sid in first:
            first[sid]["also"] += 1
            continue
        row = {**q, "statement": sid, "also": 0, "outlets": reports.get(sid, 0)}
        if sid is not None:
            first[sid] = row
        out.append(row)
    return out


# -- API -----------------------------------------------------------------------------------------

def _conn(request: Request) -> sqlite3.Connection:
    return request.app.state.db.connection()


Day = Annotated[str | None, Query(pattern=DATE_PATTERN, description="first seen, YYYY[-MM[-DD]], inclusive")]


@api_router.get("/statements", response_model=StatementPage, summary="Statements: one speaker's words across outlets")
def statements(request: Request, speaker: Annotated[str | None, Query(max_length=200)] = None,
               q: Annotated[str | None, Query(max_length=500)] = None, since: Day = None, until: Day = None,
               min_outlets: Annotated[int | None, Query(ge=0, le=100_000)] = None,
               limit: Annotated[int, Query(ge=1, le=500)] = 50,
               offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0):
    from urllib.parse import urlencode

    f = SQ.StatementFilter(speaker=speaker or None, q=q or None, since=since, until=until, min_outlets=min_outlets,
                           limit=limit, offset=offset)
    total, items = SQ.list_statements(_conn(request), f)
    nxt = None
    if offset + limit < total:
        params = [(k, v) for k, v in request.query_params.multi_items() if k != "offset"]
        nxt = f"{request.url.path}?{urlencode(params + [('offset', str(offset + limit))])}"
    return {"total": total, "limit": limit, "offset": offset, "next": nxt, "items": items}


@api_router.get("/statements/{statement_id}", response_model=StatementDetail, responses=NOT_FOUND,
                summary="One statement with every outlet that carried it")
def statement(statement_id: Annotated[int, Path(ge=0, le=2**62)], request: Request):
    s = SQ.get_statement(_conn(request), statement_id)
    if s is None:
        raise HTTPException(404, f"no statement with id {statement_id}")
    return s


@api_router.get("/disagreements", response_model=Disagreements,
                summary="Where sources disagree: one wording, two speakers; two numbers, one place and day")
def disagreements(request: Request):
    conn = _conn(request)
    return {"speakers": SQ.speaker_disagreements(conn), "figures": SQ.figure_disagreements(conn)}


# -- pages ---------------------------------------------------------------------------------------

def _render(request: Request, name: str, **ctx: Any) -> HTMLResponse:
    from newsgraph.web.pages import render

    return render(request, name, **ctx)


@page_router.get("/statements", response_class=HTMLResponse)
def statements_page(request: Request):
    from newsgraph.web.pages import _date, _int, _pager, _text

    offset = _int(request, "offset", 0, 0, MAX_OFFSET)
    form = {"speaker": _text(request, "speaker", 200), "q": _text(request, "q"), "since": _date(request, "since"),
            "until": _date(request, "until"), "min_outlets": _int(request, "min_outlets", 0, 0, 100_000)}
    total, items = SQ.list_statements(_conn(request), SQ.StatementFilter(
        speaker=form["speaker"], q=form["q"], since=form["since"], until=form["until"],
        min_outlets=form["min_outlets"] or None, limit=50, offset=offset))
    return _render(request, "statements.html", items=items, form=form, pager=_pager(request, total, offset))


@page_router.get("/statements/{statement_id}", response_class=HTMLResponse)
def statement_page(request: Request, statement_id: str):
    if not statement_id.isdigit() or len(statement_id) > 18:
        raise HTTPException(404, f"no statement with id {statement_id!r}")
    s = SQ.get_statement(_conn(request), int(statement_id))
    if s is None:
        raise HTTPException(404, f"no statement with id {statement_id}")
    return _render(request, "statement.html", s=s)


@page_router.get("/disagreements", response_class=HTMLResponse)
def disagreements_page(request: Request):
    conn = _conn(request)
    return _render(request, "disagreements.html", speakers=SQ.speaker_disagreements(conn),
                   figures=SQ.figure_disagreements(conn))


def copies_for_page(conn: sqlite3.Connection, article_id: str) -> list[dict[str, Any]]:
    """The other copies of an article's report, with outlet and date: 'also published by …'."""
    return [{**c, "href": article_href(c["id"])} for c in SQ.copy_rows(conn, article_id)]
