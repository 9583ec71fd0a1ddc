"""Entities: canonical actors per article (placeholder)."""
from newsgraph.extract import Context, extractor


@extractor("entities", needs=("ner",), produces=("entities",), order=20)
def extract_entities(ctx: Context) -> None:
    pass
