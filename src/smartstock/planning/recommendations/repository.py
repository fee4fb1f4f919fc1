from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from smartstock.db.models import DailySales, Product, ProductKind, StockBalance
from smartstock.kit.tenancy import TenantRepository


class RecommendationRepository(TenantRepository):
    def products(self, ids: Sequence[int] | None = None) -> list[Product]:
        """Active single products (sets are ordered as their components), by master SKU."""
        stmt = self.scoped(Product, joinedload(Product.supplier)).where(
            Product.is_active.is_(True), Product.kind == ProductKind.single)
        if ids is not None:
            stmt = stmt.where(Product.id.in_(list(ids)))
        return list(self.session.scalars(stmt.order_by(Product.master_sku)).unique())

    def on_hand(self, product_ids: Sequence[int]) -> dict[int, int]:
        if not product_ids:
            return {}
        rows = self.session.execute(
            select(StockBalance.product_id, StockBalance.on_hand).where(
                StockBalance.tenant_id == self.tenant_id, StockBalance.product_id.in_(list(product_ids))))
        return {pid: int(q) for pid, q in rows}

    def sales_since(self, since: dt.date) -> dict[int, tuple[int, Decimal | None]]:
        """Per product, units and revenue sold since `since` (inclusive)."""
        rows = self.session.execute(
            select(DailySales.product_id, func.sum(DailySales.quantity), func.sum(DailySales.revenue))
            .where(DailySales.tenant_id == self.tenant_id, DailySales.sale_date >= since)
            .group_by(DailySales.product_id))
        return {pid: (int(qty or 0), revenue) for pid, qty, revenue in rows}
