"""A policy simulator: replay past daily demand through a replenishment policy, lost sales.

`Replay(demand, lead_time=…)` holds the demand (a long frame: series id, date, quantity; column
names are parameters, default `unique_id, ds, y`), the replay window, lead times, MOQ/pack sizes and
unit costs; `replay.run(policy)` simulates one policy and returns a `SimulationResult` with the
metrics (pooled and per SKU) and the daily arrays. `tune(replay, policy, target)` searches the
policy's single knob for a target fill rate, `inventory_curve` does it for several targets, and
`what_if` projects one SKU's stock for a hypothetical order.

The day (vectorised over SKUs with numpy), for every simulated day t:

1. receive the orders due today (placed on day t − L);
2. serve today's demand from stock; what cannot be served is lost (e-commerce: the customer buys
   elsewhere) — so served + lost = demand and stock never goes negative;
3. on review days (every `review_every` days, default daily): re-forecast if the policy's forecaster
   is due (`reforecast_every`), using ONLY the demand before day t; the policy gives a reorder point
   and an order-up-to level per SKU; where the inventory position (on hand + on order) is at or
   below the reorder point, order up to the order-up-to level, rounded up by MOQ and pack
   (`policy.round_order`); the order arrives at the start of day t + L.

An order placed at the end of day t is followed by the next chance to order at the end of day
t + R (R = `review_every`), which arrives on day t + R + L; so the order must cover demand over
days t+1 … t+L+R−1: the protection interval T = L + R − 1 (T = L with daily review, the PRODUCT.md
reorder point μ·L + SS).

Start: the simulation begins `warmup_days` before the replay window with, for every SKU, on hand =
the policy's own order-up-to level at that day (computed from the history before it; nothing on
order) — the same rule for every policy. Metrics count only the replay window, so the warm-up
(default: the longest lead time, so the first orders have arrived) hides that artificial start.

Metrics over the window: fill rate = units served / units demanded; stockout rate = share of active
SKU-days with unmet demand (active: the SKU has had demand before that day); average inventory =
mean over days of the end-of-day stock (units, and value when unit costs are given); days of supply
= average inventory / average daily demand; holding cost = average inventory value × holding rate ×
years replayed; orders = number of orders placed in the window.
"""

from __future__ import annotations

import copy
import datetime as dt
import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

import numpy as np
import polars as pl

from smartstock.forecasting.core.frames import ID, TARGET, TIME, Columns
from smartstock.planning.core import policy as pol

MIN_HISTORY_DAYS = 1
_tokens = itertools.count()


# ---------------------------------------------------------------- forecasts


@dataclass
class Forecast:
    """A forecast made on day `origin` (its first forecast day) from the history before it.

    `mean` is (n × H): mean daily demand, column 0 = `origin`. Uncertainty either as residual
    `blocks` (per series, the engine's backtest residuals: sample paths via
    `forecasting.core.quantiles.sample_paths`) or as `sd` (n,), the sd of daily demand (normal,
    independent days).
    """

    ids: list[str]
    origin: dt.date
    mean: np.ndarray
    sd: np.ndarray | None = None
    blocks: Mapping[str, np.ndarray] | None = None
    n_paths: int = 500
    info: dict = field(default_factory=dict)

    @property
    def horizon(self) -> int:
        return self.mean.shape[1]

    def has_paths(self) -> bool:
        return self.blocks is not None

    def paths(self) -> np.ndarray:
        """(n × n_paths × H) sample paths of daily demand (float32, fixed seed)."""
        from smartstock.forecasting.core.quantiles import sample_paths

        n, h = self.mean.shape
        out = np.empty((n, self.n_paths, h), dtype=np.float32)
        for i, series in enumerate(self.ids):
            block = (self.blocks or {}).get(series, np.empty((0, 0)))
            out[i] = np.broadcast_to(sample_paths(self.mean[i], block, self.n_paths), (self.n_paths, h))
        return out

    def aligned(self, ids: list[str], horizon: int) -> Forecast:
        """The same forecast for `ids` (rows missing here: zero demand) and the first `horizon` days."""
        if ids == self.ids and horizon == self.horizon:
            return self
        if horizon > self.horizon:
            raise ValueError(f"the forecast covers {self.horizon} days, {horizon} needed")
        index = {s: i for i, s in enumerate(self.ids)}
        rows = np.array([index.get(s, -1) for s in ids])
        have = rows >= 0
        mean = np.zeros((len(ids), horizon))
        mean[have] = self.mean[rows[have], :horizon]
        sd = None
        if self.sd is not None:
            sd = np.zeros(len(ids))
            sd[have] = self.sd[rows[have]]
        return Forecast(list(ids), self.origin, mean, sd, self.blocks, self.n_paths, self.info)


