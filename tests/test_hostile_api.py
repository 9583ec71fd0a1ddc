"""Hostile query strings against every GET route of the API and the pages: no answer is a server
error, whatever a parameter holds (SQL and FTS5 syntax, LIKE wildcards, bytes that are not UTF-8,
NUL, numbers past SQLite's range, dates that do not exist, 5,000 characters). The routes and their
parameters are read from the app's own OpenAPI schema, so a new route or parameter is covered the
day it is added. The store is the demo corpus, ingested through the pipeline (events and statements
included)."""
from __future__ import annotations

import asyncio
import urllib.parse
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgraph.web.app import fastapi_app

DEMO = Path(__file__).resolve().parents[1] / "src" / "newsgraph" / "data" / "demo" / "demo.jsonl"

# each value is sent raw (percent-encoded bytes), so it reaches the app exactly as written
HOSTILE = [
    b"' OR 1=1 --", b"%25", b"_", b"%5C", b"%22", b"NEAR(", b"*", b"drone OR", b"-", b"AND AND",
    b"%00", b"%FF%FE", b"%ED%A0%80", b"9" * 40, b"-1", b"1e309", b"2024-02-30", b"0000-00-00",
    b"%EF%BC%99", b"a" * 5000, b"",
]


def _get(app, path: str, query: bytes) -> int:
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": urllib.parse.unquote(path), "raw_path": path.encode(),
             "query_string": query, "root_path": "", "headers": [(b"host", b"127.0.0.1")]}
    asyncio.run(app(scope, receive, send))
    return sent[0]["status"]


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    from newsgraph.cli import main
    from newsgraph.web import create_app

    db = tmp_path_factory.mktemp("hostile_api") / "demo.db"
    out = CliRunner().invoke(main, ["ingest", str(DEMO), "--db", str(db)])
    assert out.exit_code == 0, out.output
    return create_app(db)


def _routes(app) -> list[tuple[str, list[str], list[str]]]:
    """(path, query parameters, path parameters) of every GET route the schema lists."""
    schema = fastapi_app(app).openapi()
    out = []
    for path, ops in schema["paths"].items():
        if "get" in ops:
            params = ops["get"].get("parameters", [])
            out.append((path, [p["name"] for p in params if p["in"] == "query"],
                        [p["name"] for p in params if p["in"] == "path"]))
    return out


def test_the_schema_lists_the_routes_users_call(app):
    paths = {p for p, _, _ in _routes(app)}
    assert {"/api/quotes", "/api/search", "/api/events", "/api/statements", "/api/map"} <= paths


def test_no_query_parameter_value_makes_a_server_error(app):
    errors = []
    for path, query, in_path in _routes(app):
        if in_path:
            continue
        for name in query:
            for value in HOSTILE:
                status = _get(app, path, name.encode() + b"=" + value)
                if status >= 500:
                    errors.append((path, name, value[:40], status))
    assert not errors, errors[:10]


def test_no_path_parameter_value_makes_a_server_error(app):
    errors = []
    for path, _, in_path in _routes(app):
        for name in in_path:
            for value in HOSTILE:
                if not value:
                    continue
                status = _get(app, path.replace("{" + name + "}", value.decode("latin-1")), b"")
                if status >= 500:
                    errors.append((path, value[:40], status))
    assert not errors, errors[:10]


@pytest.mark.parametrize("page", ["/", "/articles", "/speakers", "/places", "/search", "/timeline", "/statements",
                                  "/disagreements", "/articles/demo-001", "/speakers/1", "/statements/1"])
def test_pages_answer_hostile_queries_without_a_server_error(app, page):
    assert _get(app, page, b"") == 200  # the page exists: a 404 would pass the loop below for nothing
    for name in (b"q", b"speaker", b"since", b"until", b"limit", b"offset"):
        for value in HOSTILE:
            status = _get(app, page, name + b"=" + value)
            assert status < 500, (page, name, value[:40], status)
