"""Export the store for other tools: quotes, places, speakers, articles or events as JSONL, CSV,
Parquet, or (places, events) GeoJSON. Events carry ACLED's column names where they apply (event_date,
event_type, sub_event_type, actor1, actor2, location, latitude, longitude, fatalities, notes, source).

    newsgraph export --what places --format geojson -o places.geojson   # QGIS, geojson.io, kepler.gl
    newsgraph export --what quotes --format parquet -o quotes.parquet   # pandas, DuckDB, polars

Rows are the same dicts the query functions return (store/queries.py): ``places`` is one row per
place (GeoNames id) with mention and article counts, ``speakers`` one row per archive-wide speaker.
List fields (aliases, roles, spellings) stay lists in JSONL/Parquet/GeoJSON and are joined with
"; " in CSV; a CSV cell that a spreadsheet would run as a formula (it starts with =, +, -, @, a tab
or a carriage return) gets a leading ' (newsgraph.inert.for_csv). A file is written to a temporary name and renamed when complete, so a failed export
never leaves half a file behind; ``-o -`` writes text formats to stdout.
"""
from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import sys
from pathlib import Path
from typing import Any, Iterator

from newsgraph.inert import for_csv
from newsgraph.store import queries

WHAT = ("quotes", "places", "speakers", "articles", "events", "statements")
FORMATS = ("jsonl", "csv", "parquet", "geojson")


class ExportError(ValueError):
    pass


def rows(conn: sqlite3.Connection, what: str) -> Iterator[dict[str, Any]]:
    """Every row of one kind, in a stable order, streamed in pages."""
    page = 5000
    if what == "quotes":
        def fetch(off: int) -> list[dict[str, Any]]:
            # ``content`` (the quoted words without the narration) rides along; the offsets of its
            # pieces stay in the record export (``segments``), not in this flat table
            return [{k: v for k, v in r.items() if k != "segments"}
                    for r in queries.find_quotes(conn, queries.QuoteFilter(limit=page, offset=off))]
    elif what == "places":
        fetch = lambda off: queries.list_places(conn, limit=page, offset=off)  # noqa: E731
    elif what == "speakers":
        fetch = lambda off: queries.list_speakers(conn, limit=page, offset=off)  # noqa: E731  (quoted speakers only, as `newsgraph speakers`)
    elif what == "articles":
        fetch = lambda off: queries.export_articles(conn, page, off)  # noqa: E731
    elif what == "events":  # ACLED's column names where they apply (store/events.py: acled_row)
        from newsgraph.store.events import EventFilter, acled_row, find_events

        fetch = lambda off: [acled_row(e) for e in find_events(conn, EventFilter(limit=page, offset=off))]  # noqa: E731
    elif what == "statements":  # the API's items (issue 19): speaker, outlets, articles, independent reports
        from newsgraph.store.statement_queries import StatementFilter, list_statements

        fetch = lambda off: list_statements(conn, StatementFilter(limit=page, offset=off))[1]  # noqa: E731
    else:
        raise ExportError(f"unknown --what {what!r}; choose one of: {', '.join(WHAT)}")
    off = 0
    while True:
        batch = fetch(off)
        yield from batch
        if len(batch) < page:
            return
        off += page


def _geojson(items: Iterator[dict[str, Any]]) -> tuple[dict[str, Any], int]:
    features, n = [], 0
    for p in items:
        lat, lon = p.get("lat", p.get("latitude")), p.get("lon", p.get("longitude"))  # (events: ACLED's names)
        if lat is None or lon is None:
            continue  # unresolved names have no point to draw
        props = {k: v for k, v in p.items() if k not in ("lat", "lon", "latitude", "longitude")}
        features.append({"type": "Feature",
                         "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
                         "properties": props})
        n += 1
    return {"type": "FeatureCollection", "features": features}, n


def _flat(v: Any) -> Any:
    if isinstance(v, (list, tuple)):
        return "; ".join(str(x) for x in v)
    if isinstance(v, dict):
        return json.dumps(v, ensure_ascii=False)
    return v


def export(conn: sqlite3.Connection, what: str, fmt: str, path: str | Path) -> int:
    """Write every ``what`` row to ``path`` in ``fmt``; returns the number of rows (features) written."""
    if what not in WHAT:
        raise ExportError(f"unknown --what {what!r}; choose one of: {', '.join(WHAT)}")
    if fmt not in FORMATS:
        raise ExportError(f"unknown --format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    if fmt == "geojson" and what not in ("places", "events"):
        raise ExportError("GeoJSON holds points on a map: use it with --what places or --what events")
    to_stdout = str(path) == "-"
    if to_stdout and fmt == "parquet":
        raise ExportError("Parquet is binary: give a file name with -o PATH")
    items = rows(conn, what)
    if to_stdout:
        return _write(items, fmt, sys.stdout)
    path = Path(path)
    if path.parent and not path.parent.exists():
        raise ExportError(f"{path}: folder {path.parent} does not exist")
    tmp = path.with_name(f".{path.name}.partial")
    try:
        if fmt == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            data = list(items)
            table = pa.Table.from_pylist(data) if data else pa.table({})
            pq.write_table(table, tmp)
            n = len(data)
        else:
            with open(tmp, "w", encoding="utf-8", newline="") as fh:
                n = _write(items, fmt, fh)
        os.replace(tmp, path)
    except OSError as exc:
        raise ExportError(f"{path}: cannot write ({exc.strerror or exc})") from exc
    finally:
        if tmp.exists():
            tmp.unlink()
    return n


def _write(items: Iterator[dict[str, Any]], fmt: str, fh: io.TextIOBase) -> int:
    n = 0
    if fmt == "jsonl":
        for r in items:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
            n += 1
    elif fmt == "csv":
        writer = None
        for r in items:
            if writer is None:
                writer = csv.DictWriter(fh, fieldnames=list(r))
                writer.writeheader()
            writer.writerow({k: for_csv(_flat(v)) for k, v in r.items()})  # no cell runs as a formula
            n += 1
    elif fmt == "geojson":
        doc, n = _geojson(items)
        json.dump(doc, fh, ensure_ascii=False)
        fh.write("\n")
    return n