@runtime_checkable
class Forecaster(Protocol):
    """Makes a `Forecast` for day `origin` from `history` (core columns `unique_id, ds, y`, only days
    before `origin`, gap-free per series) for `horizon` days. `key` identifies forecasts that can be
    shared (same method and settings); `reforecast_every` is how many days a forecast is used."""

    key: tuple
    reforecast_every: int

    def forecast(self, history: pl.DataFrame, horizon: int, origin: dt.date) -> Forecast: ...


@dataclass
class MovingAverageForecaster:
    """Mean and sd of the last `window` days (or of the days a younger series has), flat over the
    horizon. Cheap: re-forecast daily by default. Used by the baselines and by fast tests."""

    window: int = 28
    reforecast_every: int = 1

    @property
    def key(self) -> tuple:
        return ("moving-average", self.window)

    def forecast(self, history: pl.DataFrame, horizon: int, origin: dt.date) -> Forecast:
        recent = history.filter(pl.col(TIME) >= origin - dt.timedelta(days=self.window))
        stats = recent.group_by(ID).agg(pl.col(TARGET).mean().alias("m"), pl.col(TARGET).std(ddof=0).alias("s"))
        stats = stats.sort(ID)
        ids = stats[ID].to_list()
        m = stats["m"].fill_null(0.0).to_numpy().astype(float)
        return Forecast(ids, origin, np.repeat(m[:, None], horizon, axis=1), sd=stats["s"].fill_null(0.0).to_numpy())


class EngineForecaster:
    """The forecasting engine (`forecasting.core.engine.run`): mean path per series plus its residual
    blocks, from which `Forecast.paths()` draws `n_paths` sample paths. Default config: no CNN-LSTM,
    n_jobs=2; re-forecast every 28 days (between re-forecasts the simulator uses the last forecast's
    path offset by the days elapsed). Forecasts are kept in memory by origin, so replays with other
    lead times or knobs reuse them (a forecast for a longer horizon serves a shorter one)."""

    def __init__(self, config=None, reforecast_every: int = 28, n_paths: int = 500,
                 groups: Mapping[str, str] | None = None) -> None:
        from smartstock.forecasting.core.engine import EngineConfig

        self.config = config or EngineConfig(use_cnn_lstm=False, n_jobs=2)
        self.reforecast_every = reforecast_every
        self.n_paths = n_paths
        self.groups = groups
        self.cache: dict[dt.date, Forecast] = {}

    @property
    def key(self) -> tuple:
        return ("engine", tuple(sorted(self.config.params().items())), self.n_paths)

    def forecast(self, history: pl.DataFrame, horizon: int, origin: dt.date) -> Forecast:
        cached = self.cache.get(origin)
        if cached is not None and cached.horizon >= horizon:
            return cached
        import time

        from smartstock.forecasting.core import engine

        started = time.perf_counter()
        result = engine.run(history, horizon, self.config, groups=self.groups)
        self.cache[origin] = forecast_from_engine(result, origin, self.n_paths,
                                                  seconds=time.perf_counter() - started)
        return self.cache[origin]


def forecast_from_engine(result, origin: dt.date, n_paths: int = 500, **info) -> Forecast:
    """A `Forecast` from an `EngineResult` whose forecasts start on `origin`."""
    fc = result.forecasts.sort(ID, TIME)
    ids = fc[ID].unique(maintain_order=True).to_list()
    h = result.horizon
    if fc.height != len(ids) * h or (fc.height and fc[TIME].min() != origin):
        raise ValueError("engine forecasts must cover every series from the origin for the horizon")
    mean = fc["mean"].cast(pl.Float64).fill_null(0.0).to_numpy().reshape(len(ids), h)
    return Forecast(ids, origin, np.clip(mean, 0.0, None), blocks=dict(result.blocks), n_paths=n_paths,
                    info={"models": dict(result.series.group_by("model").len().iter_rows()), **info})


# ---------------------------------------------------------------- policies


@dataclass
class ReviewContext:
    """What a policy sees on a review day: the forecast (aligned to the replay's SKUs), the offset
    of today from the forecast's origin (the order covers path days offset+1 … offset+T), the
    protection interval T and lead time per SKU, MOQ and pack sizes, and a cache that lives as long
    as the replay (keyed by the policy)."""

    day: dt.date
    forecast: Forecast
    offset: int
    exposure: np.ndarray  # T = L + review_every − 1
    lead_time: np.ndarray
    review_every: int
    moq: np.ndarray
    pack: np.ndarray
    cache: dict


