"""One reader for the word lists every stage keeps as data (``*.tsv`` package files).

A word-list file is UTF-8 text, one row a line, columns separated by a tab; blank lines and lines
starting with ``#`` are comments. Two shapes are in use:

- a table: each row has a fixed number of columns (``triggers.tsv``: trigger, part of speech, type…);
- named lists: ``list name<TAB>entry`` (``words.tsv``), read into ``{name: [entries in file order]}``.

A malformed row is an error that names the file and the line, and says what the row should hold, so a
broken edit to a list fails at import with a message that points at the fix, never deep inside a rule.
"""
from __future__ import annotations

from pathlib import Path
from typing import NamedTuple


class WordListError(ValueError):
    """A word-list file has a row the reader cannot use."""


class Row(NamedTuple):
    line: int  # 1-based line number in the file
    cols: list[str]


def rows(path: Path, *, min_cols: int = 1, max_cols: int | None = None, strip: bool = False) -> list[Row]:
    """The rows of a word-list file, comments and blank lines skipped; each row's columns split on tabs
    (stripped of spaces when ``strip``). A row with fewer than ``min_cols`` or more than ``max_cols``
    columns raises :class:`WordListError` naming ``path`` and the line."""
    out: list[Row] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if strip:
            cols = [c.strip() for c in cols]
        if len(cols) < min_cols or (max_cols is not None and len(cols) > max_cols):
            want = f"{min_cols}" if max_cols == min_cols else f"{min_cols} to {max_cols or 'any number of'}"
            raise WordListError(f"{path}:{n}: expected {want} tab-separated columns, found {len(cols)}: "
                                f"{line[:80]!r}; separate the columns with one tab each")
        out.append(Row(n, cols))
    return out


def named_lists(path: Path) -> dict[str, list[str]]:
    """``list name<TAB>entry`` rows -> {name: entries in file order} (an entry may repeat)."""
    out: dict[str, list[str]] = {}
    for row in rows(path, min_cols=2):
        out.setdefault(row.cols[0], []).append(row.cols[1])
    return out


def entries(path: Path) -> frozenset[str]:
    """A one-column list (``negations.tsv``, ``stopwords.tsv``): its entries, stripped."""
    return frozenset(row.cols[0].strip() for row in rows(path))
