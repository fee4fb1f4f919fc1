from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from smartstock.db.models import Role, Tenant, User
from smartstock.kit.tenancy import TenantRepository


def user_by_email(session: Session, email: str) -> User | None:
    """Log-in looks users up across tenants (e-mail is globally unique); nothing else does."""
    return session.scalars(select(User).where(User.email == email)).first()


class MemberRepository(TenantRepository):
    def list(self) -> list[User]:
        return list(self.session.scalars(self.scoped(User).order_by(User.id)))

    def get(self, user_id: int) -> User:
        return self.get_or_404(User, user_id, ("멤버", "Member"))

    def active_owner_count(self) -> int:
        stmt = self.scoped(User).where(User.role == Role.owner, User.is_active.is_(True))
        return self.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0

    def tenant(self) -> Tenant:
        return self.session.get_one(Tenant, self.tenant_id)
