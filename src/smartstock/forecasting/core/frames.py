"""Column naming at the core's edge and the shape checks every entry point shares."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

ID, TIME, TARGET, CENSORED = "unique_id", "ds", "y", "censored"


@dataclass(frozen=True)
class Columns:
    """The caller's column names for series id, date, quantity and (optional) stock-out flag."""

    id: str = ID
    time: str = TIME
    target: str = TARGET
    censored: str | None = None

    def standardise(self, df: pl.DataFrame, extra: tuple[str, ...] = ()) -> pl.DataFrame:
        """Rename to the core's names, cast types, sort, and fill missing days with zero demand.

        A day with no row is a day without sales (zero demand), except before a series' first row.
        """
        for name in (self.id, self.time, self.target, *(c for c in [self.censored] if c)):
            if name not in df.columns:
                raise ValueError(f"column {name!r} is missing (have {df.columns})")
        renames = {self.id: ID, self.time: TIME, self.target: TARGET}
        if self.censored:
            renames[self.censored] = CENSORED
        out = df.rename(renames).select(ID, TIME, TARGET, *([CENSORED] if self.censored else []), *extra)
        out = out.with_columns(
            pl.col(ID).cast(pl.String),
            pl.col(TIME).cast(pl.Date),
            pl.col(TARGET).cast(pl.Float64).fill_null(0.0),
        )
        if CENSORED not in out.columns:
            out = out.with_columns(pl.lit(False).alias(CENSORED))
        out = out.with_columns(pl.col(CENSORED).cast(pl.Boolean).fill_null(False))
        out = aggregate_days(out, extra)
        return fill_gaps(out, extra)

    def restore(self, df: pl.DataFrame) -> pl.DataFrame:
        renames = {ID: self.id, TIME: self.time}
        return df.rename({k: v for k, v in renames.items() if k in df.columns and k != v})


def aggregate_days(df: pl.DataFrame, extra: tuple[str, ...] = ()) -> pl.DataFrame:
    """One row per series and day: quantities summed (transactional input), a day censored if any row is."""
    return df.group_by(ID, TIME).agg(
        pl.col(TARGET).sum(), pl.col(CENSORED).any(), *(pl.col(c).max() for c in extra)
    ).sort(ID, TIME)


def fill_gaps(df: pl.DataFrame, extra: tuple[str, ...] = ()) -> pl.DataFrame:
    """Every series runs daily from its first day to the frame's last day; missing days are zero."""
    if df.is_empty():
        return df
    end = df[TIME].max()
    spans = df.group_by(ID).agg(pl.col(TIME).min().alias("start"))
    grid = spans.select(
        ID, pl.date_ranges("start", pl.lit(end), interval="1d").alias(TIME)
    ).explode(TIME)
    out = grid.join(df, on=[ID, TIME], how="left").with_columns(
        pl.col(TARGET).fill_null(0.0), pl.col(CENSORED).fill_null(False)
    )
    if extra:
        out = out.with_columns(pl.col(c).forward_fill().over(ID).fill_null(0) for c in extra)
    return out.sort(ID, TIME)
