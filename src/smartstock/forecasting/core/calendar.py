"""Known-future calendar features: public holidays (Korean by default) and their eves.

Korean online demand moves around 설날 and 추석: parcels stop for the holiday itself and orders
spike in the days before. The features therefore mark the holiday and the three days before it.
"""

from __future__ import annotations

import datetime as dt

import holidays
import polars as pl

from smartstock.forecasting.core.frames import TIME

CALENDAR_FEATURES = ("is_holiday", "before_holiday")


def holiday_calendar(start: dt.date, end: dt.date, country: str | None = "KR") -> pl.DataFrame:
    """One row per day from start to end: `ds`, `is_holiday` (0/1), `before_holiday` (0/1).

    `country` is an ISO code understood by the `holidays` package; None gives no holidays.
    """
    days = pl.date_range(start, end, interval="1d", eager=True).alias(TIME)
    if country is None:
        return pl.DataFrame({TIME: days}).with_columns(
            pl.lit(0, pl.Int8).alias(name) for name in CALENDAR_FEATURES
        )
    calendar = holidays.country_holidays(country, years=range(start.year, end.year + 2))
    holiday_days = sorted(calendar.keys())
    eves = {d - dt.timedelta(days=k) for d in holiday_days for k in (1, 2, 3)} - set(holiday_days)
    return pl.DataFrame({TIME: days}).with_columns(
        pl.col(TIME).is_in(holiday_days).cast(pl.Int8).alias("is_holiday"),
        pl.col(TIME).is_in(sorted(eves)).cast(pl.Int8).alias("before_holiday"),
    )
