"""The engine: backtest the candidates, choose per series, forecast, calibrate, aggregate.

`run(df, horizon, config)` takes a long frame of daily (or transactional) demand and returns an
`EngineResult`. Steps:

1. Standardise columns and fill missing days with zeros; estimate censored (stock-out) days.
2. Classify each series' demand pattern over its last year.
3. Sort series into: no recent demand → zero forecast; too little history for a backtest → pooled
   from their category (`cold_start.py`); the rest are backtested.
4. Rolling-origin backtest of every candidate the series' pattern allows (`backtest.py`), plus the
   mean of the non-naive candidates ('Ensemble'); choose per series (`selection.py`).
5. Refit on all data and forecast the horizon; calibrate quantiles on the chosen model's backtest
   residuals (`quantiles.py`).
6. Category forecasts as sums of their SKUs (coherent by construction) with bands calibrated on
   the category's own backtest residuals (`hierarchy.py`).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field

import numpy as np
import polars as pl

from smartstock.forecasting.core import (
    backtest,
    cold_start,
    hierarchy,
    metrics,
    quantiles,
    selection,
)
from smartstock.forecasting.core.calendar import CALENDAR_FEATURES, holiday_calendar
from smartstock.forecasting.core.censoring import impute_censored
from smartstock.forecasting.core.frames import CENSORED, ID, TARGET, TIME, Columns
from smartstock.forecasting.core.models import (
    COST_ORDER,
    CnnLstmFamily,
    Family,
    LightGBMFamily,
    Mapper,
    StatsFamily,
    deep_learning_available,
    ensemble,
    local_map,
)
from smartstock.forecasting.core.patterns import Pattern, classify

Progress = Callable[[float, str], None]
DEFAULT_COLUMNS = Columns()


@dataclass(frozen=True)
class EngineConfig:
    """Everything that changes a forecast; logged as the run's parameters."""

    quantiles: tuple[float, ...] = quantiles.DEFAULT_QUANTILES
    backtest_horizon: int | None = None  # default: min(horizon, 28)
    folds: int = 3
    selection_metric: str = "rmse"
    tolerance: float = 0.02
    champion_margin: float = 0.2  # a series leaves the champion only for a model this much better (selection.py)
    pattern_window: int = 364  # days of recent history that decide the pattern (and "no demand")
    stats_window: int | None = 364
    holidays_country: str | None = "KR"
    use_lightgbm: bool = True
    use_cnn_lstm: bool = False
    cnn_lstm_epochs: int | None = None
    optional_models: tuple[str, ...] = ()  # "AutoETS" (full search), "AutoARIMA"
    covariates: tuple[str, ...] = ()
    n_jobs: int = 1
    seed: int = 0

    def params(self) -> dict[str, object]:
        return {k: (",".join(map(str, v)) if isinstance(v, tuple) else v) for k, v in asdict(self).items()}


@dataclass
class EngineResult:
    horizon: int
    quantiles: tuple[float, ...]
    forecasts: pl.DataFrame  # unique_id, ds, model, mean, p10, p50, p90
    series: pl.DataFrame  # unique_id, pattern, kind, model, reason (English), reason_ko, history_days
    scores: pl.DataFrame  # unique_id, model, selected, metrics (backtest)
    backtest: pl.DataFrame  # unique_id, cutoff, ds, y, evaluable, candidates…, Selected, p10…
    blocks: dict[str, np.ndarray]  # residual paths per series, for lead-time quantiles
    categories: hierarchy.CategoryResult | None = None
    timings: dict[str, float] = field(default_factory=dict)
    # Every candidate's final forecast (`unique_id, ds` + one column per model), for comparisons.
    candidates: pl.DataFrame = field(default_factory=pl.DataFrame)

    def candidate_forecast(self, model: str) -> pl.DataFrame:
        """One candidate's forecast for the series it was fitted on, with quantiles calibrated on
        that candidate's own backtest residuals: `unique_id, ds, mean, p10…`."""
        if model not in self.candidates.columns:
            raise KeyError(f"{model} was not a candidate in this run")
        rows = self.candidates.select(ID, TIME, pl.col(model).alias("mean")).filter(pl.col("mean").is_not_null())
        blocks = quantiles.residual_blocks(self.backtest.filter(pl.col(model).is_not_null()), model)
        return quantiles.calibrate(rows, "mean", blocks, self.quantiles)

    def lead_time_quantiles(self, series: str, lead_time: int, qs: Sequence[float] | None = None) -> np.ndarray:
        path = self.forecasts.filter(pl.col(ID) == series).sort(TIME)["mean"].to_numpy()
        return quantiles.lead_time_quantiles(path, self.blocks.get(series, np.empty((0, 0))), lead_time, qs or self.quantiles)

    def summary(self) -> dict[str, float]:
        """Run-level backtest metrics of the chosen models (pooled over series)."""
        bt = self.backtest
        if bt.is_empty() or "Selected" not in bt.columns:
            return {}
        names = {q: quantiles.quantile_name(q) for q in self.quantiles}
        row = metrics.evaluate(bt, point="Selected", quantiles=names, by=()).row(0, named=True)
        return {k: float(v) for k, v in row.items() if k in metrics.METRICS and v is not None}


