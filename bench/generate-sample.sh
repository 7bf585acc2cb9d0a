#!/usr/bin/env bash
# Benchmark: the sample generator for PRODUCTS x DAYS (default 10,000 x 730) against, in the same process
# and on the same rows, the floor it cannot beat: PostgreSQL COPY of its rows into empty tables plus
# copying its files. Prints one Markdown row for bench/README.md.
# Usage: bench/generate-sample.sh [PRODUCTS] [DAYS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
products="${1:-10000}"
days="${2:-730}"
bin/pipeline list >/dev/null   # builds on first use; the build is not timed
work="$(mktemp -d /tmp/nightshift-bench-XXXX)"
trap 'rm -rf "$work"' EXIT
sandbox_jar="$(ls sandbox/target/nightshift-sandbox-*.jar | head -n 1)"
java -Xmx8g -cp "$sandbox_jar:$(cat sandbox/target/classpath.txt)" io.nightshift.sandbox.bench.GenerateSampleBenchmark "$products" "$days" "$work"
