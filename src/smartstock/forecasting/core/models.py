"""The candidate models, grouped into families that fit many series at once.

A family takes a training frame (`unique_id`, `ds`, `y` and known-future feature columns) and
returns point forecasts for the next `h` days: `unique_id`, `ds` and one column per model. Which
statistical models a series gets depends on its demand pattern, so the cheap intermittent-demand
methods are not crowded out by models built for smooth series, and the costly ones are only fitted
where they can win.

- statistical (statsforecast, local per series): seasonal naive; ETS with weekly seasonality
  (`model="ZNA"`: the error type is chosen, trend is left to the other candidates: about 10× cheaper
  than the full AutoETS search); Theta; Croston (SBA), TSB, ADIDA and IMAPA for intermittent
  demand; optional AutoARIMA and full AutoETS for experts.
- LightGBM (mlforecast, one global model across series): lags, rolling means, calendar and
  holiday features, prices and promotions when given; Tweedie objective for count-like demand.
- CNN-LSTM (PyTorch, one global model): see `cnn_lstm.py`.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
import polars as pl

from smartstock.forecasting.core.frames import ID, TARGET, TIME
from smartstock.forecasting.core.patterns import Pattern

SEASON = 7

# Models in order of cost; a costlier model must beat a cheaper one to be chosen (selection.py).
COST_ORDER = (
    "Zero",
    "SeasonalNaive",
    "CrostonSBA",
    "TSB",
    "ADIDA",
    "IMAPA",
    "Theta",
    "ETS",
    "LightGBM",
    "Ensemble",
    "CNN-LSTM",
    "AutoETS",
    "AutoARIMA",
)
OPTIONAL_MODELS = ("AutoETS", "AutoARIMA")
NAIVE_MODELS = ("Zero", "SeasonalNaive")


def _statsforecast_model(name: str):
    from statsforecast import models as sf

    builders: dict[str, Callable[[], object]] = {
        "SeasonalNaive": lambda: sf.SeasonalNaive(season_length=SEASON),
        "ETS": lambda: sf.AutoETS(season_length=SEASON, model="ZNA", alias="ETS"),
        "AutoETS": lambda: sf.AutoETS(season_length=SEASON),
        "Theta": lambda: sf.Theta(season_length=SEASON, decomposition_type="additive"),
        "CrostonSBA": lambda: sf.CrostonSBA(),
        "TSB": lambda: sf.TSB(alpha_d=0.1, alpha_p=0.1),
        "ADIDA": lambda: sf.ADIDA(),
        "IMAPA": lambda: sf.IMAPA(),
        "AutoARIMA": lambda: sf.AutoARIMA(season_length=SEASON, approximation=True),
    }
    return builders[name]()


STATS_BY_PATTERN: dict[Pattern, tuple[str, ...]] = {
    Pattern.smooth: ("SeasonalNaive", "Theta", "ETS"),
    Pattern.erratic: ("SeasonalNaive", "Theta", "ETS", "CrostonSBA"),
    Pattern.intermittent: ("SeasonalNaive", "CrostonSBA", "TSB", "ADIDA", "IMAPA"),
    Pattern.lumpy: ("SeasonalNaive", "CrostonSBA", "TSB", "ADIDA", "IMAPA"),
}


class Family(Protocol):
    """Fits its models on `train` and forecasts `h` days past each series' last date."""

    name: str

    def models_for(self, pattern: Pattern) -> tuple[str, ...]: ...

    def forecast(
        self, train: pl.DataFrame, h: int, future: pl.DataFrame | None, patterns: dict[str, Pattern]
    ) -> pl.DataFrame: ...


Mapper = Callable[[Callable, Sequence], list]


def local_map(fn: Callable, items: Sequence) -> list:
    return [fn(item) for item in items]


