"""Korean retail calendar for the demo: holidays, weekday and yearly patterns.

설날 and 추석 follow the lunar calendar, so their dates are hard-coded (the `holidays` package is
not a dependency). Outside 2022–2029 the lunar holidays are simply absent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import numpy as np

# The main day of each lunar holiday (the holiday itself spans the day before and after).
SEOLLAL = {
    2022: dt.date(2022, 2, 1), 2023: dt.date(2023, 1, 22), 2024: dt.date(2024, 2, 10),
    2025: dt.date(2025, 1, 29), 2026: dt.date(2026, 2, 17), 2027: dt.date(2027, 2, 7),
    2028: dt.date(2028, 1, 26), 2029: dt.date(2029, 2, 13),
}
CHUSEOK = {
    2022: dt.date(2022, 9, 10), 2023: dt.date(2023, 9, 29), 2024: dt.date(2024, 9, 17),
    2025: dt.date(2025, 10, 6), 2026: dt.date(2026, 9, 25), 2027: dt.date(2027, 9, 15),
    2028: dt.date(2028, 10, 3), 2029: dt.date(2029, 9, 22),
}

# Korean online orders peak on Monday (weekend browsing, ordering from work) and dip on Saturday.
WEEKDAY_FACTORS = np.array([1.22, 1.12, 1.04, 1.00, 0.93, 0.78, 0.91])  # Monday .. Sunday

# Multipliers applied to every category around public holidays: couriers stop a few days
# before 설날/추석, orders collapse during the holiday, then rebound.
COURIER_CUTOFF_FACTOR = 0.75
HOLIDAY_FACTOR = 0.5
REBOUND_FACTOR = 1.15


def korean_holidays(start: dt.date, end: dt.date) -> list[tuple[dt.date, str]]:
    """설날, 추석, 어린이날 and 크리스마스 between start and end (inclusive), in date order."""
    found = []
    for year in range(start.year, end.year + 1):
        candidates = [(dt.date(year, 5, 5), "어린이날"), (dt.date(year, 12, 25), "크리스마스")]
        if year in SEOLLAL:
            candidates.append((SEOLLAL[year], "설날"))
        if year in CHUSEOK:
            candidates.append((CHUSEOK[year], "추석"))
        found.extend(c for c in candidates if start <= c[0] <= end)
    return sorted(found)


def weekday_index(dates: np.ndarray) -> np.ndarray:
    """Monday = 0 for an array of datetime64[D] (1970-01-01 was a Thursday)."""
    return (dates.astype(np.int64) + 3) % 7


def yearly_factor(dates: np.ndarray, monthly: Sequence[float]) -> np.ndarray:
    """A smooth yearly curve through 12 monthly levels (anchored mid-month, wrapping around)."""
    levels = np.asarray(monthly, dtype=float)
    levels = levels / levels.mean()
    years = dates.astype("datetime64[Y]")
    day_of_year = (dates - years.astype("datetime64[D]")).astype(np.int64)
    anchors = 15.2 + 30.4 * np.arange(12)
    # Pad one month on each side so interpolation wraps from December into January.
    xs = np.concatenate(([anchors[-1] - 365.0], anchors, [anchors[0] + 365.0]))
    ys = np.concatenate(([levels[-1]], levels, [levels[0]]))
    return np.interp(day_of_year, xs, ys)


def holiday_factor(dates: np.ndarray, uplifts: Mapping[str, float]) -> np.ndarray:
    """Multiplier per day for holiday effects.

    `uplifts` gives a category's peak multiplier for the seasons it sells into:
    "gift" (설날/추석 gift sets, ramping up over the three weeks before the courier cut-off),
    "children" (어린이날 presents) and "christmas". The holiday shutdown applies to everyone.
    """
    factor = np.ones(len(dates))
    first = dates[0].astype(dt.date)
    last = dates[-1].astype(dt.date)
    origin = dates[0]

    def window(start: dt.date, end: dt.date) -> slice:
        lo = int((np.datetime64(start) - origin).astype(np.int64))
        hi = int((np.datetime64(end) - origin).astype(np.int64)) + 1
        return slice(max(lo, 0), max(min(hi, len(dates)), 0))

    def ramp_up(start: dt.date, end: dt.date, peak: float) -> None:
        span = window(start, end)
        full = (end - start).days + 1
        offset = (np.datetime64(start) - origin).astype(np.int64)
        position = np.arange(span.start, span.stop) - offset + 1
        factor[span] *= 1.0 + (peak - 1.0) * position / full

    margin = dt.timedelta(days=40)  # gift seasons start before the holiday itself
    for day, name in korean_holidays(first - margin, last + margin):
        if name in ("설날", "추석"):
            if "gift" in uplifts:
                ramp_up(day - dt.timedelta(days=21), day - dt.timedelta(days=5), uplifts["gift"])
            factor[window(day - dt.timedelta(days=4), day - dt.timedelta(days=2))] *= COURIER_CUTOFF_FACTOR
            factor[window(day - dt.timedelta(days=1), day + dt.timedelta(days=1))] *= HOLIDAY_FACTOR
            factor[window(day + dt.timedelta(days=2), day + dt.timedelta(days=3))] *= REBOUND_FACTOR
        elif name == "어린이날":
            if "children" in uplifts:
                ramp_up(day - dt.timedelta(days=14), day - dt.timedelta(days=2), uplifts["children"])
            factor[window(day, day)] *= 0.8
        elif name == "크리스마스":
            if "christmas" in uplifts:
                ramp_up(day - dt.timedelta(days=18), day - dt.timedelta(days=3), uplifts["christmas"])
            factor[window(day, day)] *= 0.8
    return factor
