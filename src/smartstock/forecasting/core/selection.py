"""Choosing a model per series from its backtest, and scoring the choice honestly.

A few backtest folds per series are a noisy basis for picking among a dozen candidates: on the
M5 and Online Retail benchmarks, picking each series' own best model lost to using one good model
everywhere. So the choice is shrunk towards a champion:

1. the champion is the candidate with the lowest pooled backtest WAPE over all series (only
   candidates that forecast every series compete);
2. each series keeps the champion unless another candidate's own backtest error is more than
   `margin` (20 %) lower there;
3. among the candidates within `tolerance` (2 %) of a series' best, the cheapest wins (COST_ORDER),
   so a slow model never wins on noise.

The error is RMSE by default: it is minimised by the mean, while MAE is minimised by the median,
which for intermittent demand is 0 and rewards forecasts that are too low. Intervals are
calibrated separately (quantiles.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

from smartstock.forecasting.core.frames import ID, TARGET
from smartstock.forecasting.core.models import COST_ORDER

SELECTION_METRICS = ("mae", "rmse", "wape")


@dataclass(frozen=True)
class Choice:
    model: str
    score: float
    runner_up: str | None
    runner_up_score: float | None
    # the champion kept although `runner_up` scored better on this series (by less than the margin)
    champion: bool = False

    def reason(self, metric: str) -> dict[str, str]:
        """One line a user can read, in Korean and English: the winner's backtest error against
        the next best."""
        name, score = metric.upper(), f"{self.score:.3g}"
        if not np.isfinite(self.score):
            return {"ko": f"{self.model}: 백테스트 기간이 모두 품절이라 채점할 수 없어 가장 단순한 후보를 씁니다",
                    "en": f"{self.model}: no backtest day could be scored (stock-outs), so the simplest candidate"}
        if self.runner_up is None or self.runner_up_score is None:
            return {"ko": f"{self.model}: 유일한 후보 (백테스트 {name} {score})",
                    "en": f"{self.model}: only candidate (backtest {name} {score})"}
        other = f"{self.runner_up} {self.runner_up_score:.3g}"
        if self.champion:
            return {"ko": f"{self.model}: 전체 상품의 백테스트에서 가장 정확한 모델 (이 상품 {name} {score}); "
                          f"{other}이(가) 차이가 작아 바꾸지 않습니다",
                    "en": f"{self.model}: the most accurate model across all products' backtests (here {name} {score}); "
                          f"{other} is not clearly better"}
        if self.runner_up_score < self.score:
            return {"ko": f"{self.model}: 백테스트 {name} {score}, {other}와(과) 허용 오차 안이라 더 단순한 모델을 씁니다",
                    "en": f"{self.model}: backtest {name} {score}, within the tolerance of {other}; the simpler model is kept"}
        gain = f" ({-(self.runner_up_score - self.score) / self.runner_up_score:+.0%})" if self.runner_up_score > 0 else ""
        return {"ko": f"{self.model}: 백테스트 {name} {score}, 차선 {other}{gain}",
                "en": f"{self.model}: backtest {name} {score} vs {other}{gain}"}


def _cost(model: str) -> int:
    return COST_ORDER.index(model) if model in COST_ORDER else len(COST_ORDER)


def choose(scores: dict[str, float], tolerance: float = 0.02, champion: str | None = None,
           margin: float = 0.2) -> Choice:
    """The model for one series from its backtest errors (`scores`: model → error): the champion
    unless another is more than `margin` better, else the cheapest within `tolerance` of the best."""
    valid = {m: s for m, s in scores.items() if s is not None and np.isfinite(s)}
    if not valid:
        cheapest = min(scores, key=_cost)
        return Choice(cheapest, float("nan"), None, None)
    best = min(valid.values())
    eligible = [m for m, s in valid.items() if s <= best * (1 + tolerance) + 1e-12]
    model = min(eligible, key=_cost)
    kept = champion in valid and model != champion and valid[model] > valid[champion] * (1 - margin)
    if kept:
        return Choice(champion, valid[champion], model, valid[model], champion=True)
    others = {m: s for m, s in valid.items() if m != model}
    runner_up = min(others, key=others.__getitem__) if others else None
    return Choice(model, valid[model], runner_up, others.get(runner_up) if runner_up else None)


def champion(cv: pl.DataFrame, models: Sequence[str]) -> str | None:
    """The candidate with the lowest pooled backtest WAPE (Σ|error| / Σ demand over every series'
    scored days, the seeds' KPI), among those that forecast every series."""
    scored = cv.filter(pl.col("evaluable"))
    demand = float(scored[TARGET].abs().sum()) if scored.height else 0.0
    if demand <= 0:
        return None
    wape = {}
    for m in models:
        forecast = scored[m].fill_nan(None)
        if forecast.null_count() == 0:
            wape[m] = float((forecast - scored[TARGET]).abs().sum()) / demand
    return min(wape, key=lambda m: (wape[m], _cost(m))) if wape else None


def series_errors(cv: pl.DataFrame, models: Sequence[str], metric: str = "rmse") -> pl.DataFrame:
    """Backtest error of each model per series (evaluable rows only): `unique_id`, model columns."""
    if metric not in SELECTION_METRICS:
        raise ValueError(f"unknown selection metric {metric!r}")
    # Every series gets a row; one whose backtest days were all stock-outs has no errors (null),
    # and `choose` then keeps the cheapest candidate.
    data = cv

    def error(col: str) -> pl.Expr:
        e = pl.col(col) - pl.col(TARGET)
        valid = pl.col(col).is_not_null() & pl.col(col).is_not_nan() & pl.col("evaluable")
        if metric == "rmse":
            return (e.filter(valid) ** 2).mean().sqrt().alias(col)
        if metric == "wape":
            return (e.filter(valid).abs().sum() / pl.col(TARGET).filter(valid).abs().sum()).alias(col)
        return e.filter(valid).abs().mean().alias(col)

    return data.group_by(ID).agg(error(m) for m in models).sort(ID)


def select(cv: pl.DataFrame, models: Sequence[str], metric: str = "rmse", tolerance: float = 0.02,
           margin: float = 0.2) -> dict[str, Choice]:
    present = [m for m in models if m in cv.columns]
    errors = series_errors(cv, present, metric)
    best = champion(cv, present) if margin > 0 else None
    return {row[ID]: choose({m: row[m] for m in present}, tolerance, best, margin) for row in errors.iter_rows(named=True)}


def with_selected(cv: pl.DataFrame, chosen: dict[str, str], column: str = "Selected") -> pl.DataFrame:
    """Adds the chosen model's forecast per series as one column."""
    mapping = pl.DataFrame({ID: list(chosen), "_model": list(chosen.values())}, schema={ID: pl.String, "_model": pl.String})
    data = cv.join(mapping, on=ID, how="left")
    models = sorted(set(chosen.values()))
    expr = pl.lit(None, dtype=pl.Float64)
    for model in models:
        expr = pl.when(pl.col("_model") == model).then(pl.col(model)).otherwise(expr)
    return data.with_columns(expr.alias(column)).drop("_model")


def out_of_sample_selection(
    cv: pl.DataFrame, models: Sequence[str], metric: str = "rmse", tolerance: float = 0.02, margin: float = 0.2
) -> pl.DataFrame:
    """The portfolio as it would have performed: fold k is forecast by the model each series'
    folds before k chose. Fold 1 has no earlier folds and is left out. Returns the cv rows of
    folds 2…K with a `Selected` column."""
    folds = sorted(cv["cutoff"].unique().to_list())
    parts = []
    for k in range(1, len(folds)):
        earlier = cv.filter(pl.col("cutoff") < folds[k])
        picks = {i: c.model for i, c in select(earlier, models, metric, tolerance, margin).items()}
        parts.append(with_selected(cv.filter(pl.col("cutoff") == folds[k]), picks))
    return pl.concat(parts) if parts else cv.head(0).with_columns(pl.lit(None, pl.Float64).alias("Selected"))
