"""Forecast runs (in the worker), reading forecasts, overrides, and accuracy over time.

A run reads the tenant's daily demand (`history.daily_demand`: zero-filled, stock-out days
marked), runs the pure engine (`forecasting.core.engine`), stores what it chose and forecast per
product and per category, and logs itself to MLflow. Everything downstream reads the newest
succeeded run through `effective_forecast`, with people's overrides applied.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
import polars as pl
from sqlalchemy.orm import Session

from smartstock.db.base import utcnow
from smartstock.db.models import (
    ForecastOverride,
    ForecastRun,
    ForecastScore,
    ForecastSeries,
    ForecastValue,
    Job,
    JobStatus,
    Product,
    Role,
    RunStatus,
    RunTrigger,
    ScoreSource,
    SeriesLevel,
    Tenant,
    User,
)
from smartstock.forecasting import schemas
from smartstock.forecasting.core import metrics as core_metrics
from smartstock.forecasting.core import quantiles as core_quantiles
from smartstock.forecasting.core.frames import Columns
from smartstock.forecasting.repository import ForecastRepository
from smartstock.history.service import daily_demand
from smartstock.jobs import service as jobs
from smartstock.kit import audit
from smartstock.kit.auth import Principal
from smartstock.kit.errors import BadRequest, Conflict, NotFound
from smartstock.kit.pagination import Page, PageParams
from smartstock.settings import get_settings

RUN_JOB = "forecast.run"
RUN = ("예측 실행", "Forecast run")
PRODUCT = ("상품", "Product")
OVERRIDE = ("예측 수정", "Forecast override")
QUANTILES = (0.1, 0.5, 0.9)
METRIC_FIELDS = ("wape", "smape", "mae", "rmse", "mase", "bias", "coverage")
HISTORY_DAYS = 120
MIN_LIVE_DAYS = 7  # live accuracy needs a week of actuals before it can trigger a retrain
NO_CATEGORY = "(none)"


# ---------------------------------------------------------------- runs


def request_run(
    session: Session, principal: Principal, horizon: int = 90, trigger: RunTrigger = RunTrigger.manual
) -> ForecastRun:
    """Queues a forecast run for the worker; one run at a time per tenant."""
    repo = ForecastRepository(session, principal.tenant_id)
    active = repo.active_run()
    if active is not None:
        raise Conflict(
            f"예측이 이미 진행 중입니다(실행 #{active.id}). 끝난 뒤 다시 실행하세요.",
            f"A forecast is already running (run #{active.id}); try again when it has finished.",
            code="forecast_running",
        )
    if not repo.has_sales():
        raise BadRequest(
            "판매 이력이 없습니다. 먼저 판매 파일을 올려 반영하세요.",
            "There is no sales history yet: upload and apply a sales file first.",
            code="no_sales_history",
        )
    run = repo.add(ForecastRun(horizon=horizon, trigger=trigger, created_by_id=principal.user_id))
    session.flush()
    job = jobs.submit(session, principal, RUN_JOB, {"run_id": run.id})
    run.job_id = job.id
    return run


def run_forecast(session: Session, principal: Principal, run: ForecastRun, progress: Callable[[int], None]) -> dict:
    """The worker's part: read the history, fit/backtest/choose/forecast, track, store.

    The models fit outside any database transaction: the inputs are read, the read transaction
    ends, and the results are written in a new one at the end. On SQLite every transaction holds
    the database's write lock (BEGIN IMMEDIATE), so a transaction spanning the fit would stall
    every other request for minutes.
    """
    from smartstock.forecasting import tracking
    from smartstock.forecasting.core import engine
    from smartstock.forecasting.core.models import deep_learning_available

    settings = get_settings()
    run_id, tenant_id, horizon, trigger = run.id, run.tenant_id, run.horizon, run.trigger
    repo = ForecastRepository(session, tenant_id)
    progress(2)
    demand = daily_demand(session, tenant_id, promotion=True)
    if demand.is_empty():
        raise BadRequest("판매 이력이 없습니다.", "There is no sales history to forecast from.", code="no_sales_history")
    # Promotion days are a LightGBM feature when the history has any (future days: none planned).
    covariates = ("promotion",) if demand["promotion"].any() else ()
    demand = demand.with_columns(pl.col("promotion").cast(pl.Int8)) if covariates else demand.drop("promotion")
    groups = {str(p.id): (p.category or NO_CATEGORY) for p in repo.products(demand["product_id"].unique().to_list())}
    history_start, history_end = demand["date"].min(), demand["date"].max()
    manual = _manual_levels(repo, history_end + dt.timedelta(days=1))
    lineage = {"upload_ids": repo.applied_upload_ids(), "history_start": str(history_start),
               "history_end": str(history_end), "products": len(groups)}
    session.rollback()  # nothing written yet: ends the read transaction (and SQLite's lock)

    config = engine.EngineConfig(
        use_cnn_lstm=settings.forecast_cnn_lstm and deep_learning_available(),
        n_jobs=settings.forecast_jobs,
        folds=settings.forecast_folds,
        covariates=covariates,
    )
    progress(5)
    result = engine.run(
        demand,
        horizon,
        config,
        columns=Columns(id="product_id", time="date", target="quantity", censored="stockout"),
        groups=groups,
        manual_levels=manual,
        mapper=_mapper(settings.dask_scheduler_address),
        progress=lambda fraction, message: progress(5 + int(85 * fraction)),
    )
    params = {"horizon": horizon, "trigger": trigger.value, **config.params(), "dask": bool(settings.dask_scheduler_address)}
    metrics = _run_metrics(result)
    progress(90)
    tracked = tracking.log_run(tenant_id=tenant_id, run_id=run_id, params=params, metrics=metrics,
                               model_metrics=_model_metrics(result.scores), lineage=lineage,
                               selection=result.series, scores=result.scores)
    progress(93)
    run = session.get_one(ForecastRun, run_id)
    _store(repo, run, result)
    run.upload_ids = lineage["upload_ids"]
    run.history_start, run.history_end = history_start, history_end
    run.products = result.series.height
    run.params, run.metrics = params, metrics
    run.model_counts = dict(Counter(result.series["model"].to_list()))
    run.timings = {k: round(v, 3) for k, v in result.timings.items()}
    run.mlflow_run_id, run.model_version = tracked.run_id, tracked.model_version
    run.status, run.finished_at = RunStatus.succeeded, utcnow()
    repo.drop_old_values(settings.forecast_keep_runs)
    progress(100)
    return {"run_id": run.id, "products": run.products, "model_version": run.model_version}


def mark_failed(session: Session, run_id: int, job: Job) -> None:
    run = session.get(ForecastRun, run_id)
    if run is None:
        return
    run.status, run.finished_at = RunStatus.failed, utcnow()
    detail = (job.result or {}).get("detail")
    if isinstance(detail, dict) and {"ko", "en"} <= set(detail):
        run.error = {"ko": detail["ko"], "en": detail["en"]}
    else:
        text = str(detail or job.message or "failed")
        run.error = {"ko": f"예측 중 오류가 났습니다: {text}", "en": f"The forecast failed: {text}"}


def _mapper(address: str):
    if not address:
        from smartstock.forecasting.core.models import local_map

        return local_map
    from smartstock.forecasting.distributed import dask_mapper

    return dask_mapper(address)


def _manual_levels(repo: ForecastRepository, first_day: dt.date) -> dict[str, float]:
    """A person's override covering the first forecast day sets a new product's level."""
    levels = {}
    for o in repo.overrides(active_only=True):
        if o.start_date <= first_day <= o.end_date:
            levels[str(o.product_id)] = float(o.quantity)
    return levels


def _clean(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return round(number, 6) if math.isfinite(number) else None


def _run_metrics(result) -> dict[str, float]:
    summary = {k: v for k, v in result.summary().items() if k in METRIC_FIELDS}
    selected = result.scores.filter(pl.col("selected")) if not result.scores.is_empty() else result.scores
    if not selected.is_empty() and "mase" in selected.columns:
        mase = selected["mase"].fill_nan(None).drop_nulls()
        if mase.len():
            summary["mase"] = float(mase.mean())
    return {k: v for k, v in ((k, _clean(v)) for k, v in summary.items()) if v is not None}


def _model_metrics(scores: pl.DataFrame) -> dict[str, dict[str, float]]:
    if scores.is_empty():
        return {}
    pooled = pool_scores(scores.to_dicts(), key="model")
    return {m: {k: v for k, v in values.items() if k in METRIC_FIELDS and v is not None} for m, values in pooled.items()}


def _store(repo: ForecastRepository, run: ForecastRun, result) -> None:
    """Series, daily values, backtest scores and lead-time totals of products and categories."""
    series_rows = []
    for row in result.series.iter_rows(named=True):
        block = result.blocks.get(row["unique_id"])
        series_rows.append({
            "run_id": run.id, "level": SeriesLevel.product, "product_id": int(row["unique_id"]),
            "pattern": row["pattern"], "kind": row["kind"], "model": row["model"],
            "reason": {"ko": row["reason_ko"], "en": row["reason"]}, "history_days": row["history_days"],
            "residuals": _block_json(block),
        })
    categories = result.categories
    if categories is not None:
        names = categories.forecasts["category"].unique().sort().to_list()
        series_rows += [{
            "run_id": run.id, "level": SeriesLevel.category, "category": name, "pattern": None, "kind": "category",
            "model": "Bottom-up", "reason": {"ko": "상품별 예측의 합; 구간은 카테고리 자체 백테스트로 보정",
                                            "en": "Sum of its products' forecasts; bands from the category's own backtest"},
            "history_days": 0, "residuals": _block_json(categories.blocks.get(name)),
        } for name in names]
    stored = repo.add_series(series_rows)
    by_key = {(s.product_id if s.level == SeriesLevel.product else s.category): s for s in stored}

    value_rows = []
    for frame, key_col, blocks in _forecast_frames(result):
        for (key,), group in frame.sort(key_col, "ds").group_by(key_col, maintain_order=True):
            series = by_key[int(key) if key_col == "unique_id" else key]
            mean = group["mean"].to_numpy()
            series.totals = _totals(mean, blocks.get(key))
            value_rows += [
                {"series_id": series.id, "day": d, "mean": round(m, 4), "p10": round(a, 4), "p50": round(b, 4),
                 "p90": round(c, 4)}
                for d, m, a, b, c in zip(group["ds"], group["mean"], group["p10"], group["p50"], group["p90"], strict=True)
            ]
    repo.insert(ForecastValue, value_rows)

    score_rows = []
    if not result.scores.is_empty():
        for row in result.scores.iter_rows(named=True):
            score_rows.append(_score_row(by_key[int(row["unique_id"])].id, ScoreSource.backtest, row["model"],
                                         row["selected"], row))
    if categories is not None and not categories.scores.is_empty():
        for row in categories.scores.iter_rows(named=True):
            score_rows.append(_score_row(by_key[row["category"]].id, ScoreSource.backtest, "Bottom-up", True, row))
    repo.insert(ForecastScore, score_rows)


def _forecast_frames(result):
    yield result.forecasts, "unique_id", result.blocks
    if result.categories is not None:
        yield result.categories.forecasts, "category", result.categories.blocks


def _score_row(series_id: int, source: ScoreSource, model: str, selected: bool, row: dict) -> dict:
    return {
        "series_id": series_id, "source": source, "model": model, "selected": bool(selected),
        "days": int(row.get("n") or 0), "actual": _clean(row.get("actual")), "forecast": _clean(row.get("forecast")),
        "updated_at": utcnow(), **{k: _clean(row.get(k)) for k in METRIC_FIELDS},
    }


def _block_json(block: np.ndarray | None) -> list[list[float | None]] | None:
    if block is None or block.size == 0:
        return None
    return [[None if not math.isfinite(v) else round(float(v), 3) for v in row] for row in block]


def _block_array(residuals: list[list[float | None]] | None) -> np.ndarray:
    if not residuals:
        return np.empty((0, 0))
    return np.array([[np.nan if v is None else v for v in row] for row in residuals], dtype=float)


def _totals(mean: np.ndarray, block: np.ndarray | None) -> dict[str, dict[str, float]]:
    block = block if block is not None else np.empty((0, 0))
    out = {}
    for days in schemas.HORIZONS:
        if days > mean.size:
            continue
        q = core_quantiles.lead_time_quantiles(mean, block, days, QUANTILES)
        out[str(days)] = {"mean": round(float(mean[:days].sum()), 3), "p10": round(float(q[0]), 3),
                          "p50": round(float(q[1]), 3), "p90": round(float(q[2]), 3)}
    return out


# ---------------------------------------------------------------- reading


def run_out(session: Session, run: ForecastRun, names: dict[int, str] | None = None) -> schemas.RunOut:
    names = names if names is not None else ForecastRepository(session, run.tenant_id).user_names([run.created_by_id])
    out = schemas.RunOut.model_validate(run)
    if run.status == RunStatus.queued and run.job_id:
        job = session.get(Job, run.job_id)
        if job is not None and job.status == JobStatus.running:
            out.status = RunStatus.running
    out.created_by_name = names.get(run.created_by_id) if run.created_by_id else None
    out.live_days = int((run.live_metrics or {}).get("days", 0))
    return out


def list_runs(session: Session, principal: Principal, page: PageParams) -> Page[schemas.RunOut]:
    repo = ForecastRepository(session, principal.tenant_id)
    runs, total = repo.runs(page.page_size, page.offset)
    names = repo.user_names(r.created_by_id for r in runs)
    return Page(items=[run_out(session, r, names) for r in runs], total=total, page=page.page, page_size=page.page_size)


def get_run(session: Session, principal: Principal, run_id: int) -> schemas.RunDetail:
    repo = ForecastRepository(session, principal.tenant_id)
    run = repo.get_or_404(ForecastRun, run_id, RUN)
    series = [s for s, _ in repo.series(run.id, SeriesLevel.product)]
    scores = repo.scores([s.id for s in series], ScoreSource.backtest)
    pooled = pool_scores([_score_dict(s) for s in scores], key="model")
    chosen = Counter(s.model for s in series)
    models = [
        schemas.ModelScore(model=m, selected=chosen.get(m, 0) > 0, **{k: v.get(k) for k in METRIC_FIELDS},
                           products=v.get("series"))
        for m, v in sorted(pooled.items(), key=lambda kv: (kv[1].get("wape") is None, kv[1].get("wape") or 0))
    ]
    base = run_out(session, run).model_dump()
    return schemas.RunDetail(**base, models=models, params=run.params or {}, timings=run.timings)


def _latest(repo: ForecastRepository) -> ForecastRun:
    run = repo.latest_run()
    if run is None:
        raise NotFound("예측", "Forecast", code="no_forecast")
    return run


def _row(series: ForecastSeries, product: Product | None, wape: float | None, overridden: bool) -> schemas.ForecastRow:
    totals = [schemas.Total(days=int(k), **v) for k, v in sorted((series.totals or {}).items(), key=lambda kv: int(kv[0]))]
    return schemas.ForecastRow(
        product_id=series.product_id, master_sku=product.master_sku if product else None,
        name=product.name if product else series.category or "", category=product.category if product else series.category,
        pattern=series.pattern, kind=series.kind, model=series.model, reason=series.reason, wape=wape,
        totals=totals, overridden=overridden,
    )


def forecast_rows(
    session: Session,
    principal: Principal,
    page: PageParams,
    *,
    level: SeriesLevel = SeriesLevel.product,
    q: str | None = None,
    pattern: str | None = None,
    model: str | None = None,
    category: str | None = None,
) -> Page[schemas.ForecastRow]:
    repo = ForecastRepository(session, principal.tenant_id)
    run = _latest(repo)
    rows, total = repo.series_page(run.id, level, q=q, pattern=pattern, model=model, category=category,
                                   uncategorised=category == NO_CATEGORY,
                                   limit=page.page_size, offset=page.offset)
    ids = [s.id for s, _ in rows]
    chosen = {sc.series_id: sc.wape for sc in repo.scores(ids, ScoreSource.backtest) if sc.selected}
    overridden = {o.product_id for o in repo.overrides([s.product_id for s, _ in rows if s.product_id], active_only=True)
                  if _in_forecast(o, run)}
    items = [_row(s, p, chosen.get(s.id), s.product_id in overridden) for s, p in rows]
    return Page(items=items, total=total, page=page.page, page_size=page.page_size)


def product_forecast(session: Session, principal: Principal, product_id: int) -> schemas.ForecastDetail:
    repo = ForecastRepository(session, principal.tenant_id)
    product = repo.get_or_404(Product, product_id, PRODUCT)
    run = _latest(repo)
    found = repo.series(run.id, SeriesLevel.product, product_id=product.id)
    if not found:
        raise NotFound("이 상품의 예측(판매 이력 없음)", "A forecast for this product (it has no sales history)",
                       code="no_forecast")
    series, _ = found[0]
    overrides = repo.overrides([product.id])
    history = daily_demand(session, principal.tenant_id, product_ids=[product.id])
    return _detail(repo, run, series, product, history, overrides)


def category_forecast(session: Session, principal: Principal, category: str) -> schemas.ForecastDetail:
    repo = ForecastRepository(session, principal.tenant_id)
    run = _latest(repo)
    found = repo.series(run.id, SeriesLevel.category, category=category)
    if not found:
        raise NotFound("카테고리", "Category", code="no_forecast")
    series, _ = found[0]
    member_series = [s for s, p in repo.series(run.id, SeriesLevel.product)
                     if (p.category if p else None) == (None if category == NO_CATEGORY else category)]
    members = [s.product_id for s in member_series]
    history = daily_demand(session, principal.tenant_id, product_ids=members)
    if not history.is_empty():
        history = history.group_by("date").agg(pl.col("quantity").sum(), pl.col("stockout").any()).sort("date")
    # the category line carries its products' overrides: Σ (override − AI mean) on the days they cover
    changed = _effective(repo, member_series).filter(pl.col("overridden"))
    adjustments = dict(changed.group_by("day").agg((pl.col("effective") - pl.col("mean")).sum()).iter_rows())
    return _detail(repo, run, series, None, history, [], adjustments)


def _detail(repo, run, series, product, history: pl.DataFrame, overrides: list[ForecastOverride],
            adjustments: dict[dt.date, float] | None = None) -> schemas.ForecastDetail:
    """A product's or a category's forecast; `adjustments` (categories) shift the AI mean by the
    members' overrides on the days they cover."""
    values = repo.values([series.id])
    active = [o for o in overrides if o.withdrawn_at is None]
    adjustments = adjustments or {}
    days = []
    for v in values:
        manual = _override_for(active, v.day)
        override = float(manual.quantity) if manual else (
            max(0.0, v.mean + adjustments[v.day]) if v.day in adjustments else None)
        days.append(schemas.ForecastDay(day=v.day, mean=v.mean, p10=v.p10, p50=v.p50, p90=v.p90,
                                        override=override, effective=override if override is not None else v.mean))
    if not history.is_empty():
        history = history.filter(pl.col("date") > history["date"].max() - dt.timedelta(days=HISTORY_DAYS))
    past = [schemas.HistoryDay(day=r["date"], quantity=float(r["quantity"]), stockout=bool(r["stockout"]))
            for r in history.iter_rows(named=True)]
    scores = repo.scores([series.id])
    chosen = next((s.wape for s in scores if s.selected and s.source == ScoreSource.backtest), None)
    names = repo.user_names([*(o.created_by_id for o in overrides), *(o.withdrawn_by_id for o in overrides),
                             run.created_by_id])
    return schemas.ForecastDetail(
        run=run_out(repo.session, run, names),
        row=_row(series, product, chosen, bool(adjustments) or any(_in_forecast(o, run) for o in active)),
        history=past,
        forecast=days,
        scores=[schemas.ScoreOut(source=s.source, model=s.model, selected=s.selected, days=s.days,
                                 **{k: getattr(s, k) for k in METRIC_FIELDS})
                for s in sorted(scores, key=lambda s: (s.source != ScoreSource.backtest, s.wape is None, s.wape or 0))],
        overrides=[override_out(o, names) for o in reversed(overrides)],
    )


