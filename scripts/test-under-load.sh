#!/usr/bin/env bash
# The determinism proof: the test suite N times in a row (default 3) while a CPU hog keeps
# every core busy (one `yes > /dev/null` per core), then one summary line per round. No test's verdict
# may depend on the machine being idle, so every round must pass.
#
#   bash scripts/test-under-load.sh [ROUNDS] [test files...]   # no files: the whole suite (npm test's list)
#
# Logs: $OUT (default /tmp/ocrbench-under-load-<time>/round-N.log). The hogs are killed on any exit.
set -uo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
shift || true
out=${OUT:-/tmp/ocrbench-under-load-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$out"
cores=$(nproc)
hogs=()
stop_hogs() { for pid in "${hogs[@]}"; do kill "$pid" 2>/dev/null; done; wait "${hogs[@]}" 2>/dev/null; }
trap stop_hogs EXIT
trap 'exit 130' INT TERM
for _ in $(seq "$cores"); do yes > /dev/null & hogs+=($!); done
echo "under load: $cores hogs (pids ${hogs[*]}), $rounds round(s), logs in $out"
npx tsc --noEmit || { echo "tsc failed"; exit 1; }
if [ $# -gt 0 ]; then files=("$@"); else
  mapfile -t files < <(find server harness datasets models scenarios test deploy -name '*.test.ts' -not -path '*/node_modules/*' 2>/dev/null | sort)
fi
failed_rounds=0
summary=()
for r in $(seq "$rounds"); do
  start=$(date +%s)
  node --import tsx --test --test-concurrency=1 "${files[@]}" > "$out/round-$r.log" 2>&1
  code=$?
  pass=$(grep -E '^# pass ' "$out/round-$r.log" | awk '{s+=$3} END {print s+0}')
  fail=$(grep -E '^# fail ' "$out/round-$r.log" | awk '{s+=$3} END {print s+0}')
  line="round $r: exit $code, $pass passed, $fail failed, $(( $(date +%s) - start )) s, load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "$line"
  summary+=("$line")
  if [ "$code" -ne 0 ] || [ "$fail" -ne 0 ]; then
    failed_rounds=$((failed_rounds + 1))
    grep -E '^not ok|^# Subtest' "$out/round-$r.log" | grep -B1 '^not ok' | sed 's/^/    /'
  fi
done
echo "summary: $((rounds - failed_rounds)) of $rounds round(s) passed with ${cores} cores hogged"
printf '  %s\n' "${summary[@]}"
[ "$failed_rounds" -eq 0 ]
