"""The trained scorer that decides whether a gazetteer match in the text is a place mention.

The places extractor finds candidates itself (every capitalised or dateline span the gazetteer knows,
whatever the NER model called it) and describes each with named features: the model's label and how
its entity lines up with the span, the hand-written rules' verdict, cue words before and after, the
gazetteer's namesakes (kind, population, how many), person and organisation patterns, and the
article's context (other mentions of the name, whether its country is the article's). A logistic
regression over those features, trained on the train part of LGL, TR-News and GeoVirus
(``benchmarks/train_place_scorer.py``; the split is by document id, see ``benchmarks/places_dev.py``),
turns them into a probability: at or above ``hi`` the name is a place, between ``lo`` and ``hi`` it
is one only next to the article's other places, below ``lo`` it is not.

The weights ship as ``place_scorer.json`` beside this file (names, weights, bias, thresholds and the
figures it was trained and checked on); scikit-learn is needed only to train it, never to run it.
The setting ``place_scorer`` (false) switches the scorer off (the rules' verdicts alone), for measurement.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

_PATH = Path(__file__).with_name("place_scorer.json")


@dataclass(frozen=True)
class Scorer:
    names: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float
    hi: float
    lo: float

    def prob(self, feats: dict[str, float]) -> float:
        z = self.bias
        for n, w in zip(self.names, self.weights):
            v = feats.get(n)
            if v:
                z += w * v
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def verdict(self, feats: dict[str, float]) -> bool | None:
        """True (a place), None (a place only near the article's other places) or False."""
        p = self.prob(feats)
        return True if p >= self.hi else (None if p >= self.lo else False)


_LOADED: list = []


def get_scorer(path: Path | None = None, *, enabled: bool = True) -> Scorer | None:
    """The shipped scorer (None when switched off, the setting place_scorer, or when no weights file ships)."""
    if not enabled:
        return None
    if path is not None:
        return load(path)
    if not _LOADED:
        _LOADED.append(load(_PATH) if _PATH.exists() else None)
    return _LOADED[0]


def load(path: Path) -> Scorer:
    d = json.loads(Path(path).read_text("utf-8"))
    return Scorer(names=tuple(d["features"]), weights=tuple(float(w) for w in d["weights"]),
                  bias=float(d["bias"]), hi=float(d["hi"]), lo=float(d["lo"]))