def _in_forecast(override: ForecastOverride, run: ForecastRun) -> bool:
    """Whether the override covers a day of the run's forecast."""
    first = run.history_end + dt.timedelta(days=1)
    return override.end_date >= first and override.start_date <= first + dt.timedelta(days=run.horizon - 1)


def _override_for(overrides: Iterable[ForecastOverride], day: dt.date) -> ForecastOverride | None:
    """The newest active override covering `day`."""
    best = None
    for o in overrides:
        if o.start_date <= day <= o.end_date and (best is None or o.id > best.id):
            best = o
    return best


# ---------------------------------------------------------------- overrides


def override_out(o: ForecastOverride, names: dict[int, str]) -> schemas.OverrideOut:
    out = schemas.OverrideOut.model_validate(o)
    out.created_by_name = names.get(o.created_by_id) if o.created_by_id else None
    out.withdrawn_by_name = names.get(o.withdrawn_by_id) if o.withdrawn_by_id else None
    return out


def create_override(session: Session, principal: Principal, data: schemas.OverrideIn) -> schemas.OverrideOut:
    repo = ForecastRepository(session, principal.tenant_id)
    product = repo.get_or_404(Product, data.product_id, PRODUCT)
    if data.end_date < data.start_date:
        raise BadRequest("끝 날짜가 시작 날짜보다 앞섭니다.", "The end date is before the start date.",
                         code="bad_period")
    run = repo.latest_run()
    first_day = (run.history_end + dt.timedelta(days=1)) if run and run.history_end else repo.today()
    if data.start_date < min(first_day, repo.today()):
        raise BadRequest("지난 기간의 예측은 수정할 수 없습니다.", "A forecast cannot be overridden for past days.",
                         code="past_period")
    if (data.end_date - data.start_date).days > 366:
        raise BadRequest("수정 기간은 1년을 넘을 수 없습니다.", "An override can cover at most one year.",
                         code="bad_period")
    ai = None
    if run is not None:
        found = repo.series(run.id, SeriesLevel.product, product_id=product.id)
        if found:
            values = repo.values([found[0][0].id], data.start_date, data.end_date)
            ai = round(sum(v.mean for v in values) / len(values), 4) if values else None
    override = repo.add(ForecastOverride(
        product_id=product.id, run_id=run.id if run else None, start_date=data.start_date, end_date=data.end_date,
        quantity=data.quantity.quantize(Decimal("0.01")), ai_quantity=ai, reason=data.reason, created_by_id=principal.user_id,
    ))
    session.flush()
    ai_text = f"{ai:.1f}" if ai is not None else "-"
    audit.record(
        session, tenant_id=principal.tenant_id, actor_id=principal.user_id, action="forecast.override",
        entity_type="product", entity_id=product.id,
        summary=(f"{product.master_sku} 예측 수정 {data.start_date}~{data.end_date}: 하루 {ai_text} → {data.quantity} ({data.reason})",
                 f"{product.master_sku} forecast override {data.start_date}..{data.end_date}: {ai_text} → {data.quantity} a day ({data.reason})"),
        before={"quantity_per_day": ai}, after={"quantity_per_day": data.quantity, "reason": data.reason},
    )
    return override_out(override, repo.user_names([principal.user_id]))


