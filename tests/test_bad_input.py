"""Bad input: a clear one-line error naming the input and a non-zero exit, or an empty result;
never a traceback, and never a lost record in a batch."""
from __future__ import annotations

import json
import time

import pytest
from click.testing import CliRunner

import newsgraph
from newsgraph.cli.analyze import analyze
from newsgraph.record import Article, Failure


@pytest.fixture(scope="module")
def runner(pipeline):
    return CliRunner()


def _error_line(result, name: str) -> str:
    """The command failed cleanly: exit 1, nothing on stdout, one 'Error: NAME: ...' line."""
    assert result.exit_code == 1, result.output[:500]
    assert result.stdout == ""
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"Error: {name}: "), lines[0]
    return lines[0]


def _record(result) -> dict:
    assert result.exit_code == 0, result.output[:500]
    return json.loads(result.stdout)


# -- files that cannot be analysed ----------------------------------------------------------------------
@pytest.mark.parametrize("content", [b"", b"   \n\n\t  \n"], ids=["empty", "whitespace"])
def test_empty_file(runner, tmp_path, content):
    f = tmp_path / "empty.txt"
    f.write_bytes(content)
    assert "empty" in _error_line(runner.invoke(analyze, [str(f)]), str(f))


def test_binary_file(runner, tmp_path):
    f = tmp_path / "photo.txt"
    f.write_bytes(bytes(range(256)) * 40)  # NULs and control bytes: an image, not text
    assert "binary" in _error_line(runner.invoke(analyze, [str(f)]), str(f))


def test_random_bytes_without_nul(runner, tmp_path):
    import random

    rnd = random.Random(7)
    f = tmp_path / "noise.txt"
    f.write_bytes(bytes(rnd.choice(range(1, 32)) for _ in range(4000)))
    assert "binary" in _error_line(runner.invoke(analyze, [str(f)]), str(f))


def test_missing_file(runner, tmp_path):
    f = tmp_path / "nope.txt"
    assert "no such file" in _error_line(runner.invoke(analyze, [str(f)]), str(f))


def test_directory(runner, tmp_path):
    assert "directory" in _error_line(runner.invoke(analyze, [str(tmp_path)]), str(tmp_path))


def test_unsupported_suffix(runner, tmp_path):
    f = tmp_path / "report.pdf"
    f.write_bytes(b"%PDF-1.4 ...")
    assert "unsupported file type" in _error_line(runner.invoke(analyze, [str(f)]), str(f))


def test_html_page_without_article(runner, tmp_path):
    f = tmp_path / "index.html"
    f.write_text("<html><head><title>Home</title></head><body><nav><a href='/'>Home</a> | "
                 "<a href='/news'>News</a></nav><footer>Contact us</footer></body></html>", encoding="utf-8")
    assert "no article text" in _error_line(runner.invoke(analyze, [str(f)]), str(f))


# -- text in other encodings ----------------------------------------------------------------------------
CYRILLIC = "Обстрел Харькова продолжался всю ночь, сообщили местные власти. Погибли два человека."
LATIN = "Le ministre a déclaré que la sécurité était assurée à Kyiv, où la défense aérienne a été renforcée."


@pytest.mark.parametrize("text,encoding", [(CYRILLIC, "cp1251"), (CYRILLIC, "koi8_r"), (LATIN, "latin-1"),
                                           (LATIN, "cp1252"), (LATIN, "utf-16")])
def test_legacy_encodings_are_detected(runner, tmp_path, text, encoding):
    f = tmp_path / "legacy.txt"
    f.write_bytes(text.encode(encoding))
    rec = _record(runner.invoke(analyze, [str(f)]))
    assert rec["text"] == text


def test_utf8_bom(runner, tmp_path):
    f = tmp_path / "bom.txt"
    f.write_bytes(b"\xef\xbb\xbf" + "The mayor spoke on Tuesday.".encode())
    assert _record(runner.invoke(analyze, [str(f)]))["text"] == "The mayor spoke on Tuesday."


# -- text that parses into little or nothing -----------------------------------------------------------
@pytest.mark.parametrize("text", ["... !!! ??? --- ;;; ***", "1.\n2.\n3.\n4\n5\n6\n", "12 345 6789 10 11",
                                  "\u201c\u201d\u2018\u2019\"\"''", "- - -\n\n\n\n- - -"],
                         ids=["punctuation", "numbered-list", "numbers", "quote-marks-only", "dashes"])
