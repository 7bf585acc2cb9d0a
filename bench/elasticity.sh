#!/usr/bin/env bash
# Elasticity accuracy against the sample generator's truth: generates a shop (PRODUCTS x DAYS, seed SEED),
# ingests its whole history, runs the elasticity stage for its last day with and without the add-to-cart
# funnel, and prints, per group of products, the share within +-0.2 of the true elasticity, the share
# whose interval covers it, the mean absolute error and the stage's seconds.
# Usage: bench/elasticity.sh [PRODUCTS=200] [DAYS=730] [SEED=1]   (reuses bench/out/elasticity/<P>x<D>s<SEED>)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
home="$(cd "$here/.." && pwd)"
products="${1:-200}"; days="${2:-730}"; seed="${3:-1}"
last_day=2026-10-31
warehouse="$home/bench/out/elasticity/${products}x${days}s${seed}"
export NIGHTSHIFT_WAREHOUSE="$warehouse"
pipeline="$home/bin/pipeline"
if [[ ! -f "$warehouse/.ingested" ]]; then
  rm -rf "$warehouse"; mkdir -p "$warehouse"
  "$pipeline" generate-sample --products "$products" --days "$days" --customers 50 --seed "$seed" --last-day "$last_day" >&2
  first_day="$(date -d "$last_day - $((days - 1)) days" +%F)"
  "$pipeline" ingest --from "$first_day" --to "$last_day" >&2
  touch "$warehouse/.ingested"
fi
window="${ELASTICITY_WINDOW:-default}"
sql="$(mktemp)"
sed -e "s|\${TRUTH}|$warehouse/ground_truth/products.csv|" -e "s|\${RUN_DATE}|$last_day|" "$here/elasticity/accuracy.sql" > "$sql"
for funnel in true false; do
  conf="$(mktemp --suffix=.conf)"
  printf 'include file(\"%s/conf/local.conf\")\nnightshift.elasticity.add-to-cart-funnel = %s\n' "$home" "$funnel" > "$conf"
  echo "== ${products} products x ${days} days (seed ${seed}), window ${window} (days), add-to-cart funnel ${funnel}"
  [[ -n "${ELASTICITY_WINDOW:-}" ]] && echo "nightshift.elasticity.window-days = $ELASTICITY_WINDOW" >> "$conf"
  "$pipeline" elasticity --date "$last_day" --conf "$conf" 2>/dev/null | { grep -E "^elasticity" || true; }
  "$pipeline" sql "$sql" --conf "$conf" 2>/dev/null
  rm -f "$conf"
done
rm -f "$sql"
