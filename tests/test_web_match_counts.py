"""The web's in-memory counts of search matches under filters (web/match_counts.py) give the
store's SQL counts exactly: every word x every filter combination on a store with varied sources
(case, accents, URLs), undated articles, places by id and by name."""
from __future__ import annotations

import itertools

import pytest

WORDS = ["drone", "power", "the", "winter", '"power station"', "left OR heard", "-the shelter", "nothing-matches"]
SOURCES = [None, "wire", "WIRE", "<b>", "harbour", "élysée", "ÉLYSÉE", "example.org/kyiv", "%", "_"]
DATES = [(None, None), ("2024", None), (None, "2023-12"), ("2024-06", "2024-07-22"), ("2030", None)]
PLACES = [None, "706483", "Kharkiv", "kharkiv", "odesa", "99999999999999999999", "Nowhere"]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from newsgraph.record import Record
    from newsgraph.web.samples import build_sample_db, demo_map_records, sample_records

    base = sample_records() + demo_map_records()
    recs = []
    sources = ["Sample Wire", "Harbour Times", "Élysée Daily", "KYIV wire", None]
    for i in range(40):
        d = base[i % len(base)].to_dict()
        d["id"] = f"{d['id']}-{i}"
        d["text"] = d["text"] + f"\n\nCopy {i}."
        d["source"] = sources[i % len(sources)]
        d["url"] = f"https://example.org/kyiv/{i}" if i % 3 == 0 else None
        d["published"] = None if i % 7 == 0 else f"{2023 + i % 2}-{1 + i % 12:02d}-{1 + i % 27:02d}"
        recs.append(Record.from_dict(d))
    return build_sample_db(tmp_path_factory.mktemp("counts") / "counts.db", recs)


def test_counts_from_memory_equal_the_stores_sql(store):
    from newsgraph.store import queries as S
    from newsgraph.store.schema import connect
    from newsgraph.web import match_counts

    conn = connect(store, readonly=True)
    checked = nonzero = 0
    for words, source, (since, until), place in itertools.product(WORDS, SOURCES, DATES, PLACES):
        fq = S.fts_query(words)
        if fq is None:
            continue
        if not any((place, since, until, source)):
            continue  # words alone: the index counts them exactly (the web does not ask match_counts)
        for cap in (3, 2000):
            f = S.QuoteFilter(about=words, source=source, since=since, until=until, place=place)
            want_q = S.quote_total(conn, f, cap=cap)
            got_q = match_counts.count_quotes(conn, fq, place=place, since=since, until=until, source=source,
                                              stop=cap + 1)
            assert ((got_q, True) if got_q <= cap else (cap, False)) == want_q, (words, source, since, until, place)
            want_a = S.search_articles(conn, words, place=place, since=since, until=until, source=source, cap=cap)[0]
            got_a = len(match_counts.newest_articles(conn, fq, place=place, since=since, until=until,
                                                     source=source))
            assert min(got_a, cap) == want_a, (words, source, since, until, place)
            checked += 1
            nonzero += bool(want_q[0]) and bool(want_a)
    assert checked > 1000 and nonzero > 50  # the combinations found things, not only zeros
    conn.close()


def test_a_write_drops_what_was_kept(store, tmp_path):
    import shutil

    from newsgraph.record import Record
    from newsgraph.store import queries as S
    from newsgraph.store.schema import connect
    from newsgraph.store.writer import write_record
    from newsgraph.web import match_counts
    from newsgraph.web.samples import sample_records

    path = tmp_path / "copy.db"
    shutil.copy(store, path)
    reader = connect(path, readonly=True)
    fq = S.fts_query("drone")
    before = match_counts.count_quotes(reader, fq, source="wire", stop=10_000)
    d = sample_records()[0].to_dict()
    d.update(id="new-one", text=d["text"] + "\n\nAnother copy.", source="Sample Wire")
    writer = connect(path)
    write_record(writer, Record.from_dict(d))
    writer.close()
    after = match_counts.count_quotes(reader, fq, source="wire", stop=10_000)
    assert after == S.quote_total(reader, S.QuoteFilter(about="drone", source="wire"), cap=None)[0] > before
    reader.close()


def test_newest_pages_from_memory_equal_the_stores_sql(store):
    """A page of articles in the "newest" order (more matches than are ranked) is the same slice
    whether SQL walks the articles by date or the web sorts the filtered matches in memory:
    undated articles last, one date's articles by id."""
    from newsgraph.store import queries as S
    from newsgraph.store.schema import connect
    from newsgraph.web import match_counts

    conn = connect(store, readonly=True)
    pages = undated = 0
    for words, source, (since, until), place in itertools.product(WORDS, SOURCES[:5], DATES, PLACES[:3]):
        fq = S.fts_query(words)
        if fq is None or not any((place, since, until, source)):
            continue
        newest = match_counts.newest_articles(conn, fq, place=place, since=since, until=until, source=source)
        for offset in (0, 3):
            kw = dict(place=place, since=since, until=until, source=source, limit=4, offset=offset, rank_max=0)
            want = S.search_articles(conn, words, **kw)
            got = S.search_articles(conn, words, **kw, total=min(len(newest), S.COUNT_CAP + 1), newest=newest)
            assert want[2] == got[2] == "newest" or not newest
            assert [a["id"] for a in got[1]] == [a["id"] for a in want[1]], (words, source, since, until, place)
            assert got[0] == want[0]
            pages += bool(want[1])
            undated += any(a["published"] is None for a in want[1])
    assert pages > 100 and undated > 5  # real pages, some with undated articles at their end
    conn.close()


