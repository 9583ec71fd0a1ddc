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
def analyze(pipeline):
    """analyze(text, published=None) -> Record, with the session's pipeline."""
    from newsgraph.record import Article

    def run(text: str, published: str | None = None, id: str = "t"):
        return pipeline.analyze(Article(id=id, text=text, published=published))

    return run
