"""Ingest: readers (WARC, feeds, URLs), the mixed good/bad corpus, idempotent reruns, resume after
kill -9, --reanalyze. Assertions are about what is stored, not about extraction quality."""
from __future__ import annotations

import hashlib
import http.server
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from _corpus import html_page, news_text, warc_pages, write_warc

from newsgraph.engines import run_ingest
from newsgraph.ingest import read_path
from newsgraph.ingest.files import HtmlPage
from newsgraph.record import Article, Failure

ROOT = Path(__file__).resolve().parent.parent


def h(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def db_rows(db, sql, *args):
    with sqlite3.connect(db) as c:
        return c.execute(sql, args).fetchall()


# -- readers -------------------------------------------------------------------------------------

def test_warc_reads_html_responses(tmp_path):
    p = tmp_path / "crawl.warc.gz"
    write_warc(p, warc_pages(3) + [("https://news.invalid/blank", "<html><body></body></html>")])
    items = list(read_path(p))
    arts = [i for i in items if isinstance(i, Article)]
    fails = [i for i in items if isinstance(i, Failure)]
    assert len(arts) == 3 and all(a.url.startswith("https://news.invalid/w") for a in arts)
    assert "day 100" in arts[0].text
    assert len(fails) == 1 and fails[0].position == 4 and "no article text" in fails[0].reason
    # ids are stable across reads
    assert [a.id for a in arts] == [a.id for a in read_path(p) if isinstance(a, Article)]


@pytest.mark.parametrize("gz", [True, False])
def test_truncated_warc_keeps_records_before_the_break(tmp_path, gz):
    full = tmp_path / ("full.warc.gz" if gz else "full.warc")
    write_warc(full, warc_pages(4), gz=gz)
    data = full.read_bytes()
    cut = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    cut.write_bytes(data[: int(len(data) * 0.8)])
    items = list(read_path(cut))
    arts = [i for i in items if isinstance(i, Article)]
    assert 1 <= len(arts) < 4
    assert isinstance(items[-1], Failure) and "truncated" in items[-1].reason
    assert items[-1].position == len(arts) + 1


FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Test Wire</title>
<item><title>Port reopens</title><link>https://news.invalid/port</link><guid>port-1</guid>
<pubDate>Tue, 12 Mar 2024 10:00:00 GMT</pubDate>
<content:encoded><![CDATA[<p>The port of Odesa reopened on Tuesday.</p><p>&#8220;We are back,&#8221; said harbour master Petro Ivanenko.</p>]]></content:encoded></item>
<item><title>Teaser</title><link>https://news.invalid/teaser</link><description>Read more on our site.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title>
<entry><title>Grain corridor</title><id>urn:x:1</id><updated>2024-04-02T08:00:00Z</updated>
<link href="https://news.invalid/grain"/><content type="html">&lt;p&gt;Ships left Chornomorsk on Monday, the port authority said.&lt;/p&gt;</content></entry>
</feed>"""


def test_rss_and_atom_entries_with_content(tmp_path):
    (tmp_path / "wire.rss").write_text(FEED)
    (tmp_path / "atom.xml").write_text(ATOM)
    (tmp_path / "sitemap.xml").write_text("<?xml version='1.0'?><urlset><url>x</url></urlset>")
    rss = list(read_path(tmp_path / "wire.rss"))
    assert isinstance(rss[0], Article) and rss[0].published == "2024-03-12" and rss[0].source == "Test Wire"
    assert rss[0].text == "The port of Odesa reopened on Tuesday.\n“We are back,” said harbour master Petro Ivanenko."
    assert isinstance(rss[1], Failure) and rss[1].position == 2 and "https://news.invalid/teaser" in rss[1].reason
    atom = list(read_path(tmp_path / "atom.xml"))
    assert len(atom) == 1 and atom[0].url == "https://news.invalid/grain" and atom[0].published == "2024-04-02"
    (site,) = list(read_path(tmp_path / "sitemap.xml"))
    assert isinstance(site, Failure) and "not an RSS/Atom feed" in site.reason


@pytest.fixture()
def web(tmp_path):
    (tmp_path / "page.html").write_text(html_page("Odesa port", news_text(7).split("\n") * 2))
    (tmp_path / "feed.rss").write_text(FEED)
    handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(*a, directory=str(tmp_path), **k)  # noqa: E731
    http.server.SimpleHTTPRequestHandler.log_message = lambda *a: None
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()


def test_urls_pages_feeds_and_errors(web, monkeypatch):
    from newsgraph.ingest import urls

    monkeypatch.setattr(urls, "RETRIES", 0)
    monkeypatch.setattr(urls, "_session", None)
    (pending,) = list(urls.read_url(f"{web}/page.html"))
    assert isinstance(pending, HtmlPage)  # extracted where it is analysed, not by the reader
    page = pending.extract()
    assert isinstance(page, Article) and "day 7" in page.text and page.url == f"{web}/page.html"
    assert page.source.startswith("127.0.0.1")  # the host, not the URL, when the page names no site
    feed = list(urls.read_url(f"{web}/feed.rss"))
    assert isinstance(feed[0], Article) and "Odesa" in feed[0].text
    (missing,) = list(urls.read_url(f"{web}/nothing-here"))
    assert isinstance(missing, Failure) and missing.reason.startswith("HTTP 404")
    (refused,) = list(urls.read_url("http://127.0.0.1:9/x", timeout=2))
    assert isinstance(refused, Failure) and refused.reason.startswith("network error")
    assert refused.origin == "http://127.0.0.1:9/x"
    monkeypatch.setattr(urls, "_session", None)


# -- the mixed corpus ----------------------------------------------------------------------------

def mixed_corpus(d: Path) -> tuple[list[str], set[tuple[str, int | None]]]:
    """Good and bad inputs; returns (texts of the good articles, expected failures as (file, position))."""
    d.mkdir()
    good = []
    for i in range(3):
        (d / f"story{i}.txt").write_text(news_text(i))
        good.append(news_text(i))
    (d / "page.html").write_text(html_page("Shelters in Kyiv", news_text(3).split("\n")))
    lines = [json.dumps({"id": f"j{i}", "text": news_text(10 + i), "published": "2024-05-0" + str(i + 1)})
             for i in range(3)]
    lines.insert(1, '{"id": "broken", "text": "no closing brace"')
    lines.append(json.dumps({"id": "notext", "title": "A headline with no text"}))
    (d / "batch.jsonl").write_text("\n".join(lines) + "\n")
    good += [news_text(10 + i) for i in range(3)]
    write_warc(d / "crawl.warc.gz", warc_pages(2, "c") + [("https://news.invalid/blank", "<html><body></body></html>")])
    full = d / "cut.warc.gz"
    write_warc(full, warc_pages(4, "t"))
    full.write_bytes(full.read_bytes()[: int(full.stat().st_size * 0.8)])
    (d / "empty.txt").write_bytes(b"")
    (d / "random.txt").write_bytes(os.urandom(4096))
    (d / "menu.html").write_text("<html><body><nav>Home | World | Sport</nav></body></html>")
    (d / "big.txt").write_text(("The shelling continued through the night. " * 800).strip())  # > max_chars below
    (d / "wire.rss").write_text(FEED)
    good.append("The port of Odesa reopened on Tuesday.\n“We are back,” said harbour master Petro Ivanenko.")
    fails = {("batch.jsonl", 2), ("batch.jsonl", 5), ("crawl.warc.gz", 3), ("empty.txt", None),
             ("random.txt", None), ("menu.html", None), ("big.txt", None), ("wire.rss", 2)}
    return good, fails


def test_mixed_corpus_every_good_article_once_every_bad_input_a_failure(tmp_path):
    good, expected_failures = mixed_corpus(tmp_path / "in")
    db = tmp_path / "n.db"
    s = run_ingest("local", [str(tmp_path / "in")], db, max_chars=20_000)
    rows = db_rows(db, "SELECT content_hash, text, url FROM articles")
    hashes = {r[0] for r in rows}
    for text in good:
        assert h(text) in hashes, text[:60]
    # the WARC pages: 2 from the good crawl and those before the break in the truncated one
    warc_urls = {r[2] for r in rows if r[2] and r[2].startswith("https://news.invalid/")}
    assert {"https://news.invalid/c0", "https://news.invalid/c1", "https://news.invalid/t0"} <= warc_urls
    failures = db_rows(db, "SELECT origin, position, reason FROM failures")
    got = {(Path(o).name, p) for o, p, _ in failures}
    assert expected_failures <= got
    assert any(Path(o).name == "cut.warc.gz" and "truncated" in r for o, p, r in failures)
    assert all(r for _, _, r in failures)
    assert s.failed == len(failures) and s.stored == len(rows)
    assert db_rows(db, "PRAGMA integrity_check")[0][0] == "ok"

    again = run_ingest("local", [str(tmp_path / "in")], db, max_chars=20_000)
    assert again.stored == 0 and again.duplicates == len(rows)
    assert db_rows(db, "SELECT count(*) FROM articles")[0][0] == len(rows)
    assert db_rows(db, "SELECT count(*) FROM failures")[0][0] == len(failures)
    assert {r[0] for r in db_rows(db, "SELECT attempts FROM failures")} == {2}
    assert db_rows(db, "PRAGMA integrity_check")[0][0] == "ok"


def test_same_article_in_two_inputs_is_stored_once(tmp_path):
    (tmp_path / "a.txt").write_text(news_text(1))
    (tmp_path / "b.jsonl").write_text(json.dumps({"id": "copy", "text": news_text(1)}) + "\n")
    s = run_ingest("local", [str(tmp_path / "a.txt"), str(tmp_path / "b.jsonl")], tmp_path / "n.db")
    assert (s.stored, s.duplicates, s.failed) == (1, 1, 0)


def test_reanalyze_reruns_older_versions_only(tmp_path):
    src = tmp_path / "a.jsonl"
    src.write_text("\n".join(json.dumps({"id": f"r{i}", "text": news_text(i)}) for i in range(3)) + "\n")
    db = tmp_path / "n.db"
    run_ingest("local", [str(src)], db)
    quotes_before = db_rows(db, "SELECT count(*) FROM quotes")[0][0]
    with sqlite3.connect(db) as c:
        c.execute("UPDATE articles SET analysed_with='0.0.1' WHERE id='r1'")
    s = run_ingest("local", [], db, reanalyze=True)
    assert (s.reanalysed, s.stored, s.failed) == (1, 0, 0)
    from newsgraph import __version__

    (stamp,) = {r[0] for r in db_rows(db, "SELECT analysed_with FROM articles")}
    assert stamp.startswith(f"newsgraph {__version__} settings ")
    assert db_rows(db, "SELECT count(*) FROM articles")[0][0] == 3
    assert db_rows(db, "SELECT count(*) FROM quotes")[0][0] == quotes_before
    assert run_ingest("local", [str(src)], db, reanalyze=True).reanalysed == 0


def _corpus_file(path: Path, n: int) -> list[str]:
    texts = [news_text(i) + f"\nFiled from the newsroom, item {i}." for i in range(n)]
    path.write_text("\n".join(json.dumps({"id": f"k{i}", "text": t}) for i, t in enumerate(texts)) + "\n")
    return texts


@pytest.mark.parametrize("workers", [1, pytest.param(2, marks=pytest.mark.slow)])
def test_resume_after_kill_9(tmp_path, workers):
    import psutil

    texts = _corpus_file(tmp_path / "big.jsonl", 120)
    db = tmp_path / "k.db"
    exe = [sys.executable, "-c", "from newsgraph.cli import main; main()"]
    proc = subprocess.Popen(exe + ["ingest", str(tmp_path / "big.jsonl"), "--db", str(db), "-q", "--batch-size", "4",
                                   "--workers", str(workers)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 180
    stored = 0
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.2)
        try:
            stored = db_rows(db, "SELECT count(*) FROM articles")[0][0]
        except sqlite3.Error:
            continue
        if stored >= 8:
            break
    family = psutil.Process(proc.pid).children(recursive=True)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert 0 < stored < len(texts), "the kill should land mid-run"
    # worker processes notice the ingest is gone and exit (no orphans analysing for nobody)
    def analysing(p) -> bool:
        try:
            return "resource_tracker" not in " ".join(p.cmdline())
        except psutil.Error:
            return False

    gone, alive = psutil.wait_procs([p for p in family if analysing(p)], timeout=15)
    for p in alive:
        p.kill()
    assert not alive
    s = run_ingest("local", [str(tmp_path / "big.jsonl")], db)
    assert s.duplicates >= stored and s.stored + s.duplicates == len(texts) and s.failed == 0
    rows = db_rows(db, "SELECT content_hash FROM articles")
    assert len(rows) == len(texts) and {r[0] for r in rows} == {h(t) for t in texts}
    assert db_rows(db, "SELECT count(*) FROM quotes GROUP BY article_id, start, \"end\" HAVING count(*) > 1") == []
    assert db_rows(db, "PRAGMA integrity_check")[0][0] == "ok"


@pytest.mark.slow
def test_two_workers_store_what_one_stores(tmp_path):
    texts = _corpus_file(tmp_path / "c.jsonl", 40)
    one = run_ingest("local", [str(tmp_path / "c.jsonl")], tmp_path / "one.db", workers=1)
    two = run_ingest("local", [str(tmp_path / "c.jsonl")], tmp_path / "two.db", workers=2, batch_size=4)
    assert one.stored == two.stored == len(texts)
    q = "SELECT a.content_hash, count(q.id) FROM articles a LEFT JOIN quotes q ON q.article_id=a.id GROUP BY 1"
    assert sorted(db_rows(tmp_path / "one.db", q)) == sorted(db_rows(tmp_path / "two.db", q))


@pytest.mark.slow
def test_fifty_megabyte_text_is_a_failure_not_a_crash(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    line = "Artillery fire was heard across the river through the night, witnesses said. "
    with open(d / "huge.txt", "w") as fh:
        for _ in range(50_000_000 // len(line) + 1):
            fh.write(line)
    (d / "ok.txt").write_text(news_text(5))
    s = run_ingest("local", [str(d)], tmp_path / "n.db")
    assert (s.stored, s.failed) == (1, 1)
    (reason,) = db_rows(tmp_path / "n.db", "SELECT reason FROM failures")[0]
    assert "larger than 20,000,000 bytes" in reason  # not even read whole: past --max-input-mb


def test_an_input_that_reads_fine_now_loses_its_old_failure(tmp_path):
    src = tmp_path / "later.txt"
    src.write_text("")
    db = tmp_path / "n.db"
    assert run_ingest("local", [str(src)], db).failed == 1
    src.write_text(news_text(2))  # the file was re-downloaded
    s = run_ingest("local", [str(src)], db)
    assert (s.stored, s.failed) == (1, 0)
    assert db_rows(db, "SELECT count(*) FROM failures")[0][0] == 0


def test_workers_that_cannot_start_are_an_engine_error_not_article_failures(tmp_path, monkeypatch):
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    from newsgraph.engines import EngineError, local

    # every worker dies as it starts (as when the model cannot load or memory runs out)
    monkeypatch.setattr(local, "_pool", lambda workers, max_chars: ProcessPoolExecutor(
        workers, mp_context=mp.get_context("spawn"), initializer=os._exit, initargs=(3,)))
    src = tmp_path / "a.jsonl"
    src.write_text("\n".join(json.dumps({"id": f"x{i}", "text": news_text(i)}) for i in range(6)) + "\n")
    db = tmp_path / "n.db"
    with pytest.raises(EngineError, match="--workers 1"):
        run_ingest("local", [str(src)], db, workers=2, batch_size=2)
    assert db_rows(db, "SELECT count(*) FROM failures")[0][0] == 0
    assert db_rows(db, "PRAGMA integrity_check")[0][0] == "ok"


# -- HTML extraction runs where the articles are analysed --------------------------------------------

def news_page(i: int) -> str:
    """A web page as news sites serve them: metadata, scripts, navigation, a sidebar, comments."""
    paras = news_text(i).split("\n") + [
        f"Residents of the district queued for water at the school on Shevchenko street, item {i}.",
        "Engineers said the main pipeline would be repaired before the end of the week if the weather held."]
    body = "\n".join(f"<p>{p}</p>" for p in paras)
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Report {i}: repairs continue | Test Wire</title>
<meta property="og:site_name" content="Test Wire"><meta property="og:title" content="Report {i}: repairs continue">
<meta name="author" content="Maria Koval"><meta property="article:published_time" content="2024-05-{i % 28 + 1:02d}T08:00:00Z">
<script>window.dataLayer = [{{"page": "article-{i}"}}];</script><style>.ad {{ display: none }}</style></head>
<body><header><nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/sport">Sport</a></nav></header>
<main><article><h1>Report {i}: repairs continue</h1><p class="byline">By Maria Koval</p>
{body}</article>
<aside><h3>Most read</h3><ul><li><a href="/a">Storm hits coast</a></li><li><a href="/b">Markets fall</a></li></ul></aside>
<section id="comments"><h3>Comments</h3><div class="comment"><p>First! Great article, thanks for sharing it with us all today.</p></div></section>
</main><footer>© 2024 Test Wire · <a href="/privacy">Privacy</a> · <a href="/cookies">Cookies</a></footer></body></html>"""


def html_folder(d: Path, n: int) -> Path:
    """n news pages (one in a subfolder with a clashing name), a menu-only page, an empty page and
    a WARC with two pages and a blank one."""
    (d / "section").mkdir(parents=True)
    for i in range(n):
        (d / f"page{i:03d}.html").write_text(news_page(i), encoding="utf-8")
    (d / "section" / "page000.html").write_text(news_page(n + 1), encoding="utf-8")  # id clash, other text
    (d / "copy.htm").write_text(news_page(1), encoding="utf-8")  # the same article as page001.html
    (d / "menu.html").write_text("<html><body><nav>Home | World | Sport</nav></body></html>", encoding="utf-8")
    (d / "blank.html").write_text("<html><head><title>Nothing</title></head><body></body></html>", encoding="utf-8")
    write_warc(d / "crawl.warc.gz", warc_pages(2, "h") + [("https://news.invalid/blank", "<html><body></body></html>")])
    return d


def expected_from_readers(d: Path) -> tuple[dict, set]:
    """What the readers give when they extract every page themselves (the behaviour before extraction
    moved to the workers): {text hash: (title, text, url, published, source, author)} and failures."""
    from newsgraph.ingest import read_inputs

    arts, fails = {}, set()
    for item in read_inputs([str(d)]):
        if isinstance(item, Failure):
            fails.add((item.origin, item.position, item.reason))
        else:
            arts.setdefault(h(item.text), (item.id, item.title, item.text, item.url, item.published, item.source,
                                           item.author))
    return arts, fails


def stored(db) -> tuple[dict, set]:
    arts = {r[0]: r[1:] for r in db_rows(db, "SELECT content_hash, id, title, text, url, published, source, author"
                                             " FROM articles")}
    return arts, set(db_rows(db, "SELECT origin, position, reason FROM failures"))


def test_readers_defer_html_extraction_to_the_engine(tmp_path, monkeypatch):
    import trafilatura

    d = html_folder(tmp_path / "in", 2)
    from newsgraph.ingest import read_inputs

    calls = []
    real = trafilatura.bare_extraction
    monkeypatch.setattr(trafilatura, "bare_extraction", lambda *a, **k: calls.append(1) or real(*a, **k))
    items = list(read_inputs([str(d)], defer_html=True))
    assert calls == []  # reading alone extracts nothing
    pages = [i for i in items if isinstance(i, HtmlPage)]
    assert {p.id for p in pages} >= {"page000", "page001", "copy", "menu", "blank"}
    warc = [p for p in pages if p.kind == "warc"]
    assert [p.position for p in warc] == [1, 2, 3] and warc[0].url == "https://news.invalid/h0"
    # extracting later gives exactly what the readers gave when they extracted themselves
    assert [p.extract() for p in pages] == [i for i in read_inputs([str(d)])]
    assert len(calls) == 2 * len(pages)
    (menu,) = [p.extract() for p in pages if p.id == "menu"]
    assert isinstance(menu, Failure) and menu.origin == str(d / "menu.html") and "no article text" in menu.reason
    (blank,) = [p.extract() for p in warc if p.position == 3]
    assert isinstance(blank, Failure) and blank.reason.endswith("(https://news.invalid/blank)")


def test_html_page_extraction_that_raises_is_a_failure_naming_the_page(monkeypatch):
    from newsgraph.ingest import files

    monkeypatch.setattr(files, "article_from_html", lambda *a, **k: 1 / 0)
    f = HtmlPage(html="<p>x</p>", origin="in/a.html", id="a").extract()
    assert f == Failure(origin="in/a.html", reason="could not read: ZeroDivisionError: division by zero")
    w = HtmlPage(html="<p>x</p>", origin="c.warc", id="c-1", url="https://x.invalid/", position=4, kind="warc").extract()
    assert (w.position, w.reason) == (4, "could not extract the page: ZeroDivisionError: division by zero "
                                         "(https://x.invalid/)")


@pytest.mark.parametrize("workers", [1, 2])
def test_html_corpus_is_extracted_in_the_workers_and_stores_what_the_readers_extract(tmp_path, monkeypatch, workers):
    from newsgraph.engines import local
    from newsgraph.ingest import files

    d = html_folder(tmp_path / "in", 6)
    want_arts, want_fails = expected_from_readers(d)
    db = tmp_path / "n.db"
    if workers > 1:  # the ingesting process must not extract: only the (freshly started) workers can
        real = files.article_from_html
        monkeypatch.setattr(files, "article_from_html", lambda *a, **k: pytest.fail("extracted in the parent"))
    s = run_ingest("local", [str(d)], db, workers=workers, batch_size=3)
    if workers > 1:
        monkeypatch.setattr(files, "article_from_html", real)
    arts, fails = stored(db)
    assert {k: v[1:] for k, v in arts.items()} == {k: v[1:] for k, v in want_arts.items()}  # titles, texts, ...
    assert fails == want_fails
    assert {r[0] for r in db_rows(db, "SELECT origin FROM failures")} == {str(d / "menu.html"), str(d / "blank.html"),
                                                                        str(d / "crawl.warc.gz")}
    # ids as the readers make them; the clash gets the writer's suffix, the copy is stored once
    clash = h(files.article_from_html(news_page(7), origin="", id="").text)
    assert {k: v[0] for k, v in arts.items()} == {k: v[0] + (f"~{k[:10]}" if k == clash else "")
                                                  for k, v in want_arts.items()}
    assert arts[clash][0].startswith("page000~") and "page001" not in {v[0] for v in arts.values()}  # copy.htm first
    assert (s.stored, s.duplicates, s.failed) == (len(want_arts), 1, 3)
    titles = {v[1] for v in arts.values()}
    assert "Report 3: repairs continue" in titles and any(t and t.startswith("Report h0") for t in titles)
    assert {v[5] for k, v in arts.items() if v[0].startswith("page")} == {"Test Wire"}

    # a rerun: the same counts, nothing new stored
    again = run_ingest("local", [str(d)], db, workers=workers)
    assert (again.stored, again.duplicates, again.failed) == (0, len(want_arts) + 1, 3)
    assert stored(db) == (arts, fails)
    assert {r[0] for r in db_rows(db, "SELECT attempts FROM failures")} == {2}
    # pages met before (stored under their id, or failed) are extracted in the ingesting process and
    # skipped before analysis: no model, no workers. (page001.html, a copy of copy.htm stored under
    # another id, is not known by its id: it would be extracted and analysed again, then dropped.)
    (d / "page001.html").unlink()
    monkeypatch.setattr(local, "Pipeline", lambda *a, **k: pytest.fail("a rerun loaded the model"))
    monkeypatch.setattr(local, "_pool", lambda *a, **k: pytest.fail("a rerun started workers"))
    third = run_ingest("local", [str(d)], db, workers=workers)
    assert (third.stored, third.duplicates, third.failed) == (0, len(want_arts), 3)
    assert stored(db) == (arts, fails)


def test_a_page_crawled_again_into_a_new_warc_is_skipped_before_analysis(tmp_path, monkeypatch):
    from newsgraph.engines import local

    db = tmp_path / "n.db"
    write_warc(tmp_path / "monday.warc.gz", warc_pages(3, "d"))
    first = run_ingest("local", [str(tmp_path / "monday.warc.gz")], db)
    assert (first.stored, first.failed) == (3, 0)
    # Tuesday's crawl: the same three pages (new ids: the file's name is in them) and a new one
    write_warc(tmp_path / "tuesday.warc.gz", warc_pages(3, "d") + [("https://news.invalid/new", news_page(40))])
    analysed = []
    real = local.Pipeline.analyze_many
    monkeypatch.setattr(local.Pipeline, "analyze_many",
                        lambda self, items, **k: real(self, [analysed.append(i) or i for i in items], **k))
    s = run_ingest("local", [str(tmp_path / "tuesday.warc.gz")], db)
    assert (s.stored, s.duplicates, s.failed) == (1, 3, 0)
    assert [a.url for a in analysed] == ["https://news.invalid/new"]  # the known pages were not analysed
    assert db_rows(db, "SELECT count(*) FROM articles")[0][0] == 4


@pytest.mark.parametrize("workers", [1, 2])
def test_a_page_too_long_fails_under_its_file_and_a_rerun_knows_it(tmp_path, monkeypatch, workers):
    from newsgraph.engines import local

    d = tmp_path / "in"
    d.mkdir()
    body = "".join(f"<p>{news_text(i)}</p>" for i in range(40))
    (d / "long.html").write_text(f"<html><head><title>Long read</title><meta property='og:site_name' "
                                 f"content='Test Wire'></head><body><article>{body}</article></body></html>")
    (d / "short.html").write_text(news_page(1))
    db = tmp_path / "n.db"
    first = run_ingest("local", [str(d)], db, workers=workers, max_chars=3_000)
    assert (first.stored, first.failed) == (1, 1)
    [(origin, reason)] = db_rows(db, "SELECT origin, reason FROM failures")
    assert origin == str(d / "long.html") and "too long" in reason  # the file, not the site's name
    # a rerun knows both pages: no model, no workers, the failure counted once more
    monkeypatch.setattr(local, "Pipeline", lambda *a, **k: pytest.fail("a rerun loaded the model"))
    monkeypatch.setattr(local, "_pool", lambda *a, **k: pytest.fail("a rerun started workers"))
    again = run_ingest("local", [str(d)], db, workers=workers, max_chars=3_000)
    assert (again.stored, again.duplicates, again.failed) == (0, 1, 1)
    assert db_rows(db, "SELECT origin, attempts FROM failures") == [(str(d / "long.html"), 2)]


def test_parallel_workers_give_results_in_input_order():
    # the first batch is far slower than the second: results still come back in input order, so that a
    # run is reproducible (of two copies of one text, the first in the input keeps its id)
    from newsgraph.engines import local

    slow = Article(id="slow", text=" ".join([news_text(0)] * 60))
    fast = [Article(id=f"fast{i}", text=news_text(i + 1)) for i in range(3)]
    out = list(local.analyze([slow, *fast], workers=2, batch_size=1))
    assert [r.id for r in out] == ["slow", "fast0", "fast1", "fast2"]
