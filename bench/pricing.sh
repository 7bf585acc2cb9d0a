#!/usr/bin/env bash
# Benchmark: publish-prices throughput (COPY into staging + circuit breaker + swap, one transaction) next to a
# plain batched-INSERT loader, on embedded PostgreSQL in the same process; and the price stage's
# transformation for PRODUCTS products next to a bare Delta write. Prints Markdown rows for bench/README.md.
# Usage: bench/pricing.sh [PUBLISH_ROWS] [PRODUCTS]   (defaults 200,000 and 10,000)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rows="${1:-200000}"
products="${2:-10000}"
bin/pipeline list >/dev/null   # builds on first use; the build is not timed
work="$(mktemp -d /tmp/nightshift-bench-pricing-XXXX)"
trap 'rm -rf "$work"' EXIT
sandbox_jar="$(ls sandbox/target/nightshift-sandbox-*.jar | head -n 1)"
OPENS="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED"
SPARK_LOCAL_IP=127.0.0.1 java -Xmx4g $OPENS -cp "$sandbox_jar:$(cat sandbox/target/classpath.txt)" \
  io.nightshift.sandbox.bench.PricingBenchmark "$rows" "$products" "$work"
