"""Issue 21: nothing a user feeds newsgraph stops an ingest or loses a good article. One test per
class of hostile input (each failed before the fix); the whole corpus is tests/test_hostile_corpus.py."""
from __future__ import annotations

import gzip
import http.server
import json
import os
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from _corpus import make_record, news_text
from hostile import deflate_repeat, gzip_repeat
from newsgraph.engines import run_ingest
from newsgraph.ingest import read_inputs, read_path
from newsgraph.ingest.guard import Limits
from newsgraph.record import MAX_REASON_CHARS, Article, Failure


def rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as c:
        return c.execute(sql).fetchall()


def jsonl(path: Path, lines: list[object]) -> Path:
    path.write_bytes(b"".join((x if isinstance(x, bytes) else json.dumps(x).encode()) + b"\n" for x in lines))
    return path


# -- 1. lone surrogates in any field -----------------------------------------------------------------

@pytest.mark.parametrize("field", ["title", "id", "url", "author", "source"])
def test_lone_surrogate_in_a_field_is_stored_and_the_articles_after_it_too(tmp_path, field):
    f = jsonl(tmp_path / "s.jsonl", [{"id": "a", "text": news_text(1), field: "x \ud800 y"},
                                     {"id": "b", "text": news_text(2)}])
    s = run_ingest("local", [str(f)], tmp_path / "s.db")
    assert (s.stored, s.failed) == (2, 0)
    col = {"id": "id", "title": "title", "url": "url", "author": "author", "source": "source"}[field]
    assert ("x \\ud800 y",) in rows(tmp_path / "s.db", f"SELECT {col} FROM articles")


def test_lone_surrogate_in_the_id_of_a_malformed_line_is_a_failure_row(tmp_path):
    f = jsonl(tmp_path / "m.jsonl", [b'{"id": "\\ud800bad", "text": ', {"id": "ok", "text": news_text(3)}])
    s = run_ingest("local", [str(f)], tmp_path / "m.db")
    assert (s.stored, s.failed) == (1, 1)
    assert rows(tmp_path / "m.db", "SELECT article_id, position FROM failures") == [("\\ud800bad", 1)]


def test_analyze_batch_with_lone_surrogates_writes_every_line(pipeline, tmp_path):
    from newsgraph.cli.analyze import analyze

    f = jsonl(tmp_path / "a.jsonl", [{"id": "t", "text": news_text(1), "title": "\udfff"},
                                     b'{"id": "\\ud800", "text": ', {"id": "z", "text": news_text(2)}])
    r = CliRunner().invoke(analyze, [str(f)])
    out = [json.loads(line) for line in r.stdout.splitlines()]
    assert [o["id"] for o in out] == ["t", "\\ud800", "z"] and "error" in out[1]


def test_writer_stores_a_failure_with_surrogates(tmp_path):
    from newsgraph.store import connect
    from newsgraph.store.writer import write_failure

    conn = connect(tmp_path / "w.db")
    assert write_failure(conn, Failure(origin="bad\udcffname.txt", reason="r \ud800", id="\ud800"))
    assert rows(tmp_path / "w.db", "SELECT origin, article_id FROM failures") == [("bad\\udcffname.txt", "\\ud800")]


