"""Parquet shards: Records -> flat tables -> files -> Records, and `newsgraph load` into the store
gives the same rows as writing the Records directly. No Ray needed."""
from __future__ import annotations

import sqlite3

import pyarrow.dataset as pads
import pytest
from click.testing import CliRunner

from newsgraph.engines import shards
from newsgraph.record import Cue, DateMention, Entity, Failure, Mention, Place, Quote, Record, Speaker
from newsgraph.store import connect
from newsgraph.store.writer import write_failure, write_record

TEXT = ("“We will hold the bridge,” Col. Olena Marchenko, 42, said in Kharkiv on Monday. "
        "“It is,” she added, “our last road.” Officials said the shelling had stopped.")


def full_record(id: str = "a1", text: str = TEXT) -> Record:
    return Record(
        id=id, text=text, title="Bridge", url="https://example.org/a1", published="2024-04-12",
        source="example.org", author=None, analysed_with="0.1.0",
        entities=[Entity(id="e1", name="Olena Marchenko", type="PERSON",
                         mentions=[Mention(31, 46, "Olena Marchenko"), Mention(99, 102, "she")],
                         descriptors=["42", "Col."]),
                  Entity(id="e2", name="Officials", type="SOURCE", mentions=[Mention(127, 136, "Officials")])],
        quotes=[Quote(start=0, end=29, text=TEXT[0:29], type="direct",
                      speaker=Speaker("Olena Marchenko", 31, 46, "Olena Marchenko", "e1"), cue=Cue(52, 56, "said")),
                Quote(start=83, end=125, text=TEXT[83:125], type="direct",
                      speaker=Speaker("Olena Marchenko", 99, 102, "she", "e1"), cue=Cue(103, 108, "added"),
                      segments=[(84, 89), (111, 124)]),
                Quote(start=137, end=170, text=TEXT[137:170], type="indirect", speaker=None, cue=None)],
        places=[Place(60, 67, "Kharkiv", "Kharkiv", 706483, 49.98, 36.25, "UA", "P", "07"),
                Place(0, 1, "x", "x", None, None, None, None, None, None)],
        dates=[DateMention(71, 77, "Monday", "2024-04-08", "day"), DateMention(0, 1, "x", None, None)])


def items():
    return [(0, full_record()),
            (1, Failure(origin="in/bad.jsonl", reason="malformed JSON line", position=3)),
            (2, Record(id="a2", text="Plain text with nothing in it.")),
            (3, full_record(id="a1", text=TEXT + " Another text, same id.")),  # id collision
            (4, full_record(id="dup"))]  # same text as seq 0: stored once


def dump(db) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(db)
    out = {
        "articles": conn.execute("SELECT id,url,title,published,source,author,text,content_hash,word_count,"
                                 "analysed_with FROM articles ORDER BY id").fetchall(),
        "entities": conn.execute("SELECT e.article_id,e.entity_id,e.name,e.type,e.descriptors,s.key FROM entities e"
                                 " LEFT JOIN speakers s ON s.id=e.speaker_id ORDER BY 1,2").fetchall(),
        "mentions": conn.execute("SELECT * FROM mentions ORDER BY 1,2,3").fetchall(),
        "quotes": conn.execute("SELECT q.article_id,start,\"end\",text,q.type,segments,speaker_name,speaker_text,"
                               "speaker_start,speaker_end,speaker_entity,s.key,cue,cue_start,cue_end FROM quotes q"
                               " LEFT JOIN speakers s ON s.id=q.speaker_id ORDER BY 1,2,3").fetchall(),
        "places": conn.execute("SELECT * FROM places ORDER BY 1,2,3").fetchall(),
        "dates": conn.execute("SELECT * FROM dates ORDER BY 1,2,3").fetchall(),
        "failures": conn.execute("SELECT origin,position,article_id,reason FROM failures ORDER BY 1,2,4").fetchall(),
    }
    conn.close()
    return out


