"""Records as Parquet shards, and shards back into the SQLite store.

A *part* is the result of one batch of inputs: eight flat Parquet files, one per table, that share
a file name::

    DIR/articles/part-<run>-<first seq>.parquet
    DIR/entities/part-….parquet   DIR/mentions/…   DIR/quotes/…   DIR/places/…   DIR/dates/…
    DIR/failures/part-….parquet   DIR/events/part-….parquet

Each table has the columns of the SQLite table of the same name (``newsgraph.store.schema``), minus
what only the store can assign (archive-wide ``speaker_id``, autoincrement ids, ingestion times),
plus ``seq``: the item's position in the run's input stream. ``seq`` orders the rows and joins a
child row to its article inside a part (article ids alone are not unique: two ``a.txt`` in two
folders). Nested values are JSON text as in SQLite (``entities.descriptors``, ``quotes.segments``).
Plain Parquet, so ``duckdb -c "select * from 'DIR/quotes/*.parquet'"`` or
``spark.read.parquet('DIR/quotes')`` read them directly.

Loading rebuilds each Record from its rows and stores it with ``store.writer.write_record`` (failures
with ``write_failure``), in ``seq`` order, parts in name order, then re-resolves speakers across the
archive: the same writer and the same last step as ``ingest``, hence the same store. Only pyarrow is
needed here, never Ray.
"""
from __future__ import annotations

import io
import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from newsgraph.record import (COLUMNS, Cue, DateMention, Entity, Failure, Mention, Place, Quote, Record, Speaker,
                              content_hash, quote_content)
from newsgraph.store.events import event_from_row, event_row

_S, _I, _F = pa.string(), pa.int64(), pa.float64()
# the events table's non-text columns (record.COLUMNS["events"] names them all)
_EVENT_TYPES = {c: _I for c in ("event_index", "start", "end", "fatalities", "trigger_start", "trigger_end",
                                "source_start", "source_end", "target_start", "target_end", "place_start",
                                "place_end", "place_geonameid", "date_start", "date_end", "reported_by_quote")}
_EVENT_TYPES.update(place_lat=_F, place_lon=_F)

SCHEMAS: dict[str, pa.Schema] = {
    "articles": pa.schema([("seq", _I), ("id", _S), ("url", _S), ("title", _S), ("published", _S),
                           ("source", _S), ("author", _S), ("text", _S), ("content_hash", _S),
                           ("word_count", _I), ("analysed_with", _S)]),
    "entities": pa.schema([("seq", _I), ("article_id", _S), ("entity_id", _S), ("name", _S), ("type", _S),
                           ("descriptors", _S)]),
    "mentions": pa.schema([("seq", _I), ("article_id", _S), ("entity_id", _S), ("start", _I), ("end", _I),
                           ("text", _S)]),
    "quotes": pa.schema([("seq", _I), ("article_id", _S), ("start", _I), ("end", _I), ("text", _S),
                         ("type", _S), ("segments", _S), ("speaker_name", _S), ("speaker_text", _S),
                         ("speaker_start", _I), ("speaker_end", _I), ("speaker_entity", _S), ("cue", _S),
                         ("cue_start", _I), ("cue_end", _I), ("content", _S), ("speaker_kind", _S),
                         ("speaker_role", _S), ("speaker_affiliation", _S)]),
    "places": pa.schema([("seq", _I), ("article_id", _S), ("start", _I), ("end", _I), ("text", _S),
                         ("name", _S), ("geonameid", _I), ("lat", _F), ("lon", _F), ("country_code", _S),
                         ("feature_class", _S), ("admin1", _S), ("kind", _S)]),
    "dates": pa.schema([("seq", _I), ("article_id", _S), ("start", _I), ("end", _I), ("text", _S),
                        ("value", _S), ("granularity", _S)]),
    "failures": pa.schema([("seq", _I), ("origin", _S), ("position", _I), ("article_id", _S), ("reason", _S)]),
    "events": pa.schema([("seq", _I)] + [(c, _EVENT_TYPES.get(c, _S)) for c in COLUMNS["events"]]),
}
TABLES = tuple(SCHEMAS)

Tables = dict[str, pa.Table]


