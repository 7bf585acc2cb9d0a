#!/usr/bin/env python3
"""Checks Nightshift's Airflow DAG files without Airflow (stdlib only: ast).

    python3 check_dags.py --stages ingest,forecast,... [--tools report,maintain] FILE...

--stages   the stages `bin/pipeline nightly` runs, in its order (the test reads them from NightlyFlow.STAGES)
--tools    commands that are not stages (report, maintain): allowed after the stages

For each file: it compiles; it has one `with DAG(...)` with a literal dag_id, catchup=False and
max_active_runs=1; the nightly DAG is scheduled at 02:00 by a cron timetable with a time zone and passes
--date, the backfill DAG is unscheduled and passes --from/--to; every task is `stage_task("name", dates)` or
`tool_task("name", ...)` (nightshift_tasks.py) with a known name; the tasks are drawn as one `a >> b >> c`
chain that covers them all; and the stages in that chain are nightly's stages in nightly's order. Prints one
JSON summary line per file, then every problem as `FILE: problem`; exits 1 if there is any problem.
"""
from __future__ import annotations

import argparse
import ast
import json
import sys

EXPECTED = {
    "nightshift_nightly": {"cron": "0 2 * * *", "dates": ["--date"]},
    "nightshift_backfill": {"cron": None, "dates": ["--from", "--to"]},
    "nightshift_maintain": {"cron": "0 5 * * 0", "dates": []},
}


def literal(node):
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError):
        return None


def call_name(node):
    if isinstance(node, ast.Call):
        if isinstance(node.func, ast.Name):
            return node.func.id
        if isinstance(node.func, ast.Attribute):
            return node.func.attr
    return None


def flatten_chain(node):
    """a >> b >> c parses as ((a >> b) >> c): returns [a, b, c] as names, or None for anything else."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.RShift):
        left = flatten_chain(node.left)
        right = flatten_chain(node.right)
        return None if left is None or right is None else left + right
    if isinstance(node, ast.Name):
        return [node.id]
    return None


def check(path, stages, tools):
    problems = []
    source = open(path, encoding="utf-8").read()
    try:
        tree = ast.parse(source, filename=path)
        compile(tree, path, "exec")
    except SyntaxError as e:
        return {"file": path}, [f"does not compile: {e}"]

    dags = [item.context_expr for node in ast.walk(tree) if isinstance(node, ast.With)
            for item in node.items if call_name(item.context_expr) == "DAG"]
    if len(dags) != 1:
        return {"file": path}, [f"expected one `with DAG(...)` block, found {len(dags)}"]
    kwargs = {k.arg: k.value for k in dags[0].keywords}
    dag_id = literal(kwargs.get("dag_id")) if "dag_id" in kwargs else None
    summary = {"file": path, "dag_id": dag_id}
    if dag_id not in EXPECTED:
        problems.append(f"dag_id {dag_id!r} is not one of {sorted(EXPECTED)}")
        return summary, problems
    expected = EXPECTED[dag_id]

    # schedule: a cron timetable with a time zone, or None for a DAG triggered by hand
    schedule = kwargs.get("schedule")
    if schedule is None:
        problems.append("no schedule= argument (Airflow 2.4+ and 3 name it schedule)")
    elif expected["cron"] is None:
        if literal(schedule) is not None or not (isinstance(schedule, ast.Constant) and schedule.value is None):
            problems.append(f"schedule should be None (manual trigger), got {ast.unparse(schedule)}")
        summary["schedule"] = None
    else:
        name = call_name(schedule)
        cron = literal(schedule.args[0]) if name and schedule.args else None
        tz = {k.arg: k.value for k in schedule.keywords}.get("timezone") if name else None
        summary["schedule"] = cron
        summary["timezone"] = ast.unparse(tz) if tz is not None else None
        if name not in ("CronTriggerTimetable", "CronDataIntervalTimetable"):
            problems.append(f"schedule should be a cron timetable with the shop's time zone, got {ast.unparse(schedule)}")
        elif cron != expected["cron"]:
            problems.append(f"schedule cron is {cron!r}, expected {expected['cron']!r}")
        elif tz is None:
            problems.append("schedule has no timezone= (the shop's time zone)")
    if literal(kwargs.get("catchup")) is not False:
        problems.append("catchup must be False (no catch-up storms)")
    if literal(kwargs.get("max_active_runs")) != 1:
        problems.append("max_active_runs must be 1")
    for option in expected["dates"]:
        if option not in source:
            problems.append(f"no task passes {option}")

    # tasks: name = stage_task("stage") / tool_task("tool")
    tasks = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            kind = call_name(node.value)
            if kind in ("stage_task", "tool_task"):
                arg = literal(node.value.args[0]) if node.value.args else None
                tasks[node.targets[0].id] = (kind, arg)
            elif kind and kind.endswith("Operator"):
                problems.append(f"task {node.targets[0].id} is a bare {kind}: use stage_task/tool_task so its command is checked")
    known = set(stages)
    for var, (kind, name) in tasks.items():
        if kind == "stage_task" and name not in known:
            problems.append(f"task {var} names stage {name!r}, which `bin/pipeline list` does not know (stages: {', '.join(stages)})")
        if kind == "tool_task" and name not in tools:
            problems.append(f"task {var} names tool {name!r}, not one of {', '.join(tools)}")

    # order: one chain a >> b >> ... covering every task
    chains = [flatten_chain(node.value) for node in ast.walk(tree)
              if isinstance(node, ast.Expr) and isinstance(node.value, ast.BinOp) and isinstance(node.value.op, ast.RShift)]
    chains = [c for c in chains if c]
    if len(tasks) > 1:
        if len(chains) != 1:
            problems.append(f"expected the tasks drawn as one a >> b >> c chain, found {len(chains)} chains")
            return summary, problems
        chain = chains[0]
        if sorted(chain) != sorted(tasks) or len(set(chain)) != len(chain):
            problems.append(f"the chain {chain} does not name every task exactly once ({sorted(tasks)})")
            return summary, problems
    else:
        chain = list(tasks)
    order = [tasks[v][1] for v in chain]
    summary["tasks"] = order
    stage_order = [tasks[v][1] for v in chain if tasks[v][0] == "stage_task"]
    first_tool = next((i for i, v in enumerate(chain) if tasks[v][0] == "tool_task"), len(chain))
    if any(tasks[v][0] == "stage_task" for v in chain[first_tool:]):
        problems.append("a stage task comes after a tool task: tools run after the stages")
    if dag_id != "nightshift_maintain":
        implemented = [s for s in stage_order if s in stages]
        if implemented != list(stages):
            problems.append(f"the stages run in the order {implemented}, but nightly runs {list(stages)}")
    return summary, problems


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stages", required=True)
    parser.add_argument("--tools", default="report,maintain")
    parser.add_argument("files", nargs="+")
    args = parser.parse_args(argv)
    stages = [s for s in args.stages.split(",") if s]
    tools = [s for s in args.tools.split(",") if s]
    failed = False
    for path in args.files:
        summary, problems = check(path, stages, tools)
        print(json.dumps(summary, sort_keys=True))
        for problem in problems:
            print(f"{path}: {problem}")
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