def compare(result: EngineResult, metric: str = "rmse", tolerance: float = 0.02, margin: float = 0.2) -> pl.DataFrame:
    """Pooled backtest accuracy of every candidate and of the portfolio, one row each.

    `Portfolio` is scored out of sample: each fold is forecast by the models chosen on the folds
    before it (so fold 1 is not in its row; compare it with the others' `n`).
    """
    cv = result.backtest
    if cv.is_empty():
        return pl.DataFrame()
    names = {q: quantiles.quantile_name(q) for q in result.quantiles}
    scale = metrics.scales(cv.select(ID, TIME, TARGET).unique([ID, TIME]).sort(ID, TIME))
    candidates = [c for c in cv.columns if c in COST_ORDER]
    rows = []
    for model in candidates:
        part = cv.filter(pl.col(model).is_not_null() & pl.col(model).is_not_nan())
        part = quantiles.held_out_quantiles(part.drop([c for c in names.values() if c in part.columns]), model, result.quantiles)
        rows.append(metrics.evaluate(part, point=model, quantiles=names, scale=scale, by=()).with_columns(
            pl.lit(model).alias("model"), pl.lit(part[ID].n_unique()).alias("series")))
    portfolio = selection.out_of_sample_selection(
        cv.drop([c for c in (*names.values(), "Selected") if c in cv.columns]), candidates, metric, tolerance, margin
    )
    if not portfolio.is_empty():
        portfolio = quantiles.held_out_quantiles(portfolio, "Selected", result.quantiles)
        rows.append(metrics.evaluate(portfolio, point="Selected", quantiles=names, scale=scale, by=()).with_columns(
            pl.lit("Portfolio").alias("model"), pl.lit(portfolio[ID].n_unique()).alias("series")))
    return pl.concat(rows, how="diagonal_relaxed").sort("wape")


def families_for(config: EngineConfig, mapper: Mapper = local_map) -> list[Family]:
    calendar_columns = CALENDAR_FEATURES
    families: list[Family] = [
        # Inside a Dask task the chunk is fitted in one process: the cluster is the parallelism.
        StatsFamily(extra=config.optional_models, window=config.stats_window,
                    n_jobs=config.n_jobs if mapper is local_map else 1, mapper=mapper)
    ]
    if config.use_lightgbm:
        families.append(
            LightGBMFamily(covariates=config.covariates, calendar_columns=calendar_columns, seed=config.seed)
        )
    if config.use_cnn_lstm:
        if not deep_learning_available():
            raise RuntimeError("the CNN-LSTM needs PyTorch: pip install 'smartstock[deep]'")
        families.append(CnnLstmFamily(epochs=config.cnn_lstm_epochs, seed=config.seed, calendar_columns=calendar_columns))
    return families