class Policy(Protocol):
    """Reorder point and order-up-to level per SKU on a review day; one monotone `knob` (more knob,
    more stock) with `knob_bounds`, and `with_knob` for a copy with another value."""

    name: str
    forecaster: Forecaster
    knob: float
    knob_bounds: tuple[float, float]

    def levels(self, ctx: ReviewContext) -> tuple[np.ndarray, np.ndarray]: ...

    def with_knob(self, value: float) -> Policy: ...


def _window_sum(mean: np.ndarray, offset: int, days: np.ndarray) -> np.ndarray:
    """Σ mean[i, offset+1 … offset+days_i] per row."""
    cum = np.concatenate([np.zeros((mean.shape[0], 1)), np.cumsum(mean, axis=1)], axis=1)
    end = np.clip(offset + days, 0, mean.shape[1])
    rows = np.arange(mean.shape[0])
    return cum[rows, end] - cum[rows, min(offset, mean.shape[1])]


@dataclass
class ForecastPolicy:
    """Ours: μ and σ from the forecast. Over the protection interval T (the T days an order placed
    today must cover) lead-time demand D_T has mean E[D_T] = the forecast's mean path summed over
    those days; with the engine its distribution comes from the sample paths.

    With `cycle_days=0` (default) it is a daily base-stock policy: every review brings the position
    back to S = ROP (it orders what was sold). For a fill rate β, S is solved from the per-day
    shortage (`policy.base_stock_level`: E[(D_T − S)^+] − E[(D_{T−1} − S)^+] = (1 − β)·μ):

    - `method="forecast_quantile"`: on the sample paths (without paths: normal);
    - `method="statistical"`: normal with the mean and sd of D_T (from the paths, so σ includes the
      forecast's level uncertainty; without paths σ·√T).

    With `allocation="pooled"` (sample paths, daily base stock only) β is the fill rate of the whole
    assortment rather than of each SKU: `policy.pooled_base_stock_levels` spends the stock where a
    unit saves the most shortage, and a SKU's level may fall below its mean lead-time demand.

    A cycle service level uses S = the β quantile of D_T (z·σ_T for `statistical`). With
    `cycle_days` R > 0 the policy is PRODUCT.md's (s, S): ROP as above but from the per-order
    formulas `policy.fill_rate_level` / `policy.fill_rate_factor` with Q = max(μ·R, MOQ, pack), and
    order-up-to ROP + μ·R. Safety stock is never negative (ROP ≥ E[D_T]).

    Knob (`knob_name`): the target β (`service_level`, default; bounds 0.5 … 0.9995, and safety
    stock never below 0), or `safety_scale`, a factor on the safety stock the target gives
    (ROP = E[D_T] + scale × SS, scale in −1 … 20: each SKU's share is kept, the knob never
    saturates near β = 1 with finitely many sample paths, and for tuning it may go below the mean
    when even zero safety stock serves more than the target).
    """

    forecaster: Forecaster
    service_level: float = 0.95
    method: str = "forecast_quantile"
    measure: str = "fill_rate"
    cycle_days: float = 0.0
    name: str = "ours"
    knob_name: str = "service_level"
    safety_scale: float = 1.0
    allocation: str = "per_sku"  # or "pooled": β for the assortment (see above)

    @property
    def knob(self) -> float:
        return self.service_level if self.knob_name == "service_level" else self.safety_scale

    @property
    def knob_bounds(self) -> tuple[float, float]:
        return (0.5, 0.9995) if self.knob_name == "service_level" else (-1.0, 20.0)

    def with_knob(self, value: float) -> ForecastPolicy:
        return _replace(self, **{self.knob_name: float(value)})

    def _distribution(self, ctx: ReviewContext) -> dict:
        """E[D_T], sd of D_T and (with paths) the sorted samples of D_T and their base-stock shortage
        curve for today's offset, cached for the replay (the per-order curve is added on first use)."""
        key = (self.forecaster.key, ctx.forecast.origin, ctx.offset)
        hit = ctx.cache.get(key)
        if hit is not None:
            return hit
        fc = ctx.forecast
        value = {"mean": _window_sum(fc.mean, ctx.offset, ctx.exposure)}
        if fc.has_paths():
            paths_key = (self.forecaster.key, fc.origin, "cum")
            cum = ctx.cache.get(paths_key)
            if cum is None:
                # only the current origin's paths are kept (the replay moves forward in time)
                for k in [k for k in ctx.cache if len(k) == 3 and k[2] == "cum"]:
                    del ctx.cache[k]
                paths = fc.paths()
                cum = np.concatenate([np.zeros(paths.shape[:2] + (1,), np.float32), np.cumsum(paths, axis=2)], axis=2)
                ctx.cache[paths_key] = cum
            h = cum.shape[2] - 1
            start = min(ctx.offset, h)

            def total(days: np.ndarray) -> np.ndarray:
                end = np.clip(ctx.offset + days, start, h).astype(int)
                return (np.take_along_axis(cum, end[:, None, None], axis=2)[..., 0] - cum[:, :, start]).astype(float)

            x = np.sort(total(ctx.exposure), axis=1)
            # float32 keeps a replay's cache (one entry per simulated day) small
            value.update(sd=x.std(axis=1), x=x.astype(np.float32),
                         base=pol.base_stock_shortage_curve(x, total(ctx.exposure - 1)).astype(np.float32))
        else:
            sd = fc.sd if fc.sd is not None else np.zeros(len(fc.ids))
            value["sd"] = sd * np.sqrt(ctx.exposure)
        ctx.cache[key] = value
        return value

    def levels(self, ctx: ReviewContext) -> tuple[np.ndarray, np.ndarray]:
        dist = self._distribution(ctx)
        mean_t, sd_t, x = dist["mean"], dist["sd"], dist.get("x")
        mu = mean_t / np.maximum(ctx.exposure, 1)
        fill = self.measure == pol.ServiceMeasure.fill_rate.value
        samples = self.method == pol.SafetyStockMethod.forecast_quantile.value and x is not None
        beta = self.service_level
        pooled = self.allocation == "pooled"
        if self.allocation not in ("per_sku", "pooled") or (pooled and not (samples and fill and self.cycle_days == 0)):
            raise ValueError("allocation is 'per_sku' or 'pooled'; pooled needs sample paths (forecast_quantile), "
                             "a fill rate and daily base stock (cycle_days=0)")
        if not fill:
            level = (np.quantile(x, beta, axis=1) if samples
                     else mean_t + pol.service_factor(beta) * sd_t)
        elif self.cycle_days > 0:
            q_typ = pol.expected_order_size(mu, self.cycle_days, ctx.moq, ctx.pack)
            if samples:
                if "curve" not in dist:
                    dist["curve"] = pol.shortage_curve(x)
                level = pol.level_for_shortage(x, dist["curve"], (1.0 - beta) * q_typ)
            else:
                level = mean_t + pol.fill_rate_factor(beta, q_typ, sd_t) * sd_t
        elif pooled:
            level = pol.pooled_base_stock_levels(x, dist["base"], beta, mu)
        elif samples:
            level = pol.base_stock_level(x, dist["base"], beta, mu)
        else:
            level = pol.base_stock_level_normal(mean_t, sd_t, ctx.exposure, beta, mu)
        # pooled, the safety stock may be negative: the allocation under-stocks where stock saves little
        safety = level - mean_t if pooled else pol.safety_stock_forecast_quantile(level, mean_t)
        rop = np.clip(mean_t + self.safety_scale * safety, 0.0, None)
        return rop, rop + mu * self.cycle_days


