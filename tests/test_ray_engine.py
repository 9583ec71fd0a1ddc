"""The Ray engine stores exactly what the local engine stores, bad inputs included.

One local Ray for the whole module (startup is slow on a small machine); skipped without ray."""
from __future__ import annotations

import json
import shutil
import sqlite3

import pytest

pytest.importorskip("ray")
pytestmark = [pytest.mark.ray, pytest.mark.slow]

ARTICLES = [
    ("Kyiv", "“We will not give up the bridge,” Col. Olena Marchenko said on Monday in Kharkiv. "
             "Officials said the shelling stopped on 3 March."),
    ("Odesa", "The mayor of Odesa, Hennadiy Trukhanov, told reporters that the port was closed. "
              "“Ships cannot leave,” he said."),
    ("Gaza", "According to the UN, aid trucks reached Rafah on Tuesday. “It is not enough,” said Jan Egeland."),
]


def write_inputs(d):
    (d / "sub").mkdir(parents=True)
    (d / "a.txt").write_text(ARTICLES[0][1], encoding="utf-8")
    (d / "sub" / "a.txt").write_text(ARTICLES[1][1], encoding="utf-8")  # same id "a", other text
    (d / "empty.txt").write_text("", encoding="utf-8")
    (d / "binary.txt").write_bytes(b"\x00\x01\x02" * 50)
    lines = [json.dumps({"id": "g1", "text": ARTICLES[2][1], "published": "2024-03-05", "title": "Gaza"}),
             "{not json",
             json.dumps({"id": "blank", "text": "   "}),
             json.dumps({"id": "when", "text": "Some text.", "published": "last week"}),
             json.dumps({"id": "copy", "text": ARTICLES[0][1]}),  # same text as a.txt: stored once
             json.dumps({"id": "k2", "text": ARTICLES[1][1] + " More.", "published": "2024-03-06"})]
    (d / "batch.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (d / "notes.pdf").write_text("not an article", encoding="utf-8")
    return [str(d), str(d / "notes.pdf"), str(d / "missing.txt")]


def dump(db):
    conn = sqlite3.connect(db)
    q = {
        "articles": "SELECT id,url,title,published,source,author,text,content_hash,word_count,analysed_with"
                    " FROM articles ORDER BY id",
        "quotes": "SELECT q.article_id,start,\"end\",text,q.type,segments,speaker_name,speaker_text,speaker_start,"
                  "speaker_end,speaker_entity,s.key,cue,cue_start,cue_end FROM quotes q"
                  " LEFT JOIN speakers s ON s.id=q.speaker_id ORDER BY 1,2,3",
        "entities": "SELECT e.article_id,entity_id,e.name,e.type,descriptors,s.key FROM entities e"
                    " LEFT JOIN speakers s ON s.id=e.speaker_id ORDER BY 1,2",
        "mentions": "SELECT * FROM mentions ORDER BY 1,2,3",
        "places": "SELECT * FROM places ORDER BY 1,2,3",
        "dates": "SELECT * FROM dates ORDER BY 1,2,3",
        "failures": "SELECT origin,position,article_id,reason FROM failures ORDER BY 1,2,4",
    }
    out = {k: conn.execute(sql).fetchall() for k, sql in q.items()}
    conn.close()
    return out


@pytest.fixture(scope="module")
def ray_session():
    import ray

    from newsgraph.engines.ray import RayConfig, _init_ray

    tmp = _init_ray(None, RayConfig(object_store_mb=200))
    yield
    ray.shutdown()
    shutil.rmtree(tmp, ignore_errors=True)


def test_ray_engine_stores_what_the_local_engine_stores(tmp_path, ray_session, monkeypatch):
    from click.testing import CliRunner

    from newsgraph.cli.shards import load
    from newsgraph.engines import run_ingest
    from newsgraph.engines.shards import list_parts

    inputs = write_inputs(tmp_path / "in")
    loc = run_ingest("local", inputs, tmp_path / "local.db", workers=1)
    # batches of 2: several parts, so the input order across parts matters (sub/a.txt gets "a~<hash>")
    monkeypatch.setenv("NEWSGRAPH_RAY_BATCH_SIZE", "2")
    monkeypatch.setenv("NEWSGRAPH_RAY_ACTORS", "2")
    monkeypatch.setenv("NEWSGRAPH_RAY_SHARDS", str(tmp_path / "shards"))
    s = run_ingest("ray", inputs, tmp_path / "ray.db")

    want, got = dump(tmp_path / "local.db"), dump(tmp_path / "ray.db")
    assert got == want
    assert len(got["articles"]) == 4  # a, a~<hash>, g1, k2; "copy" is the same text as a.txt
    assert {r[0] for r in got["articles"]} >= {"a", "g1", "k2"}
    assert got["quotes"] and got["entities"]
    reasons = " | ".join(r[3] for r in got["failures"])
    for bad in ("empty file", "binary", "malformed JSON", "empty \"text\"", "YYYY-MM-DD",
                "unsupported file type", "no such file"):
        assert bad in reasons
    assert len(got["failures"]) == 7
    assert (s.stored, s.duplicates, s.failed) == (loc.stored, loc.duplicates, loc.failed) == (4, 1, 7)
    assert len(list_parts(tmp_path / "shards")) == 6  # 4 articles and 7 failures, in parts of 2

    # the shards alone rebuild the store, failures included: the readers' ones travel with the run
    res = CliRunner().invoke(load, [str(tmp_path / "shards"), "--db", str(tmp_path / "loaded.db")])
    assert res.exit_code == 0, res.output
    assert dump(tmp_path / "loaded.db") == want

    # a rerun analyses nothing new and adds nothing
    monkeypatch.delenv("NEWSGRAPH_RAY_SHARDS")
    s2 = run_ingest("ray", inputs, tmp_path / "ray.db")
    assert (s2.stored, s2.duplicates) == (0, 5)
    assert dump(tmp_path / "ray.db") == want


def test_a_crashing_batch_becomes_failures_not_a_failed_run():
    import pyarrow as pa

    from newsgraph.engines import ray as engine
    from newsgraph.engines import shards
    from newsgraph.record import Article, Failure

    class Broken:
        max_chars = 100_000

        def analyze_many(self, items, batch_size):
            raise RuntimeError("boom")

    actor = engine.Analyzer.__new__(engine.Analyzer)  # no model load: only __call__ is under test
    actor.pipeline, actor.node = Broken(), "n1"
    batch = pa.Table.from_pylist([engine._to_row(5, Article(id="x", text="Some text.", source="f.txt"))],
                                 schema=engine.ITEM_SCHEMA)
    part = actor(batch).to_pylist()[0]
    items = list(shards.from_tables(shards.tables_from_bytes({t: part[t] for t in shards.TABLES})))
    assert items == [(5, Failure(origin="f.txt", id="x", reason="worker error: RuntimeError: boom"))]


def test_ray_settings_come_from_the_settings_object(monkeypatch):
    from newsgraph.engines.ray import RayConfig
    from newsgraph.settings import SettingError, Settings

    assert RayConfig.from_settings(Settings.resolve(env={}), workers=1).actors is None  # one per cluster CPU
    assert RayConfig.from_settings(Settings.resolve(env={}), workers=3).actors == 3
    monkeypatch.setenv("NEWSGRAPH_RAY_ACTORS", "5")
    monkeypatch.setenv("NEWSGRAPH_RAY_BATCH_SIZE", "64")
    cfg = RayConfig.from_settings(Settings.resolve(), workers=3)
    assert (cfg.actors, cfg.batch_size) == (5, 64)
    monkeypatch.setenv("NEWSGRAPH_RAY_BATCH_SIZE", "lots")
    with pytest.raises(SettingError, match="NEWSGRAPH_RAY_BATCH_SIZE"):
        Settings.resolve()


def test_actors_get_the_drivers_analysis_settings(monkeypatch):
    """An actor builds its pipeline from the driver's settings, never from its own environment."""
    from newsgraph.engines import ray as engine

    monkeypatch.setenv("NEWSGRAPH_QUOTE_GROUPING", "attribution")  # what a node's environment might say
    import ray

    monkeypatch.setattr(ray, "get_runtime_context", lambda: type("C", (), {"get_node_id": lambda self: "n1"})())
    actor = engine.Analyzer(quote_grouping="split", max_chars=5000)
    assert actor.pipeline.settings.quote_grouping == "split" and actor.pipeline.max_chars == 5000
    assert "quote_grouping=split" in actor.pipeline.analysed_with


def test_a_run_of_bad_inputs_only_writes_its_failure_shard_without_a_cluster(tmp_path, monkeypatch):
    from newsgraph.engines import ray as ray_engine
    from newsgraph.engines.shards import list_parts
    from newsgraph.record import Failure

    monkeypatch.setattr(ray_engine, "_init_ray", lambda *a, **k: pytest.fail("started a cluster for no article"))
    bad = [Failure(origin="in/empty.txt", reason="empty file"),
           Failure(origin="in/batch.jsonl", position=2, reason="malformed JSON")]
    cfg = ray_engine.RayConfig(shards_dir=str(tmp_path / "shards"))
    assert list(ray_engine.analyze(iter(bad), config=cfg)) == bad
    assert len(list_parts(tmp_path / "shards")) == 1


def test_the_actor_extracts_html_pages_before_analysis():
    import pyarrow as pa

    from newsgraph.engines import ray as engine
    from newsgraph.engines import shards
    from newsgraph.ingest.files import HtmlPage
    from newsgraph.record import Article, Failure, Record

    class Echo:  # no model: a Record per Article, the items it was given kept
        max_chars = 100_000

        def analyze_many(self, items, batch_size):
            self.items = list(items)
            return [i if isinstance(i, Failure) else Record.for_article(i) for i in self.items]

    page = ("<html><head><title>Port reopens</title></head><body><article><h1>Port reopens</h1>"
            "<p>The port of Odesa reopened on Tuesday after three weeks, the harbour master said.</p>"
            "<p>“We are back,” said harbour master Petro Ivanenko, who has run the port since 2019.</p>"
            "</article></body></html>")
    actor = engine.Analyzer.__new__(engine.Analyzer)
    actor.pipeline, actor.node = Echo(), "n1"
    rows = [engine._to_row(0, HtmlPage(html=page, origin="in/port.html", id="port")),
            engine._to_row(1, HtmlPage(html="<html><body><nav>Home</nav></body></html>", origin="c.warc", id="c-1",
                                       url="https://x.invalid/", position=3, kind="warc"))]
    part = actor(pa.Table.from_pylist(rows, schema=engine.ITEM_SCHEMA)).to_pylist()[0]
    first, second = actor.pipeline.items
    assert isinstance(first, Article) and first.title == "Port reopens" and "Petro Ivanenko" in first.text
    assert isinstance(second, Failure) and (second.origin, second.position) == ("c.warc", 3)
    assert "no article text" in second.reason and second.reason.endswith("(https://x.invalid/)")
    items = list(shards.from_tables(shards.tables_from_bytes({t: part[t] for t in shards.TABLES})))
    assert [s for s, _ in items] == [0, 1] and items[0][1].text == first.text and items[1][1] == second


def test_ray_engine_stores_an_html_corpus_as_the_local_engine_does(tmp_path, ray_session, monkeypatch):
    from _corpus import html_page, news_text, warc_pages, write_warc

    from newsgraph.engines import run_ingest

    d = tmp_path / "in"
    (d / "sub").mkdir(parents=True)
    for i, (_, text) in enumerate(ARTICLES):
        (d / f"p{i}.html").write_text(html_page(f"Story {i}", [text, news_text(i)]), encoding="utf-8")
    (d / "sub" / "p0.html").write_text(html_page("Other", [news_text(9)]), encoding="utf-8")  # id clash
    (d / "menu.html").write_text("<html><body><nav>Home | World</nav></body></html>", encoding="utf-8")
    write_warc(d / "crawl.warc.gz", warc_pages(2) + [("https://news.invalid/blank", "<html><body></body></html>")])
    loc = run_ingest("local", [str(d)], tmp_path / "local.db", workers=1)
    monkeypatch.setenv("NEWSGRAPH_RAY_BATCH_SIZE", "2")
    monkeypatch.setenv("NEWSGRAPH_RAY_ACTORS", "2")
    s = run_ingest("ray", [str(d)], tmp_path / "ray.db")
    want, got = dump(tmp_path / "local.db"), dump(tmp_path / "ray.db")
    assert got == want
    assert {r[2] for r in got["articles"]} >= {"Story 0", "Story 2", "Report w1"}
    assert any(r[0].startswith("p0~") for r in got["articles"])
    assert {r[0].rsplit("/", 1)[-1] for r in got["failures"]} == {"menu.html", "crawl.warc.gz"}
    assert (s.stored, s.duplicates, s.failed) == (loc.stored, loc.duplicates, loc.failed) == (6, 0, 2)
    s2 = run_ingest("ray", [str(d)], tmp_path / "ray.db")  # pages met before: skipped before analysis
    assert (s2.stored, s2.duplicates, s2.failed) == (0, 6, 2)
    assert dump(tmp_path / "ray.db") == want


def test_windows_are_bounded_by_size_as_well_as_count():
    from newsgraph.engines.ray import RayConfig, _window

    rows = iter([{"html": "x" * 400_000}] * 7 + [{"text": "short"}])
    cfg = RayConfig(window=5, window_mb=1)
    sizes = []
    while True:
        w, more = _window(rows, cfg)
        if not w:
            break
        sizes.append((len(w), more))
    assert sizes == [(3, True), (3, True), (2, False)]
    assert _window(iter([{"text": "a"}] * 5), RayConfig(window=5)) == ([{"text": "a"}] * 5, True)