def withdraw_override(session: Session, principal: Principal, override_id: int) -> schemas.OverrideOut:
    repo = ForecastRepository(session, principal.tenant_id)
    override = repo.get_or_404(ForecastOverride, override_id, OVERRIDE)
    if override.withdrawn_at is not None:
        raise Conflict("이미 취소된 수정입니다.", "This override was already withdrawn.", code="already_withdrawn")
    override.withdrawn_at, override.withdrawn_by_id = utcnow(), principal.user_id
    audit.record(
        session, tenant_id=principal.tenant_id, actor_id=principal.user_id, action="forecast.override_withdrawn",
        entity_type="product", entity_id=override.product_id,
        summary=(f"예측 수정 #{override.id} 취소", f"Forecast override #{override.id} withdrawn"),
    )
    return override_out(override, repo.user_names([override.created_by_id, principal.user_id]))


def list_overrides(session: Session, principal: Principal, product_id: int | None) -> list[schemas.OverrideOut]:
    repo = ForecastRepository(session, principal.tenant_id)
    rows = repo.overrides([product_id] if product_id is not None else None)
    names = repo.user_names([*(o.created_by_id for o in rows), *(o.withdrawn_by_id for o in rows)])
    return [override_out(o, names) for o in reversed(rows)]


# ---------------------------------------------------------------- downstream


