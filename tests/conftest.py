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
    """The pipeline with partial_quotes=clause: a mixed quote keeps the reported clause around its
    quoted words (PolNeAR's convention). The quote-rule tests pin that clause, which the rules find in
    either mode; in the default mode (words) it is then cut to the quoted words."""
    from newsgraph.pipeline import Pipeline

    return Pipeline(pipeline.settings.replace(partial_quotes="clause"))
