from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Select, exists, or_, select
from sqlalchemy.orm import joinedload, selectinload

from smartstock.db.models import (
    ChannelSku,
    Product,
    ProductKind,
    PurchaseOrder,
    PurchaseOrderLine,
    SetComponent,
    StockBalance,
    StockMovement,
    Supplier,
)
from smartstock.kit.tenancy import TenantRepository

PRODUCT = ("상품", "Product")
SUPPLIER = ("공급업체", "Supplier")
CHANNEL_SKU = ("채널 SKU", "Channel SKU")

_PRODUCT_LOADING = (
    joinedload(Product.supplier),
    selectinload(Product.components).joinedload(SetComponent.component),
    selectinload(Product.channel_skus),
)


class CatalogRepository(TenantRepository):
    # --- suppliers
    def suppliers(self) -> Sequence[Supplier]:
        return self.session.scalars(self.scoped(Supplier).order_by(Supplier.name)).all()

    def supplier(self, supplier_id: int) -> Supplier:
        return self.get_or_404(Supplier, supplier_id, SUPPLIER)

    def supplier_by_name(self, name: str) -> Supplier | None:
        return self.session.scalars(self.scoped(Supplier).where(Supplier.name == name)).first()

    def supplier_in_use(self, supplier_id: int) -> bool:
        return bool(self.session.scalar(select(exists().where(Product.supplier_id == supplier_id))))

    # --- products
    def _filtered(
        self, q: str | None, category: str | None, supplier_id: int | None, kind: ProductKind | None
    ) -> Select:
        stmt = self.scoped(Product)
        if q:
            text = q.strip()  # searched literally: % and _ are not wildcards
            stmt = stmt.where(or_(*(col.icontains(text, autoescape=True)
                                    for col in (Product.master_sku, Product.name, Product.playauto_sku))))
        if category:
            stmt = stmt.where(Product.category == category)
        if supplier_id:
            stmt = stmt.where(Product.supplier_id == supplier_id)
        if kind:
            stmt = stmt.where(Product.kind == kind)
        return stmt

    def product_page(
        self, *, q=None, category=None, supplier_id=None, kind=None, offset=0, limit=50
    ) -> tuple[list[Product], int]:
        stmt = self._filtered(q, category, supplier_id, kind)
        total = self.count(stmt)
        rows = self.session.scalars(
            stmt.options(*_PRODUCT_LOADING).order_by(Product.master_sku).offset(offset).limit(limit)
        ).all()
        return list(rows), total

    def product(self, product_id: int, *, loaded: bool = True) -> Product:
        return self.get_or_404(Product, product_id, PRODUCT, *(_PRODUCT_LOADING if loaded else ()))

    def products_by_ids(self, ids: Sequence[int]) -> dict[int, Product]:
        if not ids:
            return {}
        rows = self.session.scalars(self.scoped(Product).where(Product.id.in_(ids))).all()
        return {p.id: p for p in rows}

    def products_by_sku(self) -> dict[str, Product]:
        rows = self.session.scalars(self.scoped(Product, selectinload(Product.components))).all()
        return {p.master_sku: p for p in rows}

    def sku_taken(self, master_sku: str, exclude_id: int | None = None) -> bool:
        stmt = self.scoped(Product).where(Product.master_sku == master_sku)
        if exclude_id is not None:
            stmt = stmt.where(Product.id != exclude_id)
        return self.session.scalars(stmt).first() is not None

    def on_hand(self, product_ids: Sequence[int]) -> dict[int, int]:
        if not product_ids:
            return {}
        rows = self.session.execute(
            select(StockBalance.product_id, StockBalance.on_hand).where(
                StockBalance.tenant_id == self.tenant_id, StockBalance.product_id.in_(product_ids)
            )
        )
        return dict(rows.all())

    def has_movements(self, product_id: int) -> bool:
        return bool(self.session.scalar(select(exists().where(StockMovement.product_id == product_id))))

    def purchase_orders_with(self, product_id: int) -> list[str]:
        """Numbers of the purchase orders with a line for this product."""
        rows = self.session.scalars(
            select(PurchaseOrder.po_number).distinct()
            .join(PurchaseOrderLine, PurchaseOrderLine.purchase_order_id == PurchaseOrder.id)
            .where(PurchaseOrder.tenant_id == self.tenant_id, PurchaseOrderLine.product_id == product_id)
            .order_by(PurchaseOrder.po_number))
        return list(rows)

    def used_as_component(self, product_id: int) -> list[str]:
        """Master SKUs of the sets that contain this product."""
        rows = self.session.scalars(
            select(Product.master_sku)
            .join(SetComponent, SetComponent.set_product_id == Product.id)
            .where(SetComponent.tenant_id == self.tenant_id, SetComponent.component_id == product_id)
        )
        return list(rows)

    def categories(self) -> list[str]:
        rows = self.session.scalars(
            select(Product.category)
            .where(Product.tenant_id == self.tenant_id, Product.category.is_not(None))
            .distinct()
            .order_by(Product.category)
        )
        return list(rows)

    # --- channel SKUs
    def channel_skus(self, product_id: int | None = None) -> Sequence[ChannelSku]:
        stmt = self.scoped(ChannelSku, joinedload(ChannelSku.product))
        if product_id is not None:
            stmt = stmt.where(ChannelSku.product_id == product_id)
        return self.session.scalars(stmt.order_by(ChannelSku.channel, ChannelSku.channel_sku)).all()

    def channel_sku(self, mapping_id: int) -> ChannelSku:
        return self.get_or_404(ChannelSku, mapping_id, CHANNEL_SKU, joinedload(ChannelSku.product))

    def channel_sku_taken(self, channel, channel_sku: str) -> bool:
        stmt = self.scoped(ChannelSku).where(ChannelSku.channel == channel, ChannelSku.channel_sku == channel_sku)
        return self.session.scalars(stmt).first() is not None
