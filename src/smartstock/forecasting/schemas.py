"""Forecasting API records."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from smartstock.db.models import RunStatus, RunTrigger, ScoreSource

HORIZONS = (7, 30, 60, 90)


class RunIn(BaseModel):
    horizon: int = Field(default=90, ge=7, le=90, description="days to forecast (7 to 90)")


class Metrics(BaseModel):
    """Accuracy measures (see forecasting.core.metrics): WAPE, bias and coverage are shares."""

    wape: float | None = None
    smape: float | None = None
    mae: float | None = None
    rmse: float | None = None
    mase: float | None = None
    bias: float | None = None
    coverage: float | None = None


class Message(BaseModel):
    ko: str
    en: str


class RunOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    status: RunStatus
    trigger: RunTrigger
    horizon: int
    products: int
    history_start: dt.date | None
    history_end: dt.date | None
    metrics: Metrics | None
    live_metrics: Metrics | None
    model_counts: dict[str, int] | None
    upload_ids: list[int] | None
    live_days: int = 0  # days of actuals the live metrics cover
    model_version: str | None
    mlflow_run_id: str | None
    job_id: int | None
    created_by_name: str | None = None
    created_at: dt.datetime
    finished_at: dt.datetime | None
    error: Message | None = None  # why a failed run failed


class ModelScore(Metrics):
    model: str
    selected: bool
    products: int | None = None  # pooled rows: how many products the model was fitted on


class RunDetail(RunOut):
    models: list[ModelScore]  # every candidate's pooled backtest accuracy in this run
    params: dict[str, str | int | float | bool | None]
    timings: dict[str, float] | None


class Total(BaseModel):
    """Demand summed over the next `days` days: mean and quantiles of the sum."""

    days: int
    mean: float
    p10: float
    p50: float
    p90: float


class ForecastRow(BaseModel):
    """One product (or category) in the forecast list."""

    product_id: int | None
    master_sku: str | None
    name: str
    category: str | None
    pattern: str | None
    kind: str
    model: str
    reason: Message  # why this model, in Korean and English
    wape: float | None  # backtest WAPE of the chosen model
    totals: list[Total]
    overridden: bool = False


class ForecastDay(BaseModel):
    day: dt.date
    mean: float
    p10: float
    p50: float
    p90: float
    override: float | None = None  # a person's quantity for the day, when one applies
    effective: float  # what planning uses: the override, else the AI mean


class HistoryDay(BaseModel):
    day: dt.date
    quantity: float
    stockout: bool


class OverrideIn(BaseModel):
    product_id: int
    start_date: dt.date
    end_date: dt.date
    quantity: Decimal = Field(ge=0, max_digits=12, decimal_places=2, description="units per day")
    reason: str = Field(min_length=1, max_length=500)

    @model_validator(mode="after")
    def _period(self) -> OverrideIn:
        self.reason = self.reason.strip()
        if not self.reason:
            raise ValueError("reason must not be blank")
        return self


class OverrideOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    product_id: int
    run_id: int | None
    start_date: dt.date
    end_date: dt.date
    quantity: Decimal
    ai_quantity: float | None
    reason: str
    created_by_name: str | None = None
    created_at: dt.datetime
    withdrawn_by_name: str | None = None
    withdrawn_at: dt.datetime | None


class ScoreOut(Metrics):
    source: ScoreSource
    model: str
    selected: bool
    days: int


class ForecastDetail(BaseModel):
    run: RunOut
    row: ForecastRow
    history: list[HistoryDay]
    forecast: list[ForecastDay]
    scores: list[ScoreOut]  # backtest scores of every candidate, then live ones
    overrides: list[OverrideOut]


class AccuracyRow(BaseModel):
    """Accuracy of one run (trend), product or category, from the backtest and, once actuals
    arrive, live (the AI forecast and, where overridden, the human one)."""

    run_id: int
    created_at: dt.datetime
    product_id: int | None = None
    master_sku: str | None = None
    name: str | None = None
    category: str | None = None
    model: str | None = None
    backtest: Metrics | None
    live: Metrics | None
    live_days: int = 0
    override: Metrics | None = None


AccuracyLevel = Literal["run", "product", "category"]