def _replace(obj, **changes):
    new = copy.copy(obj)
    for k, v in changes.items():
        setattr(new, k, v)
    return new


@dataclass
class CoveragePolicy:
    """Baseline (a), the seed-2 coverage rule with a 28-day moving average MA:
    SS = multiplier × (MA × 30) × L/30 = multiplier × MA × L; ROP = MA × T + SS (T = L with daily
    review); order-up-to = ROP + MA × R (R = the review period). Knob: the multiplier on SS, −1 … 20
    (below 0 only for tuning, when even no safety stock serves more than the target; ROP ≥ 0)."""

    multiplier: float = 1.0
    forecaster: Forecaster = field(default_factory=MovingAverageForecaster)
    name: str = "coverage"
    knob_bounds: tuple[float, float] = (-1.0, 20.0)

    @property
    def knob(self) -> float:
        return self.multiplier

    def with_knob(self, value: float) -> CoveragePolicy:
        return _replace(self, multiplier=float(value))

    def levels(self, ctx: ReviewContext) -> tuple[np.ndarray, np.ndarray]:
        ma = ctx.forecast.mean[:, min(ctx.offset, ctx.forecast.horizon - 1)]
        ss = self.multiplier * ma * 30.0 * ctx.lead_time / 30.0
        rop = np.clip(ma * ctx.exposure + ss, 0.0, None)
        return rop, rop + ma * ctx.review_every


