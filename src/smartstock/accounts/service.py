"""Accounts: sign-up, log-in with lock-out, password change, members and tenant settings."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from smartstock.accounts import schemas
from smartstock.accounts import repository
from smartstock.accounts.repository import MemberRepository, user_by_email
from smartstock.db.base import utcnow
from smartstock.db.models import Role, Tenant, User
from smartstock.kit import audit
from smartstock.kit.auth import Principal, end_all_sessions
from smartstock.kit.errors import BadRequest, Conflict, DomainError, TooManyRequests
from smartstock.kit.passwords import DUMMY_HASH, hash_password, verify_password
from smartstock.settings import get_settings

MEMBER_FIELDS = ["email", "name", "role", "is_active"]
SETTINGS_FIELDS = ["name", "allow_negative_stock", "default_language", "timezone", "forecast_nightly", "retrain_margin"]


class LoginFailed(DomainError):
    status_code = 401
    code = "login_failed"
    keep_changes = True  # the failure counter must survive the error


def signup(session: Session, data: schemas.SignupIn) -> User:
    if user_by_email(session, data.email) is not None:
        raise Conflict(
            "이미 가입된 이메일입니다.", "This e-mail address is already registered.", code="email_taken"
        )
    tenant = Tenant(name=data.tenant_name, default_language=data.language)
    session.add(tenant)
    session.flush()
    user = User(
        tenant_id=tenant.id,
        email=data.email,
        name=data.name or data.email.split("@")[0],
        password_hash=hash_password(data.password),
        role=Role.owner,
        language=data.language,
    )
    session.add(user)
    session.flush()
    audit.record(
        session, tenant_id=tenant.id, actor_id=user.id, action="create", entity_type="tenant",
        entity_id=tenant.id, summary=(f"가입: {tenant.name}", f"Signed up: {tenant.name}"),
        after={"tenant": tenant.name, "owner": user.email},
    )
    return user


def authenticate(session: Session, email: str, password: str, client_address: str) -> User:
    """Check the password. After LOGIN_MAX_FAILURES failures from one address for one e-mail
    (existing or not) that pair is locked for LOGIN_LOCK_MINUTES."""
    settings = get_settings()
    now = utcnow()
    throttle = repository.login_throttle(session, email, client_address)
    if throttle is not None and throttle.locked_until is not None and throttle.locked_until > now:
        minutes = max(1, int((throttle.locked_until - now).total_seconds() // 60) + 1)
        raise TooManyRequests(
            f"로그인 실패가 반복되어 잠시 잠겼습니다. {minutes}분 후에 다시 시도하세요.",
            f"Too many failed log-ins: locked for now; try again in {minutes} min.",
            code="account_locked",
        )
    user = user_by_email(session, email)
    if user is None:
        verify_password(DUMMY_HASH, password)  # same cost as a real check
    if user is None or not verify_password(user.password_hash, password):
        if throttle is None:
            throttle = repository.add_login_throttle(session, email, client_address)
        throttle.failures += 1
        if throttle.failures >= settings.login_max_failures:
            throttle.locked_until = now + dt.timedelta(minutes=settings.login_lock_minutes)
            throttle.failures = 0
        repository.forget_old_login_throttles(session, now - dt.timedelta(days=1))
        raise _wrong_credentials()
    if not user.is_active:
        raise LoginFailed("비활성화된 계정입니다.", "This account is deactivated.", code="account_inactive")
    if throttle is not None:
        session.delete(throttle)
    user.last_login_at = now
    return user


def _wrong_credentials() -> LoginFailed:
    return LoginFailed(
        "이메일 또는 비밀번호가 올바르지 않습니다.", "Wrong e-mail or password.", code="login_failed"
    )


def change_password(session: Session, principal: Principal, data: schemas.PasswordChangeIn) -> None:
    user = principal.user
    if not verify_password(user.password_hash, data.current_password):
        raise BadRequest("현재 비밀번호가 올바르지 않습니다.", "The current password is wrong.", code="wrong_password")
    user.password_hash = hash_password(data.new_password)
    end_all_sessions(session, user.id, keep_session_id=principal.session_id)
    audit.record(
        session, tenant_id=user.tenant_id, actor_id=user.id, action="password_change",
        entity_type="member", entity_id=user.id, summary=(f"비밀번호 변경: {user.email}", f"Password changed: {user.email}"),
    )


def list_members(session: Session, principal: Principal) -> list[User]:
    return MemberRepository(session, principal.tenant_id).list()


def create_member(session: Session, principal: Principal, data: schemas.MemberCreateIn) -> User:
    if user_by_email(session, data.email) is not None:
        raise Conflict("이미 가입된 이메일입니다.", "This e-mail address is already registered.", code="email_taken")
    repo = MemberRepository(session, principal.tenant_id)
    user = repo.add(
        User(
            email=data.email,
            name=data.name or data.email.split("@")[0],
            password_hash=hash_password(data.password),
            role=data.role,
            language=repo.tenant().default_language,
        )
    )
    session.flush()
    audit.record(
        session, tenant_id=principal.tenant_id, actor_id=principal.user_id, action="create",
        entity_type="member", entity_id=user.id, summary=(f"멤버 추가: {user.email} ({user.role})", f"Member added: {user.email} ({user.role})"),
        after=audit.snapshot(user, MEMBER_FIELDS),
    )
    return user


def update_member(session: Session, principal: Principal, user_id: int, data: schemas.MemberUpdateIn) -> User:
    repo = MemberRepository(session, principal.tenant_id)
    user = repo.get(user_id)
    before = audit.snapshot(user, MEMBER_FIELDS)
    loses_owner = user.role == Role.owner and user.is_active and (
        (data.role is not None and data.role != Role.owner) or data.is_active is False
    )
    if loses_owner and repo.active_owner_count() <= 1:
        raise Conflict(
            "마지막 소유자의 권한을 바꾸거나 비활성화할 수 없습니다. 먼저 다른 소유자를 지정하세요.",
            "The last owner cannot be demoted or deactivated. Make someone else an owner first.",
            code="last_owner",
        )
    for field in ("name", "role", "is_active"):
        value = getattr(data, field)
        if value is not None:
            setattr(user, field, value)
    if data.is_active is False:
        end_all_sessions(session, user.id)
    session.flush()
    audit.record(
        session, tenant_id=principal.tenant_id, actor_id=principal.user_id, action="update",
        entity_type="member", entity_id=user.id, summary=(f"멤버 변경: {user.email}", f"Member changed: {user.email}"),
        before=before, after=audit.snapshot(user, MEMBER_FIELDS),
    )
    return user


def tenant_of(session: Session, user: User) -> Tenant:
    return session.get_one(Tenant, user.tenant_id)


def get_settings_for(session: Session, principal: Principal) -> Tenant:
    return MemberRepository(session, principal.tenant_id).tenant()


def update_settings(session: Session, principal: Principal, data: schemas.TenantSettingsIn) -> Tenant:
    tenant = MemberRepository(session, principal.tenant_id).tenant()
    before = audit.snapshot(tenant, SETTINGS_FIELDS)
    for field, value in data.model_dump(exclude_none=True).items():
        setattr(tenant, field, value)
    session.flush()
    audit.record(
        session, tenant_id=tenant.id, actor_id=principal.user_id, action="update",
        entity_type="settings", entity_id=tenant.id, summary=("설정 변경", "Tenant settings changed"),
        before=before, after=audit.snapshot(tenant, SETTINGS_FIELDS),
    )
    return tenant
