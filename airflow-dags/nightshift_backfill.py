"""nightshift_backfill: every stage of the nightly flow over a date range, triggered by hand.

Trigger with the params ``from`` and ``to`` (inclusive, YYYY-MM-DD), e.g. a month after a fix. Each task runs
one stage over the whole range (``--from/--to``), through the stage's range path: one pass for ingest, and by
the pipeline's contract the same tables as running ``nightly`` for each date in turn. Stages run in nightly's
order, so every stage reads the range's outputs of the stages before it. No stage reads, for a date, what a later
stage writes for an earlier date, which is why stage by stage equals date by date (README, "Backfill equals
nightlies"; checked end to end by bench/backfill-equivalence.sh). The exception is sync-inventory's push ledger:
it pushes the availability at the end of the range once, where nightlies pushed it step by step.

Launcher and Variables: nightshift_tasks; retries as in nightshift_nightly. Never scheduled; one backfill at a time.
"""
from __future__ import annotations

from datetime import timedelta

import pendulum

try:  # Airflow 3
    from airflow.sdk import DAG
except ImportError:  # Airflow 2
    from airflow import DAG
from nightshift_tasks import stage_task, tool_task

RANGE = "--from {{ params['from'] }} --to {{ params['to'] }}"

default_args = {
    "owner": "nightshift",
    "retries": 2,
    "retry_delay": timedelta(minutes=10),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(hours=2),
}


with DAG(
    dag_id="nightshift_backfill",
    description="Nightshift: every stage over a date range (params from, to)",
    schedule=None,
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    params={"from": "2026-01-01", "to": "2026-01-14"},
    default_args=default_args,
    tags=["nightshift"],
) as dag:
    ingest_orders = stage_task("ingest-orders", RANGE)
    ingest = stage_task("ingest", RANGE)
    forecast = stage_task("forecast", RANGE)
    elasticity = stage_task("elasticity", RANGE)
    price = stage_task("price", RANGE)
    publish_prices = stage_task("publish-prices", RANGE)
    curate_boxes = stage_task("curate-boxes", RANGE)
    sync_inventory = stage_task("sync-inventory", RANGE)
    monitor = stage_task("monitor", RANGE)
    report = tool_task("report", after_stages=True)

    ingest_orders >> ingest >> forecast >> elasticity >> price >> publish_prices >> curate_boxes >> sync_inventory >> monitor \
        >> report
