"""The map's places counted in memory (web/map_counts.py) give the store's SQL answer
(store.queries.map_places) over many date ranges: the same places in the same order with the same
mentions, articles and points, on a store with undated articles, a place named in several articles
of one date, places without a GeoNames id and a store written again after it was first read."""
from __future__ import annotations

import itertools

import pytest

DAYS = [None, "2023", "2024", "2023-06", "2024-02-29", "2024-07-22", "2030", "1999"]


def _records():
    from newsgraph.record import Record
    from newsgraph.web.samples import demo_map_records, sample_records

    base = sample_records() + demo_map_records()
    recs = []
    for i in range(60):
        d = base[i % len(base)].to_dict()
        d["id"] = f"{d['id']}-{i}"
        d["text"] = d["text"] + f"\n\nCopy {i}."
        # undated articles, and several articles on one day
        d["published"] = None if i % 7 == 0 else f"{2023 + i % 2}-{1 + i % 12:02d}-{1 + (i // 3) % 27:02d}"
        recs.append(Record.from_dict(d))
    return recs


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from newsgraph.web.samples import build_sample_db

    return build_sample_db(tmp_path_factory.mktemp("mapcounts") / "map.db", _records())


LABEL = ("name", "country_code", "feature_class", "admin1", "kind")


def _same(a: list[dict], b: list[dict], labels: dict | None = None) -> bool:
    """Equal answers; with ``labels`` (key -> the place's answer over all dates) a place's label
    fields are those of all its mentions, as map_counts keeps them, not only the range's."""
    def key(p):
        return p["geonameid"] if p["geonameid"] is not None else "name:" + p["name"].lower()

    def norm(p, relabel=False):
        q = {k: (round(v, 6) if isinstance(v, float) else v) for k, v in p.items()}
        if relabel and labels is not None:
            q.update({k: labels[key(p)][k] for k in LABEL})
        return q
    return [norm(p) for p in a] == [norm(p, True) for p in b]


def test_map_from_memory_equals_the_stores_sql_over_date_ranges(store):
    from newsgraph.store import queries as S
    from newsgraph.store.schema import connect
    from newsgraph.web import map_counts

    conn = connect(store, readonly=True)
    every = S.map_places(conn)
    labels = {p["geonameid"] if p["geonameid"] is not None else "name:" + p["name"].lower(): p for p in every}
    checked = nonzero = relabelled = 0
    for since, until in itertools.product(DAYS, DAYS):
        for limit in (3, 10_000):
            want = S.map_places(conn, since=since, until=until, limit=limit)
            got = map_counts.map_places(conn, since=since, until=until, limit=limit)
            assert got is not None
            assert _same(got, want, labels), (since, until, limit)
            checked += 1
            nonzero += bool(want)
            relabelled += not _same(got, want)
    assert checked == 2 * len(DAYS) ** 2 and nonzero > 30
    # some ranges hold only the mentions stored without a division: the kept label still names it
    assert relabelled > 0
    kharkiv = next(p for p in map_counts.map_places(conn, until="2023") if p["geonameid"] == 706483)
    assert kharkiv["admin1"] == "Kharkiv Oblast" and kharkiv["kind"] == "town"
    # the store has what the test claims to cover: undated articles, several articles on one day,
    # a place named twice in one article, places with no GeoNames id
    assert conn.execute("SELECT count(*) FROM articles WHERE published IS NULL").fetchall()[0][0] > 0
    assert conn.execute("SELECT count(*) FROM places WHERE geonameid IS NULL AND lat IS NOT NULL").fetchall()[0][0] > 0
    assert conn.execute("SELECT max(n) FROM (SELECT count(*) AS n FROM articles GROUP BY published)"
                        ).fetchall()[0][0] > 1
    assert conn.execute("SELECT max(n) FROM (SELECT count(*) AS n FROM places GROUP BY article_id, geonameid)"
                        ).fetchall()[0][0] > 1


def test_map_is_read_again_after_a_write_and_not_inside_a_transaction(tmp_path):
    from newsgraph.store import queries as S
    from newsgraph.store.schema import connect
    from newsgraph.web import map_counts
    from newsgraph.web.samples import build_sample_db

    recs = _records()
    db = build_sample_db(tmp_path / "grow.db", recs[:20])
    reader = connect(db, readonly=True)
    before = map_counts.map_places(reader)
    assert before and _same(before, S.map_places(reader))
    writer = connect(db)
    writer.execute("BEGIN")
    writer.execute("UPDATE places SET lat = lat + 1.0 WHERE geonameid IS NOT NULL")
    assert map_counts.map_places(writer) is None  # a writer's own transaction: SQL answers
    writer.execute("COMMIT")
    after = map_counts.map_places(reader)
    assert after and _same(after, S.map_places(reader))
    assert not _same(after, before)  # the kept arrays were dropped with the old state


def test_the_map_endpoint_answers_from_memory(store, monkeypatch):
    from fastapi.testclient import TestClient

    from newsgraph.store import queries as S
    from newsgraph.web import create_app

    monkeypatch.setenv("NEWSGRAPH_TOKEN", "")

    def no_sql(*a, **k):
        raise AssertionError("the map asked SQL")
    monkeypatch.setattr(S, "map_places", no_sql)
    with TestClient(create_app(store)) as c:
        r = c.get("/api/map", params={"since": "2024", "until": "2024-06"})
        assert r.status_code == 200
        places = r.json()["places"]
        assert places and all(p["mentions"] >= p["articles"] >= 1 for p in places)
        counts = [(p["mentions"], p["articles"]) for p in places]
        assert counts == sorted(counts, reverse=True)


def test_the_server_reads_what_it_keeps_at_start(store, monkeypatch):
    """At start the server reads the articles, quotes and places it keeps in memory, so the first
    search or map request does not wait for that read: with SQL forbidden after the start, the
    first map and filtered quotes answer from memory."""
    from fastapi.testclient import TestClient

    from newsgraph.store import queries as S
    from newsgraph.web import create_app, map_counts, match_counts
    from newsgraph.web.app import fastapi_app

    monkeypatch.setenv("NEWSGRAPH_TOKEN", "")
    monkeypatch.setattr(map_counts, "_kept", {})
    monkeypatch.setattr(match_counts, "_stores", {})
    builds = []
    real = map_counts._build
    monkeypatch.setattr(map_counts, "_build", lambda *a: builds.append(1) or real(*a))
    app = create_app(store)
    with TestClient(app) as c:
        fastapi_app(app).state.warming.join(30)
        assert builds == [1] and len(map_counts._kept) == 1 and len(match_counts._stores) == 1
        monkeypatch.setattr(S, "map_places", lambda *a, **k: pytest.fail("the map asked SQL"))
        monkeypatch.setattr(S, "find_quotes", lambda *a, **k: pytest.fail("the quotes asked SQL"))
        assert c.get("/api/map").json()["places"]
        assert c.get("/api/quotes", params={"since": "2024"}).json()["total"] > 0
    assert builds == [1]  # the requests used what the start read