EFFECTIVE_SCHEMA = {"product_id": pl.Int64, "day": pl.Date, "mean": pl.Float64, "p10": pl.Float64, "p50": pl.Float64,
                    "p90": pl.Float64, "effective": pl.Float64, "overridden": pl.Boolean}


def effective_forecast(session: Session, tenant_id: int, product_ids: Sequence[int] | None = None) -> pl.DataFrame:
    """The newest run's daily forecast with overrides applied, for planning:
    product_id, day, mean, p10, p50, p90, effective, overridden. Empty when there is no run."""
    repo = ForecastRepository(session, tenant_id)
    run = repo.latest_run()
    if run is None:
        return pl.DataFrame(schema=EFFECTIVE_SCHEMA)
    wanted = set(product_ids) if product_ids is not None else None
    series = [s for s, _ in repo.series(run.id, SeriesLevel.product) if wanted is None or s.product_id in wanted]
    return _effective(repo, series)


def _effective(repo: ForecastRepository, series: Sequence[ForecastSeries]) -> pl.DataFrame:
    """The series' daily values with the active overrides applied (the newest covering override
    wins), sorted by product and day."""
    product_of = {s.id: s.product_id for s in series}
    rows = repo.value_rows(list(product_of))
    if not rows:
        return pl.DataFrame(schema=EFFECTIVE_SCHEMA)
    frame = (pl.DataFrame(rows, schema={"series_id": pl.Int64, **{k: v for k, v in EFFECTIVE_SCHEMA.items()
                                                                   if k in ("day", "mean", "p10", "p50", "p90")}},
                          orient="row")
             .with_columns(pl.col("series_id").replace_strict(product_of, return_dtype=pl.Int64).alias("product_id"))
             .with_columns(pl.lit(None, pl.Float64).alias("manual")))
    for o in sorted(repo.overrides(list(set(product_of.values())), active_only=True), key=lambda o: o.id):
        covered = (pl.col("product_id") == o.product_id) & pl.col("day").is_between(o.start_date, o.end_date)
        frame = frame.with_columns(pl.when(covered).then(float(o.quantity)).otherwise(pl.col("manual")).alias("manual"))
    return (frame.with_columns(pl.coalesce("manual", "mean").alias("effective"),
                               pl.col("manual").is_not_null().alias("overridden"))
            .select(list(EFFECTIVE_SCHEMA)).sort("product_id", "day"))


