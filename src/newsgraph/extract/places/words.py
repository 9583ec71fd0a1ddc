"""The places extractor's word lists, read once from ``words.tsv`` beside this module.

``words.tsv``: one entry a line, ``list name<TAB>entry``, each list a set; package data (pyproject.toml).
The NER label sets stay in code: they name the model's labels, not words of the text.
"""
from __future__ import annotations

from pathlib import Path

from newsgraph.wordlists import named_lists

_HERE = Path(__file__).parent

_LISTS = {name: frozenset(entries) for name, entries in named_lists(_HERE / "words.tsv").items()}


def words(name: str) -> frozenset[str]:
    return _LISTS[name]


CONNECT = words("connect")
ARABIC_ARTICLES = words("arabic_articles")
COMMON = words("common")
STRONG_CUE = words("strong_cue")
WAR_CUE = words("war_cue")
WEAK_CUE = words("weak_cue")
PLACE_NOUNS = words("place_nouns")
DIRECTIONS = words("directions")
AFTER_CUE = words("after_cue")
TITLES = words("titles")
TOWN_OFFICES = TITLES | words("town_offices")
NOT_PERSON_AFTER = words("not_person_after")
NOT_PERSON_BEFORE = words("not_person_before")
DISEASE_NEXT = words("disease_next")
PEOPLES = words("peoples")
INSTITUTION = words("institution")
PARTY_WORDS = words("party_words")
ORG_HEADS = words("org_heads")
OUTLET_BEFORE = words("outlet_before")
HOME_NEXT = words("home_next")
DISTRICT_WORDS = words("district_words")
WATER_WORDS = words("water_words")
REGION_WORDS = words("region_words")
TOWN_WORDS = words("town_words")
ORG_SUFFIX = words("org_suffix")

# NER labels (spaCy's): a place's, and those of other kinds of names.
PLACE_LABELS = frozenset({"GPE", "LOC"})
OTHER_NAME_LABELS = frozenset({"PERSON", "ORG", "FAC", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "LANGUAGE"})
