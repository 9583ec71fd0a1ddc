"""Speaker ids by part of a name from memory (store/speaker_names.py) are the ids SQL's LIKE finds,
common parts ("e": most speakers) and rare ones alike; a write is seen at once."""
from __future__ import annotations

import pytest

PARTS = ["Terekhov", "terekhov", "TEREKHOV", "e", "he", "mar", "ko ", "x", "", "Марченко", "%", "_", "'", "nobody here"]


@pytest.fixture()
def store(tmp_path):
    from newsgraph.web.samples import build_sample_db, demo_map_records, sample_records

    return build_sample_db(tmp_path / "names.db", sample_records() + demo_map_records())


def test_parts_of_names_find_what_like_finds(store):
    from newsgraph.store.schema import connect
    from newsgraph.store.speaker_names import speaker_ids_like

    conn = connect(store, readonly=True)
    total = conn.execute("SELECT count(*) FROM speakers").fetchone()[0]
    assert total > 10
    sizes = {}
    for part in PARTS:
        pat = "%" + part.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        want = sorted(r[0] for r in conn.execute(
            "SELECT id FROM speakers WHERE name LIKE ? ESCAPE '\\' OR aliases LIKE ? ESCAPE '\\'", [pat, pat]))
        assert speaker_ids_like(conn, part) == want, part
        assert speaker_ids_like(conn, part) == want, part  # answered again from what was kept
        sizes[part] = len(want)
    assert sizes["Terekhov"] >= 1 and sizes["e"] > total // 2 and sizes["nobody here"] == 0 and sizes[""] == total
    assert speaker_ids_like(conn, "a\tb") is None  # a tab or a line break: the caller asks SQL
    conn.close()


def test_a_new_speaker_is_found_after_the_write(store):
    from newsgraph.record import Record
    from newsgraph.store.queries import QuoteFilter, find_quotes
    from newsgraph.store.schema import connect
    from newsgraph.store.speaker_names import speaker_ids_like
    from newsgraph.store.writer import write_record
    from newsgraph.web.samples import sample_records

    reader = connect(store, readonly=True)
    assert speaker_ids_like(reader, "Zyxwvuts") == []
    d = sample_records()[0].to_dict()
    old = d["quotes"][0]["speaker"]["name"]
    d.update(id="renamed", text=d["text"] + "\n\nCopy.")  # the same offsets; the speaker named otherwise
    rec = Record.from_dict(d)
    for e in rec.entities:
        if e.name == old:
            e.name = "Olha Zyxwvuts"
    for q in rec.quotes:
        if q.speaker and q.speaker.name == old:
            q.speaker.name = "Olha Zyxwvuts"
    writer = connect(store)
    write_record(writer, rec)
    writer.close()
    assert len(speaker_ids_like(reader, "zyxwvuts")) == 1
    assert find_quotes(reader, QuoteFilter(speaker="Zyxwvuts"))  # the quotes filter sees the new speaker
    reader.close()