def test_file_name_that_is_not_utf8_is_stored(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    with open(os.path.join(os.fsencode(d), b"caf\xe9.txt"), "wb") as fh:
        fh.write(news_text(4).encode())
    s = run_ingest("local", [str(d)], tmp_path / "n.db")
    assert (s.stored, s.failed) == (1, 0)
    assert rows(tmp_path / "n.db", "SELECT id FROM articles") == [("caf\\xe9",)]


# -- 2. failure reasons are bounded -------------------------------------------------------------------

def test_failure_reason_is_cut_however_it_is_set():
    f = Failure(origin="x", reason="y" * 10_000_000)
    assert len(f.reason) == MAX_REASON_CHARS
    f.reason = f.reason + " (more)" * 1000
    assert len(f.reason) == MAX_REASON_CHARS


def test_warc_gz_of_zeros_is_one_short_failure_quickly(tmp_path):
    f = tmp_path / "zeros.warc.gz"
    f.write_bytes(gzip_repeat(b"", b"\0" * 1_000_000, 1000))  # 1 MB -> 1 GB
    t0 = time.monotonic()
    (fail,) = list(read_path(f))
    assert time.monotonic() - t0 < 5
    assert isinstance(fail, Failure) and "not a WARC archive" in fail.reason


def test_warc_record_that_is_a_bomb_is_a_failure_after_the_good_records(tmp_path):
    from hostile import _page, _warc_record

    f = tmp_path / "b.warc.gz"
    head = (b"WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: https://x.invalid/b\r\n"
            b"Content-Type: text/plain\r\nContent-Length: 1000000000\r\n\r\n")
    with open(f, "wb") as fh:
        fh.write(gzip.compress(_warc_record("https://x.invalid/a", _page("A", news_text(5)).encode())))
        fh.write(gzip_repeat(head, b"\0" * 1_000_000, 1000, b"\r\n\r\n"))
    t0 = time.monotonic()
    items = list(read_path(f))
    assert time.monotonic() - t0 < 10
    assert isinstance(items[0], Article) and isinstance(items[1], Failure)
    assert items[1].position == 2 and "decompression bomb" in items[1].reason


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
def test_http_body_bomb_in_a_warc_is_a_failure(tmp_path, encoding):
    from hostile import _warc_record

    body = (gzip_repeat(b"<html>", b"\0" * 1_000_000, 200) if encoding == "gzip"
            else deflate_repeat(b"\0" * 1_000_000, 200))
    f = tmp_path / "h.warc.gz"
    f.write_bytes(gzip.compress(_warc_record("https://x.invalid/h", body, extra=f"Content-Encoding: {encoding}\r\n")))
    (fail,) = list(read_path(f))
    assert isinstance(fail, Failure) and "record too large" in fail.reason


def test_warc_header_line_without_end_is_a_failure_not_memory(tmp_path):
    f = tmp_path / "line.warc"
    f.write_bytes(b"WARC/1.0\r\nX: " + b"A" * 30_000_000)
    (fail,) = list(read_path(f))
    assert isinstance(fail, Failure) and "headers larger than" in fail.reason


def test_page_too_slow_to_extract_is_a_failure_in_time(tmp_path):
    para = "<p>" + "Residents said the shelling had stopped before dawn and the city was quiet. " * 20 + "</p>\n"
    f = tmp_path / "slow.html"
    f.write_text("<html><body><article>" + para * (8_000_000 // len(para)) + "</article></body></html>")
    t0 = time.monotonic()
    (fail,) = list(read_path(f, limits=Limits(seconds=1)))
    # the reason proves the limit fired; the clock only guards against a hang (a loaded 2-core machine
    # stretched 1 s to 6 s once, so this is no timing of the reader)
    assert time.monotonic() - t0 < 30
    assert isinstance(fail, Failure) and "not done within 1 s" in fail.reason


# -- 3. special files -----------------------------------------------------------------------------------

@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_named_txt_is_a_failure_and_the_good_file_is_stored(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "a-good.txt").write_text(news_text(6))
    os.mkfifo(d / "b-fifo.txt")
    s = run_ingest("local", [str(d)], tmp_path / "f.db")
    assert (s.stored, s.failed) == (1, 1)
    assert "FIFO" in s.failures[0].reason
    (named,) = list(read_path(d / "b-fifo.txt"))  # named on the command line: opened without blocking
    assert isinstance(named, Failure) and "not a regular file" in named.reason


def test_links_out_of_the_tree_and_to_devices_are_not_read(tmp_path):
    d, out = tmp_path / "in", tmp_path / "out"
    d.mkdir()
    out.mkdir()
    (out / "secret.txt").write_text(news_text(7))
    os.symlink("/dev/zero", d / "zero.txt")
    os.symlink(out / "secret.txt", d / "passwd.txt")
    os.symlink(out, d / "linked")
    (d / "ok.txt").write_text(news_text(8))
    os.symlink(d / "ok.txt", d / "same.txt")  # inside the tree: read (a duplicate), no failure
    items = list(read_inputs([str(d)]))
    fails = sorted(Path(f.origin).name for f in items if isinstance(f, Failure))
    assert fails == ["linked", "passwd.txt", "zero.txt"]
    assert [a.id for a in items if isinstance(a, Article)] == ["ok", "same"]
    followed = list(read_inputs([str(d)], limits=Limits(follow_symlinks=True)))
    assert {a.id for a in followed if isinstance(a, Article)} == {"ok", "same", "passwd", "secret"}
    (dev,) = [f for f in followed if isinstance(f, Failure)]
    assert "character device" in dev.reason  # followed, still only regular files


# -- 4. lost silently -----------------------------------------------------------------------------------

def test_jsonl_nested_100000_deep_is_one_failure_and_the_rest_goes_on(tmp_path):
    f = jsonl(tmp_path / "d.jsonl", [{"id": "a", "text": news_text(1)},
                                     b'{"id": "deep", "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
                                     {"id": "c", "text": news_text(2)}])
    items = list(read_path(f))
    assert [type(i).__name__ for i in items] == ["Article", "Failure", "Article"]
    assert items[1].position == 2 and "RecursionError" in items[1].reason


def test_jsonl_line_too_long_is_one_failure_and_the_rest_goes_on(tmp_path):
    f = jsonl(tmp_path / "h.jsonl", [b'{"id": "big", "text": "' + b"w " * 600_000 + b'"}',
                                     {"id": "c", "text": news_text(2)}])
    items = list(read_path(f, limits=Limits(max_bytes=1_000_000)))
    assert isinstance(items[0], Failure) and "larger than 1,000,000 bytes" in items[0].reason
    assert isinstance(items[1], Article) and items[1].id == "c"


def test_unreadable_subfolder_is_a_failure_row_and_exit_1(tmp_path, monkeypatch):
    from newsgraph.cli.corpus import ingest

    d = tmp_path / "in"
    (d / "locked").mkdir(parents=True)
    (d / "ok.txt").write_text(news_text(9))
    real = os.scandir

    def scandir(path="."):  # root can read any folder: refuse this one as a user's system would
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    r = CliRunner().invoke(ingest, [str(d), "--db", str(tmp_path / "u.db"), "-q"])
    assert r.exit_code == 1
    assert rows(tmp_path / "u.db", "SELECT origin, reason FROM failures") == [
        (str(d / "locked"), "cannot read folder: Permission denied")]


def test_odd_names_on_the_command_line_are_failures(tmp_path):
    items = list(read_inputs(["x" * 5000 + ".txt", "", "bad\0name.txt"]))
    assert [type(i).__name__ for i in items] == ["Failure"] * 3
    assert "too long" in items[0].reason and "empty path" in items[1].reason


def test_garbage_warc_is_a_failure(tmp_path):
    f = tmp_path / "g.warc"
    f.write_bytes(bytes(range(256)) * 200)
    (fail,) = list(read_path(f))
    assert isinstance(fail, Failure) and "not a WARC archive" in fail.reason


# -- 5. URL fetching --------------------------------------------------------------------------------------

class _Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def do_GET(self):
        if self.path == "/drip":  # a byte every 0.3 s, forever (until the client leaves)
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            try:
                for _ in range(200):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.3)
            except OSError:
                pass
            return
        if self.path == "/to-loopback":
            self.send_response(302)
            self.send_header("Location", f"http://127.0.0.1:{self.server.server_address[1]}/page")
            self.end_headers()
            return
        body = f"<html><body><article><p>{news_text(10)}</p></article></body></html>".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture()
def server():
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    srv.daemon_threads = True
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield srv.server_address[1]
    srv.shutdown()


def test_url_that_drips_bytes_ends_at_the_deadline(server, monkeypatch):
    from newsgraph.ingest import urls

    monkeypatch.setattr(urls, "_session", None)
    t0 = time.monotonic()
    (fail,) = list(urls.read_url(f"http://127.0.0.1:{server}/drip", limits=Limits(seconds=2)))
    assert time.monotonic() - t0 < 5
    assert isinstance(fail, Failure) and "not read within 2 s" in fail.reason


def test_redirect_from_a_public_address_to_loopback_is_refused(server, monkeypatch):
    from newsgraph.ingest import urls

    monkeypatch.setattr(urls, "_session", None)
    monkeypatch.setattr(urls, "is_public", lambda host: host == "localhost")  # "localhost" plays a public site
    (fail,) = list(urls.read_url(f"http://localhost:{server}/to-loopback"))
    assert isinstance(fail, Failure) and "private or loopback address refused" in fail.reason
    (ok,) = list(urls.read_url(f"http://127.0.0.1:{server}/to-loopback"))  # loopback to loopback: the user's own
    assert ok.url == f"http://127.0.0.1:{server}/page"


# -- 6. the web server ----------------------------------------------------------------------------------------

def _asgi_get(app, path: str, query: bytes = b"", headers: list | None = None) -> tuple[int, dict]:
    import asyncio

    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": path, "query_string": query, "root_path": "",
             "headers": headers or [(b"host", b"127.0.0.1")]}
    asyncio.run(app(scope, receive, send))
    return sent[0]["status"], dict(sent[0]["headers"])


TOKEN = "a-token-long-enough-1234"


@pytest.fixture()
def db_path(tmp_path):
    from newsgraph.store import connect
    from newsgraph.store.writer import write_record

    conn = connect(tmp_path / "web.db")
    write_record(conn, make_record("feeds/2024/a", "Olena Marchenko", "We heard explosions"))
    write_record(conn, make_record("esc", "Ihor \x1b[31mTerekhov", "=HYPERLINK(\"http://evil\")", extra="\x1b]0;x\x07"))
    conn.close()
    return tmp_path / "web.db"


def test_article_id_with_a_slash_opens(db_path):
    from fastapi.testclient import TestClient

    from newsgraph.web import create_app
    from newsgraph.web.api import article_href

    c = TestClient(create_app(db_path))
    assert c.get(article_href("feeds/2024/a")).status_code == 200
    assert c.get("/api" + article_href("feeds/2024/a")).json()["id"] == "feeds/2024/a"


@pytest.mark.parametrize("path,location", [
    ("/\\evil.example", "/evil.example"),  # "/\host" is another site to a browser
    ("//evil.example/x", "/evil.example/x"),
    ("/articles/Київ", "/articles/%D0%9A%D0%B8%D1%97%D0%B2"),
    ("/a\r\nSet-Cookie: x=1", "/a%0D%0ASet-Cookie%3A%20x=1"),
])
def test_token_redirect_stays_on_site_and_is_a_valid_header(db_path, path, location):
    from newsgraph.web import create_app

    status, headers = _asgi_get(create_app(db_path, token=TOKEN), path, f"token={TOKEN}".encode())
    assert status == 303 and headers[b"location"].decode() == location.replace("%3A", ":") or \
        headers[b"location"].decode() == location


def test_two_host_headers_are_refused(db_path):
    from newsgraph.web import create_app

    app = create_app(db_path, allowed_hosts=["127.0.0.1"])
    status, _ = _asgi_get(app, "/api/stats", headers=[(b"host", b"127.0.0.1"), (b"host", b"evil.example")])
    assert status == 400
    assert _asgi_get(app, "/api/stats")[0] == 200


def test_short_token_is_refused(db_path):
    from newsgraph.cli.serve import serve
    from newsgraph.web import create_app

    with pytest.raises(ValueError, match="at least 16"):
        create_app(db_path, token="a")
    r = CliRunner().invoke(serve, ["--db", str(db_path), "--token", "a", "--no-map"])
    assert r.exit_code == 2 and "at least 16" in r.output


def test_response_cache_is_bounded_by_bytes():
    from newsgraph.web.app import ResponseCache

    cache = ResponseCache(size=2048, max_bytes=1_000_000)
    for i in range(2048):
        cache.put(f"/api/search?q={i}", (0,), b"x" * 10_000)
    assert cache.bytes <= 1_000_000 and len(cache._data) < 100
    assert cache.get("/api/search?q=2047", (0,)) is not None and cache.get("/api/search?q=0", (0,)) is None
    cache.put("/big", (0,), b"x" * 200_000)  # over an eighth of the budget: not kept
    assert cache.get("/big", (0,)) is None


# -- 7. output ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("args", [["show", "esc"], ["quotes"], ["search", "HYPERLINK"], ["speakers"],
                                  ["quotes", "--json"], ["show", "esc", "--json"]])
