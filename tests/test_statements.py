"""Statements, copies and disagreements (issue 19): the rules one by one (each fails without itself),
then the store: incremental equals rebuilt, reruns change nothing, a kill loses nothing, a speaker
change moves a quote, two speakers never share a statement; then the API shapes, pages, CLI, export."""
from __future__ import annotations

import json

import pytest

from newsgraph.record import Entity, Mention, Quote, Record, Speaker
from newsgraph.statements import copies as C
from newsgraph.statements import figures as F
from newsgraph.statements import match as M
from newsgraph.statements.normalise import anchors, norm_key, norm_words

W = norm_words

# -- normalisation ---------------------------------------------------------------------------------


def test_normalised_words_ignore_marks_case_punctuation_and_spacing():
    assert W("“We will NOT surrender,”  ") == W("we will not  surrender...") == ("we", "will", "not", "surrender")
    assert W("Kyiv’s air defence") == W("Kyiv's Air Defence")
    assert W("100,000 households") == ("100,000", "households")
    assert norm_key(W("“Kharkiv has survived worse.”")) == norm_key(W('"kharkiv has survived worse"'))


def test_a_shared_run_of_five_words_shares_an_anchor():
    long = W("They want to freeze us out, but Kharkiv has survived worse than this winter")
    part = W("Kharkiv has survived worse than")
    assert anchors(long) & anchors(part)
    assert not anchors(W("grain ships left the port of Odesa")) & anchors(part)


# -- the rules, each with the example it exists for -----------------------------------------------

RULE_CASES = [
    (M.identical, "“We will not surrender,”", "we will not surrender"),
    (M.one_word_edit, "The enemy is deliberately targeting energy infrastructure",
     "The enemy is deliberately targeting our energy infrastructure"),
    (M.trimmed, "They want to freeze us out, but Kharkiv has survived worse than any winter",
     "Kharkiv has survived worse than any winter"),
    (M.trimmed_and_edited, "The enemy is deliberately targeting energy infrastructure, they want to freeze us out",
     "the enemy is deliberately targeting our energy infrastructure"),
]


@pytest.mark.parametrize("rule,a,b", RULE_CASES, ids=[r.__name__ for r, _, _ in RULE_CASES])
def test_each_rule_joins_its_example_and_nothing_else_does(rule, a, b):
    assert M.same_statement(W(a), W(b))
    assert rule(W(a), W(b))
    assert not M.same_statement(W(a), W(b), rules=[r for r in M.RULES if r is not rule])


@pytest.mark.parametrize("a,b", [
    ("12 people were killed in the strike on the market", "15 people were killed in the strike on the market"),
    ("we will surrender to the aggressor in the end", "we will not surrender to the aggressor in the end"),
    ("London and Paris are playing with fire, and they know it", "London and Berlin are playing with fire, and they know it"),
    ("open to a political and diplomatic path", "open to a political and military path"),
    ("a very difficult winter", "a very difficult winter ahead for us all"),  # a 4-word part is too short to tell
    ("They control the roads in daylight. At night the countryside is ours",
     "They control the roads in daylight. At night the countryside is not ours"),
    ("the situation at the front is stable and under control", "we expect a new offensive before the winter"),
])
def test_look_alikes_by_one_speaker_are_other_statements(a, b):
    assert not M.same_statement(W(a), W(b))


def test_a_word_spelt_two_ways_is_one_word():
    assert M.same_statement(W("Russian drones struck Kyiv again overnight, the mayor said"),
                            W("Russian drones struck Kiev again overnight, the mayor said"))


# -- copies ------------------------------------------------------------------------------------------

STORY = ("Russian drones struck a thermal power station in Kharkiv overnight, cutting electricity to thousands "
         "of homes as temperatures dropped below freezing.\n\n“We heard three explosions, one after another,” "
         "said Olena Marchenko, a schoolteacher who lives two streets from the plant. “The windows shook and "
         "then everything went dark.”\n\nIhor Terekhov, the mayor of Kharkiv, said repair crews had restored "
         "power to most districts by Sunday evening. He warned that the city should prepare for “a very "
         "difficult winter”.\n\nAccording to the regional military administration, at least 11 drones were "
         "launched from Belgorod, across the border in Russia.\n\nEnergy analysts in Kyiv say the attacks are "
         "likely to intensify in November, when demand for heating peaks across the country.")


