"""The record contract: JSON round trip, and every offset a valid index whose slice is its text field."""
from __future__ import annotations

import json

import pytest

from newsgraph.record import Cue, DateMention, Entity, Failure, Mention, Place, Quote, Record, Speaker

# A made-up multi-paragraph report: curly and straight quotes, an interrupted quote, a paragraph
# that continues a quote, reported speech, places and dates.
ARTICLE = """KHARKIV, Ukraine \u2014 Russian forces struck an energy plant on the outskirts of Kharkiv overnight, \
leaving 200,000 homes without power, the regional governor said on Tuesday.

\u201cThe enemy is trying to break our will,\u201d said Oleh Synyehubov, the governor of the Kharkiv region. \
\u201cIt will not work. We have survived worse winters than this one.\u201d

Synyehubov said repair crews had been working since dawn and that electricity would be restored \
\u201cwithin days, not weeks\u201d.

According to Ukraine\u2019s air force, Russia launched 34 drones and six missiles in the attack, \
the largest on the city since last autumn.

"We are tired, but we are not leaving," said Natalia Hrytsenko, 58, a teacher who has lived in the \
Saltivka district since 1991. "This is our home.

"If they want us gone, they will have to wait a very long time."

In Kyiv, President Volodymyr Zelensky urged western allies to deliver air-defence systems promised \
in March. Officials in Washington said a new package would be announced next week.

The plant was last hit two days ago, and engineers warned that a third strike before the summer \
could leave the city without heating next winter, officials said.
"""


@pytest.fixture(scope="module")
def record(pipeline):
    from newsgraph.record import Article

    return pipeline.analyze(Article(id="kharkiv-energy", text=ARTICLE, title="Strike on Kharkiv plant",
                                    url="https://example.org/kharkiv", published="2024-04-12",
                                    source="Example News", author="A. Reporter"))


def _check_span(text: str, start: int, end: int, value: str, what: str) -> None:
    assert isinstance(start, int) and isinstance(end, int), what
    assert 0 <= start <= end <= len(text), f"{what}: [{start}, {end}) out of range"
    assert text[start:end] == value, f"{what}: text[{start}:{end}]={text[start:end]!r} != {value!r}"


def check_offsets(rec: Record) -> int:
    """Assert every span in the record indexes rec.text; returns how many spans were checked."""
    t, n = rec.text, 0
    for i, q in enumerate(rec.quotes):
        _check_span(t, q.start, q.end, q.text, f"quote {i}")
        n += 1
        assert q.type in ("direct", "indirect", "mixed")
        for s, e in q.segments or []:
            assert q.start <= s <= e <= q.end, f"quote {i} segment [{s}, {e}) outside the quote"
        if q.speaker is not None:
            _check_span(t, q.speaker.start, q.speaker.end, q.speaker.text, f"quote {i} speaker")
            n += 1
            if q.speaker.entity is not None:
                assert q.speaker.entity in {e.id for e in rec.entities}
        if q.cue is not None:
            _check_span(t, q.cue.start, q.cue.end, q.cue.text, f"quote {i} cue")
            n += 1
    assert len({e.id for e in rec.entities}) == len(rec.entities), "entity ids must be unique"
    for e in rec.entities:
        for m in e.mentions:
            _check_span(t, m.start, m.end, m.text, f"entity {e.id} mention")
            n += 1
    for i, p in enumerate(rec.places):
        _check_span(t, p.start, p.end, p.text, f"place {i}")
        n += 1
        if p.lat is not None:
            assert -90 <= p.lat <= 90 and -180 <= p.lon <= 180
    for i, d in enumerate(rec.dates):
        _check_span(t, d.start, d.end, d.text, f"date {i}")
        n += 1
        assert d.granularity in (None, "day", "week", "month", "season", "year", "interval")
    return n


def test_offsets_are_valid_indices_into_text(record):
    assert record.text == ARTICLE  # exactly the analysed text, curly quotes and all
    assert check_offsets(record) > 0
    assert record.dates, "this article has dates"


