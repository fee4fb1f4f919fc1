"""Queries for scenarios, what-if and the Human–AI report (tenant-scoped)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from smartstock.db.models import (
    DailySales,
    Job,
    JobStatus,
    Product,
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseOrderLineChange,
    PurchaseOrderLineChangeKind,
    PurchaseOrderStatus,
)
from smartstock.kit.tenancy import TenantRepository

S = PurchaseOrderStatus
# orders that went out to the supplier (a cancelled order was never carried out)
SENT = (S.sent, S.partly_received, S.received, S.closed)


class ScenarioRepository(TenantRepository):
    # --- jobs
    def active_job(self, kind: str) -> Job | None:
        return self.session.scalars(
            self.scoped(Job).where(Job.kind == kind, Job.status.in_((JobStatus.queued, JobStatus.running)))
            .order_by(Job.id.desc())
        ).first()

    def latest_succeeded(self, kind: str) -> Job | None:
        return self.session.scalars(
            self.scoped(Job).where(Job.kind == kind, Job.status == JobStatus.succeeded).order_by(Job.id.desc())
        ).first()

    # --- sales
    def sales_span(self) -> tuple[dt.date | None, dt.date | None]:
        """First and last day with sales for the tenant."""
        row = self.session.execute(
            select(func.min(DailySales.sale_date), func.max(DailySales.sale_date))
            .where(DailySales.tenant_id == self.tenant_id)
        ).first()
        return (row[0], row[1]) if row else (None, None)

    # --- catalog
    def products(self, ids: Iterable[int]) -> dict[int, Product]:
        ids = list(set(ids))
        if not ids:
            return {}
        rows = self.session.scalars(self.scoped(Product, joinedload(Product.supplier)).where(Product.id.in_(ids)))
        return {p.id: p for p in rows}

    def product(self, product_id: int) -> Product:
        return self.get_or_404(Product, product_id, ("상품", "Product"), joinedload(Product.supplier))

    # --- the Human–AI report
    def proposal_lines(self) -> list[tuple[PurchaseOrderLine, PurchaseOrder]]:
        """Lines carrying an AI proposal, of orders that were sent, oldest order first."""
        rows = self.session.execute(
            select(PurchaseOrderLine, PurchaseOrder)
            .join(PurchaseOrder, PurchaseOrder.id == PurchaseOrderLine.purchase_order_id)
            .options(joinedload(PurchaseOrderLine.product), joinedload(PurchaseOrder.created_by))
            .where(PurchaseOrderLine.tenant_id == self.tenant_id, PurchaseOrder.tenant_id == self.tenant_id,
                   PurchaseOrderLine.proposed_quantity.is_not(None), PurchaseOrder.status.in_(SENT))
            .order_by(PurchaseOrder.ordered_on, PurchaseOrder.id, PurchaseOrderLine.id)
        ).all()
        return [(line, po) for line, po in rows]

    def last_changes(self, line_ids: Iterable[int]) -> dict[int, PurchaseOrderLineChange]:
        """Per line, its newest quantity change (who, why)."""
        ids = list(line_ids)
        if not ids:
            return {}
        rows = self.session.scalars(
            self.scoped(PurchaseOrderLineChange, joinedload(PurchaseOrderLineChange.changed_by))
            .where(PurchaseOrderLineChange.line_id.in_(ids),
                   PurchaseOrderLineChange.kind == PurchaseOrderLineChangeKind.changed)
            .order_by(PurchaseOrderLineChange.id)
        )
        return {c.line_id: c for c in rows if c.line_id is not None}
