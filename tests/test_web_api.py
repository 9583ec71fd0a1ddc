"""The reading room's JSON API and pages: behaviour, validation (4xx, never 500), token, escaping,
read-only use while an ingest writes. The database is built from hand-written Records
(newsgraph.web.samples), so no NLP model is loaded."""
from __future__ import annotations

import sqlite3
import threading
import warnings

import pytest

from newsgraph.record import Record
from newsgraph.store.schema import connect
from newsgraph.store.writer import write_record
from newsgraph.web import create_app
from newsgraph.web.app import fastapi_app
from newsgraph.web.render import article_html
from newsgraph.web.samples import build_sample_db, long_record, sample_records

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    return build_sample_db(tmp_path_factory.mktemp("web") / "web.db")


@pytest.fixture(scope="module")
def client(db_path):
    return TestClient(create_app(db_path))


def speaker_id(client, name: str) -> int:
    items = client.get("/api/speakers", params={"q": name}).json()["items"]
    return next(s["id"] for s in items if s["name"] == name)


# -- API behaviour ------------------------------------------------------------------------------

def test_articles_list_and_record(client):
    r = client.get("/api/articles")
    assert r.status_code == 200
    page = r.json()
    assert page["total"] == 5 and len(page["items"]) == 5
    assert [a["published"] for a in page["items"]] == sorted((a["published"] for a in page["items"]), reverse=True)
    rec = client.get("/api/articles/kharkiv-power").json()
    back = Record.from_dict(rec)  # the API serves the record contract
    assert back.id == "kharkiv-power" and len(back.quotes) == 6
    for q in back.quotes:
        assert back.text[q.start:q.end] == q.text
        assert back.text[q.speaker.start:q.speaker.end] == q.speaker.text
    assert {p.name for p in back.places} == {"Kharkiv", "Belgorod", "Kyiv"}


def test_pagination(client):
    first = client.get("/api/articles", params={"limit": 2}).json()
    assert first["total"] == 5 and len(first["items"]) == 2 and first["next"]
    second = client.get(first["next"]).json()
    assert second["offset"] == 2 and {a["id"] for a in second["items"]}.isdisjoint(a["id"] for a in first["items"])
    last = client.get("/api/articles", params={"limit": 2, "offset": 4}).json()
    assert len(last["items"]) == 1 and last["next"] is None


def test_quotes_filters(client):
    tid = speaker_id(client, "Ihor Terekhov")
    by_id = client.get("/api/quotes", params={"speaker": tid}).json()
    assert by_id["total"] == 5 and all(q["speaker_id"] == tid for q in by_id["items"])
    by_name = client.get("/api/quotes", params={"speaker": "terekhov"}).json()
    assert by_name["total"] == 5
    assert all(q["content"] for q in by_name["items"])  # the quoted words, beside the span as written
    assert client.get("/api/quotes", params={"q": "winter"}).json()["total"] == 1
    kharkiv = client.get("/api/quotes", params={"place": "706483"}).json()  # GeoNames id of Kharkiv
    assert {q["article_id"] for q in kharkiv["items"]} == {"kharkiv-power", "pokrovsk-evacuation"}
    assert client.get("/api/quotes", params={"place": "Odesa"}).json()["total"] == 4
    window = client.get("/api/quotes", params={"since": "2024-07", "until": "2024-09"}).json()
    assert {q["published"][:7] for q in window["items"]} == {"2024-07", "2024-09"}
    assert client.get("/api/quotes", params={"source": "Harbour Times"}).json()["total"] == 6
    q = by_id["items"][0]
    assert q["href"] == f"/articles/{q['article_id']}#q-{q['id']}"


def test_speakers_and_speaker(client):
    page = client.get("/api/speakers").json()
    assert page["items"][0]["name"] == "Ihor Terekhov"  # most quoted first
    tid = speaker_id(client, "Ihor Terekhov")
    s = client.get(f"/api/speakers/{tid}").json()
    assert s["quotes"] == 5 and s["articles"] == 2
    assert "the mayor of Kharkiv" in s["roles"] + s["affiliations"]
    dates = [q["published"] for q in s["quote_list"]]
    assert dates == sorted(dates)
    assert client.get("/api/speakers/999999").status_code == 404