@dataclass(frozen=True)
class PlanningForecast:
    """One product's forecast as planning uses it: the daily mean from `first_day` with overrides
    applied (`effective`), and the chosen model's backtest residual block, so demand over any lead
    time can be simulated with `core.quantiles.sample_paths(effective[:L], residuals)`."""

    run_id: int
    first_day: dt.date
    effective: np.ndarray
    residuals: np.ndarray
    overridden: bool


def planning_forecasts(session: Session, tenant_id: int, product_ids: Sequence[int] | None = None
                       ) -> dict[int, PlanningForecast]:
    """The newest run's forecast per product (overrides applied); empty without a run."""
    repo = ForecastRepository(session, tenant_id)
    run = repo.latest_run()
    if run is None:
        return {}
    wanted = set(product_ids) if product_ids is not None else None
    series = [s for s, _ in repo.series(run.id, SeriesLevel.product) if wanted is None or s.product_id in wanted]
    block_of = {s.product_id: s.residuals for s in series}
    return {
        int(pid): PlanningForecast(run.id, days["day"][0], days["effective"].to_numpy().astype(float),
                                   _block_array(block_of[pid]), bool(days["overridden"].any()))
        for (pid,), days in _effective(repo, series).group_by("product_id", maintain_order=True)
    }


def lead_time_demand(
    session: Session, tenant_id: int, product_id: int, lead_time: int, quantiles: Sequence[float] = QUANTILES
) -> dict[str, float] | None:
    """Mean and quantiles of the product's total demand over the next `lead_time` days, from the
    effective forecast and the chosen model's residual paths. None without a forecast."""
    repo = ForecastRepository(session, tenant_id)
    run = repo.latest_run()
    if run is None:
        return None
    found = repo.series(run.id, SeriesLevel.product, product_id=product_id)
    if not found:
        return None
    frame = _effective(repo, [found[0][0]]).sort("day")
    path = frame["effective"].to_numpy()
    if lead_time > path.size:
        raise BadRequest(f"리드타임 {lead_time}일이 예측 기간({path.size}일)보다 깁니다.",
                         f"The lead time ({lead_time} days) is longer than the forecast ({path.size} days).",
                         code="lead_time_beyond_forecast")
    q = core_quantiles.lead_time_quantiles(path, _block_array(found[0][0].residuals), lead_time, quantiles)
    return {"mean": float(path[:lead_time].sum()), **{core_quantiles.quantile_name(a): float(b) for a, b in zip(quantiles, q, strict=True)}}


