"""The query commands' output: TSV into a pipe, tables sized to the terminal (the quote column
widest, headers whole at 80 and 120 columns), messages that tell "nothing matches" from "the
store is empty", the dates the API rejects rejected with the API's message, exports of speakers
as `newsgraph speakers` lists them."""
from __future__ import annotations

import json
import warnings

import pytest
from click.testing import CliRunner
from rich.console import Console

from newsgraph.cli import main
from newsgraph.cli.corpus import _emit, column_widths
from newsgraph.web.samples import build_sample_db, demo_map_records, sample_records


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return str(build_sample_db(tmp_path_factory.mktemp("cli") / "cli.db", sample_records() + demo_map_records()))


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_a_pipe_gets_tsv_with_every_word(db):
    out = run("quotes", "--db", db, "--speaker", "Kovalenko").output.splitlines()
    assert out[0] == "date\tspeaker\tcue\tquote\tarticle"
    rows = [line.split("\t") for line in out[1:]]
    assert all(len(r) == 5 for r in rows) and len(rows) == 2
    assert ["2024-09-03", "Anton Kovalenko", "said",
            "Many of them simply refuse to go. They say they were born here and they will die here,",
            "pokrovsk-evacuation"] in rows
    places = run("places", "--db", db).output.splitlines()
    assert places[0].split("\t")[:3] == ["place", "kind", "country"]
    # --csv and --json are still honoured
    assert json.loads(run("speakers", "--db", db, "--json").output)[0]["name"] == "Ihor Terekhov"
    assert run("quotes", "--db", db, "--csv", "-n", "1").output.startswith("id,")


@pytest.mark.parametrize("width", [80, 120])
def test_terminal_tables_fit_and_the_quote_is_widest(db, width):
    from newsgraph.store import connect
    from newsgraph.store.queries import QuoteFilter, find_quotes

    rows = find_quotes(connect(db, readonly=True), QuoteFilter(limit=12))
    console = Console(width=width, record=True, force_terminal=False, color_system=None)
    cols = [("published", "date"), ("speaker", "speaker"), ("cue", "cue"), ("content", "quote"), ("article_id", "article")]
    _emit(rows, cols, as_json=False, as_csv=False, title="quotes", empty="", wide="content", console=console)
    lines = console.export_text().splitlines()
    assert max(len(x) for x in lines) <= width
    header = next(x for x in lines if "quote" in x and "speaker" in x)
    cells = [c.strip() for c in header.strip("┃│ ").split("┃" if "┃" in header else "│")]
    assert cells == ["date", "speaker", "cue", "quote", "article"]  # no header broken over two lines
    parts = header.split("┃" if "┃" in header else "│")[1:-1]
    widths = [len(p) for p in parts]
    assert widths[3] == max(widths) and widths[3] >= 24  # the quote column gets the room
    assert any("2024-10-14" in x for x in lines)  # dates are not cut


def test_column_widths_give_the_room_to_the_quote():
    cells = [["2024-10-14", "Ihor Terekhov of the city council", "said", "x " * 120, "kharkiv-power-station-long"]]
    heads = ["date", "speaker", "cue", "quote", "article"]
    for total in (80, 120, 200):
        w = column_widths([[c.strip() for c in cells[0]]], heads, 3, total)
        assert sum(w) + 3 * 5 + 1 <= total and w[3] == max(w)
        assert all(w[i] >= len(h) for i, h in enumerate(heads))


def test_messages_tell_no_match_from_an_empty_store(db, tmp_path):
    r = CliRunner().invoke(main, ["speakers", "mayor", "--db", db])
    assert r.exit_code == 0 and "no speakers match name 'mayor'" in r.output and "ingest" not in r.output
    r = CliRunner().invoke(main, ["quotes", "--db", db, "--about", "zebra"])
    assert "no quotes match about 'zebra'" in r.output
    from newsgraph.store import connect

    empty = tmp_path / "empty.db"
    connect(empty).close()
    for cmd in (["speakers"], ["quotes"], ["places"], ["search", "drone"]):
        r = CliRunner().invoke(main, cmd + ["--db", str(empty)])
        assert "is empty" in r.output and "newsgraph ingest" in r.output, cmd


def test_dates_rejected_as_the_api_rejects_them(db):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    from newsgraph.web import create_app

    api = TestClient(create_app(db)).get("/api/quotes", params={"since": "2024-13"})
    assert api.status_code == 422
    r = CliRunner().invoke(main, ["quotes", "--db", db, "--since", "2024-13"])
    assert r.exit_code == 2 and api.json()["detail"] in r.output
    r = CliRunner().invoke(main, ["search", "drone", "--db", db, "--until", "2024-02-31x"])
    assert r.exit_code == 2 and "is not a date: use YYYY, YYYY-MM or YYYY-MM-DD" in r.output
    r = CliRunner().invoke(main, ["quotes", "--db", db, "--since", "2024-11", "--until", "2024-10"])
    assert r.exit_code == 2 and "since=2024-11 is after until=2024-10" in r.output
    page = TestClient(create_app(db)).get("/search", params={"q": "x", "since": "2024-11", "until": "2024-10"})
    assert page.status_code == 400 and "since=2024-11 is after until=2024-10" in page.text


def test_speakers_export_lists_the_quoted_speakers_only(db, tmp_path):
    out = tmp_path / "speakers.jsonl"
    assert run("export", "--db", db, "--what", "speakers", "-o", str(out)).exit_code == 0
    exported = [json.loads(x)["name"] for x in out.read_text().splitlines()]
    listed = [s["name"] for s in json.loads(run("speakers", "--db", db, "--json", "-n", "1000").output)]
    assert exported == listed and all(s["quotes"] > 0 for s in json.loads(run("speakers", "--db", db, "--json").output))


def test_a_long_article_reports_its_stages():
    from newsgraph.cli.analyze import StageReporter

    t = [0.0]
    lines = []
    r = StageReporter("big.txt", after=3.0, clock=lambda: t[0], echo=lines.append)
    for now, stage in [(0.5, "parsed part 1 of 40"), (3.5, "parsed part 9 of 40"), (3.9, "parsed part 10 of 40"),
                       (5.0, "parsed part 40 of 40"), (6.2, "quotes"), (6.4, "places")]:
        t[0] = now
        r(stage)
    assert lines == ["analyze: big.txt: parsed part 9 of 40 (4 s)", "analyze: big.txt: parsed part 40 of 40 (5 s)",
                     "analyze: big.txt: quotes (6 s)"]