def test_newest_quote_pages_from_memory_equal_the_stores_sql(store):
    """A page of quotes in the "newest" order is the same slice whether SQL walks the articles by
    date and their quotes (find_quotes) or the web sorts the matching quotes in memory: newest
    article first, undated articles last, text order within an article. Words alone too."""
    from newsgraph.store import queries as S
    from newsgraph.store.schema import connect
    from newsgraph.web import match_counts

    conn = connect(store, readonly=True)
    pages = undated = multi = 0
    for words, source, (since, until), place in itertools.product(WORDS, SOURCES[:5], DATES, PLACES[:3]):
        fq = S.fts_query(words)
        if fq is None:
            continue
        newest = match_counts.newest_quotes(conn, fq, place=place, since=since, until=until, source=source)
        assert newest is not None
        for offset in (0, 5):
            f = S.QuoteFilter(about=words, place=place, since=since, until=until, source=source, limit=6,
                              offset=offset)
            total = S.quote_total(conn, f, cap=None)
            assert total[0] == len(newest), (words, source, since, until, place)
            want = S.search_quotes(conn, f, total=total, rank_max=0)
            got = S.search_quotes(conn, f, total=total, rank_max=0, newest=newest,
                                  matches=match_counts.matches(conn, "quotes", fq))
            assert [q["id"] for q in got[0]] == [q["id"] for q in want[0]], (words, source, since, until, place)
            assert got[0] == want[0] and got[1] == want[1]
            pages += bool(want[0])
            undated += any(q["published"] is None for q in want[0])
            multi += len({q["article_id"] for q in want[0]}) < len(want[0])
    assert pages > 100 and undated > 5 and multi > 20  # real pages: undated articles, several quotes of one
    conn.close()


def test_quotes_filtered_by_their_article_alone_page_from_memory_as_the_stores_sql(store):
    """/api/quotes with a place, dates, a source or no filter at all, and no words: the count and
    every page from memory (match_counts.filtered_quotes) equal the store's SQL walk by date
    (find_quotes), deep offsets and pages that cross from one article to the next included."""
    from newsgraph.store import queries as S
    from newsgraph.store.schema import connect
    from newsgraph.web import match_counts

    conn = connect(store, readonly=True)
    pages = crossing = 0
    for source, (since, until), place in itertools.product(SOURCES, DATES, PLACES):
        want_n = S.quote_total(conn, S.QuoteFilter(place=place, since=since, until=until, source=source),
                               cap=None)[0]
        for offset, limit in ((0, 5), (3, 4), (7, 50), (want_n - 1, 5), (want_n + 2, 5)):
            if offset < 0:
                continue
            f = S.QuoteFilter(place=place, since=since, until=until, source=source, limit=limit, offset=offset)
            n, ids = match_counts.filtered_quotes(conn, place=place, since=since, until=until, source=source,
                                                  offset=offset, limit=limit)
            want = [q["id"] for q in S.find_quotes(conn, f)]
            assert n == want_n and ids == want, (source, since, until, place, offset)
            pages += bool(want)
            crossing += len({conn.execute("SELECT article_id FROM quotes WHERE id = ?", [i]).fetchall()[0][0]
                             for i in want}) > 1
    assert pages > 150 and crossing > 50
    conn.close()


def test_requests_arriving_together_read_the_store_once(store, monkeypatch):
    """The first requests after a start come together: one thread reads the articles and quotes,
    the others wait for it and use what it read (eight threads reading it at once set the search
    p95 of the 10,000-article benchmark)."""
    import threading

    from newsgraph.store import queries as S
    from newsgraph.store.schema import connect
    from newsgraph.web import match_counts

    monkeypatch.setattr(match_counts, "_stores", {})
    builds = []
    real = match_counts._build

    def counted(*a):
        builds.append(1)
        return real(*a)
    monkeypatch.setattr(match_counts, "_build", counted)
    start = threading.Barrier(8)
    got = []

    def request():
        conn = connect(store, readonly=True)
        start.wait()
        got.append(len(match_counts.newest_articles(conn, S.fts_query("drone"), source="wire")))
        conn.close()
    threads = [threading.Thread(target=request) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(builds) == 1 and len(got) == 8 and len(set(got)) == 1 and got[0] > 0