def test_places_geojson(client):
    fc = client.get("/api/places").json()
    assert fc["type"] == "FeatureCollection"
    kharkiv = next(f for f in fc["features"] if f["properties"]["name"] == "Kharkiv")
    assert kharkiv["geometry"] == {"type": "Point", "coordinates": [36.25272, 49.98081]}
    assert kharkiv["properties"]["mentions"] == 3 and kharkiv["properties"]["articles"] == 2
    assert fc["features"][0]["properties"]["name"] == "Kharkiv"  # most mentioned first
    assert client.get(kharkiv["properties"]["quotes_href"]).json()["total"] == 10


def test_search(client):
    r = client.get("/api/search", params={"q": "power station"}).json()
    assert [a["id"] for a in r["articles"]] == ["kharkiv-power"]
    assert "power station" in r["articles"][0]["snippet"]
    r = client.get("/api/search", params={"q": "winter", "speaker": "Terekhov"}).json()
    assert r["quotes_total"] == 1 and r["articles_total"] == 1
    r = client.get("/api/search", params={"q": "grain", "since": "2025"}).json()
    assert r["articles_total"] == 0 and r["quotes_total"] == 0
    assert client.get("/api/search", params={"q": "!!!"}).json()["quotes_total"] == 0
    assert client.get("/api/quotes", params={"q": "!!!"}).json()["total"] == 0
    # FTS5 syntax typed by a user is just text
    for q in ['"unbalanced', "NEAR(a b", "a AND OR", "*", "x:y", "-power", "power*"]:
        assert client.get("/api/search", params={"q": q}).status_code in (200, 400), q


# -- validation: a bad parameter is a 4xx with a message, never a 500 ----------------------------

@pytest.mark.parametrize("url", [
    "/api/quotes?limit=0", "/api/quotes?limit=100000", "/api/quotes?limit=abc", "/api/quotes?offset=-1",
    "/api/quotes?since=2024-13", "/api/quotes?since=2024-02-32", "/api/quotes?until=yesterday",
    "/api/articles?since=20240101", "/api/search",
    "/api/search?q=", "/api/speakers/abc", "/api/speakers/-1",
    "/api/places?limit=999999", "/api/quotes?q=" + "x" * 600,
])
def test_bad_parameters_are_4xx_with_message(client, url):
    r = client.get(url)
    assert 400 <= r.status_code < 500, (url, r.status_code)
    assert r.json()["detail"]


@pytest.mark.parametrize("url", [
    "/api/quotes?speaker=" + "9" * 40, "/api/quotes?place=" + "9" * 40, "/api/timeline?speaker=" + "0" * 50
    + "&place=" + "0" * 50 + "&source=x", "/api/search?q=a&speaker=" + "9" * 40, "/api/articles?place=" + "9" * 40,
    "/api/articles?place=0%1F&since=1000", "/api/quotes?speaker=%1F7",  # a control character str.strip drops
])
def test_odd_but_valid_parameters_are_answered(client, url):
    assert client.get(url).status_code == 200


def test_unknown_article_is_404(client):
    r = client.get("/api/articles/no-such-article")
    assert r.status_code == 404 and "no-such-article" in r.json()["detail"]
    assert client.get("/articles/no-such-article").status_code == 404


def test_pages_validate_too(client):
    assert client.get("/search", params={"q": "x", "since": "2024-99"}).status_code == 400
    assert client.get("/speakers", params={"offset": "many"}).status_code == 400
    assert client.get("/speakers/abc").status_code == 404


def test_openapi_schema(client):
    schema = client.get("/api/openapi.json").json()
    for path in ["/api/articles", "/api/articles/{article_id}", "/api/quotes", "/api/speakers", "/api/places",
                 "/api/search"]:
        assert path in schema["paths"], path
    assert not any(p.startswith("/articles") for p in schema["paths"])  # pages are not API


# -- pages and escaping --------------------------------------------------------------------------