def test_text_without_sentences_gives_an_empty_result(runner, tmp_path, text):
    f = tmp_path / "odd.txt"
    f.write_text(text, encoding="utf-8")
    rec = _record(runner.invoke(analyze, [str(f)]))
    assert rec["text"] == text
    assert rec["quotes"] == [] and rec["places"] == [] and rec["dates"] == []


UNBALANCED = [
    '"We will hold the city, the mayor said. Nobody is leaving.\n\nThe army denied the report.',
    "The mayor said: \u201cWe will hold the city.\n\nHe added that \u201cnobody\u201d would leave\u201d.",
    "\u201d\u201d\u201d The governor warned of more strikes \u201c\u201c",
    "\u00abNo surrender,\u00bb he said. \u00abNever.",
    "'Single quote opened and never closed, the officer said.",
]


@pytest.mark.parametrize("text", UNBALANCED, ids=range(len(UNBALANCED)))
def test_unbalanced_quote_marks(analyze, text):
    rec = analyze(text, published="2024-04-12")
    for q in rec.quotes:
        assert 0 <= q.start <= q.end <= len(text) and text[q.start:q.end] == q.text


# -- very long text ---------------------------------------------------------------------------------------
PARAGRAPH = ("Russian forces shelled Kharkiv overnight, the regional governor said on Tuesday. "
             "\u201cThe city will not fall,\u201d he told reporters, adding that repairs would start next week.\n\n")


