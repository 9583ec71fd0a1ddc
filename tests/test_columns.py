"""One source of truth for the record's columns (newsgraph.record.COLUMNS, derived from the record's
dataclasses): the SQLite store, the Parquet shards and the API's record models are checked against it,
so a field added to the record cannot be forgotten by one of them."""
from __future__ import annotations

from dataclasses import fields

import pytest

from newsgraph.record import (COLUMNS, Cue, DateMention, Entity, Mention, Place, Quote, Record, Speaker,
                              content_hash)


def test_columns_follow_the_dataclasses():
    assert set(COLUMNS["places"]) == {"article_id"} | {f.name for f in fields(Place)}
    assert {"speaker_name", "speaker_entity", "cue", "cue_start"} <= set(COLUMNS["quotes"])
    assert set(COLUMNS["articles"]) >= {"id", "text", "title", "url", "published", "source", "author", "analysed_with"}


@pytest.mark.parametrize("table", sorted(COLUMNS))
def test_sqlite_store_has_exactly_the_record_columns(tmp_path, table):
    from newsgraph.store import connect
    from newsgraph.store.schema import STORE_ONLY

    conn = connect(tmp_path / "c.db")
    cols = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
    assert cols - STORE_ONLY[table] == set(COLUMNS[table])


@pytest.mark.parametrize("table", sorted(COLUMNS))
def test_parquet_shards_have_exactly_the_record_columns(table):
    from newsgraph.engines.shards import SCHEMAS

    assert set(SCHEMAS[table].names) - {"seq"} == set(COLUMNS[table])
    assert set(SCHEMAS) == set(COLUMNS)


@pytest.mark.parametrize("model,cls", [("RecordOut", Record), ("RecordQuote", Quote), ("RecordEntity", Entity),
                                       ("RecordPlace", Place), ("RecordDate", DateMention),
                                       ("SpeakerRef", Speaker), ("SpanOut", Mention), ("SpanOut", Cue)])
def test_api_record_models_have_exactly_the_record_fields(model, cls):
    from newsgraph.web import models

    assert set(getattr(models, model).model_fields) == {f.name for f in fields(cls)}


def test_one_content_hash():
    """The store, the ingest and the shards share record.content_hash (it was written three times)."""
    from newsgraph.engines import shards
    from newsgraph.ingest import run
    from newsgraph.record import Article
    from newsgraph.store import writer

    assert writer.content_hash is content_hash and run.content_hash is content_hash
    assert shards.content_hash is content_hash
    assert Article(id="a", text="Kyiv").content_hash == content_hash("Kyiv")
