"""``newsgraph analyze``: one article from .txt, .html (trafilatura metadata) and stdin, and JSONL batches.

Most runs go through click's CliRunner in this process (the spaCy model loads once); two run the
installed console script end to end in a subprocess."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgraph.cli.analyze import analyze

ARTICLE = """Ukrainian forces pulled back from two villages near Avdiivka on Tuesday, the military said.

"We are holding the line, but we need shells," Colonel Oleksandr Petrenko, 47, told reporters in Kyiv. \
"Without them, the summer will be very hard."

Russian troops have advanced slowly since the town fell in February, according to western officials.
"""

HTML = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Ukraine pulls back from villages near Avdiivka | The Daily Chronicle</title>
<meta property="og:title" content="Ukraine pulls back from villages near Avdiivka">
<meta name="author" content="Maria Kovalenko">
<meta property="article:published_time" content="2024-04-12T08:30:00+00:00">
<meta property="og:site_name" content="The Daily Chronicle">
</head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article>
<h1>Ukraine pulls back from villages near Avdiivka</h1>
<p>Ukrainian forces pulled back from two villages near Avdiivka on Tuesday, the military said in a
statement released late in the evening.</p>
<p>"We are holding the line, but we need shells," Colonel Oleksandr Petrenko told reporters in Kyiv.
"Without them, the summer will be very hard for every brigade on this front."</p>
<p>Russian troops have advanced slowly since the town fell in February, according to western officials
who spoke on condition of anonymity because they were not authorised to brief the press.</p>
</article>
<footer>Copyright The Daily Chronicle</footer>
</body></html>
"""


@pytest.fixture(scope="module")
def runner(pipeline):  # the session pipeline: loaded once, reused by the command
    return CliRunner()


def _json(result):
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_txt_file(runner, tmp_path):
    f = tmp_path / "petrenko.txt"
    f.write_text(ARTICLE, encoding="utf-8")
    rec = _json(runner.invoke(analyze, [str(f), "--published", "2024-04-12"]))
    assert rec["id"] == "petrenko" and rec["text"] == ARTICLE and rec["published"] == "2024-04-12"
    assert set(rec) >= {"id", "title", "url", "published", "source", "author", "text", "quotes", "entities",
                        "places", "dates", "analysed_with"}
    dates = {d["text"]: d["value"] for d in rec["dates"]}
    assert dates["Tuesday"] == "2024-04-09" and dates["February"] == "2024-02"


