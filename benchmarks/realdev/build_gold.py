#!/usr/bin/env python3
"""Rebuild the real-reporting dev set's full gold (score.py format) from locally held article texts.

The repository holds only offsets and labels (annotations.jsonl); the articles are other people's
work and are never committed. Re-collect each text (README.md: URL and search query per article),
save it as TEXTS/<id>.txt (UTF-8, exactly as collected), then:

    python benchmarks/realdev/build_gold.py --texts /work/realdev/texts -o realdev_gold.jsonl
    python ../shared/tools/score.py quotes realdev_gold.jsonl PRED.jsonl

Every text is checked against its recorded sha256 and every span against its recorded hash; a
missing or changed text is named on stderr and left out of the output (exit status 1), so a partial
set is never mistaken for the whole one.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _sha(s: str) -> str:
    return hashlib.sha256(s.encode("utf-8")).hexdigest()


def rebuild(ann: dict, text: str) -> dict:
    """One gold document from its annotation record and its text; raises ValueError on any mismatch."""
    if _sha(text) != ann["sha256"]:
        raise ValueError(f"text changed (sha256 {_sha(text)[:12]}…, expected {ann['sha256'][:12]}…)")
    quotes = []
    for i, q in enumerate(ann["quotes"]):
        span = text[q["start"]:q["end"]]
        if _sha(span)[:12] != q["span_sha"]:
            raise ValueError(f"quote {i} span hash differs")
        cue = text[q["cue_start"]:q["cue_end"]] if q.get("cue_start") is not None else None
        quotes.append({"type": q["type"], "start": q["start"], "end": q["end"], "text": span,
                       "speaker": q["speaker"], "speaker_start": q["speaker_start"],
                       "speaker_end": q["speaker_end"], "cue": cue, "cue_start": q.get("cue_start"),
                       "cue_end": q.get("cue_end")})
    return {"id": ann["id"], "url": ann["url"], "outlet": ann["outlet"], "text": text, "quotes": quotes,
            "places": ann.get("places", [])}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--texts", required=True, help="folder holding <id>.txt for each article")
    ap.add_argument("-o", "--out", required=True, help="gold JSONL to write (score.py format)")
    ap.add_argument("--annotations", default=str(HERE / "annotations.jsonl"))
    a = ap.parse_args(argv)
    texts = Path(a.texts)
    anns = [json.loads(line) for line in Path(a.annotations).read_text(encoding="utf-8").splitlines() if line.strip()]
    out, problems = [], []
    for ann in anns:
        path = texts / f"{ann['id']}.txt"
        if not path.exists():
            problems.append(f"{ann['id']}: missing ({path}); collect it from {ann['url']}")
            continue
        try:
            out.append(rebuild(ann, path.read_bytes().decode("utf-8")))
        except (ValueError, UnicodeDecodeError) as e:
            problems.append(f"{ann['id']}: {e}; re-collect it from {ann['url']}")
    with open(a.out, "w", encoding="utf-8") as f:
        for d in out:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    n_q = sum(len(d["quotes"]) for d in out)
    print(f"wrote {len(out)}/{len(anns)} documents, {n_q} quotes to {a.out}", file=sys.stderr)
    for p in problems:
        print("  " + p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
