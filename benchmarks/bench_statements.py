"""Statements at scale (issue 19): build statements and copies over a synthetic archive, and measure
the incremental update of new articles as a share of the full build; and ingest with and without the
statements step (the throughput ratio).

    .venv/bin/python benchmarks/bench_statements.py scale --quotes 100000 300000 1000000
    .venv/bin/python benchmarks/bench_statements.py ingest --n 120

``scale``: for each size, a fresh temporary store gets N quotes over N/5 articles, written straight
into its tables (the writer is not what is measured): 20,000 speakers (Zipf), each quote a new
sentence or (40%) a repeat of one of its speaker's earlier statements or (8%) a trimmed or one-word
edited version of one; 30% of the articles are syndicated copies of an earlier one (a dateline, other
quotation marks, a paragraph dropped: the same quotes). The build (``rebuild_statements``: every
article sketched, every quote assigned, every statement counted) runs in a child process, so its wall
time and peak RSS are its own. Then 1,000 new articles (the same mixture) are written and
``update_statements`` runs in another child: its time as a share of the full build (target < 5%).

``ingest``: ``newsgraph ingest`` of the same corpus (the statements gold set's articles) into two
fresh stores, with the statements step and with it switched off, alternating twice; reported as the
ratio of articles/s (target: a drop of at most 10%).
"""
from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEAKERS = 20_000


class Corpus:
    """The synthetic archive's generator: words, speakers, statements, articles (seeded)."""

    def __init__(self, seed: int = 19):
        self.rng = random.Random(seed)
        syll = ["ka", "ro", "mi", "ten", "sha", "vol", "dri", "nek", "po", "lu", "zar", "bin", "tor", "el", "av"]
        # English's function words are its most frequent, as in any news text; then 12,000 made-up words
        function = ("the of and to a in that is was he for it with as his on be at by i this had not are but"
                    " from or have an they which one you were her all she there would their we him been has"
                    " when who will more no if out so said what up its about into than them can only other").split()
        made = sorted({"".join(self.rng.choice(syll) for _ in range(self.rng.randint(2, 4))) for _ in range(12_000)}
                      - set(function))
        self.vocab = function + made
        self.vweights = list(itertools.accumulate(1.0 / (i + 1) for i in range(len(self.vocab))))  # cumulative
        self.sweights = list(itertools.accumulate(1.0 / (i + 1) for i in range(SPEAKERS)))
        self.said: dict[int, list[str]] = {}
        self.articles: list[tuple[str, list[tuple[int, str]]]] = []  # (text, [(speaker, quote)])

    def sentence(self, lo: int, hi: int) -> str:
        return " ".join(self.rng.choices(self.vocab, cum_weights=self.vweights, k=self.rng.randint(lo, hi)))

    def quote(self) -> tuple[int, str]:
        sp = self.rng.choices(range(SPEAKERS), cum_weights=self.sweights)[0] + 1
        before = self.said.setdefault(sp, [])
        r = self.rng.random()
        if before and r < 0.40:
            q = self.rng.choice(before)
        elif before and r < 0.48:
            w = self.rng.choice(before).split()
            if len(w) > 12 and self.rng.random() < 0.5:
                q = " ".join(w[:self.rng.randint(9, len(w) - 1)])
            else:
                i = self.rng.randrange(len(w))
                q = " ".join(w[:i] + [self.rng.choice(self.vocab[:200])] + w[i:])
        else:
            q = self.sentence(6, 30)
            before.append(q)
        return sp, q

    def article(self) -> tuple[str, list[tuple[int, str]]]:
        if self.articles and self.rng.random() < 0.30:  # a syndicated copy of an earlier story
            text, quotes = self.rng.choice(self.articles[-5000:])
            paras = text.split("\n\n")
            if len(paras) > 3 and self.rng.random() < 0.5:
                del paras[self.rng.randrange(1, len(paras))]
            text = f"CITY{self.rng.randrange(10**6)} (Agency) - " + "\n\n".join(paras).replace("“", '"').replace("”", '"')
            return text, [(s, q) for s, q in quotes if q in text]
        quotes = [self.quote() for _ in range(5)]
        paras = [self.sentence(15, 25) + "."]
        for sp, q in quotes:
            paras.append(f"“{q},” said speaker{sp}. {self.sentence(8, 16)}.")
        return "\n\n".join(paras), quotes


def write_archive(db: Path, n_articles: int, corpus: Corpus, *, start: int = 0) -> int:
    """Write n articles with their quotes straight into the store's tables; returns quotes written."""
    sys.path.insert(0, str(ROOT / "src"))
    from newsgraph.store import connect

    conn = connect(db)
    conn.execute("PRAGMA synchronous=OFF")
    with conn:  # full-text search is not what is measured: its triggers would only slow the generation
        conn.execute("DROP TRIGGER IF EXISTS articles_ai")
        conn.execute("DROP TRIGGER IF EXISTS quotes_ai")
        conn.executemany("INSERT OR IGNORE INTO speakers(id, name, type, key, aliases) VALUES (?,?,?,?,?)",
                         [(i, f"Speaker {i}", "PERSON", f"PERSON|speaker {i}", "[]") for i in range(1, SPEAKERS + 1)])
    n_quotes = 0
    for base in range(0, n_articles, 2000):
        arts, quotes = [], []
        for i in range(base, min(n_articles, base + 2000)):
            text, qs = corpus.article()
            corpus.articles.append((text, qs))
            aid = f"a{start + i}"
            day = f"2024-{1 + (start + i) // 20000 % 12:02d}-{1 + (start + i) % 28:02d}"
            arts.append((aid, f"https://o{(start + i) % 500}.invalid/{aid}", f"Story {aid}", day,
                         f"Outlet {(start + i) % 500}", text, hashlib.sha256(text.encode()).hexdigest(),
                         len(text.split())))
            for sp, q in qs:
                s = text.find(q)
                if s >= 0:
                    quotes.append((aid, s, s + len(q), q, "direct", f"Speaker {sp}", sp, q))
        with conn:
            conn.executemany("INSERT OR IGNORE INTO articles(id, url, title, published, source, text, content_hash,"
                             " word_count) VALUES (?,?,?,?,?,?,?,?)", arts)
            conn.executemany('INSERT OR IGNORE INTO quotes(article_id, start, "end", text, type, speaker_name,'
                             " speaker_id, content) VALUES (?,?,?,?,?,?,?,?)", quotes)
        n_quotes += len(quotes)
    conn.close()
    return n_quotes