def test_round_trip_keeps_every_field(tmp_path):
    tables = shards.to_tables(items())
    assert tables["articles"].num_rows == 4 and tables["failures"].num_rows == 1
    shards.write_part(tables, tmp_path, "part-x-000000000000")
    back = list(shards.from_tables(shards.read_part(tmp_path, "part-x-000000000000")))
    assert [s for s, _ in back] == [0, 1, 2, 3, 4]
    for (_, want), (_, got) in zip(items(), back):
        assert type(want) is type(got)
        assert (want.to_dict() == got.to_dict()) if isinstance(want, Record) else (want == got)


def test_ipc_transport_round_trip():
    tables = shards.to_tables(items())
    again = shards.tables_from_bytes(shards.tables_to_bytes(tables))
    assert all(again[t].equals(tables[t]) for t in shards.TABLES)


def test_columns_match_the_sqlite_tables(tmp_path):
    conn = connect(tmp_path / "s.db")
    store_only = {"articles": {"ingested_at"}, "entities": {"speaker_id"}, "quotes": {"id", "speaker_id"},
                  "failures": {"id", "failed_at", "attempts", "last_failed_at"},
                  "events": {"id", "reported_by_speaker_id"}}
    for t in shards.TABLES:
        cols = {r[1] for r in conn.execute(f"PRAGMA table_info({t})")}
        shard_cols = set(shards.SCHEMAS[t].names) - {"seq"}
        assert shard_cols <= cols, (t, shard_cols - cols)
        assert cols - shard_cols <= store_only.get(t, set()), (t, cols - shard_cols)


def test_load_equals_direct_write_and_is_idempotent(tmp_path):
    direct = tmp_path / "direct.db"
    conn = connect(direct)
    for _, it in items():
        (write_failure if isinstance(it, Failure) else write_record)(conn, it)
    conn.close()

    # two parts, loaded in name order
    shards.write_part(shards.to_tables(items()[:2]), tmp_path / "sh", "part-r-000000000000")
    shards.write_part(shards.to_tables(items()[2:]), tmp_path / "sh", "part-r-000000000002")
    loaded = tmp_path / "loaded.db"
    res = CliRunner().invoke(_load(), [str(tmp_path / "sh"), "--db", str(loaded)])
    assert res.exit_code == 0, res.output
    assert "2 parts: 3 articles stored, 1 already stored, 1 failures" in res.output
    assert dump(loaded) == dump(direct)
    ids = [r[0] for r in dump(loaded)["articles"]]
    assert "a1" in ids and any(i.startswith("a1~") for i in ids) and "dup" not in ids

    res = CliRunner().invoke(_load(), [str(tmp_path / "sh"), "--db", str(loaded)])
    assert res.exit_code == 0 and "0 articles stored, 4 already stored" in res.output
    assert dump(loaded) == dump(direct)


def test_shards_are_plain_parquet_datasets(tmp_path):
    shards.write_part(shards.to_tables(items()), tmp_path, "part-r-000000000000")
    shards.write_part(shards.to_tables([(9, Record(id="z", text="z z"))]), tmp_path, "part-r-000000000009")
    quotes = pads.dataset(tmp_path / "quotes", format="parquet").to_table()
    assert quotes.num_rows == 9 and "speaker_name" in quotes.column_names
    assert pads.dataset(tmp_path / "articles", format="parquet").to_table().num_rows == 5


def test_load_reports_missing_and_broken_parts(tmp_path):
    (tmp_path / "empty").mkdir()
    res = CliRunner().invoke(_load(), [str(tmp_path / "empty"), "--db", str(tmp_path / "x.db")])
    assert res.exit_code != 0 and "no Parquet parts" in res.output

    shards.write_part(shards.to_tables(items()), tmp_path / "sh", "part-a")
    shards.write_part(shards.to_tables(items()), tmp_path / "sh", "part-b")
    (tmp_path / "sh" / "quotes" / "part-b.parquet").write_bytes(b"not parquet")
    res = CliRunner().invoke(_load(), [str(tmp_path / "sh"), "--db", str(tmp_path / "y.db")])
    assert res.exit_code == 1 and "part-b" in res.output
    assert "1 parts: 3 articles stored" in res.output  # the good part is in


def _load():
    from newsgraph.cli.shards import load

    return load


@pytest.mark.parametrize("name", ["load"])
def test_wired_in_the_cli(name):
    from newsgraph.cli import main

    assert name in main.list_commands(None)
