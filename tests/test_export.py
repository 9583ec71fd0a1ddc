"""Export: every kind in every format, GeoJSON a FeatureCollection of points, no half files."""
from __future__ import annotations

import csv
import json

import pytest
from _corpus import make_record
from click.testing import CliRunner

from newsgraph.cli import main
from newsgraph.export import ExportError, export
from newsgraph.store import connect
from newsgraph.store.speakers import resolve_speakers
from newsgraph.store.writer import write_record


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("x") / "x.db"
    conn = connect(path)
    write_record(conn, make_record("k1", "Ihor Terekhov", "The city will be ready", descriptors=("mayor of Kharkiv",)))
    write_record(conn, make_record("k2", "Terekhov", "Kharkiv has survived worse"))
    write_record(conn, make_record("p1", "Anton Kovalenko", "The shelling gets closer",
                                   place=("Pokrovsk", 704508, 48.28, 37.18)))
    write_record(conn, make_record("n1", "Olena Marchenko", "We heard explosions", place=("Nowhere", None, None, None)))
    resolve_speakers(conn)
    conn.close()
    return path


@pytest.mark.parametrize("what,n", [("quotes", 4), ("places", 3), ("speakers", 3), ("articles", 4)])
@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_every_kind_in_every_format(db, tmp_path, what, n, fmt):
    out = tmp_path / f"{what}.{fmt}"
    assert export(connect(db, readonly=True), what, fmt, out) == n
    if fmt == "jsonl":
        rows = [json.loads(line) for line in out.read_text().splitlines()]
    elif fmt == "csv":
        rows = list(csv.DictReader(out.open()))
    else:
        import pyarrow.parquet as pq

        rows = pq.read_table(out).to_pylist()
    assert len(rows) == n
    key = {"quotes": "text", "places": "name", "speakers": "name", "articles": "id"}[what]
    assert all(r[key] for r in rows)
    if what == "speakers" and fmt != "csv":
        terekhov = next(r for r in rows if r["name"] == "Ihor Terekhov")
        assert terekhov["quotes"] == 2 and "Terekhov" in terekhov["aliases"]


def test_geojson_feature_collection_of_resolved_places(db, tmp_path):
    out = tmp_path / "places.geojson"
    assert export(connect(db, readonly=True), "places", "geojson", out) == 2
    doc = json.loads(out.read_text())
    assert doc["type"] == "FeatureCollection"
    by = {f["properties"]["name"]: f for f in doc["features"]}
    assert set(by) == {"Kharkiv", "Pokrovsk"}  # unresolved "Nowhere" has no point
    f = by["Kharkiv"]
    assert f["type"] == "Feature" and f["geometry"] == {"type": "Point", "coordinates": [36.25, 49.98]}
    assert f["properties"]["mentions"] == 2 and f["properties"]["geonameid"] == 706483


def test_bad_requests_are_clear_and_leave_no_file(db, tmp_path):
    conn = connect(db, readonly=True)
    with pytest.raises(ExportError, match="--what places"):
        export(conn, "quotes", "geojson", tmp_path / "q.geojson")
    with pytest.raises(ExportError, match="does not exist"):
        export(conn, "quotes", "csv", tmp_path / "no" / "dir" / "q.csv")
    assert not list(tmp_path.glob("*"))


def test_export_command(db, tmp_path):
    out = tmp_path / "p.geojson"
    r = CliRunner().invoke(main, ["export", "--db", str(db), "--what", "places", "-o", str(out)])
    assert r.exit_code == 0 and json.loads(out.read_text())["type"] == "FeatureCollection"
    r = CliRunner().invoke(main, ["export", "--db", str(db), "--what", "quotes", "--format", "jsonl", "-o", "-"])
    assert r.exit_code == 0 and len(r.output.strip().splitlines()) == 4
    r = CliRunner().invoke(main, ["export", "--db", str(db), "--what", "speakers", "--format", "geojson", "-o", "-"])
    assert r.exit_code != 0 and "--what places" in r.output


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_quotes_export_the_quoted_words_without_the_narration(tmp_path, fmt):
    from newsgraph.record import Cue, Quote, Record, Speaker

    text = "“We will hold,” the mayor said. “We have no choice.”"
    a, b = text.index("We will"), text.index("We have")
    q = Quote(a, len(text) - 1, text[a:len(text) - 1], "direct", Speaker("the mayor", 16, 25, "the mayor"),
              Cue(26, 30, "said"), segments=[(a, a + 13), (b, b + 18)])
    conn = connect(tmp_path / "c.db")
    write_record(conn, Record(id="s1", text=text, quotes=[q]))
    out = tmp_path / f"q.{fmt}"
    assert export(conn, "quotes", fmt, out) == 1
    if fmt == "jsonl":
        (row,) = [json.loads(line) for line in out.read_text().splitlines()]
    elif fmt == "csv":
        (row,) = list(csv.DictReader(out.open()))
    else:
        import pyarrow.parquet as pq

        (row,) = pq.read_table(out).to_pylist()
    assert row["content"] == "We will hold \u2026 We have no choice."
    assert "said" in row["text"]  # the span as written keeps the interruption
