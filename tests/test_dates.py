"""Dates: hand-written news sentences for each pattern, the false-positive traps, and the anchoring
against the publication date (2024-04-12, a Friday) or without one."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from newsgraph.extract.dates import find_dates

PUB = "2024-04-12"  # a Friday

# (sentence, expected [(text, value, granularity)] with PUB, expected values without a publication date)
CASES = [
    # absolute days
    ("The ceasefire collapsed on Tuesday, March 5, 2024, after heavy shelling.",
     [("Tuesday, March 5, 2024", "2024-03-05", "day")], ["2024-03-05"]),
    ("Officials will meet on 7 March in Geneva.", [("7 March", "2025-03-07", "day")], [None]),
    ("Officials met on 7 March 2023 in Geneva.", [("7 March 2023", "2023-03-07", "day")], ["2023-03-07"]),
    ("The full-scale invasion began on February 24, 2022.",
     [("February 24, 2022", "2022-02-24", "day")], ["2022-02-24"]),
    ("Victory Day is marked on the 9th of May in Moscow.", [("the 9th of May", "2024-05-09", "day")], [None]),
    ("The agreement was signed on 2023-11-05 in Istanbul.", [("2023-11-05", "2023-11-05", "day")], ["2023-11-05"]),
    ("The invasion began on 24/02/2022 at dawn.", [("24/02/2022", "2022-02-24", "day")], ["2022-02-24"]),
    ("The accord was signed on 12.02.2015 in Minsk.", [("12.02.2015", "2015-02-12", "day")], ["2015-02-12"]),
    ("The memo is dated 03/04/2022.", [("03/04/2022", None, "day")], [None]),  # day or month first?
    ("The drone attack came on March 7, when the port was hit.", [("March 7", "2024-03-07", "day")], [None]),
    ("The strike happened on Feb. 24, officials said.", [("Feb. 24", "2024-02-24", "day")], [None]),
    ("Fighting raged from June 5-9 around the bridgehead.",
     [("June 5-9", "2023-06-05/2023-06-09", "interval")], [None]),
    # months
    ("Putin's sham presidential elections were held in March.", [("March", "2024-03", "month")], [None]),
    ("The next round of elections will be held in March.", [("March", "2025-03", "month")], [None]),
    ("If the offensive were to start in May, the lines would not hold.", [("May", "2024-05", "month")], [None]),
    ("Talks will resume in May, diplomats said.", [("May", "2024-05", "month")], [None]),
    ("The brigade was rotated out in April.", [("April", "2024-04", "month")], [None]),
    ("Heavy fighting broke out in mid-March near the river.", [("mid-March", "2024-03", "month")], [None]),
    ("Aid convoys arrived at the end of January.", [("the end of January", "2024-01", "month")], [None]),
    ("The offensive stalled in May 2023.", [("May 2023", "2023-05", "month")], ["2023-05"]),
    ("Between March and May 2023 the front barely moved.",
     [("March", "2023-03", "month"), ("May 2023", "2023-05", "month")], ["2023-03", "2023-05"]),
    ("The town fell in May last year.", [("May last year", "2023-05", "month")], [None]),
    ("The dam was destroyed on June 6 last year.", [("June 6 last year", "2023-06-06", "day")], [None]),
    ("The town fell last March.", [("last March", "2024-03", "month")], [None]),  # the latest past March
    # years, decades, ranges
    ("The town was occupied in 2022.", [("2022", "2022", "year")], ["2022"]),
    ("The 2022 invasion displaced millions.", [("2022", "2022", "year")], ["2022"]),
    ("By the end of 2023 the town had fallen.", [("the end of 2023", "2023", "year")], ["2023"]),
    ("The conflict in the east lasted from 2014-2022.", [("2014-2022", "2014/2022", "interval")], ["2014/2022"]),
    ("He served as a conscript in the 1990s.", [("the 1990s", "1990/1999", "interval")], ["1990/1999"]),
    # seasons
    ("The war escalated in the summer of 2022.",
     [("the summer of 2022", "2022-06/2022-08", "season")], ["2022-06/2022-08"]),
    ("Last autumn he took the decision to join the Legion.",
     [("Last autumn", "2023-09/2023-11", "season")], [None]),
    ("Over the winter Putin's forces have regained the initiative.",
     [("the winter", "2023-12/2024-02", "season")], [None]),
    ("Experts are predicting a breakthrough by the end of the summer.",
     [("the end of the summer", "2024-06/2024-08", "season")], [None]),
    ("The brigade arrived in the fall, a commander said.", [("the fall", "2023-09/2023-11", "season")], [None]),
    ("A new offensive is expected next spring.", [("next spring", "2025-03/2025-05", "season")], [None]),
    # relative days, weeks, months, years
    ("Shelling resumed yesterday in Kharkiv.", [("yesterday", "2024-04-11", "day")], [None]),
    ("The mayor said today that the water was back.", [("today", "2024-04-12", "day")], [None]),
    ("Sirens sounded across the city last night.", [("last night", "2024-04-11", "day")], [None]),
    ("Last week the governor resigned.", [("Last week", "2024-W14", "week")], [None]),
    ("The mayor spoke to reporters on Tuesday.", [("Tuesday", "2024-04-09", "day")], [None]),
    ("The minister will travel to Brussels on Tuesday.", [("Tuesday", "2024-04-16", "day")], [None]),
    ("The bridge was hit last Friday.", [("last Friday", "2024-04-05", "day")], [None]),
    ("The strike happened two days ago.", [("two days ago", "2024-04-10", "day")], [None]),
    ("He left the front three weeks ago.", [("three weeks ago", "2024-W12", "week")], [None]),
    ("Prices rose sharply earlier this month.", [("earlier this month", "2024-04", "month")], [None]),
    ("The report is due next month.", [("next month", "2024-05", "month")], [None]),
    ("Inflation has slowed this year.", [("this year", "2024", "year")], [None]),
    ("Casualties rose this week, the ministry said.", [("this week", "2024-W15", "week")], [None]),
    ("The envoy returns next Tuesday.", [("next Tuesday", "2024-04-16", "day")], [None]),
    ("He was elected last year.", [("last year", "2023", "year")], [None]),
    ("Early last year the front moved west.", [("Early last year", "2023", "year")], [None]),
    ("Negotiators met over the weekend.", [("the weekend", "2024-04-06/2024-04-07", "interval")], [None]),
    ("Over the past week, 20 civilians died.",
     [("the past week", "2024-04-05/2024-04-12", "interval")], [None]),
    # holidays
    ("Russia proposed a truce for Orthodox Christmas.", [("Orthodox Christmas", "2024-01-07", "day")], [None]),
    ("Drones struck the city on Christmas Day.", [("Christmas Day", "2023-12-25", "day")], [None]),
    ("The ceasefire will start at Easter.", [("Easter", "2025-04-20", "day")], [None]),
    ("Easter 2022 was grim in Bucha.", [("Easter 2022", "2022-04-17", "day")], ["2022-04-17"]),
    # vague: kept, no value
    ("Recently the army has been retreating.", [("Recently", None, None)], [None]),
    ("In recent weeks the shelling intensified.", [("In recent weeks", None, None)], [None]),
]

# Sentences with no temporal expression: the traps.
TRAPS = [
    "Theresa May said the plan was sound.",
    "May I ask a question, the reporter said.",
    "He may return to the front.",
    "Thousands joined a protest march in the capital.",
    "March on, the commander shouted.",
    "The Long March was remembered.",
    "Kharkiv is Ukraine's second largest city.",
    "The Sunday Times reported the claim first.",
    "Good Friday services were cancelled.",
    "Some 2000 troops were deployed.",
    "About 1945 people were evacuated from the town.",
    "At 2000 hours the shelling began.",
    "The summer offensive failed to break through.",
    "The fall of Avdiivka shocked Kyiv.",
    "Soldiers lack winter clothing.",
    "August Strindberg wrote plays.",
    "The Arab Spring inspired protesters.",
    "USA Today published the photos.",
    "He spends much of his time doing repairs; at night another shift works.",
    "They met on Mondays.",
    "Villagers drew water from the spring.",
    "Easter Island is remote.",
    "The Christmas tree was lit in the square.",
    "Call the hotline on 0800 2024 555 for help.",
    "The Long March veterans gathered; March on Washington anniversaries were marked.",
]


def _triples(text, pub):
    return [(d.text, d.value, d.granularity) for d in find_dates(text, pub)]


@pytest.mark.parametrize("text,expected,no_pub", CASES, ids=[c[0][:40] for c in CASES])
def test_pattern_with_publication_date(text, expected, no_pub):
    assert _triples(text, PUB) == expected


@pytest.mark.parametrize("text,expected,no_pub", CASES, ids=[c[0][:40] for c in CASES])
def test_pattern_without_publication_date(text, expected, no_pub):
    found = find_dates(text, None)
    assert [d.text for d in found] == [e[0] for e in expected]  # same spans
    assert [d.value for d in found] == no_pub  # only absolute dates get values


@pytest.mark.parametrize("text", TRAPS)
def test_false_positive_traps(text):
    assert _triples(text, PUB) == []


def test_theresa_may_in_may():
    # The name is skipped; the month is found.
    assert _triples("Theresa May resigned in May 2019.", PUB) == [("May 2019", "2019-05", "month")]


def test_deictic_month_and_season_depend_on_publication_month():
    assert _triples("The town fell last March.", "2024-02-20") == [("last March", "2023-03", "month")]
    assert _triples("The town fell in March.", "2024-03-20") == [("March", "2024-03", "month")]
    assert _triples("It rained all winter, and last winter too.", "2024-01-10")[-1] == \
        ("last winter", "2022-12/2023-02", "season")
    assert _triples("The fighting slowed over the winter.", "2024-01-10") == \
        [("the winter", "2023-12/2024-02", "season")]


def test_sunday_paper_and_sunday():
    found = _triples("He told the Sunday Telegraph on Sunday that he would stay.", PUB)
    assert found == [("Sunday", "2024-04-07", "day")]


def test_offsets_index_the_text():
    text = ("On Tuesday, officials said the strike of March 7 killed four. Last autumn the unit moved; "
            "two days ago it returned, and more troops will come next spring.")
    for d in find_dates(text, PUB):
        assert text[d.start:d.end] == d.text
    assert [d.text for d in find_dates(text, PUB)] == ["Tuesday", "March 7", "Last autumn", "two days ago",
                                                        "next spring"]


def test_published_as_datetime_and_garbage():
    assert _triples("Shelling resumed yesterday.", "2024-04-12T08:30:00Z") == [("yesterday", "2024-04-11", "day")]
    assert _triples("Shelling resumed yesterday.", "not a date") == [("yesterday", None, "day")]


def test_linear_time_on_large_text():
    unit = ("Over the winter the front moved. Theresa May said in March 2023 that 2000 troops would leave "
            "on Tuesday; the Sunday Times reported it two days ago. ")
    small, big = unit * 2_000, unit * 20_000
    t0 = time.process_time()
    n_small = len(find_dates(small, PUB))
    t1 = time.process_time()
    n_big = len(find_dates(big, PUB))
    t2 = time.process_time()
    assert n_big == 10 * n_small
    assert (t2 - t1) < 20 * max(t1 - t0, 0.01)  # 10x the text, well under 100x the time


SEED = sorted((Path(__file__).resolve().parent.parent.parent / "shared" / "seed").glob("*.txt"))


@pytest.mark.skipif(not SEED, reason="../shared/seed not present")
def test_seed_article_sanity():
    from newsgraph.nlp import normalise

    text = SEED[0].read_text(encoding="utf-8")
    got = {(d.text, d.value) for d in find_dates(normalise(text), PUB)}
    for expected in [("the winter", "2023-12/2024-02"), ("March", "2024-03"), ("Last autumn", "2023-09/2023-11"),
                     ("the end of the summer", "2024-06/2024-08"), ("today", "2024-04-12"), ("Recently", None)]:
        assert expected in got
    assert not any(t in ("second", "night", "day") for t, _ in got)


def test_extractor_in_pipeline_uses_original_text(analyze):
    text = "\u201cWe held the line,\u201d the commander said on Tuesday. The town fell last autumn."
    rec = analyze(text, published=PUB)
    assert [(d.text, d.value) for d in rec.dates] == [("Tuesday", "2024-04-09"), ("last autumn", "2023-09/2023-11")]
    for d in rec.dates:
        assert rec.text[d.start:d.end] == d.text
    rec = analyze(text)
    assert [d.value for d in rec.dates] == [None, None]


@pytest.mark.parametrize("text", ["The summer analysts were all business.",
                                  "She hopes to do well in the fall debates.",
                                  "The winter months were the hardest."])
def test_season_as_noun_modifier_is_no_date(analyze, text):
    assert analyze(text, published=PUB).dates == []


def test_next_day_is_relative_to_the_story():
    assert _triples("The town fell on March 3. The next day, troops withdrew.", PUB) == [
        ("March 3", "2024-03-03", "day"), ("The next day", None, "day")]


def test_reporting_clause_tense_beats_a_modal_in_the_quote():
    assert _triples('"We will never give up," she told reporters in February.', PUB) == [
        ("February", "2024-02", "month")]


def test_a_date_line_at_the_top_anchors_relative_dates_when_no_publication_date_is_given(analyze):
    text = ("'They came at night': survivors describe the assault\n\nLuke Harding in Dobropillia\n\n"
            "Wed 12 Mar 2025 05.00 GMT\n\nLast week she left. The shelling has grown heavier since January.")
    rec = analyze(text)
    assert rec.published is None  # the metadata stays as given
    assert [(d.text, d.value) for d in rec.dates] == [("12 Mar 2025", "2025-03-12"), ("Last week", "2025-W10"),
                                                      ("January", "2025-01")]
    # a headline that mentions a date is no date line; a given publication date wins
    rec = analyze("Ukraine marks Feb 24, 2022 anniversary\n\nThe shelling has grown heavier since January.")
    assert [d.value for d in rec.dates] == ["2022-02-24", None]
    rec = analyze(text, published="2025-04-02")
    assert rec.dates[-1].value == "2025-01" and rec.dates[1].value == "2025-W13"
