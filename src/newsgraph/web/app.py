"""The reading room: ``create_app(db_path, token=None)`` builds the FastAPI app (pages + JSON API).

The database is opened read-only, one connection per worker thread, so the server keeps serving
(from the last committed state) while ``newsgraph ingest`` writes to the same WAL-mode file.
"""
from __future__ import annotations

import os
import sqlite3
import threading
from collections import OrderedDict
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from newsgraph import __version__
from newsgraph.settings import Settings
from newsgraph.store.schema import StoreError, connect
from newsgraph.validate import DATE_PATTERN, date_message
from newsgraph.web.security import Guard

HERE = Path(__file__).resolve().parent


MMAP_BYTES = 1 << 30


@asynccontextmanager
async def _lifespan(app):
    import anyio.to_thread

    # The sync endpoints' threads (setting web_threads; anyio's default is 40). A request is mostly
    # Python, which runs one thread at a time, so more threads mostly wait for its lock; fewer make
    # a slow query (a map over all dates: 60 ms of SQLite) hold up the others. Measured on the
    # 10,000-article benchmark store, 20 clients, one process, quiet machine, p95 search / quotes /
    # map: 1 thread 150 / 177 / 253 ms, 2 threads 140-176 / 141-161 / 145-190 ms (three runs),
    # 4 threads 213 / 115 / 110 ms. Cached answers and files never wait: they are sent from the
    # event loop.
    anyio.to_thread.current_default_thread_limiter().total_tokens = app.state.threads
    # what the in-memory counts keep is read once, now, not by the first search or map request
    # (0.15-0.3 s on the 10,000-article benchmark store, which that request and those after it waited for)
    app.state.warming = threading.Thread(target=_warm, args=(app.state.db.path,), name="newsgraph-warm",
                                         daemon=True)
    app.state.warming.start()
    yield


def _warm(path: Path) -> None:
    """Read the articles, quotes and places the web keeps in memory (``web.match_counts``,
    ``web.map_counts``) for the store's current state. A failure only means the first request
    reads them itself."""
    from newsgraph.web import map_counts, match_counts

    try:
        conn = connect(path, readonly=True)
        try:
            match_counts.warm(conn)
            map_counts.warm(conn)
        finally:
            conn.close()
    except (sqlite3.Error, StoreError, OSError, MemoryError):
        pass