def syndicated(text: str) -> str:
    paras = text.split("\n\n")
    del paras[3]
    paras[1], paras[2] = paras[2], paras[1]
    return "KHARKIV, Oct 15 (Kyiv Echo) - " + "\n\n".join(paras).replace("“", '"').replace("”", '"')


def test_a_syndicated_copy_is_a_copy_and_shares_a_band():
    a, b = C.shingles(STORY), C.shingles(syndicated(STORY))
    assert C.is_copy(C.similarity(a, b))
    assert set(C.band_keys(C.signature(a))) & set(C.band_keys(C.signature(b)))


def test_a_story_sharing_one_paragraph_is_not_a_copy():
    other = STORY.split("\n\n")[1] + "\n\n" + ("Grain ships left Odesa on Monday despite the missile threat, "
                                              "port officials said, as insurers raised their rates again. ") * 2
    assert not C.is_copy(C.similarity(C.shingles(STORY), C.shingles(other)))


def test_an_outlet_is_the_publisher_else_the_site():
    from newsgraph.store.copies import outlet

    assert outlet("Demo Wire", "https://demo.invalid/a") == "Demo Wire"
    assert outlet("/data/in/story.txt", "https://www.kyivindependent.com/x") == "kyivindependent.com"
    assert outlet(None, None) == "unknown"


# -- figures -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("rule,sentence,want", [
    (F.counted_noun, "Russia launched 57 Ukrainian drones and four missiles overnight.",
     [("drones", 57), ("missiles", 4)]),
    (F.toll_after_verb, "A drone attack on Belgorod killed three people.", [("killed", 3)]),
    (F.toll_before_word, "Seven people died and 16 were wounded.", [("killed", 7), ("injured", 16)]),
])
def test_each_figure_rule_finds_its_example(rule, sentence, want, monkeypatch):
    assert [(f.thing, f.number) for f in F.find_figures(sentence)] == want
    monkeypatch.setattr(F, "RULES", [r for r in F.RULES if r is not rule])
    assert [(f.thing, f.number) for f in F.find_figures(sentence)] != want


def test_figures_need_one_place_and_a_day():
    text = "A drone attack on Belgorod killed three people. Drones hit Kursk and Bryansk, killing two."
    places = [(18, 26, 1, "Belgorod"), (58, 63, 2, "Kursk"), (68, 75, 3, "Bryansk")]
    got = F.placed_figures(text, places, [], "2025-11-03")
    assert [(p.figure.number, p.place, p.day) for p in got] == [(3, "Belgorod", "2025-11-03")]
    assert F.placed_figures(text, places, [], None) == []


def test_an_at_least_figure_only_conflicts_with_a_smaller_one():
    assert F.conflict((12, "exact"), (15, "exact"))
    assert not F.conflict((7, "min"), (9, "exact"))
    assert F.conflict((7, "min"), (5, "exact"))
    assert not F.conflict((30, "about"), (40, "exact"))


# -- the store --------------------------------------------------------------------------------------

def record(id: str, text: str, quotes: list[tuple[str, str]], *, source="Demo Wire", published="2024-10-14",
           url=None) -> Record:
    """A record whose quotes are (speaker name, quoted words found in the text)."""
    ents: dict[str, Entity] = {}
    qs = []
    for name, words in quotes:
        s = text.index(words)
        e = ents.setdefault(name, Entity(id=f"e{len(ents) + 1}", name=name, type="PERSON",
                                         mentions=[Mention(0, 0, "")], descriptors=[]))
        at = max(text.find(name), 0)
        qs.append(Quote(start=s, end=s + len(words), text=words, type="direct",
                        speaker=Speaker(name=name, start=at, end=at + len(name), text=text[at:at + len(name)],
                                        entity=e.id)))
    return Record(id=id, text=text, title=id, source=source, published=published, url=url, quotes=qs,
                  entities=list(ents.values()))


