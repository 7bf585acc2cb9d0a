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
try:  # Airflow 3, or Airflow 2 with the standard provider
    from airflow.providers.standard.operators.bash import BashOperator
except ImportError:  # Airflow 2
    from airflow.operators.bash import BashOperator
from airflow.timetables.trigger import CronTriggerTimetable

SHOP_TIME_ZONE = "America/New_York"  # nightshift.shop.time-zone

LAUNCH = (
    "{% if var.value.get('nightshift_launcher', 'spark-submit') == 'local' %}"
    "{{ var.value.get('nightshift_home', '/opt/nightshift') }}/bin/pipeline"
    "{% else %}"
    "spark-submit --class io.nightshift.jobs.Pipeline {{ var.value.get('nightshift_spark_submit_args', '') }}"
    " {{ var.value.get('nightshift_jar', '/opt/nightshift/nightshift-jobs-all.jar') }}"
    "{% endif %}"
)
CONF = "{% if var.value.get('nightshift_conf', '') %} --conf {{ var.value.get('nightshift_conf') }}{% endif %}"


def tool_task(tool: str) -> BashOperator:
    return BashOperator(
        task_id=tool.replace("-", "_"),
        bash_command=f"{LAUNCH} {tool}{CONF}",
        env={"NIGHTSHIFT_RUN_ID": "{{ run_id }}"},
        append_env=True,
    )


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