def test_5mb_text_is_refused_with_a_clear_error_and_quickly(runner, tmp_path):
    f = tmp_path / "huge.txt"
    f.write_text(PARAGRAPH * (5_000_000 // len(PARAGRAPH) + 1), encoding="utf-8")
    t0 = time.monotonic()
    line = _error_line(runner.invoke(analyze, [str(f)]), str(f))
    assert "too long" in line and "--max-chars" in line
    assert time.monotonic() - t0 < 30  # refused before parsing


def test_long_text_is_parsed_in_chunks_with_valid_offsets(pipeline, monkeypatch):
    import newsgraph.pipeline as pl

    monkeypatch.setattr(pl, "CHUNK_CHARS", 2_000)  # force several chunks on a small text
    text = PARAGRAPH * 60  # ~12,000 chars
    rec = pipeline.analyze(Article(id="long", text=text, published="2024-04-12"))
    assert rec.text == text
    assert len(rec.dates) == 120  # "Tuesday" and "next week" in every paragraph, across chunk joins
    for d in rec.dates:
        assert text[d.start:d.end] == d.text
    for q in rec.quotes:
        assert text[q.start:q.end] == q.text
    for e in rec.entities:
        for m in e.mentions:
            assert text[m.start:m.end] == m.text


def test_max_chars_option(runner, tmp_path):
    f = tmp_path / "short.txt"
    f.write_text(PARAGRAPH * 3, encoding="utf-8")
    assert "too long" in _error_line(runner.invoke(analyze, [str(f), "--max-chars", "100"]), str(f))


# -- stdin ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("data,reason", [(b"", "empty"), (b"  \n ", "empty"), (bytes(range(256)) * 8, "binary")])
def test_bad_stdin(runner, data, reason):
    result = runner.invoke(analyze, ["-"], input=data)
    assert reason in _error_line(result, "<stdin>")


# -- options and output ------------------------------------------------------------------------------------
@pytest.mark.parametrize("value", ["2024-13-01", "12/04/2024", "yesterday"])
def test_bad_published_option(runner, tmp_path, value):
    f = tmp_path / "a.txt"
    f.write_text("The mayor spoke.", encoding="utf-8")
    result = runner.invoke(analyze, [str(f), "--published", value])
    assert result.exit_code == 2 and "--published" in result.stderr and "Traceback" not in result.output


def test_unwritable_output(runner, tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("The mayor spoke on Tuesday.", encoding="utf-8")
    target = tmp_path / "no" / "such" / "dir" / "out.json"
    assert "cannot write" in _error_line(runner.invoke(analyze, [str(f), "-o", str(target)]), str(target))


# -- JSONL lines ------------------------------------------------------------------------------------------
def test_jsonl_bad_lines_keep_their_place_and_id(runner, tmp_path):
    raw = [
        b'{"id": "a", "text": "The mayor spoke on Tuesday."}',
        b'{"id": "b", "text": "cut off here',  # truncated: id recovered from the raw line
        b'{"id": 12, "text": }',  # numeric id recovered
        b'{"text": "no id and broken',  # no id to recover: file:line
        b'\xff\xfe\x00garbage\x00\x01',  # not text
        b'{"id": "c", "text": "Le ministre a d\xe9clar\xe9 la tr\xeave."}',  # a cp1252 line is read, not lost
        b'"just a string"',
        b'{"id": "d", "text": 42}',
        b'{"id": "e", "text": "Fine.", "published": 20240412}',
        b'{"id": "\\u00e9t\\u00e9", "text": "Unicode escapes in the id, and a strike last week."}',
        b'{"id": "sur", "text": "A lone surrogate \\ud800 here."}',
    ]
    f = tmp_path / "in.jsonl"
    f.write_bytes(b"\n".join(raw) + b"\n")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(analyze, [str(f), "-o", str(out)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    recs = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in recs] == ["a", "b", "12", "in:4", "in:5", "c", "in:7", "d", "e", "\u00e9t\u00e9", "sur"]
    assert [("error" in r) for r in recs] == [False, True, True, True, True, False, True, True, True, False, True]
    assert "surrogate" in recs[-1]["error"]
    assert recs[5]["text"] == "Le ministre a d\u00e9clar\u00e9 la tr\u00eave."
    assert [r.get("position") for r in recs if "error" in r] == [2, 3, 4, 5, 7, 8, 9, 11]


def test_jsonl_file_that_is_binary_or_empty(runner, tmp_path):
    f = tmp_path / "empty.jsonl"
    f.write_bytes(b"")
    result = runner.invoke(analyze, [str(f), "-o", str(tmp_path / "o.jsonl")])
    assert result.exit_code == 0 and (tmp_path / "o.jsonl").read_text() == ""
    assert "0 analysed, 0 failed" in result.stderr


# -- the Python API ----------------------------------------------------------------------------------------
def test_api_empty_text_raises_a_clear_value_error(pipeline):
    with pytest.raises(ValueError, match="empty text"):
        newsgraph.analyze("   ")


def test_api_non_str_text(pipeline):
    with pytest.raises(ValueError, match="must be a str"):
        newsgraph.analyze(b"bytes are not text")  # type: ignore[arg-type]


def test_api_punctuation_only_is_an_empty_record(pipeline):
    rec = newsgraph.analyze("?!... --- !!!")
    assert rec.quotes == [] and rec.dates == [] and rec.places == []


def test_api_batch_never_loses_a_record(pipeline):
    items = [Article(id="1", text="The mayor spoke on Tuesday."), Article(id="2", text=""),
             Failure(origin="x.jsonl", reason="malformed JSON line", position=3, id="3"),
             Article(id="4", text="x" * 50, published="2024-04-12"), Article(id="5", text="\u201cHold,\u201d he said.")]
    out = list(newsgraph.analyze_many(items, batch_size=2))
    assert [r.id for r in out] == ["1", "2", "3", "4", "5"]
    assert [isinstance(r, Failure) for r in out] == [False, True, True, False, False]


def test_parse_crash_is_isolated_to_its_article(pipeline, monkeypatch):
    """A parser exception on one article becomes its Failure; the others in the batch survive."""
    real = pipeline._parse

    def flaky(texts):
        if any("BOOM" in t for t in texts):
            raise RuntimeError("parser exploded")
        return real(texts)

    monkeypatch.setattr(pipeline, "_parse", flaky)
    items = [Failure(origin="in.jsonl", reason="bad line", position=1, id="f"),
             Article(id="ok", text="The mayor spoke."), Article(id="boom", text="BOOM goes the parser."),
             Article(id="empty", text="")]
    out = list(pipeline.analyze_many(items, batch_size=4))
    assert [r.id for r in out] == ["f", "ok", "boom", "empty"]
    assert isinstance(out[2], Failure) and "parser exploded" in out[2].reason
    assert not isinstance(out[1], Failure) and isinstance(out[3], Failure)
    # and alone in a batch with reader failures around it
    out = list(pipeline.analyze_many(items[:1] + items[2:], batch_size=8))
    assert [r.id for r in out] == ["f", "boom", "empty"]
