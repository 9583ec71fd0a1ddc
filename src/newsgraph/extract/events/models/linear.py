"""The shipped linear models: named feature weights as JSON beside the events package."""
from __future__ import annotations

import functools
import json
import math
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
ACTORS_PATH = HERE / "model_actors.json"
CLASSES_PATH = HERE / "model_classes.json"
LEXICON_PATH = HERE / "model_lexicon.tsv"


class Linear:
    """A multinomial logistic regression stored as named feature weights (one weight per class)."""

    def __init__(self, data: dict):
        self.labels: list[str] = data["labels"]
        self.bias: list[float] = data["bias"]
        self.weights: dict[str, list[float]] = data["weights"]
        self.meta = {k: v for k, v in data.items() if k not in ("weights",)}

    def scores(self, feats: list[str]) -> list[float]:
        """The linear scores, one per label (the weights' columns summed with ``map``: no inner loop)."""
        w = self.weights
        rows = [r for r in map(w.get, feats) if r is not None]
        return [b + sum(col) for b, col in zip(self.bias, zip(*rows))] if rows else list(self.bias)

    def probs(self, feats: list[str]) -> list[float]:
        z = self.scores(feats)
        m = max(z)
        e = [math.exp(x - m) for x in z]
        s = sum(e)
        return [x / s for x in e]

    def sums(self, feats: list[str], start: list[float] | None = None) -> list[float]:
        """The weights of ``feats`` summed per label (no bias), added to ``start`` when given."""
        rows = [r for r in map(self.weights.get, feats) if r is not None]
        if start is not None:
            rows.append(start)
        return [sum(col) for col in zip(*rows)] if rows else [0.0] * len(self.labels)

    def softmax(self, sums: list[float]) -> list[float]:
        """The probabilities of the summed weights ``sums`` with the bias added."""
        z = [b + x for b, x in zip(self.bias, sums)]
        m = max(z)
        e = [math.exp(x - m) for x in z]
        s = sum(e)
        return [x / s for x in e]


@functools.lru_cache(maxsize=4)
def _load(path: str) -> Linear | None:
    p = Path(path)
    if not p.exists():
        return None
    return Linear(json.loads(p.read_text(encoding="utf-8")))


def actor_model() -> Linear | None:
    return _load(str(ACTORS_PATH))


def class_model() -> Linear | None:
    return _load(str(CLASSES_PATH))
