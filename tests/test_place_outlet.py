"""The outlet's country (extract/places/outlet.py) and its vote in resolution."""
from __future__ import annotations

import pytest

from newsgraph.extract.places.outlet import outlet_country
from newsgraph.record import Article


@pytest.mark.parametrize("url, cc", [
    ("http://www.independent.ie/world-news/a-story", "IE"),
    ("https://www.bbc.co.uk/news/world-europe-1", "GB"),
    ("http://www.cbc.ca/news/canada/london/x", "CA"),
    ("http://www.thetowntalk.com/article/20090320/NEWS01", None),  # .com tells no country
    ("https://en.wikinews.org/wiki/X", None),
    ("https://example.tv/a", None),  # a two-letter domain sold worldwide
    ("www.ukrinform.ua/rubric-ato/1", "UA"),  # no scheme
    ("http://[broken", None), ("", None), (None, None), (42, None),
])
def test_outlet_country_from_the_address(url, cc):
    assert outlet_country(url) == cc


def test_the_outlet_country_picks_the_namesake_of_a_bare_name(pipeline):
    text = "Police in Perth said a man was arrested on Tuesday after a crash. Perth police said no one was hurt."
    plain = pipeline.analyze(Article(id="a", text=text))
    uk = pipeline.analyze(Article(id="b", text=text, url="https://www.bbc.co.uk/news/uk-scotland-123"))
    assert {p.country_code for p in plain.places if p.text == "Perth"} == {"AU"}
    assert {p.country_code for p in uk.places if p.text == "Perth"} == {"GB"}
    # the article's other places outweigh the outlet: Perth next to Sydney and Melbourne stays in Australia
    text2 = "Flights from Perth to Sydney and Melbourne were cancelled. Perth commuters were stranded."
    uk2 = pipeline.analyze(Article(id="c", text=text2, url="https://www.bbc.co.uk/news/world-australia-5"))
    assert {p.country_code for p in uk2.places if p.text == "Perth"} == {"AU"}
