"""Queries for uploads: the product codes a file may use, sales already in the history, the
rows an upload wrote (for undo), remembered layouts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import polars as pl
from sqlalchemy import delete, exists, select
from sqlalchemy.orm import aliased

from smartstock.db.models import (
    ChannelSku,
    DailySales,
    MovementReason,
    Product,
    ProductKind,
    SetComponent,
    StockBalance,
    StockMovement,
    Upload,
    UploadLayout,
)
from smartstock.ingest.cleanse import sku_key
from smartstock.kit.tenancy import TenantRepository

UPLOAD = ("업로드", "Upload")
INSERT_BATCH = 20_000


def source_ref(upload_id: int) -> str:
    return f"upload:{upload_id}"


class IngestRepository(TenantRepository):
    def known_skus(self) -> dict[str, str]:
        """sku_key(code) → master SKU, for master, PlayAuto and channel codes."""
        known: dict[str, str] = {}
        for master, playauto in self.session.execute(
            select(Product.master_sku, Product.playauto_sku).where(Product.tenant_id == self.tenant_id)
        ):
            known[sku_key(master)] = master
            if playauto:
                known.setdefault(sku_key(playauto), master)
        for code, master in self.session.execute(
            select(ChannelSku.channel_sku, Product.master_sku).join(Product, Product.id == ChannelSku.product_id)
            .where(ChannelSku.tenant_id == self.tenant_id)
        ):
            known.setdefault(sku_key(code), master)
        for master in list(known.values()):  # the master form itself always wins
            known[sku_key(master)] = master
        return known

    def set_skus(self) -> frozenset[str]:
        return frozenset(self.session.scalars(
            select(Product.master_sku).where(Product.tenant_id == self.tenant_id, Product.kind == ProductKind.set)))

    def on_hand(self) -> dict[str, int]:
        return dict(self.session.execute(
            select(Product.master_sku, StockBalance.on_hand).join(StockBalance, StockBalance.product_id == Product.id)
            .where(Product.tenant_id == self.tenant_id)).all())

    def set_components(self) -> dict[str, list[tuple[str, int]]]:
        """Set master SKU → [(component master SKU, units per set)]."""
        component = aliased(Product)
        out: dict[str, list[tuple[str, int]]] = {}
        for set_sku, part_sku, quantity in self.session.execute(
            select(Product.master_sku, component.master_sku, SetComponent.quantity)
            .join(SetComponent, SetComponent.set_product_id == Product.id)
            .join(component, component.id == SetComponent.component_id)
            .where(Product.tenant_id == self.tenant_id)
        ):
            out.setdefault(set_sku, []).append((part_sku, quantity))
        return out

    def product_ids(self) -> dict[str, int]:
        return dict(self.session.execute(
            select(Product.master_sku, Product.id).where(Product.tenant_id == self.tenant_id)).all())

    def products_changed_since(self, since: dt.datetime) -> set[str]:
        return set(self.session.scalars(select(Product.master_sku).where(
            Product.tenant_id == self.tenant_id, Product.updated_at > since)))

    def existing_days(self, first: dt.date, last: dt.date, skus: list[str]) -> pl.DataFrame:
        """(sku, channel, date) already in the sales history for these master SKUs and days (a
        re-sent big file can match hundreds of thousands of days: read raw)."""
        wanted = set(skus)
        ids = {pid: sku for sku, pid in self.product_ids().items() if sku in wanted}
        parts = []
        for chunk in _chunks(list(ids), 1000):
            stmt = (select(DailySales.product_id, DailySales.channel, DailySales.sale_date)
                    .where(DailySales.tenant_id == self.tenant_id, DailySales.product_id.in_(chunk),
                           DailySales.sale_date.between(first, last)))
            rows = self._fetch_raw(stmt)
            if rows:
                product, channel, day = zip(*rows, strict=True)
                parts.append(pl.DataFrame({"product_id": pl.Series(product, dtype=pl.Int64),
                                           "channel": pl.Series(channel, dtype=pl.String),
                                           "date": _as_dates(pl.Series(day))}))
        if not parts:
            return pl.DataFrame(schema={"sku": pl.String, "channel": pl.String, "date": pl.Date})
        skus_by_id = pl.DataFrame({"product_id": list(ids), "sku": list(ids.values())},
                                  schema={"product_id": pl.Int64, "sku": pl.String})
        return (pl.concat(parts).join(skus_by_id, on="product_id")
                .select("sku", "channel", "date").unique())

    def _fetch_raw(self, stmt) -> list[tuple]:
        """Rows straight from the driver's cursor, skipping SQLAlchemy's per-row processing (5x
        faster for big reads). Only for statements whose values are ints and dates we made."""
        connection = self.session.connection()
        sql = str(stmt.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True}))
        cursor = connection.connection.dbapi_connection.cursor()
        try:
            cursor.execute(sql)
            return cursor.fetchall()
        finally:
            cursor.close()

    def layout(self, signature: str) -> UploadLayout | None:
        return self.session.scalars(self.scoped(UploadLayout).where(UploadLayout.signature == signature)).first()

    def applied_with_sha(self, sha256: str) -> Upload | None:
        return self.session.scalars(self.scoped(Upload).where(Upload.applied_sha256 == sha256)).first()

    def upload_page(self, offset: int, limit: int) -> tuple[list[Upload], int]:
        stmt = self.scoped(Upload)
        rows = self.session.scalars(stmt.order_by(Upload.id.desc()).offset(offset).limit(limit)).all()
        return list(rows), self.count(stmt)

    def insert_sales(self, rows: Iterator[dict]) -> int:
        written, batch = 0, []
        for row in rows:
            batch.append(row)
            if len(batch) >= INSERT_BATCH:
                written += self._insert(batch)
                batch = []
        return written + (self._insert(batch) if batch else 0)

    def _insert(self, batch: list[dict]) -> int:
        # the table's own INSERT: an executemany without the ORM's bulk bookkeeping (2x faster)
        self.session.execute(DailySales.__table__.insert(), batch)
        return len(batch)

    def delete_sales(self, upload_id: int) -> int:
        return self.session.execute(delete(DailySales).where(
            DailySales.tenant_id == self.tenant_id, DailySales.upload_id == upload_id)).rowcount

    def removable_products(self, upload_id: int) -> list[Product]:
        """Products an upload registered that nothing else uses (no sales, stock, sets or codes)."""
        used = (
            exists().where(DailySales.product_id == Product.id)
            | exists().where(StockMovement.product_id == Product.id)
            | exists().where(SetComponent.component_id == Product.id)
            | exists().where(SetComponent.set_product_id == Product.id)
            | exists().where(ChannelSku.product_id == Product.id)
        )
        return list(self.session.scalars(self.scoped(Product).where(
            Product.created_by_upload_id == upload_id, ~used)))

    def upload_movements(self, upload_id: int) -> list[StockMovement]:
        """The movements an upload booked (sets' component movements hang off their parent)."""
        return list(self.session.scalars(self.scoped(StockMovement).where(
            StockMovement.source_ref == source_ref(upload_id), StockMovement.parent_movement_id.is_(None),
            StockMovement.reason != MovementReason.undo,
        ).order_by(StockMovement.id.desc())))


def _as_dates(values: pl.Series) -> pl.Series:
    """Raw dates: ISO text on SQLite, date objects on the server databases."""
    if values.dtype == pl.String:
        return values.str.slice(0, 10).str.to_date("%Y-%m-%d")
    return values.cast(pl.Date)


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