def test_pages_render(client):
    for url in ["/", "/articles", "/speakers", "/places", "/timeline", "/search?q=power", "/articles/kharkiv-power",
                "/places?place=706483", "/timeline?month=2024-10", "/search?speaker=Terekhov"]:
        r = client.get(url)
        assert r.status_code == 200, url
        assert r.headers["content-type"].startswith("text/html")
    page = client.get("/articles/kharkiv-power").text
    assert 'class="q q-direct"' in page and 'class="sp"' in page and 'class="cue"' in page
    assert 'class="pl"' in page and 'class="dt"' in page
    assert "the mayor of Kharkiv" in page  # the side panel's role / affiliation
    tid = speaker_id(client, "Ihor Terekhov")
    sp = client.get(f"/speakers/{tid}").text
    first = client.get("/api/quotes", params={"speaker": tid}).json()["items"][0]
    assert first["href"] in sp  # links back to the exact quote
    assert f'id="q-{first["id"]}"' in client.get(f"/articles/{first['article_id']}").text


def test_article_text_is_escaped(client):
    page = client.get("/articles/markup-test").text
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>everything" not in page
    assert "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;" in page or "&lt;script&gt;alert('xss')" in page
    assert "&lt;b&gt;everything&lt;/b&gt;" in page
    assert "&lt;script&gt;alert" in client.get("/").text  # the title in the latest list
    search = client.get("/search", params={"q": "statement"}).text
    assert "<script>alert" not in search and "<img src=x" not in search
    typed = client.get("/search", params={"q": '"><script>alert(1)</script>', "speaker": "<b>x"}).text
    assert "<script>alert(1)" not in typed and "<b>x" not in typed
    r = client.get("/articles/markup-test")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"


def test_search_snippets_mark_the_words_and_stay_escaped(client):
    page = client.get("/search", params={"q": "power station"}).text
    assert "<mark>power</mark> <mark>station</mark>" in page
    page = client.get("/search", params={"q": "statement"}).text
    assert "<mark>statement</mark>" in page and "<script>alert" not in page
    assert "&lt;script&gt;alert(" in page
    # a word inside the article's markup: marked, with the markup around it still escaped
    page = client.get("/search", params={"q": "script"}).text
    assert "&lt;<mark>script</mark>&gt;alert(" in page and "<script>alert" not in page
    typed = client.get("/search", params={"q": "<mark>statement</mark>"}).text
    assert "&lt;mark&gt;statement" in typed and "<mark>" not in typed  # typed tags are text, no hit has "mark"
    api = client.get("/api/search", params={"q": "statement"}).json()
    assert "<mark>" not in api["articles"][0]["snippet"]  # the API's snippet stays plain text


def test_mark_terms_escapes_every_piece():
    from newsgraph.store.queries import fts_terms
    from newsgraph.web.render import mark_terms

    assert mark_terms("a & b <i>amp</i> AMPs", fts_terms("amp")) == \
        "a &amp; b &lt;i&gt;<mark>amp</mark>&lt;/i&gt; AMPs"
    assert mark_terms("Power stations; power  station", fts_terms('power* "power station"')) == \
        "<mark>Power</mark> stations; <mark>power  station</mark>"
    assert mark_terms("<b>", fts_terms("!!!")) == "&lt;b&gt;"


def test_highlighting_escapes_each_piece():
    text = 'He said "<i>x</i> & y" at <Kyiv>.'
    quotes = [{"id": 1, "start": 9, "end": 21, "type": "direct", "segments": None, "speaker": "He",
               "speaker_start": 0, "speaker_end": 2, "speaker_id": 7, "cue_start": 3, "cue_end": 7}]
    places = [{"start": 26, "end": 32, "text": "<Kyiv>", "name": "Kyiv<", "lat": 1.0, "lon": 2.0}]
    html = str(article_html(text, quotes, places, []))
    assert "<i>" not in html and "&lt;i&gt;x&lt;/i&gt; &amp; y" in html and "&lt;Kyiv&gt;" in html
    assert 'title="place: Kyiv&lt; 1.000, 2.000"' in html
    assert '<a class="anchor" id="q-1"></a>' in html and 'href="/speakers/7"' in html


