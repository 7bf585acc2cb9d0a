#!/usr/bin/env bash
# kill -9 of `nightly` at seeded random points, each followed at once by a rerun, with the embedded PostgreSQL
# default (no NIGHTSHIFT_JDBC_URL): does every rerun succeed, converge to a clean run's tables (the checksums
# command: bronze, silver, gold, quarantine and the commerce tables nightly writes), and leave no postmaster?
#
# Usage: bench/crash.sh [KILLS] [SEED]      (defaults 20 and the current time; the seed is printed)
# Environment: PRODUCTS (25), DAYS (45), CUSTOMERS (30), LAST_DAY (2026-11-01), OUT (bench/out/crash).
# The shop with its ingested history (OUT/<shop>/base) and the clean run's checksums are kept and reused; each
# kill starts from a copy of the base. A kill lands a random time after the JVM started, uniform over the clean
# run's wall time (JVM start-up included), so later stages get as many kills as their share of the run.
# Prints one line per kill and a tally; exits 1 when a rerun failed, did not converge, or left a postmaster.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
kills="${1:-20}"
seed="${2:-$(date +%s)}"
products="${PRODUCTS:-25}" days="${DAYS:-45}" customers="${CUSTOMERS:-30}" last_day="${LAST_DAY:-2026-11-01}"
out="${OUT:-$root/bench/out/crash}/${products}x${days}x${customers}-${last_day}"
mkdir -p "$out"
conf="$out/shop.conf"
cat >"$conf" <<EOF
nightshift.sample { products = $products, days = $days, customers = $customers }
# A fixed LAST_DAY works whatever today is.
nightshift.dates.days-ahead = 36500
EOF

# The commerce tables nightly writes (price_publications, the log of every publish attempt, is left out: a
# rerun after a kill that came after the publish adds an 'unchanged' row), and columns filled by now() or a
# sequence.
commerce_tables="storefront.product_prices,subscription_box_items,subscription_box_reservations,inventory,orders,order_lines,stock_movements,marketplace_applied_lines,marketplace_push_journal"
commerce_ignored="created_at,updated_at,reserved_at,applied_at,sent_at,acknowledged_at,box_item_id,movement_id"

# Runs bin/pipeline on warehouse $1 (exec all the way down, so a background call's $! is the JVM's pid).
pipeline() {
  local warehouse="$1"
  shift
  exec env -u NIGHTSHIFT_JDBC_URL -u NIGHTSHIFT_CONF NIGHTSHIFT_WAREHOUSE="$warehouse" \
    nice -n 10 "$root/bin/pipeline" "$@" --conf "$conf"
}
checksums() {
  (pipeline "$1" checksums --layers bronze,silver,gold,quarantine --commerce-tables "$commerce_tables" \
    --ignore-commerce-columns "$commerce_ignored") 2>"$1.checksums.err"
}
# Processes whose command line names the data folder: a postmaster runs with -D FOLDER.
serving() { { pgrep -f -- "$1/_postgres( |$)" || true; } | wc -l; }
millis() { date +%s%3N; }

start_all=$(millis)
echo "crash benchmark: $kills kills, seed $seed, shop $products products x $days days, $customers customers, last day $last_day"
echo "load before: $(uptime)"

first_day="$(date -u -d "$last_day - $((days - 1)) days" +%F)"
history_end="$(date -u -d "$last_day - 1 day" +%F)"
if [[ ! -f "$out/base.done" ]]; then
  rm -rf "$out/base"
  echo "generating the shop and ingesting its history $first_day..$history_end (once, kept in $out/base)"
  (pipeline "$out/base" generate-sample --last-day "$last_day") >"$out/base.log" 2>&1
  (pipeline "$out/base" ingest --from "$first_day" --to "$history_end") >>"$out/base.log" 2>&1
  touch "$out/base.done"
fi

if [[ ! -f "$out/clean.sums" || ! -f "$out/clean.millis" ]]; then
  rm -rf "$out/clean"
  cp -a "$out/base" "$out/clean"
  t0=$(millis)
  (pipeline "$out/clean" nightly --date "$last_day") >"$out/clean.log" 2>&1
  echo $(( $(millis) - t0 )) >"$out/clean.millis"
  checksums "$out/clean" >"$out/clean.sums"
fi
clean_ms=$(cat "$out/clean.millis")
echo "clean nightly: $(awk -v m="$clean_ms" 'BEGIN { printf "%.1f", m / 1000 }') s; $(wc -l <"$out/clean.sums") tables in its checksums"

RANDOM=$seed
ok=0 converged=0 orphans=0 landed_none=0
for ((k = 1; k <= kills; k++)); do
  delay=$(( (RANDOM * 32768 + RANDOM) % clean_ms ))
  wh="$out/crash"
  rm -rf "$wh"
  cp -a "$out/base" "$wh"
  (pipeline "$wh" nightly --date "$last_day") >"$out/kill-$k.log" 2>&1 &
  pid=$!
  sleep "$(awk -v m="$delay" 'BEGIN { printf "%.3f", m / 1000 }')"
  stage="$(grep -E '^\[[0-9]+/[0-9]+\] ' "$out/kill-$k.log" | tail -n 1 | awk '{ print $2 ($0 ~ / running$/ ? "" : " (done)") }' || true)"
  if kill -0 "$pid" 2>/dev/null; then
    kill -9 "$pid"
    wait "$pid" 2>/dev/null || true
  else
    wait "$pid" 2>/dev/null || true
    landed_none=$((landed_none + 1))
    stage="after the end"
  fi
  # The rerun at once: an Airflow retry.
  rc=0
  (pipeline "$wh" nightly --date "$last_day") >"$out/rerun-$k.log" 2>&1 || rc=$?
  same="no"
  if [[ $rc -eq 0 ]]; then
    ok=$((ok + 1))
    if checksums "$wh" >"$out/crash.sums" && diff -q "$out/clean.sums" "$out/crash.sums" >/dev/null; then
      same="yes"
      converged=$((converged + 1))
    else
      cp "$out/crash.sums" "$out/crash-$k.sums"
    fi
  fi
  left=$(serving "$wh")
  orphans=$((orphans + left))
  printf 'kill %2d: after %6.1f s, in %-24s rerun exit %d, converged %-3s, postmasters left %d\n' \
    "$k" "$(awk -v m="$delay" 'BEGIN { print m / 1000 }')" "${stage:-start-up}" "$rc" "$same" "$left"
  if [[ $rc -ne 0 ]]; then
    tail -n 5 "$out/rerun-$k.log" | sed 's/^/    /'
  fi
  if [[ $left -gt 0 ]]; then
    for orphan in $(pgrep -f -- "$wh/_postgres( |$)" || true); do kill -INT "$orphan" || true; done
    sleep 5
  fi
done

wall=$(( ($(millis) - start_all) / 1000 ))
echo "tally: kills $kills (of which $landed_none after the run had ended), reruns succeeded $ok, converged $converged, orphaned postmasters $orphans"
echo "wall time ${wall} s; load after: $(uptime)"
[[ $ok -eq $kills && $converged -eq $kills && $orphans -eq 0 ]]
