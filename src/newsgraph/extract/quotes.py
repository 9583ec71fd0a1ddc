"""Quotes: direct, partial and reported speech, with cue and speaker (placeholder)."""
from newsgraph.extract import Context, extractor


@extractor("quotes", needs=("parser", "ner"), produces=("quotes",), order=30)
def extract_quotes(ctx: Context) -> None:
    pass