def _child(db: str, what: str) -> dict:
    """Run in a child process: the full build or the update; wall time and peak RSS (MB)."""
    sys.path.insert(0, str(ROOT / "src"))
    from newsgraph.store import connect
    from newsgraph.store.statements import rebuild_statements, update_statements

    conn = connect(db)
    import datasketch  # noqa: F401  (its import, scipy's, is a start-up cost, not the build's)

    r0 = resource.getrusage(resource.RUSAGE_SELF)
    cpu0 = r0.ru_utime + r0.ru_stime
    t0 = time.perf_counter()
    counts = rebuild_statements(conn) if what == "build" else update_statements(conn)
    secs = time.perf_counter() - t0
    stmts = conn.execute("SELECT count(*) FROM statements").fetchone()[0]
    copies = conn.execute("SELECT count(DISTINCT article_id) FROM copies").fetchone()[0]
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return {"seconds": round(secs, 2), "cpu_seconds": round(ru.ru_utime + ru.ru_stime - cpu0, 2), "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "statements": stmts, "articles_in_copies": copies, **counts}


def run_child(db: Path, what: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "child", str(db), what], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def scale(sizes: list[int], new_articles: int) -> list[dict]:
    rows = []
    for n_quotes in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "bench.db"
            corpus = Corpus()
            t0 = time.perf_counter()
            q = write_archive(db, n_quotes // 5, corpus)
            gen = time.perf_counter() - t0
            build = run_child(db, "build")
            q_new = write_archive(db, new_articles, corpus, start=n_quotes // 5)
            update = run_child(db, "update")
            row = {"quotes": q, "articles": n_quotes // 5, "generate_s": round(gen, 1), "build": build,
                   "update": {**update, "new_articles": new_articles, "new_quotes": q_new},
                   "update_share": round(update["seconds"] / build["seconds"], 4),
                   "update_share_cpu": round(update["cpu_seconds"] / build["cpu_seconds"], 4),
                   "db_mb": round(db.stat().st_size / 1e6, 1)}
            print(json.dumps(row), flush=True)
            rows.append(row)
    return rows


def ingest_ratio(n: int, rounds: int) -> dict:
    """articles/s of `newsgraph ingest` with the statements step over without it, alternating."""
    arts = [json.loads(ln) for ln in (ROOT / "benchmarks/gold/statements_gold.jsonl").read_text().splitlines()][:n]
    times: dict[str, list[float]] = {"with": [], "without": []}
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.jsonl"
        src.write_text("".join(json.dumps({k: a[k] for k in ("id", "title", "url", "source", "published", "text")})
                               + "\n" for a in arts))
        for r in range(rounds):
            for mode in (("with", "without") if r % 2 == 0 else ("without", "with")):
                db = Path(tmp) / f"{mode}{r}.db"
                env = dict(os.environ, NEWSGRAPH_BENCH_NO_STATEMENTS="1" if mode == "without" else "")
                code = ("import sys, time; sys.path.insert(0, %r)\n"
                        "import os\n"
                        "if os.environ.get('NEWSGRAPH_BENCH_NO_STATEMENTS'):\n"
                        "    import newsgraph.store.statements as S; S.update_statements = lambda conn, **k: {}\n"
                        "from newsgraph.ingest.run import run_ingest\n"
                        "t0 = time.perf_counter(); s = run_ingest('local', [%r], %r); print(time.perf_counter() - t0)"
                        ) % (str(ROOT / "src"), str(src), str(db))
                out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
                times[mode].append(float(out.stdout.strip().splitlines()[-1]))
    w, wo = sum(times["with"]), sum(times["without"])
    return {"articles": len(arts), "rounds": rounds, "seconds_with": times["with"], "seconds_without": times["without"],
            "throughput_ratio": round(wo / w, 4), "drop": round(1 - wo / w, 4)}


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "child":
        print(json.dumps(_child(sys.argv[2], sys.argv[3])))
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("scale")
    s.add_argument("--quotes", type=int, nargs="+", default=[100_000, 300_000])
    s.add_argument("--new-articles", type=int, default=1000)
    i = sub.add_parser("ingest")
    i.add_argument("--n", type=int, default=120)
    i.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    if args.cmd == "scale":
        scale(args.quotes, args.new_articles)
    else:
        print(json.dumps(ingest_ratio(args.n, args.rounds), indent=2))


if __name__ == "__main__":
    main()
