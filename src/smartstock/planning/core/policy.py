"""Replenishment policy math: safety stock, reorder point, order quantity, projections — vectorised
over SKUs with numpy, no database and no web.

Notation (PRODUCT.md §C): μ, σ mean and standard deviation of daily demand; L lead time in days,
σ_L its standard deviation; z the service factor; R the review period (order cycle) in days;
D_L demand over the lead time; Q an order quantity; MOQ the minimum order quantity.

Choices made here (and why):

- **Continuous review.** SmartStock recomputes its recommendations every day, so the inventory
  position is watched continuously and the reorder point protects the lead time only:
  `ROP = E[D_L] + SS = μ·L + SS` (Silver, Pyke & Thomas, *Inventory and Production Management in
  Supply Chains*, 4th ed., §6.7, the (s, Q) system). The review period R is the intended order
  cycle: it sets the cycle stock the order adds on top of the reorder point, `target stock = μ·R`,
  so the seed-1 rule orders `Q = max(0, ROP + μ·R − available)` — an order-up-to level
  `S = ROP + μ·R` (the (s, S) system, SPT §7.1). For a true periodic review (orders only every R
  days) pass `lead_time = L + R` to the safety-stock and reorder-point functions (SPT §7.3, the
  (R, S) system protects R + L days); the simulator does exactly that with its own discrete timing.
- **Safety stock is never negative**: every method is clipped at 0 (a cycle service level below
  50 % would otherwise give a negative z).
- **Fill rate (type-2 service, β)** uses the standard normal loss function
  `G(k) = φ(k) − k·(1 − Φ(k))`: the expected shortage per replenishment cycle is `σ_L·G(k)`, and a
  fill rate β allows `(1 − β)·Q` of it, so `G(k) = (1 − β)·Q / σ_L` (SPT §6.7.3; Axsäter,
  *Inventory Control*, 3rd ed., §5.3). k is clipped at 0. Q is the expected order size
  (`expected_order_size`). With sample paths of lead-time demand the same equation is solved on the
  samples, `E[(D_L − s)^+] = (1 − β)·Q` (`fill_rate_level`). This per-order form counts every
  shortage of a cycle against one order; for a daily base-stock policy (order every day what was
  sold: R = 0, no MOQ) it overstates the shortage, and `base_stock_level` / `base_stock_level_normal`
  solve the exact per-day form `E[(D_L − S)^+] − E[(D_{L−1} − S)^+] = (1 − β)·μ` instead (what the
  simulator's `ForecastPolicy` uses; see benchmarks/results/policy.md for how close it lands).
- Quantities are units (floats); orders are rounded UP to whole packs (`round_order`).

`plan(...)` puts it together for a batch of SKUs and returns a polars frame with every number, the
order-by and arrival dates, warnings and one-line explanations in Korean and English.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from enum import StrEnum

import numpy as np
import polars as pl
from scipy.special import ndtr
from scipy.stats import norm

ArrayLike = float | int | Sequence[float] | np.ndarray

DAYS_PER_YEAR = 365.0
MAX_FACTOR = 8.0  # k beyond 8σ is never needed (G(8) ≈ 5e-17)
_SQRT_2PI = math.sqrt(2 * math.pi)


class SafetyStockMethod(StrEnum):
    statistical = "statistical"  # z·σ·√L (seed 1)
    lead_time_variability = "lead_time_variability"  # z·√(L·σ² + μ²·σ_L²)
    forecast_quantile = "forecast_quantile"  # Q_α(D_L) − E[D_L] from the forecast's sample paths
    coverage = "coverage"  # 30-day forecast × L/30 (seed 2), manual before any forecast


class ServiceMeasure(StrEnum):
    cycle = "cycle"  # type-1: probability of no stock-out in a cycle, z = Φ⁻¹(level)
    fill_rate = "fill_rate"  # type-2: share of demand served from stock, loss function


class OrderRule(StrEnum):
    seed = "seed"  # max(0, ROP + μ·R − available)
    eoq = "eoq"  # √(2·D·S/H), raised to bring the position back above ROP


class WarningCode(StrEnum):
    moq_exceeds_year = "moq_exceeds_year"  # the MOQ is more than a year of forecast demand
    no_forecast = "no_forecast"  # no forecast yet: manual safety stock, μ = 0
    stockout_before_arrival = "stockout_before_arrival"  # stock runs out before an order can arrive


class PlanInputError(ValueError):
    """Bad planning input, with the message in Korean and English (`messages`) and a `code`."""

    def __init__(self, ko: str, en: str, code: str, skus: Sequence[str] = ()) -> None:
        self.messages = {"ko": ko, "en": en}
        self.code = code
        self.skus = list(skus)
        super().__init__(f"{ko} / {en}")


# ---------------------------------------------------------------- service factors


def service_factor(level: ArrayLike) -> np.ndarray | float:
    """z = Φ⁻¹(level), the cycle-service-level factor (SPT §6.7.1). `level` must lie in (0, 1)."""
    values = np.asarray(level, dtype=float)
    if np.any(~np.isfinite(values)) or np.any((values <= 0) | (values >= 1)):
        raise PlanInputError(
            "서비스 수준은 0과 1 사이(예: 0.95)여야 합니다",
            f"The service level must be between 0 and 1 exclusive (e.g. 0.95), got {level!r}",
            "bad_service_level",
        )
    z = norm.ppf(values)
    return float(z) if np.ndim(z) == 0 else z


def normal_loss(k: ArrayLike) -> np.ndarray:
    """Standard normal loss function G(k) = E[(Z − k)^+] = φ(k) − k·(1 − Φ(k)) (SPT §6.7.3)."""
    k = np.asarray(k, dtype=float)
    return np.exp(-0.5 * k * k) / _SQRT_2PI - k * ndtr(-k)


def fill_rate_factor(fill_rate: ArrayLike, order_qty: ArrayLike, sigma: ArrayLike) -> np.ndarray:
    """k ≥ 0 with G(k) = (1 − β)·Q/σ: the safety factor for a fill rate β (SPT eq. 6.21; Axsäter §5.3).

    `sigma` is the standard deviation of demand over the protection interval (σ·√L), `order_qty`
    the expected order size. σ = 0 gives k = 0 (no uncertainty, no safety stock needed). Solved by
    vectorised bisection (G is strictly decreasing); k is clipped to [0, 8].
    """
    beta, q, s = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (fill_rate, order_qty, sigma)))
    service_factor(beta)  # validates 0 < β < 1
    with np.errstate(all="ignore"):
        target = np.where(s > 0, (1.0 - beta) * q / s, np.inf)
    lo, hi = np.zeros(target.shape), np.full(target.shape, MAX_FACTOR)
    for _ in range(40):
        mid = (lo + hi) / 2
        above = normal_loss(mid) > target  # shortage still too large: k must grow
        lo, hi = np.where(above, mid, lo), np.where(above, hi, mid)
    k = (lo + hi) / 2
    k = np.where(target >= normal_loss(0.0), 0.0, k)
    return k


def expected_shortage(samples: np.ndarray, level: ArrayLike) -> np.ndarray:
    """E[(D − s)^+] over sample paths: `samples` (…, P) of demand, `level` s broadcast over `…`."""
    samples = np.asarray(samples, dtype=float)
    s = np.asarray(level, dtype=float)[..., None]
    return np.clip(samples - s, 0.0, None).mean(axis=-1)


def fill_rate_level(samples: np.ndarray, fill_rate: ArrayLike, order_qty: ArrayLike) -> np.ndarray:
    """The level s ≥ 0 with E[(D − s)^+] = (1 − β)·Q on the samples (the empirical loss function).

    `samples` is (…, P) draws of lead-time demand (the forecast's sample paths summed over the
    lead time); β and Q broadcast over `…`. E[(D − s)^+] is convex, piecewise linear and decreasing
    in s, so it is evaluated at the sorted samples and interpolated exactly; a target above the mean
    gives s = max(0, mean − target), a zero target gives the largest sample.
    """
    x = np.sort(np.asarray(samples, dtype=float), axis=-1)
    beta = np.asarray(fill_rate, dtype=float)
    service_factor(beta)
    target = (1.0 - beta) * np.asarray(order_qty, dtype=float)
    return level_for_shortage(x, shortage_curve(x), target)


def shortage_curve(sorted_samples: np.ndarray) -> np.ndarray:
    """E[(D − x_j)^+] at every sorted sample x_j (…, P): (1/P)·Σ_{i>j} (x_i − x_j), decreasing in j.
    Cache it with the sorted samples when the same distribution is solved for many targets."""
    x = np.asarray(sorted_samples, dtype=float)
    p = x.shape[-1]
    suffix = np.cumsum(x[..., ::-1], axis=-1)[..., ::-1]  # Σ_{i≥j} x_i
    after = np.concatenate([suffix[..., 1:], np.zeros(x.shape[:-1] + (1,))], axis=-1)
    return (after - np.arange(p - 1, -1, -1, dtype=float) * x) / p


def level_for_shortage(sorted_samples: np.ndarray, curve: np.ndarray, target: ArrayLike) -> np.ndarray:
    """The s ≥ 0 with E[(D − s)^+] = target, from sorted samples and their `shortage_curve`.

    E is piecewise linear between the samples (slope −(P−1−j)/P right of x_j), so the crossing is
    interpolated exactly; a target above E at the smallest sample continues with slope −1 (all
    samples exceed s); a target ≤ 0 gives the largest sample."""
    x, curve = np.asarray(sorted_samples, dtype=float), np.asarray(curve, dtype=float)
    p = x.shape[-1]
    target = np.broadcast_to(np.asarray(target, dtype=float), x.shape[:-1])
    above = (curve >= target[..., None]).sum(axis=-1)  # knots still short by ≥ target
    j = np.clip(above - 1, 0, p - 1)[..., None]
    xj = np.take_along_axis(x, j, axis=-1)[..., 0]
    ej = np.take_along_axis(curve, j, axis=-1)[..., 0]
    slope = (p - 1 - j[..., 0]) / p
    with np.errstate(divide="ignore", invalid="ignore"):
        inside = np.where(slope > 0, xj + (ej - target) / slope, xj)
    below_all = x[..., 0] - (target - curve[..., 0])
    s = np.where(above == 0, below_all, np.where(above >= p, x[..., -1], inside))
    return np.clip(s, 0.0, None)


def sample_loss(sorted_samples: np.ndarray, suffix: np.ndarray, level: np.ndarray) -> np.ndarray:
    """E[(D − v)^+] at arbitrary levels v (…, m) for row-wise sorted samples (…, P) with their suffix
    sums (…, P+1; `suffix[..., j] = Σ_{i≥j} x_i`): (Σ_{x_i > v} x_i − #{x_i > v}·v) / P."""
    x = np.asarray(sorted_samples, dtype=float)
    p = x.shape[-1]
    lead = x.shape[:-1]
    flat = x.reshape(-1, p)
    v = np.asarray(level, dtype=float).reshape(flat.shape[0], -1)
    low = min(flat.min(initial=0.0), v.min(initial=0.0))
    span = max(flat.max(initial=0.0), v.max(initial=0.0)) - low + 1.0
    rows = np.arange(flat.shape[0])[:, None] * span
    idx = np.searchsorted((flat - low + rows).ravel(), (v - low + rows).ravel(), side="right")
    idx = idx.reshape(v.shape) - np.arange(flat.shape[0])[:, None] * p
    tail = np.take_along_axis(np.asarray(suffix, dtype=float).reshape(flat.shape[0], p + 1), idx, axis=1)
    return ((tail - (p - idx) * v) / p).reshape(lead + (v.shape[1],))


def suffix_sums(sorted_samples: np.ndarray) -> np.ndarray:
    """Σ_{i≥j} x_i for j = 0 … P (the last is 0), along the last axis."""
    x = np.asarray(sorted_samples, dtype=float)
    rev = np.cumsum(x[..., ::-1], axis=-1)[..., ::-1]
    return np.concatenate([rev, np.zeros(x.shape[:-1] + (1,))], axis=-1)


def base_stock_shortage_curve(sorted_t: np.ndarray, samples_before: np.ndarray) -> np.ndarray:
    """Expected units short per day, h(x_j) = E[(D_T − x_j)^+] − E[(D_{T−1} − x_j)^+], at every sorted
    sample x_j of D_T, for a daily-review base-stock level (see `base_stock_level`). `samples_before`
    are the same paths summed over T − 1 days (D_{T−1} ≤ D_T path by path, so h is non-increasing)."""
    x = np.asarray(sorted_t, dtype=float)
    w = np.sort(np.asarray(samples_before, dtype=float), axis=-1)
    return sample_loss(x, suffix_sums(x), x) - sample_loss(w, suffix_sums(w), x)


def base_stock_level(sorted_t: np.ndarray, curve: np.ndarray, fill_rate: ArrayLike, mu: ArrayLike) -> np.ndarray:
    """The order-up-to level S ≥ 0 of a daily-review base-stock policy for a fill rate β, on samples.

    Timing (the simulator's and SmartStock's day): an order placed at the end of day t arrives at
    the start of day t + L and every day the position is brought back to S. All orders placed up to
    day t have arrived by the end of day t + L, so that day ends with S − D_T on hand (T = L days of
    demand), and the units short on that day are, with backorders,
    `E[(D_T − S)^+] − E[(D_{T−1} − S)^+]` (Axsäter §5.11, periodic review order-up-to; the
    per-period form, exact for backorders and slightly conservative for lost sales). Setting it to
    (1 − β)·μ — β of a day's demand served — gives S. `curve` is `base_stock_shortage_curve` at the
    sorted samples `sorted_t`; it is interpolated linearly between the samples."""
    x, h = np.asarray(sorted_t, dtype=float), np.asarray(curve, dtype=float)
    p = x.shape[-1]
    beta = np.asarray(fill_rate, dtype=float)
    service_factor(beta)
    target = np.broadcast_to((1.0 - beta) * np.asarray(mu, dtype=float), x.shape[:-1])
    above = (h >= target[..., None]).sum(axis=-1)
    j = np.clip(above - 1, 0, p - 2)[..., None] if p > 1 else np.zeros(x.shape[:-1] + (1,), int)
    x0, x1 = np.take_along_axis(x, j, -1)[..., 0], np.take_along_axis(x, np.minimum(j + 1, p - 1), -1)[..., 0]
    h0, h1 = np.take_along_axis(h, j, -1)[..., 0], np.take_along_axis(h, np.minimum(j + 1, p - 1), -1)[..., 0]
    with np.errstate(divide="ignore", invalid="ignore"):
        inside = np.where(h0 > h1, x0 + (h0 - target) / (h0 - h1) * (x1 - x0), x1)
    s = np.where(above == 0, x[..., 0], np.where(above >= p, x[..., -1], inside))
    s = np.where((above == 0) & (target >= h[..., 0]), 0.0, s)  # even no stock at all is short by less
    return np.clip(s, 0.0, None)


def base_stock_level_normal(mean_t: ArrayLike, sd_t: ArrayLike, exposure: ArrayLike, fill_rate: ArrayLike,
                            mu: ArrayLike) -> np.ndarray:
    """`base_stock_level` with normal demand: D_T ~ N(m, s²) and D_{T−1} ~ N(m·(T−1)/T, s²·(T−1)/T);
    the per-day shortage s·G((S − m)/s) − s'·G((S − m')/s') = (1 − β)·μ solved for S by bisection."""
    m, sd, t = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (mean_t, sd_t, exposure)))
    beta = np.asarray(fill_rate, dtype=float)
    service_factor(beta)
    target = (1.0 - beta) * np.broadcast_to(np.asarray(mu, dtype=float), m.shape)
    share = np.clip((t - 1) / np.maximum(t, 1), 0.0, 1.0)
    m_prev, sd_prev = m * share, sd * np.sqrt(share)

    def loss(mean, s, level):
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(s > 0, s * normal_loss((level - mean) / np.where(s > 0, s, 1.0)),
                            np.clip(mean - level, 0.0, None))

    lo, hi = np.zeros(m.shape), m + MAX_FACTOR * sd + 1.0
    for _ in range(40):
        mid = (lo + hi) / 2
        short = loss(m, sd, mid) - loss(m_prev, sd_prev, mid) > target
        lo, hi = np.where(short, mid, lo), np.where(short, hi, mid)
    return (lo + hi) / 2


