from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import selectinload

from smartstock.db.models import PolicyScope, Product, ReplenishmentPolicy
from smartstock.kit.tenancy import TenantRepository

TENANT_KEY = "tenant"


def scope_key(scope: PolicyScope, category: str | None = None, product_id: int | None = None) -> str:
    if scope == PolicyScope.tenant:
        return TENANT_KEY
    return f"category:{category}" if scope == PolicyScope.category else f"product:{product_id}"


class PolicyRepository(TenantRepository):
    def all(self) -> Sequence[ReplenishmentPolicy]:
        stmt = self.scoped(ReplenishmentPolicy, selectinload(ReplenishmentPolicy.product))
        return self.session.scalars(stmt.order_by(ReplenishmentPolicy.scope, ReplenishmentPolicy.scope_key)).all()

    def by_key(self, key: str) -> ReplenishmentPolicy | None:
        stmt = self.scoped(ReplenishmentPolicy, selectinload(ReplenishmentPolicy.product))
        return self.session.scalars(stmt.where(ReplenishmentPolicy.scope_key == key)).first()

    def product(self, product_id: int) -> Product:
        return self.get_or_404(Product, product_id, ("상품", "Product"))

    def category_exists(self, category: str) -> bool:
        stmt = self.scoped(Product).where(Product.category == category).limit(1)
        return self.session.scalars(stmt).first() is not None