def run(
    df: pl.DataFrame,
    horizon: int,
    config: EngineConfig = EngineConfig(),
    *,
    columns: Columns = DEFAULT_COLUMNS,
    groups: Mapping[str, str] | None = None,
    manual_levels: Mapping[str, float] | None = None,
    future_covariates: pl.DataFrame | None = None,
    mapper: Mapper = local_map,
    progress: Progress | None = None,
    backtest_only: bool = False,
) -> EngineResult:
    """Forecast every series in `df` for `horizon` days (`backtest_only`: stop after the backtest).

    `groups` maps series id → category (for pooled cold starts and category forecasts);
    `manual_levels` gives a user's expected daily demand for series too new to forecast;
    `future_covariates` (`unique_id`, `ds`, covariates) gives planned prices or promotions.
    """
    if horizon < 1:
        raise ValueError("horizon must be at least 1 day")
    report = progress or (lambda fraction, message: None)
    timings: dict[str, float] = {}
    clock = time.perf_counter()
    data = columns.standardise(df, extra=config.covariates)
    if data.is_empty():
        raise ValueError("no demand history to forecast from")
    actual = data.select(ID, TIME, TARGET, CENSORED)
    train = impute_censored(data)
    end = train[TIME].max()
    start = train[TIME].min()
    calendar = holiday_calendar(start, end + dt.timedelta(days=horizon), config.holidays_country)
    train = train.join(calendar, on=TIME, how="left")
    future = _future_features(train, calendar, horizon, config.covariates, future_covariates)

    bt_h = config.backtest_horizon or min(horizon, 28)
    min_history = bt_h * config.folds + 2 * bt_h
    recent = train.filter(pl.col(TIME) > end - dt.timedelta(days=config.pattern_window))
    patterns = {
        str(k[0]): classify(g.sort(TIME)[TARGET].to_numpy())
        for k, g in recent.group_by(ID)
    }
    history_days = dict(train.group_by(ID).agg(pl.len()).iter_rows())
    established = {i: p for i, p in patterns.items() if p is not Pattern.zero and history_days[i] >= min_history}
    new = sorted(i for i, p in patterns.items() if p is not Pattern.zero and i not in established)
    zero = sorted(i for i, p in patterns.items() if p is Pattern.zero)
    timings["prepare"] = time.perf_counter() - clock

    # Candidates come from each series' pattern before the backtest began, so no fold's candidate
    # set depends on days after its cut-off; the final fit uses the same set.
    model_patterns = _patterns_before(train, established, backtest.cutoffs(end, bt_h, config.folds)[0],
                                      config.pattern_window)
    families = families_for(config, mapper)
    candidates = _candidates(families, model_patterns)
    clock = time.perf_counter()
    cv = pl.DataFrame()
    if established:
        est_train = train.filter(pl.col(ID).is_in(list(established)))
        cv = backtest.cross_validate(
            est_train,
            actual,
            families,
            model_patterns,
            bt_h,
            config.folds,
            future=future,
            progress=lambda f, m: report(0.05 + 0.6 * f, m),
        )
    timings["backtest"] = time.perf_counter() - clock

    chosen: dict[str, selection.Choice] = {}
    scores = pl.DataFrame()
    if not cv.is_empty():
        cv = cv.with_columns(ensemble(cv, candidates))
        candidates = [c for c in candidates if c in cv.columns]
        members = [*candidates, "Ensemble"]
        chosen = selection.select(cv, members, config.selection_metric, config.tolerance, config.champion_margin)
        cv = selection.with_selected(cv, {i: c.model for i, c in chosen.items()})
        scores = _score_table(cv, members, train, chosen, config.quantiles)
        cv = quantiles.held_out_quantiles(cv, "Selected", config.quantiles)
    timings["selection"] = time.perf_counter() - clock - timings["backtest"]

    if backtest_only:
        return EngineResult(horizon, config.quantiles, pl.DataFrame(), pl.DataFrame(), scores, cv, {}, None, timings)
    report(0.7, "final fit")
    clock = time.perf_counter()
    forecasts = []
    blocks: dict[str, np.ndarray] = {}
    final = pl.DataFrame()
    if established:
        est_train = train.filter(pl.col(ID).is_in(list(established)))
        final = None
        for family in families:
            out = family.forecast(est_train, horizon, future, model_patterns)
            final = out if final is None else final.join(out, on=[ID, TIME], how="full", coalesce=True)
        final = final.with_columns(ensemble(final, candidates))
        final = selection.with_selected(final, {i: c.model for i, c in chosen.items()}, column="mean")
        final = final.with_columns(pl.col(ID).replace_strict({i: c.model for i, c in chosen.items()}).alias("model"))
        # Defensive: a chosen model that produced nothing in the final fit falls back to the ensemble.
        missing = pl.col("mean").is_null() | pl.col("mean").is_nan()
        final = final.with_columns(
            pl.when(missing).then(pl.lit("Ensemble")).otherwise(pl.col("model")).alias("model"),
            pl.when(missing).then(pl.col("Ensemble")).otherwise(pl.col("mean")).fill_null(0.0).alias("mean"),
        )
        blocks = quantiles.residual_blocks(cv, "Selected")
        forecasts.append(quantiles.calibrate(final.select(ID, TIME, "model", "mean"), "mean", blocks, config.quantiles))
    timings["final_fit"] = time.perf_counter() - clock

    report(0.9, "new and dormant products")
    if new:
        pooled = cold_start.forecast(
            train.filter(pl.col(ID).is_in(new)),
            pl.concat(forecasts).select(ID, TIME, "mean") if forecasts else None,
            train.filter(pl.col(ID).is_in(list(established))),
            blocks,
            horizon,
            groups or {},
            manual_levels or {},
        )
        blocks.update(pooled.blocks)
        forecasts.append(quantiles.calibrate(pooled.forecasts, "mean", pooled.blocks, config.quantiles))
    if zero:
        forecasts.append(_zero_forecasts(zero, end, horizon, config.quantiles))
    forecast_frame = pl.concat(forecasts, how="diagonal_relaxed").sort(ID, TIME) if forecasts else pl.DataFrame()

    series = pl.DataFrame(
        [
            {
                ID: i,
                "pattern": patterns[i].value,
                "kind": "backtested" if i in established else ("new" if i in new else "no_demand"),
                "model": chosen[i].model if i in chosen else ("Category" if i in new else "Zero"),
                **_reason_columns(_reason(i, chosen, new, config.selection_metric, manual_levels or {})),
                "history_days": int(history_days[i]),
            }
            for i in sorted(patterns)
        ]
    )
    categories = None
    if groups:
        categories = hierarchy.aggregate(forecast_frame, cv, blocks, groups, config.quantiles)
    report(1.0, "done")
    return EngineResult(
        horizon, config.quantiles, forecast_frame, series, scores, cv, blocks, categories, timings,
        candidates=final.drop("mean", "model", strict=False),
    )


