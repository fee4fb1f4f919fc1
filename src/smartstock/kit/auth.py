"""Cookie sessions, CSRF protection and role-checking dependencies.

The session cookie (httpOnly, SameSite=Lax) carries a random token whose HMAC-SHA256 is stored in
`user_sessions`. Every unsafe request must echo the session's CSRF token in `X-CSRF-Token`; the
token is also given to the browser in a readable cookie so the SPA can send it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request, Response
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from smartstock.db.base import utcnow
from smartstock.db.models import Role, User, UserSession
from smartstock.kit.database import DbSession
from smartstock.kit.errors import Forbidden, NotAuthenticated
from smartstock.settings import get_settings

SESSION_COOKIE = "smartstock_session"
CSRF_COOKIE = "smartstock_csrf"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


@dataclass(frozen=True)
class Principal:
    """Who is calling: the user, their tenant and role, and the session they came with."""

    user: User
    session_id: int

    @property
    def user_id(self) -> int:
        return self.user.id

    @property
    def tenant_id(self) -> int:
        return self.user.tenant_id

    @property
    def role(self) -> Role:
        return self.user.role


def _hash_token(token: str) -> str:
    """Keyed with SECRET_KEY: a copy of the sessions table alone cannot be turned into cookies."""
    return hmac.new(get_settings().secret_key.encode(), token.encode(), hashlib.sha256).hexdigest()


def start_session(db: Session, response: Response, user: User) -> UserSession:
    settings = get_settings()
    token = secrets.token_urlsafe(32)
    now = utcnow()
    row = UserSession(
        tenant_id=user.tenant_id,
        user_id=user.id,
        token_hash=_hash_token(token),
        csrf_token=secrets.token_urlsafe(24),
        created_at=now,
        expires_at=now + dt.timedelta(hours=settings.session_hours),
    )
    db.add(row)
    # Housekeeping: forget this user's expired sessions.
    db.execute(delete(UserSession).where(UserSession.user_id == user.id, UserSession.expires_at < now))
    max_age = settings.session_hours * 3600
    common = dict(max_age=max_age, samesite="lax", secure=settings.cookie_secure, path="/")
    response.set_cookie(SESSION_COOKIE, token, httponly=True, **common)
    response.set_cookie(CSRF_COOKIE, row.csrf_token, httponly=False, **common)
    return row


def end_session(db: Session, response: Response, principal: Principal) -> None:
    db.execute(delete(UserSession).where(UserSession.id == principal.session_id))
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")


def end_all_sessions(db: Session, user_id: int, keep_session_id: int | None = None) -> None:
    stmt = delete(UserSession).where(UserSession.user_id == user_id)
    if keep_session_id is not None:
        stmt = stmt.where(UserSession.id != keep_session_id)
    db.execute(stmt)


def current_principal(request: Request, db: DbSession) -> Principal:
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        raise NotAuthenticated()
    row = db.execute(
        select(UserSession, User)
        .join(User, User.id == UserSession.user_id)
        .where(UserSession.token_hash == _hash_token(token))
    ).first()
    if row is None:
        raise NotAuthenticated()
    user_session, user = row
    if user_session.expires_at <= utcnow():
        raise NotAuthenticated(
            "세션이 만료되었습니다. 다시 로그인하세요.",
            "Your session has expired. Please log in again.",
            code="session_expired",
        )
    if not user.is_active:
        raise NotAuthenticated("비활성화된 계정입니다.", "This account is deactivated.", code="account_inactive")
    if request.method not in SAFE_METHODS:
        sent = request.headers.get(CSRF_HEADER, "")
        if not secrets.compare_digest(sent, user_session.csrf_token):
            raise Forbidden(
                "요청을 확인할 수 없습니다(CSRF). 페이지를 새로고침하세요.",
                "Request could not be verified (CSRF). Reload the page.",
                code="csrf_failed",
            )
    return Principal(user=user, session_id=user_session.id)


def require_roles(*roles: Role):
    allowed = set(roles)

    def dependency(principal: Annotated[Principal, Depends(current_principal)]) -> Principal:
        if principal.role not in allowed:
            raise Forbidden()
        return principal

    return dependency


CurrentUser = Annotated[Principal, Depends(current_principal)]
StaffOrAbove = Annotated[Principal, Depends(require_roles(Role.owner, Role.manager, Role.staff))]
ManagerOrOwner = Annotated[Principal, Depends(require_roles(Role.owner, Role.manager))]
OwnerOnly = Annotated[Principal, Depends(require_roles(Role.owner))]
