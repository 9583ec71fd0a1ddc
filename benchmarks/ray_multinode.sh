#!/usr/bin/env bash
# A two-node Ray cluster on this one machine, then `newsgraph ingest --engine ray --address …`,
# checked against the local engine on the same input. The recipe for a real cluster is the same
# three commands with real hosts (docs/scaling.md).
#
#   benchmarks/ray_multinode.sh            # 24 articles + bad inputs
#   N=100 CPUS_PER_NODE=1 OBJECT_STORE_MB=200 benchmarks/ray_multinode.sh
#
# Both nodes run in process groups of their own (`setsid ray start --block`) and are ended by those
# group ids on exit, so no other Ray on the machine is touched (no `ray stop`).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PY=${PY:-$ROOT/.venv/bin/python}
BIN=$(dirname "$PY")
N=${N:-24}
PORT=${PORT:-6390}
# Ray registers each node under this machine's address (not loopback); the driver must use it too.
HOST=${HOST:-$(hostname -I 2>/dev/null | awk '{print $1}')}
HOST=${HOST:-127.0.0.1}
ADDRESS="$HOST:$PORT"
CPUS_PER_NODE=${CPUS_PER_NODE:-1}
OBJECT_STORE_MB=${OBJECT_STORE_MB:-200}
WORK=$(mktemp -d /tmp/ngmn-XXXXXX)
HEAD_PID=""
WORKER_PID=""
export RAY_USAGE_STATS_ENABLED=0
# Ray 2.60 clusters use token auth (~/.ray/auth_token, made on first start); a driver or node that
# joins an existing cluster sends the token only when told to.
export RAY_AUTH_MODE=token

