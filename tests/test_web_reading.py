"""The reading room's map data, libraries, search with stems and titles, without a browser (the
browser tests are tests/test_web_browser_reading.py)."""
from __future__ import annotations

import io
import json
import sqlite3
import tarfile
import warnings

import pytest

from newsgraph.record import Record
from newsgraph.web import create_app
from newsgraph.web.samples import build_sample_db, demo_map_records, sample_records

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    untitled = Record(id="notes-from-kyiv", text="Notes typed by hand: the convoys were evacuating people.",
                      source="notes-from-kyiv.txt", published="2024-08-01")
    return build_sample_db(tmp_path_factory.mktemp("reading") / "r.db",
                           sample_records() + demo_map_records() + [untitled])


@pytest.fixture(scope="module")
def client(db):
    return TestClient(create_app(db))


def test_map_places_tell_a_region_from_its_capital(client):
    places = {p["key"]: p for p in client.get("/api/map").json()["places"]}
    assert places["706482"]["label"] == "Kharkiv (region, UA)" and places["706482"]["kind"] == "region"
    assert places["706483"]["label"] == "Kharkiv (town, Kharkiv Oblast, UA)"
    assert places["706483"]["mentions"] > places["706482"]["mentions"]
    assert places["Black Sea"]["kind"] == "water" and places["Black Sea"]["geonameid"] is None
    page = client.get("/places").text
    assert page.count('title="Kharkiv (region, UA)"') == 1 and page.count('title="Kharkiv (town, Kharkiv Oblast, UA)"') == 1


def test_map_date_range(client):
    late = client.get("/api/map", params={"since": "2024-10-15"}).json()["places"]
    assert {p["key"] for p in late} >= {"706482", "713174"} and "379252" not in {p["key"] for p in late}  # Khartoum: 2023
    assert all(p["mentions"] == 1 for p in late if p["key"] == "706483")  # Kharkiv once in the round-up
    bad = client.get("/api/map", params={"since": "2024-13"})
    assert bad.status_code == 422 and bad.json()["detail"] == "since='2024-13' is not a date: use YYYY, YYYY-MM or YYYY-MM-DD"
    backwards = client.get("/api/map", params={"since": "2024-11", "until": "2024-10"})
    assert backwards.status_code == 200 and backwards.json()["places"] == []  # nothing matches, as /api/quotes
    assert client.get("/places", params={"since": "2024-13"}).status_code == 400


