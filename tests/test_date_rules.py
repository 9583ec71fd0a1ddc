"""Each reader of the date extractor's READERS table on the example its docstring gives.

``find_dates`` runs on the example (published 2024-03-15, a Friday); the test asserts the expression,
its value and granularity, then takes the reader out of the table and asserts that the expression is
no longer found. A last test checks that every reader has a case and that its docstring gives it.
"""
from __future__ import annotations

import re

import pytest

import newsgraph.extract.dates as dates
from newsgraph.extract.dates import find_dates

PUBLISHED = "2024-03-15"

# reader, example, (span text, value, granularity) the reader makes of it
CASES = [
    ("_read_iso", "The talks began on 2024-02-24 in Geneva.", ("2024-02-24", "2024-02-24", "day")),
    ("_read_numeric", "The decree was signed on 24/02/2022.", ("24/02/2022", "2022-02-24", "day")),
    ("_read_day_month", "The strike came on March 7, 2024.", ("March 7, 2024", "2024-03-07", "day")),
    ("_read_day_month", "The strike came on the 7th of March.", ("the 7th of March", "2024-03-07", "day")),
    ("_read_month_year", "The offensive began in March 2023.", ("March 2023", "2023-03", "month")),
    ("_read_ago", "The bridge was destroyed three weeks ago.", ("three weeks ago", "2024-W08", "week")),
    ("_read_duration", "Shelling has intensified over the past two weeks.",
     ("the past two weeks", "2024-03-01/2024-03-15", "interval")),
    ("_read_vague", "The town was recently retaken.", ("recently", None, None)),
    ("_read_relative", "The talks collapsed last week.", ("last week", "2024-W10", "week")),
    ("_read_day_word", "The convoy arrived yesterday.", ("yesterday", "2024-03-14", "day")),
    ("_read_weekend", "Drones struck the city over the weekend.", ("the weekend", "2024-03-09/2024-03-10", "interval")),
    ("_read_weekday", "The minister spoke on Tuesday.", ("Tuesday", "2024-03-12", "day")),
    ("_read_season", "The counteroffensive stalled last winter.", ("last winter", "2023-12/2024-02", "season")),
    ("_read_holiday", "A ceasefire was proposed for Christmas.", ("Christmas", "2023-12-25", "day")),
    ("_read_decade", "The plant was built in the 1990s.", ("the 1990s", "1990/1999", "interval")),
    ("_read_year", "Russia annexed Crimea in 2014.", ("2014", "2014", "year")),
    ("_read_month", "The offensive began in March.", ("March", "2024-03", "month")),
]


def _found(text: str) -> list[tuple]:
    return [(d.text, d.value, d.granularity) for d in find_dates(text, PUBLISHED)]


@pytest.mark.parametrize("reader, text, expected", CASES, ids=[f"{c[0]}:{c[1][:30]}" for c in CASES])
def test_reader_does_what_its_example_says(reader, text, expected, monkeypatch):
    assert expected in _found(text)
    kept = {k: f for k, f in dates.READERS.items() if f.__name__ != reader}
    assert len(kept) < len(dates.READERS)
    monkeypatch.setattr(dates, "READERS", kept)
    assert all(x[0] != expected[0] for x in _found(text)), f"{reader} removed, {expected[0]!r} still found"


def _flat(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def test_every_reader_has_a_case_and_its_docstring_gives_the_example():
    readers = {f.__name__: f for f in dates.READERS.values()}
    assert set(readers) == {c[0] for c in CASES}
    for reader, text, _ in CASES:
        assert _flat(text) in _flat(readers[reader].__doc__ or ""), f"{reader}'s docstring lacks {text!r}"
