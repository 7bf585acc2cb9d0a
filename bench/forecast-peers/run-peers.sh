#!/usr/bin/env bash
# Runs the R peers (Prophet, forecast::ets, forecast::auto.arima) on one prepared dataset and prints
# the score table. Usage: bench/forecast-peers/run-peers.sh <pharma|generator|kaggle|cgpz> [--series N] [--methods a,b]
# Needs: apt-get install -y r-cran-prophet r-cran-forecast; bench/forecast-peers/prepare.sh <D> first.
set -euo pipefail
export TZ="${TZ:-UTC}"  # R asks timedatectl for the zone otherwise (noise on stderr in containers)
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
home="$(cd "$here/../.." && pwd)"
dataset="${1:?usage: run-peers.sh <pharma|generator|kaggle|cgpz> [--series N] [--methods prophet,ets,arima]}"
shift
series=all
methods=prophet,ets,arima
while [[ $# -gt 0 ]]; do
  case "$1" in
    --series) series="$2"; shift 2 ;;
    --methods) methods="$2"; shift 2 ;;
    *) echo "error: unknown option $1" >&2; exit 2 ;;
  esac
done
dir="$home/bench/out/forecast/$dataset"
[[ -f "$dir/input.csv" ]] || { echo "error: $dir/input.csv missing: run bench/forecast-peers/prepare.sh $dataset" >&2; exit 2; }
Rscript "$here/run-peers.R" "$dir" "$series" "$methods"
Rscript "$here/score.R" "$dir"
