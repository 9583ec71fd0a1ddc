"""Parse the shared event gold files (../shared/eval/events/) the way `analyze` parses text.

The gold texts are read at run time and never copied into the repository; the parsed Docs are cached
under /tmp (or $EVENT_DOC_CACHE) as spaCy DocBins so the training and scoring scripts do not re-parse.
The parse is the production one: newsgraph.nlp.normalise, then the fast Annotator (tagger + parser,
POS from the tag map, no lemmatizer, NER in windows around proper nouns).
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from spacy.tokens import DocBin

GOLD_DIR = Path(os.environ.get("EVENT_GOLD_DIR", "/work/shared/eval/events"))
CACHE = Path(os.environ.get("EVENT_DOC_CACHE", "/tmp/newsgraph_event_docs"))


def load_gold(name: str) -> list[dict]:
    path = GOLD_DIR / name if not Path(name).exists() else Path(name)
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def parsed(name: str) -> tuple[list[dict], list]:
    """(gold lines, Docs) for a gold file, parsing once and caching."""
    from newsgraph.nlp import Annotator, load_model, normalise

    gold = load_gold(name)
    nlp = load_model()
    CACHE.mkdir(parents=True, exist_ok=True)
    cache = CACHE / (Path(name).stem + ".spacy")
    if cache.exists():
        docs = list(DocBin().from_bytes(cache.read_bytes()).get_docs(nlp.vocab))
        if len(docs) == len(gold) and all(d.text == normalise(g["text"]) for d, g in zip(docs, gold)):
            return gold, docs
    ann = Annotator(nlp, needed={"tok2vec", "tagger", "parser", "ner"}, fast=True)
    docs = ann.pipe([normalise(g["text"]) for g in gold], batch_size=64)
    db = DocBin(attrs=["ORTH", "TAG", "POS", "DEP", "HEAD", "ENT_IOB", "ENT_TYPE", "SENT_START"], store_user_data=False)
    for d in docs:
        db.add(d)
    cache.write_bytes(db.to_bytes())
    return gold, docs