# -- Records -> tables -------------------------------------------------------------------------
def to_tables(results: Iterable[tuple[int, Record | Failure]]) -> Tables:
    """Flat tables for ``(seq, Record | Failure)`` pairs, rows in the order given."""
    rows: dict[str, list[dict]] = {t: [] for t in TABLES}
    for seq, r in results:
        if isinstance(r, Failure):
            rows["failures"].append({"seq": seq, "origin": r.origin, "position": r.position,
                                     "article_id": r.id, "reason": r.reason})
            continue
        aid = r.id
        rows["articles"].append({
            "seq": seq, "id": aid, "url": r.url, "title": r.title, "published": r.published,
            "source": r.source, "author": r.author, "text": r.text,
            "content_hash": content_hash(r.text), "word_count": len(r.text.split()), "analysed_with": r.analysed_with})
        for e in r.entities:
            rows["entities"].append({"seq": seq, "article_id": aid, "entity_id": e.id, "name": e.name,
                                     "type": e.type, "descriptors": json.dumps(e.descriptors, ensure_ascii=False)})
            rows["mentions"].extend({"seq": seq, "article_id": aid, "entity_id": e.id, "start": m.start,
                                     "end": m.end, "text": m.text} for m in e.mentions)
        for q in r.quotes:
            sp, cue = q.speaker, q.cue
            rows["quotes"].append({
                "seq": seq, "article_id": aid, "start": q.start, "end": q.end, "text": q.text, "type": q.type,
                "segments": json.dumps([list(s) for s in q.segments]) if q.segments else None,
                "speaker_name": sp.name if sp else None, "speaker_text": sp.text if sp else None,
                "speaker_start": sp.start if sp else None, "speaker_end": sp.end if sp else None,
                "speaker_entity": sp.entity if sp else None,
                "cue": cue.text if cue else None, "cue_start": cue.start if cue else None,
                "cue_end": cue.end if cue else None,
                "content": q.content if q.content is not None else quote_content(r.text, q),
                "speaker_kind": sp.kind if sp else None, "speaker_role": sp.role if sp else None,
                "speaker_affiliation": sp.affiliation if sp else None})
        rows["places"].extend({"seq": seq, "article_id": aid, "start": p.start, "end": p.end, "text": p.text,
                               "name": p.name, "geonameid": p.geonameid, "lat": p.lat, "lon": p.lon,
                               "country_code": p.country_code, "feature_class": p.feature_class,
                               "admin1": p.admin1, "kind": p.kind} for p in r.places)
        rows["dates"].extend({"seq": seq, "article_id": aid, "start": d.start, "end": d.end, "text": d.text,
                              "value": d.value, "granularity": d.granularity} for d in r.dates)
        rows["events"].extend({"seq": seq, **event_row(aid, i, ev)} for i, ev in enumerate(r.events))
    return {t: pa.Table.from_pylist(rows[t], schema=SCHEMAS[t]) for t in TABLES}


# -- tables -> Records -------------------------------------------------------------------------
def from_tables(tables: Tables) -> Iterator[tuple[int, Record | Failure]]:
    """Rebuild ``(seq, Record | Failure)`` from one part's tables, in ``seq`` order."""
    def rows(name: str) -> list[dict]:
        t = tables.get(name)
        return t.to_pylist() if t is not None else []

    by_seq: dict[str, dict[int, list[dict]]] = {}
    for name in ("entities", "mentions", "quotes", "places", "dates", "events"):
        groups: dict[int, list[dict]] = defaultdict(list)
        for row in rows(name):
            groups[row["seq"]].append(row)
        by_seq[name] = groups

    items: list[tuple[int, Record | Failure]] = []
    for f in rows("failures"):
        items.append((f["seq"], Failure(origin=f["origin"], reason=f["reason"], position=f["position"],
                                        id=f["article_id"])))
    for a in rows("articles"):
        seq = a["seq"]
        mentions: dict[str, list[Mention]] = defaultdict(list)
        for m in by_seq["mentions"].get(seq, ()):
            mentions[m["entity_id"]].append(Mention(start=m["start"], end=m["end"], text=m["text"]))
        entities = [Entity(id=e["entity_id"], name=e["name"], type=e["type"], mentions=mentions.get(e["entity_id"], []),
                           descriptors=json.loads(e["descriptors"]) if e["descriptors"] else [])
                    for e in by_seq["entities"].get(seq, ())]
        quotes = []
        for q in by_seq["quotes"].get(seq, ()):
            speaker = None
            if q["speaker_name"] is not None:
                speaker = Speaker(name=q["speaker_name"], start=q["speaker_start"], end=q["speaker_end"],
                                  text=q["speaker_text"], entity=q["speaker_entity"], kind=q.get("speaker_kind"),
                                  role=q.get("speaker_role"), affiliation=q.get("speaker_affiliation"))
            cue = Cue(start=q["cue_start"], end=q["cue_end"], text=q["cue"]) if q["cue"] is not None else None
            quotes.append(Quote(start=q["start"], end=q["end"], text=q["text"], type=q["type"], speaker=speaker,
                                cue=cue, segments=[tuple(s) for s in json.loads(q["segments"])] if q["segments"] else None,
                                content=q.get("content")))  # (shards written before content have none)
        places = [Place(start=p["start"], end=p["end"], text=p["text"], name=p["name"], geonameid=p["geonameid"],
                        lat=p["lat"], lon=p["lon"], country_code=p["country_code"], feature_class=p["feature_class"],
                        admin1=p["admin1"], kind=p.get("kind")) for p in by_seq["places"].get(seq, ())]
        dates = [DateMention(start=d["start"], end=d["end"], text=d["text"], value=d["value"],
                             granularity=d["granularity"]) for d in by_seq["dates"].get(seq, ())]
        items.append((seq, Record(id=a["id"], text=a["text"], title=a["title"], url=a["url"],
                                  published=a["published"], source=a["source"], author=a["author"],
                                  quotes=quotes, entities=entities, places=places, dates=dates,
                                  events=_events(by_seq["events"].get(seq, ()), quotes),
                                  analysed_with=a["analysed_with"])))
    items.sort(key=lambda x: x[0])
    return iter(items)


