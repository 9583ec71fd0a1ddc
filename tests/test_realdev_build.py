"""benchmarks/realdev/build_gold.py rebuilds score.py gold from offsets and local texts, and refuses changed texts."""
import hashlib
import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("build_gold", ROOT / "benchmarks" / "realdev" / "build_gold.py")
build_gold = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build_gold)

TEXT = ("GOMA (Reuters) - Rebels reached the airport on Sunday, a spokesman said. "
        "\u201cWe are holding the road,\u201d Colonel Jean Mbala told Reuters.")


def _sha(s):
    return hashlib.sha256(s.encode("utf-8")).hexdigest()


def _annotation():
    q0 = TEXT.index("Rebels reached")
    q1 = TEXT.index("We are holding")
    spk = TEXT.index("Jean Mbala")
    cue = TEXT.index("told")
    return {"id": "t1", "url": "https://example.org/t1", "outlet": "Test", "sha256": _sha(TEXT), "quotes": [
        {"type": "indirect", "start": q0, "end": TEXT.index(" on Sunday"), "span_sha": _sha(TEXT[q0:TEXT.index(" on Sunday")])[:12],
         "speaker": "a spokesman", "speaker_start": TEXT.index("a spokesman"), "speaker_end": TEXT.index(" said"),
         "cue_start": TEXT.index("said"), "cue_end": TEXT.index("said") + 4},
        {"type": "direct", "start": q1, "end": q1 + len("We are holding the road,"),
         "span_sha": _sha("We are holding the road,")[:12], "speaker": "Jean Mbala",
         "speaker_start": spk, "speaker_end": spk + 10, "cue_start": cue, "cue_end": cue + 4}]}


def test_rebuilds_quote_text_and_cue_from_offsets(tmp_path):
    ann = tmp_path / "ann.jsonl"
    ann.write_text(json.dumps(_annotation()) + "\n", encoding="utf-8")
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "t1.txt").write_text(TEXT, encoding="utf-8")
    out = tmp_path / "gold.jsonl"
    rc = build_gold.main(["--texts", str(tmp_path / "texts"), "-o", str(out), "--annotations", str(ann)])
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert rc == 0 and doc["text"] == TEXT
    assert [q["text"] for q in doc["quotes"]] == ["Rebels reached the airport", "We are holding the road,"]
    assert [q["cue"] for q in doc["quotes"]] == ["said", "told"]


def test_a_changed_or_missing_text_is_named_and_left_out(tmp_path, capsys):
    a1, a2 = _annotation(), dict(_annotation(), id="t2")
    ann = tmp_path / "ann.jsonl"
    ann.write_text(json.dumps(a1) + "\n" + json.dumps(a2) + "\n", encoding="utf-8")
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "t1.txt").write_text(TEXT.replace("Sunday", "Monday"), encoding="utf-8")
    out = tmp_path / "gold.jsonl"
    rc = build_gold.main(["--texts", str(tmp_path / "texts"), "-o", str(out), "--annotations", str(ann)])
    err = capsys.readouterr().err
    assert rc == 1 and out.read_text(encoding="utf-8") == ""
    assert "t1: text changed" in err and "t2: missing" in err


def test_the_committed_annotations_hold_offsets_not_article_text():
    # the articles are other people's work: only offsets, labels and hashes may be committed
    path = ROOT / "benchmarks" / "realdev" / "annotations.jsonl"
    docs = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    assert len(docs) >= 28
    for d in docs:
        assert "text" not in d and len(d["sha256"]) == 64
        for q in d["quotes"]:
            assert set(q) == {"type", "start", "end", "span_sha", "speaker", "speaker_start", "speaker_end",
                              "cue_start", "cue_end"}
            assert q["start"] < q["end"] <= d["chars"] and len(q["span_sha"]) == 12
