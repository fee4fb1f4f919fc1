"""Forecast runs, their per-product and per-category forecasts, accuracy, and user overrides.

A run is immutable once it has succeeded: later overrides are separate rows, so the AI forecast
and the human one can both be scored against what actually sold. Forecast values are model
estimates (floats), not booked quantities; an override is a quantity a person typed (Numeric).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from smartstock.db.base import Base, IdMixin, IdType, TenantMixin, UTCDateTime, utcnow
from smartstock.db.models.enums import enum_column


class RunStatus(StrEnum):
    queued = "queued"
    running = "running"
    succeeded = "succeeded"
    failed = "failed"


class RunTrigger(StrEnum):
    manual = "manual"  # someone pressed "run forecast"
    upload = "upload"  # the one click after applying an upload
    nightly = "nightly"
    degradation = "degradation"  # live accuracy fell below the backtest's by the set margin


class SeriesLevel(StrEnum):
    product = "product"
    category = "category"


class ScoreSource(StrEnum):
    backtest = "backtest"
    live = "live"  # the run's forecast scored against actuals that arrived after it
    override = "override"  # the same, for the human-overridden forecast


class ForecastRun(IdMixin, TenantMixin, Base):
    __tablename__ = "forecast_runs"

    status: Mapped[RunStatus] = mapped_column(enum_column(RunStatus), default=RunStatus.queued)
    trigger: Mapped[RunTrigger] = mapped_column(enum_column(RunTrigger), default=RunTrigger.manual)
    horizon: Mapped[int] = mapped_column(sa.Integer)
    params: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    metrics: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)  # pooled backtest metrics
    live_metrics: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)  # pooled live metrics so far
    model_counts: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)  # chosen model → products
    timings: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    upload_ids: Mapped[list[int] | None] = mapped_column(sa.JSON)  # lineage: the uploads in its data
    history_start: Mapped[dt.date | None] = mapped_column(sa.Date)
    history_end: Mapped[dt.date | None] = mapped_column(sa.Date)  # forecasts start the day after
    products: Mapped[int] = mapped_column(sa.Integer, default=0)
    model_version: Mapped[str | None] = mapped_column(sa.String(40))
    mlflow_run_id: Mapped[str | None] = mapped_column(sa.String(64))
    error: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    job_id: Mapped[int | None] = mapped_column(IdType, sa.ForeignKey("jobs.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(IdType, sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


class ForecastSeries(IdMixin, TenantMixin, Base):
    """One forecast series of a run: a product, or a category (the sum of its products)."""

    __tablename__ = "forecast_series"
    __table_args__ = (
        sa.UniqueConstraint("run_id", "product_id"),
        sa.UniqueConstraint("run_id", "category"),
        sa.Index("ix_forecast_series_product_run", "product_id", "run_id"),
    )

    run_id: Mapped[int] = mapped_column(IdType, sa.ForeignKey("forecast_runs.id", ondelete="CASCADE"), index=True)
    level: Mapped[SeriesLevel] = mapped_column(enum_column(SeriesLevel))
    product_id: Mapped[int | None] = mapped_column(IdType, sa.ForeignKey("products.id", ondelete="CASCADE"))
    category: Mapped[str | None] = mapped_column(sa.String(100))
    pattern: Mapped[str | None] = mapped_column(sa.String(16))
    kind: Mapped[str] = mapped_column(sa.String(16))  # backtested | new | no_demand | category
    model: Mapped[str] = mapped_column(sa.String(32))
    reason: Mapped[dict[str, str]] = mapped_column(sa.JSON)  # why this model: {"ko": …, "en": …}
    history_days: Mapped[int] = mapped_column(sa.Integer, default=0)
    # Backtest residual paths (folds × days) of the chosen model: the lead-time demand
    # distribution is computed from them (forecasting.core.quantiles.lead_time_quantiles).
    residuals: Mapped[list[list[float | None]] | None] = mapped_column(sa.JSON)
    # Demand over the next 7/30/60/90 days: {"7": {"mean": …, "p10": …, "p50": …, "p90": …}, …},
    # quantiles of the sum from the sample paths (never sums of daily quantiles).
    totals: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)


class ForecastValue(IdMixin, TenantMixin, Base):
    __tablename__ = "forecast_values"
    __table_args__ = (sa.UniqueConstraint("series_id", "day"),)

    series_id: Mapped[int] = mapped_column(IdType, sa.ForeignKey("forecast_series.id", ondelete="CASCADE"))
    day: Mapped[dt.date] = mapped_column(sa.Date)
    mean: Mapped[float] = mapped_column(sa.Float)
    p10: Mapped[float] = mapped_column(sa.Float)
    p50: Mapped[float] = mapped_column(sa.Float)
    p90: Mapped[float] = mapped_column(sa.Float)


class ForecastScore(IdMixin, TenantMixin, Base):
    """Accuracy of one model on one series (backtest), or of the run's forecast against actuals."""

    __tablename__ = "forecast_scores"
    __table_args__ = (sa.UniqueConstraint("series_id", "source", "model"),)

    series_id: Mapped[int] = mapped_column(IdType, sa.ForeignKey("forecast_series.id", ondelete="CASCADE"), index=True)
    source: Mapped[ScoreSource] = mapped_column(enum_column(ScoreSource))
    model: Mapped[str] = mapped_column(sa.String(32))
    selected: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    days: Mapped[int] = mapped_column(sa.Integer, default=0)
    actual: Mapped[float | None] = mapped_column(sa.Float)
    forecast: Mapped[float | None] = mapped_column(sa.Float)
    wape: Mapped[float | None] = mapped_column(sa.Float)
    smape: Mapped[float | None] = mapped_column(sa.Float)
    mae: Mapped[float | None] = mapped_column(sa.Float)
    rmse: Mapped[float | None] = mapped_column(sa.Float)
    mase: Mapped[float | None] = mapped_column(sa.Float)
    bias: Mapped[float | None] = mapped_column(sa.Float)
    coverage: Mapped[float | None] = mapped_column(sa.Float)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class ForecastOverride(IdMixin, TenantMixin, Base):
    """A person's daily quantity for a product over a period, replacing the AI forecast downstream.

    `ai_quantity` is the AI's mean daily forecast over the period when the override was made (the
    "old" value); the AI forecast itself stays in its run. A withdrawn override stops applying but
    stays on record.
    """

    __tablename__ = "forecast_overrides"
    __table_args__ = (sa.Index("ix_forecast_overrides_product", "product_id", "start_date"),)

    product_id: Mapped[int] = mapped_column(IdType, sa.ForeignKey("products.id", ondelete="CASCADE"))
    run_id: Mapped[int | None] = mapped_column(IdType, sa.ForeignKey("forecast_runs.id", ondelete="SET NULL"))
    start_date: Mapped[dt.date] = mapped_column(sa.Date)
    end_date: Mapped[dt.date] = mapped_column(sa.Date)
    quantity: Mapped[Decimal] = mapped_column(sa.Numeric(12, 2))  # per day
    ai_quantity: Mapped[float | None] = mapped_column(sa.Float)  # per day, mean over the period
    reason: Mapped[str] = mapped_column(sa.String(500))
    created_by_id: Mapped[int | None] = mapped_column(IdType, sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    withdrawn_by_id: Mapped[int | None] = mapped_column(IdType, sa.ForeignKey("users.id", ondelete="SET NULL"))
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