class Database:
    """Read-only connections, one per thread (sqlite3 connections are not shared across threads)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._local = threading.local()
        connect(self.path, readonly=True).close()  # fail now, with the store's message, if unreadable

    def state(self) -> tuple:
        """Changes whenever a writer commits: the database file and its WAL, (mtime, size) each."""
        out = []
        for suffix in ("", "-wal"):
            try:
                st = os.stat(f"{self.path}{suffix}")
                out += [st.st_mtime_ns, st.st_size]
            except OSError:
                out += [0, 0]
        return tuple(out)

    def connection(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            # every worker thread has its own connection: map the file, so that they share the OS's
            # page cache instead of each warming a private one
            conn = connect(self.path, readonly=True, mmap_bytes=MMAP_BYTES)
            self._local.conn = conn
        return conn


def create_app(db_path: str | Path, token: str | None = None, *, allowed_hosts: list[str] | None = None):
    """The ASGI app over the store at ``db_path``. With ``token``, every request needs it (see
    :mod:`newsgraph.web.security`). The map's country outlines and the browser libraries are served
    from the cache when present (``newsgraph serve`` fetches them: ``worldmap``, ``vendor``)."""
    from newsgraph.web import api, pages, reading, statements

    app = FastAPI(title="newsgraph", version=__version__,
                  description="Who said what, about whom, where and when: the JSON API of the reading room.",
                  openapi_url="/api/openapi.json", docs_url=None, redoc_url=None, lifespan=_lifespan)  # the docs UIs load from CDNs
    app.state.db = Database(db_path)
    settings = Settings.resolve()  # a bad NEWSGRAPH_RESPONSE_CACHE is an error naming it, not ignored
    app.state.responses = ResponseCache(settings.response_cache, max_bytes=settings.response_cache_mb * 1_000_000)
    app.state.threads = settings.web_threads
    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(reading.api)  # /api/map (newsgraph.web.reading)
    app.include_router(reading.files)  # /vendor/..., /map/countries.geojson, /favicon.ico
    app.include_router(statements.api_router)  # issue 19: statements, copies, disagreements
    app.include_router(statements.page_router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError):
        msgs = []
        for e in exc.errors():
            where = ".".join(str(x) for x in e.get("loc", ()) if x not in ("query", "path"))
            if e.get("type") == "string_pattern_mismatch" and (e.get("ctx") or {}).get("pattern") == DATE_PATTERN:
                msgs.append(date_message(where, e.get("input")))  # the CLI's words for the same date
                continue
            msgs.append(f"{where}: {e.get('msg')}")
        if not request.url.path.startswith("/api/"):
            return pages.error_page(request, 400, "; ".join(msgs))
        return JSONResponse({"detail": "; ".join(msgs) or "bad request", "errors": _plain(exc.errors())},
                            status_code=422)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        if not request.url.path.startswith("/api/") and request.url.path != "/api":
            return pages.error_page(request, exc.status_code, str(exc.detail))
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(StoreError)
    @app.exception_handler(sqlite3.OperationalError)
    async def db_error(request: Request, exc: Exception):
        # busy or locked database, a schema from another version: say so, do not crash
        return JSONResponse({"detail": f"database unavailable: {exc}"}, status_code=503)

    return Guard(CachedAnswers(app), token=token, allowed_hosts=allowed_hosts)


class CachedAnswers:
    """Sends an API answer that the response cache holds for the database's current state straight
    from the event loop: no hop to a worker thread, no routing, no validation. The key is the one
    ``api.cached_json`` stored it under (path and sorted query), and only a request that passed
    validation was ever stored, so a hit is the answer the endpoint would give. Everything else
    goes to the app. Inside the guard: the token and host checks come first."""

    def __init__(self, app: FastAPI):
        self.app = app

    @property
    def state(self):
        return self.app.state

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http" and scope.get("method") == "GET" and scope.get("path", "").startswith("/api/"):
            from newsgraph.web.api import cache_key

            body = self.app.state.responses.get(cache_key(Request(scope)), self.app.state.db.state())
            if body is not None:
                await Response(body, media_type="application/json", headers={"x-cache": "hit"})(scope, receive, send)
                return
        await self.app(scope, receive, send)


class ResponseCache:
    """JSON bodies of recent API answers, keyed by path and query, each valid for the database
    state it was computed on: the archive is read far more than it is written, and readers repeat
    queries (paging back, the same search). Bounded by entries (``size``) and by bytes (``max_bytes``,
    keys and bodies): the least recently used go first; a body bigger than an eighth of the budget
    is not kept."""

    def __init__(self, size: int = 2048, max_bytes: int = 64_000_000):
        self.size = size
        self.max_bytes = max_bytes
        self.bytes = 0
        self._data: OrderedDict[str, tuple[tuple, bytes]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str, state: tuple) -> bytes | None:
        with self._lock:
            hit = self._data.get(key)
            if hit is None or hit[0] != state:
                return None
            self._data.move_to_end(key)
            return hit[1]

    def put(self, key: str, state: tuple, body: bytes) -> None:
        cost = len(body) + len(key)
        if self.size <= 0 or cost > self.max_bytes // 8:
            return
        with self._lock:
            old = self._data.pop(key, None)
            if old is not None:
                self.bytes -= len(old[1]) + len(key)
            self._data[key] = (state, body)
            self.bytes += cost
            while len(self._data) > self.size or self.bytes > self.max_bytes:
                k, (_, b) = self._data.popitem(last=False)
                self.bytes -= len(b) + len(k)


def _plain(errors: list[dict]) -> list[dict]:
    return [{"loc": [str(x) for x in e.get("loc", ())], "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
            for e in errors]


def fastapi_app(asgi) -> FastAPI:
    """The FastAPI app inside the guard (tests read its OpenAPI schema)."""
    while isinstance(asgi, (Guard, CachedAnswers)):
        asgi = asgi.app
    return asgi


CONFIG_ENV = "NEWSGRAPH_SERVE_CONFIG"


def app_from_env():
    """The app for each worker process of ``newsgraph serve --workers N`` (uvicorn's factory):
    its settings come from the environment variable the parent process set."""
    import json
    import os

    cfg = json.loads(os.environ[CONFIG_ENV])
    return create_app(cfg["db"], token=cfg.get("token"), allowed_hosts=cfg.get("allowed_hosts"))
