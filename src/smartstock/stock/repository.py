"""Stock queries. Balances change only through `change_balance`, a single atomic UPDATE."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import and_, exists, func, insert, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import joinedload

from smartstock.db.models import Product, ProductKind, StockBalance, StockLot, StockLotDraw, StockMovement
from smartstock.kit.tenancy import TenantRepository

MOVEMENT = ("재고 이동", "Stock movement")
MAX_ON_HAND = 2**31 - 1  # on_hand is a 32-bit INTEGER on MariaDB and PostgreSQL


class StockRepository(TenantRepository):
    def ensure_balance(self, product_id: int) -> None:
        """Create the product's balance row if missing, without racing a concurrent creator.
        Called only when an UPDATE found no row: an INSERT IGNORE on an existing row would take
        a shared lock on MariaDB and could deadlock two concurrent movements."""
        values = dict(tenant_id=self.tenant_id, product_id=product_id, on_hand=0)
        dialect = self.session.get_bind().dialect.name
        if dialect == "postgresql":
            stmt = pg_insert(StockBalance).values(**values).on_conflict_do_nothing()
        elif dialect == "sqlite":
            stmt = sqlite_insert(StockBalance).values(**values).on_conflict_do_nothing()
        else:
            stmt = insert(StockBalance).values(**values).prefix_with("IGNORE")
        self.session.execute(stmt)

    def change_balance(self, product_id: int, delta: int, *, allow_negative: bool) -> int | None:
        """Add `delta` to on_hand in one UPDATE; returns the new balance, or None when refused
        because it would go below zero (or beyond ±MAX_ON_HAND). The UPDATE's row lock
        serializes concurrent movements."""
        where = [StockBalance.tenant_id == self.tenant_id, StockBalance.product_id == product_id]
        if not allow_negative and delta < 0:
            where.append(StockBalance.on_hand + delta >= 0)
        if delta > 0:
            where.append(StockBalance.on_hand <= MAX_ON_HAND - delta)
        elif delta < 0:
            where.append(StockBalance.on_hand >= -MAX_ON_HAND - delta)
        stmt = (
            update(StockBalance).where(*where).values(on_hand=StockBalance.on_hand + delta)
            .execution_options(synchronize_session=False)
        )
        if self.session.execute(stmt).rowcount == 0:
            if self._has_balance_row(product_id):
                return None
            self.ensure_balance(product_id)
            if self.session.execute(stmt).rowcount == 0:
                return None
        return self.locked_balance(product_id)

    def _has_balance_row(self, product_id: int) -> bool:
        return bool(self.session.scalar(select(exists().where(
            StockBalance.tenant_id == self.tenant_id, StockBalance.product_id == product_id
        ))))

    def locked_balance(self, product_id: int) -> int:
        """Current balance with a row lock (reads the latest committed value on every database)."""
        stmt = (
            select(StockBalance.on_hand)
            .where(StockBalance.tenant_id == self.tenant_id, StockBalance.product_id == product_id)
            .with_for_update()
        )
        value = self.session.scalar(stmt)
        if value is None:
            self.ensure_balance(product_id)
            value = self.session.scalar(stmt)
        return value

    def balance(self, product_id: int) -> int:
        value = self.session.scalar(
            select(StockBalance.on_hand).where(
                StockBalance.tenant_id == self.tenant_id, StockBalance.product_id == product_id
            )
        )
        return value or 0

    def open_lots(self, product_id: int) -> Sequence[StockLot]:
        """Lots with stock left, first-expiring first (lots without a date last), locked."""
        return self.session.scalars(
            self.scoped(StockLot)
            .where(StockLot.product_id == product_id, StockLot.remaining > 0)
            .order_by(StockLot.use_by.is_(None), StockLot.use_by, StockLot.received_at, StockLot.id)
            .with_for_update()
        ).all()

    def take_from_lot(self, lot_id: int, quantity: int) -> bool:
        result = self.session.execute(
            update(StockLot)
            .where(StockLot.id == lot_id, StockLot.remaining >= quantity)
            .values(remaining=StockLot.remaining - quantity)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount == 1

    def return_draws(self, movement_id: int) -> None:
        """Put back into their lots the units a movement drew from them."""
        for draw in self.session.scalars(self.scoped(StockLotDraw).where(StockLotDraw.movement_id == movement_id)):
            self.session.execute(
                update(StockLot).where(StockLot.id == draw.lot_id)
                .values(remaining=StockLot.remaining + draw.quantity)
                .execution_options(synchronize_session=False)
            )

    def movement(self, movement_id: int) -> StockMovement:
        return self.get_or_404(StockMovement, movement_id, MOVEMENT)

    def children(self, movement_id: int) -> Sequence[StockMovement]:
        return self.session.scalars(
            self.scoped(StockMovement).where(StockMovement.parent_movement_id == movement_id)
            .order_by(StockMovement.id)
        ).all()

    def undone_ids(self, movement_ids: Sequence[int]) -> set[int]:
        """Which of these movements have been reversed by an undo (one query for a page)."""
        if not movement_ids:
            return set()
        return set(self.session.scalars(
            select(StockMovement.reverses_movement_id).where(
                StockMovement.tenant_id == self.tenant_id, StockMovement.reverses_movement_id.in_(movement_ids))
        ))

    def movement_page(
        self, *, product_id=None, reason=None, source=None, actor_id=None,
        date_from: dt.date | None = None, date_to: dt.date | None = None, ids=None, offset=0, limit=50,
    ) -> tuple[list[tuple[StockMovement, bool]], int]:
        stmt = self.scoped(StockMovement)
        if ids is not None:
            stmt = stmt.where(StockMovement.id.in_(ids))
        if product_id:
            stmt = stmt.where(StockMovement.product_id == product_id)
        if reason:
            stmt = stmt.where(StockMovement.reason == reason)
        if source:
            stmt = stmt.where(StockMovement.source == source)
        if actor_id:
            stmt = stmt.where(StockMovement.actor_id == actor_id)
        stmt = stmt.where(*self.within_days(StockMovement.created_at, date_from, date_to))
        total = self.count(stmt)
        page = self.session.scalars(
            stmt.options(joinedload(StockMovement.product), joinedload(StockMovement.actor),
                         joinedload(StockMovement.lot))
            .order_by(StockMovement.created_at.desc(), StockMovement.id.desc())
            .offset(offset).limit(limit)
        ).all()
        undone = self.undone_ids([m.id for m in page])
        rows = [(m, m.id in undone) for m in page]
        return list(rows), total

    def balance_page(self, *, q=None, category=None, offset=0, limit=50):
        nearest = (
            select(func.min(StockLot.use_by))
            .where(StockLot.product_id == Product.id, StockLot.remaining > 0)
            .correlate(Product)
            .scalar_subquery()
        )
        stmt = (
            select(Product, func.coalesce(StockBalance.on_hand, 0), nearest)
            .outerjoin(StockBalance, and_(StockBalance.product_id == Product.id))
            .where(Product.tenant_id == self.tenant_id, Product.kind == ProductKind.single)
        )
        if q:
            text = q.strip()  # searched literally: % and _ are not wildcards
            stmt = stmt.where(or_(Product.master_sku.icontains(text, autoescape=True),
                                  Product.name.icontains(text, autoescape=True)))
        if category:
            stmt = stmt.where(Product.category == category)
        total = self.count(stmt)
        rows = self.session.execute(stmt.order_by(Product.master_sku).offset(offset).limit(limit)).all()
        return list(rows), total

    def lots(self, *, product_id=None, use_by_before: dt.date | None = None) -> Sequence[StockLot]:
        stmt = self.scoped(StockLot).where(StockLot.remaining > 0)
        if product_id:
            stmt = stmt.where(StockLot.product_id == product_id)
        if use_by_before:
            stmt = stmt.where(StockLot.use_by.is_not(None), StockLot.use_by <= use_by_before)
        return self.session.scalars(stmt.order_by(StockLot.use_by.is_(None), StockLot.use_by)).all()

    def skus(self, product_ids: Sequence[int]) -> dict[int, str]:
        rows = self.session.execute(
            select(Product.id, Product.master_sku).where(Product.tenant_id == self.tenant_id,
                                                         Product.id.in_(product_ids))
        )
        return dict(rows.all())

