"""Synthetic daily sales per product and channel, fully vectorised over (product, channel, day).

Expected demand = base rate × trend × weekday × yearly season × holidays × launch ramp, split over
channels, lifted by promotions; counts are drawn from a negative binomial. Intermittent products
instead get Croston-style demand: rare order days with a random order size.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from smartstock.demo import korean_calendar
from smartstock.demo.data import CHANNELS, DemoSales

PROMOTIONS_PER_YEAR = 2.5
PROMOTION_DAYS = (3, 7)  # inclusive
PROMOTION_UPLIFT = (1.6, 3.5)
PROMOTION_DISCOUNT = (0.10, 0.25)
POST_PROMOTION_DIP = 0.8  # demand pulled forward by the promotion
POST_PROMOTION_DIP_DAYS = 3
# Which channel runs a promotion (Coupang deals dominate); the last entry means "every channel".
PROMOTION_CHANNEL_WEIGHTS = (0.5, 0.3, 0.1, 0.1)


@dataclass(frozen=True)
class DemandProfile:
    """How one product sells. Rates are units per day across channels at the end of the history."""

    category: str
    base_rate: float
    trend_per_year: float  # log growth per year (negative: declining product)
    launch_day: int  # day index of the launch; negative when launched before the history
    ramp_days: float  # time constant of the post-launch ramp-up
    channel_shares: tuple[float, ...]  # per channel in CHANNELS order, sums to 1
    prices: tuple[int, ...]  # regular selling price per channel, KRW
    dispersion: float  # negative-binomial size: smaller means noisier
    weekday_strength: float  # 0 = flat week, 1 = the typical Korean pattern
    intermittent: bool = False
    mean_order_size: float = 1.0  # intermittent products: units per order day


@dataclass(frozen=True)
class CategoryDemand:
    monthly: Sequence[float]
    holiday_uplift: Mapping[str, float]


def simulate_sales(
    rng: np.random.Generator,
    profiles: Sequence[DemandProfile],
    categories: Mapping[str, CategoryDemand],
    start: dt.date,
    days: int,
) -> DemoSales:
    dates = np.arange(np.datetime64(start, "D"), np.datetime64(start, "D") + days)
    level = _expected_level(profiles, categories, dates)
    uplift, discount = _promotions(rng, profiles, days)

    shares = np.array([p.channel_shares for p in profiles])
    mean = level[:, None, :] * shares[:, :, None] * uplift
    dispersion = np.array([p.dispersion for p in profiles])[:, None, None]
    quantity = rng.negative_binomial(dispersion, dispersion / (dispersion + mean))

    intermittent = np.array([p.intermittent for p in profiles])
    if intermittent.any():
        quantity[intermittent] = _intermittent_quantities(
            rng, [p for p in profiles if p.intermittent], level[intermittent], shares[intermittent],
            uplift[intermittent],
        )
    return _to_sparse(start, days, profiles, quantity, discount)


def _expected_level(
    profiles: Sequence[DemandProfile], categories: Mapping[str, CategoryDemand], dates: np.ndarray
) -> np.ndarray:
    """Expected units per product and day over all channels, before promotions: (P, D)."""
    days = len(dates)
    t = np.arange(days)
    season = {
        name: korean_calendar.yearly_factor(dates, spec.monthly)
        * korean_calendar.holiday_factor(dates, spec.holiday_uplift)
        for name, spec in categories.items()
    }
    weekday = korean_calendar.WEEKDAY_FACTORS[korean_calendar.weekday_index(dates)]
    level = np.empty((len(profiles), days))
    for i, p in enumerate(profiles):
        trend = np.exp(p.trend_per_year * (t - (days - 1)) / 365.0)
        week = 1.0 + p.weekday_strength * (weekday - 1.0)
        since_launch = t - p.launch_day
        ramp = np.where(since_launch >= 0, 1.0 - np.exp(-(since_launch + 1) / p.ramp_days), 0.0)
        level[i] = p.base_rate * trend * week * season[p.category] * ramp
    return level


def _promotions(
    rng: np.random.Generator, profiles: Sequence[DemandProfile], days: int
) -> tuple[np.ndarray, np.ndarray]:
    """Demand uplift (P, C, D; 1 = none) and price discount (P, C, D; 0 = no promotion)."""
    uplift = np.ones((len(profiles), len(CHANNELS), days))
    discount = np.zeros_like(uplift)
    n_promotions = rng.poisson(PROMOTIONS_PER_YEAR * days / 365.0, size=len(profiles))
    for i, p in enumerate(profiles):
        first_day = max(p.launch_day + 7, 0)
        if first_day >= days - PROMOTION_DAYS[0]:
            continue
        sold_on = [c for c, share in enumerate(p.channel_shares) if share > 0]
        for _ in range(n_promotions[i]):
            begin = int(rng.integers(first_day, days - PROMOTION_DAYS[0]))
            end = min(begin + int(rng.integers(PROMOTION_DAYS[0], PROMOTION_DAYS[1] + 1)), days)
            target = int(rng.choice(len(PROMOTION_CHANNEL_WEIGHTS), p=PROMOTION_CHANNEL_WEIGHTS))
            channels = sold_on if target == len(CHANNELS) or target not in sold_on else [target]
            lift = float(np.exp(rng.uniform(*np.log(PROMOTION_UPLIFT))))
            cut = float(rng.uniform(*PROMOTION_DISCOUNT))
            after = slice(end, min(end + POST_PROMOTION_DIP_DAYS, days))
            for c in channels:
                uplift[i, c, begin:end] = lift
                discount[i, c, begin:end] = cut
                not_promoted = discount[i, c, after] == 0
                uplift[i, c, after][not_promoted] = POST_PROMOTION_DIP
    return uplift, discount


def _intermittent_quantities(
    rng: np.random.Generator,
    profiles: Sequence[DemandProfile],
    level: np.ndarray,
    shares: np.ndarray,
    uplift: np.ndarray,
) -> np.ndarray:
    """Croston-style demand: an order day happens with probability level / order size, the order
    goes to one channel (promoted channels attract it) and has a geometric size."""
    order_size = np.array([p.mean_order_size for p in profiles])[:, None]
    weights = shares[:, :, None] * uplift  # (I, C, D)
    channel_lift = weights.sum(axis=1)
    probability = np.clip(level / order_size * channel_lift, 0.0, 0.9)
    orders = rng.random(probability.shape) < probability
    sizes = rng.geometric(1.0 / order_size, size=probability.shape)
    cumulative = np.cumsum(weights / np.maximum(channel_lift[:, None, :], 1e-12), axis=1)
    channel = (rng.random(probability.shape)[:, None, :] > cumulative).sum(axis=1)
    channel = np.minimum(channel, len(CHANNELS) - 1)
    quantity = np.zeros_like(weights, dtype=np.int64)
    product, day = np.nonzero(orders)
    quantity[product, channel[product, day], day] = sizes[product, day]
    return quantity


def _to_sparse(
    start: dt.date,
    days: int,
    profiles: Sequence[DemandProfile],
    quantity: np.ndarray,
    discount: np.ndarray,
) -> DemoSales:
    product, channel, day = np.nonzero(quantity)
    sold = quantity[product, channel, day]
    regular = np.array([p.prices for p in profiles], dtype=np.int64)[product, channel]
    cut = discount[product, channel, day]
    # Promotion prices are rounded to 10 won, as shops do.
    unit_price = np.where(cut > 0, np.round(regular * (1.0 - cut) / 10.0) * 10.0, regular)
    return DemoSales(
        start_date=start,
        days=days,
        product_index=product.astype(np.int32),
        channel_index=channel.astype(np.int8),
        day_index=day.astype(np.int32),
        quantity=sold.astype(np.int32),
        revenue=(sold * unit_price).astype(np.int64),
        promotion=cut > 0,
    )
