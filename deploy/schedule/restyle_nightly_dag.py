"""Airflow DAG: the nightly Restyle run.

jobs/nightly.sh names the run after the date and skips finished pairs, so Airflow's retries redo only
what is left; its exit code (0 ok, 1 too many failures or the run broke, 2 bad configuration) fails the task.
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.operators.bash import BashOperator

with DAG(
    dag_id="restyle_nightly",
    schedule="15 2 * * *",
    start_date=datetime(2026, 11, 1),
    catchup=False,
    default_args={"retries": 2, "retry_delay": timedelta(minutes=10)},
    tags=["restyle"],
) as dag:
    BashOperator(
        task_id="restyle",
        bash_command="/opt/restyle/jobs/nightly.sh --max-failed-fraction 0.01 ",
        env={
            "RESTYLE_PAIRS": "s3a://bucket/catalog/pairs.csv",
            "RESTYLE_OUTPUT": "s3a://bucket/restyle",
            "RESTYLE_WEIGHTS": "s3a://bucket/models/vgg19-dcbb9e9d.pth",
        },
        append_env=True,
        execution_timeout=timedelta(hours=8),
    )
