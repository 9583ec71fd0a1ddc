"""Make benchmarks/gold/statements_gold.jsonl: the gold set for statements and copies (issue 19).

From the war-reporting gold articles (their quotes and speakers are gold) and the demo corpus, it makes
realistic syndicated copies (another outlet, a new headline and URL, a dateline, other quotation marks,
a paragraph dropped or moved, a day later), independent reports that quote a trimmed or one-word-edited
version of the same words, and look-alikes that are not the same: the same speaker with other words (a
number changed, a negation, a different sentence), the same words put in another speaker's mouth, and
stories that share a background paragraph without being copies. The hand-written cases are in HAND.

Each line is an article: {"id", "title", "url", "source", "published", "text", "report": gold report
label, "quotes": [{"start", "end", "text", "speaker", "statement": gold statement label}]}. Two quotes
are one statement when their labels are equal; two articles are copies when their reports are equal.

    python benchmarks/gold/make_statements_gold.py   # rewrites statements_gold.jsonl (deterministic)
"""
from __future__ import annotations

import json
import random
import re
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
OUTLETS = ["Kyiv Echo", "Baltic Observer", "Danube Daily", "Sahel Times", "Harbour Post", "Metro Ledger",
           "Valley Courier", "Northern Star"]
CITIES = ["KYIV", "LONDON", "PARIS", "NAIROBI", "BEIRUT", "WARSAW"]