@dataclass
class MinMaxPolicy:
    """Baseline (b), a min/max days-of-cover rule of the kind SMB tools offer: when the position
    falls to `min_days` × MA28 or below, order up to `max_days` × MA28. Defaults: min = L + 7 days
    (the lead time plus a week's buffer), max = L + 21 (plus a two-week order cycle). Knob: `scale`
    multiplies both (min and max days scaled together)."""

    scale: float = 1.0
    min_days: float | None = None
    max_days: float | None = None
    forecaster: Forecaster = field(default_factory=MovingAverageForecaster)
    name: str = "min-max"
    knob_bounds: tuple[float, float] = (0.02, 20.0)

    @property
    def knob(self) -> float:
        return self.scale

    def with_knob(self, value: float) -> MinMaxPolicy:
        return _replace(self, scale=float(value))

    def levels(self, ctx: ReviewContext) -> tuple[np.ndarray, np.ndarray]:
        ma = ctx.forecast.mean[:, min(ctx.offset, ctx.forecast.horizon - 1)]
        low = self.min_days if self.min_days is not None else ctx.lead_time + 7.0
        high = self.max_days if self.max_days is not None else ctx.lead_time + 21.0
        return self.scale * low * ma, self.scale * high * ma


# ---------------------------------------------------------------- the replay


@dataclass
class SimulationResult:
    policy: str
    knob: float
    metrics: dict
    per_sku: pl.DataFrame
    ids: list[str]
    dates: list[dt.date]  # simulated days (warm-up included)
    window_start: int  # index into `dates` of the first replay-window day
    demand: np.ndarray  # n × days
    served: np.ndarray
    lost: np.ndarray
    stock: np.ndarray  # end-of-day on hand
    orders: np.ndarray  # quantity ordered at the end of each day
    receipts: np.ndarray  # quantity received at the start of each day
    on_order: np.ndarray  # end of day
    reorder_point: np.ndarray  # on review days (NaN otherwise)
    order_up_to: np.ndarray


def _per_sku(value, ids: list[str], name: str, default: float | None) -> np.ndarray:
    if value is None:
        if default is None:
            return np.full(len(ids), np.nan)
        value = default
    if isinstance(value, Mapping):
        missing = [s for s in ids if s not in value]
        if missing and default is None:
            raise ValueError(f"{name} missing for {', '.join(missing[:5])}")
        return np.array([float(value.get(s, default)) for s in ids])
    return np.full(len(ids), float(value))


