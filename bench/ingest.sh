#!/usr/bin/env bash
# Benchmark: ingest on a generated shop of PRODUCTS x DAYS (default 10,000 x 730): the full backfill and
# one nightly day, against a bare Spark read-and-write of the same sources in the same JVM.
# Usage: bench/ingest.sh [PRODUCTS] [DAYS] [all|backfill|nightly]
#   nightly alone reuses the warehouse a backfill run left (measure it on a quiet machine).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
products="${1:-10000}"
days="${2:-730}"
part="${3:-all}"
last="2026-10-31"
first="$(date -d "$last - $((days - 1)) days" +%F)"
bin/pipeline list >/dev/null   # builds on first use; the build is not timed
export NIGHTSHIFT_WAREHOUSE="${NIGHTSHIFT_WAREHOUSE:-/tmp/nightshift-bench-ingest-$products-$days}"
if [[ ! -f "$NIGHTSHIFT_WAREHOUSE/ground_truth/sample.properties" ]]; then
  bin/pipeline generate-sample --products "$products" --days "$days" --last-day "$last"
fi
if [[ "$part" != nightly ]]; then rm -rf "$NIGHTSHIFT_WAREHOUSE"/{bronze,silver,quarantine,_bench}; fi
sandbox_jar="$(ls sandbox/target/nightshift-sandbox-*.jar | head -n 1)"
OPENS="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED"
NIGHTSHIFT_HOME="$PWD" SPARK_LOCAL_IP=127.0.0.1 java -Xmx8g $OPENS -cp "$sandbox_jar:$(cat sandbox/target/classpath.txt)" \
  io.nightshift.sandbox.bench.IngestBenchmark "$first" "$last" "$part"
