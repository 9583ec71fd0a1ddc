#!/usr/bin/env python3
"""Proof that a refactoring changed no output: every record's canonical JSON, hashed per document.

Runs the pipeline in-process (``newsgraph.evaluate.predict``, the same path as ``newsgraph eval``)
over the gold corpora, read at run time from ../shared and benchmarks/gold, and hashes each record's
JSON (sorted keys, no spaces) with sha256.

    python benchmarks/identical_output.py --write /work/wt/baseline_rules/BASELINE.json
    python benchmarks/identical_output.py --check /work/wt/baseline_rules/BASELINE.json [--corpora dev,war,seed]

``--write`` also stores the records themselves beside the manifest (``BASELINE.records.jsonl.gz``) so
that ``--check`` can show what differs. ``--check`` prints identical/different counts per corpus and
the first differing ids with a short diff; it exits 1 on any difference (or a document missing from
either side). ``--env KEY=VALUE`` sets an environment variable before the pipeline is imported (e.g.
``--env NEWSGRAPH_QUOTE_GROUPING=split`` to check a non-default mode against a baseline of that mode).
Keep baselines outside the repository.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
if not SHARED.exists():
    SHARED = Path("/work/shared")
SEED = SHARED / "seed" / "000_40988a4c96d5f927"

CORPORA = {
    "dev": SHARED / "eval" / "quotes" / "polnear_dev.jsonl",
    "train": SHARED / "eval" / "quotes" / "polnear_train.jsonl",
    "lgl": SHARED / "eval" / "places" / "lgl.jsonl",
    "trnews": SHARED / "eval" / "places" / "trnews.jsonl",
    "geovirus": SHARED / "eval" / "places" / "geovirus.jsonl",
    "war": ROOT / "benchmarks" / "gold" / "war_reporting.jsonl",
    "seed": SEED.with_suffix(".txt"),
}
FAST = ("dev", "war", "seed")


def load_docs(name: str) -> list[dict]:
    from newsgraph.evaluate import load_jsonl

    if name == "seed":
        return [{"id": SEED.name, "text": SEED.with_suffix(".txt").read_text(encoding="utf-8")}]
    return load_jsonl(CORPORA[name])


def canonical(record: dict) -> str:
    return json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def keyed(docs: list[dict], records: list[dict]) -> dict[str, dict]:
    """Document id -> record; a repeated id gets '#2', '#3', ... in input order."""
    out: dict[str, dict] = {}
    for i, (d, r) in enumerate(zip(docs, records)):
        key = str(d.get("id", i))
        n = 1
        while key in out:
            n += 1
            key = f"{d.get('id', i)}#{n}"
        out[key] = r
    return out


def run(names: list[str]) -> dict[str, dict[str, dict]]:
    from newsgraph.evaluate import predict

    out = {}
    for name in names:
        docs = load_docs(name)
        t0 = time.perf_counter()
        records = predict(docs)
        out[name] = keyed(docs, records)
        print(f"  {name}: {len(docs)} docs in {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
    return out


def digest(record: dict) -> str:
    return hashlib.sha256(canonical(record).encode("utf-8")).hexdigest()


def records_path(manifest: Path) -> Path:
    return manifest.with_name(manifest.stem + ".records.jsonl.gz")


def write(path: Path, results: dict[str, dict[str, dict]]) -> None:
    old = json.loads(path.read_text()) if path.exists() else {"corpora": {}}
    old_records = _read_records(path)
    for name, recs in results.items():
        old["corpora"][name] = {k: digest(r) for k, r in recs.items()}
        old_records[name] = recs
    old["env"] = {k: v for k, v in os.environ.items() if k.startswith("NEWSGRAPH_")}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(old, indent=1, sort_keys=True))
    with gzip.open(records_path(path), "wt", encoding="utf-8") as fh:
        for name, recs in old_records.items():
            for k, r in recs.items():
                fh.write(json.dumps({"corpus": name, "key": k, "record": r}, ensure_ascii=False) + "\n")
    for name, recs in results.items():
        print(f"{name:9s} {len(recs):5d} records written")


def _read_records(path: Path) -> dict[str, dict[str, dict]]:
    out: dict[str, dict[str, dict]] = {}
    rp = records_path(path)
    if rp.exists():
        with gzip.open(rp, "rt", encoding="utf-8") as fh:
            for line in fh:
                x = json.loads(line)
                out.setdefault(x["corpus"], {})[x["key"]] = x["record"]
    return out


def short_diff(a: dict, b: dict, limit: int = 6) -> list[str]:
    """Where two records differ: top-level fields, and list items of quotes/entities/places/dates."""
    lines = []
    for field in sorted(set(a) | set(b)):
        x, y = a.get(field), b.get(field)
        if x == y:
            continue
        if isinstance(x, list) and isinstance(y, list):
            xs, ys = [canonical(v) for v in x], [canonical(v) for v in y]
            gone = [v for v in xs if v not in ys]
            new = [v for v in ys if v not in xs]
            lines.append(f"    {field}: {len(x)} -> {len(y)} items")
            lines += [f"      - {v[:300]}" for v in gone[:limit]]
            lines += [f"      + {v[:300]}" for v in new[:limit]]
            if not gone and not new:
                lines.append("      (same items, different order)")
        else:
            lines.append(f"    {field}: {canonical(x)[:200]} -> {canonical(y)[:200]}")
    return lines


def check(path: Path, results: dict[str, dict[str, dict]], show: int) -> int:
    base = json.loads(path.read_text())
    base_records = _read_records(path)
    bad = 0
    for name, recs in results.items():
        want = base["corpora"].get(name)
        if want is None:
            print(f"{name:9s} not in the baseline")
            bad += 1
            continue
        got = {k: digest(r) for k, r in recs.items()}
        same = [k for k in want if got.get(k) == want[k]]
        diff = [k for k in want if k in got and got[k] != want[k]]
        missing = [k for k in want if k not in got]
        extra = [k for k in got if k not in want]
        print(f"{name:9s} identical {len(same):5d}  different {len(diff):4d}  missing {len(missing)}  extra {len(extra)}")
        for k in diff[:show]:
            print(f"  differs: {k}")
            old = base_records.get(name, {}).get(k)
            if old is not None:
                print("\n".join(short_diff(old, recs[k])))
        for k in (missing + extra)[:show]:
            print(f"  only on one side: {k}")
        bad += len(diff) + len(missing) + len(extra)
    print("IDENTICAL" if not bad else f"DIFFERENT ({bad})")
    return 1 if bad else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--write", type=Path, metavar="BASELINE.json")
    g.add_argument("--check", type=Path, metavar="BASELINE.json")
    ap.add_argument("--corpora", default="all",
                    help=f"comma-separated subset of {','.join(CORPORA)}; 'fast' = {','.join(FAST)}; default all")
    ap.add_argument("--env", action="append", default=[], metavar="KEY=VALUE")
    ap.add_argument("--show", type=int, default=5, help="differing documents to show per corpus")
    args = ap.parse_args()
    for kv in args.env:
        k, _, v = kv.partition("=")
        os.environ[k] = v
    names = list(CORPORA) if args.corpora == "all" else list(FAST) if args.corpora == "fast" else \
        [c.strip() for c in args.corpora.split(",") if c.strip()]
    unknown = [n for n in names if n not in CORPORA]
    if unknown:
        ap.error(f"unknown corpora: {', '.join(unknown)}")
    results = run(names)
    if args.write:
        write(args.write, results)
        return 0
    return check(args.check, results, args.show)


if __name__ == "__main__":
    sys.exit(main())
