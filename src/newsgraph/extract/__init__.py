"""Extractors: each turns a parsed article into one part of the Record.

An extractor is registered with what it needs from spaCy and what it fills in, like a spaCy
component declares ``requires``/``assigns``. The pipeline runs them in registration ``order``
and skips the spaCy components nobody needs.

    @extractor("dates", needs=(), produces=("dates",), order=40)
    def extract_dates(ctx: Context) -> None: ...
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from spacy.tokens import Doc

from newsgraph.record import Record


@dataclass
class Context:
    """What extractors share for one article."""

    record: Record  # being filled in; record.text is the original text
    doc: Doc  # parsed from the normalised text (same length, same offsets)
    norm: str  # the normalised text (see nlp.normalise)
    scratch: dict[str, Any] = field(default_factory=dict)  # hand-over between extractors


@dataclass
class Extractor:
    name: str
    fn: Callable[[Context], None]
    needs: tuple[str, ...]  # spaCy component names, e.g. ("parser", "ner")
    produces: tuple[str, ...]
    order: int


REGISTRY: dict[str, Extractor] = {}


def extractor(name: str, *, needs: tuple[str, ...] = (), produces: tuple[str, ...] = (),
              order: int = 50) -> Callable[[Callable[[Context], None]], Callable[[Context], None]]:
    def register(fn: Callable[[Context], None]) -> Callable[[Context], None]:
        REGISTRY[name] = Extractor(name, fn, tuple(needs), tuple(produces), order)
        return fn
    return register


def load_all() -> list[Extractor]:
    """Import the extractor modules (which register themselves) and return them in order."""
    from newsgraph.extract import attribution, dates, entities, places, quotes  # noqa: F401

    return sorted(REGISTRY.values(), key=lambda e: e.order)
