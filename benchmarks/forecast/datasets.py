"""The three benchmark datasets, each split into training history and a 28-day hold-out.

Every loader returns a `Dataset` whose frames use the engine's column names (`unique_id`, `ds`,
`y`, plus covariates). Training series are gap-free (one row per day from the series' first sale
to the last training day; days without a sale are 0), so statsforecast baselines and the engine
see exactly the same history. The hold-out covers every series on every one of its 28 days.

- m5: 28 items × stores CA_1 and TX_1 (56 series), leading zeros before an item's first sale
  dropped (M5 practice: the item was not stocked yet). Covariates `price` (the week's
  sell_price, forward-filled over weeks without one) and `snap` (the store's state SNAP flag),
  both known over the hold-out. Group: cat_id. Hold-out 2016-03-28 … 2016-04-24.
- online_retail: the UCI file through the product's own cleansing (read_table → recognise →
  cleanse with its default actions), daily quantity per SKU; the 500 SKUs with the most units
  in the training period (never chosen by hold-out volume). Hold-out: the file's last 28 days,
  2011-11-12 … 2011-12-09 (the last day is a partial day: the file ends at 12:50).
- store_item: 500 series (store × item), the last 730 + 28 days of the file; hold-out
  2017-12-04 … 2017-12-31. Group: item.

`quick` keeps a spread of 40 series (every k-th id) for development runs.
"""

from __future__ import annotations

import datetime as dt
import gzip
import sys
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[2]
HORIZON = 28
QUICK_SERIES = 40
ID, TIME, TARGET = "unique_id", "ds", "y"


@dataclass
class Dataset:
    name: str
    train: pl.DataFrame  # unique_id, ds, y, covariates…; gap-free per series
    test: pl.DataFrame  # unique_id, ds, y over the hold-out
    holidays_country: str | None
    covariates: tuple[str, ...] = ()
    future_covariates: pl.DataFrame | None = None  # unique_id, ds, covariates over the hold-out
    groups: dict[str, str] | None = None
    notes: list[str] = field(default_factory=list)
    info: dict = field(default_factory=dict)

    def describe(self) -> dict:
        lengths = self.train.group_by(ID).agg(pl.len().alias("n"))["n"]
        return {
            "series": self.train[ID].n_unique(),
            "train_rows": self.train.height,
            "train_first": str(self.train[TIME].min()),
            "train_last": str(self.train[TIME].max()),
            "holdout_first": str(self.test[TIME].min()),
            "holdout_last": str(self.test[TIME].max()),
            "history_days_min": int(lengths.min()),
            "history_days_median": float(lengths.median()),
            "history_days_max": int(lengths.max()),
            "train_zero_share": round(float((self.train[TARGET] == 0).mean()), 3),
            "holdout_zero_share": round(float((self.test[TARGET] == 0).mean()), 3),
            "holdout_units": float(self.test[TARGET].sum()),
            "holidays_country": self.holidays_country,
            "covariates": list(self.covariates),
            "groups": len(set(self.groups.values())) if self.groups else 0,
            **self.info,
        }


def shared_data_dir() -> Path:
    sys.path.insert(0, str(ROOT / "src"))
    from smartstock.settings import get_settings

    shared = get_settings().shared_data_dir
    if not shared.is_absolute():
        shared = (ROOT / shared).resolve()
    if not shared.exists():
        raise SystemExit(f"{shared} not found (set SMARTSTOCK_SHARED_DATA)")
    return shared


def _spread(ids: list[str], n: int) -> list[str]:
    """n ids spread evenly over the sorted list (deterministic)."""
    ids = sorted(ids)
    if len(ids) <= n:
        return ids
    step = len(ids) / n
    return [ids[int(k * step)] for k in range(n)]


