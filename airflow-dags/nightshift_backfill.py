"""nightshift_backfill: every stage of the nightly flow over a date range, triggered by hand.

Trigger with the params ``from`` and ``to`` (inclusive, YYYY-MM-DD), e.g. a month after a fix. Each task runs
one stage over the whole range (``--from/--to``), through the stage's range path: one pass for ingest, and by
the pipeline's contract the same tables as running ``nightly`` for each date in turn. Stages run in nightly's
order, so every stage reads the range's outputs of the stages before it. No stage reads, for a date, what a later
stage writes for an earlier date, which is why stage by stage equals date by date (README, "Backfill equals
nightlies"; checked end to end by bench/backfill-equivalence.sh). The exception is sync-inventory's push ledger:
it pushes the availability at the end of the range once, where nightlies pushed it step by step.

Launcher, Variables and retries as in nightshift_nightly. Never scheduled; one backfill at a time.
"""
from __future__ import annotations

from datetime import timedelta

import pendulum

try:  # Airflow 3
    from airflow.sdk import DAG
except ImportError:  # Airflow 2
    from airflow import DAG
try:  # Airflow 3, or Airflow 2 with the standard provider
    from airflow.providers.standard.operators.bash import BashOperator
except ImportError:  # Airflow 2
    from airflow.operators.bash import BashOperator

RANGE = "--from {{ params['from'] }} --to {{ params['to'] }}"

LAUNCH = (
    "{% if var.value.get('nightshift_launcher', 'spark-submit') == 'local' %}"
    "{{ var.value.get('nightshift_home', '/opt/nightshift') }}/bin/pipeline"
    "{% else %}"
    "spark-submit --class io.nightshift.jobs.Pipeline {{ var.value.get('nightshift_spark_submit_args', '') }}"
    " {{ var.value.get('nightshift_jar', '/opt/nightshift/nightshift-jobs-all.jar') }}"
    "{% endif %}"
)
CONF = "{% if var.value.get('nightshift_conf', '') %} --conf {{ var.value.get('nightshift_conf') }}{% endif %}"

default_args = {
    "owner": "nightshift",
    "retries": 2,
    "retry_delay": timedelta(minutes=10),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(hours=2),
}


def stage_task(stage: str) -> BashOperator:
    """One stage over the whole range."""
    return BashOperator(
        task_id=stage.replace("-", "_"),
        bash_command=f"{LAUNCH} {stage} {RANGE}{CONF}",
        env={"NIGHTSHIFT_RUN_ID": "{{ run_id }}"},
        append_env=True,
    )


def tool_task(tool: str) -> BashOperator:
    """The run report of this backfill."""
    return BashOperator(
        task_id=tool.replace("-", "_"),
        # --require-complete: the report task fails unless every stage of the run succeeded, so a report
        # drawn after a failure (trigger_rule all_done) never turns the DAG run green.
        bash_command=f"{LAUNCH} {tool} --require-complete{CONF}",
        env={"NIGHTSHIFT_RUN_ID": "{{ run_id }}"},
        append_env=True,
        trigger_rule="all_done",
        retries=0,
    )


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
    ingest_orders = stage_task("ingest-orders")
    ingest = stage_task("ingest")
    forecast = stage_task("forecast")
    elasticity = stage_task("elasticity")
    price = stage_task("price")
    publish_prices = stage_task("publish-prices")
    curate_boxes = stage_task("curate-boxes")
    sync_inventory = stage_task("sync-inventory")
    monitor = stage_task("monitor")
    report = tool_task("report")

    ingest_orders >> ingest >> forecast >> elasticity >> price >> publish_prices >> curate_boxes >> sync_inventory >> monitor \
        >> report