def _patterns_before(
    train: pl.DataFrame, series: Mapping[str, Pattern], cutoff, window: int
) -> dict[str, Pattern]:
    """Each series' pattern over the `window` days up to `cutoff`; a series with no demand then
    (it started selling since) gets the intermittent candidates, not none."""
    recent = train.filter(pl.col(ID).is_in(list(series)), pl.col(TIME) <= cutoff,
                          pl.col(TIME) > cutoff - dt.timedelta(days=window))
    found = {str(k[0]): classify(g.sort(TIME)[TARGET].to_numpy()) for k, g in recent.group_by(ID)}
    patterns = {}
    for i in series:
        pattern = found.get(i, Pattern.zero)
        patterns[i] = Pattern.intermittent if pattern is Pattern.zero else pattern
    return patterns


def _candidates(families: Sequence[Family], established: Mapping[str, Pattern]) -> list[str]:
    names: list[str] = []
    for family in families:
        for pattern in set(established.values()):
            for model in family.models_for(pattern):
                if model not in names:
                    names.append(model)
    return names


def _future_features(
    train: pl.DataFrame,
    calendar: pl.DataFrame,
    horizon: int,
    covariates: Sequence[str],
    future_covariates: pl.DataFrame | None,
) -> pl.DataFrame:
    """Known features for every series over the horizon (and, for backtest folds, the past).

    Calendar columns are known; a covariate not planned in `future_covariates` keeps its last
    value, except promotion-like 0/1 flags, which are assumed off.
    """
    ids = train.select(ID).unique()
    days = calendar.filter(pl.col(TIME) > train[TIME].min())
    out = ids.join(days, how="cross")
    if covariates:
        history = train.select(ID, TIME, *covariates)
        out = out.join(history, on=[ID, TIME], how="left")
        if future_covariates is not None:
            planned = [c for c in covariates if c in future_covariates.columns]
            out = out.join(future_covariates.select(ID, TIME, *planned), on=[ID, TIME], how="left", suffix="_plan")
            out = out.with_columns(pl.coalesce(c, f"{c}_plan").alias(c) for c in planned).drop(f"{c}_plan" for c in planned)
        flags = [c for c in covariates if _is_flag(train[c])]
        out = out.sort(ID, TIME).with_columns(
            pl.col(c).fill_null(0) if c in flags else pl.col(c).forward_fill().over(ID) for c in covariates
        )
    return out.with_columns(pl.col(ID).cast(pl.String))