# ---------------------------------------------------------------- accuracy


def _score_dict(s: ForecastScore) -> dict[str, Any]:
    return {"model": s.model, "n": s.days, "actual": s.actual, "series_id": s.series_id, "source": s.source,
            **{k: getattr(s, k) for k in METRIC_FIELDS}}


def pool_scores(rows: Sequence[dict[str, Any]], key: str) -> dict[Any, dict[str, float | None]]:
    """Per-series scores pooled per `key`: WAPE and bias weighted by actual volume (Σ|e| / Σy),
    MAE, sMAPE and coverage by days, RMSE as the root of the day-weighted mean square, MASE the
    plain mean. `series` counts the pooled series."""
    groups: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        groups[r[key]].append(r)
    out = {}
    for name, items in groups.items():
        days = sum(r.get("n") or 0 for r in items)
        volume = sum(r.get("actual") or 0 for r in items)

        rmse_sq = [(r["rmse"] ** 2, r.get("n") or 0) for r in items if r.get("rmse") is not None]
        mase = [r["mase"] for r in items if r.get("mase") is not None]
        out[name] = {
            "wape": _weighted(items, "wape", "actual") if volume else None,
            "bias": _weighted(items, "bias", "actual") if volume else None,
            "mae": _weighted(items, "mae", "n"), "smape": _weighted(items, "smape", "n"),
            "coverage": _weighted(items, "coverage", "n"),
            "rmse": math.sqrt(sum(v * w for v, w in rmse_sq) / days) if rmse_sq and days else None,
            "mase": sum(mase) / len(mase) if mase else None,
            "series": len(items), "days": days,
        }
    return out