def test_highlighting_handles_overlaps_and_segments():
    text = "“One,” she said, “two.” In Kyiv."
    q = {"id": 5, "start": 1, "end": 22, "type": "direct", "segments": [(1, 5), (18, 22)], "speaker": "Ann",
         "speaker_start": 7, "speaker_end": 10, "speaker_id": None, "cue_start": 11, "cue_end": 15}
    html = str(article_html(text, [q], [{"start": 27, "end": 31, "text": "Kyiv"}],
                            [{"start": 18, "end": 21, "text": "two", "value": None}]))
    assert html.count('data-q="5"') == 3  # "One," and "two" (cut by the date) and "."
    assert '<span class="sp" title="speaker: Ann" data-sq="5">she</span>' in html  # the interruption is no quote
    assert 'class="q q-direct dt"' in html  # a date inside a quote keeps both marks


def test_long_article_renders(tmp_path):
    c = TestClient(create_app(build_sample_db(tmp_path / "long.db", [long_record()])))
    page = c.get("/articles/long-article")
    assert page.status_code == 200 and page.text.count('class="anchor"') == 100


# -- token ---------------------------------------------------------------------------------------

def test_token_required(db_path):
    c = TestClient(create_app(db_path, token="s3cret-0123456789"))
    assert c.get("/api/articles").status_code == 401
    assert c.get("/").status_code == 401
    assert c.get("/api/articles", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert c.get("/api/articles", headers={"Authorization": "Bearer s3cret-0123456789"}).status_code == 200
    assert c.get("/static/style.css").status_code == 401


def test_token_query_sets_cookie(db_path):
    c = TestClient(create_app(db_path, token="s3cret-0123456789"), follow_redirects=False)
    r = c.get("/search", params={"q": "power", "token": "s3cret-0123456789"})
    assert r.status_code == 303 and r.headers["location"] == "/search?q=power"
    assert "HttpOnly" in r.headers["set-cookie"] and "SameSite=Strict" in r.headers["set-cookie"]
    assert c.get("/search", params={"q": "power"}).status_code == 200  # the cookie now carries it
    assert _raw_location(create_app(db_path, token="s3cret-0123456789"), "//evil.example/x") == "/evil.example/x"  # on-site
    bad = TestClient(create_app(db_path, token="s3cret-0123456789"), follow_redirects=False)
    assert bad.get("/", params={"token": "nope"}).status_code == 401
    assert bad.get("/").status_code == 401


def _raw_location(app, path: str) -> str:
    """The Location of the redirect for GET ``path``?token=... sent straight to the ASGI app
    (HTTP clients read "//host/x" as another host)."""
    import asyncio

    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": path, "query_string": b"token=s3cret-0123456789", "headers": [],
             "root_path": ""}
    asyncio.run(app(scope, receive, send))
    return dict(sent[0]["headers"])[b"location"].decode()


def test_host_check(db_path):
    c = TestClient(create_app(db_path, allowed_hosts=["127.0.0.1", "localhost"]), base_url="http://127.0.0.1:8000")
    assert c.get("/api/stats").status_code == 200
    assert c.get("/api/stats", headers={"Host": "evil.example:8000"}).status_code == 400


def test_serve_refuses_public_address_without_token(tmp_path, db_path):
    from click.testing import CliRunner

    from newsgraph.cli.serve import is_loopback, serve

    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.10")
    r = CliRunner().invoke(serve, ["--db", str(db_path), "--host", "0.0.0.0"], env={"NEWSGRAPH_TOKEN": ""})
    assert r.exit_code != 0 and "token" in r.output
    r = CliRunner().invoke(serve, ["--db", str(tmp_path / "missing.db"), "--no-map"])
    assert r.exit_code != 0 and "no such database" in r.output


# -- read-only, while an ingest writes ------------------------------------------------------------