Q1 = "We heard three explosions, one after another"
Q2 = "The windows shook and then everything went dark."
Q3 = "repair crews had restored power to most districts by Sunday evening"


def corpus() -> list[Record]:
    return [
        record("orig", STORY, [("Olena Marchenko", Q1), ("Olena Marchenko", Q2), ("Ihor Terekhov", Q3)]),
        record("copy", syndicated(STORY), [("Olena Marchenko", Q1), ("Olena Marchenko", Q2), ("Ihor Terekhov", Q3)],
               source="Kyiv Echo", published="2024-10-15"),
        record("own", "Ihor Terekhov told us repair crews had restored power to most districts by Sunday. "
               "Olena Marchenko said: “The windows shook and then everything went dark.” It was cold. "
               "Maria Lebedeva said “We heard three explosions, one after another” too.",
               [("Ihor Terekhov", "repair crews had restored power to most districts by Sunday"),
                ("Olena Marchenko", Q2), ("Maria Lebedeva", Q1)], source="Harbour Post", published="2024-10-16"),
    ]


def build(tmp_path, records, *, halves=True):
    from newsgraph.store import connect
    from newsgraph.store.speakers import resolve_speakers
    from newsgraph.store.statements import update_statements
    from newsgraph.store.writer import write_record

    conn = connect(tmp_path / "s.db")
    parts = [records[:1], records[1:]] if halves else [records]
    for part in parts:
        for r in part:
            write_record(conn, r)
        resolve_speakers(conn)
        update_statements(conn)
    return conn


def members(conn) -> set[frozenset]:
    by: dict[int, set] = {}
    for aid, s, e, sid in conn.execute('SELECT q.article_id, q.start, q."end", qs.statement_id FROM quotes q'
                                       " JOIN quote_statements qs ON qs.quote_id = q.id"):
        by.setdefault(sid, set()).add((aid, s, e))
    return {frozenset(v) for v in by.values()}


def test_statements_join_copies_and_trimmed_versions_never_two_speakers(tmp_path):
    from newsgraph.store.statement_queries import get_statement, list_statements, speaker_disagreements

    conn = build(tmp_path, corpus())
    total, items = list_statements(conn)
    by_content = {i["content"]: i for i in items}
    terekhov = by_content[Q3]
    assert terekhov["articles"] == ["orig", "copy", "own"] and terekhov["first_outlet"] == "Demo Wire"
    assert terekhov["outlets"] == ["Demo Wire", "Kyiv Echo", "Harbour Post"]
    assert terekhov["independent_reports"] == 2  # the copy counts once
    assert terekhov["first_seen"] == "2024-10-14"
    q1 = [i for i in items if i["content"] == Q1]
    assert sorted(i["speaker"]["name"] for i in q1) == ["Maria Lebedeva", "Olena Marchenko"]  # never merged
    assert conn.execute("SELECT count(*) FROM (SELECT qs.statement_id FROM quote_statements qs JOIN quotes q"
                        " ON q.id = qs.quote_id GROUP BY 1 HAVING count(DISTINCT q.speaker_id) > 1)").fetchone()[0] == 0
    assert set(items[0]) >= {"id", "content", "speaker", "first_seen", "first_outlet", "outlets", "articles",
                             "independent_reports"}
    s = get_statement(conn, terekhov["id"])
    assert [t["first"] for t in s["timeline"]] == [True, False, False]
    assert s["timeline"][1]["copy_of"] == "orig"
    assert speaker_disagreements(conn) == []  # Q1 is 7 words: a common phrase, not a disagreement
    assert total == 4


def test_incremental_equals_rebuild_and_rerun_changes_nothing(tmp_path):
    from newsgraph.store.statements import rebuild_statements, update_statements

    conn = build(tmp_path, corpus())
    before = members(conn)
    assert update_statements(conn) == {"sketched": 0, "assigned": 0, "recounted": 0}
    assert members(conn) == before
    rebuild_statements(conn)
    assert members(conn) == before
    other = build(tmp_path / "x", list(reversed(corpus())), halves=False) if (tmp_path / "x").mkdir() is None else None
    assert members(other) == before  # order does not matter