@dataclass
class StatsFamily:
    """statsforecast models, chosen per series by demand pattern and fitted on recent history.

    `window` trims each series to its last `window` days before fitting (cost grows with length and
    two years add little for weekly-seasonal daily demand); `n_jobs` is statsforecast's process
    count; `mapper` fans chunks of series out (a Dask client's map, see `forecasting.distributed.dask_mapper`).
    """

    extra: tuple[str, ...] = ()
    window: int | None = 364
    n_jobs: int = 1
    mapper: Mapper = local_map
    chunk_size: int = 100
    name: str = "statistical"

    def models_for(self, pattern: Pattern) -> tuple[str, ...]:
        if pattern is Pattern.zero:
            return ()
        return STATS_BY_PATTERN[pattern] + tuple(m for m in self.extra if m in OPTIONAL_MODELS)

    def forecast(
        self, train: pl.DataFrame, h: int, future: pl.DataFrame | None, patterns: dict[str, Pattern]
    ) -> pl.DataFrame:
        data = train.select(ID, TIME, TARGET)
        if self.window:
            data = data.filter(pl.col(TIME) > pl.col(TIME).max().over(ID) - pl.duration(days=self.window))
        tasks = []
        # Locally one call per model set (statsforecast starts its process pool once per call);
        # on a cluster, chunks of series so the work spreads over the workers.
        chunk = self.chunk_size if self.mapper is not local_map else len(patterns) or 1
        for models in sorted({self.models_for(p) for p in patterns.values()} - {()}):
            ids = sorted(i for i, p in patterns.items() if self.models_for(p) == models)
            for start in range(0, len(ids), chunk):
                part = ids[start : start + chunk]
                tasks.append((data.filter(pl.col(ID).is_in(part)), models, h, self.n_jobs))
        parts = self.mapper(_fit_stats_chunk, tasks)
        return _stack(parts, train, h)


def _fit_stats_chunk(task: tuple[pl.DataFrame, tuple[str, ...], int, int]) -> pl.DataFrame:
    from statsforecast import StatsForecast

    data, models, h, n_jobs = task
    sf = StatsForecast(
        models=[_statsforecast_model(m) for m in models],
        freq="1d",
        n_jobs=n_jobs,
        fallback_model=_statsforecast_model("SeasonalNaive"),
    )
    out = sf.forecast(h=h, df=data)
    return out.with_columns(pl.col(m).clip(lower_bound=0.0) for m in models)


