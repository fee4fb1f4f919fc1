"""The CNN-LSTM forecaster on small synthetic data: output shape and dates, non-negative and
non-crossing quantiles, exact zeros for all-zero series, determinism, short series, and that it
actually learns weekly seasonality (it must beat a flat recent-mean forecast)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest

torch = pytest.importorskip("torch")

from smartstock.forecasting.core.cnn_lstm import CnnLstmConfig, CnnLstmForecaster  # noqa: E402

H = 14
START = dt.date(2024, 1, 1)
QUANTILE_COLUMNS = ["CNN-LSTM-q0.1", "CNN-LSTM-q0.5", "CNN-LSTM-q0.9"]
# Small and single-threaded: two threads on a busy machine wait on each other (see the module notes).
FAST = CnnLstmConfig(epochs=6, max_windows=3_000, batch_size=128, learning_rate=4e-3, seed=7, threads=1)


def _frame(series: dict[str, np.ndarray], start: dt.date = START) -> pl.DataFrame:
    return pl.concat([
        pl.DataFrame({"unique_id": uid, "ds": pl.date_range(start, start + dt.timedelta(days=len(y) - 1), eager=True),
                      "y": y.astype(float)})
        for uid, y in series.items()
    ])


def _seasonal_data(n_series: int = 12, days: int = 300) -> pl.DataFrame:
    """Each series its own level and strong weekly profile, 10% noise; plus an intermittent and an
    all-zero series."""
    rng = np.random.default_rng(42)
    t = np.arange(days)
    series = {}
    for i in range(n_series):
        profile = rng.uniform(0.3, 1.7, 7)
        series[f"s{i:02d}"] = rng.uniform(5, 50) * profile[t % 7] * (1 + 0.1 * rng.standard_normal(days))
    series["intermittent"] = rng.poisson(0.05, days) * rng.integers(1, 6, days)
    series["zero"] = np.zeros(days)
    return _frame(series)


def _calendar(start: dt.date, end: dt.date) -> pl.DataFrame:
    ds = pl.date_range(start, end, eager=True)
    return pl.DataFrame({"ds": ds, "is_holiday": (np.arange(len(ds)) % 17 == 0).astype(np.int8)})


def _split(df: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    cut = df.get_column("ds").max() - dt.timedelta(days=H)
    return df.filter(pl.col("ds") <= cut), df.filter(pl.col("ds") > cut)


@pytest.fixture(scope="module")
def data() -> pl.DataFrame:
    return _seasonal_data()


@pytest.fixture(scope="module")
def fitted(data: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    train, test = _split(data)
    calendar = _calendar(START, data.get_column("ds").max())
    forecast = CnnLstmForecaster(H, FAST).fit(train, calendar=calendar).predict()
    return forecast, test


def test_trains_and_predicts_the_horizon_after_each_series(fitted, data):
    forecast, test = fitted
    n_series = data.get_column("unique_id").n_unique()
    assert forecast.columns == ["unique_id", "ds", "CNN-LSTM", *QUANTILE_COLUMNS]
    assert forecast.height == n_series * H
    assert forecast.schema["ds"] == pl.Date
    # Exactly the H days after the training end, for every series.
    assert forecast.select("unique_id", "ds").sort("unique_id", "ds").equals(
        test.select("unique_id", "ds").sort("unique_id", "ds"))
    values = forecast.select("CNN-LSTM", *QUANTILE_COLUMNS).to_numpy()
    assert np.isfinite(values).all() and (values >= 0).all()
    q = forecast.select(QUANTILE_COLUMNS).to_numpy()
    assert (np.diff(q, axis=1) >= 0).all()


def test_learns_weekly_seasonality_better_than_a_flat_recent_mean(fitted, data):
    forecast, test = fitted
    train, _ = _split(data)
    seasonal = pl.col("unique_id").str.starts_with("s")
    flat = train.filter(seasonal).group_by("unique_id").agg(pl.col("y").tail(28).mean().alias("flat"))
    scored = test.filter(seasonal).join(forecast, on=["unique_id", "ds"]).join(flat, on="unique_id")
    model_mae = (scored["y"] - scored["CNN-LSTM"]).abs().mean()
    flat_mae = (scored["y"] - scored["flat"]).abs().mean()
    assert model_mae < 0.6 * flat_mae, (model_mae, flat_mae)
    # The 10%–90% band should hold a fair share of the actuals.
    inside = ((scored["y"] >= scored["CNN-LSTM-q0.1"]) & (scored["y"] <= scored["CNN-LSTM-q0.9"])).mean()
    assert inside > 0.5


def test_all_zero_series_forecast_exactly_zero(fitted):
    forecast, _ = fitted
    zero = forecast.filter(pl.col("unique_id") == "zero").select("CNN-LSTM", *QUANTILE_COLUMNS).to_numpy()
    assert zero.shape == (H, 4) and (zero == 0).all()


def test_only_zero_series_needs_no_training():
    df = _frame({"a": np.zeros(30), "b": np.zeros(10)})
    forecast = CnnLstmForecaster(5, FAST).fit(df).predict()
    assert forecast.height == 10
    assert (forecast.select("CNN-LSTM", *QUANTILE_COLUMNS).to_numpy() == 0).all()


def test_same_seed_gives_identical_forecasts_and_torch_state_is_restored(fitted, data):
    threads = torch.get_num_threads()
    deterministic = torch.are_deterministic_algorithms_enabled()
    train, _ = _split(data)
    calendar = _calendar(START, data.get_column("ds").max())
    again = CnnLstmForecaster(H, FAST).fit(train, calendar=calendar).predict()
    assert again.equals(fitted[0])
    assert torch.get_num_threads() == threads
    assert torch.are_deterministic_algorithms_enabled() == deterministic


def test_short_series_of_different_lengths_and_ends():
    rng = np.random.default_rng(3)
    df = pl.concat([
        _frame({"long": 10 + 5 * np.sin(np.arange(120) * 2 * np.pi / 7) + rng.normal(0, 1, 120)}),
        _frame({"short": rng.poisson(4, 20)}, start=START + dt.timedelta(days=95)),  # ends 5 days early
        _frame({"tiny": np.array([3.0])}, start=START + dt.timedelta(days=119)),
    ])
    config = CnnLstmConfig(window=56, epochs=2, max_windows=500, seed=1, threads=1)
    forecast = CnnLstmForecaster(7, config).fit(df).predict()
    last = df.group_by("unique_id").agg(pl.col("ds").max().alias("last"))
    got = forecast.group_by("unique_id").agg(pl.col("ds").min().alias("first"), pl.len().alias("n"))
    joined = last.join(got, on="unique_id")
    assert (joined["n"] == 7).all()
    assert (joined["first"] == joined["last"] + dt.timedelta(days=1)).all()
    assert (forecast.select("CNN-LSTM", *QUANTILE_COLUMNS).to_numpy() >= 0).all()


@pytest.mark.parametrize("horizon", [1, 90])
def test_one_series_with_a_horizon_longer_than_its_history(horizon):
    df = _frame({"only": np.random.default_rng(0).poisson(5, 40)})
    config = CnnLstmConfig(window=28, epochs=2, max_windows=300, seed=0, threads=1)
    forecast = CnnLstmForecaster(horizon, config).fit(df).predict()
    assert forecast.height == horizon
    q = forecast.select(QUANTILE_COLUMNS).to_numpy()
    assert np.isfinite(q).all() and (q >= 0).all() and (np.diff(q, axis=1) >= 0).all()


def test_calendar_must_cover_the_horizon():
    df = _frame({"a": np.ones(30)})
    with pytest.raises(ValueError, match="calendar"):
        CnnLstmForecaster(7, FAST).fit(df, calendar=_calendar(START, START + dt.timedelta(days=31)))