def _fill_gaps(df: pl.DataFrame, end: dt.date) -> pl.DataFrame:
    """Each series daily from its first row to `end`; missing days have y = 0."""
    spans = df.group_by(ID).agg(pl.col(TIME).min().alias("_start"))
    grid = spans.select(ID, pl.date_ranges("_start", pl.lit(end), interval="1d").alias(TIME)).explode(TIME)
    return grid.join(df, on=[ID, TIME], how="left").with_columns(pl.col(TARGET).fill_null(0.0)).sort(ID, TIME)


def _split(df: pl.DataFrame, holdout_first: dt.date) -> tuple[pl.DataFrame, pl.DataFrame]:
    train = df.filter(pl.col(TIME) < holdout_first)
    test = df.filter(pl.col(TIME) >= holdout_first)
    live = train[ID].unique()
    return train.sort(ID, TIME), test.filter(pl.col(ID).is_in(live.implode())).sort(ID, TIME)


# ---------------------------------------------------------------- M5

def m5(shared: Path, quick: bool = False) -> Dataset:
    folder = shared / "m5"
    sales = pl.concat([
        pl.read_csv(folder / f"sales_{store}.csv.gz", try_parse_dates=True, schema_overrides={"sales": pl.Float64})
        for store in ("CA_1", "TX_1")
    ])
    calendar = pl.read_csv(folder / "calendar.csv", try_parse_dates=True).select(
        pl.col("date").cast(pl.Date), "wm_yr_wk", "snap_CA", "snap_TX")
    prices = pl.read_csv(folder / "sell_prices.csv.gz")
    df = (
        sales.with_columns(pl.col("date").cast(pl.Date))
        .join(calendar, on="date", how="left")
        .join(prices, on=["store_id", "item_id", "wm_yr_wk"], how="left")
        .with_columns(
            pl.concat_str("item_id", pl.lit("_"), "store_id").alias(ID),
            pl.when(pl.col("store_id").str.starts_with("CA")).then("snap_CA").otherwise("snap_TX")
            .cast(pl.Int64).alias("snap"),
        )
        .rename({"date": TIME, "sales": TARGET, "sell_price": "price"})
        .sort(ID, TIME)
        # weeks without a price: the last known price (and before the first one, the first)
        .with_columns(pl.col("price").forward_fill().backward_fill().over(ID))
        # integer cents: engine.py's flag check (`is_in([0, 1])`) raises on a Float64 covariate
        .with_columns((pl.col("price") * 100).round().cast(pl.Int64))
    )
    groups = dict(df.select(ID, "cat_id").unique().iter_rows())
    # drop each series' leading zeros (before the item was first sold)
    first_sale = df.filter(pl.col(TARGET) > 0).group_by(ID).agg(pl.col(TIME).min().alias("_first"))
    trimmed_days = df.join(first_sale, on=ID).filter(pl.col(TIME) < pl.col("_first")).height
    df = df.join(first_sale, on=ID).filter(pl.col(TIME) >= pl.col("_first")).select(ID, TIME, TARGET, "price", "snap")
    if quick:
        df = df.filter(pl.col(ID).is_in(_spread(df[ID].unique().to_list(), QUICK_SERIES)))
    holdout_first = dt.date(2016, 3, 28)
    train, test = _split(df, holdout_first)
    future = test.select(ID, TIME, "price", "snap")
    test = test.select(ID, TIME, TARGET)
    return Dataset(
        "m5", train, test, "US", covariates=("price", "snap"), future_covariates=future,
        groups={k: v for k, v in groups.items() if k in set(train[ID].to_list())},
        notes=[f"{trimmed_days:,} leading zero days (before each item's first sale) dropped",
               "price: weekly sell_price joined by wm_yr_wk, forward-filled, in integer cents (a Float64 covariate "
               "makes engine.run raise, see engine.py `_future_features`); snap: snap_CA for CA_1, snap_TX for TX_1 (Int64)",
               "price and snap over the hold-out passed to the engine as future_covariates"],
        info={"leading_zero_days_dropped": trimmed_days},
    )


# ---------------------------------------------------------------- Online Retail

