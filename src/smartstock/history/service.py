"""Daily demand per product (and per channel), ready for forecasting: every day from a product's
first sale (or launch) to the tenant's last day of sales data, zero where nothing sold, and `stockout` where the
product could not be sold. A zero on a stock-out day is censored demand, not zero demand.

Stock-out days come from two places: the sales history's own flag (a file's stock column at or
below zero) and the stock ledger (the day ended with nothing on hand). A set is out of stock when
any of its components is.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
from sqlalchemy import Integer, cast, func, select
from sqlalchemy.orm import Session

from smartstock.db.models import DailySales, Product, SetComponent, StockMovement
from smartstock.kit.tenancy import TenantRepository

SCHEMA = {"product_id": pl.Int64, "channel": pl.String, "date": pl.Date, "quantity": pl.Int64, "stockout": pl.Boolean}


def daily_demand(session: Session, tenant_id: int, *, product_ids: list[int] | None = None,
                 by_channel: bool = False, end: dt.date | None = None, promotion: bool = False) -> pl.DataFrame:
    """Columns: product_id, [channel,] date, quantity, stockout[, promotion] — one row per product
    (and channel) and day, gaps filled with zero; `promotion` marks days sold on promotion."""
    repo = TenantRepository(session, tenant_id)
    sales = _sales(session, tenant_id, product_ids, by_channel)
    keys = ["product_id", "channel"] if by_channel else ["product_id"]
    if sales.is_empty():
        return pl.DataFrame(schema={k: v for k, v in {**SCHEMA, "promotion": pl.Boolean}.items()
                                    if (by_channel or k != "channel") and (promotion or k != "promotion")})
    end = end or sales.get_column("date").max()  # the last day with data: later days are unknown
    launched = _launch_dates(session, tenant_id, sales.get_column("product_id").unique().to_list())
    spans = (sales.group_by(keys).agg(pl.col("date").min().alias("first"))
             .join(launched, on="product_id", how="left")
             .with_columns(pl.min_horizontal("first", "launched_on").alias("first"))
             .with_columns(pl.date_ranges("first", pl.lit(end), interval="1d").alias("date"))
             .explode("date").select(*keys, "date"))
    filled = (spans.join(sales, on=[*keys, "date"], how="left")
              .with_columns(pl.col("quantity").fill_null(0), pl.col("flagged").fill_null(False),
                            pl.col("promoted").fill_null(False)))
    ledger_out = _ledger_stockouts(session, repo, filled.get_column("product_id").unique().to_list(), end)
    return (filled.join(ledger_out, on=["product_id", "date"], how="left")
            .with_columns((pl.col("flagged") | pl.col("ledger_out").fill_null(False)).alias("stockout"))
            .select(*keys, "date", "quantity", "stockout", *([pl.col("promoted").alias("promotion")] if promotion else []))
            .sort([*keys, "date"]))


def _sales(session: Session, tenant_id: int, product_ids: list[int] | None, by_channel: bool) -> pl.DataFrame:
    group = [DailySales.product_id, DailySales.sale_date] + ([DailySales.channel] if by_channel else [])
    stmt = (select(*group, func.sum(DailySales.quantity), func.max(cast(DailySales.stockout, Integer)),
                   func.max(cast(DailySales.promotion, Integer)))
            .where(DailySales.tenant_id == tenant_id).group_by(*group))
    if product_ids is not None:
        stmt = stmt.where(DailySales.product_id.in_(product_ids))
    rows = session.execute(stmt).all()
    columns = ["product_id", "date", *(["channel"] if by_channel else []), "quantity", "flagged", "promoted"]
    frame = pl.DataFrame([tuple(r) for r in rows], schema=columns, orient="row")
    if frame.is_empty():
        return pl.DataFrame(schema={"product_id": pl.Int64, "date": pl.Date, "quantity": pl.Int64, "flagged": pl.Boolean,
                                    "promoted": pl.Boolean, **({"channel": pl.String} if by_channel else {})})
    casts = [pl.col("product_id").cast(pl.Int64), pl.col("date").cast(pl.Date), pl.col("quantity").cast(pl.Int64),
             (pl.col("flagged").cast(pl.Int64) > 0).alias("flagged"),
             (pl.col("promoted").cast(pl.Int64) > 0).alias("promoted")]
    if by_channel:
        casts.append(pl.col("channel").cast(pl.String))
    return frame.with_columns(casts)


def _launch_dates(session: Session, tenant_id: int, product_ids: list[int]) -> pl.DataFrame:
    rows = session.execute(select(Product.id, Product.launched_on).where(
        Product.tenant_id == tenant_id, Product.id.in_(product_ids))).all()
    return pl.DataFrame(rows, schema={"product_id": pl.Int64, "launched_on": pl.Date}, orient="row")


def _ledger_stockouts(session: Session, repo: TenantRepository, product_ids: list[int], end: dt.date) -> pl.DataFrame:
    """Days that ended with nothing on hand, from each product's last movement balance per day
    carried forward; for sets, the days any component was out."""
    components = session.execute(select(SetComponent.set_product_id, SetComponent.component_id).where(
        SetComponent.tenant_id == repo.tenant_id, SetComponent.set_product_id.in_(product_ids))).all()
    tracked = set(product_ids) | {c for _, c in components}
    rows = session.execute(
        select(StockMovement.product_id, StockMovement.created_at, StockMovement.balance_after)
        .where(StockMovement.tenant_id == repo.tenant_id, StockMovement.product_id.in_(tracked),
               StockMovement.balance_after.is_not(None))
        .order_by(StockMovement.id)
    ).all()
    empty = pl.DataFrame(schema={"product_id": pl.Int64, "date": pl.Date, "ledger_out": pl.Boolean})
    if not rows:
        return empty
    zone = str(repo.zone())
    moves = (pl.DataFrame(rows, schema={"product_id": pl.Int64, "at": pl.Datetime("us", "UTC"), "balance": pl.Int64},
                          orient="row")
             .with_columns(pl.col("at").dt.convert_time_zone(zone).dt.date().alias("date"))
             .group_by("product_id", "date", maintain_order=True).agg(pl.col("balance").last()))
    days = (moves.group_by("product_id").agg(pl.col("date").min().alias("first"))
            .with_columns(pl.date_ranges("first", pl.lit(end), interval="1d").alias("date"))
            .explode("date").select("product_id", "date"))
    out = (days.join(moves, on=["product_id", "date"], how="left").sort("product_id", "date")
           .with_columns(pl.col("balance").forward_fill().over("product_id"))
           .select("product_id", "date", (pl.col("balance") <= 0).alias("ledger_out")))
    if components:
        links = pl.DataFrame(components, schema={"set_id": pl.Int64, "product_id": pl.Int64}, orient="row")
        sets = (links.join(out, on="product_id").group_by("set_id", "date").agg(pl.col("ledger_out").any())
                .rename({"set_id": "product_id"}))
        out = pl.concat([out.filter(~pl.col("product_id").is_in(links.get_column("set_id").to_list())), sets])
    return out


def product_demand(session: Session, tenant_id: int, product_id: int, by_channel: bool, days: int) -> list[dict]:
    repo = TenantRepository(session, tenant_id)
    repo.get_or_404(Product, product_id, ("상품", "Product"))
    frame = daily_demand(session, tenant_id, product_ids=[product_id], by_channel=by_channel)
    if frame.height:
        frame = frame.filter(pl.col("date") > frame.get_column("date").max() - dt.timedelta(days=days))
    return frame.drop("product_id").to_dicts()
