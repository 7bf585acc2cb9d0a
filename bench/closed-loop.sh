#!/usr/bin/env bash
# Benchmark: the closed-loop pricing simulation (simulate-pricing --mode closed-loop) on the sample shop, simulated
# in memory from its spec (200 products x 730 days, last day LAST_DAY): NIGHTS nights with forecasts and elasticities
# refitted weekly, every strategy; prints the wall time with the load average before and after, next to the figures
# the command prints itself (lifts over rules, optimize-learn's share of optimize-truth's lift, elasticity accuracy).
# Output and HTML pages in bench/out/. Usage: bench/closed-loop.sh [NIGHTS] [SEED ...]   (defaults 180 and seed 1)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
nights="${1:-180}"
shift || true
seeds=("$@")
[[ ${#seeds[@]} -eq 0 ]] && seeds=(1)
bin/pipeline list >/dev/null   # builds on first use; the build is not timed
mkdir -p bench/out
for seed in "${seeds[@]}"; do
  name="bench/out/closed-loop-${nights}-seed${seed}"
  echo "seed $seed, load before: $(uptime)"
  start=$(date +%s.%N)
  bin/pipeline simulate-pricing --mode closed-loop --days "$nights" --refit-days "${REFIT_DAYS:-7}" --shop-seed "$seed" \
    --last-day "${LAST_DAY:-2026-11-30}" --html "$name.html" | tee "$name.txt"
  end=$(date +%s.%N)
  printf 'seed %s: %s nights in %.1f s (JVM start included); load after: %s\n' "$seed" "$nights" \
    "$(echo "$end - $start" | bc)" "$(uptime)"
done