def online_retail(shared: Path, quick: bool = False, top: int = 500) -> Dataset:
    sys.path.insert(0, str(ROOT / "src"))
    from smartstock.ingest.cleanse import Context, cleanse
    from smartstock.ingest.reader import read_table
    from smartstock.ingest.recognize import recognise

    content = gzip.decompress((shared / "online_retail" / "online_retail.csv.gz").read_bytes())
    table = read_table(content, "online_retail.csv")
    recognition = recognise(table)
    cleansed = cleanse(table, recognition.mapping, recognition.kind, Context(today=dt.date(2024, 1, 1)))
    rules = {r.id: {"count": r.count, "action": str(r.action)} for r in cleansed.rules}
    sales = cleansed.sales.group_by("sku", "date").agg(pl.col("quantity").sum().cast(pl.Float64)).rename(
        {"sku": ID, "date": TIME, "quantity": TARGET})
    end = sales[TIME].max()
    holdout_first = end - dt.timedelta(days=HORIZON - 1)
    volume = (sales.filter(pl.col(TIME) < holdout_first).group_by(ID).agg(pl.col(TARGET).sum())
              .sort([TARGET, ID], descending=[True, False]))
    chosen = volume.head(top)[ID].to_list()
    if quick:
        chosen = _spread(chosen, QUICK_SERIES)
    df = _fill_gaps(sales.filter(pl.col(ID).is_in(chosen)), end)
    train, test = _split(df, holdout_first)
    largest = sales.filter(pl.col(ID).is_in(chosen)).sort(TARGET, descending=True).head(1).row(0, named=True)
    return Dataset(
        "online_retail", train, test, "GB",
        notes=[f"cleansed by smartstock.ingest with default actions: {recognition.kind} file, "
               + ", ".join(f"{k} {v['count']:,} ({v['action']})" for k, v in rules.items() if v["count"]),
               f"top {top} SKUs by units sold before the hold-out ({volume.height:,} SKUs sold then)",
               "no trading on Saturdays (zero days); the last hold-out day is a partial day (file ends 12:50)",
               f"largest day kept: {largest[ID]} {largest[TIME]} {largest[TARGET]:,.0f} units (outliers rule: keep)"],
        info={"cleansing_rules": rules, "skus_before_holdout": volume.height, "top": top},
    )


# ---------------------------------------------------------------- Store Item Demand

def store_item(shared: Path, quick: bool = False, train_days: int = 730) -> Dataset:
    raw = pl.read_csv(shared / "store_item_demand" / "train.csv.gz", try_parse_dates=True,
                      schema_overrides={"sales": pl.Float64})
    df = raw.select(
        pl.format("s{}_i{}", pl.col("store").cast(pl.String).str.zfill(2), pl.col("item").cast(pl.String).str.zfill(2))
        .alias(ID),
        pl.col("date").cast(pl.Date).alias(TIME), pl.col("sales").alias(TARGET),
        pl.col("item").cast(pl.String).str.zfill(2).alias("item"),
    )
    end = df[TIME].max()
    holdout_first = end - dt.timedelta(days=HORIZON - 1)
    df = df.filter(pl.col(TIME) >= holdout_first - dt.timedelta(days=train_days))
    if quick:
        df = df.filter(pl.col(ID).is_in(_spread(df[ID].unique().to_list(), QUICK_SERIES)))
    groups = dict(df.select(ID, "item").unique().iter_rows())
    train, test = _split(df.select(ID, TIME, TARGET), holdout_first)
    return Dataset("store_item", train, test, "US", groups={k: f"item {v}" for k, v in groups.items()},
                   notes=[f"last {train_days} training days + {HORIZON} hold-out days of the file; "
                          "the data is widely considered simulated (SOURCES.md)"])


LOADERS = {"m5": m5, "online_retail": online_retail, "store_item": store_item}


def load(name: str, quick: bool = False) -> Dataset:
    if name not in LOADERS:
        raise SystemExit(f"unknown dataset {name!r} (have {', '.join(LOADERS)})")
    return LOADERS[name](shared_data_dir(), quick)
