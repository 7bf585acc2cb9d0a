#!/usr/bin/env bash
# Benchmark: SKU changes per marketplace (default 10,000) through each API's bulk path (REST batch of 100,
# eBay bulk_update_price_quantity of 25, Amazon JSON_LISTINGS_FEED, Shopify inventorySetQuantities of 250)
# against the contract-enforcing fakes, all four at once, with every documented refill rate multiplied by
# FACTOR (default 1: the documented limits, about 80 s; 4 for a quicker look); compares each push with the
# minimum time the limits allow.
# Usage: bench/marketplaces.sh [SKUS] [FACTOR]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bin/pipeline list >/dev/null   # builds on first use; the build is not timed
sandbox_jar="$(ls sandbox/target/nightshift-sandbox-*.jar | head -n 1)"
java -Xmx2g -cp "$sandbox_jar:$(cat sandbox/target/classpath.txt)" io.nightshift.sandbox.bench.MarketplaceBenchmark "${1:-10000}" "${2:-1}"