def test_a_kill_mid_update_loses_nothing(tmp_path, monkeypatch):
    from newsgraph.store import statements as S

    conn = build(tmp_path, corpus()[:1])
    from newsgraph.store.writer import write_record

    for r in corpus()[1:]:
        write_record(conn, r)
    real, calls = S.assign_quote, []

    def dies(*a, **k):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(*a, **k)

    monkeypatch.setattr(S, "assign_quote", dies)
    with pytest.raises(KeyboardInterrupt):
        S.update_statements(conn, chunk=2)
    monkeypatch.setattr(S, "assign_quote", real)
    S.update_statements(conn)
    assert members(conn) == members(build(tmp_path / "y", corpus()) if (tmp_path / "y").mkdir() is None else None)


def test_a_quote_whose_speaker_changes_moves_to_the_new_speakers_statement(tmp_path):
    from newsgraph.store.statements import update_statements

    conn = build(tmp_path, corpus())
    qid = conn.execute("SELECT id FROM quotes WHERE article_id = 'own' AND speaker_name = 'Maria Lebedeva'").fetchone()[0]
    olena = conn.execute("SELECT speaker_id FROM quotes WHERE article_id = 'orig' AND text = ?", (Q1,)).fetchone()[0]
    with conn:
        conn.execute("UPDATE quotes SET speaker_id = ? WHERE id = ?", (olena, qid))
    update_statements(conn)
    sids = {r[0] for r in conn.execute("SELECT qs.statement_id FROM quotes q JOIN quote_statements qs ON qs.quote_id = q.id"
                                       " WHERE q.content = ? OR q.text = ?", (Q1, Q1))}
    assert len(sids) == 1
    assert conn.execute("SELECT count(*) FROM statements WHERE speaker_id NOT IN (SELECT speaker_id FROM quotes"
                        " WHERE speaker_id IS NOT NULL)").fetchone()[0] == 0  # the emptied statement is gone


def test_reanalysing_an_article_keeps_its_statements(tmp_path):
    from newsgraph.store.statements import update_statements
    from newsgraph.store.writer import write_record

    conn = build(tmp_path, corpus())
    before = members(conn)
    write_record(conn, corpus()[0], replace=True)
    update_statements(conn)
    assert members(conn) == before
    assert conn.execute("SELECT count(*) FROM copies").fetchone()[0] == 2


def test_speaker_figures_count_a_copy_once(tmp_path):
    from newsgraph.store.queries import list_speakers

    conn = build(tmp_path, corpus())
    olena = next(s for s in list_speakers(conn) if s["name"] == "Olena Marchenko")
    assert (olena["quotes"], olena["articles"]) == (3, 2)  # orig (2) + own (1); the copy's two count once


def test_figure_disagreements_list_both_sources(tmp_path):
    from newsgraph.record import Place
    from newsgraph.store.statement_queries import figure_disagreements

    a = Record(id="f1", text="A drone attack on Belgorod killed three people, officials said.", source="Wire A",
               published="2025-11-03", places=[Place(start=18, end=26, text="Belgorod", name="Belgorod", geonameid=579514,
                                                     lat=50.6, lon=36.6, country_code="RU", feature_class="P")])
    b = Record(id="f2", text="The drone attack on Belgorod killed five people, the governor said.", source="Wire B",
               published="2025-11-03", places=[Place(start=20, end=28, text="Belgorod", name="Belgorod", geonameid=579514,
                                                     lat=50.6, lon=36.6, country_code="RU", feature_class="P")])
    conn = build(tmp_path, [a, b])
    got = figure_disagreements(conn)
    assert [(d["thing"], d["place"], d["day"]) for d in got] == [("killed", "Belgorod", "2025-11-03")]
    assert sorted((s["article_id"], s["number"], s["outlet"]) for s in got[0]["sources"]) == [
        ("f1", 3, "Wire A"), ("f2", 5, "Wire B")]


# -- surfaces -----------------------------------------------------------------------------------------