def _is_flag(values: pl.Series) -> bool:
    """A 0/1 column (a promotion flag), whatever its numeric type."""
    known = values.drop_nulls().cast(pl.Float64)
    return bool(((known == 0) | (known == 1)).all())


def _score_table(
    cv: pl.DataFrame,
    models: Sequence[str],
    train: pl.DataFrame,
    chosen: Mapping[str, selection.Choice],
    qs: Sequence[float],
) -> pl.DataFrame:
    scale = metrics.scales(train)
    names = {q: quantiles.quantile_name(q) for q in qs}
    parts = []
    for model in models:
        rows = cv.filter(pl.col(model).is_not_null() & pl.col(model).is_not_nan())
        if rows.is_empty():
            continue
        rows = quantiles.held_out_quantiles(rows, model, qs)
        table = metrics.evaluate(rows, point=model, quantiles=names, scale=scale)
        parts.append(table.with_columns(pl.lit(model).alias("model")))
    table = pl.concat(parts, how="diagonal_relaxed")
    picks = pl.DataFrame({ID: list(chosen), "_chosen": [c.model for c in chosen.values()]})
    return (
        table.join(picks, on=ID, how="left")
        .with_columns((pl.col("model") == pl.col("_chosen")).fill_null(False).alias("selected"))
        .drop("_chosen")
        .sort(ID, "model")
    )


def _zero_forecasts(ids: Sequence[str], end, horizon: int, qs: Sequence[float]) -> pl.DataFrame:
    days = pl.date_range(end + dt.timedelta(days=1), end + dt.timedelta(days=horizon), interval="1d", eager=True)
    grid = pl.DataFrame({ID: list(ids)}).join(pl.DataFrame({TIME: days}), how="cross")
    return grid.with_columns(
        pl.lit("Zero").alias("model"),
        pl.lit(0.0).alias("mean"),
        *(pl.lit(0.0).alias(quantiles.quantile_name(q)) for q in qs),
    )


def _reason_columns(reason: dict[str, str]) -> dict[str, str]:
    return {"reason": reason["en"], "reason_ko": reason["ko"]}


def _reason(
    series: str,
    chosen: Mapping[str, selection.Choice],
    new: Sequence[str],
    metric: str,
    manual: Mapping[str, float],
) -> dict[str, str]:
    if series in chosen:
        return chosen[series].reason(metric)
    if series in new:
        if series in manual:
            return {"ko": "이력이 짧아 백테스트 없이: 직접 입력한 하루 수요에 카테고리의 패턴을 적용",
                    "en": "Too little history for a backtest: the manual daily level, shaped like its category"}
        return {"ko": "이력이 짧아 백테스트 없이: 이 상품의 판매 속도에 카테고리의 패턴을 적용",
                "en": "Too little history for a backtest: its own sales rate, shaped like its category"}
    return {"ko": "최근 1년간 수요가 없어 0으로 예측합니다", "en": "No demand in the last year: forecast zero"}
