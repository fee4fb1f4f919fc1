"""Forecasts: run one (in the worker), read them per product and category, override them, and
follow their accuracy. Poll the run (or its job) for progress."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, status

from smartstock.db.models import RunTrigger, SeriesLevel
from smartstock.forecasting import schemas, service
from smartstock.kit.auth import CurrentUser, StaffOrAbove
from smartstock.kit.database import DbSession
from smartstock.kit.pagination import Page, PageDep

router = APIRouter(prefix="/forecasts", tags=["forecasts"])


class RunRequest(schemas.RunIn):
    trigger: Literal["manual", "upload"] = "manual"


@router.post("/runs", status_code=status.HTTP_202_ACCEPTED, response_model=schemas.RunOut)
def start_run(data: RunRequest, principal: StaffOrAbove, db: DbSession):
    """Queues a run: backtest, selection and forecasts happen in the worker (409 while one runs)."""
    run = service.request_run(db, principal, data.horizon, RunTrigger(data.trigger))
    db.flush()
    return service.run_out(db, run)


@router.get("/runs", response_model=Page[schemas.RunOut])
def list_runs(principal: CurrentUser, db: DbSession, page: PageDep):
    return service.list_runs(db, principal, page)


@router.get("/runs/{run_id}", response_model=schemas.RunDetail)
def get_run(run_id: int, principal: CurrentUser, db: DbSession):
    """A run with every candidate model's pooled backtest accuracy and the run's parameters."""
    return service.get_run(db, principal, run_id)


@router.get("/products", response_model=Page[schemas.ForecastRow])
def list_product_forecasts(
    principal: CurrentUser, db: DbSession, page: PageDep,
    q: str | None = None, pattern: str | None = None, model: str | None = None, category: str | None = None,
):
    """The newest run's forecast per product: model, pattern, totals for 7/30/60/90 days."""
    return service.forecast_rows(db, principal, page, q=q, pattern=pattern, model=model, category=category)


@router.get("/products/{product_id}", response_model=schemas.ForecastDetail)
def product_forecast(product_id: int, principal: CurrentUser, db: DbSession):
    """Daily forecast with p10/p50/p90, recent history, every candidate's scores, overrides."""
    return service.product_forecast(db, principal, product_id)


@router.get("/categories", response_model=Page[schemas.ForecastRow])
def list_category_forecasts(principal: CurrentUser, db: DbSession, page: PageDep):
    """Category forecasts: the sums of their products' forecasts."""
    return service.forecast_rows(db, principal, page, level=SeriesLevel.category)


@router.get("/categories/{category:path}", response_model=schemas.ForecastDetail)
def category_forecast(category: str, principal: CurrentUser, db: DbSession):
    return service.category_forecast(db, principal, category)


@router.get("/overrides", response_model=list[schemas.OverrideOut])
def list_overrides(principal: CurrentUser, db: DbSession, product_id: int | None = None):
    return service.list_overrides(db, principal, product_id)


@router.post("/overrides", status_code=status.HTTP_201_CREATED, response_model=schemas.OverrideOut)
def create_override(data: schemas.OverrideIn, principal: StaffOrAbove, db: DbSession):
    """Replaces the AI forecast for a product and period downstream; the AI forecast is kept."""
    return service.create_override(db, principal, data)


@router.post("/overrides/{override_id}/withdraw", response_model=schemas.OverrideOut)
def withdraw_override(override_id: int, principal: StaffOrAbove, db: DbSession):
    return service.withdraw_override(db, principal, override_id)


@router.get("/accuracy", response_model=list[schemas.AccuracyRow])
def accuracy(
    principal: CurrentUser, db: DbSession,
    level: schemas.AccuracyLevel = "run", run_id: Annotated[int | None, Query(ge=1)] = None,
):
    """Backtest and live accuracy: per run (the trend), or per product / category of one run."""
    return service.accuracy(db, principal, level, run_id)
