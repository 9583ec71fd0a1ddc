"""bench_web.py's load, A/B in one run: another checkout's code beside this one, two servers on one
store, the same requests per kind in alternating halves (A then B, then B then A), so that both see
the same machine load. CPU per request (psutil, the server's process) is the figure that does not
depend on the load; the load average is printed with the results.

    git archive main src | tar -x -C /tmp/main-src       # the code to compare with
    .venv/bin/python benchmarks/bench_web_ab.py --db /tmp/bench.db --a-src /tmp/main-src/src

The store is built as bench_web.py builds it (``--db`` reuses one). Writes --out (JSON).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_web as B  # noqa: E402

def start(db, port, src=None):
    env = {**os.environ, "NEWSGRAPH_TOKEN": "", "NEWSGRAPH_RESPONSE_CACHE": "2048"}
    if src: env["PYTHONPATH"] = src
    proc = subprocess.Popen([str(Path(sys.executable).with_name("newsgraph")), "serve", "--db", str(db), "--port", str(port), "--no-map", "--workers", "1"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(150):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=2).status_code == 200: return proc
        except httpx.HTTPError: time.sleep(0.2)
    raise RuntimeError("no server")

async def drive(base, reqs, clients=20):
    from urllib.parse import urlencode, urlsplit
    lat, hits, errs = [], 0, 0
    q = asyncio.Queue()
    for p, params in reqs: q.put_nowait(p + ("?" + urlencode(params) if params else ""))
    u = urlsplit(base)
    async def client():
        nonlocal hits, errs
        r, w = await asyncio.open_connection(u.hostname, u.port)
        try:
            while True:
                try: t = q.get_nowait()
                except asyncio.QueueEmpty: return
                t0 = time.perf_counter(); st, hit = await B._get(r, w, u.netloc, t); lat.append(time.perf_counter() - t0)
                hits += hit; errs += st != 200
        finally: w.close()
    t0 = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return lat, hits, errs, time.perf_counter() - t0

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument("--a-src", required=True, type=Path, help="the other code's src/ directory (server A)")
ap.add_argument("--db", type=Path, help="store to build (or reuse)")
ap.add_argument("--articles", type=int, default=10_000)
ap.add_argument("--requests", type=int, default=2_000, help="per query kind, per server")
ap.add_argument("--out", type=Path, default=B.ROOT / "artifacts" / "bench-web-ab.json")
args = ap.parse_args()
tmp = tempfile.TemporaryDirectory(prefix="bench-web-ab-")
db = args.db or Path(tmp.name) / "bench.db"
if not db.exists():
    print(json.dumps(B.build_db(db, args.articles)))
n = args.requests
servers = {"A": (start(db, pa := B.free_port(), str(args.a_src)), pa), "B (this checkout)": (start(db, pb := B.free_port()), pb)}
v = B.vocabulary(db)
warm = B.requests_for("quotes", 100, v, random.Random(1)) + B.requests_for("search", 100, v, random.Random(2))
for name, (proc, port) in servers.items(): asyncio.run(drive(f"http://127.0.0.1:{port}", warm))
loads = [os.getloadavg()[0]]
out = {}
for kind in ("baseline", "search", "quotes", "map"):
    reqs = B.requests_for(kind, n, v, random.Random(hash(kind) % 1000))
    halves = [reqs[: n // 2], reqs[n // 2:]]
    acc = {k: {"lat": [], "hits": 0, "errs": 0, "cpu": 0.0, "wall": 0.0} for k in servers}
    for i, half in enumerate(halves):
        order = list(servers) if i == 0 else list(servers)[::-1]
        for name in order:
            proc, port = servers[name]
            c0 = B.server_cpu(proc)
            lat, hits, errs, wall = asyncio.run(drive(f"http://127.0.0.1:{port}", half))
            a = acc[name]; a["lat"] += lat; a["hits"] += hits; a["errs"] += errs; a["wall"] += wall
            a["cpu"] += B.server_cpu(proc) - c0
            loads.append(os.getloadavg()[0])
    for name, a in acc.items():
        qs = statistics.quantiles(a["lat"], n=100, method="inclusive")
        out.setdefault(kind, {})[name] = {"p50_ms": round(qs[49] * 1000, 1), "p95_ms": round(qs[94] * 1000, 1),
            "cpu_ms_per_req": round(a["cpu"] * 1000 / n, 2), "rps": round(n / a["wall"], 1),
            "cache_hits": round(a["hits"] / n, 3), "errors": a["errs"]}
        print(kind, name, json.dumps(out[kind][name]), flush=True)
for proc, _ in servers.values(): proc.terminate(); proc.wait(10)
print("load average (1 min) during the run:", [round(x, 1) for x in loads])
args.out.parent.mkdir(parents=True, exist_ok=True)
args.out.write_text(json.dumps({"results": out, "load": loads, "requests_per_kind": n, "a_src": str(args.a_src)},
                               indent=1))
tmp.cleanup()
