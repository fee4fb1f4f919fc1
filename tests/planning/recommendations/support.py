"""A forecast written straight into the tables (a known daily path and residuals), so the
recommendation numbers can be checked by hand without fitting models."""

from __future__ import annotations

import datetime as dt

from smartstock.db.models import ForecastRun, ForecastSeries, ForecastValue, RunStatus, SeriesLevel
from tests.planning.purchase_orders.support import today


def known_forecast(db, tenant_id: int, paths: dict[int, list[float]], residuals: dict[int, list[list[float]]] | None = None,
                   first_day: dt.date | None = None) -> int:
    """A succeeded run whose forecast for each product id is `paths[id]` (mean = p10 = p50 = p90)
    from `first_day` (default: today in Seoul)."""
    first_day = first_day or today()
    horizon = max(len(p) for p in paths.values())
    run = ForecastRun(tenant_id=tenant_id, status=RunStatus.succeeded, horizon=horizon,
                      history_end=first_day - dt.timedelta(days=1), products=len(paths))
    db.add(run)
    db.flush()
    for product_id, path in paths.items():
        series = ForecastSeries(tenant_id=tenant_id, run_id=run.id, level=SeriesLevel.product, product_id=product_id,
                                kind="backtested", model="ETS", reason={"ko": "", "en": ""},
                                residuals=(residuals or {}).get(product_id))
        db.add(series)
        db.flush()
        db.add_all(ForecastValue(tenant_id=tenant_id, series_id=series.id, day=first_day + dt.timedelta(days=k),
                                 mean=v, p10=v, p50=v, p90=v) for k, v in enumerate(path))
    db.commit()
    return run.id


def recommendations(client, **params) -> dict:
    r = client.get("/api/planning/recommendations", params=params)
    assert r.status_code == 200, r.text
    return r.json()


def row_of(body: dict, product_id: int) -> dict:
    return next(r for r in body["rows"] if r["product_id"] == product_id)