def _day(published: str | None, days: int) -> str | None:
    if not published:
        return None
    return (date.fromisoformat(published[:10]) + timedelta(days=days)).isoformat()


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in re.finditer(r"\n+", text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return [(s, e) for s, e in out if e > s]


def _assemble(text: str, quotes: list[dict], order: list[int], prefix: str, marks: dict[str, str]) -> tuple[str, list[dict]]:
    """A new text from the paragraphs in ``order`` (joined by blank lines) after ``prefix``, with the
    quotation marks swapped (one character for one), and the quotes that survive at their new offsets."""
    paras = _paragraphs(text)
    out, new_quotes, pos = [prefix], [], len(prefix)
    for n, i in enumerate(order):
        s, e = paras[i]
        piece = text[s:e].translate(str.maketrans(marks))
        for q in quotes:
            if s <= q["start"] and q["end"] <= e:
                nq = dict(q, start=q["start"] - s + pos, end=q["end"] - s + pos)
                nq["text"] = piece[q["start"] - s:q["end"] - s]
                new_quotes.append(nq)
        out.append(piece)
        pos += len(piece)
        if n < len(order) - 1:
            out.append("\n\n")
            pos += 2
    return "".join(out), new_quotes


def _gold_quotes(article: dict) -> list[dict]:
    """The article's gold quotes, each labelled by its article and index; a quote repeated word for word
    by the same speaker (a headline and a bullet) is one statement, labelled by its first occurrence."""
    first: dict[tuple[str, str], int] = {}
    out = []
    for i, q in enumerate(article.get("quotes", [])):
        key = (q["speaker"], " ".join(re.findall(r"\w+", q["text"].lower())))
        out.append({"start": q["start"], "end": q["end"], "text": q["text"], "speaker": q["speaker"],
                    "statement": f"{article['id']}#{first.setdefault(key, i)}"})
    return out


def copies_of(article: dict, rng: random.Random) -> list[dict]:
    """Two syndicated copies: the whole story with a dateline and other marks, a day later at another
    outlet; and one with a paragraph dropped and two swapped."""
    quotes = _gold_quotes(article)
    paras = _paragraphs(article["text"])
    out = []
    outlet = rng.choice(OUTLETS)
    prefix = f"{rng.choice(CITIES)}, ({outlet}) - "
    text, qs = _assemble(article["text"], quotes, list(range(len(paras))), prefix, {"“": '"', "”": '"'})
    out.append({"id": f"{article['id']}~copy1", "title": "UPDATE 1-" + (article.get("title") or article["id"]),
                "url": f"https://{outlet.lower().replace(' ', '')}.invalid/{article['id']}", "source": outlet,
                "published": _day(article.get("published"), 1), "text": text, "report": article["id"], "quotes": qs})
    if len(paras) >= 4:
        order = list(range(len(paras)))
        drop = rng.randrange(1, len(paras) - 1)
        order.remove(drop)
        i = rng.randrange(1, len(order) - 1)
        order[i], order[i + 1] = order[i + 1], order[i]
        outlet = rng.choice(OUTLETS)
        text, qs = _assemble(article["text"], quotes, order, "", {'"': "“"} if '"' in article["text"] else {})
        out.append({"id": f"{article['id']}~copy2", "title": f"{outlet}: " + (article.get("title") or article["id"]),
                    "url": f"https://{outlet.lower().replace(' ', '')}.invalid/news/{article['id']}",
                    "source": outlet, "published": article.get("published"), "text": text,
                    "report": article["id"], "quotes": qs})
    return out


FILLER = ["The statement came as diplomats met to discuss the situation.",
          "Officials did not give further details.",
          "The claims could not be independently verified.",
          "Fighting has continued in the area for several weeks."]


def independent_report(article: dict, rng: random.Random, n: int) -> dict | None:
    """Another outlet's own story quoting the same speakers: a trimmed version of a long quote and a
    one-word edit of another (both the same statements), plus look-alikes that are not: the same speaker
    with a number changed or a negation added, and the same words given to another speaker."""
    quotes = [q for q in _gold_quotes(article) if len(q["text"].split()) >= 10]
    if len(quotes) < 2:
        return None
    a, b = rng.sample(quotes, 2)
    wa = a["text"].strip(" ,.").split()
    cut = rng.randrange(8, len(wa)) if len(wa) > 9 else len(wa)
    trimmed = " ".join(wa[:cut] if rng.random() < 0.5 else wa[len(wa) - cut:])
    wb = b["text"].strip(" ,.").split()
    k = rng.randrange(1, len(wb) - 1)
    edited = " ".join(wb[:k] + ["indeed"] + wb[k:])
    pieces = [(f"{rng.choice(FILLER)} ", None),
              (f"{a['speaker']} said: “", None), (trimmed, dict(a)), ("”. ", None),
              (f"{rng.choice(FILLER)} ", None),
              ("“", None), (edited, dict(b)), (f",” {b['speaker']} added. ", None)]
    numbered = next((q for q in quotes if re.search(r"\b\d+\b", q["text"]) and q is not a), None)
    if numbered is not None:
        changed = re.sub(r"\b(\d+)\b", lambda m: str(int(m.group(1)) + 7), numbered["text"].strip(" ,."), count=1)
        pieces += [("Later ", None), (numbered["speaker"], None), (" said “", None),
                   (changed, dict(numbered, statement=f"{numbered['statement']}~number")), ("”. ", None)]
    negated = re.sub(r"\b(is|was|are|were|will|would|has|have|had|can)\b", r"\1 not", b["text"].strip(" ,."), count=1)
    if negated != b["text"].strip(" ,."):
        pieces += [(f"{b['speaker']} also said “", None),
                   (negated, dict(b, statement=f"{b['statement']}~negated")), ("”. ", None)]
    text, qs, pos = "", [], 0
    for piece, q in pieces:
        if q is not None:
            qs.append({"start": pos, "end": pos + len(piece), "text": piece, "speaker": q["speaker"],
                       "statement": q["statement"]})
        text += piece
        pos += len(piece)
    outlet = OUTLETS[n % len(OUTLETS)]
    return {"id": f"{article['id']}~own", "title": f"{a['speaker']} speaks out", "url": f"https://own.invalid/{n}",
            "source": outlet, "published": _day(article.get("published"), 2), "text": text,
            "report": f"{article['id']}~own", "quotes": qs}


def borrowed_words(articles: list[dict], rng: random.Random) -> list[dict]:
    """The same long words attributed to another speaker (a misattribution): never one statement."""
    out = []
    pool = [(art, q) for art in articles for q in _gold_quotes(art) if len(q["text"].split()) >= 12]
    rng.shuffle(pool)
    for n, (art, q) in enumerate(pool[:12]):
        other = next(q2["speaker"] for a2, q2 in pool if q2["speaker"] != q["speaker"])
        lead = f"{rng.choice(FILLER)} {other} said: “"
        words = q["text"].strip(" ,.")
        text = lead + words + "”."
        out.append({"id": f"{art['id']}~borrowed", "title": f"{other} on the crisis", "url": f"https://b.invalid/{n}",
                    "source": OUTLETS[(n + 3) % len(OUTLETS)], "published": _day(art.get("published"), 3),
                    "text": text, "report": f"{art['id']}~borrowed",
                    "quotes": [{"start": len(lead), "end": len(lead) + len(words), "text": words, "speaker": other,
                                "statement": f"{q['statement']}~as-{other}"}]})
    return out


def background_lookalike(a: dict, b: dict, n: int) -> dict:
    """A roundup that shares its background paragraph with ``a`` and its lede with ``b``: a copy of
    neither (its quotes are ``b``'s, so its statements are ``b``'s)."""
    pa = _paragraphs(a["text"])
    s, e = pa[-1]
    lead = a["text"][s:e] + "\n\n" + FILLER[n % len(FILLER)] + "\n\n"
    text, qs = _assemble(b["text"], _gold_quotes(b), [0], lead, {})
    return {"id": f"{b['id']}~mixed{n}", "title": "Roundup", "url": f"https://roundup.invalid/{n}", "source": "Metro Ledger",
            "published": b.get("published"), "text": text, "report": f"{b['id']}~mixed{n}", "quotes": qs}


# Written by hand: wordings a generator does not make (a paraphrase that is not the same words, a quote
# cut in the middle, the same speaker saying something close but different).
HAND = [
    {"id": "hand-voronin-1", "title": "Kremlin rules out talks", "source": "Northern Star", "published": "2025-11-04",
     "url": "https://hand.invalid/1", "report": "hand-voronin-1",
     "text": "Dmitry Voronin said on Tuesday: “There are no conditions for a new round. Kyiv has shown that it is "
             "not interested in a peaceful settlement.” He said Moscow was ready to wait.",
     "quotes": [{"find": "There are no conditions for a new round. Kyiv has shown that it is not interested in a peaceful settlement.",
                 "speaker": "Dmitry Voronin", "statement": "afp_moscow_kremlin#2"}]},
    {"id": "hand-voronin-2", "title": "Kremlin open to diplomacy", "source": "Valley Courier", "published": "2025-11-05",
     "url": "https://hand.invalid/2", "report": "hand-voronin-2",
     "text": "“At the moment there are conditions for a new round, and Kyiv has shown interest,” Dmitry Voronin "
             "told reporters a week later, in a change of tone.",
     "quotes": [{"find": "At the moment there are conditions for a new round, and Kyiv has shown interest,",
                 "speaker": "Dmitry Voronin", "statement": "hand-voronin-2#0"}]},
    {"id": "hand-lebedeva-1", "title": "Lebedeva warns Europe", "source": "Danube Daily", "published": "2025-11-03",
     "url": "https://hand.invalid/3", "report": "hand-lebedeva-1",
     "text": "Maria Lebedeva said the Europeans were “once again trying to drag out the conflict with weapons and "
             "money”, adding: “They bear full responsibility for every new victim.”",
     "quotes": [{"find": "once again trying to drag out the conflict with weapons and money", "speaker": "Maria Lebedeva",
                 "statement": "afp_moscow_kremlin#12"},
                {"find": "They bear full responsibility for every new victim.", "speaker": "Maria Lebedeva",
                 "statement": "afp_moscow_kremlin#12"}]},
    {"id": "hand-lebedeva-2", "title": "Lebedeva on London", "source": "Kyiv Echo", "published": "2025-11-06",
     "url": "https://hand.invalid/4", "report": "hand-lebedeva-2",
     "text": "“London and Paris are playing with fire, and they know it very well,” Maria Lebedeva wrote. "
             "“Berlin and Warsaw are playing with fire too,” she added.",
     "quotes": [{"find": "London and Paris are playing with fire, and they know it very well,", "speaker": "Maria Lebedeva",
                 "statement": "afp_moscow_kremlin#15"},
                {"find": "Berlin and Warsaw are playing with fire too,", "speaker": "Maria Lebedeva",
                 "statement": "hand-lebedeva-2#1"}]},
    {"id": "hand-marchuk-1", "title": "Kyiv judges Kremlin by deeds", "source": "Sahel Times", "published": "2025-11-04",
     "url": "https://hand.invalid/5", "report": "hand-marchuk-1",
     "text": "Oleh Marchuk said: “We judge the Kremlin by its actions and not its words.” He also said: "
             "“We judge Moscow by its missiles, not its promises.”",
     "quotes": [{"find": "We judge the Kremlin by its actions and not its words.", "speaker": "Oleh Marchuk",
                 "statement": "afp_moscow_kremlin#18"},
                {"find": "We judge Moscow by its missiles, not its promises.", "speaker": "Oleh Marchuk",
                 "statement": "hand-marchuk-1#1"}]},
]


# Harder hand-written cases, several of which the rules get wrong on purpose of measuring it: a
# reworded indirect version of a direct quote (the same statement; not the same words), two words
# changed (the same statement), and one word changed that changes what was said (not the same).
HAND += [
    {"id": "hand-marchuk-2", "title": "Marchuk on peace talk", "source": "Metro Ledger", "published": "2025-11-04",
     "url": "https://hand.invalid/6", "report": "hand-marchuk-2",
     "text": "Oleh Marchuk said Russia “says it wants peace in the morning but launches missiles at our cities at "
             "night”. He said Kyiv would judge the Kremlin by its actions rather than by its words. Marchuk warned "
             "that Moscow is using talk of negotiations to buy time for a new offensive in the east.",
     "quotes": [{"find": "says it wants peace in the morning but launches missiles at our cities at night",
                 "speaker": "Oleh Marchuk", "statement": "afp_moscow_kremlin#17"},
                {"find": "Kyiv would judge the Kremlin by its actions rather than by its words", "speaker": "Oleh Marchuk",
                 "statement": "afp_moscow_kremlin#18"},
                {"find": "Moscow is using talk of negotiations to buy time for a new offensive in the east",
                 "speaker": "Oleh Marchuk", "statement": "afp_moscow_kremlin#16"}]},
    {"id": "hand-lebedeva-3", "title": "Lebedeva on Berlin", "source": "Harbour Post", "published": "2025-11-07",
     "url": "https://hand.invalid/7", "report": "hand-lebedeva-3",
     "text": "“London and Berlin are playing with fire, and they know it,” Maria Lebedeva said on Friday.",
     "quotes": [{"find": "London and Berlin are playing with fire, and they know it,", "speaker": "Maria Lebedeva",
                 "statement": "hand-lebedeva-3#0"}]},
    {"id": "hand-voronin-3", "title": "Voronin on talks", "source": "Baltic Observer", "published": "2025-11-04",
     "url": "https://hand.invalid/8", "report": "hand-voronin-3",
     "text": "Dmitry Voronin said: “At present there are no conditions for a new round.” He said Moscow remained "
             "“open to a political and military path”.",
     "quotes": [{"find": "At present there are no conditions for a new round.", "speaker": "Dmitry Voronin",
                 "statement": "afp_moscow_kremlin#2"},
                {"find": "open to a political and military path", "speaker": "Dmitry Voronin",
                 "statement": "hand-voronin-3#1"}]},
]


def _hand(entry: dict) -> dict:
    out = {k: v for k, v in entry.items() if k != "quotes"}
    out["quotes"] = []
    for q in entry["quotes"]:
        s = entry["text"].index(q["find"])
        out["quotes"].append({"start": s, "end": s + len(q["find"]), "text": q["find"], "speaker": q["speaker"],
                              "statement": q["statement"]})
    return out


def build() -> list[dict]:
    rng = random.Random(19)
    war = [json.loads(ln) for ln in (HERE / "war_reporting.jsonl").read_text(encoding="utf-8").splitlines() if ln.strip()]
    demo = [json.loads(ln) for ln in (ROOT / "src/newsgraph/data/demo/demo.jsonl").read_text(encoding="utf-8").splitlines()
            if ln.strip()]
    out = []
    for a in war:
        out.append({"id": a["id"], "title": a.get("title") or a["id"], "url": f"https://wire.invalid/{a['id']}",
                    "source": "Demo Wire", "published": a.get("published"), "text": a["text"], "report": a["id"],
                    "quotes": _gold_quotes(a)})
    for a in demo:  # no gold quotes: copies only
        out.append({**{k: a.get(k) for k in ("id", "title", "url", "source", "published", "text")}, "report": a["id"],
                    "quotes": []})
    originals = list(out)
    for a in originals:
        out += copies_of(a, rng)
    for n, a in enumerate(war):
        own = independent_report(a, rng, n)
        if own is not None:
            out.append(own)
    out += borrowed_words(war, rng)
    picked = rng.sample(war, 16)  # sixteen different articles: no two roundups share a paragraph
    for n in range(8):
        out.append(background_lookalike(picked[2 * n], picked[2 * n + 1], n))
    out += [_hand(h) for h in HAND]
    return out


if __name__ == "__main__":
    arts = build()
    path = HERE / "statements_gold.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for a in arts:
            for q in a["quotes"]:
                assert a["text"][q["start"]:q["end"]] == q["text"], (a["id"], q)
            fh.write(json.dumps(a, ensure_ascii=False) + "\n")
    print(f"{len(arts)} articles, {sum(len(a['quotes']) for a in arts)} quotes -> {path}")
