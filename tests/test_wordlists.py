"""The shared word-list reader: every shipped list parses, and a broken row names its file and line."""
from __future__ import annotations

from pathlib import Path

import pytest

import newsgraph
from newsgraph.wordlists import WordListError, entries, named_lists, rows

PACKAGE = Path(newsgraph.__file__).parent


def test_named_lists_keep_file_order_and_skip_comments(tmp_path):
    f = tmp_path / "words.tsv"
    f.write_text("# the cue words\nintroducing\tsaid\n\nintroducing\tadded\ntitle_small\tde\n", encoding="utf-8")
    assert named_lists(f) == {"introducing": ["said", "added"], "title_small": ["de"]}


def test_a_row_without_its_tab_names_the_file_and_the_line(tmp_path):
    f = tmp_path / "words.tsv"
    f.write_text("introducing\tsaid\nintroducing added\n", encoding="utf-8")
    with pytest.raises(WordListError) as err:
        named_lists(f)
    assert f"{f}:2:" in str(err.value) and "tab" in str(err.value)


def test_a_row_with_too_many_columns_is_refused(tmp_path):
    f = tmp_path / "figure_words.tsv"
    f.write_text("count\tsoldier\tsoldiers|troops\textra\n", encoding="utf-8")
    with pytest.raises(WordListError, match=r"figure_words.tsv:1: expected 3 tab-separated columns, found 4"):
        rows(f, min_cols=3, max_cols=3)


def test_one_column_entries_are_stripped(tmp_path):
    f = tmp_path / "negations.tsv"
    f.write_text("not \n# comment\nnever\n", encoding="utf-8")
    assert entries(f) == frozenset({"not", "never"})


def test_every_shipped_list_reads_with_the_shared_reader():
    """Every .tsv in the package has at least one row and no row the reader refuses, and the stages'
    tables built from them are non-empty (an edit that empties a list fails here, not in a rule)."""
    files = sorted(PACKAGE.rglob("*.tsv"))
    assert len(files) >= 10
    for f in files:
        assert rows(f), f
    from newsgraph.extract.attribution.phrases import words
    from newsgraph.extract.events.lexicon import TRIGGERS
    from newsgraph.extract.places.words import PLACE_NOUNS
    from newsgraph.extract.quotes.words import INTRODUCING, PREP_LEXICON
    assert TRIGGERS and PLACE_NOUNS and INTRODUCING and PREP_LEXICON and words().role
