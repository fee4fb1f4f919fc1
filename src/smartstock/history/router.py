from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from smartstock.history import schemas, service
from smartstock.kit.auth import CurrentUser
from smartstock.kit.database import DbSession

router = APIRouter(tags=["history"])


@router.get("/products/{product_id}/demand", response_model=list[schemas.DemandDay])
def product_demand(
    product_id: int, principal: CurrentUser, db: DbSession,
    by_channel: bool = False, days: Annotated[int, Query(ge=1, le=3660)] = 365,
):
    """Daily demand (zero-filled) with stock-out days marked: zeros on those days are censored."""
    return service.product_demand(db, principal.tenant_id, product_id, by_channel, days)