def test_dates_of_the_article(record):
    got = {d.text: d.value for d in record.dates}
    assert got["Tuesday"] == "2024-04-09"
    assert got["last autumn"] == "2023-09/2023-11"
    assert got["1991"] == "1991"
    assert got["March"] == "2024-03"
    assert got["next week"] == "2024-W16"
    assert got["two days ago"] == "2024-04-10"
    assert got["next winter"] == "2024-12/2025-02"


def test_json_round_trip(record):
    d = record.to_dict()
    wire = json.loads(json.dumps(d, ensure_ascii=False))
    assert wire == d
    back = Record.from_dict(wire)
    assert back == record
    assert back.to_dict() == d
    assert set(d) == {"id", "title", "url", "published", "source", "author", "text", "quotes", "entities",
                      "places", "dates", "events", "analysed_with"}
    assert d["id"] == "kharkiv-energy" and d["published"] == "2024-04-12" and d["author"] == "A. Reporter"
    for q in d["quotes"]:
        assert set(q) <= {"start", "end", "text", "type", "segments", "speaker", "cue", "content", "events"}
        assert isinstance(q["content"], str) and q["content"]
        if q.get("segments"):  # an interrupted quote's content leaves out the narration between its pieces
            assert " \u2026 " in q["content"] and q["content"] != q["text"]
        assert "segments" not in q or all(isinstance(s, list) and len(s) == 2 for s in q["segments"])
    for dt in d["dates"]:
        assert set(dt) == {"start", "end", "text", "value", "granularity"}


def test_round_trip_of_a_hand_built_record():
    text = "\u201cWe will hold,\u201d said the mayor, Ivan Petrov, in Kharkiv on Tuesday."
    rec = Record(
        id="r1", text=text, published="2024-04-12", analysed_with="0.1.0",
        quotes=[Quote(start=1, end=13, text="We will hold", type="direct", segments=[(1, 7), (8, 13)],
                      speaker=Speaker(name="Ivan Petrov", start=21, end=30, text="the mayor", entity="e1"),
                      cue=Cue(start=16, end=20, text="said"))],
        entities=[Entity(id="e1", name="Ivan Petrov", type="PERSON",
                         mentions=[Mention(start=32, end=43, text="Ivan Petrov")], descriptors=["mayor"])],
        places=[Place(start=48, end=55, text="Kharkiv", name="Kharkiv", geonameid=706483, lat=49.98, lon=36.25,
                      country_code="UA", feature_class="P", admin1="07")],
        dates=[DateMention(start=59, end=66, text="Tuesday", value="2024-04-09", granularity="day")])
    check_offsets(rec)
    d = json.loads(json.dumps(rec.to_dict()))
    assert d["quotes"][0]["segments"] == [[1, 7], [8, 13]]
    back = Record.from_dict(d)
    assert back == rec and back.quotes[0].segments == [(1, 7), (8, 13)]


def test_from_dict_minimal_and_quote_without_segments():
    rec = Record.from_dict({"id": "x", "text": "Hello."})
    assert rec.quotes == [] and rec.entities == [] and rec.places == [] and rec.dates == []
    rec = Record(id="y", text="abc", quotes=[Quote(start=0, end=3, text="abc", type="indirect")])
    d = rec.to_dict()
    assert "segments" not in d["quotes"][0] and d["quotes"][0]["speaker"] is None
    assert Record.from_dict(d) == rec


def test_failure_shape():
    assert Failure(origin="in.jsonl", reason="malformed JSON line", position=3, id="a3").to_dict() == \
        {"id": "a3", "error": "malformed JSON line", "origin": "in.jsonl", "position": 3}
    assert Failure(origin="x.txt", reason="empty file").to_dict() == {"id": None, "error": "empty file", "origin": "x.txt"}


SEED = sorted((__import__("pathlib").Path(__file__).resolve().parent.parent.parent / "shared" / "seed").glob("*.txt"))


@pytest.mark.skipif(not SEED, reason="../shared/seed not present")
def test_seed_record_offsets_and_round_trip(pipeline):
    from newsgraph.record import Article

    text = SEED[0].read_text(encoding="utf-8")
    rec = pipeline.analyze(Article(id="seed", text=text, published="2024-04-12"))
    check_offsets(rec)
    assert Record.from_dict(json.loads(json.dumps(rec.to_dict()))) == rec
