#!/usr/bin/env python3
"""Run the event models (newsgraph.extract.events.models) over the shared event gold files and score
them with the reference scorer (../shared/tools/score_events.py).

One event per gold line: the line's longest sentence, its ``main_trigger``, ``find_actors``,
``pentaclass`` and ``plover_type``. Predictions go to /tmp (never into the repository), in the PRED
format the scorer reads: {"id", "events": [{"start","end","trigger","source","target","pentaclass","plover"}]}.

    python benchmarks/score_event_models.py [multicoped_test.jsonl plover_gsr.jsonl ...]
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import event_gold_docs  # noqa: E402

SCORER = Path(os.environ.get("EVENT_SCORER", "/work/shared/tools/score_events.py"))


def predict(gold, docs):
    from newsgraph.extract.events import models as m

    out = []
    for g, doc in zip(gold, docs):
        sent = max(doc.sents, key=len) if len(doc) else None
        trig = m.main_trigger(sent) if sent is not None else None
        events = []
        if trig is not None:
            src, tgt = m.find_actors(doc, sent, trig)

            def part(span):
                return {"start": span[0], "end": span[1], "text": doc.text[span[0]:span[1]]} if span else None

            events.append({"start": sent.start_char, "end": sent.end_char,
                           "trigger": {"start": trig.idx, "end": trig.idx + len(trig), "text": trig.text},
                           "source": part(src), "target": part(tgt),
                           "pentaclass": m.pentaclass(sent, trig), "plover": m.plover_type(sent, trig)})
        out.append({"id": g["id"], "events": events})
    return out


def main(argv: list[str]) -> int:
    names = argv or ["multicoped_test.jsonl", "plover_gsr.jsonl"]
    for name in names:
        gold, docs = event_gold_docs.parsed(name)
        preds = predict(gold, docs)
        fd, path = tempfile.mkstemp(prefix="event_models_", suffix=".jsonl")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            for p in preds:
                fh.write(json.dumps(p) + "\n")
        print(f"== {name} (predictions: {path})", flush=True)
        subprocess.run([sys.executable, str(SCORER), str(event_gold_docs.GOLD_DIR / name), path], check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
