"""nightshift_maintain: weekly OPTIMIZE (Z-order by product_id) and VACUUM of every Delta table.

Not part of the nightly run: OPTIMIZE rewrites data and VACUUM lists every file of every table, which costs
minutes on object storage and helps nothing the storefront needs by morning. Sundays at 05:00 in the shop's
time zone, after that night's run. Retention and Z-order columns: ``nightshift.maintain`` in the configuration.
"""
from __future__ import annotations

from datetime import timedelta

import pendulum

try:  # Airflow 3
    from airflow.sdk import DAG
except ImportError:  # Airflow 2
    from airflow import DAG
from airflow.timetables.trigger import CronTriggerTimetable
from nightshift_tasks import tool_task

SHOP_TIME_ZONE = "America/New_York"  # nightshift.shop.time-zone


with DAG(
    dag_id="nightshift_maintain",
    description="Nightshift: weekly Delta OPTIMIZE and VACUUM",
    schedule=CronTriggerTimetable("0 5 * * 0", timezone=SHOP_TIME_ZONE),
    start_date=pendulum.datetime(2026, 1, 1, tz=SHOP_TIME_ZONE),
    catchup=False,
    max_active_runs=1,
    default_args={"owner": "nightshift", "retries": 1, "retry_delay": timedelta(minutes=30)},
    tags=["nightshift"],
) as dag:
    maintain = tool_task("maintain")