class Replay:
    """Past demand, prepared once for replaying many policies (see the module docstring).

    `demand`: long frame (`id_col`, `time_col`, `target_col`); days missing inside a series count as
    zero demand (`frames.Columns.standardise`). `lead_time` (days ≥ 1), `moq`, `pack`, `unit_cost`:
    a scalar or a mapping SKU → value. Window: from `start` (a date) or the last `replay_days` days,
    to the last day in the data; `warmup_days` (default: the longest lead time) are simulated before
    it but not counted. `review_every` R days between reviews; `holding_rate` per year.
    """

    def __init__(
        self,
        demand: pl.DataFrame,
        *,
        lead_time: int | Mapping[str, int],
        moq: float | Mapping[str, float] | None = None,
        pack: float | Mapping[str, float] | None = None,
        unit_cost: float | Mapping[str, float] | None = None,
        replay_days: int | None = 182,
        start: dt.date | None = None,
        warmup_days: int | None = None,
        review_every: int = 1,
        holding_rate: float = 0.25,
        id_col: str = ID,
        time_col: str = TIME,
        target_col: str = TARGET,
    ) -> None:
        long = Columns(id=id_col, time=time_col, target=target_col).standardise(demand)
        if long.is_empty():
            raise ValueError("no demand to replay")
        self.long = long.select(ID, TIME, TARGET)
        self.ids = long[ID].unique().sort().to_list()
        first, last = long[TIME].min(), long[TIME].max()
        self.dates_all = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
        index = {s: i for i, s in enumerate(self.ids)}
        n, days = len(self.ids), len(self.dates_all)
        y = np.zeros((n, days))
        rows = long[ID].replace_strict(index, return_dtype=pl.Int64).to_numpy()
        cols = (long[TIME] - first).dt.total_days().to_numpy()
        y[rows, cols] = np.clip(long[TARGET].to_numpy(), 0.0, None)
        self.y = y
        if review_every < 1:
            raise ValueError("review_every must be at least 1 day")
        self.review_every = int(review_every)
        self.holding_rate = float(holding_rate)
        lt = _per_sku(lead_time, self.ids, "lead time", None)
        if np.any(~np.isfinite(lt)) or np.any(lt < 1):
            raise pol.PlanInputError("리드타임은 1일 이상이어야 합니다", "The lead time must be at least 1 day",
                                     "bad_lead_time")
        self.lead_time = np.round(lt).astype(int)
        self.moq = _per_sku(moq, self.ids, "MOQ", 0.0)
        self.pack = _per_sku(pack, self.ids, "pack size", 1.0)
        pol.round_order(np.zeros(n), self.moq, self.pack)  # validates
        self.unit_cost = None if unit_cost is None else _per_sku(unit_cost, self.ids, "unit cost", None)
        if start is not None:
            window = (start - first).days
        else:
            window = days - int(replay_days or days)
        warmup = int(self.lead_time.max() if warmup_days is None else warmup_days)
        self.sim_start = window - warmup
        if self.sim_start < MIN_HISTORY_DAYS or window >= days:
            raise ValueError(
                f"the replay window and warm-up ({days - self.sim_start} days) need at least "
                f"{MIN_HISTORY_DAYS} day(s) of history before them (the data has {days} days)")
        self.window = window
        self.exposure = self.lead_time + self.review_every - 1
        self.cache: dict = {}
        self.token = next(_tokens)
        self._forecasts: dict[tuple, tuple[int, Forecast]] = {}
        self._history_cache: dict[dt.date, pl.DataFrame] = {}
        cum = np.cumsum(y, axis=1)
        self.active = np.concatenate([np.zeros((n, 1), bool), cum[:, :-1] > 0], axis=1)

    @property
    def window_dates(self) -> tuple[dt.date, dt.date]:
        return self.dates_all[self.window], self.dates_all[-1]

    def history(self, day: dt.date) -> pl.DataFrame:
        """The demand strictly before `day` (what a forecast made that morning may see)."""
        return self.long.filter(pl.col(TIME) < day)

    def forecast(self, forecaster: Forecaster, t: int, horizon: int) -> Forecast:
        key = (forecaster.key, t)
        hit = self._forecasts.get(key)
        if hit is None or hit[1].horizon < horizon:
            day = self.dates_all[t]
            fc = forecaster.forecast(self.history(day), horizon, day).aligned(self.ids, horizon)
            if fc.origin != day:
                raise ValueError("a forecaster returned a forecast for another day")
            self._forecasts[key] = (horizon, fc)
            return fc
        return hit[1]

    def horizon_for(self, forecaster: Forecaster) -> int:
        """reforecast_every + L + R: the path must reach the last day the last order before the
        next re-forecast covers."""
        return int(forecaster.reforecast_every + self.lead_time.max() + self.review_every)

    def run(self, policy: Policy) -> SimulationResult:
        n = len(self.ids)
        a, days = self.sim_start, len(self.dates_all) - self.sim_start
        lead = self.lead_time
        y = self.y[:, a:]
        arrivals = np.zeros((n, days + int(lead.max()) + 1))
        on_hand, on_order = np.zeros(n), np.zeros(n)
        rec = {k: np.zeros((n, days)) for k in ("served", "lost", "stock", "orders", "receipts", "on_order")}
        rop_rec, s_rec = np.full((n, days), np.nan), np.full((n, days), np.nan)
        forecaster = policy.forecaster
        horizon = self.horizon_for(forecaster)
        origin, fc = None, None
        policy_cache = self.cache.setdefault((type(policy).__name__, forecaster.key), {})
        rows = np.arange(n)
        for k in range(days):
            t = a + k
            if origin is None or (t - origin) >= forecaster.reforecast_every:
                origin, fc = t, self.forecast(forecaster, t, horizon)
            if k == 0:  # start: each SKU holds the policy's own order-up-to level
                _, start_level = policy.levels(self._context(fc, t, origin, policy_cache))
                on_hand = np.ceil(np.clip(start_level, 0.0, None) - 1e-9)
            got = arrivals[:, k]
            on_hand += got
            on_order -= got
            demand = y[:, k]
            served = np.minimum(on_hand, demand)
            on_hand -= served
            if k % self.review_every == 0:
                rop, up_to = policy.levels(self._context(fc, t, origin, policy_cache))
                position = on_hand + on_order
                raw = np.where(position <= rop, np.clip(up_to - position, 0.0, None), 0.0)
                qty = pol.round_order(np.round(raw, 6), self.moq, self.pack)
                arrivals[rows, k + lead] += qty
                on_order += qty
                rec["orders"][:, k] = qty
                rop_rec[:, k], s_rec[:, k] = rop, up_to
            rec["served"][:, k], rec["lost"][:, k] = served, demand - served
            rec["stock"][:, k], rec["receipts"][:, k], rec["on_order"][:, k] = on_hand, got, on_order
        w = self.window - a
        metrics, per_sku = self._metrics(y, rec, w, self.active[:, a:])
        return SimulationResult(policy.name, float(policy.knob), metrics, per_sku, list(self.ids),
                                self.dates_all[a:], w, y, rec["served"], rec["lost"], rec["stock"], rec["orders"],
                                rec["receipts"], rec["on_order"], rop_rec, s_rec)

    def _context(self, fc: Forecast, t: int, origin: int, cache: dict) -> ReviewContext:
        return ReviewContext(self.dates_all[t], fc, t - origin, self.exposure, self.lead_time, self.review_every,
                             self.moq, self.pack, cache)

    def _metrics(self, y, rec, w: int, active) -> tuple[dict, pl.DataFrame]:
        demand, served, lost = y[:, w:], rec["served"][:, w:], rec["lost"][:, w:]
        stock, orders, act = rec["stock"][:, w:], rec["orders"][:, w:], active[:, w:]
        days = demand.shape[1]
        years = days / 365.0
        out_days = (lost > 1e-9) & act
        cost = self.unit_cost

        def ratio(a, b):
            return float(a / b) if b > 0 else None

        total_demand, avg_inv = float(demand.sum()), float(stock.sum(axis=0).mean())
        avg_value = float((stock * cost[:, None]).sum(axis=0).mean()) if cost is not None else None
        daily = total_demand / days
        metrics = {
            "skus": len(self.ids), "days": days,
            "window": [str(self.dates_all[self.window]), str(self.dates_all[-1])],
            "demand_units": total_demand, "served_units": float(served.sum()), "lost_units": float(lost.sum()),
            "fill_rate": ratio(served.sum(), total_demand),
            "stockout_rate": ratio(out_days.sum(), act.sum()),
            "avg_inventory_units": avg_inv,
            "avg_inventory_value": avg_value,
            "days_of_supply": ratio(avg_inv, daily),
            "holding_cost": None if avg_value is None else avg_value * self.holding_rate * years,
            "orders": int((orders > 0).sum()),
            "ordered_units": float(orders.sum()),
        }
        sku_demand = demand.sum(axis=1)
        sku_inv = stock.mean(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            per = pl.DataFrame({
                "sku": self.ids,
                "lead_time": self.lead_time,
                "demand_units": sku_demand,
                "served_units": served.sum(axis=1),
                "lost_units": lost.sum(axis=1),
                "fill_rate": np.where(sku_demand > 0, served.sum(axis=1) / sku_demand, np.nan),
                "stockout_days": out_days.sum(axis=1),
                "active_days": act.sum(axis=1),
                "avg_inventory_units": sku_inv,
                "avg_inventory_value": sku_inv * cost if cost is not None else np.full(len(self.ids), np.nan),
                "days_of_supply": np.where(sku_demand > 0, sku_inv / (sku_demand / days), np.nan),
                "orders": (orders > 0).sum(axis=1),
            }).with_columns(pl.col("fill_rate", "avg_inventory_value", "days_of_supply").fill_nan(None))
        return metrics, per


def simulate(demand: pl.DataFrame, policy: Policy, **replay_options) -> SimulationResult:
    """One policy over past demand: `Replay(demand, **replay_options).run(policy)`."""
    return Replay(demand, **replay_options).run(policy)


# ---------------------------------------------------------------- tuning


@dataclass
class Tuned:
    """A policy tuned to a target fill rate: the knob found (the smallest tried that reaches the
    target), its run, and the average inventory interpolated linearly between the last run below and
    the run at/above the target — the inventory the policy needs for exactly the target."""

    policy: str
    target: float
    knob: float
    reached: bool
    fill_rate: float
    avg_inventory_units: float
    avg_inventory_at_knob: float
    result: SimulationResult
    runs: int


def tune(replay: Replay, policy: Policy, target: float, tolerance: float = 0.0005, max_runs: int = 30) -> Tuned:
    """Bisection on the policy's monotone knob for the pooled fill rate `target`. Stops when a run's
    fill rate is within `tolerance` above the target, or the bracket is tiny, or after `max_runs`.
    When even the upper knob bound misses the target, `reached` is False and that run is returned."""
    lo, hi = policy.knob_bounds
    runs = 0

    def fill(value: float) -> tuple[float, SimulationResult]:
        nonlocal runs
        runs += 1
        result = replay.run(policy.with_knob(value))
        return result.metrics["fill_rate"] or 0.0, result

    f_hi, r_hi = fill(hi)
    if f_hi < target:
        inv = r_hi.metrics["avg_inventory_units"]
        return Tuned(policy.name, target, hi, False, f_hi, inv, inv, r_hi, runs)
    f_lo, r_lo = fill(lo)
    if f_lo >= target:
        inv = r_lo.metrics["avg_inventory_units"]
        return Tuned(policy.name, target, lo, True, f_lo, inv, inv, r_lo, runs)
    while runs < max_runs and f_hi - target > tolerance and (hi - lo) > 1e-6 * max(1.0, abs(hi)):
        mid = (lo + hi) / 2
        f_mid, r_mid = fill(mid)
        if f_mid >= target:
            hi, f_hi, r_hi = mid, f_mid, r_mid
        else:
            lo, f_lo, r_lo = mid, f_mid, r_mid
    inv_hi, inv_lo = r_hi.metrics["avg_inventory_units"], r_lo.metrics["avg_inventory_units"]
    share = (target - f_lo) / (f_hi - f_lo) if f_hi > f_lo else 1.0
    return Tuned(policy.name, target, hi, True, f_hi, inv_lo + share * (inv_hi - inv_lo), inv_hi, r_hi, runs)


def inventory_curve(replay: Replay, policy: Policy, targets=(0.90, 0.95, 0.98), **tune_options) -> list[dict]:
    """The average inventory `policy` needs for each target fill rate (each tuned separately)."""
    out = []
    for target in targets:
        t = tune(replay, policy, target, **tune_options)
        out.append({"target": target, "knob": t.knob, "reached": t.reached, "fill_rate": t.fill_rate,
                    "avg_inventory_units": t.avg_inventory_units, "avg_inventory_at_knob": t.avg_inventory_at_knob,
                    "stockout_rate": t.result.metrics["stockout_rate"],
                    "days_of_supply": t.result.metrics["days_of_supply"], "runs": t.runs})
    return out


# ---------------------------------------------------------------- what-if


@dataclass
class WhatIf:
    stock: np.ndarray  # projected end-of-day stock per day (lost sales), day 0 = today
    days_of_supply: np.ndarray  # stock / mean daily p50 demand (inf with stock and no demand)
    stockout_day: int | np.ndarray  # first day stock runs out with demand to serve; −1 never


def what_if(
    on_hand: float | np.ndarray,
    scheduled_receipts: np.ndarray | None,
    p50_path: np.ndarray,
    order_qty: float | np.ndarray,
    arrival_day: int | np.ndarray,
) -> WhatIf:
    """"If I order `order_qty` today and it arrives on day `arrival_day`": the projected stock (on
    hand + receipts − p50 demand, never below 0) and days of supply for each day. Works for one SKU
    (1-D path) or several (rows)."""
    path = np.atleast_2d(np.asarray(p50_path, dtype=float))
    n, h = path.shape
    receipts = np.zeros((n, h)) if scheduled_receipts is None else pol._fit(
        np.atleast_2d(np.asarray(scheduled_receipts, dtype=float)), n, h)
    receipts = receipts.copy()
    day = np.broadcast_to(np.asarray(arrival_day, dtype=int), (n,))
    qty = np.broadcast_to(np.asarray(order_qty, dtype=float), (n,))
    inside = (day >= 0) & (day < h)
    receipts[np.flatnonzero(inside), day[inside]] += qty[inside]
    stock = pol.project_stock(on_hand, receipts, path)
    mu = path.mean(axis=1)
    dos = pol.days_of_supply(stock, mu[:, None])
    out = pol.stockout_day(on_hand, receipts, path)
    if np.ndim(p50_path) == 1:
        return WhatIf(stock[0], dos[0], int(out[0]))
    return WhatIf(stock, dos, out)


def finite(value: float | None) -> float | None:
    """None for NaN/inf (JSON-friendly)."""
    return None if value is None or not math.isfinite(value) else value
