"""Every forecast run tracked in MLflow: parameters, metrics, lineage and a model version.

Embedded default: a SQLite tracking store and an artifact folder under DATA_DIR; any MLflow
tracking server through `MLFLOW_TRACKING_URI`. One experiment per tenant; each run registers a
version of the tenant's model ("smartstock-forecast-tenant-<id>"), whose source is the run's
artifacts: the engine's parameters, the model chosen per product and why, per-model backtest
scores and the lineage (which uploads the data came from). A data expert opens it with
`smartstock mlflow-ui`.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass
from typing import Any

import polars as pl

from smartstock.settings import get_settings

os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")


@dataclass(frozen=True)
class TrackedRun:
    run_id: str
    model_version: str


def client():
    from mlflow import MlflowClient

    uri = get_settings().mlflow_uri
    return MlflowClient(tracking_uri=uri, registry_uri=uri)


def experiment_name(tenant_id: int) -> str:
    return f"smartstock-tenant-{tenant_id}"


def model_name(tenant_id: int) -> str:
    return f"smartstock-forecast-tenant-{tenant_id}"


def _experiment_id(mlflow_client, tenant_id: int) -> str:
    name = experiment_name(tenant_id)
    found = mlflow_client.get_experiment_by_name(name)
    if found is not None:
        return found.experiment_id
    settings = get_settings()
    location = None
    if not settings.mlflow_tracking_uri:  # embedded: keep artifacts under DATA_DIR, not ./mlruns
        settings.mlflow_artifacts.mkdir(parents=True, exist_ok=True)
        location = settings.mlflow_artifacts.resolve().as_uri()
    return mlflow_client.create_experiment(name, artifact_location=location)


def log_run(
    *,
    tenant_id: int,
    run_id: int,
    params: dict[str, Any],
    metrics: dict[str, float],
    model_metrics: dict[str, dict[str, float]],
    lineage: dict[str, Any],
    selection: pl.DataFrame,
    scores: pl.DataFrame,
) -> TrackedRun:
    """Logs one finished forecast run and registers it as a new model version."""
    mlflow_client = client()
    experiment = _experiment_id(mlflow_client, tenant_id)
    tags = {
        "smartstock.tenant_id": str(tenant_id),
        "smartstock.forecast_run_id": str(run_id),
        "smartstock.upload_ids": ",".join(map(str, lineage.get("upload_ids", []))),
        "smartstock.history": f"{lineage.get('history_start')}..{lineage.get('history_end')}",
    }
    run = mlflow_client.create_run(experiment, run_name=f"forecast-{run_id}", tags=tags)
    key = run.info.run_id
    try:
        from mlflow.entities import Metric, Param

        timestamp = int(run.info.start_time)
        mlflow_client.log_batch(
            key,
            params=[Param(k, str(v)[:6000]) for k, v in sorted(params.items())],
            metrics=[
                *(Metric(k, float(v), timestamp, 0) for k, v in metrics.items() if _finite(v)),
                *(
                    Metric(f"{name}.{model}", float(v), timestamp, 0)
                    for model, values in model_metrics.items()
                    for name, v in values.items()
                    if _finite(v)
                ),
            ],
        )
        mlflow_client.log_text(key, json.dumps(lineage, default=str, indent=2), "lineage.json")
        mlflow_client.log_text(key, json.dumps(params, default=str, indent=2), "model/params.json")
        mlflow_client.log_text(key, selection.write_csv(), "model/selection.csv")
        mlflow_client.log_text(key, scores.write_csv(), "backtest_scores.csv")
        name = model_name(tenant_id)
        if not mlflow_client.search_registered_models(filter_string=f"name = '{name}'"):
            mlflow_client.create_registered_model(name, description="SmartStock per-product model portfolio")
        version = mlflow_client.create_model_version(name, source=f"{run.info.artifact_uri}/model", run_id=key)
        mlflow_client.set_terminated(key, "FINISHED")
    except Exception:
        mlflow_client.set_terminated(key, "FAILED")
        raise
    return TrackedRun(run_id=key, model_version=str(version.version))


def _finite(value: Any) -> bool:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return False
    return math.isfinite(number)
