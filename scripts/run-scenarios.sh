#!/usr/bin/env bash
# Runs every bundled scenario (scenarios/*.ts) against the embedded server, one after another, and
# prints each one's self-check verdict, exit code and the harness's event-loop delay: the p99 of the worst
# phase, and the worst 500 ms window's p99 (and an idle Node process's beside it, to tell a starved
# machine from a blocked harness); delays exclude the monitor's 10 ms resolution. The
# check that every scenario is VALID, with a harness loop delay p99 under 20 ms, on an idle machine.
#
#   bash scripts/run-scenarios.sh            # --quick: each scenario's load squeezed into 60 s (~2 min each)
#   bash scripts/run-scenarios.sh --full     # real durations (stepped 13 min, soak 30 min: ~55 min in all)
#   bash scripts/run-scenarios.sh --quick smoke spike   # only these
#
# Run folders: $OUT (default /tmp/ocrbench-scenarios-<time>/<scenario>). Run it on an otherwise idle
# machine: on a shared one the verdicts say so (the harness is starved, not slow).
set -uo pipefail
cd "$(dirname "$0")/.."
mode=--quick
if [ "${1:-}" = --full ] || [ "${1:-}" = --quick ]; then mode=$1; shift; fi
if [ $# -gt 0 ]; then names=("$@"); else mapfile -t names < <(ls scenarios/*.ts | xargs -n1 basename | sed 's/\.ts$//'); fi
out=${OUT:-/tmp/ocrbench-scenarios-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$out"
echo "scenarios ${names[*]} ($mode), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), runs in $out"
rows=()
for name in "${names[@]}"; do
  flags=()
  [ "$mode" = --quick ] && flags+=(--quick)
  load=$(cut -d' ' -f1 /proc/loadavg)
  # A control beside the run: an idle Node process's own event-loop delay (max of its 500 ms p99s).
  # When it lags as much as the harness, the machine starved both; the harness added nothing.
  node -e '
    const { monitorEventLoopDelay } = require("node:perf_hooks");
    const h = monitorEventLoopDelay({ resolution: 10 }); h.enable();
    let worst = 0;
    // Minus the 10 ms resolution, as the harness reports it (harness/resources/loop-delay.ts).
    setInterval(() => { worst = Math.max(worst, h.percentile(99) / 1e6 - 10); h.reset(); }, 500);
    process.on("SIGTERM", () => { require("node:fs").writeFileSync(process.argv[1], worst.toFixed(1)); process.exit(0); });
  ' "$out/$name.idle-probe" &
  probe=$!
  node --import tsx harness/cli/bench.ts --phases "$name" "${flags[@]}" --out "$out/$name" > "$out/$name.log" 2>&1
  code=$?
  kill "$probe"; wait "$probe" 2>/dev/null
  idle=$(cat "$out/$name.idle-probe" 2>/dev/null || echo "?")
  row=$(node -e '
    const fs = require("node:fs");
    const [file, name, mode, code, load, idle] = process.argv.slice(1);
    let r;
    try { r = JSON.parse(fs.readFileSync(file, "utf8")); } catch { console.log(`${name.padEnd(13)} ${mode.padEnd(7)} exit ${code.padStart(3)}  no results.json`); process.exit(0); }
    const loop = r.phases.map((p) => p.resources.harnessLoopDelayP99Max).filter((x) => x !== null);
    const worst = loop.length ? Math.max(...loop) : null;
    const at = worst === null ? "" : r.phases.find((p) => p.resources.harnessLoopDelayP99Max === worst).name;
    const phaseP99 = r.phases.map((p) => p.resources.harnessLoopDelayP99).filter((x) => typeof x === "number");
    const p99 = phaseP99.length ? Math.max(...phaseP99).toFixed(1) + " ms" : "n/a";
    const machine = r.phases.map((p) => p.resources.machineCpuMean).filter((x) => x !== null);
    console.log(`${name.padEnd(13)} ${mode.padEnd(7)} exit ${code.padStart(3)}  ${r.validity.verdict.padEnd(7)}  loop delay p99 (worst phase) ${p99}, worst 500 ms ${worst === null ? "n/a" : worst.toFixed(1) + " ms"} (${at})  peak QPS ${r.summary.peakQps?.toFixed(2) ?? "n/a"}  machine CPU max ${machine.length ? Math.max(...machine).toFixed(0) + "%" : "n/a"}  load1 ${load}  idle Node beside it: worst 500 ms ${idle} ms`);
    for (const reason of r.validity.reasons) console.log(`    INVALID: ${reason}`);
  ' "$out/$name/results.json" "$name" "${mode#--}" "$code" "$load" "$idle")
  echo "$row"
  rows+=("$row")
done
echo
echo "summary ($mode; exit 0 pass, 3 INVALID, 99 threshold failed):"
printf '%s\n' "${rows[@]}"
