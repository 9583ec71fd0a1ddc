"""Article(s) -> Record(s): parse with spaCy, then run the registered extractors in order.

One ``Pipeline`` per process: it loads the model and the extractors once and is reused for every
article. ``analyze_many`` streams (spaCy's ``nlp.pipe``) for throughput, and never lets one bad
article end the batch: it yields a ``Failure`` for it and goes on.
"""
from __future__ import annotations

import itertools
import re
from typing import Callable, Iterable, Iterator

import numpy
from spacy.tokens import Doc

from newsgraph.extract import Context, Extractor, select
from newsgraph.nlp import Annotator, load_model, meta_identity, normalise
from newsgraph.record import Article, Failure, Record, text_problem
from newsgraph.settings import Settings

# spaCy's own default limit; longer texts are refused with a clear reason instead of exhausting memory
# (the setting max_chars).
DEFAULT_MAX_CHARS = 1_000_000
# Texts longer than this are parsed in paragraph-aligned chunks and joined (bounded parser memory),
CHUNK_CHARS = 50_000
# chunks of about this size (smaller chunks, smaller parser working memory).
CHUNK_PIECE_CHARS = 20_000
# The parser's working memory grows with the characters in one nlp.pipe call (~3 MB per 1,000 chars,
# measured with en_core_web_sm): one call gets at most this many (or one text).
PARSE_BATCH_CHARS = 100_000

# What a spaCy component needs to run (en_core_web_* layout).
_COMPONENT_NEEDS = {"tagger": {"tok2vec"}, "parser": {"tok2vec"}, "lemmatizer": {"tagger", "attribute_ruler"},
                    "attribute_ruler": {"tagger"}, "senter": set(), "ner": set()}


# Components of the en_core_web_* pipelines that no step runs unless an extractor asks for them (the
# sentence recogniser stays: a model without a parser needs it).
_NEVER_RUN = frozenset({"lemmatizer"})


def _closure(names: set[str]) -> set[str]:
    out, todo = set(), list(names)
    while todo:
        n = todo.pop()
        if n not in out:
            out.add(n)
            todo.extend(_COMPONENT_NEEDS.get(n, ()))
    return out


