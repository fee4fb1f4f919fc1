from __future__ import annotations

from fastapi import APIRouter, Request, Response, status

from smartstock.accounts import schemas, service
from smartstock.kit.auth import CurrentUser, OwnerOnly, end_session, start_session
from smartstock.kit.database import DbSession

auth_router = APIRouter(prefix="/auth", tags=["auth"])
members_router = APIRouter(prefix="/members", tags=["members"])
settings_router = APIRouter(prefix="/settings", tags=["settings"])


@auth_router.post("/signup", status_code=status.HTTP_201_CREATED, response_model=schemas.MeOut)
def signup(data: schemas.SignupIn, db: DbSession, response: Response):
    """Public: creates a new tenant with the caller as its owner, and logs them in."""
    user = service.signup(db, data)
    start_session(db, response, user)
    return _me_loaded(db, user)


@auth_router.post("/login", response_model=schemas.MeOut)
def login(data: schemas.LoginIn, db: DbSession, request: Request, response: Response):
    """Public: sets the session and CSRF cookies."""
    address = request.client.host if request.client else "unknown"
    user = service.authenticate(db, data.email, data.password, address)
    start_session(db, response, user)
    return _me_loaded(db, user)


@auth_router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(principal: CurrentUser, db: DbSession, response: Response) -> None:
    end_session(db, response, principal)


@auth_router.get("/me", response_model=schemas.MeOut)
def me(principal: CurrentUser, db: DbSession):
    return _me_loaded(db, principal.user)


@auth_router.post("/password", status_code=status.HTTP_204_NO_CONTENT)
def change_password(data: schemas.PasswordChangeIn, principal: CurrentUser, db: DbSession) -> None:
    service.change_password(db, principal, data)


@auth_router.put("/language", response_model=schemas.MeOut)
def set_language(data: schemas.LanguageIn, principal: CurrentUser, db: DbSession):
    principal.user.language = data.language
    return _me_loaded(db, principal.user)


def _me_loaded(db, user) -> schemas.MeOut:
    tenant = service.tenant_of(db, user)
    return schemas.MeOut(
        id=user.id, email=user.email, name=user.name, role=user.role, language=user.language,
        tenant=schemas.TenantRef(id=tenant.id, name=tenant.name),
    )


@members_router.get("", response_model=list[schemas.MemberOut])
def list_members(principal: OwnerOnly, db: DbSession):
    return service.list_members(db, principal)


@members_router.post("", status_code=status.HTTP_201_CREATED, response_model=schemas.MemberOut)
def create_member(data: schemas.MemberCreateIn, principal: OwnerOnly, db: DbSession):
    return service.create_member(db, principal, data)


@members_router.patch("/{member_id}", response_model=schemas.MemberOut)
def update_member(member_id: int, data: schemas.MemberUpdateIn, principal: OwnerOnly, db: DbSession):
    return service.update_member(db, principal, member_id, data)


@settings_router.get("", response_model=schemas.TenantSettingsOut)
def get_settings(principal: CurrentUser, db: DbSession):
    return service.get_settings_for(db, principal)


@settings_router.patch("", response_model=schemas.TenantSettingsOut)
def update_settings(data: schemas.TenantSettingsIn, principal: OwnerOnly, db: DbSession):
    return service.update_settings(db, principal, data)
