#!/usr/bin/env python3
"""Rebuild the real-reporting places gold (score.py format) from the texts, which are never committed.

``places_offsets.jsonl`` (beside this file) holds, per article, the sha256 of its text and each place's
character offsets, the sha1 of its surface, and its resolution (GeoNames id when the gazetteer has it,
lat/lon and country code; empty coordinates mean recognised only). The texts are real news articles
collected for development (``/work/realdev/texts/<id>.txt``, listed with their URLs in the manifest);
the annotation was made by hand on every text in full (see docs in benchmarks/realdev/README.md).

    python benchmarks/realdev/build_places_gold.py [--texts /work/realdev/texts] [--out /work/realdev/places_gold.jsonl]
    python ../shared/tools/score.py places /work/realdev/places_gold.jsonl PRED.jsonl
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--texts", default="/work/realdev/texts")
    ap.add_argument("--out", default="/work/realdev/places_gold.jsonl")
    args = ap.parse_args()
    texts = Path(args.texts)
    out, bad = [], 0
    for line in (HERE / "places_offsets.jsonl").read_text("utf-8").splitlines():
        row = json.loads(line)
        f = texts / f"{row['id']}.txt"
        if not f.exists():
            print(f"missing text: {row['id']}", file=sys.stderr)
            bad += 1
            continue
        text = f.read_text("utf-8")
        if hashlib.sha256(text.encode()).hexdigest() != row["sha256"]:
            print(f"text changed since annotation: {row['id']}", file=sys.stderr)
            bad += 1
            continue
        places = []
        for p in row["places"]:
            surface = text[p["start"]:p["end"]]
            assert hashlib.sha1(surface.encode()).hexdigest()[:12] == p["surface_sha1"], (row["id"], p)
            places.append({"start": p["start"], "end": p["end"], "text": surface, "geonameid": p["geonameid"],
                           "lat": p["lat"], "lon": p["lon"], "country_code": p["country_code"]})
        out.append({"id": row["id"], "text": text, "places": places})
    Path(args.out).write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in out), "utf-8")
    print(f"{len(out)} articles, {sum(len(d['places']) for d in out)} places -> {args.out}", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
