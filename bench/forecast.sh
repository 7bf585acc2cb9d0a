#!/usr/bin/env bash
# Benchmark of the forecaster, one table per part:
#  (a) M3: sMAPE and MASE per period with the competition's horizons, next to the 24 original methods,
#      and the model code's CPU time per series;
#  (b, c) daily retail (pharma, generator, kaggle) and weekly cgpz with regressors: forecast-file on
#      bench/out/forecast/D/input.csv against the peers' forecasts (bench/forecast-peers/run-peers.sh D),
#      same series and hold-out: MASE, sMAPE, coverage, seconds per series; then GlobalModelBench: the
#      forecaster without and with the global model, the global model alone, its training and prediction time;
#  (d) the forecast stage on a generated shop of FORECAST_PRODUCTS x 730 days (default 10,000), timed
#      (it generates and ingests the shop first, which takes over an hour at 10,000 products);
#  (e) stage-scale: the forecast stage at FORECAST_PRODUCTS x 730 days with silver written straight from the
#      generator's in-memory history (no ingest), the global model trained and then reused.
# Usage: bench/forecast.sh [m3] [peers] [stage] [stage-scale]   (default: m3 peers)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
parts="${*:-m3 peers}"
bin/pipeline list >/dev/null   # builds on first use; the build is not timed
sandbox_jar="$(ls sandbox/target/nightshift-sandbox-*.jar | head -n 1)"
CP="$sandbox_jar:$(cat sandbox/target/classpath.txt)"
M3_DIR="${M3_DIR:-$(cd .. && pwd)/shared/datasets/m3-competition}"
OUT="bench/out/forecast"
# What Spark needs opened on Java 17, for the parts that start a Spark session of their own.
SPARK_OPENS=(
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED
  --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
)

if [[ " $parts " == *" m3 "* ]]; then
  echo "== (a) M3 =="
  java -Xmx4g -XX:+UseParallelGC -cp "$CP" io.nightshift.sandbox.bench.M3Benchmark "$M3_DIR"
  echo
fi

if [[ " $parts " == *" peers "* ]]; then
  for d in pharma generator kaggle cgpz; do
    dir="$OUT/$d"
    if [[ ! -f "$dir/input.csv" ]]; then
      if [[ -x bench/forecast-peers/prepare.sh ]]; then
        bench/forecast-peers/prepare.sh
      fi
    fi
    if [[ ! -f "$dir/input.csv" ]]; then
      echo "== $d: no $dir/input.csv (bench/forecast-peers/prepare.sh writes it); skipped"
      continue
    fi
    prop() { grep -E "^$1=" "$dir/meta.properties" | head -n 1 | cut -d= -f2- | tr -d '[:space:]'; }
    frequency="$(prop frequency)"; horizon="$(prop horizon)"; regressors="$(prop regressors || true)"
    group="$(prop group || true)"
    args=(forecast-file --input "$dir/input.csv" --output "$dir/nightshift.csv" --horizon "$horizon" --frequency "$frequency")
    [[ -n "$regressors" ]] && args+=(--regressors "$regressors")
    [[ -n "$group" ]] && args+=(--group "$group")
    # FORECAST_GLOBAL_MODEL=true|false overrides the configuration's global-model.enabled
    [[ -n "${FORECAST_GLOBAL_MODEL:-}" ]] && args+=(--global-model "$FORECAST_GLOBAL_MODEL")
    series="$(tail -n +2 "$dir/input.csv" | cut -d, -f1 | sort -u | wc -l)"
    start=$(date +%s.%N)
    bin/pipeline "${args[@]}" 2>"$dir/nightshift.log"
    end=$(date +%s.%N)
    # wall seconds of the whole command (JVM and Spark start included), series count
    echo "$(echo "$end - $start" | bc) $series" > "$dir/nightshift_seconds.txt"
    if [[ -x bench/forecast-peers/run-peers.sh ]] && ! ls "$dir"/peer_*.csv >/dev/null 2>&1; then
      bench/forecast-peers/run-peers.sh "$d" || echo "($d: peers failed; scoring what exists)"
    fi
    echo "== ($([[ $d == cgpz ]] && echo c || echo b)) $d =="
    java -cp "$CP" io.nightshift.sandbox.bench.ForecastScoreboard "$dir"
    # without and with the global model, the global model alone, its choice count and every candidate's backtest
    # coverage (in one JVM, no Spark); kaggle scored on the first 50 series as the R peers
    java -Xmx4g -cp "$CP" io.nightshift.sandbox.bench.GlobalModelBench "$dir" $([[ $d == kaggle ]] && echo 50)
    echo
  done
fi

if [[ " $parts " == *" stage "* ]]; then
  products="${FORECAST_PRODUCTS:-10000}"
  last="2026-10-31"
  first="$(date -d "$last - 729 days" +%F)"
  export NIGHTSHIFT_WAREHOUSE="${NIGHTSHIFT_WAREHOUSE:-/tmp/nightshift-bench-ingest-$products-730}"
  if [[ ! -f "$NIGHTSHIFT_WAREHOUSE/ground_truth/sample.properties" ]]; then
    bin/pipeline generate-sample --products "$products" --days 730 --last-day "$last"
  fi
  if [[ ! -d "$NIGHTSHIFT_WAREHOUSE/silver/sales_daily" ]]; then
    bin/pipeline ingest --from "$first" --to "$last"
  fi
  echo "== (d) forecast stage, $products products x 730 days =="
  NIGHTSHIFT_HOME="$PWD" SPARK_LOCAL_IP=127.0.0.1 java -Xmx8g -XX:+UseParallelGC \
    "${SPARK_OPENS[@]}" \
    -cp "$CP" io.nightshift.sandbox.bench.ForecastStageBenchmark "$last"
fi

if [[ " $parts " == *" stage-scale "* ]]; then
  products="${FORECAST_PRODUCTS:-10000}"
  export NIGHTSHIFT_WAREHOUSE="/tmp/nightshift-bench-stage-scale-$products"
  rm -rf "$NIGHTSHIFT_WAREHOUSE"
  echo "== (e) forecast stage at scale, $products products x 730 days, silver from the generator's history =="
  NIGHTSHIFT_HOME="$PWD" SPARK_LOCAL_IP=127.0.0.1 java -Xmx12g -XX:+UseParallelGC \
    "${SPARK_OPENS[@]}" \
    -cp "$CP" io.nightshift.sandbox.bench.ForecastStageScaleBenchmark "$products"
fi