def _chunks(text: str, size: int) -> list[str]:
    """Split at newlines into pieces of about ``size`` chars; ''.join(pieces) == text."""
    pieces, start = [], 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            nl = text.rfind("\n", start + size // 2, end)
            if nl == -1:
                m = re.compile(r"\s").search(text, end)
                nl = m.start() if m else len(text) - 1
            end = nl + 1
        pieces.append(text[start:end])
        start = end
    return pieces


class Pipeline:
    # told each stage of the work on an article ("parsing part 3 of 40", then each extractor's name):
    # `newsgraph analyze` prints them when one article takes long
    progress: Callable[[str], None] | None = None

    def __init__(self, settings: Settings | None = None, *, extractors: Iterable[str] | None = None):
        """The model and the extractors, loaded once, configured by ``settings`` (default: from the
        environment, ``Settings.resolve()``); ``extractors`` picks some by name (with what they need)."""
        self.settings = settings if settings is not None else Settings.resolve()
        self.extractors: list[Extractor] = select(extractors)
        needed = _closure({n for e in self.extractors for n in e.needs})
        # Components that never run are not loaded (faster start, less memory): the lemmatizer, unless an
        # extractor needs it (extractors read word forms; neither annotator mode runs it otherwise).
        self.nlp = load_model(self.settings.model, exclude=tuple(sorted(_NEVER_RUN - needed)))
        self.annotator = Annotator(self.nlp, needed=needed, fast=self.settings.fast)
        self.analysed_with = self.settings.analysed_with(meta_identity(self.nlp.meta))

    @property
    def max_chars(self) -> int:
        return self.settings.max_chars

    # -- public API -------------------------------------------------------------------------------
    def analyze(self, article: Article) -> Record:
        """Analyse one article; raises ValueError on input that cannot be analysed."""
        result = next(self.analyze_many([article]))
        if isinstance(result, Failure):
            raise ValueError(result.reason)
        return result

    def analyze_many(self, articles: Iterable[Article | Failure], batch_size: int = 16) -> Iterator[Record | Failure]:
        """Yield one Record or Failure per item, in input order (Failures from a reader pass through)."""
        it = iter(articles)
        while True:
            batch = list(itertools.islice(it, batch_size))
            if not batch:
                return
            yield from self._run_batch(batch)

    # -- internals --------------------------------------------------------------------------------
    def _problem(self, a: Article | Failure) -> str | None:
        if isinstance(a, Failure):
            return a.reason
        return text_problem(a.text, self.max_chars)

    def _parse(self, texts: list[str]) -> Iterator[Doc]:
        """Parse normalised texts; long ones in chunks joined back into one Doc."""
        short = [t for t in texts if len(t) <= CHUNK_CHARS]
        short_docs = self._pipe_bounded(short)
        for t in texts:
            if len(t) <= CHUNK_CHARS:
                yield next(short_docs)
            else:
                # Each chunk's tok2vec tensor is dropped: no extractor reads it, and it is ~400 bytes a token.
                parts = []
                pieces = _chunks(t, min(CHUNK_CHARS, CHUNK_PIECE_CHARS))
                for i, d in enumerate(self._pipe_bounded(pieces), 1):
                    d.tensor = numpy.zeros((0,), dtype="float32")
                    parts.append(d)
                    self._say(f"parsed part {i} of {len(pieces)}")
                yield Doc.from_docs(parts, ensure_whitespace=False, exclude=["tensor"])

    def _pipe_bounded(self, texts: list[str]) -> Iterator[Doc]:
        """annotator.pipe over groups of at most PARSE_BATCH_CHARS characters (bounded parser memory)."""
        group: list[str] = []
        size = 0
        for t in texts:
            if group and size + len(t) > PARSE_BATCH_CHARS:
                yield from self.annotator.pipe(group, batch_size=len(group))
                group, size = [], 0
            group.append(t)
            size += len(t)
        if group:
            yield from self.annotator.pipe(group, batch_size=len(group))

    def _run_batch(self, batch: list[Article | Failure]) -> Iterator[Record | Failure]:
        problems = [self._problem(a) for a in batch]
        good = [a for a, p in zip(batch, problems) if p is None]
        norms = [normalise(a.text) for a in good]
        try:
            docs = iter(list(self._parse(norms)))
        except Exception as exc:  # a parser crash on one text: retry one by one to isolate it
            if len(good) > 1:
                for a in batch:
                    yield from self._run_batch([a])
                return
            docs = None
            # Only the one good article failed; the reader Failures and refused ones keep their place.
            problems = [p if p is not None or isinstance(a, Failure) else
                        f"parsing failed: {exc.__class__.__name__}: {exc}" for a, p in zip(batch, problems)]
        gi = 0
        for a, problem in zip(batch, problems):
            if isinstance(a, Failure):
                yield a
                continue
            if problem is not None:
                yield Failure(origin=a.source or a.id, reason=problem, id=a.id)
                continue
            doc, norm = next(docs), norms[gi]
            gi += 1
            yield self._extract(a, doc, norm)

    def _say(self, stage: str) -> None:
        if self.progress is not None:
            self.progress(stage)

    def _extract(self, article: Article, doc: Doc, norm: str) -> Record | Failure:
        record = Record.for_article(article)
        record.analysed_with = self.analysed_with
        ctx = Context(record=record, doc=doc, norm=norm, settings=self.settings)
        for ex in self.extractors:
            self._say(ex.name)
            try:
                ex.fn(ctx)
            except Exception as exc:  # one extractor's bug must not lose the article
                return Failure(origin=article.source or article.id, id=article.id,
                               reason=f"extractor {ex.name!r} failed: {exc.__class__.__name__}: {exc}")
        return record


_DEFAULT: Pipeline | None = None


def default_pipeline(settings: Settings | None = None) -> Pipeline:
    """The process's pipeline; built again only when ``settings`` change what it loads or outputs."""
    global _DEFAULT
    settings = settings if settings is not None else Settings.resolve()
    if _DEFAULT is None or _DEFAULT.settings.output_settings() != settings.output_settings():
        _DEFAULT = Pipeline(settings)
    elif _DEFAULT.settings != settings:  # only limits differ: same model, same extractors
        _DEFAULT.settings = settings
    return _DEFAULT