def test_txt_file_pretty_and_output_file(runner, tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "a.json"
    result = runner.invoke(analyze, [str(f), "--pretty", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    text = out.read_text(encoding="utf-8")
    assert text.startswith("{\n") and json.loads(text)["id"] == "a"


def test_html_with_metadata(runner, tmp_path):
    f = tmp_path / "page.html"
    f.write_text(HTML, encoding="utf-8")
    rec = _json(runner.invoke(analyze, [str(f)]))
    assert rec["title"].startswith("Ukraine pulls back from villages near Avdiivka")
    assert rec["author"] == "Maria Kovalenko"
    assert rec["published"] == "2024-04-12"
    assert "We are holding the line" in rec["text"] and "Copyright" not in rec["text"] and "Home" not in rec["text"]
    # relative dates are anchored on the page's own date
    assert {d["text"]: d["value"] for d in rec["dates"]}["Tuesday"] == "2024-04-09"


def test_stdin_text(runner):
    rec = _json(runner.invoke(analyze, ["-", "--published", "2024-04-12"], input=ARTICLE.encode("utf-8")))
    assert rec["id"] == "stdin" and rec["text"] == ARTICLE and rec["source"] == "<stdin>"


def test_stdin_html(runner):
    rec = _json(runner.invoke(analyze, ["-"], input=HTML.encode("utf-8")))
    assert rec["author"] == "Maria Kovalenko" and "holding the line" in rec["text"]


def _batch_file(tmp_path: Path) -> Path:
    lines = [
        json.dumps({"id": "ok-1", "text": ARTICLE, "publication_date": "2024-04-12", "title": "Pull-back"}),
        json.dumps({"id": "empty", "text": "   "}),
        '{"id": "broken", "text": "unterminated',
        json.dumps({"id": 7, "text": "Shelling resumed yesterday, officials said.", "published": "2024-04-12"}),
        json.dumps({"id": "bad-date", "text": "Some text here.", "published": "12/04/2024"}),
        "[1, 2, 3]",
        json.dumps({"text": "No id, but the governor resigned last week.", "published": "2024-04-12"}),
    ]
    f = tmp_path / "batch.jsonl"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return f


EXPECTED_IDS = ["ok-1", "empty", "broken", "7", "bad-date", "batch:6", "batch:7"]


def test_jsonl_batch_to_file(runner, tmp_path):
    f = _batch_file(tmp_path)
    out = tmp_path / "out.jsonl"
    result = runner.invoke(analyze, [str(f), "-o", str(out)])
    assert result.exit_code == 1  # some lines failed; the output is still complete
    assert "Traceback" not in result.output
    recs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in recs] == EXPECTED_IDS
    ok = {r["id"]: r for r in recs if "error" not in r}
    assert set(ok) == {"ok-1", "7", "batch:7"}
    assert ok["ok-1"]["published"] == "2024-04-12" and ok["ok-1"]["title"] == "Pull-back"  # the alias
    assert ok["7"]["dates"][0]["value"] == "2024-04-11"
    errors = {r["id"]: r for r in recs if "error" in r}
    assert errors["broken"]["error"].startswith("malformed JSON line") and errors["broken"]["position"] == 3
    assert "text" in errors["empty"]["error"] and "published" in errors["bad-date"]["error"]
    for r in errors.values():
        assert set(r) <= {"id", "error", "origin", "position"} and "\n" not in r["error"]
    # progress and the summary go to stderr, never into the records
    assert "analyze:" in result.stderr and "3 analysed, 4 failed" in result.stderr


def test_jsonl_batch_to_stdout_and_from_stdin(runner, tmp_path):
    f = _batch_file(tmp_path)
    result = runner.invoke(analyze, [str(f)])
    assert [json.loads(x)["id"] for x in result.stdout.splitlines()] == EXPECTED_IDS
    result = runner.invoke(analyze, ["-", "--jsonl"], input=f.read_bytes())
    ids = [json.loads(x)["id"] for x in result.stdout.splitlines()]
    assert ids == ["ok-1", "empty", "broken", "7", "bad-date", "<stdin>:6", "<stdin>:7"]


def test_jsonl_all_good_exits_zero(runner, tmp_path):
    f = tmp_path / "good.jsonl"
    f.write_text("\n".join(json.dumps({"id": f"g{i}", "text": f"Article {i}: the mayor spoke on Monday."})
                           for i in range(5)) + "\n\n", encoding="utf-8")  # a trailing blank line is no record
    out = tmp_path / "good.out.jsonl"
    result = runner.invoke(analyze, [str(f), "-o", str(out), "--batch-size", "2"])
    assert result.exit_code == 0, result.output
    assert [json.loads(x)["id"] for x in out.read_text().splitlines()] == [f"g{i}" for i in range(5)]


# -- end to end through the installed console script ----------------------------------------------------
def _newsgraph() -> list[str]:
    exe = Path(sys.executable).with_name("newsgraph")
    return [str(exe)] if exe.exists() else [sys.executable, "-c", "from newsgraph.cli import main; main()"]


@pytest.mark.slow
def test_subprocess_txt(tmp_path):
    f = tmp_path / "story.txt"
    f.write_text(ARTICLE, encoding="utf-8")
    p = subprocess.run(_newsgraph() + ["analyze", str(f), "--published", "2024-04-12"], capture_output=True,
                       text=True, timeout=300, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    assert p.returncode == 0, p.stderr
    rec = json.loads(p.stdout)
    assert rec["id"] == "story" and rec["text"] == ARTICLE


@pytest.mark.slow
def test_subprocess_jsonl_batch_and_missing_file(tmp_path):
    f = _batch_file(tmp_path)
    out = tmp_path / "out.jsonl"
    p = subprocess.run(_newsgraph() + ["analyze", str(f), "-o", str(out)], capture_output=True, text=True,
                       timeout=300)
    assert p.returncode == 1 and "Traceback" not in p.stderr
    assert [json.loads(x)["id"] for x in out.read_text().splitlines()] == EXPECTED_IDS
    assert "3 analysed, 4 failed" in p.stderr
    p = subprocess.run(_newsgraph() + ["analyze", str(tmp_path / "nope.txt")], capture_output=True, text=True,
                       timeout=300)
    assert p.returncode == 1 and p.stdout == ""
    assert p.stderr.strip() == f"Error: {tmp_path / 'nope.txt'}: no such file or directory"
