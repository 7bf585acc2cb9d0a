#!/usr/bin/env bash
# Does a backfill give the data engineer the same warehouse as the nights run one by one?
#
# One small generated shop, twice (two warehouses, each with its own embedded PostgreSQL and the same
# deterministic sample), ingest over the history before the range, then:
#   A: `bin/pipeline nightly --date D` for each of the range's days, in order;
#   B: the nightshift_backfill DAG's tasks in its order, each `bin/pipeline <stage> --from F --to T`
#      (the stage list is read from airflow-dags/nightshift_backfill.py, so the script follows the DAG).
# Then `bin/pipeline checksums` (row count and sum of row hashes, wall-clock columns left out) of every
# silver and gold table and of storefront.product_prices and subscription_box_items, compared table by table.
# Exit 0 when every table is identical, 1 on any difference. Not part of bin/test: 2 x 14 nights of Delta
# commits take tens of minutes.
#
#   bench/backfill-equivalence.sh [--products N] [--days N] [--customers N] [--last-day D] [--nights N]
#                                 [--work DIR] [--sequential]
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
products=12 days=120 customers=100 last_day=2026-11-20 nights=14 work="" parallel=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --products) products="$2"; shift 2 ;;
    --days) days="$2"; shift 2 ;;
    --customers) customers="$2"; shift 2 ;;
    --last-day) last_day="$2"; shift 2 ;;
    --nights) nights="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --sequential) parallel=0; shift ;;
    *) echo "usage: $0 [--products N] [--days N] [--customers N] [--last-day D] [--nights N] [--work DIR] [--sequential]" >&2; exit 2 ;;
  esac
done
work="${work:-$(mktemp -d /tmp/backfill-equivalence.XXXXXX)}"
mkdir -p "$work/logs"
range_from="$(date -d "$last_day - $((nights - 1)) days" +%F)"
history_from="$(date -d "$last_day - $((days - 1)) days" +%F)"
history_to="$(date -d "$range_from - 1 day" +%F)"
t0=$SECONDS
step() { echo "== $(date -u +%H:%M:%S) $*" >&2; }
die() { echo "error: $*" >&2; exit 1; }

# The backfill DAG's stage tasks in its order (stage_task("name") calls; the report task is not a stage).
mapfile -t backfill_stages < <(grep -o 'stage_task("[a-z-]*")' airflow-dags/nightshift_backfill.py | sed 's/stage_task("\(.*\)")/\1/')
[[ ${#backfill_stages[@]} -gt 0 ]] || die "no stage tasks found in airflow-dags/nightshift_backfill.py"

bin/pipeline list >/dev/null   # builds once, before the two warehouses start in parallel

in_warehouse() { # in_warehouse NAME LOG ARGS... : bin/pipeline against warehouse NAME (its own embedded PostgreSQL)
  local name="$1" log="$2"; shift 2
  NIGHTSHIFT_WAREHOUSE="$work/$name" NIGHTSHIFT_DRIVER_MEMORY="${NIGHTSHIFT_DRIVER_MEMORY:-2g}" NIGHTSHIFT_RUN_ID="bench-$name" \
    bin/pipeline "$@" >>"$log.out" 2>>"$log"
}

prepare() { # the same sample and ingested history in warehouse NAME
  local name="$1"
  in_warehouse "$name" "$work/logs/$name-generate.log" generate-sample --products "$products" --days "$days" \
    --customers "$customers" --last-day "$last_day"
  in_warehouse "$name" "$work/logs/$name-ingest-history.log" ingest --from "$history_from" --to "$history_to"
}

nightlies() { # A: one nightly per day
  prepare nightly
  local d="$range_from"
  while [[ ! "$d" > "$last_day" ]]; do
    in_warehouse nightly "$work/logs/nightly-run.log" nightly --date "$d" || die "nightly $d failed (see $work/logs/nightly-run.log)"
    echo "   nightly $d done ($((SECONDS - t0)) s)" >&2
    d="$(date -d "$d + 1 day" +%F)"
  done
}

backfill() { # B: the backfill DAG's tasks, one stage over the whole range each
  prepare backfill
  for stage in "${backfill_stages[@]}"; do
    in_warehouse backfill "$work/logs/backfill-run.log" "$stage" --from "$range_from" --to "$last_day" \
      || die "backfill $stage failed (see $work/logs/backfill-run.log)"
    echo "   backfill $stage done ($((SECONDS - t0)) s)" >&2
  done
}

step "shop: $products products x $days days ending $last_day, $customers subscribers; history $history_from..$history_to"
step "A: nightly for each day of $range_from..$last_day; B: backfill DAG tasks ${backfill_stages[*]} --from $range_from --to $last_day"
if [[ $parallel == 1 ]]; then
  nightlies & a=$!
  backfill & b=$!
  status=0
  wait "$a" || status=1
  wait "$b" || status=1
  [[ $status == 0 ]] || die "a run failed; logs in $work/logs"
else
  nightlies
  backfill
fi

step "checksums of every silver and gold table and the PostgreSQL storefront and box tables"
for name in nightly backfill; do
  NIGHTSHIFT_WAREHOUSE="$work/$name" NIGHTSHIFT_DRIVER_MEMORY="${NIGHTSHIFT_DRIVER_MEMORY:-2g}" \
    bin/pipeline checksums --layers silver,gold >"$work/checksums-$name.txt" 2>"$work/logs/$name-checksums.log" \
    || die "checksums of $name failed (see $work/logs/$name-checksums.log)"
done

same=0
bench/lib/compare-checksums.py nightly "$work/checksums-nightly.txt" backfill "$work/checksums-backfill.txt" || same=1
echo "total $((SECONDS - t0)) s; work directory $work" >&2
exit $same