def _weighted(items: Sequence[dict[str, Any]], field: str, weight: str) -> float | None:
    pairs = [(r[field], r.get(weight) or 0) for r in items if r.get(field) is not None]
    total = sum(w for _, w in pairs)
    return sum(v * w for v, w in pairs) / total if total else None


def _metrics(values: dict[str, Any] | None) -> schemas.Metrics | None:
    if not values:
        return None
    return schemas.Metrics(**{k: values.get(k) for k in METRIC_FIELDS})


def accuracy(
    session: Session, principal: Principal, level: schemas.AccuracyLevel, run_id: int | None
) -> list[schemas.AccuracyRow]:
    """`run`: one row per succeeded run (the trend); `product` / `category`: one row per series of
    the given run (default: the newest)."""
    repo = ForecastRepository(session, principal.tenant_id)
    if level == "run":
        return [
            schemas.AccuracyRow(run_id=r.id, created_at=r.created_at, backtest=_metrics(r.metrics),
                                live=_metrics(r.live_metrics), live_days=int((r.live_metrics or {}).get("days", 0)))
            for r in reversed(repo.succeeded_runs(limit=100))
        ]
    run = repo.get_or_404(ForecastRun, run_id, RUN) if run_id else _latest(repo)
    pairs = repo.series(run.id, SeriesLevel.product if level == "product" else SeriesLevel.category)
    scores = defaultdict(dict)
    for s in repo.scores([s.id for s, _ in pairs]):
        if s.source == ScoreSource.backtest and not s.selected:
            continue
        scores[s.series_id][s.source] = s
    rows = []
    for series, product in pairs:
        mine = scores.get(series.id, {})
        live = mine.get(ScoreSource.live)
        rows.append(schemas.AccuracyRow(
            run_id=run.id, created_at=run.created_at, product_id=series.product_id,
            master_sku=product.master_sku if product else None, name=product.name if product else series.category,
            category=product.category if product else series.category, model=series.model,
            backtest=_metrics(_score_dict(mine[ScoreSource.backtest])) if ScoreSource.backtest in mine else None,
            live=_metrics(_score_dict(live)) if live else None, live_days=live.days if live else 0,
            override=_metrics(_score_dict(mine[ScoreSource.override])) if ScoreSource.override in mine else None,
        ))
    return sorted(rows, key=lambda r: (r.master_sku or r.name or ""))


