"""Property-based fuzzing (hypothesis) of the readers and the writer, bounded in examples and time:
whatever bytes a file holds and whatever strings a record carries, a reader yields only Articles
and Failures whose strings any store and terminal can take, and the writer stores them."""
from __future__ import annotations

import io
import itertools
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgraph.ingest import read_path, read_stream
from newsgraph.ingest.files import HtmlPage
from newsgraph.ingest.guard import entering
from newsgraph.record import MAX_REASON_CHARS, Article, Failure, Record

FUZZ = settings(max_examples=60, deadline=2000, suppress_health_check=[HealthCheck.too_slow,
                                                                        HealthCheck.function_scoped_fixture])

# any code point, lone surrogates and controls included
# any code point, with the troublemakers (lone surrogates, ESC, CSI, NUL, a bidi override) made common
# (st.text leaves surrogates out whatever its alphabet: a list of characters joined keeps them)
any_text = st.lists(st.one_of(st.characters(min_codepoint=0, max_codepoint=0x10FFFF),
                              st.sampled_from(["\ud800", "\udfff", "\udcff", "\x1b", "\x9b", "\x00", "\u202e"])),
                    max_size=60).map("".join)
json_scalar = st.one_of(st.none(), st.booleans(), st.integers(), any_text, st.floats(allow_nan=False))
json_value = st.recursive(json_scalar, lambda kids: st.lists(kids, max_size=3) | st.dictionaries(any_text, kids,
                                                                                                   max_size=3),
                          max_leaves=8)
fields = st.fixed_dictionaries({}, optional={k: st.one_of(any_text, any_text, any_text, json_value)
                                             for k in ("id", "title", "url", "author", "source", "published",
                                                       "publisher")})
# an article text half the time (so that the metadata reaches an Article), anything the other half
texts = st.one_of(st.builds(lambda t: f"Shelling resumed at dawn, officials said. {t}".replace("\ud800", ""),
                            st.text(st.characters(min_codepoint=32, max_codepoint=0xD7FF), max_size=40)), any_text)


def _storable(item: Article | Failure) -> None:
    strings = ([item.origin, item.reason, item.id] if isinstance(item, Failure)
               else [item.id, item.title, item.url, item.source, item.author, item.published, item.text])
    for s in strings:
        if s is not None:
            assert isinstance(s, str)
            s.encode("utf-8")  # no lone surrogates
    if isinstance(item, Failure):
        assert len(item.reason) <= MAX_REASON_CHARS


@FUZZ
@given(lines=st.lists(st.one_of(st.binary(max_size=200),
                                st.builds(lambda f, t: json.dumps({**f, "text": t}).encode(), fields, texts)),
                      max_size=6))
def test_jsonl_reader_takes_any_bytes(lines):
    data = b"\n".join(lines)
    items = list(read_stream(io.BytesIO(data), "fuzz.jsonl"))
    assert len(items) == sum(1 for line in data.split(b"\n") if line.strip())  # one item per non-blank line
    for it in items:
        assert isinstance(it, (Article, Failure))
        _storable(it)


@FUZZ
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".txt", ".html", ".jsonl", ".warc", ".warc.gz",
                                                              ".rss", ".xml"]))
def test_every_reader_takes_any_bytes(data, suffix):
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / f"fuzz{suffix}"
        f.write_bytes(data)
        for it in read_path(f):
            assert isinstance(it, (Article, Failure))
            _storable(it)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from newsgraph.store import connect

    conn = connect(tmp_path_factory.mktemp("fuzz") / "f.db")
    yield conn
    conn.close()


_n = itertools.count()


@FUZZ
@given(id=any_text, title=any_text, url=any_text, source=any_text, author=any_text, published=any_text,
       text=any_text)
def test_writer_stores_whatever_enters(store, id, title, url, source, author, published, text):
    from newsgraph.store.writer import write_failure, write_record

    k = next(_n)
    item = entering(Article(id=id, text=f"{text} body {k}", title=title, url=url, source=source, author=author,
                            published=published))
    if isinstance(item, Article):
        assert write_record(store, Record.for_article(item))
        stored = store.execute("SELECT title FROM articles WHERE content_hash = ?",
                               (item.content_hash,)).fetchone()
        assert tuple(stored) == (item.title,)
    else:
        assert "surrogate" in item.reason
    before = store.execute("SELECT count(*) FROM failures").fetchone()[0]
    write_failure(store, Failure(origin=f"{source}{k}", reason=text * 50, id=id))
    assert store.execute("SELECT count(*) FROM failures").fetchone()[0] == before + 1


@FUZZ
@given(html=any_text, url=any_text)
def test_html_page_extraction_never_raises(html, url):
    got = entering(HtmlPage(html="<html><body><p>" + html + "</p></body></html>", origin=url, id=url, url=url))
    item = got.extract(max_chars=1_000_000)
    assert isinstance(item, (Article, Failure))
    _storable(item)
