"""newsgraph: who said what, about whom, where and when — from news text, offline.

    >>> import newsgraph
    >>> rec = newsgraph.analyze('"We will hold," the mayor said.', published="2024-04-12")
    >>> rec.quotes[0].speaker.text
    'the mayor'
"""
from __future__ import annotations

__version__ = "0.2.0"

from typing import TYPE_CHECKING, Iterable, Iterator

if TYPE_CHECKING:  # keep `import newsgraph` cheap: spaCy loads on first use
    from newsgraph.record import Article, Failure, Record


def analyze(text: str, *, published: str | None = None, title: str | None = None,
            id: str | None = None, url: str | None = None) -> "Record":
    """Analyse one article's text into a Record (quotes, entities, places, dates)."""
    from newsgraph.pipeline import default_pipeline
    from newsgraph.record import Article

    return default_pipeline().analyze(Article(id=id or "doc", text=text, title=title,
                                              published=published, url=url))


def analyze_many(articles: "Iterable[Article]", batch_size: int = 16) -> "Iterator[Record | Failure]":
    """Stream Articles through the pipeline; yields a Record or a Failure per article, in order."""
    from newsgraph.pipeline import default_pipeline

    return default_pipeline().analyze_many(articles, batch_size=batch_size)


__all__ = ["analyze", "analyze_many", "__version__"]