cleanup() {
    set +e
    trap - EXIT INT TERM
    for pid in $WORKER_PID $HEAD_PID; do kill -TERM -- "-$pid" 2>/dev/null; done
    sleep 3
    for pid in $WORKER_PID $HEAD_PID; do kill -KILL -- "-$pid" 2>/dev/null; done
    # Anything of this cluster still alive (Ray daemons re-parented): only ours carry $WORK.
    for pid in $(pgrep -f -- "$WORK" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null; done
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say() { echo "[multinode] $*" >&2; }

# Both engines and both nodes run a snapshot of src/, so edits to the tree during the run cannot
# make the two stores differ.
cp -r "$ROOT/src" "$WORK/src"
export PYTHONPATH="$WORK/src${PYTHONPATH:+:$PYTHONPATH}"

# -- input: N real-length articles plus bad inputs ------------------------------------------
mkdir -p "$WORK/in"
"$PY" -c "
import importlib.util, sys
from pathlib import Path
spec = importlib.util.spec_from_file_location('bench_ray', '$ROOT/benchmarks/bench_ray.py')
m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
m.make_corpus(int(sys.argv[2]), Path(sys.argv[1]))
" "$WORK/in/corpus.jsonl" "$N"
printf '{not json\n{"id": "blank", "text": " "}\n' >> "$WORK/in/corpus.jsonl"
printf '' > "$WORK/in/empty.txt"

# -- the cluster: a head and a second node, distinct ports ----------------------------------
common=(--block --num-cpus="$CPUS_PER_NODE" --object-store-memory=$((OBJECT_STORE_MB * 1024 * 1024))
        --disable-usage-stats)
say "starting the head node on $ADDRESS"
setsid "$BIN/ray" start --head --port="$PORT" --temp-dir="$WORK/ray" --include-dashboard=false \
    --node-manager-port=$((PORT + 10)) --object-manager-port=$((PORT + 11)) \
    --min-worker-port=$((PORT + 100)) --max-worker-port=$((PORT + 199)) \
    --dashboard-agent-listen-port=$((PORT + 12)) --dashboard-agent-grpc-port=$((PORT + 13)) \
    --metrics-export-port=$((PORT + 14)) --runtime-env-agent-port=$((PORT + 15)) \
    "${common[@]}" >"$WORK/head.log" 2>&1 &
HEAD_PID=$!

nodes_alive() {
    "$PY" - "$ADDRESS" <<'EOF' 2>/dev/null || echo 0
import logging, sys
import ray
ray.init(address=sys.argv[1], logging_level=logging.ERROR, log_to_driver=False)
print(sum(1 for n in ray.nodes() if n["Alive"]))
ray.shutdown()
EOF
}
wait_nodes() {
    local want=$1 i
    for i in $(seq 1 60); do
        for pid in $HEAD_PID $WORKER_PID; do
            kill -0 "$pid" 2>/dev/null || { say "a node exited; logs:"; tail -5 "$WORK"/*.log >&2; return 1; }
        done
        [ "$(nodes_alive | tail -1)" = "$want" ] && return 0
        sleep 2
    done
    say "the cluster never reached $want node(s); logs:"; tail -20 "$WORK"/*.log >&2; return 1
}
wait_nodes 1

say "starting a second node that joins it"
setsid "$BIN/ray" start --address="$ADDRESS" \
    --node-manager-port=$((PORT + 20)) --object-manager-port=$((PORT + 21)) \
    --min-worker-port=$((PORT + 200)) --max-worker-port=$((PORT + 299)) \
    --dashboard-agent-listen-port=$((PORT + 22)) --dashboard-agent-grpc-port=$((PORT + 23)) \
    --metrics-export-port=$((PORT + 24)) --runtime-env-agent-port=$((PORT + 25)) \
    "${common[@]}" >"$WORK/worker.log" 2>&1 &
WORKER_PID=$!
wait_nodes 2
say "2 nodes alive"

# -- ingest on the cluster, then the same input with the local engine -----------------------
# exit code 1 is expected: the bad inputs are recorded as failures
start=$(date +%s)
rc=0
NEWSGRAPH_RAY_BATCH_SIZE=${NEWSGRAPH_RAY_BATCH_SIZE:-4} \
    "$BIN/newsgraph" ingest "$WORK/in" --db "$WORK/ray.db" --engine ray --address "$ADDRESS" \
    2> >(tee "$WORK/ingest.err" >&2) || rc=$?
[ "$rc" -le 1 ] || { say "ray ingest failed (exit $rc)"; exit 1; }
say "ray ingest took $(( $(date +%s) - start ))s"
used=$(grep -o 'parts per node: .*' "$WORK/ingest.err" | tail -1)
say "$used"
nnodes=$(echo "$used" | sed 's/parts per node: //' | tr ',' '\n' | grep -c '=' || true)

rc=0
"$BIN/newsgraph" ingest "$WORK/in" --db "$WORK/local.db" --engine local -q >/dev/null 2>&1 || rc=$?
[ "$rc" -le 1 ] || { say "local ingest failed (exit $rc)"; exit 1; }

"$PY" - "$WORK/ray.db" "$WORK/local.db" "$nnodes" <<'EOF'
import sqlite3, sys
q = {"articles": "SELECT id, content_hash FROM articles ORDER BY id",
     "quotes": "SELECT article_id, start, \"end\", text, speaker_name, cue FROM quotes ORDER BY 1, 2, 3",
     "places": "SELECT * FROM places ORDER BY 1, 2, 3",
     "failures": "SELECT origin, position, reason FROM failures ORDER BY 1, 2, 3"}
def dump(db):
    c = sqlite3.connect(db)
    return {k: c.execute(s).fetchall() for k, s in q.items()}
r, l = dump(sys.argv[1]), dump(sys.argv[2])
print("[multinode] rows:", {k: len(v) for k, v in r.items()}, file=sys.stderr)
ok = r == l and int(sys.argv[3]) == 2 and r["articles"] and r["failures"]
print("[multinode]", "PASS: both nodes analysed, same store as the local engine" if ok
      else f"FAIL: nodes used {sys.argv[3]}, same rows: {r == l}", file=sys.stderr)
sys.exit(0 if ok else 1)
EOF
