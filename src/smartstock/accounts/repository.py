from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from sqlalchemy import delete, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from smartstock.db.models import LoginThrottle, Role, Tenant, User
from smartstock.settings import get_settings
from smartstock.kit.tenancy import TenantRepository


def user_by_email(session: Session, email: str) -> User | None:
    """Log-in looks users up across tenants (e-mail is globally unique); nothing else does."""
    return session.scalars(select(User).where(User.email == email)).first()


def _throttle_key(email: str, client_address: str) -> str:
    secret = get_settings().secret_key.encode()
    return hmac.new(secret, f"{email}|{client_address}".encode(), hashlib.sha256).hexdigest()


def login_throttle(session: Session, email: str, client_address: str) -> LoginThrottle | None:
    key = _throttle_key(email, client_address)
    return session.scalars(select(LoginThrottle).where(LoginThrottle.key_hash == key)).first()


def add_login_throttle(session: Session, email: str, client_address: str) -> LoginThrottle:
    """A new failure counter; if a concurrent request created the same one, use that."""
    throttle = LoginThrottle(key_hash=_throttle_key(email, client_address), failures=0)
    try:
        with session.begin_nested():
            session.add(throttle)
    except IntegrityError:
        return login_throttle(session, email, client_address)
    return throttle


def forget_old_login_throttles(session: Session, before: dt.datetime) -> None:
    session.execute(delete(LoginThrottle).where(LoginThrottle.updated_at < before, or_(
        LoginThrottle.locked_until.is_(None), LoginThrottle.locked_until < before)))


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