def score_live(session: Session, tenant_id: int) -> int:
    """Scores stored forecasts against the actuals that have arrived since; returns runs scored.

    Stock-out days are left out (their sales are censored). Each run's product series get a
    `live` score (the AI forecast) and, where a person overrode some of those days, an `override`
    score for the forecast as overridden; the run gets pooled `live_metrics`.
    """
    repo = ForecastRepository(session, tenant_id)
    demand = daily_demand(session, tenant_id)
    if demand.is_empty():
        return 0
    last_day = demand["date"].max()
    scored = 0
    for run in repo.runs_with_values(after=last_day):
        due = min(run.horizon, (last_day - run.history_end).days)
        if (run.live_metrics or {}).get("days", 0) >= due:
            continue
        pairs = repo.series(run.id, SeriesLevel.product)
        product_of = {s.id: s.product_id for s, _ in pairs}
        model_of = {s.id: s.model for s, _ in pairs}
        values = repo.values(list(product_of), run.history_end + dt.timedelta(days=1), last_day)
        if not values:
            continue
        frame = pl.DataFrame(
            [(product_of[v.series_id], v.series_id, v.day, v.mean, v.p10, v.p50, v.p90) for v in values],
            schema={"product_id": pl.Int64, "series_id": pl.Int64, "date": pl.Date, "mean": pl.Float64,
                    "p10": pl.Float64, "p50": pl.Float64, "p90": pl.Float64}, orient="row",
        )
        overrides = defaultdict(list)
        for o in repo.overrides(list(set(product_of.values()))):
            overrides[o.product_id].append(o)
        frame = frame.with_columns(pl.Series("manual", [
            _override_on(overrides.get(p, []), d) for p, d in zip(frame["product_id"], frame["date"], strict=True)
        ], dtype=pl.Float64))
        joined = frame.join(demand, left_on=["product_id", "date"], right_on=["product_id", "date"], how="inner")
        joined = joined.filter(~pl.col("stockout")).with_columns(
            pl.col("quantity").cast(pl.Float64).alias("y"), pl.col("series_id").cast(pl.String).alias("unique_id"),
            pl.coalesce("manual", "mean").alias("overridden"),
        )
        if joined.is_empty():
            continue
        scale = core_metrics.scales(
            demand.filter(pl.col("date") <= run.history_end)
            .select(pl.col("product_id"), pl.col("date").alias("ds"), pl.col("quantity").cast(pl.Float64).alias("y"))
            .join(pl.DataFrame({"product_id": list(product_of.values()), "unique_id": [str(k) for k in product_of]},
                               schema={"product_id": pl.Int64, "unique_id": pl.String}), on="product_id")
            .drop("product_id")
        )
        bands = {0.1: "p10", 0.5: "p50", 0.9: "p90"}
        live = core_metrics.evaluate(joined, point="mean", quantiles=bands, scale=scale)
        rows = [_score_row(int(r["unique_id"]), ScoreSource.live, model_of[int(r["unique_id"])], True, r)
                for r in live.iter_rows(named=True)]
        touched = joined.filter(pl.col("manual").is_not_null())["unique_id"].unique().to_list()
        if touched:
            human = core_metrics.evaluate(joined.filter(pl.col("unique_id").is_in(touched)), point="overridden",
                                          scale=scale)
            rows += [_score_row(int(r["unique_id"]), ScoreSource.override, "Override", True, r)
                     for r in human.iter_rows(named=True)]
        repo.replace_scores(list(product_of), ScoreSource.live, [r for r in rows if r["source"] == ScoreSource.live])
        repo.replace_scores(list(product_of), ScoreSource.override,
                            [r for r in rows if r["source"] == ScoreSource.override])
        pooled = core_metrics.evaluate(joined, point="mean", quantiles=bands, by=()).row(0, named=True)
        run.live_metrics = {**{k: _clean(pooled.get(k)) for k in METRIC_FIELDS if k in pooled},
                            "days": (joined["date"].max() - run.history_end).days}
        scored += 1
    return scored


def _override_on(overrides: Sequence[ForecastOverride], day: dt.date) -> float | None:
    """The override that was in force on `day` (made before it, not yet withdrawn then)."""
    live = [o for o in overrides if o.start_date <= day <= o.end_date and o.created_at.date() <= day
            and (o.withdrawn_at is None or o.withdrawn_at.date() > day)]
    return float(max(live, key=lambda o: o.id).quantity) if live else None


def check_degradation(session: Session, tenant_id: int) -> ForecastRun | None:
    """Queues a retrain when the newest run's live WAPE (over at least a week) exceeds its
    backtest WAPE by more than the tenant's margin."""
    repo = ForecastRepository(session, tenant_id)
    run = repo.latest_run()
    tenant = session.get_one(Tenant, tenant_id)
    if run is None or not run.metrics or not run.live_metrics or repo.active_run() is not None:
        return None
    live, backtest = run.live_metrics.get("wape"), run.metrics.get("wape")
    if live is None or backtest is None or run.live_metrics.get("days", 0) < MIN_LIVE_DAYS:
        return None
    if live <= backtest * (1 + tenant.retrain_margin):
        return None
    owner = _tenant_actor(session, tenant_id)
    return request_run(session, Principal(user=owner, session_id=0), run.horizon, RunTrigger.degradation) if owner else None


def _tenant_actor(session: Session, tenant_id: int) -> User | None:
    """Scheduled runs are recorded as started by the tenant's first active owner."""
    from sqlalchemy import select

    return session.scalars(
        select(User).where(User.tenant_id == tenant_id, User.role == Role.owner, User.is_active.is_(True)).order_by(User.id)
    ).first()


def nightly(session: Session, now: dt.datetime | None = None) -> list[ForecastRun]:
    """For every tenant: score live accuracy, retrain on degradation, and at the tenant's nightly
    hour queue the nightly run (once a day). Called hourly by the scheduler."""
    from zoneinfo import ZoneInfo

    from sqlalchemy import select

    now = now or utcnow()
    hour = get_settings().forecast_nightly_hour
    started = []
    for tenant in session.scalars(select(Tenant).order_by(Tenant.id)).all():
        score_live(session, tenant.id)
        retrain = check_degradation(session, tenant.id)
        if retrain is not None:
            started.append(retrain)
            continue
        local = now.astimezone(ZoneInfo(tenant.timezone))
        if not tenant.forecast_nightly or local.hour != hour:
            continue
        repo = ForecastRepository(session, tenant.id)
        recent = repo.runs(1, 0)[0]
        if recent and recent[0].created_at > now - dt.timedelta(hours=12):
            continue
        owner = _tenant_actor(session, tenant.id)
        if owner is None or not repo.has_sales():
            continue
        started.append(request_run(session, Principal(user=owner, session_id=0), 90, RunTrigger.nightly))
    return started
