#!/usr/bin/env bash
# Benchmark: curate-boxes for SUBSCRIBERS x PRODUCTS (default 100,000 x 5,000) on synthetic frames, against a
# bare Spark scan-and-write of the same inputs in the same JVM; wall time, peak heap and the JVM's peak RSS.
# Usage: bench/curation.sh [SUBSCRIBERS] [PRODUCTS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
subscribers="${1:-100000}"
products="${2:-5000}"
bin/pipeline list >/dev/null   # builds on first use; the build is not timed
out="${NIGHTSHIFT_BENCH_DIR:-/tmp/nightshift-bench-curation-$subscribers-$products}"
rm -rf "$out"
mkdir -p "$out"
sandbox_jar="$(ls sandbox/target/nightshift-sandbox-*.jar | head -n 1)"
OPENS="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED"
NIGHTSHIFT_HOME="$PWD" NIGHTSHIFT_WAREHOUSE="$out/wh" SPARK_LOCAL_IP=127.0.0.1 /usr/bin/time -f "wall %e s, peak RSS %M KB" \
  java -Xmx"${NIGHTSHIFT_DRIVER_MEMORY:-4g}" -XX:+UseParallelGC ${NIGHTSHIFT_JAVA_OPTS:-} $OPENS -cp "$sandbox_jar:$(cat sandbox/target/classpath.txt)" \
  io.nightshift.sandbox.bench.CurationBenchmark "$subscribers" "$products" "file:$out/tables"
