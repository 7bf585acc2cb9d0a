"""How a Nightshift DAG task runs the pipeline: shared by nightshift_nightly, nightshift_backfill and
nightshift_maintain, which import it (Airflow puts the DAG folder on sys.path). It defines no DAG.

What runs: ``spark-submit`` with the assembled jar (cluster), or ``bin/pipeline`` (one machine), chosen by the
Airflow Variable ``nightshift_launcher`` ("spark-submit", the default, or "local"). Other Variables:
``nightshift_jar``, ``nightshift_spark_submit_args``, ``nightshift_home``, ``nightshift_conf``. They are read
in the templates, at run time, never while the scheduler parses the DAG files. Every task logs under its DAG
run's id (NIGHTSHIFT_RUN_ID).
"""
from __future__ import annotations

try:  # Airflow 3, or Airflow 2 with the standard provider
    from airflow.providers.standard.operators.bash import BashOperator
except ImportError:  # Airflow 2
    from airflow.operators.bash import BashOperator

LAUNCH = (
    "{% if var.value.get('nightshift_launcher', 'spark-submit') == 'local' %}"
    "{{ var.value.get('nightshift_home', '/opt/nightshift') }}/bin/pipeline"
    "{% else %}"
    "spark-submit --class io.nightshift.jobs.Pipeline {{ var.value.get('nightshift_spark_submit_args', '') }}"
    " {{ var.value.get('nightshift_jar', '/opt/nightshift/nightshift-jobs-all.jar') }}"
    "{% endif %}"
)
CONF = "{% if var.value.get('nightshift_conf', '') %} --conf {{ var.value.get('nightshift_conf') }}{% endif %}"


def stage_task(stage: str, dates: str) -> BashOperator:
    """One stage of the nightly flow for ``dates``: ``--date D`` or ``--from D --to D`` (templates)."""
    return _pipeline_task(stage, f"{stage} {dates}")


def tool_task(tool: str, after_stages: bool = False) -> BashOperator:
    """A command that is not a stage. ``after_stages``: the run report, which reads the run log of this DAG run."""
    if not after_stages:
        return _pipeline_task(tool, tool)
    return _pipeline_task(
        tool,
        # --require-complete: the report task fails unless every stage of the run succeeded, so a report
        # drawn after a failure (trigger_rule all_done) never turns the DAG run green.
        f"{tool} --require-complete",
        trigger_rule="all_done",  # report a failed run too
        retries=0,
    )


def _pipeline_task(command: str, arguments: str, **operator_args) -> BashOperator:
    return BashOperator(
        task_id=command.replace("-", "_"),
        bash_command=f"{LAUNCH} {arguments}{CONF}",
        env={"NIGHTSHIFT_RUN_ID": "{{ run_id }}"},
        append_env=True,
        **operator_args,
    )