def test_read_only_and_concurrent_ingest(tmp_path):
    path = tmp_path / "live.db"
    conn = connect(path)
    recs = sample_records()
    write_record(conn, recs[0])
    c = TestClient(create_app(path))
    assert c.get("/api/stats").json()["articles"] == 1
    ro = fastapi_app(c.app).state.db.connection()
    with pytest.raises(sqlite3.OperationalError):
        ro.execute("DELETE FROM articles")
    errors: list[Exception] = []

    def writer():
        try:
            w = connect(path)
            for i in range(40):
                write_record(w, Record.from_dict({**recs[1].to_dict(), "id": f"w{i}", "text": recs[1].text + f" ({i})"}))
            w.close()
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    t = threading.Thread(target=writer)
    t.start()
    seen = []
    while t.is_alive():
        r = c.get("/api/quotes", params={"limit": 5})
        assert r.status_code == 200
        seen.append(r.json()["total"])
    t.join()
    assert not errors
    assert c.get("/api/stats").json()["articles"] == 41
    assert seen == sorted(seen)  # each read sees a committed state, growing
    conn.close()


def test_response_cache_follows_the_database(tmp_path):
    path = build_sample_db(tmp_path / "cache.db", sample_records()[:1])
    c = TestClient(create_app(path))
    first = c.get("/api/quotes", params={"speaker": "Terekhov"})
    again = c.get("/api/quotes", params={"speaker": "Terekhov"})
    assert first.headers["x-cache"] == "miss" and again.headers["x-cache"] == "hit"
    assert first.json() == again.json() and first.json()["total"] == 3
    conn = connect(path)
    write_record(conn, sample_records()[1])  # an ingest commits: cached answers are stale
    conn.close()
    after = c.get("/api/quotes", params={"speaker": "Terekhov"})
    assert after.headers["x-cache"] == "miss" and after.json()["total"] == 5


def test_cached_answers_come_before_routing_and_after_the_token(tmp_path, monkeypatch):
    """A repeated API request is answered from the response cache without reaching the endpoint
    (no worker thread, no validation): the same body, whatever the order of its query; a request
    without the token is still refused, cached answer or not; an invalid query is never cached."""
    from newsgraph.web import api

    path = build_sample_db(tmp_path / "hits.db", sample_records()[:2])
    token = "s3cret-0123456789"
    c = TestClient(create_app(path, token=token))
    auth = {"Authorization": f"Bearer {token}"}
    first = c.get("/api/search?q=power&limit=5", headers=auth)
    assert first.status_code == 200 and first.headers["x-cache"] == "miss"
    calls = []
    real = api.cached_json  # the endpoint's own last step: reached only when routing ran it
    monkeypatch.setattr(api, "cached_json", lambda *a, **k: calls.append(1) or real(*a, **k))
    again = c.get("/api/search?limit=5&q=power", headers=auth)  # the same query, in another order
    assert again.headers["x-cache"] == "hit" and again.content == first.content and not calls
    assert c.get("/api/search?q=power&limit=5").status_code == 401
    bad = c.get("/api/search?q=power&limit=0", headers=auth)
    assert bad.status_code == 422 and c.get("/api/search?q=power&limit=0", headers=auth).status_code == 422
    other = c.get("/api/search?q=power&limit=6", headers=auth)
    assert other.headers["x-cache"] == "miss" and calls == [1]


def test_web_threads_setting_sizes_the_thread_pool(db_path, monkeypatch):
    """NEWSGRAPH_WEB_THREADS sets the threads that run uncached requests (checked from inside the
    running server's loop); a value that is not a positive number is an error naming the variable."""
    import anyio.to_thread
    from fastapi.testclient import TestClient

    from newsgraph.settings import SettingError

    monkeypatch.setenv("NEWSGRAPH_WEB_THREADS", "3")
    app = create_app(db_path)
    inner = fastapi_app(app)

    @inner.get("/__threads")
    async def threads():
        return {"tokens": anyio.to_thread.current_default_thread_limiter().total_tokens}

    with TestClient(app) as c:
        assert c.get("/__threads").json() == {"tokens": 3}
    monkeypatch.setenv("NEWSGRAPH_WEB_THREADS", "0")
    with pytest.raises(SettingError, match="NEWSGRAPH_WEB_THREADS"):
        create_app(db_path)
