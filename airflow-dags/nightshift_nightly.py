"""nightshift_nightly: the shop's nightly run, every stage of ``bin/pipeline nightly`` as one task, in its order.

Schedule: 02:00 in the shop's time zone, every day, for the business day that has just ended.

Which date a run passes (``--date``), on Airflow 2 and 3 alike:
  * ``{{ ds }}`` is not used. With a plain cron string, Airflow 2 builds a *data-interval* timetable
    (CronDataIntervalTimetable): the run that starts at 02:00 on D+1 covers [D 02:00, D+1 02:00) and its
    logical date, hence ``ds``, is D. Airflow 3 defaults to ``create_cron_data_intervals = False`` and builds
    a CronTriggerTimetable instead: the same run's logical date is the trigger time, D+1, so ``ds`` is D+1.
    ``ds`` is also formatted in UTC, not the shop's zone.
  * So the timetable is pinned to CronTriggerTimetable (both versions have it), whose logical date is the
    moment the run fires, and the task passes the day before it *in the shop's time zone*:
    ``BUSINESS_DATE`` below. A manual trigger at time T therefore runs the day before T, exactly as
    ``bin/pipeline nightly`` without ``--date`` does. (Airflow 3 may trigger a manual run without a logical
    date: ``dag_run.run_after`` stands in.)

What runs (nightshift_tasks): ``spark-submit`` with the assembled jar (cluster), or ``bin/pipeline`` (one
machine), chosen by the Airflow Variable ``nightshift_launcher`` ("spark-submit", the default, or "local").
Other Variables: ``nightshift_jar``, ``nightshift_spark_submit_args``, ``nightshift_home``, ``nightshift_conf``.
They are read in the templates, at run time, never while the scheduler parses this file.

No catch-up storms: catchup=False and max_active_runs=1; a missed night is run with the backfill DAG.
Failed tasks retry with exponential backoff; the jar's stages are idempotent, so a retry is always safe.
Every task logs under this DAG run's id (NIGHTSHIFT_RUN_ID), and the last task writes the run's HTML report.
The logic lives in the jar: this file only says when and in which order.
"""
from __future__ import annotations

from datetime import timedelta

import pendulum

try:  # Airflow 3
    from airflow.sdk import DAG
except ImportError:  # Airflow 2
    from airflow import DAG
from airflow.timetables.trigger import CronTriggerTimetable
from nightshift_tasks import stage_task, tool_task

SHOP_TIME_ZONE = "America/New_York"  # nightshift.shop.time-zone

BUSINESS_DATE = (
    "{{ (logical_date or dag_run.run_after).in_timezone('" + SHOP_TIME_ZONE + "')"
    ".subtract(days=1).strftime('%Y-%m-%d') }}"
)
ON_BUSINESS_DATE = "--date " + BUSINESS_DATE

default_args = {
    "owner": "nightshift",
    "retries": 3,
    "retry_delay": timedelta(minutes=5),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(hours=1),
    "execution_timeout": timedelta(hours=2),
}


with DAG(
    dag_id="nightshift_nightly",
    description="Nightshift: every stage of the nightly flow for the business day that just ended",
    schedule=CronTriggerTimetable("0 2 * * *", timezone=SHOP_TIME_ZONE),
    start_date=pendulum.datetime(2026, 1, 1, tz=SHOP_TIME_ZONE),
    catchup=False,
    max_active_runs=1,
    dagrun_timeout=timedelta(hours=6),
    default_args=default_args,
    tags=["nightshift"],
) as dag:
    ingest_orders = stage_task("ingest-orders", ON_BUSINESS_DATE)
    ingest = stage_task("ingest", ON_BUSINESS_DATE)
    forecast = stage_task("forecast", ON_BUSINESS_DATE)
    elasticity = stage_task("elasticity", ON_BUSINESS_DATE)
    price = stage_task("price", ON_BUSINESS_DATE)
    publish_prices = stage_task("publish-prices", ON_BUSINESS_DATE)
    curate_boxes = stage_task("curate-boxes", ON_BUSINESS_DATE)
    sync_inventory = stage_task("sync-inventory", ON_BUSINESS_DATE)
    monitor = stage_task("monitor", ON_BUSINESS_DATE)
    report = tool_task("report", after_stages=True)

    ingest_orders >> ingest >> forecast >> elasticity >> price >> publish_prices >> curate_boxes >> sync_inventory >> monitor \
        >> report
