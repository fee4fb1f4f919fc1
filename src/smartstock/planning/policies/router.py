"""Replenishment policy settings: the tenant's defaults and overrides per category or product."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from smartstock.kit.auth import CurrentUser, ManagerOrOwner
from smartstock.kit.database import DbSession
from smartstock.planning.policies import schemas, service

router = APIRouter(prefix="/planning/policy", tags=["planning"])


@router.get("", response_model=schemas.PolicySettingsOut)
def get_policy(principal: CurrentUser, db: DbSession):
    """The tenant's defaults (built-in values where nothing is set) and every override."""
    return service.get_settings(db, principal)


@router.put("", response_model=schemas.PolicySettingsOut)
def update_policy(data: schemas.PolicyFieldsIn, principal: ManagerOrOwner, db: DbSession):
    """Change the tenant's defaults; fields left out stay, fields sent as null go back to the built-in value."""
    return service.update_defaults(db, principal, data)


@router.put("/overrides", response_model=schemas.PolicyOverrideOut)
def upsert_override(data: schemas.PolicyOverrideIn, principal: ManagerOrOwner, db: DbSession):
    """Create or change the override of a category or a product (null fields inherit)."""
    return service.upsert_override(db, principal, data)


@router.delete("/overrides/{override_id}", status_code=status.HTTP_204_NO_CONTENT, response_class=Response)
def delete_override(override_id: int, principal: ManagerOrOwner, db: DbSession):
    service.delete_override(db, principal, override_id)
