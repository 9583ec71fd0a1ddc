"""The reading room under load: API latency at 20 concurrent clients, and an article page's render time.

    .venv/bin/python benchmarks/bench_web.py                 # 10,000 articles, 2,000 requests per query kind
    .venv/bin/python benchmarks/bench_web.py --articles 2000 --requests 500   # quicker
    .venv/bin/python benchmarks/bench_web.py --db /tmp/bench.db              # keep (and reuse) the store

The store is made at run time, without the NLP model: each PolNeAR dev text
(../shared/eval/quotes/polnear_dev.jsonl) with its gold quotes, speakers and cues becomes a Record;
copy k of a text gets a footer line naming a city (a place annotation) and its own publication date,
so every article is distinct. Without that file, synthetic records from newsgraph.web.samples are
used. One 10,000-word article with 100 quotes is added for the page render target.

The server is ``newsgraph serve`` in a subprocess on a free loopback port; the load is 20 client
tasks in this process (20 keep-alive connections on asyncio streams, each request waiting for the
one before it on that connection). Server CPU per request is read from the process tree (psutil).
Same-run baseline: ``GET /api/stats`` (the framework's own cost). Targets: p95 <= 150 ms for search
and quotes; the article page < 1 s.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
# ../shared from the main checkout; a worktree under wt/ finds it one level further up
SOURCE = next((p for p in (r / "shared" / "eval" / "quotes" / "polnear_dev.jsonl" for r in (ROOT.parent, ROOT.parent.parent))
               if p.exists()), ROOT.parent / "shared" / "eval" / "quotes" / "polnear_dev.jsonl")
CITIES = [("Kyiv", 703448, 50.45466, 30.5238, "UA"), ("Kharkiv", 706483, 49.98081, 36.25272, "UA"),
          ("Odesa", 698740, 46.47747, 30.73262, "UA"), ("Brussels", 2800866, 50.85045, 4.34878, "BE"),
          ("Washington", 4140963, 38.89511, -77.03637, "US"), ("Gaza", 281133, 31.50161, 34.46672, "PS"),
          ("Khartoum", 379252, 15.55177, 32.53241, "SD"), ("London", 2643743, 51.50853, -0.12574, "GB")]


def polnear_records(n: int):
    from newsgraph.record import Cue, DateMention, Entity, Mention, Place, Quote, Record, Speaker

    docs = [json.loads(line) for line in SOURCE.open(encoding="utf-8") if line.strip()]
    rng = random.Random(7)
    for i in range(n):
        d = docs[i % len(docs)]
        k = i // len(docs)
        city = CITIES[i % len(CITIES)]
        footer = f"\n\nFiled from {city[0]} on 12 March, copy {k}."
        text = d["text"] + footer
        year = 2016 + (k % 9)
        published = f"{year}-{1 + (i * 7) % 12:02d}-{1 + (i * 13) % 28:02d}"
        rec = Record(id=f"{d['id']}-{k}", text=text, title=d.get("title"), published=published,
                     source=d.get("publisher") or "polnear", url=None, analysed_with="bench")
        ents: dict[str, Entity] = {}
        for q in d.get("quotes") or []:
            sp = cue = None
            if q.get("speaker") and q.get("speaker_start") is not None:
                name = q["speaker"]
                e = ents.get(name)
                if e is None:
                    e = ents[name] = Entity(id=f"e{len(ents) + 1}", name=name,
                                            type="PERSON" if name[:1].isupper() else "SOURCE")
                    rec.entities.append(e)
                s, t = q["speaker_start"], q["speaker_end"]
                e.mentions.append(Mention(s, t, text[s:t]))
                sp = Speaker(name=name, start=s, end=t, text=text[s:t], entity=e.id)
            if q.get("cue") and q.get("cue_start") is not None:
                cue = Cue(q["cue_start"], q["cue_end"], text[q["cue_start"]:q["cue_end"]])
            rec.quotes.append(Quote(q["start"], q["end"], text[q["start"]:q["end"]], q.get("type") or "direct",
                                    sp, cue))
        at = len(d["text"]) + len("\n\nFiled from ")
        rec.places.append(Place(at, at + len(city[0]), city[0], city[0], city[1], city[2], city[3], city[4], "P"))
        ds = text.index("12 March", at)
        rec.dates.append(DateMention(ds, ds + 8, "12 March", f"{year}-03-12", "day"))
        rng.random()
        yield rec


def synthetic_records(n: int):
    from newsgraph.record import Record
    from newsgraph.web.samples import sample_records

    base = sample_records()
    for i in range(n):
        r = base[i % len(base)].to_dict()
        r["id"] = f"{r['id']}-{i}"
        r["text"] = r["text"] + f"\n\nCopy {i}."
        r["published"] = f"{2016 + i % 9}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        yield Record.from_dict(r)


def build_db(path: Path, n: int) -> dict:
    from newsgraph.store.schema import connect
    from newsgraph.store.writer import write_record
    from newsgraph.web.samples import long_record

    t0 = time.perf_counter()
    conn = connect(path)
    recs = polnear_records(n) if SOURCE.exists() else synthetic_records(n)
    for i, rec in enumerate(recs, 1):
        write_record(conn, rec)
        if i % 2000 == 0:
            print(f"  wrote {i} articles", file=sys.stderr)
    write_record(conn, long_record())
    stats = {k: conn.execute(f"SELECT count(*) FROM {k}").fetchone()[0] for k in ("articles", "quotes", "speakers")}
    conn.close()
    stats["build_s"] = round(time.perf_counter() - t0, 1)
    stats["corpus"] = "polnear-dev" if SOURCE.exists() else "synthetic"
    return stats


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, port: int, workers: int = 1, cache: bool = True) -> subprocess.Popen:
    exe = Path(sys.executable).with_name("newsgraph")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "newsgraph.cli"]
    env = {**os.environ, "NEWSGRAPH_TOKEN": "", "NEWSGRAPH_RESPONSE_CACHE": "2048" if cache else "0"}
    proc = subprocess.Popen(cmd + ["serve", "--db", str(db), "--port", str(port), "--no-map",
                                   "--workers", str(workers)], env=env)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("server did not start")


def vocabulary(db: Path, k: int = 300) -> dict:
    """Search words of middling frequency, speaker ids and names, places, sources and dates."""
    from newsgraph.store.schema import connect

    conn = connect(db, readonly=True)
    # the same draw on every run (SQLite's random() cannot be seeded): runs compare like with like
    rng = random.Random(11)
    rowids = [r[0] for r in conn.execute("SELECT rowid FROM articles ORDER BY rowid")]
    pick = sorted(rng.sample(rowids, min(300, len(rowids))))
    texts = [r[0] for r in conn.execute(f"SELECT text FROM articles WHERE rowid IN ({','.join('?' * len(pick))})",
                                        pick)]
    counts: dict[str, int] = {}
    for t in texts:
        for w in set(re.findall(r"[a-z]{5,}", t.lower())):
            counts[w] = counts.get(w, 0) + 1
    eligible = sorted(w for w, c in counts.items() if 3 <= c <= 60)
    words = rng.sample(eligible, min(k, len(eligible))) or ["said"]
    speakers = [tuple(r) for r in conn.execute("SELECT id, name FROM speakers ORDER BY id")]
    speakers = rng.sample(speakers, min(200, len(speakers)))
    sources = [r[0] for r in conn.execute("SELECT DISTINCT source FROM articles ORDER BY source LIMIT 50")]
    conn.close()
    return {"words": words, "speakers": speakers, "sources": sources}


def requests_for(kind: str, n: int, v: dict, rng: random.Random) -> list[tuple[str, dict]]:
    out = []
    for _ in range(n):
        if kind == "baseline":
            out.append(("/api/stats", {}))
        elif kind == "search":
            p = {"q": " ".join(rng.sample(v["words"], rng.choice([1, 1, 2])))}
            r = rng.random()
            if r < 0.2:
                p["source"] = rng.choice(v["sources"])
            elif r < 0.35:
                p["since"], p["until"] = "2018", "2021-06"
            elif r < 0.45:
                p["place"] = str(rng.choice(CITIES)[1])
            out.append(("/api/search", p))
        elif kind == "map":  # the places map over a date range (the page's filter)
            y = rng.randint(2016, 2024)
            p = rng.choice([{}, {"since": str(y)}, {"since": f"{y}-{rng.randint(1, 12):02d}", "until": str(y + 1)}])
            out.append(("/api/map", p))
        else:  # quotes: the filters a reader combines
            r = rng.random()
            sid, name = rng.choice(v["speakers"])
            if r < 0.25:
                p = {"speaker": str(sid)}
            elif r < 0.4:
                p = {"speaker": name.split()[-1][:20]}
            elif r < 0.6:
                p = {"q": rng.choice(v["words"])}
            elif r < 0.75:
                p = {"place": rng.choice([str(c[1]) for c in CITIES] + [c[0] for c in CITIES]),
                     "since": f"{rng.randint(2016, 2023)}"}
            elif r < 0.85:
                p = {"source": rng.choice(v["sources"]), "since": "2019-01", "until": "2020-12"}
            else:
                p = {"offset": str(rng.randint(0, 2000))}
            p["limit"] = "50"
            out.append(("/api/quotes", p))
    return out


async def _get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host: str, target: str
               ) -> tuple[int, bool]:
    """One HTTP/1.1 keep-alive GET on an open connection: (status, answered from the server's
    response cache). Written on asyncio
    streams so that the load generator costs little CPU next to the server on a small machine."""
    writer.write(f"GET {target} HTTP/1.1\r\nHost: {host}\r\nAccept: application/json\r\n\r\n".encode())
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length = next((int(x.split(":", 1)[1]) for x in lines[1:] if x.lower().startswith("content-length:")), None)
    if length is None:
        raise RuntimeError(f"no content-length for {target}")
    await reader.readexactly(length)
    return status, any(x.lower().replace(" ", "") == "x-cache:hit" for x in lines[1:])


async def drive(base: str, reqs: list[tuple[str, dict]], clients: int) -> dict:
    from urllib.parse import urlencode, urlsplit

    lat: list[float] = []
    errors: dict[int, int] = {}
    hits = 0
    queue: asyncio.Queue = asyncio.Queue()
    for path, params in reqs:
        queue.put_nowait(path + ("?" + urlencode(params) if params else ""))
    u = urlsplit(base)

    async def client():
        nonlocal hits
        reader, writer = await asyncio.open_connection(u.hostname, u.port)
        try:
            while True:
                try:
                    target = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                t = time.perf_counter()
                status, hit = await _get(reader, writer, u.netloc, target)
                lat.append(time.perf_counter() - t)
                hits += hit
                if status != 200:
                    errors[status] = errors.get(status, 0) + 1
        finally:
            writer.close()

    t0 = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    wall = time.perf_counter() - t0
    q = statistics.quantiles(lat, n=100, method="inclusive")
    return {"requests": len(lat), "p50_ms": round(q[49] * 1000, 1), "p95_ms": round(q[94] * 1000, 1),
            "p99_ms": round(q[98] * 1000, 1), "rps": round(len(lat) / wall, 1), "errors": errors,
            "cache_hits": round(hits / max(len(lat), 1), 3)}


def server_cpu(proc: subprocess.Popen) -> float:
    """CPU seconds used so far by the server and its worker processes."""
    import psutil

    p = psutil.Process(proc.pid)
    total = 0.0
    for x in [p] + p.children(recursive=True):
        try:
            t = x.cpu_times()
            total += t.user + t.system
        except psutil.Error:
            pass
    return total


def page_render(base: str, db: Path, repeats: int = 15) -> dict:
    """The long article's page over HTTP (median, max) and its body's highlighting in process."""
    from newsgraph.store.schema import connect
    from newsgraph.web import queries as Q
    from newsgraph.web.render import article_html

    times = []
    with httpx.Client(base_url=base, timeout=60) as c:
        c.get("/articles/long-article")
        for _ in range(repeats):
            t = time.perf_counter()
            r = c.get("/articles/long-article")
            times.append(time.perf_counter() - t)
            assert r.status_code == 200 and r.text.count('class="anchor"') == 100
    conn = connect(db, readonly=True)
    text = conn.execute("SELECT text FROM articles WHERE id = 'long-article'").fetchone()[0]
    quotes = Q.quote_rows(conn, "long-article")
    places = [dict(p) for p in conn.execute("SELECT * FROM places WHERE article_id = 'long-article'")]
    dates = [dict(d) for d in conn.execute("SELECT * FROM dates WHERE article_id = 'long-article'")]
    t = time.perf_counter()
    html = article_html(text, quotes, places, dates)
    highlight = time.perf_counter() - t
    conn.close()
    return {"words": len(text.split()), "quotes": len(quotes), "places": len(places), "dates": len(dates),
            "page_median_ms": round(statistics.median(times) * 1000, 1), "page_max_ms": round(max(times) * 1000, 1),
            "page_bytes": len(r.content), "highlight_ms": round(highlight * 1000, 1), "body_chars": len(html)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--requests", type=int, default=2_000, help="per query kind")
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--db", type=Path, help="store to build (or reuse, when it exists)")
    ap.add_argument("--workers", type=int, default=1, help="server processes (newsgraph serve --workers)")
    ap.add_argument("--no-cache", action="store_true", help="turn the server's response cache off (every query computed)")
    args = ap.parse_args()

    tmp = tempfile.TemporaryDirectory(prefix="bench-web-")
    db = args.db or Path(tmp.name) / "bench.db"
    if db.exists():
        print(f"reusing {db}", file=sys.stderr)
        build = {"reused": str(db)}
    else:
        print(f"building {args.articles} articles into {db}", file=sys.stderr)
        build = build_db(db, args.articles)
    print("store:", json.dumps(build))

    port = free_port()
    proc = start_server(db, port, args.workers, cache=not args.no_cache)
    print(f"server: newsgraph serve --workers {args.workers}, response cache {'off' if args.no_cache else 'on'};"
          f" clients: {args.clients}")
    base = f"http://127.0.0.1:{port}"
    try:
        v = vocabulary(db)
        rng = random.Random(1)
        # warm the page cache and the server's thread connections
        asyncio.run(drive(base, requests_for("quotes", 100, v, rng) + requests_for("search", 100, v, rng),
                          args.clients))
        results = {}
        for kind in ("baseline", "search", "quotes", "map"):
            c0 = server_cpu(proc)
            results[kind] = asyncio.run(drive(base, requests_for(kind, args.requests, v, rng), args.clients))
            results[kind]["server_cpu_ms_per_req"] = round((server_cpu(proc) - c0) * 1000 / args.requests, 2)
            print(f"{kind:9s}", json.dumps(results[kind]))
        page = page_render(base, db)
        print("page     ", json.dumps(page))
    finally:
        proc.terminate()
        proc.wait(10)
        tmp.cleanup()

    b = results["baseline"]["p50_ms"] or 1
    print()
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (other work shares them)")
    print(f"{'':9s} {'p50 ms':>8s} {'p95 ms':>8s} {'p99 ms':>8s} {'req/s':>8s} {'cpu ms/req':>11s} {'cache hits':>11s}"
          f" {'p95/base p50':>13s}  target p95<=150ms")
    for kind, r in results.items():
        ok = "" if kind == "baseline" else ("ok" if r["p95_ms"] <= 150 else "MISSED")
        print(f"{kind:9s} {r['p50_ms']:8.1f} {r['p95_ms']:8.1f} {r['p99_ms']:8.1f} {r['rps']:8.1f} "
              f"{r['server_cpu_ms_per_req']:11.2f} {r['cache_hits']:11.0%} {r['p95_ms'] / b:13.1f}  {ok}")
    print(f"article page ({page['words']} words, {page['quotes']} quotes): median {page['page_median_ms']} ms, "
          f"max {page['page_max_ms']} ms (target < 1000 ms: {'ok' if page['page_max_ms'] < 1000 else 'MISSED'}); "
          f"highlighting alone {page['highlight_ms']} ms")


if __name__ == "__main__":
    main()