def test_libraries_missing_means_a_message_and_a_list(db, tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSGRAPH_CACHE", str(tmp_path))
    c = TestClient(create_app(db))
    page = c.get("/places").text
    assert "npm registry" in page and 'id="map"' not in page and 'id="place-list"' in page
    assert c.get("/vendor/leaflet/leaflet.js").status_code == 404
    assert c.get("/vendor/leaflet/../../etc/passwd").status_code == 404
    assert c.get("/vendor/nope/leaflet.js").status_code == 404
    t = c.get("/timeline").text
    assert "uPlot" in t and 'id="timeline-table"' in t
    assert c.get("/favicon.ico").headers["content-type"] == "image/svg+xml"


def _tgz(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def test_a_tarball_is_unpacked_only_with_the_pinned_integrity(tmp_path, monkeypatch):
    from newsgraph.web import vendor

    monkeypatch.setenv("NEWSGRAPH_CACHE", str(tmp_path))
    data = _tgz({"package/dist/x.js": b"console.log(1)", "package/LICENSE": b"MIT"})
    pkg = vendor.Package("x", "1.0.0", vendor.integrity_of(data), "MIT",
                         (("x.js", "package/dist/x.js"), ("LICENSE", "package/LICENSE")))
    vendor.unpack(pkg, data)
    assert (pkg.folder() / "x.js").read_bytes() == b"console.log(1)"
    forged = vendor.Package("y", "1.0.0", pkg.integrity, "MIT", pkg.files)
    with pytest.raises(RuntimeError, match="integrity"):
        vendor.unpack(forged, _tgz({"package/dist/x.js": b"alert(1)", "package/LICENSE": b"MIT"}))
    assert not forged.folder().exists()
    assert vendor.PACKAGES["leaflet"].integrity.startswith("sha512-")


def test_npm_pack_gives_the_tarball_only_with_its_pinned_integrity(tmp_path, monkeypatch):
    """One fetch path for the libraries and the outline: a stand-in ``npm`` on PATH packs a tarball;
    the pinned integrity admits it, any other refuses it, and no npm is a clear reason."""
    import os
    import stat

    from newsgraph.web import vendor

    data = _tgz({"package/countries-110m.json": b"{}"})
    (tmp_path / "pkg.tgz").write_bytes(data)
    npm = tmp_path / "bin" / "npm"
    npm.parent.mkdir()
    npm.write_text(f'#!/bin/sh\n# npm pack SPEC --pack-destination DIR --silent\ncp "{tmp_path / "pkg.tgz"}" "$4/world-atlas-2.0.2.tgz"\n')
    npm.chmod(npm.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{npm.parent}{os.pathsep}{os.environ['PATH']}")
    assert vendor.npm_pack("world-atlas@2.0.2", vendor.integrity_of(data)) == data
    with pytest.raises(RuntimeError, match="integrity .* is not the pinned"):
        vendor.npm_pack("world-atlas@2.0.2", vendor.integrity_of(b"another tarball"))
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(RuntimeError, match="npm is not installed"):
        vendor.npm_pack("world-atlas@2.0.2", vendor.integrity_of(data))


def test_outline_rings_crossing_the_antimeridian_are_unwrapped():
    from newsgraph.web.worldmap import _unwrapped

    ring = [(178.0, 60.0), (-178.0, 60.0), (-178.0, 62.0), (178.0, 62.0), (178.0, 60.0)]
    out = _unwrapped(ring)
    assert len(out) == 2  # the ring, and its copy on the other side
    assert all(abs(a[0] - b[0]) < 180 for r in out for a, b in zip(r, r[1:]))  # no line across the world


def test_search_finds_stems_and_marks_them_escaped(client):
    page = client.get("/search", params={"q": "drone"}).text
    assert "<mark>drones</mark>" in page  # "drone" found "drones" in quotes and articles
    page = client.get("/search", params={"q": "evacuate"}).text
    assert "<mark>evacuating</mark>" in page
    page = client.get("/search", params={"q": "script"}).text
    assert "&lt;<mark>script</mark>&gt;" in page and "<script>alert" not in page
    # quotes are searched in their quoted words only, not the narration around them
    said = client.get("/api/quotes", params={"q": "said"}).json()
    assert said["total"] == 0
    help_ = client.get("/search", params={"q": "!!!"})
    assert help_.status_code == 200 and "no word to search for" in help_.text and "How to search" in help_.text


def test_marked_html_only_ever_adds_mark_tags():
    from newsgraph.web.queries import CLOSE, OPEN, marked_html

    assert marked_html(f"a <b> {OPEN}drones{CLOSE} & c") == "a &lt;b&gt; <mark>drones</mark> &amp; c"
    assert marked_html(f"odd {CLOSE}x{OPEN} text") == "odd x text"  # marks the text itself held: dropped


def test_the_search_migration_rebuilds_an_older_store(tmp_path):
    from newsgraph.store.schema import MIGRATIONS, connect
    from newsgraph.store.queries import QuoteFilter, quote_total

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    for v, sql in enumerate(MIGRATIONS[:5]):  # a store written before the search migration
        conn.executescript("BEGIN;" + sql + f"; PRAGMA user_version={v + 1}; COMMIT;")
    conn.execute("INSERT INTO articles(id, text, content_hash) VALUES ('a', 'Drones hit the city.', 'h')")
    conn.execute("INSERT INTO quotes(article_id, start, \"end\", text, type, content) VALUES "
                 "('a', 0, 20, 'Drones hit the city.', 'direct', 'Drones hit the city.')")
    conn.commit()
    assert conn.execute("SELECT count(*) FROM quotes_fts WHERE quotes_fts MATCH 'drone'").fetchone()[0] == 0
    conn.close()
    conn = connect(path)  # migrates
    assert quote_total(conn, QuoteFilter(about="drone")) == (1, True)
    assert conn.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'drone'").fetchone()[0] == 1


def test_untitled_articles_say_their_title_is_the_file_name(client):
    for url in ("/articles/notes-from-kyiv", "/articles", "/search?q=convoys"):
        assert "untitled: named after its file" in client.get(url).text, url
    assert "untitled" not in client.get("/articles/kharkiv-power").text


def test_map_endpoint_in_the_schema(client):
    schema = client.get("/api/openapi.json").json()
    assert "/api/map" in schema["paths"]
    body = client.get("/api/map").json()
    # the events layer is offered when an event has a place with coordinates; the samples have no events
    assert body["events_available"] is False and body["places"] and json.dumps(body)


def test_or_and_exclusion_in_searches(client):
    from newsgraph.store.queries import fts_query

    assert fts_query("drone OR missile -Russia") == '("drone" OR "missile") NOT "Russia"'
    assert fts_query('NEAR(a b) col:x ^y') == '"NEAR" "a" "b" "col" "x" "y"'  # FTS5 syntax is only text
    assert fts_query("-only -excluded") is None
    both = client.get("/api/quotes", params={"q": "drones OR explosions"}).json()["total"]
    drones = client.get("/api/quotes", params={"q": "drones"}).json()["total"]
    assert both > drones > 0
    assert client.get("/api/quotes", params={"q": "drones -Belgorod"}).json()["total"] == drones - 1
    page = client.get("/search", params={"q": "-drones"})
    assert page.status_code == 200 and "only excludes words" in page.text
