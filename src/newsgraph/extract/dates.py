"""Dates: temporal expressions normalised against the publication date (placeholder)."""
from newsgraph.extract import Context, extractor


@extractor("dates", needs=(), produces=("dates",), order=40)
def extract_dates(ctx: Context) -> None:
    pass