@pytest.fixture
def client(tmp_path):
    from fastapi.testclient import TestClient

    from newsgraph.web.app import create_app

    build(tmp_path, corpus()).close()
    return TestClient(create_app(tmp_path / "s.db"))


def test_api_shapes(client):
    r = client.get("/api/statements", params={"speaker": "Terekhov", "min_outlets": 2})
    assert r.status_code == 200
    items = r.json()["items"]
    assert len(items) == 1 and set(items[0]) == {"id", "content", "speaker", "first_seen", "first_outlet", "outlets",
                                                 "articles", "independent_reports"}
    assert items[0]["speaker"]["name"] == "Ihor Terekhov" and set(items[0]["speaker"]) == {"id", "name"}
    one = client.get(f"/api/statements/{items[0]['id']}").json()
    assert one["articles"] == items[0]["articles"] and one["timeline"][0]["first"]
    assert client.get("/api/statements", params={"q": "windows shook"}).json()["total"] == 1
    later = client.get("/api/statements", params={"since": "2024-10-15"}).json()["items"]
    assert [i["speaker"]["name"] for i in later] == ["Maria Lebedeva"]  # first seen in 'own', 2024-10-16
    assert client.get("/api/statements", params={"until": "2024-10-13"}).json()["total"] == 0
    assert client.get("/api/statements/999999").status_code == 404
    art = client.get("/api/articles/copy").json()
    assert art["copies"] == ["orig"] and all(isinstance(q["statement"], int) for q in art["quotes"])
    assert client.get("/api/articles/own").json()["copies"] == []


def test_pages(client):
    sid = client.get("/api/statements", params={"speaker": "Terekhov"}).json()["items"][0]["id"]
    page = client.get(f"/statements/{sid}").text
    assert 'id="first-publisher"' in page and "Kyiv Echo" in page and "Harbour Post" in page
    assert "also published by" in client.get("/articles/copy").text
    assert client.get("/statements").status_code == 200 and client.get("/disagreements").status_code == 200
    speaker = client.get("/speakers").text
    assert "Olena Marchenko" in speaker
    found = client.get("/search", params={"q": "windows shook"}).text  # the statement once, not once per copy
    assert found.count('class="statement"') == 1 and "+2 more, 2 independent reports" in found


def test_cli_and_export(tmp_path):
    from click.testing import CliRunner

    from newsgraph.cli import main

    build(tmp_path, corpus()).close()
    db = str(tmp_path / "s.db")
    res = CliRunner().invoke(main, ["statements", "--db", db, "--json", "--speaker", "Marchenko"])
    assert res.exit_code == 0, res.output
    assert {r["content"] for r in json.loads(res.output)} == {Q1, Q2}
    res = CliRunner().invoke(main, ["export", "--db", db, "--what", "statements", "-o", str(tmp_path / "s.jsonl")])
    assert res.exit_code == 0, res.output
    rows = [json.loads(ln) for ln in (tmp_path / "s.jsonl").read_text().splitlines()]
    assert len(rows) == 4 and rows[0]["independent_reports"] == 2
    res = CliRunner().invoke(main, ["statements", "--db", db, "--rebuild"])
    assert res.exit_code == 0 and "3 articles sketched" in res.output


def test_load_from_shards_makes_the_same_statements(tmp_path):
    """`newsgraph load` (the Ray engine's shards) ends with the same statements as a direct ingest."""
    from newsgraph.engines import shards
    from newsgraph.store import connect

    recs = corpus()
    shards.write_part(shards.to_tables(list(enumerate(recs[:2]))), tmp_path / "sh", "part-r-000000000000")
    shards.write_part(shards.to_tables(list(enumerate(recs[2:], 2))), tmp_path / "sh", "part-r-000000000002")
    conn = connect(tmp_path / "loaded.db")
    shards.load_dir(tmp_path / "sh", conn)
    (tmp_path / "direct").mkdir()
    assert members(conn) == members(build(tmp_path / "direct", recs))
    assert conn.execute("SELECT count(*) FROM statement_queue").fetchone()[0] == 0
