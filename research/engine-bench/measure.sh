#!/usr/bin/env bash
# Issue 4's measurements: cold start, then closed-loop throughput on real-public pages and lines with
# 1, 2, 8 and 32 clients, batching on and off, cache off. Usage: bash research/engine-bench/measure.sh [seconds] [extra server flags]
set -euo pipefail
cd "$(dirname "$0")/../.."
SECS=${1:-10}
shift || true
node scripts/build.mjs --if-stale
for batching in on off; do
  log=$(mktemp)
  # Batching can only merge lines of requests a worker holds at once, so it gets 4 per worker.
  wc=2; [ "$batching" = on ] && wc=4
  node dist/server/main.js --port 0 --cache off --batching "$batching" --worker-concurrency "$wc" --log-level info "$@" >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do grep -q '"msg":"ready"' "$log" && break; sleep 0.1; done
  port=$(grep -o '"port":[0-9]*' "$log" | head -1 | cut -d: -f2)
  echo "batching=$batching $(grep '"msg":"ready"' "$log" | grep -o '"coldStartMs":[0-9]*')"
  for kind in page line; do
    for c in 1 2 8 32; do
      echo "batching=$batching $(node --import tsx research/engine-bench/closed-loop.ts --url "http://127.0.0.1:$port" --kind "$kind" --clients "$c" --seconds "$SECS" --pid "$pid")"
    done
  done
  kill -TERM "$pid"
  wait "$pid" || true
  rm -f "$log"
done
