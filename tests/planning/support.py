"""Sales and a finished forecast written straight into the tenant's tables (the history an upload
and a forecast run leave), so planning numbers can be checked by hand without fitting models."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from smartstock.db.models import (
    Channel,
    DailySales,
    ForecastRun,
    ForecastSeries,
    ForecastValue,
    RunStatus,
    SeriesLevel,
)


def add_sales(db, tenant_id: int, product_id: int, values: Sequence[float], end: dt.date,
              stockouts: Sequence[int] = ()) -> None:
    """Daily sales ending on `end`; the days at the indexes in `stockouts` ran out of stock."""
    start = end - dt.timedelta(days=len(values) - 1)
    for k, quantity in enumerate(values):
        db.add(DailySales(tenant_id=tenant_id, product_id=product_id, channel=Channel.coupang,
                          sale_date=start + dt.timedelta(days=k), quantity=int(quantity), stockout=k in stockouts))
    db.commit()


def add_forecast(db, tenant_id: int, first_day: dt.date, paths: dict[int, tuple[Sequence[float], Sequence[float]]],
                 residuals: dict[int, list[list[float]]] | None = None) -> int:
    """A succeeded forecast run starting on `first_day`: per product (mean path, p50 path), and
    optionally the chosen model's backtest residual block (folds × days)."""
    horizon = len(next(iter(paths.values()))[0])
    run = ForecastRun(tenant_id=tenant_id, status=RunStatus.succeeded, horizon=horizon,
                      history_start=first_day - dt.timedelta(days=120), history_end=first_day - dt.timedelta(days=1),
                      products=len(paths))
    db.add(run)
    db.flush()
    for product_id, (mean, p50) in paths.items():
        series = ForecastSeries(tenant_id=tenant_id, run_id=run.id, level=SeriesLevel.product, product_id=product_id,
                                kind="backtested", model="ETS", reason={"ko": "테스트", "en": "test"}, history_days=120,
                                residuals=(residuals or {}).get(product_id))
        db.add(series)
        db.flush()
        for k, (m, q) in enumerate(zip(mean, p50, strict=True)):
            db.add(ForecastValue(tenant_id=tenant_id, series_id=series.id, day=first_day + dt.timedelta(days=k),
                                 mean=float(m), p10=float(q) * 0.5, p50=float(q), p90=float(q) * 1.5))
    db.commit()
    return run.id
