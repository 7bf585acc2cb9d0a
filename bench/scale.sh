#!/usr/bin/env bash
# Scale curve: the whole nightly (every stage of Stages.nightlyOrder(), each timed) for one date on a shop of
# PRODUCTS x DAYS in local mode, after the ingest backfill of its history, against a bare Spark scan-and-write
# of the same data volume (every silver table read whole and written as Delta) in the same JVM. Reports wall
# time per stage, rows per second, the driver's peak heap (JMX) and peak RSS (/usr/bin/time -v), as markdown.
# The sample and the backfilled warehouse are kept in /tmp/nightshift-scale-PRODUCTS-DAYS and reused (neither
# is timed here: bench/generate-sample.sh and bench/ingest.sh measure those).
# Usage: bench/scale.sh PRODUCTS [PRODUCTS ...]      e.g. bench/scale.sh 1000 10000 100000
#   env: DAYS (default 730), LAST_DAY (2026-10-31), NIGHTSHIFT_DRIVER_MEMORY (8g)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[[ $# -ge 1 ]] || { sed -n '2,9p' "$0"; exit 2; }
days="${DAYS:-730}"
last="${LAST_DAY:-2026-10-31}"
first="$(date -d "$last - $((days - 1)) days" +%F)"
history_to="$(date -d "$last - 1 day" +%F)"
bin/pipeline list >/dev/null   # builds on first use; not timed
sandbox_jar="$(ls sandbox/target/nightshift-sandbox-*.jar | head -n 1)"
OPENS="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED"
heap="${NIGHTSHIFT_DRIVER_MEMORY:-8g}"

for products in "$@"; do
  export NIGHTSHIFT_WAREHOUSE="/tmp/nightshift-scale-$products-$days"
  echo "== $products products x $days days in $NIGHTSHIFT_WAREHOUSE" >&2
  if [[ ! -f "$NIGHTSHIFT_WAREHOUSE/ground_truth/sample.properties" ]]; then
    start=$SECONDS
    NIGHTSHIFT_DRIVER_MEMORY="$heap" bin/pipeline generate-sample --products "$products" --days "$days" --last-day "$last" 2>&1 | tail -n 1 >&2
    echo "generated in $((SECONDS - start)) s" >&2
  fi
  if [[ ! -d "$NIGHTSHIFT_WAREHOUSE/silver/sales_daily/_delta_log" ]]; then
    start=$SECONDS
    NIGHTSHIFT_DRIVER_MEMORY="$heap" bin/pipeline ingest --from "$first" --to "$history_to" 2>&1 | grep -E '  ok  |error' >&2
    echo "history ingested in $((SECONDS - start)) s" >&2
  fi
  rm -rf "$NIGHTSHIFT_WAREHOUSE/_bench/scale"
  out="$(mktemp)"
  NIGHTSHIFT_HOME="$PWD" SPARK_LOCAL_IP=127.0.0.1 /usr/bin/time -v -o "$out.time" \
    java -Xmx"$heap" -XX:+UseParallelGC $OPENS -cp "$sandbox_jar:$(cat sandbox/target/classpath.txt)" \
    io.nightshift.sandbox.bench.ScaleBenchmark "$last" "$products" "$days" 2>"$out.err" | tee "$out"
  rss_kb="$(grep 'Maximum resident set size' "$out.time" | awk '{print $NF}')"
  echo "peak RSS of the driver JVM (Spark local mode, whole run incl. the baseline): $((rss_kb / 1024)) MB" | tee -a "$out"
  echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -n 1); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  grep -E '^[a-z-]+ [0-9-]+: ' "$out.err" >&2 || true
  rm -f "$out" "$out.err" "$out.time"
done
