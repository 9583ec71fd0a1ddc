"""One validated settings object (issue 15): built from defaults, environment and flags, with where
each value came from; passed to the pipeline, the extractors and both engines; recorded in records."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from newsgraph.settings import TABLE, SettingError, Settings

INTERRUPTED = ("\u201cWe will hold the line,\u201d the mayor of Kharkiv said on Monday. "
               "\u201cThe city has seen worse, and it will stand.\u201d\n")


def test_false_means_false():
    # NEWSGRAPH_FAST=false used to leave fast mode on (only "0" turned it off)
    for raw in ("false", "0", "no", "off", "FALSE"):
        assert Settings.resolve(env={"NEWSGRAPH_FAST": raw}).fast is False
    assert Settings.resolve(env={"NEWSGRAPH_FAST": "yes"}).fast is True


def test_bad_value_names_setting_and_allowed_values():
    with pytest.raises(SettingError) as ei:
        Settings.resolve(env={"NEWSGRAPH_QUOTE_GROUPING": "splitt"})
    msg = str(ei.value)
    assert "quote_grouping" in msg and "NEWSGRAPH_QUOTE_GROUPING" in msg
    assert "split, interrupted, attribution" in msg
    with pytest.raises(SettingError, match="fast.*expected one of"):
        Settings.resolve(env={"NEWSGRAPH_FAST": "maybe"})
    with pytest.raises(SettingError, match="max_chars.*positive"):
        Settings.resolve({"max_chars": "-5"})
    with pytest.raises(SettingError, match="unknown setting 'grouping'"):
        Settings.resolve({"grouping": "split"})


def test_precedence_and_sources():
    s = Settings.resolve({"quote_grouping": "attribution"}, flag_source="--setting",
                         env={"NEWSGRAPH_QUOTE_GROUPING": "split", "NEWSGRAPH_MAX_CHARS": "5000"})
    assert s.quote_grouping == "attribution" and s.sources["quote_grouping"] == "--setting"
    assert s.max_chars == 5000 and s.sources["max_chars"] == "env NEWSGRAPH_MAX_CHARS"
    assert s.fast is True and s.sources["fast"] == "default"
    t = s.replace(source="--max-chars", max_chars=20)
    assert t.max_chars == 20 and t.sources["max_chars"] == "--max-chars" and s.max_chars == 5000


def test_round_trip_to_workers():
    s = Settings.resolve({"quote_grouping": "split", "fast": "false", "ray_cpus": "3"}, env={})
    back = Settings.from_dict(json.loads(json.dumps(s.to_dict())))
    assert back == s
    assert set(s.to_dict()) == {row.name for row in TABLE}


def test_analysed_with_names_every_output_setting():
    a = Settings.resolve(env={}).analysed_with("en_core_web_sm@3.8.0")
    assert a.startswith("newsgraph ")
    for row in TABLE:
        assert (f"{row.name}=" in a) == row.changes_output
    assert "model=en_core_web_sm@3.8.0" in a
    b = Settings.resolve({"quote_grouping": "split"}, env={}).analysed_with("en_core_web_sm@3.8.0")
    c = Settings.resolve({"max_chars": "10"}, env={}).analysed_with("en_core_web_sm@3.8.0")
    assert a != b and a == c  # a limit is not an output setting
    assert a.split()[3] != b.split()[3]  # the short hash differs too


def test_pipeline_records_its_settings(pipeline):
    from newsgraph.record import Article

    rec = pipeline.analyze(Article(id="k", text=INTERRUPTED))
    assert rec.analysed_with == pipeline.analysed_with
    assert "quote_grouping=interrupted" in rec.analysed_with and "fast=true" in rec.analysed_with
    assert "model=en_core_web_sm" in rec.analysed_with


def test_unknown_extractor_is_an_error():
    from newsgraph.pipeline import Pipeline

    with pytest.raises(ValueError, match="unknown extractor.*'quotez'.*quotes"):
        Pipeline(extractors=["quotez"])


def test_settings_command_lists_every_setting_and_source(monkeypatch):
    from newsgraph.cli import main

    monkeypatch.setenv("NEWSGRAPH_FAST", "off")
    monkeypatch.setenv("NEWSGRAPH_TOKEN", "s3cret-token-value")
    r = CliRunner().invoke(main, ["--setting", "quote_grouping", "split", "settings", "--json"])
    assert r.exit_code == 0, r.output
    rows = {d["name"]: d for d in map(json.loads, r.output.splitlines())}
    assert set(rows) == {row.name for row in TABLE}
    assert rows["fast"]["value"] is False and rows["fast"]["source"] == "env NEWSGRAPH_FAST"
    assert rows["quote_grouping"]["value"] == "split" and rows["quote_grouping"]["source"] == "--setting"
    assert rows["token"]["value"] == "(set)" and "s3cret" not in r.output


def test_bad_environment_stops_the_command(monkeypatch, tmp_path):
    from newsgraph.cli import main

    monkeypatch.setenv("NEWSGRAPH_QUOTE_GROUPING", "splitt")
    f = tmp_path / "a.txt"
    f.write_text(INTERRUPTED)
    r = CliRunner().invoke(main, ["analyze", str(f)])
    assert r.exit_code == 2
    assert "quote_grouping" in r.output and "split, interrupted, attribution" in r.output


def test_ingest_reanalyzes_what_other_settings_made(tmp_path):
    from newsgraph.engines import run_ingest
    from newsgraph.store import connect

    src = tmp_path / "in"
    src.mkdir()
    for i in range(3):
        (src / f"a{i}.txt").write_text(INTERRUPTED.replace("Monday", ["Monday", "Tuesday", "Friday"][i]))
    db = tmp_path / "n.db"
    base = Settings.resolve(env={})
    assert run_ingest("local", [str(src)], db, settings=base).stored == 3
    assert run_ingest("local", [str(src)], db, settings=base, reanalyze=True).reanalysed == 0
    split = base.replace(quote_grouping="split")
    s = run_ingest("local", [str(src)], db, settings=split, reanalyze=True)
    assert s.reanalysed == 3
    rows = {r[0] for r in connect(db, readonly=True).execute("SELECT analysed_with FROM articles")}
    assert len(rows) == 1 and "quote_grouping=split" in rows.pop()
    assert run_ingest("local", [str(src)], db, settings=split, reanalyze=True).reanalysed == 0


def test_local_workers_get_the_drivers_settings(tmp_path, monkeypatch):
    """The worker processes analyse with the settings the driver was given, not their environment."""
    from newsgraph.engines import local
    from newsgraph.record import Article, Record

    monkeypatch.setenv("NEWSGRAPH_QUOTE_GROUPING", "attribution")  # a worker reading env would use this
    s = Settings.resolve(env={}).replace(quote_grouping="split")
    arts = [Article(id=f"a{i}", text=INTERRUPTED) for i in range(4)]
    out = list(local.analyze(arts, settings=s, workers=2, batch_size=2))
    assert all(isinstance(r, Record) for r in out)
    assert all("quote_grouping=split" in r.analysed_with for r in out)
    assert all(len(r.quotes) == 2 for r in out)  # split: “A,” he said. “B.” is two quotes


def test_quote_grouping_reaches_the_quote_rules(pipeline):
    from newsgraph.pipeline import Pipeline
    from newsgraph.record import Article

    one = pipeline.analyze(Article(id="g", text=INTERRUPTED))
    assert len(one.quotes) == 1 and len(one.quotes[0].segments) == 2  # interrupted (default): one quote
    split = Pipeline(pipeline.settings.replace(quote_grouping="split")).analyze(Article(id="g", text=INTERRUPTED))
    assert [q.text for q in split.quotes] == ["We will hold the line,", "The city has seen worse, and it will stand."]


MIXED = ("The army said the Rapid Support Forces had attacked the camp at dawn, describing it as "
         "\u201ca dangerous development\u201d. It said \u201cforeign fighters\u201d had taken part and "
         "called the assault \u201ca crime\u201d.\n")


def test_partial_quotes_words_keeps_the_quoted_words_only(pipeline, clause_pipeline):
    """The default (partial_quotes=words): a mixed quote is the quoted words, one record per quoted
    stretch, with its speaker and cue; clause keeps the reported clause around them (PolNeAR)."""
    from newsgraph.record import Article

    words = pipeline.analyze(Article(id="m", text=MIXED))
    clause = clause_pipeline.analyze(Article(id="m", text=MIXED))
    got = {MIXED[q.start:q.end] for q in words.quotes if q.type == "mixed"}
    assert "a dangerous development" in got and "foreign fighters" in got
    assert all(not (q.text.startswith("the Rapid") and "\u201c" in q.text) for q in words.quotes)
    assert any("\u201ca dangerous development\u201d" in q.text for q in clause.quotes if q.type == "mixed")
    for q in words.quotes:
        assert q.text == MIXED[q.start:q.end]  # offsets index the original text
        if q.type == "mixed":
            assert q.speaker is not None and q.cue is not None and q.content == q.text
    assert "partial_quotes=words" in words.analysed_with and "partial_quotes=clause" in clause.analysed_with
