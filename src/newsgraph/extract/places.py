"""Places: toponyms recognised and resolved against the offline gazetteer (placeholder)."""
from newsgraph.extract import Context, extractor


@extractor("places", needs=("ner",), produces=("places",), order=10)
def extract_places(ctx: Context) -> None:
    pass
