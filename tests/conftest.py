"""Shared fixtures. The spaCy pipeline is loaded once per test session."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def pipeline():
    from newsgraph.pipeline import default_pipeline

    return default_pipeline()


@pytest.fixture(scope="session")
def first_sentence(pipeline):
    """first_sentence(text) -> the first sentence (a spaCy Span) of the normalised text, parsed by the
    session's pipeline (the event rule tests read one sentence's parse)."""
    from newsgraph.nlp import normalise

    def run(text: str):
        doc = pipeline.annotator.pipe([normalise(text)])[0]
        return next(doc.sents)

    return run


@pytest.fixture
def analyze(request, pipeline):
    """analyze(text, published=None) -> Record, with the session's pipeline; in a test module that
    sets ``PARTIAL_QUOTES = "clause"``, with the clause pipeline (see ``clause_pipeline``)."""
    from newsgraph.record import Article

    if getattr(request.module, "PARTIAL_QUOTES", None) == "clause":
        pipeline = request.getfixturevalue("clause_pipeline")

    def run(text: str, published: str | None = None, id: str = "t"):
        return pipeline.analyze(Article(id=id, text=text, published=published))

    return run


@pytest.fixture(scope="session")
def clause_pipeline(pipeline):
    """The pipeline in PolNeAR's convention: partial_quotes=clause (a mixed quote keeps the reported
    clause around its quoted words) and attributions=all (the object of an act or a stance counts
    too). The quote-rule tests pin those contents, which the rules find in either mode; in the default
    mode (words, speech) a mixed quote is then cut to its quoted words and an act's object dropped."""
    from newsgraph.pipeline import Pipeline

    return Pipeline(pipeline.settings.replace(partial_quotes="clause", attributions="all"))
