"""Extractors: each turns a parsed article into one part of the Record.

An extractor declares, like a spaCy component, what it needs and what it adds:

- ``needs``: the spaCy components it reads (the pipeline skips the ones nobody needs);
- ``requires``: the Record fields (``places``, ``entities``, …) and hand-over fields of the
  ``Context`` (``quoted``, ``coref``, …) it reads, which other extractors must have filled in;
- ``produces``: the Record fields and hand-over fields it fills in;
- ``refines``: fields another extractor produces that it reads and rewrites in place (the
  attribution pass settles the names behind the quotes the quote extractor found): it runs after
  their producer, and before every extractor that requires them.

The pipeline derives the run order from these declarations (an extractor runs after every one that
produces what it requires), and a selection that leaves a requirement unmet, or names an extractor
that does not exist, is an error saying what is missing.

    @extractor("quotes", needs=("parser", "ner"), requires=("entities", "quoted", "coref"),
               produces=("quotes",))
    def extract_quotes(ctx: Context) -> None: ...

A new extractor is a module in this package with one such function, imported in ``load_all``.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Callable, Iterable

from spacy.tokens import Doc

from newsgraph.record import Record
from newsgraph.settings import Settings

if TYPE_CHECKING:
    from newsgraph.extract.quotemarks import Quoted
    from newsgraph.extract.speakers import Coref


@dataclass
class Context:
    """What extractors share for one article."""

    record: Record  # being filled in; record.text is the original text
    doc: Doc  # parsed from the normalised text (same length, same offsets)
    norm: str  # the normalised text (see nlp.normalise)
    # the run's settings (newsgraph.settings): the only place an extractor reads one
    settings: Settings = field(default_factory=Settings)
    # Hand-over fields: each is filled in by the extractor that declares it in ``produces`` and read
    # only by extractors that declare it in ``requires``.
    quoted: list[Quoted] | None = None  # the quotation-marked stretches of the text
    coref: Coref | None = None  # named mentions and pronouns, by token, for naming speakers
    demonym_spans: frozenset[tuple[int, int]] | None = None  # a people's adjectives ('Ukrainian'), not places


CORE = frozenset({"record", "doc", "norm", "settings"})
HANDOVER = frozenset(f.name for f in fields(Context)) - CORE
RECORD_FIELDS = frozenset({"quotes", "entities", "places", "dates", "events"})  # what extractors fill in a Record


@dataclass(frozen=True)
class Extractor:
    name: str
    fn: Callable[[Context], None]
    needs: tuple[str, ...]  # spaCy component names, e.g. ("parser", "ner")
    requires: tuple[str, ...]  # Record and hand-over fields it reads
    produces: tuple[str, ...]  # Record and hand-over fields it fills in
    refines: tuple[str, ...] = ()  # fields another produces that it rewrites in place


REGISTRY: dict[str, Extractor] = {}


def extractor(name: str, *, needs: tuple[str, ...] = (), requires: tuple[str, ...] = (),
              produces: tuple[str, ...] = (), refines: tuple[str, ...] = ()
              ) -> Callable[[Callable[[Context], None]], Callable[[Context], None]]:
    known = HANDOVER | RECORD_FIELDS
    bad = [f for f in (*requires, *produces, *refines) if f not in known]
    if bad:
        raise ValueError(f"extractor {name!r}: unknown field(s) {bad}; Record fields {sorted(RECORD_FIELDS)}, "
                         f"Context hand-over fields {sorted(HANDOVER)} (add a field to Context first)")

    def register(fn: Callable[[Context], None]) -> Callable[[Context], None]:
        REGISTRY[name] = Extractor(name, fn, tuple(needs), tuple(requires), tuple(produces), tuple(refines))
        return fn
    return register


def load_all() -> list[Extractor]:
    """Import the extractor modules (which register themselves) and return them in run order."""
    from newsgraph.extract import attribution, dates, entities, places, quotes  # noqa: F401
    from newsgraph.extract import events  # noqa: F401

    return run_order(list(REGISTRY.values()))


def run_order(extractors: list[Extractor]) -> list[Extractor]:
    """Each extractor after those producing what it requires; otherwise by name (deterministic).
    Raises ValueError when a requirement is produced by none of them, or in a cycle."""
    producer: dict[str, str] = {}
    for e in extractors:
        for f in e.produces:
            if f in producer:
                raise ValueError(f"both {producer[f]!r} and {e.name!r} produce {f!r}")
            producer[f] = e.name
    refiners: dict[str, list[str]] = {}
    for e in sorted(extractors, key=lambda e: e.name):
        for f in e.refines:
            refiners.setdefault(f, []).append(e.name)
    missing = {e.name: [f for f in (*e.requires, *e.refines) if f not in producer] for e in extractors}
    missing = {n: fs for n, fs in missing.items() if fs}
    if missing:
        every = {f: e.name for e in REGISTRY.values() for f in e.produces}
        why = "; ".join(f"{n!r} requires {', '.join(repr(f) for f in fs)}, produced by "
                        + ", ".join(sorted({repr(every.get(f, '(none)')) for f in fs}))
                        for n, fs in sorted(missing.items()))
        raise ValueError(f"incomplete selection of extractors: {why}: select those too")
    after: dict[str, set[str]] = {}
    for e in extractors:
        deps = {producer[f] for f in (*e.requires, *e.refines)}
        for f in e.requires:  # a field is read once every refiner has rewritten it
            deps.update(r for r in refiners.get(f, ()) if r != e.name)
        for f in e.refines:  # refiners of one field take turns, by name
            chain = refiners[f]
            deps.update(chain[:chain.index(e.name)])
        after[e.name] = deps - {e.name}
    by_name = {e.name: e for e in extractors}
    out: list[Extractor] = []
    while after:
        ready = sorted(n for n, deps in after.items() if not deps)
        if not ready:
            raise ValueError(f"extractors require each other in a cycle: {sorted(after)}")
        for n in ready:
            out.append(by_name[n])
            del after[n]
        for deps in after.values():
            deps.difference_update(ready)
    return out


def select(names: Iterable[str] | None = None) -> list[Extractor]:
    """The extractors called ``names`` (all when None), in run order. An unknown name, or a selection
    without an extractor that a selected one requires, is an error that says what is missing."""
    every = load_all()
    if names is None:
        return every
    wanted = list(dict.fromkeys(names))
    unknown = [n for n in wanted if n not in REGISTRY]
    if unknown:
        raise ValueError(f"unknown extractor(s) {', '.join(map(repr, unknown))}; "
                         f"extractors: {', '.join(e.name for e in every)}")
    return run_order([REGISTRY[n] for n in wanted])