def pooled_base_stock_levels(sorted_t: np.ndarray, curve: np.ndarray, fill_rate: float, mu: ArrayLike) -> np.ndarray:
    """Daily-review base-stock levels S_i for a fill rate β over a whole assortment (units served /
    units demanded, pooled over the SKUs), with the least total stock.

    Minimising Σ S_i subject to Σ h_i(S_i) ≤ (1 − β)·Σ μ_i (h_i: SKU i's expected units short per
    day, `base_stock_shortage_curve`) gives, by the Lagrange condition, levels where every SKU's last
    unit of stock saves the same expected shortage, −h_i'(S_i) = λ — not the same fill rate for each
    SKU. A unit of stock saves most on steady sellers and least on SKUs whose demand comes in rare
    large orders, so the pooled target is met with less stock by serving the first a little better
    and the second worse (the usual result for holding cost under an aggregate fill-rate
    constraint). On samples: each SKU's curve from S = 0 (short by
    μ_i) through its sorted samples; the marginal saving of a step is made non-increasing by taking
    the best saving still ahead (the concave envelope), and the steps of all SKUs are taken in order
    of saving until the pooled shortage reaches the target. Per-SKU `fill_rate` is what
    `base_stock_level` does; here β is one number for the assortment. Returns S ≥ 0 per row."""
    x = np.asarray(sorted_t, dtype=float)
    h = np.asarray(curve, dtype=float)
    n, p = x.shape
    mu = np.broadcast_to(np.asarray(mu, dtype=float), (n,))
    service_factor(fill_rate)
    if n == 0:
        return np.zeros(0)
    target = (1.0 - float(fill_rate)) * float(mu.sum())
    xs = np.concatenate([np.zeros((n, 1)), x], axis=1)
    hs = np.minimum.accumulate(np.concatenate([np.maximum(mu, h[:, 0])[:, None], h], axis=1), axis=1)
    step, saved = np.diff(xs, axis=1), -np.diff(hs, axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(step > 0, saved / np.where(step > 0, step, 1.0), np.where(saved > 0, np.inf, 0.0))
    rate = np.maximum.accumulate(rate[:, ::-1], axis=1)[:, ::-1]  # best saving still ahead: non-increasing
    order = np.lexsort((np.tile(np.arange(p), n), -rate.ravel()))  # by saving, each SKU's steps in order
    if hs[:, 0].sum() <= target:  # even no stock at all is short by less
        return np.zeros(n)
    short = hs[:, 0].sum() - np.cumsum(saved.ravel()[order])
    taken = int(np.searchsorted(-short, -target)) + 1  # steps until the pooled shortage ≤ target
    steps = np.bincount(np.repeat(np.arange(n), p)[order][:taken], minlength=n)
    return np.clip(xs[np.arange(n), steps], 0.0, None)


def safety_factor(
    level: ArrayLike, measure: ServiceMeasure | str = ServiceMeasure.cycle,
    order_qty: ArrayLike | None = None, sigma: ArrayLike | None = None,
) -> np.ndarray:
    """z = Φ⁻¹(level) for a cycle service level, or the fill-rate k (needs `order_qty` and `sigma`)."""
    if ServiceMeasure(measure) is ServiceMeasure.cycle:
        return np.asarray(service_factor(level), dtype=float)
    if order_qty is None or sigma is None:
        raise ValueError("a fill-rate factor needs order_qty and sigma")
    return fill_rate_factor(level, order_qty, sigma)


# ---------------------------------------------------------------- safety stock


def _a(x: ArrayLike) -> np.ndarray:
    return np.asarray(x, dtype=float)


def safety_stock_statistical(z: ArrayLike, sigma: ArrayLike, lead_time: ArrayLike) -> np.ndarray:
    """SS = z·σ·√L (seed 1; SPT eq. 6.11 with σ_L = σ·√L for independent daily demand), ≥ 0."""
    return np.clip(_a(z) * _a(sigma) * np.sqrt(_a(lead_time)), 0.0, None)


def lead_time_demand_sd(mu: ArrayLike, sigma: ArrayLike, lead_time: ArrayLike, lead_time_sd: ArrayLike = 0.0):
    """σ of demand over a random lead time: √(L·σ² + μ²·σ_L²) (SPT eq. 6.31; Axsäter §5.9)."""
    return np.sqrt(_a(lead_time) * _a(sigma) ** 2 + _a(mu) ** 2 * _a(lead_time_sd) ** 2)


def safety_stock_lead_time_variability(
    z: ArrayLike, mu: ArrayLike, sigma: ArrayLike, lead_time: ArrayLike, lead_time_sd: ArrayLike
) -> np.ndarray:
    """SS = z·√(L·σ² + μ²·σ_L²): demand and lead-time uncertainty together (SPT §6.10.1), ≥ 0."""
    return np.clip(_a(z) * lead_time_demand_sd(mu, sigma, lead_time, lead_time_sd), 0.0, None)


def safety_stock_forecast_quantile(quantile: ArrayLike, mean: ArrayLike) -> np.ndarray:
    """SS = max(0, Q_α(D_L) − E[D_L]) from the forecast's distribution of lead-time demand
    (the engine sums its sample paths over the lead time; see forecasting/core/quantiles.py)."""
    return np.clip(_a(quantile) - _a(mean), 0.0, None)


def safety_stock_coverage(
    forecast_30: ArrayLike, lead_time: ArrayLike, manual_safety_stock: ArrayLike = 0.0
) -> np.ndarray:
    """Seed-2 coverage rule SS = (forecast demand over 30 days) × L/30; where there is no forecast
    yet (NaN) the user's manual safety stock is used instead. ≥ 0."""
    f30, manual = _a(forecast_30), _a(manual_safety_stock)
    ss = np.where(np.isnan(f30), manual, f30 * _a(lead_time) / 30.0)
    return np.clip(np.nan_to_num(ss, nan=0.0), 0.0, None)


# ---------------------------------------------------------------- reorder point and quantities


def reorder_point(mu: ArrayLike, lead_time: ArrayLike, safety_stock: ArrayLike) -> np.ndarray:
    """ROP = μ·L + SS (continuous review, PRODUCT.md §C; SPT §6.7). For periodic review every R
    days pass lead_time = L + R."""
    return _a(mu) * _a(lead_time) + _a(safety_stock)


def available_stock(on_hand: ArrayLike, on_order: ArrayLike = 0.0, backorders: ArrayLike = 0.0) -> np.ndarray:
    """The inventory position: on hand + on order − backorders."""
    return _a(on_hand) + _a(on_order) - _a(backorders)


def target_stock(mu: ArrayLike, review_period: ArrayLike) -> np.ndarray:
    """Cycle stock for the review period, μ·R: what an order adds on top of the reorder point."""
    return _a(mu) * _a(review_period)


def order_quantity_seed(rop: ArrayLike, target: ArrayLike, available: ArrayLike) -> np.ndarray:
    """Seed-1 rule Q = max(0, ROP + target stock − available) (before gating and rounding)."""
    return np.clip(_a(rop) + _a(target) - _a(available), 0.0, None)


def eoq(annual_demand: ArrayLike, ordering_cost: ArrayLike, holding_cost: ArrayLike) -> np.ndarray:
    """Economic order quantity √(2·D·S/H) (Harris 1913; SPT §4.2): D units a year, S the cost of
    one order, H the cost of holding one unit for a year (unit cost × holding rate). H must be > 0."""
    d, s, h = _a(annual_demand), _a(ordering_cost), _a(holding_cost)
    if np.any(h <= 0):
        raise ValueError("EOQ needs a positive holding cost")
    return np.sqrt(2.0 * np.clip(d, 0.0, None) * np.clip(s, 0.0, None) / h)


def order_quantity_eoq(eoq_qty: ArrayLike, rop: ArrayLike, available: ArrayLike) -> np.ndarray:
    """EOQ when the position is at or below ROP, raised to what brings it back above ROP
    (max(EOQ, ⌊ROP − position⌋ + 1)); 0 when the position is above ROP. With no demand (EOQ = 0)
    only a shortfall below ROP is ordered (max(0, ROP − position)), so zero demand orders nothing."""
    rop, available, q = _a(rop), _a(available), _a(eoq_qty)
    raised = np.where(q > 0, np.maximum(q, np.floor(rop - available) + 1.0), np.clip(rop - available, 0.0, None))
    return np.where(available <= rop, raised, 0.0)


def round_order(q: ArrayLike, moq: ArrayLike = 0.0, pack: ArrayLike = 1.0) -> np.ndarray:
    """0 stays 0; any other quantity becomes at least the MOQ and is rounded UP to whole packs.

    Invariant: result == 0, or result ≥ max(q, moq) and result is a multiple of `pack`.
    """
    q, moq, pack = np.broadcast_arrays(_a(q), _a(moq), _a(pack))
    if np.any(moq < 0) or np.any(np.isnan(moq)):
        raise PlanInputError("최소주문수량(MOQ)은 0 이상이어야 합니다", "The MOQ must not be negative",
                             "bad_moq")
    if np.any(~(pack > 0)):
        raise PlanInputError("포장 단위는 0보다 커야 합니다", "The pack size must be greater than 0",
                             "bad_pack_size")
    wanted = np.maximum(q, moq)
    packs = np.ceil(wanted / pack)
    out = packs * pack
    out = np.where(out < wanted, (packs + 1) * pack, out)  # float division rounding down by an ulp
    return np.where(q > 0, out, 0.0)


def expected_order_size(
    mu: ArrayLike, review_period: ArrayLike, moq: ArrayLike = 0.0, pack: ArrayLike = 1.0,
    eoq_qty: ArrayLike | None = None,
) -> np.ndarray:
    """The Q of the fill-rate equation: a typical order, max(μ·max(R, 1), MOQ, pack) — or
    max(EOQ, MOQ, pack) under the EOQ rule. At least one day of demand, so that R = 0 (pure base
    stock) still allows some shortage per order."""
    base = _a(mu) * np.maximum(_a(review_period), 1.0) if eoq_qty is None else _a(eoq_qty)
    return np.maximum(np.maximum(base, _a(moq)), _a(pack))


def excess_stock(on_hand: ArrayLike, mu: ArrayLike, lead_time: ArrayLike, safety_stock: ArrayLike) -> np.ndarray:
    """Overstock: on hand − (μ·L + SS); positive means more than the lead time and safety need."""
    return _a(on_hand) - (_a(mu) * _a(lead_time) + _a(safety_stock))


def days_of_supply(stock: ArrayLike, mu: ArrayLike) -> np.ndarray:
    """stock / μ. With μ = 0: +inf when there is stock (it never runs out), 0 when there is none."""
    stock, mu = np.broadcast_arrays(_a(stock), _a(mu))
    with np.errstate(all="ignore"):
        out = np.where(mu > 0, np.clip(stock, 0.0, None) / mu, np.where(stock > 0, np.inf, 0.0))
    return out


# ---------------------------------------------------------------- projections


def project_stock(on_hand: ArrayLike, receipts: np.ndarray | None, demand: np.ndarray) -> np.ndarray:
    """Projected end-of-day stock (n × H) with lost sales: stock_d = max(0, stock_{d−1} + r_d − D_d),
    day 0 = today. `demand` (n × H) is e.g. the forecast's p50 path; `receipts` (n × H) scheduled
    arrivals (None: none)."""
    demand = np.atleast_2d(_a(demand))
    n, h = demand.shape
    stock = np.broadcast_to(_a(on_hand), (n,)).astype(float).copy()
    r = np.zeros((n, h)) if receipts is None else _fit(np.atleast_2d(_a(receipts)), n, h)
    out = np.empty((n, h))
    for d in range(h):
        stock = np.clip(stock + r[:, d] - demand[:, d], 0.0, None)
        out[:, d] = stock
    return out


def _fit(a: np.ndarray, n: int, h: int) -> np.ndarray:
    """An (n × ≤h) array padded with zeros (or cut) to n × h."""
    a = np.broadcast_to(a, (n, a.shape[1]))
    return a[:, :h] if a.shape[1] >= h else np.pad(a, ((0, 0), (0, h - a.shape[1])))


def stockout_day(on_hand: ArrayLike, receipts: np.ndarray | None, demand: np.ndarray) -> np.ndarray:
    """First day index (0 = today) on which the projected stock reaches 0 while there is demand to
    serve (stock ≤ 0 and demand that day > 0); −1 when that does not happen within the path."""
    stock = project_stock(on_hand, receipts, demand)
    demand = np.broadcast_to(np.atleast_2d(_a(demand)), stock.shape)
    hit = (stock <= 0) & (demand > 0)
    return np.where(hit.any(axis=1), hit.argmax(axis=1), -1)


def order_by_day(available: ArrayLike, demand: np.ndarray, rop: ArrayLike) -> np.ndarray:
    """Day index (0 = today) by which an order must be placed: today when the position is already at
    or below ROP, else the first day the projected position (position − cumulative demand) reaches
    ROP; −1 when it does not within the path."""
    demand = np.atleast_2d(_a(demand))
    available = np.broadcast_to(_a(available), (demand.shape[0],))
    rop = np.broadcast_to(_a(rop), (demand.shape[0],))
    position = available[:, None] - np.cumsum(demand, axis=1)
    hit = position <= rop[:, None]
    later = np.where(hit.any(axis=1), hit.argmax(axis=1), -1)
    return np.where(available <= rop, 0, later)


# ---------------------------------------------------------------- the whole plan


def _vec(name: str, value, n: int, default: float | None = None) -> np.ndarray:
    if value is None:
        if default is None:
            raise PlanInputError(f"{name} 값이 필요합니다", f"{name} is required", f"missing_{name}")
        value = default
    arr = np.asarray(value, dtype=float)
    if arr.ndim == 0:
        return np.full(n, float(arr))
    if arr.shape != (n,):
        raise PlanInputError(f"{name}의 길이가 SKU 수({n})와 다릅니다", f"{name} must have one value per SKU ({n})",
                             "bad_shape")
    return arr.astype(float)


def _enum_vec(kind, value, n: int) -> np.ndarray:
    values = [value] * n if isinstance(value, str) else list(value)
    if len(values) != n:
        raise PlanInputError(f"{kind.__name__} 값의 수가 SKU 수와 다릅니다",
                             f"{kind.__name__} must be one value or one per SKU", "bad_shape")
    try:
        return np.array([kind(v).value for v in values], dtype=object)
    except ValueError as exc:
        raise PlanInputError(f"알 수 없는 설정값: {exc}", f"Unknown setting: {exc}", "bad_setting") from exc


def _check(bad: np.ndarray, ids: Sequence[str], ko: str, en: str, code: str) -> None:
    if bad.any():
        skus = [ids[i] for i in np.flatnonzero(bad)]
        shown = ", ".join(skus[:5]) + (f" (+{len(skus) - 5})" if len(skus) > 5 else "")
        raise PlanInputError(f"{ko} (SKU: {shown})", f"{en} (SKU: {shown})", code, skus)


def _f(x: float) -> str:
    """A number for an explanation line: 1.65, 4.2, 26, 1,130."""
    if x is None or not math.isfinite(x):
        return "∞" if x == math.inf else "—"
    if abs(x - round(x)) < 1e-9 or abs(x) >= 100:
        return f"{round(x):,}"
    if abs(x) >= 10:
        return f"{x:.1f}".rstrip("0").rstrip(".")
    return f"{x:.2f}".rstrip("0").rstrip(".")


def _q(x: float) -> str:
    """A quantity result: whole units from 10 up, one decimal below."""
    if not math.isfinite(x):
        return _f(x)
    return f"{round(x):,}" if abs(x) >= 10 else f"{x:.1f}".rstrip("0").rstrip(".")


def _pct(x: float) -> str:
    return f"{x * 100:.4g}%"


def plan(
    *,
    on_hand: ArrayLike,
    mu: ArrayLike,
    lead_time: ArrayLike,
    sigma: ArrayLike | None = None,
    on_order: ArrayLike = 0.0,
    backorders: ArrayLike = 0.0,
    lead_time_sd: ArrayLike = 0.0,
    lead_time_demand_mean: ArrayLike | None = None,
    lead_time_demand_quantile: ArrayLike | None = None,
    lead_time_demand_samples: np.ndarray | None = None,
    lead_time_demand_p50: ArrayLike | None = None,
    forecast_30: ArrayLike | None = None,
    manual_safety_stock: ArrayLike = 0.0,
    moq: ArrayLike = 0.0,
    pack_size: ArrayLike = 1.0,
    service_level: ArrayLike = 0.95,
    service_measure: ServiceMeasure | str | Sequence[str] = ServiceMeasure.cycle,
    method: SafetyStockMethod | str | Sequence[str] = SafetyStockMethod.statistical,
    order_rule: OrderRule | str | Sequence[str] = OrderRule.seed,
    review_period: ArrayLike = 7.0,
    ordering_cost: ArrayLike | None = None,
    unit_cost: ArrayLike | None = None,
    holding_rate: ArrayLike = 0.25,
    annual_demand: ArrayLike | None = None,
    p50_path: np.ndarray | None = None,
    scheduled_receipts: np.ndarray | None = None,
    today: dt.date | None = None,
    skus: Sequence[str] | None = None,
) -> pl.DataFrame:
    """The replenishment plan for a batch of SKUs, one row each, vectorised.

    Inputs are keyword arrays with one value per SKU, or scalars applied to all (n = len(on_hand)):

    - stock: `on_hand`, `on_order`, `backorders` (units);
    - forecast: `mu` (mean daily demand; NaN = no forecast yet: μ = 0 and the manual safety stock),
      `sigma` (sd of daily demand; needed by `statistical` / `lead_time_variability`),
      `lead_time_demand_mean` E[D_L] (default μ·L), `lead_time_demand_quantile` Q_α(D_L) at the
      service level, `lead_time_demand_samples` (n × P draws of D_L: the forecast's sample paths
      summed over L; needed for `forecast_quantile` with a fill-rate target), `lead_time_demand_p50`
      (shown only), `forecast_30` (30-day forecast total, for `coverage`; NaN = none yet),
      `p50_path` (n × H daily p50 from today; default μ every day for 365 days);
    - supply: `lead_time` (days, ≥ 1), `lead_time_sd`, `moq`, `pack_size`, `scheduled_receipts`
      (n × H arrivals by day from today);
    - settings (one value or one per SKU): `method` (SafetyStockMethod), `service_measure`
      (ServiceMeasure), `service_level` (0 < level < 1: a cycle service level or a fill rate),
      `order_rule` (OrderRule), `review_period` R (days of cycle stock, default 7), costs for EOQ:
      `ordering_cost` per order, `unit_cost`, `holding_rate` per year, `annual_demand` (default 365·μ);
    - `today` (default date.today()), `skus` (ids, default "0", "1", …).

    Returns a polars frame: sku, method, service_measure, service_level, mu, sigma, lead_time,
    on_hand, on_order, backorders, position, lead_time_demand (E[D_L]), lead_time_demand_p50,
    safety_factor (z or k; null for the quantile and coverage methods), safety_stock, reorder_point,
    target_stock, eoq, order_qty_raw (before rounding), order_qty (rounded; 0 unless needed now),
    order_needed, next_order_qty (what the order on the order-by date would be), order_by_date,
    expected_arrival, days_of_supply (on hand / μ; null when μ = 0), days_of_supply_after_arrival,
    excess, stockout_date, warnings (list of WarningCode values), explain_en and explain_ko (lists of
    one-line formulas for SS, ROP and Q).

    Raises PlanInputError (a ValueError with Korean and English text) for a lead time missing or
    below 1 day, a negative MOQ, a pack size ≤ 0, a service level outside (0, 1), negative μ/σ, or
    settings that lack the data they need. An MOQ above a year of demand is only a warning.
    """
    on_hand_a = np.atleast_1d(np.asarray(on_hand, dtype=float))
    n = on_hand_a.shape[0]
    ids = [str(s) for s in skus] if skus is not None else [str(i) for i in range(n)]
    if len(ids) != n:
        raise PlanInputError("SKU 수가 재고 수와 다릅니다", "skus must have one id per row", "bad_shape")
    today = today or dt.date.today()

    L = _vec("lead_time", lead_time, n)
    _check(~np.isfinite(L) | (L < 1), ids, "리드타임은 1일 이상이어야 합니다",
           "The lead time must be at least 1 day", "bad_lead_time")
    mu_in = _vec("mu", mu, n)
    no_forecast = np.isnan(mu_in)
    _check(mu_in < 0, ids, "수요 예측은 음수일 수 없습니다", "Forecast demand must not be negative", "bad_mu")
    mu_a = np.where(no_forecast, 0.0, mu_in)
    sig = _vec("sigma", sigma, n, default=np.nan)
    sig_missing = np.isnan(sig)
    _check(sig < 0, ids, "수요 표준편차는 음수일 수 없습니다", "The demand sd must not be negative", "bad_sigma")
    sig = np.where(sig_missing, 0.0, sig)
    lt_sd = _vec("lead_time_sd", lead_time_sd, n)
    _check(lt_sd < 0, ids, "리드타임 표준편차는 음수일 수 없습니다", "The lead-time sd must not be negative",
           "bad_lead_time_sd")
    moq_a, pack_a = _vec("moq", moq, n), _vec("pack_size", pack_size, n)
    _check(~(moq_a >= 0), ids, "최소주문수량(MOQ)은 0 이상이어야 합니다", "The MOQ must not be negative", "bad_moq")
    _check(~(pack_a > 0), ids, "포장 단위는 0보다 커야 합니다", "The pack size must be greater than 0", "bad_pack_size")
    level = _vec("service_level", service_level, n)
    service_factor(level)
    R = _vec("review_period", review_period, n)
    _check(~(R >= 0), ids, "발주 주기는 0일 이상이어야 합니다", "The review period must be 0 days or more",
           "bad_review_period")
    methods = _enum_vec(SafetyStockMethod, method, n)
    measures = _enum_vec(ServiceMeasure, service_measure, n)
    rules = _enum_vec(OrderRule, order_rule, n)
    hand = on_hand_a
    oo, bo = _vec("on_order", on_order, n), _vec("backorders", backorders, n)
    position = available_stock(hand, oo, bo)
    fill = measures == ServiceMeasure.fill_rate.value
    m_stat = methods == SafetyStockMethod.statistical.value
    m_var = methods == SafetyStockMethod.lead_time_variability.value
    m_q = (methods == SafetyStockMethod.forecast_quantile.value) & ~no_forecast
    m_cov = methods == SafetyStockMethod.coverage.value
    _check((m_stat | m_var) & sig_missing & ~no_forecast, ids, "이 안전재고 방식에는 수요 표준편차(σ)가 필요합니다",
           "This safety-stock method needs the demand sd (sigma)", "missing_sigma")

    # EOQ (also the fill rate's Q under the EOQ rule)
    eoq_rows = rules == OrderRule.eoq.value
    annual = _vec("annual_demand", annual_demand, n, default=np.nan)
    annual = np.where(np.isnan(annual), DAYS_PER_YEAR * mu_a, annual)
    eoq_a = np.full(n, np.nan)
    if eoq_rows.any():
        s_cost = _vec("ordering_cost", ordering_cost, n, default=np.nan)
        u_cost = _vec("unit_cost", unit_cost, n, default=np.nan)
        h_rate = _vec("holding_rate", holding_rate, n)
        holding = u_cost * h_rate
        _check(eoq_rows & ~((s_cost >= 0) & (holding > 0)), ids,
               "EOQ에는 발주비용과 양수의 보관비용(단가 × 보관비율)이 필요합니다",
               "EOQ needs an ordering cost and a positive holding cost (unit cost × holding rate)", "missing_costs")
        eoq_a = np.where(eoq_rows, eoq(annual, np.where(eoq_rows, s_cost, 0), np.where(eoq_rows, holding, 1)),
                         np.nan)
    q_typ = expected_order_size(mu_a, R, moq_a, pack_a)
    q_typ = np.where(eoq_rows, expected_order_size(mu_a, R, moq_a, pack_a, np.nan_to_num(eoq_a)), q_typ)

    # safety stock by method
    lt_mean = _vec("lead_time_demand_mean", lead_time_demand_mean, n, default=np.nan)
    lt_mean = np.where(np.isnan(lt_mean) | no_forecast, mu_a * L, lt_mean)
    sd_stat = sig * np.sqrt(L)
    sd_var = lead_time_demand_sd(mu_a, sig, L, lt_sd)
    sd_used = np.where(m_var, sd_var, sd_stat)
    factor = np.full(n, np.nan)
    cyc = ~fill
    if cyc.any():
        factor[cyc] = service_factor(level[cyc])
    if fill.any():
        factor[fill] = fill_rate_factor(level[fill], q_typ[fill], sd_used[fill])
    ss = np.zeros(n)
    ss = np.where(m_stat, safety_stock_statistical(factor, sig, L), ss)
    ss = np.where(m_var, safety_stock_lead_time_variability(factor, mu_a, sig, L, lt_sd), ss)
    quantile_used = np.full(n, np.nan)
    if m_q.any():
        quantile_used = _forecast_quantile_levels(
            m_q, fill, level, q_typ, lt_mean, lead_time_demand_quantile, lead_time_demand_samples, ids, n)
        ss = np.where(m_q, safety_stock_forecast_quantile(quantile_used, lt_mean), ss)
    f30 = _vec("forecast_30", forecast_30, n, default=np.nan)
    f30 = np.where(no_forecast, np.nan, f30)
    manual = np.nan_to_num(_vec("manual_safety_stock", manual_safety_stock, n), nan=0.0)
    ss = np.where(m_cov, safety_stock_coverage(f30, L, manual), ss)
    ss = np.where(no_forecast, np.clip(manual, 0.0, None), ss)  # no forecast yet: the manual value
    factor = np.where(m_stat | m_var, factor, np.nan)
    factor = np.where(no_forecast, np.nan, factor)

    rop = np.where(m_q, lt_mean + ss, reorder_point(mu_a, L, ss))
    target = target_stock(mu_a, R)
    # quantities: a little rounding first so 51.0000000001 does not become 52 packs of 1
    raw_seed = np.round(order_quantity_seed(rop, target, position), 6)
    raw_eoq = np.round(order_quantity_eoq(np.nan_to_num(eoq_a), rop, position), 6)
    needed = position <= rop
    raw = np.where(eoq_rows, raw_eoq, raw_seed)
    qty = round_order(np.where(needed, raw, 0.0), moq_a, pack_a)
    needed = needed & (qty > 0)

    # projections from the p50 path
    if p50_path is None:
        horizon = int(max(DAYS_PER_YEAR, np.max(L) + np.max(R) + 30))
        path = np.repeat(mu_a[:, None], horizon, axis=1)
    else:
        path = np.atleast_2d(np.asarray(p50_path, dtype=float))
        if path.shape[0] != n:
            raise PlanInputError("p50 경로의 행 수가 SKU 수와 다릅니다", "p50_path needs one row per SKU", "bad_shape")
        path = np.nan_to_num(path, nan=0.0)
        horizon = path.shape[1]
    receipts = None if scheduled_receipts is None else _fit(np.atleast_2d(np.asarray(scheduled_receipts, float)),
                                                            n, horizon)
    stock_path = project_stock(hand, receipts, path)
    out_day = stockout_day(hand, receipts, path)
    by_day = order_by_day(position, path, rop)
    # needed now: today; at/below ROP but nothing to order (zero demand): no date
    by_day = np.where(needed, 0, np.where(position <= rop, -1, by_day))
    cum = np.cumsum(path, axis=1)
    pos_then = np.where(needed | (by_day < 0), position, position - cum[np.arange(n), np.clip(by_day, 0, horizon - 1)])
    next_raw = np.where(eoq_rows, np.round(order_quantity_eoq(np.nan_to_num(eoq_a), rop, pos_then), 6),
                        np.round(order_quantity_seed(rop, target, pos_then), 6))
    next_qty = np.where(by_day >= 0, round_order(np.where(by_day >= 0, next_raw, 0.0), moq_a, pack_a), 0.0)
    lt_days = np.ceil(L).astype(int)
    arrival_day = np.where(by_day >= 0, by_day + lt_days, -1)
    before = arrival_day - 1
    stock_at_arrival = np.where(
        (arrival_day >= 0) & (before < horizon),
        np.where(before >= 0, stock_path[np.arange(n), np.clip(before, 0, horizon - 1)], hand), np.nan)
    dos = np.where(mu_a > 0, days_of_supply(hand, mu_a), np.nan)  # no demand: undefined (null)
    dos_after = np.where(np.isnan(stock_at_arrival) | (mu_a <= 0), np.nan,
                         days_of_supply(np.nan_to_num(stock_at_arrival) + next_qty, mu_a))
    excess = excess_stock(hand, mu_a, L, ss)
    early_out = (out_day >= 0) & ((arrival_day < 0) | (out_day < np.where(arrival_day >= 0, arrival_day, 10**9)))

    def date(day: int) -> dt.date | None:
        return today + dt.timedelta(days=int(day)) if day >= 0 else None

    rows_warnings, en_lines, ko_lines = [], [], []
    for i in range(n):
        w = []
        if moq_a[i] > 0 and moq_a[i] > DAYS_PER_YEAR * mu_a[i]:
            w.append(WarningCode.moq_exceeds_year.value)
        if no_forecast[i]:
            w.append(WarningCode.no_forecast.value)
        if early_out[i] and mu_a[i] > 0:
            w.append(WarningCode.stockout_before_arrival.value)
        rows_warnings.append(w)
        en, ko = _explain(i, methods[i], fill[i], no_forecast[i], level[i], factor[i], sig[i], L[i], mu_a[i],
                          lt_sd[i], quantile_used[i], lt_mean[i], f30[i], manual[i], q_typ[i], ss[i], rop[i],
                          target[i], position[i], rules[i], eoq_a[i], raw[i], qty[i], needed[i], moq_a[i],
                          pack_a[i], date(by_day[i]), next_qty[i])
        en_lines.append(en)
        ko_lines.append(ko)

    def nullable(a: np.ndarray) -> list[float | None]:
        return [None if not math.isfinite(v) else float(v) for v in a]

    p50_l = _vec("lead_time_demand_p50", lead_time_demand_p50, n, default=np.nan)
    if p50_path is not None:
        p50_from_path = cum[np.arange(n), np.clip(lt_days - 1, 0, horizon - 1)]
        p50_l = np.where(np.isnan(p50_l), p50_from_path, p50_l)
    p50_l = np.where(np.isnan(p50_l), lt_mean, p50_l)
    return pl.DataFrame({
        "sku": ids,
        "method": list(methods),
        "service_measure": list(measures),
        "service_level": level,
        "mu": mu_a,
        "sigma": nullable(np.where(sig_missing, np.nan, sig)),
        "lead_time": L,
        "on_hand": hand,
        "on_order": oo,
        "backorders": bo,
        "position": position,
        "lead_time_demand": lt_mean,
        "lead_time_demand_p50": p50_l,
        "safety_factor": nullable(factor),
        "safety_stock": ss,
        "reorder_point": rop,
        "target_stock": target,
        "eoq": nullable(eoq_a),
        "order_qty_raw": raw,
        "order_qty": qty,
        "order_needed": needed,
        "next_order_qty": next_qty,
        "order_by_date": [date(d) for d in by_day],
        "expected_arrival": [date(d) for d in arrival_day],
        "days_of_supply": nullable(dos),
        "days_of_supply_after_arrival": nullable(dos_after),
        "excess": excess,
        "stockout_date": [date(d) for d in out_day],
        "warnings": rows_warnings,
        "explain_en": en_lines,
        "explain_ko": ko_lines,
    }, schema_overrides={"warnings": pl.List(pl.String), "order_by_date": pl.Date, "expected_arrival": pl.Date,
                         "stockout_date": pl.Date})


def _forecast_quantile_levels(m_q, fill, level, q_typ, lt_mean, quantile, samples, ids, n) -> np.ndarray:
    """The lead-time demand level s each forecast_quantile row protects up to: the given quantile or
    the samples' quantile at the cycle service level, or the fill-rate level on the samples."""
    out = np.full(n, np.nan)
    given = _vec("lead_time_demand_quantile", quantile, n, default=np.nan)
    draws = None if samples is None else np.atleast_2d(np.asarray(samples, dtype=float))
    if draws is not None and draws.shape[0] != n:
        raise PlanInputError("리드타임 수요 표본의 행 수가 SKU 수와 다릅니다",
                             "lead_time_demand_samples needs one row per SKU", "bad_shape")
    need_samples = m_q & fill
    if need_samples.any():
        _check(need_samples & (draws is None), ids,
               "충족률 목표의 예측 분위수 방식에는 리드타임 수요 표본이 필요합니다",
               "The forecast_quantile method with a fill-rate target needs lead_time_demand_samples",
               "missing_samples")
        rows = np.flatnonzero(need_samples)
        out[rows] = fill_rate_level(draws[rows], level[rows], q_typ[rows])
    cyc = m_q & ~fill
    if cyc.any():
        rows = np.flatnonzero(cyc)
        from_samples = np.full(rows.size, np.nan)
        if draws is not None:
            from_samples = np.array([np.quantile(draws[r], level[r]) for r in rows])
        vals = np.where(np.isnan(given[rows]), from_samples, given[rows])
        _check(np.isin(np.arange(n), rows[np.isnan(vals)]), ids,
               "예측 분위수 방식에는 리드타임 수요의 분위수나 표본이 필요합니다",
               "The forecast_quantile method needs the lead-time demand quantile or samples", "missing_quantile")
        out[rows] = vals
    return out


def _explain(i, method, fill, no_fc, level, factor, sigma, L, mu, lt_sd, quantile, lt_mean, f30, manual, q_typ,
             ss, rop, target, position, rule, eoq_q, raw, qty, needed, moq, pack, by_date, next_qty):
    """One line each for SS, ROP and Q, in English and Korean."""
    tag_en = f" (k for a {_pct(level)} fill rate, Q {_q(q_typ)})" if fill else ""
    tag_ko = f" (충족률 {_pct(level)}의 k, Q {_q(q_typ)})" if fill else ""
    if no_fc:
        ss_en = f"SS = manual safety stock {_q(ss)} (no forecast yet)"
        ss_ko = f"안전재고 SS = 수동 입력값 {_q(ss)} (아직 예측 없음)"
    elif method == SafetyStockMethod.statistical.value:
        body = f"SS = {_f(factor)} × {_f(sigma)} × √{_f(L)} = {_q(ss)}"
        ss_en, ss_ko = body + tag_en, "안전재고 " + body + tag_ko
    elif method == SafetyStockMethod.lead_time_variability.value:
        body = f"SS = {_f(factor)} × √({_f(L)} × {_f(sigma)}² + {_f(mu)}² × {_f(lt_sd)}²) = {_q(ss)}"
        ss_en, ss_ko = body + tag_en, "안전재고 " + body + tag_ko
    elif method == SafetyStockMethod.forecast_quantile.value:
        if fill:
            body = f"SS = max(0, {_q(quantile)} − {_q(lt_mean)}) = {_q(ss)}"
            ss_en = body + f" (lead-time demand level with expected shortage {_pct(1 - level)} × Q {_q(q_typ)})"
            ss_ko = "안전재고 " + body + f" (기대 부족량이 {_pct(1 - level)} × Q {_q(q_typ)}인 리드타임 수요)"
        else:
            body = f"SS = max(0, {_q(quantile)} − {_q(lt_mean)}) = {_q(ss)}"
            ss_en = body + f" (lead-time demand {_pct(level)} quantile − mean)"
            ss_ko = "안전재고 " + body + f" (리드타임 수요 {_pct(level)} 분위수 − 평균)"
    else:
        if math.isnan(f30):
            ss_en = f"SS = manual safety stock {_q(ss)} (no 30-day forecast yet)"
            ss_ko = f"안전재고 SS = 수동 입력값 {_q(ss)} (아직 30일 예측 없음)"
        else:
            body = f"SS = {_q(f30)} × {_f(L)}/30 = {_q(ss)}"
            ss_en, ss_ko = body + " (30-day forecast × L/30)", "안전재고 " + body + " (30일 예측 × L/30)"
    if method == SafetyStockMethod.forecast_quantile.value and not no_fc:
        rop_body = f"ROP = {_q(lt_mean)} + {_q(ss)} = {_q(rop)}"
    else:
        rop_body = f"ROP = {_f(mu)} × {_f(L)} + {_q(ss)} = {_q(rop)}"
    rop_en, rop_ko = rop_body, "재주문점 " + rop_body

    def rounding(en: bool) -> str:
        parts = []
        if qty > 0 and moq > 0 and raw < moq:
            parts.append(f"MOQ {_q(moq)}" if en else f"최소주문 {_q(moq)}")
        if qty > 0 and pack > 1:
            parts.append(f"{'pack' if en else '포장'} {_f(pack)}")
        if abs(qty - raw) <= 1e-9:
            return ""
        if not parts:  # only up to whole units
            return f" → {_q(qty)} ({'rounded up' if en else '올림'})"
        moq_only = len(parts) == 1 and moq > 0 and raw < moq and abs(qty - moq) <= 1e-9
        return f" → {parts[0]}" if moq_only else f" → {', '.join(parts)}: {_q(qty)}"

    if rule == OrderRule.eoq.value:
        q_body = f"Q = max(EOQ {_q(eoq_q)}, {_q(rop)} − {_q(position)} + 1) = {_q(raw)}"
    else:
        q_body = f"Q = max(0, {_q(rop)} + {_q(target)} − {_q(position)}) = {_q(max(rop + target - position, 0))}"
    if needed:
        q_en, q_ko = q_body + rounding(True), "발주량 " + q_body + rounding(False)
    else:
        when_en = f"next order by {by_date}: {_q(next_qty)}" if by_date else "no order within the forecast"
        when_ko = f"다음 발주 {by_date}까지: {_q(next_qty)}" if by_date else "예측 기간 내 발주 없음"
        q_en = f"position {_q(position)} > ROP {_q(rop)}: no order now ({when_en})"
        q_ko = f"재고위치 {_q(position)} > 재주문점 {_q(rop)}: 지금은 발주 불필요 ({when_ko})"
        if position <= rop:
            q_en, q_ko = f"position {_q(position)} ≤ ROP {_q(rop)} but Q = 0", \
                f"재고위치 {_q(position)} ≤ 재주문점 {_q(rop)}, 그러나 발주량 0"
    return [ss_en, rop_en, q_en], [ss_ko, rop_ko, q_ko]