@dataclass
class LightGBMFamily:
    """One LightGBM model across all series (mlforecast).

    Features: lags of d, d+7, d+14 and d+21 days and rolling means of 7, 28 and 91 days as of d
    days ago, where d = min(h, 28); day of week / month / day of year; the calendar's holiday columns;
    any caller covariates (prices, promotions). Tweedie loss suits non-negative, zero-inflated counts.

    Why no lag 1: fed recursively with its own forecasts, a model that learnt "tomorrow ≈ a bit more
    than the recent mean" during a growth season compounds that every day (Online Retail: +68 %
    bias over 28 days). With no lag shorter than d, the first d days use only observed demand.
    Each series' training target is capped at the 99th percentile of its selling days, so a one-off bulk order does
    not become the level the lags carry forward (measured in benchmarks/results/forecast.md).
    """

    MAX_FIRST_LAG = 28
    # The longest lag is d + 21, so a series needs 28 + 21 + 7 = 56 days for a week of training
    # rows: the engine's shortest backtested series has 56 days before its first cut-off, and a
    # series LightGBM skipped in one fold could not have LightGBM as its champion (selection.py).
    LAG_SPAN = 21
    MIN_TRAINING_ROWS = 7
    CAP_QUANTILE = 0.99

    covariates: tuple[str, ...] = ()
    n_estimators: int = 250
    learning_rate: float = 0.05
    num_leaves: int = 63
    # One thread: OpenMP threads spin-wait, and on a 2-core worker that shares its cores a second
    # thread made fitting 10× slower, not faster (measured; see benchmarks/results/forecast.md).
    threads: int = 1
    seed: int = 0
    name: str = "LightGBM"
    calendar_columns: tuple[str, ...] = field(default_factory=tuple)

    def models_for(self, pattern: Pattern) -> tuple[str, ...]:
        return () if pattern is Pattern.zero else ("LightGBM",)

    def forecast(
        self, train: pl.DataFrame, h: int, future: pl.DataFrame | None, patterns: dict[str, Pattern]
    ) -> pl.DataFrame:
        from lightgbm import LGBMRegressor
        from mlforecast import MLForecast
        from mlforecast.lag_transforms import RollingMean

        features = (*self.calendar_columns, *self.covariates)
        # A row trains once its longest lag is known; a series without MIN_TRAINING_ROWS such rows
        # gets no LightGBM forecast (the other candidates still cover it).
        first = min(h, self.MAX_FIRST_LAG)
        lengths = train.group_by(ID).len()
        needed = first + self.LAG_SPAN + self.MIN_TRAINING_ROWS
        long_enough = set(lengths.filter(pl.col("len") >= needed)[ID].to_list())
        ids = [i for i, p in patterns.items() if p is not Pattern.zero and i in long_enough]
        if not ids:
            return pl.DataFrame(schema={ID: pl.String, TIME: pl.Date, "LightGBM": pl.Float64})
        data = train.filter(pl.col(ID).is_in(ids)).select(ID, TIME, TARGET, *features)
        selling = pl.col(TARGET).filter(pl.col(TARGET) > 0)
        cap = selling.quantile(self.CAP_QUANTILE, interpolation="linear").over(ID)
        data = data.with_columns(pl.min_horizontal(pl.col(TARGET), cap).alias(TARGET))
        trainable = data.filter(pl.int_range(pl.len()).over(ID, order_by=TIME) >= first + self.LAG_SPAN)
        if trainable[TARGET].sum() == 0:  # nothing sold on any training row: Tweedie cannot fit, and 0 is the answer
            return _future_frame(data, h, None, ()).with_columns(pl.lit(0.0).alias("LightGBM"))
        data = _with_date_features(data)
        model = LGBMRegressor(
            objective="tweedie",
            tweedie_variance_power=1.2,
            n_estimators=self.n_estimators,
            learning_rate=self.learning_rate,
            num_leaves=self.num_leaves,
            min_child_samples=40,
            subsample=0.8,
            subsample_freq=1,
            colsample_bytree=0.8,
            n_jobs=self.threads,
            deterministic=True,
            force_row_wise=True,
            random_state=self.seed,
            verbose=-1,
        )
        fcst = MLForecast(
            models={"LightGBM": model},
            freq="1d",
            lags=[first + 7 * k for k in range(self.LAG_SPAN // 7 + 1)],
            lag_transforms={first: [RollingMean(7), RollingMean(28, min_samples=7), RollingMean(91, min_samples=7)]},
        )
        fcst.fit(data, static_features=[])
        horizon = _future_frame(data, h, future, features)
        out = fcst.predict(h=h, X_df=_with_date_features(horizon))
        return out.with_columns(pl.col("LightGBM").clip(lower_bound=0.0))


@dataclass
class CnnLstmFamily:
    """The global CNN-LSTM (see `cnn_lstm.py`); its own quantile heads are not used, the engine
    calibrates every model's intervals the same way.

    Training is the costly part, so the backtest trains once, on the data up to the first cut-off,
    and forecasts every fold from that fold's own history with those weights (`forecast_folds`);
    the final forecast trains again on everything.
    """

    epochs: int | None = None
    seed: int = 0
    name: str = "CNN-LSTM"
    calendar_columns: tuple[str, ...] = field(default_factory=tuple)

    def models_for(self, pattern: Pattern) -> tuple[str, ...]:
        return () if pattern is Pattern.zero else ("CNN-LSTM",)

    def forecast(
        self, train: pl.DataFrame, h: int, future: pl.DataFrame | None, patterns: dict[str, Pattern]
    ) -> pl.DataFrame:
        data, calendar = self._inputs(train, future, patterns)
        return self._model(h).fit(data, calendar=calendar).predict().select(ID, TIME, "CNN-LSTM")

    def forecast_folds(
        self, train: pl.DataFrame, h: int, future: pl.DataFrame | None, patterns: dict[str, Pattern],
        cutoffs: Sequence,
    ) -> list[pl.DataFrame]:
        """One forecast per cut-off, from weights trained only on days up to the first cut-off."""
        first = train.filter(pl.col(TIME) <= cutoffs[0])
        data, calendar = self._inputs(first, future, patterns)
        model = self._model(h).fit(data, calendar=calendar)
        out = []
        for cutoff in cutoffs:
            seen = train.filter(pl.col(TIME) <= cutoff)
            fold_future = future.filter(pl.col(TIME) > cutoff) if future is not None else None
            data, calendar = self._inputs(seen, fold_future, patterns)
            out.append(model.forecast_from(data, calendar=calendar).select(ID, TIME, "CNN-LSTM"))
        return out

    def _model(self, h: int):
        from smartstock.forecasting.core.cnn_lstm import (
            CnnLstmConfig,
            CnnLstmForecaster,
        )

        config = CnnLstmConfig(seed=self.seed) if self.epochs is None else CnnLstmConfig(seed=self.seed, epochs=self.epochs)
        return CnnLstmForecaster(h, config)

    def _inputs(
        self, train: pl.DataFrame, future: pl.DataFrame | None, patterns: dict[str, Pattern]
    ) -> tuple[pl.DataFrame, pl.DataFrame | None]:
        ids = [i for i, p in patterns.items() if p is not Pattern.zero]
        data = train.filter(pl.col(ID).is_in(ids)).select(ID, TIME, TARGET)
        calendar = None
        if future is not None and self.calendar_columns:
            # calendar columns are the same for every series: one row per day
            calendar = (
                pl.concat([train.select(TIME, *self.calendar_columns), future.select(TIME, *self.calendar_columns)])
                .unique(TIME, keep="first")
                .sort(TIME)
            )
        return data, calendar


def deep_learning_available() -> bool:
    try:
        import torch  # noqa: F401
    except ImportError:
        return False
    return True


def _with_date_features(df: pl.DataFrame) -> pl.DataFrame:
    return df.with_columns(
        pl.col(TIME).dt.weekday().cast(pl.Int8).alias("dow"),
        pl.col(TIME).dt.month().cast(pl.Int8).alias("month"),
        pl.col(TIME).dt.ordinal_day().cast(pl.Int16).alias("doy"),
    )


def _future_frame(train: pl.DataFrame, h: int, future: pl.DataFrame | None, features: Sequence[str]) -> pl.DataFrame:
    """The h days after each series' end with its known features.

    Calendar columns come from `future`; a covariate missing there keeps its last known value
    (a price stays as it was; a promotion flag is assumed off, see `engine.future_features`).
    """
    ends = train.group_by(ID).agg(pl.col(TIME).max().alias("_end"))
    grid = ends.select(
        ID,
        pl.date_ranges(pl.col("_end") + pl.duration(days=1), pl.col("_end") + pl.duration(days=h)).alias(TIME),
    ).explode(TIME)
    if not features:
        return grid
    last = train.sort(TIME).group_by(ID).agg(pl.col(c).last() for c in features)
    out = grid.join(last, on=ID, how="left")
    if future is not None:
        known = [c for c in features if c in future.columns]
        keys = [ID, TIME] if ID in future.columns else [TIME]
        if known:
            out = out.drop(known).join(future.select(*keys, *known), on=keys, how="left")
            out = out.with_columns(pl.col(c).fill_null(0) for c in known)
    return out.select(ID, TIME, *features)


def _stack(parts: list[pl.DataFrame], train: pl.DataFrame, h: int) -> pl.DataFrame:
    parts = [p for p in parts if not p.is_empty()]
    if not parts:
        return _future_frame(train.select(ID, TIME).head(0), h, None, ())
    return pl.concat(parts, how="diagonal_relaxed").with_columns(pl.col(ID).cast(pl.String)).sort(ID, TIME)


def ensemble(frame: pl.DataFrame, members: Sequence[str]) -> pl.Series:
    """The mean of the non-naive members available for each row (the 'Ensemble' candidate)."""
    cols = [m for m in members if m in frame.columns and m not in NAIVE_MODELS]
    if not cols:
        return pl.Series("Ensemble", [None] * frame.height, dtype=pl.Float64)
    values = frame.select(pl.col(cols).cast(pl.Float64)).to_numpy()  # nulls become NaN
    with np.errstate(invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a row with no member: NaN, not a warning
        mean = np.nanmean(values, axis=1)
    return pl.Series("Ensemble", mean)
