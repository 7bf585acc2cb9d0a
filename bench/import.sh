#!/usr/bin/env bash
# Benchmark: `bin/pipeline import` of LINES order lines (default 1,000,000) in the input contract's CSV into a
# fresh commerce database (embedded PostgreSQL in a fresh warehouse), then the same files again (which must
# change nothing), next to a dry run of the same files (read + every rule, no database write) as the baseline.
# Prints the times, the load average before and after, and one Markdown row for docs/benchmarks.md.
# Usage: bench/import.sh [LINES]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
lines="${1:-1000000}"
work="${IMPORT_BENCH_DIR:-/tmp/nightshift-bench-import-$lines}"
mkdir -p "$work/orders"
if [[ ! -f "$work/orders/orders.csv" ]]; then
  python3 bench/lib/contract-orders.py "$lines" "$work/orders/orders.csv"
fi
bin/pipeline list >/dev/null   # builds on first use; the build is not timed
export NIGHTSHIFT_WAREHOUSE="$work/warehouse"
unset NIGHTSHIFT_JDBC_URL
rm -rf "$NIGHTSHIFT_WAREHOUSE"
timed() {   # label, command...: prints the command's output and "label seconds"
  local label="$1"; shift
  local t0 t1
  t0="$(date +%s.%N)"
  "$@" | tee "$work/$label.out"
  t1="$(date +%s.%N)"
  echo "$label $(echo "$t1 - $t0" | bc)" >>"$work/times"
}
rm -f "$work/times"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
timed dry-run bin/pipeline import --orders "$work/orders" --dry-run
timed import bin/pipeline import --orders "$work/orders"
timed reimport bin/pipeline import --orders "$work/orders"
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
grep -q "(nothing changed)" "$work/reimport.out" || { echo "error: the re-import changed the database" >&2; exit 1; }
cat "$work/times"
read -r _ dry < <(grep '^dry-run ' "$work/times")
read -r _ imp < <(grep '^import ' "$work/times")
read -r _ again < <(grep '^reimport ' "$work/times")
printf '| import (contract CSV) | %s order lines, %s cores | %.0f s (goal 120 s); re-import, nothing changed: %.0f s | dry run (read + rules): %.0f s | load %s → %s | %s |\n' \
  "$lines" "$(nproc)" "$imp" "$again" "$dry" "$load_before" "$load_after" "$(date +%F)"