def _events(rows: Iterable[dict], quotes: list[Quote]) -> list:
    """A part's event rows as the record's events, in order, each listed back in its quote."""
    events = [event_from_row(r) for r in sorted(rows, key=lambda r: r["event_index"])]
    for i, ev in enumerate(events):
        q = ev.reported_by.quote if ev.reported_by is not None else None
        if q is not None and 0 <= q < len(quotes):
            quotes[q].events = (quotes[q].events or []) + [i]
    return events


# -- files -------------------------------------------------------------------------------------
def write_part(tables: Tables, out_dir: str | Path, part: str) -> None:
    """Write one part (all eight tables, empty ones too, so a part is always complete)."""
    out_dir = Path(out_dir)
    for name in TABLES:
        (out_dir / name).mkdir(parents=True, exist_ok=True)
        t = tables.get(name)
        if t is None:
            t = SCHEMAS[name].empty_table()
        tmp = out_dir / name / f".{part}.parquet.tmp"
        pq.write_table(t, tmp, compression="zstd")
        tmp.replace(out_dir / name / f"{part}.parquet")  # a reader never sees a half-written file


def list_parts(shard_dir: str | Path) -> list[str]:
    d = Path(shard_dir)
    names = {p.stem for t in TABLES if (d / t).is_dir() for p in (d / t).glob("*.parquet")}
    return sorted(names)


def read_part(shard_dir: str | Path, part: str) -> Tables:
    d = Path(shard_dir)
    out: Tables = {}
    for name in TABLES:
        f = d / name / f"{part}.parquet"
        out[name] = pq.read_table(f, schema=SCHEMAS[name]) if f.exists() else SCHEMAS[name].empty_table()
    return out


def tables_to_bytes(tables: Tables) -> dict[str, bytes]:
    """Arrow IPC bytes per table: how a part travels from a Ray actor to the driver."""
    out = {}
    for name, t in tables.items():
        sink = io.BytesIO()
        with pa.ipc.new_stream(sink, t.schema) as w:
            w.write_table(t)
        out[name] = sink.getvalue()
    return out


def tables_from_bytes(blobs: dict[str, bytes]) -> Tables:
    return {name: pa.ipc.open_stream(b).read_all() for name, b in blobs.items()}


# -- into the store ----------------------------------------------------------------------------
@dataclass
class LoadSummary:
    parts: int = 0
    stored: int = 0  # new articles written
    skipped: int = 0  # already in the store (same content), not rewritten
    failures: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: "LoadSummary") -> None:
        self.parts += other.parts
        self.stored += other.stored
        self.skipped += other.skipped
        self.failures += other.failures
        self.errors.extend(other.errors)


def store_tables(conn: sqlite3.Connection, tables: Tables, *, replace: bool = False) -> LoadSummary:
    """Write one part into the store through the idempotent writer."""
    from newsgraph.store.writer import write_failure, write_record

    s = LoadSummary(parts=1)
    for _, item in from_tables(tables):
        if isinstance(item, Failure):
            write_failure(conn, item)
            s.failures += 1
        elif write_record(conn, item, replace=replace):
            s.stored += 1
        else:
            s.skipped += 1
    return s


def load_dir(shard_dir: str | Path, conn: sqlite3.Connection, *, replace: bool = False,
             progress=None) -> LoadSummary:
    """Merge every part under ``shard_dir`` into the store, parts in name order."""
    total = LoadSummary()
    parts = list_parts(shard_dir)
    if not parts:
        raise FileNotFoundError(f"{shard_dir}: no Parquet parts found (expected {shard_dir}/articles/*.parquet, "
                                f"{shard_dir}/failures/*.parquet, ...)")
    for i, part in enumerate(parts, 1):
        try:
            tables = read_part(shard_dir, part)
        except (OSError, pa.ArrowException) as exc:  # one bad part must not stop the rest
            total.errors.append(f"{part}: {exc.__class__.__name__}: {exc}")
            continue
        total.add(store_tables(conn, tables, replace=replace))
        if progress is not None:
            progress(i, len(parts))
    from newsgraph.store.speakers import resolve_speakers

    resolve_speakers(conn)  # as after `ingest`: speakers clustered across the whole archive
    from newsgraph.store.statements import update_statements

    update_statements(conn)  # as after `ingest`: the new articles' copies and statements
    return total