def test_terminal_output_carries_no_escape_sequences(db_path, args):
    from newsgraph.cli import main

    r = CliRunner().invoke(main, [*args, "--db", str(db_path)])
    assert r.exit_code == 0, r.output
    assert "Terekhov" in r.output and "\x1b" not in r.output and "\x07" not in r.output


def test_ingest_output_shows_file_names_inert(tmp_path):
    from newsgraph.cli.corpus import ingest

    d = tmp_path / "in"
    d.mkdir()
    (d / "\x1b]0;pwned\x07\x1b[31m.txt").write_bytes(b"")
    r = CliRunner().invoke(ingest, [str(d), "--db", str(tmp_path / "o.db"), "-q"])
    assert r.exit_code == 1 and "pwned" in r.output and "\x1b" not in r.output and "\x07" not in r.output


def test_csv_exports_escape_formula_cells(db_path, tmp_path):
    import csv

    from newsgraph.cli import main

    r = CliRunner().invoke(main, ["export", "--db", str(db_path), "--what", "quotes", "-o", str(tmp_path / "q.csv")])
    assert r.exit_code == 0, r.output
    cells = [c for row in csv.reader(open(tmp_path / "q.csv", encoding="utf-8")) for c in row]
    assert "'=HYPERLINK(\"http://evil\")" in cells and not any(c.startswith(("=", "+", "@")) for c in cells)
    r = CliRunner().invoke(main, ["quotes", "--csv", "--db", str(db_path)])
    cells = [c for row in csv.reader(r.output.splitlines()) for c in row]
    assert "'=HYPERLINK(\"http://evil\")" in cells


def test_impossible_published_dates_are_refused_or_cleared(tmp_path):
    f = jsonl(tmp_path / "d.jsonl", [{"id": "a", "text": news_text(1), "published": "2024-99-99"},
                                     {"id": "b", "text": news_text(2), "published": "2024-02-30T10:00"},
                                     {"id": "c", "text": news_text(3), "published": "2024-02-29"}])
    items = list(read_path(f))
    assert [type(i).__name__ for i in items] == ["Failure", "Failure", "Article"]
    assert "real date" in items[0].reason and items[2].published == "2024-02-29"
    from newsgraph.ingest.guard import entering  # what every reader's article passes: cleared there

    assert entering(Article(id="x", text=news_text(4), published="2024-99-99")).published is None
    assert entering(Article(id="x", text=news_text(4), published="2024-04-12T08:00Z")).published == "2024-04-12"
