#!/usr/bin/env bash
# Node 20's test runner takes no globs, so find the test files here. One process per file, one at a time
# on this 2-core machine: the OCR tests load real models and would fight for the cores.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(find server harness datasets models scenarios test deploy research -name '*.test.ts' -not -path '*/node_modules/*' 2>/dev/null | sort)
exec node --import tsx --test --test-concurrency=1 "$@" "${files[@]}"
