#!/usr/bin/env bash
# Prepares the forecast benchmark datasets: bench/out/forecast/<D>/{input.csv, actuals.csv, meta.properties}.
# Usage: bench/forecast-peers/prepare.sh [pharma] [generator] [kaggle] [cgpz]   (default: all four)
# The generator dataset is a sample shop generated here (GENERATOR_PRODUCTS x GENERATOR_DAYS, default
# 100 x 730, seed 1) into bench/out/forecast/generator/shop; its ground truth's sold_units are the series.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
home="$(cd "$here/../.." && pwd)"
out="$home/bench/out/forecast"
datasets=("$@")
[[ ${#datasets[@]} -eq 0 ]] && datasets=(pharma generator kaggle cgpz)
for d in "${datasets[@]}"; do
  if [[ "$d" == generator ]]; then
    shop="$out/generator/shop"
    truth="$shop/ground_truth/demand_daily.csv"
    if [[ ! -f "$truth" ]]; then
      mkdir -p "$shop"
      NIGHTSHIFT_WAREHOUSE="$shop" "$home/bin/pipeline" generate-sample \
        --products "${GENERATOR_PRODUCTS:-100}" --days "${GENERATOR_DAYS:-730}" --customers 20 --seed 1 \
        --last-day 2026-10-31 >&2
    fi
    Rscript "$here/prepare.R" generator "$out" "$truth"
  else
    Rscript "$here/prepare.R" "$d" "$out"
  fi
done
